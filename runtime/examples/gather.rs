//! asyncio's first lesson: greet three people concurrently with `join!` (asyncio's `gather`).
//!
//! Run it (it takes 3 real seconds), or instantly on the paused clock:
//!
//! ```text
//! cargo run -p runtime --example gather
//! cargo run -p runtime --example gather -- --paused
//! ```
//!
//! What to notice: the delays are 2, 1 and 3 seconds, yet the whole thing takes 3 seconds (the
//! longest), not 6 (the sum). While one greeter sleeps, the others run. The greetings print in
//! order of delay, but `join!` still returns the results in the order the futures were written.

use std::time::Duration;

use runtime::time::{sleep, Instant};

/// Waits `delay`, then greets `name`; returns the greeting.
async fn greet(name: &str, delay: u64) -> String {
    sleep(Duration::from_secs(delay)).await;
    let line = format!("Hello, {name}! (after {delay} s)");
    println!("{line}");
    line
}

/// Greets three people concurrently; returns the greetings (in argument order) and the time
/// the whole gathering took on the runtime's clock.
pub fn run(paused: bool) -> (Vec<String>, Duration) {
    let runtime = runtime::Runtime::builder()
        .start_paused(paused)
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let start = Instant::now();
        let (andrea, barbara, cristina) = runtime::join!(
            greet("Andrea", 2),
            greet("Barbara", 1),
            greet("Cristina", 3)
        );
        (vec![andrea, barbara, cristina], start.elapsed())
    })
}

#[allow(dead_code)] // a test includes this file and calls `run`
fn main() {
    let paused = std::env::args().any(|arg| arg == "--paused");
    let (_, took) = run(paused);
    println!("took {took:.1?} in all: the longest delay, not the sum of 6 s");
}
