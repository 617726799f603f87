//! Staged cyber attacks. An attack compromises operators; at each compromised operator it
//! runs through its stages in order. A stage first passes its chance (or the attack stops
//! there), then lasts its duration, then applies its effect. While a stage runs, the
//! operator may detect the intrusion (a chance per hour scaled by posture and alerts);
//! detection before the impact stage contains the attack at that operator.
//!
//! Default stage templates per attack kind are below; their figures are assumptions
//! unless a source is named. docs/ATTACKS.md explains each kind.

use super::dist::Dist;
use super::infra::{DependencyKind, SystemKind};
use super::scenario::AttackKind;
use super::time::Minutes;
use serde::{Deserialize, Serialize};

/// A staged attack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttackSpec {
    /// What kind of attack.
    pub kind: AttackKind,
    /// The systems it travels through and hits; isolating them stops it.
    /// `None`: it hits whole services and isolation of any kind does not stop it.
    pub systems: Option<SystemKind>,
    /// Stages, run in order at each compromised operator.
    pub stages: Vec<Stage>,
}

/// One stage of an attack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Name shown in the timeline, e.g. "initial access".
    pub name: String,
    /// Probability the stage succeeds, in [0, 1].
    pub chance: f64,
    /// How long the stage takes before its effect applies.
    pub duration: Dist,
    /// Chance per hour that the operator detects the intrusion while this stage runs, at
    /// posture 0.5 and without alerts, in [0, 1].
    pub detection: f64,
    /// What happens when the stage completes.
    pub effect: StageEffect,
}

/// The effect of a completed stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum StageEffect {
    /// Nothing visible: the attacker gains ground (initial access, lateral movement).
    Foothold,
    /// The attack tries to compromise every operator linked to this one by a dependency
    /// of the listed kinds (in either direction), each with `chance`, after `delay`.
    Spread {
        /// Probability per neighbouring operator, in [0, 1].
        chance: f64,
        /// Dependency kinds the attack travels along.
        via: Vec<DependencyKind>,
        /// Sectors it can spread into (empty: any).
        #[serde(default)]
        within: Vec<super::sector::Sector>,
        /// Time for the attack to arrive at a neighbour.
        delay: Dist,
    },
    /// Service impact: each service of the operator that the attack reaches loses
    /// `severity` × (share of its systems of the attack's kind) of its capacity.
    /// Impact is visible, so it is detected at once.
    Impact {
        /// Fraction of capacity lost, in [0, 1].
        severity: f64,
        /// Time to recover.
        recovery: Dist,
        /// Data destroyed or encrypted: restoring from backup is the fast way back.
        data_loss: bool,
    },
}

impl StageEffect {
    /// True for the stage that hits services.
    pub fn is_impact(&self) -> bool {
        matches!(self, StageEffect::Impact { .. })
    }
}

fn stage(name: &str, chance: f64, duration: Dist, detection: f64, effect: StageEffect) -> Stage {
    Stage {
        name: name.to_string(),
        chance,
        duration,
        detection,
        effect,
    }
}

fn tri(min: u64, mode: u64, max: u64) -> Dist {
    Dist::Triangular {
        min: Minutes(min * 60),
        mode: Minutes(mode * 60),
        max: Minutes(max * 60),
    }
}

fn lognormal_hours(median: u64, sigma: f64) -> Dist {
    Dist::LogNormal {
        median: Minutes(median * 60),
        sigma,
    }
}

impl AttackSpec {
    /// The default stages of an attack kind. Where seed 004 has the incident type, the
    /// recovery median comes from its mean internal effort per incident (平均稼働人日, chart
    /// around lines 259–337: virus 2.7, DoS 2.4, defacement 2.3, insider misuse 2.7
    /// person-days; values paired with labels by chart order, consistent with line 246):
    ///
    /// * elapsed hours = person-days × 8 h ÷ team size, with a team of two working round
    ///   the clock on a critical service (assumption; a person-day is ~8 working hours);
    /// * the seed's figures are means, so median = mean ÷ exp(σ²/2) (1.197 at σ = 0.6,
    ///   1.133 at σ = 0.5), rounded to the hour.
    ///
    /// The figures are means over the 732 respondents of a general survey (~l.200: firms,
    /// ICT, medical, education and administrative bodies; not critical-infrastructure
    /// operators as such) and count internal staff only (note 1, ~l.254: no outside help or
    /// vendors' staff), so they are a floor for a large operator. Ransomware and
    /// control-system intrusion are not in the seed: their recovery medians, and all
    /// chances, durations and detection rates, are assumptions.
    pub fn template(kind: AttackKind) -> AttackSpec {
        use StageEffect::*;
        let (systems, stages) = match kind {
            AttackKind::Ddos => (
                Some(SystemKind::CustomerFacing),
                vec![stage(
                    "flood",
                    1.0,
                    Dist::Fixed(Minutes(0)),
                    0.0,
                    Impact {
                        severity: 0.6,
                        // DoS 2.4 person-days (seed 004) × 8 h ÷ 2 ≈ 9.6 h mean; median
                        // 9.6 ÷ exp(0.6²/2) ≈ 8 h. Upstream filtering may end a flood
                        // sooner: scenarios set their own recovery.
                        recovery: lognormal_hours(8, 0.6),
                        data_loss: false,
                    },
                )],
            ),
            AttackKind::Worm => (
                Some(SystemKind::Business),
                vec![
                    stage(
                        "initial access",
                        0.8,
                        Dist::Exponential { mean: Minutes(60) },
                        0.02,
                        Foothold,
                    ),
                    stage(
                        "spread",
                        1.0,
                        tri(1, 2, 6),
                        0.05,
                        Spread {
                            chance: 0.3,
                            via: vec![DependencyKind::Cyber],
                            within: Vec::new(),
                            // Code Red reached ~300k servers in 10 days (seed 000 ~l.92):
                            // hours per hop, not days.
                            delay: Dist::Exponential { mean: Minutes(120) },
                        },
                    ),
                    stage(
                        "impact",
                        0.9,
                        tri(0, 1, 4),
                        0.05,
                        Impact {
                            severity: 0.5,
                            // Virus 2.7 person-days (seed 004) × 8 h ÷ 2 ≈ 10.8 h mean;
                            // median 10.8 ÷ exp(0.6²/2) ≈ 9 h.
                            recovery: lognormal_hours(9, 0.6),
                            data_loss: false,
                        },
                    ),
                ],
            ),
            AttackKind::Ransomware => (
                Some(SystemKind::Business),
                vec![
                    stage(
                        "initial access",
                        0.7,
                        Dist::Exponential {
                            mean: Minutes(12 * 60),
                        },
                        0.01,
                        Foothold,
                    ),
                    stage("lateral movement", 0.8, tri(6, 24, 72), 0.03, Foothold),
                    stage(
                        "encryption",
                        1.0,
                        Dist::Fixed(Minutes(30)),
                        0.1,
                        Impact {
                            severity: 0.8,
                            // Assumption (not in seed 004): rebuilding without backups takes
                            // days to weeks: median 7 d.
                            recovery: lognormal_hours(7 * 24, 0.5),
                            data_loss: true,
                        },
                    ),
                ],
            ),
            AttackKind::Intrusion => (
                Some(SystemKind::Control),
                vec![
                    stage(
                        "initial access",
                        0.6,
                        Dist::Exponential {
                            mean: Minutes(24 * 60),
                        },
                        0.01,
                        Foothold,
                    ),
                    stage(
                        "lateral movement to control",
                        0.5,
                        tri(12, 48, 168),
                        0.02,
                        Foothold,
                    ),
                    stage(
                        "control impact",
                        0.8,
                        Dist::Fixed(Minutes(0)),
                        0.0,
                        Impact {
                            severity: 0.7,
                            // Assumption (not in seed 004): checking and restoring a plant's
                            // control systems takes longer than an office clean-up: 12 h.
                            recovery: lognormal_hours(12, 0.7),
                            data_loss: false,
                        },
                    ),
                ],
            ),
            AttackKind::Insider => (
                Some(SystemKind::Business),
                vec![stage(
                    "misuse",
                    1.0,
                    tri(1, 24, 72),
                    0.005,
                    Impact {
                        severity: 0.3,
                        // Insider network misuse 2.7 person-days (seed 004) × 8 h ÷ 2 ≈
                        // 10.8 h mean; median 10.8 ÷ exp(0.5²/2) ≈ 10 h.
                        recovery: lognormal_hours(10, 0.5),
                        data_loss: false,
                    },
                )],
            ),
            AttackKind::Defacement => (
                Some(SystemKind::CustomerFacing),
                vec![
                    stage(
                        "initial access",
                        0.8,
                        Dist::Exponential { mean: Minutes(120) },
                        0.05,
                        Foothold,
                    ),
                    stage(
                        "defacement",
                        1.0,
                        Dist::Fixed(Minutes(0)),
                        0.0,
                        Impact {
                            severity: 0.2,
                            // Defacement 2.3 person-days (seed 004) × 8 h ÷ 2 ≈ 9.2 h
                            // mean; median 9.2 ÷ exp(0.5²/2) ≈ 8 h.
                            recovery: lognormal_hours(8, 0.5),
                            data_loss: false,
                        },
                    ),
                ],
            ),
        };
        AttackSpec {
            kind,
            systems,
            stages,
        }
    }

    /// Index of the first impact stage, if any.
    pub fn impact_stage(&self) -> Option<usize> {
        self.stages.iter().position(|s| s.effect.is_impact())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_is_valid_and_ends_in_impact() {
        for kind in AttackKind::ALL {
            let t = AttackSpec::template(kind);
            assert!(t.impact_stage().is_some(), "{kind:?}");
            for s in &t.stages {
                assert!((0.0..=1.0).contains(&s.chance));
                assert!((0.0..=1.0).contains(&s.detection));
                assert!(s.duration.problems().is_empty());
            }
        }
    }
}
