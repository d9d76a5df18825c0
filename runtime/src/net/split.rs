//! [`OwnedReadHalf`] and [`OwnedWriteHalf`]: one TCP stream, driven from two tasks.
//!
//! A chat connection wants a task that reads lines from the client and another that writes
//! lines to it as they arrive from the room. Both need the socket, and a stream's methods take
//! `&mut self`. [`TcpStream::into_split`] gives each task its own handle:
//!
//! ```text
//!                        Rc<Registration<mio TcpStream>>
//!                       ┌──────────────────────────────────┐
//!   OwnedReadHalf  ───▶ │ waker slot Read   ◀── EPOLLIN     │   reader task sleeps here
//!   OwnedWriteHalf ───▶ │ waker slot Write  ◀── EPOLLOUT    │   writer task sleeps here
//!                       └──────────────────────────────────┘
//! ```
//!
//! The registration keeps one waker per direction, so the two tasks never replace each
//! other's waker; readiness for reading and for writing is cached and cleared separately.
//! That is the whole trick, and it is why no lock is needed: everything is on one thread, and
//! `Rc` only shares ownership. The socket (and its registration) goes away when the second
//! half is dropped.
//!
//! Dropping the write half shuts down the writing direction (`shutdown(Write)`), so the peer
//! reads end of stream even while our read half lives on: otherwise a peer waiting for EOF
//! would wait until the reader is dropped too.
//!
//! ```
//! use runtime::io::{AsyncReadExt, AsyncWriteExt};
//! use runtime::net::{TcpListener, TcpStream};
//!
//! runtime::run(async {
//!     let listener = TcpListener::bind("127.0.0.1:0")?;
//!     let client = TcpStream::connect(listener.local_addr()?).await?;
//!     let (server, _) = listener.accept().await?;
//!     let (mut reader, mut writer) = server.into_split();
//!     // The echo: one task copies what the other end writes straight back to it.
//!     let echo = runtime::spawn(async move { runtime::io::copy(&mut reader, &mut writer).await });
//!
//!     let (mut from_server, mut to_server) = client.into_split();
//!     to_server.write_all(b"marco").await?;
//!     drop(to_server); // FIN: the echo's copy ends, and its write half closes in turn
//!     let mut back = Vec::new();
//!     from_server.read_to_end(&mut back).await?;
//!     assert_eq!(back, b"marco");
//!     assert_eq!(echo.await.unwrap()?, 5);
//!     Ok::<(), std::io::Error>(())
//! })
//! .unwrap();
//! ```

use std::io;
use std::net::{Shutdown, SocketAddr};
use std::rc::Rc;

use reactor::Registration;

use crate::net::stream::{impl_async_read, impl_async_write};

/// The registration both halves share.
type Shared = Rc<Registration<mio::net::TcpStream>>;

/// The reading half of a [`TcpStream`](crate::net::TcpStream), from
/// [`into_split`](crate::net::TcpStream::into_split).
#[derive(Debug)]
pub struct OwnedReadHalf {
    /// The stream's registration; this half only ever waits in its `Read` slot.
    shared: Shared,
}

/// The writing half of a [`TcpStream`](crate::net::TcpStream), from
/// [`into_split`](crate::net::TcpStream::into_split). Dropping it shuts down writing.
#[derive(Debug)]
pub struct OwnedWriteHalf {
    /// The stream's registration; this half only ever waits in its `Write` slot.
    shared: Shared,
}

impl OwnedReadHalf {
    pub(crate) fn new(shared: Shared) -> OwnedReadHalf {
        OwnedReadHalf { shared }
    }

    /// The address of the other end.
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.shared.get_ref().peer_addr()
    }

    /// The address of this end.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.shared.get_ref().local_addr()
    }
}

impl OwnedWriteHalf {
    pub(crate) fn new(shared: Shared) -> OwnedWriteHalf {
        OwnedWriteHalf { shared }
    }

    /// The address of the other end.
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.shared.get_ref().peer_addr()
    }

    /// The address of this end.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.shared.get_ref().local_addr()
    }
}

impl_async_read!(OwnedReadHalf, shared);
impl_async_write!(OwnedWriteHalf, shared);

impl Drop for OwnedWriteHalf {
    fn drop(&mut self) {
        // ENOTCONN here only means the connection is already gone (reset, or shut down before):
        // the peer has its EOF or its error either way.
        if let Err(err) = self.shared.get_ref().shutdown(Shutdown::Write) {
            log::trace!("write half dropped: shutdown: {err}");
        }
    }
}
