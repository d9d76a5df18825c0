//! The cooperative budget: a task that keeps finding its socket or channel ready must still
//! give the others a turn.
//!
//! Without it, a task reading from a fast peer never sees `Pending`: every read succeeds, the
//! task never returns to the scheduler, and every other connection waits. So each task poll
//! starts with a budget of [`BUDGET`] operations. Every I/O or channel operation that is about to
//! succeed calls [`poll_proceed`] first; once the budget is spent, the operation wakes the task
//! and returns `Pending` instead, so the task goes to the back of the run queue.
//!
//! 128 is tokio's figure too: large enough that a busy task does real work per poll (a budget of
//! 1 would cost a scheduler round trip per read), small enough that a hundred busy connections
//! still take turns every few microseconds.
//!
//! Outside a runtime (a future polled by hand) the budget is unlimited.

use std::cell::Cell;
use std::task::{Context, Poll};

use crate::context;

/// Operations a task may complete in one poll before it is made to yield.
pub const BUDGET: u32 = 128;

/// The budget left to the task being polled. Reset by the scheduler before each poll.
#[derive(Debug)]
pub(crate) struct Budget(Cell<u32>);

impl Budget {
    pub(crate) fn new() -> Budget {
        Budget(Cell::new(BUDGET))
    }

    /// Called by the scheduler before each task poll.
    pub(crate) fn reset(&self) {
        self.0.set(BUDGET);
    }
}

/// Spends one unit of the current task's budget: `Ready` to go ahead with the operation, or
/// `Pending` (with the task already woken, so it runs again soon) when the budget is spent.
pub fn poll_proceed(cx: &mut Context<'_>) -> Poll<()> {
    let spent = context::with_current(|current| {
        let Some(scheduler) = current else {
            return false;
        };
        let left = &scheduler.budget().0;
        match left.get() {
            0 => true,
            n => {
                left.set(n - 1);
                false
            }
        }
    });
    if spent {
        cx.waker().wake_by_ref();
        Poll::Pending
    } else {
        Poll::Ready(())
    }
}
