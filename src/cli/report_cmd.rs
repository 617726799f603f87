//! `rensa report DIR`: the after-action report of a directory `--out` saved.

use super::atomic;
use super::{cannot_write, report_load_error_in, warn, write_stdout};
use crate::present::{Lang, Report};
use crate::report::input::{LuckDoc, ResultDoc};
use crate::report::{self, Inputs, LessonIn};
use crate::scenario::{self, LoadError, drill_log};
use crate::session::Session;
use clap::ValueEnum;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

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
    let result: ResultDoc = read_json(&result_path).map_err(bad)?.ok_or_else(|| {
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
        scenario,
    })
}

/// Writes the report of `dir` to `out` (atomically) or standard output.
pub fn report(dir: &Path, out: Option<&Path>, format: ReportFormat, lang: Lang) -> ExitCode {
    // A result file, not a saved drill's folder: an analysis is one JSON document
    // (`rensa analyze --format json --out FILE`), a batch result is CSV (`rensa batch --out`).
    if dir.is_file() {
        if !starts_with_brace(dir) {
            return super::batch_cmd::report(dir, out, format == ReportFormat::Html, lang);
        }
        return match analysis_report(dir, lang) {
            Ok(text) => write_report(out, &text),
            Err(code) => code,
        };
    }
    let inputs = match inputs(dir, lang) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let doc = report::build(&inputs, lang);
    let text = match format {
        ReportFormat::Html => report::to_html(&doc),
        ReportFormat::Md => report::to_markdown(&doc),
    };
    write_report(out, &text)
}

/// The HTML report of an analysis result file.
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

fn analysis_report(path: &Path, lang: Lang) -> Result<String, ExitCode> {
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
    Ok(report::analysis::to_html(&a, 10, lang))
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
