//! Debug mode, like asyncio's: warnings about tasks that block the loop or are left behind.
//!
//! Turn it on with [`Builder::debug(true)`](crate::Builder::debug) or by setting the environment
//! variable `RUNTIME_DEBUG=1` before the runtime is built. Then:
//!
//! - a task whose single poll takes longer than the slow-poll threshold (default 100 ms, as
//!   asyncio's `slow_callback_duration`) gets a `warn` line naming it: it blocked every other
//!   task for that long, and probably wants `spawn_blocking`;
//! - when the runtime is dropped, every task still pending is listed at `warn`, by name: work
//!   that was silently cancelled.
//!
//! Poll times are measured only in debug mode: two reads of the monotonic clock per poll cost
//! a few tens of nanoseconds, a visible share of a task that does little, so a runtime that is
//! not being debugged does not pay them. `task::dump` reports each task's polling time when they
//! are measured.

use std::fmt::Display;
use std::time::Duration;

/// The slow-poll threshold unless configured otherwise.
pub const DEFAULT_SLOW_POLL_THRESHOLD: Duration = Duration::from_millis(100);

/// The environment variable that turns debug mode on (`1`, `true` or `yes`).
pub const DEBUG_ENV: &str = "RUNTIME_DEBUG";

/// Debug-mode settings of one runtime.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DebugMode {
    /// Whether to warn at all.
    pub(crate) enabled: bool,
    /// A poll longer than this is reported.
    pub(crate) slow_poll_threshold: Duration,
}

impl DebugMode {
    /// True when `RUNTIME_DEBUG` asks for debug mode.
    pub(crate) fn from_env() -> bool {
        std::env::var(DEBUG_ENV).is_ok_and(|value| matches!(value.as_str(), "1" | "true" | "yes"))
    }

    /// Called after every poll of `task`, in debug mode only, with how long it took.
    pub(crate) fn after_poll(&self, task: &dyn Display, took: Duration) {
        if took > self.slow_poll_threshold {
            log::warn!(
                "{} blocked the runtime for {took:?} in one poll (slow_poll_threshold is {:?}); \
                 move blocking work to spawn_blocking",
                task,
                self.slow_poll_threshold
            );
        }
    }

    /// Called as the runtime is dropped, with a description of every task that never finished
    /// (collected only in debug mode).
    pub(crate) fn at_shutdown(&self, pending: &[String]) {
        if !self.enabled || pending.is_empty() {
            return;
        }
        log::warn!(
            "runtime dropped with {} task(s) still pending; they are cancelled:",
            pending.len()
        );
        for task in pending {
            log::warn!("  {task} was still pending");
        }
    }
}
