//! Positions: LSP's (line, UTF-16 unit) against byte offsets and the data layer's
//! (line, character) from 1; file paths against `file://` URIs.

use crate::scenario::spans::Pos;
use lsp_types::{Position, Range};
use std::path::{Path, PathBuf};

/// A text with the start of each line, for position conversions.
#[derive(Debug, Clone)]
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    /// Indexes `text`.
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let start = self.starts.get(line).copied().unwrap_or(text.len());
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |e| e.saturating_sub(1));
        &text[start.min(text.len())..end.max(start).min(text.len())]
    }

    /// The byte offset of an LSP position (clamped to the text).
    pub fn offset(&self, text: &str, p: Position) -> usize {
        let line = p.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let mut units = 0u32;
        for (i, c) in self.line_text(text, line).char_indices() {
            if units >= p.character {
                return start + i;
            }
            units += c.len_utf16() as u32;
        }
        start + self.line_text(text, line).len()
    }

    /// The LSP position of a byte offset.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|s| *s <= offset) - 1;
        let start = self.starts[line];
        let character = text
            .get(start..offset)
            .map_or(0, |s| s.chars().map(|c| c.len_utf16() as u32).sum());
        Position {
            line: line as u32,
            character,
        }
    }

    /// The byte offset of a data-layer position (line and character column from 1).
    pub fn offset_of_pos(&self, text: &str, pos: Pos) -> usize {
        let line = pos.line.saturating_sub(1);
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let l = self.line_text(text, line);
        start
            + l.char_indices()
                .nth(pos.col.saturating_sub(1))
                .map_or(l.len(), |(i, _)| i)
    }

    /// The range of the token that starts at byte `offset`: a string with its quotes, an
    /// identifier, number or duration, or one character.
    pub fn token_range(&self, text: &str, offset: usize) -> Range {
        // `get`: an offset inside a character (never made here, but cheap to refuse) is
        // an empty token, not a panic.
        let rest = text.get(offset.min(text.len())..).unwrap_or("");
        let len = if let Some(body) = rest.strip_prefix('"') {
            let mut end = body.len();
            let mut escaped = false;
            for (i, c) in body.char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        end = i + 1;
                        break;
                    }
                    '\n' => {
                        end = i;
                        break;
                    }
                    _ => escaped = false,
                }
            }
            end + 1
        } else {
            let word = rest
                .char_indices()
                .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '+')))
                .map_or(rest.len(), |(i, _)| i);
            if word > 0 {
                word
            } else {
                rest.chars().next().map_or(0, char::len_utf8)
            }
        };
        Range {
            start: self.position(text, offset),
            end: self.position(text, offset + len),
        }
    }
}

/// The path of a `file://` URI (percent-escapes decoded), or `None` for another scheme.
pub fn uri_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // `file://host/path`: only the local host (empty or `localhost`) is a path here.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = rest
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok().map(PathBuf::from)
}

/// The `file://` URI of an absolute path, with every byte outside the unreserved set and
/// `/` percent-escaped.
pub fn path_uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_and_round_trip() {
        let text = "a\n電力 \"x\"\n";
        let lines = Lines::new(text);
        let off = text.find('"').expect("quote");
        let p = lines.position(text, off);
        assert_eq!((p.line, p.character), (1, 3));
        assert_eq!(lines.offset(text, p), off);
        assert_eq!(lines.offset_of_pos(text, Pos { line: 2, col: 4 }), off);
        let r = lines.token_range(text, off);
        assert_eq!((r.end.line, r.end.character), (1, 6));
    }

    #[test]
    fn file_uris_decode_and_encode() {
        let p = uri_path("file:///tmp/my%20drill/a.ron").expect("a path");
        assert_eq!(p, PathBuf::from("/tmp/my drill/a.ron"));
        assert_eq!(path_uri(&p), "file:///tmp/my%20drill/a.ron");
        assert_eq!(uri_path("untitled:1"), None);
    }
}
