//! Recovery: repair of impairments, slowed while the service's own dependencies are down.
//!
//! Repair of an impairment takes a duration `D` drawn when it starts (the time at full
//! speed). It proceeds at
//! `rate = (1 − slowdown × (1 − dep_factor)) × support × patch`, where `dep_factor` is
//! the product of `1 − strength` over the service's delivering dependencies, `support` is
//! the support-team speed-up while a NISC team is on site (else 1) and `patch` the patch
//! speed-up once vendors published one for the attack kind (else 1). Completion is at the
//! first whole minute when the work done reaches `D`.

use super::Engine;
use super::Event;
use super::state::{Impairment, ImpairmentCause, Recovery};
use super::timeline::{Cause, Happening};
use crate::engine::rng::Purpose;
use crate::model::{Dist, IncidentId, Minutes, ServiceId};
use bevy_ecs::prelude::*;

/// Minutes needed to do `work` full-speed minutes at `rate`, rounded up to a whole minute
/// (a tiny tolerance keeps exact hand-computed quotients such as 60 / 0.5 at 120).
pub fn minutes_at_rate(work: f64, rate: f64) -> u64 {
    if work <= 0.0 {
        return 0;
    }
    libm::ceil(work / rate - 1e-9).max(0.0) as u64
}

impl Engine {
    /// Repair speed of `impairment` on service `s` now.
    fn recovery_rate(&self, s: ServiceId, impairment: Entity) -> f64 {
        let incident = match self
            .world
            .ecs
            .get::<Impairment>(impairment)
            .map(|x| x.cause)
        {
            Some(ImpairmentCause::Incident(i)) => Some(i),
            _ => None,
        };
        self.rate_of(s, self.support_on_site(s), incident)
    }

    /// Whether a support team has arrived at `s`'s operator (it speeds up repairs).
    fn support_on_site(&self, s: ServiceId) -> bool {
        let operator = self.infra.service(s).operator;
        self.operator_state(operator)
            .support
            .is_some_and(|team| self.drill.teams[team].arrived)
    }

    /// Repair speed on `s` of an impairment caused by `incident` (None: by something else),
    /// with a support team on site or not.
    fn rate_of(&self, s: ServiceId, supported: bool, incident: Option<IncidentId>) -> f64 {
        let p = &self.scenario.params;
        let factor = self.state_of(s).dep_factor;
        let mut rate = 1.0 - p.recovery_slowdown * (1.0 - factor);
        if supported {
            rate *= p.support_speedup;
        }
        // No signature published yet (the usual case): no incident to look up.
        if !self.drill.signatures.is_empty()
            && let Some(i) = incident
            && let Some(kind) = self.incident(i).attack
            && self.drill.signatures.contains(&kind)
        {
            rate *= p.patch_speedup;
        }
        rate.max(f64::MIN_POSITIVE)
    }

    /// Starts repairing `impairment` now, drawing its duration from `dist` with the stream
    /// keyed by `key`, so the draw does not depend on anything else that happened.
    pub(super) fn start_recovery(&mut self, impairment: Entity, dist: &Dist, key: [u64; 3]) {
        let Some((incident, service)) = self.repaired_incident(impairment) else {
            return;
        };
        let mut rng = self.streams.stream(Purpose::Recovery, &key);
        let drawn = Minutes(dist.sample(&mut rng).0.max(1));
        let rate = self.recovery_rate(service, impairment);
        let eta = self
            .clock
            .now
            .after(Minutes(minutes_at_rate(drawn.0 as f64, rate)));
        self.world.ecs.entity_mut(impairment).insert(Recovery {
            started: self.clock.now,
            drawn,
            remaining: drawn.0 as f64,
            rate,
            last_update: self.clock.now,
            generation: 0,
        });
        self.clock.queue.push(
            eta,
            Event::PHASE_RECOVERY,
            Event::RecoveryCompleted {
                impairment,
                generation: 0,
            },
        );
        self.log(Happening::RecoveryStarted {
            service,
            incident,
            duration: drawn,
        });
        if rate != 1.0 {
            self.log(Happening::RecoveryRateChanged {
                service,
                incident,
                rate,
                eta,
            });
        }
    }

    /// The incident an impairment is repaired from, and its service; None for an
    /// impairment that is lifted rather than repaired (isolation, backup) or gone.
    fn repaired_incident(&self, impairment: Entity) -> Option<(IncidentId, ServiceId)> {
        match self.world.ecs.get::<Impairment>(impairment)? {
            &Impairment {
                cause: ImpairmentCause::Incident(incident),
                service,
                ..
            } => Some((incident, service)),
            _ => None,
        }
    }

    /// Books the work done on `s`'s repairs and reschedules them at their current speed.
    pub(crate) fn rerate_recoveries(&mut self, s: ServiceId) {
        // Rerating changes no support team: looked up once for all the impairments.
        let supported = self.support_on_site(s);
        // By index, not a copy of the list: rerating changes recoveries, never which
        // impairments the service has.
        for k in 0..self.state_of(s).impairments.len() {
            let e = self.state_of(s).impairments[k];
            // Only an incident's impairment is repaired (and so has a speed).
            let Some((incident, service)) = self.repaired_incident(e) else {
                continue;
            };
            let rate = self.rate_of(s, supported, Some(incident));
            self.reschedule(e, incident, service, |rec| rec.rate = rate);
        }
    }

    /// Books the work done on `impairment`'s repair, lets `change` alter it (new rate or
    /// remaining work) and reschedules completion. Nothing happens if it is not under repair
    /// or the change alters nothing.
    pub(crate) fn set_recovery(&mut self, impairment: Entity, change: impl FnOnce(&mut Recovery)) {
        let Some((incident, service)) = self.repaired_incident(impairment) else {
            return;
        };
        self.reschedule(impairment, incident, service, change);
    }

    /// [`Engine::set_recovery`] of an impairment known to be repaired from `incident` on
    /// `service`.
    fn reschedule(
        &mut self,
        impairment: Entity,
        incident: IncidentId,
        service: ServiceId,
        change: impl FnOnce(&mut Recovery),
    ) {
        let now = self.clock.now;
        let Some(mut rec) = self.world.ecs.get_mut::<Recovery>(impairment) else {
            return;
        };
        let done = now.since(rec.last_update).0 as f64 * rec.rate;
        let booked = (rec.remaining - done).max(0.0);
        let mut next = rec.clone();
        next.remaining = booked;
        next.last_update = now;
        change(&mut next);
        if next.rate == rec.rate && next.remaining == booked {
            return;
        }
        next.generation += 1;
        let generation = next.generation;
        let (rate, eta) = (
            next.rate,
            now.after(Minutes(minutes_at_rate(next.remaining, next.rate))),
        );
        *rec = next;
        self.clock.queue.push(
            eta,
            Event::PHASE_RECOVERY,
            Event::RecoveryCompleted {
                impairment,
                generation,
            },
        );
        self.log(Happening::RecoveryRateChanged {
            service,
            incident,
            rate,
            eta,
        });
    }

    /// Handles a completion event; returns false if the event was stale.
    pub(super) fn complete_recovery(&mut self, impairment: Entity, generation: u32) -> bool {
        let Ok(entity) = self.world.ecs.get_entity(impairment) else {
            return false;
        };
        if entity.get::<Recovery>().map(|r| r.generation) != Some(generation) {
            return false;
        }
        let Some((incident, service)) = self.repaired_incident(impairment) else {
            return false;
        };
        self.log(Happening::RecoveryCompleted { service, incident });
        self.remove_impairment(impairment);
        self.incident_mut(incident).open -= 1;
        self.settle(&[service], &[], &[(service, Cause::Repaired(incident))]);
        self.check_resolved(incident);
        self.release_support_if_done(self.infra.service(service).operator);
        true
    }

    /// Removes an impairment from its service and the world (without settling).
    pub(crate) fn remove_impairment(&mut self, impairment: Entity) {
        let Some(s) = self
            .world
            .ecs
            .get::<Impairment>(impairment)
            .map(|i| i.service)
        else {
            return;
        };
        self.world.ecs.despawn(impairment);
        let Some(index) = self
            .state_of(s)
            .impairments
            .iter()
            .position(|e| *e == impairment)
        else {
            return;
        };
        self.state_of_mut(s).impairments.remove(index);
        let fold = &mut self.world.capacity[s.index()];
        fold.remove(index);
        let capacity = fold.capacity();
        self.set_capacity(s, capacity);
    }

    /// Adds the newest impairment's `severity` to `s`'s capacity.
    pub(crate) fn add_to_capacity(&mut self, s: ServiceId, severity: f64) {
        let fold = &mut self.world.capacity[s.index()];
        fold.push(1.0 - severity);
        let capacity = fold.capacity();
        self.set_capacity(s, capacity);
    }

    fn set_capacity(&mut self, s: ServiceId, capacity: f64) {
        // Debug builds (every test) check the cached fold against the definition.
        #[cfg(debug_assertions)]
        {
            let folded = self
                .state_of(s)
                .impairments
                .iter()
                .filter_map(|e| self.world.ecs.get::<Impairment>(*e))
                .fold(1.0, |c, imp| c * (1.0 - imp.severity));
            debug_assert_eq!(capacity.to_bits(), folded.to_bits(), "capacity of {s:?}");
        }
        self.state_of_mut(s).capacity = capacity;
    }
}

/// A service's capacity kept as the left fold it is defined by — `1.0`, times
/// `1 − severity` of each impairment, oldest first — with every partial product cached, so
/// adding an impairment is one multiplication and removing one redoes only the products
/// after it. A balanced product tree would be logarithmic but rounds differently, and the
/// capacity's bits are part of every result; the redo instead stops as soon as a new
/// partial product equals the old one at the same place (from there on the same factors
/// multiply the same value), which happens at the latest when the products underflow to 0.
#[derive(Debug, Clone, Default)]
pub(crate) struct CapacityFold {
    /// Per impairment, oldest first: its factor `1 − severity` and the product of the
    /// factors up to and including it.
    terms: Vec<(f64, f64)>,
}

impl CapacityFold {
    /// The product of all the factors (1 with none).
    pub(crate) fn capacity(&self) -> f64 {
        self.terms.last().map_or(1.0, |t| t.1)
    }

    /// Appends the factor of the newest impairment.
    pub(crate) fn push(&mut self, factor: f64) {
        let product = self.capacity() * factor;
        self.terms.push((factor, product));
    }

    /// Removes the factor at `index` (the impairment's place, oldest first) and redoes the
    /// products after it until they meet the old ones.
    pub(crate) fn remove(&mut self, index: usize) {
        // Removing any of a run of equal factors leaves the same sequence as removing the
        // run's last, and the products before that one stay: impairments of one kind
        // repaired oldest first cost no redoing.
        let factor = self.terms[index].0.to_bits();
        let run = self.terms[index..]
            .iter()
            .take_while(|t| t.0.to_bits() == factor)
            .count();
        let index = index + run - 1;
        self.terms.remove(index);
        let mut product = match index {
            0 => 1.0,
            _ => self.terms[index - 1].1,
        };
        for term in &mut self.terms[index..] {
            product *= term.0;
            // The old product here had one factor more; equal bits mean equal from here on.
            if product.to_bits() == term.1.to_bits() {
                break;
            }
            term.1 = product;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_at_rate_rounds_up_but_keeps_exact_quotients() {
        assert_eq!(minutes_at_rate(60.0, 0.5), 120);
        assert_eq!(minutes_at_rate(100.0, 1.0), 100);
        assert_eq!(minutes_at_rate(10.0, 0.3), 34);
        assert_eq!(minutes_at_rate(0.0, 0.3), 0);
    }

    /// The capacity as it is defined: the left fold of the factors, oldest first.
    fn folded(factors: &[f64]) -> f64 {
        factors.iter().fold(1.0, |c, f| c * f)
    }

    #[test]
    fn removing_the_oldest_of_many_factors_keeps_the_folds_bits() {
        // 2,000 impairments repaired oldest first (an `after` chain), of one severity (a
        // run: nothing to redo) and of two in turn (every product after it redone).
        for severities in [&[0.1][..], &[0.1, 0.2][..]] {
            let mut fold = CapacityFold::default();
            let mut factors: Vec<f64> = (0..2_000)
                .map(|i| 1.0 - severities[i % severities.len()])
                .collect();
            for f in &factors {
                fold.push(*f);
            }
            assert_eq!(fold.capacity().to_bits(), folded(&factors).to_bits());
            while !factors.is_empty() {
                factors.remove(0);
                fold.remove(0);
                assert_eq!(fold.capacity().to_bits(), folded(&factors).to_bits());
            }
            assert_eq!(fold.capacity(), 1.0);
        }
    }

    #[test]
    fn a_fold_that_underflowed_stops_redoing_where_the_products_meet() {
        let mut fold = CapacityFold::default();
        let mut factors = vec![0.5; 1_200];
        factors[600] = 0.25;
        for f in &factors {
            fold.push(*f);
        }
        assert_eq!(fold.capacity(), 0.0);
        factors.remove(600);
        fold.remove(600);
        assert_eq!(fold.capacity().to_bits(), folded(&factors).to_bits());
        assert_eq!(fold.terms.iter().map(|t| t.1).collect::<Vec<_>>(), {
            let mut c = 1.0;
            factors
                .iter()
                .map(|f| {
                    c *= f;
                    c
                })
                .collect::<Vec<_>>()
        });
    }

    proptest::proptest! {
        /// Any interleaving of added and removed impairments gives the bits of the fold
        /// over the ones left, in their order.
        #[test]
        fn the_cached_fold_has_the_bits_of_the_fold(
            ops in proptest::collection::vec(
                (proptest::bool::weighted(0.6),
                 proptest::sample::select(vec![0.0, 1.0, 0.1, 0.3, 0.5, 0.999, 1e-9, std::f64::consts::FRAC_1_SQRT_2]),
                 0usize..1_000),
                1..400,
            )
        ) {
            let mut fold = CapacityFold::default();
            let mut factors: Vec<f64> = Vec::new();
            for (add, severity, at) in ops {
                if add || factors.is_empty() {
                    fold.push(1.0 - severity);
                    factors.push(1.0 - severity);
                } else {
                    let i = at % factors.len();
                    fold.remove(i);
                    factors.remove(i);
                }
                proptest::prop_assert_eq!(fold.capacity().to_bits(), folded(&factors).to_bits());
            }
        }
    }
}
