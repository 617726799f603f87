//! The report of a batch result (docs/BATCH.md): what the file holds against what its
//! header promises (a partial file or a shard says so at the top), a summary of every
//! metric, the headline metrics' distributions, each event's probability with its Wilson
//! interval, the running mean, and for a sweep its points against the baseline and the
//! sensitivity of the headline metrics to the swept parameters (standardised regression
//! and partial rank correlation coefficients with intervals).

use super::charts::{self, Estimate, Labels};
use super::doc::{Block, Document, Figure, Row, Table};
use super::svg::Key;
use crate::batch::metrics::Kind;
use crate::batch::view::View;
use crate::present::Lang;
use crate::present::reports::Term;
use crate::present::reports::batch as say;

fn heading(b: &mut Vec<Block>, lang: Lang, t: Term, id: &str) {
    b.push(Block::Heading {
        text: t.get(lang).to_string(),
        id: id.to_string(),
    });
}

fn path_of(sweep: &str) -> &str {
    sweep.split_once('=').map_or(sweep, |(p, _)| p)
}

/// A point's values in words: `edge.a->b.tolerance = 6h`.
fn point_values(v: &View, lang: Lang, p: usize) -> Vec<String> {
    v.meta
        .sweeps
        .iter()
        .enumerate()
        .map(|(k, sw)| {
            let x = v.meta.points.get(p).and_then(|q| q.get(k)).copied();
            let d = v.durations.get(k).copied().unwrap_or(false);
            format!(
                "{} = {}",
                path_of(sw),
                x.map_or("—".into(), |x| say::swept(lang, x, d))
            )
        })
        .collect()
}

/// The report of a batch; `scenario` is the scenario's name in `lang`.
pub fn document(v: &View, scenario: &str, lang: Lang) -> Document {
    let m = &v.meta;
    let t = |x: Term| x.get(lang);
    let mut b = Vec::new();
    let points = m.points.len().max(1);
    let status = if v.short() || !m.complete {
        format!(
            "{} ({})",
            t(Term::BPartial),
            say::rows_of(lang, v.rows, v.expected)
        )
    } else {
        t(Term::BComplete).to_string()
    };
    b.push(Block::Facts(vec![
        (t(Term::BScenario).into(), scenario.to_string()),
        (t(Term::BSeed).into(), m.seed.to_string()),
        (
            t(Term::BRuns).into(),
            crate::present::reports::grouped(m.runs),
        ),
        (
            t(Term::BDesign).into(),
            say::design(lang, &m.design, points),
        ),
        (t(Term::BPlayers).into(), say::players(lang, m.players)),
        (
            t(Term::BThisFile).into(),
            say::this_file(lang, m.shard, v.runs.start, v.runs.end, m.runs),
        ),
        (
            t(Term::BRowsInFile).into(),
            say::rows_of(lang, v.rows, v.expected),
        ),
        (t(Term::BStatus).into(), status),
    ]));
    if v.short() || !m.complete {
        b.push(Block::Warning(say::short_warning(
            lang, v.rows, v.expected, m.complete,
        )));
    }
    if let Some((i, n)) = m.shard {
        b.push(Block::Warning(say::shard_warning(lang, i, n)));
    }
    summary_table(v, lang, &mut b);
    distributions(v, lang, &mut b);
    probabilities(v, lang, &mut b);
    convergence(v, lang, &mut b);
    if points > 1 {
        sweep(v, lang, &mut b);
        sensitivity(v, lang, &mut b);
    }
    Document {
        lang,
        title: format!("{} — {scenario}", t(Term::BTitle)),
        marking: None,
        blocks: b,
    }
}

fn summary_table(v: &View, lang: Lang, b: &mut Vec<Block>) {
    heading(b, lang, Term::BEveryMetric, "metrics");
    b.push(Block::Note(say::baseline(
        lang,
        &point_values(v, lang, 0).join(", "),
    )));
    let rows = v
        .columns
        .iter()
        .zip(&v.report.summaries[0])
        .map(|(c, s)| {
            let unit = say::unit(lang, say::unit_of(&c.name)).to_string();
            match s {
                Some(s) => Row::of([
                    say::metric(lang, &c.name),
                    c.name.clone(),
                    unit,
                    crate::present::reports::grouped(s.n),
                    say::value(lang, s.mean),
                    say::value(lang, s.sd),
                    say::value(lang, s.p5),
                    say::value(lang, s.p50),
                    say::value(lang, s.p95),
                    format!(
                        "[{}, {}]",
                        say::value(lang, s.ci_low),
                        say::value(lang, s.ci_high)
                    ),
                ]),
                None => Row::of([
                    say::metric(lang, &c.name),
                    c.name.clone(),
                    unit,
                    "0".into(),
                    "—".into(),
                    "—".into(),
                    "—".into(),
                    "—".into(),
                    "—".into(),
                    "—".into(),
                ]),
            }
        })
        .collect();
    b.push(Block::Table(
        Table::new(
            Term::BEveryMetric.get(lang),
            vec![
                Term::BMetric.get(lang).into(),
                Term::BId.get(lang).into(),
                Term::BUnit.get(lang).into(),
                "n".into(),
                Term::BMean.get(lang).into(),
                Term::BSd.get(lang).into(),
                "p5".into(),
                Term::BMedian.get(lang).into(),
                "p95".into(),
                Term::BCiOfMean.get(lang).into(),
            ],
            rows,
        )
        .numbers(&[3, 4, 5, 6, 7, 8, 9]),
    ));
    b.push(Block::Note(Term::BSummaryNote.get(lang).into()));
}

fn axis_title(lang: Lang, id: &str) -> String {
    format!(
        "{} ({})",
        say::metric(lang, id),
        say::unit(lang, say::unit_of(id))
    )
}

fn distributions(v: &View, lang: Lang, b: &mut Vec<Block>) {
    if v.headline.is_empty() {
        return;
    }
    heading(b, lang, Term::BDistributions, "distributions");
    let fmt = move |x: f64| say::value(lang, x);
    let mut figures = Vec::new();
    for (name, xs) in &v.headline {
        let metric = say::metric(lang, name);
        let x_title = axis_title(lang, name);
        let col = v.columns.iter().position(|c| &c.name == name);
        let s = col.and_then(|c| v.report.summaries[0][c]);
        let desc = s.as_ref().map_or(String::new(), |s| {
            say::distribution_desc(
                lang,
                &metric,
                s.n,
                &say::value(lang, s.mean),
                &say::value(lang, s.p5),
                &say::value(lang, s.p95),
            )
        });
        let text = vec![desc.clone()];
        figures.push(Figure {
            graphic: charts::histogram(
                &Labels {
                    title: say::histogram_title(lang, &metric),
                    desc: desc.clone(),
                    x_title: &x_title,
                    y_title: Term::BRunsAxis.get(lang),
                    fmt: &fmt,
                },
                xs,
            ),
            caption: desc.clone(),
            text: text.clone(),
        });
        figures.push(Figure {
            graphic: charts::ecdf(
                &Labels {
                    title: say::ecdf_title(lang, &metric),
                    desc: desc.clone(),
                    x_title: &x_title,
                    y_title: Term::BShareOfRuns.get(lang),
                    fmt: &fmt,
                },
                xs,
            ),
            caption: desc,
            text,
        });
    }
    b.push(Block::Grid(figures));
}

fn probabilities(v: &View, lang: Lang, b: &mut Vec<Block>) {
    let events: Vec<usize> = (0..v.columns.len())
        .filter(|&c| v.columns[c].kind == Kind::Event)
        .collect();
    if events.is_empty() {
        return;
    }
    heading(b, lang, Term::BProbabilities, "probabilities");
    let rows: Vec<Estimate> = events
        .iter()
        .zip(&v.report.probabilities[0])
        .map(|(&c, p)| Estimate {
            label: say::event(lang, &v.columns[c].name),
            value: p.p,
            lo: p.low,
            hi: p.high,
        })
        .collect();
    let runs = v.point_rows.first().copied().unwrap_or(0);
    let desc = say::probabilities_desc(lang, rows.len(), runs);
    let text = rows
        .iter()
        .zip(&events)
        .map(|(r, &c)| {
            format!(
                "{}: {}",
                say::with_id(lang, &r.label, &v.columns[c].name),
                say::with_interval(r.value, r.lo, r.hi)
            )
        })
        .collect();
    b.push(Block::Figure(Figure {
        graphic: charts::intervals(
            &Labels {
                title: Term::BProbabilities.get(lang).into(),
                desc: desc.clone(),
                x_title: Term::BProbability.get(lang),
                y_title: "",
                fmt: &|x| say::significant(x, 3),
            },
            &rows,
            Some((0.0, 1.0)),
            &[(
                Key::Interval(0, "p0"),
                Term::BEstimateWithInterval.get(lang).into(),
            )],
        ),
        caption: Term::BProbabilitiesNote.get(lang).into(),
        text,
    }));
}

fn convergence(v: &View, lang: Lang, b: &mut Vec<Block>) {
    let Some(last) = v.convergence.last() else {
        return;
    };
    heading(b, lang, Term::BConvergence, "convergence");
    let metric = say::metric(lang, &v.convergence_metric);
    let y_title = axis_title(lang, &v.convergence_metric);
    let desc = say::convergence_desc(
        lang,
        &metric,
        &say::value(lang, last.1),
        &say::value(lang, last.2),
        &say::value(lang, last.3),
        last.0,
    );
    b.push(Block::Figure(Figure {
        graphic: charts::running_mean(
            &Labels {
                title: say::convergence_title(lang, &metric),
                desc: desc.clone(),
                x_title: Term::BRunsAxis.get(lang),
                y_title: &y_title,
                fmt: &|x| say::value(lang, x),
            },
            &v.convergence,
            &[
                (Key::Line("s0"), Term::BRunningMean.get(lang).into()),
                (Key::Line("s1"), Term::BInterval95Legend.get(lang).into()),
            ],
        ),
        caption: desc.clone(),
        text: vec![desc],
    }));
}

fn sweep(v: &View, lang: Lang, b: &mut Vec<Block>) {
    heading(b, lang, Term::BSweep, "sweep");
    b.push(Block::Note(say::baseline(
        lang,
        &point_values(v, lang, 0).join(", "),
    )));
    let metric_id = &v.convergence_metric;
    let Some(c) = v.columns.iter().position(|x| &x.name == metric_id) else {
        return;
    };
    let metric = say::metric(lang, metric_id);
    let mut head = vec![Term::BPoint.get(lang).to_string()];
    head.extend(v.meta.sweeps.iter().map(|s| path_of(s).to_string()));
    head.extend([
        "n".into(),
        format!("{} — {metric}", Term::BMean.get(lang)),
        Term::BCiOfMean.get(lang).into(),
        Term::BPairedDifference.get(lang).into(),
        Term::BInterval95.get(lang).into(),
    ]);
    let k = v.meta.sweeps.len();
    let mut rows = Vec::new();
    let mut estimates = Vec::new();
    for p in 0..v.meta.points.len() {
        let mut cells = vec![if p == 0 {
            format!("0 ({})", Term::BBaseline.get(lang))
        } else {
            p.to_string()
        }];
        for j in 0..k {
            let x = v.meta.points[p].get(j).copied().unwrap_or(f64::NAN);
            cells.push(say::swept(
                lang,
                x,
                v.durations.get(j).copied().unwrap_or(false),
            ));
        }
        let s = v.report.summaries.get(p).and_then(|r| r[c]);
        cells.push(crate::present::reports::grouped(
            v.point_rows.get(p).copied().unwrap_or(0),
        ));
        cells.push(s.as_ref().map_or("—".into(), |s| say::value(lang, s.mean)));
        cells.push(s.as_ref().map_or("—".into(), |s| {
            format!(
                "[{}, {}]",
                say::value(lang, s.ci_low),
                say::value(lang, s.ci_high)
            )
        }));
        let d = (p > 0)
            .then(|| v.report.paired.get(p - 1).and_then(|r| r[c]))
            .flatten();
        cells.push(d.as_ref().map_or("—".into(), |d| say::value(lang, d.mean)));
        cells.push(d.as_ref().map_or("—".into(), |d| {
            format!(
                "[{}, {}]",
                say::value(lang, d.ci_low),
                say::value(lang, d.ci_high)
            )
        }));
        if let Some(d) = d {
            let values: Vec<String> = (0..k)
                .map(|j| {
                    say::swept(
                        lang,
                        v.meta.points[p].get(j).copied().unwrap_or(f64::NAN),
                        v.durations.get(j).copied().unwrap_or(false),
                    )
                })
                .collect();
            estimates.push(Estimate {
                label: format!("{p}: {}", values.join(" · ")),
                value: d.mean,
                lo: d.ci_low,
                hi: d.ci_high,
            });
        }
        rows.push(Row::of(cells));
    }
    let numbers: Vec<usize> = (k + 1..k + 6).collect();
    b.push(Block::Table(
        Table::new(Term::BSweep.get(lang), head, rows).numbers(&numbers),
    ));
    if estimates.is_empty() {
        return;
    }
    let x_title = axis_title(lang, metric_id);
    let desc = say::paired_desc(lang, estimates.len());
    let text = estimates
        .iter()
        .map(|e| {
            format!(
                "{}: {} [{}, {}]",
                e.label,
                say::value(lang, e.value),
                say::value(lang, e.lo),
                say::value(lang, e.hi)
            )
        })
        .collect();
    b.push(Block::Figure(Figure {
        graphic: charts::intervals(
            &Labels {
                title: say::paired_title(lang, &metric),
                desc: desc.clone(),
                x_title: &x_title,
                y_title: "",
                fmt: &|x| say::value(lang, x),
            },
            &estimates,
            None,
            &[(
                Key::Interval(0, "p0"),
                Term::BEstimateWithInterval.get(lang).into(),
            )],
        ),
        caption: desc,
        text,
    }));
}

fn sensitivity(v: &View, lang: Lang, b: &mut Vec<Block>) {
    if v.sensitivity.is_empty() {
        return;
    }
    heading(b, lang, Term::BSensitivity, "sensitivity");
    b.push(Block::Note(Term::BSensitivityNote.get(lang).into()));
    if v.sensitivity_stride > 1 {
        b.push(Block::Note(say::thinned(lang, v.sensitivity_stride)));
    }
    let mut rows = Vec::new();
    for (name, s) in &v.sensitivity {
        for (k, c) in s.coefficients.iter().enumerate() {
            let Some(c) = c else { continue };
            rows.push(Row::of([
                say::metric(lang, name),
                path_of(&v.meta.sweeps[k]).to_string(),
                say::with_interval(c.src, c.src_ci.0, c.src_ci.1),
                say::with_interval(c.prcc, c.prcc_ci.0, c.prcc_ci.1),
                format!("{:.2}", s.r2),
                crate::present::reports::grouped(s.n as u64),
            ]));
        }
    }
    b.push(Block::Table(
        Table::new(
            Term::BSensitivity.get(lang),
            vec![
                Term::BMetric.get(lang).into(),
                Term::BParameter.get(lang).into(),
                "SRC [95 %]".into(),
                "PRCC [95 %]".into(),
                "R²".into(),
                "n".into(),
            ],
            rows,
        )
        .numbers(&[2, 3, 4, 5]),
    ));
    // The chart: the first headline metric's SRCs, largest first.
    let (name, s) = &v.sensitivity[0];
    let metric = say::metric(lang, name);
    let mut est: Vec<Estimate> = s
        .coefficients
        .iter()
        .enumerate()
        .filter_map(|(k, c)| {
            c.as_ref().map(|c| Estimate {
                label: path_of(&v.meta.sweeps[k]).to_string(),
                value: c.src,
                lo: c.src_ci.0,
                hi: c.src_ci.1,
            })
        })
        .collect();
    est.sort_by(|a, b| b.value.abs().total_cmp(&a.value.abs()));
    let desc = say::sensitivity_desc(lang, &metric, s.r2, s.n);
    let text = est
        .iter()
        .map(|e| format!("{}: {}", e.label, say::with_interval(e.value, e.lo, e.hi)))
        .collect();
    b.push(Block::Figure(Figure {
        graphic: charts::intervals(
            &Labels {
                title: say::sensitivity_title(lang, &metric),
                desc: desc.clone(),
                x_title: Term::BCoefficient.get(lang),
                y_title: "",
                fmt: &|x| say::significant(x, 2),
            },
            &est,
            None,
            &[(
                Key::Interval(0, "p0"),
                Term::BEstimateWithInterval.get(lang).into(),
            )],
        ),
        caption: desc,
        text,
    }));
}
