//! Nicks: newcomers get numbered guest nicks; `/nick` takes 1 to 16 of `A-Z a-z 0-9 _ -`, not
//! `bot` or `server`, and not a nick someone holds in any case; the room hears every rename,
//! and a refused one is an error for the asker alone.

mod util;

use util::{chat_room, settings, Client, TestServer};

#[test]
fn newcomers_get_numbered_guest_nicks_and_the_lobby_hears_them_arrive() {
    let server = TestServer::chat(settings());
    let mut first = server.client();
    assert_eq!(first.nick, "guest1");
    let second = server.client();
    assert_eq!(second.nick, "guest2");
    first.expect_line("* guest2 joined");
}

#[test]
fn a_rename_is_announced_to_the_whole_room_renamer_included() {
    let (server, mut clients) = chat_room(&["alice"]);
    let mut guest = server.client();
    clients[0].expect_line(&format!("* {} joined", guest.nick));
    guest.send("/nick bob");
    guest.expect_line("* guest2 is now known as bob");
    clients[0].expect_line("* guest2 is now known as bob");
    guest.nick = "bob".into();
    guest.send("hi");
    clients[0].expect_line("<bob> hi");
}

#[test]
fn nicks_of_one_to_sixteen_name_characters_are_accepted() {
    let server = TestServer::chat(settings());
    let mut client = server.client();
    for nick in ["a", "Z", "7", "_", "-", "Alice_B-2", "abcdefghijklmnop"] {
        client.rename(nick);
    }
}

#[test]
fn a_nick_longer_than_sixteen_is_refused() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("/nick abcdefghijklmnopq");
    alice.expect_line("! nick too long: at most 16 characters");
    bob.expect_nothing_more();
    alice.send("hi");
    bob.expect_line("<alice> hi");
}

#[test]
fn a_nick_with_any_other_character_is_refused() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    for (nick, ch) in [
        ("a.b", "'.'"),
        ("<bot>", "'<'"),
        ("né", "'é'"),
        ("x!", "'!'"),
    ] {
        alice.send(&format!("/nick {nick}"));
        alice.expect_line(&format!(
            "! nick may only use letters, digits, _ and - (not {ch})"
        ));
    }
    alice.send("/nick");
    alice.expect_line("! usage: /nick NAME");
    alice.send("/nick two words");
    alice.expect_line("! usage: /nick NAME");
    bob.expect_nothing_more();
}

#[test]
fn a_nick_is_taken_without_regard_to_case() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    for nick in ["alice", "ALICE", "aLiCe"] {
        bob.send(&format!("/nick {nick}"));
        bob.expect_line(&format!("! nick {nick} is taken"));
    }
    alice.expect_nothing_more();
    bob.send("still bob");
    alice.expect_line("<bob> still bob");
}

#[test]
fn a_client_may_change_the_case_of_its_own_nick() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.rename("Alice");
    bob.expect_line("* alice is now known as Alice");
}

#[test]
fn bot_and_server_are_reserved_in_any_case() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    for nick in ["bot", "BOT", "Bot", "server", "SERVER", "sErVeR"] {
        alice.send(&format!("/nick {nick}"));
        alice.expect_line(&format!("! nick {nick} is reserved"));
    }
    bob.expect_nothing_more();
}

#[test]
fn a_nick_given_up_can_be_taken_by_someone_else() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.rename("alice2");
    bob.expect_line("* alice is now known as alice2");
    bob.rename("Alice");
    alice.expect_line("* bob is now known as Alice");
}

#[test]
fn a_guest_nick_taken_by_hand_is_skipped_for_newcomers() {
    let server = TestServer::chat(settings());
    let mut first = server.client();
    first.rename("guest2");
    let second = Client::join(server.addr());
    assert_eq!(second.nick, "guest3");
    first.expect_line("* guest3 joined");
}

#[test]
fn renaming_to_your_own_nick_is_an_error_for_you_alone_not_an_announcement() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("/nick alice");
    alice.expect_line("! you are already alice");
    bob.expect_nothing_more();
}
