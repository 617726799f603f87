//! `rensa graph [SCENARIO] [--around ID] [--depth N] --format dot|svg`: the dependency
//! graph of a scenario's infrastructure, with each edge's kind, strength and tolerance
//! (docs/TOOLS.md).

use super::args::{Common, ScenarioArg};
use super::error::{Error, Exit, Result};
use super::ui::Ui;
use crate::model::{Infrastructure, Key, ServiceId};
use crate::present::graph::{self, DepGraph};
use crate::scenario;
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
    /// The infrastructure as CSV tables (`operators.csv`, `services.csv`, `systems.csv`,
    /// `dependencies.csv`) into the folder --out, as written before the scenario's
    /// `changes`, citations kept: `infrastructure: Tables("DIR")` reads them back
    /// (docs/SCENARIOS.md).
    Tables,
}

/// Arguments of `rensa graph`.
#[derive(Debug, clap::Args)]
#[command(after_help = concat!("Examples:
  rensa graph                                  the bundled graph, as Graphviz DOT
  rensa graph --around kanto-power --depth 2 --format svg -o power.svg
  rensa graph my-drill.ron --around kanto-water/supply | dot -Tpng > water.png
  rensa graph --format tables -o japan          the bundled graph as CSV tables, to edit

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
    /// Write the picture to this file (atomically) instead of standard output; with
    /// `--format tables`, the folder the tables go into (created if missing).
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
    let loaded = args.scenario.load()?;
    match args.format {
        GraphFormat::Tables => tables(&ui, &args, &loaded),
        GraphFormat::Dot | GraphFormat::Svg => draw(&ui, &args, &loaded),
    }
}

/// `--format dot|svg`: the picture, to `--out` or standard output.
fn draw(ui: &Ui, args: &GraphArgs, loaded: &super::args::Loaded) -> Result<()> {
    let lang = ui.lang;
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
                Ui {
                    quiet: false,
                    ..*ui
                }
                .warn_text(&format!(
                    "rensa: {}",
                    graph::unknown_around(id, suggestion.as_deref(), lang)
                ));
                return Err(Error::Reported(Exit::BadInput));
            }
        },
    };
    let picture = DepGraph::new(infra, &title, &services, &centre);
    let text = if args.format == GraphFormat::Svg {
        picture.to_svg(lang)
    } else {
        picture.to_dot(lang)
    };
    ui.emit(args.out.as_deref(), &text)
}

/// `--format tables`: the scenario's infrastructure as written, into the folder `--out`,
/// each table atomically.
fn tables(ui: &Ui, args: &GraphArgs, loaded: &super::args::Loaded) -> Result<()> {
    let (Some(dir), None) = (&args.out, &args.around) else {
        Ui {
            quiet: false,
            ..*ui
        }
        .warn_text(&graph::tables_need_a_folder(ui.lang));
        return Err(Error::Reported(Exit::BadInput));
    };
    let (name, resolver) = match args.scenario.path().filter(|p| p.is_file()) {
        Some(p) => (
            p.display().to_string(),
            scenario::FsResolver {
                base: p
                    .parent()
                    .map(std::path::Path::to_path_buf)
                    .unwrap_or_default(),
            },
        ),
        None => (
            scenario::DEFAULT_SCENARIO_NAME.to_string(),
            scenario::FsResolver {
                base: PathBuf::new(),
            },
        ),
    };
    let (file, changed) =
        scenario::load::infrastructure_as_written(&name, &loaded.text, &resolver)?;
    std::fs::create_dir_all(dir).map_err(|source| {
        super::ui::write_error(&super::atomic::WriteError {
            file: dir.clone(),
            source,
        })
    })?;
    for (table, text) in scenario::tables::write(&file) {
        ui.write_file(&dir.join(table.file_name()), text.as_bytes())?;
    }
    if changed {
        ui.warn_text(&graph::changes_not_in_tables(ui.lang));
    }
    Ok(())
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
