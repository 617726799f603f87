//! The summary of a batch, computed from its rows in a few passes over them with memory
//! that does not grow with the number of runs: moments in two passes, and each quantile's
//! order statistics found exactly by narrowing a histogram (values are kept only once the
//! range around an order statistic holds few of them). The figures equal those of
//! [`crate::stats`] over the same values in the same order, bit for bit.

use crate::stats::{self, Paired, Proportion, Summary};

/// A source of rows that can be read more than once: each scan calls `f` with a row's
/// point and its metric values (NaN where a run has none), in row order.
pub trait Rows {
    /// Reads every row once.
    fn scan(&self, f: &mut dyn FnMut(usize, &[f64])) -> Result<(), String>;
}

/// Everything a batch reports of its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Per point, per metric column: the summary (None where no run has a value).
    pub summaries: Vec<Vec<Option<Summary>>>,
    /// Per point, per event column (the `events` indices): its probability.
    pub probabilities: Vec<Vec<Proportion>>,
    /// Per point after the first, per metric column: the paired difference against the
    /// first point, run by run.
    pub paired: Vec<Vec<Option<Paired>>>,
}

/// Bins of each narrowing pass.
const BINS: usize = 256;
/// A range holding at most this many values is read into memory and sorted.
const COLLECT: u64 = 4096;

#[derive(Clone, Copy, Default)]
struct Moments {
    n: u64,
    sum: f64,
    ss: f64,
    min: f64,
    max: f64,
}

impl Moments {
    fn mean(&self) -> f64 {
        self.sum / self.n as f64
    }
}

/// The search for the `k`-th smallest value (0-based) of one (point, column).
struct Search {
    cell: usize,
    k: u64,
    lo: f64,
    hi: f64,
    /// Values below `lo`.
    below: u64,
    /// Values in `[lo, hi]`.
    inside: u64,
    found: Option<f64>,
    counts: Vec<u64>,
    mins: Vec<f64>,
    maxs: Vec<f64>,
    values: Vec<f64>,
}

impl Search {
    fn collecting(&self) -> bool {
        self.inside <= COLLECT
    }

    fn bin(&self, x: f64) -> usize {
        if self.hi <= self.lo {
            return 0;
        }
        (((x - self.lo) / (self.hi - self.lo) * BINS as f64) as usize).min(BINS - 1)
    }

    fn start_pass(&mut self) {
        if self.collecting() {
            self.values.clear();
        } else {
            self.counts = vec![0; BINS];
            self.mins = vec![f64::INFINITY; BINS];
            self.maxs = vec![f64::NEG_INFINITY; BINS];
        }
    }

    fn see(&mut self, x: f64) {
        if x < self.lo || x > self.hi {
            return;
        }
        if self.collecting() {
            self.values.push(x);
        } else {
            let b = self.bin(x);
            self.counts[b] += 1;
            self.mins[b] = self.mins[b].min(x);
            self.maxs[b] = self.maxs[b].max(x);
        }
    }

    fn end_pass(&mut self) {
        if self.collecting() {
            self.values.sort_by(f64::total_cmp);
            self.found = Some(self.values[(self.k - self.below) as usize]);
            self.values = Vec::new();
            return;
        }
        let mut cum = self.below;
        // The rank lies in some bin; should rounding ever say otherwise, the range's top
        // is the nearest sound answer (and the search ends).
        self.found = Some(self.hi);
        for b in 0..BINS {
            let c = self.counts[b];
            if self.k < cum + c {
                self.below = cum;
                self.inside = c;
                self.lo = self.mins[b];
                self.hi = self.maxs[b];
                self.found = (self.lo == self.hi).then_some(self.lo);
                break;
            }
            cum += c;
        }
        self.counts = Vec::new();
        self.mins = Vec::new();
        self.maxs = Vec::new();
    }
}

/// Summarises `rows` of `points` points over `width` metric columns, of which the
/// columns `events` are events (0 or 1).
pub fn summarise(
    rows: &dyn Rows,
    points: usize,
    width: usize,
    events: &[usize],
) -> Result<Report, String> {
    let cells = points * width;
    let mut m = vec![
        Moments {
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            ..Moments::default()
        };
        cells
    ];
    let mut hits = vec![0u64; cells];
    // Paired differences: per (point ≥ 1, column), against the current run's first point.
    let mut d = vec![Moments::default(); cells];
    let mut base = vec![f64::NAN; width];
    rows.scan(&mut |p, xs| {
        if p == 0 {
            base.copy_from_slice(xs);
        }
        for (c, &x) in xs.iter().enumerate() {
            let cell = p * width + c;
            if x.is_finite() {
                let s = &mut m[cell];
                s.n += 1;
                s.sum += x;
                s.min = s.min.min(x);
                s.max = s.max.max(x);
                if x == 1.0 {
                    hits[cell] += 1;
                }
                if p > 0 && base[c].is_finite() {
                    d[cell].n += 1;
                    d[cell].sum += x - base[c];
                }
            }
        }
    })?;
    rows.scan(&mut |p, xs| {
        if p == 0 {
            base.copy_from_slice(xs);
        }
        for (c, &x) in xs.iter().enumerate() {
            let cell = p * width + c;
            if x.is_finite() {
                let mean = m[cell].mean();
                m[cell].ss += (x - mean) * (x - mean);
                if p > 0 && base[c].is_finite() {
                    let dm = d[cell].mean();
                    let dx = x - base[c] - dm;
                    d[cell].ss += dx * dx;
                }
            }
        }
    })?;
    // The order statistics every quantile needs.
    let qs = [0.05, 0.5, 0.95];
    let mut searches: Vec<Search> = Vec::new();
    let mut by_cell: Vec<Vec<usize>> = vec![Vec::new(); cells];
    for (cell, s) in m.iter().enumerate() {
        if s.n == 0 {
            continue;
        }
        let mut ranks: Vec<u64> = qs
            .iter()
            .flat_map(|&q| {
                let (lo, hi, _) = stats::quantile_ranks(s.n as usize, q);
                [lo as u64, hi as u64]
            })
            .collect();
        ranks.sort_unstable();
        ranks.dedup();
        for k in ranks {
            by_cell[cell].push(searches.len());
            searches.push(Search {
                cell,
                k,
                lo: s.min,
                hi: s.max,
                below: 0,
                inside: s.n,
                found: (s.min == s.max).then_some(s.min),
                counts: Vec::new(),
                mins: Vec::new(),
                maxs: Vec::new(),
                values: Vec::new(),
            });
        }
    }
    while searches.iter().any(|s| s.found.is_none()) {
        for s in searches.iter_mut().filter(|s| s.found.is_none()) {
            s.start_pass();
        }
        rows.scan(&mut |p, xs| {
            for (c, &x) in xs.iter().enumerate() {
                if !x.is_finite() {
                    continue;
                }
                for &i in &by_cell[p * width + c] {
                    let s = &mut searches[i];
                    if s.found.is_none() {
                        s.see(x);
                    }
                }
            }
        })?;
        for s in searches.iter_mut().filter(|s| s.found.is_none()) {
            s.end_pass();
        }
    }
    let order = |cell: usize, k: u64| {
        by_cell[cell]
            .iter()
            .map(|&i| &searches[i])
            .find(|s| s.cell == cell && s.k == k)
            .and_then(|s| s.found)
            .unwrap_or(f64::NAN)
    };
    let summary = |cell: usize| -> Option<Summary> {
        let s = m[cell];
        if s.n == 0 {
            return None;
        }
        let mean = s.mean();
        let sd = if s.n < 2 {
            0.0
        } else {
            (s.ss / (s.n - 1) as f64).sqrt()
        };
        let q = |p: f64| {
            let (lo, hi, frac) = stats::quantile_ranks(s.n as usize, p);
            stats::interpolate(order(cell, lo as u64), order(cell, hi as u64), frac)
        };
        let (ci_low, ci_high) = stats::mean_ci(mean, sd, s.n as usize);
        Some(Summary {
            n: s.n,
            mean,
            sd,
            min: s.min,
            p5: q(0.05),
            p50: q(0.5),
            p95: q(0.95),
            max: s.max,
            ci_low,
            ci_high,
        })
    };
    let summaries = (0..points)
        .map(|p| (0..width).map(|c| summary(p * width + c)).collect())
        .collect();
    let probabilities = (0..points)
        .map(|p| {
            events
                .iter()
                .map(|&c| Proportion::new(hits[p * width + c], m[p * width + c].n))
                .collect()
        })
        .collect();
    let paired = (1..points)
        .map(|p| {
            (0..width)
                .map(|c| {
                    let s = d[p * width + c];
                    (s.n > 0).then(|| {
                        let sd = if s.n < 2 {
                            0.0
                        } else {
                            (s.ss / (s.n - 1) as f64).sqrt()
                        };
                        Paired::from_moments(s.n, s.mean(), sd)
                    })
                })
                .collect()
        })
        .collect();
    Ok(Report {
        summaries,
        probabilities,
        paired,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows held in memory: (point, values).
    struct Mem(Vec<(usize, Vec<f64>)>);

    impl Rows for Mem {
        fn scan(&self, f: &mut dyn FnMut(usize, &[f64])) -> Result<(), String> {
            for (p, xs) in &self.0 {
                f(*p, xs);
            }
            Ok(())
        }
    }

    /// A deterministic spread of awkward values: heavy ties, a long tail, negatives.
    fn values(n: usize) -> Vec<f64> {
        let mut z = 0x1234_5678_9abc_def0u64;
        (0..n)
            .map(|i| {
                z = z
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let u = (z >> 11) as f64 / (1u64 << 53) as f64;
                match i % 4 {
                    0 => 0.0,
                    1 => (u * 10.0).floor(),
                    2 => -u,
                    _ => (1.0 / (1.0 - u)).powi(3),
                }
            })
            .collect()
    }

    #[test]
    fn streamed_summary_equals_the_in_memory_one() {
        for n in [1, 2, 3, 17, 5000, 30_000] {
            let xs = values(n);
            let rows = Mem(xs.iter().map(|x| (0, vec![*x])).collect());
            let r = summarise(&rows, 1, 1, &[]).unwrap();
            assert_eq!(r.summaries[0][0], Summary::of(&xs), "n = {n}");
        }
    }

    #[test]
    fn probabilities_and_paired_differences() {
        // Two points; point 1 = point 0 + 1 on every run, events 1 in 2 of 4 runs.
        let rows = Mem(vec![
            (0, vec![1.0, 5.0]),
            (1, vec![1.0, 6.0]),
            (0, vec![0.0, 7.0]),
            (1, vec![0.0, 8.0]),
            (0, vec![1.0, 1.0]),
            (1, vec![1.0, 2.0]),
            (0, vec![0.0, f64::NAN]),
            (1, vec![0.0, 3.0]),
        ]);
        let r = summarise(&rows, 2, 2, &[0]).unwrap();
        assert_eq!(r.probabilities[0][0], Proportion::new(2, 4));
        let p = r.paired[0][1].unwrap();
        assert_eq!((p.n, p.mean, p.sd), (3, 1.0, 0.0));
        let same = r.paired[0][0].unwrap();
        assert_eq!((same.mean, same.ci_low, same.ci_high), (0.0, 0.0, 0.0));
        assert_eq!(r.summaries[0][1].unwrap().n, 3);
    }
}
