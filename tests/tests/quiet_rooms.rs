//! Big rooms are quiet: in a room of more than `--quiet-joins` members a join, a part, a quit
//! or a rename is told only to the member concerned, while the member lists (`/who`, `NAMES`)
//! stay exact and chat lines still reach everyone. At or below the limit, everyone hears
//! everything as before. Here the limit is [`QUIET`], so the fourth member is the first one
//! nobody else hears about.
//!
//! The rule and why it exists: `chatbot/src/core/quiet.rs`.

mod util;

use chatbot::server::Settings;
use util::{settings, Client, IrcClient, TestServer};

/// `--quiet-joins` in these tests.
const QUIET: usize = 3;

fn quiet_server() -> TestServer {
    TestServer::chat(Settings {
        quiet_joins: QUIET,
        ..settings()
    })
}

#[test]
fn plain_members_of_a_big_room_hear_nobody_come_rename_or_go_but_who_is_exact() {
    let server = quiet_server();
    // Three members: a loud room, so each heard the later ones arrive and rename.
    let mut old = server.clients(&["ann", "ben", "cat"]);

    let mut dan = server.client(); // hears its own arrival (`Client::join` checks)
    for member in &mut old {
        assert_eq!(
            member.sync(),
            Vec::<String>::new(),
            "{} heard the 4th join",
            member.nick
        );
    }
    dan.send("/nick dan");
    dan.expect_line(&format!("* {} is now known as dan", dan.nick));
    dan.nick = "dan".into();
    old[0].send("/who");
    old[0].expect_line("* in lobby (4): ann, ben, cat, dan");

    dan.send("hello, big room");
    for member in &mut old {
        member.expect_line("<dan> hello, big room");
    }

    dan.send("/quit bye");
    dan.expect_eof();
    for member in &mut old {
        member.send("/who");
        member.expect_line("* in lobby (3): ann, ben, cat");
    }

    // Back at three, the room is loud again: a leaver of three is heard by the other two.
    old[2].send("/quit");
    old[2].expect_eof();
    for member in &mut old[..2] {
        member.expect_line("* cat left");
    }
}

#[test]
fn a_plain_member_moving_out_of_a_big_room_is_heard_only_where_it_arrives() {
    let server = quiet_server();
    let mut old = server.clients(&["ann", "ben", "cat"]);
    let mut dan = server.client();
    dan.send("/join side");
    dan.expect_line(&format!("* {} joined", dan.nick));
    for member in &mut old {
        member.send("/who");
        member.expect_line("* in lobby (3): ann, ben, cat");
    }
    dan.send("/who");
    dan.expect_line(&format!("* in side (1): {}", dan.nick));
}

#[test]
fn irc_members_of_a_big_channel_hear_no_join_nick_part_or_quit_but_names_are_exact() {
    let server = quiet_server();
    let mut alice = server.irc("alice");
    let mut bob = server.irc("bob");
    let mut carol = server.irc("carol");
    alice.join("#big");
    bob.join("#big");
    carol.join("#big");
    alice.read_until(|line| line.ends_with("JOIN #big") && line.starts_with(":carol!"));
    bob.read_until(|line| line.ends_with("JOIN #big") && line.starts_with(":carol!"));

    // The fourth: its own JOIN and a NAMES that lists all four.
    let mut dave = server.irc("dave");
    let burst = dave.join("#big");
    assert!(burst[0].starts_with(":dave!") && burst[0].ends_with("JOIN #big"));
    assert!(
        burst
            .iter()
            .any(|l| l.ends_with(":@alice bob carol dave bot")),
        "{burst:?}"
    );
    alice.expect_nothing_more();
    carol.expect_nothing_more();

    dave.send("NICK dan");
    dave.read_until(|line| line.starts_with(":dave!") && line.ends_with("NICK :dan"));
    dave.nick = "dan".into();
    alice.expect_nothing_more();
    alice.send("NAMES #big");
    let names = alice.read_until(|line| util::irc::numeric(line) == Some("366"));
    assert!(names[0].ends_with(":@alice bob carol dan bot"), "{names:?}");

    dave.send("PRIVMSG #big :hello, big channel");
    alice.read_until(|line| line.ends_with("PRIVMSG #big :hello, big channel"));
    bob.read_until(|line| line.ends_with("PRIVMSG #big :hello, big channel"));

    dave.send("PART #big :enough");
    dave.read_until(|line| line.starts_with(":dan!") && line.contains(" PART #big"));
    dave.join("#big"); // a room of four again
    dave.send("QUIT :gone");
    dave.read_until(|line| line.starts_with("ERROR "));
    alice.expect_nothing_more();
    bob.expect_nothing_more();
    alice.send("NAMES #big");
    let names = alice.read_until(|line| util::irc::numeric(line) == Some("366"));
    assert!(names[0].ends_with(":@alice bob carol bot"), "{names:?}");

    // Three again: loud.
    carol.send("PART #big");
    alice.read_until(|line| line.starts_with(":carol!") && line.contains(" PART #big"));
}

#[test]
fn a_rename_is_heard_through_a_small_room_it_shares_even_from_a_big_one() {
    let server = quiet_server();
    let mut members: Vec<IrcClient> = ["alice", "bob", "carol", "dave"]
        .into_iter()
        .map(|nick| server.irc(nick))
        .collect();
    for member in &mut members {
        member.join("#big");
    }
    members[0].join("#small");
    members[3].join("#small");
    for member in &mut members {
        member.sync(); // the joins of the loud room of three, and #small's
    }
    members[3].send("NICK dan");
    members[3].read_until(|line| line.ends_with("NICK :dan"));
    // Once, through #small; bob and carol share only #big with dan.
    let heard = members[0].sync();
    assert_eq!(heard.len(), 1, "{heard:?}");
    assert!(heard[0].starts_with(":dave!") && heard[0].ends_with("NICK :dan"));
    members[1].expect_nothing_more();
}

#[test]
fn a_plain_and_an_irc_member_see_the_same_quiet_room() {
    let server = quiet_server();
    let mut old = server.clients(&["ann", "ben", "cat"]);
    let mut irc = IrcClient::register(server.irc_addr(), "dave");
    irc.join("#lobby");
    for member in &mut old {
        member.expect_nothing_more();
    }
    let mut who = Client::join(server.addr()); // the fifth
    who.send("/who");
    who.expect_line(&format!(
        "* in lobby (5): ann, ben, cat, dave, {}",
        who.nick
    ));
    irc.expect_nothing_more();
}
