//! IRC channels: JOIN (lists, keys, `JOIN 0`), PART, KICK, INVITE, modes and TOPIC, as the
//! members of a channel see them.

mod util;

use util::irc::mask;
use util::{irc_pair, settings, TestServer};

#[test]
fn joining_echoes_the_join_then_names_with_the_creator_as_operator_and_the_bot() {
    let server = TestServer::chat(settings());
    let mut alice = server.irc("alice");
    let lines = alice.join("#Rust");
    assert_eq!(
        lines,
        [
            format!(":{} JOIN #rust", mask("alice")),
            ":chatbot.local 353 alice = #rust :@alice bot".to_string(),
            ":chatbot.local 366 alice #rust :End of /NAMES list".to_string(),
        ]
    );
    let mut bob = server.irc("bob");
    let lines = bob.join("#rust");
    assert_eq!(lines[1], ":chatbot.local 353 bob = #rust :@alice bob bot");
}

#[test]
fn join_takes_a_list_and_join_0_leaves_every_channel() {
    let (_server, mut alice, mut bob) = irc_pair("#rust");
    bob.send("JOIN #a,#b");
    for channel in ["#a", "#b"] {
        bob.expect_line(&format!(":{} JOIN {channel}", mask("bob")));
        bob.read_until(|line| line.contains(" 366 "));
    }
    bob.send("JOIN 0");
    let parts = bob.sync();
    assert_eq!(parts.len(), 3, "{parts:?}");
    for channel in ["#rust", "#a", "#b"] {
        assert!(
            parts.contains(&format!(":{} PART {channel}", mask("bob"))),
            "{parts:?}"
        );
    }
    alice.expect_line(&format!(":{} PART #rust", mask("bob")));
}

#[test]
fn part_with_a_reason_is_seen_by_everyone_in_the_channel_and_the_leaver() {
    let (_server, mut alice, mut bob) = irc_pair("#rust");
    bob.send("PART #rust :off to bed");
    let part = format!(":{} PART #rust :off to bed", mask("bob"));
    bob.expect_line(&part);
    alice.expect_line(&part);
    bob.send("PART #rust");
    bob.expect_line(":chatbot.local 442 bob #rust :You're not on that channel");
}

#[test]
fn an_operator_kicks_and_the_kicked_user_is_out() {
    let (_server, mut alice, mut bob) = irc_pair("#rust");
    alice.send("KICK #rust bob :behave");
    let kick = format!(":{} KICK #rust bob :behave", mask("alice"));
    alice.expect_line(&kick);
    bob.expect_line(&kick);
    bob.send("PRIVMSG #rust :let me back");
    bob.expect_line(":chatbot.local 404 bob #rust :Cannot send to channel");
}

#[test]
fn a_member_who_is_not_an_operator_gets_482() {
    let (_server, _alice, mut bob) = irc_pair("#rust");
    bob.send("KICK #rust alice");
    bob.expect_line(":chatbot.local 482 bob #rust :You're not channel operator");
    bob.send("MODE #rust +m");
    bob.expect_line(":chatbot.local 482 bob #rust :You're not channel operator");
    bob.send("TOPIC #rust :mine now");
    bob.expect_line(":chatbot.local 482 bob #rust :You're not channel operator");
}

#[test]
fn invite_only_needs_an_invitation_which_the_operator_can_give() {
    let (server, mut alice, mut bob) = irc_pair("#rust");
    alice.send("MODE #rust +i");
    let mode = format!(":{} MODE #rust +i", mask("alice"));
    alice.expect_line(&mode);
    bob.expect_line(&mode);
    let mut carol = server.irc("carol");
    carol.send("JOIN #rust");
    carol.expect_line(":chatbot.local 473 carol #rust :Cannot join channel (+i)");
    alice.send("INVITE carol #rust");
    alice.expect_line(":chatbot.local 341 alice carol :#rust");
    carol.expect_line(&format!(":{} INVITE carol #rust", mask("alice")));
    carol.join("#rust");
    alice.expect_line(&format!(":{} JOIN #rust", mask("carol")));
    alice.send("INVITE carol #rust");
    alice.expect_line(":chatbot.local 443 alice carol #rust :is already on channel");
}

#[test]
fn key_and_limit_modes_keep_people_out() {
    let (server, mut alice, _bob) = irc_pair("#rust");
    alice.send("MODE #rust +kl sesame 2");
    alice.expect_line(&format!(":{} MODE #rust +kl sesame 2", mask("alice")));
    let mut carol = server.irc("carol");
    carol.send("JOIN #rust");
    carol.expect_line(":chatbot.local 475 carol #rust :Cannot join channel (+k)");
    carol.send("JOIN #rust sesame");
    carol.expect_line(":chatbot.local 471 carol #rust :Cannot join channel (+l)");
    alice.send("MODE #rust -l");
    alice.expect_line(&format!(":{} MODE #rust -l", mask("alice")));
    carol.send("JOIN #rust sesame");
    carol.expect_line(&format!(":{} JOIN #rust", mask("carol")));
}

#[test]
fn moderated_channels_hear_only_operators_and_voiced_members() {
    let (_server, mut alice, mut bob) = irc_pair("#rust");
    alice.send("MODE #rust +m");
    bob.read_line();
    alice.read_line();
    bob.send("PRIVMSG #rust :can you hear me");
    bob.expect_line(":chatbot.local 404 bob #rust :Cannot send to channel");
    alice.send("MODE #rust +v bob");
    bob.expect_line(&format!(":{} MODE #rust +v bob", mask("alice")));
    bob.send("PRIVMSG #rust :now?");
    alice.read_line(); // her own MODE +v
    alice.expect_line(&format!(":{} PRIVMSG #rust :now?", mask("bob")));
}

#[test]
fn channel_modes_are_queried_with_324_and_329() {
    let (_server, mut alice, _bob) = irc_pair("#rust");
    alice.send("MODE #rust");
    alice.expect_line(":chatbot.local 324 alice #rust :+nt");
    let created = alice.expect_numeric("329");
    assert!(created.starts_with("#rust :"), "{created}");
    alice.send("MODE #rust b");
    alice.expect_line(":chatbot.local 368 alice #rust :End of channel ban list");
}

#[test]
fn giving_operator_status_lets_the_new_operator_act() {
    let (_server, mut alice, mut bob) = irc_pair("#rust");
    alice.send("MODE #rust +o bob");
    bob.expect_line(&format!(":{} MODE #rust +o bob", mask("alice")));
    bob.send("TOPIC #rust :bob rules");
    bob.expect_line(&format!(":{} TOPIC #rust :bob rules", mask("bob")));
}

#[test]
fn topic_is_asked_set_and_shown_on_join() {
    let (server, mut alice, mut bob) = irc_pair("#rust");
    alice.send("TOPIC #rust");
    alice.expect_line(":chatbot.local 331 alice #rust :No topic is set");
    alice.send("TOPIC #rust :all about ownership");
    let topic = format!(":{} TOPIC #rust :all about ownership", mask("alice"));
    alice.expect_line(&topic);
    bob.expect_line(&topic);
    bob.send("TOPIC #rust");
    bob.expect_line(":chatbot.local 332 bob #rust :all about ownership");
    assert!(bob.expect_numeric("333").starts_with("#rust alice :"));
    let mut carol = server.irc("carol");
    let joined = carol.join("#rust");
    assert_eq!(
        joined[1],
        ":chatbot.local 332 carol #rust :all about ownership"
    );
    assert!(joined[2].starts_with(":chatbot.local 333 carol #rust alice :"));
}

#[test]
fn joining_a_channel_one_is_in_does_nothing() {
    let (_server, mut alice, mut bob) = irc_pair("#rust");
    alice.send("JOIN #rust");
    alice.expect_nothing_more();
    bob.expect_nothing_more();
}
