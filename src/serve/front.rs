//! What one remote seat shows and how it answers keys: the seat's screens (the same
//! screens the local terminal draws), with the chat window and, for an evaluator, the
//! observation form over them.

use super::chat::{self, Chat};
use super::hub::Hub;
use crate::model::drill::{ChatParty, Role};
use crate::present::serve::{Text, text};
use crate::present::{Lang, Words};
use crate::scenario::seats::{Seat, SeatRole};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use std::sync::Arc;
use std::time::Duration;

/// What a driver sends a seat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// A key pressed.
    Key(KeyEvent),
    /// Text pasted.
    Paste(String),
    /// Real time passed.
    Tick(Duration),
}

/// The key that opens and closes the chat window.
pub const CHAT_KEY: (KeyCode, KeyModifiers) = (KeyCode::Char('t'), KeyModifiers::CONTROL);

/// One seat's front.
pub struct Front {
    hub: Arc<Hub>,
    seat: Seat,
    lang: Lang,
    chat: Chat,
    status: Option<String>,
    quit: bool,
}

impl Front {
    /// The front of `seat`, in `lang`.
    pub fn new(hub: Arc<Hub>, seat: Seat, lang: Lang) -> Front {
        let me = party(&seat);
        let others = hub.seats().seats.iter().map(party).collect();
        Front {
            hub,
            seat,
            lang,
            chat: Chat::new(me, others),
            status: None,
            quit: false,
        }
    }

    /// Whether the seat asked to leave.
    pub fn quit(&self) -> bool {
        self.quit
    }

    /// Handles one message.
    pub fn update(&mut self, msg: Msg) {
        let chat_key = |k: &KeyEvent| k.code == CHAT_KEY.0 && k.modifiers.contains(CHAT_KEY.1);
        match msg {
            Msg::Tick(_) => {}
            Msg::Key(k) if chat_key(&k) => self.chat.open = !self.chat.open,
            Msg::Key(k) if self.chat.open => self.chat_key(k),
            Msg::Paste(s) if self.chat.open => self.chat.paste(&s),
            Msg::Key(k) if k.code == KeyCode::Char('q') => self.quit = true,
            _ => {}
        }
    }

    fn chat_key(&mut self, k: KeyEvent) {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match k.code {
            KeyCode::Esc => self.chat.open = false,
            KeyCode::Enter => {
                if let Some(chat::Send::Line { to, text: t }) = self.chat.enter() {
                    let me = self.chat.me.clone();
                    match self.hub.write(|d| d.chat(me, to, &t)) {
                        Ok(()) => {
                            self.chat.input.clear();
                            self.status = Some(text(self.lang, Text::ChatSent).into());
                        }
                        Err(e) => self.status = Some(super::hub::drill_error(self.lang, &e)),
                    }
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

    /// Draws the seat.
    pub fn draw(&self, frame: &mut Frame) {
        let area = frame.area();
        let d = self.hub.read();
        let s = d.session();
        let outcome = d.outcome();
        let scenario = self.hub.scenario();
        let words = Words::new(scenario, &outcome, self.lang);
        let role = match self.seat.role {
            SeatRole::Role(r) => words.role(r),
            SeatRole::Evaluator => text(self.lang, Text::ReadOnly).to_string(),
        };
        let lines = vec![
            Line::from(format!("{} — {} — {}", self.seat.name, role, s.now())),
            Line::from(self.status.clone().unwrap_or_default()),
        ];
        frame.render_widget(Paragraph::new(lines), area);
        let me = self.chat.me.clone();
        let mine: Vec<_> = d.chats_for(me).collect();
        if self.chat.open {
            self.chat.draw(
                frame,
                Rect { ..area },
                &mine,
                scenario,
                &words,
                self.lang,
                s.now(),
            );
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

/// Whether `seat` is exercise control's.
pub fn is_control(seat: &Seat) -> bool {
    seat.role == SeatRole::Role(Role::Control)
}
