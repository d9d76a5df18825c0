//! The task header: everything about a task except its future, and the rules for its flags.
//!
//! # The flags and what never coexists
//!
//! A header holds one state and three flags. All of them are `Cell`s touched only on the
//! runtime's thread.
//!
//! | field      | set by                                  | cleared by                      |
//! |------------|-----------------------------------------|---------------------------------|
//! | `state`    | `Idle` at spawn; see the edges below    | never leaves `Finished`         |
//! | `queued`   | `Scheduler::schedule` (and spawn)       | `run_task` before it polls; `finish` |
//! | `aborted`  | `JoinHandle::abort`, only before `Finished` | never                       |
//! | `detached` | `JoinHandle`'s drop                     | never                           |
//!
//! ```text
//!   Idle ──(a) run_task──▶ Running ──(b) poll: Pending──▶ Idle
//!    │                        │
//!    │                        └──(c) poll: Ready or panic ──▶ Finished
//!    └──(d) cancel (aborted, or the runtime is dropped) ────▶ Finished
//! ```
//!
//! Edges (a) and (b) are `Scheduler::run_task`; (c) and (d) are `TaskCell::finish`, reached from
//! `Harness::poll` and `Harness::cancel`. [`Header::set_state`] asserts them in debug builds.
//!
//! What never coexists:
//! - `Finished` and `queued`: `finish` clears `queued`, and `schedule` never sets it on a finished
//!   task. (A stale entry in the run queue may remain; the scheduler skips it, because the slot no
//!   longer holds a task with that id.)
//! - `Finished` and a future: the future is dropped in place on the way into `Finished`.
//! - `aborted` set for the first time while `Finished`: aborting a finished task changes nothing.
//!
//! `queued` may be set while `Running` (a wake during the poll): the task is polled exactly once
//! more after the poll returns.

use std::cell::{Cell, OnceCell};
use std::fmt;
use std::task::Waker;

use super::waker::RuntimeKey;
use super::{TaskId, TaskState};
use crate::introspect::TaskStats;

/// Everything about a task except its future. Touched only on the runtime's thread.
pub(crate) struct Header {
    /// Unique for the runtime's life; never reused.
    pub(crate) id: TaskId,
    /// The runtime that owns the task: the only one that can ever poll it.
    pub(crate) runtime: RuntimeKey,
    /// The name given through `task::Builder`, for logs and dumps.
    pub(crate) name: Option<Box<str>>,
    /// This task's waker; every poll lends it to the future through its `Context`.
    pub(crate) waker: Waker,
    /// Idle, Running or Finished. Changed only through [`Header::set_state`].
    state: Cell<TaskState>,
    /// True while the task is in the run queue: a second wake adds nothing. See the module doc.
    pub(crate) queued: Cell<bool>,
    /// Set by `JoinHandle::abort`; the scheduler drops the future instead of polling it again.
    pub(crate) aborted: Cell<bool>,
    /// Set when the `JoinHandle` is dropped: nobody will ever ask for the output.
    pub(crate) detached: Cell<bool>,
    /// The task awaiting the `JoinHandle`, woken when this task finishes.
    pub(crate) join_waker: Cell<Option<Waker>>,
    /// How many times the future was polled.
    pub(crate) polls: Cell<u64>,
    /// Busy time, wakes, scheduled time, longest poll, what it parks on: kept only while
    /// introspection (or debug mode, which implies it) is on (`introspect/task_stats.rs` has
    /// the rules). Made on first use, so a task nobody watches carries one empty pointer, not
    /// some 150 bytes of figures: most programs never turn introspection on, and a server
    /// has a task per connection.
    stats: OnceCell<Box<TaskStats>>,
}

impl Header {
    pub(crate) fn new(
        id: TaskId,
        runtime: RuntimeKey,
        name: Option<Box<str>>,
        waker: Waker,
    ) -> Header {
        Header {
            id,
            runtime,
            name,
            waker,
            state: Cell::new(TaskState::Idle),
            queued: Cell::new(false),
            aborted: Cell::new(false),
            detached: Cell::new(false),
            join_waker: Cell::new(None),
            polls: Cell::new(0),
            stats: OnceCell::new(),
        }
    }

    /// The task's figures, made now if this is their first use: for introspection's hooks.
    pub(crate) fn stats(&self) -> &TaskStats {
        self.stats.get_or_init(Box::default)
    }

    /// The task's figures, if introspection ever kept any: for readers, which make none.
    pub(crate) fn kept_stats(&self) -> Option<&TaskStats> {
        self.stats.get().map(|stats| &**stats)
    }

    /// Where the task is in its life.
    pub(crate) fn state(&self) -> TaskState {
        self.state.get()
    }

    /// True once the task completed, panicked or was cancelled.
    pub(crate) fn is_finished(&self) -> bool {
        self.state.get() == TaskState::Finished
    }

    /// Moves the task along one edge of the module's diagram (asserted in debug builds).
    pub(crate) fn set_state(&self, to: TaskState) {
        let from = self.state.get();
        debug_assert!(
            matches!(
                (from, to),
                (TaskState::Idle, TaskState::Running)
                    | (TaskState::Running, TaskState::Idle)
                    | (TaskState::Running, TaskState::Finished)
                    | (TaskState::Idle, TaskState::Finished)
            ),
            "{}: no edge from {from:?} to {to:?}",
            self.label()
        );
        if to == TaskState::Finished {
            self.queued.set(false);
        }
        self.state.set(to);
    }

    /// "task 7" or `task 7 "name"`, for log lines.
    pub(crate) fn label(&self) -> TaskLabel<'_> {
        TaskLabel(self)
    }
}

/// Displays a task as `task 7` or `task 7 "name"`.
pub(crate) struct TaskLabel<'a>(&'a Header);

impl fmt::Display for TaskLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.name {
            Some(name) => write!(f, "task {} {name:?}", self.0.id),
            None => write!(f, "task {}", self.0.id),
        }
    }
}
