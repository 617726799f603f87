//! Problems found in input files, each pointing at `file:line:column` with a message and,
//! where one can be guessed, a suggestion.

use super::spans::{Path, Pos, Span, SpanIndex};
pub use crate::suggest::did_you_mean;
use std::fmt;

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as the user named it.
    pub file: String,
    /// Where in the file: the first character of the offending value.
    pub pos: Pos,
    /// Just past the offending value's last character, where known (an editor underlines
    /// `pos..end`; without it, the token at `pos`).
    pub end: Option<Pos>,
    /// An error, or a warning (`rensa validate --strict` fails on warnings too).
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// What to do about it, if known.
    pub help: Option<String>,
    /// The message and suggestion in Japanese, where written (else
    /// [`Diagnostic::render`] shows the English). Boxed: most diagnostics travel in
    /// `Result`s and stay small.
    pub ja: Option<Box<Japanese>>,
    /// The offending line of the file, for display (at most [`MAX_SHOWN_LINE`]
    /// characters of it).
    pub line_text: Option<String>,
    /// How many characters of the line were left out before `line_text`, which then
    /// starts with `…`: a long line is shown around the column.
    pub line_offset: usize,
}

/// A diagnostic's Japanese.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Japanese {
    /// What is wrong.
    pub message: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Severity {
    /// The file cannot be used.
    #[default]
    Error,
    /// The file can be used, but probably does not do what its author meant.
    Warning,
}

/// A sentence in both languages. Every message and suggestion of the data layer is one:
/// there is no English without its Japanese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// In English.
    pub en: String,
    /// In Japanese.
    pub ja: String,
}

impl Text {
    /// A sentence in English and Japanese.
    pub fn new(en: impl Into<String>, ja: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            ja: ja.into(),
        }
    }

    /// The sentence in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ja => &self.ja,
        }
    }
}

impl<E: Into<String>, J: Into<String>> From<(E, J)> for Text {
    fn from((en, ja): (E, J)) -> Text {
        Text::new(en, ja)
    }
}

/// A typed error the data layer can put into words, in both languages: its own and
/// those of the model (durations, ids, roles, distributions, permissions). The words of
/// each live in `scenario/words.rs`, one exhaustive match per type, so a new variant does
/// not compile until it has both.
pub trait Say {
    /// The error in `lang`.
    fn say(&self, lang: Lang) -> String;

    /// The error in both languages.
    fn text(&self) -> Text {
        Text::new(self.say(Lang::En), self.say(Lang::Ja))
    }
}

impl<T: Say> From<T> for Text {
    fn from(e: T) -> Text {
        e.text()
    }
}

/// The language diagnostics are rendered in: the crate's one [`crate::lang::Lang`].
pub use crate::lang::Lang;

impl fmt::Display for Diagnostic {
    /// `file:line:col: message`, then the line with a caret and the suggestion.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_in(f, Lang::En, self.severity == Severity::Warning)
    }
}

impl Diagnostic {
    /// The message in `lang` (English where no Japanese was given).
    pub fn message_in(&self, lang: Lang) -> &str {
        match (lang, self.ja.as_ref().and_then(|j| j.message.as_ref())) {
            (Lang::Ja, Some(m)) => m,
            _ => &self.message,
        }
    }

    /// The suggestion in `lang` (English where no Japanese was given).
    pub fn help_in(&self, lang: Lang) -> Option<&str> {
        match (lang, self.ja.as_ref().and_then(|j| j.help.as_ref())) {
            (Lang::Ja, Some(h)) => Some(h),
            _ => self.help.as_deref(),
        }
    }

    /// Renders this in `lang`: `file:line:col: message` (`warning: message` for a
    /// warning), then the line with a caret and the suggestion (`help:` / `ヒント:`). In
    /// English, the same as `Display`.
    pub fn render(&self, lang: Lang) -> String {
        struct In<'a>(&'a Diagnostic, Lang, bool);
        impl fmt::Display for In<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.write_in(f, self.1, self.2)
            }
        }
        In(self, lang, self.severity == Severity::Warning).to_string()
    }

    fn write_in(&self, f: &mut fmt::Formatter<'_>, lang: Lang, warning: bool) -> fmt::Result {
        let prefix = match (warning, lang) {
            (false, _) => "",
            (true, Lang::En) => "warning: ",
            (true, Lang::Ja) => "警告: ",
        };
        write!(
            f,
            "{}:{}:{}: {prefix}{}",
            self.file,
            self.pos.line,
            self.pos.col,
            self.message_in(lang)
        )?;
        if let Some(text) = &self.line_text {
            let gutter = self.pos.line.to_string().len();
            write!(f, "\n{:gutter$} |\n{} | {}", "", self.pos.line, text)?;
            let skipped = if self.line_offset > 0 {
                self.line_offset - 1 // the `…` stands in one column for what was left out
            } else {
                0
            };
            let pad: String = text
                .chars()
                .take(self.pos.col.saturating_sub(1).saturating_sub(skipped))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n{:gutter$} | {pad}^", "")?;
        }
        if let Some(help) = self.help_in(lang) {
            let word = match lang {
                Lang::En => "help",
                Lang::Ja => "ヒント",
            };
            write!(f, "\n  {word}: {help}")?;
        }
        Ok(())
    }

    /// Renders this as a warning: `file:line:col: warning: message`, then the line with a
    /// caret and the suggestion, as [`Diagnostic`]'s `Display` does for an error.
    pub fn warning(&self) -> String {
        self.warning_in(Lang::En)
    }

    /// [`Diagnostic::warning`] in `lang` (`警告:` in Japanese).
    pub fn warning_in(&self, lang: Lang) -> String {
        struct W<'a>(&'a Diagnostic, Lang);
        impl fmt::Display for W<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.write_in(f, self.1, true)
            }
        }
        W(self, lang).to_string()
    }
}

/// All problems found in one pass, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl Diagnostics {
    /// Renders every problem in `lang`, as `Display` does in English.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&d.render(lang));
            out.push('\n');
        }
        out
    }

    /// True when nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Number of problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

/// The most of a file's line a diagnostic shows, in characters: enough for the caret's
/// context, never a whole file squeezed onto one line.
pub const MAX_SHOWN_LINE: usize = 120;

/// A line as shown under a diagnostic: truncated to [`MAX_SHOWN_LINE`] characters, with
/// each unsafe character (see [`is_unsafe_char`]) replaced by one `�`, so the caret
/// under the column still lines up.
fn shown_line(line: &str, col: usize) -> (String, usize) {
    // From the start when the column is near it; otherwise a window around the column.
    let offset = if col + 20 > MAX_SHOWN_LINE {
        col.saturating_sub(MAX_SHOWN_LINE / 2)
    } else {
        0
    };
    let mut out = String::new();
    if offset > 0 {
        out.push('…');
    }
    out.extend(
        line.chars()
            .skip(offset)
            .take(MAX_SHOWN_LINE)
            .map(|c| if is_unsafe_char(c) { '\u{fffd}' } else { c }),
    );
    if line.chars().nth(offset + MAX_SHOWN_LINE).is_some() {
        out.push('…');
    }
    (out, offset)
}

/// True for characters that must never reach a terminal raw: C0 and C1 controls (except
/// tab and newline) and the bidirectional overrides that reorder what is displayed.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// The bidirectional embedding, override and isolate characters (U+202A–U+202E,
/// U+2066–U+2069).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The longest run of non-blank characters a message quotes whole: a 10 MB id or a
/// 309-digit number is shortened to its start and how much was left out.
pub const MAX_QUOTED_WORD: usize = 200;

/// `text` with every unsafe character (see [`is_unsafe_char`]) written as an escape such
/// as `\u{1b}`, so a message can quote file text without driving the terminal, and each
/// run of non-blank characters longer than [`MAX_QUOTED_WORD`] shortened.
pub fn visible(text: &str) -> String {
    let text = shorten_words(text);
    if !text.chars().any(is_unsafe_char) {
        return text;
    }
    text.chars()
        .map(|c| {
            if is_unsafe_char(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `text` with each run of non-blank characters over [`MAX_QUOTED_WORD`] cut to its first
/// hundred characters and a count of the rest.
fn shorten_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(4096));
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.chars().count() > MAX_QUOTED_WORD {
            out.push_str(&crate::suggest::shorten(word, MAX_QUOTED_WORD / 2));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_whitespace() {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

impl Diagnostic {
    /// Sets the Japanese message and suggestion (made safe to show like the English).
    pub fn ja(mut self, message: Option<String>, help: Option<String>) -> Diagnostic {
        self.ja = (message.is_some() || help.is_some()).then(|| {
            Box::new(Japanese {
                message: message.map(|m| visible(&m)),
                help: help.map(|h| visible(&h)),
            })
        });
        self
    }
}

/// A problem found by a meaning check, located by path until rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where the offending value is.
    pub path: Path,
    /// What is wrong.
    pub message: Text,
    /// What to do about it.
    pub help: Option<Text>,
    /// Where to point when the path cannot be located in the text (e.g. the parser's own
    /// position for a value it reported), instead of `1:1`.
    pub fallback: Option<Pos>,
    /// An error, or only a warning.
    pub severity: Severity,
}

impl Problem {
    /// An error at `path`.
    pub fn new(path: Path, message: impl Into<Text>) -> Problem {
        Problem {
            path,
            message: message.into(),
            help: None,
            fallback: None,
            severity: Severity::Error,
        }
    }

    /// Makes this a warning.
    pub fn warning(mut self) -> Problem {
        self.severity = Severity::Warning;
        self
    }

    /// Adds a suggestion.
    pub fn help(mut self, help: impl Into<Text>) -> Problem {
        self.help = Some(help.into());
        self
    }

    /// Adds a suggestion in English and Japanese.
    pub fn helps(self, en: impl Into<String>, ja: impl Into<String>) -> Problem {
        self.help(Text::new(en, ja))
    }

    /// Sets the position used when the path cannot be located.
    pub fn near(mut self, pos: Pos) -> Problem {
        self.fallback = Some(pos);
        self
    }
}

/// A source text with its name, able to turn paths and positions into diagnostics.
pub struct Source<'a> {
    /// The name to print.
    pub name: String,
    /// The text.
    pub text: &'a str,
    index: Option<SpanIndex>,
}

impl<'a> Source<'a> {
    /// A source named `name`. A leading UTF-8 byte-order mark is skipped: editors do not
    /// show it, so positions count from the first visible character.
    pub fn new(name: impl Into<String>, text: &'a str) -> Source<'a> {
        Source {
            name: name.into(),
            text: text.strip_prefix('\u{feff}').unwrap_or(text),
            index: None,
        }
    }

    /// A diagnostic at a position.
    pub fn at(&self, pos: Pos, message: impl Into<String>, help: Option<String>) -> Diagnostic {
        let shown = self
            .text
            .lines()
            .nth(pos.line.saturating_sub(1))
            .map(|l| shown_line(l.trim_end(), pos.col));
        Diagnostic {
            file: self.name.clone(),
            pos,
            end: None,
            severity: Severity::Error,
            message: visible(&message.into()),
            help: help.map(|h| visible(&h)),
            ja: None,
            line_offset: shown.as_ref().map_or(0, |(_, o)| *o),
            line_text: shown.map(|(t, _)| t),
        }
    }

    /// A diagnostic at a position, in both languages.
    pub fn say(&self, pos: Pos, message: Text, help: Option<Text>) -> Diagnostic {
        let (help_en, help_ja) = match help {
            Some(h) => (Some(h.en), Some(h.ja)),
            None => (None, None),
        };
        self.at(pos, message.en, help_en)
            .ja(Some(message.ja), help_ja)
    }

    /// Renders meaning problems, locating each by its path, sorted by position (errors
    /// and warnings alike).
    pub fn render(&mut self, problems: Vec<Problem>) -> Vec<Diagnostic> {
        let text = self.text;
        let index = self.index.get_or_insert_with(|| SpanIndex::new(text));
        let mut located: Vec<(Span, Problem)> = problems
            .into_iter()
            .map(|p| {
                let span = index.try_span(&p.path).unwrap_or_else(|| {
                    let at = p.fallback.unwrap_or(Pos { line: 1, col: 1 });
                    Span { start: at, end: at }
                });
                (span, p)
            })
            .collect();
        located.sort_by_key(|(span, _)| span.start);
        located
            .into_iter()
            .map(|(span, p)| {
                let message = Text::new(
                    format!("{} (at {})", p.message.en, p.path),
                    format!("{}（場所: {}）", p.message.ja, p.path),
                );
                let mut d = self.say(span.start, message, p.help);
                d.end = (span.end > span.start).then_some(span.end);
                d.severity = p.severity;
                d
            })
            .collect()
    }

    /// The index of the text's values (built once, on first use).
    pub fn index(&mut self) -> &SpanIndex {
        let text = self.text;
        self.index.get_or_insert_with(|| SpanIndex::new(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_ids_only() {
        let ids = ["kanto-power", "kansai-power", "kanto-telecom"];
        assert_eq!(did_you_mean("kanto-powr", ids), Some("kanto-power"));
        assert_eq!(did_you_mean("zzz", ids), None);
    }

    #[test]
    fn an_unlocatable_path_falls_back_to_the_known_position() {
        let mut src = Source::new("x.ron", "");
        let p =
            Problem::new(Path::root().field("a"), ("bad", "悪い")).near(Pos { line: 3, col: 4 });
        assert_eq!(src.render(vec![p])[0].pos, Pos { line: 3, col: 4 });
    }

    #[test]
    fn a_long_line_is_shown_around_the_column_with_the_caret_under_it() {
        let line = format!("{}X{}", "a".repeat(300), "b".repeat(300));
        let src = Source::new("x.ron", &line);
        let d = src.at(Pos { line: 1, col: 301 }, "here", None);
        let text = d.to_string();
        let rows: Vec<&str> = text.lines().collect();
        let shown = rows[2].strip_prefix("1 | ").expect("quoted line");
        let caret = rows[3].strip_prefix("  | ").expect("caret row");
        assert!(shown.chars().count() <= MAX_SHOWN_LINE + 2, "{shown}");
        assert_eq!(
            shown.chars().nth(caret.chars().count() - 1),
            Some('X'),
            "{text}"
        );
    }

    #[test]
    fn renders_file_line_column_first() {
        let src = Source::new("x.ron", "A(\n  b: 1,\n)");
        let d = src.at(Pos { line: 2, col: 6 }, "bad b", Some("fix it".into()));
        let text = d.to_string();
        assert!(text.starts_with("x.ron:2:6: bad b\n"), "{text}");
        assert!(text.contains("2 |   b: 1,"));
        assert!(text.ends_with("help: fix it"));
    }
}
