//! The web chat is a front end of the same core: a browser user and an `nc` user in one room
//! hear each other, and everything the plain protocol offers works from the page.

mod util;

use chatbot::server::{Limits, Settings};
use util::web::{figure, EventStream, WebSocket};
use util::{settings, TestServer};

#[test]
fn a_web_client_and_a_plain_client_chat_both_ways() {
    let server = TestServer::chat(settings());
    let mut plain = server.client();
    let (mut web, guest) = WebSocket::join(server.web_addr());
    plain.expect_line(&format!("* {guest} joined"));

    web.send("/nick alice");
    web.expect_line(&format!("* {guest} is now known as alice"));
    plain.expect_line(&format!("* {guest} is now known as alice"));

    web.send("hello from the browser");
    plain.expect_line("<alice> hello from the browser");
    plain.send("hello from nc");
    web.expect_line(&format!("<{}> hello from nc", plain.nick));
}

#[test]
fn markup_is_carried_as_text() {
    let server = TestServer::chat(settings());
    let mut plain = server.client();
    let (mut web, guest) = WebSocket::join(server.web_addr());
    plain.expect_line(&format!("* {guest} joined"));
    plain.send("<script>alert(1)</script>");
    // The page shows it with textContent; on the wire it is the same characters.
    web.expect_line(&format!("<{}> <script>alert(1)</script>", plain.nick));
}

#[test]
fn rooms_actions_private_messages_and_the_bot_work_from_the_page() {
    let server = TestServer::chat(settings());
    let mut plain = server.client();
    plain.rename("bob");
    let (mut web, guest) = WebSocket::join(server.web_addr());
    plain.expect_line(&format!("* {guest} joined"));

    web.send("/me waves");
    plain.expect_line(&format!("* {guest} waves"));
    web.send("/msg bob psst");
    plain.expect_line(&format!("<{guest}> (private) psst"));
    web.send("!roll d2");
    let answer = web.read_line();
    assert!(
        answer.starts_with(&format!("<bot> {guest}: 1d2: ")),
        "{answer}"
    );
    plain.expect_line(&format!("<{guest}> !roll d2"));
    plain.expect_line(&answer); // the room hears the bot too

    plain.send("/join rust");
    plain.expect_line("* bob joined");
    web.expect_line("* bob left");
    web.send("/join rust");
    plain.expect_line(&format!("* {guest} joined"));
    web.expect_line(&format!("* {guest} joined"));
    web.send("/who");
    let who = web.read_line();
    assert!(who.starts_with("* in rust (2): "), "{who}");
}

#[test]
fn a_pasted_block_of_lines_is_several_lines() {
    let server = TestServer::chat(settings());
    let mut plain = server.client();
    let (mut web, guest) = WebSocket::join(server.web_addr());
    plain.expect_line(&format!("* {guest} joined"));
    web.send("one\ntwo");
    plain.expect_line(&format!("<{guest}> one"));
    plain.expect_line(&format!("<{guest}> two"));
}

#[test]
fn web_users_count_in_the_loop_views_clients() {
    let server = TestServer::chat(settings());
    let (_web, _) = WebSocket::join(server.web_addr());
    let mut events = EventStream::open(server.web_addr());
    assert_eq!(figure(&events.next(), "clients"), 1);
}

#[test]
fn shutdown_closes_the_socket_with_1001_after_the_notice() {
    let server = TestServer::chat(settings());
    let (mut web, _) = WebSocket::join(server.web_addr());
    let mut events = EventStream::open(server.web_addr());
    events.next();
    let (result, _) = server.stop();
    result.expect("the server stops cleanly");
    web.expect_line("* server shutting down");
    assert_eq!(web.expect_close(), 1001);
}

#[test]
fn a_tab_that_stops_reading_is_dropped_like_any_slow_client() {
    let server = TestServer::chat(Settings {
        outbox: Limits {
            max_lines: 64,
            max_bytes: 32 * 1024,
        },
        ..settings()
    });
    let mut flood = server.client();
    let (_tab, guest) = WebSocket::join(server.web_addr()); // never reads from here on
    flood.expect_line(&format!("* {guest} joined"));
    let padding = "f".repeat(500);
    // About 50 MB at most: far more than the kernel's buffers and the outbox hold together.
    for round in 0..500 {
        for i in 0..200 {
            flood.send(&format!("{round:03}.{i:03} {padding}"));
        }
        // The flooder hears nothing of its own lines, so `sync` shows only what happened.
        if flood.sync().contains(&format!("* {guest} left (too slow)")) {
            return;
        }
    }
    panic!("the tab that reads nothing was never dropped");
}
