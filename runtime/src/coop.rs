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

/// Operations a task may complete in one poll before it is made to yield.
pub const BUDGET: u32 = 128;

thread_local! {
    /// Operations left to the task being polled on this thread. One runtime runs on a thread at
    /// a time (`block_on` cannot nest), so a thread-local is the task's budget: reading it costs
    /// no lookup of the current runtime. Outside a runtime it stays at `u32::MAX`: unlimited.
    static LEFT: Cell<u32> = const { Cell::new(u32::MAX) };
}

/// Gives the task about to be polled a full budget. Called by the scheduler before each poll.
pub(crate) fn reset() {
    LEFT.with(|left| left.set(BUDGET));
}

/// Lifts the limit when the thread leaves the runtime.
pub(crate) fn unlimited() {
    LEFT.with(|left| left.set(u32::MAX));
}

/// Spends one unit of the current task's budget: `Ready` to go ahead with the operation, or
/// `Pending` (with the task already woken, so it runs again soon) when the budget is spent.
#[inline]
pub fn poll_proceed(cx: &mut Context<'_>) -> Poll<()> {
    let spent = LEFT.with(|left| match left.get() {
        0 => true,
        n => {
            left.set(n - 1);
            false
        }
    });
    if spent {
        cx.waker().wake_by_ref();
        Poll::Pending
    } else {
        Poll::Ready(())
    }
}
