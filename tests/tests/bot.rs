//! The bot's immediate answers. A `!command` line is chat too: the room sees it as usual, then
//! the bot answers the whole room, asker included, as `<bot> nick: ...`.

mod util;

use chatbot::bot;
use util::{chat_room, Client};

/// Alice says `line`; Bob sees it, and both see the bot's one-line answer, which is returned
/// without the `<bot> alice: ` in front.
fn ask(alice: &mut Client, bob: &mut Client, line: &str) -> String {
    alice.send(line);
    bob.expect_line(&format!("<alice> {line}"));
    let answer = alice.read_line();
    bob.expect_line(&answer);
    answer
        .strip_prefix("<bot> alice: ")
        .unwrap_or_else(|| panic!("not a bot answer to alice: {answer:?}"))
        .to_string()
}

#[test]
fn a_bot_command_is_shown_to_the_room_and_answered_to_everyone() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    assert_eq!(ask(alice, bob, "!echo hi  there"), "hi  there");
    alice.expect_nothing_more();
    bob.expect_nothing_more();
}

#[test]
fn help_lists_the_bot_commands() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    assert_eq!(ask(alice, bob, "!help"), bot::HELP);
}

#[test]
fn echo_needs_something_to_say() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    assert_eq!(ask(alice, bob, "!echo"), "usage: !echo TEXT");
}

#[test]
fn time_is_a_utc_timestamp() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    let answer = ask(alice, bob, "!time");
    let stamp = answer
        .strip_prefix("it is ")
        .and_then(|rest| rest.strip_suffix(" UTC"))
        .unwrap_or_else(|| panic!("{answer:?}"));
    // YYYY-MM-DD hh:mm:ss
    let shape: String = stamp
        .chars()
        .map(|c| if c.is_ascii_digit() { '9' } else { c })
        .collect();
    assert_eq!(shape, "9999-99-99 99:99:99", "{answer:?}");
    assert!(stamp >= "2024", "{answer:?}");
}

#[test]
fn uptime_counts_from_the_start_of_the_server() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    let answer = ask(alice, bob, "!uptime");
    let secs: u64 = answer
        .strip_prefix("up ")
        .and_then(|rest| rest.strip_suffix('s'))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{answer:?}"));
    assert!(secs < 60, "{answer:?}: this server started moments ago");
}

#[test]
fn roll_throws_dice_within_their_faces() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    for _ in 0..20 {
        let answer = ask(alice, bob, "!roll 2d6");
        let (faces, total) = answer
            .strip_prefix("2d6: ")
            .and_then(|rest| rest.split_once(" = "))
            .unwrap_or_else(|| panic!("{answer:?}"));
        let faces: Vec<u64> = faces.split(" + ").map(|f| f.parse().unwrap()).collect();
        assert_eq!(faces.len(), 2, "{answer:?}");
        assert!(
            faces.iter().all(|face| (1..=6).contains(face)),
            "{answer:?}"
        );
        let total: u64 = total.parse().unwrap();
        assert_eq!(total, faces.iter().sum::<u64>(), "{answer:?}");
    }
    let answer = ask(alice, bob, "!roll d20");
    let face: u64 = answer.strip_prefix("1d20: ").unwrap().parse().unwrap();
    assert!((1..=20).contains(&face), "{answer:?}");
}

#[test]
fn roll_refuses_dice_out_of_bounds() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    for (roll, answer) in [
        ("0d6", "number of dice must be between 1 and 100"),
        ("101d6", "number of dice must be between 1 and 100"),
        (
            "99999999999999999999d6",
            "number of dice must be between 1 and 100",
        ),
        ("2d1", "sides per die must be between 2 and 1000"),
        ("2d1001", "sides per die must be between 2 and 1000"),
    ] {
        assert_eq!(ask(alice, bob, &format!("!roll {roll}")), answer);
    }
    for bad in ["!roll", "!roll two", "!roll 2d", "!roll -1d6"] {
        assert!(ask(alice, bob, bad).starts_with("usage: !roll"), "{bad}");
    }
}

#[test]
fn stats_reports_the_connections() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    let answer = ask(alice, bob, "!stats");
    assert!(answer.starts_with("connections 2, "), "{answer:?}");
    assert!(answer.contains("tasks alive"), "{answer:?}");
}

#[test]
fn an_unknown_bot_command_points_at_help() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    assert_eq!(
        ask(alice, bob, "!dance now"),
        "unknown bot command !dance; try !help"
    );
}

#[test]
fn bang_without_a_letter_is_plain_chat() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    for line in ["!!!", "! wow", "!9"] {
        alice.send(line);
        bob.expect_line(&format!("<alice> {line}"));
    }
    alice.expect_nothing_more();
    bob.expect_nothing_more();
}
