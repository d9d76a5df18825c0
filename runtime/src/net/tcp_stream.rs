//! [`TcpStream`]: a TCP connection (asyncio's `open_connection`, reader and writer in one).
//!
//! # Connecting without blocking
//!
//! A non-blocking `connect(2)` returns at once with the handshake still under way. The socket
//! becomes *writable* when the handshake is over, whichever way it went:
//!
//! ```text
//!   (1) mio::net::TcpStream::connect(addr)       SYN sent; EINPROGRESS is not an error here
//!   (2) register, wait for Direction::Write      the handshake finished (or failed)
//!   (3) take_error()                             Some(err): refused, unreachable, ... -> Err
//!   (4) peer_addr()                              ENOTCONN: not connected after all (a spurious
//!                                                wake-up): treat as WouldBlock, back to (2)
//!                                                Ok: connected
//! ```
//!
//! Steps (3) and (4) are the "operation" of [`Registration::poll_io`], with ENOTCONN mapped to
//! `WouldBlock` so that the usual loop clears the stale readiness and waits again.
//!
//! # Reading and writing
//!
//! [`AsyncRead`](crate::io::AsyncRead) and [`AsyncWrite`](crate::io::AsyncWrite) are the ones
//! every stream socket shares (`stream.rs`): the operation loop of the [module docs](super),
//! around `read(2)`/`write(2)`. A stream needs `&mut` for both, so one task drives it; to read
//! in one task and write in another, split it with [`into_split`](TcpStream::into_split).
//!
//! ```
//! use runtime::net::TcpStream;
//!
//! runtime::run(async {
//!     let free = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?; // closed again
//!     let refused = TcpStream::connect(free).await.unwrap_err();
//!     assert_eq!(refused.kind(), std::io::ErrorKind::ConnectionRefused);
//!     Ok::<(), std::io::Error>(())
//! })
//! .unwrap();
//! ```

use std::io;
use std::net::{Shutdown, SocketAddr, ToSocketAddrs};
use std::rc::Rc;

use reactor::{Direction, Interest, Registration};

use crate::net::stream::{impl_async_read, impl_async_write};
use crate::net::{no_addresses, register};
use crate::net::{OwnedReadHalf, OwnedWriteHalf};

/// A TCP connection registered with the current runtime's reactor.
#[derive(Debug)]
pub struct TcpStream {
    /// The connected socket, registered for reading and writing.
    registration: Registration<mio::net::TcpStream>,
}

impl TcpStream {
    /// Opens a connection to `addr`, trying each of its addresses in turn until one accepts.
    ///
    /// # Errors
    /// The last address's error (`ConnectionRefused` when nothing listens there), or
    /// `InvalidInput` if `addr` resolves to no address.
    ///
    /// # Panics
    /// Outside a runtime.
    pub async fn connect(addr: impl ToSocketAddrs) -> io::Result<TcpStream> {
        let mut last_err = None;
        for addr in addr.to_socket_addrs()? {
            match TcpStream::connect_addr(addr).await {
                Ok(stream) => return Ok(stream),
                Err(err) => last_err = Some(err),
            }
        }
        Err(last_err.unwrap_or_else(no_addresses))
    }

    /// Steps (1) to (4) of the module docs, for one address.
    async fn connect_addr(addr: SocketAddr) -> io::Result<TcpStream> {
        let stream = TcpStream::from_mio(mio::net::TcpStream::connect(addr)?)?;
        std::future::poll_fn(|cx| {
            stream.registration.poll_io(Direction::Write, cx, |socket| {
                if let Some(err) = socket.take_error()? {
                    return Err(err);
                }
                match socket.peer_addr() {
                    Ok(_) => Ok(()),
                    Err(err) if err.kind() == io::ErrorKind::NotConnected => {
                        Err(io::ErrorKind::WouldBlock.into())
                    }
                    Err(err) => Err(err),
                }
            })
        })
        .await?;
        Ok(stream)
    }

    /// Wraps a connected stream made by `std` (switching it to non-blocking mode).
    ///
    /// # Panics
    /// Outside a runtime.
    pub fn from_std(stream: std::net::TcpStream) -> io::Result<TcpStream> {
        stream.set_nonblocking(true)?;
        TcpStream::from_mio(mio::net::TcpStream::from_std(stream))
    }

    /// Registers a (connected or connecting) mio stream with the current reactor.
    pub(crate) fn from_mio(stream: mio::net::TcpStream) -> io::Result<TcpStream> {
        let interest = Interest::READABLE | Interest::WRITABLE;
        Ok(TcpStream {
            registration: register(stream, interest, "TcpStream")?,
        })
    }

    /// The address of the other end.
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.registration.get_ref().peer_addr()
    }

    /// The address of this end.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.registration.get_ref().local_addr()
    }

    /// Turns Nagle's algorithm off (`true`) or on: with it off, small writes are sent at once
    /// instead of being held back to be merged with later ones.
    pub fn set_nodelay(&self, nodelay: bool) -> io::Result<()> {
        self.registration.get_ref().set_nodelay(nodelay)
    }

    /// Whether Nagle's algorithm is off; see [`set_nodelay`](Self::set_nodelay).
    pub fn nodelay(&self) -> io::Result<bool> {
        self.registration.get_ref().nodelay()
    }

    /// Shuts down reading, writing or both, at once. `Shutdown::Write` sends FIN: the peer reads
    /// end of stream, and can still send its reply (a *half-close*).
    ///
    /// This inherent method hides [`AsyncWriteExt::shutdown`](crate::io::AsyncWriteExt::shutdown)
    /// (which for a socket is `shutdown(Shutdown::Write)`); call that one as
    /// `AsyncWriteExt::shutdown(&mut stream).await` when writing generic code.
    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        self.registration.get_ref().shutdown(how)
    }

    /// Splits the stream into a read half and a write half that can live in different tasks.
    ///
    /// Both share the one registration (through an `Rc`): the read half waits in its *read*
    /// waker slot and the write half in its *write* slot, so neither replaces the other's
    /// waker. The socket closes when both halves are dropped; dropping the write half alone
    /// shuts down the writing direction, so the peer sees end of stream.
    pub fn into_split(self) -> (OwnedReadHalf, OwnedWriteHalf) {
        let shared = Rc::new(self.registration);
        (
            OwnedReadHalf::new(shared.clone()),
            OwnedWriteHalf::new(shared),
        )
    }
}

impl_async_read!(TcpStream, registration);
impl_async_write!(TcpStream, registration);
