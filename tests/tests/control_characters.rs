//! Control characters: escape sequences lose their ESC, C0 and C1 controls (except tab), DEL
//! and the bidi embeddings, overrides and isolates are all stripped before a line reaches
//! anyone else, in chat, `/me` and `/msg` alike.

mod util;

use util::chat_room;

#[test]
fn an_escape_sequence_loses_its_escape() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("\x1b[2J\x1b[31mgotcha\x1b[0m");
    bob.expect_line("<alice> [2J[31mgotcha[0m");
}

#[test]
fn controls_are_stripped_but_tabs_are_kept() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("a\x07b\x00c\td\re\x08f\x7fg\u{9b}h\u{85}i");
    bob.expect_line("<alice> abc\tdefghi");
}

#[test]
fn bidi_overrides_and_isolates_are_stripped() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("abc\u{202e}fed\u{202a}\u{202c}\u{2066}x\u{2069}");
    bob.expect_line("<alice> abcfedx");
}

#[test]
fn actions_and_private_messages_are_cleaned_too() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("/me \x1b[5mwaves\u{202e}");
    bob.expect_line("* alice [5mwaves");
    alice.send("/msg bob \x07ding\x1b]0;title\x07");
    bob.expect_line("<alice> (private) ding]0;title");
}

#[test]
fn a_line_of_nothing_but_controls_says_nothing() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("\x1b\x07\u{202e}");
    alice.expect_nothing_more();
    bob.expect_nothing_more();
}
