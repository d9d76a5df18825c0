//! Two countdowns on one thread: the classic demonstration that awaiting a sleep lets others run.
//!
//! ```text
//! cargo run -p runtime --example countdown             # 3 real seconds
//! cargo run -p runtime --example countdown -- --paused # instantly, on the paused clock
//! ```
//!
//! What to notice: with blocking sleeps, countdown A (2 ticks) then B (3 ticks) would take 5
//! seconds and print all of A before any of B. Here the `T-minus` lines interleave and the
//! whole thing takes 3 seconds: each countdown gives the thread away at every `sleep(..).await`.
//! (When A and B wake at the same instant, A goes first: equal deadlines fire in creation order.)

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use runtime::time::{sleep, Instant};

/// Counts down from `from`, one tick a second, appending each line to `lines`.
async fn countdown(name: &'static str, from: u32, lines: Rc<RefCell<Vec<String>>>) {
    for n in (1..=from).rev() {
        let line = format!("T-minus {n} ({name})");
        println!("{line}");
        lines.borrow_mut().push(line);
        sleep(Duration::from_secs(1)).await;
    }
}

/// Runs countdowns A (from 2) and B (from 3) as two tasks; returns the lines in the order they
/// were printed and the time taken on the runtime's clock.
pub fn run(paused: bool) -> (Vec<String>, Duration) {
    let runtime = runtime::Runtime::builder()
        .start_paused(paused)
        .build()
        .expect("runtime");
    let lines = Rc::new(RefCell::new(Vec::new()));
    let took = runtime.block_on(async {
        let start = Instant::now();
        let a = runtime::spawn(countdown("A", 2, lines.clone()));
        let b = runtime::spawn(countdown("B", 3, lines.clone()));
        a.await.expect("countdown A");
        b.await.expect("countdown B");
        start.elapsed()
    });
    let lines = lines.borrow().clone();
    (lines, took)
}

#[allow(dead_code)] // a test includes this file and calls `run`
fn main() {
    let paused = std::env::args().any(|arg| arg == "--paused");
    let (_, took) = run(paused);
    println!("Time taken: {took:.1?} (5 s if the countdowns had blocked)");
}
