//! The task cell: one allocation holding a task's header and its future, later its output.
//!
//! ```text
//!   Rc<TaskCell<F>> ──┬── as Rc<dyn Harness>        held by the scheduler's slab: poll, cancel
//!                     └── as Rc<dyn JoinTarget<T>>  held by the JoinHandle: take the output
//!
//!   TaskCell { header: Header,  stage: RefCell<Stage<F>> }
//!                                       Stage::Running(F) ──▶ Finished(Result<T, JoinError>) ──▶ Consumed
//! ```
//!
//! The stage moves forward only: the future is dropped *in place* when it completes, panics or
//! is cancelled (which is what pinning requires), and the output is moved out once, by the
//! `JoinHandle`.
//!
//! The `RefCell` around the stage is borrowed mutably for the length of one poll. A future that
//! somehow awaits its own `JoinHandle` finds it borrowed and simply stays pending (in other
//! runtimes that is a silent deadlock too); nothing else ever touches the stage while it runs.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use crate::task::{JoinError, TaskId, TaskState};

/// Everything about a task except its future. Touched only on the runtime's thread.
pub(crate) struct Header {
    /// Unique for the runtime's life; never reused.
    pub(crate) id: TaskId,
    /// The name given through `task::Builder`, for logs and dumps.
    pub(crate) name: Option<Box<str>>,
    /// This task's waker; every poll lends it to the future through its `Context`.
    pub(crate) waker: Waker,
    /// Idle, Running or Finished. Written only by the scheduler (poll) and by `complete`.
    pub(crate) state: Cell<TaskState>,
    /// True while the task's `TaskRef` is in the run queue: a second wake adds nothing.
    /// Set by `Scheduler::schedule`, cleared by the scheduler just before it polls the task.
    pub(crate) queued: Cell<bool>,
    /// Set by `JoinHandle::abort`; the scheduler drops the future instead of polling it again.
    pub(crate) aborted: Cell<bool>,
    /// Set when the `JoinHandle` is dropped: nobody will ever ask for the output.
    pub(crate) detached: Cell<bool>,
    /// The task awaiting the `JoinHandle`, woken when this task finishes.
    pub(crate) join_waker: Cell<Option<Waker>>,
    /// How many times the future was polled.
    pub(crate) polls: Cell<u64>,
    /// Total time spent inside the future's `poll`; measured only in debug mode.
    pub(crate) busy: Cell<Duration>,
}

impl Header {
    pub(crate) fn new(id: TaskId, name: Option<Box<str>>, waker: Waker) -> Header {
        Header {
            id,
            name,
            waker,
            state: Cell::new(TaskState::Idle),
            queued: Cell::new(false),
            aborted: Cell::new(false),
            detached: Cell::new(false),
            join_waker: Cell::new(None),
            polls: Cell::new(0),
            busy: Cell::new(Duration::ZERO),
        }
    }

    /// "task 7" or `task 7 "name"`, for log lines.
    pub(crate) fn label(&self) -> TaskLabel<'_> {
        TaskLabel(self)
    }
}

/// Displays a task as `task 7 "name"`.
pub(crate) struct TaskLabel<'a>(&'a Header);

impl fmt::Display for TaskLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.name {
            Some(name) => write!(f, "task {} {name:?}", self.0.id),
            None => write!(f, "task {}", self.0.id),
        }
    }
}

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
    /// Polls the future once, catching a panic. Never called once finished.
    fn poll(&self) -> Polled;
    /// Drops the future in place and records a cancelled `JoinError`. Does nothing if the task
    /// already finished.
    fn cancel(&self);
}

/// The `JoinHandle`'s view of a task: wait for the output and take it.
pub(crate) trait JoinTarget<T> {
    fn header(&self) -> &Header;
    fn poll_join(&self, cx: &mut Context<'_>) -> Poll<Result<T, JoinError>>;
    /// The handle is gone: log a panic that nobody will ever see otherwise.
    fn detach(&self);
}

enum Stage<F: Future> {
    /// Not finished. The future is pinned here: dropped in place, never moved.
    Running(F),
    /// Finished; the output waits for the `JoinHandle`.
    Finished(Result<F::Output, JoinError>),
    /// The `JoinHandle` took the output.
    Consumed,
}

/// One task: its header and its future (later its output), in one `Rc` allocation.
pub(crate) struct TaskCell<F: Future> {
    header: Header,
    stage: RefCell<Stage<F>>,
}

impl<F: Future> TaskCell<F> {
    pub(crate) fn new(header: Header, future: F) -> TaskCell<F> {
        TaskCell {
            header,
            stage: RefCell::new(Stage::Running(future)),
        }
    }

    /// Stores the final result, dropping the future in place, then tells whoever waits.
    fn finish(&self, stage: &mut Stage<F>, result: Result<F::Output, JoinError>) {
        // A destructor that panics must not take the scheduler down with it.
        if panic::catch_unwind(AssertUnwindSafe(|| *stage = Stage::Finished(result))).is_err() {
            log::error!(
                "{} panicked while its future was being dropped",
                self.header.label()
            );
        }
        self.header.state.set(TaskState::Finished);
    }

    /// Runs after the stage borrow is released: wakes the joiner, or logs an orphaned panic.
    fn notify_joiner(&self) {
        if self.header.detached.get() {
            self.detach();
        } else if let Some(waker) = self.header.join_waker.take() {
            waker.wake();
        }
    }
}

impl<F: Future> Harness for TaskCell<F> {
    fn header(&self) -> &Header {
        &self.header
    }

    fn poll(&self) -> Polled {
        let mut stage = self.stage.borrow_mut();
        let Stage::Running(future) = &mut *stage else {
            return Polled::Finished;
        };
        // SAFETY: the future lives inside this cell, which lives inside an `Rc` allocation that
        // never moves. `Stage::Running(F)` is only ever left by assigning a new stage over it
        // (`finish`), which drops `F` in place; `F` is never moved out. That is the pin contract.
        let future = unsafe { Pin::new_unchecked(future) };
        let mut cx = Context::from_waker(&self.header.waker);
        let result = match panic::catch_unwind(AssertUnwindSafe(|| future.poll(&mut cx))) {
            Ok(Poll::Pending) => return Polled::Pending,
            Ok(Poll::Ready(output)) => Ok(output),
            Err(payload) => Err(JoinError::panic(self.header.id, payload)),
        };
        self.finish(&mut stage, result);
        drop(stage);
        self.notify_joiner();
        Polled::Finished
    }

    fn cancel(&self) {
        let Ok(mut stage) = self.stage.try_borrow_mut() else {
            return; // being polled right now: the scheduler cancels it when the poll returns
        };
        if !matches!(*stage, Stage::Running(_)) {
            return;
        }
        self.finish(&mut stage, Err(JoinError::cancelled(self.header.id)));
        drop(stage);
        self.notify_joiner();
    }
}

impl<F: Future> JoinTarget<F::Output> for TaskCell<F> {
    fn header(&self) -> &Header {
        &self.header
    }

    fn poll_join(&self, cx: &mut Context<'_>) -> Poll<Result<F::Output, JoinError>> {
        if let Ok(mut stage) = self.stage.try_borrow_mut() {
            // Look before taking: a running future is pinned and must not be moved, even briefly.
            match &*stage {
                Stage::Running(_) => {}
                Stage::Consumed => panic!("JoinHandle polled after it returned the task's output"),
                Stage::Finished(_) => {
                    if let Stage::Finished(result) = std::mem::replace(&mut *stage, Stage::Consumed)
                    {
                        return Poll::Ready(result);
                    }
                }
            }
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
        if let Ok(stage) = self.stage.try_borrow() {
            if let Stage::Finished(Err(err)) = &*stage {
                if err.is_panic() {
                    log::error!(
                        "{} panicked and its JoinHandle was dropped unread: {err}",
                        self.header.label()
                    );
                }
            }
        }
    }
}
