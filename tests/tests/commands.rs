//! Commands: a `/` line that is not a command gets one `! ...` line pointing at `/help`, for its
//! sender only; `/help` lists every command; names ignore case and extra words are refused.

mod util;

use chatbot::command::HELP;
use util::chat_room;

#[test]
fn an_unknown_command_gets_one_error_line_naming_help() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("/dance wildly");
    alice.expect_line("! unknown command /dance; type /help for the list");
    alice.expect_nothing_more();
    bob.expect_nothing_more();
}

#[test]
fn help_lists_every_command_as_notices_for_the_asker() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("/help");
    for line in HELP.lines() {
        alice.expect_line(&format!("* {line}"));
    }
    alice.expect_nothing_more();
    bob.expect_nothing_more();
    for command in [
        "/nick", "/join", "/rooms", "/who", "/msg", "/me", "/quit", "/help",
    ] {
        assert!(HELP.contains(command), "{command} missing from /help");
    }
}

#[test]
fn command_names_ignore_case() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("/WHO");
    alice.expect_line("* in lobby (2): alice, bob");
    alice.send("/Me shouts");
    bob.expect_line("* alice shouts");
}

#[test]
fn a_command_that_takes_no_arguments_refuses_extra_words() {
    let (_server, mut clients) = chat_room(&["alice"]);
    let alice = &mut clients[0];
    for (line, usage) in [
        ("/who alice", "/who"),
        ("/rooms all", "/rooms"),
        ("/help me", "/help"),
    ] {
        alice.send(line);
        alice.expect_line(&format!("! usage: {usage}"));
    }
}
