//! The simultaneous exhibition: one chess master against 24 opponents at once.
//!
//! ```text
//! cargo run -p runtime --example chess
//! ```
//!
//! The arithmetic from the teaching material: the master needs 5 s per move, each opponent
//! 55 s, and a game lasts 30 move pairs. Played one game after another, that is
//! (5 + 55) x 30 = 30 minutes a game, 12 hours for 24 boards. Played simultaneously, the master
//! moves on a board and walks on while that opponent thinks; by the time she is back, 24 x 5 =
//! 120 s later, the reply is long ready. 30 rounds of 120 s: about one hour.
//!
//! What to notice: the master is *one* task, like the one thread of an event loop. The speed-up
//! does not come from working faster, but from never standing idle while someone else thinks.
//! Each opponent's thinking is a spawned task (a timer, really) that runs while she moves on.
//! It all runs on the paused clock, so twelve virtual hours pass in milliseconds.

use std::time::Duration;

use runtime::time::{sleep, Instant};
use runtime::JoinHandle;

/// Time the master needs for one move.
const MASTER_MOVE: Duration = Duration::from_secs(5);
/// Time an opponent needs for one move.
const OPPONENT_MOVE: Duration = Duration::from_secs(55);
/// Move pairs in a game.
const MOVES: usize = 30;
/// Boards in the exhibition.
pub const BOARDS: usize = 24;

/// One game after another: the master waits out every opponent's move.
async fn one_at_a_time(boards: usize) {
    for _ in 0..boards {
        for _ in 0..MOVES {
            sleep(MASTER_MOVE).await;
            sleep(OPPONENT_MOVE).await;
        }
    }
}

/// All games at once: move, start the opponent thinking, go to the next board.
async fn simultaneous(boards: usize) {
    let mut thinking: Vec<Option<JoinHandle<()>>> = (0..boards).map(|_| None).collect();
    for _ in 0..MOVES {
        for board in thinking.iter_mut() {
            if let Some(reply) = board.take() {
                reply.await.expect("the opponent replies"); // usually long done
            }
            sleep(MASTER_MOVE).await;
            *board = Some(runtime::spawn(sleep(OPPONENT_MOVE)));
        }
    }
    for reply in thinking.into_iter().flatten() {
        reply.await.expect("the opponent replies");
    }
}

/// Plays the exhibition both ways on the paused clock; returns (sequential, simultaneous).
pub fn run(boards: usize) -> (Duration, Duration) {
    let runtime = runtime::Runtime::builder()
        .start_paused(true)
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let start = Instant::now();
        one_at_a_time(boards).await;
        let sequential = start.elapsed();
        let start = Instant::now();
        simultaneous(boards).await;
        (sequential, start.elapsed())
    })
}

fn hours(duration: Duration) -> f64 {
    duration.as_secs_f64() / 3600.0
}

#[allow(dead_code)] // a test includes this file and calls `run`
fn main() {
    let (sequential, simultaneous) = run(BOARDS);
    println!("{BOARDS} boards, {MOVES} moves each:");
    println!("  one game at a time: {:5.2} h", hours(sequential));
    println!("  simultaneously:     {:5.2} h", hours(simultaneous));
}
