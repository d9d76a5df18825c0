//! Timers: deadlines that wake a waker once the clock passes them.
//!
//! # The structure: an ordered map keyed by `(deadline, sequence)`
//!
//! Pending timers live in a `BTreeMap<TimerKey, Waker>`, where a [`TimerKey`] is the deadline
//! plus a sequence number taken from a counter at insertion. That one choice gives every property
//! the loop needs:
//!
//! - *Order.* The map iterates by deadline, and for equal deadlines by sequence, which is
//!   insertion order. Firing is "pop the first entry while it is due".
//! - *Cost.* Insert, cancel and reset are O(log n); finding the next deadline is O(log n) at most.
//!   A million pending timers are a million small map entries (about 40 bytes each plus node
//!   overhead), nothing more.
//! - *Safe cancellation.* Sequence numbers are never reused, so a key whose timer already fired
//!   cannot cancel someone else's timer by accident: a stale key simply finds nothing.
//!
//! What we gave up: a hierarchical timing wheel (tokio's choice) makes insert and cancel O(1) at
//! the price of coarser (1 ms) slots, cascading between levels and much more code. A binary heap
//! would be O(log n) too but cannot cancel without tombstones, and a runtime cancels most of its
//! timers (every `timeout` that does not elapse). The map is the simplest structure that meets
//! the bound, and it keeps exact deadlines.
//!
//! # Firing
//!
//! [`Timers::fire_due`] moves the wakers of every due timer into a buffer owned by the caller,
//! and does not wake them: the reactor wakes them after it has released every borrow, so a waker
//! that inserts or cancels timers from inside `wake` finds the map free.

use std::collections::BTreeMap;
use std::task::Waker;
use std::time::Instant;

/// Names one pending timer: its deadline and its unique sequence number.
///
/// Keys order by deadline first, then by sequence (insertion order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimerKey {
    /// When the timer is due.
    deadline: Instant,
    /// Unique across the reactor's life; breaks ties between equal deadlines.
    seq: u64,
}

impl TimerKey {
    /// The instant at which this timer fires.
    pub fn deadline(&self) -> Instant {
        self.deadline
    }
}

/// The set of pending timers of one reactor.
#[derive(Debug, Default)]
pub(crate) struct Timers {
    /// Every pending timer and the waker to wake when it is due. Entries leave the map when they
    /// fire or are cancelled, never otherwise.
    pending: BTreeMap<TimerKey, Waker>,
    /// The sequence number the next inserted timer gets. Only grows.
    next_seq: u64,
}

impl Timers {
    /// Adds a timer and returns its key.
    pub(crate) fn insert(&mut self, deadline: Instant, waker: Waker) -> TimerKey {
        let key = TimerKey {
            deadline,
            seq: self.next_seq,
        };
        self.next_seq += 1;
        self.pending.insert(key, waker);
        key
    }

    /// Cancels a timer; returns its waker if it was still pending (the caller drops it outside
    /// any borrow).
    pub(crate) fn remove(&mut self, key: TimerKey) -> Option<Waker> {
        self.pending.remove(&key)
    }

    /// Replaces the waker of a pending timer unless the old one would wake the same task.
    /// Returns the replaced waker (to be dropped outside any borrow), or `Err(())` if the timer is
    /// no longer pending.
    pub(crate) fn set_waker(&mut self, key: TimerKey, waker: &Waker) -> Result<Option<Waker>, ()> {
        let slot = self.pending.get_mut(&key).ok_or(())?;
        if slot.will_wake(waker) {
            return Ok(None);
        }
        Ok(Some(std::mem::replace(slot, waker.clone())))
    }

    /// The earliest deadline, if any timer is pending.
    pub(crate) fn next_deadline(&self) -> Option<Instant> {
        self.pending.first_key_value().map(|(key, _)| key.deadline)
    }

    /// Moves the wakers of every timer due at `now` into `due`, earliest first; returns how many.
    pub(crate) fn fire_due(&mut self, now: Instant, due: &mut Vec<Waker>) -> usize {
        let mut fired = 0;
        while let Some(entry) = self.pending.first_entry() {
            if entry.key().deadline > now {
                break;
            }
            due.push(entry.remove());
            fired += 1;
        }
        fired
    }

    /// How many timers are pending.
    pub(crate) fn len(&self) -> usize {
        self.pending.len()
    }
}
