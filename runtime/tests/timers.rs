//! Timers on the runtime: never early, ties in creation order, `timeout`, `interval`.

mod util;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use runtime::time::{interval, sleep, sleep_until, timeout, Instant};
use runtime::{spawn, yield_now, Runtime};
use util::{paused, Counted};

#[test]
fn a_sleep_never_completes_before_its_deadline_on_the_real_clock() {
    let rt = Runtime::new().unwrap();
    rt.block_on(async {
        let start = std::time::Instant::now();
        sleep(Duration::from_millis(15)).await;
        assert!(start.elapsed() >= Duration::from_millis(15));
    });
}

#[test]
fn sleeps_with_equal_deadlines_complete_in_creation_order() {
    let order = Rc::new(RefCell::new(Vec::new()));
    paused().block_on(async {
        let deadline = Instant::now() + Duration::from_secs(1);
        let handles: Vec<_> = (0..5)
            .map(|i| {
                let order = order.clone();
                let sleep = sleep_until(deadline);
                spawn(async move {
                    sleep.await;
                    order.borrow_mut().push(i);
                })
            })
            .collect();
        // Poll them in reverse spawn order first, so only creation order can explain the result.
        for handle in handles.into_iter().rev() {
            handle.await.unwrap();
        }
    });
    assert_eq!(*order.borrow(), [0, 1, 2, 3, 4]);
}

#[test]
fn timers_fire_in_deadline_order() {
    let order = Rc::new(RefCell::new(Vec::new()));
    paused().block_on(async {
        let mut handles = Vec::new();
        for ms in [30, 10, 20] {
            let order = order.clone();
            handles.push(spawn(async move {
                sleep(Duration::from_millis(ms)).await;
                order.borrow_mut().push(ms);
            }));
        }
        runtime::join_all(handles).await;
    });
    assert_eq!(*order.borrow(), [10, 20, 30]);
}

#[test]
fn a_timeout_that_elapses_drops_the_inner_future_and_returns_elapsed() {
    paused().block_on(async {
        let (future, counts, _, _) = Counted::new();
        let start = Instant::now();
        let result = timeout(Duration::from_secs(3), future).await;
        assert!(result.is_err());
        assert_eq!(result.unwrap_err().to_string(), "deadline has elapsed");
        assert_eq!(counts.drops.get(), 1, "the inner future is dropped");
        assert_eq!(start.elapsed(), Duration::from_secs(3));
    });
}

#[test]
fn a_timeout_that_does_not_elapse_returns_the_output_and_cancels_its_timer() {
    paused().block_on(async {
        let result = timeout(Duration::from_secs(3), async {
            sleep(Duration::from_secs(1)).await;
            "in time"
        })
        .await;
        assert_eq!(result, Ok("in time"));
        assert_eq!(
            runtime::reactor_handle().timer_count(),
            0,
            "the timeout's timer was cancelled"
        );
    });
}

#[test]
fn interval_ticks_at_a_steady_period() {
    paused().block_on(async {
        let start = Instant::now();
        let mut ticks = interval(Duration::from_millis(100));
        for k in 0..5u32 {
            let at = ticks.tick().await;
            assert_eq!(at - start, Duration::from_millis(100) * k);
            assert_eq!(
                Instant::now(),
                at,
                "a tick completes at its scheduled instant"
            );
        }
    });
}

#[test]
fn interval_skips_missed_ticks_instead_of_bursting() {
    paused().block_on(async {
        let start = Instant::now();
        let mut ticks = interval(Duration::from_millis(100));
        ticks.tick().await; // t = 0
        runtime::time::advance(Duration::from_millis(350)).await; // fell behind by 3.5 periods
        let late = ticks.tick().await;
        assert_eq!(
            late - start,
            Duration::from_millis(100),
            "the missed tick completes at once, late"
        );
        let next = ticks.tick().await;
        assert_eq!(
            next - start,
            Duration::from_millis(400),
            "then back on the grid, no burst"
        );
    });
}

#[test]
fn sleep_zero_completes_without_waiting_for_the_reactor() {
    let rt = Runtime::new().unwrap();
    rt.block_on(async {
        let turns_before = rt.metrics().reactor_turns;
        sleep(Duration::ZERO).await;
        sleep_until(Instant::now()).await;
        assert_eq!(rt.metrics().reactor_turns, turns_before);
    });
}

#[test]
fn a_dropped_sleep_cancels_its_timer() {
    paused().block_on(async {
        let mut sleeping = Box::pin(sleep(Duration::from_secs(10)));
        assert!(futures_poll_once(sleeping.as_mut()).await.is_pending());
        assert_eq!(runtime::reactor_handle().timer_count(), 1);
        drop(sleeping);
        assert_eq!(runtime::reactor_handle().timer_count(), 0);
        yield_now().await;
    });
}

/// Polls a future exactly once.
async fn futures_poll_once<F: std::future::Future + Unpin>(
    mut future: F,
) -> std::task::Poll<F::Output> {
    std::future::poll_fn(|cx| std::task::Poll::Ready(std::pin::Pin::new(&mut future).poll(cx)))
        .await
}

#[test]
fn sleeps_and_timeouts_too_long_for_the_clock_wait_forever_instead_of_panicking() {
    util::paused().block_on(async {
        assert_eq!(timeout(Duration::MAX, async { 5 }).await, Ok(5));
        assert_eq!(
            timeout(Duration::from_secs(u64::MAX / 2), async { 6 }).await,
            Ok(6)
        );
        let never = sleep(Duration::MAX);
        assert!(!never.is_elapsed());
        // It really waits: an hour on the paused clock ends first.
        assert!(timeout(Duration::from_secs(3600), never).await.is_err());
        let mut ticks = runtime::time::interval(Duration::MAX);
        ticks.tick().await; // the first tick is now; the next is in the far future
        assert!(timeout(Duration::from_secs(3600), ticks.tick())
            .await
            .is_err());
    });
}

#[test]
#[should_panic(expected = "outside the runtime that made it")]
#[allow(clippy::async_yields_async)] // block_on hands the sleep out, to await it elsewhere
fn a_sleep_polled_in_another_runtime_panics_instead_of_hanging() {
    let first = runtime::Runtime::new().unwrap();
    let nap = first.block_on(async { sleep(Duration::from_secs(3600)) });
    drop(first);
    runtime::Runtime::new().unwrap().block_on(nap);
}
