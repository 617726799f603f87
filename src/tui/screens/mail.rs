//! The seat's messages: received and sent, in its own numbering; one message in full
//! (subject, source, the forward chain, the description), and from it a forward or, for
//! the message's source, a permission to share it wider.

use super::{Ctx, Effect, ListCursor, Screen, abbrev, fit, pane, pane_at, row, sel};
use crate::model::drill::message::hop_allowed;
use crate::model::drill::{Action, Addressee, Channel, MessageKind, Role, Tlp};
use crate::model::{AttackKind, IncidentId, OperatorId, Sector, Time};
use crate::present::tui::{Command, Label, label};
use crate::tui::input::{Binding, Cmd, Key, bind, enter, esc, list_nav};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

/// A message of the seat's, as it may see it.
#[derive(Debug, Clone)]
pub struct Mail {
    /// The drill's number (never shown to a player).
    pub id: u32,
    /// When it arrived; None for one the seat sent.
    pub received: Option<Time>,
    /// When it was sent.
    pub sent: Time,
    /// Sender.
    pub from: Role,
    /// Recipients named on it.
    pub to: Vec<Role>,
    /// Kind.
    pub kind: MessageKind,
    /// Label.
    pub label: Tlp,
    /// The source of the labelled information.
    pub source: Role,
    /// Subject: incident, attack kind, operator, sector.
    pub incident: Option<IncidentId>,
    /// Attack kind.
    pub attack: Option<AttackKind>,
    /// Operator affected, as far as the sender knew.
    pub operator: Option<OperatorId>,
    /// Sector.
    pub sector: Option<Sector>,
    /// A sanitised alert.
    pub sanitised: bool,
    /// Text.
    pub text: String,
    /// The senders of the messages it forwards, nearest first.
    pub chain: Vec<Role>,
}

/// The seat's messages in its own numbering.
pub fn mailbox(ctx: &Ctx) -> Vec<Mail> {
    let all = ctx.session.messages();
    let make = |id: u32, received: Option<Time>| -> Option<Mail> {
        let m = all.get(id as usize)?;
        let mut chain = Vec::new();
        let mut at = m.forwarded_from;
        while let Some(k) = at {
            let Some(x) = all.get(k as usize) else { break };
            chain.push(x.from);
            at = x.forwarded_from;
        }
        Some(Mail {
            id,
            received,
            sent: m.sent,
            from: m.from,
            to: m.to.iter().map(|(r, _)| *r).collect(),
            kind: m.kind,
            label: m.label,
            source: m.source,
            incident: m.subject.incident,
            attack: m.subject.attack,
            operator: m.subject.operator,
            sector: m.subject.sector,
            sanitised: m.sanitised,
            text: m.text.clone(),
            chain,
        })
    };
    let mut out: Vec<Mail> = ctx
        .view
        .inbox
        .iter()
        .filter_map(|m| make(m.message, Some(m.received)))
        .chain(ctx.view.sent.iter().filter_map(|id| make(*id, None)))
        .collect();
    out.sort_by_key(|m| ctx.seen.number(m.id).unwrap_or(u32::MAX));
    out
}

/// A message's subject in the seat's words: incident, attack kind, operator, sector.
pub fn subject(ctx: &Ctx, m: &Mail) -> String {
    let w = &ctx.words;
    let mut parts = Vec::new();
    if let Some(i) = m.incident {
        parts.push(ctx.seen.incident(w, i));
    }
    if let Some(a) = m.attack {
        parts.push(w.attack(a).to_string());
    }
    if let Some(o) = m.operator {
        parts.push(w.operator(o));
    }
    if let Some(s) = m.sector {
        parts.push(w.sector(s).to_string());
    }
    parts.join(" · ")
}

/// The inbox: every message the seat received or sent.
#[derive(Debug, Clone, Default)]
pub struct Inbox {
    list: ListCursor,
}

impl Screen for Inbox {
    fn commands(&self, _ctx: &Ctx) -> Vec<Binding> {
        let mut v = list_nav(true);
        v.push(enter(Command::Open));
        v.push(esc());
        v
    }

    fn update(&mut self, cmd: Cmd, ctx: &Ctx) -> Effect {
        let mail = mailbox(ctx);
        if self.list.nav(cmd, mail.len()) {
            return Effect::None;
        }
        match cmd {
            Cmd::Enter => mail
                .get(self.list.get(mail.len()))
                .map(|m| Effect::Open(m.id))
                .unwrap_or(Effect::None),
            Cmd::Back => Effect::Goto(super::ScreenId::Board),
            _ => Effect::None,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let mail = mailbox(ctx);
        let w = &ctx.words;
        let width = area.width.saturating_sub(2) as usize;
        let room = area.height.saturating_sub(2) as usize;
        let first = self.list.first(mail.len(), room);
        let at = self.list.get(mail.len());
        let mut lines: Vec<Line> = mail
            .iter()
            .enumerate()
            .skip(first)
            .take(room)
            .map(|(i, m)| {
                let unread = m.received.is_some() && !ctx.read.contains(&m.id);
                let (mark, when, who) = match m.received {
                    Some(t) => (
                        if unread { "●" } else { " " },
                        t,
                        format!("← {}", w.role(m.from)),
                    ),
                    None => ("↑", m.sent, format!("→ {}", w.roles(&m.to))),
                };
                let text = format!(
                    "{mark} {:<4} {when} {who} {} {} {}",
                    ctx.seen.num(m.id),
                    w.message_kind(m.kind),
                    m.label.label(),
                    subject(ctx, m)
                );
                let mut style = if unread {
                    ctx.theme.new_item()
                } else {
                    Style::default()
                };
                if i == at {
                    style = style.patch(ctx.theme.selected());
                }
                Line::styled(abbrev(&text, width), style)
            })
            .collect();
        if lines.is_empty() {
            lines.push(Line::styled(
                label(ctx.lang, Label::NoMessages),
                ctx.theme.hint(),
            ));
        }
        frame.render_widget(
            Paragraph::new(lines).block(pane_at(
                label(ctx.lang, Label::Inbox),
                ctx.theme,
                at,
                mail.len(),
                room,
            )),
            area,
        );
    }
}

/// What the message screen is doing.
#[derive(Debug, Clone, PartialEq, Default)]
enum Mode {
    /// Reading.
    #[default]
    Read,
    /// Choosing where to forward it.
    Forward { list: ListCursor, chosen: Vec<Role> },
    /// Choosing whom to grant permission (the seat is its source).
    Grant { list: ListCursor },
}

/// One message.
#[derive(Debug, Clone, Default)]
pub struct Message {
    /// The drill's number of the message shown.
    pub shown: Option<u32>,
    mode: Mode,
}

impl Message {
    /// Shows message `id`.
    pub fn open(&mut self, id: u32) {
        self.shown = Some(id);
        self.mode = Mode::Read;
    }

    /// Opens the forward choice.
    pub fn forward(&mut self, id: u32) {
        self.open(id);
        self.mode = Mode::Forward {
            list: ListCursor::default(),
            chosen: Vec::new(),
        };
    }

    /// Opens the permission choice.
    pub fn grant(&mut self, id: u32) {
        self.open(id);
        self.mode = Mode::Grant {
            list: ListCursor::default(),
        };
    }

    fn mail(&self, ctx: &Ctx) -> Option<Mail> {
        let id = self.shown?;
        mailbox(ctx).into_iter().find(|m| m.id == id)
    }
}

/// Roles the seat has a channel to, in the order compose lists them.
pub fn reachable(ctx: &Ctx) -> Vec<Role> {
    let infra = &ctx.scenario.infra;
    let mut out: Vec<Role> = Role::all(infra)
        .into_iter()
        .filter(|r| *r != ctx.seat && ctx.session.knowledge(*r).is_some())
        .filter(|r| Channel::between(ctx.seat, *r, infra).is_some())
        .collect();
    out.sort_by_key(|r| recipient_rank(ctx, *r));
    out
}

/// The order recipients are offered in: one's own line (CEPTOR and ministry, or its
/// members), the coordinators, police, JPCERT/CC, vendors, the public, then operators.
fn recipient_rank(ctx: &Ctx, r: Role) -> u8 {
    let infra = &ctx.scenario.infra;
    let own = match (ctx.seat, r) {
        (Role::Operator(o), Role::Ceptor(s)) => infra.operator(o).sector == s,
        (Role::Operator(_), Role::Ministry(_) | Role::Gsoc) => true,
        (Role::Ceptor(_), Role::Ministry(_)) => true,
        (Role::Ministry(_), Role::Ceptor(_) | Role::Nisc) => true,
        (Role::Council, Role::Ceptor(_) | Role::Nisc) => true,
        _ => false,
    };
    if own {
        return 0;
    }
    match r {
        Role::Control | Role::Nisc | Role::Gsoc | Role::Council => 1,
        Role::Ministry(_) => 2,
        Role::Ceptor(_) => 3,
        Role::Police => 4,
        Role::Jpcert => 5,
        Role::Vendor => 6,
        Role::Public => 7,
        Role::Operator(_) => 8,
    }
}

impl Screen for Message {
    fn commands(&self, ctx: &Ctx) -> Vec<Binding> {
        match &self.mode {
            Mode::Read => {
                let mut v = Vec::new();
                if let Some(m) = self.mail(ctx) {
                    if m.received.is_some() && !reachable(ctx).is_empty() {
                        v.push(bind(&[Key::Char('f')], "f", Command::Forward, Cmd::Forward));
                    }
                    if m.source == ctx.seat && m.label != Tlp::Clear {
                        v.push(bind(&[Key::Char('p')], "p", Command::Grant, Cmd::Grant));
                    }
                }
                v.push(esc());
                v
            }
            Mode::Forward { .. } => {
                let mut v = list_nav(false);
                v.push(bind(
                    &[Key::Char(' ')],
                    "Space",
                    Command::Toggle,
                    Cmd::Toggle,
                ));
                v.push(enter(Command::Send));
                v.push(esc());
                v
            }
            Mode::Grant { .. } => {
                let mut v = list_nav(false);
                v.push(enter(Command::Grant));
                v.push(esc());
                v
            }
        }
    }

    fn update(&mut self, cmd: Cmd, ctx: &Ctx) -> Effect {
        let Some(m) = self.mail(ctx) else {
            return Effect::Goto(super::ScreenId::Inbox);
        };
        let to = reachable(ctx);
        let grantees = grantees(ctx, &m);
        match &mut self.mode {
            Mode::Read => match cmd {
                Cmd::Forward => Effect::Forward(m.id),
                Cmd::Grant => Effect::Grant(m.id),
                Cmd::Back => Effect::Goto(super::ScreenId::Inbox),
                _ => Effect::None,
            },
            Mode::Forward { list, chosen } => {
                if list.nav(cmd, to.len()) {
                    return Effect::None;
                }
                match cmd {
                    Cmd::Toggle => {
                        if let Some(r) = to.get(list.get(to.len())) {
                            if let Some(k) = chosen.iter().position(|x| x == r) {
                                chosen.remove(k);
                            } else {
                                chosen.push(*r);
                            }
                        }
                        Effect::None
                    }
                    Cmd::Enter if chosen.is_empty() => {
                        Effect::Notice(label(ctx.lang, Label::ChooseRecipients).into())
                    }
                    Cmd::Enter => {
                        let to = chosen.iter().map(|r| Addressee::Role(*r)).collect();
                        self.mode = Mode::Read;
                        Effect::Act(Action::Forward { message: m.id, to })
                    }
                    Cmd::Back => {
                        self.mode = Mode::Read;
                        Effect::None
                    }
                    _ => Effect::None,
                }
            }
            Mode::Grant { list } => {
                if list.nav(cmd, grantees.len()) {
                    return Effect::None;
                }
                match cmd {
                    Cmd::Enter => {
                        let Some(r) = grantees.get(list.get(grantees.len())).copied() else {
                            return Effect::None;
                        };
                        self.mode = Mode::Read;
                        Effect::Act(Action::GrantPermission {
                            message: m.id,
                            to: r,
                        })
                    }
                    Cmd::Back => {
                        self.mode = Mode::Read;
                        Effect::None
                    }
                    _ => Effect::None,
                }
            }
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let Some(m) = self.mail(ctx) else { return };
        let w = &ctx.words;
        let theme = ctx.theme;
        let mut lines = Vec::new();
        let kw = 10;
        match m.received {
            Some(t) => {
                lines.push(row(ctx, Label::From, w.role(m.from), kw));
                lines.push(row(ctx, Label::To, w.roles(&m.to), kw));
                lines.push(row(ctx, Label::Sent, m.sent.to_string(), kw));
                lines.push(row(ctx, Label::Delivered, t.to_string(), kw));
            }
            None => {
                lines.push(row(ctx, Label::To, w.roles(&m.to), kw));
                lines.push(row(ctx, Label::Sent, m.sent.to_string(), kw));
            }
        }
        lines.push(row(
            ctx,
            Label::Kind,
            w.message_kind(m.kind).to_string(),
            kw,
        ));
        lines.push(row(ctx, Label::LabelTlp, m.label.label().to_string(), kw));
        lines.push(row(ctx, Label::Source, w.role(m.source), kw));
        let subj = subject(ctx, &m);
        if !subj.is_empty() {
            lines.push(row(ctx, Label::About, subj.clone(), kw));
        }
        if m.sanitised {
            lines.push(row(
                ctx,
                Label::Sanitised,
                label(ctx.lang, Label::Yes).into(),
                kw,
            ));
        }
        if !m.chain.is_empty() {
            let mut chain: Vec<String> = m.chain.iter().rev().map(|r| w.role(*r)).collect();
            chain.push(w.role(m.from));
            lines.push(row(ctx, Label::Chain, chain.join(" → "), kw));
        }
        // The description line: what it is, about what.
        let desc = if subj.is_empty() {
            w.message_kind(m.kind).to_string()
        } else {
            format!("{}: {subj}", w.message_kind(m.kind))
        };
        lines.push(Line::raw(""));
        lines.push(Line::styled(desc, theme.title()));
        if !m.text.is_empty() {
            lines.push(Line::raw(m.text.clone()));
        }
        let title = format!("{} {}", label(ctx.lang, Label::Message), ctx.seen.num(m.id));
        let (body, pick) = match &self.mode {
            Mode::Read => (area, None),
            _ => {
                let [a, b] =
                    Layout::vertical([Constraint::Min(3), Constraint::Percentage(50)]).areas(area);
                (a, Some(b))
            }
        };
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(pane(title, theme)),
            body,
        );
        let Some(pick) = pick else { return };
        let room = pick.height.saturating_sub(2) as usize;
        let width = pick.width.saturating_sub(2) as usize;
        let infra = &ctx.scenario.infra;
        match &self.mode {
            Mode::Forward { list, chosen } => {
                let to = reachable(ctx);
                let first = list.first(to.len(), room);
                let at = list.get(to.len());
                let first_hand = m.from == m.source;
                let lines: Vec<Line> = to
                    .iter()
                    .enumerate()
                    .skip(first)
                    .take(room)
                    .map(|(i, r)| {
                        let mark = if chosen.contains(r) { "[x]" } else { "[ ]" };
                        let ok = hop_allowed(m.label, m.source, first_hand, ctx.seat, *r, infra);
                        let text = format!(
                            "{mark} {}{}",
                            w.role(*r),
                            if ok {
                                ""
                            } else {
                                label(ctx.lang, Label::LabelForbidsMark)
                            }
                        );
                        Line::styled(fit(&text, width), sel(theme, i == at))
                    })
                    .collect();
                frame.render_widget(
                    Paragraph::new(lines).block(pane_at(
                        label(ctx.lang, Label::ForwardTo),
                        theme,
                        at,
                        to.len(),
                        room,
                    )),
                    pick,
                );
            }
            Mode::Grant { list } => {
                let to = grantees(ctx, &m);
                let first = list.first(to.len(), room);
                let at = list.get(to.len());
                let lines: Vec<Line> = to
                    .iter()
                    .enumerate()
                    .skip(first)
                    .take(room)
                    .map(|(i, r)| Line::styled(fit(&w.role(*r), width), sel(theme, i == at)))
                    .collect();
                frame.render_widget(
                    Paragraph::new(lines).block(pane_at(
                        label(ctx.lang, Label::GrantTo),
                        theme,
                        at,
                        to.len(),
                        room,
                    )),
                    pick,
                );
            }
            Mode::Read => {}
        }
    }
}

/// Roles a permission may name: every role of the drill but the seat and the public.
fn grantees(ctx: &Ctx, _m: &Mail) -> Vec<Role> {
    let infra = &ctx.scenario.infra;
    let mut out: Vec<Role> = Role::all(infra)
        .into_iter()
        .filter(|r| {
            *r != ctx.seat
                && *r != Role::Control
                && *r != Role::Public
                && ctx.session.knowledge(*r).is_some()
        })
        .collect();
    out.sort_by_key(|r| recipient_rank(ctx, *r));
    out
}
