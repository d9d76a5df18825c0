//! [`yield_now`]: let everything else run, including the reactor, then carry on.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::scheduler::context;

/// Gives up the thread once: the task goes behind the next reactor turn, so other tasks, I/O
/// and timers all get a chance before it runs again (asyncio's `await asyncio.sleep(0)`).
///
/// ```
/// runtime::run(async {
///     let other = runtime::spawn(async { "the other task ran" });
///     runtime::yield_now().await; // `other` runs here
///     assert!(other.is_finished());
/// });
/// ```
pub async fn yield_now() {
    YieldNow { yielded: false }.await
}

/// Pending once, then ready.
struct YieldNow {
    /// True after the first poll.
    yielded: bool,
}

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        // Deferring (rather than waking at once) puts us behind the reactor turn: a task that
        // yields in a loop cannot keep timers and sockets waiting.
        context::with_current(|current| match current {
            Some(scheduler) => scheduler.defer(cx.waker()),
            None => cx.waker().wake_by_ref(),
        });
        Poll::Pending
    }
}
