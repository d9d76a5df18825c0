//! [`Sleep`]: a future that completes once the runtime's clock reaches a deadline.
//!
//! The first poll inserts a reactor timer with the task's waker; later polls only swap the
//! waker if the task's changed, and the poll that finds the timer gone (fired) completes without
//! reading the clock: a timer never fires before its deadline. A sleep whose deadline passed but
//! whose timer has not fired yet stays pending until the next reactor turn fires it. Dropping a
//! `Sleep` cancels its timer (O(1) in the reactor's timing wheel), which is what makes a
//! `timeout` that does not elapse cheap. A deadline already reached completes on the
//! first poll without touching the reactor at all: `sleep(Duration::ZERO)` never waits for a turn.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use reactor::{Handle, TimerKey};

use crate::introspect;
use crate::scheduler::context;
use crate::time::Instant;

/// Waits until `duration` has passed on the runtime's clock (asyncio's `asyncio.sleep`).
///
/// A duration too long to add to the clock (such as `Duration::MAX`) means "about 30 years
/// from now", in practice never (tokio clamps the same way).
///
/// # Panics
/// Outside a runtime.
pub fn sleep(duration: Duration) -> Sleep {
    let handle = context::current("runtime::time::sleep").handle().clone();
    let deadline = Instant::from_std(handle.clock().now()).saturating_add(duration);
    Sleep {
        handle,
        deadline,
        timer: None,
    }
}

/// Waits until `deadline` on the runtime's clock.
///
/// # Panics
/// Outside a runtime.
pub fn sleep_until(deadline: Instant) -> Sleep {
    let handle = context::current("runtime::time::sleep_until")
        .handle()
        .clone();
    Sleep {
        handle,
        deadline,
        timer: None,
    }
}

/// The future returned by [`sleep`] and [`sleep_until`].
#[must_use = "futures do nothing unless awaited"]
#[derive(Debug)]
pub struct Sleep {
    /// The reactor whose timer we hold.
    handle: Handle,
    /// When the sleep ends.
    deadline: Instant,
    /// The reactor timer, once the first poll inserted it; removed on completion or drop.
    timer: Option<TimerKey>,
}

impl Sleep {
    /// When this sleep ends.
    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// True once the deadline has been reached.
    pub fn is_elapsed(&self) -> bool {
        self.handle.clock().now() >= self.deadline.into_std()
    }

    /// Moves the deadline; the sleep can be awaited again afterwards.
    pub fn reset(&mut self, deadline: Instant) {
        self.deadline = deadline;
        if let Some(key) = self.timer.take() {
            self.timer = self.handle.reset_timer(key, deadline.into_std());
        }
    }
}

impl Future for Sleep {
    type Output = ();

    /// # Panics
    /// If the deadline is not reached and this is not the runtime the sleep was made in: only
    /// that runtime's reactor fires its timer, so waiting here would hang.
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if let Some(key) = self.timer {
            if self.handle.set_timer_waker(key, cx.waker()) {
                introspect::note_wait(introspect::timer(self.deadline));
                return Poll::Pending;
            }
            // No longer pending, so it fired (`reset` forgets a timer it finds gone, and only
            // we remove ours): the reactor fires a timer only once its clock has reached the
            // deadline, so there is no need to read the clock again.
            self.timer = None;
            return Poll::Ready(());
        }
        if self.is_elapsed() {
            return Poll::Ready(());
        }
        let ours = context::with_current(|current| {
            current.is_some_and(|scheduler| scheduler.handle().ptr_eq(&self.handle))
        });
        assert!(
            ours,
            "a Sleep was polled outside the runtime that made it (in another runtime, or in \
             none): only that runtime's reactor can fire its timer"
        );
        let deadline = self.deadline.into_std();
        // The first poll, or `reset` found the old timer had fired.
        self.timer = Some(self.handle.insert_timer(deadline, cx.waker().clone()));
        introspect::note_wait(introspect::timer(self.deadline));
        Poll::Pending
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        if let Some(key) = self.timer.take() {
            self.handle.remove_timer(key);
        }
    }
}
