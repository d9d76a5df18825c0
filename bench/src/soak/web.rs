//! The web front end as a [`Dialect`]: a browser's chat page speaks the plain protocol in
//! WebSocket text messages (`chatbot/src/web/chat.rs`), so this is [`Plain`]'s text, with the
//! transport of a browser: the opening handshake on `GET /chat`, every write one masked text
//! message, and the server's messages split back into lines.
//!
//! The server answers a bad message by closing: 1009 for one over `--max-line`, 1007 for one
//! that is not UTF-8. A close frame reaches the client as the line `[close CODE]`, which no
//! server line can be (the plain protocol starts each with `* `, `! `, `<` or `-- `), and then
//! the end of the stream.

use std::collections::VecDeque;
use std::io;

use chatbot::web::frame::{encode_masked, CloseCode, Opcode};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};

use super::dialect::{Dialect, Seen};
use super::plain::Plain;

/// The web front end.
#[derive(Debug)]
pub struct Web;

/// Any fixed key will do: masking is there to stop a browser page from steering what a proxy
/// sees, not to hide anything.
const MASK: [u8; 4] = [0x5a, 0x0c, 0xa3, 0x71];

impl Dialect for Web {
    const NAME: &'static str = "web";
    const ONE_ROOM: bool = Plain::ONE_ROOM;
    const EOL: &'static str = Plain::EOL;
    const STARTS_IN_LOBBY: bool = Plain::STARTS_IN_LOBBY;
    const OVERSIZE: usize = Plain::OVERSIZE;
    const WEBSOCKET: bool = true;
    const BAD_LINE_ENDS_SESSION: bool = true;

    fn login(nick: &str) -> String {
        Plain::login(nick)
    }

    fn join(room: &str) -> String {
        Plain::join(room)
    }

    fn part(room: &str) -> String {
        Plain::part(room)
    }

    fn rename(new: &str) -> String {
        Plain::rename(new)
    }

    fn say(room: &str, text: &str) -> String {
        Plain::say(room, text)
    }

    fn quit() -> String {
        Plain::quit()
    }

    fn pong(token: &str) -> String {
        Plain::pong(token)
    }

    fn parse(line: &str) -> Seen<'_> {
        Plain::parse(line)
    }

    fn is_bad_line_reply(line: &str) -> bool {
        line == close_line(CloseCode::TOO_BIG.0) || line == close_line(CloseCode::INVALID_DATA.0)
    }

    /// One text message. The lines' last `\n` is left off: the server splits a message at
    /// each `\n`, so a trailing one would be an empty line more.
    fn wire(lines: &[u8]) -> Vec<u8> {
        let text = lines.strip_suffix(b"\n").unwrap_or(lines);
        encode_masked(true, Opcode::Text, text, MASK)
    }
}

/// How a close frame with `code` shows to a soak client.
fn close_line(code: u16) -> String {
    format!("[close {code}]")
}

/// Upgrades a fresh connection to a WebSocket, as a browser would (with no `Origin`: not a
/// page of another site). The server's first frames may already be in `reader` afterwards.
pub async fn handshake(
    reader: &mut BufReader<OwnedReadHalf>,
    writer: &mut OwnedWriteHalf,
) -> io::Result<()> {
    // The example key of RFC 6455; the server checks only that it is 16 bytes of base64.
    writer
        .write_all(
            b"GET /chat HTTP/1.1\r\nHost: soak\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
              Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        )
        .await?;
    let mut status = String::new();
    reader.read_line(&mut status).await?;
    if !status.starts_with("HTTP/1.1 101 ") {
        return Err(io::Error::other(format!(
            "no upgrade: {}",
            status.trim_end()
        )));
    }
    let mut header = String::new();
    while header != "\r\n" {
        header.clear();
        if reader.read_line(&mut header).await? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
    }
    Ok(())
}

/// What a WebSocket connection has read past the lines handed out.
#[derive(Debug, Default)]
pub struct Incoming {
    /// Lines of messages read whole, not handed out yet.
    lines: VecDeque<String>,
    /// The pieces so far of a fragmented message.
    message: Vec<u8>,
    /// Whether a close frame came: nothing follows it.
    closed: bool,
}

impl Incoming {
    /// The next line the server sent; `None` after its close frame or at end of stream.
    pub async fn next(
        &mut self,
        reader: &mut BufReader<OwnedReadHalf>,
    ) -> io::Result<Option<String>> {
        loop {
            if let Some(line) = self.lines.pop_front() {
                return Ok(Some(line));
            }
            if self.closed {
                return Ok(None);
            }
            let mut head = [0u8; 2];
            match reader.read_exact(&mut head).await {
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
                read => read?,
            };
            // A server never masks (RFC 6455 section 5.1): the length is all that follows.
            let length = match head[1] & 0x7F {
                126 => u64::from(reader.read_u16().await?),
                127 => reader.read_u64().await?,
                short => u64::from(short),
            };
            let mut payload = vec![0; length as usize];
            reader.read_exact(&mut payload).await?;
            let fin = head[0] & 0x80 != 0;
            match head[0] & 0x0F {
                0x0 | 0x1 => {
                    self.message.extend_from_slice(&payload);
                    if fin {
                        let text = String::from_utf8_lossy(&self.message);
                        self.lines.extend(text.split('\n').map(str::to_string));
                        self.message.clear();
                    }
                }
                0x8 => {
                    let code = match payload[..] {
                        [high, low, ..] => u16::from_be_bytes([high, low]),
                        _ => 1005, // "no status received"
                    };
                    self.lines.push_back(close_line(code));
                    self.closed = true;
                }
                _ => {} // the server sends no pings, and pongs need nothing
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_close_for_a_bad_message_is_the_answer_a_misbehaving_client_waits_for() {
        assert!(Web::is_bad_line_reply("[close 1009]"));
        assert!(Web::is_bad_line_reply("[close 1007]"));
        assert!(!Web::is_bad_line_reply("[close 1000]"));
        assert!(!Web::is_bad_line_reply("! line too long"));
    }

    #[test]
    fn a_write_is_one_masked_message_without_its_last_newline() {
        let wire = Web::wire(b"/nick w1_0\n/join soak3\n");
        assert_eq!(
            wire,
            encode_masked(true, Opcode::Text, b"/nick w1_0\n/join soak3", MASK)
        );
    }
}
