//! The event queue. Events are totally ordered by (time, phase, sequence number): two events
//! at the same minute run in phase order, and within a phase in the order they were
//! scheduled. Scheduling order is itself deterministic, so the whole order is.

use crate::model::Time;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// An entry of the queue, ordered earliest first.
#[derive(Debug)]
struct Entry<E> {
    time: Time,
    phase: u8,
    seq: u64,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    fn cmp(&self, other: &Self) -> Ordering {
        // BinaryHeap is a max-heap; reverse so the earliest key is on top.
        other.key().cmp(&self.key())
    }
}
impl<E> Entry<E> {
    fn key(&self) -> (Time, u8, u64) {
        (self.time, self.phase, self.seq)
    }
}

/// A priority queue of events with a deterministic total order.
#[derive(Debug)]
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
    next_seq: u64,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue {
            heap: BinaryHeap::new(),
            next_seq: 0,
        }
    }
}

impl<E> EventQueue<E> {
    /// Schedules `event` at `time` in `phase` (lower phases run first within a minute).
    pub fn push(&mut self, time: Time, phase: u8, event: E) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Entry {
            time,
            phase,
            seq,
            event,
        });
    }

    /// The time of the next event, if any.
    pub fn peek_time(&self) -> Option<Time> {
        self.heap.peek().map(|e| e.time)
    }

    /// Removes and returns the next event.
    pub fn pop(&mut self) -> Option<(Time, E)> {
        self.heap.pop().map(|e| (e.time, e.event))
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// True when nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_time_then_phase_then_insertion() {
        let mut q = EventQueue::default();
        q.push(Time(5), 1, "b");
        q.push(Time(5), 0, "a");
        q.push(Time(1), 9, "first");
        q.push(Time(5), 1, "c");
        let order: Vec<_> = std::iter::from_fn(|| q.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, vec!["first", "a", "b", "c"]);
    }
}
