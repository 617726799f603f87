//! `rensa play`: loads the drill (or resumes a saved log), opens the terminal UI and saves
//! the drill log, with lessons, atomically.

use super::{LangArg, atomic, report_load_error_in, report_warnings, warn};
use crate::model::drill::Role;
use crate::model::{Scenario, Time};
use crate::present::Lang;
use crate::scenario::drill_log::{self, Lesson};
use crate::scenario::{self, Fingerprint};
use crate::session::Session;
use crate::tui::{App, LessonDraft, Saved, SavedDrill, Store};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// The arguments of `rensa play`.
#[derive(Debug, clap::Args)]
pub struct PlayArgs {
    /// Scenario file (RON). Default: the bundled drill.
    scenario: Option<PathBuf>,
    /// Take this seat at once (e.g. `control`, `operator:hinode-comm`); without it a start
    /// screen lists the roles.
    #[arg(long)]
    role: Option<String>,
    /// Language of the screens.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
    /// Simulated minutes per second the clock starts at (1 to 60).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=60))]
    speed: Option<u64>,
    /// Master seed (default: the scenario's `seed`).
    #[arg(long, conflicts_with = "resume")]
    seed: Option<u64>,
    /// Also play this role by a person (repeatable), so exercise control can hand the
    /// seat to it (hot-seat play); its policy then stays silent.
    #[arg(long = "player", value_name = "ROLE", conflicts_with = "resume")]
    players: Vec<String>,
    /// Continue a saved drill log from its last action (and save back into it).
    #[arg(long, value_name = "LOG", conflicts_with = "scenario")]
    resume: Option<PathBuf>,
    /// Where to save the drill log. Default: `rensa-play.ron` (numbered if it exists).
    #[arg(long, value_name = "LOG", conflicts_with = "resume")]
    save: Option<PathBuf>,
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
            "--out".as_ref(),
            dir.as_os_str(),
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
        let shown = path.display().to_string();
        self.last = Some(path.clone());
        // The same folder `a` writes: NAME-aar beside the log.
        let aar = aar_dir(&path).display().to_string();
        Ok(Saved {
            aar: format!(
                "rensa replay {shown} --out {aar} && rensa report {aar} --out {aar}/report.html"
            ),
            path: shown,
        })
    }
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
pub fn play(args: PlayArgs) -> ExitCode {
    let lang = args.lang.lang();
    let (mut app, store) = match &args.resume {
        Some(log) => match resume(log, lang) {
            Ok(x) => x,
            Err(code) => return code,
        },
        None => {
            let loaded = match &args.scenario {
                // A library id (`rensa scenarios`) where no such file exists, as `run` does.
                Some(p) => super::library_cmd::load_fingerprinted(p),
                None => Ok(scenario::load_default_fingerprinted()),
            };
            let (scenario, fingerprint) = match loaded {
                Ok((s, f)) => (Arc::new(s), f),
                Err(e) => {
                    report_load_error_in(&e, lang);
                    return ExitCode::from(2);
                }
            };
            let seed = args.seed.unwrap_or(scenario.seed);
            let mut players = Vec::new();
            for text in &args.players {
                match Role::parse(text, &scenario.infra) {
                    Ok(r) => players.push(r),
                    Err(e) => {
                        warn(&format!("rensa: --player {text}: {e}"));
                        return ExitCode::from(2);
                    }
                }
            }
            let app = App::with_players(scenario.clone(), seed, lang, None, &players);
            let store = FileStore {
                path: args
                    .save
                    .clone()
                    .unwrap_or_else(|| free_name(Path::new("rensa-play.ron"))),
                scenario_ref: scenario_ref(args.scenario.as_deref()),
                fingerprint,
                scenario,
                last: None,
            };
            (app, store)
        }
    };
    if let Some(text) = &args.role {
        let role = match Role::parse(text, &app.scenario().infra) {
            Ok(r) => r,
            Err(e) => {
                warn(&format!("rensa: --role {text}: {e}"));
                return ExitCode::from(2);
            }
        };
        // A resumed drill has begun: its players are fixed (a policy played the others).
        if args.resume.is_some()
            && role != Role::Control
            && !app.session().players().contains(&role)
        {
            let players: Vec<String> = app
                .session()
                .players()
                .iter()
                .map(|r| r.id(&app.scenario().infra))
                .collect();
            warn(&format!(
                "rensa: --role {text}: not a player of this drill log; its players are {}",
                players.join(", ")
            ));
            return ExitCode::from(2);
        }
        if !app.roles().contains(&role) {
            warn(&format!(
                "rensa: --role {text}: the role takes no part in this drill"
            ));
            return ExitCode::from(2);
        }
        app.seat_at_start(role);
    }
    if let Some(s) = args.speed {
        app.set_speed(s);
    }
    app.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    app.set_store(Box::new(store));
    match crate::tui::term::run(&mut app) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            warn(&format!("rensa: terminal: {e}"));
            ExitCode::FAILURE
        }
    }
}

/// Reads a saved log and plays it to its last action.
fn resume(path: &Path, lang: Lang) -> Result<(App, FileStore), ExitCode> {
    let name = path.display().to_string();
    let fail = |e: scenario::LoadError| {
        report_load_error_in(&e, lang);
        ExitCode::from(2)
    };
    let text = scenario::read_input(path).map_err(fail)?;
    let log = drill_log::parse_log(&name, &text).map_err(fail)?;
    let loaded = if log.scenario == "default" {
        Ok(scenario::load_default_fingerprinted())
    } else {
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        scenario::load_path_fingerprinted(&base.join(&log.scenario))
    };
    let (scenario, fingerprint) = loaded.map_err(fail)?;
    let scenario = Arc::new(scenario);
    let warnings = drill_log::check_recorded(&name, &text, &log.file, &fingerprint, None, false)
        .map_err(fail)?;
    report_warnings(&warnings, lang);
    let resolved = drill_log::resolve(&name, &text, &log.file, &scenario).map_err(fail)?;
    let mut session = Session::with_players(scenario.clone(), log.seed, &resolved.players);
    session.play(&resolved.actions, None);
    // Continue where the drill was saved (a branch saved before any new action included).
    if let Some(at) = resolved.resume_at() {
        session.advance_to(at);
    }
    let mut app = App::with_session(scenario.clone(), session, lang);
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
    app.mark_saved();
    // Only the log's players and exercise control may sit down again.
    app.fix_players();
    let store = FileStore {
        path: path.to_path_buf(),
        scenario_ref: log.scenario.clone(),
        fingerprint,
        scenario,
        last: Some(path.to_path_buf()),
    };
    Ok((app, store))
}
