//! The chat WebSocket: the handshake (good, and each bad variant) and the frames (masked or
//! not, fragmented, ping, close, oversize, binary, invalid UTF-8), each answered per RFC 6455.

mod util;

use chatbot::web::frame::Opcode;
use util::web::{upgrade_request, WebSocket, SAMPLE_KEY};
use util::{settings, TestServer};

const VERSION: &str = "Sec-WebSocket-Version: 13\r\n";

fn key() -> String {
    format!("Sec-WebSocket-Key: {SAMPLE_KEY}\r\n")
}

#[test]
fn the_handshake_answers_101_with_the_accept_key() {
    let server = TestServer::chat(settings());
    let (mut socket, nick) = WebSocket::join(server.web_addr()); // checks the 101 and the key
    socket.send("/who");
    assert_eq!(socket.read_line(), format!("* in lobby (1): {nick}"));
}

#[test]
fn a_client_that_sends_no_origin_is_let_in() {
    let server = TestServer::chat(settings());
    let web = server.web_addr();
    let (_, head) =
        WebSocket::handshake(web, &upgrade_request(web, &format!("{}{VERSION}", key())));
    assert!(
        head.starts_with("HTTP/1.1 101 Switching Protocols\r\n"),
        "{head}"
    );
}

#[test]
fn a_page_of_another_origin_is_refused_403() {
    let server = TestServer::chat(settings());
    let web = server.web_addr();
    let extra = format!("Origin: http://evil.example\r\n{}{VERSION}", key());
    let (_, head) = WebSocket::handshake(web, &upgrade_request(web, &extra));
    assert!(head.starts_with("HTTP/1.1 403 Forbidden\r\n"), "{head}");
}

#[test]
fn a_plain_get_of_the_socket_path_is_426() {
    let server = TestServer::chat(settings());
    let web = server.web_addr();
    let request = format!("GET /chat HTTP/1.1\r\nHost: {web}\r\n\r\n");
    let (_, head) = WebSocket::handshake(web, &request);
    assert!(
        head.starts_with("HTTP/1.1 426 Upgrade Required\r\n"),
        "{head}"
    );
    assert!(head.contains("Upgrade: websocket\r\n"));
}

#[test]
fn another_version_is_426_naming_13() {
    let server = TestServer::chat(settings());
    let web = server.web_addr();
    let extra = format!("{}Sec-WebSocket-Version: 8\r\n", key());
    let (_, head) = WebSocket::handshake(web, &upgrade_request(web, &extra));
    assert!(head.starts_with("HTTP/1.1 426 "), "{head}");
    assert!(head.contains("Sec-WebSocket-Version: 13\r\n"));
}

#[test]
fn a_missing_or_bad_key_is_400() {
    let server = TestServer::chat(settings());
    let web = server.web_addr();
    for extra in [
        VERSION.to_string(),
        format!("Sec-WebSocket-Key: c2hvcnQ=\r\n{VERSION}"), // 5 bytes, not 16
        format!("Sec-WebSocket-Key: !!!\r\n{VERSION}"),
    ] {
        let (_, head) = WebSocket::handshake(web, &upgrade_request(web, &extra));
        assert!(
            head.starts_with("HTTP/1.1 400 Bad Request\r\n"),
            "{extra}: {head}"
        );
    }
}

#[test]
fn an_unmasked_frame_closes_1002() {
    let server = TestServer::chat(settings());
    let (mut socket, _) = WebSocket::join(server.web_addr());
    socket.send_raw(b"\x81\x02hi"); // FIN + text, length 2, no mask bit
    assert_eq!(socket.expect_close(), 1002);
}

#[test]
fn a_fragmented_message_arrives_whole() {
    let server = TestServer::chat(settings());
    let mut plain = server.client();
    let (mut socket, nick) = WebSocket::join(server.web_addr());
    plain.expect_line(&format!("* {nick} joined"));
    socket.send_frame(false, Opcode::Text, b"hel");
    socket.send_frame(true, Opcode::Ping, b"between"); // control frames may come in between
    socket.send_frame(false, Opcode::Continuation, b"lo ");
    socket.send_frame(true, Opcode::Continuation, b"there");
    plain.expect_line(&format!("<{nick}> hello there"));
}

#[test]
fn a_ping_is_answered_with_a_pong_of_the_same_payload() {
    let server = TestServer::chat(settings());
    let (mut socket, _) = WebSocket::join(server.web_addr());
    socket.send_frame(true, Opcode::Ping, b"are you there");
    let pong = socket.read_frame().expect("a pong");
    assert_eq!(pong.first, 0x8A);
    assert_eq!(pong.payload, b"are you there");
}

#[test]
fn a_close_is_answered_with_the_same_code_then_the_connection_ends() {
    let server = TestServer::chat(settings());
    let mut plain = server.client();
    let (mut socket, nick) = WebSocket::join(server.web_addr());
    plain.expect_line(&format!("* {nick} joined"));
    socket.send_frame(true, Opcode::Close, &1001u16.to_be_bytes());
    assert_eq!(socket.expect_close(), 1001);
    plain.expect_line(&format!("* {nick} left"));
}

#[test]
fn a_message_over_max_line_closes_1009() {
    let mut settings = settings();
    settings.max_line = 64;
    let server = TestServer::chat(settings);
    let (mut socket, _) = WebSocket::join(server.web_addr());
    socket.send(&"x".repeat(64)); // at the limit: fine
    socket.send(&"x".repeat(65));
    assert_eq!(socket.expect_close(), 1009);
    // Fragments that add up to too much, too.
    let (mut socket, _) = WebSocket::join(server.web_addr());
    socket.send_frame(false, Opcode::Text, &[b'y'; 40]);
    socket.send_frame(true, Opcode::Continuation, &[b'y'; 40]);
    assert_eq!(socket.expect_close(), 1009);
}

#[test]
fn a_binary_message_closes_1003() {
    let server = TestServer::chat(settings());
    let (mut socket, _) = WebSocket::join(server.web_addr());
    socket.send_frame(true, Opcode::Binary, b"\x00\x01");
    assert_eq!(socket.expect_close(), 1003);
}

#[test]
fn invalid_utf8_closes_1007() {
    let server = TestServer::chat(settings());
    let (mut socket, _) = WebSocket::join(server.web_addr());
    socket.send_frame(true, Opcode::Text, b"caf\xe9");
    assert_eq!(socket.expect_close(), 1007);
}

#[test]
fn a_continuation_with_nothing_to_continue_closes_1002() {
    let server = TestServer::chat(settings());
    let (mut socket, _) = WebSocket::join(server.web_addr());
    socket.send_frame(true, Opcode::Continuation, b"orphan");
    assert_eq!(socket.expect_close(), 1002);
}
