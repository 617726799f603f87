//! `rensa validate` (scenario files checked, every error and warning as file:line:col;
//! `--strict` also runs each scenario under its playbook ([`crate::probe`]) and fails on
//! warnings too) and `rensa list` (the ids of a scenario's infrastructure).

use super::args::{Common, ScenarioArg};
use super::error::{Error, Exit, Result};
use super::library_cmd;
use super::ui::Ui;
use crate::present::cli as words;
use crate::scenario::Diagnostics;
use crate::scenario::diagnostics::Source;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// The arguments of `rensa validate`.
#[derive(Debug, Args)]
#[command(after_help = concat!("Examples:
  rensa validate scenarios/*.ron              every file; each problem as file:line:col
  rensa validate rail-signal-worm             a library drill
  rensa validate -q my-drill.ron --lang ja    problems only, in Japanese
  rensa validate --strict my-drill.ron        also probe it under its playbook; warnings fail

", super::exit_status!()))]
pub struct ValidateArgs {
    /// Scenario files (RON) or ids of bundled drills (`rensa scenarios`).
    #[arg(required = true, value_name = "SCENARIO")]
    files: Vec<PathBuf>,
    /// Also run each scenario 20 times under its playbook to find reacting injects that
    /// fire always or never and objectives decided whatever happens; fail (exit 2) on any
    /// warning.
    #[arg(long)]
    strict: bool,
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

/// `rensa validate`: every file is checked, even after a bad one; exit 0 when all are
/// valid (and, with `--strict`, without warnings), 2 otherwise.
pub fn validate(args: ValidateArgs) -> Result<()> {
    let ui = Ui::from(args.common);
    let mut bad = false;
    for f in &args.files {
        let (s, text, mut warnings) = match library_cmd::load_checked(f) {
            Ok(loaded) => loaded,
            Err(e) => {
                bad = true;
                e.report(ui.lang);
                continue;
            }
        };
        if args.strict {
            let mut src = Source::new(f.display().to_string(), &text);
            warnings
                .0
                .extend(src.render(crate::probe::probe(&s, crate::probe::RUNS)));
            warnings.0.sort_by_key(|d| d.pos);
        }
        let n = warnings.0.len();
        bad |= args.strict && n > 0;
        if n > 0 {
            let shown = Diagnostics(warnings.0).render(ui.lang);
            let _ = std::io::stderr().lock().write_all(shown.as_bytes());
        }
        ui.print(&words::valid(&f.display().to_string(), &s, n, ui.lang))?;
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
