//! [`timeout`]: run a future with a deadline (asyncio's `wait_for`).

use std::fmt;
use std::future::{poll_fn, Future};
use std::pin::{pin, Pin};
use std::task::Poll;
use std::time::Duration;

use crate::time::sleep;

/// Runs `future` for at most `duration`. If the time runs out first, `future` is dropped
/// (cancelled) and the result is `Err(Elapsed)`. If both are ready at once, the future wins.
///
/// The deadline is fixed when `timeout` is called, not when it is first polled.
///
/// ```
/// use std::time::Duration;
/// use runtime::time::{sleep, timeout};
/// runtime::Runtime::builder().start_paused(true).build().unwrap().block_on(async {
///     let slow = timeout(Duration::from_secs(1), sleep(Duration::from_secs(5))).await;
///     assert!(slow.is_err());
///     let fast = timeout(Duration::from_secs(1), async { 42 }).await;
///     assert_eq!(fast, Ok(42));
/// });
/// ```
///
/// # Panics
/// Outside a runtime.
pub fn timeout<F: Future>(
    duration: Duration,
    future: F,
) -> impl Future<Output = Result<F::Output, Elapsed>> {
    let mut deadline = sleep(duration);
    async move {
        let mut future = pin!(future);
        poll_fn(|cx| {
            if let Poll::Ready(output) = future.as_mut().poll(cx) {
                return Poll::Ready(Ok(output));
            }
            Pin::new(&mut deadline).poll(cx).map(|()| Err(Elapsed(())))
        })
        .await
    }
}

/// The error of a [`timeout`] whose time ran out.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Elapsed(());

impl fmt::Display for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("deadline has elapsed")
    }
}

impl fmt::Debug for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Elapsed")
    }
}

impl std::error::Error for Elapsed {}
