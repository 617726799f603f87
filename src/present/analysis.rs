//! The words of an interdependency analysis (`crate::analyze`): the terminal text (heat
//! maps whose cells carry their numbers, readable without colour; aligned tables), CSV,
//! and the IIM's own output, in English or Japanese. The text names sectors in words
//! (`information & communications`, `情報通信`); the CSV and JSON keep the ids, so a tool
//! can match them against the files. The HTML report (`report::analysis`) shares these
//! words.

use super::table::{Align, table};
use super::{Lang, lpad, pad};
use crate::analyze::Analysis;
use crate::analyze::compare::Departure;
use crate::analyze::iim::{StaticSolution, Trajectory};
use crate::model::{Minutes, Sector};
use std::fmt::Write;

/// English or Japanese, chosen by the language.
fn l(lang: Lang, en: &'static str, ja: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

/// A unit of the analysis in words: a sector by its name in `lang`, anything else (an
/// operator, a system of a matrix file) by its id.
pub fn unit_name(id: &str, lang: Lang) -> String {
    match Sector::from_id(id) {
        Some(s) => lang.pick(s.name_en(), s.name_ja()).to_string(),
        None => id.to_string(),
    }
}

/// The units in words.
fn unit_names(ids: &[String], lang: Lang) -> Vec<String> {
    ids.iter().map(|u| unit_name(u, lang)).collect()
}

/// A sensitivity knob's value with its unit: a tolerance or a backup extension is a
/// duration (`1h`, not `60`), anything else a number.
pub fn knob_value(knob: &str, value: f64) -> String {
    if knob.ends_with("tolerance") || knob == "backup_extension" {
        Minutes(value.round().max(0.0) as u64).to_string()
    } else {
        format!("{value:.3}")
    }
}

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
    lang: Lang,
    title: &str,
    rows: &str,
    names: &[String],
    value: impl Fn(usize, usize) -> f64,
    fmt: impl Fn(usize, usize) -> String,
) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut s = String::new();
    let label = names
        .iter()
        .map(|n| n.width())
        .max()
        .unwrap_or(0)
        .max(rows.width());
    let _ = writeln!(s, "{title}");
    s += &pad(rows, label + 3);
    for k in 1..=names.len() {
        let _ = write!(s, " {k:>6}");
    }
    s.push('\n');
    for (o, name) in names.iter().enumerate() {
        let _ = write!(s, "{:>2} {}", o + 1, pad(name, label));
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
    let _ = writeln!(s, "{}{}", l(lang, "columns: ", "列: "), legend.join(", "));
    let _ = writeln!(
        s,
        "{}",
        l(
            lang,
            "shade: · none, ░ up to 25%, ▒ up to 50%, ▓ up to 75%, █ above 75% of the map's scale",
            "濃淡: · なし、░ 25% まで、▒ 50% まで、▓ 75% まで、█ 75% 超（図の尺度に対して）"
        )
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

/// The terminal text of an analysis, in `lang`.
pub fn text(a: &Analysis, top: usize, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let l = |en, ja_text| l(lang, en, ja_text);
    let m = &a.matrix;
    let n = m.units.len();
    let mut s = String::new();
    let p = &a.perturbation;
    let by = match a.by {
        crate::analyze::By::Sector => l("sector", "分野別"),
        crate::analyze::By::Operator => l("operator", "事業者別"),
    };
    if ja {
        let _ = writeln!(
            s,
            "{} の相互依存分析: 起点 {n}（{by}）、各 {} 回、シード {}、1 回 {} 時間",
            a.name,
            a.runs,
            a.seed,
            a.duration_minutes / 60
        );
        let _ = writeln!(
            s,
            "標準摂動: 起点の全サービスが T+{} に能力の {:.0}% を失い、復旧は {}（docs/ANALYSIS.md）\n",
            p.at,
            p.severity * 100.0,
            dist(&p.recovery)
        );
    } else {
        let _ = writeln!(
            s,
            "Interdependency analysis of {}: {n} origins by {by}, {} runs each, seed {}, {} h per run",
            a.name,
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
    }
    let rows = l("origin ↓ affected →", "起点 ↓ 影響先 →");
    let names = unit_names(&m.units, lang);
    s += &heat_map(
        lang,
        l(
            "Probability of falling below the required level (percent)",
            "必要水準を下回る確率（%）",
        ),
        rows,
        &names,
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
        lang,
        l(
            "Expected end-user impact (person-hours; k thousand, M million)",
            "利用者への影響の期待値（人時。k は千、M は百万）",
        ),
        rows,
        &names,
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
        lang,
        l(
            "Median hours from the perturbation until it falls below required (— never)",
            "摂動から必要水準を下回るまでの時間の中央値（時間。— は下回らない）",
        ),
        rows,
        &names,
        |o, j| m.cells[o][j].p_below,
        |o, j| hours(m.cells[o][j].median_minutes),
    );
    let _ = writeln!(
        s,
        "\n{}",
        l(
            "Criticality (origins by downstream impact, person-hours):",
            "重要度（下流への影響による起点の順位、人時）:"
        )
    );
    let rows: Vec<Vec<String>> = a
        .criticality
        .iter()
        .map(|c| {
            vec![
                unit_name(&c.unit, lang),
                format!("{:.0}", c.downstream),
                format!("{:.0}", c.total),
                format!("{:.0} – {:.0}", c.total_interval.lo, c.total_interval.hi),
                c.reached.to_string(),
            ]
        })
        .collect();
    s += &table(
        2,
        &[
            l("origin", "起点"),
            l("downstream", "下流"),
            l("total", "合計"),
            l("total 95% interval", "合計の 95% 区間"),
            l("reached", "到達"),
        ],
        &[
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
        &rows,
    );
    let _ = writeln!(
        s,
        "\n{}",
        l(
            "Exposure (units by impact from the other origins):",
            "被影響度（他の起点から受ける影響による順位）:"
        )
    );
    let rows: Vec<Vec<String>> = a
        .exposure
        .iter()
        .map(|e| {
            vec![
                unit_name(&e.unit, lang),
                format!("{:.0}", e.impact),
                format!("{:.3}", e.mean_p_below),
                e.reached_by.to_string(),
            ]
        })
        .collect();
    s += &table(
        2,
        &[
            l("unit", "単位"),
            l("person-hours", "人時"),
            l("mean P(below)", "平均 P(未満)"),
            l("reached by", "到達元"),
        ],
        &[Align::Left, Align::Right, Align::Right, Align::Right],
        &rows,
    );
    let _ = writeln!(
        s,
        "\n{}",
        l(
            "Strongest propagation paths (share of runs the loss crossed each step, multiplied):",
            "最も強い波及経路（各段階で損失が伝わった実行の割合の積）:"
        )
    );
    if a.paths.is_empty() {
        let _ = writeln!(
            s,
            "  {}",
            l(
                "none: no loss crossed from one unit to another",
                "なし: 単位から単位へ伝わった損失はありません"
            )
        );
    }
    for path in a.paths.iter().take(top) {
        let _ = if ja {
            writeln!(
                s,
                "  {:>5.3}  {}  （終点で下回る確率 {:.3}）",
                path.strength,
                unit_names(&path.units, lang).join(" → "),
                path.p_below
            )
        } else {
            writeln!(
                s,
                "  {:>5.3}  {}  (P below at the end {:.3})",
                path.strength,
                unit_names(&path.units, lang).join(" → "),
                path.p_below
            )
        };
    }
    match &a.iim {
        None => {
            let _ = writeln!(
                s,
                "\n{}",
                l(
                    "IIM: the A* derived from the graph cannot be solved (spectral radius ≥ 1)",
                    "IIM: グラフから導いた A* は解けません（スペクトル半径 ≥ 1）"
                )
            );
        }
        Some(c) => {
            let _ = writeln!(
                s,
                "\n{}",
                l(
                    "DES against the IIM (peak inoperability; A* derived from the graph, docs/ANALYSIS.md):",
                    "DES と IIM の比較（最大不稼働率。A* はグラフから導出、docs/ANALYSIS.md）:"
                )
            );
            let rows: Vec<Vec<String>> = c
                .cells
                .iter()
                .take(top)
                .map(|cell| {
                    vec![
                        unit_name(&cell.origin, lang),
                        unit_name(&cell.affected, lang),
                        format!("{:.3}", cell.des),
                        format!("{:.3}", cell.iim),
                        format!("{:+.3}", cell.difference),
                        departure_words(cell.departure, lang).to_string(),
                    ]
                })
                .collect();
            s += &table(
                2,
                &[
                    l("origin", "起点"),
                    l("affected", "影響先"),
                    "DES",
                    "IIM",
                    "DES−IIM",
                    l("departure", "乖離"),
                ],
                &[
                    Align::Left,
                    Align::Left,
                    Align::Right,
                    Align::Right,
                    Align::Right,
                    Align::Left,
                ],
                &rows,
            );
            let counts = [
                Departure::Linear,
                Departure::Held,
                Departure::Damped,
                Departure::Amplified,
            ]
            .map(|d| (d, c.cells.iter().filter(|x| x.departure == d).count()));
            let _ = writeln!(
                s,
                "  {}: {}",
                l("cells", "セル"),
                counts
                    .iter()
                    .map(|(d, k)| format!("{k} {}", departure_id(*d)))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if let Some(f) = &c.fitted {
                s.push('\n');
                s += &matrix_text(
                    lang,
                    l(
                        "Empirical A* fitted to the DES matrix",
                        "DES の行列に当てはめた経験的 A*",
                    ),
                    &unit_names(&f.names, lang),
                    &f.a,
                );
            }
            s.push('\n');
            s += &matrix_text(
                lang,
                l("A* derived from the graph", "グラフから導いた A*"),
                &unit_names(&c.derived.names, lang),
                &c.derived.a,
            );
        }
    }
    if !a.sensitivity.is_empty() {
        let _ = writeln!(
            s,
            "\n{}",
            l(
                "Sensitivity (paired differences of the origin's total impact, common random numbers):",
                "感度（起点の総影響の対応のある差、共通乱数）:"
            )
        );
        let rows: Vec<Vec<String>> = a
            .sensitivity
            .iter()
            .take(top.max(20))
            .map(|x| {
                let side = |e: &crate::analyze::vary::Effect| {
                    vec![
                        knob_value(&x.knob, e.value),
                        format!("{:.0}", e.difference),
                        format!("[{:.0}, {:.0}]", e.interval.lo, e.interval.hi),
                    ]
                };
                let mut row = vec![x.knob.clone(), unit_name(&x.origin, lang)];
                row.extend(side(&x.low));
                row.extend(side(&x.high));
                row
            })
            .collect();
        s += &table(
            2,
            &[
                l("dependency or parameter", "依存関係・パラメータ"),
                l("origin", "起点"),
                l("low value", "低い値"),
                l("low: difference", "低: 差"),
                l("95% interval", "95% 区間"),
                l("high value", "高い値"),
                l("high: difference", "高: 差"),
                l("95% interval", "95% 区間"),
            ],
            &[
                Align::Left,
                Align::Left,
                Align::Right,
                Align::Right,
                Align::Right,
                Align::Right,
                Align::Right,
                Align::Right,
            ],
            &rows,
        );
    }
    s
}

/// A departure's id.
pub fn departure_id(d: Departure) -> &'static str {
    use Departure as D;
    match d {
        D::Linear => "linear",
        D::Held => "held",
        D::Damped => "damped",
        D::Amplified => "amplified",
    }
}

/// What a departure means, in `lang` (its id first, as the CSV and JSON name it).
pub fn departure_words(d: Departure, lang: Lang) -> &'static str {
    use Departure as D;
    match (d, lang) {
        (D::Linear, Lang::En) => "linear: agrees within 0.02",
        (D::Held, Lang::En) => "held: threshold or buffer stopped it",
        (D::Damped, Lang::En) => "damped: recovery cut it short",
        (D::Amplified, Lang::En) => "amplified: all-or-nothing edges",
        (D::Linear, Lang::Ja) => "linear: 0.02 以内で一致",
        (D::Held, Lang::Ja) => "held: 閾値か猶予で止まった",
        (D::Damped, Lang::Ja) => "damped: 復旧で短く終わった",
        (D::Amplified, Lang::Ja) => "amplified: 全か無かの依存で増幅",
    }
}

/// A square matrix with row and column numbers.
pub fn matrix_text(lang: Lang, title: &str, names: &[String], a: &[Vec<f64>]) -> String {
    heat_map(
        lang,
        title,
        l(lang, "dependent ↓ provider →", "依存側 ↓ 供給側 →"),
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

/// The IIM's static answer per origin, and a trajectory, as text in `lang`.
pub fn iim_text(
    names: &[String],
    origins: &[(String, StaticSolution)],
    trajectory: Option<(&str, &Trajectory)>,
    lang: Lang,
) -> String {
    let ja = lang == Lang::Ja;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        l(
            lang,
            "Inoperability Input-Output Model, static: q = min(1, A*q + c*) (docs/ANALYSIS.md)",
            "不稼働率産業連関モデル（IIM）、静的: q = min(1, A*q + c*)（docs/ANALYSIS.md）"
        )
    );
    for (origin, sol) in origins {
        if ja {
            let _ = writeln!(s, "\n{} に c*:", unit_name(origin, lang));
        } else {
            let _ = writeln!(s, "\nc* at {}:", unit_name(origin, lang));
        }
        for (k, name) in names.iter().enumerate() {
            let _ = writeln!(
                s,
                "  {name:<28} q = {:.3}{}",
                sol.q[k],
                if sol.capped[k] {
                    l(lang, "  (capped at 1)", "  （1 で頭打ち）")
                } else {
                    ""
                }
            );
        }
    }
    if let Some((origin, t)) = trajectory {
        if ja {
            let _ = writeln!(
                s,
                "\n動的: q(t + Δt) = q + Δt·K(A*q + c* − q)、Δt = {} 時間、{origin} に c*",
                t.dt
            );
        } else {
            let _ = writeln!(
                s,
                "\nDynamic: q(t + Δt) = q + Δt·K(A*q + c* − q), Δt = {} h, c* at {origin}",
                t.dt
            );
        }
        let _ = write!(s, "  {}", lpad(l(lang, "t (h)", "t（時間）"), 7));
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
        let _ = writeln!(s, "  {}{}", l(lang, "columns: ", "列: "), legend.join(", "));
    }
    s
}
