//! A forgiving reading of RON text with the byte range of every value, for a document
//! being typed: unclosed brackets, missing commas and half-written fields still give a
//! tree, so the server can tell where the cursor is. The data layer's parser remains the
//! judge of what is valid; this one never reports anything.

/// A value and where it is (`start..end`, byte offsets; `end` is past its last byte, or
/// the end of the text for an unclosed bracket).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// First byte.
    pub start: usize,
    /// Past the last byte.
    pub end: usize,
    /// What it is.
    pub kind: Kind,
}

/// What a value is.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A string: its content (escapes kept as written) and where the content starts.
    Str {
        /// The text between the quotes.
        text: String,
        /// Offset of the content's first byte.
        content: usize,
        /// True when the closing quote is there.
        closed: bool,
    },
    /// A bare identifier: a unit variant, `true`, `None`.
    Ident(String),
    /// A number or other literal.
    Literal,
    /// `Name(…)` or `(…)`: fields `name: value` and items.
    Group {
        /// The name before the parenthesis, if any.
        name: Option<String>,
        /// Offset of `(`.
        open: usize,
        /// Its fields.
        fields: Vec<Field>,
        /// Its positional items.
        items: Vec<Node>,
    },
    /// `[…]`.
    List(Vec<Node>),
    /// `{key: value, …}`.
    Map(Vec<(Node, Option<Node>)>),
}

/// `name: value` inside a group.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The field's name.
    pub name: String,
    /// Where the name starts.
    pub start: usize,
    /// Where the name ends.
    pub name_end: usize,
    /// The value, if written yet.
    pub value: Option<Node>,
}

/// Reads `text` into its root value (`None` for a text with no value).
pub fn parse(text: &str) -> Option<Node> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
        depth: 0,
    };
    p.trivia();
    while p.peek() == Some(b'#') {
        // `#![enable(...)]`
        while let Some(c) = p.bump() {
            if c == b']' {
                break;
            }
        }
        p.trivia();
    }
    p.value()
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    depth: usize,
}

const MAX_DEPTH: usize = 128;

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn peek_at(&self, k: usize) -> Option<u8> {
        self.s.get(self.i + k).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.i += 1;
        Some(c)
    }

    fn trivia(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(c), _) if c.is_ascii_whitespace() => self.i += 1,
                (Some(b'/'), Some(b'/')) => {
                    while let Some(c) = self.bump() {
                        if c == b'\n' {
                            break;
                        }
                    }
                }
                (Some(b'/'), Some(b'*')) => {
                    self.i += 2;
                    let mut level = 1;
                    while level > 0 {
                        match (self.bump(), self.peek()) {
                            (None, _) => return,
                            (Some(b'/'), Some(b'*')) => {
                                self.i += 1;
                                level += 1;
                            }
                            (Some(b'*'), Some(b'/')) => {
                                self.i += 1;
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

    fn ident(&mut self) -> Option<String> {
        let start = self.i;
        if self.peek() == Some(b'r') && self.peek_at(1) == Some(b'#') {
            self.i += 2;
        }
        let name_start = self.i;
        while self.peek().is_some_and(is_ident_byte) {
            self.i += 1;
        }
        if self.i == name_start {
            self.i = start;
            return None;
        }
        Some(self.text.get(name_start..self.i)?.to_string())
    }

    fn value(&mut self) -> Option<Node> {
        self.trivia();
        let start = self.i;
        let c = self.peek()?;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let kind = match c {
            b'"' => {
                self.i += 1;
                let content = self.i;
                let mut closed = false;
                while let Some(c) = self.bump() {
                    match c {
                        b'\\' => {
                            self.bump();
                        }
                        b'"' => {
                            closed = true;
                            break;
                        }
                        // A string left open at the end of a line: stop there, so the rest
                        // of the document still reads (the editor is mid-word).
                        b'\n' => {
                            self.i -= 1;
                            break;
                        }
                        _ => {}
                    }
                }
                let end = if closed { self.i - 1 } else { self.i };
                Kind::Str {
                    text: self.text.get(content..end).unwrap_or_default().to_string(),
                    content,
                    closed,
                }
            }
            b'(' => self.group(None),
            b'[' => {
                self.i += 1;
                self.depth += 1;
                let items = self.items(b']');
                self.depth -= 1;
                Kind::List(items)
            }
            b'{' => {
                self.i += 1;
                self.depth += 1;
                let mut entries = Vec::new();
                loop {
                    self.trivia();
                    match self.peek() {
                        None => break,
                        Some(b'}') => {
                            self.i += 1;
                            break;
                        }
                        Some(b',') => self.i += 1,
                        Some(b')' | b']') => break,
                        Some(_) => {
                            let before = self.i;
                            let key = self.value();
                            self.trivia();
                            let value = if self.peek() == Some(b':') {
                                self.i += 1;
                                self.value()
                            } else {
                                None
                            };
                            if let Some(k) = key {
                                entries.push((k, value));
                            }
                            if self.i == before {
                                self.i += 1;
                            }
                        }
                    }
                }
                self.depth -= 1;
                Kind::Map(entries)
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let name = self.ident()?;
                let save = self.i;
                self.trivia();
                if self.peek() == Some(b'(') {
                    self.group(Some(name))
                } else {
                    self.i = save;
                    Kind::Ident(name)
                }
            }
            _ => {
                while let Some(c) = self.peek() {
                    if c.is_ascii_whitespace() || matches!(c, b',' | b')' | b']' | b'}' | b':') {
                        break;
                    }
                    self.i += 1;
                }
                if self.i == start {
                    return None;
                }
                Kind::Literal
            }
        };
        Some(Node {
            start,
            end: self.i,
            kind,
        })
    }

    /// `(…)`: fields where an identifier is followed by `:`, items otherwise.
    fn group(&mut self, name: Option<String>) -> Kind {
        let open = self.i;
        self.i += 1;
        self.depth += 1;
        let mut fields = Vec::new();
        let mut items = Vec::new();
        loop {
            self.trivia();
            match self.peek() {
                None => break,
                Some(b')') => {
                    self.i += 1;
                    break;
                }
                // A closing bracket of an outer list: this group was left open.
                Some(b']' | b'}') => break,
                Some(b',') => self.i += 1,
                Some(_) => {
                    let before = self.i;
                    let field_start = self.i;
                    if let Some(field) = self.ident() {
                        let name_end = self.i;
                        self.trivia();
                        if self.peek() == Some(b':') {
                            self.i += 1;
                            let value = self.value();
                            fields.push(Field {
                                name: field,
                                start: field_start,
                                name_end,
                                value,
                            });
                            continue;
                        }
                        self.i = field_start;
                    }
                    if let Some(v) = self.value() {
                        items.push(v);
                    }
                    if self.i == before {
                        self.i += 1;
                    }
                }
            }
        }
        self.depth -= 1;
        Kind::Group {
            name,
            open,
            fields,
            items,
        }
    }

    fn items(&mut self, close: u8) -> Vec<Node> {
        let mut items = Vec::new();
        loop {
            self.trivia();
            match self.peek() {
                None => break,
                Some(c) if c == close => {
                    self.i += 1;
                    break;
                }
                Some(b')' | b']' | b'}') => break,
                Some(b',') => self.i += 1,
                Some(_) => {
                    let before = self.i;
                    if let Some(v) = self.value() {
                        items.push(v);
                    }
                    if self.i == before {
                        self.i += 1;
                    }
                }
            }
        }
        items
    }
}

impl Node {
    /// True when `offset` is inside this value or at its end (where typing continues it).
    pub fn holds(&self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }

    /// The group's name, if this is a named group.
    pub fn name(&self) -> Option<&str> {
        match &self.kind {
            Kind::Group { name, .. } => name.as_deref(),
            Kind::Ident(n) => Some(n),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_items_and_their_ranges() {
        let text = r#"Scenario(name: "x", injects: [Inject(at: "1h", target: Operator("a"))])"#;
        let root = parse(text).expect("a value");
        let Kind::Group { name, fields, .. } = &root.kind else {
            panic!("{root:?}")
        };
        assert_eq!(name.as_deref(), Some("Scenario"));
        assert_eq!(fields[0].name, "name");
        assert_eq!(fields[1].name, "injects");
        let Some(Node {
            kind: Kind::List(items),
            ..
        }) = &fields[1].value
        else {
            panic!()
        };
        let Kind::Group { fields, .. } = &items[0].kind else {
            panic!()
        };
        let target = fields[1].value.as_ref().expect("target");
        let Kind::Group { items, .. } = &target.kind else {
            panic!()
        };
        let Kind::Str {
            text: id, content, ..
        } = &items[0].kind
        else {
            panic!()
        };
        assert_eq!(id, "a");
        assert_eq!(&text[*content..*content + 1], "a");
    }

    #[test]
    fn an_unfinished_document_still_reads() {
        for text in [
            "Scenario(injects: [Inject(target: Operator(\"ka",
            "Scenario(name: ",
            "(((",
            "[1, (a: ]",
            "{::}",
            "\"open\nScenario(",
            "/* open",
        ] {
            let _ = parse(text);
        }
        let text = "Scenario(\n  injects: [Inject(target: Operator(\"ka\n  name: \"x\")";
        let root = parse(text).expect("a value");
        let Kind::Group { fields, .. } = &root.kind else {
            panic!()
        };
        assert_eq!(fields[0].name, "injects");
    }
}
