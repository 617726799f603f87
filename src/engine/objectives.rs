//! The scenario's objectives, decided as the run goes (docs/SCORING.md). Every entry the
//! engine logs is read once, as it is logged (so objectives are decided the same with the
//! timeline switched off), and one hook after each event decides what became certain; a
//! dip (of a sector's or a service's level, or a service, system or operator going down)
//! schedules its own deadline, so a decision lands at the minute it becomes certain and
//! the timeline shows it (`Happening::ObjectiveDecided`).

use super::state::{Impairment, ImpairmentCause};
use super::timeline::Happening;
use super::{Engine, Event};
use crate::model::drill::message::Tlp;
use crate::model::drill::role::Role;
use crate::model::objective::{Down, Goal, ObjectiveStatus, ReportTo, SharedTo};
use crate::model::{IncidentId, InjectKind, OperatorId, Sector, ServiceId, SystemId, Target, Time};

/// What the objectives need to remember between events.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tracker {
    /// What the entries logged since the last decision say.
    pending: Vec<Fact>,
    /// Per objective: decided yet.
    decided: Vec<bool>,
    /// Per objective with episodes (`SectorAbove`, `ServiceAbove`, `DownAtMost`): since
    /// when it is below its level, or down.
    below_since: Vec<Option<Time>>,
    /// Per incident: its victim sector, its inject, when it was detected, and when
    /// messages about it and its news first reached each role.
    incidents: Vec<IncidentTrack>,
}

#[derive(Debug, Clone, Default)]
struct IncidentTrack {
    sector: Option<Sector>,
    inject: usize,
    /// First detection by any operator.
    detected: Option<Time>,
    /// First detection by each operator that detected it.
    detected_by: Vec<(OperatorId, Time)>,
    /// First delivery, per role, of a message about it (its incident named).
    reported: Vec<(Role, Time)>,
    /// First delivery, per role, of its news: a message about it, a sanitised alert drawn
    /// from it, or a forward of either.
    news: Vec<(Role, Time)>,
}

/// Records `t` for `key` unless one is recorded already.
fn first<K: PartialEq>(list: &mut Vec<(K, Time)>, key: K, t: Time) {
    if !list.iter().any(|(k, _)| *k == key) {
        list.push((key, t));
    }
}

fn at<K: PartialEq>(list: &[(K, Time)], key: K) -> Option<Time> {
    list.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
}

impl Tracker {
    /// A tracker for `n` objectives.
    pub(crate) fn new(n: usize) -> Tracker {
        Tracker {
            pending: Vec::new(),
            decided: vec![false; n],
            below_since: vec![None; n],
            incidents: Vec::new(),
        }
    }
}

impl Engine {
    /// Reads the timeline entries the last event added and decides what became certain.
    pub(crate) fn objectives_after_event(&mut self) {
        // Nothing logged that concerns them: nothing can have become certain.
        if self.records.objectives.pending.is_empty() {
            return;
        }
        let scenario = self.scenario.clone();
        let objectives = &scenario.drill.objectives;
        let now = self.clock.now;
        let mut touched = [false; 10];
        let mut touched_services: Vec<ServiceId> = Vec::new();
        let mut decisions: Vec<(usize, f64)> = Vec::new();
        let mut ended = false;
        // Taken for the loop (deciding logs, which notes facts) and given back emptied
        // below, so the buffer is allocated once per run, not once per event.
        let mut facts = std::mem::take(&mut self.records.objectives.pending);
        for &fact in &facts {
            let track = &mut self.records.objectives;
            match fact {
                Fact::Level {
                    sector,
                    service,
                    below,
                } => {
                    touched[sector_index(sector)] = true;
                    if !touched_services.contains(&service) {
                        touched_services.push(service);
                    }
                    if below {
                        for (k, o) in objectives.iter().enumerate() {
                            if let Goal::NeverBelowRequired { sector: s } = o.goal
                                && s == sector
                                && !track.decided[k]
                                && !decisions.iter().any(|d| d.0 == k)
                            {
                                decisions.push((k, 0.0));
                            }
                        }
                    }
                }
                Fact::Fired {
                    incident,
                    inject,
                    sector,
                } => {
                    if track.incidents.len() <= incident {
                        track
                            .incidents
                            .resize(incident + 1, IncidentTrack::default());
                    }
                    track.incidents[incident].sector = sector;
                    track.incidents[incident].inject = inject;
                }
                Fact::Detected { incident, operator } => {
                    if let Some(t) = track.incidents.get_mut(incident) {
                        t.detected.get_or_insert(now);
                        first(&mut t.detected_by, operator, now);
                    }
                }
                Fact::Delivered {
                    incident,
                    to,
                    named,
                } => {
                    if let Some(t) = track.incidents.get_mut(incident) {
                        if named {
                            first(&mut t.reported, to, now);
                        }
                        first(&mut t.news, to, now);
                    }
                }
                Fact::Forwarded { label } => {
                    for (k, o) in objectives.iter().enumerate() {
                        if let Goal::NoForwardOf { label: l } = o.goal
                            && l == label
                            && !track.decided[k]
                            && !decisions.iter().any(|d| d.0 == k)
                        {
                            decisions.push((k, 0.0));
                        }
                    }
                }
                Fact::End => ended = true,
            }
        }
        // A dip below an objective's level (or a time down) starts a deadline; its end
        // ends it.
        for (k, o) in objectives.iter().enumerate() {
            if self.records.objectives.decided[k] {
                continue;
            }
            let (below, within) = match &o.goal {
                Goal::SectorAbove {
                    sector,
                    level,
                    within,
                } if touched[sector_index(*sector)] => (
                    self.records.metrics.sector_level(*sector) < level - 1e-9,
                    *within,
                ),
                Goal::ServiceAbove {
                    service,
                    level,
                    within,
                } if touched_services.contains(service) => {
                    (self.level(*service) < level - 1e-9, *within)
                }
                Goal::DownAtMost { what, within } if self.concerns(*what, &touched_services) => {
                    (self.is_down(*what), *within)
                }
                _ => continue,
            };
            let since = &mut self.records.objectives.below_since[k];
            match (below, *since) {
                (true, None) => {
                    *since = Some(now);
                    let due = Time(now.0.saturating_add(within.0));
                    if due < self.clock.end {
                        self.clock.queue.push(
                            due,
                            Event::PHASE_DEADLINE,
                            Event::ObjectiveDeadline {
                                objective: k as u32,
                                since: now,
                            },
                        );
                    }
                }
                (false, Some(_)) => *since = None,
                _ => {}
            }
        }
        if ended {
            for (k, o) in objectives.iter().enumerate() {
                if self.records.objectives.decided[k] || decisions.iter().any(|d| d.0 == k) {
                    continue;
                }
                let achieved = match &o.goal {
                    Goal::ReportedWithin {
                        to,
                        inject,
                        operator,
                        within,
                    } => self.reported_share(*to, *inject, *operator, within.0),
                    Goal::SharedWithin { to, within } => self.shared_share(to, within.0),
                    // Never breached (a breach was decided at once).
                    _ => 1.0,
                };
                decisions.push((k, achieved));
            }
        }
        for (k, achieved) in decisions {
            self.decide_objective(k, achieved);
        }
        // The decisions' own entries tell the objectives nothing.
        facts.clear();
        self.records.objectives.pending = facts;
    }

    /// The share of the detected incidents in scope reported to `to` within `within`
    /// minutes of their detection (1 when none is in scope).
    fn reported_share(
        &self,
        to: ReportTo,
        inject: Option<usize>,
        operator: Option<OperatorId>,
        within: u64,
    ) -> f64 {
        let mut counted = 0u32;
        let mut in_time = 0u32;
        for t in &self.records.objectives.incidents {
            if inject.is_some_and(|i| i != t.inject) {
                continue;
            }
            // With an operator, its own detection and its own sector; else the first
            // detection and the victim sector.
            let (detected, sector) = match operator {
                Some(o) => (at(&t.detected_by, o), Some(self.infra.operator(o).sector)),
                None => (t.detected, t.sector),
            };
            let (Some(d), Some(s)) = (detected, sector) else {
                continue;
            };
            counted += 1;
            let role = match to {
                ReportTo::Ceptor => Role::Ceptor(s),
                ReportTo::Ministry => Role::Ministry(s.ministry()),
                ReportTo::Police => Role::Police,
                ReportTo::Nisc => Role::Nisc,
            };
            if at(&t.reported, role).is_some_and(|a| a.0 <= d.0.saturating_add(within)) {
                in_time += 1;
            }
        }
        if counted == 0 {
            1.0
        } else {
            f64::from(in_time) / f64::from(counted)
        }
    }

    /// The share of the detected incidents whose news reached every CEPTOR `to` names
    /// (taking part, other than the victim sector's) within `within` minutes of their
    /// detection (1 when none was detected).
    fn shared_share(&self, to: &SharedTo, within: u64) -> f64 {
        let mut counted = 0u32;
        let mut in_time = 0u32;
        for t in &self.records.objectives.incidents {
            let (Some(d), Some(victim)) = (t.detected, t.sector) else {
                continue;
            };
            counted += 1;
            let sectors: Vec<Sector> = match to {
                SharedTo::AllCeptors => Sector::ALL.to_vec(),
                SharedTo::Sectors(list) => list.clone(),
            };
            let shared = sectors
                .into_iter()
                .filter(|s| *s != victim && self.has_role(Role::Ceptor(*s)))
                .all(|s| {
                    at(&t.news, Role::Ceptor(s)).is_some_and(|a| a.0 <= d.0.saturating_add(within))
                });
            in_time += u32::from(shared);
        }
        if counted == 0 {
            1.0
        } else {
            f64::from(in_time) / f64::from(counted)
        }
    }

    /// Whether a change to one of `services` may have changed whether `what` is down.
    fn concerns(&self, what: Down, services: &[ServiceId]) -> bool {
        match what {
            Down::Service(s) => services.contains(&s),
            Down::System(y) => services.contains(&self.infra.system(y).service),
            Down::Operator(o) => services
                .iter()
                .any(|s| self.infra.service(*s).operator == o),
        }
    }

    /// Whether `what` is down now (docs/SCORING.md).
    fn is_down(&self, what: Down) -> bool {
        match what {
            Down::Service(s) => self.state_of(s).failed_since.is_some(),
            Down::Operator(o) => self
                .infra
                .operator(o)
                .services
                .iter()
                .any(|s| self.state_of(*s).failed_since.is_some()),
            Down::System(y) => self.system_down(y),
        }
    }

    /// A system is down while its kind is isolated at its operator, or while its service
    /// has an unrepaired impairment by an incident aimed at it: an inject targeting the
    /// system, or a staged attack travelling through systems of its kind.
    fn system_down(&self, y: SystemId) -> bool {
        let sys = self.infra.system(y);
        let operator = self.infra.service(sys.service).operator;
        if self.operator_state(operator).is_isolated(sys.kind) {
            return true;
        }
        self.state_of(sys.service).impairments.iter().any(|e| {
            let Some(imp) = self.world.ecs.get::<Impairment>(*e) else {
                return false;
            };
            let ImpairmentCause::Incident(i) = imp.cause else {
                return false;
            };
            self.incident_aims_at(i, y)
        })
    }

    fn incident_aims_at(&self, i: IncidentId, y: SystemId) -> bool {
        let Some(k) = self.incident_inject(i) else {
            return false;
        };
        let inject = self.inject(k);
        match (&inject.target, &inject.kind) {
            (Target::System(t), _) if *t == y => true,
            (_, InjectKind::Attack(spec)) => spec.systems == Some(self.infra.system(y).kind),
            _ => false,
        }
    }

    /// Notes what an entry being logged tells the objectives.
    pub(crate) fn note_for_objectives(&mut self, what: &Happening) {
        if self.scenario.drill.objectives.is_empty() {
            return;
        }
        if let Some(fact) = self.fact(what) {
            self.records.objectives.pending.push(fact);
        }
    }

    /// The incident whose news a message carries: the one it names, the one a sanitised
    /// alert was drawn from, or for a forward its original's.
    fn news_of(&self, message: u32) -> Option<IncidentId> {
        let mut m = &self.drill.messages[message as usize];
        // A forward of a forward…: each step goes to an earlier message, so this ends.
        loop {
            if let Some(i) = m.subject.incident.or(m.drawn_from) {
                return Some(i);
            }
            m = &self.drill.messages[m.forwarded_from? as usize];
        }
    }

    /// What a timeline entry tells the objectives, if anything.
    fn fact(&self, what: &Happening) -> Option<Fact> {
        Some(match what {
            Happening::LevelChanged {
                service,
                below_required,
                ..
            } => Fact::Level {
                sector: self.infra.sector_of(*service),
                service: *service,
                below: *below_required,
            },
            Happening::InjectFired {
                inject, incident, ..
            } => Fact::Fired {
                incident: incident.index(),
                inject: *inject,
                sector: self
                    .inject(*inject)
                    .hits
                    .first()
                    .map(|(s, _)| self.infra.sector_of(*s)),
            },
            Happening::Detected {
                incident, operator, ..
            } => Fact::Detected {
                incident: incident.index(),
                operator: *operator,
            },
            Happening::MessageDelivered { message, to } => Fact::Delivered {
                incident: self.news_of(*message)?.index(),
                to: *to,
                named: self.drill.messages[*message as usize]
                    .subject
                    .incident
                    .is_some(),
            },
            Happening::MessageSent { message } => {
                let m = &self.drill.messages[*message as usize];
                m.forwarded_from?;
                Fact::Forwarded { label: m.label }
            }
            Happening::End => Fact::End,
            _ => return None,
        })
    }

    /// A dip (or a time down) lasted until an objective's deadline: missed, unless the
    /// timer is stale (it ended meanwhile). False if stale.
    pub(crate) fn objective_deadline(&mut self, objective: u32, since: Time) -> bool {
        let k = objective as usize;
        if self.records.objectives.decided[k]
            || self.records.objectives.below_since[k] != Some(since)
        {
            return false;
        }
        self.decide_objective(k, 0.0);
        true
    }

    fn decide_objective(&mut self, k: usize, achieved: f64) {
        self.records.objectives.decided[k] = true;
        self.log(Happening::ObjectiveDecided {
            objective: k,
            status: ObjectiveStatus::of(achieved),
            achieved,
        });
    }
}

/// What a timeline entry tells the objectives.
#[derive(Debug, Clone, Copy)]
enum Fact {
    Level {
        sector: Sector,
        service: ServiceId,
        below: bool,
    },
    Fired {
        incident: usize,
        inject: usize,
        sector: Option<Sector>,
    },
    Detected {
        incident: usize,
        operator: OperatorId,
    },
    /// A message carrying news of an incident reached a role; `named` when it names the
    /// incident (a report), not only its news (a sanitised alert or its forward).
    Delivered {
        incident: usize,
        to: Role,
        named: bool,
    },
    Forwarded {
        label: Tlp,
    },
    End,
}

fn sector_index(s: Sector) -> usize {
    Sector::ALL.iter().position(|x| *x == s).unwrap_or(0)
}
