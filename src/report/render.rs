//! The report's two forms: Markdown, and one self-contained HTML file.

use super::{Block, Document};
use crate::present::Lang;

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The report as Markdown (pictures as their text form).
pub fn to_markdown(doc: &Document) -> String {
    let mut out = format!("# {}\n", doc.title);
    let mut prev_chart = false;
    for b in &doc.blocks {
        let chart = matches!(b, Block::Figure { class: "chart", .. });
        // Consecutive charts are one list.
        if !(chart && prev_chart) {
            out.push('\n');
        }
        prev_chart = chart;
        match b {
            Block::Heading(h) => out.push_str(&format!("## {h}\n")),
            Block::Para(p) => out.push_str(&format!("{p}\n")),
            Block::List(items) => {
                for i in items {
                    out.push_str(&format!("- {}\n", i.replace('\n', " ")));
                }
            }
            Block::Table(head, rows) => {
                let cells = |r: &[String]| {
                    format!(
                        "| {} |\n",
                        r.iter().map(|c| md_cell(c)).collect::<Vec<_>>().join(" | ")
                    )
                };
                out.push_str(&cells(head));
                out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
                for r in rows {
                    out.push_str(&cells(r));
                }
            }
            Block::Figure {
                class,
                caption,
                text,
                ..
            } => {
                if *class == "cascade" {
                    out.push_str(&format!("{caption}\n\n"));
                    for t in text {
                        out.push_str(&format!("- {t}\n"));
                    }
                } else {
                    for t in text {
                        out.push_str(&format!("- {t}\n"));
                    }
                }
            }
        }
    }
    out
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            _ => o.push(c),
        }
    }
    o
}

const CSS: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI','Hiragino Sans','Noto Sans CJK JP',sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6em;border-bottom:3px solid #1f4e79;padding-bottom:.3em;color:#1f4e79}
h2{font-size:1.2em;color:#1f4e79;border-bottom:1px solid #c8d3e0;margin-top:1.8em}
table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.9em}
th,td{border:1px solid #c8d3e0;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#e8eef5}
tr:nth-child(even) td{background:#f7f9fb}
figure{margin:.6em 0}
figcaption{font-size:.85em;color:#444}
.cascade svg{max-width:100%;height:auto}
.legend{font-size:.85em;margin:.3em 0}.legend span{margin-right:1em;white-space:nowrap}.legend i{display:inline-block;width:.9em;height:.9em;border:1px solid #555;margin-right:.3em;vertical-align:-.1em}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:.6em}
.charts figure{border:1px solid #e0e6ee;padding:.3em;break-inside:avoid}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}figure,tr{break-inside:avoid}}
";

/// The report as one HTML file: CSS and SVG inline, nothing fetched.
pub fn to_html(doc: &Document) -> String {
    let lang = match doc.lang {
        Lang::En => "en",
        Lang::Ja => "ja",
    };
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        esc(&doc.title),
        esc(&doc.title)
    );
    let mut in_charts = false;
    for b in &doc.blocks {
        let chart = matches!(b, Block::Figure { class: "chart", .. });
        if chart && !in_charts {
            out.push_str("<div class=\"charts\">\n");
            in_charts = true;
        } else if !chart && in_charts {
            out.push_str("</div>\n");
            in_charts = false;
        }
        match b {
            Block::Heading(h) => out.push_str(&format!("<h2>{}</h2>\n", esc(h))),
            Block::Para(p) => out.push_str(&format!("<p>{}</p>\n", esc(p))),
            Block::List(items) => {
                out.push_str("<ul>\n");
                for i in items {
                    out.push_str(&format!("<li>{}</li>\n", esc(i)));
                }
                out.push_str("</ul>\n");
            }
            Block::Table(head, rows) => {
                out.push_str("<table>\n<thead><tr>");
                for h in head {
                    out.push_str(&format!("<th>{}</th>", esc(h)));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for r in rows {
                    out.push_str("<tr>");
                    for c in r {
                        out.push_str(&format!("<td>{}</td>", esc(c)));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
            Block::Figure {
                class,
                caption,
                svg,
                ..
            } => {
                out.push_str(&format!("<figure class=\"{class}\">\n"));
                out.push_str(strip_xml_decl(svg));
                out.push_str(&format!(
                    "\n<figcaption>{}</figcaption>\n</figure>\n",
                    esc(caption)
                ));
            }
        }
    }
    if in_charts {
        out.push_str("</div>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn strip_xml_decl(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    }
}
