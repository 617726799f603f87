//! What every report is made of, whatever it reports (a drill, a batch, an analysis): a
//! title, a handling marking, and blocks — headings, paragraphs, tables, figures. One
//! shell renders them as HTML ([`super::html`]) and as Markdown ([`super::markdown`]), so
//! the three reports share their styles, escaping, accessibility and print rules.

use super::svg::Graphic;
use crate::present::Lang;

/// A report.
#[derive(Debug, Clone)]
pub struct Document {
    /// Its language.
    pub lang: Lang,
    /// Its title.
    pub title: String,
    /// A handling marking shown above and below it (the AAR's TLP label), if any.
    pub marking: Option<Marking>,
    /// Its blocks, in order.
    pub blocks: Vec<Block>,
}

/// A handling marking: the label and what it asks of the reader.
#[derive(Debug, Clone, PartialEq)]
pub struct Marking {
    /// `TLP:AMBER`.
    pub label: String,
    /// A CSS class for its colours (`tlp-amber`).
    pub class: String,
    /// What the label asks, and why the report carries it.
    pub note: String,
}

/// One block of a report.
#[derive(Debug, Clone)]
pub enum Block {
    /// A section heading (`h2`); its anchor is `id`.
    Heading {
        /// Text.
        text: String,
        /// Anchor (`#id`) for links, unique in the document.
        id: String,
    },
    /// A subsection heading (`h3`).
    Subheading(String),
    /// A paragraph.
    Para(String),
    /// A remark in smaller type (what a table leaves out, how to see the rest).
    Note(String),
    /// A warning the reader must not miss (a partial result).
    Warning(String),
    /// A bulleted list.
    List(Vec<String>),
    /// Terms and their values (the overview, the acronyms).
    Facts(Vec<(String, String)>),
    /// A table.
    Table(Table),
    /// One figure.
    Figure(Figure),
    /// Figures side by side on a wide screen, one under another on a phone.
    Grid(Vec<Figure>),
}

/// A table: a header row, rows, and which columns hold numbers.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// What the table is (screen readers announce it; the scroll region is named by it).
    pub caption: String,
    /// Column headings.
    pub head: Vec<String>,
    /// Rows.
    pub rows: Vec<Row>,
    /// Columns whose cells are numbers (right-aligned, not wrapped).
    pub numeric: Vec<bool>,
    /// Columns whose cells are short ids or times, kept on one line.
    pub keep: Vec<bool>,
}

/// A row, with an anchor when other parts of the report link to it.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// Anchor (`#id`).
    pub id: Option<String>,
    /// Cells.
    pub cells: Vec<Cell>,
}

/// A cell: its text, a link to an anchor of the report, and a shade for heat maps.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    /// Text.
    pub text: String,
    /// Anchors it links to, each shown as its own text (`IP-2`).
    pub links: Vec<(String, String)>,
    /// A shade in [0, 1] (heat maps: the number is in the cell too).
    pub shade: Option<f64>,
}

impl Cell {
    /// A cell of text.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell {
            text: s.into(),
            ..Cell::default()
        }
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::text(s)
    }
}

impl Row {
    /// A row of plain cells.
    pub fn of<I: IntoIterator<Item = C>, C: Into<Cell>>(cells: I) -> Row {
        Row {
            id: None,
            cells: cells.into_iter().map(Into::into).collect(),
        }
    }
}

impl Table {
    /// A table of `head` and plain `rows`; `numeric` marks number columns.
    pub fn new(caption: impl Into<String>, head: Vec<String>, rows: Vec<Row>) -> Table {
        let numeric = vec![false; head.len()];
        let keep = numeric.clone();
        Table {
            caption: caption.into(),
            head,
            rows,
            numeric,
            keep,
        }
    }

    /// Marks columns `cols` as short ids or times, kept on one line.
    pub fn keep(mut self, cols: &[usize]) -> Table {
        for &c in cols {
            if c < self.keep.len() {
                self.keep[c] = true;
            }
        }
        self
    }

    /// Marks columns `cols` as numbers.
    pub fn numbers(mut self, cols: &[usize]) -> Table {
        for &c in cols {
            if c < self.numeric.len() {
                self.numeric[c] = true;
            }
        }
        self
    }
}

/// A figure: a chart, its caption, and its content as text (Markdown's form of it, and the
/// list a reader without pictures gets).
#[derive(Debug, Clone)]
pub struct Figure {
    /// The chart.
    pub graphic: Graphic,
    /// The caption: what it shows and how to read it.
    pub caption: String,
    /// The same content as lines of text.
    pub text: Vec<String>,
}

impl Document {
    /// Every text of the document (headings, paragraphs, cells, captions, charts' titles):
    /// what tests search for words left in the other language.
    pub fn texts(&self) -> Vec<&str> {
        let mut out = vec![self.title.as_str()];
        if let Some(m) = &self.marking {
            out.push(&m.note);
        }
        for b in &self.blocks {
            match b {
                Block::Heading { text, .. } => out.push(text),
                Block::Subheading(s) | Block::Para(s) | Block::Note(s) | Block::Warning(s) => {
                    out.push(s)
                }
                Block::List(items) => out.extend(items.iter().map(String::as_str)),
                Block::Facts(f) => {
                    for (k, v) in f {
                        out.push(k);
                        out.push(v);
                    }
                }
                Block::Table(t) => {
                    out.push(&t.caption);
                    out.extend(t.head.iter().map(String::as_str));
                    for r in &t.rows {
                        out.extend(r.cells.iter().map(|c| c.text.as_str()));
                    }
                }
                Block::Figure(f) => push_figure(f, &mut out),
                Block::Grid(fs) => fs.iter().for_each(|f| push_figure(f, &mut out)),
            }
        }
        out
    }
}

fn push_figure<'a>(f: &'a Figure, out: &mut Vec<&'a str>) {
    out.push(&f.caption);
    out.push(&f.graphic.title);
    out.push(&f.graphic.desc);
    out.extend(f.text.iter().map(String::as_str));
}
