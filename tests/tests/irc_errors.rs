//! IRC errors: every misuse gets the numeric the specification names, and the connection
//! stays usable. Each test states the command that triggers its numeric.

mod util;

use util::irc::mask;
use util::{settings, IrcClient, TestServer};

/// alice, registered and operator of #rust; bob registered, in no channel.
fn pair() -> (TestServer, IrcClient, IrcClient) {
    let server = TestServer::chat(settings());
    let mut alice = server.irc("alice");
    let bob = server.irc("bob");
    alice.join("#rust");
    (server, alice, bob)
}

/// Sends `command` and expects exactly `reply` back.
fn check(client: &mut IrcClient, command: &str, reply: &str) {
    client.send(command);
    client.expect_line(reply);
}

#[test]
fn nick_and_channel_errors() {
    let (_server, mut alice, mut bob) = pair();
    check(
        &mut alice,
        "PRIVMSG zed :hi",
        ":chatbot.local 401 alice zed :No such nick/channel",
    );
    check(
        &mut alice,
        "PRIVMSG #nowhere :hi",
        ":chatbot.local 403 alice #nowhere :No such channel",
    );
    check(
        &mut alice,
        "JOIN #bad.name",
        ":chatbot.local 403 alice #bad.name :No such channel",
    );
    check(
        &mut alice,
        "JOIN lobby",
        ":chatbot.local 403 alice lobby :No such channel",
    );
    check(
        &mut bob,
        "PRIVMSG #rust :from outside",
        ":chatbot.local 404 bob #rust :Cannot send to channel",
    );
    check(
        &mut alice,
        "PRIVMSG",
        ":chatbot.local 411 alice :No recipient given (PRIVMSG)",
    );
    check(
        &mut alice,
        "PRIVMSG #rust",
        ":chatbot.local 412 alice :No text to send",
    );
    check(
        &mut alice,
        "PRIVMSG #rust :",
        ":chatbot.local 412 alice :No text to send",
    );
    check(
        &mut alice,
        "PRIVMSG a,b,c,d,e :hi",
        ":chatbot.local 407 alice a,b,c,d,e :Too many targets",
    );
}

#[test]
fn nick_errors() {
    let (_server, mut alice, _bob) = pair();
    check(
        &mut alice,
        "NICK",
        ":chatbot.local 431 alice :No nickname given",
    );
    check(
        &mut alice,
        "NICK a[b",
        ":chatbot.local 432 alice a[b :Erroneous nickname",
    );
    check(
        &mut alice,
        "NICK bot",
        ":chatbot.local 432 alice bot :Erroneous nickname",
    );
    check(
        &mut alice,
        "NICK abcdefghijklmnopq",
        ":chatbot.local 432 alice abcdefghijklmnopq :Erroneous nickname",
    );
    check(
        &mut alice,
        "NICK Bob",
        ":chatbot.local 433 alice Bob :Nickname is already in use",
    );
    // Renaming to one's own nick is silently nothing; changing its case is a rename.
    alice.send("NICK alice");
    alice.expect_nothing_more();
    check(
        &mut alice,
        "NICK Alice",
        &format!(":{} NICK :Alice", mask("alice")),
    );
}

#[test]
fn membership_errors() {
    let (_server, mut alice, mut bob) = pair();
    check(
        &mut alice,
        "KICK #rust bob",
        ":chatbot.local 441 alice bob #rust :They aren't on that channel",
    );
    check(
        &mut alice,
        "KICK #rust zed",
        ":chatbot.local 401 alice zed :No such nick/channel",
    );
    check(
        &mut bob,
        "PART #rust",
        ":chatbot.local 442 bob #rust :You're not on that channel",
    );
    check(
        &mut bob,
        "TOPIC #rust :x",
        ":chatbot.local 442 bob #rust :You're not on that channel",
    );
    check(
        &mut bob,
        "PART #nowhere",
        ":chatbot.local 403 bob #nowhere :No such channel",
    );
    check(
        &mut alice,
        "INVITE alice #rust",
        ":chatbot.local 443 alice alice #rust :is already on channel",
    );
    check(
        &mut alice,
        "MODE #rust +o bob",
        ":chatbot.local 441 alice bob #rust :They aren't on that channel",
    );
}

#[test]
fn parameter_and_registration_errors() {
    let (_server, mut alice, _bob) = pair();
    check(
        &mut alice,
        "JOIN",
        ":chatbot.local 461 alice JOIN :Not enough parameters",
    );
    check(
        &mut alice,
        "KICK #rust",
        ":chatbot.local 461 alice KICK :Not enough parameters",
    );
    check(
        &mut alice,
        "USER a b",
        ":chatbot.local 461 alice USER :Not enough parameters",
    );
    check(
        &mut alice,
        "MODE #rust +k",
        ":chatbot.local 461 alice MODE :Not enough parameters",
    );
    check(
        &mut alice,
        "USER a 0 * :b",
        ":chatbot.local 462 alice :You may not reregister",
    );
    check(
        &mut alice,
        "WHOWAS bob",
        ":chatbot.local 421 alice WHOWAS :Unknown command",
    );
    check(
        &mut alice,
        "CAP FOO",
        ":chatbot.local 410 alice FOO :Invalid CAP command",
    );
}

#[test]
fn channel_join_errors() {
    let (_server, mut alice, mut bob) = pair();
    alice.send("MODE #rust +ikl key 1");
    alice.read_line();
    check(
        &mut bob,
        "JOIN #rust",
        ":chatbot.local 473 bob #rust :Cannot join channel (+i)",
    );
    alice.send("MODE #rust -i");
    alice.read_line();
    check(
        &mut bob,
        "JOIN #rust nokey",
        ":chatbot.local 475 bob #rust :Cannot join channel (+k)",
    );
    check(
        &mut bob,
        "JOIN #rust key",
        ":chatbot.local 471 bob #rust :Cannot join channel (+l)",
    );
}

#[test]
fn mode_errors() {
    let (_server, mut alice, mut bob) = pair();
    check(
        &mut alice,
        "MODE #rust +x",
        ":chatbot.local 472 alice x :is unknown mode char to me",
    );
    check(
        &mut alice,
        "MODE #rust +l many",
        ":chatbot.local 696 alice #rust l many :Invalid limit",
    );
    check(
        &mut bob,
        "MODE #rust +m",
        ":chatbot.local 442 bob #rust :You're not on that channel",
    );
    bob.join("#rust");
    alice.read_line(); // bob's JOIN
    check(
        &mut bob,
        "MODE #rust +m",
        ":chatbot.local 482 bob #rust :You're not channel operator",
    );
    check(
        &mut alice,
        "MODE alice +z",
        ":chatbot.local 501 alice :Unknown MODE flag",
    );
    check(
        &mut alice,
        "MODE bob +i",
        ":chatbot.local 502 alice :Can't change mode for other users",
    );
}
