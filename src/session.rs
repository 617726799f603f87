//! The session API: the one small interface every face (CLI, TUI, batch runner, a future
//! drill server) uses to drive a drill. Load a scenario, advance the clock, act as a role,
//! read a role's view or the ground truth, finish.
//!
//! Clock rule: `now` is the start of a minute. Advancing to `t` handles every event
//! before `t`; an action taken then happens at `t`, before the events of minute `t`.
//! Replaying a log therefore needs only "advance to the action's time, then act".

use crate::engine::feed::{Changes, FeedCursor};
use crate::engine::rng::Draw;
use crate::engine::view::{RoleView, TruthView};
use crate::engine::{Engine, Outcome};
pub use crate::engine::{EngineOptions, OutcomeRef, Prepared};
pub use crate::model::drill::LoggedAction;
use crate::model::drill::knowledge::Knowledge;
use crate::model::drill::message::Message;
use crate::model::drill::{Action, Done, IncidentRef, Refusal, Role};
use crate::model::{IncidentId, Scenario, ServiceId, Time};
use std::sync::Arc;

/// A drill in progress.
///
/// `Send + Sync`: a drill server can keep one behind a lock and serve it to several
/// terminals, each reading the change feed with its own [`FeedCursor`].
pub struct Session {
    engine: Engine,
    log: Vec<LoggedAction>,
    players: Vec<Role>,
}

impl Session {
    /// Starts a drill of `scenario` with master seed `seed`, at T+0. The scenario's
    /// `players` are played by people; every other role follows its policy.
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Session {
        Session::with_players(scenario, seed, &[])
    }

    /// Starts a drill in which `players` are played by people too.
    pub fn with_players(scenario: Arc<Scenario>, seed: u64, players: &[Role]) -> Session {
        Session::with_options(scenario, seed, players, EngineOptions::default())
    }

    /// Starts a drill with `players` played by people, recording as `options` say (a
    /// Monte Carlo run switches the timeline off and still gets every measure).
    pub fn with_options(
        scenario: Arc<Scenario>,
        seed: u64,
        players: &[Role],
        options: EngineOptions,
    ) -> Session {
        Session::from_prepared(&Prepared::new(scenario), seed, players, options)
    }

    /// Starts a drill of a scenario prepared once for many runs (a batch, a luck analysis,
    /// twins): with master seed `seed`, `players` played by people besides the scenario's
    /// own, recording as `options` say. The same outcome as [`Session::with_options`] on
    /// the prepared scenario, without building again what every run shares:
    ///
    /// ```
    /// use rensa::session::{EngineOptions, Prepared, Session};
    /// use std::sync::Arc;
    ///
    /// let prepared = Prepared::new(Arc::new(rensa::scenario::load_default()));
    /// for seed in 1..=3 {
    ///     let run = Session::from_prepared(&prepared, seed, &[], EngineOptions::default());
    ///     assert_eq!(run.finish().seed, seed);
    /// }
    /// ```
    pub fn from_prepared(
        prepared: &Prepared,
        seed: u64,
        players: &[Role],
        options: EngineOptions,
    ) -> Session {
        let scenario = prepared.scenario();
        let mut all = scenario.drill.players.clone();
        all.extend(
            players
                .iter()
                .filter(|r| !scenario.drill.players.contains(r)),
        );
        Session {
            engine: Engine::from_prepared(prepared, seed, players, options),
            log: Vec::new(),
            players: all,
        }
    }

    /// The roles played by people.
    pub fn players(&self) -> &[Role] {
        &self.players
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

    /// Handles every event before `t`; the clock then reads `t`. At or past the end, the
    /// drill ends (the end itself is handled too).
    pub fn advance_to(&mut self, t: Time) {
        if t >= self.engine.end_time() {
            self.engine.run();
        } else {
            self.engine.run_until(t);
        }
    }

    /// Advances past the next event's minute: to one minute after the next event, so
    /// every event of that minute has happened. Returns the new time, or None at the end.
    pub fn step(&mut self) -> Option<Time> {
        let next = self.engine.next_event_time()?;
        if next >= self.engine.end_time() {
            self.engine.run();
            return None;
        }
        self.engine.run_until(Time(next.0 + 1));
        Some(self.now())
    }

    /// Takes `action` as `role` now. An action the role may never take (see
    /// [`Engine::permitted`]) is refused at once and leaves no trace. Any other action is
    /// recorded in the drill log whether it takes effect or is refused by the state of the
    /// drill (a TLP label, no team left), so a replay refuses it the same way.
    pub fn act(&mut self, role: Role, action: Action) -> Result<Done, Refusal> {
        if self.is_finished() {
            return Err(Refusal::DrillEnded);
        }
        self.engine.permitted(role, &action)?;
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

    /// What `role` sees now with the clock left out: two are equal exactly when nothing
    /// the role can see changed in between, so a player's "next event" steps to the next
    /// change of it and never to a minute only the ground truth marks.
    pub fn view_at_rest(&self, role: Role) -> RoleView {
        let mut v = self.engine.view(role);
        v.time = Time(0);
        v
    }

    /// What exercise control sees now: the ground truth.
    pub fn truth(&self) -> TruthView {
        self.engine.truth()
    }

    /// How much of the world is out of order now (ground truth, for exercise control):
    /// the counts of [`TruthView::census`] without building the rest of the view.
    pub fn census(&self) -> crate::engine::census::Census {
        self.engine.census()
    }

    /// The players' actions so far.
    pub fn log(&self) -> &[LoggedAction] {
        &self.log
    }

    /// Records every random stream drawn from (see [`Engine::draws`]).
    pub fn record_draws(&mut self) {
        self.engine.record_draws();
    }

    /// The random streams drawn from since [`Session::record_draws`]: (purpose, key).
    pub fn draws(&self) -> &[Draw] {
        self.engine.draws()
    }

    /// What happened since `cursor` last read: new timeline entries, with helpers for
    /// message deliveries and level changes. Reading consumes nothing; each face keeps its
    /// own cursor and sees every entry once.
    pub fn changes_since(&self, cursor: &mut FeedCursor) -> Changes<'_> {
        self.engine.changes_since(cursor)
    }

    /// The time of the next pending event, if the drill is not over.
    pub fn next_event_time(&self) -> Option<Time> {
        self.engine.next_event_time()
    }

    /// Number of incidents so far.
    pub fn incident_count(&self) -> usize {
        self.engine.incident_count()
    }

    /// Number of events handled so far.
    pub fn events_handled(&self) -> u64 {
        self.engine.events_handled()
    }

    /// The current level of a service (ground truth).
    pub fn level(&self, s: ServiceId) -> f64 {
        self.engine.level(s)
    }

    /// Every message sent so far (ground truth: exercise control's record).
    pub fn messages(&self) -> &[Message] {
        self.engine.messages()
    }

    /// What `role` knows (None for a role absent from the drill).
    pub fn knowledge(&self, role: Role) -> Option<&Knowledge> {
        self.engine.knowledge(role)
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        self.engine.scenario()
    }

    /// Runs to the end and returns the outcome, moved out of the session (not copied).
    pub fn finish(mut self) -> Outcome {
        self.engine.run();
        self.engine.into_outcome()
    }

    /// The outcome so far without finishing, moved out of the session: the measures cover
    /// `[T+0, now)` (for a run stopped early).
    pub fn into_outcome(self) -> Outcome {
        self.engine.into_outcome()
    }

    /// The outcome so far, borrowed: nothing but the measures (closed at the current time)
    /// is copied.
    pub fn outcome(&self) -> OutcomeRef<'_> {
        self.engine.outcome()
    }

    /// The master seed.
    pub fn seed(&self) -> u64 {
        self.engine.streams_seed()
    }

    /// The scenario inject that opened incident `id`; None for an ad-hoc inject's incident
    /// or a number no incident has.
    pub fn inject_of_incident(&self, id: IncidentId) -> Option<usize> {
        let inject = self.engine.incident_inject(id)?;
        (inject < self.engine.scenario().injects.len()).then_some(inject)
    }

    /// The players' actions as a drill log keeps them: an incident of an ad-hoc inject is
    /// named by its number, since its inject is in no scenario file.
    pub fn log_entries(&self) -> Vec<LoggedAction> {
        self.log.iter().map(|a| self.log_entry(a.clone())).collect()
    }

    /// One action as a drill log keeps it (see [`Session::log_entries`]): a face that
    /// writes each action down before it takes effect (a drill server) writes this.
    pub fn log_entry(&self, mut a: LoggedAction) -> LoggedAction {
        let engine = &self.engine;
        if let Action::Send { about, .. } = &mut a.action
            && let Some(IncidentRef::Inject(k)) = *about
            && k >= engine.scenario().injects.len()
            && let Ok(id) = engine.incident_of(IncidentRef::Inject(k))
        {
            *about = Some(IncidentRef::Id(id));
        }
        a
    }

    /// Whether [`Session::act`] would record `action` by `role` now (it may still be
    /// refused by the state of the drill, and recorded so): a face that writes each action
    /// down before it takes effect asks first, and writes nothing for an action refused here.
    pub fn permitted(&self, role: Role, action: &Action) -> Result<(), Refusal> {
        if self.is_finished() {
            return Err(Refusal::DrillEnded);
        }
        self.engine.permitted(role, action)
    }

    /// Replays `actions` (in order) with `players` played, and runs to the end: the drill
    /// log's exact result, with the actions that were refused.
    pub fn replay(
        scenario: Arc<Scenario>,
        seed: u64,
        players: &[Role],
        actions: &[LoggedAction],
    ) -> Replayed {
        let mut s = Session::with_players(scenario, seed, players);
        let refusals = s.play(actions, None);
        Replayed {
            outcome: s.finish(),
            refusals,
        }
    }

    /// Plays `actions` (in order) that fall before `stop` (all, without one), each at its
    /// time; returns those refused, with their index in `actions`.
    pub fn play(&mut self, actions: &[LoggedAction], stop: Option<Time>) -> Vec<Refused> {
        let mut refused = Vec::new();
        for (index, a) in actions.iter().enumerate() {
            if stop.is_some_and(|t| a.at >= t) {
                break;
            }
            self.advance_to(a.at);
            if let Err(reason) = self.act(a.role, a.action.clone()) {
                refused.push(Refused {
                    index,
                    action: a.clone(),
                    reason,
                });
            }
        }
        refused
    }
}

/// The result of a replay: the outcome, and the logged actions that were refused.
#[derive(Debug, Clone)]
pub struct Replayed {
    /// The run's outcome.
    pub outcome: Outcome,
    /// The actions refused, in order.
    pub refusals: Vec<Refused>,
}

/// A logged action that was refused when played.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    /// Its index in the log's actions.
    pub index: usize,
    /// The action.
    pub action: LoggedAction,
    /// Why.
    pub reason: Refusal,
}

#[cfg(test)]
mod tests {
    use super::Session;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn a_session_can_be_shared_between_threads() {
        // Checked at compile time: a drill server keeps one session behind a lock.
        assert_send_sync::<Session>();
    }
}

/// The plain types a face reads from a session (views, the change feed, the outcome),
/// re-exported so a face such as the TUI can name them without naming the engine.
pub mod types {
    pub use crate::engine::Outcome;
    pub use crate::engine::census::{Census, OperatorView};
    pub use crate::engine::feed::{Changes, FeedCursor};
    pub use crate::engine::timeline::{Entry, Happening};
    pub use crate::engine::view::{
        InboxItem, IncidentView, RoleView, ServiceView, Source, TruthView,
    };
}
