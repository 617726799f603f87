//! The actions a seat may take now, from its own view, each with its documented effect and
//! cost; Enter takes it (a forward opens the message to choose its recipients).

use super::{Ctx, Effect, ListCursor, Screen, abbrev, pane, pane_at, sel};
use crate::model::drill::{Action, ActionClass, IncidentRef};
use crate::present::tui::{Command, Label, effect_and_cost, label};
use crate::tui::input::{Binding, Cmd, enter, esc, list_nav};
use crate::tui::menu::{self, MenuItem};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// The action menu.
#[derive(Debug, Clone, Default)]
pub struct Actions {
    list: ListCursor,
}

/// The menu of the seat now; a message action about a scenario inject's incident names
/// the inject, as a saved drill log names it.
pub fn items(ctx: &Ctx) -> Vec<MenuItem> {
    menu::items(ctx.seat, &ctx.view, ctx.scenario)
        .into_iter()
        .map(|mut item| {
            if let Action::Send { about, .. } = &mut item.action
                && let Some(IncidentRef::Id(i)) = *about
                && let Some(k) = ctx.session.inject_of_incident(i)
            {
                *about = Some(IncidentRef::Inject(k));
            }
            item
        })
        .collect()
}

/// An action in the seat's words.
pub fn words_of(ctx: &Ctx, a: &Action) -> String {
    let w = &ctx.words;
    match a {
        Action::Forward { message, .. } => {
            let from = ctx
                .view
                .inbox
                .iter()
                .find(|m| m.message == *message)
                .map(|m| format!(" ({} ← {})", w.message_kind(m.kind), w.role(m.from)))
                .unwrap_or_default();
            format!(
                "{} {}{from}",
                label(ctx.lang, Label::ForwardMessage),
                ctx.seen.num(*message)
            )
        }
        Action::Send {
            about: Some(IncidentRef::Inject(k)),
            ..
        } => {
            let name = ctx
                .view
                .incidents
                .iter()
                .find(|i| ctx.session.inject_of_incident(i.incident) == Some(*k))
                .map(|i| ctx.seen.incident(w, i.incident))
                .unwrap_or_else(|| w.inject_key(*k));
            format!("{} — {name}", w.action(a))
        }
        Action::Send {
            about: Some(IncidentRef::Id(x)),
            ..
        } => format!("{} — {}", w.action(a), ctx.seen.incident(w, *x)),
        Action::Send {
            attack: Some(k), ..
        } => format!("{} — {}", w.action(a), w.attack(*k)),
        _ => w.action(a),
    }
}

impl Screen for Actions {
    fn commands(&self, _ctx: &Ctx) -> Vec<Binding> {
        let mut v = list_nav(true);
        v.push(enter(Command::Take));
        v.push(esc());
        v
    }

    fn update(&mut self, cmd: Cmd, ctx: &Ctx) -> Effect {
        let items = items(ctx);
        if self.list.nav(cmd, items.len()) {
            return Effect::None;
        }
        match cmd {
            Cmd::Enter => match items.get(self.list.get(items.len())) {
                Some(MenuItem {
                    action: Action::Forward { message, .. },
                    ..
                }) => Effect::Forward(*message),
                Some(item) => Effect::Act(item.action.clone()),
                None => Effect::None,
            },
            Cmd::Back => Effect::Goto(super::ScreenId::Board),
            _ => Effect::None,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let items = items(ctx);
        let l = ctx.lang;
        let theme = ctx.theme;
        let [list, detail] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(4)]).areas(area);
        let w = list.width.saturating_sub(2) as usize;
        let room = list.height.saturating_sub(2) as usize;
        let first = self.list.first(items.len(), room);
        let at = self.list.get(items.len());
        let mut lines: Vec<Line> = items
            .iter()
            .enumerate()
            .skip(first)
            .take(room)
            .map(|(i, it)| {
                Line::styled(
                    abbrev(
                        &format!(
                            "{} {}",
                            if i == at { "▸" } else { " " },
                            words_of(ctx, &it.action)
                        ),
                        w,
                    ),
                    sel(theme, i == at),
                )
            })
            .collect();
        if lines.is_empty() {
            lines.push(Line::styled(label(l, Label::NoActions), theme.hint()));
        }
        frame.render_widget(
            Paragraph::new(lines).block(pane_at(
                label(l, Label::Actions),
                theme,
                at,
                items.len(),
                room,
            )),
            list,
        );
        let mut d = Vec::new();
        let class = items.get(at).map(|i| i.class);
        if let Some(class) = class {
            let (effect, cost) = effect_and_cost(l, class);
            d.push(Line::from(vec![
                Span::styled(format!("{}: ", label(l, Label::Effect)), theme.title()),
                Span::raw(effect),
            ]));
            d.push(Line::from(vec![
                Span::styled(format!("{}: ", label(l, Label::Cost)), theme.title()),
                Span::raw(cost),
            ]));
        }
        frame.render_widget(
            Paragraph::new(d).wrap(Wrap { trim: true }).block(pane(
                ctx.words.action_class(class.unwrap_or(ActionClass::Note)),
                theme,
            )),
            detail,
        );
    }
}
