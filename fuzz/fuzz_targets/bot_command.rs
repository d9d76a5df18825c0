//! The bot's command parser, on any line a user can type.
//!
//! Properties, beyond "no panic":
//! - a line is the bot's exactly when it starts with `!` and a letter;
//! - what the bot accepts is within its documented bounds (`!sleep` at most
//!   `MAX_SLEEP_SECS`; `!echo` never empty and a piece of the line).
#![no_main]

use std::time::Duration;

use chatbot::bot::command::{BotCommand, MAX_SLEEP_SECS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let Ok(line) = std::str::from_utf8(input) else {
        return;
    };
    let parsed = BotCommand::parse(line);
    let addressed = line
        .strip_prefix('!')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic()));
    assert_eq!(
        parsed.is_some(),
        addressed,
        "{line:?}: wrong idea of whose line it is"
    );
    match parsed {
        Some(Ok(BotCommand::Sleep(secs))) => {
            assert!(
                secs <= Duration::from_secs(MAX_SLEEP_SECS),
                "{line:?}: slept {secs:?}"
            );
        }
        Some(Ok(BotCommand::Echo(text))) => {
            assert!(
                !text.is_empty() && line.contains(text),
                "{line:?}: echo {text:?}"
            );
        }
        _ => {}
    }
});
