//! The batch and analysis reports' charts, drawn with the SVG kit: histograms, empirical
//! CDFs, estimates with their intervals (probabilities, paired differences, sensitivity
//! coefficients), a running mean, and the tornado. Every axis has its title and unit;
//! every range is widened to round ticks, so no marker or tick sits on the plot's edge.

use super::svg::{
    Anchor, Axes, Canvas, Frame, Graphic, Key, Scale, legend, nice_range, text_width, wrap,
};

/// What a chart is named and how its numbers read.
pub struct Labels<'a> {
    /// The title (drawn above the plot and as the `<title>`).
    pub title: String,
    /// The description (`<desc>`).
    pub desc: String,
    /// The x axis's title, with its unit.
    pub x_title: &'a str,
    /// The y axis's title, with its unit.
    pub y_title: &'a str,
    /// How a number on the value axis reads.
    pub fmt: &'a dyn Fn(f64) -> String,
}

fn finite_range(xs: &[f64]) -> Option<(f64, f64)> {
    let mut it = xs.iter().copied().filter(|x| x.is_finite());
    let first = it.next()?;
    Some(it.fold((first, first), |(a, b), x| (a.min(x), b.max(x))))
}

/// A histogram of `xs` in up to 30 bins.
pub fn histogram(l: &Labels, xs: &[f64]) -> Graphic {
    let (w, h) = (440.0, 280.0);
    let mut c = Canvas::new(w, h);
    let th = c.title(8.0, &l.title);
    let f = Frame {
        left: 62.0,
        top: th + 16.0,
        right: w - 16.0,
        bottom: h - 46.0,
    };
    let Some((lo, hi)) = finite_range(xs) else {
        return c.finish(l.title.clone(), l.desc.clone());
    };
    let (lo, hi) = nice_range(lo, hi, 5);
    let bins = 30usize;
    let width = (hi - lo) / bins as f64;
    let mut counts = vec![0u64; bins];
    for x in xs.iter().filter(|x| x.is_finite()) {
        counts[(((x - lo) / width) as usize).min(bins - 1)] += 1;
    }
    let top = counts.iter().copied().max().unwrap_or(1) as f64;
    let (_, top) = nice_range(0.0, top, 4);
    let x = Scale {
        lo,
        hi,
        from: f.left,
        to: f.right,
    };
    let y = Scale {
        lo: 0.0,
        hi: top,
        from: f.bottom,
        to: f.top,
    };
    Axes {
        x,
        y,
        x_title: l.x_title,
        y_title: l.y_title,
        x_fmt: l.fmt,
        y_fmt: &|v| format!("{v:.0}"),
        ticks: (5, 4),
    }
    .draw(&mut c, &f);
    for (i, n) in counts.iter().enumerate() {
        if *n == 0 {
            continue;
        }
        let x0 = x.at(lo + i as f64 * width);
        let x1 = x.at(lo + (i + 1) as f64 * width);
        let yt = y.at(*n as f64);
        c.rect(x0 + 0.5, yt, (x1 - x0 - 1.0).max(1.0), f.bottom - yt, "bar");
    }
    c.finish(l.title.clone(), l.desc.clone())
}

/// The empirical CDF of `xs` (at most about 400 steps drawn).
pub fn ecdf(l: &Labels, xs: &[f64]) -> Graphic {
    let (w, h) = (440.0, 280.0);
    let mut c = Canvas::new(w, h);
    let th = c.title(8.0, &l.title);
    let f = Frame {
        left: 52.0,
        top: th + 16.0,
        right: w - 16.0,
        bottom: h - 46.0,
    };
    let mut sorted: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
    if sorted.is_empty() {
        return c.finish(l.title.clone(), l.desc.clone());
    }
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let (lo, hi) = nice_range(sorted[0], sorted[n - 1], 5);
    let x = Scale {
        lo,
        hi,
        from: f.left,
        to: f.right,
    };
    let y = Scale {
        lo: 0.0,
        hi: 1.0,
        from: f.bottom,
        to: f.top,
    };
    Axes {
        x,
        y,
        x_title: l.x_title,
        y_title: l.y_title,
        x_fmt: l.fmt,
        y_fmt: &|v| format!("{v:.1}"),
        ticks: (5, 5),
    }
    .draw(&mut c, &f);
    let step = n.div_ceil(400).max(1);
    let mut pts = vec![(x.at(lo), y.at(0.0))];
    let mut last = 0.0;
    for i in (0..n).step_by(step).chain([n - 1]) {
        let px = x.at(sorted[i]);
        pts.push((px, y.at(last)));
        last = (i + 1) as f64 / n as f64;
        pts.push((px, y.at(last)));
    }
    pts.push((x.at(hi), y.at(1.0)));
    c.polyline(&pts, "s0");
    c.finish(l.title.clone(), l.desc.clone())
}

/// One estimate with its interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// What it is (the row's label).
    pub label: String,
    /// The estimate.
    pub value: f64,
    /// Its interval's low end.
    pub lo: f64,
    /// Its interval's high end.
    pub hi: f64,
}

/// Estimates as dots with their intervals, one row each, labelled on the left and with the
/// figures on the right; `range` fixes the axis (probabilities: 0–1), and a dashed line
/// marks zero when it is inside.
pub fn intervals(
    l: &Labels,
    rows: &[Estimate],
    range: Option<(f64, f64)>,
    legend_items: &[(Key, String)],
) -> Graphic {
    let label_w = rows
        .iter()
        .map(|r| text_width(&r.label, 12.0))
        .fold(60.0, f64::max)
        .min(330.0);
    let figures: Vec<String> = rows
        .iter()
        .map(|r| {
            format!(
                "{} [{}, {}]",
                (l.fmt)(r.value),
                (l.fmt)(r.lo),
                (l.fmt)(r.hi)
            )
        })
        .collect();
    let fig_w = figures
        .iter()
        .map(|s| text_width(s, 12.0))
        .fold(40.0, f64::max);
    let plot_w = 300.0;
    let w = 12.0 + label_w + 12.0 + plot_w + 14.0 + fig_w + 8.0;
    let row_h = 22.0;
    let legend_h = if legend_items.is_empty() { 0.0 } else { 22.0 };
    let th = wrap(&l.title, 15.0, w - 16.0, 2).len() as f64 * 18.0;
    let h = th + 22.0 + rows.len().max(1) as f64 * row_h + 44.0 + legend_h;
    let f = Frame {
        left: 12.0 + label_w + 12.0,
        top: th + 12.0,
        right: 12.0 + label_w + 12.0 + plot_w,
        bottom: th + 12.0 + rows.len().max(1) as f64 * row_h + 6.0,
    };
    let mut c = Canvas::new(w, h);
    c.title(12.0, &l.title);
    let (lo, hi) = match range {
        Some(r) => r,
        None => {
            let all: Vec<f64> = rows
                .iter()
                .flat_map(|r| [r.lo, r.hi, r.value])
                .chain([0.0])
                .collect();
            let (a, b) = finite_range(&all).unwrap_or((0.0, 1.0));
            nice_range(a, b, 5)
        }
    };
    let x = Scale {
        lo,
        hi,
        from: f.left,
        to: f.right,
    };
    let ticks = super::svg::ticks(lo, hi, 5);
    for t in &ticks {
        let px = x.at(*t);
        c.line(px, f.top, px, f.bottom, "gl");
        c.text(px, f.bottom + 16.0, Anchor::Middle, "tk", &(l.fmt)(*t));
    }
    c.line(f.left, f.bottom, f.right, f.bottom, "ax");
    c.text(
        (f.left + f.right) / 2.0,
        f.bottom + 34.0,
        Anchor::Middle,
        "at",
        l.x_title,
    );
    if lo < 0.0 && hi > 0.0 {
        c.line(x.at(0.0), f.top, x.at(0.0), f.bottom, "zero");
    }
    for (i, r) in rows.iter().enumerate() {
        let yc = f.top + (i as f64 + 0.5) * row_h;
        let label = if text_width(&r.label, 12.0) > label_w {
            let mut s: String = r.label.chars().take((label_w / 7.0) as usize).collect();
            s.push('…');
            s
        } else {
            r.label.clone()
        };
        c.text(f.left - 8.0, yc + 4.0, Anchor::End, "tk", &label);
        if r.lo.is_finite() && r.hi.is_finite() {
            c.line(x.at(r.lo), yc, x.at(r.hi), yc, "ci");
        }
        if r.value.is_finite() {
            c.marker(x.at(r.value), yc, 0, "p0");
        }
        c.text(f.right + 14.0, yc + 4.0, Anchor::Start, "tk", &figures[i]);
    }
    if !legend_items.is_empty() {
        legend(&mut c, 12.0, h - 8.0, w - 24.0, legend_items);
    }
    c.finish(l.title.clone(), l.desc.clone())
}

/// A running mean with its interval, against the number of runs.
pub fn running_mean(
    l: &Labels,
    pts: &[(u64, f64, f64, f64)],
    legend_items: &[(Key, String)],
) -> Graphic {
    let (w, h) = (640.0, 300.0);
    let mut c = Canvas::new(w, h);
    let th = c.title(8.0, &l.title);
    let f = Frame {
        left: 78.0,
        top: th + 16.0,
        right: w - 16.0,
        bottom: h - 66.0,
    };
    let Some(last) = pts.last() else {
        return c.finish(l.title.clone(), l.desc.clone());
    };
    // The first runs' intervals are wide; the scale follows the last half.
    let tail = &pts[pts.len() / 2..];
    let all: Vec<f64> = tail.iter().flat_map(|p| [p.1, p.2, p.3]).collect();
    let (a, b) = finite_range(&all).unwrap_or((0.0, 1.0));
    let (lo, hi) = nice_range(a, b, 5);
    let x = Scale {
        lo: 0.0,
        hi: last.0 as f64,
        from: f.left,
        to: f.right,
    };
    let y = Scale {
        lo,
        hi,
        from: f.bottom,
        to: f.top,
    };
    Axes {
        x,
        y,
        x_title: l.x_title,
        y_title: l.y_title,
        x_fmt: &|v| crate::present::reports::grouped(v.max(0.0) as u64),
        y_fmt: l.fmt,
        ticks: (6, 5),
    }
    .draw(&mut c, &f);
    let line = |k: usize| -> Vec<(f64, f64)> {
        pts.iter()
            .map(|p| {
                let v = match k {
                    1 => p.1,
                    2 => p.2,
                    _ => p.3,
                };
                (x.at(p.0 as f64), y.at(v))
            })
            .collect()
    };
    c.polyline(&line(2), "s1");
    c.polyline(&line(3), "s1");
    c.polyline(&line(1), "s0");
    legend(&mut c, f.left, h - 10.0, f.right - f.left, legend_items);
    c.finish(l.title.clone(), l.desc.clone())
}

/// One bar of a tornado: a knob, and the effect of lowering and of raising it.
#[derive(Debug, Clone, PartialEq)]
pub struct Swing {
    /// The knob and where (the row's label).
    pub label: String,
    /// The effect of the low setting.
    pub low: f64,
    /// The effect of the high setting.
    pub high: f64,
}

/// A tornado: per knob, a bar from zero to the low setting's effect and one to the high
/// setting's, largest swing first; the two settings differ by fill and by their legend,
/// and each bar's end is labelled with its figure.
pub fn tornado(l: &Labels, rows: &[Swing], low_name: &str, high_name: &str) -> Graphic {
    let label_w = rows
        .iter()
        .map(|r| text_width(&r.label, 12.0))
        .fold(60.0, f64::max)
        .min(360.0);
    let plot_w = 380.0;
    let row_h = 26.0;
    let w = 12.0 + label_w + 12.0 + plot_w + 70.0;
    let th = wrap(&l.title, 15.0, w - 16.0, 2).len() as f64 * 18.0;
    let h = th + 22.0 + rows.len().max(1) as f64 * row_h + 66.0;
    let f = Frame {
        left: 12.0 + label_w + 12.0,
        top: th + 12.0,
        right: 12.0 + label_w + 12.0 + plot_w,
        bottom: th + 12.0 + rows.len().max(1) as f64 * row_h + 6.0,
    };
    let mut c = Canvas::new(w, h);
    c.title(12.0, &l.title);
    let all: Vec<f64> = rows
        .iter()
        .flat_map(|r| [r.low, r.high])
        .chain([0.0])
        .collect();
    let (a, b) = finite_range(&all).unwrap_or((-1.0, 1.0));
    let (lo, hi) = nice_range(a, b, 4);
    let x = Scale {
        lo,
        hi,
        from: f.left,
        to: f.right,
    };
    for t in super::svg::ticks(lo, hi, 4) {
        let px = x.at(t);
        c.line(px, f.top, px, f.bottom, "gl");
        c.text(px, f.bottom + 16.0, Anchor::Middle, "tk", &(l.fmt)(t));
    }
    c.line(f.left, f.bottom, f.right, f.bottom, "ax");
    c.line(x.at(0.0), f.top, x.at(0.0), f.bottom, "ax");
    c.text(
        (f.left + f.right) / 2.0,
        f.bottom + 34.0,
        Anchor::Middle,
        "at",
        l.x_title,
    );
    for (i, r) in rows.iter().enumerate() {
        let y0 = f.top + i as f64 * row_h + 3.0;
        let label = if text_width(&r.label, 12.0) > label_w {
            let mut s: String = r.label.chars().take((label_w / 7.0) as usize).collect();
            s.push('…');
            s
        } else {
            r.label.clone()
        };
        c.text(f.left - 8.0, y0 + 14.0, Anchor::End, "tk", &label);
        for (k, (v, class)) in [(r.low, "bar2"), (r.high, "bar")].iter().enumerate() {
            let (xa, xb) = (x.at(0.0), x.at(*v));
            let yk = y0 + k as f64 * 10.0;
            c.rect(xa.min(xb), yk, (xb - xa).abs().max(1.0), 9.0, class);
            let (px, anchor) = if *v < 0.0 {
                (xa.min(xb) - 3.0, Anchor::End)
            } else {
                (xa.max(xb) + 3.0, Anchor::Start)
            };
            c.text(px, yk + 8.5, anchor, "tk", &(l.fmt)(*v));
        }
    }
    legend(
        &mut c,
        f.left,
        h - 8.0,
        f.right - f.left,
        &[
            (Key::Swatch("bar2"), low_name.to_string()),
            (Key::Swatch("bar"), high_name.to_string()),
        ],
    );
    c.finish(l.title.clone(), l.desc.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Labels<'static> {
        Labels {
            title: "t".into(),
            desc: "d".into(),
            x_title: "x (unit)",
            y_title: "y (unit)",
            fmt: &|v| format!("{v:.1}"),
        }
    }

    #[test]
    fn a_histogram_counts_every_value_once() {
        let xs: Vec<f64> = (0..100).map(f64::from).collect();
        let g = histogram(&labels(), &xs);
        assert!(g.body.matches("class=\"bar\"").count() >= 10);
        assert!(g.body.contains("x (unit)") && g.body.contains("y (unit)"));
    }

    #[test]
    fn interval_rows_carry_their_figures_as_text() {
        let g = intervals(
            &labels(),
            &[Estimate {
                label: "p".into(),
                value: 0.5,
                lo: 0.4,
                hi: 0.6,
            }],
            Some((0.0, 1.0)),
            &[],
        );
        assert!(g.body.contains("0.5 [0.4, 0.6]"), "{}", g.body);
    }

    #[test]
    fn a_tornado_labels_both_ends() {
        let g = tornado(
            &labels(),
            &[Swing {
                label: "k".into(),
                low: -2.0,
                high: 3.0,
            }],
            "low",
            "high",
        );
        assert!(
            g.body.contains(">-2.0<") && g.body.contains(">3.0<"),
            "{}",
            g.body
        );
    }
}
