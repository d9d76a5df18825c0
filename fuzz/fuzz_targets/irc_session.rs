//! IRC command handling: lines from three clients at once through the whole of a connection's
//! handling after framing (`chatbot::irc::Offline`: the length checks, sanitising, the parser,
//! the command table, every handler, the core), with no sockets.
//!
//! The input is lines split at `\n`; each line's first byte picks the client (its value modulo
//! 3, so `0`, `1` and `2` in a seed), the rest is what that client sends. Clients 0 and 1 are
//! registered as `alice` and `bob` first, so every input reaches the registered commands;
//! client 2 starts unregistered.
//!
//! Properties, beyond "no panic":
//! - everything the server sends is whole IRC lines: each ends in CR LF, holds no other CR, LF
//!   or NUL, is at most 512 bytes with its CR LF, and parses;
//! - a client whose connection is over is sent nothing more.
#![no_main]

use chatbot::irc::message::parse;
use chatbot::irc::Offline;
use libfuzzer_sys::fuzz_target;

/// Clients in each run.
const CLIENTS: usize = 3;

fuzz_target!(|input: &[u8]| {
    let mut irc = Offline::new(CLIENTS);
    for (client, nick) in [(0, "alice"), (1, "bob")] {
        irc.send(client, &format!("NICK {nick}"));
        irc.send(client, &format!("USER {nick} 0 * :{nick}"));
    }
    let mut over = [false; CLIENTS];
    for piece in input.split(|&b| b == b'\n') {
        let Some((&pick, line)) = piece.split_first() else {
            continue;
        };
        // The reader refuses invalid UTF-8 before handling, and cuts lines at CR too.
        let Ok(line) = std::str::from_utf8(line) else {
            continue;
        };
        for line in line.split('\r') {
            irc.send(usize::from(pick) % CLIENTS, line);
        }
        for (client, over) in over.iter_mut().enumerate() {
            let received = irc.received(client);
            if *over {
                assert_eq!(received, "", "client {client} was sent lines after it left");
            }
            check_lines(&received);
            *over = irc.is_closed(client);
        }
    }
});

/// Asserts that `sent` is whole, well-formed IRC lines.
fn check_lines(sent: &str) {
    assert!(
        sent.is_empty() || sent.ends_with("\r\n"),
        "{sent:?} ends in an unfinished line"
    );
    for line in sent.split_terminator("\r\n") {
        assert!(
            !line.contains(['\r', '\n', '\0']),
            "{line:?} holds a CR, LF or NUL"
        );
        assert!(line.len() + 2 <= 512, "{line:?} is over 512 bytes");
        if let Err(err) = parse(line) {
            panic!("{line:?} does not parse: {err:?}");
        }
    }
}
