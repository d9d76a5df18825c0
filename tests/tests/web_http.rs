//! The browser front end's HTTP: every route, and the answer to each kind of bad request a
//! browser, a proxy or an attacker may send.

mod util;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use util::web::{body, get, http};
use util::{settings, TestServer, BOUND};

#[test]
fn every_page_is_served_with_its_type_and_length() {
    let server = TestServer::chat(settings());
    let web = server.web_addr();
    for (path, kind, marker) in [
        ("/", "text/html", "<title>chatbot</title>"),
        ("/loop", "text/html", "what you are looking at"),
        ("/style.css", "text/css", ":root"),
        ("/chat.js", "text/javascript", "new WebSocket"),
        ("/loop.js", "text/javascript", "new EventSource"),
    ] {
        let answer = get(web, path);
        assert!(
            answer.starts_with("HTTP/1.1 200 OK\r\n"),
            "{path}: {answer}"
        );
        assert!(answer.contains(&format!("Content-Type: {kind}")), "{path}");
        let length = format!("Content-Length: {}\r\n", body(&answer).len());
        assert!(answer.contains(&length), "{path}: the length is the body's");
        assert!(body(&answer).contains(marker), "{path}");
    }
}

#[test]
fn pages_load_nothing_from_elsewhere() {
    let server = TestServer::chat(settings());
    for path in ["/", "/loop", "/style.css", "/chat.js", "/loop.js"] {
        let answer = get(server.web_addr(), path);
        assert!(answer.contains("Content-Security-Policy: default-src 'self'"));
        for outside in ["http://", "https://", "//cdn", "@import"] {
            assert!(!body(&answer).contains(outside), "{path} names {outside}");
        }
    }
}

#[test]
fn a_head_request_gets_the_head_only() {
    let server = TestServer::chat(settings());
    let web = server.web_addr();
    let answer = http(
        web,
        format!("HEAD / HTTP/1.1\r\nHost: {web}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"));
    assert!(answer.ends_with("\r\n\r\n"), "no body: {answer}");
}

#[test]
fn a_keep_alive_connection_serves_several_requests_even_pipelined() {
    let server = TestServer::chat(settings());
    let web = server.web_addr();
    let two = format!("GET /style.css HTTP/1.1\r\nHost: {web}\r\n\r\nGET /loop.js HTTP/1.1\r\nHost: {web}\r\nConnection: close\r\n\r\n");
    let answer = http(web, two.as_bytes());
    assert_eq!(answer.matches("HTTP/1.1 200 OK\r\n").count(), 2, "{answer}");
}

#[test]
fn an_unknown_path_is_404_and_closes() {
    let server = TestServer::chat(settings());
    let web = server.web_addr();
    // No `Connection: close`: the server closes anyway after an error.
    let answer = http(
        web,
        format!("GET /nothing HTTP/1.1\r\nHost: {web}\r\n\r\n").as_bytes(),
    );
    assert!(answer.starts_with("HTTP/1.1 404 Not Found\r\n"), "{answer}");
    assert!(answer.contains("Connection: close\r\n"));
}

#[test]
fn another_method_is_405_with_allow() {
    let server = TestServer::chat(settings());
    let web = server.web_addr();
    let answer = http(
        web,
        format!("DELETE / HTTP/1.1\r\nHost: {web}\r\n\r\n").as_bytes(),
    );
    assert!(
        answer.starts_with("HTTP/1.1 405 Method Not Allowed\r\n"),
        "{answer}"
    );
    assert!(answer.contains("Allow: GET, HEAD\r\n"));
}

#[test]
fn a_malformed_request_is_400_and_closes() {
    let server = TestServer::chat(settings());
    let answer = http(server.web_addr(), b"GET\x01 / nonsense\r\n\r\n");
    assert!(
        answer.starts_with("HTTP/1.1 400 Bad Request\r\n"),
        "{answer}"
    );
    assert!(answer.contains("Connection: close\r\n"));
}

#[test]
fn a_request_with_a_body_is_400() {
    let server = TestServer::chat(settings());
    let web = server.web_addr();
    let answer = http(
        web,
        format!("GET / HTTP/1.1\r\nHost: {web}\r\nContent-Length: 3\r\n\r\nabc").as_bytes(),
    );
    assert!(
        answer.starts_with("HTTP/1.1 400 Bad Request\r\n"),
        "{answer}"
    );
}

#[test]
fn a_head_over_8_kib_is_431_and_closes() {
    let server = TestServer::chat(settings());
    let web = server.web_addr();
    let mut request = format!("GET / HTTP/1.1\r\nHost: {web}\r\n");
    while request.len() <= 9 * 1024 {
        request.push_str("X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
    }
    request.push_str("\r\n");
    let answer = http(web, request.as_bytes());
    assert!(
        answer.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"),
        "{answer}"
    );
}

#[test]
fn a_head_that_never_finishes_is_closed_after_the_head_timeout() {
    let mut settings = settings();
    settings.web.head_timeout = Duration::from_millis(200);
    let server = TestServer::chat(settings);
    let mut slow = TcpStream::connect(server.web_addr()).unwrap();
    slow.set_read_timeout(Some(BOUND)).unwrap();
    // A slowloris client: a start, then nothing.
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .unwrap();
    let mut answer = Vec::new();
    slow.read_to_end(&mut answer)
        .expect("closed within the bound, not left open");
    assert!(answer.is_empty(), "closed without an answer: {answer:?}");
    // The server still serves everyone else.
    assert!(get(server.web_addr(), "/").starts_with("HTTP/1.1 200 OK\r\n"));
}

#[test]
fn past_max_clients_a_browser_gets_503() {
    let mut settings = settings();
    settings.max_clients = 1;
    let server = TestServer::chat(settings);
    let _plain = server.client(); // the one allowed connection
    let answer = get(server.web_addr(), "/");
    assert!(
        answer.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
        "{answer}"
    );
}
