//! The reports as Markdown: the same blocks as the HTML shell, charts as their caption and
//! their data as a list.

use super::doc::{Block, Cell, Document, Figure};

fn md_cell(c: &Cell) -> String {
    let mut s = c.text.replace('|', "\\|").replace('\n', " ");
    for (_, label) in &c.links {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(label);
    }
    s
}

fn figure(out: &mut String, f: &Figure) {
    out.push_str(&format!("**{}** — {}\n\n", f.graphic.title, f.caption));
    for t in &f.text {
        out.push_str(&format!("- {t}\n"));
    }
}

/// The report as Markdown.
pub fn to_markdown(doc: &Document) -> String {
    let mut out = format!("# {}\n", doc.title);
    if let Some(m) = &doc.marking {
        out.push_str(&format!("\n**{}** {}\n", m.label, m.note));
    }
    for b in &doc.blocks {
        out.push('\n');
        match b {
            Block::Heading { text, .. } => out.push_str(&format!("## {text}\n")),
            Block::Subheading(s) => out.push_str(&format!("### {s}\n")),
            Block::Para(p) => out.push_str(&format!("{p}\n")),
            Block::Note(p) => out.push_str(&format!("_{p}_\n")),
            Block::Warning(p) => out.push_str(&format!("> **{p}**\n")),
            Block::List(items) => {
                for i in items {
                    out.push_str(&format!("- {}\n", i.replace('\n', " ")));
                }
            }
            Block::Facts(facts) => {
                for (k, v) in facts {
                    out.push_str(&format!("- **{k}:** {}\n", v.replace('\n', " ")));
                }
            }
            Block::Table(t) => {
                let cells = |r: &mut dyn Iterator<Item = String>| {
                    format!("| {} |\n", r.collect::<Vec<_>>().join(" | "))
                };
                out.push_str(&cells(
                    &mut t.head.iter().map(|h| md_cell(&Cell::text(h.as_str()))),
                ));
                out.push('|');
                for i in 0..t.head.len() {
                    let right = t.numeric.get(i).copied().unwrap_or(false);
                    out.push_str(if right { "---:|" } else { "---|" });
                }
                out.push('\n');
                for r in &t.rows {
                    out.push_str(&cells(&mut r.cells.iter().map(md_cell)));
                }
            }
            Block::Figure(f) => figure(&mut out, f),
            Block::Grid(fs) => {
                for (i, f) in fs.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    figure(&mut out, f);
                }
            }
        }
    }
    if let Some(m) = &doc.marking {
        out.push_str(&format!("\n**{}**\n", m.label));
    }
    out
}
