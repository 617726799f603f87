//! What one remote seat shows and how it answers keys: the seat's screens — the same
//! [`App`] the local terminal runs, seat-locked to the seat's role (an evaluator's
//! read-only over exercise control's truth) — with the chat window and, for an evaluator,
//! the observation form over them. Their keys join the app's one command list, so the hint
//! bar and help show them.

use super::chat::{self, Chat};
use super::host::SeatHost;
use super::hub::Hub;
use super::observe::{self, Form};
use crate::model::Scenario;
use crate::model::drill::{ChatLine, ChatParty, Role};
use crate::present::Lang;
use crate::present::serve::{Text, text};
use crate::present::tui::Command;
use crate::scenario::drill_log::Lesson;
use crate::scenario::seats::{Seat, SeatRole};
use crate::tui::input::{Cmd, Key, bind};
use crate::tui::{App, Msg, Saved, SavedDrill, Store};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Paragraph;
use std::sync::{Arc, Mutex};
use unicode_width::UnicodeWidthStr;

/// The driver command that opens the chat window.
const CHAT: u8 = 1;
/// The driver command that opens the observation form.
const OBSERVE: u8 = 2;

/// Lessons a seat's app saved, for the drill's log (the app saves while it reads the
/// drill, so the lessons are taken in after).
#[derive(Clone, Default)]
struct Lessons(Arc<Mutex<Vec<Lesson>>>);

/// A remote seat's store: the drill log is written as the drill runs; saving hands the
/// seat's lessons to it and names the log.
struct SeatStore {
    lessons: Lessons,
    role: Role,
    log: String,
}

impl Store for SeatStore {
    fn save(&mut self, drill: &SavedDrill<'_>) -> Result<Saved, String> {
        let mut out = super::hub::lock(&self.lessons.0);
        for l in drill.lessons.iter().filter(|l| l.role == self.role) {
            out.push(Lesson {
                role: l.role,
                went_well: l.went_well.clone(),
                went_badly: l.went_badly.clone(),
                score: l.score,
            });
        }
        Ok(Saved {
            path: self.log.clone(),
            aar: format!("rensa replay {} --out aar && rensa report aar", self.log),
        })
    }
}

/// One seat's front.
pub struct Front {
    hub: Arc<Hub>,
    seat: Seat,
    lang: Lang,
    app: App,
    chat: Chat,
    form: Option<Form>,
    lessons: Lessons,
    /// A word for the chat window or the form (sent, recorded, refused).
    note: Option<String>,
}

impl Front {
    /// The front of `seat`, in `lang`.
    pub fn new(hub: Arc<Hub>, seat: Seat, lang: Lang) -> Front {
        let scenario = hub.scenario().clone();
        let me = party(&seat);
        let others = hub.seats().seats.iter().map(party).collect();
        let lessons = Lessons::default();
        let mut app = match seat.role {
            SeatRole::Role(r) => {
                let host = SeatHost::new(hub.clone(), Some(r));
                let mut app = App::seat_locked(scenario, Box::new(host), r, lang);
                app.set_store(Box::new(SeatStore {
                    lessons: lessons.clone(),
                    role: r,
                    log: hub.log_name().to_string(),
                }));
                app.mark_saved();
                app
            }
            SeatRole::Evaluator => {
                let host = SeatHost::new(hub.clone(), None);
                App::observer(scenario, Box::new(host), lang)
            }
        };
        app.no_color = false;
        let mut keys = vec![bind(
            &[Key::Ctrl('t')],
            "^T",
            Command::Chat,
            Cmd::Driver(CHAT),
        )];
        if seat.role == SeatRole::Evaluator {
            keys.push(bind(
                &[Key::Ctrl('o')],
                "^O",
                Command::Observe,
                Cmd::Driver(OBSERVE),
            ));
        }
        app.add_driver_keys(keys);
        Front {
            hub,
            seat,
            lang,
            app,
            chat: Chat::new(me, others),
            form: None,
            lessons,
            note: None,
        }
    }

    /// Whether the seat asked to leave.
    pub fn quit(&self) -> bool {
        self.app.quit()
    }

    /// Handles one message.
    pub fn update(&mut self, msg: Msg) {
        match msg {
            Msg::Tick(_) => self.app.update(msg),
            Msg::Key(k) if self.chat.open => self.chat_key(k),
            Msg::Paste(s) if self.chat.open => self.chat.paste(&s),
            Msg::Key(k) if self.form.is_some() => self.form_key(k),
            Msg::Paste(s) if self.form.is_some() => {
                if let Some(f) = &mut self.form {
                    f.paste(&s)
                }
            }
            other => {
                self.app.update(other);
                match self.app.take_driver_command() {
                    Some(CHAT) => {
                        self.chat.open = true;
                        self.note = None;
                    }
                    Some(OBSERVE) => {
                        self.form = Some(Form::default());
                        self.note = None;
                    }
                    _ => {}
                }
            }
        }
        let lessons: Vec<Lesson> = std::mem::take(&mut *super::hub::lock(&self.lessons.0));
        for l in lessons {
            let _ = self.hub.write(|d| d.lesson(l));
        }
    }

    fn chat_key(&mut self, k: KeyEvent) {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match k.code {
            KeyCode::Esc => self.chat.open = false,
            KeyCode::Char('t') if ctrl => self.chat.open = false,
            KeyCode::Enter => {
                if let Some(chat::Send::Line { to, text: t }) = self.chat.enter() {
                    let me = self.chat.me.clone();
                    self.note = Some(match self.hub.write(|d| d.chat(me, to, &t)) {
                        Ok(()) => {
                            self.chat.input.clear();
                            self.chat.back = 0;
                            text(self.lang, Text::ChatSent).into()
                        }
                        Err(e) => super::hub::drill_error(self.lang, &e),
                    });
                }
            }
            KeyCode::Tab => self.chat.next_recipient(),
            KeyCode::Backspace => self.chat.backspace(),
            KeyCode::Char('h') if ctrl => self.chat.backspace(),
            KeyCode::Char('w') if ctrl => self.chat.erase_word(),
            KeyCode::Char('u') if ctrl => self.chat.input.clear(),
            KeyCode::PageUp => self.chat.back += 5,
            KeyCode::PageDown => self.chat.back = self.chat.back.saturating_sub(5),
            KeyCode::Char(c) if !ctrl => self.chat.type_char(c),
            _ => {}
        }
    }

    fn form_key(&mut self, k: KeyEvent) {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let n = self.hub.scenario().drill.objectives.len();
        let Some(f) = &mut self.form else { return };
        match k.code {
            KeyCode::Esc => self.form = None,
            KeyCode::Tab | KeyCode::Down => f.next_field(),
            KeyCode::Left => f.choose(false, n),
            KeyCode::Right => f.choose(true, n),
            KeyCode::Backspace if f.field == observe::Field::Note => {
                f.note.pop();
            }
            KeyCode::Char('u') if ctrl => f.note.clear(),
            KeyCode::Enter if n > 0 => {
                let (objective, r, note) = (f.objective, f.rating, f.note.clone());
                let by = self.seat.name.clone();
                self.note = Some(
                    match self.hub.write(|d| d.observe(&by, objective, r, &note)) {
                        Ok(()) => {
                            if let Some(f) = &mut self.form {
                                f.note.clear();
                            }
                            text(self.lang, Text::Recorded).into()
                        }
                        Err(e) => super::hub::drill_error(self.lang, &e),
                    },
                );
            }
            KeyCode::Char(c) if !ctrl => f.type_char(c),
            _ => {}
        }
    }

    /// Draws the seat: its screens, then the chat window or the form over them.
    pub fn draw(&self, frame: &mut Frame) {
        self.app.draw(frame);
        let area = frame.area();
        if area.width < crate::tui::app::MIN_SIZE.0 || area.height < crate::tui::app::MIN_SIZE.1 {
            return;
        }
        let d = self.hub.read();
        if d.failure().is_some() {
            // The log cannot be written: every seat is told that nothing more is taken in.
            let line = format!(" {} ", text(self.lang, Text::LogDown));
            frame.render_widget(
                Paragraph::new(line).style(Style::default().add_modifier(Modifier::REVERSED)),
                Rect::new(area.x, area.y, area.width, 1),
            );
        }
        let scenario = self.hub.scenario();
        let mine: Vec<&ChatLine> = d.chats_for(self.chat.me.clone()).collect();
        if self.chat.open {
            let names = Names {
                scenario,
                lang: self.lang,
            };
            self.chat
                .draw(frame, area, &mine, &|p| names.party(p), self.lang);
            self.draw_note(frame, area);
        } else if let Some(f) = &self.form {
            let own: Vec<_> = d
                .observations()
                .iter()
                .filter(|o| o.by == self.seat.name)
                .collect();
            f.draw(frame, area, scenario, &own, self.lang);
            self.draw_note(frame, area);
        } else {
            // Chat waiting to be read: a mark at the right of the top line.
            let unread = mine.len().saturating_sub(self.chat.read);
            if unread > 0 {
                let mark = format!(" ✉ {} {unread} ^T ", text(self.lang, Text::ChatUnread));
                let w = mark.width() as u16;
                if w < area.width {
                    let r = Rect::new(area.x + area.width - w, area.y, w, 1);
                    frame.render_widget(
                        Paragraph::new(mark)
                            .style(Style::default().add_modifier(Modifier::REVERSED)),
                        r,
                    );
                }
            }
        }
    }

    fn draw_note(&self, frame: &mut Frame, area: Rect) {
        if let Some(n) = &self.note {
            let w = (n.width() as u16 + 2).min(area.width);
            let r = Rect::new(area.x + area.width - w, area.y + area.height - 1, w, 1);
            frame.render_widget(Paragraph::new(format!(" {n} ")), r);
        }
    }

    /// Marks the chat read (it is on screen).
    pub fn seen(&mut self) {
        if self.chat.open {
            let me = self.chat.me.clone();
            self.chat.read = self.hub.read().chats_for(me).count();
        }
    }

    /// The seat's app (tests read its state).
    pub fn app(&self) -> &App {
        &self.app
    }
}

/// Names of chat parties in a language.
struct Names<'a> {
    scenario: &'a Scenario,
    lang: Lang,
}

impl Names<'_> {
    fn party(&self, p: &ChatParty) -> String {
        let infra = &self.scenario.infra;
        match (p, self.lang) {
            (ChatParty::Role(r), Lang::En) => r.name(infra),
            (ChatParty::Role(r), Lang::Ja) => r.name_ja(infra),
            (ChatParty::Evaluator(n), Lang::En) => format!("evaluator {n}"),
            (ChatParty::Evaluator(n), Lang::Ja) => format!("評価者 {n}"),
            (ChatParty::Everyone, l) => text(l, Text::Everyone).to_string(),
        }
    }
}

/// Who a seat is in the chat.
pub fn party(seat: &Seat) -> ChatParty {
    match seat.role {
        SeatRole::Role(r) => ChatParty::Role(r),
        SeatRole::Evaluator => ChatParty::Evaluator(seat.name.clone()),
    }
}
