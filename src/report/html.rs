//! The one HTML shell of the three reports: a self-contained page (its CSS inline, no
//! script, no address outside the document) that reads on a 1280 px screen, on a 390 px
//! phone and on paper, and that assistive technology can navigate:
//!
//! * a viewport meta tag; the text column at most 1100 px; tables scroll sideways inside a
//!   named, focusable region, so the page itself never does; charts scale down to fit
//!   (`max-width: 100%`);
//! * every chart an `<svg role="img">` named by its `<title>` and described by its `<desc>`,
//!   with a caption, and its data as text beside it; series told apart by dash and marker
//!   as well as colour;
//! * print: headings kept with what follows, figures and table rows never split, the
//!   cascade graph sized to one page, the handling marking on the first and last page.

use super::doc::{Block, Cell, Document, Figure, Table};
use super::svg::{Graphic, esc};
use crate::present::Lang;
use crate::present::reports::Term;
use std::fmt::Write;

/// The least a chart is scaled by on screen: its smallest text (11 px tags, 12 px ticks)
/// stays at 9 px or more on a phone (tests/it/browser.rs measures it).
const MIN_SCALE: f64 = 0.82;
/// The text column of a 390 px phone, less the page's padding.
const PHONE_WIDTH: f64 = 370.0;

/// The stylesheet every report shares.
const CSS: &str = "
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;color:#1b1b1b;background:#fff;line-height:1.5;font-size:16px;font-family:system-ui,-apple-system,'Segoe UI','Hiragino Sans','Noto Sans CJK JP','IPAGothic',sans-serif}
main{max-width:1100px;margin:0 auto;padding:1rem}
h1{font-size:1.6em;line-height:1.25;color:#1f4e79;border-bottom:3px solid #1f4e79;padding-bottom:.3em;margin:.4em 0 .6em}
h2{font-size:1.25em;color:#1f4e79;border-bottom:1px solid #c8d3e0;margin:1.8em 0 .5em;break-after:avoid-page}
h3{font-size:1.05em;margin:1.2em 0 .4em;break-after:avoid-page}
h2+p,h3+p,p.note,p:has(+ul){break-after:avoid-page}
p,li,dd,figcaption{overflow-wrap:anywhere}
td,th{overflow-wrap:break-word}
.note{font-size:.9em;color:#444}
.warn{border-left:6px solid #b35900;background:#fff4e5;padding:.5em .8em;font-weight:600}
dl.facts{display:grid;grid-template-columns:minmax(8em,max-content) 1fr;gap:.25em 1em;margin:.6em 0}
dl.facts dt{font-weight:600;color:#1f4e79}
dl.facts dd{margin:0}
.scroll{max-width:100%;overflow-x:auto;margin:.6em 0}
.scroll:focus{outline:2px solid #1f4e79}
table{border-collapse:collapse;font-size:.9em;min-width:60%}
th,td{border:1px solid #c8d3e0;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#e8eef5}
:lang(ja) th,:lang(ja) td{min-width:4.5em}
td.n,th.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.k{white-space:nowrap}
tr:nth-child(even) td{background:#f7f9fb}
td.h{color:#000}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
figure{margin:1em 0;break-inside:avoid}
figure svg{display:block;max-width:100%;height:auto}
figcaption{font-size:.88em;color:#333;margin-top:.3em}
details{font-size:.85em;margin:.3em 0}
summary{cursor:pointer;color:#1f4e79}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,430px),1fr));gap:.8em}
.grid figure{border:1px solid #e0e6ee;padding:.4em;margin:0}
.grid figure svg{width:100%}
.marking{display:inline-block;background:#000;font-weight:700;padding:.15em .6em;letter-spacing:.04em;margin:0 .6em .2em 0}
.tlp-red{color:#FF2B2B}.tlp-amber,.tlp-amber-strict{color:#FFC000}.tlp-green{color:#33FF00}.tlp-clear{color:#fff}
.handling{margin:.2em 0 1em;font-size:.9em}
a{color:#1f4e79}
svg text{font-family:system-ui,-apple-system,'Segoe UI','Hiragino Sans','Noto Sans CJK JP','IPAGothic',sans-serif;fill:#222}
svg .tk{font-size:12px;fill:#333}
svg .at{font-size:13px}
svg .lg{font-size:12px}
svg .ttl{font-size:15px;font-weight:600}
svg .gl{stroke:#e3e3e3}
svg .ax{stroke:#444}
svg .s0{stroke:#0072B2;stroke-width:2.2;fill:none}
svg .s1{stroke:#E69F00;stroke-width:2.2;fill:none;stroke-dasharray:7 3}
svg .s2{stroke:#009E73;stroke-width:2.2;fill:none;stroke-dasharray:2 3}
svg .s3{stroke:#CC79A7;stroke-width:2.2;fill:none;stroke-dasharray:9 3 2 3}
svg .req{stroke:#C00000;stroke-width:1.6;stroke-dasharray:8 4;fill:none}
svg .band{fill:#F2C4C4;stroke:none}
svg .bar{fill:#0072B2;fill-opacity:.75}
svg .bar2{fill:#E69F00;fill-opacity:.8}
svg .ci{stroke:#222;stroke-width:2}
svg .p0{fill:#0072B2;stroke:#fff}
svg .p1{fill:#E69F00;stroke:#222}
svg .zero{stroke:#000;stroke-dasharray:3 3}
svg .edge{stroke:#555;stroke-width:1.3;fill:none;marker-end:url(#rensa-arrow)}
svg .back{stroke:#8a8a8a;stroke-width:1.3;fill:none;stroke-dasharray:5 4;marker-end:url(#rensa-arrow)}
svg .node{stroke:#333;stroke-width:1}
svg .inc{fill:#fff;stroke:#B00000;stroke-width:2.5}
svg .nl{font-size:14px}
svg .tag{font-size:11px;font-weight:700;fill:#fff}
svg .tagbox{fill:#333}
svg .col{font-size:13px;font-weight:600;fill:#1f4e79}
@media (max-width:600px){main{padding:.6rem}h1{font-size:1.3em}dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.4em}}
@media screen{figure svg{min-width:var(--minw,0)}}
@page{margin:14mm}
@media print{body{font-size:10pt}main{max-width:none;padding:0}.scroll{overflow:visible}details{display:none}figure.tall svg{max-height:24cm;width:auto;margin:0 auto}table{font-size:8pt}th,td{padding:.2em .3em}th.n,td.k{white-space:normal}td:not(.n),th:not(.n){overflow-wrap:anywhere}tr,li,dl.facts{break-inside:avoid}a{color:inherit;text-decoration:none}.grid{grid-template-columns:1fr 1fr}}
";

/// The arrowhead the graphs' edges end in, defined once per page.
const DEFS: &str = "<svg width=\"0\" height=\"0\" class=\"sr\" aria-hidden=\"true\" focusable=\"false\"><defs><marker id=\"rensa-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10Z\" fill=\"#555\"/></marker></defs></svg>";

struct Page {
    out: String,
    lang: Lang,
    graphics: usize,
}

impl Page {
    fn t(&self, term: Term) -> &'static str {
        term.get(self.lang)
    }

    fn cell(&mut self, tag: &str, class: &str, c: &Cell) {
        let mut attrs = String::new();
        let mut classes = class.to_string();
        if let Some(v) = c.shade {
            let v = v.clamp(0.0, 1.0);
            // White to red; the number stays in the cell, so nothing is told by colour
            // alone. Black text reads on every shade (contrast at least 6:1 at the darkest,
            // where white would have 3.5:1; tests/it/browser.rs measures it).
            let g = (255.0 - 190.0 * v).round();
            let b = (255.0 - 215.0 * v).round();
            let _ = write!(attrs, " style=\"background:rgb(255,{g},{b})\"");
            classes.push_str(if classes.is_empty() { "h" } else { " h" });
        }
        if !classes.is_empty() {
            let _ = write!(attrs, " class=\"{classes}\"");
        }
        let _ = write!(self.out, "<{tag}{attrs}>{}", esc(&c.text));
        for (i, (anchor, label)) in c.links.iter().enumerate() {
            let sep = if i == 0 && c.text.is_empty() { "" } else { " " };
            let _ = write!(
                self.out,
                "{sep}<a href=\"#{}\">{}</a>",
                esc(anchor),
                esc(label)
            );
        }
        let _ = write!(self.out, "</{tag}>");
    }

    fn table(&mut self, t: &Table) {
        let _ = write!(
            self.out,
            "<div class=\"scroll\" role=\"region\" aria-label=\"{}\" tabindex=\"0\"><table><caption class=\"sr\">{}</caption><thead><tr>",
            esc(&t.caption),
            esc(&t.caption)
        );
        for (i, h) in t.head.iter().enumerate() {
            let class = if t.numeric.get(i).copied().unwrap_or(false) {
                " class=\"n\""
            } else {
                ""
            };
            let _ = write!(self.out, "<th scope=\"col\"{class}>{}</th>", esc(h));
        }
        self.out.push_str("</tr></thead>\n<tbody>\n");
        for r in &t.rows {
            match &r.id {
                Some(id) => {
                    let _ = write!(self.out, "<tr id=\"{}\">", esc(id));
                }
                None => self.out.push_str("<tr>"),
            }
            for (i, c) in r.cells.iter().enumerate() {
                let class = if t.numeric.get(i).copied().unwrap_or(false) {
                    "n"
                } else if t.keep.get(i).copied().unwrap_or(false) {
                    "k"
                } else {
                    ""
                };
                self.cell("td", class, c);
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</tbody></table></div>\n");
    }

    fn svg(&mut self, g: &Graphic) {
        self.graphics += 1;
        let id = format!("g{}", self.graphics);
        // A chart wider than a phone keeps at least MIN_SCALE of its size on screen, so
        // its text stays legible, and scrolls sideways in its own region instead.
        let wide = g.width * MIN_SCALE > PHONE_WIDTH;
        if wide {
            let _ = write!(
                self.out,
                "<div class=\"scroll\" role=\"region\" aria-label=\"{}\" tabindex=\"0\">",
                esc(&g.title)
            );
        }
        let style = if wide {
            format!(" style=\"--minw:{}px\"", (g.width * MIN_SCALE).ceil())
        } else {
            String::new()
        };
        let _ = write!(
            self.out,
            "<svg viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\"{style} role=\"img\" aria-labelledby=\"{id}t {id}d\"><title id=\"{id}t\">{}</title><desc id=\"{id}d\">{}</desc>{}</svg>",
            esc(&g.title),
            esc(&g.desc),
            g.body,
            w = g.width.ceil(),
            h = g.height.ceil(),
        );
        if wide {
            self.out.push_str("</div>");
        }
    }

    fn figure(&mut self, f: &Figure) {
        let tall = if f.graphic.height > 700.0 {
            " class=\"tall\""
        } else {
            ""
        };
        let _ = write!(self.out, "<figure{tall}>");
        self.svg(&f.graphic);
        let _ = write!(self.out, "<figcaption>{}</figcaption>", esc(&f.caption));
        if !f.text.is_empty() {
            let _ = write!(
                self.out,
                "<details><summary>{}</summary><ul>",
                self.t(Term::DataAsText)
            );
            for line in &f.text {
                let _ = write!(self.out, "<li>{}</li>", esc(line));
            }
            self.out.push_str("</ul></details>");
        }
        self.out.push_str("</figure>\n");
    }
}

/// The report as one self-contained HTML page.
pub fn to_html(doc: &Document) -> String {
    let mut p = Page {
        out: String::with_capacity(64 * 1024),
        lang: doc.lang,
        graphics: 0,
    };
    let _ = write!(
        p.out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{DEFS}\n<main>\n<h1>{}</h1>\n",
        doc.lang.code(),
        esc(&doc.title),
        esc(&doc.title)
    );
    let marking = |p: &mut Page| {
        if let Some(m) = &doc.marking {
            let _ = writeln!(
                p.out,
                "<p class=\"handling\"><span class=\"marking {}\">{}</span> {}</p>",
                esc(&m.class),
                esc(&m.label),
                esc(&m.note)
            );
        }
    };
    marking(&mut p);
    for b in &doc.blocks {
        match b {
            Block::Heading { text, id } => {
                let _ = writeln!(p.out, "<h2 id=\"{}\">{}</h2>", esc(id), esc(text));
            }
            Block::Subheading(s) => {
                let _ = writeln!(p.out, "<h3>{}</h3>", esc(s));
            }
            Block::Para(s) => {
                let _ = writeln!(p.out, "<p>{}</p>", esc(s));
            }
            Block::Note(s) => {
                let _ = writeln!(p.out, "<p class=\"note\">{}</p>", esc(s));
            }
            Block::Warning(s) => {
                let _ = writeln!(p.out, "<p class=\"warn\" role=\"note\">{}</p>", esc(s));
            }
            Block::List(items) => {
                p.out.push_str("<ul>\n");
                for i in items {
                    let _ = writeln!(p.out, "<li>{}</li>", esc(i));
                }
                p.out.push_str("</ul>\n");
            }
            Block::Facts(facts) => {
                p.out.push_str("<dl class=\"facts\">\n");
                for (k, v) in facts {
                    let _ = writeln!(p.out, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(v));
                }
                p.out.push_str("</dl>\n");
            }
            Block::Table(t) => p.table(t),
            Block::Figure(f) => p.figure(f),
            Block::Grid(fs) => {
                p.out.push_str("<div class=\"grid\">\n");
                for f in fs {
                    p.figure(f);
                }
                p.out.push_str("</div>\n");
            }
        }
    }
    marking(&mut p);
    p.out.push_str("</main>\n</body>\n</html>\n");
    p.out
}
