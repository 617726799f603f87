//! `rensa serve`: loads the drill and its seats, opens (or resumes) the drill log, keeps the
//! host key and the join codes beside it, and serves the drill over SSH until stopped
//! (docs/SERVE.md).

use super::{LangArg, atomic, report_load_error_in, report_warnings, warn};
use crate::model::drill::Role;
use crate::present::serve::{self as words, Event, Text};
use crate::present::{Lang, Report};
use crate::scenario::drill_log::{self, ResolvedLog};
use crate::scenario::seats::{self, SeatRole, Seats};
use crate::scenario::{self, Fingerprint};
use crate::serve::drill::{Drill, Journal, Setup};
use crate::serve::hub::{self, Hub, Limits};
use russh::keys::{Algorithm, HashAlg, PrivateKey};
use std::collections::BTreeMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// The arguments of `rensa serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Scenario file (RON) or library id. Default: the bundled drill.
    scenario: Option<PathBuf>,
    /// The seats file (RON): each seat's name, role, and keys or join code (docs/SERVE.md).
    #[arg(long, value_name = "SEATS")]
    seats: PathBuf,
    /// Where to listen. Loopback unless you name another address (e.g. 0.0.0.0:2222).
    #[arg(long, default_value = "127.0.0.1:2222")]
    listen: SocketAddr,
    /// The drill log to write (appended to as the drill runs). Default: `rensa-serve.ron`
    /// (numbered if it exists).
    #[arg(long, value_name = "LOG", conflicts_with = "resume")]
    save: Option<PathBuf>,
    /// Resume the drill a log holds (after a crash or a stop), appending to it.
    #[arg(long, value_name = "LOG", conflicts_with = "scenario")]
    resume: Option<PathBuf>,
    /// The SSH host key (OpenSSH private key). Default: `LOG.hostkey` beside the log,
    /// generated once.
    #[arg(long, value_name = "FILE")]
    host_key: Option<PathBuf>,
    /// Master seed (default: the scenario's `seed`).
    #[arg(long, conflicts_with = "resume")]
    seed: Option<u64>,
    /// Language of the server's log, and of seats whose client sends no LANG.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
    /// Free a seat after this long without a key (e.g. 30m, 2h).
    #[arg(long, value_parser = super::parse_minutes, default_value = "1h")]
    idle: crate::model::Minutes,
    /// Start the clock at this many simulated minutes per second (1 to 60).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=60))]
    speed: Option<u64>,
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

/// Reads the host key, or makes one and keeps it (readable by its owner only).
fn host_key(path: &Path, lang: Lang) -> Result<PrivateKey, String> {
    if path.exists() {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        return PrivateKey::from_openssh(&text).map_err(|e| format!("{}: {e}", path.display()));
    }
    let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let text = key
        .to_openssh(russh::keys::ssh_key::LineEnding::LF)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    atomic::write_new(path, text.as_bytes()).map_err(|e| e.to_string())?;
    let _ = lang;
    Ok(key)
}

/// The join codes of the seats that take one: read from `path` if it exists (a resumed
/// drill keeps its codes), else made and kept there.
fn codes(path: &Path, seats: &Seats) -> Result<BTreeMap<String, String>, String> {
    let mut codes: BTreeMap<String, String> = if path.exists() {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        ron::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?
    } else {
        BTreeMap::new()
    };
    let mut rng = rand::rng();
    let mut made = false;
    for s in seats.seats.iter().filter(|s| s.code) {
        if !codes.contains_key(&s.name) {
            codes.insert(s.name.clone(), hub::new_code(&mut rng));
            made = true;
        }
    }
    codes.retain(|name, _| seats.by_name(name).is_some_and(|s| s.code));
    if made || !path.exists() {
        let text = ron::ser::to_string_pretty(&codes, ron::ser::PrettyConfig::new())
            .map_err(|e| e.to_string())?;
        atomic::write(path, text.as_bytes()).map_err(|e| e.to_string())?;
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

/// Runs `rensa serve`.
pub fn serve(args: ServeArgs) -> ExitCode {
    let lang = args.lang.lang();
    let bad = |e: &scenario::LoadError| {
        report_load_error_in(e, lang);
        ExitCode::from(2)
    };
    // The drill: a new one, or the one a log holds.
    let (scenario, fingerprint, scenario_ref, log_path, resumed) = match &args.resume {
        Some(log) => match read_log(log, lang) {
            Ok((s, f, r, resolved)) => (Arc::new(s), f, r, log.clone(), Some(resolved)),
            Err(code) => return code,
        },
        None => {
            let loaded = match &args.scenario {
                Some(p) => super::library_cmd::load_fingerprinted(p),
                None => Ok(scenario::load_default_fingerprinted()),
            };
            let (s, f) = match loaded {
                Ok(x) => x,
                Err(e) => return bad(&e),
            };
            let log = args
                .save
                .clone()
                .unwrap_or_else(|| free_name(Path::new("rensa-serve.ron")));
            if log.exists() {
                warn(&format!(
                    "rensa: {}: {}",
                    log.display(),
                    match lang {
                        Lang::En =>
                            "exists: a drill log is never overwritten; continue it with --resume, or name another with --save",
                        Lang::Ja =>
                            "すでにあります。演習ログは上書きしません。続けるには --resume、別の名前は --save で指定します",
                    }
                ));
                return ExitCode::from(2);
            }
            let reference = match &args.scenario {
                None => "default".to_string(),
                Some(p) => p
                    .canonicalize()
                    .unwrap_or_else(|_| p.to_path_buf())
                    .display()
                    .to_string(),
            };
            (Arc::new(s), f, reference, log, None)
        }
    };
    // The seats.
    let seats_name = args.seats.display().to_string();
    let seats = match scenario::read_input(&args.seats)
        .and_then(|text| seats::load(&seats_name, &text, &scenario))
    {
        Ok(s) => s,
        Err(e) => return bad(&e),
    };
    if let Some(r) = &resumed {
        for s in &seats.seats {
            if let SeatRole::Role(role) = s.role
                && role != Role::Control
                && !r.players.contains(&role)
                && !scenario.drill.players.contains(&role)
            {
                warn(&format!(
                    "rensa: {seats_name}: seat {}: {}",
                    s.name,
                    match lang {
                        Lang::En =>
                            "its role is not a player of the drill log being resumed (a role's policy cannot stop mid-drill)",
                        Lang::Ja =>
                            "このロールは再開する演習ログのプレイヤーではありません（途中からポリシーを止めることはできません）",
                    }
                ));
                return ExitCode::from(2);
            }
        }
    }
    let key_path = args
        .host_key
        .clone()
        .unwrap_or_else(|| beside(&log_path, "hostkey"));
    let key = match host_key(&key_path, lang) {
        Ok(k) => k,
        Err(e) => {
            warn(&format!("rensa: {e}"));
            return ExitCode::FAILURE;
        }
    };
    let codes = match codes(&beside(&log_path, "codes"), &seats) {
        Ok(c) => c,
        Err(e) => {
            warn(&format!("rensa: {e}"));
            return ExitCode::FAILURE;
        }
    };
    // The log: a new file with its header, or the old one with a torn last line cut off.
    let drill = match &resumed {
        None => {
            let file = match std::fs::OpenOptions::new()
                .create_new(true)
                .append(true)
                .open(&log_path)
            {
                Ok(f) => f,
                Err(e) => {
                    warn(&format!("rensa: {}: {e}", log_path.display()));
                    return ExitCode::FAILURE;
                }
            };
            let setup = Setup {
                scenario: scenario.clone(),
                scenario_ref,
                fingerprint: Some(fingerprint),
                seed: args.seed.unwrap_or(scenario.seed),
                players: seats.players(),
            };
            match Drill::start(setup, Box::new(FileJournal { file })) {
                Ok(d) => d,
                Err(e) => {
                    warn(&format!("rensa: {}: {e:?}", log_path.display()));
                    return ExitCode::FAILURE;
                }
            }
        }
        Some(r) => {
            let file = match reopen(&log_path) {
                Ok(f) => f,
                Err(e) => {
                    warn(&format!("rensa: {}: {e}", log_path.display()));
                    return ExitCode::FAILURE;
                }
            };
            let seed = match drill_log::parse_log(
                &log_path.display().to_string(),
                &std::fs::read_to_string(&log_path).unwrap_or_default(),
            ) {
                Ok(l) => l.seed,
                Err(e) => return bad(&e),
            };
            Drill::resume(scenario.clone(), seed, r, Box::new(FileJournal { file }))
        }
    };
    let limits = Limits {
        idle: std::time::Duration::from_secs(args.idle.0.max(1) * 60),
        ..Limits::default()
    };
    let sink: hub::LogSink = Box::new(|line: &str| {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{} {line}", stamp());
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
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            warn(&format!("rensa: {e}"));
            return ExitCode::FAILURE;
        }
    };
    let listener = match runtime.block_on(tokio::net::TcpListener::bind(args.listen)) {
        Ok(l) => l,
        Err(e) => {
            warn(&format!("rensa: {}: {e}", args.listen));
            return ExitCode::FAILURE;
        }
    };
    let addr = listener.local_addr().unwrap_or(args.listen);
    hub.log(&Event::Listening {
        addr: addr.to_string(),
        fingerprint: key.public_key().fingerprint(HashAlg::Sha256).to_string(),
    });
    print_start(&hub, &log_path, &codes, addr, lang);
    let result_path = log_path.with_file_name(format!(
        "{}-result.json",
        log_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "drill".into())
    ));
    let stop = async {
        #[cfg(unix)]
        {
            let mut term =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = async { match term.as_mut() { Some(t) => { t.recv().await; } None => std::future::pending::<()>().await } } => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    };
    let watcher = {
        let hub = hub.clone();
        let result_path = result_path.clone();
        runtime.spawn(async move {
            let mut written = false;
            loop {
                tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                let finished = hub.read().session().is_finished();
                if finished && !written {
                    written = true;
                    write_result(&hub, &result_path);
                }
                if !finished {
                    written = false;
                }
            }
        })
    };
    let served = runtime.block_on(crate::serve::run(hub.clone(), listener, key, stop));
    watcher.abort();
    let stats = hub.stats();
    let line = match lang {
        Lang::En => format!(
            "stopped: {} frames, {} bytes; frame latency p50 {} ms, p99 {} ms",
            stats.frames,
            stats.bytes,
            fmt_ms(stats.quantile_ms(0.5)),
            fmt_ms(stats.quantile_ms(0.99))
        ),
        Lang::Ja => format!(
            "停止: フレーム {}、{} バイト。フレーム遅延 p50 {} ms、p99 {} ms",
            stats.frames,
            stats.bytes,
            fmt_ms(stats.quantile_ms(0.5)),
            fmt_ms(stats.quantile_ms(0.99))
        ),
    };
    warn(&format!("{} {line}", stamp()));
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            warn(&format!("rensa: {e}"));
            ExitCode::FAILURE
        }
    }
}

fn fmt_ms(x: Option<f64>) -> String {
    x.map_or_else(|| "-".into(), |v| format!("{v:.1}"))
}

/// Writes the live drill's result (the bytes `rensa replay LOG --format json` gives).
fn write_result(hub: &Hub, path: &Path) {
    let json = {
        let d = hub.read();
        Report::new(d.scenario(), &d.outcome(), Lang::En).to_json() + "\n"
    };
    if let Err(e) = atomic::write(path, json.as_bytes()) {
        warn(&format!("rensa: {e}"));
    }
}

/// Opens a drill log to append to, its torn last line (a crash in the middle of a write)
/// cut off first.
fn reopen(path: &Path) -> std::io::Result<std::fs::File> {
    let text = std::fs::read(path)?;
    let whole = text.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)?;
    if whole < text.len() {
        file.set_len(whole as u64)?;
        file.sync_data()?;
    }
    drop(file);
    std::fs::OpenOptions::new().append(true).open(path)
}

/// Reads a drill log to resume: its scenario, checked against the log's hashes.
fn read_log(
    path: &Path,
    lang: Lang,
) -> Result<(crate::model::Scenario, Fingerprint, String, ResolvedLog), ExitCode> {
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
    let warnings = drill_log::check_recorded(&name, &text, &log.file, &fingerprint, None, false)
        .map_err(fail)?;
    report_warnings(&warnings, lang);
    let resolved = drill_log::resolve(&name, &text, &log.file, &scenario).map_err(fail)?;
    Ok((scenario, fingerprint, log.scenario.clone(), resolved))
}

/// What the organiser reads at start: the log, the address, the join codes, how to join.
fn print_start(
    hub: &Hub,
    log: &Path,
    codes: &BTreeMap<String, String>,
    addr: SocketAddr,
    lang: Lang,
) {
    let mut out = String::new();
    let (log_word, seats_word) = match lang {
        Lang::En => ("drill log", "seats"),
        Lang::Ja => ("演習ログ", "座席"),
    };
    out.push_str(&format!("{log_word}: {}\n", log.display()));
    out.push_str(&format!("{seats_word}:\n"));
    for s in &hub.seats().seats {
        let role = match s.role {
            SeatRole::Role(r) => r.id(&hub.scenario().infra),
            SeatRole::Evaluator => "evaluator".into(),
        };
        let how = match (s.keys.len(), codes.contains_key(&s.name)) {
            (0, true) => "join code".to_string(),
            (n, true) => format!("{n} key(s), join code"),
            (n, false) => format!("{n} key(s)"),
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
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(out.as_bytes());
    let _ = stdout.flush();
}
