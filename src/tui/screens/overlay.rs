//! Windows over a screen: help (every key of the screen, scrolling), the question before
//! quitting unsaved, a minute to go or rewind to, the question before running to the end,
//! exercise control's choice of seat, and control's passphrase.

use super::{Ctx, ListCursor, fit, pane, pane_at, role_names, sel};
use crate::model::Time;
use crate::model::drill::Role;
use crate::present::tui::{Command, Label, command, label};
use crate::tui::field::Field;
use crate::tui::input::{Binding, Cmd, Key, bind, enter, esc, list_nav};
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

/// What the passphrase window is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// Control sets it before handing the keyboard to `0`.
    Set(Role),
    /// A player seat hands the keyboard back to control.
    Unlock,
}

/// A window over the screen.
#[derive(Debug, Clone)]
pub enum Overlay {
    /// Help: the keys of the screen.
    Help(ListCursor),
    /// "Quit without saving?"
    ConfirmQuit,
    /// A minute (a duration from T+0) to go to, or with `rewind` to rewind to.
    Minute {
        /// Rewind instead of going forward.
        rewind: bool,
        /// What was typed.
        field: Field,
    },
    /// "Run to the end of the drill?" (a jump past the end).
    ConfirmEnd(Time),
    /// Control chooses the seat to hand the keyboard to.
    Seat(ListCursor),
    /// Control's passphrase.
    Passphrase(Lock, Field),
}

/// The parsed minute of what was typed, or the reason it is not one.
pub fn minute(text: &str) -> Result<Time, crate::model::DurationError> {
    crate::model::Minutes::parse(text).map(|m| Time(m.0))
}

impl Overlay {
    /// Whether it takes typed text.
    pub fn typing(&self) -> bool {
        matches!(self, Overlay::Minute { .. } | Overlay::Passphrase(..))
    }

    /// Its commands.
    pub fn commands(&self) -> Vec<Binding> {
        match self {
            Overlay::Help(_) => {
                let mut v = list_nav(true);
                v.push(bind(
                    &[Key::Code(KeyCode::Esc), Key::Char('?'), Key::Char('q')],
                    "Esc",
                    Command::Back,
                    Cmd::Back,
                ));
                v
            }
            Overlay::ConfirmQuit => vec![
                bind(&[Key::Char('y')], "y", Command::Quit, Cmd::Confirm(true)),
                bind(
                    &[Key::Char('n'), Key::Code(KeyCode::Esc)],
                    "n",
                    Command::Back,
                    Cmd::Confirm(false),
                ),
            ],
            Overlay::ConfirmEnd(_) => vec![
                bind(
                    &[Key::Char('y'), Key::Code(KeyCode::Enter)],
                    "y",
                    Command::RunToEnd,
                    Cmd::Confirm(true),
                ),
                bind(
                    &[Key::Char('n'), Key::Code(KeyCode::Esc)],
                    "n",
                    Command::Back,
                    Cmd::Confirm(false),
                ),
            ],
            Overlay::Minute { .. } | Overlay::Passphrase(..) => {
                vec![enter(Command::Select), esc()]
            }
            Overlay::Seat(_) => {
                let mut v = list_nav(true);
                v.push(enter(Command::Select));
                v.push(esc());
                v
            }
        }
    }
}

/// `w`×`h` in the middle of `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Draws help: every key the screen offers (`list`), scrolling.
pub fn help(frame: &mut Frame, area: Rect, ctx: &Ctx, list: &[Binding], cur: &ListCursor) {
    let shown: Vec<&Binding> = list.iter().filter(|b| !b.shown.is_empty()).collect();
    let r = centered(area, 56, shown.len() as u16 + 2);
    frame.render_widget(Clear, r);
    let room = r.height.saturating_sub(2) as usize;
    let top = cur.get(shown.len()).min(shown.len().saturating_sub(room));
    cur.first(shown.len(), room);
    let lines: Vec<Line> = shown
        .iter()
        .skip(top)
        .take(room)
        .map(|b| {
            Line::from(vec![
                Span::styled(format!(" {:<10}", b.shown), ctx.theme.title()),
                Span::raw(command(ctx.lang, b.command)),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(pane_at(
            label(ctx.lang, Label::Help),
            ctx.theme,
            top,
            shown.len(),
            room,
        )),
        r,
    );
}

/// Draws a question.
pub fn question(frame: &mut Frame, area: Rect, ctx: &Ctx, text: &str) {
    let r = centered(area, 60, 4);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(text.to_string())
            .wrap(Wrap { trim: true })
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .style(ctx.theme.title()),
            ),
        r,
    );
}

/// Draws the minute window.
pub fn minute_window(frame: &mut Frame, area: Rect, ctx: &Ctx, rewind: bool, field: &Field) {
    let r = centered(area, 50, 4);
    frame.render_widget(Clear, r);
    let title = label(
        ctx.lang,
        if rewind {
            Label::RewindTo
        } else {
            Label::JumpTo
        },
    );
    let text = field.text();
    let hint = if text.trim().is_empty() {
        label(ctx.lang, Label::DurationHint).to_string()
    } else {
        match minute(&text) {
            Ok(t) => format!("→ {t}"),
            Err(_) => label(ctx.lang, Label::NotADuration).to_string(),
        }
    };
    frame.render_widget(
        Paragraph::new(vec![Line::raw(""), Line::styled(hint, ctx.theme.hint())])
            .block(pane(title, ctx.theme)),
        r,
    );
    field.draw(
        frame,
        Rect {
            x: r.x + 1,
            y: r.y + 1,
            width: r.width.saturating_sub(2),
            height: 1,
        },
        true,
    );
}

/// Draws control's choice of seat, with each seat's unread messages.
pub fn seats(frame: &mut Frame, area: Rect, ctx: &Ctx, seats: &[(Role, usize)], cur: &ListCursor) {
    let r = centered(area, 60, seats.len() as u16 + 2);
    frame.render_widget(Clear, r);
    let room = r.height.saturating_sub(2) as usize;
    let first = cur.first(seats.len(), room);
    let at = cur.get(seats.len());
    let width = r.width.saturating_sub(2) as usize;
    let lines: Vec<Line> = seats
        .iter()
        .enumerate()
        .skip(first)
        .take(room)
        .map(|(i, (s, n))| {
            let text = format!(
                "{}{}  ({} {n})",
                if i == at { "▸" } else { " " },
                role_names(&ctx.words, *s),
                label(ctx.lang, Label::Unread),
            );
            Line::styled(fit(&text, width), sel(ctx.theme, i == at))
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(pane_at(
            label(ctx.lang, Label::SwitchSeat),
            ctx.theme,
            at,
            seats.len(),
            room,
        )),
        r,
    );
}

/// Draws the passphrase window.
pub fn passphrase(frame: &mut Frame, area: Rect, ctx: &Ctx, lock: Lock, field: &Field) {
    let r = centered(area, 60, 5);
    frame.render_widget(Clear, r);
    let (title, hint) = match lock {
        Lock::Set(_) => (Label::SetPassphrase, Label::SetPassphraseHint),
        Lock::Unlock => (Label::Unlock, Label::UnlockHint),
    };
    frame.render_widget(
        Paragraph::new(vec![
            Line::raw(""),
            Line::styled(label(ctx.lang, hint), ctx.theme.hint()),
        ])
        .wrap(Wrap { trim: true })
        .block(pane(label(ctx.lang, title), ctx.theme)),
        r,
    );
    field.draw(
        frame,
        Rect {
            x: r.x + 1,
            y: r.y + 1,
            width: r.width.saturating_sub(2),
            height: 1,
        },
        true,
    );
}
