//! `rensa serve` over the wire: real OpenSSH clients under tmux join as different seats,
//! act and chat; each client's screen is held against its role's knowledge at several
//! minutes; the saved log replays to the live drill's bytes; a `kill -9` loses no accepted
//! action; and every refusal (a forged key, a wrong code, a taken seat, exec, port and
//! agent forwarding, a subsystem, a password) is in the server's log.
//!
//! These tests need `ssh`, `ssh-keygen`, `ssh-agent` and `tmux` (`.ci/run` installs
//! openssh-client and tmux); without them they fail, saying which is missing.

use crate::common::rensa_in;
use rensa::model::drill::Role;
use rensa::model::{OperatorId, Time};
use rensa::present::{Lang, Words};
use rensa::scenario::{drill_log, load_default};
use rensa::session::Session;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Fails the test, naming the missing tool, unless every tool is on PATH.
fn need_tools() {
    for tool in ["ssh", "ssh-keygen", "ssh-agent", "tmux"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            found,
            "`{tool}` is not on PATH: these tests drive real OpenSSH clients under tmux (.ci/run installs openssh-client and tmux)"
        );
    }
}

/// A key pair made with ssh-keygen.
fn keygen(dir: &Path, name: &str) -> (PathBuf, String) {
    let path = dir.join(name);
    let ok = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
        .arg(&path)
        .status()
        .expect("ssh-keygen runs")
        .success();
    assert!(ok, "ssh-keygen failed");
    let public = std::fs::read_to_string(path.with_extension("pub")).expect("public key");
    (path, public.trim().to_string())
}

/// A running `rensa serve`, its log lines collected.
struct Server {
    child: Child,
    port: u16,
    lines: Arc<Mutex<Vec<String>>>,
    dir: PathBuf,
    log: PathBuf,
}

impl Server {
    fn start(dir: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rensa"))
            .arg("serve")
            .args(args)
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
        let log = args
            .windows(2)
            .find(|w| w[0] == "--save" || w[0] == "--resume")
            .map(|w| dir.join(w[1]))
            .expect("tests name the log");
        let mut s = Server {
            child,
            port: 0,
            lines,
            dir: dir.to_path_buf(),
            log,
        };
        let line = s.wait_line("listening on 127.0.0.1:");
        let port = line
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|t| t.split(';').next())
            .and_then(|p| p.parse().ok())
            .expect("the port");
        s.port = port;
        s
    }

    /// Waits for a log line containing `needle`; returns it.
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
                start.elapsed() < Duration::from_secs(20),
                "no server line with {needle:?}; the server said:\n{}",
                self.lines.lock().unwrap().join("\n")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The join code printed for `seat`.
    fn code(&self, seat: &str) -> String {
        let line = self.wait_line(&format!("  {seat} "));
        let lines = self.lines.lock().unwrap().clone();
        let heading = lines
            .iter()
            .position(|l| l.starts_with("Join codes"))
            .expect("codes are printed");
        let _ = line;
        lines[heading..]
            .iter()
            .find(|l| l.trim_start().starts_with(&format!("{seat} ")))
            .and_then(|l| l.split_whitespace().nth(1))
            .expect("the seat's code")
            .to_string()
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).expect("the drill log")
    }

    /// `ssh` to this server: no user config, no agent, no host key check, quiet.
    fn ssh(&self, key: Option<&Path>) -> Vec<String> {
        let mut v: Vec<String> = [
            "ssh",
            "-F",
            "/dev/null",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "ConnectTimeout=10",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        v.extend(["-p".into(), self.port.to_string()]);
        match key {
            Some(k) => {
                v.extend(["-o".into(), "BatchMode=yes".into(), "-i".into()]);
                v.push(k.display().to_string());
            }
            None => v.extend([
                "-o".into(),
                "PubkeyAuthentication=no".into(),
                "-o".into(),
                "PreferredAuthentications=keyboard-interactive".into(),
            ]),
        }
        v
    }

    fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// A tmux server of our own (its socket named for the test), with one window per client.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn new(name: &str) -> Tmux {
        Tmux {
            socket: format!("rensa-{name}-{}", std::process::id()),
        }
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-u", "-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Opens window `name` of `w`×`h` running `cmd` (with `env` set), kept open after it
    /// exits so its last words can be read.
    fn open(&self, name: &str, w: u16, h: u16, env: &[(&str, &str)], cmd: &[String]) {
        let mut line = String::new();
        for (k, v) in env {
            line.push_str(&format!("{k}={v} "));
        }
        line.push_str(
            &cmd.iter()
                .map(|a| format!("'{a}'"))
                .collect::<Vec<_>>()
                .join(" "),
        );
        line.push_str("; sleep 600");
        let (w, h) = (w.to_string(), h.to_string());
        self.run(&[
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            &w,
            "-y",
            &h,
            "env",
            "LANG=C.UTF-8",
            "sh",
            "-c",
            &line,
        ]);
    }

    fn screen(&self, name: &str) -> String {
        self.run(&["capture-pane", "-p", "-t", name])
    }

    fn keys(&self, name: &str, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", name];
        args.extend(keys);
        self.run(&args);
    }

    fn text(&self, name: &str, text: &str) {
        self.run(&["send-keys", "-t", name, "-l", text]);
    }

    /// Waits until window `name` shows `needle` and the screen has settled (a frame may
    /// reach the terminal in several packets); returns the screen.
    fn wait(&self, name: &str, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen(name);
            if s.contains(needle) {
                std::thread::sleep(Duration::from_millis(150));
                let again = self.screen(name);
                if again == s {
                    return s;
                }
                continue;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "window {name} never showed {needle:?}:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

/// The drill as the log holds it, replayed to minute `t`.
fn session_at(log: &str, t: Time) -> Session {
    let s = Arc::new(load_default());
    let parsed = drill_log::parse_log("drill.ron", log).expect("the log parses");
    let r = drill_log::resolve("drill.ron", log, &parsed.file, &s).expect("the log resolves");
    let mut session = Session::with_players(s, parsed.seed, &r.players);
    session.play(&r.actions, Some(t));
    session.advance_to(t);
    session
}

/// Whether `name` occurs in `text` as a whole name (not inside a longer id).
fn names(text: &str, name: &str) -> bool {
    let part = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        !before.is_some_and(part) && !after.is_some_and(part)
    })
}

/// Holds a seat's screen against its role's knowledge at the drill's minute: no incident
/// it has not learned, no operator it knows nothing of, and on the board one level per
/// service of its own.
fn check_seat(session: &Session, seat: Role, screen: &str, board: bool) {
    let s = session.scenario();
    let infra = &s.infra;
    let view = session.view(seat);
    let outcome = session.outcome();
    let full = rensa::session::types::Outcome {
        seed: outcome.seed,
        end: outcome.end,
        events: outcome.events,
        timeline: outcome.timeline.to_vec(),
        metrics: outcome.metrics.into_owned(),
        messages: outcome.messages.to_vec(),
        actions: outcome.actions.to_vec(),
        injects: outcome
            .scenario_injects
            .iter()
            .chain(outcome.extra_injects)
            .cloned()
            .collect(),
    };
    let words = Words::new(s, &full, Lang::En);
    let known: BTreeSet<_> = view.incidents.iter().map(|i| i.incident).collect();
    for t in session.truth().incidents {
        let name = words.incident(t.incident);
        if known.contains(&t.incident) || known.iter().any(|k| words.incident(*k) == name) {
            continue;
        }
        assert!(
            !names(screen, &name),
            "{seat:?} at {} shows unknown incident {name}:\n{screen}",
            session.now()
        );
    }
    let mut ok: BTreeSet<OperatorId> = BTreeSet::new();
    if let Role::Operator(o) = seat {
        ok.insert(o);
        for sv in &infra.operator(o).services {
            for d in infra.providers_of(*sv) {
                ok.insert(infra.service(d.provider).operator);
            }
            for d in infra.dependents_of(*sv) {
                ok.insert(infra.service(d.dependent).operator);
            }
        }
    }
    for i in &view.incidents {
        ok.extend(i.operators.iter().copied());
    }
    for m in &view.inbox {
        if let Role::Operator(o) = m.from {
            ok.insert(o);
        }
    }
    for op in &infra.operators {
        if !ok.contains(&op.id) {
            assert!(
                !names(screen, &op.key),
                "{seat:?} at {} names operator {} it knows nothing of:\n{screen}",
                session.now(),
                op.key
            );
        }
    }
    if board {
        assert_eq!(
            screen.matches('%').count(),
            view.services.len(),
            "{seat:?} at {}: one level per own service:\n{screen}",
            session.now()
        );
    }
}

/// Control jumps every seat to minute `m` (typed as `text`), and each window shows it.
fn jump(tmux: &Tmux, text: &str, shown: &str, windows: &[&str]) {
    tmux.keys("control", &["g"]);
    tmux.text("control", text);
    tmux.keys("control", &["Enter"]);
    for w in windows {
        tmux.wait(w, shown);
    }
}

fn seats_file(dir: &Path, control: &str, hinode: &str) {
    let text = format!(
        "Seats(seats: [\n\
         Seat(name: \"control\", role: \"control\", keys: [\"{control}\"]),\n\
         Seat(name: \"hinode\", role: \"operator:hinode-comm\", keys: [\"{hinode}\"]),\n\
         Seat(name: \"telecom\", role: \"ceptor:info_comm\", code: true),\n\
         Seat(name: \"eval-a\", role: \"evaluator\", code: true),\n\
         ])\n"
    );
    std::fs::write(dir.join("seats.ron"), text).unwrap();
}

#[test]
fn seats_join_act_chat_and_see_only_their_roles_and_the_log_replays_to_the_live_bytes() {
    need_tools();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (control_key, control_pub) = keygen(dir, "control");
    let (hinode_key, hinode_pub) = keygen(dir, "hinode");
    seats_file(dir, &control_pub, &hinode_pub);
    let server = Server::start(
        dir,
        &[
            "--seats",
            "seats.ron",
            "--listen",
            "127.0.0.1:0",
            "--save",
            "drill.ron",
        ],
    );
    let tmux = Tmux::new("join");
    let mut control = server.ssh(Some(&control_key));
    control.push("control@127.0.0.1".into());
    tmux.open("control", 100, 30, &[], &control);
    let mut hinode = server.ssh(Some(&hinode_key));
    hinode.push("hinode@127.0.0.1".into());
    tmux.open("hinode", 80, 24, &[], &hinode);
    // The CEPTOR joins by code, in Japanese (its client sends LANG).
    let mut telecom = server.ssh(None);
    telecom.extend(["-o".into(), "SendEnv=LANG".into(), "join@127.0.0.1".into()]);
    tmux.open("telecom", 120, 30, &[("LANG", "ja_JP.UTF-8")], &telecom);
    tmux.wait("telecom", "Join code");
    tmux.text("telecom", &server.code("telecom"));
    tmux.keys("telecom", &["Enter"]);
    let mut eval = server.ssh(None);
    eval.push("eval-a@127.0.0.1".into());
    tmux.open("eval", 100, 30, &[], &eval);
    tmux.wait("eval", "Join code");
    tmux.text("eval", &server.code("eval-a"));
    tmux.keys("eval", &["Enter"]);
    for w in ["control", "hinode", "telecom", "eval"] {
        tmux.wait(w, "T+00:00");
    }
    tmux.wait("telecom", "分野");
    let s = load_default();
    let op = Role::parse("operator:hinode-comm", &s.infra).unwrap();
    let ceptor = Role::parse("ceptor:info_comm", &s.infra).unwrap();
    let all = ["control", "hinode", "telecom", "eval"];

    // T+1h30: control jumps every seat; each sees only what its role knows.
    jump(&tmux, "1h30m", "T+01:30", &all);
    let at = session_at(&server.log_text(), Time(90));
    check_seat(&at, op, &tmux.wait("hinode", "T+01:30"), true);
    tmux.keys("hinode", &["2"]);
    check_seat(&at, op, &tmux.wait("hinode", "┌Inbox"), false);
    // The Japanese seat: names are Japanese, operator ids still must not leak.
    check_seat(&at, ceptor, &tmux.wait("telecom", "T+01:30"), false);

    // The operator acts: the first action its menu offers.
    tmux.keys("hinode", &["3"]);
    tmux.wait("hinode", "Enter");
    tmux.keys("hinode", &["Enter"]);
    let log = {
        let start = Instant::now();
        loop {
            let l = server.log_text();
            if l.contains("role: \"operator:hinode-comm\"") {
                break l;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "no action logged:\n{l}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    assert!(
        log.contains("Act(at: \"1h30m\", role: \"operator:hinode-comm\""),
        "stamped with the minute it was accepted:\n{log}"
    );

    // Chat: the operator asks control; control sees it; the CEPTOR does not.
    tmux.keys("hinode", &["C-t"]);
    tmux.wait("hinode", "Chat with exercise control");
    tmux.text("hinode", "is the DNS outage part of the drill?");
    tmux.keys("hinode", &["Enter"]);
    tmux.wait("control", "chat 1");
    tmux.keys("control", &["C-t"]);
    tmux.wait("control", "is the DNS outage part of the drill?");
    tmux.text("control", "yes: play it as real");
    tmux.keys("control", &["Tab", "Enter"]);
    tmux.wait("hinode", "yes: play it");
    tmux.keys("hinode", &["Escape"]);
    tmux.keys("control", &["Escape"]);
    tmux.keys("telecom", &["C-t"]);
    let telecom_chat = tmux.wait("telecom", "演習統制とのチャット");
    assert!(
        !telecom_chat.contains("DNS outage") && !telecom_chat.contains("play it as real"),
        "a seat reads only its own chat:\n{telecom_chat}"
    );
    tmux.keys("telecom", &["Escape"]);

    // The evaluator rates the first objective: S, with a note.
    tmux.keys("eval", &["C-o"]);
    tmux.wait("eval", "Observation");
    tmux.keys("eval", &["Tab"]);
    tmux.text("eval", "s");
    tmux.keys("eval", &["Tab"]);
    tmux.text("eval", "report to MIC late");
    tmux.keys("eval", &["Enter"]);
    tmux.wait("eval", "recorded");
    tmux.keys("eval", &["Escape"]);

    // T+30h: the second wave is coming; the seats still see only their own.
    jump(&tmux, "30h", "T+30:00", &all);
    let at = session_at(&server.log_text(), Time(30 * 60));
    tmux.keys("hinode", &["1"]);
    tmux.wait("hinode", "┌Sectors");
    check_seat(&at, op, &tmux.wait("hinode", "T+30:00"), true);
    check_seat(&at, ceptor, &tmux.wait("telecom", "T+30:00"), false);

    // To the end: the live result is written; the log replays to the same bytes.
    tmux.keys("control", &["g"]);
    tmux.text("control", "72h");
    tmux.keys("control", &["Enter", "y"]);
    let result = dir.join("drill-result.json");
    let start = Instant::now();
    while !result.exists() {
        assert!(start.elapsed() < Duration::from_secs(30), "no live result");
        std::thread::sleep(Duration::from_millis(100));
    }
    let live = std::fs::read_to_string(&result).unwrap();
    let replay = rensa_in(dir, &["replay", "drill.ron", "--format", "json"]);
    assert_eq!(replay.code, Some(0), "{}", replay.stderr);
    assert_eq!(
        replay.stdout, live,
        "the saved log replays to the live drill's bytes"
    );
    let log = server.log_text();
    assert!(log.contains("Chat(at: \"1h30m\", from: \"operator:hinode-comm\", to: \"control\""));
    assert!(log.contains(
        "Observation(at: \"1h30m\", by: \"eval-a\", objective: \"ministry-in-2h\", rating: S"
    ));
    for seat in ["control", "hinode", "telecom", "eval-a"] {
        server.wait_line(&format!("joined: seat {seat} "));
    }
    let _ = server.dir.clone();
}

#[test]
fn a_killed_server_resumes_every_seat_at_the_same_minute_with_no_accepted_action_lost() {
    need_tools();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (control_key, control_pub) = keygen(dir, "control");
    let (hinode_key, hinode_pub) = keygen(dir, "hinode");
    seats_file(dir, &control_pub, &hinode_pub);
    let mut server = Server::start(
        dir,
        &[
            "--seats",
            "seats.ron",
            "--listen",
            "127.0.0.1:0",
            "--save",
            "drill.ron",
        ],
    );
    let tmux = Tmux::new("kill");
    let mut control = server.ssh(Some(&control_key));
    control.push("control@127.0.0.1".into());
    tmux.open("control", 100, 30, &[], &control);
    let mut hinode = server.ssh(Some(&hinode_key));
    hinode.push("hinode@127.0.0.1".into());
    tmux.open("hinode", 100, 30, &[], &hinode);
    tmux.wait("control", "T+00:00");
    tmux.wait("hinode", "T+00:00");
    jump(&tmux, "1h5m", "T+01:05", &["control", "hinode"]);
    // Three actions, each acknowledged on the operator's screen before the next.
    tmux.keys("hinode", &["3"]);
    let mut acked = 0;
    for k in 0..3 {
        for _ in 0..k {
            tmux.keys("hinode", &["Down"]);
        }
        tmux.keys("hinode", &["Enter"]);
        let start = Instant::now();
        loop {
            let n = server.log_text().matches("\nAct(").count();
            if n > acked {
                acked = n;
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "action {k} never logged"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    let before = server.log_text();
    let accepted: Vec<&str> = before.lines().filter(|l| l.starts_with("Act(")).collect();
    assert_eq!(accepted.len(), 3);
    // kill -9: no shutdown, no flush but what was written before each action took effect.
    server.kill9();
    let after_kill = std::fs::read_to_string(dir.join("drill.ron")).unwrap();
    let kept: Vec<&str> = after_kill
        .lines()
        .filter(|l| l.starts_with("Act("))
        .collect();
    assert_eq!(
        kept, accepted,
        "every accepted action is in the log, as accepted"
    );

    let server = Server::start(
        dir,
        &[
            "--seats",
            "seats.ron",
            "--listen",
            "127.0.0.1:0",
            "--resume",
            "drill.ron",
        ],
    );
    let tmux = Tmux::new("resumed");
    let mut control = server.ssh(Some(&control_key));
    control.push("control@127.0.0.1".into());
    tmux.open("control", 100, 30, &[], &control);
    let mut hinode = server.ssh(Some(&hinode_key));
    hinode.push("hinode@127.0.0.1".into());
    tmux.open("hinode", 100, 30, &[], &hinode);
    // Every seat is back at the minute the drill stood at.
    tmux.wait("control", "T+01:05");
    tmux.wait("hinode", "T+01:05");
    // The resumed drill holds the three actions: run it to the end and replay the log.
    tmux.keys("control", &["g"]);
    tmux.text("control", "72h");
    tmux.keys("control", &["Enter", "y"]);
    let result = dir.join("drill-result.json");
    let start = Instant::now();
    while !result.exists() {
        assert!(start.elapsed() < Duration::from_secs(30), "no live result");
        std::thread::sleep(Duration::from_millis(100));
    }
    let live = std::fs::read_to_string(&result).unwrap();
    let replay = rensa_in(dir, &["replay", "drill.ron", "--format", "json"]);
    assert_eq!(replay.stdout, live);
    let doc: serde_json::Value = serde_json::from_str(&live).unwrap();
    let actions = doc["actions"].as_array().expect("actions");
    assert_eq!(
        actions
            .iter()
            .filter(|a| a["role"] == "operator:hinode-comm")
            .count(),
        3,
        "the resumed drill took the three accepted actions"
    );
}

#[test]
fn every_refusal_happens_and_is_in_the_servers_log() {
    need_tools();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (_, control_pub) = keygen(dir, "control");
    let (hinode_key, hinode_pub) = keygen(dir, "hinode");
    let (forged_key, _) = keygen(dir, "forged");
    seats_file(dir, &control_pub, &hinode_pub);
    let server = Server::start(
        dir,
        &[
            "--seats",
            "seats.ron",
            "--listen",
            "127.0.0.1:0",
            "--save",
            "drill.ron",
        ],
    );
    let run = |args: Vec<String>| {
        Command::new(&args[0])
            .args(&args[1..])
            .stdin(Stdio::null())
            .output()
            .expect("ssh runs")
    };
    // A forged key: a key that is not the seat's.
    let mut forged = server.ssh(Some(&forged_key));
    forged.push("control@127.0.0.1".into());
    assert!(!run(forged).status.success());
    server.wait_line("refused: key SHA256:");
    // exec and a subsystem.
    let mut exec = server.ssh(Some(&hinode_key));
    exec.extend([
        "hinode@127.0.0.1".into(),
        "cat".into(),
        "/etc/passwd".into(),
    ]);
    assert!(!run(exec).status.success());
    server.wait_line("refused: exec \"cat /etc/passwd\"");
    let mut sftp = server.ssh(Some(&hinode_key));
    sftp.extend(["-s".into(), "hinode@127.0.0.1".into(), "sftp".into()]);
    assert!(!run(sftp).status.success());
    server.wait_line("refused: subsystem sftp");
    // Port forwarding, both ways.
    let mut fwd = server.ssh(Some(&hinode_key));
    fwd.extend([
        "-o".into(),
        "ExitOnForwardFailure=yes".into(),
        "-R".into(),
        "0:127.0.0.1:22".into(),
        "-N".into(),
        "hinode@127.0.0.1".into(),
    ]);
    assert!(!run(fwd).status.success());
    server.wait_line("refused: remote port forwarding");
    let tmux = Tmux::new("refuse");
    let mut w = server.ssh(Some(&hinode_key));
    w.extend([
        "-W".into(),
        "127.0.0.1:22".into(),
        "hinode@127.0.0.1".into(),
    ]);
    assert!(!run(w).status.success());
    server.wait_line("refused: port forwarding to 127.0.0.1:22");
    // Agent forwarding (an agent of our own).
    let agent = Command::new("ssh-agent")
        .arg("-s")
        .output()
        .expect("ssh-agent");
    let agent_out = String::from_utf8_lossy(&agent.stdout);
    let sock = agent_out
        .split("SSH_AUTH_SOCK=")
        .nth(1)
        .and_then(|t| t.split(';').next())
        .expect("agent socket")
        .to_string();
    let pid = agent_out
        .split("SSH_AGENT_PID=")
        .nth(1)
        .and_then(|t| t.split(';').next())
        .expect("agent pid")
        .to_string();
    let mut a = server.ssh(Some(&hinode_key));
    a.extend(["-A".into(), "-tt".into(), "hinode@127.0.0.1".into()]);
    tmux.open("agent", 80, 24, &[("SSH_AUTH_SOCK", &sock)], &a);
    server.wait_line("refused: agent forwarding");
    // The seat is now taken: a second connection to it is refused.
    tmux.wait("agent", "T+00:00");
    let mut second = server.ssh(Some(&hinode_key));
    second.extend(["-tt".into(), "hinode@127.0.0.1".into()]);
    let out = run(second);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("in use by another connection"),
        "{out:?}"
    );
    server.wait_line("refused: seat hinode for");
    let _ = Command::new("kill").arg(&pid).status();
    // A wrong join code, typed at the prompt.
    let mut join = server.ssh(None);
    join.push("join@127.0.0.1".into());
    tmux.open("wrong", 80, 24, &[], &join);
    tmux.wait("wrong", "Join code");
    tmux.text("wrong", "AAAA-BBBB-CCCC");
    tmux.keys("wrong", &["Enter"]);
    server.wait_line("refused: wrong join code for user join");
    // A password is never accepted.
    let mut pw = server.ssh(None);
    let last = pw.len() - 1;
    pw[last] = "PreferredAuthentications=password".into();
    pw.extend(["-o".into(), "NumberOfPasswordPrompts=1".into()]);
    pw.push("hinode@127.0.0.1".into());
    tmux.open("password", 80, 24, &[], &pw);
    let shown = tmux.wait("password", "denied");
    assert!(shown.contains("Permission denied"), "{shown}");
}
