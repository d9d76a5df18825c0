//! The reactor's clock: real time, or a paused clock that only moves when told to.
//!
//! Every deadline in the reactor is compared against [`Clock::now`], never against
//! `Instant::now()` directly. That one indirection is what makes a *paused* clock possible: tests
//! freeze time, and whoever drives the loop moves it forward with [`Clock::advance`] or
//! [`Clock::advance_to`], so an hour-long sleep can finish in a millisecond of real time.
//!
//! The reactor itself never advances a paused clock: it does not know whether more I/O is about
//! to arrive. That policy belongs to whoever drives the loop (the `runtime` crate advances only
//! when no task is ready and a non-blocking turn found no I/O).
//!
//! ```
//! use std::time::Duration;
//! use reactor::Clock;
//!
//! let clock = Clock::paused();
//! let start = clock.now();
//! clock.advance(Duration::from_secs(3600));
//! assert_eq!(clock.now() - start, Duration::from_secs(3600));
//! ```

use std::cell::Cell;
use std::time::{Duration, Instant};

/// A source of "now" for deadlines: the system's monotonic clock, or a frozen one.
#[derive(Debug)]
pub struct Clock {
    /// `None` while the clock follows real time; `Some(t)` while paused at virtual time `t`.
    /// Only [`Clock::pause`], [`Clock::advance`] and [`Clock::advance_to`] change it.
    frozen_at: Cell<Option<Instant>>,
}

impl Clock {
    /// A clock that follows real time.
    pub fn real() -> Clock {
        Clock {
            frozen_at: Cell::new(None),
        }
    }

    /// A clock paused at the current real instant.
    pub fn paused() -> Clock {
        Clock {
            frozen_at: Cell::new(Some(Instant::now())),
        }
    }

    /// The current time: real, or the paused clock's virtual time.
    pub fn now(&self) -> Instant {
        match self.frozen_at.get() {
            Some(frozen) => frozen,
            None => Instant::now(),
        }
    }

    /// True while the clock is paused.
    pub fn is_paused(&self) -> bool {
        self.frozen_at.get().is_some()
    }

    /// Freezes the clock at the current instant. Pausing a paused clock changes nothing.
    pub fn pause(&self) {
        if !self.is_paused() {
            self.frozen_at.set(Some(Instant::now()));
        }
    }

    /// Moves a paused clock forward by `by`.
    ///
    /// # Panics
    /// If the clock is not paused: real time cannot be moved by hand.
    pub fn advance(&self, by: Duration) {
        let frozen = self
            .frozen_at
            .get()
            .expect("Clock::advance needs a paused clock");
        self.frozen_at.set(Some(frozen + by));
    }

    /// Moves a paused clock forward to `instant`; an instant in the past changes nothing, so the
    /// clock never runs backwards.
    ///
    /// # Panics
    /// If the clock is not paused.
    pub fn advance_to(&self, instant: Instant) {
        let frozen = self
            .frozen_at
            .get()
            .expect("Clock::advance_to needs a paused clock");
        self.frozen_at.set(Some(frozen.max(instant)));
    }
}

impl Default for Clock {
    fn default() -> Clock {
        Clock::real()
    }
}
