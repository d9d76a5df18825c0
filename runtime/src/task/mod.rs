//! Tasks: futures the runtime owns and polls, asyncio's `Task`.
//!
//! [`spawn`](crate::spawn) hands a future to the runtime and returns a [`JoinHandle`]. The
//! future need not be `Send`: it never leaves the runtime's thread.
//!
//! # A task's life
//!
//! ```text
//!                  (1) spawn
//!                      │
//!                      ▼
//!      ┌──────▶ Idle, queued ──(2) Scheduler::run_task: dequeue, poll──▶ Running
//!      │            ▲                                                  │  │  │
//!      │            └────────(3) Waker::wake during the poll ──────────┘  │  │
//!      │                          (queued again; polled once more later)  │  │
//!      │                                                                  │  │
//!      └──(5) Waker::wake ── Idle, not queued ◀──(4) poll: Pending ───────┘  │
//!                                                                            │
//!                 (6) poll: Ready, or the future panicked                    │
//!                 (7) JoinHandle::abort, then the next dequeue: Harness::cancel
//!                                                                            ▼
//!                                    Finished ──(8) JoinHandle polled──▶ output taken
//! ```
//!
//! 1. `Scheduler::spawn` stores the task in the slab and queues it.
//! 2. `run_task` clears `queued`, sets `Running` and calls `Harness::poll`.
//! 3. A wake while `Running` sets `queued` and pushes the task again: it will be polled exactly
//!    once more after this poll returns, however many wakes come.
//! 4. `Pending`: the task is `Idle` and costs nothing until woken.
//! 5. The task's waker (`scheduler/task/waker.rs`, then `scheduler/wakes.rs`) calls
//!    `Scheduler::schedule`: `queued` set, pushed to the back of the run queue (FIFO). A second
//!    wake before it runs finds `queued` set and adds nothing; a wake from another thread goes
//!    through the runtime's registry slot (`scheduler/registry.rs`) first.
//! 6. `Ready` or a caught panic: the future is dropped in place, the result stored, the joiner
//!    woken, the task removed from the slab.
//! 7. `abort` sets `aborted` and wakes the task; instead of polling it, the scheduler drops the
//!    future (`Harness::cancel`) and stores a cancelled [`JoinError`].
//! 8. The [`JoinHandle`] takes the output out of the cell, once.
//!
//! A wake for a task that is `Finished` (or whose slot now holds another task) finds a different
//! id in the slab and is ignored.

mod builder;
mod dump;
mod join_set;

pub use crate::scheduler::task::{JoinError, JoinHandle, TaskId, TaskState};
pub use builder::Builder;
pub use dump::{dump, TaskInfo};
pub use join_set::JoinSet;
