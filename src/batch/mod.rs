//! Monte Carlo batches (docs/BATCH.md): a scenario run many times unattended, every
//! unplayed role following its policy, one row of scores per run, and their statistics.
//!
//! Run i's seed is derived from the master seed and i alone ([`run_seed`]), runs go in
//! parallel in chunks and come back in run order, so a result is the same bytes at any
//! thread count, on one machine or as shards merged ([`result`]). A sweep runs every
//! point of its design on the same run seeds (common random numbers).
//!
//! **Architecture Invariant:** the batch drives runs through the session API only; it
//! knows no terminal (the CLI draws the progress bar through [`Progress`]).

pub mod metrics;
pub mod part;
pub mod result;
pub mod summary;
pub mod sweep;

use crate::session::{EngineOptions, Prepared, Session};
use rayon::prelude::*;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

/// What the scenario's own players (`players:`) do in a batch's runs: the roles nobody
/// plays follow their policies either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Players {
    /// They follow the scenario's policies, as in the playbook twin (the default, as
    /// docs/BATCH.md says).
    #[default]
    Playbook,
    /// They are played and take no action, as in a plain `rensa run`: a batch row is then
    /// that run on its seed.
    Idle,
}

impl Players {
    /// As written in a result's header (`# players: playbook`) and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Players::Playbook => "playbook",
            Players::Idle => "idle",
        }
    }

    /// From its id.
    pub fn from_id(id: &str) -> Option<Players> {
        match id {
            "playbook" => Some(Players::Playbook),
            "idle" => Some(Players::Idle),
            _ => None,
        }
    }
}

/// Prepares `scenario` for a batch's runs with its players doing what `players` says.
pub fn prepare(mut scenario: crate::model::Scenario, players: Players) -> Prepared {
    if players == Players::Playbook {
        scenario.drill.players.clear();
    }
    Prepared::new(std::sync::Arc::new(scenario))
}

/// The seed of run `i` of a batch with master seed `seed`: SplitMix64's finaliser of
/// `seed + (i + 1) × 0x9E37_79B9_7F4A_7C15`, so it depends on (seed, i) alone.
pub fn run_seed(seed: u64, i: u64) -> u64 {
    let mut z = seed.wrapping_add(i.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One run's row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Run index (0-based, over the whole batch).
    pub run: u64,
    /// Its seed.
    pub seed: u64,
    /// The design point.
    pub point: usize,
    /// The metric values ([`metrics::columns`]).
    pub values: Vec<Option<f64>>,
}

/// Runs one run of a prepared scenario with `seed` ([`prepare`] decides what the
/// scenario's players do; every other role follows its policy). What every run shares
/// (adjacency, policies, starting measures) is built once, in the [`Prepared`].
pub fn run_one(prepared: &Prepared, seed: u64) -> Vec<Option<f64>> {
    // The timeline stays on: reach, timeliness and the objectives are scored from it.
    let outcome =
        Session::from_prepared(prepared, seed, &[], EngineOptions { timeline: true }).finish();
    metrics::measure(prepared.scenario(), &outcome)
}

/// Runs `runs` at every point (`points[p]` is point p's prepared scenario), run-major:
/// run i at point 0, 1, …, then run i + 1. Parallel over the current rayon pool; rows
/// come back in that order.
pub fn run_range(points: &[Prepared], seed: u64, runs: Range<u64>) -> Vec<Row> {
    let n = points.len() as u64;
    (runs.start * n..runs.end * n)
        .into_par_iter()
        .map(|t| {
            let (run, point) = (t / n, (t % n) as usize);
            let s = run_seed(seed, run);
            Row {
                run,
                seed: s,
                point,
                values: run_one(&points[point], s),
            }
        })
        .collect()
}

/// Told how far a batch has come (the CLI draws a progress bar).
pub trait Progress: Sync {
    /// `done` more runs (times points) finished.
    fn advance(&self, done: u64);
}

impl Progress for () {
    fn advance(&self, _: u64) {}
}

/// Runs `runs` in chunks of `chunk` runs, handing each chunk's rows, in order, to `sink`,
/// until done or `stop` is set (checked between chunks). Returns the runs finished.
pub fn run_chunked(
    points: &[Prepared],
    seed: u64,
    runs: Range<u64>,
    chunk: u64,
    stop: &AtomicBool,
    progress: &dyn Progress,
    sink: &mut dyn FnMut(&[Row]) -> Result<(), String>,
) -> Result<u64, String> {
    let mut at = runs.start;
    while at < runs.end {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let to = (at + chunk.max(1)).min(runs.end);
        let rows = run_range(points, seed, at..to);
        sink(&rows)?;
        progress.advance((to - at) * points.len() as u64);
        at = to;
    }
    Ok(at - runs.start)
}

/// Shard `index` (0-based) of `count`: its runs of `0..runs`, contiguous so that parts
/// concatenated in shard order are the unsharded rows.
pub fn shard_runs(runs: u64, index: u64, count: u64) -> Range<u64> {
    let at = |k: u64| ((u128::from(runs) * u128::from(k)) / u128::from(count)) as u64;
    at(index)..at(index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_seeds_depend_on_seed_and_index_only() {
        assert_eq!(run_seed(1, 0), run_seed(1, 0));
        assert_ne!(run_seed(1, 0), run_seed(1, 1));
        assert_ne!(run_seed(1, 0), run_seed(2, 0));
        // The same mix as the luck runs of a drill (twin::luck_seed).
        assert_eq!(run_seed(5, 3), crate::twin::luck_seed(5, 3));
    }

    #[test]
    fn shards_cover_the_runs_once_in_order() {
        for (runs, count) in [(10, 3), (2, 4), (0, 2), (1000, 7)] {
            let mut next = 0;
            for k in 0..count {
                let r = shard_runs(runs, k, count);
                assert_eq!(r.start, next);
                next = r.end;
            }
            assert_eq!(next, runs);
        }
    }
}
