//! One client's connection: a reader loop that turns bytes into hub calls, and a writer task
//! that drains the client's outbox into the socket.
//!
//! ```text
//!   socket ──read──▶ LineBuf ──▶ rate limit ──▶ sanitize ──▶ parse ──▶ Hub::input ──▶ outboxes
//!                                                                                        │
//!   socket ◀──write_all── writer task ◀── Outbox::next_batch ◀───────────────────────────┘
//! ```
//!
//! The reader owns the read half, the writer task the write half (`TcpStream::into_split`), so
//! a client that is slow to read never stops us reading what it sends, and vice versa. The
//! reader ends on EOF, on an error, on `/quit`, or when the outbox stops being open (the client
//! overflowed it, or the server is shutting down); it then leaves the hub and closes the outbox,
//! and the writer flushes what is left and shuts the socket down; or, if the outbox overflowed,
//! abandons its write at once, since that client is not reading.

use std::net::SocketAddr;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use runtime::io::{AsyncReadExt, AsyncWriteExt};
use runtime::net::{OwnedReadHalf, OwnedWriteHalf, TcpStream};
use runtime::time::{sleep, timeout, Instant};

use crate::bot::fib::{fib_mod, fib_reply, FIB_TIMEOUT};
use crate::bot::reply;
use crate::command::parse;
use crate::line_buf::{Frame, LineBuf};
use crate::rate_limit::{Admission, TokenBucket};
use crate::sanitize::sanitize;
use crate::server::hub::{ClientId, Followup};
use crate::server::outbox::{Outbox, State};
use crate::server::Server;

/// How many bytes one read may take from the socket.
const READ_CHUNK: usize = 4096;

/// Why a connection's reader stopped.
enum Ending {
    /// The client closed its side.
    Eof,
    /// A read failed (reset by peer, ...).
    Error(std::io::Error),
    /// The client said `/quit` (the hub already told its room).
    Quit,
    /// The outbox overflowed: the client stopped reading.
    TooSlow,
    /// The server is shutting down.
    Shutdown,
}

/// Serves one client until it leaves or the server shuts down.
pub(crate) async fn run(stream: TcpStream, peer: SocketAddr, server: Rc<Server>) {
    let (mut reader, writer) = stream.into_split();
    let outbox = Rc::new(Outbox::new(server.config.outbox));
    let id = server.hub.borrow_mut().join(outbox.clone(), peer);
    let writer = runtime::spawn(write_loop(writer, outbox.clone()));
    let ending = read_loop(&mut reader, id, &server, &outbox).await;
    let reason = match &ending {
        // A `/quit` was announced, with its message, when the hub handled it.
        Ending::Eof | Ending::Shutdown | Ending::Quit => None,
        Ending::TooSlow => Some("too slow"),
        Ending::Error(_) => Some("connection lost"),
    };
    if let Ending::Error(err) = &ending {
        log::debug!("{peer}: read failed: {err}");
    }
    server.hub.borrow_mut().leave(id, reason);
    outbox.close();
    let _ = writer.await;
}

async fn read_loop(
    reader: &mut OwnedReadHalf,
    id: ClientId,
    server: &Rc<Server>,
    outbox: &Outbox,
) -> Ending {
    let config = &server.config;
    let mut framer = LineBuf::new(config.max_line);
    let mut frames = Vec::new(); // reused for every read

    let mut bucket = TokenBucket::new(config.rate_limit, Instant::now().into_std());
    let mut warned = false;
    let mut buf = [0; READ_CHUNK];
    loop {
        let read = runtime::select! {
            read = reader.read(&mut buf) => read,
            _ = outbox.closed() => {
                return if outbox.state() == State::Overflowed { Ending::TooSlow } else { Ending::Shutdown };
            },
        };
        let n = match read {
            Ok(0) => return Ending::Eof,
            Ok(n) => n,
            Err(err) => return Ending::Error(err),
        };
        framer.feed_into(&buf[..n], &mut frames);
        for frame in frames.drain(..) {
            let line = match frame {
                Frame::TooLong => {
                    server.hub.borrow_mut().error(id, "line too long");
                    continue;
                }
                Frame::InvalidUtf8 => {
                    server.hub.borrow_mut().error(id, "invalid UTF-8");
                    continue;
                }
                Frame::Line(line) => line,
            };
            match bucket.try_take(Instant::now().into_std()) {
                Admission::Granted => warned = false,
                Admission::Denied { .. } => {
                    // One warning per burst; the excess lines are dropped.
                    if !std::mem::replace(&mut warned, true) {
                        server.hub.borrow_mut().error(id, "slow down");
                        log::info!("{}: rate limit hit", server.hub.borrow().nick(id));
                    }
                    continue;
                }
            }
            let clean = sanitize(&line);
            let followup = server.hub.borrow_mut().input(id, parse(&clean));
            match followup {
                Followup::Nothing => {}
                Followup::Quit => return Ending::Quit,
                other => {
                    drop(runtime::spawn(follow_up(server.clone(), other)));
                }
            }
        }
    }
}

/// Drains the outbox into the socket, in batches: one `write` call carries every line queued
/// since the last one.
///
/// A client that stops reading fills its socket buffers, and then `write_all` waits for it
/// forever. So the writer also watches for the outbox overflowing, which is what that client's
/// silence leads to, and then drops the write (the last line may go out cut short) and ends:
/// the connection closes now, not whenever the client reads again, if ever.
async fn write_loop(mut writer: OwnedWriteHalf, outbox: Rc<Outbox>) {
    let mut batch = Vec::new();
    while outbox.next_batch(&mut batch).await {
        let written = runtime::select! {
            written = writer.write_all(&batch) => written,
            _ = outbox.overflowed() => return,
        };
        if written.is_err() {
            outbox.close();
            return;
        }
        batch.clear();
    }
    let _ = writer.shutdown().await;
}

/// Carries out the part of a bot command that has to wait, then answers in the room.
async fn follow_up(server: Rc<Server>, followup: Followup) {
    let (room, line) = match followup {
        Followup::Nothing | Followup::Quit => return,
        Followup::Later { room, delay, line } => {
            // The asyncio.sleep lesson: this task waits, everyone else keeps chatting.
            sleep(delay).await;
            (room, line)
        }
        Followup::Fib { room, nick, n } => {
            // The run_in_executor + wait_for lesson: the loop computes on the blocking pool,
            // under a timeout; when it fires, the flag stops the computation so it does not
            // keep a pool thread busy for nothing.
            let cancel = Arc::new(AtomicBool::new(false));
            let flag = cancel.clone();
            let job = runtime::spawn_blocking(move || fib_mod(n, &flag));
            let result = match timeout(FIB_TIMEOUT, job).await {
                Ok(Ok(result)) => result,
                Ok(Err(err)) => {
                    log::error!("!fib {n} failed: {err}");
                    None
                }
                Err(_) => {
                    cancel.store(true, Ordering::Relaxed);
                    None
                }
            };
            (room, reply(&nick, &fib_reply(n, result)))
        }
        Followup::Stats { room, nick } => (room, reply(&nick, &server.stats())),
    };
    server.hub.borrow_mut().say_to_room(&room, &line.into());
}
