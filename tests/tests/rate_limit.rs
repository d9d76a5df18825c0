//! The rate limit: at 2 lines per second a client may send a burst of 10 (5 seconds' worth);
//! the lines beyond it are dropped, not delayed, with one `! slow down` per burst; each client
//! has a bucket of its own, and time refills it.
//!
//! The server runs on a paused clock, so its time stands still while the test talks to it:
//! no token comes back by accident, however slow the machine. The clock moves only when a
//! timer is due and the server has nothing else to do, so a `!sleep 1` is how the test lets
//! exactly one second pass.

mod util;

use chatbot::rate_limit::RateLimit;
use chatbot::server::Settings;
use util::{settings, Client, TestServer};

/// Two guests on a server that admits 2 lines per second, 10 at once.
fn limited_pair() -> (TestServer, Client, Client) {
    let server = TestServer::chat_paused(Settings {
        rate_limit: RateLimit::per_second(2),
        ..settings()
    });
    // Guests: renaming would spend a token.
    let mut alice = server.client();
    let bob = server.client();
    alice.expect_line(&format!("* {} joined", bob.nick));
    (server, alice, bob)
}

/// The burst `RateLimit::per_second(2)` allows.
const BURST: usize = 10;

#[test]
fn a_flood_is_cut_at_the_burst_with_one_warning_and_the_rest_dropped() {
    let (_server, mut alice, mut bob) = limited_pair();
    let flood: String = (0..30).map(|i| format!("line {i}\n")).collect();
    alice.send_bytes(flood.as_bytes()); // one write: the server reads it all at once
    alice.expect_line("! slow down");
    for i in 0..BURST {
        bob.expect_line(&format!("<guest1> line {i}"));
    }

    // Let one second pass (two tokens): bob's own bucket is full, so he may ask the bot.
    bob.send("!sleep 1");
    alice.expect_line("<guest2> !sleep 1");
    alice.expect_line("<bot> guest2: slept 1s");
    bob.expect_line("<bot> guest2: slept 1s");

    // Lines 10 to 29 were dropped, not queued: the next thing bob hears from alice is new.
    alice.send("after a second");
    bob.expect_line("<guest1> after a second");
    // And that was the only warning: the second token answers the /who with nothing before.
    alice.expect_nothing_more();
    // The bucket is empty again: a new burst, a new warning.
    alice.send("one too many");
    alice.expect_line("! slow down");
    bob.expect_nothing_more();
}

#[test]
fn a_burst_within_the_limit_goes_through_untouched() {
    let (_server, mut alice, mut bob) = limited_pair();
    let burst: String = (0..BURST).map(|i| format!("line {i}\n")).collect();
    alice.send_bytes(burst.as_bytes());
    for i in 0..BURST {
        bob.expect_line(&format!("<guest1> line {i}"));
    }
    // Alice's bucket is empty, so she cannot sync herself; bob's line shows what she got
    // before it: no warning.
    bob.send("your turn");
    alice.expect_line("<guest2> your turn");
    bob.expect_nothing_more();
}

#[test]
fn commands_count_against_the_limit_too() {
    let (_server, mut alice, _bob) = limited_pair();
    let commands = "/rooms\n".repeat(BURST + 1);
    alice.send_bytes(commands.as_bytes());
    for _ in 0..BURST {
        alice.expect_line("* rooms: lobby (2)");
    }
    alice.expect_line("! slow down");
}
