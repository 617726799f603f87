//! Injects that wait: relative to another inject, or for a condition. Whatever does not
//! fire is recorded in the timeline with the reason, so a drill never silently skips a step.

use super::timeline::{Happening, SkipReason};
use super::{Engine, Event};
use crate::model::drill::action::ActionClass;
use crate::model::drill::role::Role;
use crate::model::{Condition, IncidentId, InjectTrigger, Scenario, ServiceId, Time};
use std::collections::BTreeMap;

/// What the waiting injects wait for, indexed so that an event costs work only for the
/// injects its changes concern: the run's total work on conditions is linear in the number
/// of injects plus the number of changes (level changes, detections, actions), never
/// their product.
#[derive(Debug, Default, Clone)]
pub(crate) struct Watch {
    /// Per scenario inject: the injects that follow it (`after:`), in file order.
    followers: Vec<Vec<usize>>,
    /// Per service: the injects waiting for `LevelBelow` it, as (level, inject), sorted
    /// so that the highest level is last (the first to hold as the level falls). Empty if
    /// no inject waits for a level: then a level change (a large graph's most frequent
    /// entry) looks nothing up, and a run copies no list per service.
    by_service: Vec<Vec<(f64, usize)>>,
    /// Per inject: the injects waiting for its detection.
    by_detection: BTreeMap<usize, Vec<usize>>,
    /// Per (role, class): the injects waiting for that action.
    by_action: BTreeMap<(Role, ActionClass), Vec<usize>>,
    /// Whether any inject waits for an action, taken or not: else actions need no index.
    watches_actions: bool,
    /// Services whose level changed, and incidents detected, since the last check.
    changed: Vec<ServiceId>,
    detected: Vec<IncidentId>,
    /// Whether the first check (of every waiting inject) is still to come.
    first: bool,
    /// The first time each (role, class) took effect, over `actions[..indexed]`.
    taken: BTreeMap<(Role, ActionClass), Time>,
    indexed: usize,
    /// Conditions evaluated so far (a measure of work, for tests).
    pub(crate) evaluations: u64,
}

impl Watch {
    /// The index of a scenario's waiting injects.
    pub(crate) fn new(scenario: &Scenario) -> Watch {
        let n = scenario.injects.len();
        let mut w = Watch {
            followers: vec![Vec::new(); n],
            first: true,
            ..Watch::default()
        };
        for (j, inject) in scenario.injects.iter().enumerate() {
            match &inject.trigger {
                InjectTrigger::After { inject, .. } => w.followers[*inject].push(j),
                InjectTrigger::When { condition, .. } => match condition {
                    Condition::LevelBelow { service, level } => {
                        if w.by_service.is_empty() {
                            w.by_service = vec![Vec::new(); scenario.infra.services.len()];
                        }
                        w.by_service[service.index()].push((*level, j))
                    }
                    Condition::Detected { inject } => {
                        w.by_detection.entry(*inject).or_default().push(j)
                    }
                    Condition::ActionTaken { role, action } => {
                        w.watches_actions = true;
                        w.by_action.entry((*role, *action)).or_default().push(j)
                    }
                    Condition::ActionNotTaken { .. } => w.watches_actions = true,
                    Condition::NotDetected { .. } => {}
                },
                InjectTrigger::At(_) | InjectTrigger::Manual => {}
            }
        }
        for list in &mut w.by_service {
            // Ascending level, then descending inject, so popping from the end gives the
            // highest level first; ties in any order (they are sorted again when due).
            list.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        }
        w
    }

    /// Notes a change a waiting inject may wait for (called for everything logged).
    pub(crate) fn note(&mut self, what: &Happening) {
        match what {
            Happening::LevelChanged { service, .. }
                if self
                    .by_service
                    .get(service.index())
                    .is_some_and(|l| !l.is_empty()) =>
            {
                self.changed.push(*service)
            }
            Happening::Detected { incident, .. } if !self.by_detection.is_empty() => {
                self.detected.push(*incident)
            }
            _ => {}
        }
    }
}

/// Where a scenario inject stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InjectStatus {
    /// Not yet fired, and not yet decided.
    Waiting,
    /// It will fire at this time.
    Scheduled(crate::model::Time),
    /// It fired and opened this incident.
    Fired(IncidentId),
    /// A narrative inject: its message was sent (it opens no incident).
    Told,
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
        let Some(followers) = self.drill.watch.followers.get(i).cloned() else {
            return;
        };
        self.drill.watch.evaluations += followers.len() as u64;
        for j in followers {
            if let InjectTrigger::After { delay, .. } = self.scenario.injects[j].trigger
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
        let followers = self
            .drill
            .watch
            .followers
            .get(i)
            .cloned()
            .unwrap_or_default();
        self.drill.watch.evaluations += followers.len() as u64;
        for j in followers {
            if self.drill.inject_status[j] == InjectStatus::Waiting {
                self.skip_inject(j, SkipReason::FollowsSkipped { inject: i });
            }
        }
    }

    /// After every event: schedule the injects whose positive condition now holds. Only
    /// the injects a change since the last check concerns are looked at (the first check
    /// looks at all): a condition that did not hold then can only hold now if what it
    /// watches changed. Those due are scheduled in file order, as if every waiting inject
    /// were checked in turn.
    pub(crate) fn check_conditions(&mut self) {
        let w = &mut self.drill.watch;
        // Most events change nothing a waiting inject watches.
        if !w.first
            && w.changed.is_empty()
            && w.detected.is_empty()
            && (!w.watches_actions || w.indexed == self.drill.actions.len())
        {
            return;
        }
        let mut due: Vec<usize> = Vec::new();
        // Actions: index those taken since the last check; the first of a (role, class)
        // wakes the injects waiting for it.
        while w.watches_actions && w.indexed < self.drill.actions.len() {
            let a = &self.drill.actions[w.indexed];
            w.indexed += 1;
            if a.result.is_ok() {
                let key = (a.role, a.action.class());
                if let std::collections::btree_map::Entry::Vacant(v) = w.taken.entry(key) {
                    v.insert(a.time);
                    if let Some(list) = w.by_action.remove(&key) {
                        w.evaluations += list.len() as u64;
                        due.extend(list);
                    }
                }
            }
        }
        // Levels: every waiting inject of a changed service whose level is above the
        // service's level now holds (those are at the end of its sorted list).
        // Taken for the loop and given back emptied, so the buffer is allocated once.
        let mut services = std::mem::take(&mut w.changed);
        if std::mem::take(&mut w.first) {
            services.clear();
            services.extend((0..w.by_service.len()).map(|s| ServiceId(s as u32)));
        }
        for &s in &services {
            let level = self.level(s);
            let list = &mut self.drill.watch.by_service[s.index()];
            while let Some(&(threshold, j)) = list.last() {
                self.drill.watch.evaluations += 1;
                if level < threshold {
                    list.pop();
                    due.push(j);
                } else {
                    break;
                }
            }
        }
        services.clear();
        self.drill.watch.changed = services;
        // Detections: the injects waiting for a detected incident's inject.
        let mut detected = std::mem::take(&mut self.drill.watch.detected);
        for &i in &detected {
            let inject = self.incident(i).inject;
            if self.incident(i).detected.is_some()
                && let Some(list) = self.drill.watch.by_detection.remove(&inject)
            {
                self.drill.watch.evaluations += list.len() as u64;
                due.extend(list);
            }
        }
        detected.clear();
        self.drill.watch.detected = detected;
        if due.is_empty() {
            return;
        }
        due.sort_unstable();
        due.dedup();
        for j in due {
            if self.drill.inject_status[j] != InjectStatus::Waiting {
                continue;
            }
            let InjectTrigger::When { delay, .. } = &self.scenario.injects[j].trigger else {
                continue;
            };
            let at = self.clock.now.after(*delay);
            self.drill.inject_status[j] = InjectStatus::Scheduled(at);
            self.clock
                .queue
                .push(at, Event::PHASE_INJECT, Event::Inject(j));
        }
    }

    /// Conditions of waiting injects evaluated so far in this run (a measure of work: it
    /// grows with the number of injects and of changes, never with their product).
    pub fn condition_evaluations(&self) -> u64 {
        self.drill.watch.evaluations
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
                (InjectStatus::Waiting, InjectTrigger::Manual) => SkipReason::ReserveUnused,
                _ => continue,
            };
            self.drill.inject_status[i] = InjectStatus::Skipped;
            self.log(Happening::InjectSkipped { inject: i, reason });
        }
    }

    fn detected_at(&self, inject: usize) -> Option<crate::model::Time> {
        match self.drill.inject_status.get(inject) {
            Some(InjectStatus::Fired(id)) => self.incident(*id).detected,
            _ => None,
        }
    }

    /// When `role` first took an action of `class` that took effect: from the index, or
    /// among the actions taken since the last check.
    fn taken_at(&self, role: Role, class: ActionClass) -> Option<Time> {
        let w = &self.drill.watch;
        w.taken.get(&(role, class)).copied().or_else(|| {
            self.drill.actions[w.indexed..]
                .iter()
                .find(|a| a.role == role && a.action.class() == class && a.result.is_ok())
                .map(|a| a.time)
        })
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
