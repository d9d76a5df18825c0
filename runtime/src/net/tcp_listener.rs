//! [`TcpListener`]: a socket that accepts TCP connections (the server half of asyncio's
//! `start_server`).
//!
//! A listening socket becomes *readable* when a connection has finished its handshake and waits
//! in the backlog. So accepting is reading: wait for `Direction::Read`, call `accept(2)` until it
//! returns `WouldBlock`, and register each new connection with the same reactor. The one twist
//! is running out of file descriptors; `accept_backoff.rs` explains how an accept loop
//! survives it.
//!
//! ```
//! use runtime::io::{AsyncReadExt, AsyncWriteExt};
//! use runtime::net::{TcpListener, TcpStream};
//!
//! runtime::run(async {
//!     let listener = TcpListener::bind("127.0.0.1:0")?; // port 0: the OS picks a free one
//!     let addr = listener.local_addr()?;
//!     let server = runtime::spawn(async move {
//!         let (mut stream, _peer) = listener.accept().await?;
//!         stream.write_all(b"welcome\n").await
//!     });
//!     let mut client = TcpStream::connect(addr).await?;
//!     let mut greeting = Vec::new();
//!     client.read_to_end(&mut greeting).await?; // the server's stream closes when its task ends
//!     assert_eq!(greeting, b"welcome\n");
//!     server.await.unwrap()
//! })
//! .unwrap();
//! ```

use std::io;
use std::net::{SocketAddr, ToSocketAddrs};

use crate::net::listener::Listener;
use crate::net::{each_addr, TcpStream};

/// A TCP socket listening for connections, registered with the current runtime's reactor.
#[derive(Debug)]
pub struct TcpListener {
    /// The registered socket and its accept back-off, shared in shape with `UnixListener`.
    listener: Listener<mio::net::TcpListener>,
}

impl TcpListener {
    /// Binds to `addr` (the first of its addresses that works) and starts listening, with
    /// `SO_REUSEADDR` set and a backlog of 128. Port 0 asks the OS for a free port; see
    /// [`local_addr`](Self::local_addr).
    ///
    /// # Panics
    /// Outside a runtime.
    pub fn bind(addr: impl ToSocketAddrs) -> io::Result<TcpListener> {
        let listener = each_addr(addr, mio::net::TcpListener::bind)?;
        TcpListener::from_mio(listener)
    }

    /// Wraps a listener made by `std` (switching it to non-blocking mode).
    ///
    /// # Panics
    /// Outside a runtime.
    pub fn from_std(listener: std::net::TcpListener) -> io::Result<TcpListener> {
        listener.set_nonblocking(true)?;
        TcpListener::from_mio(mio::net::TcpListener::from_std(listener))
    }

    fn from_mio(listener: mio::net::TcpListener) -> io::Result<TcpListener> {
        Ok(TcpListener {
            listener: Listener::new(listener, "TcpListener::bind")?,
        })
    }

    /// Waits for a connection and returns it with the peer's address.
    ///
    /// # Running out of file descriptors
    ///
    /// When `accept(2)` fails with `EMFILE` or `ENFILE` (too many open files, in this process
    /// or system-wide), or `ENOMEM`, this method does **not** return the error. It logs one
    /// warning, sleeps 10 ms, and tries again; while the failures continue it doubles the sleep,
    /// up to 1 s. The waiting connections stay in the kernel's backlog meanwhile, and are
    /// accepted once other connections close and free descriptors. When an accept succeeds
    /// again the episode ends (logged at info level) and the next one starts over at 10 ms.
    /// So the plain `loop { listener.accept().await? ... }` neither spins the CPU nor stops
    /// hearing about connections. (Why both are real risks: `net/accept_backoff.rs`.)
    ///
    /// A connection the client aborted while it waited (`ECONNABORTED`) is skipped.
    ///
    /// Cancel-safe: dropping the future (even mid back-off) loses no connection.
    ///
    /// # Errors
    /// Any other accept error; or registering the new connection with the reactor failed, in
    /// which case that connection is closed.
    pub async fn accept(&self) -> io::Result<(TcpStream, SocketAddr)> {
        let (stream, peer) = self.listener.accept(mio::net::TcpListener::accept).await?;
        Ok((TcpStream::from_mio(stream)?, peer))
    }

    /// The address this listener is bound to (with the real port, if bound to port 0).
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.get_ref().local_addr()
    }
}
