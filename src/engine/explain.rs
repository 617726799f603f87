//! `rensa explain` by hand: what the documented rules (docs/MODEL.md, docs/ATTACKS.md) say
//! an inject or a service will do, computed from the rules' formulas instead of by running
//! the engine. `tests/it/tools_explain.rs` holds these numbers against real runs.
//!
//! Typed data only: `present::explain` words it.

use crate::model::{
    AttackSpec, DependencyKind, Dist, Infrastructure, Inject, InjectKind, InjectTrigger, Minutes,
    OperatorId, Scenario, Sector, ServiceId, StageEffect, SystemKind,
};
use std::collections::BTreeSet;

/// A service is in IT failure below its required level by more than this (docs/MODEL.md).
const EPS: f64 = 1e-9;

/// The mean of a duration distribution, in minutes.
pub fn mean(d: &Dist) -> f64 {
    match *d {
        Dist::Fixed(m) => m.0 as f64,
        Dist::Uniform { min, max } => (min.0 as f64 + max.0 as f64) / 2.0,
        Dist::Triangular { min, mode, max } => (min.0 + mode.0 + max.0) as f64 / 3.0,
        Dist::LogNormal { median, sigma } => median.0 as f64 * libm::exp(sigma * sigma / 2.0),
        Dist::Exponential { mean } => mean.0 as f64,
    }
}

/// The standard normal density.
fn phi(z: f64) -> f64 {
    libm::exp(-z * z / 2.0) / libm::sqrt(2.0 * std::f64::consts::PI)
}

/// `E[f(D)]` for a duration `D` drawn from `d`, by the distribution's form (the uniform as
/// the whole minutes it draws; the others continuous, integrated numerically in a fixed
/// number of steps so the result is the same on every machine).
fn expect(d: &Dist, f: impl Fn(f64) -> f64) -> f64 {
    const STEPS: usize = 4000;
    match *d {
        Dist::Fixed(m) => f(m.0 as f64),
        Dist::Uniform { min, max } => {
            let (lo, hi) = (min.0.min(max.0), min.0.max(max.0));
            let n = (hi - lo + 1) as f64;
            (lo..=hi).map(|k| f(k as f64)).sum::<f64>() / n
        }
        Dist::Triangular { min, mode, max } => {
            let (a, c, b) = (min.0 as f64, mode.0 as f64, max.0 as f64);
            if b <= a {
                return f(a);
            }
            // The inverse CDF at the midpoints of STEPS equal slices of [0, 1].
            let fc = (c - a) / (b - a);
            (0..STEPS)
                .map(|i| {
                    let u = (i as f64 + 0.5) / STEPS as f64;
                    let x = if u < fc {
                        a + libm::sqrt(u * (b - a) * (c - a))
                    } else {
                        b - libm::sqrt((1.0 - u) * (b - a) * (b - c))
                    };
                    f(x)
                })
                .sum::<f64>()
                / STEPS as f64
        }
        Dist::LogNormal { median, sigma } => {
            // Midpoint rule over z in [−8, 8].
            let h = 16.0 / STEPS as f64;
            (0..STEPS)
                .map(|i| {
                    let z = -8.0 + (i as f64 + 0.5) * h;
                    phi(z) * f(median.0 as f64 * libm::exp(sigma.max(0.0) * z)) * h
                })
                .sum()
        }
        Dist::Exponential { mean } => {
            let m = mean.0 as f64;
            if m <= 0.0 {
                return f(0.0);
            }
            (0..STEPS)
                .map(|i| {
                    let u = (i as f64 + 0.5) / STEPS as f64;
                    f(-m * libm::log(1.0 - u))
                })
                .sum::<f64>()
                / STEPS as f64
        }
    }
}

/// The chance that no detection happens during a stage of duration `d` at hazard `rate`
/// per minute: `E[exp(−rate × D)]`.
pub fn undetected(d: &Dist, rate: f64) -> f64 {
    if rate <= 0.0 {
        return 1.0;
    }
    match *d {
        // Exact forms where there is one.
        Dist::Fixed(m) => libm::exp(-rate * m.0 as f64),
        Dist::Exponential { mean } => 1.0 / (1.0 + rate * mean.0 as f64),
        _ => expect(d, |x| libm::exp(-rate * x)),
    }
}

/// The chance that a duration drawn from `d` is longer than `m` minutes.
pub fn longer_than(d: &Dist, m: Minutes) -> f64 {
    let t = m.0 as f64;
    match *d {
        Dist::Exponential { mean } if mean.0 > 0 => libm::exp(-t / mean.0 as f64),
        _ => expect(d, |x| if x > t { 1.0 } else { 0.0 }),
    }
}

/// The detection hazard per minute of a stage with detection chance `p` per hour at an
/// operator of `posture`, without alerts or signatures (docs/ATTACKS.md).
pub fn hazard(p: f64, posture: f64) -> f64 {
    if p <= 0.0 {
        return 0.0;
    }
    -libm::log(1.0 - p.min(1.0 - 1e-12)) / 60.0 * (0.5 + posture)
}

/// One stage of an attack, with its odds and mean times.
#[derive(Debug, Clone, PartialEq)]
pub struct StageRow {
    /// The stage's place (0 first).
    pub index: usize,
    /// Its name.
    pub name: String,
    /// Its chance.
    pub chance: f64,
    /// The chance every stage up to this one passes its chance.
    pub reached: f64,
    /// Mean minutes from the attack reaching an operator to this stage's start.
    pub starts_mean: f64,
    /// Its mean duration, in minutes.
    pub mean: f64,
    /// Its detection chance per hour (posture 0.5, no alerts).
    pub detection: f64,
    /// Its effect.
    pub effect: StageEffect,
}

/// How an attack fares at one operator it reaches.
#[derive(Debug, Clone, PartialEq)]
pub struct OperatorOdds {
    /// The operator.
    pub operator: OperatorId,
    /// Its posture.
    pub posture: f64,
    /// True for an operator the inject's target names; false for one only spread reaches.
    pub targeted: bool,
    /// The chance it detects the attack before the impact (which contains it there).
    pub detect_before_impact: f64,
    /// The chance a stage fails its chance before the impact, undetected.
    pub fizzles: f64,
    /// The chance the impact lands (undetected until then, every chance passed).
    pub impact: f64,
    /// The services the impact hits and the capacity each loses.
    pub losses: Vec<(ServiceId, f64)>,
}

/// An operator spread can reach, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct SpreadRow {
    /// The operator reached.
    pub operator: OperatorId,
    /// From which operator (the first found, breadth first).
    pub from: OperatorId,
    /// Hops from a targeted operator.
    pub hops: u32,
    /// The chance along that path: at each hop, the spread stage completing undetected at
    /// the sender times the spread's chance. A lower bound when several paths lead there.
    pub chance: f64,
    /// Mean minutes from the attack reaching the targeted operator to its arrival here
    /// along that path.
    pub arrives_mean: f64,
}

/// A buffer an immediate loss starts: what happens to one dependent.
#[derive(Debug, Clone, PartialEq)]
pub struct BufferRow {
    /// The dependent service.
    pub dependent: ServiceId,
    /// The edge's strength.
    pub strength: f64,
    /// The edge's tolerance.
    pub tolerance: Minutes,
    /// The chance the repair outlasts the buffer (so the loss arrives), without slowdown.
    pub outlasted: f64,
    /// The dependent's level once the loss arrives (this loss alone).
    pub lands_on: f64,
    /// Whether that is an IT failure.
    pub fails: bool,
}

/// A service an immediate inject hits.
#[derive(Debug, Clone, PartialEq)]
pub struct HitRow {
    /// The service.
    pub service: ServiceId,
    /// The capacity it loses.
    pub loss: f64,
    /// Its level then (this loss alone).
    pub level: f64,
    /// Whether that is an IT failure.
    pub fails: bool,
    /// The buffers of its dependents, when it fails.
    pub buffers: Vec<BufferRow>,
}

/// What an inject does, by the rules.
#[derive(Debug, Clone, PartialEq)]
pub enum Course {
    /// An IT failure, disaster or impact-only attack: losses at once.
    Immediate {
        /// The repair distribution.
        recovery: Dist,
        /// The services hit.
        hits: Vec<HitRow>,
    },
    /// A staged attack.
    Staged {
        /// Its stages.
        stages: Vec<StageRow>,
        /// The systems it travels through.
        systems: Option<SystemKind>,
        /// The operators the target names.
        operators: Vec<OperatorOdds>,
        /// Who spread can reach beyond them.
        spread: Vec<SpreadRow>,
        /// The odds at the operators only spread reaches (if it gets there).
        spread_odds: Vec<OperatorOdds>,
    },
}

/// An inject explained.
#[derive(Debug, Clone, PartialEq)]
pub struct InjectCourse {
    /// The inject's index in the scenario.
    pub inject: usize,
    /// Its fixed firing time, if it has one (`at`, or `after` a chain of those).
    pub fires_at: Option<Minutes>,
    /// What it does.
    pub course: Course,
}

/// The fixed time inject `k` fires at, following `after` chains; `None` for a condition.
pub fn fixed_time(injects: &[Inject], k: usize) -> Option<Minutes> {
    match chain_root(injects, k)? {
        (InjectTrigger::At(t), delays) => Some(Minutes(t.0 + delays)),
        _ => None,
    }
}

/// True when inject `k` waits, directly or through an `after` chain, for a reserve inject
/// that only exercise control fires (`manual: true`).
pub fn waits_for_control(injects: &[Inject], k: usize) -> bool {
    matches!(chain_root(injects, k), Some((InjectTrigger::Manual, _)))
}

/// The trigger at the root of inject `k`'s `after` chain (the first that is not an
/// `after`) and the sum of the delays on the way; `None` for a chain that leaves the list
/// or loops (validation refuses both; the bound keeps a damaged list from spinning).
fn chain_root(injects: &[Inject], k: usize) -> Option<(&InjectTrigger, u64)> {
    let mut k = k;
    let mut delays = 0;
    for _ in 0..=injects.len() {
        match &injects.get(k)?.trigger {
            InjectTrigger::After { inject, delay } => {
                delays += delay.0;
                k = *inject;
            }
            root => return Some((root, delays)),
        }
    }
    None
}

/// The level of a service of capacity `c` and dependency factor 1, and whether it fails.
fn level_of(infra: &Infrastructure, s: ServiceId, level: f64) -> bool {
    level < infra.service(s).required - EPS
}

/// The systems an attack travels through, as the engine finds them (the template's, or
/// the system's kind for a system target).
fn attack_systems(
    inject: &Inject,
    spec: &AttackSpec,
    infra: &Infrastructure,
) -> Option<SystemKind> {
    match inject.target {
        crate::model::Target::System(y) => Some(infra.system(y).kind),
        _ => spec.systems,
    }
}

/// The share of a service an attack through `kind` systems is exposed to (docs/ATTACKS.md).
fn exposure(infra: &Infrastructure, s: ServiceId, kind: Option<SystemKind>) -> f64 {
    match kind {
        Some(kind) if !infra.service(s).systems.is_empty() => infra.system_share(s, kind),
        _ => 1.0,
    }
}

/// Operators linked to `o` by a dependency of one of the `via` kinds, either way.
fn neighbours(infra: &Infrastructure, o: OperatorId, via: &[DependencyKind]) -> Vec<OperatorId> {
    let mut out = BTreeSet::new();
    for s in &infra.operator(o).services {
        for d in infra.dependents_of(*s).chain(infra.providers_of(*s)) {
            if via.contains(&d.kind) {
                for x in [d.provider, d.dependent] {
                    let other = infra.service(x).operator;
                    if other != o {
                        out.insert(other);
                    }
                }
            }
        }
    }
    out.into_iter().collect()
}

fn impact_loss(spec: &AttackSpec) -> f64 {
    spec.stages
        .iter()
        .find_map(|s| match &s.effect {
            StageEffect::Impact { severity, .. } => Some(*severity),
            _ => None,
        })
        .unwrap_or(0.0)
}

/// The odds at one operator: detection before the impact, a failed chance, the impact.
fn odds(
    infra: &Infrastructure,
    spec: &AttackSpec,
    o: OperatorId,
    targeted: bool,
    losses: Vec<(ServiceId, f64)>,
) -> OperatorOdds {
    let posture = infra.operator(o).posture;
    let last = spec
        .impact_stage()
        .unwrap_or(spec.stages.len().saturating_sub(1));
    let (mut alive, mut detect, mut fizzle) = (1.0, 0.0, 0.0);
    for s in spec.stages.iter().take(last + 1) {
        // The chance is rolled as the stage starts; while it runs, detection contains it.
        fizzle += alive * (1.0 - s.chance);
        alive *= s.chance;
        let quiet = undetected(&s.duration, hazard(s.detection, posture));
        detect += alive * (1.0 - quiet);
        alive *= quiet;
    }
    OperatorOdds {
        operator: o,
        posture,
        targeted,
        detect_before_impact: detect,
        fizzles: fizzle,
        impact: if spec.impact_stage().is_some() {
            alive
        } else {
            0.0
        },
        losses,
    }
}

/// Explains inject `k` of `scenario` by the rules.
pub fn inject(scenario: &Scenario, k: usize) -> InjectCourse {
    let infra = &scenario.infra;
    let inject = &scenario.injects[k];
    let course = match &inject.kind {
        InjectKind::Attack(spec) => staged(infra, inject, spec),
        kind => {
            let recovery = kind.recovery().cloned().unwrap_or(Dist::Fixed(Minutes(0)));
            let hits = inject
                .hits
                .iter()
                .map(|(s, fraction)| {
                    let loss = kind.severity() * fraction;
                    let level = 1.0 - loss;
                    let fails = level_of(infra, *s, level);
                    let buffers = if fails {
                        infra
                            .dependents_of(*s)
                            .map(|e| {
                                let lands_on = 1.0 - e.strength;
                                BufferRow {
                                    dependent: e.dependent,
                                    strength: e.strength,
                                    tolerance: e.tolerance,
                                    outlasted: longer_than(&recovery, e.tolerance),
                                    lands_on,
                                    fails: level_of(infra, e.dependent, lands_on),
                                }
                            })
                            .collect()
                    } else {
                        Vec::new()
                    };
                    HitRow {
                        service: *s,
                        loss,
                        level,
                        fails,
                        buffers,
                    }
                })
                .collect();
            Course::Immediate { recovery, hits }
        }
    };
    InjectCourse {
        inject: k,
        fires_at: fixed_time(&scenario.injects, k),
        course,
    }
}

fn staged(infra: &Infrastructure, inject: &Inject, spec: &AttackSpec) -> Course {
    let mut stages = Vec::new();
    let (mut reached, mut start) = (1.0, 0.0);
    for (i, s) in spec.stages.iter().enumerate() {
        reached *= s.chance;
        stages.push(StageRow {
            index: i,
            name: s.name.clone(),
            chance: s.chance,
            reached,
            starts_mean: start,
            mean: mean(&s.duration),
            detection: s.detection,
            effect: s.effect.clone(),
        });
        start += mean(&s.duration);
    }
    let systems = attack_systems(inject, spec, infra);
    let severity = impact_loss(spec);
    // The operators the target names, with the services hit at each (as the engine
    // groups them), each exposed by its systems (or the system's share).
    let mut targeted: Vec<(OperatorId, Vec<(ServiceId, f64)>)> = Vec::new();
    for (s, fraction) in &inject.hits {
        let x = match inject.target {
            crate::model::Target::System(_) => *fraction,
            _ => exposure(infra, *s, systems),
        };
        let o = infra.service(*s).operator;
        match targeted.iter_mut().find(|(p, _)| *p == o) {
            Some((_, list)) => list.push((*s, severity * x)),
            None => targeted.push((o, vec![(*s, severity * x)])),
        }
    }
    targeted.sort_by_key(|(o, _)| *o);
    let operators: Vec<OperatorOdds> = targeted
        .iter()
        .map(|(o, losses)| odds(infra, spec, *o, true, losses.clone()))
        .collect();
    // Spread: breadth first over the spread stage's neighbours, from the targeted.
    let spread_stage = spec
        .stages
        .iter()
        .position(|s| matches!(s.effect, StageEffect::Spread { .. }));
    let mut spread = Vec::new();
    let mut spread_odds = Vec::new();
    if let Some(k) = spread_stage
        && let StageEffect::Spread {
            chance,
            via,
            within,
            delay,
        } = &spec.stages[k].effect
    {
        // The chance the spread stage completes undetected at an operator.
        let completes = |o: OperatorId| {
            let posture = infra.operator(o).posture;
            spec.stages.iter().take(k + 1).fold(1.0, |p, s| {
                p * s.chance * undetected(&s.duration, hazard(s.detection, posture))
            })
        };
        let to_spread_end: f64 = spec
            .stages
            .iter()
            .take(k + 1)
            .map(|s| mean(&s.duration))
            .sum();
        let mut seen: BTreeSet<OperatorId> = targeted.iter().map(|(o, _)| *o).collect();
        let mut frontier: Vec<(OperatorId, f64, f64, u32)> =
            targeted.iter().map(|(o, _)| (*o, 1.0, 0.0, 0)).collect();
        while !frontier.is_empty() {
            let mut next = Vec::new();
            for (o, p, t, hops) in frontier {
                for n in neighbours(infra, o, via) {
                    if !within.is_empty() && !within.contains(&infra.operator(n).sector) {
                        continue;
                    }
                    if !seen.insert(n) {
                        continue;
                    }
                    let row = SpreadRow {
                        operator: n,
                        from: o,
                        hops: hops + 1,
                        chance: p * completes(o) * chance,
                        arrives_mean: t + to_spread_end + mean(delay),
                    };
                    next.push((n, row.chance, row.arrives_mean, hops + 1));
                    spread.push(row);
                }
            }
            frontier = next;
        }
        for row in &spread {
            let losses = infra
                .operator(row.operator)
                .services
                .iter()
                .map(|s| (*s, severity * exposure(infra, *s, systems)))
                .collect();
            spread_odds.push(odds(infra, spec, row.operator, false, losses));
        }
    }
    Course::Staged {
        stages,
        systems,
        operators,
        spread,
        spread_odds,
    }
}

/// A dependency seen from a service.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeRow {
    /// The service at the other end.
    pub other: ServiceId,
    /// Its kind.
    pub kind: DependencyKind,
    /// Its strength.
    pub strength: f64,
    /// Its tolerance.
    pub tolerance: Minutes,
    /// The level the dependent lands on when this loss alone arrives, and whether that is
    /// an IT failure.
    pub lands_on: f64,
    /// Whether that is an IT failure.
    pub fails: bool,
}

/// One service the failure of another reaches.
#[derive(Debug, Clone, PartialEq)]
pub struct Reached {
    /// The service.
    pub service: ServiceId,
    /// Its sector.
    pub sector: Sector,
    /// When the first loss arrives, after the failure.
    pub first_loss: Minutes,
    /// When it falls into IT failure, if it does.
    pub fails_at: Option<Minutes>,
    /// Its level once every loss has arrived.
    pub level: f64,
    /// The service whose buffer ran out first to reach it.
    pub via: ServiceId,
}

/// A service explained.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceCourse {
    /// The service.
    pub service: ServiceId,
    /// What it depends on.
    pub providers: Vec<EdgeRow>,
    /// What depends on it.
    pub dependents: Vec<EdgeRow>,
    /// If it fails and stays failed: every service the loss reaches, in the order reached.
    pub cascade: Vec<Reached>,
    /// The scenario's injects that hit it: index, fixed time, capacity lost.
    pub hit_by: Vec<(usize, Option<Minutes>, f64)>,
}

/// Explains service `s` of `scenario` by the rules.
pub fn service(scenario: &Scenario, s: ServiceId) -> ServiceCourse {
    let infra = &scenario.infra;
    let row = |other: ServiceId, dependent: ServiceId, e: &crate::model::Dependency| {
        let lands_on = 1.0 - e.strength;
        EdgeRow {
            other,
            kind: e.kind,
            strength: e.strength,
            tolerance: e.tolerance,
            lands_on,
            fails: level_of(infra, dependent, lands_on),
        }
    };
    let providers = infra
        .providers_of(s)
        .map(|e| row(e.provider, s, e))
        .collect();
    let dependents = infra
        .dependents_of(s)
        .map(|e| row(e.dependent, e.dependent, e))
        .collect();
    let hit_by = scenario
        .injects
        .iter()
        .enumerate()
        .filter_map(|(k, i)| {
            let fraction = i.hits.iter().find(|(x, _)| *x == s)?.1;
            let loss = match &i.kind {
                InjectKind::Attack(spec) => impact_loss(spec) * fraction,
                kind => kind.severity() * fraction,
            };
            Some((k, fixed_time(&scenario.injects, k), loss))
        })
        .collect();
    ServiceCourse {
        service: s,
        providers,
        dependents,
        cascade: cascade(infra, s),
        hit_by,
    }
}

/// The least fixed point of docs/MODEL.md for one service failing at T+0 and staying
/// failed (nothing of it passes on), nothing else happening: buffers run out in time
/// order; a delivering edge takes `w × (1 − P)` off its dependent, `P` the provider's
/// pass-through level (its capacity times the factors of its delivering edges from
/// services strictly earlier in the fail order); a dependent that falls below its required
/// level takes the next place and starts its own buffers (those without a buffer deliver
/// in the next round of the same minute). Buffers running out in the same minute are
/// taken as one round.
pub fn cascade(infra: &Infrastructure, origin: ServiceId) -> Vec<Reached> {
    let n = infra.services.len();
    // The fail order: (minute, round); the origin first.
    let mut place: Vec<Option<(u64, u32)>> = vec![None; n];
    let mut first: Vec<Option<(u64, ServiceId)>> = vec![None; n];
    let mut delivering: Vec<crate::model::EdgeId> = Vec::new();
    let mut queue: BTreeSet<(u64, u32)> = BTreeSet::new();
    place[origin.index()] = Some((0, 0));
    for e in infra.dependents_of(origin) {
        queue.insert((e.tolerance.0, e.id.0));
    }
    let mut order = Vec::new();
    let mut level = vec![1.0f64; n];
    while let Some(&(t, _)) = queue.first() {
        let mut round = 1;
        loop {
            // This round's edges: the buffers that ran out at t (and, from round 2, the
            // buffer-less edges of the round before's failures, queued at t).
            let mut any = false;
            while let Some(&(at, edge)) = queue.first() {
                if at != t {
                    break;
                }
                queue.pop_first();
                let e = infra.dependency(crate::model::EdgeId(edge));
                if e.dependent == origin {
                    continue;
                }
                any = true;
                delivering.push(e.id);
                let d = e.dependent;
                if first[d.index()].is_none() {
                    first[d.index()] = Some((t, e.provider));
                    order.push(d);
                }
            }
            if !any {
                break;
            }
            level = levels(infra, origin, &place, &delivering);
            let mut fell = false;
            for &d in &order {
                if place[d.index()].is_none() && level_of(infra, d, level[d.index()]) {
                    place[d.index()] = Some((t, round));
                    fell = true;
                    for out in infra.dependents_of(d) {
                        queue.insert((t + out.tolerance.0, out.id.0));
                    }
                }
            }
            if !fell {
                break;
            }
            round += 1;
        }
    }
    order
        .into_iter()
        .map(|d| {
            let (t, via) = first[d.index()].expect("reached");
            Reached {
                service: d,
                sector: infra.sector_of(d),
                first_loss: Minutes(t),
                fails_at: place[d.index()].map(|(t, _)| Minutes(t)),
                level: level[d.index()],
                via,
            }
        })
        .collect()
}

/// Every service's level under the delivering edges: pass-through levels `P` in place
/// order (the origin passes nothing on), then each level as the product of its delivering
/// edges' factors `1 − w × (1 − P)`.
fn levels(
    infra: &Infrastructure,
    origin: ServiceId,
    place: &[Option<(u64, u32)>],
    delivering: &[crate::model::EdgeId],
) -> Vec<f64> {
    let n = infra.services.len();
    let mut into: Vec<Vec<crate::model::EdgeId>> = vec![Vec::new(); n];
    for &e in delivering {
        into[infra.dependency(e).dependent.index()].push(e);
    }
    let mut placed: Vec<ServiceId> = (0..n)
        .map(|i| ServiceId(i as u32))
        .filter(|s| place[s.index()].is_some())
        .collect();
    placed.sort_by_key(|s| (place[s.index()], s.0));
    let mut pass = vec![1.0f64; n];
    for &s in &placed {
        pass[s.index()] = if s == origin {
            0.0
        } else {
            let here = place[s.index()];
            into[s.index()]
                .iter()
                .map(|&e| infra.dependency(e))
                .filter(|e| place[e.provider.index()] < here)
                .map(|e| 1.0 - e.strength * (1.0 - pass[e.provider.index()]))
                .product()
        };
    }
    (0..n)
        .map(|i| {
            into[i]
                .iter()
                .map(|&e| infra.dependency(e))
                .map(|e| 1.0 - e.strength * (1.0 - pass[e.provider.index()]))
                .product()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_and_numeric_transforms_agree() {
        // An exponential duration of mean 60 at hazard 1/60: 1 / (1 + 1) = 0.5.
        let exp = Dist::Exponential { mean: Minutes(60) };
        assert!((undetected(&exp, 1.0 / 60.0) - 0.5).abs() < 1e-12);
        assert!((expect(&exp, |x| libm::exp(-x / 60.0)) - 0.5).abs() < 1e-3);
        // A fixed hour at the same hazard: e^−1.
        let fixed = Dist::Fixed(Minutes(60));
        assert!((undetected(&fixed, 1.0 / 60.0) - libm::exp(-1.0)).abs() < 1e-12);
        // A uniform over whole minutes 0..=2 is longer than 1 minute one time in three.
        let u = Dist::Uniform {
            min: Minutes(0),
            max: Minutes(2),
        };
        assert!((longer_than(&u, Minutes(1)) - 1.0 / 3.0).abs() < 1e-12);
        // The log-normal's median halves it.
        let ln = Dist::LogNormal {
            median: Minutes(300),
            sigma: 0.5,
        };
        assert!((longer_than(&ln, Minutes(300)) - 0.5).abs() < 1e-3);
        assert!((mean(&ln) - 300.0 * libm::exp(0.125)).abs() < 1e-9);
    }
}
