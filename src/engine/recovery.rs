//! Recovery: repair of impairments, slowed while the service's own dependencies are down.
//!
//! Repair of an impairment takes a duration `D` drawn when it starts (the time at full
//! speed). It proceeds at `rate = 1 − slowdown × (1 − dep_factor)`, where `dep_factor` is
//! the product of `1 − strength` over the service's delivering dependencies. Completion is
//! at the first whole minute when the work done reaches `D`.

use super::state::{Impairment, Incident, Recovery, ServiceState};
use super::timeline::{Cause, Happening};
use super::{Engine, Event};
use crate::engine::rng::Purpose;
use crate::model::{Minutes, ServiceId, Time};
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
    /// Repair speed of service `s` given its current dependency factor.
    fn recovery_rate(&self, s: ServiceId) -> f64 {
        let factor = self
            .world
            .get::<ServiceState>(self.services[s.index()])
            .map_or(1.0, |st| st.dep_factor);
        let slowdown = self.scenario.params.recovery_slowdown;
        (1.0 - slowdown * (1.0 - factor)).clamp(f64::MIN_POSITIVE, 1.0)
    }

    /// Starts repairing `impairment` now, drawing its duration from the stream keyed by
    /// `key` (so the draw does not depend on anything else that happened).
    pub(super) fn start_recovery(&mut self, impairment: Entity, dist_key: [u64; 3]) {
        let Some(imp) = self.world.get::<Impairment>(impairment).cloned() else {
            return;
        };
        let dist = self.scenario.injects[dist_key[0] as usize]
            .kind
            .recovery()
            .clone();
        let mut rng = self.streams.stream(Purpose::Recovery, &dist_key);
        let drawn = Minutes(dist.sample(&mut rng).0.max(1));
        let rate = self.recovery_rate(imp.service);
        let eta = self.now.after(Minutes(minutes_at_rate(drawn.0 as f64, rate)));
        self.world.entity_mut(impairment).insert(Recovery {
            started: self.now,
            drawn,
            remaining: drawn.0 as f64,
            rate,
            last_update: self.now,
            generation: 0,
        });
        self.queue.push(
            eta,
            Event::PHASE_RECOVERY,
            Event::RecoveryCompleted {
                impairment,
                generation: 0,
            },
        );
        self.log(Happening::RecoveryStarted {
            service: imp.service,
            incident: imp.incident,
            duration: drawn,
        });
        if rate < 1.0 {
            self.log(Happening::RecoveryRateChanged {
                service: imp.service,
                incident: imp.incident,
                rate,
                eta,
            });
        }
    }

    /// Books the work done on `s`'s repairs and reschedules them at the new speed.
    pub(super) fn rerate_recoveries(&mut self, s: ServiceId) {
        let rate = self.recovery_rate(s);
        let now = self.now;
        let impairments = self.state_of(s).impairments.clone();
        for e in impairments {
            let Some(incident) = self.world.get::<Impairment>(e).map(|i| i.incident) else {
                continue;
            };
            let Some(mut rec) = self.world.get_mut::<Recovery>(e) else {
                continue;
            };
            if rec.rate == rate {
                continue;
            }
            let done = now.since(rec.last_update).0 as f64 * rec.rate;
            rec.remaining = (rec.remaining - done).max(0.0);
            rec.rate = rate;
            rec.last_update = now;
            rec.generation += 1;
            let generation = rec.generation;
            let eta = now.after(Minutes(minutes_at_rate(rec.remaining, rate)));
            self.queue.push(
                eta,
                Event::PHASE_RECOVERY,
                Event::RecoveryCompleted {
                    impairment: e,
                    generation,
                },
            );
            self.log(Happening::RecoveryRateChanged {
                service: s,
                incident,
                rate,
                eta,
            });
        }
    }

    /// Handles a completion event; returns false if the event was stale.
    pub(super) fn complete_recovery(&mut self, impairment: Entity, generation: u32) -> bool {
        let current = self.world.get::<Recovery>(impairment).map(|r| r.generation);
        if current != Some(generation) {
            return false;
        }
        let Some(imp) = self.world.get::<Impairment>(impairment).cloned() else {
            return false;
        };
        self.world.despawn(impairment);
        self.log(Happening::RecoveryCompleted {
            service: imp.service,
            incident: imp.incident,
        });
        self.remove_impairment_from(imp.service, impairment);
        let inc = self.incidents[imp.incident.0 as usize];
        let resolved = {
            let mut incident = self
                .world
                .get_mut::<Incident>(inc)
                .expect("incidents live for the whole run");
            incident.open -= 1;
            if incident.open == 0 {
                incident.resolved = Some(self.now);
                true
            } else {
                false
            }
        };
        self.settle(
            &[imp.service],
            &[],
            &[(imp.service, Cause::Repaired(imp.incident))],
        );
        if resolved {
            self.log(Happening::IncidentResolved {
                incident: imp.incident,
            });
        }
        true
    }

    /// Recomputes a service's capacity from its remaining impairments, oldest first.
    pub(super) fn recompute_capacity(&mut self, s: ServiceId) {
        let list = self.state_of(s).impairments.clone();
        let capacity = list
            .iter()
            .filter_map(|e| self.world.get::<Impairment>(*e))
            .fold(1.0, |c, imp| c * (1.0 - imp.severity));
        self.state_of_mut(s).capacity = capacity;
    }

    fn remove_impairment_from(&mut self, s: ServiceId, impairment: Entity) {
        self.state_of_mut(s).impairments.retain(|e| *e != impairment);
        self.recompute_capacity(s);
    }

    /// The time at which repair of `impairment` is currently expected to finish.
    pub fn recovery_eta(&self, impairment: Entity) -> Option<Time> {
        let rec = self.world.get::<Recovery>(impairment)?;
        Some(
            rec.last_update
                .after(Minutes(minutes_at_rate(rec.remaining, rec.rate))),
        )
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
}
