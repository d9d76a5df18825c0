//! [`Builder`]: how a runtime is configured before it starts.

use std::io;
use std::time::Duration;

use reactor::{Clock, Reactor};

use crate::blocking::{DEFAULT_BLOCKING_THREADS, DEFAULT_KEEP_ALIVE};
use crate::debug::{DebugMode, DEFAULT_SLOW_POLL_THRESHOLD};
use crate::introspect::Introspection;
use crate::scheduler::Config;
use crate::Runtime;

/// How many task polls may run between two reactor turns unless configured otherwise. The same
/// number as tokio's current-thread runtime, so that comparisons between the two are fair.
pub const DEFAULT_EVENT_INTERVAL: u32 = 61;

/// Configures and builds a [`Runtime`].
///
/// ```
/// let rt = runtime::Runtime::builder().start_paused(true).event_interval(31).build()?;
/// rt.block_on(async {
///     runtime::time::sleep(std::time::Duration::from_secs(3600)).await; // instant: paused clock
/// });
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Builder {
    /// Start with a paused clock that jumps to the next timer whenever nothing else can run.
    start_paused: bool,
    /// Task polls between two reactor turns.
    event_interval: u32,
    /// The most threads the blocking pool may start.
    blocking_threads: usize,
    /// How long an idle blocking thread lingers before exiting.
    blocking_keep_alive: Duration,
    /// Debug mode: `Some` if set explicitly, `None` to follow `RUNTIME_DEBUG`.
    debug: Option<bool>,
    /// Polls longer than this are reported in debug mode.
    slow_poll_threshold: Duration,
    /// Introspection: `Some` if set explicitly, `None` to follow `RUNTIME_INTROSPECT`.
    introspect: Option<bool>,
}

impl Builder {
    pub(crate) fn new() -> Builder {
        Builder {
            start_paused: false,
            event_interval: DEFAULT_EVENT_INTERVAL,
            blocking_threads: DEFAULT_BLOCKING_THREADS,
            blocking_keep_alive: DEFAULT_KEEP_ALIVE,
            debug: None,
            slow_poll_threshold: DEFAULT_SLOW_POLL_THRESHOLD,
            introspect: None,
        }
    }

    /// Starts the runtime with a paused clock: time stands still except when nothing can run
    /// and a timer is pending, then it jumps straight to that timer. Tests use it so that an
    /// hour-long sleep takes no real time. See [`time::advance`](crate::time::advance).
    ///
    /// The clock never jumps while a [`spawn_blocking`](crate::spawn_blocking) job is running:
    /// the runtime waits for the job, in real time, as tokio does.
    pub fn start_paused(mut self, paused: bool) -> Builder {
        self.start_paused = paused;
        self
    }

    /// How many task polls may run between two reactor turns (at least 1; default 61). Lower
    /// values check I/O and timers more often, at the price of more `epoll_wait` calls.
    pub fn event_interval(mut self, polls: u32) -> Builder {
        self.event_interval = polls.max(1);
        self
    }

    /// The most threads [`spawn_blocking`](crate::spawn_blocking) may run at once (at least 1;
    /// default 64). Further calls queue in FIFO order.
    pub fn blocking_threads(mut self, threads: usize) -> Builder {
        self.blocking_threads = threads.max(1);
        self
    }

    /// How long an idle blocking thread waits for work before it exits (default 10 s).
    pub fn blocking_keep_alive(mut self, keep_alive: Duration) -> Builder {
        self.blocking_keep_alive = keep_alive;
        self
    }

    /// Turns debug mode on or off, overriding the `RUNTIME_DEBUG` environment variable. See the
    /// [`debug`](crate::debug) module for what it reports.
    pub fn debug(mut self, enabled: bool) -> Builder {
        self.debug = Some(enabled);
        self
    }

    /// In debug mode, a task poll longer than this is reported (default 100 ms).
    pub fn slow_poll_threshold(mut self, threshold: Duration) -> Builder {
        self.slow_poll_threshold = threshold;
        self
    }

    /// Keeps the turn history and per-task figures from the start, overriding the
    /// `RUNTIME_INTROSPECT` environment variable (debug mode turns it on regardless). See the
    /// [`introspect`](crate::introspect) module; off, it costs nothing.
    pub fn introspect(mut self, enabled: bool) -> Builder {
        self.introspect = Some(enabled);
        self
    }

    /// The scheduler's part of the configuration, as a plain value.
    fn config(&self) -> Config {
        Config {
            event_interval: self.event_interval,
            blocking_threads: self.blocking_threads,
            blocking_keep_alive: self.blocking_keep_alive,
            debug: DebugMode {
                enabled: self.debug.unwrap_or_else(DebugMode::from_env),
                slow_poll_threshold: self.slow_poll_threshold,
            },
            introspect: self.introspect.unwrap_or_else(Introspection::from_env),
        }
    }

    /// Builds the runtime: creates the reactor (an epoll instance and an eventfd).
    pub fn build(self) -> io::Result<Runtime> {
        let clock = if self.start_paused {
            Clock::paused()
        } else {
            Clock::real()
        };
        let reactor = Reactor::with_clock(clock)?;
        Runtime::from_parts(reactor, self.config())
    }
}
