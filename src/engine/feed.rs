//! The change feed: what happened since a face last looked.
//!
//! The feed is the timeline read from a [`FeedCursor`]. Reading never consumes anything:
//! every face (several terminals of one drill, say) keeps its own cursor, and each sees
//! every entry exactly once, in timeline order, however often or seldom it reads. The
//! cursor is a position in the timeline, which is only ever appended to.
//!
//! Beside the timeline, the feed names the world's entities written since the last read:
//! operators ([`Changes::operators`]), roles whose knowledge changed
//! ([`Changes::informed`]) and incidents ([`Changes::incidents`]). Operators and incidents
//! come from bevy_ecs change detection: every write to a component stamps it with the
//! world's change tick, and the engine bumps the tick before each event and each action,
//! so what is written after a read is newer than what the cursor has seen. Knowledge, kept
//! beside the World by role slot, is stamped with the same tick when written. A face
//! redraws a seat only when something it shows was written. A cursor is a position in the
//! run: two cursors that read at the same moment are equal.
//!
//! With the timeline switched off ([`super::EngineOptions`]) the entries, deliveries and
//! level changes stay empty; the entities written are still named.

use super::state::{Incident, Operator, OperatorState};
use super::timeline::{Entry, Happening};
use crate::model::drill::message::Message;
use crate::model::drill::role::Role;
use crate::model::{IncidentId, OperatorId, ServiceId, Time};
use bevy_ecs::change_detection::{DetectChanges, Tick};
use bevy_ecs::prelude::*;

/// A reader's place in the change feed. Start from [`FeedCursor::default`] (the
/// beginning of the run); each read moves it past what was read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FeedCursor {
    /// Timeline entries already read.
    read: usize,
    /// The world's change tick at the last read: writes stamped later are new. Zero before
    /// the first read, so the first read names every entity (all spawned later).
    tick: u32,
}

impl FeedCursor {
    /// A cursor at the beginning of the run.
    pub fn new() -> FeedCursor {
        FeedCursor::default()
    }

    /// How many timeline entries this cursor has read.
    pub fn position(&self) -> usize {
        self.read
    }
}

/// What happened between two reads of the feed.
#[derive(Debug, Clone, Copy)]
pub struct Changes<'a> {
    entries: &'a [Entry],
    messages: &'a [Message],
    world: &'a World,
    /// The roles taking part, each with the tick its knowledge was last written at.
    roles: (&'a [Role], &'a [u32]),
    /// Writes stamped after this tick are new to the reader.
    since: Tick,
    /// The tick of this read (the reference for wrap-around).
    seen: Tick,
}

/// A change of a service's level, from the feed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LevelChange {
    /// When.
    pub time: Time,
    /// The service.
    pub service: ServiceId,
    /// Level before.
    pub from: f64,
    /// Level after.
    pub to: f64,
    /// Whether the service is now below its required level.
    pub below_required: bool,
}

/// A message reaching a role, from the feed.
#[derive(Debug, Clone, Copy)]
pub struct Delivery<'a> {
    /// When it arrived.
    pub time: Time,
    /// Its number.
    pub number: u32,
    /// The message.
    pub message: &'a Message,
}

impl<'a> Changes<'a> {
    /// The changes in `timeline` after `cursor`, moving `cursor` to the end.
    pub(crate) fn read(
        timeline: &'a [Entry],
        messages: &'a [Message],
        world: &'a World,
        roles: (&'a [Role], &'a [u32]),
        cursor: &mut FeedCursor,
    ) -> Changes<'a> {
        // A cursor from a longer run (another session) reads nothing rather than panic.
        let from = cursor.read.min(timeline.len());
        cursor.read = timeline.len();
        // Each event and action bumps the world's tick before it writes, so what was
        // written after this read is stamped later than `seen`.
        let seen = world.read_change_tick();
        let since = Tick::new(cursor.tick);
        cursor.tick = seen.get();
        Changes {
            entries: &timeline[from..],
            messages,
            world,
            roles,
            since,
            seen,
        }
    }

    /// Whether a write stamped `tick` is new to this read.
    fn is_new(&self, tick: Tick) -> bool {
        tick.is_newer_than(self.since, self.seen)
    }

    /// Operators whose state (isolation, backup, alerts, support, compromises) was written
    /// since the last read, in id order. The first read names every operator.
    pub fn operators(&self) -> Vec<OperatorId> {
        let Some(mut query) = self.world.try_query::<(&Operator, Ref<OperatorState>)>() else {
            return Vec::new();
        };
        let mut ids: Vec<OperatorId> = query
            .iter(self.world)
            .filter(|(_, state)| self.is_new(state.last_changed()))
            .map(|(o, _)| o.0)
            .collect();
        // A query's own order is the store's, never relied upon.
        ids.sort_unstable();
        ids
    }

    /// Roles whose knowledge was written since the last read (they learned of an
    /// incident, received or sent a message, were granted a permission), in `Role`'s
    /// order. The first read names every role taking part.
    pub fn informed(&self) -> Vec<Role> {
        // Knowledge lives beside the World (by role slot), stamped with the same ticks.
        let (roles, written) = self.roles;
        roles
            .iter()
            .zip(written)
            .filter(|(_, t)| self.is_new(Tick::new(**t)))
            .map(|(r, _)| *r)
            .collect()
    }

    /// Incidents opened or changed (detected, resolved, reaching another operator) since
    /// the last read, by number.
    pub fn incidents(&self) -> Vec<IncidentId> {
        let Some(mut query) = self.world.try_query::<Ref<Incident>>() else {
            return Vec::new();
        };
        let mut ids: Vec<IncidentId> = query
            .iter(self.world)
            .filter(|i| self.is_new(i.last_changed()))
            .map(|i| i.id)
            .collect();
        ids.sort_unstable();
        ids
    }

    /// The new timeline entries, in order.
    pub fn entries(&self) -> &'a [Entry] {
        self.entries
    }

    /// True if no timeline entry was added since the last read.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Messages delivered to `role`, in order of arrival.
    pub fn deliveries_to(&self, role: Role) -> impl Iterator<Item = Delivery<'a>> + 'a {
        let messages = self.messages;
        self.entries.iter().filter_map(move |e| match e.what {
            Happening::MessageDelivered { message, to } if to == role => {
                messages.get(message as usize).map(|m| Delivery {
                    time: e.time,
                    number: message,
                    message: m,
                })
            }
            _ => None,
        })
    }

    /// Changes of service levels, in order.
    pub fn level_changes(&self) -> impl Iterator<Item = LevelChange> + 'a {
        self.entries.iter().filter_map(|e| match &e.what {
            Happening::LevelChanged {
                service,
                from,
                to,
                below_required,
                ..
            } => Some(LevelChange {
                time: e.time,
                service: *service,
                from: *from,
                to: *to,
                below_required: *below_required,
            }),
            _ => None,
        })
    }
}
