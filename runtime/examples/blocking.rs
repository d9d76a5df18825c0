//! Why blocking calls are poison on an event loop, and how `spawn_blocking` fixes it
//! (asyncio's `run_in_executor`).
//!
//! ```text
//! cargo run -p runtime --example blocking
//! ```
//!
//! Two tasks start together: one *sleeps asynchronously* for 0.2 s, the other runs a *blocking*
//! call for 0.4 s (`std::thread::sleep`, standing in for a slow file read or a heavy
//! computation). What to notice in the two timelines:
//!
//! 1. Blocking inside a task: the thread is stuck for 0.4 s, so the 0.2 s sleeper cannot even
//!    be woken; it finishes at 0.4 s, *after* the blocking call.
//! 2. The same call through `spawn_blocking`: it runs on a pool thread, the loop stays free,
//!    and the sleeper finishes on time at 0.2 s.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// The time unit of the demonstration: the sleeper naps one unit, the blocking call takes two.
/// (The test that runs this example uses a shorter unit.)
pub const UNIT: Duration = Duration::from_millis(200);

/// A timeline of events with their times since the start.
type Timeline = Rc<RefCell<Vec<(&'static str, Duration)>>>;

fn note(timeline: &Timeline, start: Instant, event: &'static str) {
    let at = start.elapsed();
    println!("  {:>6.3} s  {event}", at.as_secs_f64());
    timeline.borrow_mut().push((event, at));
}

/// Runs the two tasks, with the blocking call made directly (`offload: false`) or through
/// `spawn_blocking` (`offload: true`); returns the events in the order they happened.
pub fn run(offload: bool, unit: Duration) -> Vec<(&'static str, Duration)> {
    let (nap, blocking_call) = (unit, 2 * unit);
    let timeline: Timeline = Rc::default();
    runtime::run(async {
        let start = Instant::now();
        let log = timeline.clone();
        let sleeper = runtime::spawn(async move {
            note(&log, start, "nonblocking started");
            runtime::time::sleep(nap).await;
            note(&log, start, "nonblocking done");
        });
        let log = timeline.clone();
        let blocker = runtime::spawn(async move {
            note(&log, start, "blocking started");
            if offload {
                runtime::spawn_blocking(move || std::thread::sleep(blocking_call))
                    .await
                    .expect("pool");
            } else {
                std::thread::sleep(blocking_call); // the mistake: the whole loop stops here
            }
            note(&log, start, "blocking done");
        });
        sleeper.await.expect("sleeper");
        blocker.await.expect("blocker");
    });
    let events = timeline.borrow().clone();
    events
}

#[allow(dead_code)] // a test includes this file and calls `run`
fn main() {
    println!("1. std::thread::sleep inside a task:");
    run(false, UNIT);
    println!("2. the same call through runtime::spawn_blocking:");
    run(true, UNIT);
}
