//! How wakes reach a scheduler: the scheduler's side of the task core's seam (`Wakes`, for task
//! wakers) and the waker of `block_on`'s own future (`MainWaker`).
//!
//! ```text
//!   task waker woken ──▶ Wakes::wake(runtime, task)
//!                          this thread is running `runtime`?  ──yes──▶ Scheduler::schedule
//!                                                               no ──▶ registry::wake_remote
//!
//!   block_on's waker woken ──▶ MainWaker: set `woken`; not on the runtime's thread? wake the
//!                              reactor through its Remote, so a blocked turn returns
//! ```

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::Wake;

use reactor::Remote;

use super::context;
use super::registry;
use super::task::waker::{RuntimeKey, Schedule};
use super::task::TaskRef;

/// The one implementation of the task core's `Schedule` seam.
pub(crate) struct Wakes;

impl Schedule for Wakes {
    #[inline]
    fn wake(runtime: RuntimeKey, task: TaskRef) {
        let woken_here = context::with_current(|current| match current {
            Some(scheduler) if scheduler.key() == runtime => {
                scheduler.schedule(task);
                true
            }
            _ => false,
        });
        if !woken_here {
            registry::wake_remote(runtime, task);
        }
    }

    fn is_current(runtime: RuntimeKey) -> bool {
        context::with_current(|current| current.is_some_and(|scheduler| scheduler.key() == runtime))
    }
}

/// The waker of `block_on`'s own future: a flag, plus a reactor wake when set from elsewhere.
pub(crate) struct MainWaker {
    /// True when the main future should be polled again. Set by wakes, cleared by `block_on`.
    pub(crate) woken: AtomicBool,
    /// The runtime whose `block_on` this is: a wake on its own thread needs no reactor wake.
    runtime: RuntimeKey,
    /// To wake the reactor when the wake comes from elsewhere.
    remote: Remote,
}

impl MainWaker {
    /// A waker for `block_on` on `runtime`, already woken so the future is polled at once.
    pub(crate) fn new(runtime: RuntimeKey, remote: Remote) -> MainWaker {
        MainWaker {
            woken: AtomicBool::new(true),
            runtime,
            remote,
        }
    }
}

impl Wake for MainWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        if !Wakes::is_current(self.runtime) {
            if let Err(err) = self.remote.wake() {
                log::debug!("cross-thread wake of block_on failed: {err}");
            }
        }
    }
}
