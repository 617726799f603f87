//! A one-line text field that edits as a shell does: Ctrl-A / Home and Ctrl-E / End to the
//! ends, Ctrl-B / Ctrl-F and the arrows by a character, Alt-B / Alt-F by a word, Ctrl-H /
//! Backspace and Ctrl-D / Delete a character, Ctrl-W the word before, Ctrl-U everything
//! before the cursor, Ctrl-K everything after it. Long text scrolls to keep the cursor in
//! view. Control characters and escape sequences, typed or pasted, are dropped; a paste's
//! line breaks and tabs become spaces. Built on `tui-textarea-2` (the maintained fork of
//! tui-textarea for ratatui 0.30), whose own bindings (Ctrl-U undo, Enter a new line) are
//! not used: the field maps keys itself.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use tui_textarea::{CursorMove, TextArea};

/// The most characters a field holds (a flood of pasted text stops there).
pub const MAX_CHARS: usize = 2000;

/// A one-line text field.
#[derive(Debug, Clone)]
pub struct Field {
    area: TextArea<'static>,
}

impl Default for Field {
    fn default() -> Self {
        Field::new()
    }
}

impl PartialEq for Field {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text()
    }
}

impl Field {
    /// An empty field.
    pub fn new() -> Field {
        let mut area = TextArea::default();
        area.set_cursor_line_style(Style::default());
        area.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
        area.set_max_histories(0);
        Field { area }
    }

    /// An empty field that shows `•` for each character (a passphrase).
    pub fn masked() -> Field {
        let mut f = Field::new();
        f.area.set_mask_char('•');
        f
    }

    /// A field holding `text`, the cursor at its end.
    pub fn with_text(text: &str) -> Field {
        let mut f = Field::new();
        f.insert(text);
        f
    }

    /// The text.
    pub fn text(&self) -> String {
        self.area.lines().concat()
    }

    /// True when it holds nothing but spaces.
    pub fn is_blank(&self) -> bool {
        self.text().trim().is_empty()
    }

    /// Empties it.
    pub fn clear(&mut self) {
        self.area.clear();
    }

    fn len(&self) -> usize {
        self.area.lines().iter().map(|l| l.chars().count()).sum()
    }

    fn insert(&mut self, text: &str) {
        for c in clean(text).chars() {
            if self.len() >= MAX_CHARS {
                break;
            }
            self.area.insert_char(c);
        }
    }

    /// Pasted text: inserted at the cursor, cleaned; never a key.
    pub fn paste(&mut self, text: &str) {
        self.insert(text);
    }

    /// An editing key; false if the field does not use it (Enter, Esc, Tab, ↑↓ are the
    /// form's).
    pub fn key(&mut self, k: KeyEvent) -> bool {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let alt = k.modifiers.contains(KeyModifiers::ALT);
        let a = &mut self.area;
        match k.code {
            KeyCode::Char(c) if ctrl => match c.to_ascii_lowercase() {
                'a' => a.move_cursor(CursorMove::Head),
                'e' => a.move_cursor(CursorMove::End),
                'b' => a.move_cursor(CursorMove::Back),
                'f' => a.move_cursor(CursorMove::Forward),
                'h' => {
                    a.delete_char();
                }
                'd' => {
                    a.delete_next_char();
                }
                'w' => {
                    a.delete_word();
                }
                'u' => {
                    a.delete_line_by_head();
                }
                'k' => {
                    a.delete_line_by_end();
                }
                // Anything else with Ctrl is a control character: dropped.
                _ => {}
            },
            KeyCode::Char(c) if alt => match c {
                'b' => a.move_cursor(CursorMove::WordBack),
                'f' => a.move_cursor(CursorMove::WordForward),
                'd' => {
                    a.delete_next_word();
                }
                _ => {}
            },
            KeyCode::Char(c) => {
                let mut b = [0u8; 4];
                self.insert(c.encode_utf8(&mut b));
            }
            KeyCode::Backspace if alt => {
                a.delete_word();
            }
            KeyCode::Backspace => {
                a.delete_char();
            }
            KeyCode::Delete => {
                a.delete_next_char();
            }
            KeyCode::Left if ctrl || alt => a.move_cursor(CursorMove::WordBack),
            KeyCode::Right if ctrl || alt => a.move_cursor(CursorMove::WordForward),
            KeyCode::Left => a.move_cursor(CursorMove::Back),
            KeyCode::Right => a.move_cursor(CursorMove::Forward),
            KeyCode::Home => a.move_cursor(CursorMove::Head),
            KeyCode::End => a.move_cursor(CursorMove::End),
            _ => return false,
        }
        true
    }

    /// Draws the field into `area` (one row): with its cursor, scrolled to keep it in view,
    /// when `focused`; else its start.
    pub fn draw(&self, frame: &mut Frame, area: Rect, focused: bool) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let row = Rect { height: 1, ..area };
        if focused {
            frame.render_widget(&self.area, row);
        } else {
            let text = match self.area.mask_char() {
                Some(m) => m.to_string().repeat(self.len()),
                None => self.text(),
            };
            frame.render_widget(Paragraph::new(Line::raw(text)), row);
        }
    }
}

/// `text` without control characters or terminal escape sequences; line breaks and tabs
/// become spaces.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.next() {
                // CSI: parameters and intermediates up to a final byte in @..~.
                Some('[') => {
                    for d in chars.by_ref() {
                        if ('@'..='~').contains(&d) {
                            break;
                        }
                    }
                }
                // OSC, DCS and the like: up to BEL or ESC \.
                Some(']' | 'P' | '_' | '^' | 'X') => {
                    while let Some(d) = chars.next() {
                        if d == '\u{7}' {
                            break;
                        }
                        if d == '\u{1b}' {
                            chars.next_if_eq(&'\\');
                            break;
                        }
                    }
                }
                _ => {}
            },
            '\n' | '\r' | '\t' => {
                // One space for a CR LF pair.
                if c == '\r' {
                    chars.next_if_eq(&'\n');
                }
                out.push(' ');
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    fn typed(f: &mut Field, s: &str) {
        for c in s.chars() {
            f.key(k(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    #[test]
    fn shell_keys_edit_instead_of_inserting_letters() {
        let mut f = Field::new();
        typed(&mut f, "check the resolvers");
        f.key(k(KeyCode::Char('w'), KeyModifiers::CONTROL));
        assert_eq!(f.text(), "check the ");
        f.key(k(KeyCode::Char('a'), KeyModifiers::CONTROL));
        typed(&mut f, ">");
        f.key(k(KeyCode::Char('e'), KeyModifiers::CONTROL));
        typed(&mut f, "DNS");
        assert_eq!(f.text(), ">check the DNS");
        f.key(k(KeyCode::Char('h'), KeyModifiers::CONTROL));
        assert_eq!(f.text(), ">check the DN");
        f.key(k(KeyCode::Home, KeyModifiers::NONE));
        f.key(k(KeyCode::Delete, KeyModifiers::NONE));
        f.key(k(KeyCode::End, KeyModifiers::NONE));
        f.key(k(KeyCode::Left, KeyModifiers::NONE));
        f.key(k(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!(f.text(), "N");
        f.key(k(KeyCode::Char('x'), KeyModifiers::CONTROL));
        assert_eq!(f.text(), "N", "an unbound control key inserts nothing");
    }

    #[test]
    fn a_paste_is_cleaned_of_control_characters_and_escape_sequences() {
        let mut f = Field::new();
        f.paste("please\r\nthanks\tall\u{1b}[31mred\u{1b}[0m\u{7}\u{1b}]0;title\u{7}!");
        assert_eq!(f.text(), "please thanks allred!");
        assert_eq!(clean("a\u{1b}]8;;x\u{1b}\\b"), "ab");
    }

    #[test]
    fn a_field_holds_at_most_its_limit() {
        let mut f = Field::new();
        f.paste(&"x".repeat(MAX_CHARS + 50));
        assert_eq!(f.text().chars().count(), MAX_CHARS);
    }
}
