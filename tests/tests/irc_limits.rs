//! IRC limits: 417 for a line over 512 bytes (tags not counted), the sendq for a client that
//! stops reading, flood control that delays instead of dropping, CHANLIMIT (405), and
//! `--max-clients` over both protocols.

mod util;

use chatbot::rate_limit::RateLimit;
use chatbot::server::Limits;
use util::irc::mask;
use util::{settings, TestServer};

#[test]
fn a_line_over_512_bytes_gets_417_and_the_connection_stays() {
    let server = TestServer::chat(settings());
    let mut alice = server.irc("alice");
    let mut bob = server.irc("bob");
    alice.send(&format!("PRIVMSG bob :{}", "x".repeat(600)));
    alice.expect_line(":chatbot.local 417 alice :Input line was too long");
    // Exactly 510 bytes before CR LF is fine, and tags do not count.
    let fits = format!("PRIVMSG bob :{}", "y".repeat(510 - 13));
    alice.send(&format!("@label=abc;{} {fits}", "t".repeat(1000)));
    // With alice's prefix in front it no longer fits: bob gets it in two lines, all of it.
    let prefix = format!(":{} PRIVMSG bob :", mask("alice"));
    let mut text = String::new();
    while text.len() < 497 {
        let line = bob.read_line();
        text.push_str(
            line.strip_prefix(&prefix)
                .unwrap_or_else(|| panic!("{line}")),
        );
    }
    assert_eq!(text, "y".repeat(497));
    alice.expect_nothing_more();
}

#[test]
fn a_client_that_stops_reading_is_dropped_for_sendq_and_others_hear_why() {
    let mut small = settings();
    small.irc.sendq = Limits {
        max_lines: 64,
        max_bytes: 32 * 1024,
    };
    let server = TestServer::chat(small);
    let mut watch = server.irc("watch");
    watch.join("#lobby");
    let mut slow = server.irc("slow");
    slow.join("#lobby");
    watch.expect_line(&format!(":{} JOIN #lobby", mask("slow")));
    let mut flooder = server.client(); // plain, in the lobby
    watch.read_line(); // its JOIN
                       // Lock-step: watch reads each line before the next is sent, so only `slow` falls behind.
    let quit = format!(":{} QUIT :SendQ exceeded", mask("slow"));
    let padding = "f".repeat(400);
    for i in 0..100_000 {
        flooder.send(&format!("{i} {padding}"));
        let line = watch.read_line();
        if line == quit {
            return;
        }
        assert!(line.ends_with(&format!(" :{i} {padding}")), "{line}");
    }
    panic!("slow was never dropped");
}

#[test]
fn a_flood_is_delayed_not_dropped() {
    let mut limited = settings();
    limited.irc.flood = RateLimit::per_second(20); // a burst of 100
    let server = TestServer::chat(limited);
    let mut alice = server.irc("alice");
    let mut bob = server.irc("bob");
    let flood: String = (0..130)
        .map(|i| format!("PRIVMSG bob :line {i}\r\n"))
        .collect();
    alice.send_bytes(flood.as_bytes());
    for i in 0..130 {
        bob.expect_line(&format!(":{} PRIVMSG bob :line {i}", mask("alice")));
    }
    // No warning, no error: the excess only waited.
    alice.expect_nothing_more();
}

#[test]
fn past_max_clients_an_irc_connection_gets_error_server_full() {
    let server = TestServer::chat(chatbot::server::Settings {
        max_clients: 1,
        ..settings()
    });
    let _plain = server.client(); // the one slot, taken over the other protocol
    let mut late = util::IrcClient::connect(server.irc_addr());
    late.expect_line("ERROR :Server full");
    late.expect_eof();
}

#[test]
fn a_long_kick_reason_is_cut_so_the_kick_fits_in_512_bytes() {
    let (_server, mut alice, mut bob) = util::irc_pair("#rust");
    alice.send(&format!("KICK #rust bob :{}", "r".repeat(480)));
    // IrcClient checks every line it reads is at most 512 bytes.
    let kick = bob.read_line();
    assert!(
        kick.ends_with(&format!(" KICK #rust bob :{}", "r".repeat(300))),
        "{kick}"
    );
}

#[test]
fn chanlimit_caps_the_channels_one_client_is_in() {
    let mut few = settings();
    few.irc.max_channels = 2;
    let server = TestServer::chat(few);
    let mut alice = server.irc("alice");
    alice.join("#a");
    alice.join("#b");
    alice.send("JOIN #c");
    alice.expect_line(":chatbot.local 405 alice #c :You have joined too many channels");
}
