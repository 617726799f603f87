//! The command-line face: parses arguments, loads files, drives the engine through the
//! session API and prints results. Exit status: 0 ok, 1 the run failed, 2 bad input.

use crate::model::{Minutes, Scenario, Time};
use crate::present::{Lang, Report, Words};
use crate::scenario::drill_log::ResolvedLog;
use crate::scenario::{self, Fingerprint, LoadError, drill_log};
use crate::session::{Refused, Session};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

mod analyze_cmd;
pub mod atomic;
mod batch_cmd;
mod library_cmd;
mod out;
mod play_cmd;
mod report_cmd;

/// rensa (連鎖): a deterministic cross-sector cyber-exercise simulator for critical
/// infrastructure.
#[derive(Debug, Parser)]
#[command(
    name = "rensa",
    version,
    about,
    long_about = "rensa (連鎖, \"chain reaction\") simulates how IT failures, disasters and cyber \
attacks in one of Japan's ten critical-infrastructure sectors cascade into the others, and \
lets NISC, ministries, CEPTORs and operators play the drill. The same scenario, seed and \
action log always give the same result.",
    after_help = "Examples:
  rensa run                                   the bundled default drill
  rensa play                                  play it in the terminal
  rensa run scenarios/cold-snap-scada.ron --seed 7 --format json
  rensa validate scenarios/*.ron
  rensa replay scenarios/drills/ddos-response.ron
  rensa replay scenarios/drills/ddos-response.ron --out aar   save a report's inputs
  rensa report aar --out aar/report.html      the after-action report
  rensa scenarios --lang ja                   the bundled library of drills
  rensa new my-drill --from rail-signal-worm  a copy of one to edit

Documentation: README.md and docs/ (MODEL.md, SCENARIOS.md, DRILL.md, ATTACKS.md, REPORT.md)."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Simulate a scenario to the end and print the cascade timeline and sector summary.
    ///
    /// Without SCENARIO, runs the bundled default drill (a two-wave DDoS on a nationwide
    /// carrier's DNS and backbone).
    Run {
        /// Scenario file (RON) or library id (`rensa scenarios`). Default: the bundled drill.
        scenario: Option<PathBuf>,
        /// Master seed (default: the scenario's `seed`).
        #[arg(long)]
        seed: Option<u64>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Stop early, at this time (e.g. "12h", "1d6h"); the run covers [0, TIME).
        #[arg(long, value_parser = parse_minutes)]
        until: Option<Minutes>,
        /// Play the players' actions of this drill log (RON) during the run.
        #[arg(long, value_name = "LOG")]
        actions: Option<PathBuf>,
        /// Timeline detail in text output: `brief` hides buffer timers, repair-speed
        /// changes, stage starts, the messages policies send and the steps they skip.
        #[arg(long, value_enum, default_value_t = Detail::Brief)]
        detail: Detail,
        /// Play the --actions log even if its scenario or infrastructure changed since
        /// it was recorded (a warning instead of an error).
        #[arg(long, requires = "actions")]
        allow_changed: bool,
        /// Language of the text (and of the JSON's `text` fields).
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        /// Save what an after-action report needs into this directory (result.json,
        /// drill.ron, scenario.ron, the twins; docs/REPORT.md). Files are written atomically.
        #[arg(long, value_name = "DIR", conflicts_with = "until")]
        out: Option<PathBuf>,
        /// With --out: rerun the players' decisions and the no-action twin over K other
        /// seeds (luck.json).
        #[arg(long, value_name = "K", requires = "out")]
        luck: Option<u32>,
    },
    /// Re-run a recorded drill (scenario + seed + actions) and print its result; the same
    /// log always gives the same bytes.
    Replay {
        /// Drill log (RON), e.g. scenarios/drills/ddos-response.ron.
        log: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Timeline detail in text output.
        #[arg(long, value_enum, default_value_t = Detail::Brief)]
        detail: Detail,
        /// Replay even if the scenario or infrastructure changed since the log was
        /// recorded (a warning instead of an error).
        #[arg(long)]
        allow_changed: bool,
        /// Language of the text (and of the JSON's `text` fields).
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        /// Save what an after-action report needs into this directory (result.json,
        /// drill.ron, scenario.ron, the twins; docs/REPORT.md). Files are written atomically.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// With --out: rerun the players' decisions and the no-action twin over K other
        /// seeds (luck.json).
        #[arg(long, value_name = "K", requires = "out")]
        luck: Option<u32>,
    },
    /// Check scenario files for syntax and meaning; print every problem as file:line:col.
    Validate {
        /// Scenario files (or library ids).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Language of the summary lines.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
    },
    /// Write a report: the after-action report and improvement plan of a directory saved
    /// by `run --out` or `replay --out`, or the report of a batch result (CSV) or of an
    /// analysis (JSON); one self-contained HTML page, or Markdown.
    Report(report_cmd::ReportArgs),
    /// List the bundled library of drills: id, title, sectors hit, length, roles to play.
    /// `run`, `validate` and `list` accept an id where a file is expected.
    Scenarios {
        /// Language of the titles and labels.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
    },
    /// Write a copy of a library drill to edit (never over an existing file).
    New {
        /// The file to write (`.ron` is added if NAME has no extension).
        name: PathBuf,
        /// The library id to copy (`rensa scenarios` lists them).
        #[arg(long, value_name = "ID")]
        from: String,
        /// Language of the messages.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
    },
    /// Play a drill in the terminal: each seat sees only what its role knows; exercise
    /// control runs the clock, injects, and rewinds to branch. Saves a replayable drill log.
    Play(play_cmd::PlayArgs),
    /// Interdependency analysis: each sector (or operator) as the origin of a standard IT
    /// failure, simulated many times; the origin × affected matrix, rankings, paths and the
    /// Inoperability Input-Output Model beside it (docs/ANALYSIS.md).
    Analyze(analyze_cmd::AnalyzeArgs),
    /// Run a scenario many times (Monte Carlo), with sweeps and shards; one row of scores
    /// per run and their statistics (docs/BATCH.md).
    Batch(batch_cmd::BatchArgs),
    /// Merge the shards of a batch (`batch --shard i/N`) into the whole batch's result.
    Merge(batch_cmd::MergeArgs),
    /// List the ids of a scenario's infrastructure (operators, services, systems, regions).
    List {
        /// Scenario file. Default: the bundled drill (and so the bundled Japan graph).
        scenario: Option<PathBuf>,
    },
}

/// How much of the timeline the text output shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Detail {
    /// The cascade, attacks, detections and the actions that change the world.
    Brief,
    /// Everything, including buffer timers, repair speeds and each delivery.
    Full,
}

/// The language of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// English.
    En,
    /// Japanese (日本語).
    Ja,
}

impl LangArg {
    fn lang(self) -> Lang {
        match self {
            LangArg::En => Lang::En,
            LangArg::Ja => Lang::Ja,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Human-readable timeline and tables.
    Text,
    /// One JSON document.
    Json,
}

/// Parses `--until`: a duration with its unit. A bare number is refused, not read as
/// minutes, since `--until 12` is as likely to mean twelve hours.
fn parse_minutes(s: &str) -> Result<Minutes, String> {
    let t = s.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "\"{t}\" has no unit; write \"{t}h\" for {t} hours or \"{t}m\" for {t} minutes (or days, \"{t}d\")"
        ));
    }
    let m = Minutes::parse(t)?;
    match scenario::schema::too_long(m) {
        Some(e) => Err(e),
        None => Ok(m),
    }
}

/// Runs the CLI with the process arguments.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // `--help` and `--version` land here too; their text must reach its reader, or the
        // command says it could not.
        Err(e) => {
            return match e.print() {
                Ok(()) => ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)),
                Err(io) => cannot_write(&io),
            };
        }
    };
    match cli.command {
        Command::Run {
            scenario,
            seed,
            format,
            until,
            actions,
            detail,
            allow_changed,
            lang,
            out,
            luck,
        } => run(
            scenario,
            seed,
            format,
            until,
            actions.map(|a| (a, allow_changed)),
            detail,
            lang.lang(),
            out.map(|d| (d, luck)),
        ),
        Command::Replay {
            log,
            format,
            detail,
            allow_changed,
            lang,
            out,
            luck,
        } => replay(
            &log,
            format,
            detail,
            allow_changed,
            lang.lang(),
            out.map(|d| (d, luck)),
        ),
        Command::Report(args) => report_cmd::report(args),
        Command::Validate { files, lang } => validate(&files, lang.lang()),
        Command::List { scenario } => list(scenario),
        Command::Scenarios { lang } => library_cmd::scenarios(lang.lang()),
        Command::New { name, from, lang } => library_cmd::new(&name, &from, lang.lang()),
        Command::Play(args) => play_cmd::play(args),
        Command::Analyze(args) => analyze_cmd::analyze(args),
        Command::Batch(args) => batch_cmd::batch(args),
        Command::Merge(args) => batch_cmd::merge(args),
    }
}

/// Loads a scenario file, or the bundled default; prints problems and returns exit 2.
fn load(path: Option<&PathBuf>) -> Result<Scenario, ExitCode> {
    load_fingerprinted(path, Lang::En).map(|(s, _)| s)
}

/// Like [`load`], with the hashes of the files read (for drill logs), and problems
/// printed in `lang`.
fn load_fingerprinted(
    path: Option<&PathBuf>,
    lang: Lang,
) -> Result<(Scenario, Fingerprint), ExitCode> {
    let loaded = match path {
        Some(p) => library_cmd::load_fingerprinted(p),
        None => Ok(scenario::load_default_fingerprinted()),
    };
    loaded.map_err(|e| {
        report_load_error_in(&e, lang);
        ExitCode::from(2)
    })
}

/// The data layer's language for diagnostics.
fn diagnostics_lang(lang: Lang) -> scenario::Lang {
    match lang {
        Lang::En => scenario::Lang::En,
        Lang::Ja => scenario::Lang::Ja,
    }
}

/// Prints warnings as `file:line:col: warning: …` (`警告:` in Japanese); they never
/// change the exit status.
fn report_warnings(warnings: &[scenario::Diagnostic], lang: Lang) {
    let mut err = std::io::stderr().lock();
    for w in warnings {
        let _ = writeln!(err, "{}", w.warning_in(diagnostics_lang(lang)));
    }
}

/// Prints a load error in `lang`: every diagnostic, or why a file cannot be read.
fn report_load_error_in(e: &LoadError, lang: Lang) {
    let text = e.render(diagnostics_lang(lang));
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Writes `text` to standard output; a failure (a full disk, a closed pipe) is reported,
/// never a panic.
fn print(text: &str) -> ExitCode {
    match write_stdout(text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => cannot_write(&e),
    }
}

fn write_stdout(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Says that the output could not be written and gives exit status 1 (the run failed).
fn cannot_write(e: &std::io::Error) -> ExitCode {
    warn(&format!("rensa: cannot write output: {e}"));
    ExitCode::FAILURE
}

/// Writes a line to standard error. If even that fails there is nobody left to tell, so
/// the failure is ignored (eprintln! would panic).
fn warn(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
}

/// Where `--out` saves, and its `--luck`.
type OutDir = Option<(PathBuf, Option<u32>)>;

#[allow(clippy::too_many_arguments)]
fn run(
    path: Option<PathBuf>,
    seed: Option<u64>,
    format: Format,
    until: Option<Minutes>,
    actions: Option<(PathBuf, bool)>,
    detail: Detail,
    lang: Lang,
    out: OutDir,
) -> ExitCode {
    let (scenario, fingerprint) = match load_fingerprinted(path.as_ref(), lang) {
        Ok((s, f)) => (Arc::new(s), f),
        Err(code) => return code,
    };
    let (log_seed, players, logged, lessons) = match &actions {
        Some((p, allow_changed)) => {
            match read_log(
                p,
                &scenario,
                &fingerprint,
                path.as_deref(),
                *allow_changed,
                lang,
            ) {
                Ok((seed, log)) => (Some(seed), log.players, log.actions, log.lessons),
                Err(code) => return code,
            }
        }
        None => (None, Vec::new(), Vec::new(), Vec::new()),
    };
    let seed = seed.or(log_seed).unwrap_or(scenario.seed);
    let mut session = Session::with_players(scenario.clone(), seed, &players);
    let end = session.end();
    let stop = match until {
        Some(m) if m.0 > end.0 => {
            // Not an error: the run still answers the question, to the end of the drill.
            warn(&format!(
                "rensa: warning: --until {m} is past the end of the drill ({}); running to the end",
                scenario.duration
            ));
            end
        }
        Some(m) => Time(m.0),
        None => end,
    };
    let refused = session.play(&logged, Some(stop));
    session.advance_to(stop);
    let played: Vec<_> = session.players().to_vec();
    let outcome = session.into_outcome();
    let name = actions.as_ref().map(|(p, _)| p.display().to_string());
    warn_refused(
        name.as_deref().unwrap_or(""),
        &scenario,
        &outcome,
        &refused,
        lang,
    );
    if let Some((dir, luck)) = out {
        let text = match &path {
            Some(p) => match library_cmd::read_text(p) {
                Ok(t) => t,
                Err(e) => {
                    report_load_error_in(&e, lang);
                    return ExitCode::from(2);
                }
            },
            None => scenario::DEFAULT_SCENARIO.to_string(),
        };
        let drill = out::Drill {
            scenario: &scenario,
            scenario_text: &text,
            fingerprint: &fingerprint,
            seed,
            players: &played,
            actions: &logged,
            lessons: &lessons,
            outcome: &outcome,
        };
        if let Err(e) = out::save(&dir, &drill, luck) {
            warn(&format!("rensa: {e}"));
            return ExitCode::FAILURE;
        }
    }
    output(&Report::new(&scenario, &outcome, lang), format, detail)
}

/// Prints each refused action of a drill log as a warning on stderr.
fn warn_refused(
    log: &str,
    scenario: &Scenario,
    outcome: &crate::engine::Outcome,
    refused: &[Refused],
    lang: Lang,
) {
    let words = Words::new(scenario, outcome, lang);
    let mut err = std::io::stderr().lock();
    for r in refused {
        let a = &r.action;
        let _ = match lang {
            Lang::En => writeln!(
                err,
                "{log}: warning: action {} ({} at {}, {}) was refused: {}",
                r.index + 1,
                words.role(a.role),
                a.at,
                words.action(&a.action),
                words.refusal(&r.reason)
            ),
            Lang::Ja => writeln!(
                err,
                "{log}: 警告: 行動 {}（{}、{}、{}）は拒否されました: {}",
                r.index + 1,
                words.role(a.role),
                a.at,
                words.action(&a.action),
                words.refusal(&r.reason)
            ),
        };
    }
}

fn output(report: &Report, format: Format, detail: Detail) -> ExitCode {
    print(&match format {
        Format::Text => report.to_text(detail == Detail::Full),
        Format::Json => report.to_json() + "\n",
    })
}

/// Reads a drill log for `rensa run SCENARIO --actions LOG` and checks it against the
/// scenario given (`scenario_path`, or the bundled default): that it was recorded on it,
/// unchanged since, and that its actions resolve.
fn read_log(
    path: &Path,
    scenario: &Scenario,
    fingerprint: &Fingerprint,
    scenario_path: Option<&Path>,
    allow_changed: bool,
    lang: Lang,
) -> Result<(u64, ResolvedLog), ExitCode> {
    let name = path.display().to_string();
    let fail = |e: LoadError| {
        report_load_error_in(&e, lang);
        ExitCode::from(2)
    };
    let text = scenario::read_input(path).map_err(fail)?;
    let log = drill_log::parse_log(&name, &text).map_err(fail)?;
    let same_file = match (log.scenario.as_str(), scenario_path) {
        ("default", None) => true,
        ("default", Some(_)) | (_, None) => false,
        (reference, Some(given)) => {
            let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
            let recorded = base.join(reference);
            match (recorded.canonicalize(), given.canonicalize()) {
                (Ok(a), Ok(b)) => a == b,
                _ => recorded == given,
            }
        }
    };
    let given = match scenario_path {
        Some(p) => format!("\"{}\"", p.display()),
        None => "the bundled default drill".to_string(),
    };
    let warnings = drill_log::check_recorded(
        &name,
        &text,
        &log.file,
        fingerprint,
        (!same_file).then_some(given.as_str()),
        allow_changed,
    )
    .map_err(fail)?;
    let resolved = drill_log::resolve(&name, &text, &log.file, scenario).map_err(fail)?;
    // Only for a log that will be played: a refused log's errors are enough.
    report_warnings(&warnings, lang);
    Ok((log.seed, resolved))
}

fn replay(
    path: &Path,
    format: Format,
    detail: Detail,
    allow_changed: bool,
    lang: Lang,
    out: OutDir,
) -> ExitCode {
    let name = path.display().to_string();
    let text = match scenario::read_input(path) {
        Ok(t) => t,
        Err(e) => {
            report_load_error_in(&e, lang);
            return ExitCode::from(2);
        }
    };
    let log = match drill_log::parse_log(&name, &text) {
        Ok(l) => l,
        Err(e) => {
            report_load_error_in(&e, lang);
            return ExitCode::from(2);
        }
    };
    let loaded = if log.scenario == "default" {
        Ok(scenario::load_default_fingerprinted())
    } else {
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        scenario::load_path_fingerprinted(&base.join(&log.scenario))
    };
    let (scenario, fingerprint) = match loaded {
        Ok((s, f)) => (Arc::new(s), f),
        Err(e) => {
            report_load_error_in(&e, lang);
            return ExitCode::from(2);
        }
    };
    let warnings =
        match drill_log::check_recorded(&name, &text, &log.file, &fingerprint, None, allow_changed)
        {
            Ok(w) => w,
            Err(e) => {
                report_load_error_in(&e, lang);
                return ExitCode::from(2);
            }
        };
    let resolved = match drill_log::resolve(&name, &text, &log.file, &scenario) {
        Ok(r) => r,
        Err(e) => {
            report_load_error_in(&e, lang);
            return ExitCode::from(2);
        }
    };
    report_warnings(&warnings, lang);
    let replayed = Session::replay(
        scenario.clone(),
        log.seed,
        &resolved.players,
        &resolved.actions,
    );
    warn_refused(
        &name,
        &scenario,
        &replayed.outcome,
        &replayed.refusals,
        lang,
    );
    if let Some((dir, luck)) = out {
        let text = if log.scenario == "default" {
            Ok(scenario::DEFAULT_SCENARIO.to_string())
        } else {
            let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
            scenario::read_input(&base.join(&log.scenario))
        };
        let text = match text {
            Ok(t) => t,
            Err(e) => {
                report_load_error_in(&e, lang);
                return ExitCode::from(2);
            }
        };
        let mut players = scenario.drill.players.clone();
        for r in &resolved.players {
            if !players.contains(r) {
                players.push(*r);
            }
        }
        let drill = out::Drill {
            scenario: &scenario,
            scenario_text: &text,
            fingerprint: &fingerprint,
            seed: log.seed,
            players: &players,
            actions: &resolved.actions,
            lessons: &resolved.lessons,
            outcome: &replayed.outcome,
        };
        if let Err(e) = out::save(&dir, &drill, luck) {
            warn(&format!("rensa: {e}"));
            return ExitCode::FAILURE;
        }
    }
    output(
        &Report::new(&scenario, &replayed.outcome, lang),
        format,
        detail,
    )
}

fn validate(files: &[PathBuf], lang: Lang) -> ExitCode {
    let mut bad = false;
    for f in files {
        match library_cmd::load(f) {
            Ok(s) => {
                let (o, sv, d, i) = (
                    s.infra.operators.len(),
                    s.infra.services.len(),
                    s.infra.dependencies.len(),
                    s.injects.len(),
                );
                let line = match lang {
                    Lang::En => format!(
                        "{}: ok ({o} operators, {sv} services, {d} dependencies, {i} injects)\n",
                        f.display()
                    ),
                    Lang::Ja => format!(
                        "{}: 問題なし（事業者 {o}、サービス {sv}、依存関係 {d}、インジェクト {i}）\n",
                        f.display()
                    ),
                };
                if let Err(e) = write_stdout(&line) {
                    return cannot_write(&e);
                }
            }
            Err(e) => {
                bad = true;
                report_load_error_in(&e, lang);
            }
        }
    }
    if bad {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn list(path: Option<PathBuf>) -> ExitCode {
    let scenario = match load(path.as_ref()) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let infra = &scenario.infra;
    let mut out = String::new();
    out.push_str(&format!("regions: {}\n", infra.regions.join(", ")));
    for op in &infra.operators {
        let names = if op.name_ja.is_empty() {
            op.name.clone()
        } else {
            format!("{} / {}", op.name, op.name_ja)
        };
        out.push_str(&format!(
            "\n{}  {names}  [{} · {}]\n",
            op.key,
            op.sector.id(),
            infra.regions[op.region.index()]
        ));
        for s in &op.services {
            let svc = infra.service(*s);
            out.push_str(&format!(
                "  service {}  {} (population {}, required {})\n",
                svc.key, svc.name, svc.population, svc.required
            ));
            for y in &svc.systems {
                let sys = infra.system(*y);
                out.push_str(&format!(
                    "    system {}  {} (share {})\n",
                    sys.key,
                    sys.kind.id(),
                    sys.share
                ));
            }
        }
    }
    print(&out)
}
