//! Counterfactual twins of a drill. Runs are deterministic with keyed random streams, so
//! a drill can be scored against its exact twins on the same seed: the players doing
//! nothing ([`Twin::NoAction`]), and the players replaced by the scenario's policies
//! ([`Twin::Playbook`]; the reference playbook unless the scenario says otherwise). And,
//! for skill versus luck ([`luck`]), the players' logged decisions replayed over other
//! seeds beside the no-action twin on each.
//!
//! Faces (the CLI's `--out`, later the TUI and the batch runner) build twins here; the
//! impact that compares them is [`impact`], the one function to change when the scoring
//! library's end-user impact replaces today's total.

use crate::engine::Outcome;
use crate::model::Scenario;
use crate::model::drill::{LoggedAction, Role};
use crate::session::Session;
use std::sync::Arc;

/// Which twin of a drill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Twin {
    /// The same seed; the players' roles are played (they follow no policy) and take no
    /// action.
    NoAction,
    /// The same seed; the players' roles, the scenario's own players included, follow the
    /// scenario's policies (by default the reference playbook, `model::drill::policy`).
    Playbook,
}

impl Twin {
    /// The twin's id, as used in file names (`twin-no-action.json`).
    pub fn id(self) -> &'static str {
        match self {
            Twin::NoAction => "no-action",
            Twin::Playbook => "playbook",
        }
    }
}

/// Runs `twin` of a drill of `scenario` with `seed` in which `players` were played.
pub fn twin(scenario: &Arc<Scenario>, seed: u64, players: &[Role], twin: Twin) -> Outcome {
    match twin {
        Twin::NoAction => Session::with_players(scenario.clone(), seed, players).finish(),
        Twin::Playbook => {
            let mut s = (**scenario).clone();
            s.drill.players.clear();
            Session::new(Arc::new(s), seed).finish()
        }
    }
}

/// The impact an outcome is compared by, in person-hours: the end-user impact of
/// docs/SCORING.md (`score.impact.end_user_person_hours`), which counts nobody twice.
pub fn impact(scenario: &Scenario, outcome: &Outcome) -> f64 {
    crate::score::impact(scenario, outcome).end_user_person_hours
}

/// The drill against its twins, in person-hours of impact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    /// The drill's own impact.
    pub drill: f64,
    /// The no-action twin's.
    pub no_action: f64,
    /// The playbook twin's.
    pub playbook: f64,
}

impl Comparison {
    /// Person-hours the players' decisions saved against doing nothing (negative: cost).
    pub fn saved_against_no_action(&self) -> f64 {
        self.no_action - self.drill
    }
}

/// The seed of the `k`-th luck run of a drill with master seed `seed`: SplitMix64's
/// finaliser of `seed + (k + 1) × 0x9E37_79B9_7F4A_7C15` (the golden-ratio increment), so
/// the seeds of one drill are distinct from each other and from `seed` itself.
pub fn luck_seed(seed: u64, k: u32) -> u64 {
    let mut z = seed.wrapping_add(
        u64::from(k)
            .wrapping_add(1)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15),
    );
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One luck run: another seed, the players' logged decisions and the no-action twin on it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LuckRun {
    /// The seed ([`luck_seed`]).
    pub seed: u64,
    /// The impact of the logged decisions on this seed.
    pub decisions: f64,
    /// The impact of the no-action twin on this seed.
    pub no_action: f64,
}

/// Replays the players' `actions` over `k` other seeds, and the no-action twin on each.
pub fn luck(
    scenario: &Arc<Scenario>,
    seed: u64,
    players: &[Role],
    actions: &[LoggedAction],
    k: u32,
) -> Vec<LuckRun> {
    (0..k)
        .map(|i| {
            let s = luck_seed(seed, i);
            let played = Session::replay(scenario.clone(), s, players, actions).outcome;
            let idle = twin(scenario, s, players, Twin::NoAction);
            LuckRun {
                seed: s,
                decisions: impact(scenario, &played),
                no_action: impact(scenario, &idle),
            }
        })
        .collect()
}

/// Where `value` falls among `others`: how many are strictly better (lower impact), and
/// the percentile of runs it does at least as well as (100 = better than or equal to all).
pub fn rank(value: f64, others: &[f64]) -> (usize, f64) {
    let better = others.iter().filter(|o| **o < value).count();
    let pct = if others.is_empty() {
        100.0
    } else {
        100.0 * (others.len() - better) as f64 / others.len() as f64
    };
    (better + 1, pct)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luck_seeds_are_distinct_and_not_the_seed() {
        let seeds: Vec<u64> = (0..100).map(|k| luck_seed(1, k)).collect();
        let mut sorted = seeds.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 100);
        assert!(!seeds.contains(&1));
        assert_eq!(luck_seed(1, 0), luck_seed(1, 0));
    }

    #[test]
    fn rank_counts_strictly_better_runs() {
        assert_eq!(rank(5.0, &[1.0, 5.0, 9.0, 10.0]), (2, 75.0));
        assert_eq!(rank(0.0, &[]), (1, 100.0));
    }
}
