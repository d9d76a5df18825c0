//! Private messages: `/msg NICK TEXT` reaches NICK alone, as `<sender> (private) TEXT`, in any
//! room; an unknown NICK is an error for the sender alone.

mod util;

use util::chat_room;

#[test]
fn a_private_message_reaches_its_addressee_and_nobody_else() {
    let (_server, mut clients) = chat_room(&["alice", "bob", "carol"]);
    let [alice, bob, carol] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("/msg bob psst,  over here");
    bob.expect_line("<alice> (private) psst,  over here");
    carol.expect_nothing_more();
    alice.expect_nothing_more();
}

#[test]
fn the_addressee_is_found_in_any_case_and_in_any_room() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    bob.send("/join rust");
    bob.expect_line("* bob joined");
    alice.expect_line("* bob left");
    alice.send("/msg BOB across rooms");
    bob.expect_line("<alice> (private) across rooms");
}

#[test]
fn a_message_to_an_unknown_nick_is_an_error_for_the_sender_only() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("/msg zed are you there");
    alice.expect_line("! no such nick: zed");
    bob.expect_nothing_more();
}

#[test]
fn a_message_needs_a_nick_and_some_text() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    for line in ["/msg", "/msg bob", "/msg bob    "] {
        alice.send(line);
        alice.expect_line("! usage: /msg NICK TEXT");
    }
    bob.expect_nothing_more();
}
