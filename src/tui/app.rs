//! The state of `rensa play` and its update function: every change goes through
//! [`App::update`] with a [`Msg`], and drawing ([`super::view::render`]) only reads the
//! state. Nothing here knows a terminal.

use super::menu::{self, MenuItem};
use crate::model::drill::message::hop_allowed;
use crate::model::drill::{Action, Addressee, Channel, IncidentRef, MessageKind, Role, Tlp};
use crate::model::{IncidentId, InjectTrigger, Scenario, ServiceId, Time};
use crate::present::{Lang, Words};
use crate::session::Session;
use crate::session::types::{Entry, FeedCursor, Happening, Outcome, RoleView};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Clock speeds: simulated minutes per real second, from 1 minute to 1 hour per second.
pub const SPEEDS: [u64; 7] = [1, 2, 5, 10, 15, 30, 60];

/// The screens of a seat. The start screen comes before any seat is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    /// Choose a role.
    Start,
    /// The sector board and the seat's timeline.
    Board,
    /// Messages received.
    Inbox,
    /// One message, by its place in the inbox.
    Message(usize),
    /// Actions the seat may take.
    Actions,
    /// A new message.
    Compose,
    /// What an operator depends on, and who depends on it.
    Deps,
    /// Objectives and their status.
    Score,
    /// Exercise control's levers.
    Control,
    /// Lessons learned, one played seat after another.
    Lessons,
    /// The drill is saved; the after-action report is offered.
    End,
}

impl Screen {
    /// The screens reached with Tab, in order, for a seat (control has its levers too).
    pub fn cycle(control: bool) -> &'static [Screen] {
        if control {
            &[
                Screen::Board,
                Screen::Inbox,
                Screen::Actions,
                Screen::Compose,
                Screen::Deps,
                Screen::Score,
                Screen::Control,
            ]
        } else {
            &[
                Screen::Board,
                Screen::Inbox,
                Screen::Actions,
                Screen::Compose,
                Screen::Deps,
                Screen::Score,
            ]
        }
    }
}

/// A window over the screen: help, or the question before quitting unsaved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// Every key of the current screen.
    Help,
    /// "Quit without saving?"
    ConfirmQuit,
    /// Typing a minute: jump (or, with `rewind`, rewind and branch) there.
    Minute {
        /// Rewind instead of jumping ahead.
        rewind: bool,
    },
    /// Choose the seat to take (exercise control, hot-seat play).
    Seat,
}

/// What the user asked for (keys map to these in [`super::keys`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Msg {
    /// `q`: quit (asks first while unsaved).
    Quit,
    /// The answer to "quit without saving?".
    Confirm(bool),
    /// `?`: show or hide help.
    Help,
    /// Esc: close the window or go back.
    Back,
    /// Move the cursor up.
    Up,
    /// Move the cursor down.
    Down,
    /// Previous choice in a field.
    Left,
    /// Next choice in a field.
    Right,
    /// Choose / send / confirm.
    Enter,
    /// Toggle the choice under the cursor (a recipient).
    Toggle,
    /// Go to a screen.
    Goto(Screen),
    /// The next screen.
    NextScreen,
    /// Pause or resume the clock.
    PauseResume,
    /// Faster clock.
    Faster,
    /// Slower clock.
    Slower,
    /// Advance past the next event.
    Step,
    /// Ask for a minute to jump to.
    Jump,
    /// Ask for an earlier minute to rewind to (control).
    Rewind,
    /// Save the drill log.
    Save,
    /// Record lessons and end.
    Lessons,
    /// Choose another seat (control).
    SwitchSeat,
    /// Write the after-action report of the saved drill.
    Report,
    /// Compose a message to the seat under the cursor (control).
    MessageSeat,
    /// Next field of a form.
    NextField,
    /// A typed character.
    Char(char),
    /// Delete the last character.
    Backspace,
    /// Time passed in the real world.
    Tick(Duration),
}

/// A lesson learned by a played seat, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonDraft {
    /// Whose.
    pub role: Role,
    /// What went well.
    pub went_well: String,
    /// What went badly.
    pub went_badly: String,
    /// 1 (poor) to 5 (excellent).
    pub score: u32,
}

/// What a save wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// Where the log went.
    pub path: String,
    /// How to get the after-action report of it.
    pub aar: String,
}

/// What a save needs: the session, the lessons, and the minute a branch left its original
/// log at (None for the original drill).
pub struct SavedDrill<'a> {
    /// The drill.
    pub session: &'a Session,
    /// Lessons learned so far.
    pub lessons: &'a [LessonDraft],
    /// The branch's starting minute and number, if this drill is a branch.
    pub branch: Option<(Time, u32)>,
}

impl SavedDrill<'_> {
    /// The roles a log must list as players: the session's, and exercise control if it
    /// acted (an ad-hoc inject, a control message).
    pub fn players(&self) -> Vec<Role> {
        let mut out = self.session.players().to_vec();
        if self.session.log().iter().any(|a| a.role == Role::Control)
            && !out.contains(&Role::Control)
        {
            out.push(Role::Control);
        }
        out
    }
}

/// Where a drill is saved. The CLI writes files; tests keep the text. The UI knows no file.
pub trait Store {
    /// Saves the drill (atomically, for a file).
    fn save(&mut self, drill: &SavedDrill<'_>) -> Result<Saved, String>;

    /// Writes the after-action report of what `saved` wrote; returns where it went.
    fn report(&mut self, saved: &Saved) -> Result<String, String> {
        Err(format!("no report for {}", saved.path))
    }
}

/// The compose form.
#[derive(Debug, Clone, PartialEq)]
pub struct Compose {
    /// Message kinds the seat may send.
    pub kinds: Vec<MessageKind>,
    /// The chosen kind.
    pub kind: usize,
    /// Roles the seat has a channel to.
    pub recipients: Vec<Role>,
    /// Which are chosen.
    pub chosen: Vec<bool>,
    /// The recipient under the cursor.
    pub cursor: usize,
    /// Incidents the seat knows (None: about nothing).
    pub incidents: Vec<Option<IncidentId>>,
    /// The chosen incident.
    pub incident: usize,
    /// The chosen label (among [`App::allowed_labels`]).
    pub label: usize,
    /// Free text.
    pub text: String,
    /// The field in focus: 0 kind, 1 recipients, 2 incident, 3 label, 4 text.
    pub field: usize,
}

/// The lessons form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonForm {
    /// The seat whose lesson is being written (index into `App::played`).
    pub seat: usize,
    /// Field in focus: 0 went well, 1 went badly, 2 score.
    pub field: usize,
    /// The lesson being written.
    pub draft: LessonDraft,
}

/// The clock: paused or running, at which speed, and a jump under way.
#[derive(Debug, Clone, PartialEq)]
pub struct Clock {
    /// Paused.
    pub paused: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// Simulated minutes owed by real time, not yet run.
    carry: f64,
    /// A jump under way: the minute to reach.
    pub target: Option<Time>,
}

/// Level history of every service, read from the change feed: (time, level after).
#[derive(Debug, Clone, Default)]
pub struct History {
    cursor: FeedCursor,
    changes: BTreeMap<ServiceId, Vec<(Time, f64, f64)>>,
    /// The latest timeline entries (ground truth: exercise control's event pane).
    pub recent: Vec<Entry>,
}

/// How many timeline entries [`History::recent`] keeps.
const RECENT: usize = 400;

impl History {
    fn read(&mut self, session: &Session) {
        let changes = session.changes_since(&mut self.cursor);
        self.recent.extend(changes.entries().iter().cloned());
        let excess = self.recent.len().saturating_sub(RECENT);
        self.recent.drain(..excess);
        for c in changes.level_changes() {
            self.changes
                .entry(c.service)
                .or_default()
                .push((c.time, c.from, c.to));
        }
    }

    /// The level of `s` at the start of minute `t` (after every change before `t`).
    pub fn level_at(&self, s: ServiceId, t: Time, now_level: f64) -> f64 {
        match self.changes.get(&s) {
            None => now_level,
            Some(list) => match list.iter().rev().find(|(at, _, _)| *at < t) {
                Some((_, _, to)) => *to,
                None => list.first().map(|(_, from, _)| *from).unwrap_or(now_level),
            },
        }
    }
}

/// Everything `rensa play` shows and remembers.
pub struct App {
    scenario: Arc<Scenario>,
    seed: u64,
    /// The drill.
    pub session: Session,
    /// Words for the current state (the outcome so far, trimmed to what words need).
    outcome: Outcome,
    /// Language.
    pub lang: Lang,
    /// Draw without colour (`NO_COLOR`).
    pub no_color: bool,
    /// The seat taken; None on the start screen.
    pub seat: Option<Role>,
    /// Whether this terminal is exercise control's (may switch seats, rewind, inject).
    pub control_access: bool,
    /// Seats taken so far, in order (they record lessons).
    pub played: Vec<Role>,
    /// The screen shown.
    pub screen: Screen,
    /// A window over it.
    pub overlay: Option<Overlay>,
    /// The cursor of the list on screen.
    pub cursor: usize,
    /// The clock.
    pub clock: Clock,
    /// Messages each seat has opened.
    pub read: BTreeMap<Role, BTreeSet<u32>>,
    /// Level history (ground truth; a player seat shows only its own services').
    pub history: History,
    /// The engine's answer to the last action, in words: Ok taken, Err refused.
    pub answer: Option<Result<String, String>>,
    /// A line for the status of a save or a jump.
    pub notice: Option<String>,
    /// The compose form, while composing.
    pub compose: Option<Compose>,
    /// The minute typed into the jump/rewind window.
    pub minute: String,
    /// The lessons form.
    pub lesson: Option<LessonForm>,
    /// Lessons recorded.
    pub lessons: Vec<LessonDraft>,
    /// What the last save wrote.
    pub saved: Option<Saved>,
    /// Actions and lessons in the last save (None: never saved).
    saved_state: Option<(usize, usize, u32)>,
    /// Where the drill is saved (None: nowhere).
    store: Option<Box<dyn Store>>,
    /// The branch this drill is, if control rewound: (minute, number).
    pub branch: Option<(Time, u32)>,
    /// Branches made so far.
    branches: u32,
    /// The end of the drill was seen (the lessons form opens once).
    end_seen: bool,
    /// Quit.
    pub quit: bool,
}

impl App {
    /// A new drill of `scenario`, on its start screen (or at `seat` if one is given).
    pub fn new(scenario: Arc<Scenario>, seed: u64, lang: Lang, seat: Option<Role>) -> App {
        App::with_players(scenario, seed, lang, seat, &[])
    }

    /// A new drill with `players` played by people besides the scenario's own.
    pub fn with_players(
        scenario: Arc<Scenario>,
        seed: u64,
        lang: Lang,
        seat: Option<Role>,
        players: &[Role],
    ) -> App {
        let session = Session::with_players(scenario.clone(), seed, players);
        let mut app = App::with_session(scenario, session, lang);
        if let Some(role) = seat {
            app.take_first_seat(role);
        }
        app
    }

    /// A drill resumed from `session` (a log played to its last action), at `seat`.
    pub fn with_session(scenario: Arc<Scenario>, session: Session, lang: Lang) -> App {
        let seed = session.seed();
        let outcome = trimmed(&session);
        let mut app = App {
            scenario,
            seed,
            session,
            outcome,
            lang,
            no_color: false,
            seat: None,
            control_access: false,
            played: Vec::new(),
            screen: Screen::Start,
            overlay: None,
            cursor: 0,
            clock: Clock {
                paused: true,
                speed: 2,
                carry: 0.0,
                target: None,
            },
            read: BTreeMap::new(),
            history: History::default(),
            answer: None,
            notice: None,
            compose: None,
            minute: String::new(),
            lesson: None,
            lessons: Vec::new(),
            saved: None,
            saved_state: None,
            store: None,
            branch: None,
            branches: 0,
            end_seen: false,
            quit: false,
        };
        app.history.read(&app.session);
        app
    }

    /// Takes `role`'s seat before the drill starts (`--role`).
    pub fn seat_at_start(&mut self, role: Role) {
        self.take_first_seat(role);
    }

    /// Sets the clock to the fastest speed of at most `per_second` simulated minutes.
    pub fn set_speed(&mut self, per_second: u64) {
        self.clock.speed = SPEEDS.iter().rposition(|s| *s <= per_second).unwrap_or(0);
    }

    /// Saves into `store` from now on.
    pub fn set_store(&mut self, store: Box<dyn Store>) {
        self.store = Some(store);
    }

    /// Keeps lessons recorded earlier (a resumed log's).
    pub fn set_lessons(&mut self, lessons: Vec<LessonDraft>) {
        self.lessons = lessons;
        self.saved_state = Some(self.save_state());
    }

    /// Marks the drill as saved as it is (a resumed log).
    pub fn mark_saved(&mut self) {
        self.saved_state = Some(self.save_state());
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Words for names and sentences, in the UI's language.
    pub fn words(&self) -> Words<'_> {
        Words::new(&self.scenario, &self.outcome, self.lang)
    }

    /// The roles of the start screen: players first, then exercise control, then the rest.
    pub fn roles(&self) -> Vec<Role> {
        let mut out: Vec<Role> = self.session.players().to_vec();
        out.push(Role::Control);
        for r in Role::all(&self.scenario.infra) {
            if !out.contains(&r) && self.session.knowledge(r).is_some() {
                out.push(r);
            }
        }
        out
    }

    /// Seats exercise control may switch to: control and the players.
    pub fn seats(&self) -> Vec<Role> {
        let mut out = vec![Role::Control];
        out.extend(self.session.players().iter().copied());
        out
    }

    /// The view of the seat (control: every service and incident).
    pub fn view(&self) -> Option<RoleView> {
        self.seat.map(|r| self.session.view(r))
    }

    /// Messages `role` has not opened.
    pub fn unread(&self, role: Role) -> usize {
        let read = self.read.get(&role);
        self.session
            .view(role)
            .inbox
            .iter()
            .filter(|m| !read.is_some_and(|r| r.contains(&m.message)))
            .count()
    }

    /// Whether actions or lessons are not yet saved.
    pub fn unsaved(&self) -> bool {
        let now = self.save_state();
        match self.saved_state {
            Some(s) => s != now,
            None => now.0 > 0 || now.1 > 0 || now.2 > 0,
        }
    }

    fn save_state(&self) -> (usize, usize, u32) {
        (
            self.session.log().len(),
            self.lessons.len(),
            self.branch.map(|b| b.1).unwrap_or(0),
        )
    }

    /// The actions the seat's menu offers now.
    pub fn menu(&self) -> Vec<MenuItem> {
        match (self.seat, self.view()) {
            (Some(role), Some(view)) => menu::items(role, &view, &self.scenario)
                .into_iter()
                .map(|mut item| {
                    if let Action::Send { about, .. } = &mut item.action
                        && let Some(IncidentRef::Id(i)) = *about
                    {
                        *about = Some(self.incident_ref(i));
                    }
                    item
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// How an action names incident `i`: by the scenario inject that opened it where one
    /// did, as a saved drill log names it, so the live drill and its replay read alike.
    fn incident_ref(&self, i: IncidentId) -> IncidentRef {
        match self.session.inject_of_incident(i) {
            Some(k) => IncidentRef::Inject(k),
            None => IncidentRef::Id(i),
        }
    }

    /// Labels the compose form may offer for its recipients and incident (TLP rules: no
    /// laxer than what binds the incident, within what it lets reach each recipient;
    /// never less than CLEAR for the public).
    pub fn allowed_labels(&self) -> Vec<Tlp> {
        let (Some(seat), Some(c)) = (self.seat, &self.compose) else {
            return Vec::new();
        };
        let to: Vec<Role> = c
            .recipients
            .iter()
            .zip(&c.chosen)
            .filter(|(_, on)| **on)
            .map(|(r, _)| *r)
            .collect();
        let bound = c
            .incidents
            .get(c.incident)
            .copied()
            .flatten()
            .and_then(|i| {
                self.session
                    .view(seat)
                    .incidents
                    .iter()
                    .find(|v| v.incident == i)
                    .and_then(|v| v.bound_by)
            });
        let infra = &self.scenario.infra;
        [
            Tlp::Red,
            Tlp::AmberStrict,
            Tlp::Amber,
            Tlp::Green,
            Tlp::Clear,
        ]
        .into_iter()
        .filter(|l| !to.contains(&Role::Public) || *l == Tlp::Clear)
        .filter(|l| match bound {
            None => true,
            Some((b, source)) => {
                *l <= b
                    && to
                        .iter()
                        .all(|r| hop_allowed(b, source, true, seat, *r, infra))
            }
        })
        .collect()
    }

    /// Handles one message: the only way the state changes.
    pub fn update(&mut self, msg: Msg) {
        if let Msg::Tick(dt) = msg {
            self.tick(dt);
            return;
        }
        match self.overlay {
            Some(Overlay::Help) => {
                self.overlay = None;
                return;
            }
            Some(Overlay::ConfirmQuit) => {
                match msg {
                    Msg::Confirm(true) => self.quit = true,
                    _ => self.overlay = None,
                }
                return;
            }
            Some(Overlay::Minute { rewind }) => {
                match msg {
                    Msg::Char(c) if c.is_ascii_digit() && self.minute.len() < 6 => {
                        self.minute.push(c)
                    }
                    Msg::Backspace => {
                        self.minute.pop();
                    }
                    Msg::Enter => {
                        let m = self.minute.parse::<u64>().ok();
                        self.overlay = None;
                        self.minute.clear();
                        if let Some(m) = m {
                            if rewind {
                                self.rewind(Time(m));
                            } else if Time(m) > self.session.now() {
                                self.clock.target = Some(Time(m));
                            }
                        }
                    }
                    Msg::Back => {
                        self.overlay = None;
                        self.minute.clear();
                    }
                    _ => {}
                }
                return;
            }
            Some(Overlay::Seat) => {
                let seats = self.seats();
                match msg {
                    Msg::Up => self.cursor = self.cursor.saturating_sub(1),
                    Msg::Down => self.cursor = (self.cursor + 1).min(seats.len() - 1),
                    Msg::Enter => {
                        if let Some(r) = seats.get(self.cursor) {
                            self.take_seat(*r);
                        }
                        self.overlay = None;
                    }
                    Msg::Back => self.overlay = None,
                    _ => {}
                }
                return;
            }
            None => {}
        }
        match msg {
            Msg::Help => self.overlay = Some(Overlay::Help),
            Msg::Quit => {
                if self.unsaved() {
                    self.overlay = Some(Overlay::ConfirmQuit);
                } else {
                    self.quit = true;
                }
            }
            Msg::PauseResume => self.clock.paused = !self.clock.paused,
            Msg::Faster => self.clock.speed = (self.clock.speed + 1).min(SPEEDS.len() - 1),
            Msg::Slower => self.clock.speed = self.clock.speed.saturating_sub(1),
            Msg::Step => {
                self.session.step();
                self.refresh();
            }
            Msg::Jump => self.overlay = Some(Overlay::Minute { rewind: false }),
            Msg::Rewind if self.control_access => {
                self.clock.paused = true;
                self.overlay = Some(Overlay::Minute { rewind: true });
            }
            Msg::SwitchSeat if self.control_access => {
                // Hot-seat: the clock stops while the seat changes.
                self.clock.paused = true;
                self.cursor = 0;
                self.overlay = Some(Overlay::Seat);
            }
            Msg::Save => self.save(),
            Msg::Lessons => self.open_lessons(),
            Msg::Goto(s) => self.goto(s),
            Msg::NextScreen => {
                let cycle = Screen::cycle(self.seat == Some(Role::Control));
                let at = cycle.iter().position(|s| *s == self.screen);
                let next = at.map(|i| cycle[(i + 1) % cycle.len()]).unwrap_or(cycle[0]);
                self.goto(next);
            }
            _ => self.screen_msg(msg),
        }
    }

    /// Messages a screen handles itself.
    fn screen_msg(&mut self, msg: Msg) {
        match self.screen {
            Screen::Start => {
                let n = self.roles().len();
                match msg {
                    Msg::Up => self.cursor = self.cursor.saturating_sub(1),
                    Msg::Down => self.cursor = (self.cursor + 1).min(n.saturating_sub(1)),
                    Msg::Enter => {
                        if let Some(r) = self.roles().get(self.cursor) {
                            self.take_first_seat(*r);
                        }
                    }
                    _ => {}
                }
            }
            Screen::Inbox => {
                let n = self.view().map(|v| v.inbox.len()).unwrap_or(0);
                match msg {
                    Msg::Up => self.cursor = self.cursor.saturating_sub(1),
                    Msg::Down => self.cursor = (self.cursor + 1).min(n.saturating_sub(1)),
                    Msg::Enter if n > 0 => self.open_message(self.cursor.min(n - 1)),
                    Msg::Back => self.goto(Screen::Board),
                    _ => {}
                }
            }
            Screen::Message(_) => {
                if msg == Msg::Back {
                    self.screen = Screen::Inbox;
                }
            }
            Screen::Actions => {
                let items = self.menu();
                match msg {
                    Msg::Up => self.cursor = self.cursor.saturating_sub(1),
                    Msg::Down => self.cursor = (self.cursor + 1).min(items.len().saturating_sub(1)),
                    Msg::Enter => {
                        if let Some(item) = items.get(self.cursor) {
                            self.act(item.action.clone());
                        }
                    }
                    Msg::Back => self.goto(Screen::Board),
                    _ => {}
                }
            }
            Screen::Compose => self.compose_msg(msg),
            Screen::Deps | Screen::Score | Screen::Board => {
                let n = self.deps_operators().len();
                match msg {
                    Msg::Up => self.cursor = self.cursor.saturating_sub(1),
                    Msg::Down => self.cursor = (self.cursor + 1).min(n.saturating_sub(1)),
                    Msg::Back if self.screen != Screen::Board => self.goto(Screen::Board),
                    _ => {}
                }
            }
            Screen::Control => {
                // The inject library first (a few lines), then every role.
                let injects = self.scenario.injects.len();
                let roles = self.roles();
                let n = injects + roles.len();
                match msg {
                    Msg::Up => self.cursor = self.cursor.saturating_sub(1),
                    Msg::Down => self.cursor = (self.cursor + 1).min(n.saturating_sub(1)),
                    Msg::Enter if self.cursor < injects => self.inject(self.cursor),
                    Msg::Enter | Msg::MessageSeat => {
                        if let Some(r) = roles.get(self.cursor.wrapping_sub(injects)).copied() {
                            self.open_compose(Some(r));
                        }
                    }
                    Msg::Back => self.goto(Screen::Board),
                    _ => {}
                }
            }
            Screen::Lessons => self.lesson_msg(msg),
            Screen::End => match msg {
                Msg::Back => self.goto(Screen::Board),
                Msg::Report => self.report(),
                _ => {}
            },
        }
    }

    fn goto(&mut self, s: Screen) {
        if self.seat.is_none() {
            return;
        }
        if s == Screen::Control && self.seat != Some(Role::Control) {
            return;
        }
        self.cursor = 0;
        if s == Screen::Compose {
            self.open_compose(None);
            return;
        }
        self.screen = s;
    }

    fn take_first_seat(&mut self, role: Role) {
        if role == Role::Control {
            self.control_access = true;
        } else if !self.session.players().contains(&role) && self.session.log().is_empty() {
            // A role the scenario does not list as a player: the drill starts again at
            // T+0 with it played by a person (its policy then stays silent).
            let now = self.session.now();
            let mut s = Session::with_players(self.scenario.clone(), self.seed, &[role]);
            s.advance_to(now);
            self.session = s;
            self.history = History::default();
            self.refresh();
        }
        self.take_seat(role);
    }

    fn take_seat(&mut self, role: Role) {
        self.seat = Some(role);
        if !self.played.contains(&role) {
            self.played.push(role);
        }
        self.screen = Screen::Board;
        self.cursor = 0;
        self.compose = None;
        self.answer = None;
    }

    fn open_message(&mut self, k: usize) {
        let (Some(seat), Some(view)) = (self.seat, self.view()) else {
            return;
        };
        if let Some(m) = view.inbox.get(k) {
            self.read.entry(seat).or_default().insert(m.message);
        }
        self.screen = Screen::Message(k);
    }

    /// Takes `action` as the seat now, and words the engine's answer.
    pub fn act(&mut self, action: Action) {
        let Some(seat) = self.seat else { return };
        let result = self.session.act(seat, action);
        self.refresh();
        self.notice = None;
        let words = self.words();
        self.answer = Some(match result {
            Ok(done) => Ok(words.done(&done)),
            Err(r) => Err(words.refusal(&r)),
        });
    }

    fn inject(&mut self, k: usize) {
        let Some(original) = self.scenario.injects.get(k) else {
            return;
        };
        let mut inject = original.clone();
        let n = self
            .session
            .log()
            .iter()
            .filter(|a| matches!(a.action, Action::Inject(_)))
            .count();
        inject.key = format!("{}-adhoc-{}", original.key, n + 1);
        inject.trigger = InjectTrigger::At(self.session.now());
        self.act(Action::Inject(Box::new(inject)));
    }

    fn open_compose(&mut self, to: Option<Role>) {
        let (Some(seat), Some(view)) = (self.seat, self.view()) else {
            return;
        };
        let infra = &self.scenario.infra;
        let recipients: Vec<Role> = Role::all(infra)
            .into_iter()
            .filter(|r| *r != seat && self.session.knowledge(*r).is_some())
            .filter(|r| Channel::between(seat, *r, infra).is_some())
            .collect();
        let chosen = recipients.iter().map(|r| Some(*r) == to).collect();
        let kinds: Vec<MessageKind> = [
            MessageKind::Report,
            MessageKind::Alert,
            MessageKind::Request,
            MessageKind::Instruction,
            MessageKind::SupportRequest,
            MessageKind::Announcement,
            MessageKind::Note,
        ]
        .into_iter()
        .filter(|k| {
            crate::model::drill::ActionClass::of_message(*k)
                .allowed()
                .contains(&seat.kind())
        })
        .collect();
        let mut incidents = vec![None];
        incidents.extend(view.incidents.iter().map(|i| Some(i.incident)));
        self.compose = Some(Compose {
            kinds,
            kind: 0,
            recipients,
            chosen,
            cursor: 0,
            incidents,
            incident: 0,
            label: 0,
            text: String::new(),
            field: if to.is_some() { 4 } else { 0 },
        });
        self.screen = Screen::Compose;
    }

    fn compose_msg(&mut self, msg: Msg) {
        let labels = self.allowed_labels();
        let Some(c) = self.compose.as_mut() else {
            return;
        };
        let step = |i: &mut usize, n: usize, fwd: bool| {
            if n > 0 {
                *i = if fwd { (*i + 1) % n } else { (*i + n - 1) % n };
            }
        };
        match msg {
            Msg::NextField | Msg::Down => c.field = (c.field + 1) % 5,
            Msg::Up => c.field = (c.field + 4) % 5,
            Msg::Left | Msg::Right => {
                let fwd = msg == Msg::Right;
                match c.field {
                    0 => step(&mut c.kind, c.kinds.len(), fwd),
                    1 => step(&mut c.cursor, c.recipients.len(), fwd),
                    2 => step(&mut c.incident, c.incidents.len(), fwd),
                    3 => step(&mut c.label, labels.len(), fwd),
                    _ => {}
                }
            }
            Msg::Toggle if c.field == 1 => {
                if let Some(on) = c.chosen.get_mut(c.cursor) {
                    *on = !*on;
                }
            }
            Msg::Char(ch) if c.field == 4 => c.text.push(ch),
            Msg::Toggle if c.field == 4 => c.text.push(' '),
            Msg::Backspace if c.field == 4 => {
                c.text.pop();
            }
            Msg::Back => {
                self.compose = None;
                self.screen = Screen::Board;
            }
            Msg::Enter => {
                let c = c.clone();
                let Some(kind) = c.kinds.get(c.kind).copied() else {
                    return;
                };
                let to: Vec<Addressee> = c
                    .recipients
                    .iter()
                    .zip(&c.chosen)
                    .filter(|(_, on)| **on)
                    .map(|(r, _)| Addressee::Role(*r))
                    .collect();
                let label = labels
                    .get(c.label.min(labels.len().saturating_sub(1)))
                    .copied()
                    .unwrap_or(Tlp::Red);
                let about = c.incidents.get(c.incident).copied().flatten();
                let attack = about.and_then(|i| {
                    self.seat
                        .map(|s| self.session.view(s))
                        .and_then(|v| v.incidents.into_iter().find(|x| x.incident == i))
                        .and_then(|x| x.attack)
                });
                let action = Action::Send {
                    to,
                    kind,
                    about: about.map(|i| self.incident_ref(i)),
                    attack,
                    label,
                    text: c.text.clone(),
                    sanitised: false,
                };
                self.act(action);
                if matches!(self.answer, Some(Ok(_))) {
                    self.compose = None;
                    self.screen = Screen::Board;
                }
            }
            _ => {}
        }
        // The recipients or the incident may have narrowed the labels allowed.
        let n = self.allowed_labels().len();
        if let Some(c) = self.compose.as_mut() {
            c.label = c.label.min(n.saturating_sub(1));
        }
    }

    fn open_lessons(&mut self) {
        if self.played.is_empty() {
            return;
        }
        self.clock.paused = true;
        self.lesson = Some(LessonForm {
            seat: 0,
            field: 0,
            draft: self.draft_for(self.played[0]),
        });
        self.screen = Screen::Lessons;
    }

    fn draft_for(&self, role: Role) -> LessonDraft {
        self.lessons
            .iter()
            .find(|l| l.role == role)
            .cloned()
            .unwrap_or(LessonDraft {
                role,
                went_well: String::new(),
                went_badly: String::new(),
                score: 3,
            })
    }

    fn lesson_msg(&mut self, msg: Msg) {
        let Some(form) = self.lesson.as_mut() else {
            return;
        };
        match msg {
            Msg::NextField | Msg::Down => form.field = (form.field + 1) % 3,
            Msg::Up => form.field = (form.field + 2) % 3,
            Msg::Char(c) if form.field == 2 => {
                if let Some(d) = c.to_digit(10).filter(|d| (1..=5).contains(d)) {
                    form.draft.score = d;
                }
            }
            Msg::Left if form.field == 2 => form.draft.score = (form.draft.score - 1).max(1),
            Msg::Right if form.field == 2 => form.draft.score = (form.draft.score + 1).min(5),
            Msg::Char(c) if form.field == 0 => form.draft.went_well.push(c),
            Msg::Char(c) if form.field == 1 => form.draft.went_badly.push(c),
            Msg::Toggle if form.field == 0 => form.draft.went_well.push(' '),
            Msg::Toggle if form.field == 1 => form.draft.went_badly.push(' '),
            Msg::Backspace => {
                match form.field {
                    0 => form.draft.went_well.pop(),
                    1 => form.draft.went_badly.pop(),
                    _ => None,
                };
            }
            Msg::Back => {
                self.lesson = None;
                self.screen = Screen::Board;
            }
            Msg::Enter => {
                let draft = form.draft.clone();
                let next = form.seat + 1;
                self.lessons.retain(|l| l.role != draft.role);
                self.lessons.push(draft);
                if next < self.played.len() {
                    let d = self.draft_for(self.played[next]);
                    self.lesson = Some(LessonForm {
                        seat: next,
                        field: 0,
                        draft: d,
                    });
                } else {
                    self.lesson = None;
                    self.save();
                    self.screen = Screen::End;
                }
            }
            _ => {}
        }
    }

    /// Saves the drill log (with lessons) to the store.
    pub fn save(&mut self) {
        let Some(store) = self.store.as_mut() else {
            self.notice = Some(
                crate::present::tui::label(self.lang, crate::present::tui::Label::NoLog)
                    .to_string(),
            );
            return;
        };
        // The save's word replaces the last answer on the answer line.
        self.answer = None;
        let drill = SavedDrill {
            session: &self.session,
            lessons: &self.lessons,
            branch: self.branch,
        };
        match store.save(&drill) {
            Ok(saved) => {
                self.notice = Some(format!(
                    "{}: {}",
                    crate::present::tui::label(self.lang, crate::present::tui::Label::SaveDone),
                    saved.path
                ));
                self.saved = Some(saved);
                self.saved_state = Some(self.save_state());
            }
            Err(e) => {
                self.notice = Some(format!(
                    "{}: {e}",
                    crate::present::tui::label(self.lang, crate::present::tui::Label::SaveFailed)
                ))
            }
        }
    }

    /// Writes the after-action report of the last save.
    fn report(&mut self) {
        let (Some(store), Some(saved)) = (self.store.as_mut(), self.saved.as_ref()) else {
            return;
        };
        self.notice = Some(match store.report(saved) {
            Ok(path) => format!(
                "{}: {path}",
                crate::present::tui::label(self.lang, crate::present::tui::Label::AarHint)
            ),
            Err(e) => e,
        });
    }

    /// Rebuilds the drill at minute `t` by replaying its log up to it; play continues
    /// from there as a new branch.
    pub fn rewind(&mut self, t: Time) {
        if t >= self.session.now() {
            return;
        }
        let log = self.session.log_entries();
        let players = self.session.players().to_vec();
        let mut s = Session::with_players(self.scenario.clone(), self.seed, &players);
        s.play(&log, Some(t));
        s.advance_to(t);
        self.session = s;
        self.branches += 1;
        self.branch = Some((t, self.branches));
        self.history = History::default();
        self.clock.paused = true;
        self.clock.target = None;
        self.end_seen = false;
        self.refresh();
    }

    /// Real time passed: run the clock (in bounded chunks, so a frame never waits long).
    fn tick(&mut self, dt: Duration) {
        if self.seat.is_none() || self.session.is_finished() {
            self.check_end();
            return;
        }
        let budget = Duration::from_millis(30);
        if let Some(target) = self.clock.target {
            self.advance_bounded(target, budget);
            if self.session.now() >= target || self.session.is_finished() {
                self.clock.target = None;
            }
        } else if !self.clock.paused {
            let speed = SPEEDS[self.clock.speed] as f64;
            self.clock.carry = (self.clock.carry + dt.as_secs_f64() * speed).min(speed * 2.0);
            let whole = self.clock.carry.floor() as u64;
            if whole > 0 {
                let from = self.session.now();
                self.advance_bounded(Time(from.0 + whole), budget);
                self.clock.carry -= (self.session.now().0 - from.0) as f64;
            }
        }
        self.check_end();
    }

    /// Advances minute by minute towards `target` until it is reached or `budget` of
    /// real time is spent.
    fn advance_bounded(&mut self, target: Time, budget: Duration) {
        let started = Instant::now();
        while self.session.now() < target && !self.session.is_finished() {
            let next = Time(self.session.now().0 + 1);
            self.session.advance_to(next);
            if started.elapsed() > budget {
                break;
            }
        }
        self.refresh();
    }

    fn check_end(&mut self) {
        if self.session.is_finished() && !self.end_seen && self.seat.is_some() {
            self.end_seen = true;
            if !matches!(self.screen, Screen::Lessons | Screen::End) {
                self.open_lessons();
            }
        }
    }

    /// Brings the words and the level history up to the session.
    fn refresh(&mut self) {
        self.history.read(&self.session);
        self.outcome = trimmed(&self.session);
    }

    /// Operators the dependency view offers: control every one; an operator itself; any
    /// other seat those its known incidents name.
    pub fn deps_operators(&self) -> Vec<crate::model::OperatorId> {
        match (self.seat, self.view()) {
            (Some(Role::Control), _) => {
                self.scenario.infra.operators.iter().map(|o| o.id).collect()
            }
            (Some(Role::Operator(o)), _) => vec![o],
            (Some(_), Some(v)) => {
                let set: BTreeSet<_> = v
                    .incidents
                    .iter()
                    .flat_map(|i| i.operators.iter().copied())
                    .collect();
                set.into_iter().collect()
            }
            _ => Vec::new(),
        }
    }

    /// True once the drill reached its end.
    pub fn finished(&self) -> bool {
        self.session.is_finished()
    }
}

/// The outcome so far, trimmed to what words need (the injects that fired name the
/// incidents; messages and actions are worded by number).
fn trimmed(session: &Session) -> Outcome {
    let o = session.outcome();
    Outcome {
        seed: o.seed,
        end: o.end,
        events: o.events,
        timeline: o
            .timeline
            .iter()
            .filter(|e| matches!(e.what, Happening::InjectFired { .. }))
            .cloned()
            .collect(),
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
