//! [`JoinHandle`] and [`JoinError`]: awaiting a task's output, aborting it, and what went wrong.
//!
//! A `JoinHandle<T>` is a `Future<Output = Result<T, JoinError>>`. Dropping it *detaches* the
//! task: it keeps running, and its output is dropped when it finishes. (If it panics, the panic
//! is logged at `error`, since nobody is left to see it: asyncio's "Task exception was never
//! retrieved".)

use std::any::Any;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use super::cell::JoinTarget;
use super::TaskId;

/// An owned permission to await a task's output (or abort it).
pub struct JoinHandle<T> {
    /// The task's cell, seen as "something that will produce a `T`".
    task: Rc<dyn JoinTarget<T>>,
}

impl<T> JoinHandle<T> {
    pub(crate) fn new(task: Rc<dyn JoinTarget<T>>) -> JoinHandle<T> {
        JoinHandle { task }
    }

    /// Cancels the task: its future is dropped before it would be polled again, and awaiting
    /// this handle yields a cancelled [`JoinError`]. Aborting a finished task changes nothing.
    /// A task may abort itself; its current poll finishes first.
    pub fn abort(&self) {
        let header = self.task.header();
        if !header.is_finished() && !header.aborted.replace(true) {
            log::trace!("{} aborted", header.label());
            header.waker.wake_by_ref(); // the scheduler drops it when it comes up
        }
    }

    /// True once the task has completed, panicked or been cancelled.
    pub fn is_finished(&self) -> bool {
        self.task.header().is_finished()
    }

    /// The task's id.
    pub fn id(&self) -> TaskId {
        self.task.header().id
    }
}

impl<T> Future for JoinHandle<T> {
    type Output = Result<T, JoinError>;

    /// # Panics
    /// If the task has not finished and this thread is not running its runtime: nothing would
    /// ever run the task, so waiting would hang forever.
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.task.poll_join(cx)
    }
}

impl<T> Drop for JoinHandle<T> {
    fn drop(&mut self) {
        self.task.detach();
    }
}

impl<T> fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header = self.task.header();
        f.debug_struct("JoinHandle")
            .field("id", &header.id)
            .field("state", &header.state())
            .finish()
    }
}

/// Why a task produced no output: it was cancelled, or it panicked.
pub struct JoinError {
    /// The task this error is about.
    id: TaskId,
    /// Which failure, with the panic's payload.
    repr: Repr,
}

enum Repr {
    Cancelled,
    Panic(Box<dyn Any + Send + 'static>),
}

impl JoinError {
    pub(crate) fn cancelled(id: TaskId) -> JoinError {
        JoinError {
            id,
            repr: Repr::Cancelled,
        }
    }

    pub(crate) fn panic(id: TaskId, payload: Box<dyn Any + Send + 'static>) -> JoinError {
        JoinError {
            id,
            repr: Repr::Panic(payload),
        }
    }

    /// True if the task was aborted (or its runtime dropped) before it finished.
    pub fn is_cancelled(&self) -> bool {
        matches!(self.repr, Repr::Cancelled)
    }

    /// True if the task panicked.
    pub fn is_panic(&self) -> bool {
        matches!(self.repr, Repr::Panic(_))
    }

    /// The panic's payload, to inspect or to `std::panic::resume_unwind`.
    ///
    /// # Panics
    /// If the task was cancelled rather than panicking.
    pub fn into_panic(self) -> Box<dyn Any + Send + 'static> {
        match self.repr {
            Repr::Panic(payload) => payload,
            Repr::Cancelled => panic!("JoinError::into_panic on a cancelled task ({})", self.id),
        }
    }

    /// The id of the task that failed.
    pub fn id(&self) -> TaskId {
        self.id
    }
}

/// The text of a panic payload, when it is a string (it almost always is).
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> &str {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text
    } else {
        "a non-string payload"
    }
}

impl fmt::Display for JoinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.repr {
            Repr::Cancelled => write!(f, "task {} was cancelled", self.id),
            Repr::Panic(payload) => write!(
                f,
                "task {} panicked: {}",
                self.id,
                panic_message(payload.as_ref())
            ),
        }
    }
}

impl fmt::Debug for JoinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.repr {
            Repr::Cancelled => write!(f, "JoinError::Cancelled({})", self.id),
            Repr::Panic(payload) => write!(
                f,
                "JoinError::Panic({}, {:?})",
                self.id,
                panic_message(payload.as_ref())
            ),
        }
    }
}

impl std::error::Error for JoinError {}
