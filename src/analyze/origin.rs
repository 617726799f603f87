//! The units of an analysis (sectors or operators) and the standard origin perturbation.

use crate::model::{
    Dist, FailureCause, Infrastructure, Inject, InjectKind, InjectTrigger, Minutes, OperatorId,
    Scenario, Sector, ServiceId, Target, Time,
};
use serde::{Deserialize, Serialize};

/// What an origin is: a sector or an operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    /// Each sector of the Action Plan with at least one service.
    Sector,
    /// Each operator.
    Operator,
}

/// The standard IT failure at an origin (docs/ANALYSIS.md): every service of the origin
/// loses `severity` of its capacity at `at`, each repaired after a draw of `recovery`.
/// A RON file `Perturbation(severity: 0.6, recovery: LogNormal(median: "6h", sigma: 0.5),
/// at: "1h", cause: SystemFailure)` overrides any field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename = "Perturbation")]
pub struct Perturbation {
    /// Fraction of each hit service's capacity lost, in [0, 1]. Default 0.6: enough to put
    /// every service of the default graph (required levels 0.7–0.95) into IT failure.
    pub severity: f64,
    /// Time to repair each hit service. Default log-normal, median 6 h, σ 0.5 (the
    /// default drill's assumption for a carrier-scale outage: a few hours, a long tail).
    pub recovery: Dist,
    /// When it strikes. Default T+1h, so the matrix's times are counted from a settled start.
    pub at: Minutes,
    /// Its cause (for the timeline's words only). Default a system failure.
    pub cause: FailureCause,
}

impl Default for Perturbation {
    fn default() -> Perturbation {
        Perturbation {
            severity: 0.6,
            recovery: Dist::LogNormal {
                median: Minutes(6 * 60),
                sigma: 0.5,
            },
            at: Minutes(60),
            cause: FailureCause::SystemFailure,
        }
    }
}

impl Perturbation {
    /// The first problem with its values, if any.
    pub fn problem(&self) -> Option<String> {
        if !(0.0..=1.0).contains(&self.severity) {
            return Some(format!(
                "severity {} is outside [0, 1] (the fraction of capacity lost)",
                self.severity
            ));
        }
        None
    }

    /// The median repair time in hours (for resilience coefficients from recovery times).
    pub fn median_hours(&self) -> f64 {
        let m = match &self.recovery {
            Dist::Fixed(m) => m.0 as f64,
            Dist::Uniform { min, max } => (min.0 + max.0) as f64 / 2.0,
            Dist::Triangular { min, mode, max } => {
                // The median of a triangular distribution.
                let (a, c, b) = (min.0 as f64, mode.0 as f64, max.0 as f64);
                if b <= a {
                    a
                } else if c >= (a + b) / 2.0 {
                    a + ((b - a) * (c - a) / 2.0).sqrt()
                } else {
                    b - ((b - a) * (b - c) / 2.0).sqrt()
                }
            }
            Dist::LogNormal { median, .. } => median.0 as f64,
            Dist::Exponential { mean } => mean.0 as f64 * std::f64::consts::LN_2,
        };
        m / 60.0
    }
}

/// The units of an analysis: their ids, which unit each service belongs to, and each
/// service's weight within its unit.
#[derive(Debug, Clone)]
pub struct Units {
    /// Sectors or operators.
    pub by: By,
    /// Ids: sector ids (`power`) or operator keys.
    pub names: Vec<String>,
    /// The target of each unit's perturbation.
    pub targets: Vec<Target>,
    /// `of_service[s]`: the unit of service `s`.
    pub of_service: Vec<usize>,
    /// Each service's weight within its unit: its share of the unit's population (equal
    /// shares if the unit serves nobody directly).
    pub weight: Vec<f64>,
}

impl Units {
    /// The units of `infra`: every sector with a service (Action Plan order), or every
    /// operator (id order).
    pub fn of(infra: &Infrastructure, by: By) -> Units {
        let (names, targets, of_service): (Vec<String>, Vec<Target>, Vec<usize>) = match by {
            By::Sector => {
                let present: Vec<Sector> = Sector::ALL
                    .iter()
                    .copied()
                    .filter(|s| infra.services_in_sector(*s).next().is_some())
                    .collect();
                let of = infra
                    .services
                    .iter()
                    .map(|s| {
                        let sec = infra.sector_of(s.id);
                        present.iter().position(|x| *x == sec).unwrap_or(0)
                    })
                    .collect();
                (
                    present.iter().map(|s| s.id().to_string()).collect(),
                    present.iter().map(|s| Target::Sector(*s)).collect(),
                    of,
                )
            }
            By::Operator => (
                infra.operators.iter().map(|o| o.key.clone()).collect(),
                infra
                    .operators
                    .iter()
                    .map(|o| Target::Operator(o.id))
                    .collect(),
                infra.services.iter().map(|s| s.operator.index()).collect(),
            ),
        };
        let n = names.len();
        let mut population = vec![0u64; n];
        let mut count = vec![0u64; n];
        for (s, &u) in infra.services.iter().zip(&of_service) {
            population[u] += s.population;
            count[u] += 1;
        }
        let weight = infra
            .services
            .iter()
            .zip(&of_service)
            .map(|(s, &u)| {
                if population[u] > 0 {
                    s.population as f64 / population[u] as f64
                } else {
                    1.0 / count[u].max(1) as f64
                }
            })
            .collect();
        Units {
            by,
            names,
            targets,
            of_service,
            weight,
        }
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True without units.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The services of unit `u`.
    pub fn services(&self, u: usize) -> impl Iterator<Item = ServiceId> + '_ {
        self.of_service
            .iter()
            .enumerate()
            .filter(move |(_, x)| **x == u)
            .map(|(s, _)| ServiceId(s as u32))
    }

    /// The operator of an operator unit.
    pub fn operator(&self, u: usize) -> Option<OperatorId> {
        match self.targets.get(u) {
            Some(Target::Operator(o)) => Some(*o),
            _ => None,
        }
    }
}

/// `base` with its injects replaced by the perturbation at `target`, nobody played and no
/// objectives (they may name injects that are gone); infrastructure, parameters and the
/// policies of the roles are kept, and the run lasts `duration`.
pub fn origin_scenario(
    base: &Scenario,
    target: Target,
    perturbation: &Perturbation,
    duration: Minutes,
) -> Scenario {
    let infra = &base.infra;
    let mut s = base.clone();
    s.duration = duration;
    s.drill.players.clear();
    s.drill.objectives.clear();
    s.injects = vec![Inject {
        key: "analysis-origin".to_string(),
        trigger: InjectTrigger::At(Time(perturbation.at.0)),
        target,
        target_label: target.label(infra),
        hits: target.hits(infra),
        kind: InjectKind::ItFailure {
            cause: perturbation.cause,
            severity: perturbation.severity,
            recovery: perturbation.recovery.clone(),
        },
    }];
    s
}
