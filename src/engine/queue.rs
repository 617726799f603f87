//! The event queue. Events are totally ordered by (time, phase, sequence number): two events
//! at the same minute run in phase order, and within a phase in the order they were
//! scheduled. Scheduling order is itself deterministic, so the whole order is.
//!
//! Time is whole minutes, so the queue is a calendar: one bucket per minute that has
//! events, and in each bucket one first-in-first-out list per phase. Within a (minute,
//! phase) the list's order *is* the scheduling order, so no sequence number needs storing
//! or comparing. The minutes of the run (up to a horizon, its end) index their buckets
//! directly in a vector, with a cursor on the first one that has events — the clock only
//! moves forward, so the cursor's scans add up to the run's length; minutes past the
//! horizon (a repair that would finish after the end) wait in a `BTreeMap`, or, in a queue
//! made by [`EventQueue::until`], are dropped. A binary heap of every pending event (stale
//! timers included) instead paid a dozen scattered moves per pop on a large graph, and a
//! map of every minute a search per push.

use crate::model::Time;
use std::collections::BTreeMap;

/// Phases a queue can tell apart (`0..PHASES`).
pub const PHASES: usize = 16;

/// No slot: the end of a list.
const NIL: u32 = u32::MAX;

/// The most minutes a queue indexes directly (45 days); later ones go to the map, so a
/// scenario of a huge duration costs no memory for it.
const MAX_HORIZON: u64 = 1 << 16;

/// The events of one minute: per phase, a list threaded through the slots, in scheduling
/// order.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    head: [u32; PHASES],
    tail: [u32; PHASES],
    /// Bit `p` set while phase `p` has events.
    nonempty: u16,
}

const EMPTY: Bucket = Bucket {
    head: [NIL; PHASES],
    tail: [NIL; PHASES],
    nonempty: 0,
};

/// An event waiting in the queue, and the next one of its (minute, phase).
#[derive(Debug)]
struct Slot<E> {
    event: Option<E>,
    next: u32,
}

/// A priority queue of events with a deterministic total order.
///
/// Buckets and events live in two vectors with free lists, so once the run has warmed up
/// scheduling allocates nothing.
#[derive(Debug)]
pub struct EventQueue<E> {
    /// Per minute before the horizon: its bucket, or [`NIL`].
    dense: Vec<u32>,
    /// One bit per minute of `dense`: set while it has a bucket, so the cursor skips an
    /// empty stretch 64 minutes at a time.
    occupied: Vec<u64>,
    /// The first minute of `dense` with a bucket (`dense.len()` if none has one).
    cursor: usize,
    /// Buckets of the minutes at or past the horizon.
    later: BTreeMap<Time, u32>,
    buckets: Vec<Bucket>,
    free_buckets: Vec<u32>,
    slots: Vec<Slot<E>>,
    free_slots: Vec<u32>,
    len: usize,
    /// Events after this minute are dropped when pushed (see [`EventQueue::until`]).
    last: u64,
}

impl<E> Default for EventQueue<E> {
    /// A queue without a horizon (every minute in the map).
    fn default() -> Self {
        EventQueue::with_horizon(Time::ZERO)
    }
}

impl<E> EventQueue<E> {
    /// A queue indexing the minutes before `horizon` directly (the run's end: events
    /// after it never run).
    pub fn with_horizon(horizon: Time) -> Self {
        let n = horizon.0.min(MAX_HORIZON) as usize;
        EventQueue {
            dense: vec![NIL; n],
            occupied: vec![0; n.div_ceil(64)],
            cursor: n,
            later: BTreeMap::new(),
            buckets: Vec::new(),
            free_buckets: Vec::new(),
            slots: Vec::new(),
            free_slots: Vec::new(),
            len: 0,
            last: u64::MAX,
        }
    }

    /// A queue for a run that ends at `end`: it indexes the minutes up to `end` directly
    /// and drops events scheduled after it, which would never run. On a large graph many
    /// buffer timers run out only after the end; keeping them cost a map insertion each.
    pub fn until(end: Time) -> Self {
        let mut queue = EventQueue::with_horizon(Time(end.0.saturating_add(1)));
        queue.last = end.0;
        queue
    }

    /// Schedules `event` at `time` in `phase` (lower phases run first within a minute),
    /// unless `time` is past the end of a queue made by [`EventQueue::until`].
    /// Panics if `phase` is not below [`PHASES`].
    pub fn push(&mut self, time: Time, phase: u8, event: E) {
        let p = phase as usize;
        assert!(p < PHASES, "phase {phase} out of range");
        if time.0 > self.last {
            return;
        }
        let slot = Slot {
            event: Some(event),
            next: NIL,
        };
        let k = match self.free_slots.pop() {
            Some(k) => {
                self.slots[k as usize] = slot;
                k
            }
            None => {
                self.slots.push(slot);
                (self.slots.len() - 1) as u32
            }
        };
        let (buckets, free) = (&mut self.buckets, &mut self.free_buckets);
        let mut new_bucket = || match free.pop() {
            Some(b) => b,
            None => {
                buckets.push(EMPTY);
                (buckets.len() - 1) as u32
            }
        };
        let b = if time.0 < self.dense.len() as u64 {
            let i = time.0 as usize;
            if self.dense[i] == NIL {
                self.dense[i] = new_bucket();
                self.occupied[i / 64] |= 1 << (i % 64);
            }
            self.cursor = self.cursor.min(i);
            self.dense[i]
        } else {
            *self.later.entry(time).or_insert_with(new_bucket)
        };
        let bucket = &mut self.buckets[b as usize];
        if bucket.nonempty & (1 << p) == 0 {
            bucket.head[p] = k;
            bucket.nonempty |= 1 << p;
        } else {
            self.slots[bucket.tail[p] as usize].next = k;
        }
        bucket.tail[p] = k;
        self.len += 1;
    }

    /// The time of the next event, if any.
    pub fn peek_time(&self) -> Option<Time> {
        if self.cursor < self.dense.len() {
            Some(Time(self.cursor as u64))
        } else {
            self.later.first_key_value().map(|(t, _)| *t)
        }
    }

    /// Removes and returns the next event.
    pub fn pop(&mut self) -> Option<(Time, E)> {
        let (time, b) = if self.cursor < self.dense.len() {
            (Time(self.cursor as u64), self.dense[self.cursor])
        } else {
            let (t, b) = self.later.first_key_value()?;
            (*t, *b)
        };
        let bucket = &mut self.buckets[b as usize];
        let p = bucket.nonempty.trailing_zeros() as usize;
        let k = bucket.head[p];
        let slot = &mut self.slots[k as usize];
        let event = slot.event.take().expect("a listed slot holds an event");
        bucket.head[p] = slot.next;
        if slot.next == NIL {
            bucket.nonempty &= !(1 << p);
            if bucket.nonempty == 0 {
                self.free_buckets.push(b);
                if self.cursor < self.dense.len() {
                    let i = self.cursor;
                    self.dense[i] = NIL;
                    self.occupied[i / 64] &= !(1 << (i % 64));
                    self.cursor = self.next_occupied(i);
                } else {
                    self.later.pop_first();
                }
            }
        }
        self.free_slots.push(k);
        self.len -= 1;
        Some((time, event))
    }

    /// The first occupied minute after `i` (`dense.len()` if none).
    fn next_occupied(&self, i: usize) -> usize {
        let mut word = i / 64;
        // The bits above `i` in its own word, then whole words.
        let mut bits = self.occupied[word] & (!0u64).checked_shl((i % 64) as u32 + 1).unwrap_or(0);
        loop {
            if bits != 0 {
                return (word * 64 + bits.trailing_zeros() as usize).min(self.dense.len());
            }
            word += 1;
            match self.occupied.get(word) {
                Some(&b) => bits = b,
                None => return self.dense.len(),
            }
        }
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
        // Without a horizon, within it, and across it (minute 5 past a horizon of 3).
        for horizon in [0, 3, 10] {
            let mut q = EventQueue::with_horizon(Time(horizon));
            q.push(Time(5), 1, "b");
            q.push(Time(5), 0, "a");
            q.push(Time(1), 9, "first");
            q.push(Time(5), 1, "c");
            q.push(Time(2), 0, "second");
            let order: Vec<_> = std::iter::from_fn(|| q.pop().map(|(_, e)| e)).collect();
            assert_eq!(order, vec!["first", "second", "a", "b", "c"], "{horizon}");
            assert!(q.is_empty());
            assert_eq!(q.peek_time(), None);
        }
    }

    #[test]
    fn a_queue_until_the_end_drops_what_comes_after_it() {
        let mut q = EventQueue::until(Time(10));
        q.push(Time(11), 0, "after");
        q.push(Time(10), 1, "at the end");
        q.push(Time(u64::MAX), 0, "far after");
        q.push(Time(3), 2, "before");
        assert_eq!(q.len(), 2);
        assert_eq!(q.pop(), Some((Time(3), "before")));
        assert_eq!(q.pop(), Some((Time(10), "at the end")));
        assert_eq!(q.pop(), None);
    }

    proptest! {
        /// Any interleaving of pushes and pops gives the order of a heap keyed by
        /// (time, phase, sequence), including pushes into the minute being handled.
        #[test]
        fn pops_in_the_order_of_a_keyed_heap(
            ops in proptest::collection::vec(
                (0u64..40, 0u64..3, 0u8..9, any::<bool>()),
                1..300,
            ),
            horizon in 0u64..150,
        ) {
            let mut q = EventQueue::with_horizon(Time(horizon));
            let mut heap = BinaryHeap::new();
            let mut now = 0u64;
            for (seq, (dt, far, phase, pop)) in ops.into_iter().enumerate() {
                if pop {
                    let want = heap.pop().map(|Reverse((t, _, s))| (Time(t), s));
                    let got = q.pop();
                    prop_assert_eq!(got, want);
                    if let Some((t, _)) = got {
                        now = t.0;
                    }
                } else {
                    // Never before now, as the engine schedules; some far later, past
                    // the horizon of one of the queues.
                    let t = now + dt + far * 50;
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
