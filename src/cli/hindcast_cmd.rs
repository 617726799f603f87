//! `rensa hindcast [ID…]`: runs the bundled hindcasts (scenarios/hindcasts/, docs/VALIDATION.md)
//! and prints, per fact, the published value, the run's, the tolerance and whether it holds.
//! Exit status: 0 every fact holds, 1 a fact is missed, 2 an unknown id.

use super::args::Common;
use super::error::{Error, Exit, Result};
use super::ui::Ui;
use crate::hindcast::{BUNDLED, Hindcast, bundled};
use crate::present::cli::Problem;
use crate::present::hindcast as words;
use clap::{Args, ValueEnum};

/// Arguments of `rensa hindcast`.
#[derive(Debug, Args)]
#[command(after_help = concat!("Examples:
  rensa hindcast                              every bundled hindcast, fact by fact
  rensa hindcast kddi-2022-07 --lang ja
  rensa hindcast --format json -q; echo $?    only the verdict: 0 all hold, 1 one missed

", super::exit_status!()))]
pub struct HindcastArgs {
    /// Hindcast ids (default: every bundled one): hokkaido-2018-09, tse-2020-10,
    /// kddi-2022-07, nagoya-port-2023-07, zengin-2023-10.
    ids: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = HindcastFormat::Text)]
    format: HindcastFormat,
    #[command(flatten)]
    pub(super) common: Common,
}

/// Output of `rensa hindcast`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum HindcastFormat {
    /// A table per incident.
    Text,
    /// One JSON document.
    Json,
}

/// Runs the hindcasts asked for; a missed fact gives exit status 1 (the table says which).
pub fn hindcast(args: HindcastArgs) -> Result<()> {
    let ui = Ui::from(args.common);
    let chosen: Vec<_> = if args.ids.is_empty() {
        BUNDLED.iter().collect()
    } else {
        let mut chosen = Vec::new();
        for id in &args.ids {
            let b = bundled(id).ok_or_else(|| Problem::UnknownHindcast {
                id: id.clone(),
                suggestion: crate::suggest::did_you_mean(id, BUNDLED.iter().map(|b| b.id)),
                known: BUNDLED.iter().map(|b| b.id).collect(),
            })?;
            chosen.push(b);
        }
        chosen
    };
    let mut results = Vec::new();
    for b in chosen {
        results.push(Hindcast::bundled(b)?.check());
    }
    let text = match args.format {
        HindcastFormat::Text => words::to_text(&results, ui.lang),
        HindcastFormat::Json => words::to_json(&results) + "\n",
    };
    ui.print(&text)?;
    if results.iter().all(|r| r.holds()) {
        Ok(())
    } else {
        Err(Error::Reported(Exit::Failed))
    }
}
