//! `rensa serve`: loads the drill and its seats, opens (or resumes) the drill log, keeps the
//! host key and the join codes beside it, and serves the drill over SSH until stopped
//! (docs/SERVE.md).

use super::args::{Common, ScenarioArg, SeedArg};
use super::atomic;
use super::error::{Error, Result};
use super::run_cmd::open_log;
use super::ui::{Ui, write_error};
use crate::lang::Lang;
use crate::model::drill::Role;
use crate::present::Report;
use crate::present::cli::Problem;
use crate::present::serve::{self as words, Event, Text};
use crate::scenario;
use crate::scenario::seats::{self, SeatRole, Seats};
use crate::serve::drill::{Drill, Journal, Setup};
use crate::serve::hub::{self, Hub, Limits};
use russh::keys::{Algorithm, HashAlg, PrivateKey};
use std::collections::BTreeMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The arguments of `rensa serve`.
#[derive(Debug, clap::Args)]
#[command(after_help = concat!("Examples:
  rensa serve --seats seats.ron                     the default drill on 127.0.0.1:2222
  rensa serve rail-signal-worm --seats seats.ron --listen 0.0.0.0:2222 -o drill.ron
  rensa serve --seats seats.ron -o drill.ron --resume   after a crash: every seat back where it was
  ssh -p 2222 hinode@host                           a participant with a key
  ssh -p 2222 join@host                             a participant with a join code
  rensa replay drill.ron --aar aar                  the after-action report's inputs

", super::exit_status!()))]
pub struct ServeArgs {
    #[command(flatten)]
    scenario: ScenarioArg,
    #[command(flatten)]
    seed: SeedArg,
    /// The seats file (RON): each seat's name, role, and keys or join code (docs/SERVE.md).
    #[arg(long, value_name = "SEATS")]
    seats: PathBuf,
    /// Where to listen. Loopback unless you name another address (e.g. 0.0.0.0:2222).
    #[arg(long, default_value = "127.0.0.1:2222")]
    listen: SocketAddr,
    /// The drill log, appended to as the drill runs (never overwritten). Default:
    /// `rensa-serve.ron` (numbered if it exists).
    #[arg(short, long, visible_alias = "save", value_name = "LOG")]
    out: Option<PathBuf>,
    /// Resume the drill a log holds (after a crash or a stop), appending to it: the log
    /// at --out, or the one given here. Every seat comes back at the minute it reached.
    #[arg(long, value_name = "LOG", num_args = 0..=1, conflicts_with_all = ["scenario", "seed"])]
    resume: Option<Option<PathBuf>>,
    /// The SSH host key (an OpenSSH private key). Default: `LOG.hostkey` beside the log,
    /// made once.
    #[arg(long, value_name = "FILE")]
    host_key: Option<PathBuf>,
    /// Free a seat after this long without a key (e.g. 30m, 2h).
    #[arg(long, value_name = "TIME", default_value = "1h")]
    idle: String,
    /// Start the clock at this many simulated minutes per second (1 to 60).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=60))]
    speed: Option<u64>,
    #[command(flatten)]
    pub(super) common: Common,
}

/// Appends to the drill log file; a durable append is flushed to the disk (fsync) before
/// it returns.
struct FileJournal {
    file: std::fs::File,
}

impl Journal for FileJournal {
    fn append(&mut self, line: &str, durable: bool) -> std::io::Result<()> {
        self.file.write_all(line.as_bytes())?;
        if durable {
            self.file.sync_data()?;
        }
        Ok(())
    }

    fn sync(&mut self) -> std::io::Result<()> {
        self.file.sync_data()
    }
}

/// A file beside the log: `drill.ron` → `drill.hostkey`.
fn beside(log: &Path, ext: &str) -> PathBuf {
    log.with_extension(ext)
}

fn failed(reason: String) -> Error {
    Error::Problem(Problem::Failed { reason })
}

/// Reads the host key, or makes one and keeps it (readable by its owner only).
fn host_key(path: &Path) -> Result<PrivateKey> {
    let shown = |e: &dyn std::fmt::Display| failed(format!("{}: {e}", path.display()));
    if path.exists() {
        let text = std::fs::read_to_string(path).map_err(|e| shown(&e))?;
        return PrivateKey::from_openssh(&text).map_err(|e| shown(&e));
    }
    let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).map_err(|e| shown(&e))?;
    let text = key
        .to_openssh(russh::keys::ssh_key::LineEnding::LF)
        .map_err(|e| shown(&e))?;
    atomic::write_new(path, text.as_bytes()).map_err(|e| write_error(&e))?;
    Ok(key)
}

/// The join codes of the seats that take one: read from `path` if it exists (a resumed
/// drill keeps its codes), else made and kept there (readable by its owner only).
fn codes(path: &Path, seats: &Seats) -> Result<BTreeMap<String, String>> {
    let mut codes: BTreeMap<String, String> = if path.exists() {
        let text = std::fs::read_to_string(path)
            .map_err(|e| failed(format!("{}: {e}", path.display())))?;
        ron::from_str(&text).map_err(|e| failed(format!("{}: {e}", path.display())))?
    } else {
        BTreeMap::new()
    };
    let before = codes.clone();
    let mut rng = rand::rng();
    for s in seats.seats.iter().filter(|s| s.code) {
        codes
            .entry(s.name.clone())
            .or_insert_with(|| hub::new_code(&mut rng));
    }
    codes.retain(|name, _| seats.by_name(name).is_some_and(|s| s.code));
    if codes != before || !path.exists() {
        let text = ron::ser::to_string_pretty(&codes, ron::ser::PrettyConfig::new())
            .map_err(|e| failed(e.to_string()))?;
        atomic::write(path, text.as_bytes()).map_err(|e| write_error(&e))?;
    }
    Ok(codes)
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

/// The time of day (UTC) for the server's log lines.
fn stamp() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let day = secs % 86_400;
    format!("{:02}:{:02}:{:02}Z", day / 3600, day % 3600 / 60, day % 60)
}

/// What the drill begins from: a new drill, or the one a log holds.
struct Begin {
    scenario: Arc<crate::model::Scenario>,
    log_path: PathBuf,
    drill: Box<dyn FnOnce(Box<dyn Journal>) -> Result<Drill>>,
    /// The players of a resumed log (a seat's role must be one).
    resumed_players: Option<Vec<Role>>,
}

/// Runs `rensa serve`.
pub fn serve(args: ServeArgs) -> Result<()> {
    let ui = Ui::from(args.common);
    let lang = ui.lang;
    let idle = super::args::duration("--idle", &args.idle, lang)?;
    let seats_path = args.seats.clone();
    let begin = match &args.resume {
        Some(given) => {
            let path = given
                .clone()
                .or_else(|| args.out.clone())
                .ok_or(Problem::Needs {
                    flag: "--resume",
                    needs: "a LOG, or -o/--out LOG",
                })?;
            let open = open_log(&path)?;
            let resolved = open.resolve(false, &ui)?;
            let scenario = open.scenario.clone();
            let seed = open.log.seed;
            let players = resolved.players.clone();
            let s2 = scenario.clone();
            Begin {
                scenario,
                log_path: path,
                drill: Box::new(move |j| Ok(Drill::resume(s2, seed, &resolved, j))),
                resumed_players: Some(players),
            }
        }
        None => {
            let loaded = args.scenario.load()?;
            let log_path = args
                .out
                .clone()
                .unwrap_or_else(|| free_name(Path::new("rensa-serve.ron")));
            if log_path.exists() {
                return Err(Problem::BadValue {
                    flag: "--out",
                    value: log_path.display().to_string(),
                    reason: lang
                        .pick(
                            "the file exists: a drill log is never overwritten; continue it with --resume, or name another",
                            "ファイルがすでにあります。演習ログは上書きしません。続けるには --resume、別のログには別の名前を指定します",
                        )
                        .to_string(),
                }
                .into());
            }
            let scenario_ref = match args.scenario.path() {
                None => "default".to_string(),
                Some(p) if p.exists() => p
                    .canonicalize()
                    .unwrap_or_else(|_| p.to_path_buf())
                    .display()
                    .to_string(),
                // A library id: the log names the file the library drill was written to.
                Some(p) => p.display().to_string(),
            };
            let scenario = Arc::new(loaded.scenario);
            let seed = args.seed.or_scenario(&scenario);
            let s2 = scenario.clone();
            let fingerprint = loaded.fingerprint;
            let seats_for_players = read_seats(&seats_path, &scenario)?;
            Begin {
                scenario,
                log_path,
                drill: Box::new(move |j| {
                    Drill::start(
                        Setup {
                            scenario: s2,
                            scenario_ref,
                            fingerprint: Some(fingerprint),
                            seed,
                            players: seats_for_players.players(),
                        },
                        j,
                    )
                    .map_err(|e| failed(format!("{e:?}")))
                }),
                resumed_players: None,
            }
        }
    };
    let scenario = begin.scenario.clone();
    let seats = read_seats(&seats_path, &scenario)?;
    if let Some(players) = &begin.resumed_players {
        for s in &seats.seats {
            if let SeatRole::Role(role) = s.role
                && role != Role::Control
                && !players.contains(&role)
            {
                return Err(Problem::BadValue {
                    flag: "--seats",
                    value: seats_path.display().to_string(),
                    reason: format!(
                        "{}: {}",
                        s.name,
                        lang.pick(
                            "its role is not a player of the drill log being resumed (a role's policy cannot stop mid-drill)",
                            "このロールは再開する演習ログのプレイヤーではありません（途中からポリシーを止めることはできません）",
                        )
                    ),
                }
                .into());
            }
        }
    }
    let log_path = begin.log_path.clone();
    let key_path = args
        .host_key
        .clone()
        .unwrap_or_else(|| beside(&log_path, "hostkey"));
    let key = host_key(&key_path)?;
    let codes = codes(&beside(&log_path, "codes"), &seats)?;
    // The log: a new file with its header, or the old one with a torn last line cut off.
    let file = if begin.resumed_players.is_some() {
        reopen(&log_path)
    } else {
        std::fs::OpenOptions::new()
            .create_new(true)
            .append(true)
            .open(&log_path)
    }
    .map_err(|e| {
        Error::Problem(Problem::CannotWrite {
            file: Some(log_path.display().to_string()),
            reason: e.to_string(),
            refused: false,
        })
    })?;
    let drill = (begin.drill)(Box::new(FileJournal { file }))?;
    let limits = Limits {
        idle: std::time::Duration::from_secs(idle.0.max(1) * 60),
        ..Limits::default()
    };
    let quiet = ui.quiet;
    let sink: hub::LogSink = Box::new(move |line: &str| {
        if !quiet {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "{} {line}", stamp());
        }
    });
    let hub = Hub::new(
        drill,
        seats,
        codes.clone(),
        (sink, log_path.display().to_string()),
        lang,
        limits,
    );
    if let Some(s) = args.speed {
        hub.write(|d| d.set_speed(s));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| failed(e.to_string()))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(args.listen))
        .map_err(|e| failed(format!("{}: {e}", args.listen)))?;
    let addr = listener.local_addr().unwrap_or(args.listen);
    hub.log(&Event::Listening {
        addr: addr.to_string(),
        fingerprint: key.public_key().fingerprint(HashAlg::Sha256).to_string(),
    });
    ui.print(&start_text(&hub, &log_path, &codes, addr, lang))?;
    let result_path = log_path.with_file_name(format!(
        "{}-result.json",
        log_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "drill".into())
    ));
    let watcher = {
        let hub = hub.clone();
        runtime.spawn(async move {
            let mut written = false;
            loop {
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                let finished = hub.read().session().is_finished();
                if finished && !written {
                    written = true;
                    write_result(&hub, &result_path);
                }
                // A rewind from the end: the result is written again at the new end.
                written &= finished;
            }
        })
    };
    let served = runtime.block_on(crate::serve::run(hub.clone(), listener, key, stop()));
    watcher.abort();
    let stats = hub.stats();
    let ms = |x: Option<f64>| x.map_or_else(|| "-".into(), |v| format!("{v:.1}"));
    let line = match lang {
        Lang::En => format!(
            "stopped: {} frames, {} bytes; frame latency p50 {} ms, p99 {} ms",
            stats.frames,
            stats.bytes,
            ms(stats.quantile_ms(0.5)),
            ms(stats.quantile_ms(0.99))
        ),
        Lang::Ja => format!(
            "停止: フレーム {}、{} バイト。フレーム遅延 p50 {} ms、p99 {} ms",
            stats.frames,
            stats.bytes,
            ms(stats.quantile_ms(0.5)),
            ms(stats.quantile_ms(0.99))
        ),
    };
    ui.warn_text(&format!("{} {line}", stamp()));
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    served.map_err(|e| failed(e.to_string()))
}

/// Until SIGINT or SIGTERM.
async fn stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn read_seats(path: &Path, scenario: &crate::model::Scenario) -> Result<Seats> {
    let text = scenario::read_input(path)?;
    Ok(seats::load(&path.display().to_string(), &text, scenario)?)
}

/// Writes the live drill's result (the bytes `rensa replay LOG --format json` gives).
fn write_result(hub: &Hub, path: &Path) {
    let json = {
        let d = hub.read();
        Report::new(d.scenario(), &d.outcome(), Lang::En).to_json() + "\n"
    };
    if let Err(e) = atomic::write(path, json.as_bytes()) {
        hub.log(&Event::LogFailed { why: e.to_string() });
    }
}

/// Opens a drill log to append to, its torn last line (a crash in the middle of a write)
/// cut off first.
fn reopen(path: &Path) -> std::io::Result<std::fs::File> {
    let text = std::fs::read(path)?;
    let whole = text.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let file = std::fs::OpenOptions::new().write(true).open(path)?;
    if whole < text.len() {
        file.set_len(whole as u64)?;
        file.sync_data()?;
    }
    drop(file);
    std::fs::OpenOptions::new().append(true).open(path)
}

/// What the organiser reads at start: the log, the seats, the join codes, how to join.
fn start_text(
    hub: &Hub,
    log: &Path,
    codes: &BTreeMap<String, String>,
    addr: SocketAddr,
    lang: Lang,
) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{}: {}\n{}:\n",
        lang.pick("drill log", "演習ログ"),
        log.display(),
        lang.pick("seats", "座席")
    ));
    for s in &hub.seats().seats {
        let role = match s.role {
            SeatRole::Role(r) => r.id(&hub.scenario().infra),
            SeatRole::Evaluator => "evaluator".into(),
        };
        let how = match (s.keys.len(), codes.contains_key(&s.name)) {
            (0, true) => lang.pick("join code", "参加コード").to_string(),
            (n, true) => format!("{n} {}", lang.pick("key(s), join code", "鍵、参加コード")),
            (n, false) => format!("{n} {}", lang.pick("key(s)", "鍵")),
        };
        out.push_str(&format!("  {:<16} {:<28} {how}\n", s.name, role));
    }
    if !codes.is_empty() {
        out.push_str(words::text(lang, Text::CodesHeading));
        out.push('\n');
        for (seat, code) in codes {
            out.push_str(&format!("  {seat:<16} {code}\n"));
        }
    }
    out.push_str(
        &words::text(lang, Text::HowToJoin)
            .replace("PORT", &addr.port().to_string())
            .replace("ポート", &addr.port().to_string()),
    );
    out.push('\n');
    out
}
