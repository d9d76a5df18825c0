//! Sockets: TCP listeners and streams, UDP, and (on Unix) Unix-domain streams, each a mio
//! socket inside a reactor [`Registration`]; and anonymous pipes, [`unix::pipe`].
//!
//! # One operation, start to finish
//!
//! Every method that moves bytes or accepts a connection is the reactor's one operation loop,
//! [`Registration::poll_io`]: wait for readiness, spend the task's
//! [cooperative budget](crate::coop), try the non-blocking system call, and on `WouldBlock`
//! clear the cached readiness and wait again. Its module docs (`reactor/src/registration.rs`)
//! draw the loop and say why each step is where it is. The stream types (TCP, Unix, the split
//! halves) read and write through [`Registration::poll_read`] and
//! [`Registration::poll_write`], the same loop plus the stream rule of epoll(7): a short read
//! or write proves readiness stale too. [`UdpSocket`] uses the plain loop, because a short
//! datagram says nothing about the next one.
//!
//! The stream types share one [`AsyncRead`](crate::io::AsyncRead) and one
//! [`AsyncWrite`](crate::io::AsyncWrite) implementation (`stream.rs`), and the two listeners
//! one accept loop (`listener.rs`).
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
mod listener;
mod split;
mod stream;
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

use std::io;
use std::net::{SocketAddr, ToSocketAddrs};

use mio::event::Source;
use reactor::{Interest, Registration};

use crate::scheduler::context;

/// Registers `source` with the current runtime's reactor; `what` names the caller in the panic
/// outside a runtime.
fn register<S: Source>(source: S, interest: Interest, what: &str) -> io::Result<Registration<S>> {
    context::current(what).handle().register(source, interest)
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
