//! Malformed IRC input: empty lines, spaces only, a bare prefix, too many parameters, NUL
//! bytes, invalid UTF-8, CR without LF, and a megabyte with no newline. None of it panics,
//! hangs or closes the connection; each gets a clear answer or, where the spec says so,
//! silence.

mod util;

use util::irc::mask;
use util::{settings, IrcClient, TestServer};

fn pair() -> (TestServer, IrcClient, IrcClient) {
    let server = TestServer::chat(settings());
    let alice = server.irc("alice");
    let bob = server.irc("bob");
    (server, alice, bob)
}

#[test]
fn empty_lines_and_spaces_are_ignored_silently() {
    let (_server, mut alice, _bob) = pair();
    alice.send_bytes(b"\r\n\n   \r\n \t \r\n");
    // A tab is not IRC's separator: " \t " is a command named "\t", which is not a word.
    let notice = alice.read_line();
    assert_eq!(
        notice,
        ":chatbot.local NOTICE alice :Line ignored: a command must be letters or digits"
    );
    alice.expect_nothing_more();
}

#[test]
fn a_bare_prefix_is_answered_with_a_notice() {
    let (_server, mut alice, _bob) = pair();
    alice.send(":alice!x@y");
    alice.expect_line(":chatbot.local NOTICE alice :Line ignored: a prefix without a command");
}

#[test]
fn twenty_parameters_fold_into_fifteen() {
    let (_server, mut alice, _bob) = pair();
    let words: Vec<String> = (1..=20).map(|i| format!("w{i}")).collect();
    alice.send(&format!("PING {}", words.join(" ")));
    alice.expect_line(":chatbot.local PONG chatbot.local :w1");
}

#[test]
fn nul_bytes_are_stripped_like_other_controls() {
    let (_server, mut alice, mut bob) = pair();
    alice.send_bytes(b"PRIVMSG bob :hi\0there\x1b[2J\r\n");
    bob.expect_line(&format!(":{} PRIVMSG bob :hithere[2J", mask("alice")));
}

#[test]
fn invalid_utf8_is_refused_with_a_notice_and_never_passed_on() {
    let (_server, mut alice, mut bob) = pair();
    alice.send_bytes(b"PRIVMSG bob :caf\xe9\r\n");
    alice.expect_line(":chatbot.local NOTICE alice :Invalid UTF-8: line dropped");
    bob.expect_nothing_more();
}

#[test]
fn a_lone_cr_ends_a_line() {
    let (_server, mut alice, _bob) = pair();
    alice.send_bytes(b"PING :a\rPING :b\r");
    alice.expect_line(":chatbot.local PONG chatbot.local :a");
    alice.expect_line(":chatbot.local PONG chatbot.local :b");
}

#[test]
fn a_megabyte_without_a_newline_gets_one_417_and_the_connection_lives() {
    let (_server, mut alice, _bob) = pair();
    alice.send_bytes(&vec![b'x'; 1 << 20]);
    alice.send_bytes(b"\r\nPING :after\r\n");
    alice.expect_line(":chatbot.local 417 alice :Input line was too long");
    alice.expect_line(":chatbot.local PONG chatbot.local :after");
}

#[test]
fn a_registered_clients_own_prefix_is_ignored() {
    let (_server, mut alice, mut bob) = pair();
    alice.send(":mallory!m@evil PRIVMSG bob :who am i");
    bob.expect_line(&format!(":{} PRIVMSG bob :who am i", mask("alice")));
}
