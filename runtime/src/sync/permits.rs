//! [`Permits`]: a count of permits handed out first come, first served. The engine under
//! [`Semaphore`](super::Semaphore), [`Mutex`](super::Mutex) (one permit) and the bounded
//! [`mpsc`](super::mpsc) channel (one permit per free slot).
//!
//! # Hand-off, not wake-and-race
//!
//! Releasing a permit while someone waits does not put it back in the pool: the permit goes
//! straight to the front waiter, which is then woken to find it already granted. A simpler
//! design ("wake one waiter, let it try again") lets a newcomer that happens to run first take
//! the permit, and the woken waiter goes back to the end of the queue: under load, a waiter can
//! starve. With hand-off, the pool only holds permits nobody is waiting for:
//!
//! ```text
//!   invariant (between calls):  available > 0  ⇒  nobody is queued
//! ```
//!
//! so a newcomer ([`Permits::try_acquire`], or a first poll) takes from the pool only when the
//! queue is empty. It can never barge ahead of a queued waiter.
//!
//! # One acquisition
//!
//! ```text
//!                   (1) a permit in the pool and nobody queued: take it
//!   first poll ──────────────────────────────────────────────────────────▶ Acquired
//!        │                                                                     ▲
//!        │ (2) otherwise: push_back, Pending                 (4) next poll:    │
//!        ▼                                                       Ready(Ok)     │
//!     Queued ───(3) release: the permit is handed over, waker woken──▶ Granted ┘
//!      │  │                                                             │
//!      │  └─(7) close: woken with Closed, next poll Ready(Err)          │
//!      │                                                                │
//!      └─(6) dropped: unlink, nothing to give back     (5) dropped: ◀───┘
//!                                                          release(1), the permit moves on
//! ```
//!
//! 1. [`Permits::poll_acquire`]'s fast path: no queue, no waker stored.
//! 2. Otherwise the future parks in the [`WaitList`] and keeps its key.
//! 3. [`Permits::release`] takes the permit out of the count for the front waiter, and wakes it.
//! 4. The woken future finds `Grant::Permit` in its entry and completes.
//! 5. A future dropped after its grant ([`Permits::cancel`]) releases the permit it never used:
//!    to the next waiter, or to the pool.
//! 6. A future dropped while queued just unlinks.
//! 7. [`Permits::close`] wakes every queued waiter with `Grant::Closed`.
//!
//! Every method borrows the state for a few lines and wakes only after the borrow ends, so a
//! woken task (or a waker that does something unusual) can call straight back in.

use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll, Waker};

use super::semaphore::{AcquireError, TryAcquireError};
use super::wait_list::WaitList;
use crate::coop;
use crate::introspect;

/// What a woken waiter was handed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Grant {
    /// One permit, taken out of the count on the waiter's behalf (edge 3).
    Permit,
    /// Nothing: the permits were closed while it waited (edge 7).
    Closed,
}

/// A FIFO, hand-off permit counter (see the module doc). Single-threaded: a `RefCell`.
pub(crate) struct Permits {
    /// Borrowed by each method for a few lines, never across a wake.
    state: RefCell<State>,
}

/// The count and its queue.
struct State {
    /// Permits in the pool. Non-zero only while nobody is queued (the hand-off invariant).
    available: usize,
    /// Set once by `close`; from then on new acquisitions fail. Never cleared.
    closed: bool,
    /// Futures waiting for a permit, oldest first.
    waiters: WaitList<Grant>,
}

impl Permits {
    /// A counter holding `permits` permits.
    pub(crate) fn new(permits: usize) -> Permits {
        Permits {
            state: RefCell::new(State {
                available: permits,
                closed: false,
                waiters: WaitList::new(),
            }),
        }
    }

    /// Permits in the pool now.
    pub(crate) fn available(&self) -> usize {
        self.state.borrow().available
    }

    /// True once [`Permits::close`] has been called.
    pub(crate) fn is_closed(&self) -> bool {
        self.state.borrow().closed
    }

    /// Takes a permit if one is free and nobody is queued for it; never waits.
    pub(crate) fn try_acquire(&self) -> Result<(), TryAcquireError> {
        let mut state = self.state.borrow_mut();
        if state.closed {
            Err(TryAcquireError::Closed)
        } else if state.available > 0 && state.waiters.is_empty() {
            state.available -= 1;
            Ok(())
        } else {
            Err(TryAcquireError::NoPermits)
        }
    }

    /// Edges (1) to (4) and (7). `key` is the caller's place in the queue: `None` before the
    /// first poll and after completion; the caller must hand it to [`Permits::cancel`] when it
    /// is dropped.
    pub(crate) fn poll_acquire(
        &self,
        key: &mut Option<usize>,
        cx: &mut Context<'_>,
    ) -> Poll<Result<(), AcquireError>> {
        // Spend the task's budget only on a poll that is about to complete; parking is free.
        let completes = {
            let state = self.state.borrow();
            match *key {
                Some(key) => state.waiters.is_woken(key),
                None => state.closed || (state.available > 0 && state.waiters.is_empty()),
            }
        };
        if completes {
            ready!(coop::poll_proceed(cx));
        }
        let mut state = self.state.borrow_mut();
        if let Some(queued) = *key {
            let grant = ready!(state.waiters.poll(queued, cx.waker()));
            *key = None;
            return Poll::Ready(match grant {
                Grant::Permit => Ok(()),
                Grant::Closed => Err(AcquireError(())),
            });
        }
        if state.closed {
            Poll::Ready(Err(AcquireError(())))
        } else if state.available > 0 && state.waiters.is_empty() {
            state.available -= 1;
            Poll::Ready(Ok(()))
        } else {
            *key = Some(state.waiters.push_back(cx.waker()));
            Poll::Pending
        }
    }

    /// Edges (5) and (6): the waiter holding `key` gives up. If it had already been granted a
    /// permit, the permit goes to the next waiter (or back to the pool).
    pub(crate) fn cancel(&self, key: &mut Option<usize>) {
        let Some(queued) = key.take() else { return };
        let grant = self.state.borrow_mut().waiters.remove(queued);
        if grant == Some(Grant::Permit) {
            self.release(1);
        }
    }

    /// Edge (3): returns `n` permits, handing each to the front waiter while there is one.
    ///
    /// # Panics
    /// If the count would overflow `usize`.
    pub(crate) fn release(&self, n: usize) {
        {
            let mut state = self.state.borrow_mut();
            state.available = state
                .available
                .checked_add(n)
                .expect("permit count overflowed usize");
        }
        // One waiter per round: borrow, grant, release the borrow, then wake.
        while let Some(waker) = self.grant_next() {
            waker.wake();
        }
    }

    /// Moves one permit from the pool to the front waiter; its waker, or `None` if there is
    /// nobody to serve (or nothing to give).
    fn grant_next(&self) -> Option<Waker> {
        let mut state = self.state.borrow_mut();
        if state.available == 0 {
            return None;
        }
        let waker = state.waiters.wake_front(Grant::Permit)?;
        state.available -= 1;
        Some(waker)
    }

    /// Edge (7): refuses every future acquisition and wakes every queued waiter empty-handed.
    /// Permits already held stay valid, and may still be released.
    pub(crate) fn close(&self) {
        let mut wakers = Vec::new();
        {
            let mut state = self.state.borrow_mut();
            state.closed = true;
            state.waiters.wake_all(Grant::Closed, &mut wakers);
        }
        wakers.into_iter().for_each(Waker::wake);
    }
}

impl fmt::Debug for Permits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.state.try_borrow() {
            Ok(state) => f
                .debug_struct("Permits")
                .field("available", &state.available)
                .field("closed", &state.closed)
                .field("waiters", &state.waiters)
                .finish(),
            Err(_) => f.write_str("Permits { <borrowed> }"),
        }
    }
}

/// A future for one permit, cancel-safe: dropped while queued, it leaves the queue; dropped
/// after being granted a permit, it passes the permit on.
#[derive(Debug)]
pub(crate) struct Acquire<'a> {
    /// The counter to take from.
    permits: &'a Permits,
    /// Our entry in the wait list while queued (see [`Permits::poll_acquire`]).
    key: Option<usize>,
    /// What a parked task waits on, for introspection: `mutex`, `semaphore`, `mpsc send`.
    what: &'static str,
}

impl<'a> Acquire<'a> {
    /// Waits for one of `permits`; `what` names the primitive for introspection.
    pub(crate) fn new(permits: &'a Permits, what: &'static str) -> Acquire<'a> {
        Acquire {
            permits,
            key: None,
            what,
        }
    }
}

impl Future for Acquire<'_> {
    type Output = Result<(), AcquireError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let poll = this.permits.poll_acquire(&mut this.key, cx);
        if poll.is_pending() {
            introspect::note_wait(introspect::resource(this.what));
        }
        poll
    }
}

impl Drop for Acquire<'_> {
    fn drop(&mut self) {
        self.permits.cancel(&mut self.key);
    }
}
