//! `rensa validate` (scenario files checked, every problem as file:line:col) and
//! `rensa list` (the ids of a scenario's infrastructure).

use super::args::{Common, ScenarioArg};
use super::error::{Error, Exit, Result};
use super::library_cmd;
use super::ui::Ui;
use crate::present::cli as words;
use clap::Args;
use std::path::PathBuf;

/// The arguments of `rensa validate`.
#[derive(Debug, Args)]
#[command(after_help = concat!("Examples:
  rensa validate scenarios/*.ron              every file; each problem as file:line:col
  rensa validate rail-signal-worm             a library drill
  rensa validate -q my-drill.ron --lang ja    problems only, in Japanese

", super::exit_status!()))]
pub struct ValidateArgs {
    /// Scenario files (RON) or ids of bundled drills (`rensa scenarios`).
    #[arg(required = true, value_name = "SCENARIO")]
    files: Vec<PathBuf>,
    #[command(flatten)]
    pub(super) common: Common,
}

/// The arguments of `rensa list`.
#[derive(Debug, Args)]
#[command(after_help = concat!("Examples:
  rensa list                                  the bundled graph's ids
  rensa list rail-signal-worm                 a library drill's
  rensa list my-drill.ron | grep service

", super::exit_status!()))]
pub struct ListArgs {
    #[command(flatten)]
    scenario: ScenarioArg,
    #[command(flatten)]
    pub(super) common: Common,
}

/// `rensa validate`: every file is checked, even after a bad one.
pub fn validate(args: ValidateArgs) -> Result<()> {
    let ui = Ui::from(args.common);
    let mut bad = false;
    for f in &args.files {
        match library_cmd::load(f) {
            Ok(s) => ui.print(&words::valid(&f.display().to_string(), &s, ui.lang))?,
            Err(e) => {
                bad = true;
                e.report(ui.lang);
            }
        }
    }
    if bad {
        Err(Error::Reported(Exit::BadInput))
    } else {
        Ok(())
    }
}

/// `rensa list`.
pub fn list(args: ListArgs) -> Result<()> {
    let ui = Ui::from(args.common);
    let loaded = args.scenario.load()?;
    ui.print(&words::infrastructure_ids(&loaded.scenario, ui.lang))
}
