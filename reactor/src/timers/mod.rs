//! Timers: deadlines that wake a waker once the clock passes them.
//!
//! # The structure: a hierarchical timing wheel
//!
//! Pending timers sit in a timing wheel (Varghese and Lauck, 1987; what tokio and the Linux
//! kernel use): six rings of 64 slots. Ring 0 has a slot per millisecond of the next 64 ms,
//! ring 1 a slot per 64 ms of the next 4 s, and so on, each ring 64 times coarser than the one
//! below; timers beyond the top ring's 795 days wait in an overflow list.
//!
//! ```text
//!                       elapsed (the wheel's now, in ms)
//!                          │
//!   level 0  1 ms slots  [ │ 12 13 14 15 ...                            63 ]  next 64 ms
//!   level 1  64 ms       [ 0 ... │ 3  4  5 ...                          63 ]  next 4 s
//!   level 2  4 s         [ 0 │  1  2 ...                                63 ]  next 4.4 min
//!   ...                    each slot a list of timers, in insertion order
//!   level 5  12 days     [ │ 1 ...                                      63 ]  next 795 days
//!   overflow             [ everything further ]
//! ```
//!
//! A slot is a linked list threaded through the timers' entries (`entries.rs`); where a timer
//! goes, how time advances and when a coarse slot's timers move down a ring is `wheel.rs`.
//!
//! Why a wheel and not an ordered map (what this file used before): a `BTreeMap` keyed by
//! deadline pays O(log n) per insert, cancel and fire, and at a million timers each of those
//! levels is a node somewhere in memory, a cache miss. The wheel pays O(1): an insert computes
//! its slot from the deadline's bits and appends to a list; a cancel unlinks; firing takes a
//! whole slot at once. A timer is moved down at most once per ring it starts above, and most
//! never are: a timeout that is cancelled (the common fate of a timeout) leaves from where it
//! was put. The price is more code than a map, and a next deadline known only to the slot
//! (below).
//!
//! # Rules the loop relies on
//!
//! - *Never early.* An entry keeps its exact deadline; the current millisecond's slot fires
//!   only the entries whose deadline has passed, so a timer fires at the first turn that reads
//!   the clock at or after its deadline, as with the map.
//! - *Ties in insertion order.* Timers with equal deadlines are always in the same list, which
//!   is first in, first out through every move. (Timers due in the same millisecond fire in
//!   insertion order, not sorted to the nanosecond: they are all woken in the same turn.)
//! - *A past deadline fires on the next turn*: it goes into the current slot.
//! - *The next deadline is never late.* [`Timers::next_deadline`] is exact when the earliest
//!   timer is in the current millisecond, and otherwise the start of the earliest occupied slot:
//!   at most a millisecond early at level 0, one slot of its ring early above. A turn that wakes
//!   at a slot's start moves that slot's timers down and sleeps again, never past a deadline.
//! - *Safe cancellation.* A [`TimerKey`] carries a generation; a key whose timer fired or was
//!   cancelled finds a different one and removes nothing.
//!
//! # Firing
//!
//! [`Timers::fire_due`] moves the wakers of every due timer into a buffer owned by the caller,
//! and does not wake them: the reactor wakes them after it has released every borrow, so a waker
//! that inserts or cancels timers from inside `wake` finds the wheel free.
//!
//! ```
//! use std::sync::Arc;
//! use std::task::{Wake, Waker};
//! use std::time::Duration;
//! use reactor::{Clock, Reactor};
//!
//! struct Nobody;
//! impl Wake for Nobody {
//!     fn wake(self: Arc<Self>) {}
//! }
//!
//! let mut reactor = Reactor::with_clock(Clock::paused())?;
//! let handle = reactor.handle();
//! let start = handle.clock().now();
//! handle.insert_timer(start + Duration::from_millis(1500), Waker::from(Arc::new(Nobody)));
//! // The earliest occupied slot is a 64 ms slot of level 1 that begins at 1472 ms:
//! assert_eq!(handle.next_timer_deadline(), Some(start + Duration::from_millis(1472)));
//! handle.clock().advance(Duration::from_millis(1472));
//! assert_eq!(reactor.turn(Some(Duration::ZERO))?.timers_fired, 0); // moved down to level 0
//! assert_eq!(reactor.handle().next_timer_deadline(), Some(start + Duration::from_millis(1500)));
//! # Ok::<(), std::io::Error>(())
//! ```

mod entries;
#[cfg(test)]
mod tests;
mod wheel;

use std::task::Waker;
use std::time::{Duration, Instant};

use entries::Entries;
use wheel::Wheel;

/// Names one pending timer: its entry and that entry's generation when it was inserted.
///
/// Eight bytes, cheap to keep in every sleeping future. A key outlives its timer harmlessly:
/// once the timer fired or was cancelled, removing by the key does nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TimerKey {
    /// The entry's index in the slab.
    index: u32,
    /// The entry's generation at insertion; differs once the entry was freed.
    generation: std::num::NonZeroU32,
}

/// The set of pending timers of one reactor.
#[derive(Debug)]
pub(crate) struct Timers {
    /// Tick 0 of the wheel: the clock's time when the reactor was made. Deadlines are kept as
    /// nanoseconds after it (a deadline before it counts as at it).
    origin: Instant,
    /// Every timer's entry; a timer is linked into exactly one list of `wheel` while pending.
    entries: Entries,
    /// The slots and the wheel's notion of now.
    wheel: Wheel,
    /// How many timers are pending.
    len: usize,
}

impl Timers {
    /// No timers; ticks count from `origin`.
    pub(crate) fn new(origin: Instant) -> Timers {
        Timers {
            origin,
            entries: Entries::new(),
            wheel: Wheel::new(),
            len: 0,
        }
    }

    /// Adds a timer and returns its key.
    pub(crate) fn insert(&mut self, deadline: Instant, waker: Waker) -> TimerKey {
        let (index, generation) = self.entries.alloc(self.nanos(deadline), waker);
        self.wheel.insert(&mut self.entries, index);
        self.len += 1;
        TimerKey { index, generation }
    }

    /// Cancels a timer; returns its waker if it was still pending (the caller drops it outside
    /// any borrow).
    pub(crate) fn remove(&mut self, key: TimerKey) -> Option<Waker> {
        self.entries.get_mut(key.index, key.generation)?;
        self.wheel.remove(&mut self.entries, key.index);
        self.len -= 1;
        self.entries.free(key.index)
    }

    /// Replaces the waker of a pending timer unless the old one would wake the same task.
    /// Returns the replaced waker (to be dropped outside any borrow), or `Err(())` if the timer is
    /// no longer pending.
    pub(crate) fn set_waker(&mut self, key: TimerKey, waker: &Waker) -> Result<Option<Waker>, ()> {
        let entry = self.entries.get_mut(key.index, key.generation).ok_or(())?;
        let slot = entry.waker.as_mut().ok_or(())?;
        if slot.will_wake(waker) {
            return Ok(None);
        }
        Ok(Some(std::mem::replace(slot, waker.clone())))
    }

    /// No later than the earliest deadline, if any timer is pending: exact within the current
    /// millisecond, the start of the earliest occupied slot otherwise (see the module doc).
    pub(crate) fn next_deadline(&self) -> Option<Instant> {
        let nanos = self.wheel.next_expiration()?;
        Some(
            self.origin
                .checked_add(Duration::from_nanos(nanos))
                .unwrap_or(self.origin),
        )
    }

    /// Moves the wakers of every timer due at `now` into `due`, in time order (ties in insertion
    /// order); returns how many.
    pub(crate) fn fire_due(&mut self, now: Instant, due: &mut Vec<Waker>) -> usize {
        let before = due.len();
        let now = self.nanos(now);
        self.wheel.advance(&mut self.entries, now, due);
        let fired = due.len() - before;
        self.len -= fired;
        fired
    }

    /// How many timers are pending.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// `instant` as nanoseconds after the origin: 0 before it, `u64::MAX` (584 years) at most.
    fn nanos(&self, instant: Instant) -> u64 {
        let since = instant.saturating_duration_since(self.origin);
        u64::try_from(since.as_nanos()).unwrap_or(u64::MAX)
    }
}
