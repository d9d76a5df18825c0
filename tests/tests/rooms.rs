//! Rooms: `/join` moves a client (both rooms hear it), chat stays inside a room, `/rooms` lists
//! every room with its member count, a room exists only while it has members, and `/who` names
//! a room's members in the order they came.

mod util;

use util::{chat_room, settings, TestServer};

#[test]
fn joining_a_room_moves_you_and_both_rooms_hear_it() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("/join rust");
    alice.expect_line("* alice joined");
    bob.expect_line("* alice left");
    alice.send("/who");
    alice.expect_line("* in rust (1): alice");
}

#[test]
fn chat_stays_inside_its_room() {
    let (_server, mut clients) = chat_room(&["alice", "bob", "carol"]);
    let [alice, bob, carol] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("/join rust");
    alice.expect_line("* alice joined");
    bob.expect_line("* alice left");
    carol.expect_line("* alice left");
    bob.send("/join rust");
    bob.expect_line("* bob joined");
    alice.expect_line("* bob joined");
    carol.expect_line("* bob left");

    alice.send("only for rust");
    bob.expect_line("<alice> only for rust");
    carol.send("only for the lobby");
    carol.expect_nothing_more();
    alice.expect_nothing_more();
    bob.expect_nothing_more();
}

#[test]
fn rooms_lists_every_room_by_name_with_its_member_count() {
    let (_server, mut clients) = chat_room(&["alice", "bob", "carol"]);
    let [alice, bob, carol] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("/join zoo");
    alice.expect_line("* alice joined");
    bob.expect_line("* alice left");
    bob.send("/join rust");
    bob.expect_line("* bob joined");
    carol.expect_line("* alice left");
    carol.expect_line("* bob left");
    carol.send("/rooms");
    carol.expect_line("* rooms: lobby (1), rust (1), zoo (1)");
    bob.send("/join zoo");
    bob.expect_line("* bob joined");
    carol.send("/rooms");
    carol.expect_line("* rooms: lobby (1), zoo (2)");
}

#[test]
fn a_room_disappears_with_its_last_member_even_the_lobby() {
    let server = TestServer::chat(settings());
    let mut alice = server.client();
    alice.send("/join rust");
    alice.expect_line(&format!("* {} joined", alice.nick));
    alice.send("/rooms");
    alice.expect_line("* rooms: rust (1)");
    alice.send("/join lobby");
    alice.expect_line(&format!("* {} joined", alice.nick));
    alice.send("/rooms");
    alice.expect_line("* rooms: lobby (1)");
}

#[test]
fn a_room_that_came_back_is_a_fresh_room() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("/join rust");
    alice.expect_line("* alice joined");
    bob.expect_line("* alice left");
    alice.send("/join lobby");
    alice.expect_line("* alice joined");
    bob.expect_line("* alice joined");
    bob.send("/join rust");
    bob.expect_line("* bob joined");
    bob.send("/who");
    bob.expect_line("* in rust (1): bob");
}

#[test]
fn who_names_the_members_of_your_room_in_the_order_they_came() {
    let (_server, mut clients) = chat_room(&["carol", "alice", "bob"]);
    let [carol, alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    carol.send("/who");
    carol.expect_line("* in lobby (3): carol, alice, bob");
    alice.send("/join rust");
    alice.expect_line("* alice joined");
    bob.expect_line("* alice left");
    bob.send("/who");
    bob.expect_line("* in lobby (2): carol, bob");
}

#[test]
fn room_names_are_folded_to_lowercase() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("/join Rust");
    alice.expect_line("* alice joined");
    bob.expect_line("* alice left");
    bob.send("/join RUST");
    bob.expect_line("* bob joined");
    alice.expect_line("* bob joined");
    alice.send("/who");
    alice.expect_line("* in rust (2): alice, bob");
}

#[test]
fn joining_the_room_you_are_in_changes_nothing() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("/join lobby");
    alice.expect_nothing_more();
    bob.expect_nothing_more();
    bob.send("/who");
    bob.expect_line("* in lobby (2): alice, bob");
}

#[test]
fn a_bad_room_name_is_refused_and_you_stay_put() {
    let (_server, mut clients) = chat_room(&["alice"]);
    let alice = &mut clients[0];
    alice.send("/join #rust");
    alice.expect_line("! room name may only use letters, digits, _ and - (not '#')");
    alice.send(&format!("/join {}", "r".repeat(33)));
    alice.expect_line("! room name too long: at most 32 characters");
    alice.send("/join");
    alice.expect_line("! usage: /join ROOM");
    alice.send("/who");
    alice.expect_line("* in lobby (1): alice");
}
