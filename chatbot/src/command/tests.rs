//! Unit tests for [`parse`](super::parse): one rule per test.

use super::*;
use crate::bot::command::BotCommand;
use crate::names::NameKind;

fn invalid(line: &str) -> String {
    match parse(line) {
        Input::Invalid(e) => e.to_string(),
        other => panic!("{line:?} parsed as {other:?}"),
    }
}

#[test]
fn blank_and_whitespace_lines_are_empty() {
    for line in ["", " ", "\t", "   \t  "] {
        assert_eq!(parse(line), Input::Empty, "{line:?}");
    }
}

#[test]
fn plain_line_is_chat_exactly_as_typed() {
    assert_eq!(
        parse("  hello,  world "),
        Input::Chat {
            text: "  hello,  world ",
            bot: None
        }
    );
}

#[test]
fn double_slash_is_chat_with_one_slash_eaten() {
    assert_eq!(
        parse("//shrug"),
        Input::Chat {
            text: "/shrug",
            bot: None
        }
    );
    assert_eq!(
        parse("///"),
        Input::Chat {
            text: "//",
            bot: None
        }
    );
}

#[test]
fn bang_word_is_chat_and_a_bot_command() {
    assert_eq!(
        parse("!echo hi"),
        Input::Chat {
            text: "!echo hi",
            bot: Some(Ok(BotCommand::Echo("hi")))
        }
    );
}

#[test]
fn bang_without_a_letter_is_only_chat() {
    for line in ["!", "!!!", "! wow", "!1"] {
        assert_eq!(
            parse(line),
            Input::Chat {
                text: line,
                bot: None
            },
            "{line:?}"
        );
    }
}

#[test]
fn bad_bot_command_is_still_chat_with_the_error_for_the_bot() {
    assert_eq!(
        parse("!dance"),
        Input::Chat {
            text: "!dance",
            bot: Some(Err(ParseError::UnknownBotCommand("dance".to_string())))
        }
    );
}

#[test]
fn nick_takes_one_valid_name() {
    assert_eq!(
        parse("/nick Alice_2"),
        Input::Command(Command::Nick("Alice_2"))
    );
    assert_eq!(parse("/nick   bob  "), Input::Command(Command::Nick("bob")));
}

#[test]
fn nick_refuses_missing_extra_and_bad_names() {
    assert_eq!(invalid("/nick"), "usage: /nick NAME");
    assert_eq!(invalid("/nick a b"), "usage: /nick NAME");
    assert_eq!(invalid("/nick bot"), "nick bot is reserved");
    assert_eq!(
        parse("/nick abcdefghijklmnopq"),
        Input::Invalid(ParseError::BadName(NameError::TooLong {
            kind: NameKind::Nick,
            max: 16
        }))
    );
}

#[test]
fn join_folds_the_room_to_lowercase() {
    assert_eq!(
        parse("/join Rust"),
        Input::Command(Command::Join("rust".to_string()))
    );
}

#[test]
fn join_refuses_missing_and_bad_rooms() {
    assert_eq!(invalid("/join"), "usage: /join ROOM");
    assert_eq!(
        invalid("/join #rust"),
        "room name may only use letters, digits, _ and - (not '#')"
    );
    assert_eq!(
        invalid(&format!("/join {}", "r".repeat(33))),
        "room name too long: at most 32 characters"
    );
}

#[test]
fn commands_without_arguments_refuse_extra_words() {
    assert_eq!(parse("/rooms"), Input::Command(Command::Rooms));
    assert_eq!(parse("/who"), Input::Command(Command::Who));
    assert_eq!(parse("/help"), Input::Command(Command::Help));
    assert_eq!(invalid("/who alice"), "usage: /who");
    assert_eq!(invalid("/rooms all"), "usage: /rooms");
    assert_eq!(invalid("/help me"), "usage: /help");
}

#[test]
fn command_names_ignore_case() {
    assert_eq!(parse("/WHO"), Input::Command(Command::Who));
    assert_eq!(parse("/Nick x"), Input::Command(Command::Nick("x")));
}

#[test]
fn msg_splits_nick_from_the_rest_of_the_line() {
    assert_eq!(
        parse("/msg bob  see you  at 5 "),
        Input::Command(Command::Msg {
            to: "bob",
            text: "see you  at 5"
        })
    );
}

#[test]
fn msg_needs_both_a_nick_and_text() {
    assert_eq!(invalid("/msg"), "usage: /msg NICK TEXT");
    assert_eq!(invalid("/msg bob"), "usage: /msg NICK TEXT");
    assert_eq!(invalid("/msg bob   "), "usage: /msg NICK TEXT");
}

#[test]
fn me_needs_an_action() {
    assert_eq!(
        parse("/me waves  back"),
        Input::Command(Command::Me("waves  back"))
    );
    assert_eq!(invalid("/me"), "usage: /me ACTION");
    assert_eq!(invalid("/me  "), "usage: /me ACTION");
}

#[test]
fn quit_message_is_optional() {
    assert_eq!(parse("/quit"), Input::Command(Command::Quit(None)));
    assert_eq!(parse("/quit  "), Input::Command(Command::Quit(None)));
    assert_eq!(
        parse("/quit bye all"),
        Input::Command(Command::Quit(Some("bye all")))
    );
}

#[test]
fn unknown_command_names_help() {
    let message = invalid("/dance wildly");
    assert_eq!(message, "unknown command /dance; type /help for the list");
    assert!(message.contains("/help"));
}

#[test]
fn lone_slash_is_an_unknown_command() {
    assert_eq!(invalid("/"), "unknown command /; type /help for the list");
    assert_eq!(
        invalid("/ hi"),
        "unknown command /; type /help for the list"
    );
}

#[test]
fn tab_separates_arguments_like_space() {
    assert_eq!(
        parse("/msg\tbob\thi"),
        Input::Command(Command::Msg {
            to: "bob",
            text: "hi"
        })
    );
}

#[test]
fn help_text_mentions_every_command() {
    for name in [
        "/nick", "/join", "/rooms", "/who", "/msg", "/me", "/quit", "/help", "!help",
    ] {
        assert!(HELP.contains(name), "{name} missing from HELP");
    }
}
