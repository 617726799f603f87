//! A remote terminal's bytes → key and paste events, the same `crossterm` events the local
//! terminal gives, so one key table serves both.
//!
//! Written here rather than taken from a crate: crossterm's own parser is private, and
//! termwiz's `InputParser` (wezterm's, the maintained public one) stops at an invalid UTF-8
//! byte and keeps everything after it, and buffers an unterminated paste without bound —
//! on a server, one hostile client could grow its memory at will. This one follows
//! crossterm's mapping of C0 bytes and xterm's CSI/SS3 keys, and is bounded: a sequence
//! or a paste past its limit is cut, never stored, and no event carries a control
//! character or escape sequence as text.

use crate::scenario::diagnostics::is_unsafe_char;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// The longest paste kept, in bytes; the rest of a longer paste is dropped.
pub const MAX_PASTE: usize = 16 * 1024;

/// The longest CSI sequence read (parameters and intermediates); a longer one is dropped.
const MAX_CSI: usize = 32;

/// What the parser is in the middle of.
#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    /// Between events.
    Ground,
    /// After ESC: a key with Alt, a sequence, or Esc itself.
    Esc,
    /// After `ESC [`: parameters and intermediates so far (None once too long).
    Csi(Option<Vec<u8>>),
    /// After `ESC O`.
    Ss3,
    /// Inside a bracketed paste: the text so far, and whether some was dropped.
    Paste,
}

/// Parses one connection's input, chunk by chunk.
#[derive(Debug, Clone)]
pub struct Parser {
    state: State,
    /// Bytes of a UTF-8 character cut by the end of a chunk (at most 3).
    utf8: Vec<u8>,
    /// A paste's bytes (at most [`MAX_PASTE`]).
    paste: Vec<u8>,
    /// The last bytes seen inside a paste, to find its end marker across chunks.
    tail: Vec<u8>,
}

impl Default for Parser {
    fn default() -> Parser {
        Parser::new()
    }
}

/// The end of a bracketed paste.
const PASTE_END: &[u8] = b"\x1b[201~";

fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, modifiers))
}

impl Parser {
    /// A parser between events.
    pub fn new() -> Parser {
        Parser {
            state: State::Ground,
            utf8: Vec::new(),
            paste: Vec::new(),
            tail: Vec::new(),
        }
    }

    /// Whether a lone ESC (or a sequence cut short) waits for more bytes: the caller calls
    /// [`Parser::flush`] if none come soon (an Esc key press is one ESC byte).
    pub fn pending(&self) -> bool {
        matches!(self.state, State::Esc | State::Csi(_) | State::Ss3)
    }

    /// No more bytes came: a waiting ESC is the Esc key; a sequence cut short is dropped.
    pub fn flush(&mut self) -> Vec<Event> {
        let out = match self.state {
            State::Esc => vec![key(KeyCode::Esc, KeyModifiers::NONE)],
            _ => Vec::new(),
        };
        if self.state != State::Paste {
            self.state = State::Ground;
        }
        out
    }

    /// The events in `bytes` (and in what earlier chunks left unfinished).
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        let mut out = Vec::new();
        for &b in bytes {
            self.byte(b, &mut out);
        }
        out
    }

    fn byte(&mut self, b: u8, out: &mut Vec<Event>) {
        match std::mem::replace(&mut self.state, State::Ground) {
            State::Ground => self.ground(b, out),
            State::Esc => match b {
                b'[' => self.state = State::Csi(Some(Vec::new())),
                b'O' => self.state = State::Ss3,
                0x1b => {
                    out.push(key(KeyCode::Esc, KeyModifiers::NONE));
                    self.state = State::Esc;
                }
                _ => {
                    // Alt + the key this byte is.
                    let mut one = Vec::new();
                    self.ground(b, &mut one);
                    for e in one {
                        match e {
                            Event::Key(mut k) => {
                                k.modifiers |= KeyModifiers::ALT;
                                out.push(Event::Key(k));
                            }
                            other => out.push(other),
                        }
                    }
                }
            },
            State::Csi(params) => match b {
                0x20..=0x3f => {
                    self.state = State::Csi(params.and_then(|mut p| {
                        p.push(b);
                        (p.len() <= MAX_CSI).then_some(p)
                    }));
                }
                0x40..=0x7e => {
                    if let Some(p) = params {
                        self.csi(&p, b, out);
                    }
                }
                0x1b => self.state = State::Esc,
                // A control byte inside a sequence: the sequence is broken; drop it.
                _ => {}
            },
            State::Ss3 => {
                let code = match b {
                    b'A' => Some(KeyCode::Up),
                    b'B' => Some(KeyCode::Down),
                    b'C' => Some(KeyCode::Right),
                    b'D' => Some(KeyCode::Left),
                    b'H' => Some(KeyCode::Home),
                    b'F' => Some(KeyCode::End),
                    b'M' => Some(KeyCode::Enter),
                    b'P'..=b'S' => Some(KeyCode::F(b - b'P' + 1)),
                    _ => None,
                };
                if let Some(c) = code {
                    out.push(key(c, KeyModifiers::NONE));
                } else if b == 0x1b {
                    self.state = State::Esc;
                }
            }
            State::Paste => {
                self.state = State::Paste;
                self.tail.push(b);
                if self.tail.len() > PASTE_END.len() {
                    let first = self.tail.remove(0);
                    if self.paste.len() < MAX_PASTE {
                        self.paste.push(first);
                    }
                }
                if self.tail == PASTE_END {
                    self.tail.clear();
                    let text = String::from_utf8_lossy(&self.paste).into_owned();
                    self.paste.clear();
                    self.state = State::Ground;
                    out.push(Event::Paste(clean_paste(&text)));
                }
            }
        }
    }

    fn ground(&mut self, b: u8, out: &mut Vec<Event>) {
        if !self.utf8.is_empty() || b >= 0x80 {
            self.utf8.push(b);
            match std::str::from_utf8(&self.utf8) {
                Ok(s) => {
                    let c = s.chars().next().unwrap_or('\u{fffd}');
                    self.utf8.clear();
                    if !is_unsafe_char(c) {
                        out.push(key(KeyCode::Char(c), KeyModifiers::NONE));
                    }
                }
                Err(e) if e.error_len().is_some() || self.utf8.len() >= 4 => {
                    // Not UTF-8: drop it (and read this byte afresh if it starts anew).
                    self.utf8.clear();
                    if b < 0x80 {
                        self.ground(b, out);
                    } else if b >= 0xc0 {
                        self.utf8.push(b);
                    }
                }
                Err(_) => {}
            }
            return;
        }
        let ctrl = KeyModifiers::CONTROL;
        let none = KeyModifiers::NONE;
        match b {
            0x1b => self.state = State::Esc,
            b'\r' | b'\n' => out.push(key(KeyCode::Enter, none)),
            b'\t' => out.push(key(KeyCode::Tab, none)),
            0x7f => out.push(key(KeyCode::Backspace, none)),
            0x00 => out.push(key(KeyCode::Char(' '), ctrl)),
            0x01..=0x1a => out.push(key(KeyCode::Char((b - 0x01 + b'a') as char), ctrl)),
            0x1c..=0x1f => out.push(key(KeyCode::Char((b - 0x1c + b'4') as char), ctrl)),
            _ => out.push(key(KeyCode::Char(b as char), none)),
        }
    }

    /// A complete CSI sequence: `params` then the final byte `fin`.
    fn csi(&mut self, params: &[u8], fin: u8, out: &mut Vec<Event>) {
        let text = std::str::from_utf8(params).unwrap_or("");
        let mut nums = text.split(';').map(|n| n.parse::<u16>().ok());
        let first = nums.next().flatten();
        let modifiers = nums
            .next()
            .flatten()
            .map(modifiers)
            .unwrap_or(KeyModifiers::NONE);
        let code = match fin {
            b'A' => Some(KeyCode::Up),
            b'B' => Some(KeyCode::Down),
            b'C' => Some(KeyCode::Right),
            b'D' => Some(KeyCode::Left),
            b'H' => Some(KeyCode::Home),
            b'F' => Some(KeyCode::End),
            b'Z' => Some(KeyCode::BackTab),
            b'P'..=b'S' if first == Some(1) => Some(KeyCode::F(fin - b'P' + 1)),
            b'~' => match first {
                Some(1 | 7) => Some(KeyCode::Home),
                Some(4 | 8) => Some(KeyCode::End),
                Some(2) => Some(KeyCode::Insert),
                Some(3) => Some(KeyCode::Delete),
                Some(5) => Some(KeyCode::PageUp),
                Some(6) => Some(KeyCode::PageDown),
                Some(n @ 11..=15) => Some(KeyCode::F((n - 10) as u8)),
                Some(n @ 17..=21) => Some(KeyCode::F((n - 11) as u8)),
                Some(n @ 23..=24) => Some(KeyCode::F((n - 12) as u8)),
                Some(200) => {
                    self.state = State::Paste;
                    self.paste.clear();
                    self.tail.clear();
                    None
                }
                _ => None,
            },
            // Mouse reports, focus events and anything else: not keys.
            _ => None,
        };
        if let Some(c) = code {
            let m = if c == KeyCode::BackTab {
                modifiers | KeyModifiers::SHIFT
            } else {
                modifiers
            };
            out.push(key(c, m));
        }
    }
}

/// xterm's modifier parameter: 1 + (1 shift, 2 alt, 4 control).
fn modifiers(p: u16) -> KeyModifiers {
    let bits = p.saturating_sub(1);
    let mut m = KeyModifiers::NONE;
    if bits & 1 != 0 {
        m |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        m |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        m |= KeyModifiers::CONTROL;
    }
    m
}

/// A paste as text: line breaks as `\n`, tabs kept, every other control character and
/// escape sequence dropped (a pasted `ESC [ 2 J` must not reach another seat's terminal).
pub fn clean_paste(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // Skip the sequence: ESC [ … final, ESC ] … BEL/ST, or ESC + one character.
            match chars.next() {
                Some('[') => {
                    for d in chars.by_ref() {
                        if ('\u{40}'..='\u{7e}').contains(&d) {
                            break;
                        }
                    }
                }
                Some(']') => {
                    while let Some(d) = chars.next() {
                        if d == '\u{7}' {
                            break;
                        }
                        if d == '\u{1b}' && chars.peek() == Some(&'\\') {
                            chars.next();
                            break;
                        }
                    }
                }
                _ => {}
            }
            continue;
        }
        if !is_unsafe_char(c) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn k(c: KeyCode) -> Event {
        key(c, KeyModifiers::NONE)
    }

    #[test]
    fn keys_arrive_as_the_local_terminal_gives_them() {
        let mut p = Parser::new();
        let got = p.feed(b"ab\r\x7f\t\x1b[A\x1bOB\x1b[5~\x1b[6~\x1b[H\x1b[4~\x17\x08");
        assert_eq!(
            got,
            vec![
                k(KeyCode::Char('a')),
                k(KeyCode::Char('b')),
                k(KeyCode::Enter),
                k(KeyCode::Backspace),
                k(KeyCode::Tab),
                k(KeyCode::Up),
                k(KeyCode::Down),
                k(KeyCode::PageUp),
                k(KeyCode::PageDown),
                k(KeyCode::Home),
                k(KeyCode::End),
                key(KeyCode::Char('w'), KeyModifiers::CONTROL),
                key(KeyCode::Char('h'), KeyModifiers::CONTROL),
            ]
        );
        assert_eq!(
            p.feed(b"\x1b[1;5C\x1b[Z"),
            vec![
                key(KeyCode::Right, KeyModifiers::CONTROL),
                key(KeyCode::BackTab, KeyModifiers::SHIFT)
            ]
        );
    }

    #[test]
    fn a_lone_esc_waits_for_the_flush_and_esc_then_a_letter_is_alt() {
        let mut p = Parser::new();
        assert!(p.feed(b"\x1b").is_empty());
        assert!(p.pending());
        assert_eq!(p.flush(), vec![k(KeyCode::Esc)]);
        assert_eq!(
            p.feed(b"\x1bx"),
            vec![key(KeyCode::Char('x'), KeyModifiers::ALT)]
        );
    }

    #[test]
    fn utf8_split_across_chunks_is_one_character_and_invalid_bytes_are_dropped() {
        let mut p = Parser::new();
        let bytes = "日".as_bytes();
        assert!(p.feed(&bytes[..1]).is_empty());
        assert_eq!(p.feed(&bytes[1..]), vec![k(KeyCode::Char('日'))]);
        assert_eq!(p.feed(b"\xffz"), vec![k(KeyCode::Char('z'))]);
        // A C1 control (U+009B, CSI in some terminals) is never a typed character.
        assert!(p.feed("\u{9b}".as_bytes()).is_empty());
    }

    #[test]
    fn a_bracketed_paste_is_text_never_keys() {
        let mut p = Parser::new();
        let got = p.feed(b"\x1b[200~please\r\nthanks \x1b[2J\x1b]0;x\x07ok\x1b[201~q");
        assert_eq!(
            got,
            vec![
                Event::Paste("please\nthanks ok".into()),
                k(KeyCode::Char('q'))
            ]
        );
    }

    #[test]
    fn a_paste_split_anywhere_is_the_same_paste() {
        let whole = b"\x1b[200~one\ntwo\x1b[201~".to_vec();
        for cut in 0..whole.len() {
            let mut p = Parser::new();
            let mut got = p.feed(&whole[..cut]);
            got.extend(p.feed(&whole[cut..]));
            assert_eq!(got, vec![Event::Paste("one\ntwo".into())], "cut at {cut}");
        }
    }

    #[test]
    fn an_endless_paste_or_sequence_keeps_memory_bounded() {
        let mut p = Parser::new();
        p.feed(b"\x1b[200~");
        for _ in 0..100 {
            p.feed(&[b'x'; 4096]);
        }
        assert!(p.paste.len() <= MAX_PASTE);
        let got = p.feed(PASTE_END);
        assert!(matches!(&got[..], [Event::Paste(s)] if s.len() == MAX_PASTE));
        p.feed(b"\x1b[");
        p.feed(&[b'1'; 10_000]);
        assert_eq!(p.state, State::Csi(None));
        assert!(p.feed(b"A").is_empty(), "an overlong sequence is dropped");
    }

    proptest! {
        #[test]
        fn any_bytes_give_keys_without_control_text(
            chunks in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..64), 0..16)
        ) {
            let mut p = Parser::new();
            for c in &chunks {
                for e in p.feed(c) {
                    match e {
                        Event::Key(k) => {
                            if let KeyCode::Char(c) = k.code
                                && !k.modifiers.contains(KeyModifiers::CONTROL)
                            {
                                prop_assert!(!is_unsafe_char(c), "{c:?}");
                            }
                        }
                        Event::Paste(s) => {
                            prop_assert!(!s.chars().any(is_unsafe_char), "{s:?}")
                        }
                        other => prop_assert!(false, "unexpected {other:?}"),
                    }
                }
                prop_assert!(p.paste.len() <= MAX_PASTE);
                prop_assert!(p.utf8.len() < 4);
                prop_assert!(p.tail.len() <= PASTE_END.len());
            }
            p.flush();
        }

        #[test]
        fn pasted_text_is_one_paste_event(text in "[^\\x1b]{0,200}") {
            let mut p = Parser::new();
            let mut bytes = b"\x1b[200~".to_vec();
            bytes.extend(text.as_bytes());
            bytes.extend(PASTE_END);
            let got = p.feed(&bytes);
            prop_assert_eq!(got, vec![Event::Paste(clean_paste(&text))]);
        }
    }
}
