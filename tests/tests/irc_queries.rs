//! IRC queries: NAMES, WHO, WHOIS, LIST, LUSERS, ISON, USERHOST, VERSION, TIME, MODE of oneself.

mod util;

use util::{irc_pair, IrcClient};

#[test]
fn names_lists_members_with_their_status_and_the_bot() {
    let (_server, mut alice, _bob) = irc_pair("#rust");
    alice.send("NAMES #rust");
    alice.expect_line(":chatbot.local 353 alice = #rust :@alice bob bot");
    alice.expect_line(":chatbot.local 366 alice #rust :End of /NAMES list");
    alice.send("NAMES #nowhere");
    alice.expect_line(":chatbot.local 366 alice #nowhere :End of /NAMES list");
}

#[test]
fn multi_prefix_shows_every_status() {
    let (server, mut alice, _bob) = irc_pair("#rust");
    alice.send("MODE #rust +v alice");
    alice.read_line();
    let mut carol = IrcClient::register_with_caps(server.irc_addr(), "carol", "multi-prefix");
    let names = carol.join("#rust");
    assert_eq!(
        names[1],
        ":chatbot.local 353 carol = #rust :@+alice bob carol bot"
    );
}

#[test]
fn who_on_a_channel_lists_each_member_and_the_bot() {
    let (_server, mut alice, mut bob) = irc_pair("#rust");
    bob.send("AWAY :gone");
    bob.read_line();
    alice.send("WHO #rust");
    alice.expect_line(
        ":chatbot.local 352 alice #rust alice 127.0.0.1 chatbot.local alice H@ :0 alice Test",
    );
    alice.expect_line(
        ":chatbot.local 352 alice #rust bob 127.0.0.1 chatbot.local bob G :0 bob Test",
    );
    alice.expect_line(
        ":chatbot.local 352 alice #rust bot chatbot chatbot.local bot H :0 the chat bot",
    );
    alice.expect_line(":chatbot.local 315 alice #rust :End of /WHO list");
}

#[test]
fn whois_tells_who_where_and_since_when() {
    let (_server, mut alice, _bob) = irc_pair("#rust");
    alice.send("WHOIS bob");
    alice.expect_line(":chatbot.local 311 alice bob bob 127.0.0.1 * :bob Test");
    alice.expect_line(":chatbot.local 319 alice bob :#rust");
    alice.expect_line(":chatbot.local 312 alice bob chatbot.local :chatbot");
    assert!(alice.expect_numeric("317").starts_with("bob "));
    alice.expect_line(":chatbot.local 318 alice bob :End of /WHOIS list");
    alice.send("WHOIS zed");
    alice.expect_line(":chatbot.local 401 alice zed :No such nick/channel");
    alice.expect_line(":chatbot.local 318 alice zed :End of /WHOIS list");
}

#[test]
fn list_shows_each_visible_channel_with_its_users_and_topic() {
    let (server, mut alice, mut bob) = irc_pair("#rust");
    alice.send("TOPIC #rust :borrowck");
    alice.read_line();
    bob.read_line();
    let mut carol = server.irc("carol");
    carol.join("#secret");
    carol.send("MODE #secret +s");
    carol.read_line();
    alice.send("LIST");
    alice.expect_line(":chatbot.local 321 alice Channel :Users  Name");
    alice.expect_line(":chatbot.local 322 alice #rust 3 :borrowck");
    alice.expect_line(":chatbot.local 323 alice :End of /LIST");
}

#[test]
fn lusers_counts_clients_and_channels_of_both_protocols() {
    let (server, mut alice, _bob) = irc_pair("#rust");
    // In the lobby once it has read its welcome: 3 clients, 2 channels.
    let _plain = server.client();
    alice.send("LUSERS");
    alice.expect_line(":chatbot.local 251 alice :There are 3 users and 0 invisible on 1 servers");
    alice.expect_numeric("252");
    alice.expect_numeric("253");
    alice.expect_line(":chatbot.local 254 alice 2 :channels formed");
    alice.expect_line(":chatbot.local 255 alice :I have 3 clients and 0 servers");
    alice.expect_numeric("265");
    alice.expect_numeric("266");
}

#[test]
fn ison_and_userhost_find_who_is_online() {
    let (_server, mut alice, _bob) = irc_pair("#rust");
    alice.send("ISON BOB zed bot");
    alice.expect_line(":chatbot.local 303 alice :bob bot");
    alice.send("USERHOST bob zed");
    alice.expect_line(":chatbot.local 302 alice :bob=+bob@127.0.0.1");
}

#[test]
fn version_time_and_own_user_modes_answer() {
    let (_server, mut alice, _bob) = irc_pair("#rust");
    alice.send("VERSION");
    assert!(alice.expect_numeric("351").starts_with("chatbot-"));
    alice.send("TIME");
    assert!(alice.expect_numeric("391").starts_with("chatbot.local :"));
    alice.send("MODE alice");
    alice.expect_line(":chatbot.local 221 alice :+");
    alice.send("MODE alice +i");
    alice.expect_line(":alice MODE alice :+i");
    alice.send("MODE alice");
    alice.expect_line(":chatbot.local 221 alice :+i");
}

#[test]
fn userhost_in_names_lists_full_masks() {
    let (server, _alice, _bob) = irc_pair("#rust");
    let mut carol = IrcClient::register_with_caps(server.irc_addr(), "carol", "userhost-in-names");
    let names = carol.join("#rust");
    assert_eq!(
        names[1],
        ":chatbot.local 353 carol = #rust :@alice!alice@127.0.0.1 bob!bob@127.0.0.1 carol!carol@127.0.0.1 bot"
    );
}
