//! Injects that wait: relative to another inject, or for a condition. Whatever does not
//! fire is recorded in the timeline with the reason, so a drill never silently skips a step.

use super::timeline::{Happening, SkipReason};
use super::{Engine, Event};
use crate::model::{Condition, IncidentId, InjectTrigger};

/// Where a scenario inject stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InjectStatus {
    /// Not yet fired, and not yet decided.
    Waiting,
    /// It will fire at this time.
    Scheduled(crate::model::Time),
    /// It fired and opened this incident.
    Fired(IncidentId),
    /// It will never fire (the timeline says why).
    Skipped,
}

impl Engine {
    /// Queues the deadline of a conditional inject.
    pub(super) fn schedule_deadline(&mut self, i: usize) {
        if let InjectTrigger::When { by: Some(t), .. } = self.scenario.injects[i].trigger {
            self.clock
                .queue
                .push(t, Event::PHASE_DEADLINE, Event::Deadline(i));
        }
    }

    /// After inject `i` fired: schedule the injects that follow it.
    pub(super) fn inject_fired(&mut self, i: usize) {
        for j in 0..self.scenario.injects.len() {
            if let InjectTrigger::After { inject, delay } = self.scenario.injects[j].trigger
                && inject == i
                && self.drill.inject_status[j] == InjectStatus::Waiting
            {
                let at = self.clock.now.after(delay);
                self.drill.inject_status[j] = InjectStatus::Scheduled(at);
                self.clock
                    .queue
                    .push(at, Event::PHASE_INJECT, Event::Inject(j));
            }
        }
    }

    /// Inject `i` will not fire; neither will those that follow it.
    fn skip_inject(&mut self, i: usize, reason: SkipReason) {
        self.drill.inject_status[i] = InjectStatus::Skipped;
        self.log(Happening::InjectSkipped { inject: i, reason });
        for j in 0..self.scenario.injects.len() {
            if let InjectTrigger::After { inject, .. } = self.scenario.injects[j].trigger
                && inject == i
                && self.drill.inject_status[j] == InjectStatus::Waiting
            {
                self.skip_inject(j, SkipReason::FollowsSkipped { inject: i });
            }
        }
    }

    /// After every event: schedule the injects whose positive condition now holds.
    pub(crate) fn check_conditions(&mut self) {
        for k in 0..self.drill.watching.len() {
            let j = self.drill.watching[k];
            if self.drill.inject_status[j] != InjectStatus::Waiting {
                continue;
            }
            let InjectTrigger::When {
                condition, delay, ..
            } = &self.scenario.injects[j].trigger
            else {
                continue;
            };
            if !condition.is_negative() && self.holds(condition) {
                let at = self.clock.now.after(*delay);
                self.drill.inject_status[j] = InjectStatus::Scheduled(at);
                self.clock
                    .queue
                    .push(at, Event::PHASE_INJECT, Event::Inject(j));
            }
        }
    }

    /// At the end of the run: every scenario inject that never fired is recorded with why.
    pub(super) fn record_unfired(&mut self) {
        for i in 0..self.scenario.injects.len() {
            let reason = match (
                self.drill.inject_status[i],
                &self.scenario.injects[i].trigger,
            ) {
                (InjectStatus::Scheduled(t), _) => SkipReason::DueAfterEnd { at: t },
                (InjectStatus::Waiting, InjectTrigger::After { inject, .. }) => {
                    SkipReason::FollowsUnfired { inject: *inject }
                }
                (InjectStatus::Waiting, InjectTrigger::When { .. }) => {
                    SkipReason::ConditionNeverHeld
                }
                (InjectStatus::Waiting, InjectTrigger::At(t)) => SkipReason::DueAfterEnd { at: *t },
                _ => continue,
            };
            self.drill.inject_status[i] = InjectStatus::Skipped;
            self.log(Happening::InjectSkipped { inject: i, reason });
        }
    }

    /// Whether a positive condition holds now; for a negative one, whether its positive
    /// counterpart (detected / taken) holds.
    fn holds(&self, c: &Condition) -> bool {
        match c {
            Condition::LevelBelow { service, level } => self.level(*service) < *level,
            Condition::Detected { inject } | Condition::NotDetected { inject } => {
                self.detected_at(*inject).is_some()
            }
            Condition::ActionTaken { role, action }
            | Condition::ActionNotTaken { role, action } => self.taken_at(*role, *action).is_some(),
        }
    }

    fn detected_at(&self, inject: usize) -> Option<crate::model::Time> {
        match self.drill.inject_status.get(inject) {
            Some(InjectStatus::Fired(id)) => self.incident(*id).detected,
            _ => None,
        }
    }

    fn taken_at(
        &self,
        role: crate::model::drill::role::Role,
        class: crate::model::drill::action::ActionClass,
    ) -> Option<crate::model::Time> {
        self.drill
            .actions
            .iter()
            .find(|a| a.role == role && a.action.class() == class && a.result.is_ok())
            .map(|a| a.time)
    }

    /// The deadline of conditional inject `i`: decide it. False if already decided.
    pub(super) fn decide_deadline(&mut self, i: usize) -> bool {
        if self.drill.inject_status[i] != InjectStatus::Waiting {
            return false;
        }
        let InjectTrigger::When {
            condition, delay, ..
        } = self.scenario.injects[i].trigger.clone()
        else {
            return false;
        };
        let verdict: Result<(), SkipReason> = match &condition {
            Condition::NotDetected { inject } => {
                match (self.drill.inject_status[*inject], self.detected_at(*inject)) {
                    (InjectStatus::Fired(_), None) => Ok(()),
                    (InjectStatus::Fired(_), Some(at)) => Err(SkipReason::WasDetected {
                        inject: *inject,
                        at,
                    }),
                    _ => Err(SkipReason::WatchedNeverFired { inject: *inject }),
                }
            }
            Condition::ActionNotTaken { role, action } => match self.taken_at(*role, *action) {
                None => Ok(()),
                Some(at) => Err(SkipReason::ActionTaken {
                    role: *role,
                    action: *action,
                    at,
                }),
            },
            _ => Err(SkipReason::ConditionFailed { by: self.clock.now }),
        };
        match verdict {
            Ok(()) => {
                let at = self.clock.now.after(delay);
                self.drill.inject_status[i] = InjectStatus::Scheduled(at);
                self.clock
                    .queue
                    .push(at, Event::PHASE_INJECT, Event::Inject(i));
            }
            Err(reason) => self.skip_inject(i, reason),
        }
        true
    }
}
