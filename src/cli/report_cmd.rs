//! `rensa report INPUT`: the after-action report of a folder `run --aar` or `replay --aar`
//! saved, or the report of an analysis (JSON) or a batch result (CSV).

use super::args::Common;
use super::error::{Error, Result};
use super::ui::Ui;
use crate::present::cli::Problem;
use crate::present::{Lang, Report};
use crate::report::input::{LuckDoc, ResultDoc};
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
  an analysis, `rensa analyze --format json -o FILE`: HTML only (docs/ANALYSIS.md);
  a batch result, `rensa batch -o FILE.csv` or `rensa merge -o FILE.csv` (with
  FILE.summary.csv beside it): HTML only (docs/BATCH.md).";

/// The arguments of `rensa report`.
#[derive(Debug, Args)]
#[command(
    after_help = concat!("Examples:
  rensa run --aar aar && rensa report aar -o aar/report.html
  rensa report aar --format md --lang ja > report.md
  rensa analyze --format json -o a.json && rensa report a.json -o a.html
  rensa batch --runs 1000 -o runs.csv && rensa report runs.csv -o runs.html

", super::exit_status!())
)]
pub struct ReportArgs {
    /// A folder saved by `run --aar` / `replay --aar`, an analysis JSON, or a batch CSV.
    #[arg(value_name = "INPUT")]
    input: PathBuf,
    /// The report file to write (atomically). Default: standard output.
    #[arg(short, long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Report format (an analysis or a batch result has HTML only).
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    format: ReportFormat,
    #[command(flatten)]
    pub(super) common: Common,
}

/// The report's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML file.
    Html,
    /// Markdown.
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
    let result: ResultDoc =
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
    // The timeline's sentences in Japanese: the drill replayed (it is deterministic), if it
    // gives the same timeline as result.json.
    let (timeline_text, action_text) = match lang {
        Lang::En => (None, None),
        Lang::Ja => {
            let replayed = Session::replay(
                scenario.clone(),
                log.seed,
                &resolved.players,
                &resolved.actions,
            );
            let ja = Report::new(&scenario, &replayed.outcome, Lang::Ja);
            let same = ja.timeline.len() == result.timeline.len()
                && ja
                    .timeline
                    .iter()
                    .zip(&result.timeline)
                    .all(|(a, b)| b.t == a.t)
                && ja.actions.len() == result.actions.len();
            if same {
                (
                    Some(ja.timeline.into_iter().map(|e| e.text).collect()),
                    Some(ja.actions.into_iter().map(|a| a.text).collect()),
                )
            } else {
                (None, None)
            }
        }
    };
    Ok(Inputs {
        result,
        timeline_text,
        action_text,
        no_action: read_json(&dir.join("twin-no-action.json")).map_err(bad)?,
        playbook: read_json(&dir.join("twin-playbook.json")).map_err(bad)?,
        luck: read_json::<LuckDoc>(&dir.join("luck.json")).map_err(bad)?,
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
    // (`rensa analyze --format json -o FILE`), a batch result is CSV (`rensa batch -o`).
    if dir.is_file() {
        if args.format != ReportFormat::Html {
            return Err(Problem::HtmlOnly {
                file: dir.display().to_string(),
            }
            .into());
        }
        let text = if starts_with_brace(dir) {
            analysis_report(dir, lang)?
        } else {
            super::batch_cmd::report(dir, lang)?
        };
        return ui.emit(out, &text);
    }
    let inputs = inputs(dir, lang)?;
    let doc = report::build(&inputs, lang);
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

/// The HTML report of an analysis result file.
fn analysis_report(path: &Path, lang: Lang) -> Result<String> {
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
    Ok(report::analysis::to_html(&a, 10, lang))
}
