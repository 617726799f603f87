//! The scenario's objectives, decided as the run goes (docs/SCORING.md). Every entry the
//! engine logs is read once, as it is logged (so objectives are decided the same with the
//! timeline switched off), and one hook after each event decides what became certain; a dip of a sector's level
//! schedules its own deadline, so a decision lands at the minute it becomes certain and
//! the timeline shows it (`Happening::ObjectiveDecided`).

use super::timeline::Happening;
use super::{Engine, Event};
use crate::model::drill::message::Tlp;
use crate::model::drill::role::Role;
use crate::model::objective::{Goal, ObjectiveStatus, ReportTo};
use crate::model::{Sector, Time};

/// What the objectives need to remember between events.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tracker {
    /// What the entries logged since the last decision say.
    pending: Vec<Fact>,
    /// Per objective: decided yet.
    decided: Vec<bool>,
    /// Per objective (`SectorAbove`): since when the sector is below the level.
    below_since: Vec<Option<Time>>,
    /// Per incident: its victim sector, first detection, first report to the CEPTOR and
    /// to the ministry.
    incidents: Vec<IncidentTrack>,
}

#[derive(Debug, Clone, Default)]
struct IncidentTrack {
    sector: Option<Sector>,
    detected: Option<Time>,
    ceptor: Option<Time>,
    ministry: Option<Time>,
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
        let mut decisions: Vec<(usize, f64)> = Vec::new();
        let mut ended = false;
        // Taken for the loop (deciding logs, which notes facts) and given back emptied
        // below, so the buffer is allocated once per run, not once per event.
        let mut facts = std::mem::take(&mut self.records.objectives.pending);
        for &fact in &facts {
            let track = &mut self.records.objectives;
            match fact {
                Fact::Level { sector, below } => {
                    touched[sector_index(sector)] = true;
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
                Fact::Fired { incident, sector } => {
                    if track.incidents.len() <= incident {
                        track
                            .incidents
                            .resize(incident + 1, IncidentTrack::default());
                    }
                    track.incidents[incident].sector = sector;
                }
                Fact::Detected { incident } => {
                    if let Some(t) = track.incidents.get_mut(incident) {
                        t.detected.get_or_insert(now);
                    }
                }
                Fact::Delivered { incident, to } => {
                    if let Some(t) = track.incidents.get_mut(incident)
                        && let Some(s) = t.sector
                    {
                        if to == Role::Ceptor(s) {
                            t.ceptor.get_or_insert(now);
                        }
                        if to == Role::Ministry(s.ministry()) {
                            t.ministry.get_or_insert(now);
                        }
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
        // A sector's dip below an objective's level starts a deadline; its return ends it.
        for (k, o) in objectives.iter().enumerate() {
            if let Goal::SectorAbove {
                sector,
                level,
                within,
            } = o.goal
                && touched[sector_index(sector)]
                && !self.records.objectives.decided[k]
            {
                let below = self.records.metrics.sector_level(sector) < level - 1e-9;
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
        }
        if ended {
            for (k, o) in objectives.iter().enumerate() {
                if self.records.objectives.decided[k] || decisions.iter().any(|d| d.0 == k) {
                    continue;
                }
                let achieved = match o.goal {
                    Goal::ReportedWithin { to, within } => {
                        let detected: Vec<&IncidentTrack> = self
                            .records
                            .objectives
                            .incidents
                            .iter()
                            .filter(|t| t.detected.is_some() && t.sector.is_some())
                            .collect();
                        if detected.is_empty() {
                            1.0
                        } else {
                            let in_time = detected
                                .iter()
                                .filter(|t| {
                                    let at = match to {
                                        ReportTo::Ceptor => t.ceptor,
                                        ReportTo::Ministry => t.ministry,
                                    };
                                    let d = t.detected.unwrap_or(Time::ZERO);
                                    at.is_some_and(|a| a.0 <= d.0.saturating_add(within.0))
                                })
                                .count();
                            in_time as f64 / detected.len() as f64
                        }
                    }
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

    /// Notes what an entry being logged tells the objectives.
    pub(crate) fn note_for_objectives(&mut self, what: &Happening) {
        if self.scenario.drill.objectives.is_empty() {
            return;
        }
        if let Some(fact) = self.fact(what) {
            self.records.objectives.pending.push(fact);
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
                below: *below_required,
            },
            Happening::InjectFired {
                inject, incident, ..
            } => Fact::Fired {
                incident: incident.index(),
                sector: self
                    .inject(*inject)
                    .hits
                    .first()
                    .map(|(s, _)| self.infra.sector_of(*s)),
            },
            Happening::Detected { incident, .. } => Fact::Detected {
                incident: incident.index(),
            },
            Happening::MessageDelivered { message, to } => Fact::Delivered {
                incident: self.drill.messages[*message as usize]
                    .subject
                    .incident?
                    .index(),
                to: *to,
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

    /// A sector stayed below an objective's level until its deadline: missed, unless the
    /// timer is stale (the sector came back meanwhile). False if stale.
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
        below: bool,
    },
    Fired {
        incident: usize,
        sector: Option<Sector>,
    },
    Detected {
        incident: usize,
    },
    Delivered {
        incident: usize,
        to: Role,
    },
    Forwarded {
        label: Tlp,
    },
    End,
}

fn sector_index(s: Sector) -> usize {
    Sector::ALL.iter().position(|x| *x == s).unwrap_or(0)
}
