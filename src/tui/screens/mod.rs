//! The screens of a seat, each a component with its own state, its commands and its
//! drawing (`draw(&self, frame, area, ctx)`, pure). A screen reads the drill only through a
//! [`Ctx`]: the session, the seat's own view, words, and the seat's own numbering and names
//! ([`Seen`]); what it asks of the app comes back as an [`Effect`].

pub mod actions;
pub mod board;
pub mod compose;
pub mod control;
pub mod deps;
pub mod lessons;
pub mod mail;
pub mod overlay;
pub mod score;
pub mod start;

use super::input::{Binding, Cmd};
use super::style::Theme;
use crate::model::drill::{Action, Done, Refusal, Role};
use crate::model::{IncidentId, Scenario, ServiceId, Time};
use crate::present::tui::{Label, label};
use crate::present::{Lang, Words};
use crate::session::Session;
use crate::session::types::{Entry, FeedCursor, RoleView};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};
use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScreenId {
    /// Choose a role.
    Start,
    /// The sectors and the seat's timeline.
    Board,
    /// Messages received and sent.
    Inbox,
    /// One message.
    Message,
    /// Actions the seat may take.
    Actions,
    /// A new message (or a forward).
    Compose,
    /// Dependencies.
    Deps,
    /// Objectives.
    Score,
    /// Exercise control's levers.
    Control,
    /// Lessons learned.
    Lessons,
    /// The drill is saved; the after-action report.
    End,
}

impl ScreenId {
    /// The screens Tab cycles through.
    pub fn cycle(control: bool) -> &'static [ScreenId] {
        use ScreenId::*;
        if control {
            &[Board, Inbox, Actions, Compose, Deps, Score, Control]
        } else {
            &[Board, Inbox, Actions, Compose, Deps, Score]
        }
    }
}

/// What a screen asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Nothing more.
    None,
    /// Take an action as the seat.
    Act(Action),
    /// Go to a screen.
    Goto(ScreenId),
    /// Open a message (by its number in the drill).
    Open(u32),
    /// A new message, to a role if given.
    Compose(Option<Role>),
    /// Forward a message (by its number in the drill).
    Forward(u32),
    /// Grant permission to share a message the seat sent.
    Grant(u32),
    /// Inject the scenario's inject `k` again, now (control).
    Inject(usize),
    /// Take this seat (the start screen).
    Take(Role),
    /// A word for the status line.
    Notice(String),
    /// Write the after-action report.
    Report,
    /// Quit (asks first while unsaved).
    Quit,
    /// One seat's lesson written; `last` when it was the last seat's.
    Lesson(crate::tui::app::LessonDraft, bool),
}

/// A seat's own numbering of messages and names of incidents: a function of what it knows.
///
/// A player seat numbers the messages it received or sent 1, 2, 3… in the order they
/// reached its knowledge (a message sent at a minute comes before one delivered in it),
/// so a number tells it nothing of anyone else's traffic. An incident is named by the
/// scenario inject that opened it; an ad-hoc inject's incident by the inject it copies, as
/// the scenario's own would be; two known incidents of one name are told apart by the
/// order the seat learned them (`ddos-dns (2)`). Exercise control keeps the drill's own
/// numbers and names.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    control: bool,
    local: BTreeMap<u32, u32>,
    names: BTreeMap<IncidentId, String>,
    /// Full names of ad-hoc incidents and the names the seat sees for them.
    renamed: Vec<(String, String)>,
}

impl Seen {
    /// The numbering and names of `view`'s seat.
    pub fn new(session: &Session, view: &RoleView, words: &Words) -> Seen {
        let control = view.role == Role::Control;
        let mut seen = Seen {
            control,
            ..Seen::default()
        };
        // Sent first at a tie: an action at a minute comes before that minute's events.
        let sent = session.messages();
        let mut order: Vec<(Time, u8, usize, u32)> = Vec::new();
        for (k, m) in view.sent.iter().enumerate() {
            let at = sent.get(*m as usize).map(|x| x.sent).unwrap_or_default();
            order.push((at, 0, k, *m));
        }
        for (k, m) in view.inbox.iter().enumerate() {
            order.push((m.received, 1, k, m.message));
        }
        order.sort();
        for (i, (_, _, _, m)) in order.into_iter().enumerate() {
            seen.local.entry(m).or_insert(i as u32 + 1);
        }
        // Names: by the inject, an ad-hoc copy by its original; duplicates by order learned.
        let scenario = words.scenario();
        let mut incidents: Vec<_> = view.incidents.iter().collect();
        incidents.sort_by_key(|i| (i.learned, i.incident));
        let mut count: BTreeMap<String, usize> = BTreeMap::new();
        for i in incidents {
            let full = words.incident(i.incident);
            let base = if control {
                full.clone()
            } else {
                match words.incident_inject(i.incident) {
                    Some(k) if k >= scenario.injects.len() => scenario
                        .injects
                        .iter()
                        .map(|x| x.key.as_str())
                        .find(|key| {
                            full.strip_prefix(key)
                                .and_then(|rest| rest.strip_prefix("-adhoc-"))
                                .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
                        })
                        .map(str::to_string)
                        .unwrap_or_else(|| full.clone()),
                    _ => full.clone(),
                }
            };
            let n = count.entry(base.clone()).or_default();
            *n += 1;
            let name = if *n > 1 && !control {
                format!("{base} ({n})")
            } else {
                base
            };
            if name != full {
                seen.renamed.push((full, name.clone()));
            }
            seen.names.insert(i.incident, name);
        }
        // Longest first, so a name is never replaced inside a longer one.
        seen.renamed
            .sort_by_key(|(f, _)| std::cmp::Reverse(f.len()));
        seen
    }

    /// The seat's number of message `m` (exercise control: the drill's).
    pub fn number(&self, m: u32) -> Option<u32> {
        if self.control {
            Some(m)
        } else {
            self.local.get(&m).copied()
        }
    }

    /// `#n`, the seat's number of message `m`.
    pub fn num(&self, m: u32) -> String {
        match self.number(m) {
            Some(n) => format!("#{n}"),
            None => "#?".into(),
        }
    }

    /// How many messages the seat holds.
    pub fn count(&self) -> usize {
        self.local.len()
    }

    /// The seat's name of incident `i`.
    pub fn incident(&self, words: &Words, i: IncidentId) -> String {
        self.names
            .get(&i)
            .cloned()
            .unwrap_or_else(|| words.incident(i))
    }

    /// `text` with the drill's incident names replaced by the seat's.
    pub fn text(&self, text: String) -> String {
        self.renamed
            .iter()
            .fold(text, |t, (full, name)| t.replace(full.as_str(), name))
    }

    fn map(&self, m: u32) -> u32 {
        self.number(m).unwrap_or(0)
    }

    /// What an action did, in the seat's words (its own message numbers).
    pub fn done(&self, words: &Words, d: &Done) -> String {
        let d = match d.clone() {
            Done::Sent { message, to } => Done::Sent {
                message: self.map(message),
                to,
            },
            Done::Forwarded { message, copy, to } => Done::Forwarded {
                message: self.map(message),
                copy: self.map(copy),
                to,
            },
            Done::PermissionGranted { message, to } => Done::PermissionGranted {
                message: self.map(message),
                to,
            },
            other => other,
        };
        self.text(words.done(&d))
    }

    /// Why an action was refused, in the seat's words.
    pub fn refusal(&self, words: &Words, r: &Refusal) -> String {
        let r = match r.clone() {
            Refusal::LabelForbids {
                message,
                label,
                from,
                to,
            } => Refusal::LabelForbids {
                message: self.map(message),
                label,
                from,
                to,
            },
            Refusal::NotTheSource { message } => Refusal::NotTheSource {
                message: self.map(message),
            },
            other => other,
        };
        self.text(words.refusal(&r))
    }
}

/// The level history of every service, read from the change feed: (time, from, to).
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
    /// Reads what happened since the last read.
    pub fn read(&mut self, session: &Session) {
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

    /// Every change of `s`'s level so far: (time, from, to).
    pub fn changes_of(&self, s: ServiceId) -> &[(Time, f64, f64)] {
        self.changes.get(&s).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// What a screen reads: the drill as the seat may see it.
pub struct Ctx<'a> {
    /// The drill.
    pub session: &'a Session,
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The seat.
    pub seat: Role,
    /// Its view now.
    pub view: RoleView,
    /// Words.
    pub words: Words<'a>,
    /// Language.
    pub lang: Lang,
    /// Styles.
    pub theme: Theme,
    /// Messages the seat opened.
    pub read: &'a BTreeSet<u32>,
    /// Level history.
    pub history: &'a History,
    /// The seat's numbers and names.
    pub seen: Seen,
    /// Whether truth-bearing outputs (objective status, the after-action report) are open
    /// to the seat: exercise control always, a player once the drill has ended.
    pub truth_open: bool,
    /// Whether this app may take exercise control's seat (hot-seat play).
    pub control_access: bool,
}

impl Ctx<'_> {
    /// Whether the seat is exercise control.
    pub fn control(&self) -> bool {
        self.seat == Role::Control
    }

    /// The clock.
    pub fn now(&self) -> Time {
        self.session.now()
    }
}

/// A screen.
pub trait Screen {
    /// The commands it offers now (keys, hint bar and help come from these).
    fn commands(&self, ctx: &Ctx) -> Vec<Binding>;
    /// Does what a command asks.
    fn update(&mut self, cmd: Cmd, ctx: &Ctx) -> Effect;
    /// Draws it into `area`.
    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx);
    /// Whether a text field has the focus (then keys type).
    fn typing(&self) -> bool {
        false
    }
    /// A key for the text field in focus.
    fn key(&mut self, _k: ratatui::crossterm::event::KeyEvent, _ctx: &Ctx) {}
    /// Pasted text for the text field in focus (dropped where none is).
    fn paste(&mut self, _text: &str, _ctx: &Ctx) {}
}

// -- lists ----------------------------------------------------------------------------

/// A cursor over a list that scrolls: the page size is what the last drawing had room for.
#[derive(Debug, Clone, Default)]
pub struct ListCursor {
    /// The selected row.
    pub at: usize,
    page: Cell<usize>,
}

impl PartialEq for ListCursor {
    fn eq(&self, other: &Self) -> bool {
        self.at == other.at
    }
}

impl ListCursor {
    /// Moves by a list command within `len` rows; true if the command was one.
    pub fn nav(&mut self, cmd: Cmd, len: usize) -> bool {
        let last = len.saturating_sub(1);
        let page = self.page.get().max(1);
        self.at = match cmd {
            Cmd::Up => self.at.saturating_sub(1),
            Cmd::Down => (self.at + 1).min(last),
            Cmd::PageUp => self.at.saturating_sub(page),
            Cmd::PageDown => (self.at + page).min(last),
            Cmd::Home => 0,
            Cmd::End => last,
            _ => return false,
        };
        true
    }

    /// The selected row within `len` rows.
    pub fn get(&self, len: usize) -> usize {
        self.at.min(len.saturating_sub(1))
    }

    /// The first row to show so the cursor stays on a page of `room` rows.
    pub fn first(&self, len: usize, room: usize) -> usize {
        self.page.set(room);
        let at = self.get(len);
        if room == 0 {
            return at;
        }
        at.saturating_sub(room - 1).min(len.saturating_sub(room))
    }
}

/// A pane with a title, and a position (`3/40`) at its bottom right where it scrolls.
pub fn pane<'a>(title: impl Into<Line<'a>>, theme: Theme) -> Block<'a> {
    let title: Line = title.into();
    Block::default()
        .borders(Borders::ALL)
        .title(title.patch_style(theme.title()))
}

/// `pane` with a position: row `at` (from 0) of `len`, shown when not all fit in `room`.
pub fn pane_at<'a>(
    title: impl Into<Line<'a>>,
    theme: Theme,
    at: usize,
    len: usize,
    room: usize,
) -> Block<'a> {
    let b = pane(title, theme);
    if len > room {
        b.title_bottom(Line::styled(format!(" {}/{len} ", at + 1), theme.hint()).right_aligned())
    } else {
        b
    }
}

/// The selected style where `on`.
pub fn sel(theme: Theme, on: bool) -> Style {
    if on {
        theme.selected()
    } else {
        Style::default()
    }
}

/// `s` cut to `w` display columns (wide characters count two) and padded to them.
pub fn fit(s: &str, w: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > w {
            break;
        }
        used += cw;
        out.push(c);
    }
    out.push_str(&" ".repeat(w - used));
    out
}

/// `s` in at most `w` columns: whole if it fits, else cut with `…` at the end.
pub fn abbrev(s: &str, w: usize) -> String {
    if s.width() <= w {
        return fit(s, w);
    }
    if w == 0 {
        return String::new();
    }
    let mut out = fit(s, w - 1).trim_end().to_string();
    out.push('…');
    fit(&out, w)
}

/// An id `operator/service` in at most `w` columns: the service part kept whole, the
/// operator's cut with `…`, so two services of one operator never read alike.
pub fn abbrev_id(s: &str, w: usize) -> String {
    if s.width() <= w {
        return fit(s, w);
    }
    match s.split_once('/') {
        Some((op, svc)) if svc.width() + 3 <= w => {
            let room = w - svc.width() - 1;
            format!("{}/{svc}", abbrev(op, room).trim_end())
        }
        _ => abbrev(s, w),
    }
}

/// `s` in lines of at most `w` columns, broken between words (and between CJK
/// characters); lines after the first are indented by `indent`. Ids such as
/// `hinode-comm` are not broken at their hyphens.
pub fn wrap(s: &str, w: usize, indent: usize) -> Vec<String> {
    let pad = " ".repeat(indent.min(w / 2));
    let options = textwrap::Options::new(w.max(1))
        .subsequent_indent(&pad)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(s, options)
        .into_iter()
        .map(|l| l.into_owned())
        .collect()
}

/// A role by its name in the language and its other name.
pub fn role_names(words: &Words, r: Role) -> String {
    let ja = words.in_lang(Lang::Ja).role(r);
    let en = words.in_lang(Lang::En).role(r);
    if words.lang() == Lang::Ja {
        format!("{ja} ({en})")
    } else {
        format!("{en} ({ja})")
    }
}

/// A label and a value on one line.
pub fn row<'a>(ctx: &Ctx, k: Label, v: String, w: usize) -> Line<'a> {
    Line::from(vec![
        Span::styled(fit(label(ctx.lang, k), w), ctx.theme.title()),
        Span::raw(v),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_breaks_between_words_and_indents_what_follows() {
        let lines = wrap("T+01:00 a 1.00 → 0.85 ok (cyber, strength 0.15)", 24, 8);
        assert_eq!(
            lines,
            [
                "T+01:00 a 1.00 → 0.85 ok",
                "        (cyber, strength",
                "        0.15)"
            ]
        );
    }

    #[test]
    fn an_id_is_not_broken_at_its_hyphen() {
        let lines = wrap("T+01:00 DDoS — hinode-comm (observed)", 22, 8);
        assert_eq!(
            lines,
            [
                "T+01:00 DDoS —",
                "        hinode-comm",
                "        (observed)"
            ]
        );
    }

    #[test]
    fn japanese_breaks_at_the_width_in_display_columns() {
        let lines = wrap("T+01:00 日の出通信の基幹網が輻輳し供給が途絶えた", 20, 2);
        assert!(lines.len() > 1, "{lines:?}");
        for l in &lines {
            assert!(l.width() <= 20, "{l:?} is {} columns", l.width());
        }
    }

    #[test]
    fn two_services_of_one_operator_never_read_alike() {
        // The service part stays whole; the operator's is cut.
        assert_eq!(abbrev_id("hinode-comm/dns", 11), "hinode…/dns");
        assert_ne!(
            abbrev_id("hinode-comm/backbone", 12),
            abbrev_id("hinode-comm/leased", 12)
        );
        assert_eq!(abbrev("Electric power", 10), "Electric… ");
    }

    #[test]
    fn a_list_cursor_pages_and_keeps_on_screen() {
        let mut c = ListCursor::default();
        assert_eq!(c.first(100, 10), 0);
        c.nav(Cmd::PageDown, 100);
        assert_eq!(c.at, 10);
        c.nav(Cmd::End, 100);
        assert_eq!((c.at, c.first(100, 10)), (99, 90));
        c.nav(Cmd::Home, 100);
        assert_eq!(c.at, 0);
    }
}
