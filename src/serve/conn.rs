//! One seat's connection once its shell started: bytes in → key and paste events (rate
//! limited) → the seat's front; the drill's changes, the seat's own keys and window changes
//! → a frame, drawn by ratatui into the SSH channel at the seat's own size. Frames of one
//! seat are at least [`Limits::frame`](super::hub::Limits) apart; changes in between are
//! drawn together.

use super::front::Front;
use super::hub::Hub;
use super::input::Parser;
use crate::present::Lang;
use crate::present::serve::{Event, Text, text};
use crate::scenario::seats::Seat as SeatSpec;
use crate::tui::Msg;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::Event as TermEvent;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use russh::ChannelId;
use russh::server::Handle;
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// What the SSH handler passes to a seat's task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Bytes typed.
    Bytes(Vec<u8>),
    /// The window's new size (clamped).
    Resize((u16, u16)),
    /// The channel closed.
    Closed,
}

/// Sets up the remote terminal: the alternate screen, no cursor, bracketed paste on.
const ENTER: &[u8] = b"\x1b[?1049h\x1b[?25l\x1b[?2004h\x1b[2J";
/// Puts it back as it was.
const LEAVE: &[u8] = b"\x1b[?2004l\x1b[?25h\x1b[?1049l";

/// How long a lone ESC waits for the rest of a sequence before it counts as the Esc key.
const ESC_WAIT: Duration = Duration::from_millis(30);

/// How often real time is passed to the seat (status lines that expire, grace periods).
const TICK: Duration = Duration::from_secs(1);

/// The task of one seat.
pub struct Seat {
    /// The shared state.
    pub hub: Arc<Hub>,
    /// The SSH session's handle.
    pub handle: Handle,
    /// The session channel.
    pub channel: ChannelId,
    /// The seat.
    pub seat: SeatSpec,
    /// The connection's number.
    pub conn: u64,
    /// The peer's address.
    pub peer: String,
    /// The language the client asked for.
    pub lang: Lang,
    /// The window's size.
    pub size: (u16, u16),
}

/// Where ratatui's output collects before it goes to the channel (shared with the loop,
/// which takes each frame's bytes).
#[derive(Default, Clone)]
struct Sink(Arc<std::sync::Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        super::hub::lock(&self.0).extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A token bucket: `rate` events a second, at most `burst` at once.
struct Bucket {
    tokens: f64,
    rate: f64,
    burst: f64,
    at: Instant,
    dropped: u64,
}

impl Bucket {
    fn take(&mut self) -> bool {
        let now = Instant::now();
        self.tokens = (self.tokens + (now - self.at).as_secs_f64() * self.rate).min(self.burst);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            self.dropped += 1;
            false
        }
    }
}

fn rect(size: (u16, u16)) -> Rect {
    Rect::new(0, 0, size.0, size.1)
}

impl Seat {
    /// Runs the seat until the connection closes, the seat quits or idles out.
    pub async fn run(self, mut rx: mpsc::Receiver<Input>) {
        let why = self.serve(&mut rx).await;
        let _ = self.handle.data(self.channel, LEAVE.to_vec()).await;
        if let Some(note) = why.1 {
            let _ = self
                .handle
                .data(self.channel, format!("{note}\r\n").into_bytes())
                .await;
        }
        let _ = self.handle.exit_status_request(self.channel, 0).await;
        let _ = self.handle.eof(self.channel).await;
        let _ = self.handle.close(self.channel).await;
        if self.hub.free(&self.seat.name, self.conn) {
            self.hub.log(&Event::Left {
                peer: self.peer.clone(),
                seat: self.seat.name.clone(),
                why: why.0.into(),
            });
        }
    }

    /// The loop; returns why it ended and what to tell the participant.
    async fn serve(&self, rx: &mut mpsc::Receiver<Input>) -> (&'static str, Option<String>) {
        let hub = &self.hub;
        let limits = *hub.limits();
        let mut front = Front::new(hub.clone(), self.seat.clone(), self.lang);
        let sink = Sink::default();
        let mut term = match Terminal::with_options(
            CrosstermBackend::new(sink.clone()),
            TerminalOptions {
                viewport: Viewport::Fixed(rect(self.size)),
            },
        ) {
            Ok(t) => t,
            Err(_) => return ("error", None),
        };
        if self
            .handle
            .data(self.channel, ENTER.to_vec())
            .await
            .is_err()
        {
            return ("closed", None);
        }
        let mut parser = Parser::new();
        let mut changed = hub.subscribe();
        let mut bucket = Bucket {
            tokens: limits.burst,
            rate: limits.events_per_second,
            burst: limits.burst,
            at: Instant::now(),
            dropped: 0,
        };
        let mut last_key = Instant::now();
        let mut last_tick = Instant::now();
        let mut last_frame: Option<Instant> = None;
        let mut dirty = true;
        // When the oldest change not yet drawn happened (a drill change, or an own key).
        let mut pending: Option<Instant> = None;
        let mut drawn_version = *changed.borrow();
        let mut told_dropped = 0;
        let mut told_at: Option<Instant> = None;
        loop {
            let frame_due = match (dirty, last_frame) {
                (false, _) => None,
                (true, None) => Some(Duration::ZERO),
                (true, Some(t)) => Some(limits.frame.saturating_sub(t.elapsed())),
            };
            if frame_due == Some(Duration::ZERO) {
                let version = *changed.borrow_and_update();
                if version != drawn_version {
                    // The seat reads the drill's change feed before it draws the change.
                    front.update(Msg::Tick(last_tick.elapsed()));
                    last_tick = Instant::now();
                }
                drawn_version = version;
                let drawn = term.draw(|f| front.draw(f));
                front.seen();
                if drawn.is_err() {
                    return ("error", None);
                }
                let bytes = std::mem::take(&mut *super::hub::lock(&sink.0));
                let n = bytes.len();
                if !bytes.is_empty() && self.handle.data(self.channel, bytes).await.is_err() {
                    return ("closed", None);
                }
                hub.frame_sent(n, pending.take());
                last_frame = Some(Instant::now());
                dirty = false;
                continue;
            }
            let idle_left = limits.idle.saturating_sub(last_key.elapsed());
            let esc = if parser.pending() {
                ESC_WAIT
            } else {
                Duration::from_secs(3600)
            };
            let wake = frame_due
                .unwrap_or(Duration::from_secs(3600))
                .min(esc)
                .min(idle_left)
                .min(TICK.saturating_sub(last_tick.elapsed()));
            tokio::select! {
                i = rx.recv() => match i {
                    None | Some(Input::Closed) => return ("closed", None),
                    Some(Input::Resize(size)) => {
                        if term.resize(rect(size)).is_err() {
                            return ("error", None);
                        }
                        dirty = true;
                    }
                    Some(Input::Bytes(b)) => {
                        last_key = Instant::now();
                        for e in parser.feed(&b) {
                            if !bucket.take() {
                                continue;
                            }
                            match e {
                                TermEvent::Key(k) => front.update(Msg::Key(k)),
                                TermEvent::Paste(s) => front.update(Msg::Paste(s)),
                                _ => {}
                            }
                            pending.get_or_insert_with(Instant::now);
                            dirty = true;
                        }
                    }
                },
                r = changed.changed() => {
                    if r.is_err() {
                        return ("closed", None);
                    }
                    let first = hub.changed_since(drawn_version);
                    pending = Some(pending.map_or(first, |p| p.min(first)));
                    dirty = true;
                }
                _ = tokio::time::sleep(wake) => {}
            }
            if parser.pending() && last_key.elapsed() >= ESC_WAIT {
                for e in parser.flush() {
                    if let TermEvent::Key(k) = e
                        && bucket.take()
                    {
                        front.update(Msg::Key(k));
                        pending.get_or_insert_with(Instant::now);
                        dirty = true;
                    }
                }
            }
            // A flood is logged when it starts, then at most every few seconds.
            if bucket.dropped > told_dropped
                && told_at.is_none_or(|t| t.elapsed() >= Duration::from_secs(5))
            {
                told_at = Some(Instant::now());
                hub.log(&Event::RateLimited {
                    peer: self.peer.clone(),
                    seat: self.seat.name.clone(),
                    dropped: bucket.dropped - told_dropped,
                });
                told_dropped = bucket.dropped;
            }
            if last_tick.elapsed() >= TICK {
                front.update(Msg::Tick(last_tick.elapsed()));
                last_tick = Instant::now();
                dirty = true;
            }
            if front.quit() {
                return ("quit", None);
            }
            if last_key.elapsed() >= limits.idle {
                return ("idle", Some(text(self.lang, Text::Idle).to_string()));
            }
        }
    }
}
