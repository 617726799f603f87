//! The command-line face: parses arguments, loads files, drives the engine through the
//! session API and prints results. Exit status: 0 ok, 1 the run failed, 2 bad input.

use crate::model::{Minutes, Scenario, Time};
use crate::scenario::drill_log::ResolvedLog;
use crate::scenario::{self, LoadError, drill_log};
use crate::session::Session;
use crate::summary::RunSummary;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

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
  rensa run scenarios/cold-snap-scada.ron --seed 7 --format json
  rensa validate scenarios/*.ron
  rensa replay scenarios/drills/ddos-response.ron

Documentation: README.md and docs/ (MODEL.md, SCENARIOS.md, DRILL.md, ATTACKS.md)."
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
        /// Scenario file (RON). Default: the bundled drill.
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
    },
    /// Check scenario files for syntax and meaning; print every problem as file:line:col.
    Validate {
        /// Scenario files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Human-readable timeline and tables.
    Text,
    /// One JSON document.
    Json,
}

fn parse_minutes(s: &str) -> Result<Minutes, String> {
    Minutes::parse(s)
}

/// Runs the CLI with the process arguments.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Run {
            scenario,
            seed,
            format,
            until,
            actions,
            detail,
        } => run(scenario, seed, format, until, actions, detail),
        Command::Replay {
            log,
            format,
            detail,
        } => replay(&log, format, detail),
        Command::Validate { files } => validate(&files),
        Command::List { scenario } => list(scenario),
    }
}

/// Loads a scenario file, or the bundled default; prints problems and returns exit 2.
fn load(path: Option<&PathBuf>) -> Result<Scenario, ExitCode> {
    let loaded = match path {
        Some(p) => scenario::load_path(p),
        None => Ok(scenario::load_default()),
    };
    loaded.map_err(|e| {
        report_load_error(&e);
        ExitCode::from(2)
    })
}

fn report_load_error(e: &LoadError) {
    let mut err = std::io::stderr().lock();
    let _ = match e {
        LoadError::Invalid(d) => write!(err, "{d}"),
        LoadError::Io { .. } => writeln!(err, "{e}"),
    };
}

fn print(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`rensa run | head`) is not worth a panic or an error message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rensa: cannot write output: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(
    path: Option<PathBuf>,
    seed: Option<u64>,
    format: Format,
    until: Option<Minutes>,
    actions: Option<PathBuf>,
    detail: Detail,
) -> ExitCode {
    let scenario = match load(path.as_ref()) {
        Ok(s) => Arc::new(s),
        Err(code) => return code,
    };
    let (log_seed, players, logged) = match &actions {
        Some(p) => match read_log(p, &scenario) {
            Ok((seed, log)) => (Some(seed), log.players, log.actions),
            Err(code) => return code,
        },
        None => (None, Vec::new(), Vec::new()),
    };
    let seed = seed.or(log_seed).unwrap_or(scenario.seed);
    let mut session = Session::with_players(scenario.clone(), seed, &players);
    let stop = until.map_or(session.end(), |m| Time(m.0));
    for a in logged.iter().filter(|a| a.at < stop) {
        session.advance_to(a.at);
        let _ = session.act(a.role, a.action.clone());
    }
    session.advance_to(stop);
    let outcome = session.into_outcome();
    output(&RunSummary::new(&scenario, &outcome), format, detail)
}

fn output(summary: &RunSummary, format: Format, detail: Detail) -> ExitCode {
    print(&match format {
        Format::Text => summary.to_text(detail == Detail::Full),
        Format::Json => summary.to_json() + "\n",
    })
}

/// Reads a drill log and checks it against `scenario`.
fn read_log(path: &Path, scenario: &Scenario) -> Result<(u64, ResolvedLog), ExitCode> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        eprintln!("{name}: cannot read: {e}");
        ExitCode::from(2)
    })?;
    let fail = |e: LoadError| {
        report_load_error(&e);
        ExitCode::from(2)
    };
    let log = drill_log::parse_log(&name, &text).map_err(fail)?;
    let resolved = drill_log::resolve(&name, &text, &log.file, scenario).map_err(fail)?;
    Ok((log.seed, resolved))
}

fn replay(path: &Path, format: Format, detail: Detail) -> ExitCode {
    let name = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{name}: cannot read: {e}");
            return ExitCode::from(2);
        }
    };
    let log = match drill_log::parse_log(&name, &text) {
        Ok(l) => l,
        Err(e) => {
            report_load_error(&e);
            return ExitCode::from(2);
        }
    };
    let loaded = if log.scenario == "default" {
        Ok(scenario::load_default())
    } else {
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        scenario::load_path(&base.join(&log.scenario))
    };
    let scenario = match loaded {
        Ok(s) => Arc::new(s),
        Err(e) => {
            report_load_error(&e);
            return ExitCode::from(2);
        }
    };
    let resolved = match drill_log::resolve(&name, &text, &log.file, &scenario) {
        Ok(r) => r,
        Err(e) => {
            report_load_error(&e);
            return ExitCode::from(2);
        }
    };
    let outcome = Session::replay(
        scenario.clone(),
        log.seed,
        &resolved.players,
        &resolved.actions,
    );
    output(&RunSummary::new(&scenario, &outcome), format, detail)
}

fn validate(files: &[PathBuf]) -> ExitCode {
    let mut bad = false;
    for f in files {
        match scenario::load_path(f) {
            Ok(s) => println!(
                "{}: ok ({} operators, {} services, {} dependencies, {} injects)",
                f.display(),
                s.infra.operators.len(),
                s.infra.services.len(),
                s.infra.dependencies.len(),
                s.injects.len()
            ),
            Err(e) => {
                bad = true;
                report_load_error(&e);
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
