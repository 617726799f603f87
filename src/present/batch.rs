//! The terminal summary of a Monte Carlo batch (`crate::batch`), in English or Japanese:
//! the statistics of each metric, each event's probability, and for a sweep each point
//! against the first, as tables aligned by display width. Metric and event names stay the
//! result's column names, so a reader can find them in the CSV.

use super::Lang;
use super::table::{Align, table};
use crate::batch::metrics;
use crate::batch::result::Finished;
use crate::model::Minutes;
use std::fmt::Write;

/// A statistic in at most about ten characters.
fn fmt(x: f64) -> String {
    if x.abs() >= 1e5 {
        format!("{x:.0}")
    } else if x.abs() >= 100.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.3}")
    }
}

/// A swept value as the sweep was written: a duration with its unit (`1h`, not the `60`
/// minutes the rows record), anything else as a number. The duration paths are those of
/// `batch::sweep`: an edge's tolerance, a policy rule's delay, and the duration parameters.
pub fn sweep_value(path: &str, x: f64) -> String {
    let field = path.rsplit('.').next().unwrap_or(path);
    if matches!(
        field,
        "tolerance" | "delay" | "support_travel" | "backup_extension"
    ) {
        Minutes(x.round().max(0.0) as u64).to_string()
    } else {
        x.to_string()
    }
}

/// Where a batch's result was written, for the summary's last line.
#[derive(Debug, Clone)]
pub struct Written {
    /// The result file.
    pub rows: String,
    /// The summary file beside a CSV result.
    pub summary: Option<String>,
}

/// The terminal summary of a batch, in `lang`.
pub fn summary(f: &Finished, written: Option<&Written>, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let l = |en: &'static str, ja_text: &'static str| lang.pick(en, ja_text);
    let m = &f.meta;
    let shard = m.shard.map_or(String::new(), |(i, n)| {
        format!(" · {} {i}/{n}", l("shard", "分割"))
    });
    let points = if m.points.len() <= 1 {
        String::new()
    } else if ja {
        format!(" × {} 点（{}）", m.points.len(), m.design)
    } else {
        format!(" × {} points ({})", m.points.len(), m.design)
    };
    let players = match m.players {
        crate::batch::Players::Playbook => l(
            "players follow the playbook",
            "プレイヤーはプレイブックどおり",
        ),
        crate::batch::Players::Idle => l("players idle", "プレイヤーは何もしない"),
    };
    let mut s = format!(
        "rensa batch: {} · {} {} · {} {}{shard}{points} · {} · {players}\n\n",
        m.scenario,
        l("seed", "シード"),
        m.seed,
        m.runs,
        l("runs", "回"),
        if m.complete {
            l("complete", "完了")
        } else {
            l("partial", "途中")
        },
    );
    let label = |p: usize| -> String {
        let v: Vec<String> = m
            .sweeps
            .iter()
            .zip(&m.points[p])
            .map(|(sw, x)| {
                let path = sw.split_once('=').map_or(sw.as_str(), |(a, _)| a);
                format!("{path}={}", sweep_value(path, *x))
            })
            .collect();
        v.join(" ")
    };
    let events: Vec<usize> = (0..f.columns.len())
        .filter(|&c| f.columns[c].kind == metrics::Kind::Event)
        .collect();
    if m.points.len() == 1 {
        let rows: Vec<Vec<String>> = f.report.summaries[0]
            .iter()
            .enumerate()
            .filter(|(c, _)| f.columns[*c].kind != metrics::Kind::Event)
            .map(|(c, sum)| match sum {
                Some(x) => vec![
                    f.columns[c].name.clone(),
                    x.n.to_string(),
                    fmt(x.mean),
                    fmt(x.sd),
                    fmt(x.p5),
                    fmt(x.p50),
                    fmt(x.p95),
                    format!("[{}, {}]", fmt(x.ci_low), fmt(x.ci_high)),
                ],
                None => vec![f.columns[c].name.clone(), "0".into()],
            })
            .collect();
        let right = Align::Right;
        s += &table(
            0,
            &[
                l("metric", "指標"),
                "n",
                l("mean", "平均"),
                l("sd", "標準偏差"),
                "p5",
                "p50",
                "p95",
                l("95% CI of the mean", "平均の 95% 信頼区間"),
            ],
            &[
                Align::Left,
                right,
                right,
                right,
                right,
                right,
                right,
                Align::Left,
            ],
            &rows,
        );
        let rows: Vec<Vec<String>> = f.report.probabilities[0]
            .iter()
            .enumerate()
            .map(|(e, pr)| {
                vec![
                    f.columns[events[e]].name.clone(),
                    format!("{}/{}", pr.k, pr.n),
                    format!("{:.3}", pr.p),
                    format!("[{:.3}, {:.3}]", pr.low, pr.high),
                ]
            })
            .collect();
        s.push('\n');
        s += &table(
            0,
            &[
                l("event", "事象"),
                l("runs", "回数"),
                l("p", "確率"),
                l("95% Wilson interval", "95% Wilson 区間"),
            ],
            &[Align::Left, right, right, Align::Left],
            &rows,
        );
    } else {
        let rows: Vec<Vec<String>> = (0..m.points.len())
            .filter_map(|p| {
                let x = f.report.summaries[p][0]?;
                let diff = if p == 0 {
                    String::new()
                } else {
                    f.report.paired[p - 1][0].map_or(String::new(), |d| {
                        format!("{} [{}, {}]", fmt(d.mean), fmt(d.ci_low), fmt(d.ci_high))
                    })
                };
                Some(vec![
                    p.to_string(),
                    label(p),
                    fmt(x.mean),
                    format!("[{}, {}]", fmt(x.ci_low), fmt(x.ci_high)),
                    diff,
                ])
            })
            .collect();
        s += &table(
            0,
            &[
                l("point", "点"),
                l("values", "値"),
                l("impact mean", "影響の平均"),
                l("95% CI", "95% 信頼区間"),
                l("paired difference vs point 0", "点 0 との対応のある差"),
            ],
            &[
                Align::Right,
                Align::Left,
                Align::Right,
                Align::Right,
                Align::Right,
            ],
            &rows,
        );
    }
    if let Some(w) = written {
        if ja {
            let _ = write!(s, "\n行: {}（{} 行）", w.rows, f.rows);
        } else {
            let _ = write!(s, "\nrows: {} ({} rows)", w.rows, f.rows);
        }
        if let Some(summary) = &w.summary {
            let _ = write!(s, "; {}: {summary}", l("summary", "要約"));
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::sweep_value;

    #[test]
    fn a_swept_duration_keeps_its_unit() {
        assert_eq!(sweep_value("edge.a/b->c/d.tolerance", 60.0), "1h");
        assert_eq!(sweep_value("policy.0.rule.1.delay", 90.0), "1h30m");
        assert_eq!(sweep_value("params.backup_cost", 0.25), "0.25");
    }
}
