//! The IRC message parser, on any line an IRC client can send (after framing, so valid UTF-8
//! without its terminator).
//!
//! Properties, beyond "no panic":
//! - it round-trips: a parsed message, rendered and parsed again, is the same message;
//! - a rendered message is one line: no `\r`, `\n` or NUL unless the input had one.
#![no_main]

use chatbot::irc::message::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let Ok(line) = std::str::from_utf8(input) else {
        return;
    };
    let Ok(message) = parse(line) else {
        return;
    };
    let rendered = message.render_line();
    if !line.contains(['\r', '\n', '\0']) {
        assert!(
            !rendered.contains(['\r', '\n', '\0']),
            "{rendered:?} is not one line"
        );
    }
    let again =
        parse(&rendered).unwrap_or_else(|err| panic!("{rendered:?} does not parse: {err:?}"));
    assert_eq!(
        again, message,
        "{line:?} -> {rendered:?} did not round-trip"
    );
});
