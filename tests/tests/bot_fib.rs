//! `!fib N`: computed on the runtime's blocking pool under a 2 s timeout. Small N are answered
//! exactly; a huge N is given up on after 2 s, its pool thread is told to stop, and the server
//! keeps answering everyone, and later `!fib`s, meanwhile and afterwards.

mod util;

use std::time::{Duration, Instant};

use chatbot::bot::fib::FIB_TIMEOUT;
use util::chat_room;

/// So large that the plain loop would run for centuries.
const HUGE: u64 = u64::MAX;

#[test]
fn fib_answers_small_numbers_exactly() {
    let (_server, mut clients) = chat_room(&["alice"]);
    let alice = &mut clients[0];
    for (n, fib) in [
        (0, 0),
        (1, 1),
        (10, 55),
        (90, 210_345_902),
        (1000, 517_691_607),
    ] {
        alice.send(&format!("!fib {n}"));
        alice.expect_line(&format!("<bot> alice: fib({n}) mod 1000000007 = {fib}"));
    }
}

#[test]
fn a_huge_fib_is_given_up_after_the_timeout() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    let asked = Instant::now();
    alice.send(&format!("!fib {HUGE}"));
    bob.expect_line(&format!("<alice> !fib {HUGE}"));
    // The room is not blocked while the pool computes.
    bob.send("still here");
    alice.expect_line("<bob> still here");
    alice.expect_line(&format!(
        "<bot> alice: fib({HUGE}) timed out after 2s; the computation was cancelled"
    ));
    let waited = asked.elapsed();
    // A timer never fires early; it may fire late on a busy machine, within reason.
    assert!(waited >= FIB_TIMEOUT, "{waited:?}");
    assert!(waited < FIB_TIMEOUT + Duration::from_secs(3), "{waited:?}");
    bob.expect_line(&format!(
        "<bot> alice: fib({HUGE}) timed out after 2s; the computation was cancelled"
    ));
}

#[test]
fn timed_out_fibs_do_not_use_up_the_pool() {
    let (_server, mut clients) = chat_room(&["alice"]);
    let alice = &mut clients[0];
    for _ in 0..3 {
        alice.send(&format!("!fib {HUGE}"));
    }
    // Asked after them, answered before them: it ran beside them on a pool thread of its own.
    alice.send("!fib 10");
    alice.expect_line("<bot> alice: fib(10) mod 1000000007 = 55");
    for _ in 0..3 {
        alice.expect_line(&format!(
            "<bot> alice: fib({HUGE}) timed out after 2s; the computation was cancelled"
        ));
    }
    // And once they are given up on, the pool still works.
    alice.send("!fib 20");
    alice.expect_line("<bot> alice: fib(20) mod 1000000007 = 6765");
}
