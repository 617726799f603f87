//! The served drill: the ONE [`Session`] every seat plays, exercise control's clock that
//! drives it for all, the chat beside it and the evaluators' observations — and the drill
//! log, to which every accepted action, chat line and observation is appended and flushed
//! to disk *before* it takes effect (docs/SERVE.md).
//!
//! Nothing here knows a socket or a thread: the server keeps one `Drill` behind a lock, so
//! actions reach the session in the order the lock is taken (arrival order), each stamped
//! with the minute at which it was accepted. The engine stays single-threaded and
//! deterministic, so the log replays to the same bytes.

use crate::model::drill::{
    Action, ChatLine, ChatParty, Done, LoggedAction, Observation, Rating, Refusal, Role,
};
use crate::model::{Scenario, Time};
use crate::scenario::diagnostics::is_unsafe_char;
use crate::scenario::drill_log::{self, JournalEntry, Lesson, MAX_CHAT, ResolvedLog};
use crate::session::Session;
use crate::session::types::Outcome;
use crate::tui::host::{ClockCommand, ClockRefusal, ClockState};
use std::io;
use std::sync::Arc;
use std::time::Duration;

/// Clock speeds exercise control chooses from: simulated minutes per real second.
pub use crate::tui::host::SPEEDS;

/// Where the drill log goes: appended to, line by line. The CLI gives a file; tests keep
/// the text.
pub trait Journal: Send + Sync {
    /// Appends `line` (one or more whole lines). With `durable`, returns only once the
    /// line is on disk (fsync): an action is written so before it takes effect.
    fn append(&mut self, line: &str, durable: bool) -> io::Result<()>;

    /// Makes everything appended so far durable.
    fn sync(&mut self) -> io::Result<()>;
}

/// A journal kept in memory (tests, benchmarks).
#[derive(Debug, Clone, Default)]
pub struct MemoryJournal {
    /// Everything appended.
    pub text: Arc<std::sync::Mutex<String>>,
}

impl Journal for MemoryJournal {
    fn append(&mut self, line: &str, _durable: bool) -> io::Result<()> {
        self.text
            .lock()
            .map_err(|_| io::Error::other("journal lock poisoned"))?
            .push_str(line);
        Ok(())
    }

    fn sync(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Why the drill could not take something in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DrillError {
    /// The drill log could not be written: nothing more is accepted (fail closed), so no
    /// seat sees an effect the log does not hold.
    Log(String),
    /// A chat line that is not between control and one seat, or empty.
    Chat,
    /// Only exercise control drives the clock.
    NotControl,
    /// An observation of an objective the scenario does not have.
    NoObjective,
}

/// The clock: paused or running, its speed, and a jump under way.
#[derive(Debug, Clone, PartialEq)]
pub struct Clock {
    /// Paused.
    pub paused: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// A jump under way: the minute to reach.
    pub target: Option<Time>,
    /// The branch the drill is, after a rewind: (minute, number).
    pub branch: Option<(Time, u32)>,
    /// Counts rebuilds of the session (rewinds).
    pub generation: u64,
    /// Simulated minutes owed by real time, not yet run.
    carry: f64,
}

/// How the drill begins: its scenario, seed and players, and how its log names the
/// scenario.
pub struct Setup {
    /// The scenario.
    pub scenario: Arc<Scenario>,
    /// How the log names it (`default`, or a path).
    pub scenario_ref: String,
    /// Its files' hashes, recorded in the log.
    pub fingerprint: Option<crate::scenario::Fingerprint>,
    /// Master seed.
    pub seed: u64,
    /// Roles played by people (the seats'), besides the scenario's own players.
    pub players: Vec<Role>,
}

/// The drill every seat plays.
pub struct Drill {
    scenario: Arc<Scenario>,
    seed: u64,
    /// The players, exercise control included, as the log's header lists them.
    players: Vec<Role>,
    session: Session,
    journal: Box<dyn Journal>,
    clock: Clock,
    chats: Vec<ChatLine>,
    observations: Vec<Observation>,
    lessons: Vec<Lesson>,
    /// The last minute written to the log by a `Clock` entry.
    logged_minute: Time,
    /// Real time since the log was last made durable.
    since_sync: Duration,
    /// Bumped by every change a seat may see.
    version: u64,
    /// Set once the log could not be written: the drill then takes nothing in.
    failed: Option<String>,
    /// Entries appended (header excluded).
    entries: u64,
    /// After a rewind: the original's actions from the branch minute on, taken again at
    /// their minutes (and logged again) until a seat takes a new action.
    pending: Vec<LoggedAction>,
}

impl Drill {
    /// Starts a drill at T+0 and writes its log's header (durably).
    pub fn start(setup: Setup, mut journal: Box<dyn Journal>) -> Result<Drill, DrillError> {
        let players = all_players(&setup.scenario, &setup.players);
        let header = drill_log::journal_header(
            &setup.scenario_ref,
            setup.fingerprint.as_ref(),
            setup.seed,
            &players,
            &setup.scenario,
        );
        journal
            .append(&header, true)
            .map_err(|e| DrillError::Log(e.to_string()))?;
        let session = Session::with_players(setup.scenario.clone(), setup.seed, &players);
        Ok(Drill::new(
            setup.scenario,
            setup.seed,
            players,
            session,
            journal,
        ))
    }

    /// Resumes the drill a log holds (after a crash): its actions replayed, the clock at
    /// the minute the log reached, paused; chat, observations and lessons as they were.
    /// Appends go on to `journal` (the same file, its torn last line cut off).
    pub fn resume(
        scenario: Arc<Scenario>,
        seed: u64,
        log: &ResolvedLog,
        journal: Box<dyn Journal>,
    ) -> Drill {
        let players = all_players(&scenario, &log.players);
        let mut session = Session::with_players(scenario.clone(), seed, &players);
        session.play(&log.actions, None);
        if let Some(at) = log.resume_at() {
            session.advance_to(at);
        }
        let mut d = Drill::new(scenario, seed, players, session, journal);
        d.chats = log.chats.clone();
        d.observations = log.observations.clone();
        d.lessons = log.lessons.clone();
        d.pending = log.pending.clone();
        d.logged_minute = d.session.now();
        d
    }

    fn new(
        scenario: Arc<Scenario>,
        seed: u64,
        players: Vec<Role>,
        session: Session,
        journal: Box<dyn Journal>,
    ) -> Drill {
        Drill {
            scenario,
            seed,
            players,
            session,
            journal,
            clock: Clock {
                paused: true,
                speed: 0,
                target: None,
                branch: None,
                generation: 0,
                carry: 0.0,
            },
            pending: Vec::new(),
            chats: Vec::new(),
            observations: Vec::new(),
            lessons: Vec::new(),
            logged_minute: Time::ZERO,
            since_sync: Duration::ZERO,
            version: 0,
            failed: None,
            entries: 0,
        }
    }

    /// The one session.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The scenario.
    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// The master seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The players as the log lists them (exercise control included).
    pub fn players(&self) -> &[Role] {
        &self.players
    }

    /// The clock.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Sets the speed to the fastest of at most `per_second` simulated minutes.
    pub fn set_speed(&mut self, per_second: u64) {
        self.clock.speed = SPEEDS.iter().rposition(|s| *s <= per_second).unwrap_or(0);
    }

    /// The clock as every seat sees it.
    pub fn clock_state(&self) -> ClockState {
        ClockState {
            paused: self.clock.paused,
            speed: SPEEDS[self.clock.speed],
            target: self.clock.target,
            branch: self.clock.branch,
            generation: self.clock.generation,
        }
    }

    /// Every chat line so far (control's record; a seat reads [`Drill::chats_for`]).
    pub fn chats(&self) -> &[ChatLine] {
        &self.chats
    }

    /// The chat lines `party` may read: its own, those to it, control's broadcasts.
    pub fn chats_for(&self, party: ChatParty) -> impl Iterator<Item = &ChatLine> {
        self.chats.iter().filter(move |c| c.visible_to(&party))
    }

    /// The evaluators' observations so far.
    pub fn observations(&self) -> &[Observation] {
        &self.observations
    }

    /// Lessons recorded so far.
    pub fn lessons(&self) -> &[Lesson] {
        &self.lessons
    }

    /// A number that changes whenever something a seat may see changed.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Entries written to the log so far (its header left out).
    pub fn entries(&self) -> u64 {
        self.entries
    }

    /// Why the drill stopped taking things in, if it did.
    pub fn failure(&self) -> Option<&str> {
        self.failed.as_deref()
    }

    /// Appends one entry; durable entries are flushed to disk first.
    fn write(&mut self, entry: JournalEntry<'_>, durable: bool) -> Result<(), DrillError> {
        if let Some(f) = &self.failed {
            return Err(DrillError::Log(f.clone()));
        }
        let session = &self.session;
        let scenario = &self.scenario;
        let name = |id| {
            session
                .inject_of_incident(id)
                .map(|k| scenario.injects[k].key.clone())
        };
        let line = drill_log::journal_line(entry, scenario, &name);
        match self.journal.append(&line, durable) {
            Ok(()) => {
                self.entries += 1;
                if durable {
                    self.since_sync = Duration::ZERO;
                }
                Ok(())
            }
            Err(e) => {
                let why = e.to_string();
                self.failed = Some(why.clone());
                self.clock.paused = true;
                self.version += 1;
                Err(DrillError::Log(why))
            }
        }
    }

    /// Takes `action` as `role` now: the action is written to the log (on disk) stamped
    /// with the current minute, then taken. An action the role may never take is refused
    /// without a trace; one refused by the state of the drill is logged, as a replay
    /// refuses it the same way.
    pub fn act(&mut self, role: Role, action: Action) -> Result<Result<Done, Refusal>, DrillError> {
        let action = clean_action(action);
        if let Err(r) = self.session.permitted(role, &action) {
            return Ok(Err(r));
        }
        self.play_pending()?;
        // A new action: a branch diverges from its original here.
        self.pending.clear();
        self.take(role, action)
    }

    /// Logs and takes an action the session will record.
    fn take(&mut self, role: Role, action: Action) -> Result<Result<Done, Refusal>, DrillError> {
        let entry = self.session.log_entry(LoggedAction {
            at: self.session.now(),
            role,
            action: action.clone(),
        });
        self.write(JournalEntry::Act(&entry), true)?;
        let result = self.session.act(role, action);
        self.version += 1;
        Ok(result)
    }

    /// A chat line from `from` to `to`: a seat writes to control, control to one seat or
    /// everyone. The text is cut to one line of [`MAX_CHAT`] characters, control characters
    /// removed; it is written to the log before anyone sees it.
    pub fn chat(&mut self, from: ChatParty, to: ChatParty, text: &str) -> Result<(), DrillError> {
        let control = ChatParty::Role(Role::Control);
        let allowed = if from == control {
            to != control
        } else {
            from != ChatParty::Everyone && to == control
        };
        let text = clean_line(text);
        if !allowed || text.is_empty() {
            return Err(DrillError::Chat);
        }
        let line = ChatLine {
            at: self.session.now(),
            from,
            to,
            text,
        };
        self.write(JournalEntry::Chat(&line), true)?;
        self.chats.push(line);
        self.version += 1;
        Ok(())
    }

    /// An evaluator's observation of objective `objective` (its index), now.
    pub fn observe(
        &mut self,
        by: &str,
        objective: usize,
        rating: Rating,
        text: &str,
    ) -> Result<(), DrillError> {
        if objective >= self.scenario.drill.objectives.len() {
            return Err(DrillError::NoObjective);
        }
        let o = Observation {
            at: self.session.now(),
            by: by.to_string(),
            objective,
            rating,
            text: clean_line(text),
        };
        self.write(JournalEntry::Observation(&o), true)?;
        self.observations.push(o);
        self.version += 1;
        Ok(())
    }

    /// Records a lesson learned (a later one for the same role replaces it).
    pub fn lesson(&mut self, lesson: Lesson) -> Result<(), DrillError> {
        let lesson = Lesson {
            went_well: clean_line(&lesson.went_well),
            went_badly: clean_line(&lesson.went_badly),
            score: lesson.score.clamp(1, 5),
            ..lesson
        };
        self.write(JournalEntry::Lesson(&lesson), true)?;
        self.lessons.retain(|l| l.role != lesson.role);
        self.lessons.push(lesson);
        self.version += 1;
        Ok(())
    }

    /// Exercise control's clock command, for every seat. A command from any other seat is
    /// refused; so is a jump backwards, a rewind forwards, or any command once the drill
    /// ended (a rewind excepted).
    pub fn command(
        &mut self,
        by: Role,
        c: ClockCommand,
    ) -> Result<Result<(), ClockRefusal>, DrillError> {
        if by != Role::Control {
            return Ok(Err(ClockRefusal::NotAllowed));
        }
        if let Some(f) = &self.failed {
            return Err(DrillError::Log(f.clone()));
        }
        let now = self.session.now();
        let ended = self.session.is_finished();
        let clock = &mut self.clock;
        match c {
            ClockCommand::PauseResume => {
                clock.paused = !clock.paused;
                clock.carry = 0.0;
            }
            ClockCommand::Pause => clock.paused = true,
            ClockCommand::Faster => clock.speed = (clock.speed + 1).min(SPEEDS.len() - 1),
            ClockCommand::Slower => clock.speed = clock.speed.saturating_sub(1),
            ClockCommand::Step { .. } => {
                if ended {
                    return Ok(Err(ClockRefusal::Ended));
                }
                self.step_once()?;
            }
            ClockCommand::GoTo(t) => {
                if ended {
                    return Ok(Err(ClockRefusal::Ended));
                }
                if t <= now {
                    return Ok(Err(ClockRefusal::NotLater(now)));
                }
                clock.target = Some(t.min(self.session.end()));
            }
            ClockCommand::Rewind(t) => {
                if t >= now {
                    return Ok(Err(ClockRefusal::NotEarlier(now)));
                }
                self.rewind(t)?;
            }
        }
        self.version += 1;
        if self.clock.paused {
            self.sync()?;
        }
        Ok(Ok(()))
    }

    fn rewind(&mut self, t: Time) -> Result<(), DrillError> {
        self.write(JournalEntry::Rewind(t), true)?;
        let log = self.session.log_entries();
        let mut s = Session::with_players(self.scenario.clone(), self.seed, &self.players);
        s.play(&log, Some(t));
        s.advance_to(t);
        self.pending = log.into_iter().filter(|a| a.at >= t).collect();
        self.session = s;
        self.logged_minute = t;
        let c = &mut self.clock;
        c.generation += 1;
        c.branch = Some((t, c.branch.map_or(1, |b| b.1 + 1)));
        c.paused = true;
        c.target = None;
        c.carry = 0.0;
        Ok(())
    }

    /// Takes the original's actions due now (a branch not yet diverged), logging each.
    fn play_pending(&mut self) -> Result<(), DrillError> {
        let now = self.session.now();
        while self.pending.first().is_some_and(|a| a.at <= now) {
            let a = self.pending.remove(0);
            if self.session.permitted(a.role, &a.action).is_ok() {
                // A refusal is recorded as in the original.
                let _ = self.take(a.role, a.action)?;
            }
        }
        Ok(())
    }

    /// Runs to minute `t`, taking a branch's pending actions at their minutes.
    fn run_to(&mut self, t: Time) -> Result<(), DrillError> {
        self.play_pending()?;
        while self.session.now() < t && !self.session.is_finished() {
            let next = self
                .pending
                .first()
                .map(|a| a.at.min(t))
                .unwrap_or(t)
                .max(Time(self.session.now().0 + 1));
            self.session.advance_to(next);
            self.play_pending()?;
        }
        Ok(())
    }

    /// One step: past the next event's minute (or to a pending action's).
    fn step_once(&mut self) -> Result<(), DrillError> {
        self.play_pending()?;
        let to = match self.session.next_event_time() {
            None => self.session.end(),
            Some(next) => {
                let mut to = Time(next.0 + 1);
                if let Some(a) = self.pending.first() {
                    to = to.min(a.at.max(Time(self.session.now().0 + 1)));
                }
                to.min(self.session.end())
            }
        };
        self.run_to(to)?;
        self.log_minute()
    }

    /// Real time `dt` passed: runs the clock (a jump at full speed, else at the clock's
    /// speed), at most `budget` of real time, and logs the minute reached. Returns whether
    /// the drill moved.
    pub fn tick(&mut self, dt: Duration, budget: Duration) -> Result<bool, DrillError> {
        if self.failed.is_some() || self.session.is_finished() {
            return Ok(false);
        }
        self.since_sync += dt;
        let from = self.session.now();
        let started = std::time::Instant::now();
        let target = if let Some(t) = self.clock.target {
            Some(t)
        } else if !self.clock.paused {
            let speed = SPEEDS[self.clock.speed] as f64;
            self.clock.carry = (self.clock.carry + dt.as_secs_f64() * speed).min(speed * 2.0);
            let whole = self.clock.carry.floor() as u64;
            (whole > 0).then(|| Time(from.0 + whole))
        } else {
            None
        };
        if let Some(target) = target {
            while self.session.now() < target && !self.session.is_finished() {
                let next = Time(self.session.now().0 + 1);
                self.run_to(next)?;
                if started.elapsed() > budget {
                    break;
                }
            }
            if self.clock.target.is_some()
                && (self.session.now() >= target || self.session.is_finished())
            {
                self.clock.target = None;
            }
        }
        let moved = self.session.now() != from;
        if moved {
            self.clock.carry -= (self.session.now().0 - from.0) as f64;
            self.clock.carry = self.clock.carry.max(0.0);
            self.log_minute()?;
            self.version += 1;
        }
        if self.since_sync >= Duration::from_secs(1) {
            self.sync()?;
        }
        Ok(moved)
    }

    /// Writes the minute reached (not flushed at once: an action or a second flushes it).
    fn log_minute(&mut self) -> Result<(), DrillError> {
        let now = self.session.now();
        if now != self.logged_minute {
            self.write(JournalEntry::Clock(now), false)?;
            self.logged_minute = now;
        }
        Ok(())
    }

    /// Makes the log durable.
    pub fn sync(&mut self) -> Result<(), DrillError> {
        if self.failed.is_some() {
            return Ok(());
        }
        self.since_sync = Duration::ZERO;
        self.journal.sync().map_err(|e| {
            self.failed = Some(e.to_string());
            DrillError::Log(e.to_string())
        })
    }

    /// The drill's result so far (its end's, once finished): the same bytes `rensa replay`
    /// gives for the log.
    pub fn outcome(&self) -> Outcome {
        let o = self.session.outcome();
        Outcome {
            seed: o.seed,
            end: o.end,
            events: o.events,
            timeline: o.timeline.to_vec(),
            metrics: o.metrics.into_owned(),
            messages: o.messages.to_vec(),
            actions: o.actions.to_vec(),
            injects: o
                .scenario_injects
                .iter()
                .chain(o.extra_injects)
                .cloned()
                .collect(),
        }
    }
}

/// The players of a served drill: the scenario's, the seats', and exercise control (it
/// acts too), as the log's header lists them.
fn all_players(scenario: &Scenario, seats: &[Role]) -> Vec<Role> {
    let mut out = scenario.drill.players.clone();
    for r in seats.iter().chain([&Role::Control]) {
        if !out.contains(r) {
            out.push(*r);
        }
    }
    out
}

/// A line of text as a seat may send it: no control characters, no line breaks, at most
/// [`MAX_CHAT`] characters.
pub fn clean_line(text: &str) -> String {
    text.chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .filter(|c| !is_unsafe_char(*c))
        .take(MAX_CHAT)
        .collect::<String>()
        .trim()
        .to_string()
}

/// An action whose free text cannot drive another seat's terminal (and so replays: the
/// log refuses control characters).
fn clean_action(mut action: Action) -> Action {
    if let Action::Send { text, .. } = &mut action {
        *text = text.chars().filter(|c| !is_unsafe_char(*c)).collect();
    }
    action
}
