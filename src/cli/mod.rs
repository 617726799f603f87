//! The command-line face: parses arguments, loads files, drives the engine through the
//! session API and prints results. Exit status: 0 ok, 1 the run failed, 2 bad input.

use crate::engine::Engine;
use crate::model::{Minutes, Scenario, Time};
use crate::scenario::{self, LoadError};
use crate::summary::RunSummary;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// rensa (連鎖): a deterministic cross-sector cyber-exercise simulator for critical
/// infrastructure.
#[derive(Debug, Parser)]
#[command(name = "rensa", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Simulate a scenario to the end and print the cascade timeline and sector summary.
    ///
    /// Without SCENARIO, runs the bundled default drill (a DDoS on Kanto telecom).
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
        } => run(scenario, seed, format, until),
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
) -> ExitCode {
    let scenario = match load(path.as_ref()) {
        Ok(s) => Arc::new(s),
        Err(code) => return code,
    };
    let seed = seed.unwrap_or(scenario.seed);
    let mut engine = Engine::new(scenario.clone(), seed);
    match until {
        Some(t) => engine.run_until(Time(t.0)),
        None => engine.run(),
    }
    let summary = RunSummary::new(&scenario, &engine.outcome());
    print(&match format {
        Format::Text => summary.to_text(),
        Format::Json => summary.to_json() + "\n",
    })
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
        out.push_str(&format!(
            "\n{}  {} / {}  [{} · {}]\n",
            op.key,
            op.name,
            op.name_ja,
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
