//! `rensa graph [SCENARIO] [--around ID] [--depth N] --format dot|svg`: the dependency
//! graph of a scenario's infrastructure, with each edge's kind, strength and tolerance
//! (docs/TOOLS.md).

use super::args::{Common, ScenarioArg};
use super::error::{Error, Exit, Result};
use super::ui::Ui;
use crate::model::{Infrastructure, Key, ServiceId};
use crate::present::graph::{self, DepGraph};
use crate::suggest::did_you_mean;
use clap::ValueEnum;
use std::path::PathBuf;

/// The picture's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT (`dot -Tsvg` draws it; so do many viewers).
    Dot,
    /// An SVG picture laid out by rensa itself.
    Svg,
}

/// Arguments of `rensa graph`.
#[derive(Debug, clap::Args)]
#[command(after_help = concat!("Examples:
  rensa graph                                  the bundled graph, as Graphviz DOT
  rensa graph --around kanto-power --depth 2 --format svg -o power.svg
  rensa graph my-drill.ron --around kanto-water/supply | dot -Tpng > water.png

", super::exit_status!()))]
pub struct GraphArgs {
    #[command(flatten)]
    scenario: ScenarioArg,
    /// Draw only the neighbourhood of this operator, service or system id: its providers
    /// up to --depth hops upstream and its dependents up to --depth hops downstream.
    #[arg(long, value_name = "ID")]
    around: Option<String>,
    /// Hops from --around in each direction.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "around")]
    depth: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    format: GraphFormat,
    /// Write the picture to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    pub(super) common: Common,
}

/// The services an id stands for: a service itself, an operator's services, a system's
/// service; or the closest id as a suggestion.
fn centre_of(infra: &Infrastructure, id: &str) -> Result<Vec<ServiceId>, Option<String>> {
    match infra.lookup(id) {
        Some(Key::Service(s)) => Ok(vec![s]),
        Some(Key::Operator(o)) => Ok(infra.operator(o).services.clone()),
        Some(Key::System(y)) => Ok(vec![infra.system(y).service]),
        None => Err(did_you_mean(id, infra.keys().map(|(k, _)| k)).map(str::to_string)),
    }
}

/// Runs `rensa graph`.
pub fn graph(args: GraphArgs) -> Result<()> {
    let ui = Ui::from(args.common);
    let lang = ui.lang;
    let loaded = args.scenario.load()?;
    let scenario = &loaded.scenario;
    let infra = &scenario.infra;
    let (services, centre, title) = match &args.around {
        None => (
            infra.services.iter().map(|s| s.id).collect(),
            Vec::new(),
            scenario.name.clone(),
        ),
        Some(id) => match centre_of(infra, id) {
            Ok(centre) => (
                graph::neighbourhood(infra, &centre, args.depth),
                centre,
                format!("{} — {id} ±{}", scenario.name, args.depth),
            ),
            Err(suggestion) => {
                // Bad input, in the language asked for, even with --quiet.
                Ui { quiet: false, ..ui }.warn_text(&format!(
                    "rensa: {}",
                    graph::unknown_around(id, suggestion.as_deref(), lang)
                ));
                return Err(Error::Reported(Exit::BadInput));
            }
        },
    };
    let picture = DepGraph::new(infra, &title, &services, &centre);
    let text = match args.format {
        GraphFormat::Dot => picture.to_dot(lang),
        GraphFormat::Svg => picture.to_svg(lang),
    };
    ui.emit(args.out.as_deref(), &text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn an_operator_stands_for_its_services_and_a_typo_gets_a_suggestion() {
        let s = crate::scenario::load_default();
        let op = &s.infra.operators[0];
        assert_eq!(centre_of(&s.infra, &op.key), Ok(op.services.clone()));
        let typo = format!("{}x", op.key);
        assert_eq!(centre_of(&s.infra, &typo), Err(Some(op.key.clone())));
    }

    #[test]
    fn the_language_switch_reaches_the_words() {
        assert_ne!(
            graph::unknown_around("x", None, Lang::En),
            graph::unknown_around("x", None, Lang::Ja)
        );
    }
}
