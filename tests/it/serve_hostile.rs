//! Malformed and hostile input to `rensa serve` neither crashes the server nor reaches
//! another seat: huge window sizes, escape sequences typed as text, a flood of keys, random
//! bytes, a connection that stops reading, a seat that idles; and every refusal (a forged
//! key, another seat's key, a wrong code, a taken seat, exec, a subsystem, port and agent
//! forwarding, garbage instead of SSH) fails for the client and is in the server's log.
//! A server in this process and scripted russh clients (`rensa::serve::client`); the same
//! refusals by real OpenSSH clients are in `serve_wire`.

use rensa::model::SystemKind;
use rensa::model::drill::{Action, Role};
use rensa::present::Lang;
use rensa::scenario::load_default;
use rensa::scenario::seats;
use rensa::serve::client::{Client, ClientError, Options, Proof, login};
use rensa::serve::drill::{Drill, MemoryJournal, Setup};
use rensa::serve::host::SeatHost;
use rensa::serve::hub::{Hub, Limits};
use rensa::serve::{Running, start};
use rensa::tui::host::Host;
use russh::keys::{Algorithm, PrivateKey};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

struct Fixture {
    server: Running,
    keys: BTreeMap<&'static str, Arc<PrivateKey>>,
    lines: Arc<Mutex<Vec<String>>>,
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
}

/// A served default drill with four seats: control and an operator by key, a CEPTOR and a
/// second operator by join code (`TELE-COM0-0000`, `MALL-ORY0-0000`).
async fn fixture(limits: Limits) -> Fixture {
    let s = Arc::new(load_default());
    let mut keys = BTreeMap::new();
    let mut rng = rand::rng();
    for name in ["control", "hinode"] {
        keys.insert(
            name,
            Arc::new(PrivateKey::random(&mut rng, Algorithm::Ed25519).expect("a key")),
        );
    }
    let pubkey = |n: &str| keys[n].public_key().to_openssh().expect("openssh form");
    let text = format!(
        "Seats(seats: [\n\
         Seat(name: \"control\", role: \"control\", keys: [\"{}\"]),\n\
         Seat(name: \"hinode\", role: \"operator:hinode-comm\", keys: [\"{}\"]),\n\
         Seat(name: \"telecom\", role: \"ceptor:info_comm\", code: true),\n\
         Seat(name: \"mallory\", role: \"operator:tsubame-mobile\", code: true),\n\
         ])",
        pubkey("control"),
        pubkey("hinode")
    );
    let seats = seats::load("seats.ron", &text, &s).expect("the seats file");
    let drill = Drill::start(
        Setup {
            scenario: s.clone(),
            scenario_ref: "default".into(),
            fingerprint: None,
            seed: 1,
            players: seats.players(),
        },
        Box::new(MemoryJournal::default()),
    )
    .expect("a drill");
    let codes = BTreeMap::from([
        ("telecom".to_string(), "TELE-COM0-0000".to_string()),
        ("mallory".to_string(), "MALL-ORY0-0000".to_string()),
    ]);
    let lines = Arc::new(Mutex::new(Vec::new()));
    let l = lines.clone();
    let hub = Hub::new(
        drill,
        seats,
        codes,
        (
            Box::new(move |line: &str| l.lock().unwrap().push(line.to_string())),
            "drill.ron".into(),
        ),
        Lang::En,
        limits,
    );
    let host_key = PrivateKey::random(&mut rng, Algorithm::Ed25519).expect("a host key");
    let server = start(hub, "127.0.0.1:0".parse().unwrap(), host_key)
        .await
        .expect("the server starts");
    Fixture {
        server,
        keys,
        lines,
    }
}

impl Fixture {
    async fn key_seat(&self, name: &'static str, size: (u32, u32)) -> Client {
        Client::connect(
            self.server.addr,
            Options {
                user: name,
                proof: Proof::Key(self.keys[name].clone()),
                size,
                lang: None,
                read: true,
            },
        )
        .await
        .expect("the seat is taken")
    }

    async fn code_seat(&self, code: &str, read: bool) -> Client {
        Client::connect(
            self.server.addr,
            Options {
                user: "join",
                proof: Proof::Code(code.into()),
                size: (100, 30),
                lang: None,
                read,
            },
        )
        .await
        .expect("the seat is taken")
    }

    /// Waits (generously: no timing is asserted) for a log line containing `needle`.
    async fn logged(&self, needle: &str) -> String {
        self.logged_times(needle, 1).await
    }

    /// Waits for the `n`th log line containing `needle`.
    async fn logged_times(&self, needle: &str, n: usize) -> String {
        for _ in 0..400 {
            if let Some(l) = self
                .lines
                .lock()
                .unwrap()
                .iter()
                .filter(|l| l.contains(needle))
                .nth(n - 1)
            {
                return l.clone();
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!(
            "no {n} log lines with {needle:?}:\n{}",
            self.lines.lock().unwrap().join("\n")
        );
    }

    /// The number of log lines so far containing `needle`.
    fn count(&self, needle: &str) -> usize {
        self.lines
            .lock()
            .unwrap()
            .iter()
            .filter(|l| l.contains(needle))
            .count()
    }
}

/// Waits until `c` has received more than `n` packets and then nothing for a moment.
async fn frames_after(c: &Client, n: usize) -> usize {
    for _ in 0..400 {
        if c.packets() > n {
            tokio::time::sleep(Duration::from_millis(100)).await;
            return c.packets();
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("no frame came:\n{}", c.text());
}

/// What `c`'s terminal shows now (every byte received, through a terminal emulator).
fn screen(c: &Client) -> String {
    let size = |n: u16| std::num::NonZeroU16::new(n).expect("not zero");
    let mut vt = vt100::Parser::new(size(30), size(100), 0);
    for (_, bytes) in &c.received.lock().unwrap().packets {
        vt.process(bytes);
    }
    vt.screen().contents()
}

/// Waits until `c`'s terminal (100×30) shows `needle`.
async fn shows(c: &Client, needle: &str) {
    for _ in 0..400 {
        if screen(c).contains(needle) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("never showed {needle:?}:\n{}", screen(c));
}

#[test]
fn a_huge_window_is_clamped_and_still_served() {
    runtime().block_on(async {
        let f = fixture(Limits::default()).await;
        let c = f.key_seat("hinode", (100_000, 100_000)).await;
        f.logged("window 100000×100000 from").await;
        f.logged("clamped to 320×120").await;
        let n = frames_after(&c, 0).await;
        c.resize(u32::MAX, u32::MAX).await.unwrap();
        f.logged("window 4294967295×4294967295 from").await;
        f.logged_times("clamped to 320×120", 2).await;
        c.resize(80, 24).await.unwrap();
        let n = frames_after(&c, n).await;
        c.send(b"2").await.unwrap();
        frames_after(&c, n).await;
        assert!(!c.closed());
    });
}

#[test]
fn escape_sequences_typed_as_text_never_reach_another_seat() {
    runtime().block_on(async {
        let f = fixture(Limits::default()).await;
        let control = f.key_seat("control", (100, 30)).await;
        let mallory = f.code_seat("MALL-ORY0-0000", true).await;
        frames_after(&mallory, 0).await;
        // Ctrl-T opens the chat; the line carries an OSC title and a clear-screen.
        mallory.send(b"\x14").await.unwrap();
        shows(&mallory, "Chat with exercise control").await;
        mallory
            .send(b"\x1b]0;pwned\x07\x1b[2Jhello control")
            .await
            .unwrap();
        // And as a bracketed paste too.
        mallory
            .send(b"\x1b[200~ and \x1b]2;again\x07pasted\x1b[201~\r")
            .await
            .unwrap();
        f.logged("joined: seat mallory").await;
        control.send(b"\x14").await.unwrap();
        shows(&control, "hello control").await;
        let chats = f.server.hub.read().chats().to_vec();
        assert_eq!(chats.len(), 1);
        assert!(
            !chats[0].text.contains('\u{1b}') && !chats[0].text.contains('\u{7}'),
            "{:?}",
            chats[0].text
        );
        // What is left is inert text: no escape, no bell (a terminal never sends an OSC as
        // input, so `ESC ]` reads as Alt-] and the rest as letters).
        assert!(
            chats[0].text.ends_with("hello control and pasted"),
            "{:?}",
            chats[0].text
        );
        let seen = control.text();
        assert!(
            !seen.contains("\x1b]0;") && !seen.contains("\x1b]2;"),
            "{seen:?}"
        );
    });
}

#[test]
fn a_flood_of_keys_is_rate_limited_and_the_other_seats_are_still_served() {
    runtime().block_on(async {
        let f = fixture(Limits::default()).await;
        let hinode = f.key_seat("hinode", (100, 30)).await;
        let mallory = f.code_seat("MALL-ORY0-0000", true).await;
        frames_after(&mallory, 0).await;
        for _ in 0..20 {
            mallory.send(&[b'j'; 4096]).await.unwrap();
        }
        f.logged("rate limit:").await;
        let n = frames_after(&hinode, 0).await;
        hinode.send(b"2").await.unwrap();
        let n = frames_after(&hinode, n).await;
        hinode.send(b"1").await.unwrap();
        frames_after(&hinode, n).await;
        // Random bytes: nothing breaks, the seat still answers a key.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..50 {
            let chunk: Vec<u8> = (0..64)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    (x >> 24) as u8
                })
                .filter(|b| *b != b'q' && *b != 0x03)
                .collect();
            mallory.send(&chunk).await.unwrap();
        }
        tokio::time::sleep(Duration::from_millis(1200)).await;
        let n = mallory.packets();
        mallory.send(b"\x1b").await.unwrap();
        mallory.send(b"1").await.unwrap();
        frames_after(&mallory, n).await;
        assert!(!mallory.closed(), "random bytes did not end the seat");
    });
}

#[test]
fn a_connection_that_stops_reading_holds_up_nobody() {
    runtime().block_on(async {
        let f = fixture(Limits::default()).await;
        let control = f.key_seat("control", (100, 30)).await;
        let hinode = f.key_seat("hinode", (100, 30)).await;
        let _stuck = f.code_seat("TELE-COM0-0000", false).await;
        f.logged("joined: seat telecom").await;
        // The clock runs fast: every seat gets frame after frame, the stuck one included.
        control.send(b"+++++++ ").await.unwrap();
        let mut n = frames_after(&hinode, 0).await;
        for key in [b"2", b"1", b"2", b"1", b"5", b"1"] {
            hinode.send(key).await.unwrap();
            n = frames_after(&hinode, n).await;
        }
        let now = f.server.hub.read().session().now();
        assert!(now.0 > 0, "the clock ran");
    });
}

#[test]
fn an_idle_seat_is_freed_and_can_be_taken_again() {
    runtime().block_on(async {
        let f = fixture(Limits {
            idle: Duration::from_millis(800),
            ..Limits::default()
        })
        .await;
        let c = f.key_seat("hinode", (80, 24)).await;
        f.logged("left: seat hinode").await;
        assert!(f.logged("left: seat hinode").await.ends_with("(idle)"));
        for _ in 0..200 {
            if c.closed() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        assert!(c.closed());
        assert!(c.text().contains("No key for too long"), "{}", c.text());
        let again = f.key_seat("hinode", (80, 24)).await;
        frames_after(&again, 0).await;
    });
}

#[test]
fn a_seat_acts_only_as_its_own_role_and_an_evaluator_never_acts() {
    let rt = runtime();
    rt.block_on(async {
        let f = fixture(Limits::default()).await;
        let s = f.server.hub.scenario().clone();
        let op = Role::parse("operator:hinode-comm", &s.infra).unwrap();
        let other = Role::parse("operator:tsubame-mobile", &s.infra).unwrap();
        let isolate = Action::Isolate {
            systems: SystemKind::Business,
        };
        let mut host = SeatHost::new(f.server.hub.clone(), Some(op));
        assert!(
            host.act(other, isolate.clone()).is_err(),
            "not as another role"
        );
        assert!(host.act(Role::Control, isolate.clone()).is_err());
        assert!(
            host.command(rensa::tui::host::ClockCommand::PauseResume)
                .is_err(),
            "no clock for a player"
        );
        assert!(host.act(op, isolate.clone()).is_ok());
        let mut evaluator = SeatHost::new(f.server.hub.clone(), None);
        assert!(evaluator.act(Role::Control, isolate).is_err());
        assert_eq!(f.server.hub.read().session().log().len(), 1);
    });
}

/// Waits for the channel's answer to a request made with `want_reply`.
async fn answer(ch: &mut russh::Channel<russh::client::Msg>) -> russh::ChannelMsg {
    loop {
        match tokio::time::timeout(Duration::from_secs(10), ch.wait()).await {
            Ok(Some(m @ (russh::ChannelMsg::Success | russh::ChannelMsg::Failure))) => return m,
            Ok(Some(_)) => {}
            Ok(None) => return russh::ChannelMsg::Close,
            Err(_) => panic!("no answer to the request"),
        }
    }
}

#[test]
fn every_refusal_fails_for_the_client_and_is_in_the_servers_log() {
    runtime().block_on(async {
        let f = fixture(Limits::default()).await;
        let addr = f.server.addr;
        let key = |n: &'static str| Proof::Key(f.keys[n].clone());
        let refused = |r: Result<_, ClientError>| matches!(r, Err(ClientError::Refused));

        // A forged key, and a real key for another seat: a key admits its own seat only.
        let forged = Arc::new(PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).unwrap());
        assert!(refused(
            login(addr, "control", Proof::Key(forged), 4096).await
        ));
        f.logged("refused: key SHA256:").await;
        assert!(refused(login(addr, "control", key("hinode"), 4096).await));
        f.logged_times("for user control from", 2).await;
        // A wrong join code.
        assert!(refused(
            login(addr, "join", Proof::Code("AAAA-BBBB-CCCC".into()), 4096).await
        ));
        f.logged("refused: wrong join code for user join").await;

        // Everything but pty, shell, window-change and LANG is refused, each logged.
        let h = login(addr, "hinode", key("hinode"), 4096)
            .await
            .expect("hinode's key");
        let mut ch = h.channel_open_session().await.expect("a session channel");
        ch.exec(true, "cat /etc/passwd").await.unwrap();
        assert!(matches!(answer(&mut ch).await, russh::ChannelMsg::Failure));
        f.logged("refused: exec \"cat /etc/passwd\"").await;
        ch.request_subsystem(true, "sftp").await.unwrap();
        assert!(matches!(answer(&mut ch).await, russh::ChannelMsg::Failure));
        f.logged("refused: subsystem sftp").await;
        ch.agent_forward(true).await.unwrap();
        assert!(matches!(answer(&mut ch).await, russh::ChannelMsg::Failure));
        f.logged("refused: agent forwarding").await;
        ch.set_env(true, "LD_PRELOAD", "/tmp/x.so").await.unwrap();
        assert!(matches!(answer(&mut ch).await, russh::ChannelMsg::Failure));
        f.logged("refused: environment variable LD_PRELOAD").await;
        assert!(h.tcpip_forward("127.0.0.1", 0).await.is_err());
        f.logged("refused: remote port forwarding of 127.0.0.1:0")
            .await;
        assert!(
            h.channel_open_direct_tcpip("127.0.0.1", 22, "127.0.0.1", 5000)
                .await
                .is_err()
        );
        f.logged("refused: port forwarding to 127.0.0.1:22").await;
        assert!(h.channel_open_session().await.is_err(), "one session only");
        f.logged("refused: a second session channel").await;
        // Nothing refused took the seat; a pty and a shell do.
        assert_eq!(f.count("joined: seat hinode"), 0);
        ch.request_pty(true, "xterm", 80, 24, 0, 0, &[])
            .await
            .unwrap();
        assert!(matches!(answer(&mut ch).await, russh::ChannelMsg::Success));
        ch.request_shell(true).await.unwrap();
        assert!(matches!(answer(&mut ch).await, russh::ChannelMsg::Success));
        f.logged("joined: seat hinode").await;

        // The seat is taken: a second connection with its key is told so and closed.
        let taken = f.count("refused: seat hinode for");
        let second = f.key_seat("hinode", (80, 24)).await;
        f.logged_times("refused: seat hinode for", taken + 1).await;
        for _ in 0..400 {
            if second.closed() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        assert!(second.closed(), "{}", second.text());
        assert!(
            second.text().contains("in use by another connection"),
            "{}",
            second.text()
        );

        // Garbage instead of SSH: the connection ends, the server goes on.
        use tokio::io::AsyncWriteExt;
        let mut raw = tokio::net::TcpStream::connect(addr).await.unwrap();
        let _ = raw
            .write_all(b"GET / HTTP/1.1\r\n\r\n\x00\xff\xfe garbage\r\n")
            .await;
        let _ = raw.write_all(&[0xAB; 70_000]).await;
        drop(raw);
        let again = f.code_seat("TELE-COM0-0000", true).await;
        frames_after(&again, 0).await;
        f.logged("joined: seat telecom").await;
    });
}

#[test]
fn a_connection_that_never_speaks_is_closed_and_the_seats_go_on() {
    runtime().block_on(async {
        let f = fixture(Limits {
            silent: Duration::from_secs(2),
            ..Limits::default()
        })
        .await;
        use tokio::io::AsyncReadExt;
        // Connected, never a byte: not even the SSH version line.
        let mut silent = tokio::net::TcpStream::connect(f.server.addr).await.unwrap();
        let mut got = Vec::new();
        // Closed (an end of file or a reset), not left open: else this times out.
        let _closed = tokio::time::timeout(Duration::from_secs(30), silent.read_to_end(&mut got))
            .await
            .expect("the server closes a silent connection");
        assert!(
            String::from_utf8_lossy(&got).starts_with("SSH-2.0-rensa"),
            "{got:?}"
        );
        // A seat that speaks is served meanwhile.
        let c = f.code_seat("TELE-COM0-0000", true).await;
        frames_after(&c, 0).await;
    });
}
