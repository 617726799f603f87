//! One seat's app: the screens of one role (or of exercise control, which may hand the
//! keyboard to the players in hot-seat play), the one command list, and `update(msg)`, the
//! only way it changes. It reaches the drill through a [`Host`] and draws into any
//! ratatui `Frame`: nothing here knows a terminal, a file or a socket.
//!
//! * `App::new` / `with_players` / `with_session`: a drill on this terminal, its own clock.
//! * [`App::seat_locked`]: a remote seat bound to one role — no start screen, no seat
//!   switching, no rewind, no clock keys unless the role is exercise control (whose clock
//!   commands go to the host, which may route them to a shared clock).

use super::host::{ClockCommand, ClockRefusal, Host, LocalHost, SessionRef};
use super::input::{Binding, Cmd, Key, Msg, bind, find};
use super::screens::overlay::{self, Lock, Overlay};
use super::screens::{
    Ctx, Effect, History, ListCursor, Screen, ScreenId, Seen, actions, board, compose, control,
    deps, lessons, mail, score, start, wrap,
};
use super::style::Theme;
use crate::model::drill::{Action, Role};
use crate::model::{InjectTrigger, Scenario, Time};
use crate::present::tui::{Command, Label, label};
use crate::present::{Lang, Words};
use crate::session::Session;
use crate::session::types::{Happening, Outcome};
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;
use unicode_width::UnicodeWidthStr;

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
    /// The commands that write its after-action report, naming the folder `a` writes.
    pub aar: String,
}

/// What a save needs: the session, the lessons, the branch, and what each seat has read.
pub struct SavedDrill<'a> {
    /// The drill.
    pub session: &'a Session,
    /// Lessons learned so far.
    pub lessons: &'a [LessonDraft],
    /// The branch's starting minute and number, if this drill is a branch.
    pub branch: Option<(Time, u32)>,
    /// The messages each seat has opened (by the drill's numbers).
    pub read: &'a BTreeMap<Role, BTreeSet<u32>>,
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
pub trait Store: Send {
    /// Saves the drill (atomically, for a file).
    fn save(&mut self, drill: &SavedDrill<'_>) -> Result<Saved, String>;

    /// Writes the after-action report of what `saved` wrote; returns where it went.
    fn report(&mut self, saved: &Saved) -> Result<String, String> {
        Err(format!("no report for {}", saved.path))
    }
}

/// A line for the status bar: a word, or the engine's answer to an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// A word.
    Note(String),
    /// An action taken.
    Taken(String),
    /// An action refused, with the reason.
    Refused(String),
}

/// How long a status line stays without a new key.
const STATUS_FOR: Duration = Duration::from_secs(5);
/// How long keys are ignored after the lessons form opens by itself at the end: the keys
/// still in flight were meant for the drill, not the form.
const GRACE: Duration = Duration::from_millis(1500);
/// Wrong passphrases allowed before the keyboard locks for a while.
const TRIES: u32 = 3;
/// How long it locks.
const LOCKOUT: Duration = Duration::from_secs(30);
/// The smallest terminal the screens are laid out for.
pub const MIN_SIZE: (u16, u16) = (60, 16);

/// The screens' states.
#[derive(Default)]
struct Screens {
    start: start::Start,
    board: board::Board,
    inbox: mail::Inbox,
    message: mail::Message,
    actions: actions::Actions,
    compose: compose::Compose,
    deps: deps::Deps,
    score: score::Score,
    control: control::Control,
    lessons: lessons::Lessons,
    end: score::End,
}

/// One seat's app.
pub struct App {
    host: Box<dyn Host + Send>,
    scenario: Arc<Scenario>,
    /// The outcome so far, trimmed to what words need.
    outcome: Outcome,
    generation: u64,
    /// Language.
    pub lang: Lang,
    /// Draw without colour (`NO_COLOR`).
    pub no_color: bool,
    seat: Option<Role>,
    /// A remote seat bound to one role.
    locked: bool,
    /// An evaluator's seat: exercise control's truth, read-only (no key acts or drives the
    /// clock).
    observer: bool,
    /// The driver's own keys (a drill server's chat), shown and matched with the app's.
    driver_keys: Vec<Binding>,
    /// The driver's command last chosen, until the driver takes it.
    driver_command: Option<u8>,
    /// This terminal is exercise control's (it may hand the keyboard to players).
    control_access: bool,
    /// Only the drill's players and control may be taken (a resumed drill).
    fixed_players: bool,
    passphrase: Option<String>,
    tries: u32,
    lockout: Duration,
    played: Vec<Role>,
    screen: ScreenId,
    overlay: Option<Overlay>,
    screens: Screens,
    read: BTreeMap<Role, BTreeSet<u32>>,
    history: History,
    status: Option<(Status, Duration)>,
    lessons: Vec<LessonDraft>,
    saved_state: Option<(usize, usize, u64)>,
    store: Option<Box<dyn Store>>,
    saved: Option<Saved>,
    end_seen: bool,
    grace: Duration,
    quit: bool,
}

impl App {
    /// A new drill of `scenario` on this terminal, on its start screen (or at `seat`).
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
            app.seat_at_start(role);
        }
        app
    }

    /// A drill on this terminal from `session` (a resumed log), on its start screen.
    pub fn with_session(scenario: Arc<Scenario>, session: Session, lang: Lang) -> App {
        let host = LocalHost::new(scenario.clone(), session);
        App::with_host(scenario, Box::new(host), lang)
    }

    /// A drill reached through `host`, on this terminal's start screen.
    pub fn with_host(scenario: Arc<Scenario>, host: Box<dyn Host + Send>, lang: Lang) -> App {
        let outcome = trimmed(&host.session());
        let generation = host.clock().generation;
        let mut app = App {
            host,
            scenario,
            outcome,
            generation,
            lang,
            no_color: false,
            seat: None,
            locked: false,
            observer: false,
            driver_keys: Vec::new(),
            driver_command: None,
            control_access: false,
            fixed_players: false,
            passphrase: None,
            tries: 0,
            lockout: Duration::ZERO,
            played: Vec::new(),
            screen: ScreenId::Start,
            overlay: None,
            screens: Screens::default(),
            read: BTreeMap::new(),
            history: History::default(),
            status: None,
            lessons: Vec::new(),
            saved_state: None,
            store: None,
            saved: None,
            end_seen: false,
            grace: Duration::ZERO,
            quit: false,
        };
        app.refresh();
        app.fill_start();
        app
    }

    /// A remote seat bound to `role` for good: no start screen, no seat switching, no
    /// rewind, and no clock keys unless `role` is exercise control, whose clock commands
    /// go to `host` (a drill server routes them to the one shared clock).
    pub fn seat_locked(
        scenario: Arc<Scenario>,
        host: Box<dyn Host + Send>,
        role: Role,
        lang: Lang,
    ) -> App {
        let mut app = App::with_host(scenario, host, lang);
        app.locked = true;
        app.fixed_players = true;
        app.take_seat(role);
        app
    }

    /// An exercise evaluator's remote seat: exercise control's truth, read-only — the
    /// screens that show (board, inbox, messages, dependencies, score), none of the keys
    /// that act, compose, inject or drive the clock, and no lessons form.
    pub fn observer(scenario: Arc<Scenario>, host: Box<dyn Host + Send>, lang: Lang) -> App {
        let mut app = App::seat_locked(scenario, host, Role::Control, lang);
        app.observer = true;
        app
    }

    /// Adds the driver's own keys (a drill server's chat window): shown in the hint bar and
    /// help like the app's, and handed back by [`App::take_driver_command`] when pressed.
    pub fn add_driver_keys(&mut self, keys: Vec<Binding>) {
        self.driver_keys.extend(keys);
    }

    /// The driver's command pressed since the last call, if any.
    pub fn take_driver_command(&mut self) -> Option<u8> {
        self.driver_command.take()
    }

    // -- reading ------------------------------------------------------------------------

    /// The drill, read.
    pub fn session(&self) -> SessionRef<'_> {
        self.host.session()
    }

    /// The clock.
    pub fn clock(&self) -> super::host::ClockState {
        self.host.clock()
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Words in the app's language.
    pub fn words(&self) -> Words<'_> {
        Words::new(&self.scenario, &self.outcome, self.lang)
    }

    /// The seat taken; None on the start screen.
    pub fn seat(&self) -> Option<Role> {
        self.seat
    }

    /// The screen shown.
    pub fn screen(&self) -> ScreenId {
        self.screen
    }

    /// Whether a window is open over the screen.
    pub fn overlay_open(&self) -> bool {
        self.overlay.is_some()
    }

    /// Whether the app has quit.
    pub fn quit(&self) -> bool {
        self.quit
    }

    /// Whether this is a remote seat bound to one role.
    pub fn locked(&self) -> bool {
        self.locked
    }

    /// The status line's text, if any.
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref().map(|(s, _)| s)
    }

    /// Lessons recorded.
    pub fn lessons(&self) -> &[LessonDraft] {
        &self.lessons
    }

    /// Seats taken so far, in order.
    pub fn played(&self) -> &[Role] {
        &self.played
    }

    /// The messages each seat has opened.
    pub fn read(&self) -> &BTreeMap<Role, BTreeSet<u32>> {
        &self.read
    }

    /// True once the drill reached its end.
    pub fn finished(&self) -> bool {
        self.host.session().is_finished()
    }

    /// The roles of the start screen: players first, then exercise control, then the
    /// rest (a resumed drill: its players and control only).
    pub fn roles(&self) -> Vec<Role> {
        let s = self.host.session();
        let mut out: Vec<Role> = s.players().to_vec();
        out.retain(|r| *r != Role::Control);
        out.push(Role::Control);
        if !self.fixed_players {
            for r in Role::all(&self.scenario.infra) {
                if !out.contains(&r) && s.knowledge(r).is_some() {
                    out.push(r);
                }
            }
        }
        out
    }

    /// Seats exercise control may hand the keyboard to: control and the players.
    pub fn seats(&self) -> Vec<Role> {
        let mut out = vec![Role::Control];
        out.extend(
            self.host
                .session()
                .players()
                .iter()
                .copied()
                .filter(|r| *r != Role::Control),
        );
        out
    }

    /// Messages `role` has not opened.
    pub fn unread(&self, role: Role) -> usize {
        unread_of(&self.host.session(), &self.read, role)
    }

    /// Whether actions or lessons are not yet saved.
    pub fn unsaved(&self) -> bool {
        let now = self.save_state();
        match self.saved_state {
            Some(s) => s != now,
            None => now.0 > 0 || now.1 > 0,
        }
    }

    fn save_state(&self) -> (usize, usize, u64) {
        (
            self.host.session().log().len(),
            self.lessons.len(),
            self.host.clock().generation,
        )
    }

    /// The actions the seat's menu offers now.
    pub fn menu(&self) -> Vec<super::menu::MenuItem> {
        let guard = self.host.session();
        match self.ctx(&guard) {
            Some(ctx) => actions::items(&ctx),
            None => Vec::new(),
        }
    }

    /// The seat's compose draft, if it has one.
    pub fn draft(&self) -> Option<&compose::Draft> {
        self.seat.and_then(|s| self.screens.compose.draft(s))
    }

    fn ctx<'a>(&'a self, session: &'a Session) -> Option<Ctx<'a>> {
        let seat = self.seat?;
        Some(make_ctx(
            session,
            &self.scenario,
            &self.outcome,
            seat,
            self.lang,
            self.no_color,
            &self.read,
            &self.history,
            self.control_access,
        ))
    }

    // -- setting up ----------------------------------------------------------------------

    /// Takes `role`'s seat before the drill starts (`--role`).
    pub fn seat_at_start(&mut self, role: Role) {
        self.take_first_seat(role);
    }

    /// Offers only the drill's players and exercise control (a resumed drill).
    pub fn fix_players(&mut self) {
        self.fixed_players = true;
        self.fill_start();
    }

    /// Sets the local clock's speed (at most `per_second` simulated minutes per second).
    pub fn set_speed(&mut self, per_second: u64) {
        // Slower until at or under, from the top; a host's own clock decides.
        for _ in 0..10 {
            let _ = self.host.command(ClockCommand::Faster);
        }
        while self.host.clock().speed > per_second
            && self.host.command(ClockCommand::Slower).is_ok()
        {
            if self.host.clock().speed == super::host::SPEEDS[0] {
                break;
            }
        }
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

    /// Keeps what each seat had read (a resumed drill's).
    pub fn set_read(&mut self, read: BTreeMap<Role, BTreeSet<u32>>) {
        self.read = read;
    }

    /// Marks the drill as saved as it is (a resumed log).
    pub fn mark_saved(&mut self) {
        self.saved_state = Some(self.save_state());
    }

    fn fill_start(&mut self) {
        let players = self
            .host
            .session()
            .players()
            .iter()
            .filter(|r| **r != Role::Control)
            .count();
        self.screens.start.roles = self.roles();
        self.screens.start.players = players;
    }

    fn take_first_seat(&mut self, role: Role) {
        if role == Role::Control {
            self.control_access = true;
        } else if !self.host.session().players().contains(&role) {
            if self.fixed_players || !self.host.add_player(role) {
                self.note(label(self.lang, Label::NotAPlayer).into());
                return;
            }
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
        self.screen = ScreenId::Board;
        self.screens.board = Default::default();
        self.screens.inbox = Default::default();
        self.screens.message = Default::default();
        self.screens.actions = Default::default();
        self.screens.deps = Default::default();
        self.screens.score = Default::default();
        self.screens.control = Default::default();
        self.overlay = None;
    }

    // -- the command list ------------------------------------------------------------------

    fn may_clock(&self) -> bool {
        !self.locked || self.seat == Some(Role::Control)
    }

    fn solo(&self) -> bool {
        !self.locked && !self.control_access
    }

    /// The keys that work now, in the order the hint bar shows them.
    pub fn bindings(&self) -> Vec<Binding> {
        self.bindings_under(self.overlay.as_ref())
    }

    fn bindings_under(&self, overlay: Option<&Overlay>) -> Vec<Binding> {
        if let Some(o) = overlay {
            return o.commands();
        }
        let guard = self.host.session();
        let seat = self.seat.unwrap_or(Role::Public);
        let ctx = make_ctx(
            &guard,
            &self.scenario,
            &self.outcome,
            seat,
            self.lang,
            self.no_color,
            &self.read,
            &self.history,
            self.control_access,
        );
        self.bindings_in(&ctx)
    }

    /// The screen's keys (no window open), read from `ctx`: a key the screen binds is
    /// the screen's (the list never shows one key twice).
    fn bindings_in(&self, ctx: &Ctx) -> Vec<Binding> {
        let mut seen: Vec<Key> = Vec::new();
        let mut out = Vec::new();
        for b in self.all_bindings_in(ctx) {
            let keys: Vec<Key> = b
                .keys
                .iter()
                .copied()
                .filter(|k| !seen.contains(k))
                .collect();
            if keys.is_empty() {
                continue;
            }
            seen.extend(keys.iter().copied());
            out.push(b);
        }
        out
    }

    fn all_bindings_in(&self, ctx: &Ctx) -> Vec<Binding> {
        if self.seat.is_none() {
            // The start screen: typing filters the roles.
            let mut v = vec![bind(
                &[Key::Code(KeyCode::F(1))],
                "F1",
                Command::Help,
                Cmd::Help,
            )];
            v.extend(self.screens.start.commands(ctx));
            return v;
        }
        let typing = self.screen_typing();
        let mut v: Vec<Binding> = Vec::new();
        if !typing {
            v.push(bind(
                &[Key::Char('?'), Key::Code(KeyCode::F(1))],
                "?",
                Command::Help,
                Cmd::Help,
            ));
            v.push(bind(&[Key::Char('q')], "q", Command::Quit, Cmd::Quit));
        } else {
            v.push(bind(
                &[Key::Code(KeyCode::F(1))],
                "F1",
                Command::Help,
                Cmd::Help,
            ));
        }
        v.extend(self.current(ctx).commands(ctx));
        if self.observer {
            v.retain(|b| observer_may(b.cmd));
        }
        if typing || matches!(self.screen, ScreenId::Lessons | ScreenId::End) {
            return v;
        }
        if self.may_clock() && !ctx.session.is_finished() {
            v.push(bind(
                &[Key::Char(' ')],
                "Space",
                Command::PauseResume,
                Cmd::PauseResume,
            ));
            v.push(bind(&[Key::Char('n')], "n", Command::Step, Cmd::Step));
        }
        v.push(bind(
            &[Key::Code(KeyCode::Tab)],
            "Tab",
            Command::NextScreen,
            Cmd::NextScreen,
        ));
        v.push(bind(
            &[Key::Char('1')],
            "1",
            Command::Board,
            Cmd::Goto(ScreenId::Board),
        ));
        v.push(bind(
            &[Key::Char('2')],
            "2",
            Command::Inbox,
            Cmd::Goto(ScreenId::Inbox),
        ));
        v.push(bind(
            &[Key::Char('3')],
            "3",
            Command::Actions,
            Cmd::Goto(ScreenId::Actions),
        ));
        v.push(bind(
            &[Key::Char('4')],
            "4",
            Command::Compose,
            Cmd::Goto(ScreenId::Compose),
        ));
        v.push(bind(
            &[Key::Char('5')],
            "5",
            Command::Deps,
            Cmd::Goto(ScreenId::Deps),
        ));
        v.push(bind(
            &[Key::Char('6')],
            "6",
            Command::Score,
            Cmd::Goto(ScreenId::Score),
        ));
        if ctx.control() {
            v.push(bind(
                &[Key::Char('7')],
                "7",
                Command::Control,
                Cmd::Goto(ScreenId::Control),
            ));
        }
        if self.may_clock() && !ctx.session.is_finished() {
            v.push(bind(
                &[Key::Char('+'), Key::Char('=')],
                "+",
                Command::Faster,
                Cmd::Faster,
            ));
            v.push(bind(&[Key::Char('-')], "-", Command::Slower, Cmd::Slower));
            v.push(bind(&[Key::Char('g')], "g", Command::Jump, Cmd::Jump));
        }
        if !self.locked && self.control_access {
            if ctx.control() {
                if self.seats().len() > 1 {
                    v.push(bind(
                        &[Key::Char('t')],
                        "t",
                        Command::SwitchSeat,
                        Cmd::SwitchSeat,
                    ));
                }
                v.push(bind(&[Key::Char('r')], "r", Command::Rewind, Cmd::Rewind));
            } else {
                v.push(bind(
                    &[Key::Char('t')],
                    "t",
                    Command::BackToControl,
                    Cmd::SwitchSeat,
                ));
            }
        }
        if self.store.is_some() {
            v.push(bind(&[Key::Char('w')], "w", Command::Save, Cmd::Save));
        }
        if ctx.control() || self.solo() {
            v.push(bind(&[Key::Char('l')], "l", Command::Lessons, Cmd::Lessons));
        }
        v.extend(self.driver_keys.iter().cloned());
        if self.observer {
            v.retain(|b| observer_may(b.cmd));
        }
        v
    }

    fn typing(&self) -> bool {
        match &self.overlay {
            Some(o) => o.typing(),
            None => self.screen_typing(),
        }
    }

    fn screen_typing(&self) -> bool {
        match self.screen {
            ScreenId::Start => true,
            ScreenId::Compose => self.screens.compose.typing(),
            ScreenId::Lessons => true,
            _ => false,
        }
    }

    fn current(&self, _ctx: &Ctx) -> &dyn Screen {
        let s = &self.screens;
        match self.screen {
            ScreenId::Start => &s.start,
            ScreenId::Board => &s.board,
            ScreenId::Inbox => &s.inbox,
            ScreenId::Message => &s.message,
            ScreenId::Actions => &s.actions,
            ScreenId::Compose => &s.compose,
            ScreenId::Deps => &s.deps,
            ScreenId::Score => &s.score,
            ScreenId::Control => &s.control,
            ScreenId::Lessons => &s.lessons,
            ScreenId::End => &s.end,
        }
    }

    // -- update ----------------------------------------------------------------------------

    /// Handles one message: the only way the app changes.
    pub fn update(&mut self, msg: Msg) {
        match msg {
            Msg::Tick(dt) => self.tick(dt),
            Msg::Paste(text) => {
                // A paste is text: where no field takes text, it does nothing (the compose
                // form puts it in its text, whichever field has the focus).
                let takes =
                    self.typing() || (self.overlay.is_none() && self.screen == ScreenId::Compose);
                if !self.grace.is_zero() || !takes {
                    return;
                }
                self.status = None;
                self.paste(&text);
            }
            Msg::Key(k) => {
                if !self.grace.is_zero() {
                    return;
                }
                if k.modifiers
                    .contains(ratatui::crossterm::event::KeyModifiers::CONTROL)
                    && k.code == KeyCode::Char('c')
                {
                    self.command(Cmd::Quit);
                    return;
                }
                if k.kind == ratatui::crossterm::event::KeyEventKind::Release {
                    return;
                }
                // The status of the last action clears with the next key.
                self.status = None;
                let list = self.bindings();
                if let Some(cmd) = find(&list, &k) {
                    self.command(cmd);
                } else if self.typing() {
                    self.type_key(k);
                }
            }
        }
    }

    fn paste(&mut self, text: &str) {
        if let Some(o) = &mut self.overlay {
            match o {
                Overlay::Minute { field, .. } | Overlay::Passphrase(_, field) => field.paste(text),
                _ => {}
            }
            return;
        }
        self.with_screen(|s, ctx| {
            s.paste(text, ctx);
            Effect::None
        });
    }

    fn type_key(&mut self, k: ratatui::crossterm::event::KeyEvent) {
        if let Some(o) = &mut self.overlay {
            match o {
                Overlay::Minute { field, .. } | Overlay::Passphrase(_, field) => {
                    field.key(k);
                }
                _ => {}
            }
            return;
        }
        self.with_screen(|s, ctx| {
            s.key(k, ctx);
            Effect::None
        });
    }

    /// Runs `f` on the current screen with a context; carries out what it asks.
    fn with_screen(&mut self, f: impl FnOnce(&mut dyn Screen, &Ctx) -> Effect) {
        let effect = {
            let guard = self.host.session();
            let seat = self.seat.unwrap_or(Role::Public);
            let ctx = make_ctx(
                &guard,
                &self.scenario,
                &self.outcome,
                seat,
                self.lang,
                self.no_color,
                &self.read,
                &self.history,
                self.control_access,
            );
            let s = &mut self.screens;
            let screen: &mut dyn Screen = match self.screen {
                ScreenId::Start => &mut s.start,
                ScreenId::Board => &mut s.board,
                ScreenId::Inbox => &mut s.inbox,
                ScreenId::Message => &mut s.message,
                ScreenId::Actions => &mut s.actions,
                ScreenId::Compose => &mut s.compose,
                ScreenId::Deps => &mut s.deps,
                ScreenId::Score => &mut s.score,
                ScreenId::Control => &mut s.control,
                ScreenId::Lessons => &mut s.lessons,
                ScreenId::End => &mut s.end,
            };
            f(screen, &ctx)
        };
        self.apply(effect);
    }

    fn command(&mut self, cmd: Cmd) {
        if self.overlay.is_some() {
            self.overlay_command(cmd);
            return;
        }
        let now = self.host.session().now();
        match cmd {
            Cmd::Help => self.overlay = Some(Overlay::Help(ListCursor::default())),
            Cmd::Quit => {
                if self.unsaved() {
                    self.overlay = Some(Overlay::ConfirmQuit);
                } else {
                    self.quit = true;
                }
            }
            Cmd::PauseResume | Cmd::Faster | Cmd::Slower if self.may_clock() => {
                let c = match cmd {
                    Cmd::PauseResume => ClockCommand::PauseResume,
                    Cmd::Faster => ClockCommand::Faster,
                    _ => ClockCommand::Slower,
                };
                self.clock_command(c);
            }
            Cmd::Step if self.may_clock() => {
                if let Some(seat) = self.seat {
                    self.clock_command(ClockCommand::Step { seat });
                    if self.host.session().now() == now && !self.finished() {
                        self.note(label(self.lang, Label::NothingNew).into());
                    }
                }
            }
            Cmd::Jump if self.may_clock() => {
                self.overlay = Some(Overlay::Minute {
                    rewind: false,
                    field: Default::default(),
                })
            }
            Cmd::Rewind if self.control_access && self.seat == Some(Role::Control) => {
                self.clock_command(ClockCommand::Pause);
                self.overlay = Some(Overlay::Minute {
                    rewind: true,
                    field: Default::default(),
                });
            }
            Cmd::SwitchSeat if self.control_access && !self.locked => {
                if self.seat == Some(Role::Control) {
                    // Hot seat: the clock stops while the keyboard changes hands.
                    self.clock_command(ClockCommand::Pause);
                    self.overlay = Some(Overlay::Seat(ListCursor::default()));
                } else if !self.lockout.is_zero() {
                    self.note(label(self.lang, Label::LockedOut).into());
                } else {
                    self.overlay = Some(Overlay::Passphrase(
                        Lock::Unlock,
                        crate::tui::field::Field::masked(),
                    ));
                }
            }
            Cmd::Save => self.save(),
            Cmd::Lessons => self.open_lessons(false),
            Cmd::Goto(s) => self.goto(s),
            Cmd::NextScreen => {
                let cycle: Vec<ScreenId> = ScreenId::cycle(self.seat == Some(Role::Control))
                    .iter()
                    .copied()
                    .filter(|s| !self.observer || observer_may(Cmd::Goto(*s)))
                    .collect();
                let at = cycle.iter().position(|s| *s == self.screen);
                let next = at.map(|i| cycle[(i + 1) % cycle.len()]).unwrap_or(cycle[0]);
                self.goto(next);
            }
            Cmd::Driver(n) => self.driver_command = Some(n),
            Cmd::MessageSeat
            | Cmd::Enter
            | Cmd::Up
            | Cmd::Down
            | Cmd::Home
            | Cmd::End
            | Cmd::PageUp
            | Cmd::PageDown
                if self.screen == ScreenId::Control =>
            {
                let unread = self.roles();
                // The levers need every seat's unread count besides the context.
                let mut c = std::mem::take(&mut self.screens.control);
                let effect = {
                    let guard = self.host.session();
                    match self.ctx(&guard) {
                        Some(ctx) => c.update_with(cmd, &ctx, &unread),
                        None => Effect::None,
                    }
                };
                self.screens.control = c;
                self.apply(effect);
            }
            other => self.with_screen(|s, ctx| s.update(other, ctx)),
        }
    }

    fn clock_command(&mut self, c: ClockCommand) {
        if let Err(r) = self.host.command(c) {
            self.clock_refused(r);
        }
        self.refresh();
        self.check_end();
    }

    fn clock_refused(&mut self, r: ClockRefusal) {
        let l = self.lang;
        let text = match r {
            ClockRefusal::NotLater(now) => format!("{} ({now})", label(l, Label::NotLater)),
            ClockRefusal::NotEarlier(now) => format!("{} ({now})", label(l, Label::NotEarlier)),
            ClockRefusal::Ended => label(l, Label::Finished).to_string(),
            ClockRefusal::NotAllowed => label(l, Label::NotAllowed).to_string(),
        };
        self.note(text);
    }

    fn overlay_command(&mut self, cmd: Cmd) {
        let Some(o) = self.overlay.take() else { return };
        match o {
            Overlay::Help(mut cur) => {
                if cmd == Cmd::Back {
                    return;
                }
                let n = self.help_list().len();
                cur.nav(cmd, n);
                self.overlay = Some(Overlay::Help(cur));
            }
            Overlay::ConfirmQuit => {
                if cmd == Cmd::Confirm(true) {
                    self.quit = true;
                }
            }
            Overlay::ConfirmEnd(end) => {
                if cmd == Cmd::Confirm(true) {
                    self.clock_command(ClockCommand::GoTo(end));
                }
            }
            Overlay::Minute { rewind, field } => match cmd {
                Cmd::Enter => self.minute_entered(rewind, &field.text()),
                Cmd::Back => {}
                _ => self.overlay = Some(Overlay::Minute { rewind, field }),
            },
            Overlay::Seat(mut cur) => {
                let seats = self.seats();
                if cur.nav(cmd, seats.len()) {
                    self.overlay = Some(Overlay::Seat(cur));
                    return;
                }
                if cmd == Cmd::Enter
                    && let Some(r) = seats.get(cur.get(seats.len())).copied()
                {
                    if r == Role::Control {
                        self.take_seat(r);
                    } else if self.passphrase.is_none() {
                        self.overlay = Some(Overlay::Passphrase(
                            Lock::Set(r),
                            crate::tui::field::Field::masked(),
                        ));
                    } else {
                        self.take_seat(r);
                    }
                }
            }
            Overlay::Passphrase(lock, field) => match (cmd, lock) {
                (Cmd::Enter, Lock::Set(r)) => {
                    if field.is_blank() {
                        self.note(label(self.lang, Label::PassphraseNeeded).into());
                        self.overlay = Some(Overlay::Passphrase(lock, field));
                    } else {
                        self.passphrase = Some(field.text());
                        self.take_seat(r);
                    }
                }
                (Cmd::Enter, Lock::Unlock) => {
                    if self.passphrase.as_deref() == Some(field.text().as_str()) {
                        self.tries = 0;
                        self.take_seat(Role::Control);
                    } else {
                        self.tries += 1;
                        if self.tries >= TRIES {
                            self.tries = 0;
                            self.lockout = LOCKOUT;
                        }
                        self.note(label(self.lang, Label::WrongPassphrase).into());
                    }
                }
                (Cmd::Back, _) => {}
                _ => self.overlay = Some(Overlay::Passphrase(lock, field)),
            },
        }
    }

    fn minute_entered(&mut self, rewind: bool, text: &str) {
        let (now, end) = {
            let s = self.host.session();
            (s.now(), s.end())
        };
        let t = match overlay::minute(text) {
            Ok(t) => t,
            Err(_) => {
                self.note(format!("{}: {text}", label(self.lang, Label::NotADuration)));
                return;
            }
        };
        if rewind {
            self.clock_command(ClockCommand::Rewind(t));
        } else if t <= now {
            self.clock_refused(ClockRefusal::NotLater(now));
        } else if t >= end {
            // Past the end: to the end, after asking.
            self.overlay = Some(Overlay::ConfirmEnd(end));
        } else {
            self.clock_command(ClockCommand::GoTo(t));
        }
    }

    fn apply(&mut self, e: Effect) {
        match e {
            Effect::None => {}
            Effect::Act(a) => {
                let from_compose = self.screen == ScreenId::Compose;
                let ok = self.act(a);
                if ok && from_compose {
                    if let Some(s) = self.seat {
                        self.screens.compose.sent(s);
                    }
                    self.screen = ScreenId::Board;
                }
            }
            Effect::Goto(s) => self.goto(s),
            Effect::Open(id) => {
                self.mark_read(id);
                self.screens.message.open(id);
                self.screen = ScreenId::Message;
            }
            Effect::Compose(to) => {
                if let Some(seat) = self.seat {
                    self.screens.compose.open(seat, to);
                    self.screen = ScreenId::Compose;
                }
            }
            Effect::Forward(id) => {
                self.mark_read(id);
                self.screens.message.forward(id);
                self.screen = ScreenId::Message;
            }
            Effect::Grant(id) => {
                self.screens.message.grant(id);
                self.screen = ScreenId::Message;
            }
            Effect::Inject(k) => self.inject(k),
            Effect::Take(r) => self.take_first_seat(r),
            Effect::Notice(s) => self.note(s),
            Effect::Report => self.report(),
            Effect::Quit => self.command(Cmd::Quit),
            Effect::Lesson(lesson, last) => {
                self.lessons.retain(|l| l.role != lesson.role);
                self.lessons.push(lesson);
                if last {
                    self.save();
                    self.screen = ScreenId::End;
                } else {
                    let earlier = self.lessons.clone();
                    self.screens.lessons.next(&earlier);
                }
            }
        }
    }

    fn mark_read(&mut self, id: u32) {
        if let Some(seat) = self.seat {
            self.read.entry(seat).or_default().insert(id);
        }
    }

    fn goto(&mut self, s: ScreenId) {
        let Some(seat) = self.seat else { return };
        if s == ScreenId::Control && seat != Role::Control {
            return;
        }
        if s == ScreenId::Compose {
            self.screens.compose.open(seat, None);
        }
        self.screen = s;
    }

    fn note(&mut self, text: String) {
        self.status = Some((Status::Note(text), Duration::ZERO));
    }

    /// Takes `action` as the seat now and words the answer; true if it was taken.
    pub fn act(&mut self, action: Action) -> bool {
        let Some(seat) = self.seat else { return false };
        let result = self.host.act(seat, action);
        self.refresh();
        let status = {
            let guard = self.host.session();
            let Some(ctx) = self.ctx(&guard) else {
                return false;
            };
            match &result {
                Ok(d) => Status::Taken(ctx.seen.done(&ctx.words, d)),
                Err(r) => Status::Refused(ctx.seen.refusal(&ctx.words, r)),
            }
        };
        self.status = Some((status, Duration::ZERO));
        result.is_ok()
    }

    fn inject(&mut self, k: usize) {
        let Some(original) = self.scenario.injects.get(k) else {
            return;
        };
        // A reserve inject is the scenario's own, fired as written (once).
        if original.trigger == InjectTrigger::Manual {
            self.act(Action::FireInject { inject: k });
            return;
        }
        let mut inject = original.clone();
        let (n, now) = {
            let s = self.host.session();
            (
                s.log()
                    .iter()
                    .filter(|a| matches!(a.action, Action::Inject(_)))
                    .count(),
                s.now(),
            )
        };
        inject.key = format!("{}-adhoc-{}", original.key, n + 1);
        inject.trigger = InjectTrigger::At(now);
        self.act(Action::Inject(Box::new(inject)));
    }

    fn open_lessons(&mut self, at_end: bool) {
        if self.observer {
            return;
        }
        let seats: Vec<Role> = if self.locked {
            self.seat.into_iter().collect()
        } else {
            self.played.clone()
        };
        if seats.is_empty() {
            return;
        }
        self.clock_command(ClockCommand::Pause);
        let earlier = self.lessons.clone();
        self.screens.lessons.open(seats, &earlier);
        self.screen = ScreenId::Lessons;
        self.overlay = None;
        if at_end {
            self.grace = GRACE;
        }
    }

    /// Saves the drill log (with lessons) to the store.
    pub fn save(&mut self) {
        let Some(store) = self.store.as_mut() else {
            self.status = Some((
                Status::Note(label(self.lang, Label::NoLog).into()),
                Duration::ZERO,
            ));
            return;
        };
        let guard = self.host.session();
        let drill = SavedDrill {
            session: &guard,
            lessons: &self.lessons,
            branch: self.host.clock().branch,
            read: &self.read,
        };
        let result = store.save(&drill);
        drop(guard);
        match result {
            Ok(saved) => {
                self.status = Some((
                    Status::Note(format!(
                        "{}: {}",
                        label(self.lang, Label::SaveDone),
                        saved.path
                    )),
                    Duration::ZERO,
                ));
                self.screens.end.path = Some(saved.path.clone());
                self.screens.end.aar = Some(saved.aar.clone());
                self.saved = Some(saved);
                self.saved_state = Some(self.save_state());
            }
            Err(e) => {
                self.status = Some((
                    Status::Note(format!("{}: {e}", label(self.lang, Label::SaveFailed))),
                    Duration::ZERO,
                ))
            }
        }
    }

    /// Writes the after-action report of the last save (control, or once the drill ended).
    fn report(&mut self) {
        let open = self.seat == Some(Role::Control) || self.finished();
        let (Some(store), Some(saved), true) = (self.store.as_mut(), self.saved.as_ref(), open)
        else {
            return;
        };
        let note = match store.report(saved) {
            Ok(path) => format!("{}: {path}", label(self.lang, Label::AarWritten)),
            Err(e) => e,
        };
        self.screens.end.note = Some(note);
    }

    fn tick(&mut self, dt: Duration) {
        self.grace = self.grace.saturating_sub(dt);
        self.lockout = self.lockout.saturating_sub(dt);
        if let Some((_, age)) = &mut self.status {
            *age += dt;
            if *age >= STATUS_FOR {
                self.status = None;
            }
        }
        if self.seat.is_some() {
            self.host.tick(dt);
        }
        self.refresh();
        self.check_end();
    }

    fn check_end(&mut self) {
        if self.seat.is_some() && self.finished() && !self.end_seen {
            self.end_seen = true;
            if !matches!(self.screen, ScreenId::Lessons | ScreenId::End) {
                self.open_lessons(true);
            }
        }
    }

    /// Brings the words and the level history up to the drill.
    fn refresh(&mut self) {
        let generation = self.host.clock().generation;
        if generation != self.generation {
            // The drill was rebuilt (a rewind): the feed starts again.
            self.generation = generation;
            self.history = History::default();
            self.end_seen = false;
        }
        let guard = self.host.session();
        self.history.read(&guard);
        self.outcome = trimmed(&guard);
    }

    fn help_list(&self) -> Vec<Binding> {
        // Help lists the keys of the screen itself, under no window.
        self.bindings_under(None)
    }

    // -- drawing -------------------------------------------------------------------------

    /// Draws the seat into `frame` (any backend: a terminal, a test buffer, a remote pty).
    pub fn draw(&self, frame: &mut Frame) {
        let area = frame.area();
        let theme = Theme {
            no_color: self.no_color,
        };
        if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
            let text = format!(
                "{} {}×{} ({}×{})",
                label(self.lang, Label::TooSmall),
                MIN_SIZE.0,
                MIN_SIZE.1,
                area.width,
                area.height
            );
            frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
            return;
        }
        let guard = self.host.session();
        let seat = self.seat.unwrap_or(Role::Public);
        let ctx = make_ctx(
            &guard,
            &self.scenario,
            &self.outcome,
            seat,
            self.lang,
            self.no_color,
            &self.read,
            &self.history,
            self.control_access,
        );
        // The answer to an action wraps (up to three rows) rather than being cut.
        let answer_lines = self.answer_lines(&ctx, area.width);
        let [top, body, answer, hints] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(answer_lines.len().clamp(1, 3) as u16),
            Constraint::Length(1),
        ])
        .areas(area);
        frame.render_widget(
            Paragraph::new(self.status_line(&ctx, top.width)).style(theme.bar()),
            top,
        );
        match self.screen {
            ScreenId::Control => {
                let count = |r: Role| unread_of(&guard, &self.read, r);
                self.screens
                    .control
                    .draw_with(frame, body, &ctx, &self.roles(), &count)
            }
            _ => self.current(&ctx).draw(frame, body, &ctx),
        }
        frame.render_widget(Paragraph::new(answer_lines), answer);
        frame.render_widget(Paragraph::new(self.hint_line(&ctx, hints.width)), hints);
        match &self.overlay {
            Some(Overlay::Help(cur)) => overlay::help(frame, area, &ctx, &self.help_list(), cur),
            Some(Overlay::ConfirmQuit) => {
                overlay::question(frame, area, &ctx, label(self.lang, Label::QuitConfirm))
            }
            Some(Overlay::ConfirmEnd(end)) => overlay::question(
                frame,
                area,
                &ctx,
                &format!("{} {end}? (y/n)", label(self.lang, Label::RunToEnd)),
            ),
            Some(Overlay::Minute { rewind, field }) => {
                overlay::minute_window(frame, area, &ctx, *rewind, field)
            }
            Some(Overlay::Seat(cur)) => {
                let seats: Vec<(Role, usize)> = self
                    .seats()
                    .into_iter()
                    .map(|r| (r, self.unread(r)))
                    .collect();
                overlay::seats(frame, area, &ctx, &seats, cur)
            }
            Some(Overlay::Passphrase(lock, field)) => {
                overlay::passphrase(frame, area, &ctx, *lock, field)
            }
            None => {}
        }
    }

    fn status_line(&self, ctx: &Ctx, width: u16) -> Line<'static> {
        let l = self.lang;
        let theme = ctx.theme;
        let wide = width >= 110;
        let now = ctx.session.now();
        let clock = self.host.clock();
        let state = if ctx.session.is_finished() {
            format!("■ {}", label(l, Label::Finished))
        } else if clock.target.is_some() {
            format!("» {}", label(l, Label::JumpTo))
        } else if clock.paused {
            format!("⏸ {}", label(l, Label::Paused))
        } else {
            format!("▶ {}", label(l, Label::Running))
        };
        let speed = format!("{} {}", clock.speed, label(l, Label::SpeedUnit));
        let mut spans = vec![Span::styled(
            if wide {
                format!(" {now} / {} │ {state} │ {speed} ", ctx.session.end())
            } else {
                let first: String = state.chars().take(1).collect();
                format!(" {now} {first} {speed} ")
            },
            theme.bar(),
        )];
        if let Some(seat) = self.seat {
            let words = &ctx.words;
            spans.push(Span::styled(
                if wide {
                    format!("│ {}: {} ", label(l, Label::Seat), words.role(seat))
                } else {
                    format!("│ {} ", words.role(seat))
                },
                theme.bar(),
            ));
            let unread = ctx
                .view
                .inbox
                .iter()
                .filter(|m| !ctx.read.contains(&m.message))
                .count();
            let style = if unread > 0 {
                theme.new_item().add_modifier(Modifier::REVERSED)
            } else {
                theme.bar()
            };
            spans.push(Span::styled(
                format!("│ ✉ {} {unread} ", label(l, Label::Unread)),
                style,
            ));
        }
        if let Some((t, n)) = clock.branch {
            spans.push(Span::styled(
                format!("│ {} {n} @{t} ", label(l, Label::Branch)),
                theme.bar(),
            ));
        }
        if self.store.is_some() && self.unsaved() {
            spans.push(Span::styled("│ * ", theme.bar()));
        }
        Line::from(spans)
    }

    fn answer_lines(&self, ctx: &Ctx, width: u16) -> Vec<Line<'static>> {
        let l = self.lang;
        let theme = ctx.theme;
        if !self.grace.is_zero() {
            return vec![Line::styled(label(l, Label::KeysIgnored), theme.hint())];
        }
        let (head, style, body) = match self.status() {
            Some(Status::Taken(t)) => (format!("✓ {}: ", label(l, Label::Taken)), theme.ok(), t),
            Some(Status::Refused(t)) => (
                format!("✗ {}: ", label(l, Label::Refused)),
                theme.refused(),
                t,
            ),
            Some(Status::Note(n)) => (String::new(), theme.hint(), n),
            None => return vec![Line::raw("")],
        };
        let parts = wrap(&format!("{head}{body}"), width.max(1) as usize, 2);
        parts
            .into_iter()
            .take(3)
            .enumerate()
            .map(|(i, p)| {
                if i == 0 && !head.is_empty() && p.starts_with(head.trim_end()) {
                    let rest = p[head.len().min(p.len())..].to_string();
                    Line::from(vec![Span::styled(head.clone(), style), Span::raw(rest)])
                } else {
                    Line::raw(p)
                }
            })
            .collect()
    }

    fn hint_line(&self, ctx: &Ctx, width: u16) -> Line<'static> {
        let theme = ctx.theme;
        let mut spans = Vec::new();
        let mut used = 0usize;
        // What a screen does comes first; moving about in a list last (help has them all).
        let mut list = match &self.overlay {
            Some(o) => o.commands(),
            None => self.bindings_in(ctx),
        };
        list.sort_by_key(|b| {
            matches!(
                b.command,
                Command::Move | Command::Page | Command::Ends | Command::Scroll
            ) && b.cmd != Cmd::Help
        });
        for bd in list {
            if bd.shown.is_empty() {
                continue;
            }
            let words = crate::present::tui::command(self.lang, bd.command);
            let text = format!("{} {words}  ", bd.shown);
            let w = text.width();
            if used + w > width as usize {
                break;
            }
            used += w;
            spans.push(Span::styled(format!("{} ", bd.shown), theme.title()));
            spans.push(Span::styled(format!("{words}  "), theme.hint()));
        }
        Line::from(spans)
    }
}

/// Messages `role` has not opened (from its knowledge: no view is built).
fn unread_of(session: &Session, read: &BTreeMap<Role, BTreeSet<u32>>, role: Role) -> usize {
    let read = read.get(&role);
    session.knowledge(role).map_or(0, |k| {
        k.inbox
            .iter()
            .filter(|(m, _)| !read.is_some_and(|r| r.contains(m)))
            .count()
    })
}

/// The context a screen reads for `seat`.
#[allow(clippy::too_many_arguments)]
fn make_ctx<'a>(
    session: &'a Session,
    scenario: &'a Scenario,
    outcome: &'a Outcome,
    seat: Role,
    lang: Lang,
    no_color: bool,
    read: &'a BTreeMap<Role, BTreeSet<u32>>,
    history: &'a History,
    control_access: bool,
) -> Ctx<'a> {
    static NONE: std::sync::OnceLock<BTreeSet<u32>> = std::sync::OnceLock::new();
    let view = session.view(seat);
    let words = Words::new(scenario, outcome, lang);
    let seen = Seen::new(session, &view, &words);
    Ctx {
        session,
        scenario,
        seat,
        view,
        words,
        lang,
        theme: Theme { no_color },
        read: read
            .get(&seat)
            .unwrap_or_else(|| NONE.get_or_init(BTreeSet::new)),
        history,
        seen,
        truth_open: seat == Role::Control || session.is_finished(),
        control_access,
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

/// Whether an evaluator's read-only seat offers `cmd`: looking, not acting.
fn observer_may(cmd: Cmd) -> bool {
    !matches!(
        cmd,
        Cmd::PauseResume
            | Cmd::Faster
            | Cmd::Slower
            | Cmd::Step
            | Cmd::Jump
            | Cmd::Rewind
            | Cmd::SwitchSeat
            | Cmd::Save
            | Cmd::Lessons
            | Cmd::Report
            | Cmd::MessageSeat
            | Cmd::Forward
            | Cmd::Grant
            | Cmd::Goto(ScreenId::Actions | ScreenId::Compose | ScreenId::Control)
    )
}

#[cfg(test)]
mod tests {
    use super::App;

    fn assert_send<T: Send>() {}

    #[test]
    fn an_app_can_move_to_a_connections_thread() {
        // Checked at compile time: a drill server runs each remote seat's app on its own
        // task.
        assert_send::<App>();
    }
}
