//! What the report of a batch result reads from its CSV (`rensa report FILE.csv`): how
//! many rows the file holds against how many its header promises (a whole batch or a
//! shard), every metric's summary at every point, the headline metrics' values at the
//! baseline point, the running mean, and the sensitivity of the headline metrics to the
//! swept parameters.

use super::metrics::{Column, Kind};
use super::part::{self, Expect};
use super::result::{FileRows, Meta, columns_of};
use super::sensitivity::{self, Sensitivity};
use super::summary::{self, Report};
use crate::model::{Minutes, Params};
use std::ops::Range;
use std::path::Path;

/// The headline metrics a report draws.
pub const HEADLINE: [&str; 4] = [
    "impact_person_hours",
    "impact_all_services_person_hours",
    "reach_indirect_operators",
    "median_recovery_minutes",
];

/// At most this many rows go into a sensitivity regression; more are thinned to every
/// k-th row (in run order), so memory stays bounded.
pub const SENSITIVITY_ROWS: u64 = 200_000;

/// What the report of a batch shows.
#[derive(Debug, Clone)]
pub struct View {
    /// The header's meta.
    pub meta: Meta,
    /// The metric columns.
    pub columns: Vec<Column>,
    /// Rows in the file.
    pub rows: u64,
    /// Rows a complete file of this batch (or shard) holds: its runs × the points.
    pub expected: u64,
    /// The runs this file covers: the whole batch's, or its shard's.
    pub runs: Range<u64>,
    /// Rows per point.
    pub point_rows: Vec<u64>,
    /// Summaries, probabilities and paired differences of every metric at every point.
    pub report: Report,
    /// The headline metrics' values at the baseline point: (column, values).
    pub headline: Vec<(String, Vec<f64>)>,
    /// The metric whose running mean is drawn.
    pub convergence_metric: String,
    /// Its running mean at the baseline point: (runs, mean, 95 % low, high), about 200
    /// steps at most.
    pub convergence: Vec<(u64, f64, f64, f64)>,
    /// Per headline metric, its sensitivity to the swept parameters (sweeps only).
    pub sensitivity: Vec<(String, Sensitivity)>,
    /// Every how many rows the sensitivity used (1: all).
    pub sensitivity_stride: u64,
    /// Per sweep: whether its values are durations in minutes.
    pub durations: Vec<bool>,
}

impl View {
    /// Whether the file holds fewer rows than a complete one.
    pub fn short(&self) -> bool {
        self.rows < self.expected
    }
}

/// Whether a sweep path's values are minutes: tolerances, policy delays and the duration
/// parameters (those whose default is written as a duration).
pub fn is_duration(path: &str) -> bool {
    let path = path.split_once('=').map_or(path, |(p, _)| p).trim();
    if path.ends_with(".tolerance") || path.ends_with(".delay") {
        return true;
    }
    let Some(field) = path.strip_prefix("params.") else {
        return false;
    };
    serde_json::to_value(Params::default())
        .ok()
        .and_then(|v| v.get(field).and_then(|x| x.as_str().map(String::from)))
        .is_some_and(|t| Minutes::parse(&t).is_ok())
}

/// Reads the CSV result at `path` for its report: every row checked as a batch reads its
/// own (its run, seed, point and numbers, else an error naming its line), whole runs from
/// the start kept; a file cut inside a line is refused, one cut at a line boundary is read
/// as far as it goes and said to be partial.
pub fn view(path: &Path) -> Result<View, String> {
    if part::kind(path)? == part::Kind::Summary {
        return Err(part::not_a_summary(path));
    }
    part::ends_whole(path)?;
    let mut reader = part::open(path)?;
    let meta = reader.meta.clone();
    let header = reader.header.clone();
    let name = reader.name.clone();
    let swept = !meta.sweeps.is_empty();
    let first_metric = reader.first_metric();
    if header.len() < first_metric {
        return Err(format!("{name}: too few columns for a batch result"));
    }
    let columns = columns_of(&header, first_metric);
    let points = meta.points.len().max(1);
    let runs = part::runs_of(&meta);
    let expected = (runs.end - runs.start) * points as u64;
    let index = |n: &str| header.iter().position(|h| h == n);
    let wanted: Vec<(String, usize)> = HEADLINE
        .iter()
        .filter_map(|h| index(h).map(|i| (h.to_string(), i)))
        .collect();
    let conv = wanted.first().map(|w| w.1).unwrap_or(first_metric);
    let mut headline: Vec<(String, Vec<f64>)> = wanted
        .iter()
        .map(|(n, _)| (n.clone(), Vec::new()))
        .collect();
    let every = ((runs.end - runs.start) / 200).max(1);
    let stride = expected.div_ceil(SENSITIVITY_ROWS).max(1);
    let mut convergence = Vec::new();
    let (mut n, mut mean, mut m2) = (0u64, 0.0f64, 0.0f64);
    let mut rows = 0u64;
    let mut point_rows = vec![0u64; points];
    // Sensitivity samples: each row's point and headline values.
    let mut sample_points: Vec<usize> = Vec::new();
    let mut sample_y: Vec<Vec<f64>> = vec![Vec::new(); wanted.len()];
    // Checked: the point is one of the batch's, each metric cell empty or a finite number.
    reader.check(runs.clone(), Expect::Prefix, &mut |rec, _| {
        let p = if swept {
            rec[2].parse::<usize>().unwrap_or(0)
        } else {
            0
        };
        if swept && rows.is_multiple_of(stride) {
            let ys: Vec<f64> = wanted
                .iter()
                .map(|(_, i)| rec[*i].parse::<f64>().unwrap_or(f64::NAN))
                .collect();
            if ys.iter().all(|y| y.is_finite()) {
                sample_points.push(p);
                for (k, y) in ys.into_iter().enumerate() {
                    sample_y[k].push(y);
                }
            }
        }
        rows += 1;
        point_rows[p] += 1;
        if p != 0 {
            return Ok(());
        }
        for (k, (_, i)) in wanted.iter().enumerate() {
            if let Ok(x) = rec[*i].parse::<f64>() {
                headline[k].1.push(x);
            }
        }
        if let Ok(x) = rec[conv].parse::<f64>() {
            // Welford's running mean and variance, for the interval at each step.
            n += 1;
            let d = x - mean;
            mean += d / n as f64;
            m2 += d * (x - mean);
            if n.is_multiple_of(every) {
                let sd = if n > 1 {
                    (m2 / (n - 1) as f64).sqrt()
                } else {
                    0.0
                };
                let (lo, hi) = crate::stats::mean_ci(mean, sd, n as usize);
                convergence.push((n, mean, lo, hi));
            }
        }
        Ok(())
    })?;
    let events: Vec<usize> = (0..columns.len())
        .filter(|&c| columns[c].kind == Kind::Event)
        .collect();
    let source = FileRows {
        path,
        point: swept.then_some(2),
        first_metric,
    };
    let report = summary::summarise(&source, points, columns.len(), &events)?;
    let sensitivity = if swept && points > 1 {
        let x: Vec<Vec<f64>> = (0..meta.sweeps.len())
            .map(|k| {
                sample_points
                    .iter()
                    .map(|&p| meta.points[p].get(k).copied().unwrap_or(f64::NAN))
                    .collect()
            })
            .collect();
        wanted
            .iter()
            .zip(&sample_y)
            .filter_map(|((name, _), y)| sensitivity::sensitivity(&x, y).map(|s| (name.clone(), s)))
            .collect()
    } else {
        Vec::new()
    };
    let durations = meta.sweeps.iter().map(|s| is_duration(s)).collect();
    Ok(View {
        convergence_metric: header[conv].clone(),
        meta,
        columns,
        rows,
        expected,
        runs,
        point_rows,
        report,
        headline,
        convergence,
        sensitivity,
        sensitivity_stride: stride,
        durations,
    })
}

#[cfg(test)]
mod tests {
    use super::is_duration;

    #[test]
    fn durations_are_told_by_the_path() {
        assert!(is_duration("edge.a/b->c/d.tolerance"));
        assert!(is_duration("policy.0.rule.1.delay=0,1h"));
        assert!(is_duration("params.support_travel"));
        assert!(!is_duration("params.alert_boost"));
        assert!(!is_duration("edge.a/b->c/d.strength"));
    }
}
