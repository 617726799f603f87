//! `rensa run` (a scenario to its end, with a drill log's actions if given) and
//! `rensa replay` (a recorded drill), and the reading of drill logs that `play --resume`
//! shares.

use super::aar;
use super::args::{Common, ScenarioArg, SeedArg, duration};
use super::error::Result;
use super::ui::Ui;
use crate::engine::Outcome;
use crate::model::{Scenario, Time};
use crate::present::cli::Warning;
use crate::present::{Report, cli as words};
use crate::scenario::drill_log::{self, DrillLog, ResolvedLog};
use crate::scenario::{self, Fingerprint};
use crate::session::{Refused, Session};
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How much of the timeline the text output shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Detail {
    /// The cascade, attacks, detections and the actions that change the world.
    Brief,
    /// Everything, including buffer timers, repair speeds and each delivery.
    Full,
}

/// What `run` and `replay` print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable timeline and tables.
    Text,
    /// One JSON document (docs/OUTPUT.md).
    Json,
}

/// What `run` and `replay` share: the output, and what to save for a report.
#[derive(Debug, Args)]
pub struct Shown {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Timeline detail in text output: `brief` hides buffer timers, repair-speed
    /// changes, stage starts, the messages policies send and the steps they skip.
    #[arg(long, value_enum, default_value_t = Detail::Brief)]
    detail: Detail,
    /// Write the output (text or JSON) to FILE, atomically, instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Save what an after-action report needs into the folder DIR (created if missing):
    /// result.json, drill.ron, scenario.ron, the twins (docs/REPORT.md); each file is
    /// written atomically. `rensa report DIR` reads it.
    #[arg(long, value_name = "DIR")]
    aar: Option<PathBuf>,
    /// With --aar: rerun the players' decisions and the no-action twin over K other
    /// seeds (luck.json).
    #[arg(long, value_name = "K", requires = "aar")]
    luck: Option<u32>,
}

/// The arguments of `rensa run`.
#[derive(Debug, Args)]
#[command(after_help = concat!("Examples:
  rensa run                                     the bundled default drill, to its end
  rensa run rail-signal-worm                    a library drill (rensa scenarios lists them)
  rensa run scenarios/cold-snap-scada.ron -s 7 --format json
  rensa run --until 12h --detail full           the first twelve hours, every entry
  rensa run --actions my-drill.ron --aar aar    play a drill log's actions, save a report's inputs
  rensa run --lang ja -o run.txt                in Japanese, into a file

", super::exit_status!()))]
pub struct RunArgs {
    #[command(flatten)]
    scenario: ScenarioArg,
    #[command(flatten)]
    seed: SeedArg,
    /// Stop early, at this time (e.g. "12h", "1d6h"); the run covers [0, TIME).
    #[arg(long, value_name = "TIME", conflicts_with = "aar")]
    until: Option<String>,
    /// Play the players' actions of this drill log (RON) during the run.
    #[arg(long, value_name = "LOG")]
    actions: Option<PathBuf>,
    /// Play the --actions log even if its scenario or infrastructure changed since
    /// it was recorded (a warning instead of an error).
    #[arg(long, requires = "actions")]
    allow_changed: bool,
    #[command(flatten)]
    shown: Shown,
    #[command(flatten)]
    pub(super) common: Common,
}

/// The arguments of `rensa replay`.
#[derive(Debug, Args)]
#[command(after_help = concat!("Examples:
  rensa replay scenarios/drills/ddos-response.ron
  rensa replay my-drill.ron --aar aar && rensa report aar -o aar/report.html
  rensa replay my-drill.ron --format json --lang ja

", super::exit_status!()))]
pub struct ReplayArgs {
    /// Drill log (RON), e.g. scenarios/drills/ddos-response.ron or one `rensa play` saved.
    log: PathBuf,
    /// Replay even if the scenario or infrastructure changed since the log was
    /// recorded (a warning instead of an error).
    #[arg(long)]
    allow_changed: bool,
    #[command(flatten)]
    shown: Shown,
    #[command(flatten)]
    pub(super) common: Common,
}

/// `rensa run`.
pub fn run(args: RunArgs) -> Result<()> {
    let ui = Ui::from(args.common);
    let until = args
        .until
        .as_deref()
        .map(|t| duration("--until", t, ui.lang))
        .transpose()?;
    let loaded = args.scenario.load()?;
    let scenario = Arc::new(loaded.scenario);
    let (log_seed, log) = match &args.actions {
        Some(p) => {
            let (seed, log) = read_log(
                p,
                &scenario,
                &loaded.fingerprint,
                args.scenario.path(),
                args.allow_changed,
                &ui,
            )?;
            (Some(seed), log)
        }
        None => (None, ResolvedLog::default()),
    };
    let seed = args.seed.seed.or(log_seed).unwrap_or(scenario.seed);
    let mut session = Session::with_players(scenario.clone(), seed, &log.players);
    let end = session.end();
    let stop = match until {
        Some(m) if m.0 > end.0 => {
            // Not an error: the run still answers the question, to the end of the drill.
            ui.warn(&Warning::UntilPastEnd {
                until: m,
                end: scenario.duration,
            });
            end
        }
        Some(m) => Time(m.0),
        None => end,
    };
    let refused = session.play(&log.actions, Some(stop));
    session.advance_to(stop);
    let played: Vec<_> = session.players().to_vec();
    let outcome = session.into_outcome();
    let name = args
        .actions
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    warn_refused(&ui, &name, &scenario, &outcome, &refused);
    if let Some(dir) = &args.shown.aar {
        let drill = aar::Drill {
            scenario: &scenario,
            scenario_text: &loaded.text,
            fingerprint: &loaded.fingerprint,
            seed,
            players: &played,
            actions: &log.actions,
            lessons: &log.lessons,
            extras: drill_log::Extras {
                chats: &log.chats,
                observations: &log.observations,
            },
            outcome: &outcome,
        };
        aar::save(dir, &drill, args.shown.luck).map_err(|e| super::ui::write_error(&e))?;
    }
    output(&ui, &args.shown, &Report::new(&scenario, &outcome, ui.lang))
}

/// Prints each refused action of a drill log as a warning on standard error.
fn warn_refused(ui: &Ui, log: &str, scenario: &Scenario, outcome: &Outcome, refused: &[Refused]) {
    for r in refused {
        ui.warn_text(&words::refused_action(log, scenario, outcome, r, ui.lang));
    }
}

fn output(ui: &Ui, shown: &Shown, report: &Report) -> Result<()> {
    match shown.format {
        Format::Text => ui.emit(
            shown.out.as_deref(),
            &report.to_text(shown.detail == Detail::Full),
        ),
        // Streamed: a large graph's document is never held whole.
        Format::Json => ui.emit_with(shown.out.as_deref(), |w| {
            report.write_json(w)?;
            w.write_all(b"\n")
        }),
    }
}

/// A drill log read with the scenario it names.
pub(super) struct OpenLog {
    /// The log's name in messages (its path).
    pub name: String,
    /// Its text.
    pub text: String,
    /// The log as parsed.
    pub log: DrillLog,
    /// The scenario it names (`default`, or a path from the log's folder).
    pub scenario: Arc<Scenario>,
    /// The scenario's hashes now.
    pub fingerprint: Fingerprint,
    /// The scenario's text.
    pub scenario_text: String,
}

impl OpenLog {
    /// Checks that the log's scenario has not changed since it was recorded (warnings
    /// printed, or an error) and resolves its actions against it.
    pub fn resolve(&self, allow_changed: bool, ui: &Ui) -> Result<ResolvedLog> {
        let warnings = drill_log::check_recorded(
            &self.name,
            &self.text,
            &self.log.file,
            &self.fingerprint,
            None,
            allow_changed,
        )?;
        let resolved = drill_log::resolve(&self.name, &self.text, &self.log.file, &self.scenario)?;
        report_warnings(ui, &warnings);
        Ok(resolved)
    }
}

/// Reads the drill log at `path` and loads the scenario it was recorded on.
pub(super) fn open_log(path: &Path) -> Result<OpenLog> {
    let name = path.display().to_string();
    let text = scenario::read_input(path)?;
    let log = drill_log::parse_log(&name, &text)?;
    let ((scenario, fingerprint), scenario_text) = if log.scenario == "default" {
        (
            scenario::load_default_fingerprinted(),
            scenario::DEFAULT_SCENARIO.to_string(),
        )
    } else {
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let file = base.join(&log.scenario);
        let text = scenario::read_input(&file)?;
        let loaded = scenario::load_str_fingerprinted(
            &file.display().to_string(),
            &text,
            &scenario::FsResolver {
                base: file.parent().map(Path::to_path_buf).unwrap_or_default(),
            },
        )?;
        (loaded, text)
    };
    Ok(OpenLog {
        name,
        text,
        log,
        scenario: Arc::new(scenario),
        fingerprint,
        scenario_text,
    })
}

/// Prints the data layer's warnings (`file:line:col: warning: …`); they never change the
/// exit status.
pub(super) fn report_warnings(ui: &Ui, warnings: &[scenario::Diagnostic]) {
    for w in warnings {
        ui.warn_text(&w.warning_in(ui.lang));
    }
}

/// Reads a drill log for `rensa run SCENARIO --actions LOG` and checks it against the
/// scenario given (`scenario_path`, or the bundled default): that it was recorded on it,
/// unchanged since, and that its actions resolve.
fn read_log(
    path: &Path,
    scenario: &Scenario,
    fingerprint: &Fingerprint,
    scenario_path: Option<&Path>,
    allow_changed: bool,
    ui: &Ui,
) -> Result<(u64, ResolvedLog)> {
    let name = path.display().to_string();
    let text = scenario::read_input(path)?;
    let log = drill_log::parse_log(&name, &text)?;
    let same_file = match (log.scenario.as_str(), scenario_path) {
        ("default", None) => true,
        ("default", Some(_)) | (_, None) => false,
        (reference, Some(given)) => {
            let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
            let recorded = base.join(reference);
            match (recorded.canonicalize(), given.canonicalize()) {
                (Ok(a), Ok(b)) => a == b,
                _ => recorded == given,
            }
        }
    };
    let given = match scenario_path {
        Some(p) => format!("\"{}\"", p.display()),
        None => "the bundled default drill".to_string(),
    };
    let warnings = drill_log::check_recorded(
        &name,
        &text,
        &log.file,
        fingerprint,
        (!same_file).then_some(given.as_str()),
        allow_changed,
    )?;
    let resolved = drill_log::resolve(&name, &text, &log.file, scenario)?;
    // Only for a log that will be played: a refused log's errors are enough.
    report_warnings(ui, &warnings);
    Ok((log.seed, resolved))
}

/// `rensa replay`.
pub fn replay(args: ReplayArgs) -> Result<()> {
    let ui = Ui::from(args.common);
    let open = open_log(&args.log)?;
    let resolved = open.resolve(args.allow_changed, &ui)?;
    let scenario = &open.scenario;
    let replayed = Session::replay(
        scenario.clone(),
        open.log.seed,
        &resolved.players,
        &resolved.actions,
    );
    warn_refused(
        &ui,
        &open.name,
        scenario,
        &replayed.outcome,
        &replayed.refusals,
    );
    if let Some(dir) = &args.shown.aar {
        let mut players = scenario.drill.players.clone();
        for r in &resolved.players {
            if !players.contains(r) {
                players.push(*r);
            }
        }
        let drill = aar::Drill {
            scenario,
            scenario_text: &open.scenario_text,
            fingerprint: &open.fingerprint,
            seed: open.log.seed,
            players: &players,
            actions: &resolved.actions,
            lessons: &resolved.lessons,
            extras: drill_log::Extras {
                chats: &resolved.chats,
                observations: &resolved.observations,
            },
            outcome: &replayed.outcome,
        };
        aar::save(dir, &drill, args.shown.luck).map_err(|e| super::ui::write_error(&e))?;
    }
    output(
        &ui,
        &args.shown,
        &Report::new(scenario, &replayed.outcome, ui.lang),
    )
}
