//! The change feed: what happened since a face last looked.
//!
//! The feed is the timeline read from a [`FeedCursor`]. Reading never consumes anything:
//! every face (several terminals of one drill, say) keeps its own cursor, and each sees
//! every entry exactly once, in timeline order, however often or seldom it reads. The
//! cursor is a position in the timeline, which is only ever appended to.
//!
//! With the timeline switched off ([`super::EngineOptions`]) the feed stays empty.

use super::timeline::{Entry, Happening};
use crate::model::drill::message::Message;
use crate::model::drill::role::Role;
use crate::model::{ServiceId, Time};

/// A reader's place in the change feed. Start from [`FeedCursor::default`] (the
/// beginning of the run); each read moves it past what was read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FeedCursor {
    /// Timeline entries already read.
    read: usize,
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
        cursor: &mut FeedCursor,
    ) -> Changes<'a> {
        // A cursor from a longer run (another session) reads nothing rather than panic.
        let from = cursor.read.min(timeline.len());
        cursor.read = timeline.len();
        Changes {
            entries: &timeline[from..],
            messages,
        }
    }

    /// The new timeline entries, in order.
    pub fn entries(&self) -> &'a [Entry] {
        self.entries
    }

    /// True if nothing happened since the last read.
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
