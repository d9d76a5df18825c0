//! Chat: a line one client sends reaches everyone else in its room as `<nick> text`, exactly,
//! and never comes back to its sender.

mod util;

use util::chat_room;

#[test]
fn a_chat_line_reaches_every_other_member_exactly_and_not_its_sender() {
    let (_server, mut clients) = chat_room(&["alice", "bob", "carol"]);
    let [alice, bob, carol] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("hello  there, world ");
    bob.expect_line("<alice> hello  there, world ");
    carol.expect_line("<alice> hello  there, world ");
    alice.expect_nothing_more();
}

#[test]
fn every_member_hears_the_others_whoever_speaks() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("hi bob");
    bob.expect_line("<alice> hi bob");
    bob.send("hi alice");
    alice.expect_line("<bob> hi alice");
}

#[test]
fn lines_sent_in_one_write_arrive_separately_and_in_order() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    let burst: String = (0..50).map(|i| format!("line {i}\n")).collect();
    alice.send_bytes(burst.as_bytes());
    for i in 0..50 {
        bob.expect_line(&format!("<alice> line {i}"));
    }
}

#[test]
fn a_line_sent_in_pieces_arrives_whole() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    for piece in ["one ", "line, ", "three ", "writes"] {
        alice.send_bytes(piece.as_bytes());
    }
    alice.send_bytes(b"\n");
    bob.expect_line("<alice> one line, three writes");
}

#[test]
fn crlf_line_endings_are_accepted() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send_bytes(b"from telnet\r\n");
    bob.expect_line("<alice> from telnet");
}

#[test]
fn blank_lines_are_ignored() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send_bytes(b"\n   \n\t\n\r\n");
    alice.send("after the blanks");
    bob.expect_line("<alice> after the blanks");
    alice.expect_nothing_more();
}

#[test]
fn a_double_slash_says_a_line_that_starts_with_one_slash() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("//shrug");
    bob.expect_line("<alice> /shrug");
    alice.expect_nothing_more();
}
