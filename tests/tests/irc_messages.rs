//! IRC messages: PRIVMSG to a channel and to a nick, NOTICE, CTCP ACTION, several targets at
//! once, AWAY replies, and the bot in channels and in private.

mod util;

use util::irc::mask;
use util::irc_pair;

#[test]
fn a_channel_message_reaches_the_others_but_not_its_sender() {
    let (_server, mut alice, mut bob) = irc_pair("#lobby");
    alice.send("PRIVMSG #lobby :hello  there");
    bob.expect_line(&format!(":{} PRIVMSG #lobby :hello  there", mask("alice")));
    alice.expect_nothing_more();
}

#[test]
fn private_messages_and_notices_reach_only_their_addressee() {
    let (server, mut alice, mut bob) = irc_pair("#lobby");
    let mut carol = server.irc("carol");
    alice.send("PRIVMSG BOB :psst");
    bob.expect_line(&format!(":{} PRIVMSG bob :psst", mask("alice")));
    alice.send("NOTICE bob :fyi");
    bob.expect_line(&format!(":{} NOTICE bob :fyi", mask("alice")));
    carol.expect_nothing_more();
}

#[test]
fn one_message_to_several_targets_reaches_each() {
    let (server, mut alice, mut bob) = irc_pair("#lobby");
    let mut carol = server.irc("carol");
    alice.send("PRIVMSG #lobby,carol :to you all");
    bob.expect_line(&format!(":{} PRIVMSG #lobby :to you all", mask("alice")));
    carol.expect_line(&format!(":{} PRIVMSG carol :to you all", mask("alice")));
}

#[test]
fn ctcp_action_is_passed_on_as_an_action() {
    let (_server, mut alice, mut bob) = irc_pair("#lobby");
    alice.send("PRIVMSG #lobby :\u{1}ACTION dances\u{1}");
    bob.expect_line(&format!(
        ":{} PRIVMSG #lobby :\u{1}ACTION dances\u{1}",
        mask("alice")
    ));
}

#[test]
fn a_message_to_someone_away_is_answered_with_301() {
    let (_server, mut alice, mut bob) = irc_pair("#lobby");
    bob.send("AWAY :lunch");
    bob.expect_line(":chatbot.local 306 bob :You have been marked as being away");
    alice.send("PRIVMSG bob :there?");
    alice.expect_line(":chatbot.local 301 alice bob :lunch");
    bob.send("AWAY");
    bob.read_line(); // alice's message
    bob.expect_line(":chatbot.local 305 bob :You are no longer marked as being away");
}

#[test]
fn the_bot_answers_a_command_in_the_channel_to_everyone() {
    let (_server, mut alice, mut bob) = irc_pair("#lobby");
    alice.send("PRIVMSG #lobby :!echo ping pong");
    bob.expect_line(&format!(
        ":{} PRIVMSG #lobby :!echo ping pong",
        mask("alice")
    ));
    let answer = ":bot!bot@chatbot PRIVMSG #lobby :alice: ping pong";
    bob.expect_line(answer);
    alice.expect_line(answer);
}

#[test]
fn the_bot_answers_a_private_question_privately() {
    let (_server, mut alice, mut bob) = irc_pair("#lobby");
    alice.send("PRIVMSG bot :echo just for me");
    alice.expect_line(":bot!bot@chatbot PRIVMSG alice :just for me");
    alice.send("PRIVMSG bot :!sleep 1");
    alice.expect_line(":bot!bot@chatbot PRIVMSG alice :slept 1s");
    bob.expect_nothing_more();
}

#[test]
fn the_bot_never_answers_a_notice() {
    let (_server, mut alice, mut bob) = irc_pair("#lobby");
    alice.send("NOTICE #lobby :!echo hi");
    bob.expect_line(&format!(":{} NOTICE #lobby :!echo hi", mask("alice")));
    bob.expect_nothing_more();
    alice.expect_nothing_more();
}

#[test]
fn a_slow_fib_does_not_delay_a_roll() {
    let (_server, mut alice, _bob) = irc_pair("#lobby");
    alice.send("PRIVMSG bot :!fib 3000000000");
    alice.send("PRIVMSG bot :!roll 1d6");
    let first = alice.read_line();
    assert!(
        first.starts_with(":bot!bot@chatbot PRIVMSG alice :1d6: "),
        "{first}"
    );
}
