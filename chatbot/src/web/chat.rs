//! One web chat connection: a WebSocket whose text messages are plain-protocol lines, as a
//! front end of the chat core like `plain/connection.rs`.
//!
//! ```text
//!   socket ──read──▶ frame::decode ──▶ Assembler::push ──▶ Text ──▶ rate limit ──▶ sanitize
//!                                           │ Ping ──▶ Control::pong    ──▶ parse ──▶ plain::handle ──▶ Core
//!                                           │ Close / violation ──▶ Control::close_with, end              │
//!   socket ◀── outgoing::write_loop ◀── Outbox ◀── PlainRender ◀── events ◀──────────────────────────────┘
//! ```
//!
//! **Why the plain protocol.** The page speaks what `nc` users speak (`/nick`, `/join`, `/me`,
//! `/msg`, `/who`, `!roll`...), so a web user is a plain client whose lines arrive in frames:
//! the same `command::parse`, the same `plain::handle`, the same renderer, registered under
//! the plain front end's face. A room line is therefore rendered once for `nc` and browser users
//! alike, and the web front end adds no rule of its own to the core. The page reads the lines'
//! shapes (`<nick> text`, `* nick joined`, `-- members...`) to colour them and keep its member
//! list; it never treats them as markup.
//!
//! A message is one line; a message with `\n`s in it is several (a pasted block). A message over
//! `--max-line` closes the connection with 1009 (see `web/mod.rs` for why not `! line too long`).

use std::net::SocketAddr;
use std::rc::Rc;

use runtime::io::AsyncReadExt;
use runtime::net::{OwnedReadHalf, TcpStream};
use runtime::time::Instant;

use super::frame::{decode, CloseCode};
use super::message::{Assembler, Message};
use super::outgoing::{write_loop, Control};
use crate::command::parse;
use crate::core::ClientId;
use crate::plain::{self, error, Handled};
use crate::rate_limit::{Admission, TokenBucket};
use crate::sanitize::sanitize;
use crate::server::outbox::{Outbox, State};
use crate::server::{followup, Server};

/// Why a web chat connection's reader stopped, and the close code each earns.
enum Ending {
    /// The client sent a close frame (answered with this code) or `/quit`.
    Closed(CloseCode),
    /// The client broke the protocol.
    Violation(CloseCode),
    /// The TCP connection ended without a close frame, or failed.
    Lost,
    /// The outbox overflowed: the client stopped reading.
    TooSlow,
    /// The server is shutting down (1001).
    Shutdown,
}

/// Serves one web chat client, after the handshake, until it leaves. `buffer` holds the bytes
/// read past the HTTP head: maybe the first frames already.
pub(crate) async fn run(stream: TcpStream, buffer: Vec<u8>, peer: SocketAddr, server: Rc<Server>) {
    let (mut reader, writer) = stream.into_split();
    let outbox = Rc::new(Outbox::new(server.config.outbox));
    let control = Rc::new(Control::default());
    let id = {
        let mut core = server.core.borrow_mut();
        let id = core.connect_guest(server.plain_face, outbox.clone(), peer);
        plain::welcome(&mut core, id);
        id
    };
    log::info!("{peer}: web chat connected");
    // Named, so the loop view's task table says what it is.
    let writer = runtime::task::Builder::new()
        .name(&format!("web chat writer {peer}"))
        .spawn(write_loop(writer, outbox.clone(), control.clone()));
    let ending = read_loop(&mut reader, buffer, id, &server, &outbox, &control).await;
    let (reason, code) = match &ending {
        Ending::Closed(code) => (None, *code),
        Ending::Violation(code) => (Some("protocol error"), *code),
        Ending::Lost => (Some("connection lost"), CloseCode::NORMAL),
        Ending::TooSlow => (Some("too slow"), CloseCode::NORMAL),
        Ending::Shutdown => (None, CloseCode::GOING_AWAY),
    };
    server.core.borrow_mut().disconnect(id, reason);
    control.close_with(code);
    outbox.close();
    let _ = writer.await;
    // The writer sent the close frame and shut our side; bytes the client sent after the frame
    // that ended us would turn our close into a reset that can destroy that frame unread.
    // At shutdown nobody waits for stragglers.
    if !matches!(ending, Ending::Lost | Ending::TooSlow | Ending::Shutdown) {
        runtime::select! {
            _ = super::linger(&mut reader) => {},
            _ = server.web.stopped() => {},
        }
    }
}

async fn read_loop(
    reader: &mut OwnedReadHalf,
    mut buffer: Vec<u8>,
    id: ClientId,
    server: &Rc<Server>,
    outbox: &Outbox,
    control: &Control,
) -> Ending {
    let max = server.config.max_line;
    let mut assembler = Assembler::new(max);
    let mut lines = Lines {
        bucket: TokenBucket::new(server.config.rate_limit, Instant::now().into_std()),
        warned: false,
    };
    let mut chunk = vec![0u8; 4096];
    loop {
        // Every whole frame buffered, then read more.
        loop {
            let (frame, used) = match decode(&buffer, max) {
                Ok(Some(decoded)) => decoded,
                Ok(None) => break,
                Err(code) => return Ending::Violation(code),
            };
            buffer.drain(..used);
            match assembler.push(frame) {
                Ok(Message::Nothing) => {}
                Ok(Message::Ping(payload)) => control.pong(payload),
                Ok(Message::Close(code)) => return Ending::Closed(code),
                Ok(Message::Text(text)) => {
                    for line in text.split('\n') {
                        if lines.handle(line, id, server) == Handled::Quit {
                            return Ending::Closed(CloseCode::NORMAL);
                        }
                    }
                }
                Err(code) => return Ending::Violation(code),
            }
        }
        let read = runtime::select! {
            read = reader.read(&mut chunk) => read,
            _ = outbox.closed() => {
                return if outbox.state() == State::Overflowed { Ending::TooSlow } else { Ending::Shutdown };
            },
        };
        match read {
            Ok(0) | Err(_) => return Ending::Lost,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
}

/// What one connection's lines share: the rate limit, as in `plain/connection.rs`.
struct Lines {
    /// The client's line budget.
    bucket: TokenBucket,
    /// Whether this burst's `! slow down` was sent (one per burst).
    warned: bool,
}

impl Lines {
    /// Hands one line to the core, the plain front end's way.
    fn handle(&mut self, line: &str, id: ClientId, server: &Rc<Server>) -> Handled {
        match self.bucket.try_take(Instant::now().into_std()) {
            Admission::Granted => self.warned = false,
            Admission::Denied { .. } => {
                if !std::mem::replace(&mut self.warned, true) {
                    error(&server.core.borrow(), id, "slow down");
                }
                return Handled::Continue(crate::core::Followup::Nothing);
            }
        }
        let clean = sanitize(line.strip_suffix('\r').unwrap_or(line));
        let handled = plain::handle(&mut server.core.borrow_mut(), id, parse(&clean));
        if let Handled::Continue(work) = handled {
            followup::start(server, work);
            return Handled::Continue(crate::core::Followup::Nothing);
        }
        handled
    }
}
