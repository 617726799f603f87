//! A small SVG kit for the reports' charts: scales with round ticks, axes with their
//! titles and units, lines, steps, bars, intervals and a legend. Each chart is a
//! [`Graphic`]: its drawing, a title and a description; the HTML shell wraps it in an
//! `<svg role="img">` with them as `<title>` and `<desc>`, so no chart goes unnamed. The
//! look comes from the shell's stylesheet (classes, not inline styles), so charts stay small
//! and print in black and white: every series differs by its dash or marker as well as by
//! its colour.

use std::fmt::Write;

/// A drawing and what it shows, ready for the shell.
#[derive(Debug, Clone, PartialEq)]
pub struct Graphic {
    /// Width of the drawing in its own units (the `viewBox`); it scales down to fit.
    pub width: f64,
    /// Height likewise.
    pub height: f64,
    /// The SVG elements inside `<svg>` (no `<title>`/`<desc>`: the shell adds them).
    pub body: String,
    /// A short name (the `<title>`).
    pub title: String,
    /// What it shows, in a sentence or two (the `<desc>`).
    pub desc: String,
}

/// Text escaped for SVG and HTML.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// A number as SVG writes coordinates: at most one decimal.
fn n(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// An SVG being drawn.
#[derive(Debug, Default)]
pub struct Canvas {
    width: f64,
    height: f64,
    body: String,
}

/// Where text is anchored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// At its start.
    Start,
    /// At its middle.
    Middle,
    /// At its end.
    End,
}

impl Anchor {
    fn attr(self) -> &'static str {
        match self {
            Anchor::Start => "",
            Anchor::Middle => " text-anchor=\"middle\"",
            Anchor::End => " text-anchor=\"end\"",
        }
    }
}

impl Canvas {
    /// An empty drawing of `width` × `height`.
    pub fn new(width: f64, height: f64) -> Canvas {
        Canvas {
            width,
            height,
            body: String::new(),
        }
    }

    /// A line of class `class`.
    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, class: &str) {
        let _ = write!(
            self.body,
            "<line class=\"{class}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
            n(x1),
            n(y1),
            n(x2),
            n(y2)
        );
    }

    /// A polyline through `pts`.
    pub fn polyline(&mut self, pts: &[(f64, f64)], class: &str) {
        if pts.is_empty() {
            return;
        }
        let mut d = String::new();
        for (i, (x, y)) in pts.iter().enumerate() {
            let _ = write!(d, "{}{},{}", if i == 0 { "M" } else { "L" }, n(*x), n(*y));
        }
        self.path(&d, class);
    }

    /// A path with data `d`.
    pub fn path(&mut self, d: &str, class: &str) {
        let _ = write!(self.body, "<path class=\"{class}\" d=\"{d}\"/>");
    }

    /// A rectangle.
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, class: &str) {
        let _ = write!(
            self.body,
            "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            n(x),
            n(y),
            n(w.max(0.0)),
            n(h.max(0.0))
        );
    }

    /// A rectangle with rounded corners and an inline fill (the cascade's sector colours).
    pub fn rect_filled(&mut self, x: f64, y: f64, w: f64, h: f64, class: &str, fill: &str) {
        let _ = write!(
            self.body,
            "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"{fill}\"/>",
            n(x),
            n(y),
            n(w.max(0.0)),
            n(h.max(0.0))
        );
    }

    /// A circle.
    pub fn circle(&mut self, x: f64, y: f64, r: f64, class: &str) {
        let _ = write!(
            self.body,
            "<circle class=\"{class}\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
            n(x),
            n(y),
            n(r)
        );
    }

    /// A marker of shape `k` (0 circle, 1 square, 2 diamond, 3 triangle), so series differ
    /// by shape as well as by colour.
    pub fn marker(&mut self, x: f64, y: f64, k: usize, class: &str) {
        let r = 4.0;
        match k % 4 {
            0 => self.circle(x, y, r, class),
            1 => self.rect(x - r, y - r, 2.0 * r, 2.0 * r, class),
            2 => self.path(
                &format!(
                    "M{},{}L{},{}L{},{}L{},{}Z",
                    n(x),
                    n(y - r - 1.0),
                    n(x + r + 1.0),
                    n(y),
                    n(x),
                    n(y + r + 1.0),
                    n(x - r - 1.0),
                    n(y)
                ),
                class,
            ),
            _ => self.path(
                &format!(
                    "M{},{}L{},{}L{},{}Z",
                    n(x),
                    n(y - r - 1.0),
                    n(x + r + 1.0),
                    n(y + r),
                    n(x - r - 1.0),
                    n(y + r)
                ),
                class,
            ),
        }
    }

    /// Text at (x, y) (its baseline), escaped; moved inside the drawing if it would stick
    /// out of a side (a tick label at the plot's edge), since nothing outside is shown.
    pub fn text(&mut self, x: f64, y: f64, anchor: Anchor, class: &str, s: &str) {
        let size = match class {
            "ttl" => 15.0,
            "at" | "nl" | "col" => 14.0,
            "tag" => 11.0,
            _ => 12.0,
        };
        let w = text_width(s, size);
        let (left, right) = match anchor {
            Anchor::Start => (x, x + w),
            Anchor::Middle => (x - w / 2.0, x + w / 2.0),
            Anchor::End => (x - w, x),
        };
        let (x, anchor) = if right > self.width - 1.0 && w < self.width {
            (self.width - 1.0, Anchor::End)
        } else if left < 1.0 && w < self.width {
            (1.0, Anchor::Start)
        } else {
            (x, anchor)
        };
        let _ = write!(
            self.body,
            "<text class=\"{class}\" x=\"{}\" y=\"{}\"{}>{}</text>",
            n(x),
            n(y),
            anchor.attr(),
            esc(s)
        );
    }

    /// Text turned a quarter anticlockwise, centred on (x, y): a y axis's title.
    pub fn text_up(&mut self, x: f64, y: f64, class: &str, s: &str) {
        let _ = write!(
            self.body,
            "<text class=\"{class}\" text-anchor=\"middle\" transform=\"translate({},{}) rotate(-90)\">{}</text>",
            n(x),
            n(y),
            esc(s)
        );
    }

    /// A chart's title at the top, wrapped to the drawing's width; returns the height it
    /// took, so the plot starts below it.
    pub fn title(&mut self, x: f64, s: &str) -> f64 {
        let lines = wrap(s, 15.0, self.width - x - 4.0, 2);
        for (i, l) in lines.iter().enumerate() {
            self.text(x, 18.0 + i as f64 * 18.0, Anchor::Start, "ttl", l);
        }
        lines.len() as f64 * 18.0
    }

    /// Raw elements (already escaped).
    pub fn raw(&mut self, s: &str) {
        self.body.push_str(s);
    }

    /// The drawing, named.
    pub fn finish(self, title: String, desc: String) -> Graphic {
        Graphic {
            width: self.width,
            height: self.height,
            body: self.body,
            title,
            desc,
        }
    }
}

/// A linear map from data to drawing coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    /// Data at the start.
    pub lo: f64,
    /// Data at the end.
    pub hi: f64,
    /// Drawing coordinate of `lo`.
    pub from: f64,
    /// Drawing coordinate of `hi`.
    pub to: f64,
}

impl Scale {
    /// Maps `v`, clamped to the range so that nothing is drawn outside the plot.
    pub fn at(&self, v: f64) -> f64 {
        let span = self.hi - self.lo;
        let f = if span.abs() < f64::EPSILON {
            0.5
        } else {
            ((v - self.lo) / span).clamp(0.0, 1.0)
        };
        self.from + f * (self.to - self.from)
    }
}

/// Round tick values covering `[lo, hi]`, about `want` of them (steps of 1, 2 or 5 × 10ᵏ).
pub fn ticks(lo: f64, hi: f64, want: usize) -> Vec<f64> {
    // An empty, reversed or infinite range (a NaN compares as neither) has one tick.
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) || !(hi - lo).is_finite() {
        return vec![lo];
    }
    let raw = (hi - lo) / want.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil();
    // Rounded to the step's own decimals, so 3 × 0.2 is 0.6, not 0.6000000000000001.
    let scale = 10f64.powi((2 - step.log10().floor() as i32).max(0));
    let mut out = Vec::new();
    let mut k = first;
    while k * step <= hi + step * 1e-9 && out.len() < 100 {
        let v = (k * step * scale).round() / scale;
        out.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        k += 1.0;
    }
    out
}

/// A range widened to round ticks: the lowest tick at or below `lo`, the highest at or
/// above `hi` (so no marker sits on the plot's edge), and a zero-width range opened up.
pub fn nice_range(lo: f64, hi: f64, want: usize) -> (f64, f64) {
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else if lo == 0.0 {
        (0.0, 1.0)
    } else {
        (lo - lo.abs() * 0.5, hi + hi.abs() * 0.5)
    };
    let t = ticks(lo, hi, want);
    let step = if t.len() > 1 { t[1] - t[0] } else { hi - lo };
    let a = if t.first().is_some_and(|f| *f <= lo) {
        t[0]
    } else {
        t.first().copied().unwrap_or(lo) - step
    };
    let b = if t.last().is_some_and(|l| *l >= hi) {
        *t.last().unwrap_or(&hi)
    } else {
        t.last().copied().unwrap_or(hi) + step
    };
    (a, b)
}

/// The plot area of a chart with axes: margins for the tick labels and titles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// Left edge of the plot area.
    pub left: f64,
    /// Top edge.
    pub top: f64,
    /// Right edge.
    pub right: f64,
    /// Bottom edge.
    pub bottom: f64,
}

/// The axes of a chart: what each shows and how its ticks read.
pub struct Axes<'a> {
    /// The x scale.
    pub x: Scale,
    /// The y scale.
    pub y: Scale,
    /// The x axis's title, with its unit.
    pub x_title: &'a str,
    /// The y axis's title, with its unit.
    pub y_title: &'a str,
    /// How an x tick reads.
    pub x_fmt: &'a dyn Fn(f64) -> String,
    /// How a y tick reads.
    pub y_fmt: &'a dyn Fn(f64) -> String,
    /// About how many ticks on each axis.
    pub ticks: (usize, usize),
}

impl Axes<'_> {
    /// Draws the grid, the axes, their ticks and titles into `c` around `f`.
    pub fn draw(&self, c: &mut Canvas, f: &Frame) {
        for t in ticks(self.y.lo, self.y.hi, self.ticks.1) {
            let y = self.y.at(t);
            c.line(f.left, y, f.right, y, "gl");
            c.text(f.left - 6.0, y + 4.0, Anchor::End, "tk", &(self.y_fmt)(t));
        }
        for t in ticks(self.x.lo, self.x.hi, self.ticks.0) {
            let x = self.x.at(t);
            c.line(x, f.bottom, x, f.bottom + 5.0, "ax");
            c.text(x, f.bottom + 18.0, Anchor::Middle, "tk", &(self.x_fmt)(t));
        }
        c.line(f.left, f.bottom, f.right, f.bottom, "ax");
        c.line(f.left, f.top, f.left, f.bottom, "ax");
        c.text(
            (f.left + f.right) / 2.0,
            f.bottom + 36.0,
            Anchor::Middle,
            "at",
            self.x_title,
        );
        c.text_up(14.0, (f.top + f.bottom) / 2.0, "at", self.y_title);
    }
}

/// One entry of a legend: a sample of the series' look and its name.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    /// A line of this class.
    Line(&'static str),
    /// A filled box of this class.
    Swatch(&'static str),
    /// A marker of this shape and class, with an interval line through it.
    Interval(usize, &'static str),
}

/// Draws a legend in a row from (x, y); returns the height it took (it wraps at `width`).
pub fn legend(c: &mut Canvas, x: f64, y: f64, width: f64, items: &[(Key, String)]) -> f64 {
    let (mut cx, mut cy) = (x, y);
    for (key, name) in items {
        let w = 34.0 + text_width(name, 12.0);
        if cx + w > x + width && cx > x {
            cx = x;
            cy += 18.0;
        }
        match key {
            Key::Line(class) => c.line(cx, cy - 4.0, cx + 24.0, cy - 4.0, class),
            Key::Swatch(class) => c.rect(cx, cy - 11.0, 24.0, 12.0, class),
            Key::Interval(k, class) => {
                c.line(cx, cy - 4.0, cx + 24.0, cy - 4.0, "ci");
                c.marker(cx + 12.0, cy - 4.0, *k, class);
            }
        }
        c.text(cx + 30.0, cy, Anchor::Start, "lg", name);
        cx += w;
    }
    cy - y + 18.0
}

/// About how wide `s` is at `size` px in the sans-serif fonts the reports name: CJK
/// characters a full em, wide Latin letters 0.85 em, narrow ones 0.3 em, the rest 0.62 em
/// (DejaVu Sans's digits are 0.64 em). An overestimate errs on the side of room.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|ch| {
            if unicode_width::UnicodeWidthChar::width(ch).unwrap_or(1) >= 2 {
                size
            } else if "mwMW@".contains(ch) {
                size * 0.85
            } else if "il.,:;|!'() ".contains(ch) {
                size * 0.34
            } else {
                size * 0.64
            }
        })
        .sum()
}

/// Splits `s` into lines at most `width` wide at `size` px, at spaces (or anywhere, for
/// text without spaces such as Japanese); at most `max` lines, the last one ending in "…"
/// if cut.
pub fn wrap(s: &str, size: f64, width: f64, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let spaced = s.contains(' ');
    let pieces: Vec<String> = if spaced {
        s.split(' ').map(String::from).collect()
    } else {
        s.chars().map(String::from).collect()
    };
    for piece in pieces {
        let candidate = if line.is_empty() {
            piece.clone()
        } else if spaced {
            format!("{line} {piece}")
        } else {
            format!("{line}{piece}")
        };
        if text_width(&candidate, size) > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line = piece;
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(ticks(0.0, 1.0, 5), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(ticks(0.0, 72.0, 6), vec![0.0, 20.0, 40.0, 60.0]);
        assert_eq!(ticks(3.0, 3.0, 5), vec![3.0]);
        let t = ticks(-0.3, 0.7, 4);
        assert_eq!(t, vec![-0.25, 0.0, 0.25, 0.5]);
    }

    #[test]
    fn ranges_that_are_not_finite_give_one_tick_and_never_loop() {
        assert_eq!(ticks(0.0, f64::INFINITY, 5).len(), 1);
        assert_eq!(ticks(-1e308, 1e308, 5).len(), 1);
        assert_eq!(ticks(f64::NAN, 1.0, 5).len(), 1);
        assert!(ticks(0.0, 1e-300, 5).len() <= 100);
    }

    #[test]
    fn a_nice_range_puts_every_value_inside_round_ends() {
        assert_eq!(nice_range(0.13, 0.87, 5), (0.0, 1.0));
        assert_eq!(nice_range(2.0, 2.0, 5), (1.0, 3.0));
        assert_eq!(nice_range(0.0, 0.0, 5), (0.0, 1.0));
        let (a, b) = nice_range(281.0, 499.0, 5);
        assert!(a <= 281.0 && b >= 499.0, "{a} {b}");
    }

    #[test]
    fn a_scale_clamps_to_the_plot() {
        let s = Scale {
            lo: 0.0,
            hi: 10.0,
            from: 100.0,
            to: 200.0,
        };
        assert_eq!(s.at(5.0), 150.0);
        assert_eq!(s.at(20.0), 200.0);
        assert_eq!(s.at(-1.0), 100.0);
    }

    #[test]
    fn text_is_escaped() {
        let mut c = Canvas::new(10.0, 10.0);
        c.text(0.0, 0.0, Anchor::Start, "t", "a->b & <c>");
        let g = c.finish("t".into(), "d".into());
        assert!(g.body.contains("a-&gt;b &amp; &lt;c&gt;"), "{}", g.body);
    }

    #[test]
    fn text_at_an_edge_is_moved_inside() {
        let mut c = Canvas::new(100.0, 20.0);
        c.text(99.0, 10.0, Anchor::Middle, "tk", "1,000,000");
        assert!(
            c.body.contains("x=\"99\" y=\"10\" text-anchor=\"end\""),
            "{}",
            c.body
        );
        c.text(0.0, 10.0, Anchor::Middle, "tk", "1,000");
        assert!(c.body.contains("x=\"1\" y=\"10\">1,000"), "{}", c.body);
    }

    #[test]
    fn long_titles_wrap_at_spaces_and_japanese_anywhere() {
        let l = wrap(
            "impact over all services (counts twice): histogram",
            15.0,
            300.0,
            2,
        );
        assert_eq!(l.len(), 2);
        assert!(l.iter().all(|x| text_width(x, 15.0) <= 300.0), "{l:?}");
        let j = wrap("全サービスの影響（重複あり）: ヒストグラム", 15.0, 150.0, 2);
        assert_eq!(j.len(), 2);
    }
}
