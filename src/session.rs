//! The session API: the one small interface every face (CLI, TUI, batch runner, a future
//! drill server) uses to drive a drill. Load a scenario, advance the clock, act as a role,
//! read a role's view or the ground truth, finish.
//!
//! Clock rule: `now` is the start of a minute. Advancing to `t` handles every event
//! before `t`; an action taken then happens at `t`, before the events of minute `t`.
//! Replaying a log therefore needs only "advance to the action's time, then act".

use crate::drill::view::{RoleView, TruthView};
use crate::drill::{Action, Role};
use crate::engine::{Engine, Outcome};
use crate::model::{Scenario, Time};
use std::sync::Arc;

/// A player's action as recorded in a drill log.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedAction {
    /// When (start of the minute).
    pub at: Time,
    /// Who.
    pub role: Role,
    /// What.
    pub action: Action,
}

/// A drill in progress.
pub struct Session {
    engine: Engine,
    log: Vec<LoggedAction>,
}

impl Session {
    /// Starts a drill of `scenario` with master seed `seed`, at T+0.
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Session {
        Session {
            engine: Engine::new(scenario, seed),
            log: Vec::new(),
        }
    }

    /// The current time.
    pub fn now(&self) -> Time {
        self.engine.now()
    }

    /// The end of the drill.
    pub fn end(&self) -> Time {
        self.engine.end_time()
    }

    /// True once the drill reached its end.
    pub fn is_finished(&self) -> bool {
        self.engine.is_finished() || self.engine.now() >= self.engine.end_time()
    }

    /// Handles every event before `t`; the clock then reads `t` (at most the end).
    pub fn advance_to(&mut self, t: Time) {
        self.engine.run_until(t);
    }

    /// Advances past the next event's minute: to one minute after the next event, so
    /// every event of that minute has happened. Returns the new time, or None at the end.
    pub fn step(&mut self) -> Option<Time> {
        let next = self.engine.next_event_time()?;
        if next >= self.engine.end_time() {
            self.engine.run_until(self.engine.end_time());
            return None;
        }
        self.engine.run_until(Time(next.0 + 1));
        Some(self.now())
    }

    /// Takes `action` as `role` now. The action is recorded in the drill log whether it
    /// takes effect or is refused (so a replay refuses it the same way).
    pub fn act(&mut self, role: Role, action: Action) -> Result<String, String> {
        if self.is_finished() {
            return Err("the drill has ended".into());
        }
        self.log.push(LoggedAction {
            at: self.now(),
            role,
            action: action.clone(),
        });
        self.engine.act(role, action)
    }

    /// What `role` sees now.
    pub fn view(&self, role: Role) -> RoleView {
        self.engine.view(role)
    }

    /// What exercise control sees now: the ground truth.
    pub fn truth(&self) -> TruthView {
        self.engine.truth()
    }

    /// The players' actions so far.
    pub fn log(&self) -> &[LoggedAction] {
        &self.log
    }

    /// Records every random stream drawn from (see [`Engine::draws`]).
    pub fn record_draws(&mut self) {
        self.engine.record_draws();
    }

    /// The engine, read-only, for faces that draw more than the views give.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        self.engine.scenario()
    }

    /// Runs to the end and returns the outcome.
    pub fn finish(mut self) -> Outcome {
        self.engine.run();
        self.engine.outcome()
    }

    /// The outcome so far, without finishing.
    pub fn outcome(&self) -> Outcome {
        self.engine.outcome()
    }

    /// Replays `actions` (in order) and runs to the end: the drill log's exact result.
    pub fn replay(scenario: Arc<Scenario>, seed: u64, actions: &[LoggedAction]) -> Outcome {
        let mut s = Session::new(scenario, seed);
        for a in actions {
            s.advance_to(a.at);
            let _ = s.act(a.role, a.action.clone());
        }
        s.finish()
    }
}
