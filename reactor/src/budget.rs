//! The cooperative budget: a caller that keeps finding its source ready must still give the
//! others a turn.
//!
//! A socket whose peer keeps it full never returns `WouldBlock`. A task reading it in a loop
//! would then never see `Pending`, never return to its executor, and every other task would
//! wait. So each operation of [`Registration::poll_io`](crate::Registration::poll_io) first
//! spends one unit of a per-thread budget. The executor refills the budget (to [`BUDGET`]) with
//! [`reset`] before each task poll; once it is spent, the operation wakes its caller at once and
//! returns `Pending` instead, so the task goes to the back of the run queue.
//!
//! ```text
//!   executor: reset()  ──▶  poll the task  ──▶  each operation: poll_proceed(cx)
//!                                                  units left? yes: spend one, go ahead
//!                                                              no:  wake cx, Pending
//! ```
//!
//! Why it lives here and not in the executor: the operation loop is here, and the check sits
//! inside it, between "is it ready?" and the system call (see `registration.rs`). Anything else
//! that completes without waiting (the runtime's channels and locks) calls [`poll_proceed`] too.
//!
//! 128 is tokio's figure as well: large enough that a busy task does real work per poll (a
//! budget of 1 would cost a trip through the run queue per read), small enough that a hundred
//! busy connections still take turns every few microseconds.
//!
//! Until an executor calls [`reset`] on a thread (a reactor used with callbacks, a future polled
//! by hand), the budget there is unlimited, and [`unlimited`] restores that.
//!
//! ```
//! use std::sync::Arc;
//! use std::task::{Context, Wake, Waker};
//!
//! struct Nobody;
//! impl Wake for Nobody {
//!     fn wake(self: Arc<Self>) {}
//! }
//! let waker = Waker::from(Arc::new(Nobody));
//! let mut cx = Context::from_waker(&waker);
//! reactor::budget::reset();
//! for _ in 0..reactor::budget::BUDGET {
//!     assert!(reactor::budget::poll_proceed(&mut cx).is_ready());
//! }
//! assert!(reactor::budget::poll_proceed(&mut cx).is_pending()); // spent: yield
//! reactor::budget::unlimited();
//! ```

use std::cell::Cell;
use std::task::{Context, Poll};

/// Operations a task may complete in one poll before it is made to yield.
pub const BUDGET: u32 = 128;

thread_local! {
    /// Operations left to the task being polled on this thread. One executor runs on a thread
    /// at a time, so a thread-local is the task's budget, and reading it costs no lookup of the
    /// current executor. `u32::MAX` means unlimited: no executor is counting.
    static LEFT: Cell<u32> = const { Cell::new(u32::MAX) };
}

/// Gives the task about to be polled a full budget. An executor calls it before each poll.
pub fn reset() {
    LEFT.with(|left| left.set(BUDGET));
}

/// Lifts the limit, for when the thread leaves the executor.
pub fn unlimited() {
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
