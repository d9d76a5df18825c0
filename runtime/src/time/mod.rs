//! Time: sleeping, timeouts and intervals on the reactor's timers.
//!
//! Every deadline here is an [`Instant`] on the runtime's clock. Normally that is real time; a
//! runtime built with [`Builder::start_paused`](crate::Builder::start_paused) has a *paused*
//! clock that moves only when nothing can run (it then jumps to the next timer) or when
//! [`advance`] moves it, so tests never wait for real.
//!
//! | asyncio                        | here                                 |
//! |--------------------------------|--------------------------------------|
//! | `await asyncio.sleep(s)`       | `sleep(Duration::from_secs(s)).await` |
//! | `await asyncio.wait_for(f, s)` | `timeout(Duration::from_secs(s), f).await` |
//! | `loop.time()`                  | `Instant::now()`                      |

mod instant;
mod interval;
mod sleep;
mod timeout;

pub use instant::Instant;
pub use interval::{interval, interval_at, Interval};
pub use sleep::{sleep, sleep_until, Sleep};
pub use timeout::{timeout, Elapsed};

use std::time::Duration;

use crate::scheduler::context;

/// Moves a paused clock forward by `by`, then yields once so that the timers now due fire and
/// the tasks they wake are queued before this call returns.
///
/// # Panics
/// Outside a runtime, or if the runtime's clock is not paused.
pub async fn advance(by: Duration) {
    let scheduler = context::current("runtime::time::advance");
    assert!(
        scheduler.handle().clock().is_paused(),
        "time::advance needs a runtime built with start_paused(true)"
    );
    scheduler.handle().clock().advance(by);
    crate::yield_now().await;
}
