//! The HTML report of an interdependency analysis (`rensa report ANALYSIS.json`): the
//! matrix as SVG heat maps (plotters) with the number in every cell, the strongest
//! propagation paths as a graph (layout-rs), the rankings, the DES-against-IIM departures
//! and the sensitivity. One self-contained file, in English or Japanese (ids stay as they
//! are).

use super::draw::{Node, cascade_svg};
use crate::analyze::Analysis;
use crate::present::Lang;
use crate::present::analysis::{compact, departure_words, dist};
use plotters::prelude::*;
use std::fmt::Write;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A heat map: `value(row, col)` in [0, 1] picks the colour (white to dark red),
/// `label(row, col)` is printed in the cell.
pub fn heat_map_svg(
    names: &[String],
    value: impl Fn(usize, usize) -> f64,
    label: impl Fn(usize, usize) -> String,
) -> String {
    let n = names.len();
    let cell = if n > 20 { 22 } else { 52 };
    let left = 12 + 7 * names.iter().map(|s| s.len()).max().unwrap_or(4) as u32;
    let top = 30u32;
    let size = (left + cell * n as u32 + 10, top + cell * n as u32 + 10);
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        let _ = root.fill(&WHITE);
        let font = ("sans-serif", if n > 20 { 8 } else { 12 });
        for (i, name) in names.iter().enumerate() {
            let y = (top + cell * i as u32 + cell / 2) as i32;
            let _ = root.draw(&Text::new(
                format!("{} {name}", i + 1),
                (4, y - 6),
                font.into_font(),
            ));
            let x = (left + cell * i as u32 + cell / 3) as i32;
            let _ = root.draw(&Text::new(format!("{}", i + 1), (x, 10), font.into_font()));
        }
        for i in 0..n {
            for j in 0..n {
                let v = value(i, j).clamp(0.0, 1.0);
                let fill = RGBColor(255, (255.0 - 200.0 * v) as u8, (255.0 - 230.0 * v) as u8);
                let x0 = (left + cell * j as u32) as i32;
                let y0 = (top + cell * i as u32) as i32;
                let c = cell as i32;
                let _ = root.draw(&Rectangle::new([(x0, y0), (x0 + c, y0 + c)], fill.filled()));
                let _ = root.draw(&Rectangle::new(
                    [(x0, y0), (x0 + c, y0 + c)],
                    RGBColor(200, 200, 200).stroke_width(1),
                ));
                let text_colour = if v > 0.6 { WHITE } else { BLACK };
                let _ = root.draw(&Text::new(
                    label(i, j),
                    (x0 + 3, y0 + c / 2 - 6),
                    font.into_font().color(&text_colour),
                ));
            }
        }
        let _ = root.present();
    }
    out
}

/// The strongest paths (at most `top`) as one graph of units.
pub fn paths_svg(a: &Analysis, top: usize) -> String {
    let mut names: Vec<String> = Vec::new();
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let index = |names: &mut Vec<String>, s: &String| match names.iter().position(|x| x == s) {
        Some(i) => i,
        None => {
            names.push(s.clone());
            names.len() - 1
        }
    };
    for p in a.paths.iter().take(top) {
        for w in p.units.windows(2) {
            let (x, y) = (index(&mut names, &w[0]), index(&mut names, &w[1]));
            if !edges.contains(&(x, y)) {
                edges.push((x, y));
            }
        }
    }
    if names.is_empty() {
        return String::new();
    }
    let sectors: Vec<&str> = crate::model::Sector::ALL.iter().map(|s| s.id()).collect();
    let nodes: Vec<Node> = names
        .iter()
        .map(|n| Node {
            label: n.clone(),
            sector: Some(sectors.iter().position(|s| s == n).unwrap_or(9)),
        })
        .collect();
    cascade_svg(&nodes, &edges)
}

/// Table headings, joined as `<tr><th>…</th>…</tr>`.
fn head(cells: &[&str]) -> String {
    let cells: String = cells.iter().map(|c| format!("<th>{c}</th>")).collect();
    format!("<tr>{cells}</tr>")
}

/// The whole HTML document, in `lang` (ids stay as they are).
pub fn to_html(a: &Analysis, top: usize, lang: Lang) -> String {
    let l = |en: &'static str, ja: &'static str| if lang == Lang::Ja { ja } else { en };
    let m = &a.matrix;
    let mut h = String::new();
    let title = l("Interdependency analysis", "相互依存分析");
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}: {}</title>\
<style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}}table{{border-collapse:collapse}}\
td,th{{border:1px solid #ccc;padding:2px 6px;text-align:right}}th{{background:#f3f3f3}}td.l{{text-align:left}}</style></head><body>\n",
        lang.code(),
        esc(&a.name)
    );
    let _ = writeln!(h, "<h1>{title}: {}</h1>", esc(&a.name));
    let by = match a.by {
        crate::analyze::By::Sector => l("sector", "分野別"),
        crate::analyze::By::Operator => l("operator", "事業者別"),
    };
    let recovery = esc(&dist(&a.perturbation.recovery));
    let _ = match lang {
        Lang::En => writeln!(
            h,
            "<p>{} origins by {by}, {} runs each, master seed {}, {} h per run. Standard perturbation: every service of the origin loses {:.0}% of its capacity at T+{}, repair {recovery} (docs/ANALYSIS.md).</p>",
            m.units.len(),
            a.runs,
            a.seed,
            a.duration_minutes / 60,
            a.perturbation.severity * 100.0,
            a.perturbation.at,
        ),
        Lang::Ja => writeln!(
            h,
            "<p>起点 {}（{by}）、各 {} 回、マスターシード {}、1 回 {} 時間。標準摂動: 起点の全サービスが T+{} に能力の {:.0}% を失い、復旧は {recovery}（docs/ANALYSIS.md）。</p>",
            m.units.len(),
            a.runs,
            a.seed,
            a.duration_minutes / 60,
            a.perturbation.at,
            a.perturbation.severity * 100.0,
        ),
    };
    let rows = l(
        "<p>Rows: origin; columns: affected.</p>",
        "<p>行: 起点、列: 影響先。</p>",
    );
    let _ = writeln!(
        h,
        "<h2>{}</h2>{rows}",
        l(
            "Probability of falling below the required level (percent)",
            "必要水準を下回る確率（%）"
        )
    );
    h += &heat_map_svg(
        &m.units,
        |o, j| m.cells[o][j].p_below,
        |o, j| format!("{:.0}", m.cells[o][j].p_below * 100.0),
    );
    let max = m
        .cells
        .iter()
        .flatten()
        .map(|c| c.impact)
        .fold(0.0, f64::max);
    let _ = writeln!(
        h,
        "<h2>{}</h2>{rows}",
        l(
            "Expected end-user impact (person-hours)",
            "利用者への影響の期待値（人時）"
        )
    );
    h += &heat_map_svg(
        &m.units,
        |o, j| {
            if max > 0.0 {
                m.cells[o][j].impact / max
            } else {
                0.0
            }
        },
        |o, j| compact(m.cells[o][j].impact),
    );
    let _ = writeln!(
        h,
        "<h2>{}</h2>",
        l("Strongest propagation paths", "最も強い波及経路")
    );
    h += &paths_svg(a, top);
    let _ = writeln!(
        h,
        "<table>{}",
        head(&[
            l("strength", "強さ"),
            l("path", "経路"),
            l("P(below) at the end", "終点で下回る確率"),
        ])
    );
    for p in a.paths.iter().take(top) {
        let _ = writeln!(
            h,
            "<tr><td>{:.3}</td><td class=\"l\">{}</td><td>{:.3}</td></tr>",
            p.strength,
            esc(&p.units.join(" → ")),
            p.p_below
        );
    }
    let _ = writeln!(h, "</table>");
    let _ = writeln!(
        h,
        "<h2>{}</h2><table>{}",
        l("Criticality", "重要度"),
        head(&[
            l("origin", "起点"),
            l("downstream person-hours", "下流への影響（人時）"),
            l("total", "合計"),
            l("95% interval", "95% 区間"),
            l("units reached", "到達した単位"),
        ])
    );
    for c in &a.criticality {
        let _ = writeln!(
            h,
            "<tr><td class=\"l\">{}</td><td>{:.0}</td><td>{:.0}</td><td>{:.0} – {:.0}</td><td>{}</td></tr>",
            esc(&c.unit),
            c.downstream,
            c.total,
            c.total_interval.lo,
            c.total_interval.hi,
            c.reached
        );
    }
    let _ = writeln!(
        h,
        "</table><h2>{}</h2><table>{}",
        l("Exposure", "被影響度"),
        head(&[
            l("unit", "単位"),
            l("person-hours from the others", "他の起点からの影響（人時）"),
            l("mean P(below)", "平均 P(未満)"),
            l("reached by", "到達元"),
        ])
    );
    for e in &a.exposure {
        let _ = writeln!(
            h,
            "<tr><td class=\"l\">{}</td><td>{:.0}</td><td>{:.3}</td><td>{}</td></tr>",
            esc(&e.unit),
            e.impact,
            e.mean_p_below,
            e.reached_by
        );
    }
    let _ = writeln!(h, "</table>");
    if let Some(c) = &a.iim {
        let _ = writeln!(
            h,
            "<h2>{}</h2><p>{}</p><table>{}",
            l("DES against the IIM", "DES と IIM の比較"),
            l(
                "Peak inoperability in the simulation against the static IIM with A* derived from the graph.",
                "模擬での最大不稼働率と、グラフから導いた A* による静的 IIM との比較。"
            ),
            head(&[
                l("origin", "起点"),
                l("affected", "影響先"),
                "DES",
                "IIM",
                "DES − IIM",
                l("departure", "乖離"),
            ])
        );
        for x in c.cells.iter().take(top.max(20)) {
            let _ = writeln!(
                h,
                "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{:.3}</td><td>{:.3}</td><td>{:+.3}</td><td class=\"l\">{}</td></tr>",
                esc(&x.origin),
                esc(&x.affected),
                x.des,
                x.iim,
                x.difference,
                departure_words(x.departure, lang)
            );
        }
        let _ = writeln!(h, "</table>");
    }
    if !a.sensitivity.is_empty() {
        let _ = writeln!(
            h,
            "<h2>{}</h2><table>{}",
            l("Sensitivity", "感度"),
            head(&[
                l("knob", "変数"),
                l("origin", "起点"),
                l("low: Δ person-hours", "低: Δ 人時"),
                "95%",
                l("high: Δ person-hours", "高: Δ 人時"),
                "95%",
            ])
        );
        for x in &a.sensitivity {
            let _ = writeln!(
                h,
                "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{:.0}</td><td>{:.0} – {:.0}</td><td>{:.0}</td><td>{:.0} – {:.0}</td></tr>",
                esc(&x.knob),
                esc(&x.origin),
                x.low.difference,
                x.low.interval.lo,
                x.low.interval.hi,
                x.high.difference,
                x.high.interval.lo,
                x.high.interval.hi
            );
        }
        let _ = writeln!(h, "</table>");
    }
    h += "</body></html>\n";
    h
}
