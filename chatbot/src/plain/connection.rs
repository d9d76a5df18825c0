//! One plain client's connection: a reader loop that turns bytes into core calls, beside
//! the writer (`server/writer.rs`) that drains the client's outbox into the socket; both are
//! futures of the connection's one task, joined with `join!`, so a client costs one task.
//!
//! ```text
//!   socket ──read_line──▶ rate limit ──▶ sanitize ──▶ parse ──▶ plain::handle ─────────▶ Core
//!                                                                                        │
//!   socket ◀──write_all── writer task ◀── Outbox::next_batch ◀── PlainRender ◀── events ─┘
//! ```
//!
//! Lines are cut by the runtime's [`BufReader::read_line`], capped at `--max-line`: its
//! [`LineError`]s become `! line too long` and `! invalid UTF-8`, and the connection goes on.
//! One `String`, cleared before each line, holds every line of the connection. The protocol
//! says a line ends with `\n`, so a last line cut off by end of stream is dropped.
//!
//! The reader owns the read half, the writer the write half (`TcpStream::into_split`), so
//! a client that is slow to read never stops us reading what it sends, and vice versa. The
//! reader ends on EOF, on an error, on `/quit`, or when the outbox stops being open (the client
//! overflowed it, or the server is shutting down); it then leaves the core and closes the
//! outbox, and the writer flushes what is left and shuts the socket down; or, if the outbox
//! overflowed, abandons its write at once, since that client is not reading.

use std::net::SocketAddr;
use std::rc::Rc;

use runtime::io::{trim_line_ending, BufReader, LineError};
use runtime::net::{OwnedReadHalf, TcpStream};
use runtime::time::Instant;

use crate::command::parse;
use crate::core::ClientId;
use crate::plain::{self, error, Handled};
use crate::rate_limit::{Admission, TokenBucket};
use crate::sanitize::sanitize;
use crate::server::outbox::{Outbox, State};
use crate::server::writer::write_loop;
use crate::server::{followup, Server};

/// Why a connection's reader stopped.
enum Ending {
    /// The client closed its side.
    Eof,
    /// A read failed (reset by peer, ...).
    Error(std::io::Error),
    /// The client said `/quit` (the core already told its room).
    Quit,
    /// The outbox overflowed: the client stopped reading.
    TooSlow,
    /// The server is shutting down.
    Shutdown,
}

/// Serves one client until it leaves or the server shuts down: the reader and the writer as
/// two futures of this one task.
pub(crate) async fn run(stream: TcpStream, peer: SocketAddr, server: Rc<Server>) {
    let (reader, writer) = stream.into_split();
    let outbox = Rc::new(Outbox::new(server.config.outbox));
    let reading = read_then_leave(reader, peer, server, outbox.clone());
    runtime::join!(reading, write_loop(writer, outbox));
}

/// The reader's side: connects the client to the core, reads until the connection ends, then
/// leaves the core and closes the outbox (which lets the writer finish).
async fn read_then_leave(
    reader: OwnedReadHalf,
    peer: SocketAddr,
    server: Rc<Server>,
    outbox: Rc<Outbox>,
) {
    let mut reader = BufReader::new(reader).with_max_line(server.config.max_line);
    let id = {
        let mut core = server.core.borrow_mut();
        let id = core.connect_guest(server.plain_face, outbox.clone(), peer);
        plain::welcome(&mut core, id);
        id
    };
    let ending = read_loop(&mut reader, id, &server, &outbox).await;
    let reason = match &ending {
        // A `/quit` was announced, with its message, when the core handled it.
        Ending::Eof | Ending::Shutdown | Ending::Quit => None,
        Ending::TooSlow => Some("too slow"),
        Ending::Error(_) => Some("connection lost"),
    };
    if let Ending::Error(err) = &ending {
        log::debug!("{peer}: read failed: {err}");
    }
    server.core.borrow_mut().disconnect(id, reason);
    outbox.close();
}

async fn read_loop(
    reader: &mut BufReader<OwnedReadHalf>,
    id: ClientId,
    server: &Rc<Server>,
    outbox: &Outbox,
) -> Ending {
    let config = &server.config;
    let mut bucket = TokenBucket::new(config.rate_limit, Instant::now().into_std());
    let mut warned = false;
    let mut line = String::new(); // reused for every line
    loop {
        line.clear();
        let read = runtime::select! {
            read = reader.read_line(&mut line) => read,
            _ = outbox.closed() => {
                return if outbox.state() == State::Overflowed { Ending::TooSlow } else { Ending::Shutdown };
            },
        };
        match read {
            Ok(0) => return Ending::Eof,
            Ok(_) if !line.ends_with('\n') => return Ending::Eof, // cut off by end of stream
            Ok(_) => {}
            Err(err) => {
                match LineError::of(&err) {
                    Some(LineError::TooLong { .. }) => {
                        error(&server.core.borrow(), id, "line too long")
                    }
                    Some(LineError::InvalidUtf8) => {
                        error(&server.core.borrow(), id, "invalid UTF-8")
                    }
                    None => return Ending::Error(err),
                }
                continue;
            }
        }
        match bucket.try_take(Instant::now().into_std()) {
            Admission::Granted => warned = false,
            Admission::Denied { .. } => {
                // One warning per burst; the excess lines are dropped.
                if !std::mem::replace(&mut warned, true) {
                    let core = server.core.borrow();
                    error(&core, id, "slow down");
                    log::info!("{}: rate limit hit", core.client(id).nick);
                }
                continue;
            }
        }
        let clean = sanitize(trim_line_ending(&line));
        let handled = plain::handle(&mut server.core.borrow_mut(), id, parse(&clean));
        match handled {
            Handled::Continue(work) => followup::start(server, work),
            Handled::Quit => return Ending::Quit,
        }
    }
}
