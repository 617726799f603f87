//! Plain renderings of an analysis: the terminal text (with a heat map whose cells carry
//! their numbers, readable without colour), CSV, and the IIM's own output.
//!
//! English only for now (docs/ANALYSIS.md); the words are to move to `present`.

use super::Analysis;
use super::iim::{StaticSolution, Trajectory};
use std::fmt::Write;

/// The shade of a value in [0, 1], from blank to full block: a second cue beside the number.
pub fn shade(x: f64) -> char {
    const SHADES: [char; 5] = [' ', '░', '▒', '▓', '█'];
    if x <= 0.0 {
        return '·';
    }
    SHADES[((x * 4.0).ceil() as usize).clamp(1, 4)]
}

/// A heat map of `value(row, column)` in [0, 1] with `fmt` for the number in a cell (at
/// most five characters); `rows` names what the rows are.
pub fn heat_map(
    title: &str,
    rows: &str,
    names: &[String],
    value: impl Fn(usize, usize) -> f64,
    fmt: impl Fn(usize, usize) -> String,
) -> String {
    let mut s = String::new();
    let label = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0)
        .max(rows.chars().count());
    let _ = writeln!(s, "{title}");
    let _ = write!(s, "{rows:<w$}", w = label + 3);
    for k in 1..=names.len() {
        let _ = write!(s, " {k:>6}");
    }
    s.push('\n');
    for (o, name) in names.iter().enumerate() {
        let _ = write!(s, "{:>2} {name:<label$}", o + 1);
        for j in 0..names.len() {
            let _ = write!(s, " {}{:>5}", shade(value(o, j)), fmt(o, j));
        }
        s.push('\n');
    }
    let legend: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(k, n)| format!("{} {n}", k + 1))
        .collect();
    let _ = writeln!(s, "columns: {}", legend.join(", "));
    let _ = writeln!(
        s,
        "shade: · none, ░ up to 25%, ▒ up to 50%, ▓ up to 75%, █ above 75% of the map's scale"
    );
    s
}

/// A distribution as a scenario file writes it.
pub fn dist(d: &crate::model::Dist) -> String {
    use crate::model::Dist as D;
    match d {
        D::Fixed(m) => format!("Fixed(\"{m}\")"),
        D::Uniform { min, max } => format!("Uniform(min: \"{min}\", max: \"{max}\")"),
        D::Triangular { min, mode, max } => {
            format!("Triangular(min: \"{min}\", mode: \"{mode}\", max: \"{max}\")")
        }
        D::LogNormal { median, sigma } => {
            format!("LogNormal(median: \"{median}\", sigma: {sigma})")
        }
        D::Exponential { mean } => format!("Exponential(mean: \"{mean}\")"),
    }
}

fn hours(minutes: Option<f64>) -> String {
    match minutes {
        None => "—".into(),
        Some(m) if m < 600.0 => format!("{:.1}", m / 60.0),
        Some(m) => format!("{:.0}", m / 60.0),
    }
}

/// A person-hours figure in at most five characters (k thousand, M million).
pub fn compact(x: f64) -> String {
    if x == 0.0 {
        "0".into()
    } else if x < 10.0 {
        format!("{x:.1}")
    } else if x < 10_000.0 {
        format!("{x:.0}")
    } else if x < 10_000_000.0 {
        format!("{:.0}k", x / 1e3)
    } else {
        format!("{:.0}M", x / 1e6)
    }
}

/// The terminal text of an analysis.
pub fn text(a: &Analysis, top: usize) -> String {
    let m = &a.matrix;
    let n = m.units.len();
    let mut s = String::new();
    let p = &a.perturbation;
    let _ = writeln!(
        s,
        "Interdependency analysis of {}: {} origins by {}, {} runs each, seed {}, {} h per run",
        a.name,
        n,
        match a.by {
            super::By::Sector => "sector",
            super::By::Operator => "operator",
        },
        a.runs,
        a.seed,
        a.duration_minutes / 60
    );
    let _ = writeln!(
        s,
        "Standard perturbation: every service of the origin loses {:.0}% of its capacity at T+{}, repair {} (docs/ANALYSIS.md)\n",
        p.severity * 100.0,
        p.at,
        dist(&p.recovery)
    );
    s += &heat_map(
        "Probability of falling below the required level (percent)",
        "origin ↓ affected →",
        &m.units,
        |o, j| m.cells[o][j].p_below,
        |o, j| format!("{:.0}", m.cells[o][j].p_below * 100.0),
    );
    let max_impact = m
        .cells
        .iter()
        .flatten()
        .map(|c| c.impact)
        .fold(0.0, f64::max);
    s.push('\n');
    s += &heat_map(
        "Expected end-user impact (person-hours; k thousand, M million)",
        "origin ↓ affected →",
        &m.units,
        |o, j| {
            if max_impact > 0.0 {
                m.cells[o][j].impact / max_impact
            } else {
                0.0
            }
        },
        |o, j| compact(m.cells[o][j].impact),
    );
    s.push('\n');
    s += &heat_map(
        "Median hours from the perturbation until it falls below required (— never)",
        "origin ↓ affected →",
        &m.units,
        |o, j| m.cells[o][j].p_below,
        |o, j| hours(m.cells[o][j].median_minutes),
    );
    let _ = writeln!(
        s,
        "\nCriticality (origins by downstream impact, person-hours):"
    );
    let _ = writeln!(
        s,
        "  {:<28} {:>14} {:>14} {:>27} {:>8}",
        "origin", "downstream", "total", "total 95% interval", "reached"
    );
    for c in &a.criticality {
        let _ = writeln!(
            s,
            "  {:<28} {:>14.0} {:>14.0} {:>13.0} – {:<11.0} {:>8}",
            c.unit, c.downstream, c.total, c.total_interval.lo, c.total_interval.hi, c.reached
        );
    }
    let _ = writeln!(s, "\nExposure (units by impact from the other origins):");
    let _ = writeln!(
        s,
        "  {:<28} {:>14} {:>14} {:>10}",
        "unit", "person-hours", "mean P(below)", "reached by"
    );
    for e in &a.exposure {
        let _ = writeln!(
            s,
            "  {:<28} {:>14.0} {:>14.3} {:>10}",
            e.unit, e.impact, e.mean_p_below, e.reached_by
        );
    }
    let _ = writeln!(
        s,
        "\nStrongest propagation paths (share of runs the loss crossed each step, multiplied):"
    );
    if a.paths.is_empty() {
        let _ = writeln!(s, "  none: no loss crossed from one unit to another");
    }
    for path in a.paths.iter().take(top) {
        let _ = writeln!(
            s,
            "  {:>5.3}  {}  (P below at the end {:.3})",
            path.strength,
            path.units.join(" → "),
            path.p_below
        );
    }
    match &a.iim {
        None => {
            let _ = writeln!(
                s,
                "\nIIM: the A* derived from the graph cannot be solved (spectral radius ≥ 1)"
            );
        }
        Some(c) => {
            let _ = writeln!(
                s,
                "\nDES against the IIM (peak inoperability; A* derived from the graph, docs/ANALYSIS.md):"
            );
            let _ = writeln!(
                s,
                "  {:<22} {:<22} {:>7} {:>7} {:>8}  departure",
                "origin", "affected", "DES", "IIM", "DES−IIM"
            );
            for cell in c.cells.iter().take(top) {
                let _ = writeln!(
                    s,
                    "  {:<22} {:<22} {:>7.3} {:>7.3} {:>+8.3}  {}",
                    cell.origin,
                    cell.affected,
                    cell.des,
                    cell.iim,
                    cell.difference,
                    departure_words(cell.departure)
                );
            }
            let counts = [
                super::compare::Departure::Linear,
                super::compare::Departure::Held,
                super::compare::Departure::Damped,
                super::compare::Departure::Amplified,
            ]
            .map(|d| (d, c.cells.iter().filter(|x| x.departure == d).count()));
            let _ = writeln!(
                s,
                "  cells: {}",
                counts
                    .iter()
                    .map(|(d, k)| format!("{k} {}", departure_id(*d)))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if let Some(f) = &c.fitted {
                s.push('\n');
                s += &matrix_text("Empirical A* fitted to the DES matrix", &f.names, &f.a);
            }
            s.push('\n');
            s += &matrix_text("A* derived from the graph", &c.derived.names, &c.derived.a);
        }
    }
    if !a.sensitivity.is_empty() {
        let _ = writeln!(
            s,
            "\nSensitivity (paired differences of the origin's total impact, common random numbers):"
        );
        for x in a.sensitivity.iter().take(top.max(20)) {
            let _ = writeln!(
                s,
                "  {:<50} {:<20} low {:>12.0} [{:.0}, {:.0}]  high {:>12.0} [{:.0}, {:.0}]",
                x.knob,
                x.origin,
                x.low.difference,
                x.low.interval.lo,
                x.low.interval.hi,
                x.high.difference,
                x.high.interval.lo,
                x.high.interval.hi
            );
        }
    }
    s
}

/// A departure's id.
pub fn departure_id(d: super::compare::Departure) -> &'static str {
    use super::compare::Departure as D;
    match d {
        D::Linear => "linear",
        D::Held => "held",
        D::Damped => "damped",
        D::Amplified => "amplified",
    }
}

fn departure_words(d: super::compare::Departure) -> &'static str {
    use super::compare::Departure as D;
    match d {
        D::Linear => "linear: agrees within 0.02",
        D::Held => "held: threshold or buffer stopped it",
        D::Damped => "damped: recovery cut it short",
        D::Amplified => "amplified: all-or-nothing edges",
    }
}

/// A square matrix with row and column numbers.
pub fn matrix_text(title: &str, names: &[String], a: &[Vec<f64>]) -> String {
    heat_map(
        title,
        "dependent ↓ provider →",
        names,
        |o, j| a[o][j].clamp(0.0, 1.0),
        |o, j| {
            let x = a[o][j];
            if x == 0.0 {
                "0".into()
            } else if x.abs() < 0.005 {
                "~0".into()
            } else {
                format!("{x:.2}")
            }
        },
    )
}

/// The analysis as CSV: one row per (origin, affected) cell.
pub fn csv(a: &Analysis) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "origin",
        "affected",
        "p_below",
        "p_below_lo",
        "p_below_hi",
        "expected_impact_person_hours",
        "median_minutes_to_below",
        "des_inoperability",
        "iim_inoperability",
    ]);
    let m = &a.matrix;
    for (o, row) in m.cells.iter().enumerate() {
        for (j, c) in row.iter().enumerate() {
            let iim = a
                .iim
                .as_ref()
                .map(|x| format!("{:.6}", x.iim[o][j]))
                .unwrap_or_default();
            let _ = w.write_record([
                m.units[o].clone(),
                m.units[j].clone(),
                format!("{:.6}", c.p_below),
                format!("{:.6}", c.p_interval.lo),
                format!("{:.6}", c.p_interval.hi),
                format!("{:.2}", c.impact),
                c.median_minutes.map(|x| format!("{x}")).unwrap_or_default(),
                format!("{:.6}", c.inoperability),
                iim,
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The IIM's static answer per origin, and a trajectory, as text.
pub fn iim_text(
    names: &[String],
    origins: &[(String, StaticSolution)],
    trajectory: Option<(&str, &Trajectory)>,
) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Inoperability Input-Output Model, static: q = min(1, A*q + c*) (docs/ANALYSIS.md)"
    );
    for (origin, sol) in origins {
        let _ = writeln!(s, "\nc* at {origin}:");
        for (k, name) in names.iter().enumerate() {
            let _ = writeln!(
                s,
                "  {name:<28} q = {:.3}{}",
                sol.q[k],
                if sol.capped[k] { "  (capped at 1)" } else { "" }
            );
        }
    }
    if let Some((origin, t)) = trajectory {
        let _ = writeln!(
            s,
            "\nDynamic: q(t + Δt) = q + Δt·K(A*q + c* − q), Δt = {} h, c* at {origin}",
            t.dt
        );
        let _ = write!(s, "  {:>7}", "t (h)");
        for k in 1..=names.len() {
            let _ = write!(s, " {k:>6}");
        }
        s.push('\n');
        let every = (t.q.len() / 24).max(1);
        for (k, q) in t.q.iter().enumerate() {
            if k % every != 0 && k + 1 != t.q.len() {
                continue;
            }
            let _ = write!(s, "  {:>7.1}", k as f64 * t.dt);
            for x in q {
                let _ = write!(s, " {x:>6.3}");
            }
            s.push('\n');
        }
        let legend: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(k, n)| format!("{} {n}", k + 1))
            .collect();
        let _ = writeln!(s, "  columns: {}", legend.join(", "));
    }
    s
}
