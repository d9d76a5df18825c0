//! [`Notify`]: wake a task that waits for "something happened", carrying no data (the role of
//! asyncio's `Event` and `Condition`).
//!
//! There are two ways to signal:
//!
//! - [`Notify::notify_one`] wakes the longest waiter. If nobody waits, it stores a *permit*
//!   instead (at most one; more calls do not stack), and the next [`Notify::notified`] completes
//!   at once, consuming it. So a signal sent just before the other task started waiting is not
//!   lost: the usual "check the condition, then wait" race is closed.
//! - [`Notify::notify_waiters`] wakes everyone waiting now and stores nothing, like asyncio's
//!   `event.set(); event.clear()`. "Waiting" includes every `notified()` future already
//!   *created*, even if not polled yet: each records a generation number when it is made, and a
//!   `notify_waiters` since then completes it.
//!
//! # One `Notified` future
//!
//! ```text
//!           (1) first poll: a permit is stored (taken), or notify_waiters ran since creation
//!   Init ───────────────────────────────────────────────────────────────────────▶ Done
//!     │                                                                             ▲
//!     │ (2) first poll, otherwise: push_back, Pending                 (4) next poll │
//!     ▼                                                                             │
//!   Waiting ──(3) notify_one (front waiter) or notify_waiters (all)──▶ Woken(One|All)
//!     │                                                                  │
//!     └─(6) dropped: unlink               (5) dropped while Woken(One): ◀┘
//!                                         forward it (notify_one again)
//! ```
//!
//! Edge (5) keeps `notify_one` from being lost to a `select!` that dropped its waiter in the
//! same round the notification arrived: the next waiter gets it, or it is stored.
//!
//! ```
//! use std::rc::Rc;
//! use runtime::sync::Notify;
//!
//! runtime::run(async {
//!     let ready = Rc::new(Notify::new());
//!     let waiter = runtime::spawn({
//!         let ready = ready.clone();
//!         async move { ready.notified().await; "woken" }
//!     });
//!     ready.notify_one();
//!     assert_eq!(waiter.await.unwrap(), "woken");
//! });
//! ```

use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll, Waker};

use super::wait_list::WaitList;
use crate::coop;
use crate::introspect;

/// Wakes waiting tasks on demand (see the module doc). Not `Send`: share it with an `Rc`.
pub struct Notify {
    /// Borrowed for a few lines at a time, never across a wake.
    state: RefCell<State>,
}

/// The stored permit, the generation and the queue.
struct State {
    /// Set by `notify_one` when nobody waits; consumed by the next `notified()` to be polled.
    permit: bool,
    /// How many times `notify_waiters` has been called (wrapping). A `Notified` made before the
    /// latest call sees a different number and completes.
    generation: u64,
    /// Parked `Notified` futures, oldest first.
    waiters: WaitList<Wakeup>,
}

/// Which call woke a waiter: it decides whether a dropped waiter forwards its wake-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wakeup {
    /// `notify_one`: exactly one waiter was meant to see it, so it must not be lost.
    One,
    /// `notify_waiters`: everyone waiting then was meant to see it; nothing to forward.
    All,
}

impl Notify {
    /// A `Notify` with no permit stored and nobody waiting.
    pub fn new() -> Notify {
        Notify {
            state: RefCell::new(State {
                permit: false,
                generation: 0,
                waiters: WaitList::new(),
            }),
        }
    }

    /// A future that completes at the next notification (or at once if a permit is stored).
    /// It counts as waiting for [`Notify::notify_waiters`] from the moment it is created.
    pub fn notified(&self) -> Notified<'_> {
        Notified {
            notify: self,
            generation: self.state.borrow().generation,
            stage: Stage::Init,
        }
    }

    /// Wakes the longest waiter, or stores one permit if nobody waits.
    pub fn notify_one(&self) {
        let waker = {
            let mut state = self.state.borrow_mut();
            let waker = state.waiters.wake_front(Wakeup::One);
            if waker.is_none() {
                state.permit = true;
            }
            waker
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    /// Wakes every task waiting now (including `notified()` futures created but not yet
    /// polled). Stores no permit: a later `notified()` waits for the next notification.
    pub fn notify_waiters(&self) {
        let mut wakers = Vec::new();
        {
            let mut state = self.state.borrow_mut();
            state.generation = state.generation.wrapping_add(1);
            state.waiters.wake_all(Wakeup::All, &mut wakers);
        }
        wakers.into_iter().for_each(Waker::wake);
    }
}

impl Default for Notify {
    fn default() -> Notify {
        Notify::new()
    }
}

impl fmt::Debug for Notify {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.state.try_borrow() {
            Ok(state) => f
                .debug_struct("Notify")
                .field("permit", &state.permit)
                .field("waiters", &state.waiters)
                .finish(),
            Err(_) => f.write_str("Notify { <borrowed> }"),
        }
    }
}

/// The future of [`Notify::notified`]. Cancel-safe (see edges 5 and 6 in the module doc).
#[must_use = "futures do nothing unless awaited"]
pub struct Notified<'a> {
    /// The `Notify` we wait on.
    notify: &'a Notify,
    /// `Notify`'s generation when this future was made; a different one means we were
    /// included in a `notify_waiters`.
    generation: u64,
    /// Where we are: edges (1) to (4) in the module doc.
    stage: Stage,
}

/// The stages of a [`Notified`] future.
#[derive(Clone, Copy, Debug)]
enum Stage {
    /// Not polled yet: not in the queue.
    Init,
    /// Parked in the queue under this key.
    Waiting(usize),
    /// Completed; polling again returns `Ready` again.
    Done,
}

impl Future for Notified<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let poll = self.get_mut().poll_wait(cx);
        if poll.is_pending() {
            introspect::note_wait(introspect::resource("notify"));
        }
        poll
    }
}

impl Notified<'_> {
    /// The wait itself: edges (1) to (4) of the module's diagram.
    fn poll_wait(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let this = self;
        let completes = {
            let state = this.notify.state.borrow();
            match this.stage {
                Stage::Init => state.generation != this.generation || state.permit,
                Stage::Waiting(key) => state.waiters.is_woken(key),
                Stage::Done => true,
            }
        };
        if completes {
            ready!(coop::poll_proceed(cx));
        }
        let mut state = this.notify.state.borrow_mut();
        match this.stage {
            Stage::Done => {}
            Stage::Init if state.generation != this.generation => {}
            Stage::Init if state.permit => state.permit = false,
            Stage::Init => {
                this.stage = Stage::Waiting(state.waiters.push_back(cx.waker()));
                return Poll::Pending;
            }
            Stage::Waiting(key) => {
                ready!(state.waiters.poll(key, cx.waker()));
            }
        }
        this.stage = Stage::Done;
        Poll::Ready(())
    }
}

impl Drop for Notified<'_> {
    fn drop(&mut self) {
        let Stage::Waiting(key) = self.stage else {
            return;
        };
        let wakeup = self.notify.state.borrow_mut().waiters.remove(key);
        if wakeup == Some(Wakeup::One) {
            self.notify.notify_one(); // edge (5): not ours to lose
        }
    }
}

impl fmt::Debug for Notified<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Notified")
            .field("stage", &self.stage)
            .finish()
    }
}
