//! The bot as an IRC client (`chatbot bot`), run in-process against our own server (and, for
//! losing the server, against a scripted one): it registers, joins, answers in channels and in
//! private, picks another nick when its own is taken, rejoins after a kick, reconnects when
//! the server goes away, and says QUIT when stopped.

mod util;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use util::bot::{bot_settings, BotRunner};
use util::irc::mask;
use util::{settings, IrcClient, TestServer, BOUND};

/// Our server, alice in `#test` (its operator), and the bot client joined there as `nick`.
fn with_bot(nick: &str) -> (TestServer, IrcClient, BotRunner, String) {
    let server = TestServer::chat(settings());
    let mut alice = server.irc("alice");
    alice.join("#test");
    let bot = BotRunner::start(bot_settings(server.irc_addr(), nick, &["#test"]));
    let join = alice.read_line();
    let joined = join
        .strip_prefix(':')
        .and_then(|j| j.strip_suffix(" JOIN #test"))
        .unwrap_or_else(|| panic!("{join}"));
    let nick = joined.split('!').next().unwrap().to_string();
    (server, alice, bot, nick)
}

/// Reads until a PRIVMSG from `nick`, skipping the server's own bot, which answers too.
fn answer_from(client: &mut IrcClient, nick: &str) -> String {
    let from = format!(":{nick}!");
    client
        .read_until(|line| line.starts_with(&from))
        .pop()
        .unwrap()
}

#[test]
fn it_registers_joins_and_answers_in_the_channel() {
    let (_server, mut alice, _bot, nick) = with_bot("robo");
    assert_eq!(nick, "robo");
    alice.send("PRIVMSG #test :!echo hello bots");
    assert_eq!(
        answer_from(&mut alice, "robo"),
        format!(":{} PRIVMSG #test :alice: hello bots", mask("robo"))
    );
}

#[test]
fn it_answers_a_private_question_privately() {
    let (_server, mut alice, _bot, _) = with_bot("robo");
    alice.send("PRIVMSG robo :echo just for you");
    assert_eq!(
        answer_from(&mut alice, "robo"),
        format!(":{} PRIVMSG alice :just for you", mask("robo"))
    );
}

#[test]
fn a_slow_fib_does_not_delay_a_roll() {
    let (_server, mut alice, _bot, _) = with_bot("robo");
    alice.send("PRIVMSG robo :!fib 3000000000");
    alice.send("PRIVMSG robo :!roll 1d6");
    let first = answer_from(&mut alice, "robo");
    assert!(first.contains(" PRIVMSG alice :1d6: "), "{first}");
}

#[test]
fn a_taken_nick_makes_it_pick_another() {
    let server = TestServer::chat(settings());
    let mut alice = server.irc("alice");
    alice.join("#test");
    let _robo = server.irc("robo"); // squatting on the bot's nick
    let _bot = BotRunner::start(bot_settings(server.irc_addr(), "robo", &["#test"]));
    // Its user name stays what it registered with.
    alice.expect_line(":robo1!robo@127.0.0.1 JOIN #test");
}

#[test]
fn after_a_kick_it_rejoins() {
    let (_server, mut alice, _bot, nick) = with_bot("robo");
    alice.send(&format!("KICK #test {nick} :out"));
    alice.expect_line(&format!(":{} KICK #test robo :out", mask("alice")));
    alice.expect_line(&format!(":{} JOIN #test", mask("robo")));
}

#[test]
fn stopping_it_sends_quit() {
    let (_server, mut alice, bot, _) = with_bot("robo");
    bot.stop();
    alice.expect_line(&format!(":{} QUIT :Quit: shutting down", mask("robo")));
}

#[test]
fn when_our_server_goes_away_and_comes_back_it_reconnects_and_rejoins() {
    let (server, _alice, _bot, _) = with_bot("robo");
    let irc = server.irc_addr();
    let (stopped, _) = server.stop();
    stopped.expect("the first server stops cleanly");
    let server = TestServer::chat_with_irc_at(settings(), irc);
    let mut carol = server.irc("carol");
    let names = carol.join("#test");
    // The bot may be back before carol joins (it is in NAMES) or after (she sees it join).
    let listed = names[1]
        .rsplit(':')
        .next()
        .unwrap()
        .split(' ')
        .any(|name| name.trim_start_matches(['@', '+']) == "robo");
    if !listed {
        carol.read_until(|line| line == format!(":{} JOIN #test", mask("robo")));
    }
}

#[test]
fn it_answers_ping_and_reconnects_when_the_server_goes_away() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let _bot = BotRunner::start(bot_settings(
        listener.local_addr().unwrap(),
        "robo",
        &["#a", "#b"],
    ));
    for round in 0..2 {
        let (stream, _) = listener.accept().unwrap();
        stream.set_read_timeout(Some(BOUND)).unwrap();
        let mut lines = BufReader::new(stream.try_clone().unwrap()).lines();
        let mut next = || lines.next().expect("a line").expect("read");
        assert_eq!(next(), "CAP LS 302", "round {round}");
        assert_eq!(next(), "NICK robo");
        assert_eq!(next(), "USER robo 0 * :chatbot, the reactor's bot");
        (&stream).write_all(b":srv CAP * LS :\r\n").unwrap();
        assert_eq!(next(), "CAP END");
        (&stream)
            .write_all(b":srv 001 robo :Welcome\r\nPING :are-you-there\r\n")
            .unwrap();
        assert_eq!(next(), "JOIN #a,#b");
        assert_eq!(next(), "PONG :are-you-there");
        // Then the server goes away; the bot must come back to the same address.
        drop(stream);
    }
}
