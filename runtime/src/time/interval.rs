//! [`Interval`]: ticks at a steady period.
//!
//! Ticks are scheduled at `start, start + period, start + 2 * period, ...`: the schedule does
//! not drift with how late each tick is handled.
//!
//! **Missed ticks are skipped.** If the task falls behind by more than a period (it was busy, or
//! a paused clock jumped), the next `tick` completes at once, and the one after waits for the
//! next point *on the original grid* after now. So a slow consumer sees one late tick, never a
//! burst of catch-up ticks. (tokio calls this `MissedTickBehavior::Skip`.)

use std::time::Duration;

use crate::time::{sleep_until, Instant, Sleep};

/// Ticks every `period`, the first tick at once.
///
/// # Panics
/// If `period` is zero, or outside a runtime.
pub fn interval(period: Duration) -> Interval {
    interval_at(Instant::now(), period)
}

/// Ticks every `period`, the first tick at `start`.
///
/// # Panics
/// If `period` is zero, or outside a runtime.
pub fn interval_at(start: Instant, period: Duration) -> Interval {
    assert!(
        !period.is_zero(),
        "an interval's period must be more than zero"
    );
    Interval {
        sleep: sleep_until(start),
        next: start,
        period,
    }
}

/// A stream of ticks at a fixed period; see [`interval`].
#[derive(Debug)]
pub struct Interval {
    /// Sleeps until `next`.
    sleep: Sleep,
    /// The instant of the next tick, always on the grid `start + k * period`.
    next: Instant,
    /// Time between ticks.
    period: Duration,
}

impl Interval {
    /// Waits for the next tick and returns the instant it was scheduled for.
    pub async fn tick(&mut self) -> Instant {
        (&mut self.sleep).await;
        let scheduled = self.next;
        let now = Instant::now();
        self.next = scheduled.saturating_add(self.period);
        if self.next <= now {
            // Behind by a period or more: skip to the first grid point after now.
            let behind = (now - scheduled).as_nanos() / self.period.as_nanos();
            let skip = u32::try_from(behind).unwrap_or(u32::MAX);
            self.next =
                scheduled.saturating_add(self.period.saturating_mul(skip.saturating_add(1)));
        }
        self.sleep.reset(self.next);
        scheduled
    }

    /// The period between ticks.
    pub fn period(&self) -> Duration {
        self.period
    }
}
