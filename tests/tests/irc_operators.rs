//! IRC operators (`--irc-oper NAME:PASS`): OPER, KILL and WALLOPS, and what non-operators get.

mod util;

use util::irc::mask;
use util::{settings, IrcClient, TestServer};

fn server_with_operator() -> TestServer {
    let mut with_oper = settings();
    with_oper.irc.operators = vec![("admin".into(), "hunter2".into())];
    TestServer::chat(with_oper)
}

fn operator(server: &TestServer, nick: &str) -> IrcClient {
    let mut client = server.irc(nick);
    client.send("OPER admin hunter2");
    client.expect_line(&format!(
        ":chatbot.local 381 {nick} :You are now an IRC operator"
    ));
    client.expect_line(&format!(":{nick} MODE {nick} :+o"));
    client
}

#[test]
fn oper_needs_a_configured_name_and_its_password() {
    let server = server_with_operator();
    let mut alice = server.irc("alice");
    alice.send("OPER root hunter2");
    alice.expect_line(":chatbot.local 491 alice :No O-lines for your host");
    alice.send("OPER admin guess");
    alice.expect_line(":chatbot.local 464 alice :Password incorrect");
    alice.send("OPER admin");
    alice.expect_line(":chatbot.local 461 alice OPER :Not enough parameters");
    let mut bob = operator(&server, "bob");
    bob.send("WHOIS bob");
    let whois = bob.read_until(|line| line.contains(" 318 "));
    assert!(
        whois.contains(&":chatbot.local 313 bob bob :is an IRC operator".to_string()),
        "{whois:?}"
    );
    bob.send("MODE bob");
    bob.expect_line(":chatbot.local 221 bob :+o");
    bob.send("WHO bob");
    bob.expect_line(":chatbot.local 352 bob * bob 127.0.0.1 chatbot.local bob H* :0 bob Test");
}

#[test]
fn kill_and_wallops_need_an_operator() {
    let server = server_with_operator();
    let mut alice = server.irc("alice");
    let _bob = server.irc("bob");
    alice.send("KILL bob :go away");
    alice.expect_line(":chatbot.local 481 alice :Permission Denied- You're not an IRC operator");
    alice.send("WALLOPS :hello");
    alice.expect_line(":chatbot.local 481 alice :Permission Denied- You're not an IRC operator");
}

#[test]
fn an_operator_kills_an_irc_user_and_the_channel_hears_why() {
    let server = server_with_operator();
    let mut admin = operator(&server, "admin");
    admin.join("#lobby");
    let mut bob = server.irc("bob");
    bob.join("#lobby");
    admin.expect_line(&format!(":{} JOIN #lobby", mask("bob")));
    admin.send("KILL bob :spamming");
    bob.expect_line("ERROR :Closing Link: bob (Killed (admin (spamming)))");
    bob.expect_eof();
    admin.expect_line(&format!(":{} QUIT :Killed (admin (spamming))", mask("bob")));
    admin.send("KILL bob :again");
    admin.expect_line(":chatbot.local 401 admin bob :No such nick/channel");
}

#[test]
fn an_operator_can_kill_a_plain_user_too() {
    let server = server_with_operator();
    let mut admin = operator(&server, "admin");
    let mut plain = server.client();
    admin.send(&format!("KILL {} :bye", plain.nick));
    plain.expect_line("! disconnected by operator admin (bye)");
    plain.expect_eof();
}

#[test]
fn wallops_reaches_every_operator_and_nobody_else() {
    let server = server_with_operator();
    let mut admin = operator(&server, "admin");
    let mut other = operator(&server, "other");
    let mut user = server.irc("user");
    admin.send("WALLOPS :maintenance at noon");
    let wallops = format!(":{} WALLOPS :maintenance at noon", mask("admin"));
    other.expect_line(&wallops);
    admin.expect_line(&wallops);
    user.expect_nothing_more();
}

#[test]
fn an_operator_who_kills_itself_is_simply_gone() {
    let server = server_with_operator();
    let mut admin = operator(&server, "admin");
    // The rest of the same write must not run for a client that is gone.
    admin.send_bytes(b"KILL admin :oops\r\nPRIVMSG admin :ghost\r\nJOIN #x\r\n");
    admin.expect_line("ERROR :Closing Link: admin (Killed (admin (oops)))");
    admin.expect_eof();
    let _again = server.irc("admin");
}
