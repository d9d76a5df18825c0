//! Cross-protocol: a plain client and an IRC client in the same room hear each other's lines,
//! joins, parts, renames and actions, each in their own protocol.

mod util;

use util::irc::mask;
use util::{settings, TestServer};

#[test]
fn a_plain_line_reaches_irc_as_privmsg_and_back() {
    let server = TestServer::chat(settings());
    let mut plain = server.client(); // in the lobby
    let mut irc = server.irc("alice");
    let names = irc.join("#lobby");
    assert_eq!(
        names[1],
        format!(
            ":chatbot.local 353 alice = #lobby :@{} alice bot",
            plain.nick
        )
    );
    plain.expect_line("* alice joined");

    plain.send("hello from nc");
    irc.expect_line(&format!(
        ":{0}!{0}@127.0.0.1 PRIVMSG #lobby :hello from nc",
        plain.nick
    ));
    irc.send("PRIVMSG #lobby :hello from irc");
    plain.expect_line("<alice> hello from irc");
}

#[test]
fn actions_cross_as_ctcp_and_as_slash_me() {
    let server = TestServer::chat(settings());
    let mut plain = server.client();
    let mut irc = server.irc("alice");
    irc.join("#lobby");
    plain.expect_line("* alice joined");
    plain.send("/me waves");
    irc.expect_line(&format!(
        ":{0}!{0}@127.0.0.1 PRIVMSG #lobby :\u{1}ACTION waves\u{1}",
        plain.nick
    ));
    irc.send("PRIVMSG #lobby :\u{1}ACTION bows\u{1}");
    plain.expect_line("* alice bows");
}

#[test]
fn renames_are_seen_in_both_directions() {
    let server = TestServer::chat(settings());
    let mut plain = server.client();
    let mut irc = server.irc("alice");
    irc.join("#lobby");
    plain.expect_line("* alice joined");
    let guest = plain.nick.clone();
    plain.rename("bob");
    irc.expect_line(&format!(":{guest}!{guest}@127.0.0.1 NICK :bob"));
    irc.send("NICK alicia");
    irc.expect_line(&format!(":{} NICK :alicia", mask("alice")));
    plain.expect_line("* alice is now known as alicia");
}

#[test]
fn joins_parts_and_quits_cross_too() {
    let server = TestServer::chat(settings());
    let mut plain = server.client();
    let mut irc = server.irc("alice");
    irc.join("#lobby");
    plain.expect_line("* alice joined");
    irc.send("PART #lobby :brb");
    plain.expect_line("* alice left (brb)");
    irc.join("#lobby");
    plain.expect_line("* alice joined");

    let mut other = server.client();
    let newcomer = other.nick.clone();
    irc.expect_line(&format!(":{newcomer}!{newcomer}@127.0.0.1 JOIN #lobby"));
    plain.expect_line(&format!("* {newcomer} joined"));
    other.send("/join rust");
    irc.expect_line(&format!(":{newcomer}!{newcomer}@127.0.0.1 PART #lobby"));
    plain.expect_line(&format!("* {newcomer} left"));

    irc.send("QUIT :see you");
    irc.expect_line("ERROR :Closing Link: 127.0.0.1 (Quit: see you)");
    irc.expect_eof();
    plain.expect_line("* alice left (Quit: see you)");
}

#[test]
fn private_messages_cross_both_ways() {
    let server = TestServer::chat(settings());
    let mut plain = server.client();
    let mut irc = server.irc("alice");
    plain.send("/msg alice psst");
    irc.expect_line(&format!(
        ":{0}!{0}@127.0.0.1 PRIVMSG alice :psst",
        plain.nick
    ));
    irc.send(&format!("PRIVMSG {} :\u{2}bold\u{2} reply", plain.nick));
    plain.expect_line("<alice> (private) bold reply");
}

#[test]
fn an_irc_operator_kicking_a_plain_user_leaves_it_in_no_room() {
    let server = TestServer::chat(settings());
    let mut irc = server.irc("alice");
    irc.join("#rust");
    let mut plain = server.client();
    plain.send("/join rust");
    plain.expect_line(&format!("* {} joined", plain.nick));
    irc.expect_line(&format!(":{0}!{0}@127.0.0.1 JOIN #rust", plain.nick));
    irc.send(&format!("KICK #rust {} :out", plain.nick));
    plain.expect_line(&format!(
        "* {} was kicked from rust by alice (out)",
        plain.nick
    ));
    plain.send("anyone?");
    plain.expect_line("! you are in no room; /join ROOM");
    plain.send("/join lobby");
    plain.expect_line(&format!("* {} joined", plain.nick));
}
