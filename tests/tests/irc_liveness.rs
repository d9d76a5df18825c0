//! IRC liveness: a registered client silent for the ping interval is sent `PING`, and closed
//! with `ERROR` if it stays silent as long again; any line keeps it alive. A connection that
//! does not register in time is closed.
//!
//! These run on the real clock with short settings (a paused clock would jump over the very
//! timeout a test is waiting to see, whenever the server is idle waiting for the client). No
//! test sleeps: each waits for the server's line that proves the timer fired.

mod util;

use std::time::Duration;

use util::{settings, IrcClient, TestServer};

fn server(ping: Duration, registration: Duration) -> TestServer {
    let mut quick = settings();
    quick.irc.ping = ping;
    quick.irc.registration_timeout = registration;
    TestServer::chat(quick)
}

#[test]
fn a_silent_client_is_pinged_then_closed_with_ping_timeout() {
    let server = server(Duration::from_millis(300), Duration::from_secs(60));
    // A plain client watches: the plain protocol has no pings to answer.
    let mut watcher = server.client();
    let mut silent = server.irc("silent");
    silent.join("#lobby");
    watcher.expect_line("* silent joined");
    silent.expect_line(":chatbot.local PING :chatbot.local");
    silent.expect_line("ERROR :Closing Link: 127.0.0.1 (Ping timeout)");
    silent.expect_eof();
    watcher.expect_line("* silent left (Ping timeout: 300ms)");
}

#[test]
fn answering_pings_keeps_a_client_connected() {
    // A second for each answer: a slow machine's scheduling delay must not look like silence.
    let server = server(Duration::from_secs(1), Duration::from_secs(60));
    let mut alice = server.irc("alice");
    for _ in 0..3 {
        alice.expect_line(":chatbot.local PING :chatbot.local");
        alice.send("PONG :chatbot.local");
    }
    alice.send("PING :still");
    alice.expect_line(":chatbot.local PONG chatbot.local :still");
}

#[test]
fn a_connection_that_does_not_register_in_time_is_closed() {
    let server = server(Duration::from_secs(60), Duration::from_millis(300));
    let mut lurker = IrcClient::connect(server.irc_addr());
    lurker.send("NICK lurker"); // but no USER
    lurker.expect_line("ERROR :Closing Link: 127.0.0.1 (Registration timed out)");
    lurker.expect_eof();
    // Its nick was never taken.
    let _lurker = server.irc("lurker");
}

#[test]
fn a_server_going_down_says_error_and_closes() {
    let server = TestServer::chat(settings());
    let mut alice = server.irc("alice");
    let (stopped, _) = server.stop();
    stopped.expect("the server stops cleanly");
    alice.expect_line("ERROR :Server shutting down");
    alice.expect_eof();
}
