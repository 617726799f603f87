//! `rensa serve` under load: fifty seats connected at once over SSH (scripted russh
//! clients, `rensa::serve::client`), for a simulated hour of the default drill (control's
//! clock at 1 minute per second: 60 s). Every player seat presses a key every 100 ms,
//! switching between its Sectors and Inbox screens, and once a second takes the first
//! action its menu offers. Measured:
//!
//! * keystroke to frame: from a key leaving the client to the packet after which the
//!   client's terminal (a vt100 emulator) shows the screen the key asked for; a seat waits
//!   for that frame before its next measured key, so every key is measured (p50, p99, max);
//! * the server's own figure (a change of the drill to the frame leaving for a seat);
//! * the server's CPU time and peak memory (VmHWM), read from /proc for the `rensa serve`
//!   child process, which runs alone in its process (the clients run in this one).
//!
//! Run with `cargo bench --bench serve` (a release build of `rensa`);
//! `RENSA_BENCH_SEATS` and `RENSA_BENCH_SECS` change the 50 seats and 60 s.

use rensa::serve::client::{Client, Options, Proof};
use russh::keys::{Algorithm, PrivateKey};
use std::io::{BufRead, BufReader};
use std::num::NonZeroU16;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const COLS: u16 = 100;
const ROWS: u16 = 30;
const TICK: Duration = Duration::from_millis(100);

fn main() {
    let seats: usize = env_or("RENSA_BENCH_SEATS", 50);
    let secs: u64 = env_or("RENSA_BENCH_SECS", 60);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let scenario = rensa::scenario::load_default();
    let operators: Vec<String> = scenario
        .infra
        .operators
        .iter()
        .map(|o| format!("operator:{}", o.key))
        .take(seats - 1)
        .collect();
    assert_eq!(
        operators.len(),
        seats - 1,
        "the default drill has too few operators"
    );
    let mut rng = rand::rng();
    let keys: Vec<Arc<PrivateKey>> = (0..seats)
        .map(|_| Arc::new(PrivateKey::random(&mut rng, Algorithm::Ed25519).expect("a key")))
        .collect();
    let names: Vec<String> = (0..seats)
        .map(|i| {
            if i == 0 {
                "control".into()
            } else {
                format!("seat{i:02}")
            }
        })
        .collect();
    let mut file = String::from("Seats(seats: [\n");
    for (i, name) in names.iter().enumerate() {
        let role = if i == 0 { "control" } else { &operators[i - 1] };
        file += &format!(
            "Seat(name: \"{name}\", role: \"{role}\", keys: [\"{}\"]),\n",
            keys[i].public_key().to_openssh().expect("openssh form")
        );
    }
    file += "])\n";
    std::fs::write(dir.path().join("seats.ron"), file).expect("the seats file");

    let mut server = Server::start(dir.path());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let load_before = loadavg();
    let outcome = rt.block_on(drive(server.port, &names, &keys, secs, server.pid()));
    let load_after = loadavg();
    let (cpu_s, hwm_kib, rss_kib) = (outcome.server_cpu_s, server.hwm_kib(), server.rss_kib());
    let stop_line = server.stop();
    let log = std::fs::read_to_string(dir.path().join("drill.ron")).unwrap_or_default();
    let acts = log.matches("Act(").count();

    let mut lat = outcome.latencies_ms.clone();
    lat.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let i = ((p * lat.len() as f64).ceil() as usize).clamp(1, lat.len().max(1)) - 1;
        lat.get(i).copied().unwrap_or(f64::NAN)
    };
    println!("rensa serve under load: {seats} seats, {secs} s (a simulated hour at 1 min/s)");
    println!("  load average before {load_before}, after {load_after} (2 cores, shared)");
    println!(
        "  keys: {} measured, {} unmeasured (actions), {} never drawn; actions accepted: {acts}",
        lat.len(),
        outcome.unmeasured,
        outcome.lost
    );
    println!(
        "  keystroke to frame: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        q(0.5),
        q(0.99),
        lat.last().copied().unwrap_or(f64::NAN)
    );
    println!("  server: {stop_line}");
    println!(
        "  server CPU {cpu_s:.1} s over {secs} s of load ({:.0}% of one core); memory peak {:.1} MiB, at the end {:.1} MiB",
        100.0 * cpu_s / secs as f64,
        hwm_kib as f64 / 1024.0,
        rss_kib as f64 / 1024.0
    );
    println!(
        "  clients (this process, vt100 emulation included): CPU {:.1} s",
        outcome.client_cpu_s
    );
}

struct Outcome {
    latencies_ms: Vec<f64>,
    unmeasured: usize,
    lost: usize,
    server_cpu_s: f64,
    client_cpu_s: f64,
}

async fn drive(
    port: u16,
    names: &[String],
    keys: &[Arc<PrivateKey>],
    secs: u64,
    pid: u32,
) -> Outcome {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let mut clients = Vec::new();
    for (name, key) in names.iter().zip(keys) {
        let c = Client::connect(
            addr,
            Options {
                user: name,
                proof: Proof::Key(key.clone()),
                size: (COLS as u32, ROWS as u32),
                lang: None,
                read: true,
            },
        )
        .await
        .unwrap_or_else(|e| panic!("seat {name} could not connect: {e:?}"));
        clients.push(Arc::new(c));
    }
    // Every seat on its first screen before the clock starts.
    for c in &clients[1..] {
        let mut vt = Screen::new();
        let start = Instant::now();
        c.send(b"1").await.expect("a key");
        while !vt.update(c).contains("┌Sectors") {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "a seat never showed its Sectors screen:\n{}",
                vt.text()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    let (cpu0, self0) = (cpu_seconds(pid), cpu_seconds(std::process::id()));
    clients[0]
        .send(b" ")
        .await
        .expect("control resumes the clock");
    let end = Instant::now() + Duration::from_secs(secs);
    let tasks: Vec<_> = clients[1..]
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let c = c.clone();
            // Spread the seats over the tick.
            let offset = TICK * i as u32 / names.len() as u32;
            tokio::spawn(async move { player(c, end, offset).await })
        })
        .collect();
    let mut out = Outcome {
        latencies_ms: Vec::new(),
        unmeasured: 0,
        lost: 0,
        server_cpu_s: 0.0,
        client_cpu_s: 0.0,
    };
    for t in tasks {
        let (lat, unmeasured, lost) = t.await.expect("a seat's task");
        out.latencies_ms.extend(lat);
        out.unmeasured += unmeasured;
        out.lost += lost;
    }
    out.server_cpu_s = cpu_seconds(pid) - cpu0;
    out.client_cpu_s = cpu_seconds(std::process::id()) - self0;
    for c in clients {
        if let Ok(c) = Arc::try_unwrap(c) {
            c.close().await;
        }
    }
    out
}

/// One player seat until `end`: a key every tick, an action every tenth.
async fn player(c: Arc<Client>, end: Instant, offset: Duration) -> (Vec<f64>, usize, usize) {
    tokio::time::sleep(offset).await;
    let mut vt = Screen::new();
    let mut lat = Vec::new();
    let (mut unmeasured, mut lost) = (0, 0);
    let mut pending: Option<(Instant, &str)> = None;
    let mut tick = tokio::time::interval(TICK);
    let mut n = 0u64;
    while Instant::now() < end {
        tick.tick().await;
        if let Some((t0, marker)) = pending {
            match vt.shown_at(&c, marker, t0) {
                Some(t) => {
                    lat.push(t.duration_since(t0).as_secs_f64() * 1000.0);
                    pending = None;
                }
                None if t0.elapsed() > Duration::from_secs(10) => {
                    lost += 1;
                    pending = None;
                }
                // Not drawn yet: no new key until it is.
                None => continue,
            }
        }
        n += 1;
        if n.is_multiple_of(10) {
            let _ = c.send(b"3").await;
            let _ = c.send(b"\r").await;
            unmeasured += 2;
        } else {
            let (key, marker): (&[u8], &str) = if n.is_multiple_of(2) {
                (b"2", "┌Inbox")
            } else {
                (b"1", "┌Sectors")
            };
            let t0 = Instant::now();
            if c.send(key).await.is_err() {
                break;
            }
            pending = Some((t0, marker));
        }
    }
    (lat, unmeasured, lost)
}

/// A client's terminal, fed with the packets it received.
struct Screen {
    vt: vt100::Parser,
    fed: usize,
}

impl Screen {
    fn new() -> Screen {
        let nz = |n| NonZeroU16::new(n).expect("not zero");
        Screen {
            vt: vt100::Parser::new(nz(ROWS), nz(COLS), 0),
            fed: 0,
        }
    }

    fn text(&self) -> String {
        self.vt.screen().contents()
    }

    /// Feeds every new packet; returns the screen.
    fn update(&mut self, c: &Client) -> String {
        let got = c.received.lock().unwrap_or_else(|e| e.into_inner());
        for (_, bytes) in &got.packets[self.fed..] {
            self.vt.process(bytes);
        }
        self.fed = got.packets.len();
        drop(got);
        self.text()
    }

    /// Feeds new packets one by one; the arrival of the first after `t0` after which the
    /// screen shows `marker`.
    fn shown_at(&mut self, c: &Client, marker: &str, t0: Instant) -> Option<Instant> {
        let got = c.received.lock().unwrap_or_else(|e| e.into_inner());
        let mut found = None;
        for (t, bytes) in &got.packets[self.fed..] {
            self.vt.process(bytes);
            if found.is_none() && *t >= t0 && self.vt.screen().contents().contains(marker) {
                found = Some(*t);
            }
        }
        self.fed = got.packets.len();
        found
    }
}

/// A `rensa serve` child process (release build), its output collected.
struct Server {
    child: Child,
    port: u16,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(dir: &std::path::Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rensa"))
            .args([
                "serve",
                "--seats",
                "seats.ron",
                "--listen",
                "127.0.0.1:0",
                "--save",
                "drill.ron",
            ])
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("rensa serve starts");
        let lines = Arc::new(Mutex::new(Vec::new()));
        for stream in [
            Box::new(child.stdout.take().expect("stdout")) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().expect("stderr")),
        ] {
            let lines = lines.clone();
            std::thread::spawn(move || {
                for l in BufReader::new(stream).lines().map_while(Result::ok) {
                    lines.lock().unwrap().push(l);
                }
            });
        }
        let mut s = Server {
            child,
            port: 0,
            lines,
        };
        let line = s.wait_line("listening on 127.0.0.1:");
        s.port = line
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|t| t.split(';').next())
            .and_then(|p| p.trim().parse().ok())
            .expect("the port");
        s
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn wait_line(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            if let Some(l) = self
                .lines
                .lock()
                .unwrap()
                .iter()
                .find(|l| l.contains(needle))
            {
                return l.clone();
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "no server line with {needle:?}; the server said:\n{}",
                self.lines.lock().unwrap().join("\n")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn status_kib(&self, field: &str) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .unwrap_or_default()
            .lines()
            .find(|l| l.starts_with(field))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    fn hwm_kib(&self) -> u64 {
        self.status_kib("VmHWM:")
    }

    fn rss_kib(&self) -> u64 {
        self.status_kib("VmRSS:")
    }

    /// Stops the server as an organiser does (SIGTERM); returns its closing figures line.
    fn stop(&mut self) -> String {
        let _ = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status();
        let line = self.wait_line("frame latency");
        let _ = self.child.wait();
        line
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// CPU time (user + system) of process `pid`, in seconds.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of stat: the 12th and 13th after the name.
    let hz = Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse::<f64>()
                .ok()
        })
        .unwrap_or(100.0);
    (ticks(11) + ticks(12)) / hz
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
