//! The event queue. Events are totally ordered by (time, phase, sequence number): two events
//! at the same minute run in phase order, and within a phase in the order they were
//! scheduled. Scheduling order is itself deterministic, so the whole order is.
//!
//! Time is whole minutes, so the queue is a calendar: one bucket per minute that has
//! events, in a `BTreeMap` by minute, and in each bucket one first-in-first-out list per
//! phase. Within a (minute, phase) the list's order *is* the scheduling order, so no
//! sequence number needs storing or comparing. Popping takes the first list of the first
//! bucket; a binary heap of every pending event (stale timers included) instead paid a
//! dozen scattered moves per pop on a large graph.

use crate::model::Time;
use std::collections::{BTreeMap, VecDeque};

/// Phases a queue can tell apart (`0..PHASES`).
pub const PHASES: usize = 16;

/// The events of one minute, by phase.
#[derive(Debug)]
struct Bucket<E> {
    /// Per phase, in scheduling order.
    phases: Vec<VecDeque<E>>,
    /// Bit `p` set while phase `p` has events.
    nonempty: u16,
}

impl<E> Bucket<E> {
    fn new() -> Bucket<E> {
        Bucket {
            phases: Vec::new(),
            nonempty: 0,
        }
    }
}

/// A priority queue of events with a deterministic total order.
#[derive(Debug)]
pub struct EventQueue<E> {
    buckets: BTreeMap<Time, Bucket<E>>,
    /// Emptied buckets, kept to reuse their lists' allocations.
    spare: Vec<Bucket<E>>,
    len: usize,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue {
            buckets: BTreeMap::new(),
            spare: Vec::new(),
            len: 0,
        }
    }
}

impl<E> EventQueue<E> {
    /// Schedules `event` at `time` in `phase` (lower phases run first within a minute).
    /// Panics if `phase` is not below [`PHASES`].
    pub fn push(&mut self, time: Time, phase: u8, event: E) {
        let p = phase as usize;
        assert!(p < PHASES, "phase {phase} out of range");
        let spare = &mut self.spare;
        let bucket = self
            .buckets
            .entry(time)
            .or_insert_with(|| spare.pop().unwrap_or_else(Bucket::new));
        if bucket.phases.len() <= p {
            bucket.phases.resize_with(p + 1, VecDeque::new);
        }
        bucket.phases[p].push_back(event);
        bucket.nonempty |= 1 << p;
        self.len += 1;
    }

    /// The time of the next event, if any.
    pub fn peek_time(&self) -> Option<Time> {
        self.buckets.first_key_value().map(|(t, _)| *t)
    }

    /// Removes and returns the next event.
    pub fn pop(&mut self) -> Option<(Time, E)> {
        let mut first = self.buckets.first_entry()?;
        let time = *first.key();
        let bucket = first.get_mut();
        let p = bucket.nonempty.trailing_zeros() as usize;
        let list = &mut bucket.phases[p];
        let event = list
            .pop_front()
            .expect("a bucket's nonempty bits match its lists");
        if list.is_empty() {
            bucket.nonempty &= !(1 << p);
            if bucket.nonempty == 0 {
                self.spare.push(first.remove());
            }
        }
        self.len -= 1;
        Some((time, event))
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

    #[test]
    fn orders_by_time_then_phase_then_insertion() {
        let mut q = EventQueue::default();
        q.push(Time(5), 1, "b");
        q.push(Time(5), 0, "a");
        q.push(Time(1), 9, "first");
        q.push(Time(5), 1, "c");
        let order: Vec<_> = std::iter::from_fn(|| q.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, vec!["first", "a", "b", "c"]);
        assert!(q.is_empty());
    }

    proptest! {
        /// Any interleaving of pushes and pops gives the order of a heap keyed by
        /// (time, phase, sequence), including pushes into the minute being handled.
        #[test]
        fn pops_in_the_order_of_a_keyed_heap(
            ops in proptest::collection::vec((0u64..40, 0u8..9, any::<bool>()), 1..300),
        ) {
            let mut q = EventQueue::default();
            let mut heap = BinaryHeap::new();
            let mut now = 0u64;
            for (seq, (dt, phase, pop)) in ops.into_iter().enumerate() {
                if pop {
                    let want = heap.pop().map(|Reverse((t, _, s))| (Time(t), s));
                    let got = q.pop();
                    prop_assert_eq!(got, want);
                    if let Some((t, _)) = got {
                        now = t.0;
                    }
                } else {
                    // Never before now, as the engine schedules.
                    let t = now + dt;
                    q.push(Time(t), phase, seq);
                    heap.push(Reverse((t, phase, seq)));
                }
                prop_assert_eq!(q.len(), heap.len());
                prop_assert_eq!(q.peek_time(), heap.peek().map(|Reverse((t, _, _))| Time(*t)));
            }
            while let Some(Reverse((t, _, s))) = heap.pop() {
                prop_assert_eq!(q.pop(), Some((Time(t), s)));
            }
            prop_assert!(q.pop().is_none());
        }
    }
}
