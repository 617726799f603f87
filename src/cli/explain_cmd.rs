//! `rensa explain INJECT|SERVICE [SCENARIO]`: what the model's documented rules say an
//! inject or a service will do (docs/TOOLS.md).

use super::args::{Common, ScenarioArg};
use super::error::{Error, Exit, Result};
use super::ui::Ui;
use crate::engine::explain;
use crate::model::Key;
use crate::present::explain::{Explanation, unknown};
use crate::suggest::did_you_mean;
use clap::ValueEnum;

/// The output's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// Tables to read.
    Text,
    /// One JSON document.
    Json,
}

/// Arguments of `rensa explain`.
#[derive(Debug, clap::Args)]
#[command(after_help = concat!("Examples:
  rensa explain kanto-power/supply             a service of the bundled graph
  rensa explain signal-worm rail-signal-worm   an inject of a library drill
  rensa explain blackout my-drill.ron --format json --lang ja

", super::exit_status!()))]
pub struct ExplainArgs {
    /// An inject id of the scenario, or a service id (a system id stands for its service).
    id: String,
    #[command(flatten)]
    scenario: ScenarioArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    format: ExplainFormat,
    #[command(flatten)]
    pub(super) common: Common,
}

/// Runs `rensa explain`.
pub fn explain(args: ExplainArgs) -> Result<()> {
    let ui = Ui::from(args.common);
    let lang = ui.lang;
    let scenario = args.scenario.load()?.scenario;
    let id = args.id.as_str();
    let inject = scenario.injects.iter().position(|i| i.key == id);
    let service = match scenario.infra.lookup(id) {
        Some(Key::Service(s)) => Some(s),
        Some(Key::System(y)) => Some(scenario.infra.system(y).service),
        _ => None,
    };
    let (inject_course, service_course);
    let explanation = match (inject, service) {
        (Some(k), _) => {
            inject_course = explain::inject(&scenario, k);
            Explanation::inject(&scenario, &inject_course)
        }
        (None, Some(s)) => {
            service_course = explain::service(&scenario, s);
            Explanation::service(&scenario, &service_course)
        }
        (None, None) => {
            let ids = scenario
                .injects
                .iter()
                .map(|i| i.key.as_str())
                .chain(scenario.infra.services.iter().map(|s| s.key.as_str()));
            // Bad input, in the language asked for, even with --quiet.
            Ui { quiet: false, ..ui }.warn_text(&format!(
                "rensa: {}",
                unknown(id, did_you_mean(id, ids), lang)
            ));
            return Err(Error::Reported(Exit::BadInput));
        }
    };
    ui.print(&match args.format {
        ExplainFormat::Text => explanation.to_text(lang),
        ExplainFormat::Json => explanation.to_json(),
    })
}
