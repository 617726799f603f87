//! Deterministic synthetic infrastructures and scenarios, for benchmarks and property
//! tests.
//!
//! [`synthetic_scenario`] builds a random but reproducible [`Scenario`] from a
//! [`SyntheticSpec`]: the same spec (seed included) always gives the same scenario, on every
//! machine, because every draw comes from one `ChaCha8Rng` seeded with `spec.seed` and
//! consumed in a fixed order.
//!
//! Shape of what is generated:
//!
//! * operators `op-NNNNN`, spread round-robin over the ten [`Sector`]s and over regions
//!   `region-NN` (every region is used when there are at least as many operators as
//!   regions), sub-sectors drawn where the sector has them;
//! * `services_per_operator` services `op-NNNNN/sN` per operator, with a population and a
//!   required level in [0.5, 0.95];
//! * `edges` dependencies between services of *different* operators (so never a self
//!   edge), no two with the same (provider, dependent) pair, cycles allowed; random
//!   [`DependencyKind`], strength in [0.05, 0.9], tolerance from 0 to 48 h (a fifth of
//!   them 0: no buffer);
//! * `injects` injects of all three [`InjectKind`] variants, at times before `duration`,
//!   aimed at a service, an operator or a region, severity in [0.2, 1], recovery drawn from
//!   every [`Dist`] variant.
//!
//! If `edges` exceeds the number of possible pairs, every possible pair is generated.

use super::dist::Dist;
use super::ids::{RegionId, ServiceId};
use super::infra::{DependencyKind, InfrastructureBuilder, OperatorSpec};
use super::scenario::{
    AttackKind, FailureCause, Hazard, Inject, InjectKind, Params, Scenario, Target,
};
use super::sector::Sector;
use super::time::{Minutes, Time};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashSet;
use std::sync::Arc;

/// The size and seed of a synthetic scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticSpec {
    /// Number of operators (spread over all ten sectors).
    pub operators: usize,
    /// Services each operator provides.
    pub services_per_operator: usize,
    /// Dependency edges between services of different operators.
    pub edges: usize,
    /// Number of regions operators are spread over (at least 1 is used).
    pub regions: usize,
    /// Number of injects.
    pub injects: usize,
    /// Length of the exercise; injects fire strictly before it.
    pub duration: Minutes,
    /// Seed of the generator (also the scenario's default run seed).
    pub seed: u64,
}

impl Default for SyntheticSpec {
    /// A small drill: 50 operators with 2 services each, 200 edges, 8 regions, 10 injects
    /// over 72 hours.
    fn default() -> Self {
        SyntheticSpec {
            operators: 50,
            services_per_operator: 2,
            edges: 200,
            regions: 8,
            injects: 10,
            duration: Minutes::hours(72),
            seed: 1,
        }
    }
}

impl SyntheticSpec {
    /// A large graph for throughput benchmarks: 10,000 operators with 3 services each,
    /// 100,000 edges, 47 regions (as many as Japan's prefectures), 300 injects over 72 h.
    pub fn large() -> SyntheticSpec {
        SyntheticSpec {
            operators: 10_000,
            services_per_operator: 3,
            edges: 100_000,
            regions: 47,
            injects: 300,
            duration: Minutes::hours(72),
            seed: 1,
        }
    }
}

const KINDS: [DependencyKind; 4] = [
    DependencyKind::Physical,
    DependencyKind::Cyber,
    DependencyKind::Geographic,
    DependencyKind::Logical,
];
const CAUSES: [FailureCause; 3] = [
    FailureCause::SystemFailure,
    FailureCause::OperatorError,
    FailureCause::SoftwareDefect,
];
const HAZARDS: [Hazard; 6] = [
    Hazard::Earthquake,
    Hazard::Typhoon,
    Hazard::Flood,
    Hazard::Blackout,
    Hazard::ColdSnap,
    Hazard::Other,
];
const ATTACKS: [AttackKind; 6] = AttackKind::ALL;

/// A uniform index in `0..n` (n > 0), drawn as u64 so the stream does not depend on the
/// platform's pointer width.
fn index(rng: &mut ChaCha8Rng, n: usize) -> usize {
    rng.random_range(0..n as u64) as usize
}

fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[T]) -> T {
    items[index(rng, items.len())]
}

/// Minutes uniformly in `lo..=hi`.
fn minutes(rng: &mut ChaCha8Rng, lo: u64, hi: u64) -> Minutes {
    Minutes(rng.random_range(lo..=hi))
}

/// A recovery distribution of a random variant, with medians between about 1 and 24 hours.
fn recovery(rng: &mut ChaCha8Rng) -> Dist {
    match rng.random_range(0..5u32) {
        0 => Dist::Fixed(minutes(rng, 30, 24 * 60)),
        1 => {
            let min = rng.random_range(30..=12 * 60u64);
            let max = min + rng.random_range(0..=24 * 60u64);
            Dist::Uniform {
                min: Minutes(min),
                max: Minutes(max),
            }
        }
        2 => {
            let min = rng.random_range(30..=6 * 60u64);
            let mode = min + rng.random_range(0..=12 * 60u64);
            let max = mode + rng.random_range(0..=24 * 60u64);
            Dist::Triangular {
                min: Minutes(min),
                mode: Minutes(mode),
                max: Minutes(max),
            }
        }
        3 => Dist::LogNormal {
            median: minutes(rng, 60, 24 * 60),
            sigma: rng.random_range(0.2..=1.2),
        },
        _ => Dist::Exponential {
            mean: minutes(rng, 60, 24 * 60),
        },
    }
}

/// Builds the synthetic scenario `spec` describes. Same spec ⇒ identical scenario.
pub fn synthetic_scenario(spec: &SyntheticSpec) -> Scenario {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let regions = spec.regions.max(1);
    let region_names: Vec<String> = (0..regions).map(|r| format!("region-{r:02}")).collect();

    // Regions: each used about equally often, in shuffled order so that region and sector
    // (assigned round-robin) are not correlated.
    let mut region_of: Vec<usize> = (0..spec.operators).map(|i| i % regions).collect();
    for i in (1..region_of.len()).rev() {
        let j = index(&mut rng, i + 1);
        region_of.swap(i, j);
    }

    let mut b = InfrastructureBuilder::default();
    for (i, &region) in region_of.iter().enumerate() {
        let sector = Sector::ALL[i % Sector::ALL.len()];
        let subs = sector.sub_sectors();
        let sub_sector = (!subs.is_empty()).then(|| pick(&mut rng, subs));
        let key = format!("op-{i:05}");
        let name = format!("Operator {i}");
        let name_ja = format!("事業者{i}");
        let posture = rng.random_range(0.2..=0.9);
        let op = b
            .operator(OperatorSpec {
                key: &key,
                name: &name,
                name_ja: &name_ja,
                sector,
                sub_sector,
                region: &region_names[region],
                posture,
            })
            .expect("generated operator keys are unique");
        for j in 0..spec.services_per_operator {
            let population = rng.random_range(1_000..=2_000_000u64);
            let required = rng.random_range(0.5..=0.95);
            b.service(
                op,
                &format!("{key}/s{j}"),
                &format!("{name} service {j}"),
                population,
                required,
            )
            .expect("generated service keys are unique");
        }
    }

    // Dependencies between services of different operators.
    let spo = spec.services_per_operator;
    let n = spec.operators * spo;
    let possible = n.saturating_mul(n.saturating_sub(spo));
    let wanted = spec.edges.min(possible);
    let pairs: Vec<(usize, usize)> = if wanted * 2 > possible {
        // Dense: enumerate every pair and keep a random subset (partial Fisher–Yates).
        let mut all: Vec<(usize, usize)> = (0..n)
            .flat_map(|p| (0..n).map(move |d| (p, d)))
            .filter(|&(p, d)| p / spo != d / spo)
            .collect();
        for i in 0..wanted {
            let j = i + index(&mut rng, all.len() - i);
            all.swap(i, j);
        }
        all.truncate(wanted);
        all
    } else {
        // Sparse: rejection sampling.
        let mut seen = HashSet::with_capacity(wanted);
        let mut out = Vec::with_capacity(wanted);
        while out.len() < wanted {
            let p = index(&mut rng, n);
            let d = index(&mut rng, n);
            if p / spo != d / spo && seen.insert((p, d)) {
                out.push((p, d));
            }
        }
        out
    };
    for (p, d) in pairs {
        let kind = pick(&mut rng, &KINDS);
        let strength = rng.random_range(0.05..=0.9);
        let tolerance = if rng.random_bool(0.2) {
            Minutes::ZERO
        } else {
            minutes(&mut rng, 1, 48 * 60)
        };
        b.dependency(
            ServiceId(p as u32),
            ServiceId(d as u32),
            kind,
            strength,
            tolerance,
        );
    }
    let infra = b.build();

    // Injects. Only regions that have operators are targeted.
    let mut injects = Vec::with_capacity(spec.injects);
    if infra.services.is_empty() {
        return finish(spec, infra, injects);
    }
    let mut region_services: Vec<Vec<ServiceId>> = vec![Vec::new(); infra.regions.len()];
    for op in &infra.operators {
        region_services[op.region.index()].extend(op.services.iter().copied());
    }
    let targetable_ops: Vec<usize> = infra
        .operators
        .iter()
        .filter(|o| !o.services.is_empty())
        .map(|o| o.id.index())
        .collect();
    for _ in 0..spec.injects {
        let at = Time(if spec.duration.0 == 0 {
            0
        } else {
            rng.random_range(0..spec.duration.0)
        });
        let severity = rng.random_range(0.2..=1.0);
        let recovery = recovery(&mut rng);
        let kind = match rng.random_range(0..3u32) {
            0 => InjectKind::ItFailure {
                cause: pick(&mut rng, &CAUSES),
                severity,
                recovery,
            },
            1 => InjectKind::Disaster {
                hazard: pick(&mut rng, &HAZARDS),
                severity,
                recovery,
            },
            _ => InjectKind::CyberAttack {
                attack: pick(&mut rng, &ATTACKS),
                severity,
                recovery,
            },
        };
        // Targets: mostly single services, some whole operators, a few regions.
        let roll = rng.random_range(0..10u32);
        let target = if roll < 6 {
            Target::Service(infra.services[index(&mut rng, infra.services.len())].id)
        } else if roll < 9 {
            Target::Operator(
                infra.operators[targetable_ops[index(&mut rng, targetable_ops.len())]].id,
            )
        } else {
            Target::Region(RegionId(index(&mut rng, infra.regions.len()) as u32))
        };
        let hits = target.hits(&infra);
        let target_label = target.label(&infra);
        injects.push(Inject {
            key: String::new(),
            trigger: crate::model::InjectTrigger::At(at),
            target,
            target_label,
            hits,
            kind,
        });
    }
    // File order by time reads naturally; the sort is stable, so ties keep draw order.
    injects.sort_by_key(|i| match i.trigger {
        crate::model::InjectTrigger::At(t) => t,
        _ => Time::ZERO,
    });
    for (i, inject) in injects.iter_mut().enumerate() {
        inject.key = format!("inject-{i}");
    }
    finish(spec, infra, injects)
}

fn finish(
    spec: &SyntheticSpec,
    infra: super::infra::Infrastructure,
    injects: Vec<Inject>,
) -> Scenario {
    Scenario {
        name: format!(
            "synthetic-{}x{}-{}e-seed{}",
            spec.operators, spec.services_per_operator, spec.edges, spec.seed
        ),
        name_ja: String::new(),
        description: format!(
            "Synthetic scenario: {} operators, {} services, {} dependencies, {} injects.",
            infra.operators.len(),
            infra.services.len(),
            infra.dependencies.len(),
            injects.len()
        ),
        duration: spec.duration,
        seed: spec.seed,
        infra: Arc::new(infra),
        injects,
        params: Params::default(),
        drill: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything observable about a scenario, as text, for equality checks.
    fn fingerprint(s: &Scenario) -> String {
        let mut out = format!("{} {:?} {:?}\n", s.name, s.duration, s.infra.regions);
        for o in &s.infra.operators {
            out += &format!(
                "{} {:?} {:?} {:?} {} {:?}\n",
                o.key, o.sector, o.sub_sector, o.region, o.posture, o.services
            );
        }
        for v in &s.infra.services {
            out += &format!("{} {} {}\n", v.key, v.population, v.required);
        }
        for d in &s.infra.dependencies {
            out += &format!("{d:?}\n");
        }
        for i in &s.injects {
            out += &format!("{i:?}\n");
        }
        out
    }

    #[test]
    fn same_spec_gives_the_same_scenario() {
        let spec = SyntheticSpec::default();
        let a = synthetic_scenario(&spec);
        let b = synthetic_scenario(&spec);
        assert_eq!(fingerprint(&a), fingerprint(&b));
        let c = synthetic_scenario(&SyntheticSpec { seed: 2, ..spec });
        assert_ne!(fingerprint(&a), fingerprint(&c));
    }

    #[test]
    fn counts_match_the_spec_and_cover_sectors_and_regions() {
        let spec = SyntheticSpec {
            operators: 40,
            services_per_operator: 3,
            edges: 300,
            regions: 7,
            injects: 60,
            ..SyntheticSpec::default()
        };
        let s = synthetic_scenario(&spec);
        let infra = &s.infra;
        assert_eq!(infra.operators.len(), 40);
        assert_eq!(infra.services.len(), 120);
        assert_eq!(infra.dependencies.len(), 300);
        assert_eq!(infra.graph().edge_count(), 300);
        assert_eq!(infra.regions.len(), 7);
        assert_eq!(s.injects.len(), 60);
        for sector in Sector::ALL {
            assert!(
                infra.operators.iter().any(|o| o.sector == sector),
                "{sector:?}"
            );
        }
        for r in 0..7 {
            assert!(infra.operators.iter().any(|o| o.region.index() == r));
        }
        for o in &infra.operators {
            if let Some(sub) = o.sub_sector {
                assert_eq!(sub.sector(), o.sector);
            }
        }
    }

    #[test]
    fn edges_have_no_self_loops_or_duplicates_and_valid_parameters() {
        let small = |edges| SyntheticSpec {
            operators: 4,
            services_per_operator: 2,
            edges,
            ..SyntheticSpec::default()
        };
        for (spec, expected) in [
            (SyntheticSpec::default(), 200),
            // Dense: more edges wanted than half the 8 × 6 possible pairs.
            (small(40), 40),
            // More edges than possible: capped at every pair.
            (small(1_000), 48),
        ] {
            let s = synthetic_scenario(&spec);
            let infra = &s.infra;
            assert_eq!(infra.dependencies.len(), expected);
            let mut seen = HashSet::new();
            for d in &infra.dependencies {
                assert_ne!(
                    infra.service(d.provider).operator,
                    infra.service(d.dependent).operator
                );
                assert!(seen.insert((d.provider, d.dependent)), "duplicate {d:?}");
                assert!((0.05..=0.9).contains(&d.strength), "{d:?}");
                assert!(d.tolerance <= Minutes::hours(48), "{d:?}");
            }
        }
    }

    #[test]
    fn injects_cover_every_kind_and_stay_in_bounds() {
        let spec = SyntheticSpec {
            injects: 200,
            ..SyntheticSpec::default()
        };
        let s = synthetic_scenario(&spec);
        let mut kinds = [false; 3];
        let mut dists = [false; 5];
        let mut targets = [false; 3];
        for (i, inj) in s.injects.iter().enumerate() {
            assert_eq!(inj.key, format!("inject-{i}"));
            assert!(
                matches!(inj.trigger, crate::model::InjectTrigger::At(t) if t < Time(spec.duration.0))
            );
            assert!(!inj.hits.is_empty());
            assert!((0.2..=1.0).contains(&inj.kind.severity()));
            let recovery = inj.kind.recovery().expect("immediate injects");
            assert!(recovery.problems().is_empty());
            kinds[match inj.kind {
                InjectKind::ItFailure { .. } => 0,
                InjectKind::Disaster { .. } => 1,
                InjectKind::CyberAttack { .. } => 2,
                InjectKind::Attack(_) | InjectKind::Narrative { .. } => {
                    unreachable!("the generator makes no staged attacks or narratives")
                }
            }] = true;
            dists[match recovery {
                Dist::Fixed(_) => 0,
                Dist::Uniform { .. } => 1,
                Dist::Triangular { .. } => 2,
                Dist::LogNormal { .. } => 3,
                Dist::Exponential { .. } => 4,
            }] = true;
            let t = &inj.target_label;
            targets[if t.starts_with("service ") {
                0
            } else if t.starts_with("operator ") {
                1
            } else {
                assert!(t.starts_with("region "), "{t}");
                2
            }] = true;
        }
        assert!(kinds.iter().all(|k| *k), "{kinds:?}");
        assert!(dists.iter().all(|k| *k), "{dists:?}");
        assert!(targets.iter().all(|k| *k), "{targets:?}");
        let at = |i: &Inject| match i.trigger {
            crate::model::InjectTrigger::At(t) => t,
            _ => unreachable!("the generator uses fixed times"),
        };
        assert!(s.injects.windows(2).all(|w| at(&w[0]) <= at(&w[1])));
    }

    #[test]
    fn degenerate_specs_do_not_panic() {
        for spec in [
            SyntheticSpec {
                operators: 0,
                ..SyntheticSpec::default()
            },
            SyntheticSpec {
                operators: 1,
                services_per_operator: 1,
                regions: 0,
                ..SyntheticSpec::default()
            },
            SyntheticSpec {
                services_per_operator: 0,
                ..SyntheticSpec::default()
            },
            SyntheticSpec {
                operators: 3,
                regions: 10,
                duration: Minutes::ZERO,
                ..SyntheticSpec::default()
            },
        ] {
            let s = synthetic_scenario(&spec);
            assert!(s.infra.dependencies.is_empty() || spec.operators > 1);
        }
    }
}
