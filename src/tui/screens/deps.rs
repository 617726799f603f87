//! Dependencies: what an operator depends on and who depends on it, with what the seat
//! knows of each edge (an operator, its own losses; exercise control, all). The operators
//! scroll with ↑↓, the detail with PgUp/PgDn.

use super::{Ctx, Effect, ListCursor, Screen, fit, pane, pane_at, sel};
use crate::model::drill::Role;
use crate::model::{OperatorId, ServiceId};
use crate::present::tui::{Command, Label, label};
use crate::tui::input::{Binding, Cmd, Key, bind, esc};
use crate::tui::style::Standing;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use std::collections::BTreeSet;

/// The dependency view.
#[derive(Debug, Clone, Default)]
pub struct Deps {
    list: ListCursor,
    detail: ListCursor,
}

/// Operators the view offers: control every one; an operator itself; any other seat
/// those its known incidents name.
pub fn operators(ctx: &Ctx) -> Vec<OperatorId> {
    match ctx.seat {
        Role::Control => ctx.scenario.infra.operators.iter().map(|o| o.id).collect(),
        Role::Operator(o) => vec![o],
        _ => {
            let set: BTreeSet<_> = ctx
                .view
                .incidents
                .iter()
                .flat_map(|i| i.operators.iter().copied())
                .collect();
            set.into_iter().collect()
        }
    }
}

fn detail(ctx: &Ctx, o: OperatorId) -> Vec<Line<'static>> {
    let w = &ctx.words;
    let l = ctx.lang;
    let theme = ctx.theme;
    let infra = &ctx.scenario.infra;
    let losing = |s: ServiceId, p: ServiceId| -> Option<bool> {
        ctx.view
            .services
            .iter()
            .find(|v| v.service == s)
            .map(|v| v.losing.contains(&p))
    };
    let mut d: Vec<Line> = Vec::new();
    for s in &infra.operator(o).services {
        d.push(Line::styled(w.service(*s), theme.title()));
        for dep in infra.providers_of(*s) {
            let (mark, style) = match losing(*s, dep.provider) {
                Some(true) => ("⇠ ✖", theme.standing(Standing::Failed)),
                Some(false) => ("⇠  ", Style::default()),
                None => ("⇠ ?", theme.hint()),
            };
            d.push(Line::styled(
                format!(
                    "  {mark} {} {} ({})",
                    label(l, Label::DependsOn),
                    w.service(dep.provider),
                    w.dependency_kind(dep.kind)
                ),
                style,
            ));
        }
        for dep in infra.dependents_of(*s) {
            d.push(Line::raw(format!(
                "  ⇢   {} {}",
                label(l, Label::DependedOnBy),
                w.service(dep.dependent)
            )));
        }
    }
    d
}

impl Screen for Deps {
    fn commands(&self, _ctx: &Ctx) -> Vec<Binding> {
        vec![
            bind(
                &[Key::Code(KeyCode::Up), Key::Char('k')],
                "↑↓",
                Command::Move,
                Cmd::Up,
            ),
            bind(
                &[Key::Code(KeyCode::Down), Key::Char('j')],
                "",
                Command::Move,
                Cmd::Down,
            ),
            bind(
                &[Key::Code(KeyCode::PageUp)],
                "PgUp/PgDn",
                Command::Scroll,
                Cmd::PageUp,
            ),
            bind(
                &[Key::Code(KeyCode::PageDown)],
                "",
                Command::Scroll,
                Cmd::PageDown,
            ),
            bind(
                &[Key::Code(KeyCode::Home)],
                "Home/End",
                Command::Ends,
                Cmd::Home,
            ),
            bind(&[Key::Code(KeyCode::End)], "", Command::Ends, Cmd::End),
            esc(),
        ]
    }

    fn update(&mut self, cmd: Cmd, ctx: &Ctx) -> Effect {
        let ops = operators(ctx);
        match cmd {
            Cmd::Up | Cmd::Down | Cmd::Home | Cmd::End => {
                self.list.nav(cmd, ops.len());
                self.detail.at = 0;
            }
            Cmd::PageUp | Cmd::PageDown => {
                let n = ops
                    .get(self.list.get(ops.len()))
                    .map(|o| detail(ctx, *o).len())
                    .unwrap_or(0);
                self.detail.nav(cmd, n);
            }
            Cmd::Back => return Effect::Goto(super::ScreenId::Board),
            _ => {}
        }
        Effect::None
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let w = &ctx.words;
        let theme = ctx.theme;
        let ops = operators(ctx);
        let [list, right] =
            Layout::horizontal([Constraint::Length(area.width.min(30)), Constraint::Min(10)])
                .areas(area);
        let room = list.height.saturating_sub(2) as usize;
        let first = self.list.first(ops.len(), room);
        let at = self.list.get(ops.len());
        let lines: Vec<Line> = ops
            .iter()
            .enumerate()
            .skip(first)
            .take(room)
            .map(|(i, o)| {
                Line::styled(
                    fit(&w.operator(*o), (list.width as usize).saturating_sub(2)),
                    sel(theme, i == at),
                )
            })
            .collect();
        frame.render_widget(
            Paragraph::new(lines).block(pane_at(
                label(ctx.lang, Label::Deps),
                theme,
                at,
                ops.len(),
                room,
            )),
            list,
        );
        let Some(o) = ops.get(at).copied() else {
            frame.render_widget(Paragraph::new("").block(pane("", theme)), right);
            return;
        };
        let d = detail(ctx, o);
        let room = right.height.saturating_sub(2) as usize;
        // The detail scrolls by pages: its cursor is the first line shown.
        let top = self.detail.get(d.len()).min(d.len().saturating_sub(room));
        self.detail.first(d.len(), room);
        let n = d.len();
        let shown: Vec<Line> = d.into_iter().skip(top).take(room).collect();
        frame.render_widget(
            Paragraph::new(shown).block(pane_at(w.operator(o), theme, top, n, room)),
            right,
        );
    }
}
