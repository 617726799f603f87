//! Where a seat's drill lives. A seat's app reads the drill and sends it actions and clock
//! commands through a [`Host`]: on one terminal the app's own [`LocalHost`] owns the
//! session and its clock; a drill server gives each remote seat a host that shares one
//! session between them all and routes exercise control's clock commands to the one clock.
//! Nothing here knows a terminal.

use crate::model::drill::{Action, Done, LoggedAction, Refusal, Role};
use crate::model::{Scenario, Time};
use crate::session::Session;
use std::ops::Deref;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Clock speeds: simulated minutes per real second, from 1 minute to 1 hour per second.
pub const SPEEDS: [u64; 7] = [1, 2, 5, 10, 15, 30, 60];

/// The drill, read (a plain borrow on one terminal, a lock's read guard on a server).
pub type SessionRef<'a> = Box<dyn Deref<Target = Session> + 'a>;

/// The clock as every seat sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockState {
    /// Paused.
    pub paused: bool,
    /// Simulated minutes per real second.
    pub speed: u64,
    /// A jump under way: the minute it goes to.
    pub target: Option<Time>,
    /// The branch this drill is, after a rewind: (minute, number).
    pub branch: Option<(Time, u32)>,
    /// Counts rebuilds of the session (a rewind): a seat's feed cursors start again when
    /// it changes.
    pub generation: u64,
}

/// What exercise control (or a solo player on its own terminal) asks of the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockCommand {
    /// Pause or resume.
    PauseResume,
    /// Pause (the seat changes hands).
    Pause,
    /// One speed up.
    Faster,
    /// One speed down.
    Slower,
    /// To just past the next minute at which `seat`'s own view changes (for exercise
    /// control: the next event of the ground truth).
    Step {
        /// Whose view decides where the step stops.
        seat: Role,
    },
    /// Run to minute `t` (later than now; at most the end).
    GoTo(Time),
    /// Rebuild the drill at an earlier minute and play on from there as a branch; the
    /// original's later actions are played again at their minutes until a player takes a
    /// new action (then the branch diverges and they are dropped).
    Rewind(Time),
}

/// Why the clock did not do what it was asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockRefusal {
    /// `g` to a minute not later than now.
    NotLater(Time),
    /// `r` to a minute not earlier than now.
    NotEarlier(Time),
    /// The drill is over.
    Ended,
    /// This seat may not command the clock.
    NotAllowed,
}

/// The drill as one seat reaches it.
pub trait Host {
    /// The drill, to read.
    fn session(&self) -> SessionRef<'_>;
    /// Takes `action` as `role` now (a server logs it before it takes effect).
    fn act(&mut self, role: Role, action: Action) -> Result<Done, Refusal>;
    /// The clock.
    fn clock(&self) -> ClockState;
    /// A clock command (from exercise control's seat, or a solo player's).
    fn command(&mut self, c: ClockCommand) -> Result<(), ClockRefusal>;
    /// Real time passed: a host that runs its own clock advances it. A drill server's
    /// seats leave this to the server's one clock.
    fn tick(&mut self, _dt: Duration) {}
    /// Starts the drill again at T+0 with `role` played by a person too, before anyone
    /// acted (the start screen); false where the players are fixed.
    fn add_player(&mut self, _role: Role) -> bool {
        false
    }
}

/// One terminal's drill: the session and its clock, run in bounded chunks between frames.
pub struct LocalHost {
    scenario: Arc<Scenario>,
    session: Session,
    paused: bool,
    speed: usize,
    /// Simulated minutes owed by real time, not yet run.
    carry: f64,
    target: Option<Time>,
    branch: Option<(Time, u32)>,
    branches: u32,
    generation: u64,
    /// After a rewind: the original's actions from the branch minute on, played again
    /// at their minutes until a player takes a new one.
    pending: Vec<LoggedAction>,
}

/// Real time one frame may spend running the clock.
const BUDGET: Duration = Duration::from_millis(30);

impl LocalHost {
    /// A host owning `session`, paused, at 5 simulated minutes per second.
    pub fn new(scenario: Arc<Scenario>, session: Session) -> LocalHost {
        LocalHost {
            scenario,
            session,
            paused: true,
            speed: 2,
            carry: 0.0,
            target: None,
            branch: None,
            branches: 0,
            generation: 0,
            pending: Vec::new(),
        }
    }

    /// Sets the speed to the fastest of at most `per_second` simulated minutes.
    pub fn set_speed(&mut self, per_second: u64) {
        self.speed = SPEEDS.iter().rposition(|s| *s <= per_second).unwrap_or(0);
    }

    /// Plays the original's actions due at the current minute (a branch not yet diverged).
    fn play_pending(&mut self) {
        let now = self.session.now();
        while self.pending.first().is_some_and(|a| a.at <= now) {
            let a = self.pending.remove(0);
            // A refusal is recorded in the log as in the original.
            let _ = self.session.act(a.role, a.action);
        }
    }

    /// Runs to minute `t`, playing a branch's pending actions at their minutes.
    fn run_to(&mut self, t: Time) {
        self.play_pending();
        while self.session.now() < t && !self.session.is_finished() {
            let next = self
                .pending
                .first()
                .map(|a| a.at.min(t))
                .unwrap_or(t)
                .max(Time(self.session.now().0 + 1));
            self.session.advance_to(next);
            self.play_pending();
        }
    }

    /// One step: to just past the next event's minute, or to a pending action's minute.
    fn step_once(&mut self) -> bool {
        self.play_pending();
        let Some(next) = self.session.next_event_time() else {
            self.session.advance_to(self.session.end());
            return false;
        };
        let mut to = Time(next.0 + 1);
        if let Some(a) = self.pending.first() {
            to = to.min(a.at.max(Time(self.session.now().0 + 1)));
        }
        if to >= self.session.end() {
            self.run_to(self.session.end());
            return false;
        }
        self.run_to(to);
        true
    }

    /// Runs minute by minute towards `target` until it is reached or the budget is spent.
    fn advance_bounded(&mut self, target: Time) {
        let started = Instant::now();
        while self.session.now() < target && !self.session.is_finished() {
            let next = Time(self.session.now().0 + 1);
            self.run_to(next);
            if started.elapsed() > BUDGET {
                break;
            }
        }
    }
}

impl Host for LocalHost {
    fn session(&self) -> SessionRef<'_> {
        Box::new(&self.session)
    }

    fn act(&mut self, role: Role, action: Action) -> Result<Done, Refusal> {
        self.play_pending();
        // A new action: the branch diverges from the original here.
        self.pending.clear();
        self.session.act(role, action)
    }

    fn clock(&self) -> ClockState {
        ClockState {
            paused: self.paused,
            speed: SPEEDS[self.speed],
            target: self.target,
            branch: self.branch,
            generation: self.generation,
        }
    }

    fn command(&mut self, c: ClockCommand) -> Result<(), ClockRefusal> {
        let now = self.session.now();
        match c {
            ClockCommand::PauseResume => self.paused = !self.paused,
            ClockCommand::Pause => self.paused = true,
            ClockCommand::Faster => self.speed = (self.speed + 1).min(SPEEDS.len() - 1),
            ClockCommand::Slower => self.speed = self.speed.saturating_sub(1),
            ClockCommand::Step { seat } => {
                if self.session.is_finished() {
                    return Err(ClockRefusal::Ended);
                }
                if seat == Role::Control {
                    self.step_once();
                } else {
                    // Only the seat's own view decides where the clock stops.
                    let before = self.session.view_at_rest(seat);
                    while self.step_once() {
                        if self.session.view_at_rest(seat) != before {
                            break;
                        }
                    }
                }
            }
            ClockCommand::GoTo(t) => {
                if self.session.is_finished() {
                    return Err(ClockRefusal::Ended);
                }
                if t <= now {
                    return Err(ClockRefusal::NotLater(now));
                }
                self.target = Some(t.min(self.session.end()));
            }
            ClockCommand::Rewind(t) => {
                if t >= now {
                    return Err(ClockRefusal::NotEarlier(now));
                }
                let log = self.session.log_entries();
                let players = self.session.players().to_vec();
                let mut s =
                    Session::with_players(self.scenario.clone(), self.session.seed(), &players);
                s.play(&log, Some(t));
                s.advance_to(t);
                self.pending = log.into_iter().filter(|a| a.at >= t).collect();
                self.session = s;
                self.branches += 1;
                self.branch = Some((t, self.branches));
                self.generation += 1;
                self.paused = true;
                self.target = None;
                self.carry = 0.0;
            }
        }
        Ok(())
    }

    fn tick(&mut self, dt: Duration) {
        if self.session.is_finished() {
            self.target = None;
            return;
        }
        if let Some(target) = self.target {
            self.advance_bounded(target);
            if self.session.now() >= target || self.session.is_finished() {
                self.target = None;
            }
        } else if !self.paused {
            let speed = SPEEDS[self.speed] as f64;
            self.carry = (self.carry + dt.as_secs_f64() * speed).min(speed * 2.0);
            let whole = self.carry.floor() as u64;
            if whole > 0 {
                let from = self.session.now();
                self.advance_bounded(Time(from.0 + whole));
                self.carry -= (self.session.now().0 - from.0) as f64;
            }
        }
    }

    fn add_player(&mut self, role: Role) -> bool {
        if !self.session.log().is_empty() {
            return false;
        }
        if self.session.players().contains(&role) {
            return true;
        }
        let now = self.session.now();
        let mut players = self.session.players().to_vec();
        players.push(role);
        let mut s = Session::with_players(self.scenario.clone(), self.session.seed(), &players);
        s.advance_to(now);
        self.session = s;
        self.generation += 1;
        true
    }
}
