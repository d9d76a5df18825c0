//! One IRC client's connection: the read loop, with the liveness timers and flood control,
//! beside the shared writer, both futures of the connection's one task.
//!
//! ```text
//!   socket ─read_line─▶ 417 check ─▶ flood delay ─▶ sanitize_irc ─▶ parse
//!                                                          ─▶ commands::dispatch
//!   socket ◀─write_all─ writer ◀────── Outbox ◀─ replies and rendered core events
//! ```
//!
//! Framing: RFC 1459 ends a line with CR LF, but clients in the wild send a lone LF or a lone
//! CR; ircds split on either. So the runtime's `BufReader` is built
//! [`with_cr_terminates`](BufReader::with_cr_terminates): CR LF, LF and CR each end one line.
//! An empty line (CR CR, say) is ignored, as the spec says of empty messages.
//!
//! Line length: 512 bytes with CR LF, not counting tags. The reader's cap allows room for tags
//! (up to 8191 bytes, the IRCv3 limit) and the message after them is checked here; past
//! either, the client gets `417 ERR_INPUTTOOLONG` and the line is dropped, the connection
//! kept. A megabyte without a newline costs the reader about its cap: it discards what it
//! cannot keep ([`LineError::TooLong`], once).
//!
//! Liveness counts lines: any line (or refused line) from the client resets the ping timer.
//!
//! The connection's life, and which branch of the read loop's `select!` ends each edge:
//!
//! ```text
//!  connected ──(1) registered──▶ registered ──(3) silent for `ping`──▶ PING sent
//!     │  (2) registration_timeout: ERROR                ▲   │ (4) silent as long again:
//!     ▼                                                 └───┘    ERROR :Ping timeout
//!   closed ◀── EOF, error, QUIT, sendq overflow, server shutdown ◀── (any line: back to registered)
//! ```
//!
//! Flood control is fakelag: a client past its burst is not dropped or warned, its next line
//! simply waits (the reader sleeps until the token bucket has a token). A flooding client is
//! slowed to the rate it is allowed; its socket buffers fill, and TCP slows it down further.

use std::net::SocketAddr;
use std::rc::Rc;

use runtime::io::{trim_line_ending, BufReader, LineError};
use runtime::net::{OwnedReadHalf, TcpStream};
use runtime::time::{sleep, sleep_until, Instant};

use crate::irc::commands::dispatch;
use crate::irc::message::{parse, Message, ParseError};
use crate::irc::numeric::ERR_INPUTTOOLONG;
use crate::irc::render::{error_line, MAX_LINE};
use crate::irc::session::{Outcome, Session};
use crate::rate_limit::{Admission, TokenBucket};
use crate::sanitize::sanitize_irc;
use crate::server::outbox::{Outbox, State};
use crate::server::writer::write_loop;
use crate::server::{followup, Server};

/// The most bytes of IRCv3 message tags a line may carry before its message.
pub const MAX_TAGS: usize = 8191;

/// The reader's cap on one line: tags, their space, and a message without its CR LF.
pub(super) const READ_CAP: usize = MAX_TAGS + 1 + MAX_LINE - 2;

/// Why a connection's reader stopped.
pub(super) enum Ending {
    /// The client closed its side.
    Eof,
    /// A read failed (reset by peer, ...).
    Error(std::io::Error),
    /// `QUIT`, or a refused password: the client has been told, and disconnected if it was
    /// registered.
    Closed,
    /// The outbox overflowed: the client stopped reading.
    SendQ,
    /// The server is shutting down.
    Shutdown,
    /// Edge (2).
    RegistrationTimeout,
    /// Edge (4).
    PingTimeout,
}

impl Ending {
    /// Why a connection whose outbox is no longer open ends: an overflow, or the server
    /// closing it (shutdown, or a `KILL`).
    pub(super) fn of_closed(outbox: &Outbox) -> Ending {
        if outbox.state() == State::Overflowed {
            Ending::SendQ
        } else {
            Ending::Shutdown
        }
    }
}

/// Serves one IRC client until it leaves or the server shuts down: the reader and the writer
/// as two futures of this one task.
pub(crate) async fn run(stream: TcpStream, peer: SocketAddr, server: Rc<Server>) {
    let (reader, writer) = stream.into_split();
    let outbox = Rc::new(Outbox::new(server.config.irc.sendq));
    let reading = read_then_leave(reader, peer, server, outbox.clone());
    runtime::join!(reading, write_loop(writer, outbox));
}

/// The reader's side: reads until the connection ends, then [`leave`]s.
async fn read_then_leave(
    reader: OwnedReadHalf,
    peer: SocketAddr,
    server: Rc<Server>,
    outbox: Rc<Outbox>,
) {
    let mut reader = BufReader::new(reader)
        .with_max_line(READ_CAP)
        .with_cr_terminates(true);
    let mut session = Session::new(server, outbox, peer);
    let ending = read_loop(&mut reader, &mut session).await;
    leave(&session, ending);
}

/// The connection is over, for `ending`: leaves the core, says why in `ERROR` where IRC wants
/// it, and closes the outbox (which lets the writer finish).
pub(super) fn leave(session: &Session, ending: Ending) {
    let (server, peer) = (&session.server, session.peer);
    let ping = server.config.irc.ping;
    let reason = match &ending {
        Ending::Eof => Some("Connection closed".to_string()),
        Ending::Error(err) => {
            log::debug!("{peer}: read failed: {err}");
            Some("Connection reset".to_string())
        }
        Ending::SendQ => Some("SendQ exceeded".to_string()),
        Ending::PingTimeout => Some(format!("Ping timeout: {ping:?}")),
        Ending::Closed | Ending::Shutdown | Ending::RegistrationTimeout => None,
    };
    if let Some(id) = session.id {
        server.core.borrow_mut().disconnect(id, reason.as_deref());
    }
    match ending {
        Ending::PingTimeout => session.send(error_line(&format!(
            "Closing Link: {} (Ping timeout)",
            peer.ip()
        ))),
        Ending::RegistrationTimeout => session.send(error_line(&format!(
            "Closing Link: {} (Registration timed out)",
            peer.ip()
        ))),
        _ => {}
    }
    session.outbox.close();
}

async fn read_loop(reader: &mut BufReader<OwnedReadHalf>, session: &mut Session) -> Ending {
    let server = session.server.clone();
    let settings = &server.config.irc;
    let outbox = session.outbox.clone();
    let mut bucket = TokenBucket::new(settings.flood, Instant::now().into_std());
    let mut line = String::new(); // reused for every line
    let registration_deadline = Instant::now() + settings.registration_timeout;
    let mut last_heard = Instant::now();
    let mut pinged = false;
    loop {
        let deadline = match (session.id, pinged) {
            (None, _) => registration_deadline,
            (Some(_), false) => last_heard + settings.ping,
            (Some(_), true) => last_heard + settings.ping * 2,
        };
        line.clear();
        let read = runtime::select! {
            read = reader.read_line(&mut line) => read,
            _ = outbox.closed() => return Ending::of_closed(&outbox),
            _ = sleep_until(deadline) => {
                match (session.id, pinged) {
                    (None, _) => return Ending::RegistrationTimeout,
                    (Some(_), true) => return Ending::PingTimeout,
                    (Some(_), false) => {
                        let name = session.server_name().to_string();
                        session.send_from_server("PING", &[&name]);
                        pinged = true;
                        continue;
                    }
                }
            },
        };
        let refused = match read {
            Ok(0) => return Ending::Eof,
            Ok(_) if !line.ends_with(['\n', '\r']) => return Ending::Eof, // cut off by EOF
            Ok(_) => None,
            Err(err) => match LineError::of(&err) {
                Some(refused) => Some(refused),
                None => return Ending::Error(err),
            },
        };
        last_heard = Instant::now();
        pinged = false;
        match refused {
            Some(LineError::TooLong { .. }) => {
                too_long(session);
                continue;
            }
            Some(LineError::InvalidUtf8) => {
                let core = server.core.borrow();
                let target = session.target(&core);
                session.send_from_server("NOTICE", &[&target, "Invalid UTF-8: line dropped"]);
                continue;
            }
            None => {}
        }
        let Some(message) = command(session, trim_line_ending(&line)) else {
            continue;
        };
        if let Admission::Denied { retry_after } = bucket.try_take(Instant::now().into_std()) {
            // Fakelag: the line waits for its token; nothing is dropped.
            sleep(retry_after).await;
            let _ = bucket.try_take(Instant::now().into_std());
        }
        // The outbox may have closed since this line was read: during the fakelag sleep, or
        // by an earlier line (a KILL of oneself) while the reader still had lines buffered,
        // which `read_line` hands out before `select!` looks at the outbox. The client may be
        // gone from the core by now, so nothing more may run.
        if outbox.state() != State::Open {
            return Ending::of_closed(&outbox);
        }
        match dispatch(session, &message) {
            Outcome::Continue => {}
            Outcome::Bot(work) => work.into_iter().for_each(|w| followup::start(&server, w)),
            Outcome::Close => return Ending::Closed,
        }
    }
}

/// The command in one line read whole (`text`, its terminator gone), or `None` for a line that
/// is dropped: one past the limit (answered with 417), one with no command (a `NOTICE` says
/// so) or a blank one (ignored, as the specification says).
pub(super) fn command(session: &Session, text: &str) -> Option<Message> {
    let message = text.strip_prefix('@').map_or(text, |tagged| {
        tagged.split_once(' ').map_or("", |(_, message)| message)
    });
    if message.len() > MAX_LINE - 2 {
        too_long(session);
        return None;
    }
    match parse(&sanitize_irc(text)) {
        Ok(message) => Some(message),
        Err(ParseError::Empty) => None,
        Err(err @ (ParseError::NoCommand | ParseError::BadCommand)) => {
            let core = session.server.core.borrow();
            let target = session.target(&core);
            session.send_from_server("NOTICE", &[&target, &format!("Line ignored: {err}")]);
            None
        }
    }
}

/// `417` for a line past the limit.
pub(super) fn too_long(session: &Session) {
    let core = session.server.core.borrow();
    session.reply(&core, ERR_INPUTTOOLONG, &["Input line was too long"]);
}
