//! `rensa serve`: one drill served over SSH to many terminals, each a seat (docs/SERVE.md).
//!
//! A second driver of the same seat screens as the local terminal:
//!
//! * [`drill`]: the one session, control's clock, chat, observations, and the drill log
//!   written before anything takes effect;
//! * [`hub`]: what every connection shares — the drill behind its lock, who holds which
//!   seat, the join codes, the server's log, frame figures;
//! * [`ssh`]: authentication (keys, join codes) and the requests a connection may make;
//!   every refusal logged;
//! * [`conn`]: one seat's connection — bytes in ([`input`]), frames out, at its own size;
//! * [`front`]: what a seat shows: its screens (the local terminal's `tui::App`, reached
//!   through [`host`]), the [`chat`] window and an evaluator's [`observe`] form over them.
//!
//! **Architecture Invariant:** the engine stays single-threaded and deterministic: the one
//! `Session` lives in the drill, behind a lock, and every seat's action reaches it in
//! arrival order, written to the drill log first. tokio and russh live only here; nothing
//! here opens a file (the CLI gives the drill log, the host key and the seats).

pub mod chat;
pub mod conn;
pub mod drill;
pub mod front;
pub mod host;
pub mod hub;
pub mod input;
pub mod observe;
pub mod ssh;

use hub::Hub;
use russh::keys::PrivateKey;
use russh::{MethodKind, MethodSet};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often the drill's clock runs while it is not paused.
pub const CLOCK_TICK: Duration = Duration::from_millis(50);

/// Real time one clock tick may spend running the engine.
const CLOCK_BUDGET: Duration = Duration::from_millis(30);

/// The SSH server's settings.
pub struct Options {
    /// Where to listen.
    pub listen: SocketAddr,
    /// The host key.
    pub host_key: PrivateKey,
}

struct Server {
    hub: Arc<Hub>,
}

impl russh::server::Server for Server {
    type Handler = ssh::Connection;

    fn new_client(&mut self, peer: Option<SocketAddr>) -> ssh::Connection {
        ssh::Connection::new(self.hub.clone(), peer)
    }
}

/// The russh configuration: keys and join codes only, constant-time refusals, keepalives
/// that find a half-open connection within a minute.
pub fn config(host_key: PrivateKey, hub: &Hub) -> russh::server::Config {
    russh::server::Config {
        server_id: russh::SshId::Standard(
            format!("SSH-2.0-rensa_{}", env!("CARGO_PKG_VERSION")).into(),
        ),
        methods: MethodSet::from(&[MethodKind::PublicKey, MethodKind::KeyboardInteractive][..]),
        auth_rejection_time: Duration::from_millis(500),
        auth_rejection_time_initial: Some(Duration::ZERO),
        keys: vec![host_key],
        max_auth_attempts: hub.limits().auth_attempts,
        inactivity_timeout: None,
        keepalive_interval: Some(Duration::from_secs(15)),
        keepalive_max: 4,
        nodelay: true,
        ..Default::default()
    }
}

/// Serves the drill of `hub` on `listener` until `stop` resolves: the SSH server and the
/// drill's clock. Returns when stopped (the log made durable).
pub async fn run(
    hub: Arc<Hub>,
    listener: tokio::net::TcpListener,
    host_key: PrivateKey,
    stop: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let config = Arc::new(config(host_key, &hub));
    let mut server = Server { hub: hub.clone() };
    use russh::server::Server as _;
    let running = server.run_on_socket(config, &listener);
    let handle = running.handle();
    let clock = tokio::spawn(run_clock(hub.clone()));
    tokio::select! {
        r = running => { r?; }
        _ = stop => {
            handle.shutdown(crate::present::serve::text(hub.lang(), crate::present::serve::Text::Stopping).into());
        }
    }
    clock.abort();
    let _ = hub.write(|d| d.sync());
    Ok(())
}

/// Runs the drill's clock for every seat.
async fn run_clock(hub: Arc<Hub>) {
    let mut last = Instant::now();
    let mut interval = tokio::time::interval(CLOCK_TICK);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        let dt = last.elapsed();
        last = Instant::now();
        let idle = {
            let d = hub.read();
            (d.clock().paused && d.clock().target.is_none()) || d.session().is_finished()
        };
        if !idle {
            let _ = hub.write(|d| d.tick(dt, CLOCK_BUDGET));
        }
    }
}
