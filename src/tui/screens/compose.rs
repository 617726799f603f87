//! A new message: its kind, recipients (one's own line first), subject (an incident the
//! seat knows, or an attack kind it knows of), label (only those the TLP rules allow),
//! whether an alert is sanitised, and its text in a real text field. Each seat keeps its
//! draft while it is away from the form; an empty message is refused before it is sent.

use super::mail::reachable;
use super::{Ctx, Effect, ListCursor, Screen, fit, pane, sel};
use crate::model::drill::message::hop_allowed;
use crate::model::drill::{Action, ActionClass, Addressee, IncidentRef, MessageKind, Role, Tlp};
use crate::model::{AttackKind, IncidentId};
use crate::present::tui::{Command, Label, label};
use crate::tui::field::Field;
use crate::tui::input::{Binding, Cmd, Key, bind, enter, esc, fields, pages};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::collections::BTreeMap;

/// The fields of the form, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    /// The kind.
    #[default]
    Kind,
    /// The recipients.
    To,
    /// The subject.
    About,
    /// The label.
    Label,
    /// Sanitised (alerts).
    Sanitise,
    /// The text.
    Text,
}

const ORDER: [Focus; 6] = [
    Focus::Kind,
    Focus::To,
    Focus::About,
    Focus::Label,
    Focus::Sanitise,
    Focus::Text,
];

/// What a message may be about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// Nothing in particular.
    None,
    /// An incident the seat knows.
    Incident(IncidentId),
    /// An attack kind the seat knows of.
    Attack(AttackKind),
}

/// One seat's draft.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Draft {
    /// Chosen kind (index into the kinds offered).
    pub kind: usize,
    /// Chosen recipients.
    pub chosen: Vec<Role>,
    /// The recipient under the cursor.
    pub list: ListCursor,
    /// Chosen subject (index into the subjects offered).
    pub about: usize,
    /// Chosen label (index into the labels allowed).
    pub label: usize,
    /// A sanitised alert.
    pub sanitised: bool,
    /// The text.
    pub text: Field,
    /// The field in focus.
    pub focus: Focus,
}

/// The compose form: a draft per seat.
#[derive(Debug, Clone, Default)]
pub struct Compose {
    drafts: BTreeMap<Role, Draft>,
    seat: Option<Role>,
}

/// Kinds of message the seat may send.
pub fn kinds(seat: Role) -> Vec<MessageKind> {
    [
        MessageKind::Report,
        MessageKind::Alert,
        MessageKind::Request,
        MessageKind::Instruction,
        MessageKind::SupportRequest,
        MessageKind::Announcement,
        MessageKind::Note,
    ]
    .into_iter()
    .filter(|k| ActionClass::of_message(*k).allowed().contains(&seat.kind()))
    .collect()
}

/// Subjects the seat may name: nothing, the incidents it knows, the attack kinds it knows
/// of (from incidents, alerts and messages).
pub fn subjects(ctx: &Ctx) -> Vec<Subject> {
    let mut out = vec![Subject::None];
    out.extend(
        ctx.view
            .incidents
            .iter()
            .map(|i| Subject::Incident(i.incident)),
    );
    let mut attacks: Vec<AttackKind> = ctx
        .view
        .incidents
        .iter()
        .filter_map(|i| i.attack)
        .chain(ctx.view.alerts.iter().copied())
        .chain(ctx.view.inbox.iter().filter_map(|m| m.attack))
        .collect();
    attacks.sort();
    attacks.dedup();
    out.extend(attacks.into_iter().map(Subject::Attack));
    out
}

impl Compose {
    /// Opens the seat's draft (a new one if it has none), to `to` if given.
    pub fn open(&mut self, seat: Role, to: Option<Role>) {
        self.seat = Some(seat);
        let d = self.drafts.entry(seat).or_default();
        if let Some(r) = to {
            if !d.chosen.contains(&r) {
                d.chosen.push(r);
            }
            d.focus = Focus::Text;
        }
    }

    /// Forgets the seat's draft (it was sent).
    pub fn sent(&mut self, seat: Role) {
        self.drafts.remove(&seat);
    }

    /// The seat's draft.
    pub fn draft(&self, seat: Role) -> Option<&Draft> {
        self.drafts.get(&seat)
    }

    fn draft_mut(&mut self, seat: Role) -> &mut Draft {
        self.drafts.entry(seat).or_default()
    }
}

/// Labels the form may offer: no laxer than what binds the incident (unless sanitised),
/// each recipient within what it lets reach; only TLP:CLEAR to the public.
pub fn allowed_labels(ctx: &Ctx, d: &Draft) -> Vec<Tlp> {
    let subjects = subjects(ctx);
    let bound = match subjects.get(d.about) {
        Some(Subject::Incident(i)) if !d.sanitised => ctx
            .view
            .incidents
            .iter()
            .find(|v| v.incident == *i)
            .and_then(|v| v.bound_by),
        _ => None,
    };
    let infra = &ctx.scenario.infra;
    [
        Tlp::Red,
        Tlp::AmberStrict,
        Tlp::Amber,
        Tlp::Green,
        Tlp::Clear,
    ]
    .into_iter()
    .filter(|l| !d.chosen.contains(&Role::Public) || *l == Tlp::Clear)
    .filter(|l| match bound {
        None => true,
        Some((b, source)) => {
            *l <= b
                && d.chosen
                    .iter()
                    .all(|r| hop_allowed(b, source, true, ctx.seat, *r, infra))
        }
    })
    .collect()
}

fn step(i: &mut usize, n: usize, fwd: bool) {
    if n > 0 {
        *i = if fwd { (*i + 1) % n } else { (*i + n - 1) % n };
    }
}

impl Screen for Compose {
    fn commands(&self, ctx: &Ctx) -> Vec<Binding> {
        let focus = self.draft(ctx.seat).map(|d| d.focus).unwrap_or_default();
        let mut v = Vec::new();
        if focus == Focus::To {
            // In the recipients, ↑↓ move in the list; Tab leaves it.
            v.push(bind(
                &[Key::Code(KeyCode::Up)],
                "↑↓",
                Command::Move,
                Cmd::Up,
            ));
            v.push(bind(
                &[Key::Code(KeyCode::Down)],
                "",
                Command::Move,
                Cmd::Down,
            ));
        }
        v.extend(fields());
        match focus {
            Focus::To => {
                v.push(bind(
                    &[Key::Char(' ')],
                    "Space",
                    Command::Toggle,
                    Cmd::Toggle,
                ));
                v.extend(pages());
            }
            Focus::Text => {}
            Focus::Sanitise => {
                v.push(bind(
                    &[Key::Char(' ')],
                    "Space",
                    Command::Toggle,
                    Cmd::Toggle,
                ));
            }
            _ => {
                v.push(bind(
                    &[Key::Code(KeyCode::Left)],
                    "←→",
                    Command::Choose,
                    Cmd::Left,
                ));
                v.push(bind(
                    &[Key::Code(KeyCode::Right)],
                    "",
                    Command::Choose,
                    Cmd::Right,
                ));
            }
        }
        v.push(enter(Command::Send));
        v.push(esc());
        v
    }

    fn typing(&self) -> bool {
        self.seat
            .and_then(|s| self.draft(s))
            .is_some_and(|d| d.focus == Focus::Text)
    }

    fn key(&mut self, k: KeyEvent, ctx: &Ctx) {
        self.draft_mut(ctx.seat).text.key(k);
    }

    fn paste(&mut self, text: &str, ctx: &Ctx) {
        let d = self.draft_mut(ctx.seat);
        // A paste goes to the text, whichever field had the focus: it is never keys.
        d.focus = Focus::Text;
        d.text.paste(text);
    }

    fn update(&mut self, cmd: Cmd, ctx: &Ctx) -> Effect {
        let kinds = kinds(ctx.seat);
        let to = reachable(ctx);
        let subjects = subjects(ctx);
        self.seat = Some(ctx.seat);
        let labels = {
            let d = self.draft_mut(ctx.seat);
            allowed_labels(ctx, d)
        };
        let d = self.draft_mut(ctx.seat);
        let at = ORDER.iter().position(|f| *f == d.focus).unwrap_or(0);
        let alert = kinds.get(d.kind) == Some(&MessageKind::Alert);
        let effect = match cmd {
            Cmd::NextField | Cmd::PrevField => {
                let mut i = at;
                loop {
                    step(&mut i, ORDER.len(), cmd == Cmd::NextField);
                    // The sanitise box is there for alerts only.
                    if ORDER[i] != Focus::Sanitise || alert {
                        break;
                    }
                }
                d.focus = ORDER[i];
                Effect::None
            }
            Cmd::Left | Cmd::Right => {
                let fwd = cmd == Cmd::Right;
                match d.focus {
                    Focus::Kind => step(&mut d.kind, kinds.len(), fwd),
                    Focus::To => {
                        d.list.nav(if fwd { Cmd::Down } else { Cmd::Up }, to.len());
                    }
                    Focus::About => step(&mut d.about, subjects.len(), fwd),
                    Focus::Label => step(&mut d.label, labels.len(), fwd),
                    _ => {}
                }
                Effect::None
            }
            Cmd::PageUp | Cmd::PageDown | Cmd::Home | Cmd::End => {
                d.list.nav(cmd, to.len());
                Effect::None
            }
            Cmd::Toggle => {
                match d.focus {
                    Focus::To => {
                        if let Some(r) = to.get(d.list.get(to.len())) {
                            if let Some(k) = d.chosen.iter().position(|x| x == r) {
                                d.chosen.remove(k);
                            } else {
                                d.chosen.push(*r);
                            }
                        }
                    }
                    Focus::Sanitise => d.sanitised = !d.sanitised,
                    _ => {}
                }
                Effect::None
            }
            Cmd::Back => Effect::Goto(super::ScreenId::Board),
            Cmd::Enter => {
                let subject = subjects.get(d.about).copied().unwrap_or(Subject::None);
                if d.chosen.is_empty() {
                    Effect::Notice(label(ctx.lang, Label::ChooseRecipients).into())
                } else if subject == Subject::None && d.text.is_blank() {
                    Effect::Notice(label(ctx.lang, Label::EmptyMessage).into())
                } else if let Some(kind) = kinds.get(d.kind).copied() {
                    let label = labels
                        .get(d.label.min(labels.len().saturating_sub(1)))
                        .copied()
                        .unwrap_or(Tlp::Red);
                    let (about, attack) = match subject {
                        Subject::None => (None, None),
                        Subject::Incident(i) => (
                            Some(match ctx.session.inject_of_incident(i) {
                                Some(k) => IncidentRef::Inject(k),
                                None => IncidentRef::Id(i),
                            }),
                            ctx.view
                                .incidents
                                .iter()
                                .find(|x| x.incident == i)
                                .and_then(|x| x.attack),
                        ),
                        Subject::Attack(a) => (None, Some(a)),
                    };
                    Effect::Act(Action::Send {
                        to: d.chosen.iter().map(|r| Addressee::Role(*r)).collect(),
                        kind,
                        about,
                        attack,
                        label,
                        text: d.text.text().trim().to_string(),
                        sanitised: alert && d.sanitised,
                    })
                } else {
                    Effect::None
                }
            }
            Cmd::Up | Cmd::Down => {
                d.list.nav(cmd, to.len());
                Effect::None
            }
            _ => Effect::None,
        };
        // The recipients or the subject may have narrowed the labels allowed.
        let n = allowed_labels(ctx, self.draft_mut(ctx.seat)).len();
        let d = self.draft_mut(ctx.seat);
        d.label = d.label.min(n.saturating_sub(1));
        effect
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let blank = Draft::default();
        let d = self.draft(ctx.seat).unwrap_or(&blank);
        let w = &ctx.words;
        let l = ctx.lang;
        let theme = ctx.theme;
        let kinds = kinds(ctx.seat);
        let to = reachable(ctx);
        let subjects = subjects(ctx);
        let labels = allowed_labels(ctx, d);
        let alert = kinds.get(d.kind) == Some(&MessageKind::Alert);
        let kw = 10;
        let focus = |f: Focus| {
            if d.focus == f {
                theme.selected()
            } else {
                theme.title()
            }
        };
        let width = area.width.saturating_sub(2) as usize;
        let mut lines = vec![Line::from(vec![
            Span::styled(fit(label(l, Label::Kind), kw), focus(Focus::Kind)),
            Span::raw(format!(
                " ◂ {} ▸",
                kinds.get(d.kind).map(|k| w.message_kind(*k)).unwrap_or("—")
            )),
        ])];
        let chosen: Vec<String> = d.chosen.iter().map(|r| w.role(*r)).collect();
        lines.push(Line::from(vec![
            Span::styled(fit(label(l, Label::To), kw), focus(Focus::To)),
            Span::raw(format!(" {}", chosen.join(", "))),
        ]));
        // The recipients list takes what the other fields leave.
        let fixed = 6 + usize::from(alert) + 2;
        let room = (area.height as usize).saturating_sub(fixed + 2).max(1);
        let first = d.list.first(to.len(), room);
        let at = d.list.get(to.len());
        for (i, r) in to.iter().enumerate().skip(first).take(room) {
            let mark = if d.chosen.contains(r) { "[x]" } else { "[ ]" };
            let text = format!("  {mark} {}", w.role(*r));
            lines.push(Line::styled(
                fit(&text, width),
                sel(theme, i == at && d.focus == Focus::To),
            ));
        }
        if to.len() > room {
            lines.push(Line::styled(
                format!("  {}/{}", at + 1, to.len()),
                theme.hint(),
            ));
        }
        let about = match subjects.get(d.about).copied().unwrap_or(Subject::None) {
            Subject::None => "—".to_string(),
            Subject::Incident(i) => ctx.seen.incident(w, i),
            Subject::Attack(a) => format!("{} ({})", w.attack(a), label(l, Label::Attack)),
        };
        lines.push(Line::from(vec![
            Span::styled(fit(label(l, Label::About), kw), focus(Focus::About)),
            Span::raw(format!(" ◂ {about} ▸")),
        ]));
        let shown: Vec<String> = labels
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if i == d.label {
                    format!("[{}]", t.label())
                } else {
                    t.label().to_string()
                }
            })
            .collect();
        lines.push(Line::from(vec![
            Span::styled(fit(label(l, Label::LabelTlp), kw), focus(Focus::Label)),
            Span::raw(format!(
                " {}",
                if shown.is_empty() {
                    "—".to_string()
                } else {
                    shown.join(" ")
                }
            )),
        ]));
        if alert {
            lines.push(Line::from(vec![
                Span::styled(fit(label(l, Label::Sanitised), kw), focus(Focus::Sanitise)),
                Span::raw(format!(
                    " [{}] {}",
                    if d.sanitised { "x" } else { " " },
                    label(l, Label::SanitisedHint)
                )),
            ]));
        }
        lines.push(Line::from(vec![Span::styled(
            fit(label(l, Label::Text), kw),
            focus(Focus::Text),
        )]));
        let text_row = lines.len() as u16;
        frame.render_widget(
            Paragraph::new(lines).block(pane(label(l, Label::Compose), theme)),
            area,
        );
        // The text field on the last row, after its label.
        let inner = Rect {
            x: area.x + 1 + kw as u16 + 1,
            y: area.y + text_row,
            width: area.width.saturating_sub(kw as u16 + 3),
            height: 1,
        };
        if inner.y < area.y + area.height.saturating_sub(1) {
            d.text.draw(frame, inner, d.focus == Focus::Text);
        }
    }
}
