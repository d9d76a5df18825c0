//! IRC registration: NICK and USER in either order, CAP negotiation holding registration until
//! CAP END, the welcome burst (001-005 with ISUPPORT, LUSERS, MOTD), PASS, and what may not be
//! done before or after registering.

mod util;

use util::irc::numeric;
use util::{settings, IrcClient, TestServer};

#[test]
fn nick_then_user_gets_the_whole_welcome_burst_in_order() {
    let server = TestServer::chat(settings());
    let mut alice = IrcClient::connect(server.irc_addr());
    alice.send("NICK alice");
    alice.send("USER al 0 * :Alice Liddell");
    alice.expect_line(
        ":chatbot.local 001 alice :Welcome to the chatbot IRC network, alice!al@127.0.0.1",
    );
    let burst = alice.read_until(|line| numeric(line) == Some("376"));
    let codes: Vec<&str> = burst.iter().filter_map(|l| numeric(l)).collect();
    let mut expected = vec!["002", "003", "004", "005"];
    let isupport = codes.iter().filter(|&&c| c == "005").count();
    expected.extend(std::iter::repeat_n("005", isupport - 1));
    expected.extend(["251", "252", "253", "254", "255", "265", "266", "375"]);
    expected.extend(std::iter::repeat_n("372", 3));
    expected.push("376");
    assert_eq!(codes, expected, "{burst:#?}");
    let tokens: String = burst
        .iter()
        .filter(|l| numeric(l) == Some("005"))
        .cloned()
        .collect();
    for token in [
        "CASEMAPPING=ascii",
        "CHANTYPES=#",
        "CHANLIMIT=#:20",
        "NICKLEN=16",
        "CHANNELLEN=33",
        "TOPICLEN=300",
        "PREFIX=(ov)@+",
        "CHANMODES=,k,l,imnst",
        "MODES=4",
        "TARGMAX=",
        "NETWORK=chatbot",
    ] {
        assert!(tokens.contains(token), "{token} missing from {tokens}");
    }
}

#[test]
fn user_then_nick_registers_too() {
    let server = TestServer::chat(settings());
    let mut bob = IrcClient::connect(server.irc_addr());
    bob.send("USER bob 0 * :Bob");
    bob.send("NICK bob");
    assert_eq!(
        bob.expect_numeric("001"),
        ":Welcome to the chatbot IRC network, bob!bob@127.0.0.1"
    );
}

#[test]
fn cap_negotiation_holds_registration_until_cap_end() {
    let server = TestServer::chat(settings());
    let mut alice = IrcClient::connect(server.irc_addr());
    alice.send("CAP LS 302");
    alice.expect_line(":chatbot.local CAP * LS :multi-prefix userhost-in-names");
    alice.send("NICK alice");
    alice.send("USER alice 0 * :Alice");
    alice.send("CAP REQ :multi-prefix sasl");
    alice.expect_line(":chatbot.local CAP alice NAK :multi-prefix sasl");
    alice.send("CAP REQ :multi-prefix");
    alice.expect_line(":chatbot.local CAP alice ACK :multi-prefix");
    alice.send("CAP LIST");
    alice.expect_line(":chatbot.local CAP alice LIST :multi-prefix");
    // Still unregistered: NICK and USER were both given, but CAP is not over.
    alice.send("CAP END");
    alice.expect_numeric("001");
}

#[test]
fn commands_before_registration_get_451_and_unknown_ones_421() {
    let server = TestServer::chat(settings());
    let mut early = IrcClient::connect(server.irc_addr());
    early.send("JOIN #lobby");
    early.expect_line(":chatbot.local 451 * :You have not registered");
    early.send("FROB");
    early.expect_line(":chatbot.local 421 * FROB :Unknown command");
    early.send("PING :still here");
    early.expect_line(":chatbot.local PONG chatbot.local :still here");
}

#[test]
fn a_taken_nick_gets_433_and_another_nick_then_registers() {
    let server = TestServer::chat(settings());
    let _alice = server.irc("alice");
    let mut second = IrcClient::connect(server.irc_addr());
    second.send("NICK ALICE");
    second.expect_line(":chatbot.local 433 * ALICE :Nickname is already in use");
    second.send("USER x 0 * :x");
    second.send("NICK alice2");
    second.expect_numeric("001");
}

#[test]
fn a_plain_users_nick_is_taken_for_irc_too() {
    let server = TestServer::chat(settings());
    let plain = server.client(); // guest1
    let mut irc = IrcClient::connect(server.irc_addr());
    irc.send(&format!("NICK {}", plain.nick));
    irc.expect_line(&format!(
        ":chatbot.local 433 * {} :Nickname is already in use",
        plain.nick
    ));
}

#[test]
fn reregistering_gets_462() {
    let server = TestServer::chat(settings());
    let mut alice = server.irc("alice");
    alice.send("USER again 0 * :again");
    alice.expect_line(":chatbot.local 462 alice :You may not reregister");
    alice.send("PASS late");
    alice.expect_line(":chatbot.local 462 alice :You may not reregister");
}

#[test]
fn a_server_password_is_required_before_registration() {
    let mut with_password = settings();
    with_password.irc.password = Some("sesame".into());
    let server = TestServer::chat(with_password);
    let mut wrong = IrcClient::connect(server.irc_addr());
    wrong.send("PASS open");
    wrong.send("NICK eve");
    wrong.send("USER eve 0 * :Eve");
    wrong.expect_line(":chatbot.local 464 eve :Password incorrect");
    wrong.expect_line("ERROR :Closing Link: bad password");
    wrong.expect_eof();

    let mut right = IrcClient::connect(server.irc_addr());
    right.send("PASS sesame");
    right.send("NICK alice");
    right.send("USER alice 0 * :Alice");
    right.expect_numeric("001");
}

#[test]
fn the_server_name_is_the_prefix_of_server_messages() {
    let mut named = settings();
    named.irc.server_name = "irc.example".into();
    let server = TestServer::chat(named);
    let mut alice = IrcClient::connect(server.irc_addr());
    alice.send("PING x");
    alice.expect_line(":irc.example PONG irc.example :x");
}
