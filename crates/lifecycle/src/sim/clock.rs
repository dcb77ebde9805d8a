//! Virtual time and the event queue: integer milliseconds since the pod was created, and a
//! `BinaryHeap` ordered by (time, sequence) so simultaneous events keep FIFO order (nexosim's rule).

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::fmt;

/// Simulated time: milliseconds since the pod's creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimTime(pub i64);

impl SimTime {
    /// The pod's creation.
    pub const ZERO: SimTime = SimTime(0);

    /// From whole seconds.
    pub const fn from_secs(s: i64) -> Self {
        SimTime(s.saturating_mul(1000))
    }

    /// Milliseconds since creation.
    pub const fn ms(self) -> i64 {
        self.0
    }

    /// This time moved forward by `ms` (saturating; negative moves are clamped to zero).
    pub const fn plus(self, ms: i64) -> Self {
        SimTime(self.0.saturating_add(if ms < 0 { 0 } else { ms }))
    }

    /// Milliseconds from `earlier` to `self`.
    pub const fn since(self, earlier: SimTime) -> i64 {
        self.0.saturating_sub(earlier.0)
    }

    /// Seconds with millisecond precision, as the trace prints them (`0.0`, `1.2`, `66.543`).
    pub fn secs_text(self) -> String {
        let neg = self.0 < 0;
        let a = self.0.unsigned_abs();
        let frac = format!("{:03}", a % 1000);
        let frac = frac.trim_end_matches('0');
        format!("{}{}.{}", if neg { "-" } else { "" }, a / 1000, if frac.is_empty() { "0" } else { frac })
    }
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}s", self.secs_text())
    }
}

struct Entry<E> {
    at: SimTime,
    seq: u64,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.at == other.at && self.seq == other.seq
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    // BinaryHeap is a max-heap: reverse so the earliest (then first scheduled) pops first.
    fn cmp(&self, other: &Self) -> Ordering {
        other.at.cmp(&self.at).then_with(|| other.seq.cmp(&self.seq))
    }
}

/// A discrete-event queue with a current time that never goes back.
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
    seq: u64,
    now: SimTime,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue { heap: BinaryHeap::new(), seq: 0, now: SimTime::ZERO }
    }
}

impl<E> EventQueue<E> {
    /// An empty queue at time zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// The time of the last event popped.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Schedules `event` at `at`; a time in the past is a bug, clamped to now in release builds.
    pub fn schedule(&mut self, at: SimTime, event: E) {
        debug_assert!(at >= self.now, "scheduling in the past: {at} < {}", self.now);
        let at = if at < self.now { self.now } else { at };
        self.seq += 1;
        self.heap.push(Entry { at, seq: self.seq, event });
    }

    /// Schedules `event` `delay_ms` from now.
    pub fn after(&mut self, delay_ms: i64, event: E) {
        let at = self.now.plus(delay_ms);
        self.schedule(at, event);
    }

    /// The time of the next event, if any.
    pub fn peek_time(&self) -> Option<SimTime> {
        self.heap.peek().map(|e| e.at)
    }

    /// Pops the next event and advances the clock to it.
    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        let e = self.heap.pop()?;
        self.now = e.at;
        Some((e.at, e.event))
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
    fn fifo_ties_and_order() {
        let mut q = EventQueue::new();
        q.schedule(SimTime(5), "b");
        q.schedule(SimTime(1), "a");
        q.schedule(SimTime(5), "c");
        let order: Vec<_> = std::iter::from_fn(|| q.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, ["a", "b", "c"]);
    }

    #[test]
    fn secs_text() {
        assert_eq!(SimTime(0).secs_text(), "0.0");
        assert_eq!(SimTime(1200).secs_text(), "1.2");
        assert_eq!(SimTime(66_543).secs_text(), "66.543");
        assert_eq!(SimTime(600_000).secs_text(), "600.0");
    }
}
