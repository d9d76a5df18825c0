//! Scenario `timers`: a million sleeps that fire, and a million timeouts that never do.
//!
//! **Sleeps.** A million tasks each sleep for a delay spread over a short window (tens of
//! milliseconds), then check that they did not wake before their deadline. The delays are a
//! scrambled permutation of evenly spaced slots, so timers are inserted in no particular deadline
//! order, as they are in a real server. The round's time is from the first spawn to the last
//! wake, so it can never be shorter than the window; what the runtime adds on top is the cost of
//! inserting, expiring and waking a million timers.
//!
//! **Sleepers.** A million tasks, task `i` sleeping `i % 1000` ms, spawned and joined: one timer
//! per task, in a child process per round so its memory can be read (`sleepers.rs`).
//!
//! **Timeouts.** One task wraps a million futures in a timeout far in the future (a minute and
//! up). Each inner future is [`self_wake`](crate::yielding::self_wake()), which is `Pending` once:
//! that matters, because tokio (and likely ours) only registers a timer when the timeout is first
//! polled with its inner future still pending. So every timeout is really inserted into the timer
//! structure and really removed from it when the inner future completes. This is the common case
//! in servers: a deadline on every read, almost never reached.
//!
//! ```ignore
//! let elapsed = timers::tokio_sleeps(1_000_000, Duration::from_millis(50));
//! ```

use std::time::{Duration, Instant};

use crate::plan::Plan;
use crate::report::{count, Metric, Table};
use crate::rounds::{self, Contender, Impl};
use crate::sleepers;
use crate::yielding::self_wake;

/// Runs both rows in alternation and adds them to `table`.
pub fn run(plan: &Plan, table: &mut Table) {
    let (n, window) = (plan.sleeps, plan.sleep_window);
    let outcomes = rounds::alternate(
        "timers sleep",
        plan.rounds,
        vec![
            Contender::new(Impl::Ours, || ours_sleeps(n, window)),
            Contender::new(Impl::Tokio, || Some(tokio_sleeps(n, window))),
        ],
    );
    let case = format!("{} sleeps within {window:?}", count(n as u64));
    table.add("timers", case, &[Metric::MILLIS], &outcomes);

    let (n, spread) = (plan.sleepers, plan.sleeper_spread_ms);
    let outcomes = rounds::alternate(
        "timers sleepers",
        plan.rounds,
        vec![
            Contender::new(Impl::Ours, || {
                Some(sleepers::measure(Impl::Ours, n, spread))
            }),
            Contender::new(Impl::Tokio, || {
                Some(sleepers::measure(Impl::Tokio, n, spread))
            }),
        ],
    );
    let case = format!("{} tasks sleeping i % {spread} ms", count(n as u64));
    table.add("timers", case, &sleepers::METRICS, &outcomes);

    let n = plan.timeouts;
    let outcomes = rounds::alternate(
        "timers timeout",
        plan.rounds,
        vec![
            Contender::new(Impl::Ours, || ours_timeouts(n)),
            Contender::new(Impl::Tokio, || Some(tokio_timeouts(n))),
        ],
    );
    let case = format!("{} timeouts cancelled", count(n as u64));
    table.add("timers", case, &[Metric::MILLIS], &outcomes);
}

/// Our runtime: `n` tasks, each sleeping a delay spread over `window`.
pub fn ours_sleeps(n: usize, window: Duration) -> Option<Duration> {
    let rt = runtime::Runtime::new().expect("build our runtime");
    let (elapsed, early) = rt.block_on(async move {
        let start = Instant::now();
        let sleepers: Vec<_> = (0..n)
            .map(|i| {
                let delay = spread(i, n, window);
                runtime::spawn(async move {
                    let deadline = Instant::now() + delay;
                    runtime::time::sleep(delay).await;
                    Instant::now() < deadline
                })
            })
            .collect();
        let mut early = 0;
        for sleeper in sleepers {
            early += usize::from(sleeper.await.expect("a sleeper does not fail"));
        }
        (start.elapsed(), early)
    });
    assert_eq!(early, 0, "sleeps woke before their deadline");
    Some(elapsed)
}

/// Our runtime: `n` timeouts a minute or more away, each around a future that yields once, so
/// the timer is really set and then cancelled.
pub fn ours_timeouts(n: usize) -> Option<Duration> {
    let rt = runtime::Runtime::new().expect("build our runtime");
    Some(rt.block_on(async move {
        let start = Instant::now();
        for i in 0..n {
            let limit = Duration::from_secs(60) + spread(i, n, Duration::from_secs(60));
            let outcome = runtime::time::timeout(limit, self_wake()).await;
            assert!(outcome.is_ok(), "a timeout a minute away fired");
        }
        start.elapsed()
    }))
}

/// tokio's current-thread runtime, with its timer driver.
pub fn tokio_sleeps(n: usize, window: Duration) -> Duration {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("build a tokio runtime");
    let (elapsed, early) = rt.block_on(async move {
        let start = Instant::now();
        let sleepers: Vec<_> = (0..n)
            .map(|i| {
                let delay = spread(i, n, window);
                tokio::spawn(async move {
                    let deadline = Instant::now() + delay;
                    tokio::time::sleep(delay).await;
                    Instant::now() < deadline
                })
            })
            .collect();
        let mut early = 0;
        for sleeper in sleepers {
            early += usize::from(sleeper.await.expect("a sleeper does not fail"));
        }
        (start.elapsed(), early)
    });
    assert_eq!(early, 0, "sleeps woke before their deadline");
    elapsed
}

/// tokio's current-thread runtime, with its timer driver.
pub fn tokio_timeouts(n: usize) -> Duration {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("build a tokio runtime");
    rt.block_on(async move {
        let start = Instant::now();
        for i in 0..n {
            let limit = Duration::from_secs(60) + spread(i, n, Duration::from_secs(60));
            let outcome = tokio::time::timeout(limit, self_wake()).await;
            assert!(outcome.is_ok(), "a timeout a minute away fired");
        }
        start.elapsed()
    })
}

/// The delay for timer `i` of `n`: slot `i * P mod n` of `n` even slots across `window`, where
/// `P` is a prime that does not divide `n`, so every slot is used once but not in order.
pub fn spread(i: usize, n: usize, window: Duration) -> Duration {
    const P: u64 = 7919;
    let n = n as u64;
    debug_assert!(
        n % P != 0,
        "P must not divide n for the slots to be a permutation"
    );
    let slot = (i as u64 * P) % n;
    window.mul_f64(slot as f64 / n as f64)
}
