//! Graceful shutdown: when the shutdown future completes, every client, in every room, gets
//! `* server shutting down` and then EOF, `serve` returns `Ok` well within its grace period,
//! and the port is closed.

mod util;

use std::net::TcpStream;

use chatbot::server::SHUTDOWN_GRACE;
use util::{chat_room, settings, TestServer};

#[test]
fn every_client_is_told_then_closed_and_serve_returns_ok() {
    let (server, mut clients) = chat_room(&["alice", "bob", "carol"]);
    clients[2].send("/join rust");
    clients[2].expect_line("* carol joined");
    for client in &mut clients[..2] {
        client.expect_line("* carol left");
    }
    let (result, took) = server.stop();
    result.expect("serve returns Ok");
    assert!(
        took < SHUTDOWN_GRACE,
        "clients who read drain at once, took {took:?}"
    );
    for client in &mut clients {
        client.expect_line("* server shutting down");
        client.expect_eof();
    }
}

#[test]
fn a_server_without_clients_stops_at_once() {
    let server = TestServer::chat(settings());
    let (result, took) = server.stop();
    result.expect("serve returns Ok");
    assert!(took < SHUTDOWN_GRACE, "{took:?}");
}

#[test]
fn after_shutdown_the_port_is_closed() {
    let server = TestServer::chat(settings());
    let addr = server.addr();
    server.stop().0.expect("serve returns Ok");
    let refused = TcpStream::connect(addr).expect_err("nobody listens any more");
    assert_eq!(refused.kind(), std::io::ErrorKind::ConnectionRefused);
}
