//! Lessons learned, one played seat after another: what went well, what went badly (two
//! text fields) and a score from 1 to 5.

use super::{Ctx, Effect, Screen, fit, pane, role_names};
use crate::model::drill::Role;
use crate::present::tui::{Command, Label, label};
use crate::tui::app::LessonDraft;
use crate::tui::field::Field;
use crate::tui::input::{Binding, Cmd, Key, bind, enter, esc, fields};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The form's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Focus {
    #[default]
    Well,
    Badly,
    Score,
}

/// The lessons form.
#[derive(Debug, Clone, Default)]
pub struct Lessons {
    /// The seats still to write, the current first.
    pub queue: Vec<Role>,
    /// How many seats in all.
    pub total: usize,
    well: Field,
    badly: Field,
    score: u32,
    focus: Focus,
}

impl Lessons {
    /// Starts with `seats`, each with its earlier lesson if any.
    pub fn open(&mut self, seats: Vec<Role>, earlier: &[LessonDraft]) {
        self.total = seats.len();
        self.queue = seats;
        self.load(earlier);
    }

    fn load(&mut self, earlier: &[LessonDraft]) {
        let e = self
            .queue
            .first()
            .and_then(|r| earlier.iter().find(|l| l.role == *r));
        self.well = Field::with_text(e.map(|l| l.went_well.as_str()).unwrap_or(""));
        self.badly = Field::with_text(e.map(|l| l.went_badly.as_str()).unwrap_or(""));
        self.score = e.map(|l| l.score).unwrap_or(3);
        self.focus = Focus::Well;
    }

    /// The next seat's form after one is written.
    pub fn next(&mut self, earlier: &[LessonDraft]) {
        if !self.queue.is_empty() {
            self.queue.remove(0);
        }
        self.load(earlier);
    }
}

impl Screen for Lessons {
    fn commands(&self, _ctx: &Ctx) -> Vec<Binding> {
        let mut v = fields();
        if self.focus == Focus::Score {
            v.push(bind(
                &[Key::Code(KeyCode::Left)],
                "←→ 1-5",
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
        v.push(enter(Command::Select));
        v.push(esc());
        v
    }

    fn typing(&self) -> bool {
        true
    }

    fn key(&mut self, k: KeyEvent, _ctx: &Ctx) {
        match self.focus {
            Focus::Well => {
                self.well.key(k);
            }
            Focus::Badly => {
                self.badly.key(k);
            }
            Focus::Score => {
                if let KeyCode::Char(c) = k.code
                    && let Some(d) = c.to_digit(10).filter(|d| (1..=5).contains(d))
                {
                    self.score = d;
                }
            }
        }
    }

    fn paste(&mut self, text: &str, _ctx: &Ctx) {
        match self.focus {
            Focus::Well => self.well.paste(text),
            Focus::Badly => self.badly.paste(text),
            Focus::Score => {}
        }
    }

    fn update(&mut self, cmd: Cmd, _ctx: &Ctx) -> Effect {
        match cmd {
            Cmd::NextField => {
                self.focus = match self.focus {
                    Focus::Well => Focus::Badly,
                    Focus::Badly => Focus::Score,
                    Focus::Score => Focus::Well,
                }
            }
            Cmd::PrevField => {
                self.focus = match self.focus {
                    Focus::Well => Focus::Score,
                    Focus::Badly => Focus::Well,
                    Focus::Score => Focus::Badly,
                }
            }
            Cmd::Left => self.score = (self.score.max(2)) - 1,
            Cmd::Right => self.score = (self.score + 1).min(5),
            Cmd::Back => return Effect::Goto(super::ScreenId::Board),
            Cmd::Enter => {
                let Some(role) = self.queue.first().copied() else {
                    return Effect::None;
                };
                let lesson = LessonDraft {
                    role,
                    went_well: self.well.text().trim().to_string(),
                    went_badly: self.badly.text().trim().to_string(),
                    score: self.score,
                };
                return Effect::Lesson(lesson, self.queue.len() <= 1);
            }
            _ => {}
        }
        Effect::None
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let Some(role) = self.queue.first() else {
            return;
        };
        let l = ctx.lang;
        let theme = ctx.theme;
        let kw = 12;
        let focus = |f: Focus| {
            if self.focus == f {
                theme.selected()
            } else {
                theme.title()
            }
        };
        let lines = vec![
            Line::styled(role_names(&ctx.words, *role), theme.title()),
            Line::raw(""),
            Line::from(vec![Span::styled(
                fit(label(l, Label::WentWell), kw),
                focus(Focus::Well),
            )]),
            Line::from(vec![Span::styled(
                fit(label(l, Label::WentBadly), kw),
                focus(Focus::Badly),
            )]),
            Line::from(vec![
                Span::styled(
                    fit(label(l, Label::ScoreOneToFive), kw),
                    focus(Focus::Score),
                ),
                Span::raw(format!(
                    " {} {}",
                    "★".repeat(self.score as usize),
                    self.score
                )),
            ]),
        ];
        let done = self.total - self.queue.len() + 1;
        frame.render_widget(
            Paragraph::new(lines).block(
                pane(label(l, Label::Lessons), theme).title(format!(" {done}/{} ", self.total)),
            ),
            area,
        );
        let field_area = |row: u16| Rect {
            x: area.x + 1 + kw as u16 + 1,
            y: area.y + 1 + row,
            width: area.width.saturating_sub(kw as u16 + 3),
            height: 1,
        };
        if area.height > 5 {
            self.well
                .draw(frame, field_area(2), self.focus == Focus::Well);
            self.badly
                .draw(frame, field_area(3), self.focus == Focus::Badly);
        }
    }
}
