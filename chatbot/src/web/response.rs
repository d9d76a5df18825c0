//! Every HTTP answer the server writes: the statuses by name, a page, an error, the WebSocket's
//! `101` and the event stream's head.
//!
//! Answers are whole byte vectors, written with one `write_all`. Every page carries a
//! `Content-Security-Policy` that allows only this origin: the pages load nothing from elsewhere,
//! and the policy makes that a rule the browser enforces, not only a habit of ours.

use super::routes::Page;

/// An HTTP status: code and reason phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Status(pub(crate) u16, pub(crate) &'static str);

/// The WebSocket handshake succeeded.
pub(crate) const SWITCHING_PROTOCOLS: Status = Status(101, "Switching Protocols");
/// A page.
pub(crate) const OK: Status = Status(200, "OK");
/// `httparse` refused the head, a request carried a body, or a bad WebSocket handshake.
pub(crate) const BAD_REQUEST: Status = Status(400, "Bad Request");
/// A WebSocket from a page of another origin.
pub(crate) const FORBIDDEN: Status = Status(403, "Forbidden");
/// No such path.
pub(crate) const NOT_FOUND: Status = Status(404, "Not Found");
/// Not `GET` or `HEAD`.
pub(crate) const METHOD_NOT_ALLOWED: Status = Status(405, "Method Not Allowed");
/// The WebSocket path asked for without an upgrade, or for a version other than 13.
pub(crate) const UPGRADE_REQUIRED: Status = Status(426, "Upgrade Required");
/// A request head over `MAX_HEAD`.
pub(crate) const HEADERS_TOO_LARGE: Status = Status(431, "Request Header Fields Too Large");
/// Past `--max-clients`.
pub(crate) const SERVICE_UNAVAILABLE: Status = Status(503, "Service Unavailable");

/// Only this origin, for scripts, styles, images and connections (WebSocket, event stream).
const POLICY: &str = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

/// A page, or only its head for `HEAD`.
pub(crate) fn page(page: Page, head_only: bool, close: bool) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\n\
         X-Content-Type-Options: nosniff\r\nContent-Security-Policy: {POLICY}\r\n{}\r\n",
        OK.0,
        OK.1,
        page.content_type,
        page.body.len(),
        if close { "Connection: close\r\n" } else { "" },
    )
    .into_bytes();
    if !head_only {
        out.extend_from_slice(page.body.as_bytes());
    }
    out
}

/// An error: a one-line text body, and the connection closes after it.
pub(crate) fn error(status: Status) -> Vec<u8> {
    let extra = match status {
        METHOD_NOT_ALLOWED => "Allow: GET, HEAD\r\n",
        UPGRADE_REQUIRED => "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n",
        _ => "",
    };
    let body = format!("{} {}\n", status.0, status.1);
    format!(
        "HTTP/1.1 {} {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n\
         {extra}Connection: close\r\n\r\n{body}",
        status.0,
        status.1,
        body.len(),
    )
    .into_bytes()
}

/// The `101` that turns the connection into a WebSocket, with the handshake's accept key.
pub(crate) fn switching(accept: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {} {}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n",
        SWITCHING_PROTOCOLS.0, SWITCHING_PROTOCOLS.1,
    )
    .into_bytes()
}

/// The head of a Server-Sent Events stream: no length, never cached, the body goes on until
/// the connection closes.
pub(crate) fn event_stream() -> Vec<u8> {
    format!(
        "HTTP/1.1 {} {}\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        OK.0, OK.1,
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_says_its_status_and_closes() {
        let text = String::from_utf8(error(METHOD_NOT_ALLOWED)).unwrap();
        assert!(text.starts_with("HTTP/1.1 405 Method Not Allowed\r\n"));
        assert!(text.contains("Allow: GET, HEAD\r\n"));
        assert!(text.contains("Connection: close\r\n"));
        assert!(text.ends_with("\r\n\r\n405 Method Not Allowed\n"));
    }

    #[test]
    fn a_head_request_gets_the_length_but_no_body() {
        let page = Page {
            content_type: "text/plain",
            body: "hello",
        };
        let text = String::from_utf8(super::page(page, true, false)).unwrap();
        assert!(text.contains("Content-Length: 5\r\n"));
        assert!(text.ends_with("\r\n\r\n"));
    }
}
