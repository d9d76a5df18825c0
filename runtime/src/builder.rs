//! [`Builder`]: how a runtime is configured before it starts.

use std::io;

use reactor::{Clock, Reactor};

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
}

impl Builder {
    pub(crate) fn new() -> Builder {
        Builder {
            start_paused: false,
            event_interval: DEFAULT_EVENT_INTERVAL,
        }
    }

    /// Starts the runtime with a paused clock: time stands still except when nothing can run
    /// and a timer is pending, then it jumps straight to that timer. Tests use it so that an
    /// hour-long sleep takes no real time. See [`time::advance`](crate::time::advance).
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

    /// Builds the runtime: creates the reactor (an epoll instance and an eventfd).
    pub fn build(self) -> io::Result<Runtime> {
        let clock = if self.start_paused {
            Clock::paused()
        } else {
            Clock::real()
        };
        let reactor = Reactor::with_clock(clock)?;
        Ok(Runtime::from_parts(reactor, self))
    }

    pub(crate) fn event_interval_value(&self) -> u32 {
        self.event_interval
    }
}
