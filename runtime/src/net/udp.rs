//! [`UdpSocket`]: datagrams, sent and received whole.
//!
//! UDP has no connection and no stream: each `send_to` is one datagram, and each `recv_from`
//! returns exactly one (its tail is cut off, silently, if the buffer is too small; 65 507 bytes
//! always fit an IPv4 datagram). Waiting works as for a stream: receiving waits for
//! `Direction::Read`, sending for `Direction::Write` (the send buffer can fill up too), each
//! through the operation loop of the [module docs](super).
//!
//! `connect` on a UDP socket sends nothing: it only fixes the peer, so that [`send`] and
//! [`recv`] can leave the address out and datagrams from anyone else are dropped by the kernel.
//! That is why it does not need to wait.
//!
//! The methods take `&self`, since a datagram operation has no position to keep. Two tasks may
//! share a socket (in an `Rc`) as long as at most one receives and at most one sends: the
//! registration keeps one waker per direction.
//!
//! [`send`]: UdpSocket::send
//! [`recv`]: UdpSocket::recv
//!
//! ```
//! use runtime::net::UdpSocket;
//!
//! runtime::run(async {
//!     let a = UdpSocket::bind("127.0.0.1:0")?;
//!     let b = UdpSocket::bind("127.0.0.1:0")?;
//!     a.send_to(b"ping", b.local_addr()?).await?;
//!     let mut buf = [0; 16];
//!     let (n, from) = b.recv_from(&mut buf).await?;
//!     assert_eq!((&buf[..n], from), (&b"ping"[..], a.local_addr()?));
//!     Ok::<(), std::io::Error>(())
//! })
//! .unwrap();
//! ```

use std::future::poll_fn;
use std::io;
use std::net::{SocketAddr, ToSocketAddrs};

use reactor::{Direction, Interest, Registration};

use crate::net::{each_addr, no_addresses, register};

/// A UDP socket registered with the current runtime's reactor.
#[derive(Debug)]
pub struct UdpSocket {
    /// The socket, registered for reading (datagrams arrived) and writing (send buffer room).
    registration: Registration<mio::net::UdpSocket>,
}

impl UdpSocket {
    /// Binds to `addr` (the first of its addresses that works). Port 0 asks the OS for a free
    /// port; see [`local_addr`](Self::local_addr).
    ///
    /// # Panics
    /// Outside a runtime.
    pub fn bind(addr: impl ToSocketAddrs) -> io::Result<UdpSocket> {
        UdpSocket::from_mio(each_addr(addr, mio::net::UdpSocket::bind)?)
    }

    /// Wraps a socket made by `std` (switching it to non-blocking mode).
    ///
    /// # Panics
    /// Outside a runtime.
    pub fn from_std(socket: std::net::UdpSocket) -> io::Result<UdpSocket> {
        socket.set_nonblocking(true)?;
        UdpSocket::from_mio(mio::net::UdpSocket::from_std(socket))
    }

    fn from_mio(socket: mio::net::UdpSocket) -> io::Result<UdpSocket> {
        let interest = Interest::READABLE | Interest::WRITABLE;
        Ok(UdpSocket {
            registration: register(socket, interest, "UdpSocket::bind")?,
        })
    }

    /// The address this socket is bound to.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.registration.get_ref().local_addr()
    }

    /// The peer fixed by [`connect`](Self::connect).
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.registration.get_ref().peer_addr()
    }

    /// Fixes the peer for [`send`](Self::send) and [`recv`](Self::recv), and makes the kernel
    /// drop datagrams from anyone else. Sends nothing, so it does not wait.
    pub fn connect(&self, addr: impl ToSocketAddrs) -> io::Result<()> {
        each_addr(addr, |addr| self.registration.get_ref().connect(addr))
    }

    /// Sends one datagram to `target` (its first address); returns the bytes sent.
    pub async fn send_to(&self, buf: &[u8], target: impl ToSocketAddrs) -> io::Result<usize> {
        let target = target.to_socket_addrs()?.next().ok_or_else(no_addresses)?;
        poll_fn(|cx| {
            self.registration
                .poll_io(Direction::Write, cx, |socket| socket.send_to(buf, target))
        })
        .await
    }

    /// Receives one datagram; returns its length and sender. Cancel-safe.
    pub async fn recv_from(&self, buf: &mut [u8]) -> io::Result<(usize, SocketAddr)> {
        poll_fn(|cx| {
            self.registration
                .poll_io(Direction::Read, cx, |socket| socket.recv_from(buf))
        })
        .await
    }

    /// Sends one datagram to the [connected](Self::connect) peer.
    pub async fn send(&self, buf: &[u8]) -> io::Result<usize> {
        poll_fn(|cx| {
            self.registration
                .poll_io(Direction::Write, cx, |socket| socket.send(buf))
        })
        .await
    }

    /// Receives one datagram from the [connected](Self::connect) peer. Cancel-safe.
    pub async fn recv(&self, buf: &mut [u8]) -> io::Result<usize> {
        poll_fn(|cx| {
            self.registration
                .poll_io(Direction::Read, cx, |socket| socket.recv(buf))
        })
        .await
    }
}
