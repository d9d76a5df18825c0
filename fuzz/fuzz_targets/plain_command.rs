//! The plain protocol's line reader after framing: `sanitize`, then `command::parse`, then the
//! bot's parser on a chat line, as the plain connection does.
//!
//! Properties, beyond "no panic":
//! - a sanitized line has no forbidden character (no terminal control reaches another user);
//! - sanitizing is idempotent;
//! - what the room is shown of a chat line is a piece of the line, never something invented,
//!   and never blank.
#![no_main]

use chatbot::command::{parse, Input};
use chatbot::sanitize::{is_forbidden, sanitize};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let Ok(line) = std::str::from_utf8(input) else {
        return; // the framer refuses invalid UTF-8 before this point
    };
    let clean = sanitize(line);
    assert!(
        !clean.chars().any(is_forbidden),
        "{clean:?} kept a forbidden character"
    );
    assert_eq!(sanitize(&clean), clean, "sanitizing twice changed the line");
    if let Input::Chat { text, .. } = parse(&clean) {
        assert!(clean.contains(text), "{text:?} is not part of {clean:?}");
        assert!(!text.trim().is_empty(), "a blank line reached the room");
    }
});
