//! [`WaitList`]: the FIFO queue of parked futures behind every primitive in this module.
//!
//! A future that cannot finish yet (a `lock()` on a held mutex, a `send()` on a full channel)
//! joins the back of a wait list and keeps the *key* it was given. A releaser wakes the front
//! entry and leaves a note in it (a [`Grant`](super::permits::Grant), say) saying what the waiter
//! was given. The waiter reads the note the next time it is polled.
//!
//! # One waiter's entry
//!
//! ```text
//!                (1) push_back                 (2) wake_front / wake_all
//!   (no entry) ───────────────▶ Queued{waker} ─────────────────────────────▶ Woken(note)
//!       ▲                           │                                          │
//!       │    (3) remove: gave up    │                                          │
//!       ├───────────────────────────┘                                          │
//!       │    (4) poll: Ready(note), or remove: Some(note) to pass on           │
//!       └──────────────────────────────────────────────────────────────────────┘
//! ```
//!
//! 1. The waiting future parks: its waker is cloned into the list, at the back.
//! 2. A releaser unlinks the front entry, stores the note and takes the waker out to wake it
//!    (after releasing its borrow). The entry stays in the slab: the key is still the waiter's.
//! 3. A future dropped while queued unlinks itself: nobody will ever hand it anything.
//! 4. The waiter consumes the note, or, dropped after being woken but before it ran, gets the
//!    note back from `remove` so it can pass the grant on: a dropped future never takes a
//!    permit, a lock or a notification with it.
//!
//! Only the waiter ever removes its entry, so a key names the same entry for as long as the
//! waiter holds it (the slab cannot reuse the slot under it).
//!
//! # Why a linked list in a slab
//!
//! Waiters leave from the front (woken) but also from anywhere (cancelled by a `select!` or a
//! timeout). The entries form a doubly linked list threaded through a [`Slab`] by index, so both
//! are O(1), and the slab's storage is reused: once it has grown to the largest crowd of
//! waiters, parking allocates nothing.

use std::fmt;
use std::task::{Poll, Waker};

use slab::Slab;

/// The index that means "no entry" in a `prev`/`next` link.
const NIL: usize = usize::MAX;

/// A FIFO of parked wakers, each tagged with a key its future holds (see the module doc).
///
/// `N` is the note a woken waiter finds: what it was handed.
pub(crate) struct WaitList<N> {
    /// Every entry, queued or woken, by key. An entry leaves only through [`WaitList::poll`] or
    /// [`WaitList::remove`], called by the future that holds its key.
    entries: Slab<Entry<N>>,
    /// Key of the longest-queued entry, or `NIL`. Only `Queued` entries are linked.
    head: usize,
    /// Key of the most recently queued entry, or `NIL`.
    tail: usize,
    /// How many entries are `Queued` (the woken ones are not counted).
    queued: usize,
}

/// One waiter's entry.
enum Entry<N> {
    /// Still waiting, linked into the queue between `prev` and `next`.
    Queued {
        /// Woken by the releaser that picks this entry; refreshed when the future is re-polled
        /// with a different waker.
        waker: Waker,
        /// The entry queued just before this one, or `NIL` at the head.
        prev: usize,
        /// The entry queued just after this one, or `NIL` at the tail.
        next: usize,
    },
    /// Unlinked and woken; holds what the waiter was handed until it comes to read it.
    Woken(N),
}

impl<N> WaitList<N> {
    /// An empty list.
    pub(crate) fn new() -> WaitList<N> {
        WaitList {
            entries: Slab::new(),
            head: NIL,
            tail: NIL,
            queued: 0,
        }
    }

    /// True when nobody is queued (woken entries not yet read do not count).
    pub(crate) fn is_empty(&self) -> bool {
        self.queued == 0
    }

    /// Edge (1): parks `waker` at the back and returns the key of its entry.
    pub(crate) fn push_back(&mut self, waker: &Waker) -> usize {
        let key = self.entries.insert(Entry::Queued {
            waker: waker.clone(),
            prev: self.tail,
            next: NIL,
        });
        match self.tail {
            NIL => self.head = key,
            tail => self.set_next(tail, key),
        }
        self.tail = key;
        self.queued += 1;
        key
    }

    /// True if the entry `key` has been woken (its note is waiting to be read).
    pub(crate) fn is_woken(&self, key: usize) -> bool {
        matches!(self.entries[key], Entry::Woken(_))
    }

    /// Edge (4), for a waiter polled again: `Ready(note)` if it was woken (the entry is then
    /// gone and the key dead), otherwise `Pending` with the stored waker refreshed.
    pub(crate) fn poll(&mut self, key: usize, waker: &Waker) -> Poll<N> {
        match &mut self.entries[key] {
            Entry::Queued { waker: stored, .. } => {
                // A task's waker is the same on every poll, but a future moved into another
                // task (or polled by a combinator with its own waker) must be found there.
                if !stored.will_wake(waker) {
                    stored.clone_from(waker);
                }
                Poll::Pending
            }
            Entry::Woken(_) => match self.entries.remove(key) {
                Entry::Woken(note) => Poll::Ready(note),
                Entry::Queued { .. } => unreachable!("matched as woken just above"),
            },
        }
    }

    /// Edges (3) and (4), for a waiter that gives up: removes the entry and returns the note it
    /// had been handed, if it was woken, so the caller can pass it on.
    #[must_use = "a woken waiter's note (a permit, a notification) must be passed on"]
    pub(crate) fn remove(&mut self, key: usize) -> Option<N> {
        if let Entry::Queued { .. } = self.entries[key] {
            self.unlink(key);
        }
        match self.entries.remove(key) {
            Entry::Queued { .. } => None,
            Entry::Woken(note) => Some(note),
        }
    }

    /// Edge (2): wakes the longest-queued waiter, leaving `note` for it. Returns its waker, for
    /// the caller to wake once it has released its borrows; `None` if nobody is queued.
    #[must_use = "the waiter was handed something: wake it, after releasing the borrow"]
    pub(crate) fn wake_front(&mut self, note: N) -> Option<Waker> {
        let key = self.head;
        if key == NIL {
            return None;
        }
        self.unlink(key);
        match std::mem::replace(&mut self.entries[key], Entry::Woken(note)) {
            Entry::Queued { waker, .. } => Some(waker),
            Entry::Woken(_) => unreachable!("only queued entries are linked"),
        }
    }

    /// Edge (2) for everyone queued now, in order: their wakers are appended to `wakers`, for
    /// the caller to wake once it has released its borrows.
    pub(crate) fn wake_all(&mut self, note: N, wakers: &mut Vec<Waker>)
    where
        N: Clone,
    {
        wakers.reserve(self.queued);
        while let Some(waker) = self.wake_front(note.clone()) {
            wakers.push(waker);
        }
    }

    /// Takes the queued entry `key` out of the links (it stays in the slab).
    fn unlink(&mut self, key: usize) {
        let Entry::Queued { prev, next, .. } = self.entries[key] else {
            unreachable!("only queued entries are linked")
        };
        match prev {
            NIL => self.head = next,
            prev => self.set_next(prev, next),
        }
        match next {
            NIL => self.tail = prev,
            next => self.set_prev(next, prev),
        }
        self.queued -= 1;
    }

    fn set_next(&mut self, key: usize, to: usize) {
        if let Entry::Queued { next, .. } = &mut self.entries[key] {
            *next = to;
        }
    }

    fn set_prev(&mut self, key: usize, to: usize) {
        if let Entry::Queued { prev, .. } = &mut self.entries[key] {
            *prev = to;
        }
    }
}

impl<N> fmt::Debug for WaitList<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WaitList")
            .field("queued", &self.queued)
            .field("woken", &(self.entries.len() - self.queued))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::task::Wake;

    struct Noop;

    impl Wake for Noop {
        fn wake(self: Arc<Self>) {}
    }

    fn waker() -> Waker {
        Waker::from(Arc::new(Noop))
    }

    #[test]
    fn wakes_in_arrival_order_and_skips_the_removed() {
        let mut list = WaitList::new();
        let keys: Vec<usize> = (0..4).map(|_| list.push_back(&waker())).collect();
        assert_eq!(list.remove(keys[1]), None);
        for (n, &key) in [keys[0], keys[2], keys[3]].iter().enumerate() {
            assert!(list.wake_front(n).is_some());
            assert!(list.is_woken(key));
        }
        assert!(list.is_empty() && list.wake_front(9).is_none());
        assert_eq!(list.poll(keys[2], &waker()), Poll::Ready(1));
        assert_eq!(
            list.remove(keys[3]),
            Some(2),
            "a woken waiter gets its note back"
        );
    }

    #[test]
    fn removing_the_tail_then_pushing_keeps_the_links_whole() {
        let mut list = WaitList::new();
        let a = list.push_back(&waker());
        let b = list.push_back(&waker());
        assert_eq!(list.remove(b), None);
        let c = list.push_back(&waker());
        let mut woken = Vec::new();
        list.wake_all((), &mut woken);
        assert_eq!(woken.len(), 2);
        assert!(list.is_woken(a) && list.is_woken(c));
    }
}
