//! The chat window of a served seat: lines between the seat and exercise control (the
//! "white cell"), and control's broadcasts. Out of the game's channels: nothing here
//! reaches the simulation, and a seat reads only its own lines and broadcasts.

use super::drill::clean_line;
use crate::model::drill::{ChatLine, ChatParty, Role};
use crate::present::Lang;
use crate::present::serve::{Text, text};
use crate::scenario::drill_log::MAX_CHAT;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// What the chat window asks of the drill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Send {
    /// A line to `to`.
    Line {
        /// The recipient.
        to: ChatParty,
        /// The text.
        text: String,
    },
}

/// The chat window's state.
#[derive(Debug, Clone)]
pub struct Chat {
    /// Who this seat is in the chat.
    pub me: ChatParty,
    /// Open over the seat's screens.
    pub open: bool,
    /// The line being typed.
    pub input: String,
    /// For control: the recipients to cycle through (everyone first), and the one chosen.
    pub recipients: Vec<ChatParty>,
    /// The chosen recipient.
    pub to: usize,
    /// Lines scrolled back from the newest.
    pub back: usize,
    /// Lines read so far (the rest are unread).
    pub read: usize,
}

impl Chat {
    /// The chat of seat `me`; `others` are the seats control may write to.
    pub fn new(me: ChatParty, others: Vec<ChatParty>) -> Chat {
        let recipients = if me == ChatParty::Role(Role::Control) {
            let mut v = vec![ChatParty::Everyone];
            v.extend(others.into_iter().filter(|p| *p != me));
            v
        } else {
            vec![ChatParty::Role(Role::Control)]
        };
        Chat {
            me,
            open: false,
            input: String::new(),
            recipients,
            to: 0,
            back: 0,
            read: 0,
        }
    }

    /// The recipient chosen.
    pub fn recipient(&self) -> &ChatParty {
        &self.recipients[self.to.min(self.recipients.len() - 1)]
    }

    /// Types a character.
    pub fn type_char(&mut self, c: char) {
        if self.input.chars().count() < MAX_CHAT && !c.is_control() {
            self.input.push(c);
        }
    }

    /// Pastes text (one line: breaks become spaces).
    pub fn paste(&mut self, s: &str) {
        for c in clean_line(s).chars() {
            self.type_char(c);
        }
    }

    /// Erases the last character.
    pub fn backspace(&mut self) {
        self.input.pop();
    }

    /// Erases the last word (Ctrl-W).
    pub fn erase_word(&mut self) {
        let trimmed = self.input.trim_end().len();
        self.input.truncate(trimmed);
        let cut = self.input.rfind(' ').map_or(0, |i| i + 1);
        self.input.truncate(cut);
    }

    /// The next recipient (control).
    pub fn next_recipient(&mut self) {
        self.to = (self.to + 1) % self.recipients.len();
    }

    /// Enter: the line to send, if any (the input is kept until the drill accepts it).
    pub fn enter(&self) -> Option<Send> {
        let t = clean_line(&self.input);
        (!t.is_empty()).then(|| Send::Line {
            to: self.recipient().clone(),
            text: t,
        })
    }

    /// Draws the window over the lower half of `area`, showing `lines` (the seat's own,
    /// oldest first) with parties named by `name`.
    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        lines: &[&ChatLine],
        name: &dyn Fn(&ChatParty) -> String,
        lang: Lang,
    ) {
        let h = (area.height / 2).max(6).min(area.height);
        let pane = Rect {
            x: area.x,
            y: area.y + area.height - h,
            width: area.width,
            height: h,
        };
        frame.render_widget(Clear, pane);
        let block = Block::default().borders(Borders::ALL).title(format!(
            " {} ",
            text(
                lang,
                if self.me == ChatParty::Role(Role::Control) {
                    Text::ChatControl
                } else {
                    Text::Chat
                }
            )
        ));
        let inner = block.inner(pane);
        frame.render_widget(block, pane);
        let [list, input, hint] = Layout::vertical([
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        let mut rows: Vec<Line> = lines
            .iter()
            .map(|c| {
                Line::from(vec![
                    Span::styled(
                        format!("{} ", c.at),
                        Style::default().add_modifier(Modifier::DIM),
                    ),
                    Span::styled(
                        format!("{} → {}: ", name(&c.from), name(&c.to)),
                        Style::default().add_modifier(Modifier::BOLD),
                    ),
                    Span::raw(c.text.clone()),
                ])
            })
            .collect();
        if rows.is_empty() {
            rows.push(Line::from(text(lang, Text::NoChat)));
        }
        // The newest at the bottom; wrapped rows counted roughly by width.
        let height = list.height as usize;
        let end = rows.len().saturating_sub(self.back);
        let mut used = 0;
        let mut start = end;
        while start > 0 {
            let w = rows[start - 1].width().max(1);
            let need = w.div_ceil(list.width.max(1) as usize);
            if used + need > height {
                break;
            }
            used += need;
            start -= 1;
        }
        frame.render_widget(
            Paragraph::new(rows[start..end].to_vec()).wrap(Wrap { trim: false }),
            list,
        );
        let label = match self.recipient() {
            ChatParty::Everyone => text(lang, Text::ToEveryone).to_string(),
            ChatParty::Role(Role::Control) => text(lang, Text::ToControl).to_string(),
            p => name(p),
        };
        let prefix = format!("[{label}] > ");
        // Long input scrolls: the end of the line stays visible, with the cursor.
        let room = (input.width as usize).saturating_sub(prefix.width() + 1);
        let mut shown: String = self.input.clone();
        while shown.width() > room {
            shown.remove(0);
        }
        let line = format!("{prefix}{shown}");
        let cursor_x = input.x + line.width().min(input.width as usize - 1) as u16;
        frame.render_widget(Paragraph::new(line), input);
        frame.set_cursor_position((cursor_x, input.y));
        frame.render_widget(
            Paragraph::new(text(lang, Text::ChatHint))
                .style(Style::default().add_modifier(Modifier::DIM)),
            hint,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seat_writes_to_control_and_control_chooses_whom() {
        let op = ChatParty::Evaluator("eval-a".into());
        let mut c = Chat::new(op, vec![]);
        assert_eq!(c.recipient(), &ChatParty::Role(Role::Control));
        c.paste("two\nlines\u{1b}[2J");
        assert_eq!(
            c.enter(),
            Some(Send::Line {
                to: ChatParty::Role(Role::Control),
                text: "two lines[2J".into()
            })
        );
        c.erase_word();
        assert_eq!(c.input, "two ");
        let mut ctl = Chat::new(
            ChatParty::Role(Role::Control),
            vec![ChatParty::Evaluator("eval-a".into())],
        );
        assert_eq!(ctl.recipient(), &ChatParty::Everyone);
        ctl.next_recipient();
        assert_eq!(ctl.recipient(), &ChatParty::Evaluator("eval-a".into()));
        assert_eq!(ctl.enter(), None, "an empty line is not sent");
    }
}
