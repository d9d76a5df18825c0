//! The task cell: one allocation holding a task's header, its future, and later its output.
//!
//! ```text
//!   Rc<TaskCell<F>> ──┬── as Rc<dyn Harness>        held by the scheduler's slab: poll, cancel
//!                     └── as Rc<dyn JoinTarget<T>>  held by the JoinHandle: take the output
//!
//!   TaskCell { header: Header, future: RefCell<Option<F>>, output: Cell<Output<T>> }
//!                              Some(F) ──(finish: dropped in place)──▶ None
//!                                                   output: Pending ──▶ Ready(result) ──▶ Taken
//! ```
//!
//! # Invariant: pinned in its `Rc`
//!
//! [`TaskCell::new`] is the only way to make a cell, and it returns it already inside an `Rc`.
//! Nothing ever moves a `TaskCell` out of its `Rc` (no method takes or returns one by value), so
//! the future, which lives inside the cell, never moves either. It leaves `Some(F)` only by being
//! dropped in place (`*future = None`). That is the pin contract, and the one `unsafe` block of
//! this file (in [`Harness::poll`]) relies on it.
//!
//! # Why the future and the output are kept apart
//!
//! A suspended `async` block may hold references into itself (a borrow of one of its locals,
//! kept across an `.await`). Under Rust's aliasing rules (Stacked and Tree Borrows, which Miri
//! checks) a *shared* reference to the memory of such a future, formed while it is suspended,
//! freezes those bytes, and the future's next write through its own borrow is undefined
//! behaviour. So the future is only ever reached through `&mut` (a `RefCell` borrowed mutably,
//! for one poll or for its drop), never through `&`. The output, which the `JoinHandle` reads
//! while the future may still be suspended, lives in its own field, so looking at it never
//! touches the future's memory.
//!
//! The `RefCell` is borrowed for the length of one poll. A future that somehow awaits its own
//! `JoinHandle` finds no output and stays pending (in other runtimes that is a silent deadlock
//! too); [`Harness::cancel`] of a task being polled finds the borrow taken and leaves it to the
//! scheduler, which cancels it when the poll returns.
//!
//! # Containing panics
//!
//! User code runs in three places here: the future's `poll`, the future's drop, and the output's
//! drop (a value, or a panic payload, whose `Drop` may itself panic). Each is wrapped in
//! `catch_unwind`: a panic in `poll` becomes the task's `JoinError`, a panic while dropping is
//! logged. The output of a task nobody will read (its `JoinHandle` is gone) is dropped as soon as
//! both are true, inside `catch_unwind`, so no user destructor ever runs later from the
//! scheduler's own code (tokio does the same).

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::marker::PhantomData;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use super::header::Header;
use super::waker::Schedule;
use super::{JoinError, TaskState};

/// What one poll of a task came to. The scheduler must act on it.
#[must_use = "a finished task must be removed from the scheduler"]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Polled {
    /// The future is not done; it will be polled again when woken.
    Pending,
    /// The future completed or panicked; its output (or the panic) is stored for the handle.
    Finished,
}

/// The scheduler's view of a task: poll it, or cancel it.
pub(crate) trait Harness {
    fn header(&self) -> &Header;
    /// Polls the future once, catching a panic. Returns `Finished` without polling if the task
    /// already finished.
    fn poll(&self) -> Polled;
    /// Drops the future in place and records a cancelled `JoinError`. Does nothing if the task
    /// already finished or is being polled right now.
    fn cancel(&self);
}

/// The `JoinHandle`'s view of a task: wait for the output and take it.
pub(crate) trait JoinTarget<T> {
    fn header(&self) -> &Header;
    /// # Panics
    /// If the task has not finished and this thread is not running its runtime: nothing would
    /// ever run the task, so waiting would hang forever.
    fn poll_join(&self, cx: &mut Context<'_>) -> Poll<Result<T, JoinError>>;
    /// The handle is gone: nobody will read the output, so drop it (now, or when the task
    /// finishes), logging a panic that nobody would see otherwise.
    fn detach(&self);
}

/// Where a task's result waits for its `JoinHandle`.
enum Output<T> {
    /// The task has not finished.
    Pending,
    /// Finished; the result waits for the `JoinHandle`.
    Ready(Result<T, JoinError>),
    /// The `JoinHandle` took the result, or was dropped and the result with it.
    Taken,
}

/// One task: its header, its future, and later its output, in one `Rc` allocation. `S` is
/// whoever runs it (the seam of `waker.rs`).
pub(crate) struct TaskCell<F: Future, S> {
    header: Header,
    /// The future, pinned here (see "Invariant: pinned in its `Rc`"); `None` once finished.
    /// Only ever borrowed mutably (see "Why the future and the output are kept apart").
    future: RefCell<Option<F>>,
    /// The result, once the future is gone.
    output: Cell<Output<F::Output>>,
    /// Which `Schedule` answers "is this task's runtime running here?".
    schedule: PhantomData<fn() -> S>,
}

impl<F: Future, S: Schedule> TaskCell<F, S> {
    /// A new task cell, already in the `Rc` it will never leave.
    pub(crate) fn new(header: Header, future: F) -> Rc<TaskCell<F, S>> {
        Rc::new(TaskCell {
            header,
            future: RefCell::new(Some(future)),
            output: Cell::new(Output::Pending),
            schedule: PhantomData,
        })
    }

    /// Drops the future in place, stores the result, then tells whoever waits. `future` is the
    /// cell's own future slot, borrowed by the caller.
    fn finish(&self, future: &mut Option<F>, result: Result<F::Output, JoinError>) {
        // A destructor that panics must not take the scheduler down with it.
        if panic::catch_unwind(AssertUnwindSafe(|| *future = None)).is_err() {
            log::error!(
                "{} panicked while its future was being dropped",
                self.header.label()
            );
        }
        self.output.set(Output::Ready(result));
        self.header.set_state(TaskState::Finished);
    }

    /// Runs once the future's borrow is released: wakes the joiner, or, if nobody will ever
    /// join, drops the output.
    fn notify_joiner(&self) {
        if self.header.detached.get() {
            self.drop_unread_output();
        } else if let Some(waker) = self.header.join_waker.take() {
            waker.wake();
        }
    }

    /// Drops the output of a finished task whose handle is gone, containing a panicking `Drop`.
    fn drop_unread_output(&self) {
        if !self.header.is_finished() {
            return; // still running: `notify_joiner` comes back here when it finishes
        }
        let Output::Ready(result) = self.output.replace(Output::Taken) else {
            return;
        };
        if let Err(err) = &result {
            if err.is_panic() {
                log::error!(
                    "{} panicked and its JoinHandle was dropped unread: {err}",
                    self.header.label()
                );
            }
        }
        if panic::catch_unwind(AssertUnwindSafe(|| drop(result))).is_err() {
            log::error!(
                "{} finished, and its unread output panicked while being dropped",
                self.header.label()
            );
        }
    }
}

impl<F: Future, S: Schedule> Harness for TaskCell<F, S> {
    fn header(&self) -> &Header {
        &self.header
    }

    fn poll(&self) -> Polled {
        let mut slot = self.future.borrow_mut();
        let Some(future) = slot.as_mut() else {
            return Polled::Finished;
        };
        // SAFETY: the future lives inside this cell, which never leaves its `Rc` ("Invariant:
        // pinned in its `Rc`" in the module doc), and leaves its slot only by being dropped in
        // place by `finish`. So it is never moved after this first pin: the pin contract.
        let future = unsafe { Pin::new_unchecked(future) };
        let mut cx = Context::from_waker(&self.header.waker);
        let result = match panic::catch_unwind(AssertUnwindSafe(|| future.poll(&mut cx))) {
            Ok(Poll::Pending) => return Polled::Pending,
            Ok(Poll::Ready(output)) => Ok(output),
            Err(payload) => Err(JoinError::panic(self.header.id, payload)),
        };
        self.finish(&mut slot, result);
        drop(slot);
        self.notify_joiner();
        Polled::Finished
    }

    fn cancel(&self) {
        if self.header.is_finished() {
            return;
        }
        let Ok(mut slot) = self.future.try_borrow_mut() else {
            return; // being polled right now: the scheduler cancels it when the poll returns
        };
        self.finish(&mut slot, Err(JoinError::cancelled(self.header.id)));
        drop(slot);
        self.notify_joiner();
    }
}

impl<F: Future, S: Schedule> JoinTarget<F::Output> for TaskCell<F, S> {
    fn header(&self) -> &Header {
        &self.header
    }

    fn poll_join(&self, cx: &mut Context<'_>) -> Poll<Result<F::Output, JoinError>> {
        match self.output.replace(Output::Taken) {
            Output::Ready(result) => return Poll::Ready(result),
            Output::Taken => panic!("JoinHandle polled after it returned the task's output"),
            Output::Pending => self.output.set(Output::Pending),
        }
        if !S::is_current(self.header.runtime) {
            panic!(
                "the JoinHandle of {} was awaited outside the runtime that runs it (in another \
                 runtime, or in none): the task could never finish there",
                self.header.label()
            );
        }
        let waker = match self.header.join_waker.take() {
            Some(waker) if waker.will_wake(cx.waker()) => waker,
            _ => cx.waker().clone(),
        };
        self.header.join_waker.set(Some(waker));
        Poll::Pending
    }

    fn detach(&self) {
        self.header.detached.set(true);
        drop(self.header.join_waker.take());
        self.drop_unread_output();
    }
}
