//! Long lines: with `max_line` 64, a line of up to 64 bytes is chat; a longer one gets one
//! `! line too long`, however long it goes on, is never shown to anyone, and the next line
//! works as usual.

mod util;

use chatbot::server::Settings;
use util::{settings, Client, TestServer};

const MAX_LINE: usize = 64;

/// Alice and Bob on a server whose lines are at most [`MAX_LINE`] bytes.
fn pair() -> (TestServer, Vec<Client>) {
    let server = TestServer::chat(Settings {
        max_line: MAX_LINE,
        ..settings()
    });
    let clients = server.clients(&["alice", "bob"]);
    (server, clients)
}

#[test]
fn a_line_of_exactly_max_line_bytes_is_chat() {
    let (_server, mut clients) = pair();
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    let longest = "x".repeat(MAX_LINE);
    alice.send(&longest);
    bob.expect_line(&format!("<alice> {longest}"));
    // The `\r` of a `\r\n` is not part of the line.
    alice.send_bytes(format!("{longest}\r\n").as_bytes());
    bob.expect_line(&format!("<alice> {longest}"));
}

#[test]
fn an_overlong_line_gets_one_error_and_the_next_line_works() {
    let (_server, mut clients) = pair();
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send(&"y".repeat(MAX_LINE + 1));
    alice.send("short");
    bob.expect_line("<alice> short");
    alice.expect_line("! line too long");
    alice.expect_nothing_more();
    bob.expect_nothing_more();
}

#[test]
fn an_endless_line_costs_one_error_however_long_it_gets() {
    let (_server, mut clients) = pair();
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    let chunk = vec![b'z'; 16 * 1024];
    for _ in 0..64 {
        alice.send_bytes(&chunk); // 1 MiB, no newline
    }
    alice.send_bytes(b"\nafter\n");
    bob.expect_line("<alice> after");
    alice.expect_line("! line too long");
    alice.expect_nothing_more();
}

#[test]
fn a_command_too_long_is_not_carried_out() {
    let (_server, mut clients) = pair();
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send(&format!("/me {}", "w".repeat(MAX_LINE)));
    alice.expect_line("! line too long");
    bob.expect_nothing_more();
}
