//! Rankings and propagation paths read off the matrix.

use super::des::Matrix;
use super::stats::Interval;
use serde::{Deserialize, Serialize};

/// An origin ranked by what its perturbation does downstream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criticality {
    /// Origin id.
    pub unit: String,
    /// Σ over the other units of the expected impact there, person-hours.
    pub downstream: f64,
    /// Expected total impact including the origin itself, with its 95 % interval.
    pub total: f64,
    /// Interval of `total`.
    pub total_interval: Interval,
    /// Other units that fell below required in at least one run.
    pub reached: usize,
}

/// A unit ranked by what the others' perturbations do to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exposure {
    /// Unit id.
    pub unit: String,
    /// Σ over the other origins of the expected impact here, person-hours.
    pub impact: f64,
    /// Mean over the other origins of the probability of falling below required.
    pub mean_p_below: f64,
    /// Origins that put it below required in at least one run.
    pub reached_by: usize,
}

/// A strongest path of propagation from an origin to an affected unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathOut {
    /// Units, origin first.
    pub units: Vec<String>,
    /// Product over its steps of the share of runs in which the loss crossed that step.
    pub strength: f64,
    /// Probability that the last unit fell below required.
    pub p_below: f64,
}

/// Origins by downstream impact, highest first (ties by id).
pub fn criticality(m: &Matrix) -> Vec<Criticality> {
    let mut out: Vec<Criticality> = m
        .cells
        .iter()
        .enumerate()
        .map(|(o, row)| Criticality {
            unit: m.units[o].clone(),
            downstream: row
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != o)
                .map(|(_, c)| c.impact)
                .sum(),
            total: m.totals[o].0,
            total_interval: m.totals[o].1,
            reached: row
                .iter()
                .enumerate()
                .filter(|(j, c)| *j != o && c.p_below > 0.0)
                .count(),
        })
        .collect();
    out.sort_by(|a, b| {
        b.downstream
            .total_cmp(&a.downstream)
            .then_with(|| a.unit.cmp(&b.unit))
    });
    out
}

/// Units by exposure, highest impact first (ties by mean probability, then id).
pub fn exposure(m: &Matrix) -> Vec<Exposure> {
    let n = m.units.len();
    let mut out: Vec<Exposure> = (0..n)
        .map(|j| {
            let others: Vec<_> = (0..m.cells.len()).filter(|o| *o != j).collect();
            Exposure {
                unit: m.units[j].clone(),
                impact: others.iter().map(|o| m.cells[*o][j].impact).sum(),
                mean_p_below: if others.is_empty() {
                    0.0
                } else {
                    others.iter().map(|o| m.cells[*o][j].p_below).sum::<f64>() / others.len() as f64
                },
                reached_by: others
                    .iter()
                    .filter(|o| m.cells[**o][j].p_below > 0.0)
                    .count(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.impact
            .total_cmp(&a.impact)
            .then_with(|| b.mean_p_below.total_cmp(&a.mean_p_below))
            .then_with(|| a.unit.cmp(&b.unit))
    });
    out
}

/// For each origin and each other unit it put below required, the path through the units
/// whose product of crossing shares is highest (Dijkstra on −ln share); strongest first,
/// ties by probability, then by the units' ids.
pub fn paths(m: &Matrix) -> Vec<PathOut> {
    let n = m.units.len();
    let mut out = Vec::new();
    for (o, crossings) in m.crossings.iter().enumerate() {
        // best[u]: highest product of shares from o to u, with the previous unit.
        let mut best = vec![0.0f64; n];
        let mut prev: Vec<Option<usize>> = vec![None; n];
        let mut done = vec![false; n];
        best[o] = 1.0;
        while let Some(u) = (0..n)
            .filter(|u| !done[*u] && best[*u] > 0.0)
            .max_by(|a, b| best[*a].total_cmp(&best[*b]).then_with(|| b.cmp(a)))
        {
            done[u] = true;
            for c in crossings.iter().filter(|c| c.from == u) {
                let s = best[u] * c.share;
                if !done[c.to] && s > best[c.to] {
                    best[c.to] = s;
                    prev[c.to] = Some(u);
                }
            }
        }
        for (j, &strength) in best.iter().enumerate() {
            if j == o || strength <= 0.0 || m.cells[o][j].p_below <= 0.0 {
                continue;
            }
            let mut units = vec![j];
            let mut at = j;
            while let Some(p) = prev[at] {
                units.push(p);
                at = p;
            }
            units.reverse();
            out.push(PathOut {
                units: units.iter().map(|u| m.units[*u].clone()).collect(),
                strength,
                p_below: m.cells[o][j].p_below,
            });
        }
    }
    out.sort_by(|a, b| {
        b.strength
            .total_cmp(&a.strength)
            .then_with(|| b.p_below.total_cmp(&a.p_below))
            .then_with(|| a.units.cmp(&b.units))
    });
    out
}
