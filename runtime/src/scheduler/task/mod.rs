//! The task core: what a task *is*, as the scheduler holds it. Nothing here knows the
//! scheduler, except through the one seam [`waker::Schedule`].
//!
//! ```text
//!   cell.rs     TaskCell: header + future + output in one Rc; Harness (poll, cancel) for the
//!               scheduler, JoinTarget (poll_join, detach) for the JoinHandle
//!   header.rs   Header: the id, the name, the waker, the state and its flags (and their rules)
//!   join.rs     JoinHandle and JoinError, the public face of a cell
//!   waker.rs    the waker's encoding (runtime key + task ref in one word), and `Schedule`
//! ```
//!
//! The life of a task, edge by edge, is drawn in the public [`task`](crate::task) module; the
//! rules for its flags are in `header.rs`.

pub(crate) mod cell;
pub(crate) mod header;
mod join;
pub(crate) mod waker;

use std::fmt;

pub use join::{JoinError, JoinHandle};

/// A task's id: unique for the life of its runtime, never reused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaskId(pub(crate) u64);

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Where a task is in its life (see the module's diagram). Whether it is also in the run queue
/// is a separate flag, because a running task can be queued again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TaskState {
    /// Waiting: either queued to run, or parked until a waker fires.
    Idle,
    /// Inside its future's `poll` right now.
    Running,
    /// Completed, panicked or cancelled; the future is gone.
    Finished,
}

/// How a waker names a task: the slab slot, plus a tag from the id that must still be there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TaskRef {
    /// The task's slot in the scheduler's slab.
    pub(crate) index: usize,
    /// The low bits of the task's id; if the slot's task has another tag, the task is gone.
    pub(crate) tag: usize,
}

impl TaskRef {
    pub(crate) fn new(index: usize, id: TaskId) -> TaskRef {
        TaskRef {
            index,
            tag: id.0 as usize & ((1 << waker::TAG_BITS) - 1),
        }
    }

    /// True when `id` is (in all likelihood) the task this reference was made for.
    pub(crate) fn names(&self, id: TaskId) -> bool {
        *self == TaskRef::new(self.index, id)
    }
}
