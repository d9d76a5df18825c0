//! A task's `Waker`: safe, `Send + Sync`, and lock-free on its own thread.
//!
//! A `std::task::Waker` may be cloned into any thread and woken there, but our tasks hold
//! `!Send` futures that must never leave the runtime's thread. So the waker does not point at
//! the task. It carries only plain, thread-safe data:
//!
//! ```text
//!   TaskWaker { task: TaskRef (slab index + task id),  shared: Arc<Shared> }
//! ```
//!
//! Waking it takes one of two paths:
//!
//! ```text
//!   on the runtime's own thread, inside it      from anywhere else
//!   ─────────────────────────────────────       ───────────────────────────────────────
//!   Scheduler::schedule(task)                   Shared::schedule_remote(task):
//!     look the task up by index, check its id,    push onto the mutex-guarded inbox,
//!     push onto the run queue unless queued       Remote::wake() (one eventfd write per burst)
//!     (no lock, no atomic, no syscall)          the scheduler drains the inbox after the turn
//!                                               that the wake ended
//! ```
//!
//! Because the waker names the task by `(index, id)` rather than by pointer, a waker that
//! outlives its task is harmless: the slot is empty or holds a task with another id, and the
//! wake is ignored. This is built on `std::task::Wake`, so there is no `unsafe` vtable here at
//! all; the price is one `Arc` per task, whose count the `Waker` contract forces to be atomic.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::Wake;

use reactor::Remote;

use crate::context;
use crate::task::TaskRef;

/// The part of a runtime that other threads may touch. Everything here is `Send + Sync`.
#[derive(Debug)]
pub(crate) struct Shared {
    /// Tasks woken from other threads (or from outside the runtime), waiting to be scheduled by
    /// the runtime's thread. Drained only after a reactor turn that saw a remote wake.
    inbox: Mutex<Vec<TaskRef>>,
    /// Wakes the reactor if it is blocked in `Poll`.
    remote: Remote,
    /// Set when the runtime is dropped: from then on every wake is ignored.
    closed: AtomicBool,
    /// Wakes that took the cross-thread path (for metrics).
    remote_wakes: AtomicU64,
}

impl Shared {
    pub(crate) fn new(remote: Remote) -> Shared {
        Shared {
            inbox: Mutex::default(),
            remote,
            closed: AtomicBool::new(false),
            remote_wakes: AtomicU64::new(0),
        }
    }

    /// Queues a wake for the runtime's thread and makes sure it is not asleep.
    pub(crate) fn schedule_remote(&self, task: TaskRef) {
        if self.closed.load(Ordering::Acquire) {
            return;
        }
        self.remote_wakes.fetch_add(1, Ordering::Relaxed);
        self.inbox
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(task);
        self.wake_reactor();
    }

    /// Ends the reactor's current (or next) blocking wait.
    pub(crate) fn wake_reactor(&self) {
        if let Err(err) = self.remote.wake() {
            // Only fails if the eventfd is gone, i.e. the runtime is being torn down.
            log::debug!("cross-thread wake failed: {err}");
        }
    }

    /// Takes every task woken from elsewhere since the last call.
    pub(crate) fn take_inbox(&self) -> Vec<TaskRef> {
        std::mem::take(
            &mut *self
                .inbox
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        )
    }

    /// From now on, wakes do nothing.
    pub(crate) fn close(&self) {
        self.closed.store(true, Ordering::Release);
        drop(self.take_inbox());
    }

    /// How many wakes took the cross-thread path.
    pub(crate) fn remote_wakes(&self) -> u64 {
        self.remote_wakes.load(Ordering::Relaxed)
    }
}

/// What a task's `Waker` holds: which task, and which runtime.
#[derive(Debug)]
pub(crate) struct TaskWaker {
    /// The task to schedule: its slab index and id.
    pub(crate) task: TaskRef,
    /// The runtime the task belongs to.
    pub(crate) shared: Arc<Shared>,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        let local = context::with_current(|current| match current {
            Some(scheduler) if Arc::ptr_eq(scheduler.shared(), &self.shared) => {
                scheduler.schedule(self.task);
                true
            }
            _ => false,
        });
        if !local {
            self.shared.schedule_remote(self.task);
        }
    }
}
