//! Input as plain messages, and the one command list. A driver (the local terminal, a
//! drill server's connection) turns its events into [`Msg`]s: keys, pastes and the
//! passing of real time. Each state of the app offers a list of [`Binding`]s; the same
//! list matches keys, fills the hint bar and the help window, so a key never works
//! without being shown, nor is shown without working.

use super::screens::ScreenId;
use crate::present::tui::Command;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::time::Duration;

/// What a driver sends an app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// A key pressed.
    Key(KeyEvent),
    /// Text pasted (bracketed paste): text for the field in focus, never keys.
    Paste(String),
    /// Real time passed.
    Tick(Duration),
}

impl Msg {
    /// A key without modifiers.
    pub fn key(code: KeyCode) -> Msg {
        Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    /// A character typed.
    pub fn char(c: char) -> Msg {
        Msg::key(KeyCode::Char(c))
    }

    /// Ctrl and a character.
    pub fn ctrl(c: char) -> Msg {
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
    }
}

/// A key a binding answers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A character, without Ctrl or Alt.
    Char(char),
    /// Ctrl and a character.
    Ctrl(char),
    /// A named key.
    Code(KeyCode),
}

impl Key {
    /// Whether `k` is this key.
    pub fn matches(self, k: &KeyEvent) -> bool {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let alt = k.modifiers.contains(KeyModifiers::ALT);
        match self {
            Key::Char(c) => k.code == KeyCode::Char(c) && !ctrl && !alt,
            Key::Ctrl(c) => ctrl && k.code == KeyCode::Char(c),
            Key::Code(c) => k.code == c && !ctrl && !alt,
        }
    }
}

/// What a command asks the app to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmd {
    /// Quit (asks first while unsaved).
    Quit,
    /// The answer to a yes/no question.
    Confirm(bool),
    /// Show help.
    Help,
    /// Close the window, or go back.
    Back,
    /// Cursor up.
    Up,
    /// Cursor down.
    Down,
    /// Previous choice.
    Left,
    /// Next choice.
    Right,
    /// A page up.
    PageUp,
    /// A page down.
    PageDown,
    /// To the first.
    Home,
    /// To the last.
    End,
    /// Choose, send, confirm.
    Enter,
    /// Tick the choice under the cursor.
    Toggle,
    /// Go to a screen.
    Goto(ScreenId),
    /// The next screen.
    NextScreen,
    /// Next field of a form.
    NextField,
    /// Previous field of a form.
    PrevField,
    /// Pause or run the clock.
    PauseResume,
    /// Faster.
    Faster,
    /// Slower.
    Slower,
    /// To the next change the seat can see.
    Step,
    /// Go to a minute.
    Jump,
    /// Rewind and branch.
    Rewind,
    /// Save the drill log.
    Save,
    /// Lessons learned, and end.
    Lessons,
    /// Hand the keyboard to another seat, or back to exercise control.
    SwitchSeat,
    /// Write the after-action report.
    Report,
    /// Message the seat under the cursor (control).
    MessageSeat,
    /// Forward the message shown.
    Forward,
    /// Grant permission to share the message shown wider.
    Grant,
    /// A command of the driver's own (a drill server's chat window, an evaluator's form):
    /// the app hands it back through `App::take_driver_command`.
    Driver(u8),
}

/// A key (or several) with its words and command.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// The keys; the first is the one shown.
    pub keys: &'static [Key],
    /// How the keys are written in the hint bar and help ("" hides a second key of a pair).
    pub shown: &'static str,
    /// What the command does, in words.
    pub command: Command,
    /// What it asks.
    pub cmd: Cmd,
}

/// A binding.
pub const fn bind(
    keys: &'static [Key],
    shown: &'static str,
    command: Command,
    cmd: Cmd,
) -> Binding {
    Binding {
        keys,
        shown,
        command,
        cmd,
    }
}

/// The command `key` sends among `list`.
pub fn find(list: &[Binding], key: &KeyEvent) -> Option<Cmd> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    list.iter()
        .find(|b| b.keys.iter().any(|k| k.matches(key)))
        .map(|b| b.cmd)
}

use Key::{Char as C, Code as K};

/// ↑↓ (and k j outside text) move in a list; PgUp PgDn Home End page through it.
pub fn list_nav(letters: bool) -> Vec<Binding> {
    let mut v = vec![
        bind(
            if letters {
                &[K(KeyCode::Up), C('k')]
            } else {
                &[K(KeyCode::Up)]
            },
            "↑↓",
            Command::Move,
            Cmd::Up,
        ),
        bind(
            if letters {
                &[K(KeyCode::Down), C('j')]
            } else {
                &[K(KeyCode::Down)]
            },
            "",
            Command::Move,
            Cmd::Down,
        ),
    ];
    v.extend(pages());
    v
}

/// PgUp PgDn Home End.
pub fn pages() -> Vec<Binding> {
    vec![
        bind(
            &[K(KeyCode::PageUp)],
            "PgUp/PgDn",
            Command::Page,
            Cmd::PageUp,
        ),
        bind(&[K(KeyCode::PageDown)], "", Command::Page, Cmd::PageDown),
        bind(&[K(KeyCode::Home)], "Home/End", Command::Ends, Cmd::Home),
        bind(&[K(KeyCode::End)], "", Command::Ends, Cmd::End),
    ]
}

/// Enter: choose.
pub fn enter(command: Command) -> Binding {
    bind(&[K(KeyCode::Enter)], "Enter", command, Cmd::Enter)
}

/// Esc: back.
pub fn esc() -> Binding {
    bind(&[K(KeyCode::Esc)], "Esc", Command::Back, Cmd::Back)
}

/// Tab / Shift-Tab: fields of a form.
pub fn fields() -> Vec<Binding> {
    vec![
        bind(
            &[K(KeyCode::Tab), K(KeyCode::Down)],
            "Tab",
            Command::Field,
            Cmd::NextField,
        ),
        bind(
            &[K(KeyCode::BackTab), K(KeyCode::Up)],
            "",
            Command::Field,
            Cmd::PrevField,
        ),
    ]
}
