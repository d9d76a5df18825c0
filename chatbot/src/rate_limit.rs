//! A token bucket: how many lines a client may send, and how fast.
//!
//! Every line a client sends is copied to everyone in its room, so one
//! client pasting a novel costs the server, and the room, a lot. The bucket
//! lets a client talk in bursts but not flood:
//!
//! - the bucket holds up to `burst` tokens and starts full;
//! - it refills at `lines_per_sec` tokens per second, never above `burst`;
//! - each line takes one token; with no token left, the line must wait.
//!
//! Tokens are measured in time rather than counted: one line costs
//! `1s / lines_per_sec`, and the bucket holds up to `burst` lines' worth of
//! that. Refilling is then just "add the time that passed", with no
//! fractions of a token to round, and "how long until the next token" is a
//! subtraction.
//!
//! The bucket never reads a clock. Every call takes the current `Instant`
//! from the caller, so tests can step time forward by exact amounts instead
//! of sleeping.
//!
//! When [`TokenBucket::try_take`] says [`Admission::Denied`], it also says
//! how long to wait. The gentle response is backpressure: stop reading from
//! that client for `retry_after`. Its unread bytes wait in the kernel, TCP
//! flow control eventually slows the sender, and no line is lost. The
//! server could instead drop the line with a `! ...` complaint; that is a
//! policy choice, not the bucket's.
//!
//! A rate of 0 means "no limit": every line is admitted.
//!
//! ```
//! use chatbot::rate_limit::{Admission, RateLimit, TokenBucket};
//! use std::time::{Duration, Instant};
//!
//! let start = Instant::now();
//! let mut bucket = TokenBucket::new(RateLimit { lines_per_sec: 2, burst: 1 }, start);
//! assert_eq!(bucket.try_take(start), Admission::Granted);
//! assert_eq!(
//!     bucket.try_take(start),
//!     Admission::Denied { retry_after: Duration::from_millis(500) }
//! );
//! assert_eq!(bucket.try_take(start + Duration::from_millis(500)), Admission::Granted);
//! ```

use std::time::{Duration, Instant};

/// How many seconds of traffic the default burst allows at full rate.
pub const BURST_SECONDS: u32 = 5;

/// A rate limit setting: sustained rate and burst size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Sustained lines per second; 0 turns limiting off.
    pub lines_per_sec: u32,
    /// Lines that may arrive back to back after a quiet spell. A burst of
    /// 0 is treated as 1, since a bucket that can never hold a token would
    /// refuse every line forever.
    pub burst: u32,
}

impl RateLimit {
    /// No limit at all.
    pub const OFF: RateLimit = RateLimit {
        lines_per_sec: 0,
        burst: 0,
    };

    /// `lines_per_sec`, with a burst of [`BURST_SECONDS`] seconds' worth of
    /// lines. This is what `--rate-limit N` means.
    pub fn per_second(lines_per_sec: u32) -> RateLimit {
        RateLimit {
            lines_per_sec,
            burst: lines_per_sec.saturating_mul(BURST_SECONDS),
        }
    }

    /// Whether this setting admits everything.
    pub fn is_off(self) -> bool {
        self.lines_per_sec == 0
    }
}

impl Default for RateLimit {
    /// 20 lines per second with a burst of 100: far above anyone typing,
    /// and enough for a pasted screenful, but not for a flood.
    fn default() -> RateLimit {
        RateLimit::per_second(20)
    }
}

/// The verdict on one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use = "a denied line must wait or be refused"]
pub enum Admission {
    /// A token was taken: handle the line now.
    Granted,
    /// No token: nothing was taken. Ask again once `retry_after` has passed,
    /// and that call will be granted, if no other call took the token.
    Denied {
        /// Time until the next token is available.
        retry_after: Duration,
    },
}

/// One client's bucket. Create one per connection.
#[derive(Debug, Clone)]
pub struct TokenBucket {
    /// What one line costs: `1s / lines_per_sec`. `None` when limiting is
    /// off, which short-circuits everything else.
    cost: Option<Duration>,
    /// The most credit the bucket can hold: `cost * burst`.
    capacity: Duration,
    /// Credit now held, at `last`. Invariant: `credit <= capacity`.
    credit: Duration,
    /// The latest `Instant` seen. Only moves forward, so a caller passing
    /// an older instant can't mint credit by making time run backwards.
    last: Instant,
}

impl TokenBucket {
    /// A full bucket for `limit`, as of `now`.
    pub fn new(limit: RateLimit, now: Instant) -> TokenBucket {
        // Integer division truncates, so a line costs a hair less than its
        // exact share: rounding in the client's favour, by under a nanosecond.
        let cost = (!limit.is_off()).then(|| Duration::from_secs(1) / limit.lines_per_sec);
        let capacity = cost.unwrap_or_default() * limit.burst.max(1);
        TokenBucket {
            cost,
            capacity,
            credit: capacity,
            last: now,
        }
    }

    /// Takes a token for one line if there is one, as of `now`.
    pub fn try_take(&mut self, now: Instant) -> Admission {
        let Some(cost) = self.cost else {
            return Admission::Granted;
        };
        self.refill(now);
        if self.credit >= cost {
            self.credit -= cost;
            Admission::Granted
        } else {
            Admission::Denied {
                retry_after: cost - self.credit,
            }
        }
    }

    /// Adds the credit earned since `last`, up to `capacity`.
    fn refill(&mut self, now: Instant) {
        // Zero for an instant in the past, rather than a panic.
        let elapsed = now.saturating_duration_since(self.last);
        self.last = self.last.max(now);
        self.credit = self.credit.saturating_add(elapsed).min(self.capacity);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn granted(bucket: &mut TokenBucket, now: Instant, lines: u32) -> u32 {
        (0..lines)
            .filter(|_| bucket.try_take(now) == Admission::Granted)
            .count() as u32
    }

    #[test]
    fn full_bucket_admits_exactly_the_burst_at_once() {
        let t0 = Instant::now();
        let mut bucket = TokenBucket::new(
            RateLimit {
                lines_per_sec: 10,
                burst: 3,
            },
            t0,
        );
        assert_eq!(granted(&mut bucket, t0, 10), 3);
    }

    #[test]
    fn denial_says_how_long_until_the_next_token() {
        let t0 = Instant::now();
        let mut bucket = TokenBucket::new(
            RateLimit {
                lines_per_sec: 10,
                burst: 1,
            },
            t0,
        );
        assert_eq!(bucket.try_take(t0), Admission::Granted);
        assert_eq!(
            bucket.try_take(t0 + ms(30)),
            Admission::Denied {
                retry_after: ms(70)
            }
        );
        assert_eq!(bucket.try_take(t0 + ms(100)), Admission::Granted);
    }

    #[test]
    fn denied_call_takes_nothing() {
        let t0 = Instant::now();
        let mut bucket = TokenBucket::new(
            RateLimit {
                lines_per_sec: 10,
                burst: 1,
            },
            t0,
        );
        let _ = bucket.try_take(t0);
        for _ in 0..5 {
            assert!(matches!(
                bucket.try_take(t0 + ms(50)),
                Admission::Denied { .. }
            ));
        }
        assert_eq!(bucket.try_take(t0 + ms(100)), Admission::Granted);
    }

    #[test]
    fn sustained_rate_is_lines_per_second() {
        let t0 = Instant::now();
        let mut bucket = TokenBucket::new(
            RateLimit {
                lines_per_sec: 20,
                burst: 1,
            },
            t0,
        );
        // Knock every millisecond for ten seconds: 1 from the full bucket,
        // then one per 50 ms.
        let admitted = (0..10_000)
            .filter(|&i| bucket.try_take(t0 + ms(i)) == Admission::Granted)
            .count();
        assert_eq!(admitted, 200);
    }

    #[test]
    fn refill_never_exceeds_the_burst() {
        let t0 = Instant::now();
        let mut bucket = TokenBucket::new(
            RateLimit {
                lines_per_sec: 10,
                burst: 4,
            },
            t0,
        );
        assert_eq!(granted(&mut bucket, t0, 4), 4);
        let later = t0 + Duration::from_secs(3600);
        assert_eq!(granted(&mut bucket, later, 100), 4);
    }

    #[test]
    fn rate_zero_admits_everything() {
        let t0 = Instant::now();
        let mut bucket = TokenBucket::new(RateLimit::OFF, t0);
        assert_eq!(granted(&mut bucket, t0, 100_000), 100_000);
        assert!(RateLimit::per_second(0).is_off());
    }

    #[test]
    fn burst_zero_acts_as_one() {
        let t0 = Instant::now();
        let mut bucket = TokenBucket::new(
            RateLimit {
                lines_per_sec: 5,
                burst: 0,
            },
            t0,
        );
        assert_eq!(granted(&mut bucket, t0, 10), 1);
        assert_eq!(granted(&mut bucket, t0 + ms(200), 10), 1);
    }

    #[test]
    fn time_running_backwards_mints_no_credit() {
        let t0 = Instant::now();
        let t1 = t0 + Duration::from_secs(10);
        let mut bucket = TokenBucket::new(
            RateLimit {
                lines_per_sec: 1,
                burst: 1,
            },
            t1,
        );
        assert_eq!(bucket.try_take(t1), Admission::Granted);
        assert!(matches!(bucket.try_take(t0), Admission::Denied { .. }));
        // Still measured from t1, the latest instant seen.
        assert!(matches!(
            bucket.try_take(t1 + ms(999)),
            Admission::Denied { .. }
        ));
        assert_eq!(bucket.try_take(t1 + ms(1000)), Admission::Granted);
    }

    #[test]
    fn default_is_twenty_per_second_with_five_seconds_of_burst() {
        assert_eq!(
            RateLimit::default(),
            RateLimit {
                lines_per_sec: 20,
                burst: 100
            }
        );
        assert_eq!(RateLimit::per_second(u32::MAX).burst, u32::MAX);
    }

    #[test]
    fn absurd_rate_is_effectively_unlimited() {
        let t0 = Instant::now();
        let mut bucket = TokenBucket::new(RateLimit::per_second(u32::MAX), t0);
        assert_eq!(granted(&mut bucket, t0, 10_000), 10_000);
    }
}
