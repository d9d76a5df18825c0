//! The WebSocket opening handshake (RFC 6455, section 4.2): which upgrade requests are
//! accepted, and the `Sec-WebSocket-Accept` key that proves to the browser we speak WebSocket.
//!
//! The key is `base64(SHA-1(Sec-WebSocket-Key + GUID))`, with the GUID the RFC fixes. SHA-1 and
//! base64 come from `sha1_smol` and `base64`, small crates that do only that, never our own.
//!
//! The checks, in order, and the answer to each failure:
//!
//! | check | refusal |
//! |---|---|
//! | `Origin`, when sent, is this server (`http://` + the `Host` header) | 403 |
//! | `Upgrade: websocket` and `Connection: upgrade` | 426 (a plain `GET /chat`) |
//! | `Sec-WebSocket-Version: 13` | 426, naming version 13 |
//! | `Sec-WebSocket-Key` is base64 of 16 bytes | 400 |
//!
//! Why the origin check: a browser lets any page open a WebSocket to any address, sending the
//! page's origin along. Without the check, a page on another site could chat here in its
//! visitor's name. A client that is not a browser sends no `Origin`, and is let in.

use base64::Engine;

use super::head::Request;
use super::response::{self, Status};

/// The GUID the RFC appends to the key.
const GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// The accept key for an upgrade `request`, or the whole answer that refuses it.
pub(crate) fn check(request: &Request) -> Result<String, Vec<u8>> {
    let refuse = |status: Status| Err(response::error(status));
    if let Some(origin) = request.header("origin") {
        let ours = request.header("host").map(|host| format!("http://{host}"));
        if ours.as_deref() != Some(origin) {
            log::info!("WebSocket from foreign origin {origin:?} refused");
            return refuse(response::FORBIDDEN);
        }
    }
    if !request.has_token("upgrade", "websocket") || !request.has_token("connection", "upgrade") {
        return refuse(response::UPGRADE_REQUIRED);
    }
    if request.header("sec-websocket-version") != Some("13") {
        return refuse(response::UPGRADE_REQUIRED);
    }
    let Some(key) = request.header("sec-websocket-key") else {
        return refuse(response::BAD_REQUEST);
    };
    match base64::engine::general_purpose::STANDARD.decode(key) {
        Ok(bytes) if bytes.len() == 16 => Ok(accept_key(key)),
        _ => refuse(response::BAD_REQUEST),
    }
}

/// `Sec-WebSocket-Accept` for `key`.
pub(crate) fn accept_key(key: &str) -> String {
    let mut sha1 = sha1_smol::Sha1::new();
    sha1.update(key.as_bytes());
    sha1.update(GUID.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(sha1.digest().bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rfc_example_key_gives_the_rfc_example_accept() {
        // RFC 6455, section 1.3.
        assert_eq!(
            accept_key("dGhlIHNhbXBsZSBub25jZQ=="),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
    }
}
