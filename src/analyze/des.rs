//! The simulated origin × affected matrix: every unit in turn as the origin of the
//! standard perturbation, `runs` runs each through the session API, in parallel with
//! rayon. A run's seed depends on (master seed, origin id, run number) alone and the runs
//! are folded in order, so the result is the same at any thread count.

use super::origin::{Perturbation, Units, origin_scenario};
use super::stats::{self, Interval};
use crate::engine::timeline::{Cause, Happening};
use crate::model::{Minutes, Scenario, Serves};
use crate::session::{EngineOptions, Prepared, Session};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What to simulate.
#[derive(Debug, Clone)]
pub struct Config {
    /// Runs per origin.
    pub runs: u32,
    /// Master seed.
    pub seed: u64,
    /// Length of each run.
    pub duration: Minutes,
    /// The standard perturbation.
    pub perturbation: Perturbation,
}

/// One cell of the matrix: what the origin's perturbation does to the affected unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// Share of runs in which the unit fell below its required level (one of its services
    /// spent time in IT failure).
    pub p_below: f64,
    /// Wilson 95 % interval of `p_below`.
    pub p_interval: Interval,
    /// Mean end-user impact in the unit, person-hours (docs/SCORING.md).
    pub impact: f64,
    /// Median, over the runs in which it fell, of the minutes from the perturbation to its
    /// first fall; None if it never fell.
    pub median_minutes: Option<f64>,
    /// Mean peak inoperability: 1 − the lowest population-weighted level (docs/ANALYSIS.md).
    pub inoperability: f64,
}

/// The matrix with what it was computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Matrix {
    /// Unit ids, the rows' (origins) and columns' (affected) order.
    pub units: Vec<String>,
    /// `cells[origin][affected]`.
    pub cells: Vec<Vec<Cell>>,
    /// `crossings[origin]`: each unit-level edge (provider unit, dependent unit) the loss
    /// crossed, with the share of runs in which it did; sorted.
    pub crossings: Vec<Vec<Crossing>>,
    /// Per origin, the mean total end-user impact over every unit, with its 95 % interval.
    pub totals: Vec<(f64, Interval)>,
}

/// A unit-level edge the loss crossed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Crossing {
    /// Provider unit index.
    pub from: usize,
    /// Dependent unit index.
    pub to: usize,
    /// Share of runs.
    pub share: f64,
}

/// What one run left in each unit.
#[derive(Debug, Clone)]
pub struct RunRecord {
    /// Fell below required.
    pub fell: Vec<bool>,
    /// End-user person-hours lost.
    pub impact: Vec<f64>,
    /// Minutes from the perturbation to the first fall.
    pub first: Vec<Option<u64>>,
    /// Peak inoperability.
    pub inoperability: Vec<f64>,
    /// Unit-level edges the loss crossed, sorted, each once.
    pub crossings: Vec<(usize, usize)>,
}

impl RunRecord {
    /// Σ impact over every unit.
    pub fn total(&self) -> f64 {
        self.impact.iter().sum()
    }
}

/// SplitMix64's finaliser: a well-mixed 64-bit function of its input.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The seed of run `i` from origin `origin` (its id) under master seed `seed`: a function
/// of the three alone, so neither the order of origins nor the thread count changes it.
pub fn run_seed(seed: u64, origin: &str, i: u32) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in origin.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(mix(seed) ^ mix(h) ^ mix(u64::from(i).wrapping_add(0x5851_f42d_4c95_7f2d)))
}

/// Runs `scenario` once with `seed` and records what each unit suffered.
pub fn record(scenario: Arc<Scenario>, seed: u64, units: &Units, start: Minutes) -> RunRecord {
    record_prepared(&Prepared::new(scenario), seed, units, start)
}

/// Like [`record`], from a scenario prepared once for all of an origin's runs.
pub fn record_prepared(prepared: &Prepared, seed: u64, units: &Units, start: Minutes) -> RunRecord {
    let infra = &prepared.scenario().infra;
    let outcome =
        Session::from_prepared(prepared, seed, &[], EngineOptions { timeline: true }).finish();
    let n = units.len();
    let mut r = RunRecord {
        fell: vec![false; n],
        impact: vec![0.0; n],
        first: vec![None; n],
        inoperability: vec![0.0; n],
        crossings: Vec::new(),
    };
    for (k, m) in outcome.metrics.services.iter().enumerate() {
        let u = units.of_service[k];
        if m.minutes_below > 0 {
            r.fell[u] = true;
        }
        if infra.services[k].serves == Serves::People {
            r.impact[u] += m.person_minutes_lost / 60.0;
        }
        r.inoperability[u] += units.weight[k] * (1.0 - m.min_level);
    }
    if units.by == super::origin::By::Sector {
        // The exact population-weighted minimum the engine observes.
        for (u, name) in units.names.iter().enumerate() {
            if let Some(sm) = outcome
                .metrics
                .sectors
                .iter()
                .find(|sm| sm.sector.id() == name)
            {
                r.inoperability[u] = 1.0 - sm.min_level;
            }
        }
    }
    for e in &outcome.timeline {
        if let Happening::LevelChanged {
            service,
            from,
            to,
            below_required,
            causes,
        } = &e.what
        {
            let u = units.of_service[service.index()];
            if *below_required
                && r.first[u].is_none()
                && outcome.metrics.services[service.index()].minutes_below > 0
            {
                r.first[u] = Some(e.time.0.saturating_sub(start.0));
            }
            if to < from {
                for c in causes {
                    if let Cause::Dependency(edge) = c {
                        let p = units.of_service[infra.dependency(*edge).provider.index()];
                        if p != u {
                            r.crossings.push((p, u));
                        }
                    }
                }
            }
        }
    }
    for u in 0..n {
        if !r.fell[u] {
            r.first[u] = None;
        }
    }
    r.crossings.sort_unstable();
    r.crossings.dedup();
    r
}

/// The scenario of each origin.
pub fn origin_scenarios(base: &Scenario, units: &Units, config: &Config) -> Vec<Arc<Scenario>> {
    units
        .targets
        .iter()
        .map(|t| {
            Arc::new(origin_scenario(
                base,
                *t,
                &config.perturbation,
                config.duration,
            ))
        })
        .collect()
}

/// Every run of every origin, in (origin, run) order; `progress` is called after each run.
pub fn simulate(
    scenarios: &[Arc<Scenario>],
    units: &Units,
    config: &Config,
    progress: &(dyn Fn() + Sync),
) -> Vec<Vec<RunRecord>> {
    let origins: Vec<usize> = (0..scenarios.len()).collect();
    simulate_origins(scenarios, &origins, units, config, progress)
}

/// Like [`simulate`], for `scenarios[k]` standing for origin `origins[k]` (whose id
/// seeds its runs): a varied scenario gets the seeds of its origin's baseline.
pub fn simulate_origins(
    scenarios: &[Arc<Scenario>],
    origins: &[usize],
    units: &Units,
    config: &Config,
    progress: &(dyn Fn() + Sync),
) -> Vec<Vec<RunRecord>> {
    let runs = config.runs;
    let jobs: Vec<(usize, u32)> = (0..scenarios.len())
        .flat_map(|k| (0..runs).map(move |i| (k, i)))
        .collect();
    // Built once per origin, shared by its runs.
    let prepared: Vec<Prepared> = scenarios.iter().cloned().map(Prepared::new).collect();
    let flat: Vec<RunRecord> = jobs
        .par_iter()
        .map(|&(k, i)| {
            let seed = run_seed(config.seed, &units.names[origins[k]], i);
            let r = record_prepared(&prepared[k], seed, units, config.perturbation.at);
            progress();
            r
        })
        .collect();
    let mut out: Vec<Vec<RunRecord>> = Vec::with_capacity(scenarios.len());
    let mut it = flat.into_iter();
    for _ in 0..scenarios.len() {
        out.push(it.by_ref().take(runs as usize).collect());
    }
    out
}

/// Folds the runs of every origin into the matrix, in run order.
pub fn matrix(units: &Units, records: &[Vec<RunRecord>]) -> Matrix {
    let n = units.len();
    let mut cells = Vec::with_capacity(records.len());
    let mut crossings = Vec::with_capacity(records.len());
    let mut totals = Vec::with_capacity(records.len());
    for runs in records {
        let count = runs.len().max(1) as f64;
        let row = (0..n)
            .map(|j| {
                let fell = runs.iter().filter(|r| r.fell[j]).count() as u64;
                let mut times: Vec<f64> = runs
                    .iter()
                    .filter_map(|r| r.first[j].map(|t| t as f64))
                    .collect();
                Cell {
                    p_below: fell as f64 / count,
                    p_interval: stats::wilson(fell, runs.len() as u64),
                    impact: runs.iter().map(|r| r.impact[j]).sum::<f64>() / count,
                    median_minutes: stats::median(&mut times),
                    inoperability: runs.iter().map(|r| r.inoperability[j]).sum::<f64>() / count,
                }
            })
            .collect();
        cells.push(row);
        let mut seen: std::collections::BTreeMap<(usize, usize), u64> = Default::default();
        for r in runs {
            for c in &r.crossings {
                *seen.entry(*c).or_default() += 1;
            }
        }
        crossings.push(
            seen.into_iter()
                .map(|((from, to), k)| Crossing {
                    from,
                    to,
                    share: k as f64 / count,
                })
                .collect(),
        );
        let t: Vec<f64> = runs.iter().map(RunRecord::total).collect();
        totals.push(stats::mean_interval(&t));
    }
    Matrix {
        units: units.names.clone(),
        cells,
        crossings,
        totals,
    }
}
