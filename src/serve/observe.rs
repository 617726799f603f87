//! An evaluator's observation form: one of the scenario's objectives, an HSEEP rating
//! (P, S, M, U) and a note, recorded against the drill's minute. The observations go into
//! the drill log and the after-action report, beside the objective they rate.

use super::drill::clean_line;
use crate::model::Scenario;
use crate::model::drill::{Observation, Rating};
use crate::present::Lang;
use crate::present::serve::{Text, rating, text};
use crate::scenario::drill_log::MAX_CHAT;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// The form's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The objective.
    Objective,
    /// The rating.
    Rating,
    /// The note.
    Note,
}

/// The observation form.
#[derive(Debug, Clone)]
pub struct Form {
    /// The objective chosen (index in the scenario's).
    pub objective: usize,
    /// The rating chosen.
    pub rating: Rating,
    /// The note typed.
    pub note: String,
    /// The field in focus.
    pub field: Field,
}

impl Default for Form {
    fn default() -> Form {
        Form {
            objective: 0,
            rating: Rating::Performed,
            note: String::new(),
            field: Field::Objective,
        }
    }
}

impl Form {
    /// The next field.
    pub fn next_field(&mut self) {
        self.field = match self.field {
            Field::Objective => Field::Rating,
            Field::Rating => Field::Note,
            Field::Note => Field::Objective,
        };
    }

    /// ←/→ in the objective or rating field.
    pub fn choose(&mut self, forward: bool, objectives: usize) {
        match self.field {
            Field::Objective if objectives > 0 => {
                self.objective = if forward {
                    (self.objective + 1) % objectives
                } else {
                    (self.objective + objectives - 1) % objectives
                };
            }
            Field::Rating => {
                let i = Rating::ALL
                    .iter()
                    .position(|r| *r == self.rating)
                    .unwrap_or(0);
                let n = Rating::ALL.len();
                self.rating = Rating::ALL[if forward {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                }];
            }
            _ => {}
        }
    }

    /// A character typed: text in the note; a rating's letter in the rating field.
    pub fn type_char(&mut self, c: char) {
        match self.field {
            Field::Note if self.note.chars().count() < MAX_CHAT && !c.is_control() => {
                self.note.push(c)
            }
            Field::Rating => {
                if let Some(r) = Rating::from_letter(c.to_ascii_uppercase()) {
                    self.rating = r;
                }
            }
            _ => {}
        }
    }

    /// Text pasted into the note.
    pub fn paste(&mut self, s: &str) {
        if self.field == Field::Note {
            for c in clean_line(s).chars() {
                self.type_char(c);
            }
        }
    }

    /// Draws the form over the lower part of `area`, with the evaluator's observations so
    /// far (newest last).
    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        scenario: &Scenario,
        mine: &[&Observation],
        lang: Lang,
    ) {
        let h = (area.height * 2 / 3).max(10).min(area.height);
        let pane = Rect {
            x: area.x,
            y: area.y + area.height - h,
            width: area.width,
            height: h,
        };
        frame.render_widget(Clear, pane);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" {} ", text(lang, Text::Observe)));
        let inner = block.inner(pane);
        frame.render_widget(block, pane);
        let objective = |i: usize| {
            scenario
                .drill
                .objectives
                .get(i)
                .map_or(String::new(), |o| match lang {
                    Lang::En => format!("{} — {}", o.key, o.text),
                    Lang::Ja => format!("{} — {}", o.key, o.text_ja),
                })
        };
        let mark = |f: Field| if self.field == f { "▶ " } else { "  " };
        let [form, list, hint] = Layout::vertical([
            Constraint::Length(4),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        let note_label = format!("{}{}: ", mark(Field::Note), text(lang, Text::Note));
        let room = (form.width as usize).saturating_sub(note_label.width() + 1);
        let mut shown = self.note.clone();
        while shown.width() > room {
            shown.remove(0);
        }
        let rows = vec![
            Line::from(format!(
                "{}{}: {}",
                mark(Field::Objective),
                text(lang, Text::Objective),
                objective(self.objective)
            )),
            Line::from(format!(
                "{}{}: {}",
                mark(Field::Rating),
                text(lang, Text::Rating),
                rating(lang, self.rating)
            )),
            Line::from(format!("{note_label}{shown}")),
        ];
        frame.render_widget(Paragraph::new(rows).wrap(Wrap { trim: false }), form);
        if self.field == Field::Note {
            let x =
                form.x + (note_label.width() + shown.width()).min(form.width as usize - 1) as u16;
            frame.set_cursor_position((x, form.y + 2));
        }
        let mut past: Vec<Line> = vec![Line::styled(
            text(lang, Text::Observations),
            Style::default().add_modifier(Modifier::BOLD),
        )];
        let room = list.height.saturating_sub(1) as usize;
        let start = mine.len().saturating_sub(room);
        for o in &mine[start..] {
            let key = scenario
                .drill
                .objectives
                .get(o.objective)
                .map_or("", |x| x.key.as_str());
            past.push(Line::from(format!(
                "{} {} [{}] {}",
                o.at,
                key,
                o.rating.letter(),
                o.text
            )));
        }
        frame.render_widget(Paragraph::new(past), list);
        frame.render_widget(
            Paragraph::new(text(lang, Text::ObserveHint))
                .style(Style::default().add_modifier(Modifier::DIM)),
            hint,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rating_takes_its_letter_and_the_note_takes_text() {
        let mut f = Form::default();
        f.next_field();
        f.type_char('m');
        assert_eq!(f.rating, Rating::MajorChallenges);
        f.choose(true, 3);
        assert_eq!(f.rating, Rating::Unable);
        f.next_field();
        f.paste("late\nreport");
        assert_eq!(f.note, "late report");
        f.next_field();
        f.choose(false, 3);
        assert_eq!(f.objective, 2);
    }
}
