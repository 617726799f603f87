//! `rensa report INPUT`: the after-action report of a folder `run --aar` or `replay --aar`
//! saved, or the report of an analysis (JSON) or a batch result (CSV).

use super::args::Common;
use super::error::{Error, Result};
use super::ui::Ui;
use crate::model::Date;
use crate::present::cli::Problem;
use crate::present::json::LuckJson;
use crate::present::{Lang, Report};
use crate::report::{self, ChatIn, Inputs, LessonIn, ObservationIn};
use crate::scenario::{self, drill_log};
use crate::session::Session;
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// `rensa report --help`: what it reads.
pub const ABOUT: &str =
    "Write the after-action report (HSEEP's AAR/IP shape: the Homeland Security \
Exercise and Evaluation Program's After-Action Report / Improvement Plan) of a saved drill, \
or the report of an analysis or a batch result. INPUT is one of:

  a folder saved by `rensa run --aar DIR` or `rensa replay --aar DIR` (or by `rensa play`'s
  end screen): result.json, drill.ron and scenario.ron, with twin-no-action.json,
  twin-playbook.json and luck.json when present (docs/REPORT.md); HTML or Markdown;
  an analysis, `rensa analyze --format json -o FILE` (docs/ANALYSIS.md, docs/REPORT.md);
  a batch result, `rensa batch -o FILE.csv` (a whole batch, a shard, or a merge) or
  `--format json`: its statistics, sweep and sensitivity (docs/BATCH.md).
Every report is one self-contained HTML page (--format html) or Markdown (--format md).
No date is taken from the clock: give the report's and the exercise's with --date and
--exercise-date.";

/// The arguments of `rensa report`.
#[derive(Debug, Args)]
#[command(
    after_help = concat!("Examples:
  rensa run --aar aar && rensa report aar -o aar/report.html
  rensa report aar --date 2025-11-21 --exercise-date 2025-11-20 -o aar/report.html
  rensa report aar --format md --lang ja > report.md
  rensa analyze --format json -o a.json && rensa report a.json -o a.html
  rensa batch --runs 1000 -o runs.csv && rensa report runs.csv --format md > runs.md

", super::exit_status!())
)]
pub struct ReportArgs {
    /// A folder saved by `run --aar` / `replay --aar`, an analysis JSON, or a batch CSV.
    #[arg(value_name = "INPUT")]
    input: PathBuf,
    /// The report file to write (atomically). Default: standard output.
    #[arg(short, long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    format: ReportFormat,
    /// The report's date (after-action report); the improvement plan's dates count from
    /// it. Never taken from the clock, so the same inputs give the same report.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = Date::parse)]
    date: Option<Date>,
    /// The day the exercise was held (after-action report).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = Date::parse)]
    exercise_date: Option<Date>,
    #[command(flatten)]
    pub(super) common: Common,
}

/// The report's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML page (CSS and charts inline; nothing fetched).
    Html,
    /// Markdown (charts as their caption and data).
    Md,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Option<T>, String> {
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| format!("{}:{}:{}: {e}", path.display(), e.line(), e.column()))
}

/// Reads `dir` into a report's inputs; a problem is bad input.
pub fn inputs(dir: &Path, lang: Lang) -> Result<Inputs> {
    let bad = |reason: String| Error::Problem(Problem::BadReportInput { reason });
    let result_path = dir.join("result.json");
    let mut result: Report =
        read_json(&result_path)
            .map_err(bad)?
            .ok_or_else(|| Problem::NotSavedDrill {
                missing: result_path.display().to_string(),
                dir: dir.display().to_string(),
            })?;
    let scenario = Arc::new(scenario::load_path(&dir.join("scenario.ron"))?);
    let log_path = dir.join("drill.ron");
    let name = log_path.display().to_string();
    let text = scenario::read_input(&log_path)?;
    let log = drill_log::parse_log(&name, &text)?;
    let resolved = drill_log::resolve(&name, &text, &log.file, &scenario)?;
    let infra = &scenario.infra;
    // The sentences in Japanese: the drill replayed (it is deterministic); used when the
    // replay gives result.json again, number for number.
    if lang == Lang::Ja {
        let replayed = Session::replay(
            scenario.clone(),
            log.seed,
            &resolved.players,
            &resolved.actions,
        );
        if Report::new(&scenario, &replayed.outcome, Lang::En).to_json() == result.to_json() {
            result = Report::new(&scenario, &replayed.outcome, Lang::Ja);
        }
    }
    Ok(Inputs {
        result,
        no_action: read_json(&dir.join("twin-no-action.json")).map_err(bad)?,
        playbook: read_json(&dir.join("twin-playbook.json")).map_err(bad)?,
        luck: read_json::<LuckJson>(&dir.join("luck.json")).map_err(bad)?,
        players: resolved.players.iter().map(|r| r.id(infra)).collect(),
        lessons: resolved
            .lessons
            .iter()
            .map(|l| LessonIn {
                role: l.role.id(infra),
                went_well: l.went_well.clone(),
                went_badly: l.went_badly.clone(),
                score: l.score,
            })
            .collect(),
        exercise_date: resolved.date,
        report_date: None,
        chats: resolved
            .chats
            .iter()
            .map(|c| ChatIn {
                minutes: c.at.0,
                from: drill_log::party_id(&c.from, &scenario),
                to: drill_log::party_id(&c.to, &scenario),
                text: c.text.clone(),
            })
            .collect(),
        observations: resolved
            .observations
            .iter()
            .map(|o| ObservationIn {
                minutes: o.at.0,
                by: o.by.clone(),
                objective: scenario
                    .drill
                    .objectives
                    .get(o.objective)
                    .map(|x| x.key.clone())
                    .unwrap_or_default(),
                rating: o.rating.letter(),
                text: o.text.clone(),
            })
            .collect(),
        scenario,
    })
}

/// `rensa report`: the report of `input` to `--out` (atomically) or standard output.
pub fn report(args: ReportArgs) -> Result<()> {
    let ui = Ui::from(args.common);
    let (dir, out, lang) = (args.input.as_path(), args.out.as_deref(), ui.lang);
    // A result file, not a saved drill's folder: an analysis is one JSON document
    // (`rensa analyze --format json -o FILE`), a batch result CSV (`rensa batch -o`) or
    // JSON (`--format json`, its `meta.format` on the first line).
    let doc = if dir.is_file() {
        let json = starts_with_brace(dir);
        if json && !crate::batch::view::is_json_result(dir) {
            analysis_report(dir, lang)?
        } else {
            let view = if json {
                crate::batch::view::view_json(dir)
            } else {
                crate::batch::view::view(dir)
            };
            let view = view.map_err(|reason| Problem::BadReportInput { reason })?;
            let name = scenario_name(lang, &view.meta.scenario, Some(&view.meta.scenario_hash));
            report::batch::document(&view, &name, lang)
        }
    } else {
        let mut inputs = inputs(dir, lang)?;
        inputs.exercise_date = args.exercise_date.or(inputs.exercise_date);
        inputs.report_date = args.date;
        report::build(&inputs, lang)
    };
    let text = match args.format {
        ReportFormat::Html => report::to_html(&doc),
        ReportFormat::Md => report::to_markdown(&doc),
    };
    ui.emit(out, &text)
}

/// Whether a file's first non-blank byte is `{` (a JSON document, not a CSV table).
fn starts_with_brace(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 256];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    head[..n]
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{')
}

/// The report of an analysis result file.
fn analysis_report(path: &Path, lang: Lang) -> Result<report::doc::Document> {
    let bad = |reason: String| Error::Problem(Problem::BadReportInput { reason });
    let a: crate::analyze::Analysis = read_json(path)
        .map_err(bad)?
        .ok_or_else(|| bad(format!("{} is missing", path.display())))?;
    if a.kind != crate::analyze::KIND {
        return Err(Problem::WrongKind {
            file: path.display().to_string(),
            kind: a.kind.clone(),
            expected: crate::analyze::KIND,
        }
        .into());
    }
    let name = scenario_name(lang, &a.name, None);
    Ok(report::analysis::document(&a, &name, 10, lang))
}

/// A scenario's name in `lang`: in Japanese, the Japanese name of the bundled drill of that
/// name (and hash, when known); otherwise the name as recorded.
fn scenario_name(lang: Lang, name: &str, hash: Option<&str>) -> String {
    if lang != Lang::Ja {
        return name.to_string();
    }
    scenario::library::LIBRARY
        .iter()
        .filter(|e| hash.is_none_or(|h| scenario::source_hash(e.text) == h))
        .filter_map(|e| e.load().ok())
        .find(|s| s.name == name && !s.name_ja.is_empty())
        .map_or_else(|| name.to_string(), |s| s.name_ja)
}
