//! `rensa explain INJECT|SERVICE [SCENARIO]`: what the model's documented rules say an
//! inject or a service will do (docs/TOOLS.md).

use super::{LangArg, load_fingerprinted, print, warn};
use crate::engine::explain;
use crate::model::Key;
use crate::present::explain::{Explanation, unknown};
use crate::suggest::did_you_mean;
use clap::ValueEnum;
use std::path::PathBuf;
use std::process::ExitCode;

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
pub struct ExplainArgs {
    /// An inject id of the scenario, or a service id (a system id stands for its service).
    id: String,
    /// Scenario file (RON) or library id. Default: the bundled drill.
    scenario: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    format: ExplainFormat,
    /// Language of the text.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
}

/// Runs `rensa explain`.
pub fn explain(args: ExplainArgs) -> ExitCode {
    let lang = args.lang.lang();
    let (scenario, _) = match load_fingerprinted(args.scenario.as_ref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
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
            warn(&format!(
                "rensa: {}",
                unknown(id, did_you_mean(id, ids), lang)
            ));
            return ExitCode::from(2);
        }
    };
    print(&match args.format {
        ExplainFormat::Text => explanation.to_text(lang),
        ExplainFormat::Json => explanation.to_json(),
    })
}
