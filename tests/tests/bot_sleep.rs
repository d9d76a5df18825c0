//! `!sleep SECS`: the bot answers after the delay, and while it waits everyone, the asker
//! included, keeps chatting (the sleep is a task of its own, not a pause of the server).
//!
//! The server runs on the real clock here, so the sleeps are short and real.

mod util;

use std::time::{Duration, Instant};

use util::chat_room;

#[test]
fn sleep_answers_after_the_delay() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    let asked = Instant::now();
    alice.send("!sleep 1");
    bob.expect_line("<alice> !sleep 1");
    alice.expect_line("<bot> alice: slept 1s");
    assert!(
        asked.elapsed() >= Duration::from_secs(1),
        "{:?}",
        asked.elapsed()
    );
    bob.expect_line("<bot> alice: slept 1s");
}

#[test]
fn a_sleeping_request_holds_up_nobody() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("!sleep 2");
    bob.expect_line("<alice> !sleep 2");
    // While the bot sleeps: bob chats, alice chats and asks the server something.
    bob.send("meanwhile");
    alice.expect_line("<bob> meanwhile");
    alice.send("me too");
    bob.expect_line("<alice> me too");
    alice.send("/who");
    alice.expect_line("* in lobby (2): alice, bob");
    // Only then does the answer come.
    alice.expect_line("<bot> alice: slept 2s");
    bob.expect_line("<bot> alice: slept 2s");
}

#[test]
fn sleep_is_bounded_to_a_minute() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("!sleep 61");
    bob.expect_line("<alice> !sleep 61");
    alice.expect_line("<bot> alice: seconds to sleep must be between 0 and 60");
    alice.send("!sleep soon");
    alice.expect_line("<bot> alice: usage: !sleep SECS");
}
