//! The browser front end: HTTP/1.1 on our runtime, serving a chat page, a live view of the
//! event loop, a WebSocket for chat lines and a Server-Sent Events stream of the loop's figures.
//!
//! One task per browser connection, started by the server's one accept loop like every other
//! front end's. It reads request heads and answers them until the connection closes, turns
//! into a WebSocket, or turns into an event stream:
//!
//! ```text
//!                   (1) read_head: a whole head, within the limits
//!   accepted ─────────────────────────────────────────▶ request ──(2) route──┐
//!      ▲                                                                     │
//!      └──────────── (3) a page or an error; keep-alive ◀────────────────────┤
//!                                                                            ├─(4) GET /chat: handshake ─▶ chat::run
//!   closed ◀── (5) 400, 404, 405, 431, a head too slow, EOF, Connection: close┤
//!                                                                            └─(6) GET /loop/events ─▶ events::run
//! ```
//!
//! (1) is `head::read_head` (`head.rs`), (2) `routes::route` (`routes.rs`), (3) and (5) the
//! answers of `response.rs`, (4) `handshake::check` (`handshake.rs`) then `chat::run`
//! (`chat.rs`), (6) `events::run` (`events.rs`).
//!
//! | path | what | file |
//! |---|---|---|
//! | `/` | the chat page | `assets/chat.html`, `assets/chat.js` |
//! | `/loop` | the loop view | `assets/loop.html`, `assets/loop.js` |
//! | `/style.css` | both pages' style | `assets/style.css` |
//! | `/chat` | WebSocket: plain-protocol lines both ways | `handshake.rs`, `frame.rs`, `message.rs`, `chat.rs` |
//! | `/loop/events` | Server-Sent Events, 10 snapshots a second | `events.rs`, `snapshot.rs` |
//!
//! # The limits, and what a browser or proxy sees for each
//!
//! - A request head over [`MAX_HEAD`] bytes: `431 Request Header Fields Too Large`, closed.
//! - A head not finished within [`WebSettings::head_timeout`] (10 s; a slowloris client sends a
//!   byte now and then to hold a connection forever): closed without an answer. The same
//!   bound closes an idle keep-alive connection.
//! - Anything but `GET`/`HEAD`: `405`; an unknown path: `404`; a head `httparse` refuses, or a
//!   request with a body: `400`. Each with `Connection: close`, and the connection is closed.
//! - A WebSocket from a page of another origin: `403` (a foreign page must not chat as the
//!   visitor); a plain `GET /chat`: `426 Upgrade Required`.
//! - Past `--max-clients` (every front end's connections count): `503`, closed.
//! - WebSocket messages as in `message.rs`: over `--max-line`, close 1009 (a browser cannot show
//!   a per-line `! line too long` for a message it sent whole, and a page that sends such a
//!   message is broken, not a typist who went on too long); the rest in `frame.rs`.
//!
//! Everything is plain HTML, CSS and JavaScript embedded in the binary (`include_str!`): no
//! build step, nothing loaded from elsewhere, and user text reaches the page by `textContent`.
//!
//! A browser's frame, cut from the bytes as the chat connection does (the public pieces are
//! [`frame`] and [`message`]):
//!
//! ```
//! use chatbot::web::frame::{decode, encode_masked, Opcode};
//! use chatbot::web::message::{Assembler, Message};
//!
//! let wire = encode_masked(true, Opcode::Text, b"/nick alice", [1, 2, 3, 4]);
//! let (frame, used) = decode(&wire, 2048).unwrap().expect("a whole frame");
//! assert_eq!(used, wire.len());
//! let message = Assembler::new(2048).push(frame).unwrap();
//! assert_eq!(message, Message::Text("/nick alice".into()));
//! ```

pub(crate) mod chat;
mod events;
pub mod frame;
mod handshake;
pub mod head;
pub mod message;
mod outgoing;
mod response;
mod routes;
mod snapshot;
mod stopping;

use std::net::SocketAddr;
use std::rc::Rc;
use std::time::Duration;

use runtime::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use runtime::net::TcpStream;
use runtime::time::timeout;

use crate::server::Server;

pub(crate) use stopping::Stopping;

/// The largest request head accepted, request line and headers, in bytes.
pub const MAX_HEAD: usize = 8 * 1024;

/// Default for [`WebSettings::head_timeout`].
pub const DEFAULT_HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// The browser front end's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WebSettings {
    /// How long a request head may take to arrive, from the first byte of a connection or the
    /// end of the previous request; then the connection is closed.
    pub head_timeout: Duration,
}

impl Default for WebSettings {
    fn default() -> WebSettings {
        WebSettings {
            head_timeout: DEFAULT_HEAD_TIMEOUT,
        }
    }
}

/// The answer to a browser connection past `--max-clients`.
pub(crate) fn server_full() -> Vec<u8> {
    response::error(response::SERVICE_UNAVAILABLE)
}

/// Serves one browser connection until it closes (edges (1) to (6) of the module diagram).
pub(crate) async fn run(mut stream: TcpStream, peer: SocketAddr, server: Rc<Server>) {
    // Bytes read past the current head: the next pipelined request, or a WebSocket's first
    // frames sent right after its handshake.
    let mut buffer = Vec::new();
    loop {
        let read = runtime::select! {
            read = timeout(server.config.web.head_timeout, head::read_head(&mut stream, &mut buffer)) => read,
            _ = server.web.stopped() => return,
        };
        let request = match read {
            Err(_) => {
                log::debug!("{peer}: request head not finished in time; closed");
                return;
            }
            Ok(Err(head::HeadError::Closed)) => return,
            Ok(Err(head::HeadError::Io(err))) => {
                log::debug!("{peer}: read failed: {err}");
                return;
            }
            Ok(Err(head::HeadError::TooLarge)) => {
                return finish(stream, response::error(response::HEADERS_TOO_LARGE)).await;
            }
            Ok(Err(head::HeadError::Malformed)) => {
                return finish(stream, response::error(response::BAD_REQUEST)).await;
            }
            Ok(Ok(request)) => request,
        };
        log::debug!("{peer}: {} {}", request.method, request.path);
        match routes::route(&request) {
            routes::Route::Page(page) => {
                let answer = response::page(page, request.method == "HEAD", request.close);
                if stream.write_all(&answer).await.is_err() || request.close {
                    return;
                }
            }
            routes::Route::Refuse(status) => {
                return finish(stream, response::error(status)).await;
            }
            routes::Route::Chat => match handshake::check(&request) {
                Ok(accept) => {
                    if stream
                        .write_all(&response::switching(&accept))
                        .await
                        .is_ok()
                    {
                        chat::run(stream, buffer, peer, server).await;
                    }
                    return;
                }
                Err(refusal) => return finish(stream, refusal).await,
            },
            routes::Route::LoopEvents => return events::run(stream, &server).await,
        }
    }
}

/// Writes a last answer and closes the connection, lingering a moment first.
///
/// Closing a socket whose receive buffer still holds unread bytes (the rest of a head too
/// large, a body we refused) makes Linux send a reset instead of a FIN, and a reset can
/// destroy our answer in the client's buffer before it reads it. So, as HTTP servers do: shut
/// our sending side, then read and discard what the client still sends, for a bounded time
/// and amount, before closing.
async fn finish(mut stream: TcpStream, answer: Vec<u8>) {
    if stream.write_all(&answer).await.is_err() {
        return;
    }
    let _ = stream.shutdown(std::net::Shutdown::Write);
    linger(&mut stream).await;
}

/// Reads and discards what the client still sends, until it closes, for at most [`LINGER`]
/// and [`LINGER_BYTES`]: call after shutting our sending side, before closing (see [`finish`]).
pub(crate) async fn linger<R: AsyncRead + Unpin>(reader: &mut R) {
    let drain = async {
        let mut scratch = [0u8; 4096];
        let mut left = LINGER_BYTES;
        while left > 0 {
            match reader.read(&mut scratch).await {
                Ok(0) | Err(_) => break,
                Ok(n) => left = left.saturating_sub(n),
            }
        }
    };
    let _ = timeout(LINGER, drain).await;
}

/// How long [`finish`] waits for the client to stop sending.
const LINGER: Duration = Duration::from_secs(1);

/// How much [`finish`] reads and discards at most.
const LINGER_BYTES: usize = 64 * 1024;
