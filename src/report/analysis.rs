//! The report of an interdependency analysis (`rensa report ANALYSIS.json`,
//! docs/ANALYSIS.md): the matrix as two heat maps (tables with the number in every cell,
//! rows sorted by criticality and columns by exposure, zero rows and columns left out and
//! at most [`HEAT_MAX`] of each shown), the strongest propagation paths as a graph, the
//! rankings, the simulation against the IIM, and the sensitivity as a tornado chart. Every
//! table or chart that shows part of its data says how much and where the rest is.

use super::charts::{self, Labels, Swing};
use super::doc::{Block, Cell, Document, Figure, Row, Table};
use super::graph;
use crate::analyze::Analysis;
use crate::model::Sector;
use crate::present::Lang;
use crate::present::reports::analysis as say;
use crate::present::reports::{Term, big, sector_short};

/// At most this many origins (rows) and affected units (columns) in a heat map.
pub const HEAT_MAX: usize = 20;
/// At most this many rows of the DES-against-IIM table.
pub const IIM_MAX: usize = 20;
/// At most this many bars in the tornado.
pub const TORNADO_MAX: usize = 20;

fn heading(b: &mut Vec<Block>, lang: Lang, t: Term, id: &str) {
    b.push(Block::Heading {
        text: t.get(lang).to_string(),
        id: id.to_string(),
    });
}

/// The heat map of `value` (shade in [0, 1]) labelled by `label`, rows in `rows`' order
/// and columns in `cols`' order.
fn heat(
    a: &Analysis,
    lang: Lang,
    caption: &str,
    rows: &[usize],
    cols: &[usize],
    value: &dyn Fn(usize, usize) -> f64,
    label: &dyn Fn(usize, usize) -> String,
) -> Table {
    let m = &a.matrix;
    let mut head = vec![format!(
        "{} ↓ {} →",
        Term::AOrigin.get(lang),
        Term::AAffected.get(lang)
    )];
    head.extend(cols.iter().map(|&j| say::unit(lang, &m.units[j])));
    let body = rows
        .iter()
        .map(|&o| {
            let mut cells = vec![Cell::text(say::unit(lang, &m.units[o]))];
            cells.extend(cols.iter().map(|&j| Cell {
                text: label(o, j),
                links: Vec::new(),
                shade: Some(value(o, j)),
            }));
            Row { id: None, cells }
        })
        .collect();
    let numeric: Vec<usize> = (1..=cols.len()).collect();
    Table::new(caption, head, body).numbers(&numeric)
}

/// The report of an analysis of `name` (the scenario's name in `lang`); `top` paths are
/// shown.
pub fn document(a: &Analysis, name: &str, top: usize, lang: Lang) -> Document {
    let m = &a.matrix;
    let t = |x: Term| x.get(lang);
    let mut b = Vec::new();
    let recovery = crate::present::reports::distribution(lang, &a.perturbation.recovery);
    b.push(Block::Para(say::setup(
        lang,
        m.units.len(),
        a.by == crate::analyze::By::Operator,
        a.runs,
        a.seed,
        a.duration_minutes / 60,
        a.perturbation.severity,
        &format!(
            "T+{:02}:{:02}",
            a.perturbation.at.0 / 60,
            a.perturbation.at.0 % 60
        ),
        &recovery,
    )));

    // Heat maps: rows by criticality, columns by exposure; units that are zero
    // throughout left out; at most HEAT_MAX each.
    let n = m.units.len();
    let index = |name: &str| m.units.iter().position(|u| u == name);
    let row_order: Vec<usize> = a
        .criticality
        .iter()
        .filter_map(|c| index(&c.unit))
        .collect();
    let col_order: Vec<usize> = a.exposure.iter().filter_map(|e| index(&e.unit)).collect();
    let row_order = if row_order.len() == n {
        row_order
    } else {
        (0..n).collect()
    };
    let col_order = if col_order.len() == n {
        col_order
    } else {
        (0..n).collect()
    };
    let live_row = |o: usize| m.cells[o].iter().any(|c| c.p_below > 0.0 || c.impact > 0.0);
    let live_col = |j: usize| {
        m.cells
            .iter()
            .any(|r| r[j].p_below > 0.0 || r[j].impact > 0.0)
    };
    let rows: Vec<usize> = row_order.iter().copied().filter(|&o| live_row(o)).collect();
    let cols: Vec<usize> = col_order.iter().copied().filter(|&j| live_col(j)).collect();
    let (zero_rows, zero_cols) = (n - rows.len(), n - cols.len());
    let shown_rows: Vec<usize> = rows.iter().copied().take(HEAT_MAX).collect();
    let shown_cols: Vec<usize> = cols.iter().copied().take(HEAT_MAX).collect();
    let heat_note = |b: &mut Vec<Block>| {
        b.push(Block::Note(t(Term::AHeatNote).into()));
        if zero_rows + zero_cols > 0 || rows.len() > HEAT_MAX || cols.len() > HEAT_MAX {
            b.push(Block::Note(say::shown_of(
                lang,
                shown_rows.len() * shown_cols.len(),
                n * n,
                &say::see_matrix(lang, zero_rows, zero_cols),
            )));
        }
    };
    heading(&mut b, lang, Term::AProbability, "probability");
    heat_note(&mut b);
    b.push(Block::Table(heat(
        a,
        lang,
        &format!(
            "{} ({})",
            t(Term::AProbability),
            say::heat_desc(lang, shown_rows.len(), shown_cols.len())
        ),
        &shown_rows,
        &shown_cols,
        &|o, j| m.cells[o][j].p_below,
        &|o, j| format!("{:.0}", m.cells[o][j].p_below * 100.0),
    )));
    let max = m
        .cells
        .iter()
        .flatten()
        .map(|c| c.impact)
        .fold(0.0, f64::max);
    heading(&mut b, lang, Term::AImpact, "impact");
    heat_note(&mut b);
    b.push(Block::Table(heat(
        a,
        lang,
        &format!(
            "{} ({})",
            t(Term::AImpact),
            say::heat_desc(lang, shown_rows.len(), shown_cols.len())
        ),
        &shown_rows,
        &shown_cols,
        &|o, j| {
            if max > 0.0 {
                m.cells[o][j].impact / max
            } else {
                0.0
            }
        },
        &|o, j| big(lang, m.cells[o][j].impact),
    )));

    paths(a, top, lang, &mut b);

    heading(&mut b, lang, Term::ACriticality, "criticality");
    b.push(Block::Table(
        Table::new(
            t(Term::ACriticality),
            vec![
                t(Term::AOrigin).into(),
                t(Term::ADownstream).into(),
                t(Term::ATotal).into(),
                t(Term::AInterval).into(),
                t(Term::AReached).into(),
            ],
            a.criticality
                .iter()
                .map(|c| {
                    Row::of([
                        say::unit(lang, &c.unit),
                        big(lang, c.downstream),
                        big(lang, c.total),
                        format!(
                            "{} – {}",
                            big(lang, c.total_interval.lo),
                            big(lang, c.total_interval.hi)
                        ),
                        c.reached.to_string(),
                    ])
                })
                .collect(),
        )
        .numbers(&[1, 2, 3, 4]),
    ));
    heading(&mut b, lang, Term::AExposure, "exposure");
    b.push(Block::Table(
        Table::new(
            t(Term::AExposure),
            vec![
                t(Term::AUnit).into(),
                t(Term::AFromOthers).into(),
                t(Term::AMeanP).into(),
                t(Term::AReachedBy).into(),
            ],
            a.exposure
                .iter()
                .map(|e| {
                    Row::of([
                        say::unit(lang, &e.unit),
                        big(lang, e.impact),
                        format!("{:.3}", e.mean_p_below),
                        e.reached_by.to_string(),
                    ])
                })
                .collect(),
        )
        .numbers(&[1, 2, 3]),
    ));
    if let Some(c) = &a.iim {
        heading(&mut b, lang, Term::AIim, "iim");
        b.push(Block::Note(t(Term::AIimNote).into()));
        let mut cells: Vec<_> = c.cells.iter().collect();
        cells.sort_by(|x, y| {
            y.difference
                .abs()
                .total_cmp(&x.difference.abs())
                .then(x.origin.cmp(&y.origin))
                .then(x.affected.cmp(&y.affected))
        });
        if cells.len() > IIM_MAX {
            b.push(Block::Note(say::shown_of(
                lang,
                IIM_MAX,
                cells.len(),
                &say::see_cells(lang),
            )));
        }
        b.push(Block::Table(
            Table::new(
                t(Term::AIim),
                vec![
                    t(Term::AOrigin).into(),
                    t(Term::AAffected).into(),
                    "DES".into(),
                    "IIM".into(),
                    "DES − IIM".into(),
                    t(Term::ADeparture).into(),
                ],
                cells
                    .iter()
                    .take(IIM_MAX)
                    .map(|x| {
                        Row::of([
                            say::unit(lang, &x.origin),
                            say::unit(lang, &x.affected),
                            format!("{:.3}", x.des),
                            format!("{:.3}", x.iim),
                            format!("{:+.3}", x.difference),
                            departure(x.departure).get(lang).to_string(),
                        ])
                    })
                    .collect(),
            )
            .numbers(&[2, 3, 4]),
        ));
    }
    tornado(a, lang, &mut b);
    Document {
        lang,
        title: format!("{} — {name}", t(Term::ATitle)),
        marking: None,
        blocks: b,
    }
}

/// The words of a departure of the simulation from the IIM.
fn departure(d: crate::analyze::compare::Departure) -> Term {
    use crate::analyze::compare::Departure as D;
    match d {
        D::Linear => Term::ADepLinear,
        D::Held => Term::ADepHeld,
        D::Damped => Term::ADepDamped,
        D::Amplified => Term::ADepAmplified,
    }
}

fn paths(a: &Analysis, top: usize, lang: Lang, b: &mut Vec<Block>) {
    let t = |x: Term| x.get(lang);
    heading(b, lang, Term::APaths, "paths");
    let shown: Vec<_> = a.paths.iter().take(top).collect();
    if a.paths.len() > shown.len() {
        b.push(Block::Note(say::shown_of(
            lang,
            shown.len(),
            a.paths.len(),
            &say::see_paths(lang, a.paths.len()),
        )));
    }
    let mut names: Vec<String> = Vec::new();
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let mut roots: Vec<usize> = Vec::new();
    for p in &shown {
        let mut prev = None;
        for u in &p.units {
            let i = names.iter().position(|x| x == u).unwrap_or_else(|| {
                names.push(u.clone());
                names.len() - 1
            });
            match prev {
                None => {
                    if !roots.contains(&i) {
                        roots.push(i);
                    }
                }
                Some(pv) => {
                    if !edges.contains(&(pv, i)) {
                        edges.push((pv, i));
                    }
                }
            }
            prev = Some(i);
        }
    }
    if !names.is_empty() {
        let nodes: Vec<graph::Node> = names
            .iter()
            .map(|n| {
                let sector = Sector::from_id(n);
                graph::Node {
                    title: say::unit(lang, n),
                    detail: None,
                    sector: sector.and_then(|s| Sector::ALL.iter().position(|x| *x == s)),
                    tag: sector.map_or(String::new(), |s| sector_short(lang, s).into()),
                }
            })
            .collect();
        // Units that are not sectors (operators) are drawn as plain boxes with no tag.
        let nodes: Vec<graph::Node> = nodes
            .into_iter()
            .map(|mut n| {
                if n.sector.is_none() {
                    n.sector = Some(8);
                    n.tag = t(Term::AUnit).into();
                }
                n
            })
            .collect();
        let g = graph::draw(
            &nodes,
            &edges,
            &roots,
            &|k| match (lang, k) {
                (Lang::En, 0) => "origins".into(),
                (Lang::Ja, 0) => "起点".into(),
                (Lang::En, k) => format!("step {k}"),
                (Lang::Ja, k) => format!("{k} 段目"),
            },
            t(Term::APaths).into(),
            say::paths_desc(lang, shown.len(), names.len()),
        );
        b.push(Block::Figure(Figure {
            graphic: g,
            caption: t(Term::APathsCaption).into(),
            text: shown
                .iter()
                .map(|p| {
                    p.units
                        .iter()
                        .map(|u| say::unit(lang, u))
                        .collect::<Vec<_>>()
                        .join(" → ")
                })
                .collect(),
        }));
    }
    b.push(Block::Table(
        Table::new(
            t(Term::APaths),
            vec![
                t(Term::AStrength).into(),
                t(Term::APath).into(),
                t(Term::APBelowEnd).into(),
            ],
            shown
                .iter()
                .map(|p| {
                    Row::of([
                        format!("{:.3}", p.strength),
                        p.units
                            .iter()
                            .map(|u| say::unit(lang, u))
                            .collect::<Vec<_>>()
                            .join(" → "),
                        format!("{:.3}", p.p_below),
                    ])
                })
                .collect(),
        )
        .numbers(&[0, 2]),
    ));
}

fn tornado(a: &Analysis, lang: Lang, b: &mut Vec<Block>) {
    if a.sensitivity.is_empty() {
        return;
    }
    let t = |x: Term| x.get(lang);
    heading(b, lang, Term::ASensitivity, "sensitivity");
    b.push(Block::Note(t(Term::ASensitivityNote).into()));
    let label = |knob: &str, origin: &str| format!("{knob} @ {}", say::unit(lang, origin));
    let (live, dead): (Vec<_>, Vec<_>) = a
        .sensitivity
        .iter()
        .partition(|s| s.low.difference != 0.0 || s.high.difference != 0.0);
    let mut live = live;
    live.sort_by(|x, y| y.swing().total_cmp(&x.swing()));
    if !dead.is_empty() {
        b.push(Block::Note(say::no_effect(
            lang,
            &dead
                .iter()
                .map(|s| label(&s.knob, &s.origin))
                .collect::<Vec<_>>(),
        )));
    }
    if live.len() > TORNADO_MAX {
        b.push(Block::Note(say::shown_of(
            lang,
            TORNADO_MAX,
            live.len(),
            &say::see_cells(lang).replace("iim.cells", "sensitivity"),
        )));
    }
    let bars: Vec<Swing> = live
        .iter()
        .take(TORNADO_MAX)
        .map(|s| Swing {
            label: label(&s.knob, &s.origin),
            low: s.low.difference,
            high: s.high.difference,
        })
        .collect();
    if !bars.is_empty() {
        let (low, high) = say::settings(lang);
        let desc = say::tornado_desc(lang, bars.len());
        b.push(Block::Figure(Figure {
            graphic: charts::tornado(
                &Labels {
                    title: say::tornado_title(lang),
                    desc: desc.clone(),
                    x_title: t(Term::AImpactChange),
                    y_title: "",
                    fmt: &|x| big(lang, x),
                },
                &bars,
                &low,
                &high,
            ),
            caption: desc,
            text: bars
                .iter()
                .map(|s| format!("{}: {} / {}", s.label, big(lang, s.low), big(lang, s.high)))
                .collect(),
        }));
    }
    b.push(Block::Table(
        Table::new(
            t(Term::ASensitivity),
            vec![
                t(Term::AKnob).into(),
                t(Term::AOrigin).into(),
                t(Term::ALow).into(),
                t(Term::AInterval).into(),
                t(Term::AHigh).into(),
                t(Term::AInterval).into(),
            ],
            live.iter()
                .chain(dead.iter())
                .map(|x| {
                    Row::of([
                        x.knob.clone(),
                        say::unit(lang, &x.origin),
                        big(lang, x.low.difference),
                        format!(
                            "{} – {}",
                            big(lang, x.low.interval.lo),
                            big(lang, x.low.interval.hi)
                        ),
                        big(lang, x.high.difference),
                        format!(
                            "{} – {}",
                            big(lang, x.high.interval.lo),
                            big(lang, x.high.interval.hi)
                        ),
                    ])
                })
                .collect(),
        )
        .numbers(&[2, 3, 4, 5]),
    ));
}
