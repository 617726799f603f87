//! The command-line face: one `rensa` binary with subcommands. It parses arguments, loads
//! files, drives the engine through the session API and prints results.
//!
//! Every subcommand is built the same way (docs/ARCHITECTURE.md, "Adding a subcommand"):
//! an arguments struct in its own `*_cmd.rs` that flattens the shared arguments of
//! [`args`] (`--lang`, `--quiet`, the scenario, `--seed`), a function returning
//! [`error::Result`], and one line in [`Command`] and one in [`dispatch`]. Errors reach
//! [`main`], which prints them in the language asked for and turns them into the exit
//! status in one place ([`error::Exit`]: 0 done, 1 could not do it, 2 bad input).

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod aar;
mod analyze_cmd;
pub mod args;
pub mod atomic;
mod batch_cmd;
mod clap_ja;
pub mod error;
mod explain_cmd;
mod graph_cmd;
mod hindcast_cmd;
mod library_cmd;
mod lsp_cmd;
mod play_cmd;
mod report_cmd;
mod run_cmd;
mod serve_cmd;
pub mod ui;
mod validate_cmd;

pub use error::{Error, Exit, Result};

/// The exit statuses, as every `--help` ends.
macro_rules! exit_status {
    () => {
        "Exit status: 0 done, 1 could not do it (a file not written, a run stopped), 2 bad input (nothing written)."
    };
}
pub(crate) use exit_status;

/// rensa (連鎖): a deterministic cross-sector cyber-exercise simulator for critical
/// infrastructure.
#[derive(Debug, Parser)]
#[command(
    name = "rensa",
    version,
    about,
    long_about = "rensa (連鎖, \"chain reaction\") simulates how IT failures, disasters and cyber \
attacks in one of Japan's ten critical-infrastructure sectors cascade into the others, and \
lets NISC (the National center of Incident readiness and Strategy for Cybersecurity), the \
ministries, the sectors' CEPTORs (their information-sharing and analysis functions) and the \
operators play the drill. The same scenario, seed and action log always give the same result.",
    after_help = concat!("Examples:
  rensa run                                   the bundled default drill
  rensa run rail-signal-worm -s 7             a library drill (rensa scenarios) with seed 7
  rensa play --lang ja                        play it in the terminal, in Japanese
  rensa validate scenarios/*.ron
  rensa replay scenarios/drills/ddos-response.ron --aar aar   save a report's inputs
  rensa report aar -o aar/report.html         the after-action report
  rensa batch --runs 1000 -o runs.csv         Monte Carlo
  rensa new my-drill --from rail-signal-worm  a copy of a library drill to edit

Every subcommand takes a scenario as a file or a library id, --lang en|ja for every
message (errors too), -q/--quiet, and where it has them -s/--seed (default: the scenario's
seed) and -o/--out FILE (one file, written atomically).
Documentation: README.md and docs/ (MODEL.md, SCENARIOS.md, DRILL.md, REPORT.md, BATCH.md).

", exit_status!())
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Simulate a scenario to the end and print the cascade timeline and sector summary.
    Run(run_cmd::RunArgs),
    /// Re-run a recorded drill (scenario + seed + actions) and print its result; the same
    /// log always gives the same bytes.
    Replay(run_cmd::ReplayArgs),
    /// Check scenario files for syntax and meaning; print every problem as file:line:col.
    Validate(validate_cmd::ValidateArgs),
    /// Write the after-action report of what `run --aar` or `replay --aar` saved, or the
    /// report of an analysis or batch result.
    #[command(long_about = report_cmd::ABOUT)]
    Report(report_cmd::ReportArgs),
    /// List the bundled library of drills: id, title, sectors hit, length, roles to play.
    Scenarios(library_cmd::ScenariosArgs),
    /// Write a copy of a library drill to edit (never over an existing file).
    New(library_cmd::NewArgs),
    /// Play a drill in the terminal: each seat sees only what its role knows; exercise
    /// control runs the clock, injects, and rewinds to branch. Saves a replayable drill log.
    Play(play_cmd::PlayArgs),
    /// Serve one drill over SSH: each participant joins their seat with plain `ssh`
    /// (docs/SERVE.md).
    Serve(serve_cmd::ServeArgs),
    /// Interdependency analysis: each sector (or operator) as the origin of a standard IT
    /// failure, simulated many times; the origin × affected matrix, rankings, paths and the
    /// Inoperability Input-Output Model beside it (docs/ANALYSIS.md).
    #[command(long_about = analyze_cmd::ABOUT)]
    Analyze(analyze_cmd::AnalyzeArgs),
    /// Run a scenario many times (Monte Carlo), with sweeps and shards; one row of scores
    /// per run and their statistics (docs/BATCH.md).
    Batch(batch_cmd::BatchArgs),
    /// Merge the shards of a batch (`batch --shard i/N`) into the whole batch's result.
    Merge(batch_cmd::MergeArgs),
    /// Hold the model against real incidents: run each bundled hindcast and print, per
    /// published fact, the run's value, the tolerance and whether it holds
    /// (docs/VALIDATION.md). Exit 0 when every fact holds, 1 when one is missed.
    Hindcast(hindcast_cmd::HindcastArgs),
    /// List the ids of a scenario's infrastructure (operators, services, systems, regions).
    List(validate_cmd::ListArgs),
    /// Draw the dependency graph (or the part around one id) with each edge's kind,
    /// strength and tolerance, as Graphviz DOT or SVG (docs/TOOLS.md).
    Graph(graph_cmd::GraphArgs),
    /// Explain an inject (its stages with mean times, each operator's chance to detect
    /// before the impact, who spread can reach) or a service (its providers and
    /// dependents, when each buffer runs out, where each lands) by the model's rules
    /// (docs/TOOLS.md).
    Explain(explain_cmd::ExplainArgs),
    /// A Language Server for scenario, infrastructure and drill-log files on standard
    /// input and output: diagnostics as you type, completion, hover, go-to-definition
    /// (docs/TOOLS.md shows how to attach it to VS Code, Neovim and Helix).
    Lsp(lsp_cmd::LspArgs),
}

impl Command {
    /// The language the subcommand's messages are in.
    fn lang(&self) -> crate::lang::Lang {
        match self {
            Command::Run(a) => a.common.lang,
            Command::Replay(a) => a.common.lang,
            Command::Validate(a) => a.common.lang,
            Command::Report(a) => a.common.lang,
            Command::Scenarios(a) => a.common.lang,
            Command::New(a) => a.common.lang,
            Command::Play(a) => a.language.lang,
            Command::Serve(a) => a.common.lang,
            Command::Analyze(a) => a.common.lang,
            Command::Batch(a) => a.common.lang,
            Command::Merge(a) => a.common.lang,
            Command::List(a) => a.common.lang,
            Command::Hindcast(a) => a.common.lang,
            Command::Graph(a) => a.common.lang,
            Command::Explain(a) => a.common.lang,
            Command::Lsp(a) => a.common.lang,
        }
        .lang()
    }
}

/// Runs one subcommand.
fn dispatch(command: Command) -> Result<()> {
    match command {
        Command::Run(a) => run_cmd::run(a),
        Command::Replay(a) => run_cmd::replay(a),
        Command::Validate(a) => validate_cmd::validate(a),
        Command::Report(a) => report_cmd::report(a),
        Command::Scenarios(a) => library_cmd::scenarios(a),
        Command::New(a) => library_cmd::new(a),
        Command::Play(a) => play_cmd::play(a),
        Command::Serve(a) => serve_cmd::serve(a),
        Command::Analyze(a) => analyze_cmd::analyze(a),
        Command::Batch(a) => batch_cmd::batch(a),
        Command::Merge(a) => batch_cmd::merge(a),
        Command::List(a) => validate_cmd::list(a),
        Command::Hindcast(a) => hindcast_cmd::hindcast(a),
        Command::Graph(a) => graph_cmd::graph(a),
        Command::Explain(a) => explain_cmd::explain(a),
        Command::Lsp(a) => lsp_cmd::lsp(a),
    }
}

/// Runs the CLI with the process arguments: the one place an error becomes words on
/// standard error and an exit status.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // `--help` and `--version` land here too.
        Err(e) => return clap_ja::exit(&e),
    };
    let lang = cli.command.lang();
    match dispatch(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            e.report(lang);
            e.exit().into()
        }
    }
}
