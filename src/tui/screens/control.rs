//! Exercise control's levers: the world now (counted by the engine), the inject library
//! (Enter injects again, now) and every seat with its unread messages (Enter or `m`:
//! message it).

use super::{Ctx, Effect, ListCursor, Screen, fit, pane_at, sel};
use crate::model::drill::Role;
use crate::present::tui::{Command, Label, census, label};
use crate::tui::input::{Binding, Cmd, Key, bind, enter, esc, list_nav};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// The levers.
#[derive(Debug, Clone, Default)]
pub struct Control {
    list: ListCursor,
}

/// Every role of the drill, in the order the levers list them.
pub type Unread = Vec<Role>;

impl Control {
    fn rows(ctx: &Ctx, unread: &Unread) -> usize {
        ctx.scenario.injects.len() + unread.len()
    }

    /// Handles `cmd` with the seats' unread counts.
    pub fn update_with(&mut self, cmd: Cmd, ctx: &Ctx, unread: &Unread) -> Effect {
        let injects = ctx.scenario.injects.len();
        if self.list.nav(cmd, Self::rows(ctx, unread)) {
            return Effect::None;
        }
        let at = self.list.get(Self::rows(ctx, unread));
        match cmd {
            Cmd::Enter if at < injects => Effect::Inject(at),
            Cmd::Enter | Cmd::MessageSeat => unread
                .get(at.wrapping_sub(injects))
                .map(|r| Effect::Compose(Some(*r)))
                .unwrap_or(Effect::None),
            Cmd::Back => Effect::Goto(super::ScreenId::Board),
            _ => Effect::None,
        }
    }

    /// Draws the levers with the seats' unread counts (`count`, asked only of the rows
    /// on screen: a national drill has thousands of seats).
    pub fn draw_with(
        &self,
        frame: &mut Frame,
        area: Rect,
        ctx: &Ctx,
        unread: &Unread,
        count: &dyn Fn(Role) -> usize,
    ) {
        let w = &ctx.words;
        let l = ctx.lang;
        let theme = ctx.theme;
        let width = area.width.saturating_sub(2) as usize;
        let injects = ctx.scenario.injects.len();
        let total = Self::rows(ctx, unread);
        let at = self.list.get(total);
        let mut head = vec![Line::styled(label(l, Label::WorldNow), theme.title())];
        for line in census(l, &ctx.session.census()) {
            head.push(Line::raw(fit(&format!("  {line}"), width)));
        }
        // The library and the seats scroll as one list under the census.
        let row = |i: usize| -> Line<'static> {
            if let Some(inj) = ctx.scenario.injects.get(i) {
                return Line::styled(
                    fit(
                        &format!("  ⚡ {} — {}", inj.key, w.inject_kind(&inj.kind)),
                        width,
                    ),
                    sel(theme, i == at),
                );
            }
            let r = unread[i - injects];
            let n = count(r);
            let style = if n > 0 {
                theme.new_item()
            } else {
                Style::default()
            };
            Line::styled(
                fit(&format!("  ✉ {n:>3}  {}", w.role(r)), width),
                if i == at {
                    style.patch(theme.selected())
                } else {
                    style
                },
            )
        };
        let room = (area.height as usize).saturating_sub(head.len() + 4).max(1);
        let first = self.list.first(total, room);
        let mut lines = head;
        let mut shown_lib = false;
        let mut shown_seats = false;
        for i in (first..total).take(room) {
            let r = row(i);
            if i < injects && !shown_lib {
                lines.push(Line::styled(label(l, Label::InjectLibrary), theme.title()));
                shown_lib = true;
            }
            if i >= injects && !shown_seats {
                lines.push(Line::styled(label(l, Label::UnreadBySeat), theme.title()));
                shown_seats = true;
            }
            lines.push(r);
        }
        frame.render_widget(
            Paragraph::new(lines).block(pane_at(label(l, Label::Control), theme, at, total, room)),
            area,
        );
    }
}

impl Screen for Control {
    fn commands(&self, _ctx: &Ctx) -> Vec<Binding> {
        let mut v = list_nav(true);
        v.push(enter(Command::Select));
        v.push(bind(
            &[Key::Char('m')],
            "m",
            Command::Message,
            Cmd::MessageSeat,
        ));
        v.push(esc());
        v
    }

    fn update(&mut self, cmd: Cmd, ctx: &Ctx) -> Effect {
        self.update_with(cmd, ctx, &Vec::new())
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        self.draw_with(frame, area, ctx, &Vec::new(), &|_| 0);
    }
}
