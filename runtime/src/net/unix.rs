//! [`UnixListener`] and [`UnixStream`]: stream sockets named by a path in the file system; and
//! the anonymous [`pipe`] (in `unix/pipe.rs`).
//!
//! A Unix-domain stream is a TCP stream without the network: same `listen`/`accept`/`connect`,
//! same byte stream, same readiness, but the address is a path (`/tmp/app.sock`) and the
//! kernel copies bytes straight from one socket to the other. So these types are the TCP ones
//! with the address type changed: accept through the same out-of-descriptors back-off, read
//! and write through the same operation loop of the [module docs](super).
//!
//! Two differences worth knowing:
//!
//! - `connect` to a Unix socket does not shake hands; it succeeds or fails at once, or returns
//!   `WouldBlock` when the listener's backlog is full. We report that as an error rather than
//!   wait: a full backlog is the server's way of saying "not now".
//! - `bind` creates the path, and closing the listener does **not** remove it: a second `bind`
//!   to the same path fails with `AddrInUse` until someone deletes the file.
//!
//! ```
//! use runtime::io::{AsyncReadExt, AsyncWriteExt};
//! use runtime::net::UnixStream;
//!
//! runtime::run(async {
//!     let (mut a, mut b) = UnixStream::pair()?; // connected, no path needed
//!     a.write_all(b"ping").await?;
//!     let mut buf = [0; 4];
//!     b.read_exact(&mut buf).await?;
//!     assert_eq!(&buf, b"ping");
//!     Ok::<(), std::io::Error>(())
//! })
//! .unwrap();
//! ```

mod pipe;

pub use self::pipe::{pipe, PipeReceiver, PipeSender};

use std::io;
use std::net::Shutdown;
use std::os::unix::net::SocketAddr;
use std::path::Path;

use reactor::{Direction, Interest, Registration};

use crate::net::listener::Listener;
use crate::net::register;
use crate::net::stream::{impl_async_read, impl_async_write};

/// A Unix-domain socket listening for connections.
#[derive(Debug)]
pub struct UnixListener {
    /// The registered socket and its accept back-off, shared in shape with `TcpListener`.
    listener: Listener<mio::net::UnixListener>,
}

impl UnixListener {
    /// Creates the socket file at `path` and listens on it.
    ///
    /// # Panics
    /// Outside a runtime.
    pub fn bind(path: impl AsRef<Path>) -> io::Result<UnixListener> {
        UnixListener::from_mio(mio::net::UnixListener::bind(path)?)
    }

    /// Wraps a listener made by `std` (switching it to non-blocking mode).
    ///
    /// # Panics
    /// Outside a runtime.
    pub fn from_std(listener: std::os::unix::net::UnixListener) -> io::Result<UnixListener> {
        listener.set_nonblocking(true)?;
        UnixListener::from_mio(mio::net::UnixListener::from_std(listener))
    }

    fn from_mio(listener: mio::net::UnixListener) -> io::Result<UnixListener> {
        Ok(UnixListener {
            listener: Listener::new(listener, "UnixListener::bind")?,
        })
    }

    /// Waits for a connection. Out of file descriptors, it backs off and retries exactly as
    /// [`TcpListener::accept`](crate::net::TcpListener::accept) does. Cancel-safe.
    pub async fn accept(&self) -> io::Result<(UnixStream, SocketAddr)> {
        let (stream, peer) = self.listener.accept(mio::net::UnixListener::accept).await?;
        Ok((UnixStream::from_mio(stream)?, peer))
    }

    /// The path this listener is bound to.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.get_ref().local_addr()
    }
}

/// A Unix-domain stream socket: a connection to a [`UnixListener`], or one of a pair.
#[derive(Debug)]
pub struct UnixStream {
    /// The connected socket, registered for reading and writing.
    registration: Registration<mio::net::UnixStream>,
}

impl UnixStream {
    /// Connects to the listener at `path`.
    ///
    /// # Errors
    /// `NotFound` or `ConnectionRefused` when nothing listens there; `WouldBlock` when the
    /// listener's backlog is full.
    ///
    /// # Panics
    /// Outside a runtime.
    pub async fn connect(path: impl AsRef<Path>) -> io::Result<UnixStream> {
        let stream = UnixStream::from_mio(mio::net::UnixStream::connect(path)?)?;
        // Usually already connected; waiting for writability also surfaces a deferred error.
        std::future::poll_fn(|cx| {
            stream.registration.poll_io(Direction::Write, cx, |socket| {
                socket.take_error()?.map_or(Ok(()), Err)
            })
        })
        .await?;
        Ok(stream)
    }

    /// Wraps a connected stream made by `std` (switching it to non-blocking mode).
    ///
    /// # Panics
    /// Outside a runtime.
    pub fn from_std(stream: std::os::unix::net::UnixStream) -> io::Result<UnixStream> {
        stream.set_nonblocking(true)?;
        UnixStream::from_mio(mio::net::UnixStream::from_std(stream))
    }

    fn from_mio(stream: mio::net::UnixStream) -> io::Result<UnixStream> {
        let interest = Interest::READABLE | Interest::WRITABLE;
        Ok(UnixStream {
            registration: register(stream, interest, "UnixStream")?,
        })
    }

    /// Two streams connected to each other, with no path involved.
    ///
    /// # Panics
    /// Outside a runtime.
    pub fn pair() -> io::Result<(UnixStream, UnixStream)> {
        let (a, b) = mio::net::UnixStream::pair()?;
        Ok((UnixStream::from_mio(a)?, UnixStream::from_mio(b)?))
    }

    /// The address of the other end (unnamed for the connecting side of most connections).
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.registration.get_ref().peer_addr()
    }

    /// The address of this end.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.registration.get_ref().local_addr()
    }

    /// Shuts down reading, writing or both, at once; see
    /// [`TcpStream::shutdown`](crate::net::TcpStream::shutdown).
    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        self.registration.get_ref().shutdown(how)
    }
}

impl_async_read!(UnixStream, registration);
impl_async_write!(UnixStream, registration);
