//! Staged attacks: reaching operators, running stages, spreading, and detection.
//!
//! Detection uses a hazard threshold: when an attack reaches an operator a unit-exponential
//! threshold `E` is drawn once from the stream of (incident, operator); detection happens
//! when the accumulated hazard `∫ λ(t) dt` reaches `E`. The hazard of a stage with
//! detection chance `p` per hour is `λ = −ln(1 − p) / 60` per minute, times
//! `(0.5 + posture)`, times the alert and signature boosts when they apply. Raising `λ`
//! (an alert arrives) therefore always brings detection earlier for the same seed — the
//! measurable value of shared warnings.

use super::rng::Purpose;
use super::state::{Compromise, CompromiseState, IncidentId};
use super::timeline::{BlockReason, Happening};
use super::{Engine, Event};
use crate::model::dist::{chance, unit_exponential};
use crate::model::{
    AttackKind, AttackSpec, InjectKind, Minutes, OperatorId, ServiceId, StageEffect, SystemKind,
    Target,
};
use bevy_ecs::prelude::*;
use std::collections::BTreeSet;

/// Stream keys of impact recoveries are offset so they never collide with an inject's.
const IMPACT_KEY: u64 = 1 << 32;

impl Engine {
    /// The attack of inject `i`, if it is a staged attack.
    pub(crate) fn attack_spec(&self, i: usize) -> Option<AttackSpec> {
        match &self.inject(i).kind {
            InjectKind::Attack(spec) => Some(spec.clone()),
            _ => None,
        }
    }

    /// The kind of systems the attack of inject `i` travels through: the targeted
    /// system's kind when it is aimed at one IT system, else its own kind's.
    pub(crate) fn attack_systems(&self, i: usize) -> Option<SystemKind> {
        match self.inject(i).target {
            Target::System(y) => Some(self.infra.system(y).kind),
            _ => self.attack_spec(i).and_then(|s| s.systems),
        }
    }

    fn compromise(&self, c: Entity) -> Option<&Compromise> {
        self.world.ecs.get::<Compromise>(c)
    }

    /// Starts an attack at every operator its hits belong to, in order of first hit.
    /// An attack aimed at one IT system hits that system's share of its service; aimed at
    /// anything larger, it hits each service's systems of the attack's kind.
    pub(super) fn launch_attack(&mut self, id: IncidentId, inject: usize) {
        let target = self.inject(inject).target;
        let hits = self.inject(inject).hits.clone();
        let mut by_operator: Vec<(OperatorId, Vec<(ServiceId, f64)>)> = Vec::new();
        for (s, share) in hits {
            let exposure = match target {
                Target::System(_) => share,
                _ => self.exposure(s, self.attack_systems(inject)),
            };
            let o = self.infra.service(s).operator;
            match by_operator.iter_mut().find(|(x, _)| *x == o) {
                Some((_, list)) => list.push((s, exposure)),
                None => by_operator.push((o, vec![(s, exposure)])),
            }
        }
        self.world.launching = Some(id);
        for (o, exposure) in by_operator {
            self.reach(id, inject, o, exposure);
        }
        self.world.launching = None;
    }

    /// The attack of incident `id` reaches operator `o`, where it can hit `exposure`.
    fn reach(
        &mut self,
        id: IncidentId,
        inject: usize,
        o: OperatorId,
        exposure: Vec<(ServiceId, f64)>,
    ) {
        if self.attack_spec(inject).is_none() {
            return;
        }
        if let Some(kind) = self.attack_systems(inject)
            && self.operator_state(o).is_isolated(kind)
        {
            self.log(Happening::AttackBlocked {
                incident: id,
                operator: o,
                reason: BlockReason::Isolated { systems: kind },
            });
            return;
        }
        self.incident_mut(id).reached.insert(o);
        self.log(Happening::AttackReached {
            incident: id,
            operator: o,
        });
        let mut rng = self
            .streams
            .stream(Purpose::Detection, &[self.incident_key(id), o.0 as u64]);
        let threshold = unit_exponential(&mut rng);
        let c = self
            .world
            .ecs
            .spawn(Compromise {
                incident: id,
                inject,
                operator: o,
                exposure,
                stage: 0,
                generation: 0,
                state: CompromiseState::Running,
                impacted: false,
                detected: None,
                threshold,
                hazard: 0.0,
                hazard_rate: 0.0,
                hazard_at: self.clock.now,
                detection_generation: 0,
            })
            .id();
        self.operator_state_mut(o).compromises.push(c);
        self.start_stage(c, 0);
    }

    /// Rolls stage `k`'s chance and, if it passes, schedules its completion.
    fn start_stage(&mut self, c: Entity, k: usize) {
        let Some(comp) = self.compromise(c).cloned() else {
            return;
        };
        let Some(spec) = self.attack_spec(comp.inject) else {
            return;
        };
        let Some(stage) = spec.stages.get(k) else {
            self.set_compromise_state(c, CompromiseState::Completed);
            return;
        };
        let mut rng = self.streams.stream(
            Purpose::AttackStage,
            &[
                self.incident_key(comp.incident),
                comp.operator.0 as u64,
                k as u64,
            ],
        );
        if !chance(&mut rng, stage.chance) {
            self.log(Happening::StageFailed {
                incident: comp.incident,
                operator: comp.operator,
                stage: k,
                chance: stage.chance,
            });
            self.set_compromise_state(c, CompromiseState::Failed);
            return;
        }
        let until = self.clock.now.after(stage.duration.sample(&mut rng));
        let generation = {
            let mut m = self.world.ecs.get_mut::<Compromise>(c).expect("exists");
            m.stage = k;
            m.generation += 1;
            m.generation
        };
        self.clock.queue.push(
            until,
            Event::PHASE_ATTACK,
            Event::StageComplete {
                compromise: c,
                generation,
            },
        );
        self.log(Happening::StageStarted {
            incident: comp.incident,
            operator: comp.operator,
            stage: k,
            until,
        });
        self.rerate_detection(c);
    }

    fn set_compromise_state(&mut self, c: Entity, state: CompromiseState) {
        let Some(incident) = self.compromise(c).map(|m| m.incident) else {
            return;
        };
        if let Some(mut m) = self.world.ecs.get_mut::<Compromise>(c) {
            m.state = state;
            m.generation += 1;
        }
        self.rerate_detection(c);
        self.check_resolved(incident);
    }

    /// A stage completes: apply its effect, then start the next. False if stale.
    pub(super) fn complete_stage(&mut self, c: Entity, generation: u32) -> bool {
        let Some(comp) = self.compromise(c).cloned() else {
            return false;
        };
        if comp.generation != generation || comp.state != CompromiseState::Running {
            return false;
        }
        let Some(spec) = self.attack_spec(comp.inject) else {
            return false;
        };
        let k = comp.stage;
        let (id, o) = (comp.incident, comp.operator);
        self.log(Happening::StageCompleted {
            incident: id,
            operator: o,
            stage: k,
        });
        match &spec.stages[k].effect {
            StageEffect::Foothold => {}
            StageEffect::Spread {
                chance: p,
                via,
                within,
                delay,
            } => {
                for n in self.neighbours(o, via) {
                    let sector = self.infra.operator(n).sector;
                    if !within.is_empty() && !within.contains(&sector) {
                        continue;
                    }
                    let inc = self.incident(id);
                    if inc.reached.contains(&n) || inc.spreading_to.contains(&n) {
                        continue;
                    }
                    let mut rng = self.streams.stream(
                        Purpose::Spread,
                        &[self.incident_key(id), o.0 as u64, n.0 as u64],
                    );
                    let arrives =
                        chance(&mut rng, *p).then(|| self.clock.now.after(delay.sample(&mut rng)));
                    if let Some(at) = arrives {
                        self.incident_mut(id).spreading_to.insert(n);
                        self.clock.queue.push(
                            at,
                            Event::PHASE_ATTACK,
                            Event::SpreadArrives {
                                incident: id,
                                from: o,
                                to: n,
                            },
                        );
                    }
                    self.log(Happening::SpreadAttempt {
                        incident: id,
                        from: o,
                        to: n,
                        arrives,
                    });
                }
            }
            StageEffect::Impact {
                severity,
                recovery,
                data_loss,
            } => {
                let hits: Vec<(ServiceId, f64)> = comp
                    .exposure
                    .iter()
                    .map(|(s, x)| (*s, severity * x))
                    .filter(|(_, sev)| *sev > 0.0)
                    .collect();
                if hits.is_empty() {
                    self.log(Happening::AttackBlocked {
                        incident: id,
                        operator: o,
                        reason: BlockReason::NoExposedSystems {
                            systems: self.attack_systems(comp.inject),
                        },
                    });
                }
                if let Some(mut m) = self.world.ecs.get_mut::<Compromise>(c) {
                    m.impacted = true;
                }
                self.impair(id, &hits, Some(recovery), *data_loss, IMPACT_KEY + k as u64);
                if comp.detected.is_none() {
                    // Impact is visible: the operator sees it at once.
                    self.mark_detected(c);
                }
            }
        }
        if self.compromise(c).map(|m| m.state) == Some(CompromiseState::Running) {
            self.start_stage(c, k + 1);
        }
        true
    }

    /// Fraction of a service exposed to an attack travelling through `kind` systems: the
    /// summed share of its systems of that kind (capped at 1); a service that lists no
    /// systems at all is exposed whole.
    fn exposure(&self, s: ServiceId, kind: Option<SystemKind>) -> f64 {
        match kind {
            Some(kind) if !self.infra.service(s).systems.is_empty() => {
                self.infra.system_share(s, kind)
            }
            _ => 1.0,
        }
    }

    /// Operators linked to `o` by a dependency of one of the `via` kinds, either way.
    fn neighbours(
        &self,
        o: OperatorId,
        via: &[crate::model::DependencyKind],
    ) -> BTreeSet<OperatorId> {
        let mut out = BTreeSet::new();
        for s in &self.infra.operator(o).services {
            for d in self
                .infra
                .dependents_of(*s)
                .chain(self.infra.providers_of(*s))
            {
                if via.contains(&d.kind) {
                    for x in [d.provider, d.dependent] {
                        let other = self.infra.service(x).operator;
                        if other != o {
                            out.insert(other);
                        }
                    }
                }
            }
        }
        out
    }

    /// A spreading attack arrives at `to`.
    pub(super) fn spread_arrives(&mut self, id: IncidentId, to: OperatorId) {
        self.incident_mut(id).spreading_to.remove(&to);
        let inject = self.incident(id).inject;
        let kind = self.attack_systems(inject);
        let exposure = self
            .infra
            .operator(to)
            .services
            .iter()
            .map(|s| (*s, self.exposure(*s, kind)))
            .collect();
        self.reach(id, inject, to, exposure);
        self.check_resolved(id);
    }

    /// The detection timer of a compromise fired. False if stale.
    pub(super) fn detect(&mut self, c: Entity, generation: u32) -> bool {
        let Some(comp) = self.compromise(c) else {
            return false;
        };
        if comp.detection_generation != generation
            || comp.state != CompromiseState::Running
            || comp.detected.is_some()
        {
            return false;
        }
        self.mark_detected(c);
        true
    }

    /// The operator detects the compromise; before impact, that contains it.
    fn mark_detected(&mut self, c: Entity) {
        let Some(comp) = self.compromise(c).cloned() else {
            return;
        };
        if let Some(mut m) = self.world.ecs.get_mut::<Compromise>(c) {
            m.detected = Some(self.clock.now);
        }
        self.rerate_detection(c);
        self.observe_incident(comp.operator, comp.incident, Some(comp.stage));
        let impacted = self.compromise(c).is_some_and(|m| m.impacted);
        let running = self.compromise(c).map(|m| m.state) == Some(CompromiseState::Running);
        if !impacted && running {
            self.set_compromise_state(c, CompromiseState::Contained);
            self.log(Happening::Contained {
                incident: comp.incident,
                operator: comp.operator,
            });
        }
    }

    /// Books the hazard accumulated so far and reschedules detection at the current rate.
    pub(crate) fn rerate_detection(&mut self, c: Entity) {
        let now = self.clock.now;
        let Some(comp) = self.compromise(c).cloned() else {
            return;
        };
        let rate = self.hazard_rate(&comp);
        let mut m = self.world.ecs.get_mut::<Compromise>(c).expect("exists");
        m.hazard += m.hazard_rate * now.since(m.hazard_at).0 as f64;
        m.hazard_at = now;
        m.hazard_rate = rate;
        m.detection_generation += 1;
        let generation = m.detection_generation;
        if rate <= 0.0 {
            return;
        }
        let left = (m.threshold - m.hazard).max(0.0);
        let at = now.after(Minutes(super::recovery::minutes_at_rate(left, rate)));
        self.clock.queue.push(
            at,
            Event::PHASE_ATTACK,
            Event::Detection {
                compromise: c,
                generation,
            },
        );
    }

    /// Detection hazard per minute of a compromise now.
    fn hazard_rate(&self, comp: &Compromise) -> f64 {
        if comp.state != CompromiseState::Running || comp.detected.is_some() {
            return 0.0;
        }
        let Some(spec) = self.attack_spec(comp.inject) else {
            return 0.0;
        };
        let p = spec.stages.get(comp.stage).map_or(0.0, |s| s.detection);
        if p <= 0.0 {
            return 0.0;
        }
        let params = &self.scenario.params;
        let per_hour = -libm::log(1.0 - p.min(1.0 - 1e-12));
        let posture = 0.5 + self.infra.operator(comp.operator).posture;
        let mut rate = per_hour / 60.0 * posture;
        if self.operator_state(comp.operator).is_alerted(spec.kind) {
            rate *= params.alert_boost;
        }
        if self.drill.signatures.contains(&spec.kind) {
            rate *= params.signature_boost;
        }
        rate
    }

    /// Re-rates detection of every running compromise at `o` (or everywhere, if `None`)
    /// by attacks of `kind`.
    pub(crate) fn rerate_detection_of(&mut self, o: Option<OperatorId>, kind: AttackKind) {
        // By index, not a list of operators: an alert (one operator) allocates nothing.
        let (first, end) = match o {
            Some(o) => (o.index(), o.index() + 1),
            None => (0, self.infra.operators.len()),
        };
        for i in first..end {
            let o = self.infra.operators[i].id;
            if self.operator_state(o).compromises.is_empty() {
                continue;
            }
            for c in self.operator_state(o).compromises.clone() {
                let matches = self
                    .compromise(c)
                    .and_then(|m| self.attack_spec(m.inject))
                    .is_some_and(|s| s.kind == kind);
                if matches {
                    self.rerate_detection(c);
                }
            }
        }
    }

    /// Isolation of `kind` systems at `o` stops the attacks that travel through them.
    pub(crate) fn halt_compromises(&mut self, o: OperatorId, kind: SystemKind) {
        for c in self.operator_state(o).compromises.clone() {
            let Some(comp) = self.compromise(c).cloned() else {
                continue;
            };
            let uses = self.attack_systems(comp.inject) == Some(kind);
            if uses && comp.state == CompromiseState::Running {
                self.set_compromise_state(c, CompromiseState::Halted);
                self.log(Happening::Halted {
                    incident: comp.incident,
                    operator: o,
                });
            }
        }
    }
}
