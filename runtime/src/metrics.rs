//! Counters the scheduler keeps as it runs, and the snapshot [`Runtime::metrics`] returns
//! (filled in by `Scheduler::metrics`: this module knows nothing of the scheduler).
//!
//! Every counter is a plain `Cell<u64>` bumped on the runtime's thread: no atomics, no locks, a
//! single add each. Even the cross-thread wakes are counted here, on the runtime's thread, as it
//! drains its inbox.
//!
//! [`Runtime::metrics`]: crate::Runtime::metrics

use std::cell::Cell;

/// The scheduler's running counts.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    /// Tasks spawned since the runtime started.
    pub(crate) spawned: Cell<u64>,
    /// Task polls.
    pub(crate) polls: Cell<u64>,
    /// Wakes that queued a task from the runtime's own thread.
    pub(crate) local_wakes: Cell<u64>,
    /// Task wakes that arrived through the registry's inbox, counted as the inbox is drained.
    pub(crate) remote_wakes: Cell<u64>,
}

/// A snapshot of what a runtime has done, from [`Runtime::metrics`](crate::Runtime::metrics).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Metrics {
    /// Tasks spawned since the runtime started.
    pub tasks_spawned: u64,
    /// Tasks spawned and not yet finished.
    pub tasks_alive: u64,
    /// Task polls (the main future of `block_on` is not counted).
    pub polls: u64,
    /// Wakes that queued a task from the runtime's own thread (no lock, no syscall).
    pub local_wakes: u64,
    /// Wakes that came from other threads (or from outside the runtime) through the inbox.
    pub remote_wakes: u64,
    /// Reactor turns.
    pub reactor_turns: u64,
    /// Readiness events the reactor received.
    pub reactor_events: u64,
    /// Timers that fired.
    pub timers_fired: u64,
    /// Timers pending right now.
    pub timers_pending: u64,
    /// Sources registered with the reactor right now.
    pub io_sources: u64,
    /// Blocking-pool threads running a job right now.
    pub blocking_threads_busy: u64,
    /// Blocking-pool threads waiting for a job right now.
    pub blocking_threads_idle: u64,
}
