//! Sockets: TCP listeners and streams, UDP, and (on Unix) Unix-domain streams, each a mio
//! socket inside a reactor [`Registration`]; and anonymous pipes, [`unix::pipe`].
//!
//! # One operation, start to finish
//!
//! Every method that moves bytes or accepts a connection is the same loop, `poll_op`:
//!
//! ```text
//!   (1) readiness cached for this direction?   no  -> waker stored in the registration, Pending
//!   (2) budget left for this task?             no  -> task woken at once, Pending (it yields)
//!   (3) the non-blocking system call
//!         WouldBlock -> the cached readiness was stale: clear it, back to (1)
//!         anything else (bytes, EOF, an error) -> Ready
//!   (4) stream sockets only: a read or write that moved fewer bytes than asked -> clear it too
//! ```
//!
//! Step (1) and (3) are [`Registration::poll_io`]: readiness is cleared by a `WouldBlock`,
//! because the reactor is edge-triggered and the OS will not repeat an event we ignored. Step
//! (4) is the one other proof that readiness is stale, and epoll(7) documents it: on a *stream*
//! socket, a short read means the receive buffer is empty, a short write that the send buffer is
//! full. Acting on it saves the extra call that would only return `WouldBlock` (for an echo
//! server, one `recvfrom` in four). It is never applied to datagrams, where a short read says
//! nothing about the next datagram.
//! Step (2) is the cooperative budget ([`coop::poll_proceed`]): a socket whose peer keeps it
//! full never returns `WouldBlock`, so without it a task reading that socket would never give
//! the thread back. It comes after (1) so that a task with nothing to read does not spend
//! budget, and before (3) so that an operation that would succeed is not performed and then
//! thrown away.
//!
//! # Errors are results, never panics
//!
//! A peer that resets the connection makes the next operation fail with `ConnectionReset` (a
//! read) or `BrokenPipe` (a write); the error is returned, the task decides. Writing to a reset
//! socket would raise `SIGPIPE` and kill the process in C, but Rust's `std` sets `SIGPIPE` to
//! "ignore" before `main` runs, so it surfaces as the `EPIPE` error instead. (A program that
//! restores the default handler, or a C host embedding this crate, must ignore it itself.)
//!
//! # Sharing a socket
//!
//! A registration has one waker slot per direction. So one task may read a socket while
//! another writes it ([`TcpStream::into_split`]), but two tasks reading the same socket would
//! keep replacing each other's waker. The types here take `&mut self` for stream I/O, which
//! rules that out; [`UdpSocket`] takes `&self` (a datagram is sent or received whole), so share
//! it with at most one task per direction.
//!
//! Teaching shortcut: names are resolved with `std::net::ToSocketAddrs`, which blocks the
//! thread on a DNS lookup. Literal addresses (`"127.0.0.1:8080"`) never block; a production
//! runtime resolves host names on a thread pool.
//!
//! # Example
//!
//! A server task greets each client; the client reads in one task and writes in another:
//!
//! ```
//! use runtime::io::{AsyncReadExt, AsyncWriteExt};
//! use runtime::net::{TcpListener, TcpStream};
//!
//! runtime::run(async {
//!     let listener = TcpListener::bind("127.0.0.1:0")?;
//!     let addr = listener.local_addr()?;
//!     runtime::spawn(async move {
//!         let (mut stream, _peer) = listener.accept().await.unwrap();
//!         let mut name = Vec::new();
//!         stream.read_to_end(&mut name).await.unwrap(); // until the client's half-close
//!         stream.write_all(b"hello ").await.unwrap();
//!         stream.write_all(&name).await.unwrap();
//!     });
//!
//!     let (mut reader, mut writer) = TcpStream::connect(addr).await?.into_split();
//!     let writing = runtime::spawn(async move {
//!         writer.write_all(b"reader").await.unwrap(); // dropping `writer` sends FIN
//!     });
//!     let mut reply = Vec::new();
//!     reader.read_to_end(&mut reply).await?;
//!     writing.await.unwrap();
//!     assert_eq!(reply, b"hello reader");
//!     Ok::<(), std::io::Error>(())
//! })
//! .unwrap();
//! ```

mod accept_backoff;
mod split;
mod tcp_listener;
mod tcp_stream;
mod udp;
#[cfg(unix)]
pub mod unix;

pub use self::split::{OwnedReadHalf, OwnedWriteHalf};
pub use self::tcp_listener::TcpListener;
pub use self::tcp_stream::TcpStream;
pub use self::udp::UdpSocket;
#[cfg(unix)]
pub use self::unix::{UnixListener, UnixStream};

use std::io::{self, Read, Write};
use std::net::{SocketAddr, ToSocketAddrs};
use std::task::{ready, Context, Poll};

use mio::event::Source;
use reactor::{Direction, Interest, Registration};

use crate::{context, coop};

/// Registers `source` with the current runtime's reactor; `what` names the caller in the panic
/// outside a runtime.
fn register<S: Source>(source: S, interest: Interest, what: &str) -> io::Result<Registration<S>> {
    context::current(what).handle().register(source, interest)
}

/// The operation loop of the module docs: wait for readiness, spend budget, run `op`, and on
/// `WouldBlock` clear readiness and wait again.
// `poll_op`, `poll_read` and `poll_write` are forced inline into each socket type's
// `poll_read`/`poll_write`: they are the hot path of every byte, and as separate calls they cost
// about 60 instructions per echo round trip (bench/scripts/cost_per_round_trip.sh).
#[inline(always)]
fn poll_op<S: Source, R>(
    registration: &Registration<S>,
    direction: Direction,
    cx: &mut Context<'_>,
    mut op: impl FnMut(&S) -> io::Result<R>,
) -> Poll<io::Result<R>> {
    ready!(registration.poll_ready(direction, cx))?; // (1)
    ready!(coop::poll_proceed(cx)); // (2)
    loop {
        match op(registration.get_ref()) {
            // (3): stale readiness. Clear it and wait for the next edge: (1) again.
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
                registration.clear_ready(direction);
                ready!(registration.poll_ready(direction, cx))?;
            }
            result => return Poll::Ready(result),
        }
    }
}

/// One read from a registered stream socket (TCP or Unix).
#[inline(always)]
fn poll_read<S: Source>(
    registration: &Registration<S>,
    cx: &mut Context<'_>,
    buf: &mut [u8],
) -> Poll<io::Result<usize>>
where
    for<'a> &'a S: Read,
{
    let wanted = buf.len();
    let read = ready!(poll_op(registration, Direction::Read, cx, |mut socket| {
        socket.read(buf)
    }))?;
    if read > 0 && read < wanted {
        // A short read from a stream socket proves its receive buffer is empty now (epoll(7):
        // "you can be sure of having exhausted the read I/O space"), so readiness is stale.
        // Clearing it here saves the read that would only have returned WouldBlock. Data that
        // arrives later raises a new edge, which the next reactor turn records.
        registration.clear_ready(Direction::Read);
    }
    Poll::Ready(Ok(read))
}

/// One write to a registered stream socket (TCP or Unix).
#[inline(always)]
fn poll_write<S: Source>(
    registration: &Registration<S>,
    cx: &mut Context<'_>,
    buf: &[u8],
) -> Poll<io::Result<usize>>
where
    for<'a> &'a S: Write,
{
    let offered = buf.len();
    let written = ready!(poll_op(registration, Direction::Write, cx, |mut socket| {
        socket.write(buf)
    }))?;
    if written < offered {
        // A short write to a stream socket proves its send buffer is full (epoll(7)): wait for
        // the next WRITABLE edge instead of trying a write that would return WouldBlock.
        registration.clear_ready(Direction::Write);
    }
    Poll::Ready(Ok(written))
}

/// Resolves `addr` (see the teaching shortcut in the module docs) and tries `f` on each address
/// in turn; the first success wins, otherwise the last error is returned.
fn each_addr<T>(
    addr: impl ToSocketAddrs,
    mut f: impl FnMut(SocketAddr) -> io::Result<T>,
) -> io::Result<T> {
    let mut last_err = None;
    for addr in addr.to_socket_addrs()? {
        match f(addr) {
            Ok(value) => return Ok(value),
            Err(err) => last_err = Some(err),
        }
    }
    Err(last_err.unwrap_or_else(no_addresses))
}

/// The error for a name that resolved to nothing.
fn no_addresses() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        "could not resolve to any address",
    )
}
