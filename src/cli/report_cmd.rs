//! `rensa report INPUT`: the report of what `run --out`/`replay --out` saved (the
//! after-action report), of a batch result (`batch --out FILE.csv`) or of an analysis
//! (`analyze --format json --out FILE.json`), as one self-contained HTML page or Markdown.

use super::atomic;
use super::{LangArg, cannot_write, report_load_error_in, warn, write_stdout};
use crate::model::Date;
use crate::present::json::LuckJson;
use crate::present::{Lang, Report};
use crate::report::{self, Inputs, LessonIn};
use crate::scenario::{self, LoadError, drill_log};
use crate::session::Session;
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// The report's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML page (CSS and charts inline; nothing fetched).
    Html,
    /// Markdown (charts as their caption and data).
    Md,
}

/// `rensa report`'s arguments.
#[derive(Debug, Args)]
#[command(after_long_help = "\
Inputs:
  DIR          a directory written by `rensa run --out DIR` or `rensa replay LOG --out DIR`
               (result.json, scenario.ron, drill.ron; the twins and luck.json if there):
               the after-action report and improvement plan (docs/REPORT.md)
  FILE.csv     a batch result (`rensa batch --out FILE.csv`, a shard or a merge): its
               statistics, sweep and sensitivity (docs/BATCH.md)
  FILE.json    an analysis (`rensa analyze --format json --out FILE.json`): heat maps,
               paths, rankings, the IIM comparison and the tornado (docs/ANALYSIS.md)

Examples:
  rensa replay scenarios/drills/ddos-response.ron --out aar
  rensa report aar --out aar/report.html --date 2025-11-21 --exercise-date 2025-11-20
  rensa report aar --format md --lang ja > aar/report.ja.md
  rensa batch --runs 1000 --out b.csv && rensa report b.csv --out b.html
  rensa analyze --format json --out a.json && rensa report a.json --format md")]
pub struct ReportArgs {
    /// What to report on: a directory `run --out` saved, a batch result (CSV) or an
    /// analysis (JSON).
    pub input: PathBuf,
    /// The report file to write (atomically). Default: standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,
    /// Language of every word.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
    /// The report's date (YYYY-MM-DD); the improvement plan's dates count from it. Never
    /// taken from the clock, so the same inputs give the same report.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = Date::parse)]
    pub date: Option<Date>,
    /// The day the exercise was held (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = Date::parse)]
    pub exercise_date: Option<Date>,
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

/// Reads `dir` into a report's inputs; errors are printed and give exit status 2.
pub fn inputs(dir: &Path, lang: Lang) -> Result<Inputs, ExitCode> {
    let bad = |m: String| {
        warn(&format!("rensa: {m}"));
        ExitCode::from(2)
    };
    let fail = |e: LoadError| {
        report_load_error_in(&e, lang);
        ExitCode::from(2)
    };
    let result_path = dir.join("result.json");
    let mut result: Report = read_json(&result_path).map_err(bad)?.ok_or_else(|| {
        bad(format!(
            "{} is missing: is {} a directory written by `rensa run --out`?",
            result_path.display(),
            dir.display()
        ))
    })?;
    let scenario = Arc::new(scenario::load_path(&dir.join("scenario.ron")).map_err(fail)?);
    let log_path = dir.join("drill.ron");
    let name = log_path.display().to_string();
    let text = scenario::read_input(&log_path).map_err(fail)?;
    let log = drill_log::parse_log(&name, &text).map_err(fail)?;
    let resolved = drill_log::resolve(&name, &text, &log.file, &scenario).map_err(fail)?;
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
        exercise_date: None,
        report_date: None,
        scenario,
    })
}

/// Writes the report of `args.input` to `--out` (atomically) or standard output.
pub fn report(args: ReportArgs) -> ExitCode {
    let lang = args.lang.lang();
    let input = args.input.as_path();
    let doc = if input.is_file() {
        // A result file: an analysis is one JSON document, a batch result is CSV.
        if starts_with_brace(input) {
            match analysis_report(input, lang) {
                Ok(d) => d,
                Err(code) => return code,
            }
        } else {
            match crate::batch::view::view(input) {
                Ok(v) => {
                    let name = japanese_name(lang, &v.meta.scenario, Some(&v.meta.scenario_hash));
                    report::batch::document(&v, &name, lang)
                }
                Err(e) => {
                    warn(&format!("rensa report: {e}"));
                    return ExitCode::from(2);
                }
            }
        }
    } else {
        let mut inputs = match inputs(input, lang) {
            Ok(i) => i,
            Err(code) => return code,
        };
        inputs.exercise_date = args.exercise_date;
        inputs.report_date = args.date;
        report::build(&inputs, lang)
    };
    let text = match args.format {
        ReportFormat::Html => report::to_html(&doc),
        ReportFormat::Md => report::to_markdown(&doc),
    };
    write_report(args.out.as_deref(), &text)
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
fn analysis_report(path: &Path, lang: Lang) -> Result<report::doc::Document, ExitCode> {
    let bad = |m: String| {
        warn(&format!("rensa: {m}"));
        ExitCode::from(2)
    };
    let a: crate::analyze::Analysis = read_json(path)
        .map_err(bad)?
        .ok_or_else(|| bad(format!("{} is missing", path.display())))?;
    if a.kind != crate::analyze::KIND {
        return Err(bad(format!(
            "{}: kind is `{}`, expected `{}` (a file written by `rensa analyze --format json`)",
            path.display(),
            a.kind,
            crate::analyze::KIND
        )));
    }
    let name = japanese_name(lang, &a.name, None);
    Ok(report::analysis::document(&a, &name, 10, lang))
}

fn write_report(out: Option<&Path>, text: &str) -> ExitCode {
    match out {
        Some(path) => match atomic::write(path, text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                warn(&format!("rensa: {e}"));
                ExitCode::FAILURE
            }
        },
        None => match write_stdout(text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => cannot_write(&e),
        },
    }
}

/// A scenario's name in `lang`: in Japanese, the Japanese name of the bundled drill of that
/// name (and hash, when known); otherwise the name as recorded.
fn japanese_name(lang: Lang, name: &str, hash: Option<&str>) -> String {
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
