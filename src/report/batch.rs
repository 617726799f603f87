//! The HTML report of a batch result (docs/BATCH.md): histograms and empirical CDFs of the
//! headline metrics, the probability of each event with its Wilson interval, the running
//! mean with its interval against runs, and a sweep's paired differences. Plain data in
//! ([`crate::batch::result::View`], read by the CLI), one self-contained HTML file out.

use crate::batch::result::View;
use crate::present::Lang;
use plotters::prelude::*;

const BLUE: RGBColor = RGBColor(31, 120, 180);
const RED: RGBColor = RGBColor(200, 60, 60);
const GREY: RGBColor = RGBColor(240, 240, 240);

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

fn svg(size: (u32, u32), draw: impl FnOnce(&Area) -> Result<(), String>) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        let _ = root.fill(&WHITE);
        if let Err(e) = draw(&root) {
            let _ = root.draw_text(&e, &("sans-serif", 12).into_text_style(&root), (10, 10));
        }
        let _ = root.present();
    }
    out
}

fn e<T: std::fmt::Display>(x: T) -> String {
    x.to_string()
}

/// A range that shows `lo..hi`, widened when it is a single value; none when it is not
/// finite (plotting an infinite or NaN range never ends).
fn span(lo: f64, hi: f64) -> Result<(f64, f64), String> {
    if !(lo.is_finite() && hi.is_finite() && (hi - lo).is_finite()) {
        return Err(format!("values out of range ({lo}..{hi})"));
    }
    Ok(if hi > lo {
        (lo, hi)
    } else {
        (lo - 0.5, hi + 0.5)
    })
}

fn short(x: f64) -> String {
    let a = x.abs();
    if a >= 1e9 {
        format!("{:.1}G", x / 1e9)
    } else if a >= 1e6 {
        format!("{:.1}M", x / 1e6)
    } else if a >= 1e3 {
        format!("{:.1}k", x / 1e3)
    } else {
        format!("{x:.2}")
    }
}

/// A histogram of `xs` in 30 bins; `runs` labels the count axis.
pub fn histogram_svg(title: &str, runs: &str, xs: &[f64]) -> String {
    svg((440, 240), |root| {
        let (lo, hi) = xs
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
                (a.min(*x), b.max(*x))
            });
        if xs.is_empty() {
            return Err(format!("{title}: no values"));
        }
        let (lo, hi) = span(lo, hi)?;
        let bins = 30usize;
        let w = (hi - lo) / bins as f64;
        let mut counts = vec![0u64; bins];
        for x in xs {
            counts[(((x - lo) / w) as usize).min(bins - 1)] += 1;
        }
        let top = counts.iter().copied().max().unwrap_or(1) as f64 * 1.05;
        let mut chart = ChartBuilder::on(root)
            .caption(title, ("sans-serif", 14))
            .margin(8)
            .x_label_area_size(30)
            .y_label_area_size(44)
            .build_cartesian_2d(lo..hi, 0f64..top)
            .map_err(e)?;
        chart
            .configure_mesh()
            .x_labels(6)
            .x_label_formatter(&|x| short(*x))
            .y_desc(runs)
            .light_line_style(GREY)
            .label_style(("sans-serif", 11))
            .draw()
            .map_err(e)?;
        chart
            .draw_series(counts.iter().enumerate().map(|(i, c)| {
                let x0 = lo + i as f64 * w;
                Rectangle::new([(x0, 0.0), (x0 + w, *c as f64)], BLUE.mix(0.7).filled())
            }))
            .map_err(e)?;
        Ok(())
    })
}

/// The empirical CDF of `xs` (at most 500 steps drawn).
pub fn ecdf_svg(title: &str, xs: &[f64]) -> String {
    svg((440, 240), |root| {
        if xs.is_empty() {
            return Err(format!("{title}: no values"));
        }
        let mut sorted = xs.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let (lo, hi) = span(sorted[0], sorted[n - 1])?;
        let mut chart = ChartBuilder::on(root)
            .caption(title, ("sans-serif", 14))
            .margin(8)
            .x_label_area_size(30)
            .y_label_area_size(36)
            .build_cartesian_2d(lo..hi, 0f64..1.0)
            .map_err(e)?;
        chart
            .configure_mesh()
            .x_labels(6)
            .x_label_formatter(&|x| short(*x))
            .y_labels(6)
            .light_line_style(GREY)
            .label_style(("sans-serif", 11))
            .draw()
            .map_err(e)?;
        let step = n.div_ceil(500).max(1);
        let mut pts = vec![(lo, 0.0)];
        for i in (0..n).step_by(step).chain([n - 1]) {
            pts.push((sorted[i], (i + 1) as f64 / n as f64));
        }
        pts.push((hi, 1.0));
        chart
            .draw_series(LineSeries::new(pts, BLUE.stroke_width(2)))
            .map_err(e)?;
        Ok(())
    })
}

/// One bar per event with its interval: (label, p, low, high).
pub fn probability_svg(title: &str, bars: &[(String, f64, f64, f64)]) -> String {
    let height = 60 + 22 * bars.len() as u32;
    svg((640, height), |root| {
        let n = bars.len().max(1) as f64;
        let mut chart = ChartBuilder::on(root)
            .caption(title, ("sans-serif", 14))
            .margin(8)
            .x_label_area_size(28)
            .y_label_area_size(8)
            .build_cartesian_2d(0f64..1.0, 0f64..n)
            .map_err(e)?;
        chart
            .configure_mesh()
            .x_labels(6)
            .disable_y_mesh()
            .y_labels(0)
            .light_line_style(GREY)
            .label_style(("sans-serif", 11))
            .draw()
            .map_err(e)?;
        for (i, (label, p, lo, hi)) in bars.iter().enumerate() {
            let y = n - i as f64 - 1.0;
            chart
                .draw_series([Text::new(
                    format!("{label}: {p:.3} [{lo:.3}, {hi:.3}]"),
                    (0.01, y + 0.75),
                    ("sans-serif", 11).into_font(),
                )])
                .map_err(e)?;
            chart
                .draw_series([Rectangle::new(
                    [(0.0, y + 0.2), (*p, y + 0.8)],
                    BLUE.mix(0.7).filled(),
                )])
                .map_err(e)?;
            chart
                .draw_series([PathElement::new(
                    vec![(*lo, y + 0.5), (*hi, y + 0.5)],
                    RED.stroke_width(2),
                )])
                .map_err(e)?;
        }
        Ok(())
    })
}

/// The running mean with its 95% interval against runs: (runs, mean, low, high).
pub fn convergence_svg(title: &str, runs: &str, pts: &[(u64, f64, f64, f64)]) -> String {
    svg((640, 260), |root| {
        let Some(last) = pts.last() else {
            return Err(format!("{title}: no values"));
        };
        // The first few runs' intervals are huge; the scale follows the last half.
        let tail = &pts[pts.len() / 2..];
        let lo = tail.iter().map(|p| p.2).fold(f64::INFINITY, f64::min);
        let hi = tail.iter().map(|p| p.3).fold(f64::NEG_INFINITY, f64::max);
        let pad = (hi - lo).max(last.1.abs() * 1e-6).max(1e-9);
        let (lo, hi) = span(lo - pad, hi + pad)?;
        let mut chart = ChartBuilder::on(root)
            .caption(title, ("sans-serif", 14))
            .margin(8)
            .x_label_area_size(30)
            .y_label_area_size(52)
            .build_cartesian_2d(1f64..last.0 as f64, lo..hi)
            .map_err(e)?;
        chart
            .configure_mesh()
            .x_desc(runs)
            .x_labels(6)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| short(*y))
            .light_line_style(GREY)
            .label_style(("sans-serif", 11))
            .draw()
            .map_err(e)?;
        let clamp = |y: f64| y.clamp(lo, hi);
        for (k, colour) in [(2usize, RED), (3, RED), (1, BLUE)] {
            chart
                .draw_series(LineSeries::new(
                    pts.iter().map(|p| {
                        let y = match k {
                            1 => p.1,
                            2 => p.2,
                            _ => p.3,
                        };
                        (p.0 as f64, clamp(y))
                    }),
                    colour.stroke_width(if k == 1 { 2 } else { 1 }),
                ))
                .map_err(e)?;
        }
        Ok(())
    })
}

/// Paired differences against point 0 with their intervals: (label, mean, low, high).
pub fn paired_svg(title: &str, diffs: &[(String, f64, f64, f64)]) -> String {
    svg((640, 80 + 24 * diffs.len() as u32), |root| {
        let lo = diffs.iter().map(|d| d.2).fold(0f64, f64::min);
        let hi = diffs.iter().map(|d| d.3).fold(0f64, f64::max);
        let (lo, hi) = span(lo, hi)?;
        let n = diffs.len().max(1) as f64;
        let mut chart = ChartBuilder::on(root)
            .caption(title, ("sans-serif", 14))
            .margin(8)
            .x_label_area_size(28)
            .y_label_area_size(8)
            .build_cartesian_2d(lo..hi, 0f64..n)
            .map_err(e)?;
        chart
            .configure_mesh()
            .x_labels(6)
            .x_label_formatter(&|x| short(*x))
            .disable_y_mesh()
            .y_labels(0)
            .light_line_style(GREY)
            .label_style(("sans-serif", 11))
            .draw()
            .map_err(e)?;
        chart
            .draw_series([PathElement::new(
                vec![(0.0, 0.0), (0.0, n)],
                BLACK.stroke_width(1),
            )])
            .map_err(e)?;
        for (i, (label, m, l, h)) in diffs.iter().enumerate() {
            let y = n - i as f64 - 0.5;
            chart
                .draw_series([Text::new(
                    format!("{label}: {} [{}, {}]", short(*m), short(*l), short(*h)),
                    (lo + (hi - lo) * 0.01, y + 0.45),
                    ("sans-serif", 11).into_font(),
                )])
                .map_err(e)?;
            chart
                .draw_series([PathElement::new(
                    vec![(*l, y), (*h, y)],
                    RED.stroke_width(2),
                )])
                .map_err(e)?;
            chart
                .draw_series([Circle::new((*m, y), 4, BLUE.filled())])
                .map_err(e)?;
        }
        Ok(())
    })
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The whole report, in `lang`.
pub fn html(v: &View, lang: Lang) -> String {
    let l = |en: &'static str, ja: &'static str| if lang == Lang::Ja { ja } else { en };
    let m = &v.meta;
    let points = if m.points.len() > 1 {
        match lang {
            Lang::En => format!(" × {} points ({})", m.points.len(), esc(&m.design)),
            Lang::Ja => format!(" × {} 点（{}）", m.points.len(), esc(&m.design)),
        }
    } else {
        String::new()
    };
    let mut body = format!(
        "<h1>{} {}</h1>\n<p>{} {}{points} · {} {} · {} <code>{}</code> · {}</p>\n",
        l("Batch:", "バッチ:"),
        esc(&m.scenario),
        m.runs,
        l("runs", "回"),
        l("seed", "シード"),
        m.seed,
        l("scenario hash", "シナリオのハッシュ"),
        esc(&m.scenario_hash),
        if m.complete {
            l("complete", "完了")
        } else {
            l("partial", "途中")
        }
    );
    let runs = l("runs", "回数");
    body.push_str(&format!(
        "<h2>{}</h2>\n<div class=\"grid\">\n",
        l("Headline metrics (point 0)", "主要指標（点 0）")
    ));
    for (name, xs) in &v.metrics {
        body.push_str(&format!(
            "<figure>{}</figure><figure>{}</figure>\n",
            histogram_svg(name, runs, xs),
            ecdf_svg(
                &format!("{name}: {}", l("empirical CDF", "経験分布関数")),
                xs
            )
        ));
    }
    body.push_str(&format!(
        "</div>\n<h2>{}</h2>\n",
        l(
            "Probabilities with Wilson 95% intervals (point 0)",
            "事象の確率と Wilson 95% 区間（点 0）"
        )
    ));
    body.push_str(&format!(
        "<figure>{}</figure>\n",
        probability_svg(
            l("P(event) per run", "1 回あたりの事象の確率"),
            &v.probabilities
        )
    ));
    body.push_str(&format!("<h2>{}</h2>\n", l("Convergence", "収束")));
    let running = match lang {
        Lang::En => format!(
            "running mean of {} with its 95% interval",
            v.convergence_metric
        ),
        Lang::Ja => format!("{} の累積平均と 95% 区間", v.convergence_metric),
    };
    body.push_str(&format!(
        "<figure>{}</figure>\n",
        convergence_svg(&running, runs, &v.convergence)
    ));
    if !v.paired.is_empty() {
        body.push_str(&format!(
            "<h2>{}</h2>\n",
            l(
                "Sweep: paired differences against point 0",
                "スイープ: 点 0 との対応のある差"
            )
        ));
        body.push_str(&format!(
            "<figure>{}</figure>\n",
            paired_svg(
                &format!(
                    "{}: {}",
                    v.convergence_metric,
                    l("mean difference, 95% interval", "平均差と 95% 区間")
                ),
                &v.paired
            )
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>rensa batch: {}</title>\
<style>body{{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}}\
.grid{{display:grid;grid-template-columns:1fr 1fr;gap:8px}}figure{{margin:0}}</style></head>\
<body>\n{body}</body></html>\n",
        lang.code(),
        esc(&m.scenario)
    )
}
