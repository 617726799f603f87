//! `rensa play`: loads the drill (or resumes a saved log), opens the terminal UI and saves
//! the drill log, with lessons, atomically.

use super::args::{Language, ScenarioArg, SeedArg};
use super::atomic;
use super::error::Result;
use super::run_cmd::open_log;
use super::ui::Ui;
use crate::model::drill::Role;
use crate::model::{Scenario, Time};
use crate::present::cli::Problem;
use crate::scenario::drill_log::{self, Lesson};
use crate::scenario::{Fingerprint, Say};
use crate::session::Session;
use crate::tui::{App, LessonDraft, Saved, SavedDrill, Store};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The arguments of `rensa play`.
#[derive(Debug, clap::Args)]
#[command(after_help = concat!("Examples:
  rensa play                                  the default drill; a start screen lists the seats
  rensa play rail-signal-worm --lang ja       a library drill, in Japanese
  rensa play --role operator:hinode-comm --speed 30 -o my-drill.ron
  rensa play -o my-drill.ron --resume         continue the saved log where it stopped
  rensa replay my-drill.ron --aar aar         then its after-action report's inputs

", super::exit_status!()))]
pub struct PlayArgs {
    #[command(flatten)]
    scenario: ScenarioArg,
    /// Take this seat at once (e.g. `control`, `operator:hinode-comm`); without it a start
    /// screen lists the roles.
    #[arg(long)]
    role: Option<String>,
    /// Simulated minutes per second the clock starts at (1 to 60).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=60))]
    speed: Option<u64>,
    #[command(flatten)]
    seed: SeedArg,
    /// Also play this role by a person (repeatable), so exercise control can hand the
    /// seat to it (hot-seat play); its policy then stays silent.
    #[arg(long = "player", value_name = "ROLE", conflicts_with = "resume")]
    players: Vec<String>,
    /// The drill log to save into, atomically. Default: `rensa-play.ron` (numbered if it
    /// exists).
    #[arg(short, long, value_name = "LOG")]
    out: Option<PathBuf>,
    /// Continue the drill log at --out from where it was saved (and save back into it);
    /// its scenario, seed and players are the log's.
    #[arg(long, requires = "out", conflicts_with_all = ["scenario", "seed", "players"])]
    resume: bool,
    #[command(flatten)]
    pub(super) language: Language,
}

/// Writes drill logs to a file, atomically; branches go beside it.
struct FileStore {
    path: PathBuf,
    /// The scenario as the log names it: `default`, or a path from the log's folder.
    scenario_ref: String,
    fingerprint: Fingerprint,
    scenario: Arc<Scenario>,
    /// The file of the last save.
    last: Option<PathBuf>,
}

impl FileStore {
    /// The file a drill goes to: the log itself, or for a branch `NAME-branch-N-tMINUTE.ron`.
    fn target(&self, branch: Option<(Time, u32)>) -> PathBuf {
        match branch {
            None => self.path.clone(),
            Some((t, n)) => {
                let stem = self
                    .path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "drill".into());
                self.path
                    .with_file_name(format!("{stem}-branch-{n}-t{}.ron", t.0))
            }
        }
    }
}

impl Store for FileStore {
    /// Replays the saved log into `NAME-aar/` (what `replay --out` saves) and writes
    /// `NAME-aar/report.html`, by running this program: the same commands the end screen
    /// shows, their output kept off the screen.
    fn report(&mut self, _saved: &Saved) -> Result<String, String> {
        let log = self.last.clone().ok_or("not saved yet")?;
        let dir = aar_dir(&log);
        let html = dir.join("report.html");
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let run = |args: &[&std::ffi::OsStr]| -> Result<(), String> {
            let out = std::process::Command::new(&exe)
                .args(args)
                .output()
                .map_err(|e| e.to_string())?;
            if out.status.success() {
                Ok(())
            } else {
                Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
            }
        };
        run(&[
            "replay".as_ref(),
            log.as_os_str(),
            "--aar".as_ref(),
            dir.as_os_str(),
            "--quiet".as_ref(),
        ])?;
        run(&[
            "report".as_ref(),
            dir.as_os_str(),
            "--out".as_ref(),
            html.as_os_str(),
        ])?;
        Ok(html.display().to_string())
    }

    fn save(&mut self, drill: &SavedDrill<'_>) -> Result<Saved, String> {
        let path = self.target(drill.branch);
        let text = log_text(&self.scenario_ref, &self.fingerprint, &self.scenario, drill);
        atomic::write(&path, text.as_bytes()).map_err(|e| e.to_string())?;
        // What each seat has read goes beside the log, so a resumed drill keeps it.
        let read = read_text(&self.scenario, drill.read);
        atomic::write(&read_path(&path), read.as_bytes()).map_err(|e| e.to_string())?;
        let shown = path.display().to_string();
        self.last = Some(path.clone());
        // The same folder `a` writes: NAME-aar beside the log.
        let aar = aar_dir(&path).display().to_string();
        Ok(Saved {
            aar: format!(
                "rensa replay {shown} --aar {aar} && rensa report {aar} --out {aar}/report.html"
            ),
            path: shown,
        })
    }
}

/// Where the messages each seat has read are kept: `NAME.read.json` beside the log.
fn read_path(log: &Path) -> PathBuf {
    let stem = log
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "drill".into());
    log.with_file_name(format!("{stem}.read.json"))
}

/// The messages each seat has read, as JSON: role id → message numbers.
fn read_text(scenario: &Scenario, read: &BTreeMap<Role, BTreeSet<u32>>) -> String {
    let map: BTreeMap<String, &BTreeSet<u32>> = read
        .iter()
        .map(|(r, ids)| (r.id(&scenario.infra), ids))
        .collect();
    serde_json::to_string_pretty(&map).unwrap_or_default()
}

/// Reads what `read_text` wrote; roles that do not parse are left out (nothing was read).
fn read_back(scenario: &Scenario, text: &str) -> BTreeMap<Role, BTreeSet<u32>> {
    let map: BTreeMap<String, BTreeSet<u32>> = serde_json::from_str(text).unwrap_or_default();
    map.into_iter()
        .filter_map(|(k, v)| Role::parse(&k, &scenario.infra).ok().map(|r| (r, v)))
        .collect()
}

/// Where the after-action report of the log at `log` goes: `NAME-aar/` beside it.
fn aar_dir(log: &Path) -> PathBuf {
    let stem = log
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "drill".into());
    log.with_file_name(format!("{stem}-aar"))
}

/// The drill log of `session` with `lessons`, as `rensa replay` reads it.
fn log_text(
    scenario_ref: &str,
    fingerprint: &Fingerprint,
    scenario: &Scenario,
    drill: &SavedDrill<'_>,
) -> String {
    let session = drill.session;
    let lessons: Vec<Lesson> = drill
        .lessons
        .iter()
        .map(|l| Lesson {
            role: l.role,
            went_well: l.went_well.clone(),
            went_badly: l.went_badly.clone(),
            score: l.score,
        })
        .collect();
    let incident_name = |id| {
        session
            .inject_of_incident(id)
            .map(|k| scenario.injects[k].key.clone())
    };
    drill_log::SavedLog {
        scenario_ref,
        fingerprint: Some(fingerprint),
        seed: session.seed(),
        players: &drill.players(),
        actions: &session.log_entries(),
        lessons: &lessons,
        paused_at: Some(session.now()),
        date: None,
        scenario,
        incident_name: &incident_name,
    }
    .to_ron()
}

/// A free file name: `base`, else `stem-2.ron`, `stem-3.ron`, …
fn free_name(base: &Path) -> PathBuf {
    if !base.exists() {
        return base.to_path_buf();
    }
    let stem = base
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    (2..)
        .map(|n| base.with_file_name(format!("{stem}-{n}.ron")))
        .find(|p| !p.exists())
        .unwrap_or_else(|| base.to_path_buf())
}

/// The scenario's name in a log saved at `log`: a path the replay finds from the log's
/// folder (absolute, so it holds wherever the log is).
fn scenario_ref(path: Option<&Path>) -> String {
    match path {
        None => "default".into(),
        Some(p) => p
            .canonicalize()
            .unwrap_or_else(|_| p.to_path_buf())
            .display()
            .to_string(),
    }
}

/// Runs `rensa play`.
pub fn play(args: PlayArgs) -> Result<()> {
    let ui = Ui {
        lang: args.language.lang.lang(),
        quiet: false,
    };
    let lang = ui.lang;
    let (mut app, store) = match (&args.out, args.resume) {
        (Some(log), true) => resume(log, &ui)?,
        _ => {
            let loaded = args.scenario.load()?;
            let (scenario, fingerprint) = (Arc::new(loaded.scenario), loaded.fingerprint);
            let seed = args.seed.or_scenario(&scenario);
            let mut players = Vec::new();
            for text in &args.players {
                let role =
                    Role::parse(text, &scenario.infra).map_err(|reason| Problem::BadValue {
                        flag: "--player",
                        value: text.clone(),
                        reason: reason.say(lang),
                    })?;
                players.push(role);
            }
            let app = App::with_players(scenario.clone(), seed, lang, None, &players);
            let store = FileStore {
                path: args
                    .out
                    .clone()
                    .unwrap_or_else(|| free_name(Path::new("rensa-play.ron"))),
                scenario_ref: scenario_ref(args.scenario.path()),
                fingerprint,
                scenario,
                last: None,
            };
            (app, store)
        }
    };
    if let Some(text) = &args.role {
        let role =
            Role::parse(text, &app.scenario().infra).map_err(|reason| Problem::BadValue {
                flag: "--role",
                value: text.clone(),
                reason: reason.say(lang),
            })?;
        // A resumed drill has begun: its players are fixed (a policy played the others).
        if args.resume && role != Role::Control && !app.session().players().contains(&role) {
            let players: Vec<String> = app
                .session()
                .players()
                .iter()
                .map(|r| r.id(&app.scenario().infra))
                .collect();
            return Err(Problem::NotAPlayer {
                role: text.clone(),
                players,
            }
            .into());
        }
        if !app.roles().contains(&role) {
            return Err(Problem::RoleNotInDrill { role: text.clone() }.into());
        }
        app.seat_at_start(role);
    }
    if let Some(s) = args.speed {
        app.set_speed(s);
    }
    app.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    app.set_store(Box::new(store));
    crate::tui::term::run(&mut app).map_err(|e| {
        Problem::Terminal {
            reason: e.to_string(),
        }
        .into()
    })
}

/// Reads a saved log and plays it to its last action.
fn resume(path: &Path, ui: &Ui) -> Result<(App, FileStore)> {
    let open = open_log(path)?;
    let resolved = open.resolve(false, ui)?;
    let scenario = open.scenario.clone();
    let mut session = Session::with_players(scenario.clone(), open.log.seed, &resolved.players);
    session.play(&resolved.actions, None);
    // Continue where the drill was saved (a branch saved before any new action included).
    if let Some(at) = resolved.resume_at() {
        session.advance_to(at);
    }
    let mut app = App::with_session(scenario.clone(), session, ui.lang);
    app.set_lessons(
        resolved
            .lessons
            .iter()
            .map(|l| LessonDraft {
                role: l.role,
                went_well: l.went_well.clone(),
                went_badly: l.went_badly.clone(),
                score: l.score,
            })
            .collect(),
    );
    if let Ok(text) = std::fs::read_to_string(read_path(path)) {
        app.set_read(read_back(&scenario, &text));
    }
    app.mark_saved();
    // Only the log's players and exercise control may sit down again.
    app.fix_players();
    let store = FileStore {
        path: path.to_path_buf(),
        scenario_ref: open.log.scenario.clone(),
        fingerprint: open.fingerprint,
        scenario,
        last: Some(path.to_path_buf()),
    };
    Ok((app, store))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_each_seat_read_comes_back_on_resume() {
        let s = crate::scenario::load_default();
        let carrier = Role::parse("operator:hinode-comm", &s.infra).expect("role");
        let read: BTreeMap<Role, BTreeSet<u32>> =
            [(carrier, [0, 4].into()), (Role::Nisc, [2].into())].into();
        assert_eq!(read_back(&s, &read_text(&s, &read)), read);
        assert_eq!(
            read_path(Path::new("d/drill.ron")),
            Path::new("d/drill.read.json")
        );
    }
}
