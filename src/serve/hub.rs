//! What every connection shares: the drill behind its lock, the seats and who holds each,
//! the join codes, the server's log, and the figures of frame latency.
//!
//! The lock: seats read the drill (to draw, possibly several reads within one frame) far
//! more often than anything writes it. A blocking writer that queues on the lock would make
//! a second read within one frame wait for it while the first is held — a deadlock — so a
//! writer here never queues: it takes the lock with `try_write` and, while readers hold it,
//! yields and tries again. Readers hold it only for the synchronous drawing of one frame,
//! never across an `await`, so a writer waits at most a frame.

use super::drill::{Drill, DrillError};
use crate::model::Scenario;
use crate::present::Lang;
use crate::present::serve::{self as words, Event};
use crate::scenario::seats::{Seat, Seats};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// Where the server's log lines go (standard error for `rensa serve`).
pub type LogSink = Box<dyn Fn(&str) + Send + Sync>;

/// Limits that keep one connection from costing the others.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// A seat without a key for this long is freed.
    pub idle: Duration,
    /// The largest window drawn, in columns and rows; larger ones are clamped.
    pub max_size: (u16, u16),
    /// Input events (keys, pastes) a connection may send per second, on average.
    pub events_per_second: f64,
    /// … and in a burst.
    pub burst: f64,
    /// The shortest time between two frames of one seat (changes within it are drawn
    /// together).
    pub frame: Duration,
    /// Wrong join codes or keys allowed per connection.
    pub auth_attempts: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            // assumption: a tabletop drill pauses for discussion; an hour without a key
            // means the participant has left.
            idle: Duration::from_secs(3600),
            max_size: (320, 120),
            events_per_second: 40.0,
            burst: 120.0,
            frame: Duration::from_millis(30),
            auth_attempts: 6,
        }
    }
}

/// Who holds a seat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// The connection's number.
    pub conn: u64,
    /// The peer's address.
    pub peer: String,
}

/// Frame latency: from a change of the drill to the frame that shows it leaving for a seat.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Latencies in microseconds (the first 1,000,000 frames).
    pub latencies_us: Vec<u64>,
    /// Frames sent.
    pub frames: u64,
    /// Bytes sent.
    pub bytes: u64,
}

impl Stats {
    /// The `q`-quantile of the latencies (type 1), in milliseconds.
    pub fn quantile_ms(&self, q: f64) -> Option<f64> {
        let mut v = self.latencies_us.clone();
        if v.is_empty() {
            return None;
        }
        v.sort_unstable();
        let i = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1;
        Some(v[i] as f64 / 1000.0)
    }
}

/// The state every connection shares.
pub struct Hub {
    drill: RwLock<Drill>,
    scenario: Arc<Scenario>,
    /// The drill's version, published after every write.
    changed: watch::Sender<u64>,
    /// When each recent version appeared, newest last (for frame latency).
    since: Mutex<std::collections::VecDeque<(u64, Instant)>>,
    seats: Seats,
    /// Seat name → join code.
    codes: BTreeMap<String, String>,
    taken: Mutex<BTreeMap<String, Holder>>,
    log: LogSink,
    lang: Lang,
    limits: Limits,
    stats: Mutex<Stats>,
    next_conn: Mutex<u64>,
    log_failure_told: Mutex<bool>,
    /// The drill log's name, as seats are told it.
    log_name: String,
}

impl Hub {
    /// A hub around `drill`, whose log is named `log_name`.
    pub fn new(
        drill: Drill,
        seats: Seats,
        codes: BTreeMap<String, String>,
        sinks: (LogSink, String),
        lang: Lang,
        limits: Limits,
    ) -> Arc<Hub> {
        let (log, log_name) = sinks;
        let scenario = drill.scenario().clone();
        let version = drill.version();
        Arc::new(Hub {
            drill: RwLock::new(drill),
            scenario,
            changed: watch::channel(version).0,
            since: Mutex::new([(version, Instant::now())].into()),
            seats,
            codes: codes
                .into_iter()
                .map(|(seat, code)| (seat, normalise_code(&code)))
                .collect(),
            taken: Mutex::new(BTreeMap::new()),
            log,
            lang,
            limits,
            stats: Mutex::new(Stats::default()),
            next_conn: Mutex::new(0),
            log_failure_told: Mutex::new(false),
            log_name,
        })
    }

    /// The drill log's name.
    pub fn log_name(&self) -> &str {
        &self.log_name
    }

    /// The scenario.
    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// The seats.
    pub fn seats(&self) -> &Seats {
        &self.seats
    }

    /// The server's default language (its log's).
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The limits.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Writes a line to the server's log.
    pub fn log(&self, e: &Event) {
        (self.log)(&words::event(self.lang, e));
    }

    /// A new connection's number.
    pub fn next_conn(&self) -> u64 {
        let mut n = lock(&self.next_conn);
        *n += 1;
        *n
    }

    /// Reads the drill (for one frame: never across an await).
    pub fn read(&self) -> RwLockReadGuard<'_, Drill> {
        self.drill.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Changes the drill with `f`, then tells every seat. Never queues on the lock (see the
    /// module's note).
    pub fn write<T>(&self, f: impl FnOnce(&mut Drill) -> T) -> T {
        let (out, version, failure) = {
            let mut d = self.write_guard();
            let out = f(&mut d);
            (out, d.version(), d.failure().map(str::to_string))
        };
        if let Some(why) = failure {
            let mut told = lock(&self.log_failure_told);
            if !*told {
                *told = true;
                self.log(&Event::LogFailed { why });
            }
        }
        self.publish(version);
        out
    }

    fn write_guard(&self) -> RwLockWriteGuard<'_, Drill> {
        let mut spins = 0u32;
        loop {
            match self.drill.try_write() {
                Ok(g) => return g,
                Err(std::sync::TryLockError::Poisoned(e)) => return e.into_inner(),
                Err(std::sync::TryLockError::WouldBlock) => {
                    spins += 1;
                    if spins < 64 {
                        std::thread::yield_now();
                    } else {
                        std::thread::sleep(Duration::from_micros(200));
                    }
                }
            }
        }
    }

    fn publish(&self, version: u64) {
        let mut since = lock(&self.since);
        if since.back().is_none_or(|(v, _)| *v != version) {
            since.push_back((version, Instant::now()));
            if since.len() > 256 {
                since.pop_front();
            }
            self.changed.send_replace(version);
        }
    }

    /// When the first version after `seen` appeared (now, if it is too old to know).
    pub fn changed_since(&self, seen: u64) -> Instant {
        lock(&self.since)
            .iter()
            .find(|(v, _)| *v > seen)
            .map_or_else(Instant::now, |(_, t)| *t)
    }

    /// A receiver told of every change of the drill.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.changed.subscribe()
    }

    /// Records a frame sent; `started` is when what it shows happened (a change of the
    /// drill, or the seat's own key), if it shows something new.
    pub fn frame_sent(&self, bytes: usize, started: Option<Instant>) {
        let mut s = lock(&self.stats);
        s.frames += 1;
        s.bytes += bytes as u64;
        if let Some(t) = started
            && s.latencies_us.len() < 1_000_000
        {
            s.latencies_us.push(t.elapsed().as_micros() as u64);
        }
    }

    /// The frame figures so far.
    pub fn stats(&self) -> Stats {
        lock(&self.stats).clone()
    }

    /// The seat a join code admits (codes compared in constant time).
    pub fn seat_of_code(&self, code: &str) -> Option<&Seat> {
        let code = normalise_code(code);
        let mut found = None;
        for (seat, c) in &self.codes {
            if same(c.as_bytes(), code.as_bytes()) {
                found = Some(seat.as_str());
            }
        }
        found.and_then(|s| self.seats.by_name(s))
    }

    /// Whether `code` is seat `seat`'s join code.
    pub fn code_admits(&self, seat: &str, code: &str) -> bool {
        let code = normalise_code(code);
        self.codes
            .get(seat)
            .is_some_and(|c| same(c.as_bytes(), code.as_bytes()))
    }

    /// Takes seat `seat` for connection `holder`; the current holder if another has it.
    pub fn take(&self, seat: &str, holder: Holder) -> Result<(), Holder> {
        let mut taken = lock(&self.taken);
        match taken.get(seat) {
            Some(h) if h.conn != holder.conn => Err(h.clone()),
            _ => {
                taken.insert(seat.to_string(), holder);
                Ok(())
            }
        }
    }

    /// Frees seat `seat` if connection `conn` holds it.
    pub fn free(&self, seat: &str, conn: u64) -> bool {
        let mut taken = lock(&self.taken);
        if taken.get(seat).is_some_and(|h| h.conn == conn) {
            taken.remove(seat);
            true
        } else {
            false
        }
    }

    /// The seats taken now, with their holders.
    pub fn taken(&self) -> BTreeMap<String, Holder> {
        lock(&self.taken).clone()
    }
}

/// Locks a mutex, going on with its data if a holder panicked (the data are plain).
pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A code as typed: letters upper-cased, spaces and dashes left out, and the letters
/// people confuse with digits read as those digits (Crockford's base 32).
pub fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect()
}

/// Compares two byte strings in time that depends on their lengths only.
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The join code alphabet: Crockford's base 32 (no I, L, O, U).
pub const CODE_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A fresh join code: 12 characters of [`CODE_ALPHABET`] (60 bits), shown as
/// `XXXX-XXXX-XXXX`.
pub fn new_code(rng: &mut impl rand::RngExt) -> String {
    let chars: Vec<char> = (0..12)
        .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// What went wrong with the drill, in the seat's words.
pub fn drill_error(lang: Lang, e: &DrillError) -> String {
    match e {
        DrillError::Log(_) => words::text(lang, words::Text::LogDown).to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_as_people_type_them() {
        assert_eq!(normalise_code("abcd-efgh 1o1l"), "ABCDEFGH1011");
        let mut rng = rand::rng();
        let c = new_code(&mut rng);
        assert_eq!(c.len(), 14);
        assert_eq!(normalise_code(&c.to_lowercase()), c.replace('-', ""));
    }
}
