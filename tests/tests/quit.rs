//! Quitting: `/quit [MESSAGE]` tells the room `* nick left (MESSAGE)` (or `* nick left`) exactly
//! once, and the server closes the connection; nothing sent after the `/quit` is handled.

mod util;

use util::chat_room;

#[test]
fn quit_with_a_message_is_announced_once_and_closes_the_connection() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("/quit  see you  tomorrow ");
    alice.expect_eof();
    bob.expect_line("* alice left (see you  tomorrow)");
    bob.expect_nothing_more();
    bob.send("/who");
    bob.expect_line("* in lobby (1): bob");
}

#[test]
fn quit_without_a_message_is_a_plain_left() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("/QUIT");
    alice.expect_eof();
    bob.expect_line("* alice left");
    bob.expect_nothing_more();
}

#[test]
fn nothing_sent_after_quit_is_handled() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send_bytes(b"/quit bye\nlast words\n/nick ghost\n");
    alice.expect_eof();
    bob.expect_line("* alice left (bye)");
    bob.expect_nothing_more();
}

#[test]
fn the_last_member_quitting_removes_the_room() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("/join rust");
    alice.expect_line("* alice joined");
    bob.expect_line("* alice left");
    alice.send("/quit");
    alice.expect_eof();
    bob.send("/rooms");
    bob.expect_line("* rooms: lobby (1)");
}
