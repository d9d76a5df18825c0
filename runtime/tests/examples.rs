//! The teaching examples run, and show what they claim to show.

#[path = "../examples/blocking.rs"]
mod blocking;
#[path = "../examples/chess.rs"]
mod chess;
#[path = "../examples/countdown.rs"]
mod countdown;
#[path = "../examples/gather.rs"]
mod gather;

use std::time::Duration;

#[test]
fn gather_takes_the_longest_delay_not_the_sum_and_keeps_argument_order() {
    let (greetings, took) = gather::run(true);
    assert_eq!(took, Duration::from_secs(3));
    assert!(greetings[0].starts_with("Hello, Andrea!"));
    assert!(greetings[2].starts_with("Hello, Cristina!"));
}

#[test]
fn countdowns_interleave_and_take_three_seconds_not_five() {
    let (lines, took) = countdown::run(true);
    assert_eq!(
        lines,
        [
            "T-minus 2 (A)",
            "T-minus 3 (B)",
            "T-minus 1 (A)",
            "T-minus 2 (B)",
            "T-minus 1 (B)"
        ]
    );
    assert_eq!(took, Duration::from_secs(3));
}

#[test]
fn a_blocking_call_inside_a_task_delays_everyone_but_spawn_blocking_does_not() {
    fn order(events: &[(&'static str, Duration)]) -> Vec<&'static str> {
        events.iter().map(|(event, _)| *event).collect()
    }
    // A 30 ms unit: enough margin for a busy machine, short enough for the suite.
    let unit = Duration::from_millis(30);
    let blocked = blocking::run(false, unit);
    assert_eq!(
        order(&blocked)[2..],
        ["blocking done", "nonblocking done"],
        "the sleeper could not finish while the thread was blocked"
    );
    let offloaded = blocking::run(true, unit);
    assert_eq!(
        order(&offloaded)[2..],
        ["nonblocking done", "blocking done"],
        "the sleeper finished on time"
    );
}

#[test]
fn the_simultaneous_exhibition_takes_about_an_hour_instead_of_twelve() {
    let (sequential, simultaneous) = chess::run(chess::BOARDS);
    assert_eq!(sequential, Duration::from_secs(12 * 3600));
    // 30 rounds of 24 x 5 s, plus the last opponent's final reply.
    assert_eq!(simultaneous, Duration::from_secs(30 * 24 * 5 + 55));
}
