//! What the loop did: per turn ([`Turn`]) and since the reactor was made ([`Stats`]).
//!
//! These are plain counters, bumped on the reactor thread without atomics. They exist so that a
//! learner can see the loop work (`RUST_LOG=reactor=trace` prints a [`Turn`] per turn) and so that
//! the runtime can report its metrics.

use std::fmt;
use std::time::Duration;

/// What one turn of the loop did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Turn {
    /// How long the turn was allowed to block in `Poll` (`None`: until an event).
    pub timeout: Option<Duration>,
    /// How long it actually waited in `Poll`. Measured only while trace logging is enabled (and
    /// the turn could block); zero otherwise.
    pub waited: Duration,
    /// Events mio returned, including stale ones and the cross-thread wake.
    pub events: usize,
    /// Wakers woken, for I/O readiness and for timers together.
    pub woken: usize,
    /// Timers that fired.
    pub timers_fired: usize,
    /// True when the turn was cut short by a cross-thread wake.
    pub remote_wake: bool,
}

impl Turn {
    /// True when the turn delivered nothing at all: no event, no timer.
    pub fn is_idle(&self) -> bool {
        self.events == 0 && self.timers_fired == 0
    }
}

impl fmt::Display for Turn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "waited {:?} (timeout {:?}): {} events, {} timers fired, {} wakers woken{}",
            self.waited,
            self.timeout,
            self.events,
            self.timers_fired,
            self.woken,
            if self.remote_wake {
                ", woken from another thread"
            } else {
                ""
            }
        )
    }
}

/// Counters since the reactor was made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Turns of the loop.
    pub turns: u64,
    /// Events mio returned.
    pub events: u64,
    /// Events whose token named a freed slot, and were ignored.
    pub stale_events: u64,
    /// Wakers woken by readiness or timers.
    pub woken: u64,
    /// Timers that fired.
    pub timers_fired: u64,
    /// Turns ended by a cross-thread wake.
    pub remote_wakes: u64,
}

impl Stats {
    /// Adds one turn's figures.
    pub(crate) fn record(&mut self, turn: &Turn, stale_events: usize) {
        self.turns += 1;
        self.events += turn.events as u64;
        self.stale_events += stale_events as u64;
        self.woken += turn.woken as u64;
        self.timers_fired += turn.timers_fired as u64;
        self.remote_wakes += u64::from(turn.remote_wake);
    }
}
