//! Keys: one table per state of the app lists the keys that work, what they do and the
//! message they send. The same table feeds the hint bar, the help window and the key
//! handler, so a key never works without being shown, nor is shown without working.

use super::app::{App, Msg, Overlay, Screen};
use crate::model::drill::Role;
use crate::present::tui::Command;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// A key a binding answers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A character.
    Char(char),
    /// A named key.
    Code(KeyCode),
}

/// A key (or several) with its command and message.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// The keys, the first shown in hints.
    pub keys: &'static [Key],
    /// How the keys are written in the hint bar and help.
    pub shown: &'static str,
    /// What the command does.
    pub command: Command,
    /// What it sends.
    pub msg: Msg,
}

const fn b(keys: &'static [Key], shown: &'static str, command: Command, msg: Msg) -> Binding {
    Binding {
        keys,
        shown,
        command,
        msg,
    }
}

use Key::{Char as C, Code as K};

/// Whether the app takes typed text now (then letters are text, not commands).
pub fn typing(app: &App) -> bool {
    match app.overlay {
        Some(Overlay::Minute { .. }) => true,
        Some(_) => false,
        None => match app.screen {
            Screen::Compose => app.compose.as_ref().is_some_and(|c| c.field == 4),
            Screen::Lessons => app.lesson.as_ref().is_some_and(|l| l.field < 3),
            _ => false,
        },
    }
}

/// The keys that work now, in the order hints show them.
pub fn bindings(app: &App) -> Vec<Binding> {
    bindings_under(app, app.overlay)
}

/// The keys of the screen itself, under no window: what help lists.
pub fn screen_bindings(app: &App) -> Vec<Binding> {
    bindings_under(app, None)
}

fn bindings_under(app: &App, overlay: Option<Overlay>) -> Vec<Binding> {
    let nav = [
        b(&[K(KeyCode::Up), C('k')], "↑↓", Command::Move, Msg::Up),
        b(&[K(KeyCode::Down), C('j')], "", Command::Move, Msg::Down),
    ];
    match overlay {
        Some(Overlay::Help) => return vec![b(&[K(KeyCode::Esc)], "any", Command::Back, Msg::Back)],
        Some(Overlay::ConfirmQuit) => {
            return vec![
                b(&[C('y')], "y", Command::Quit, Msg::Confirm(true)),
                b(
                    &[C('n'), K(KeyCode::Esc)],
                    "n",
                    Command::Back,
                    Msg::Confirm(false),
                ),
            ];
        }
        Some(Overlay::Minute { .. }) => {
            return vec![
                b(&[K(KeyCode::Enter)], "Enter", Command::Select, Msg::Enter),
                b(&[K(KeyCode::Esc)], "Esc", Command::Back, Msg::Back),
                b(
                    &[K(KeyCode::Backspace)],
                    "0-9 ⌫",
                    Command::Type,
                    Msg::Backspace,
                ),
            ];
        }
        Some(Overlay::Seat) => {
            let mut v = nav.to_vec();
            v.push(b(
                &[K(KeyCode::Enter)],
                "Enter",
                Command::Select,
                Msg::Enter,
            ));
            v.push(b(&[K(KeyCode::Esc)], "Esc", Command::Back, Msg::Back));
            return v;
        }
        None => {}
    }
    let mut v: Vec<Binding> = Vec::new();
    let text = typing(app);
    match app.screen {
        Screen::Start => {
            v.extend(nav);
            v.push(b(
                &[K(KeyCode::Enter)],
                "Enter",
                Command::Select,
                Msg::Enter,
            ));
        }
        Screen::Compose => {
            v.push(b(&[K(KeyCode::Tab)], "Tab", Command::Field, Msg::NextField));
            v.push(b(&[K(KeyCode::Up)], "↑↓", Command::Field, Msg::Up));
            v.push(b(&[K(KeyCode::Down)], "", Command::Field, Msg::Down));
            v.push(b(&[K(KeyCode::Left)], "←→", Command::Toggle, Msg::Left));
            v.push(b(&[K(KeyCode::Right)], "", Command::Toggle, Msg::Right));
            v.push(b(&[C(' ')], "Space", Command::Toggle, Msg::Toggle));
            v.push(b(&[K(KeyCode::Enter)], "Enter", Command::Send, Msg::Enter));
            v.push(b(&[K(KeyCode::Esc)], "Esc", Command::Back, Msg::Back));
            if text {
                v.push(b(
                    &[K(KeyCode::Backspace)],
                    "⌫",
                    Command::Type,
                    Msg::Backspace,
                ));
                return v;
            }
        }
        Screen::Lessons => {
            v.push(b(&[K(KeyCode::Tab)], "Tab", Command::Field, Msg::NextField));
            v.push(b(&[K(KeyCode::Up)], "↑↓", Command::Field, Msg::Up));
            v.push(b(&[K(KeyCode::Down)], "", Command::Field, Msg::Down));
            v.push(b(&[K(KeyCode::Left)], "←→", Command::Toggle, Msg::Left));
            v.push(b(&[K(KeyCode::Right)], "", Command::Toggle, Msg::Right));
            v.push(b(
                &[K(KeyCode::Enter)],
                "Enter",
                Command::Select,
                Msg::Enter,
            ));
            v.push(b(&[K(KeyCode::Esc)], "Esc", Command::Back, Msg::Back));
            v.push(b(
                &[K(KeyCode::Backspace)],
                "⌫",
                Command::Type,
                Msg::Backspace,
            ));
            return v;
        }
        Screen::End => {
            if app.saved.is_some() {
                v.push(b(&[C('a')], "a", Command::Report, Msg::Report));
            }
            v.push(b(&[K(KeyCode::Esc)], "Esc", Command::Back, Msg::Back));
        }
        _ => {
            v.push(b(&[C('?')], "?", Command::Help, Msg::Help));
            v.push(b(&[C('q')], "q", Command::Quit, Msg::Quit));
            v.push(b(
                &[C(' ')],
                "Space",
                Command::PauseResume,
                Msg::PauseResume,
            ));
            v.push(b(&[C('n')], "n", Command::Step, Msg::Step));
            v.extend(nav);
            if matches!(
                app.screen,
                Screen::Inbox | Screen::Actions | Screen::Control
            ) {
                v.push(b(
                    &[K(KeyCode::Enter)],
                    "Enter",
                    Command::Select,
                    Msg::Enter,
                ));
            }
            if app.screen != Screen::Board {
                v.push(b(&[K(KeyCode::Esc)], "Esc", Command::Back, Msg::Back));
            }
            v.push(b(
                &[K(KeyCode::Tab)],
                "Tab",
                Command::NextScreen,
                Msg::NextScreen,
            ));
            v.push(b(&[C('1')], "1", Command::Board, Msg::Goto(Screen::Board)));
            v.push(b(&[C('2')], "2", Command::Inbox, Msg::Goto(Screen::Inbox)));
            v.push(b(
                &[C('3')],
                "3",
                Command::Actions,
                Msg::Goto(Screen::Actions),
            ));
            v.push(b(
                &[C('4')],
                "4",
                Command::Compose,
                Msg::Goto(Screen::Compose),
            ));
            v.push(b(&[C('5')], "5", Command::Deps, Msg::Goto(Screen::Deps)));
            v.push(b(&[C('6')], "6", Command::Score, Msg::Goto(Screen::Score)));
            if app.seat == Some(Role::Control) {
                v.push(b(
                    &[C('7')],
                    "7",
                    Command::Control,
                    Msg::Goto(Screen::Control),
                ));
            }
            v.push(b(&[C('+'), C('=')], "+", Command::Faster, Msg::Faster));
            v.push(b(&[C('-')], "-", Command::Slower, Msg::Slower));
            v.push(b(&[C('g')], "g", Command::Jump, Msg::Jump));
            if app.control_access {
                v.push(b(&[C('t')], "t", Command::SwitchSeat, Msg::SwitchSeat));
                v.push(b(&[C('r')], "r", Command::Rewind, Msg::Rewind));
            }
            if app.screen == Screen::Control {
                v.push(b(&[C('m')], "m", Command::Message, Msg::MessageSeat));
            }
            v.push(b(&[C('w')], "w", Command::Save, Msg::Save));
            v.push(b(&[C('l')], "l", Command::Lessons, Msg::Lessons));
            return v;
        }
    }
    v.push(b(&[C('?')], "?", Command::Help, Msg::Help));
    v.push(b(&[C('q')], "q", Command::Quit, Msg::Quit));
    v
}

/// The message a key sends now, if any.
pub fn message(app: &App, key: KeyEvent) -> Option<Msg> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return Some(Msg::Quit);
    }
    if app.overlay == Some(Overlay::Help) {
        return Some(Msg::Back);
    }
    let found = bindings(app).into_iter().find(|bd| {
        bd.keys.iter().any(|k| match k {
            Key::Char(c) => key.code == KeyCode::Char(*c),
            Key::Code(c) => key.code == *c,
        })
    });
    if typing(app)
        && let KeyCode::Char(c) = key.code
        && !(app.screen == Screen::Compose && c == ' ')
    {
        return Some(Msg::Char(c));
    }
    match found {
        Some(bd) => Some(bd.msg),
        // Digits score a lesson.
        None => match key.code {
            KeyCode::Char(c) if app.screen == Screen::Lessons => Some(Msg::Char(c)),
            _ => None,
        },
    }
}

/// Sends `key` through the app: the whole of key handling.
pub fn handle(app: &mut App, key: KeyEvent) {
    if let Some(msg) = message(app, key) {
        app.update(msg);
    }
}
