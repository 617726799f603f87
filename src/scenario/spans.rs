//! Where each value sits in a RON text, by its path (`injects[2].target`).
//!
//! `ron` reports line and column for syntax and type errors, but a deserialized value does
//! not remember where it came from. Meaning checks (an unknown id, a time past the end)
//! need that position, so after `ron` has accepted a file this module walks the text once
//! and records the start of every value. It accepts the RON grammar only as far as needed to
//! find values: comments, strings, raw strings, chars, numbers, identifiers, named and
//! anonymous structs and tuples, lists and maps.

use std::fmt;

/// One step of a path into a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// A named struct field.
    Field(String),
    /// A list element or tuple position.
    Index(usize),
}

/// A path from the document root to a value, e.g. `injects[2].target`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Path(pub Vec<Seg>);

impl Path {
    /// The root.
    pub fn root() -> Path {
        Path(Vec::new())
    }

    /// This path extended by a field.
    pub fn field(&self, name: &str) -> Path {
        let mut p = self.clone();
        p.0.push(Seg::Field(name.to_string()));
        p
    }

    /// The name of the last field on the path (`label` in `objectives[0].goal.label`, and
    /// in `injects[1].target[0]` `target`), if any.
    pub fn last_field(&self) -> Option<&str> {
        self.0.iter().rev().find_map(|s| match s {
            Seg::Field(n) => Some(n.as_str()),
            Seg::Index(_) => None,
        })
    }

    /// This path extended by an index.
    pub fn index(&self, i: usize) -> Path {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for seg in &self.0 {
            match seg {
                Seg::Field(n) if first => write!(f, "{n}")?,
                Seg::Field(n) => write!(f, ".{n}")?,
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
            first = false;
        }
        Ok(())
    }
}

/// A position in a text: 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub col: usize,
}

#[derive(Debug)]
enum Shape {
    Scalar,
    Fields(Vec<(String, Node)>),
    Items(Vec<Node>),
}

#[derive(Debug)]
struct Node {
    pos: Pos,
    /// Just past the value's last character.
    end: Pos,
    name: Option<String>,
    shape: Shape,
}

/// Where a value is written: from its first character to just past its last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    /// The first character.
    pub start: Pos,
    /// Just past the last character (on the same line, one column after it).
    pub end: Pos,
}

impl Span {
    /// True when `pos` is inside the span (`start ≤ pos < end`).
    pub fn contains(&self, pos: Pos) -> bool {
        self.start <= pos && pos < self.end
    }
}

/// The positions of all values of a RON document.
#[derive(Debug)]
pub struct SpanIndex {
    root: Option<Node>,
}

impl SpanIndex {
    /// Indexes `text`. Never fails: on text it cannot follow it keeps what it found.
    pub fn new(text: &str) -> SpanIndex {
        let mut p = Parser {
            chars: text.chars().collect(),
            i: 0,
            line: 1,
            col: 1,
            depth: 0,
        };
        p.skip_trivia();
        while p.peek() == Some('#') {
            p.skip_attribute();
            p.skip_trivia();
        }
        SpanIndex { root: p.value() }
    }

    /// The position of the value at `path`, or of its deepest ancestor that exists; `1:1`
    /// when nothing could be indexed (see [`SpanIndex::try_locate`]).
    pub fn locate(&self, path: &Path) -> Pos {
        self.try_locate(path).unwrap_or(Pos { line: 1, col: 1 })
    }

    /// Like [`SpanIndex::locate`], but `None` when the text held no value to start from,
    /// so a caller that knows a better position (the parser's) can use it.
    pub fn try_locate(&self, path: &Path) -> Option<Pos> {
        self.try_span(path).map(|s| s.start)
    }

    /// The span of the value at `path`, or of its deepest ancestor that exists; `None`
    /// when the text held no value to start from.
    pub fn try_span(&self, path: &Path) -> Option<Span> {
        let mut node = self.root.as_ref()?;
        for seg in &path.0 {
            node = unwrap_some(node);
            let next = match (&node.shape, seg) {
                (Shape::Fields(fields), Seg::Field(name)) => {
                    fields.iter().find(|(n, _)| n == name).map(|(_, v)| v)
                }
                (Shape::Items(items), Seg::Index(i)) => items.get(*i),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        Some(Span {
            start: node.pos,
            end: node.end,
        })
    }

    /// The innermost value whose span holds `pos`: its path (with `Some(…)` left out, as
    /// in [`SpanIndex::try_locate`]), its span, and the name written before it, if any
    /// (`RegionSector` in `RegionSector("a", Water)`). `None` outside every value.
    pub fn at(&self, pos: Pos) -> Option<Located<'_>> {
        let root = self.root.as_ref()?;
        if !root.span().contains(pos) {
            return None;
        }
        let mut path = Path::root();
        let mut node = root;
        loop {
            let inner = unwrap_some(node);
            let next = match &inner.shape {
                Shape::Scalar => None,
                Shape::Fields(fields) => fields
                    .iter()
                    .find(|(_, v)| v.span().contains(pos))
                    .map(|(n, v)| (Seg::Field(n.clone()), v)),
                Shape::Items(items) => items
                    .iter()
                    .enumerate()
                    .find(|(_, v)| v.span().contains(pos))
                    .map(|(i, v)| (Seg::Index(i), v)),
            };
            match next {
                Some((seg, child)) => {
                    path.0.push(seg);
                    node = child;
                }
                None => {
                    return Some(Located {
                        path,
                        span: node.span(),
                        name: unwrap_some(node).name.as_deref(),
                    });
                }
            }
        }
    }
}

/// A value found by [`SpanIndex::at`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<'a> {
    /// Its path from the root.
    pub path: Path,
    /// Where it is written.
    pub span: Span,
    /// The name written before it (a struct's or variant's), if any.
    pub name: Option<&'a str>,
}

impl Node {
    fn span(&self) -> Span {
        Span {
            start: self.pos,
            end: self.end,
        }
    }
}

/// `Some(x)` is transparent in paths: with implicit `Some` an author may write either.
fn unwrap_some(node: &Node) -> &Node {
    match (&node.name, &node.shape) {
        (Some(n), Shape::Items(items)) if n == "Some" && items.len() == 1 => &items[0],
        _ => node,
    }
}

struct Parser {
    chars: Vec<char>,
    i: usize,
    line: usize,
    col: usize,
    depth: usize,
}

const MAX_DEPTH: usize = 256;

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn peek_at(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            col: self.col,
        }
    }

    fn skip_trivia(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(c), _) if c.is_whitespace() => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    while let Some(c) = self.bump() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                (Some('/'), Some('*')) => {
                    self.bump();
                    self.bump();
                    let mut level = 1;
                    while level > 0 {
                        match (self.bump(), self.peek()) {
                            (None, _) => return,
                            (Some('/'), Some('*')) => {
                                self.bump();
                                level += 1;
                            }
                            (Some('*'), Some('/')) => {
                                self.bump();
                                level -= 1;
                            }
                            _ => {}
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn skip_attribute(&mut self) {
        // `#![enable(...)]`: skip to the matching `]`.
        let mut level = 0;
        while let Some(c) = self.bump() {
            match c {
                '[' => level += 1,
                ']' => {
                    level -= 1;
                    if level == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    fn ident(&mut self) -> Option<String> {
        let mut s = String::new();
        if self.peek() == Some('r') && self.peek_at(1) == Some('#') {
            self.bump();
            self.bump();
        }
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' {
                s.push(c);
                self.bump();
            } else {
                break;
            }
        }
        (!s.is_empty()).then_some(s)
    }

    fn value(&mut self) -> Option<Node> {
        let mut node = self.value_inner()?;
        node.end = self.pos();
        Some(node)
    }

    fn value_inner(&mut self) -> Option<Node> {
        self.skip_trivia();
        let pos = self.pos();
        let c = self.peek()?;
        if self.depth > MAX_DEPTH {
            return None;
        }
        match c {
            '"' => {
                self.string();
                Some(scalar(pos))
            }
            '\'' => {
                self.bump();
                while let Some(c) = self.bump() {
                    match c {
                        '\\' => {
                            self.bump();
                        }
                        '\'' => break,
                        _ => {}
                    }
                }
                Some(scalar(pos))
            }
            'r' if matches!(self.peek_at(1), Some('"') | Some('#')) && self.raw_string() => {
                Some(scalar(pos))
            }
            // Byte strings `b"…"` and raw byte strings `br"…"`, `br#"…"#`.
            'b' if self.peek_at(1) == Some('"') => {
                self.bump();
                self.string();
                Some(scalar(pos))
            }
            'b' if self.peek_at(1) == Some('r')
                && matches!(self.peek_at(2), Some('"') | Some('#'))
                && {
                    self.bump();
                    self.raw_string()
                } =>
            {
                Some(scalar(pos))
            }
            '(' => self.group(pos, None),
            '[' => {
                self.bump();
                self.depth += 1;
                let items = self.items(']');
                self.depth -= 1;
                Some(Node {
                    pos,
                    end: pos,
                    name: None,
                    shape: Shape::Items(items),
                })
            }
            '{' => {
                self.bump();
                self.depth += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_trivia();
                    match self.peek() {
                        None => break,
                        Some('}') => {
                            self.bump();
                            break;
                        }
                        Some(',') => {
                            self.bump();
                        }
                        Some(':') => {
                            self.bump();
                            if let Some(v) = self.value() {
                                items.push(v);
                            }
                        }
                        Some(_) => {
                            let before = self.i;
                            let _ = self.value();
                            if self.i == before {
                                self.bump();
                            }
                        }
                    }
                }
                self.depth -= 1;
                Some(Node {
                    pos,
                    end: pos,
                    name: None,
                    shape: Shape::Items(items),
                })
            }
            c if c.is_alphabetic() || c == '_' => {
                let name = self.ident()?;
                self.skip_trivia();
                if self.peek() == Some('(') {
                    self.group(pos, Some(name))
                } else if name == "Some" && matches!(self.peek(), Some('[') | Some('{')) {
                    // `Some[…]`: ron reads the list as the option's value.
                    self.depth += 1;
                    let inner = self.value();
                    self.depth -= 1;
                    Some(Node {
                        pos,
                        end: pos,
                        name: Some(name),
                        shape: Shape::Items(inner.into_iter().collect()),
                    })
                } else {
                    Some(Node {
                        pos,
                        end: pos,
                        name: Some(name),
                        shape: Shape::Scalar,
                    })
                }
            }
            _ => {
                // Number or other literal: take everything up to a delimiter.
                let start = self.i;
                while let Some(c) = self.peek() {
                    if c.is_whitespace() || matches!(c, ',' | ')' | ']' | '}' | ':') {
                        break;
                    }
                    self.bump();
                }
                // A stray delimiter is no value; the caller steps over it.
                (self.i > start).then(|| scalar(pos))
            }
        }
    }

    fn string(&mut self) {
        self.bump();
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    self.bump();
                }
                '"' => break,
                _ => {}
            }
        }
    }

    fn raw_string(&mut self) -> bool {
        let mut k = 1;
        let mut hashes = 0;
        while self.peek_at(k) == Some('#') {
            hashes += 1;
            k += 1;
        }
        if self.peek_at(k) != Some('"') {
            return false;
        }
        for _ in 0..=k {
            self.bump();
        }
        'outer: while let Some(c) = self.bump() {
            if c == '"' {
                for j in 0..hashes {
                    if self.peek_at(j) != Some('#') {
                        continue 'outer;
                    }
                }
                for _ in 0..hashes {
                    self.bump();
                }
                break;
            }
        }
        true
    }

    /// `( ... )`: fields if it starts with `ident:`, items otherwise.
    fn group(&mut self, pos: Pos, name: Option<String>) -> Option<Node> {
        self.bump();
        self.depth += 1;
        self.skip_trivia();
        let save = (self.i, self.line, self.col);
        let is_struct = self.ident().is_some() && {
            self.skip_trivia();
            self.peek() == Some(':')
        };
        (self.i, self.line, self.col) = save;
        let shape = if is_struct {
            let mut fields = Vec::new();
            loop {
                self.skip_trivia();
                match self.peek() {
                    None => break,
                    Some(')') => {
                        self.bump();
                        break;
                    }
                    Some(',') => {
                        self.bump();
                    }
                    Some(_) => {
                        let Some(field) = self.ident() else {
                            // Not a field name: step over a whole value (a string may hold
                            // brackets), or at least one character.
                            let before = self.i;
                            let _ = self.value();
                            if self.i == before {
                                self.bump();
                            }
                            continue;
                        };
                        self.skip_trivia();
                        if self.peek() == Some(':') {
                            self.bump();
                        }
                        if let Some(v) = self.value() {
                            fields.push((field, v));
                        }
                    }
                }
            }
            Shape::Fields(fields)
        } else {
            Shape::Items(self.items(')'))
        };
        self.depth -= 1;
        Some(Node {
            pos,
            end: pos,
            name,
            shape,
        })
    }

    fn items(&mut self, close: char) -> Vec<Node> {
        let mut items = Vec::new();
        loop {
            self.skip_trivia();
            match self.peek() {
                None => break,
                Some(c) if c == close => {
                    self.bump();
                    break;
                }
                Some(',') => {
                    self.bump();
                }
                Some(_) => {
                    let before = self.i;
                    if let Some(v) = self.value() {
                        items.push(v);
                    }
                    // Every turn consumes at least one character, so the loop ends.
                    if self.i == before {
                        self.bump();
                    }
                }
            }
        }
        items
    }
}

fn scalar(pos: Pos) -> Node {
    Node {
        pos,
        end: pos,
        name: None,
        shape: Shape::Scalar,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"// a comment
Scenario(
    name: "x (not a paren",
    injects: [
        Inject(at: "2h", target: Operator("kanto-power")),
        /* nested /* comment */ */ Inject(
            at: 30,
            target: Sector(Electricity),
        ),
    ],
    opt: Some((a: 1)),
)
"#;

    #[test]
    fn finds_fields_and_items() {
        let idx = SpanIndex::new(DOC);
        let p = Path::root().field("injects").index(1).field("at");
        assert_eq!(idx.locate(&p), Pos { line: 7, col: 17 });
        let p = Path::root()
            .field("injects")
            .index(0)
            .field("target")
            .index(0);
        assert_eq!(idx.locate(&p), Pos { line: 5, col: 43 });
        assert_eq!(p.to_string(), "injects[0].target[0]");
    }

    #[test]
    fn missing_paths_fall_back_to_the_deepest_ancestor() {
        let idx = SpanIndex::new(DOC);
        let p = Path::root().field("injects").index(9);
        assert_eq!(idx.locate(&p), Pos { line: 4, col: 14 });
    }

    #[test]
    fn some_is_transparent() {
        let idx = SpanIndex::new(DOC);
        let p = Path::root().field("opt").field("a");
        assert_eq!(idx.locate(&p), Pos { line: 11, col: 19 });
    }

    #[test]
    fn malformed_text_ends_and_byte_strings_are_one_value() {
        // Each of these once made the indexer loop forever, allocating.
        let log = r#"Drill(scenario: "default", seed: 1, players: Some["x(:"])"#;
        let idx = SpanIndex::new(log);
        let p = Path::root().field("players").index(0);
        assert_eq!(idx.locate(&p), Pos { line: 1, col: 51 });
        let text = r##"A(a: br"x(:", b: b"(:", c: br#"(:"#, d: 1)"##;
        let idx = SpanIndex::new(text);
        assert_eq!(
            idx.locate(&Path::root().field("d")),
            Pos { line: 1, col: 41 }
        );
        for text in ["(:", "[:", "(a: (:))", "{::}", "A(x: [(:]"] {
            let _ = SpanIndex::new(text).locate(&Path::root().field("a"));
        }
    }

    #[test]
    fn finds_the_innermost_value_at_a_position() {
        let idx = SpanIndex::new(DOC);
        // Inside "kanto-powe|r": the string, the first value of `Operator(…)`.
        let found = idx.at(Pos { line: 5, col: 50 }).expect("a value");
        assert_eq!(found.path.to_string(), "injects[0].target[0]");
        assert_eq!(
            found.span,
            Span {
                start: Pos { line: 5, col: 43 },
                end: Pos { line: 5, col: 56 }
            }
        );
        // On the closing parenthesis of `Operator(…)`: the target itself, with its name.
        let found = idx.at(Pos { line: 5, col: 56 }).expect("a value");
        assert_eq!(found.path.to_string(), "injects[0].target");
        assert_eq!(found.name, Some("Operator"));
        // Inside `Some((a: 1))`: `Some` is left out of the path.
        let found = idx.at(Pos { line: 11, col: 19 }).expect("a value");
        assert_eq!(found.path.to_string(), "opt.a");
        assert_eq!(idx.at(Pos { line: 1, col: 3 }), None, "a comment");
    }

    #[test]
    fn never_panics_on_garbage() {
        for text in [
            "",
            "(((",
            "\"unterminated",
            "r#\"x",
            "/* open",
            "[1, (a: ]",
            "#![x",
        ] {
            let idx = SpanIndex::new(text);
            let _ = idx.locate(&Path::root().field("a").index(3));
        }
    }
}
