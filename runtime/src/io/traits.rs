//! [`AsyncRead`] and [`AsyncWrite`]: reading and writing that can wait without blocking.
//!
//! A `poll_*` method does one of three things, like every poll function in this crate:
//!
//! ```text
//!   Ready(Ok(n))   the operation happened: n bytes moved (n == 0 from a read means EOF)
//!   Ready(Err(e))  it failed; the error is the OS's (a reset peer, a broken pipe, ...)
//!   Pending        it cannot happen yet; cx's waker is stored where the event will find it
//! ```
//!
//! The receiver is `Pin<&mut Self>` so that a self-referential reader (a future-like state
//! machine) can implement the traits. Every type in this crate is `Unpin`, so callers can use
//! `Pin::new(&mut reader)`.
//!
//! The impls at the bottom let wrappers pass through (`&mut R`, `Box<R>`) and make plain memory
//! a stream: `&[u8]` reads from the front of a slice, `Vec<u8>` appends what is written. Those two
//! are always ready, which is what makes them handy in tests and doc examples.
//!
//! Implementing a reader is writing one poll function. This one hands out one byte per read:
//!
//! ```
//! use std::io;
//! use std::pin::Pin;
//! use std::task::{Context, Poll};
//! use runtime::io::{AsyncRead, AsyncReadExt};
//!
//! struct Trickle(&'static [u8]);
//!
//! impl AsyncRead for Trickle {
//!     fn poll_read(mut self: Pin<&mut Self>, _cx: &mut Context<'_>, buf: &mut [u8])
//!         -> Poll<io::Result<usize>>
//!     {
//!         let n = self.0.len().min(buf.len()).min(1);
//!         buf[..n].copy_from_slice(&self.0[..n]);
//!         self.0 = &self.0[n..];
//!         Poll::Ready(Ok(n))
//!     }
//! }
//!
//! runtime::run(async {
//!     let mut all = Vec::new();
//!     Trickle(b"one byte at a time").read_to_end(&mut all).await?;
//!     assert_eq!(all, b"one byte at a time");
//!     Ok::<(), std::io::Error>(())
//! })
//! .unwrap();
//! ```

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Reads bytes from a source that may not have them yet.
pub trait AsyncRead {
    /// Reads into `buf`: `Ready(Ok(n))` with `1..=buf.len()` bytes, `Ready(Ok(0))` at end of
    /// stream (or when `buf` is empty), `Ready(Err(_))` on failure, or `Pending` with `cx`'s
    /// waker stored to be woken when bytes may be available.
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>>;
}

/// Writes bytes to a sink that may not have room for them yet.
pub trait AsyncWrite {
    /// Writes some prefix of `buf`: `Ready(Ok(n))` with `n` bytes accepted (a *partial* write is
    /// normal; [`write_all`](crate::io::AsyncWriteExt::write_all) loops), or `Pending` with the
    /// waker stored until there is room.
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>>;

    /// Pushes out anything this writer buffers itself. A socket buffers nothing of its own (the
    /// kernel's send buffer is not ours to flush), so for it this is always ready.
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;

    /// Flushes, then tells the other side no more bytes will come: for a TCP or Unix socket, a
    /// `shutdown(Write)` (the peer reads EOF). Reading may continue afterwards.
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

impl<R: AsyncRead + Unpin + ?Sized> AsyncRead for &mut R {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut **self).poll_read(cx, buf)
    }
}

impl<R: AsyncRead + Unpin + ?Sized> AsyncRead for Box<R> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut **self).poll_read(cx, buf)
    }
}

/// Reading a slice takes bytes off its front, as `std::io::Read for &[u8]` does.
impl AsyncRead for &[u8] {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        let n = buf.len().min(self.len());
        let (head, tail) = self.split_at(n);
        buf[..n].copy_from_slice(head);
        *self = tail;
        Poll::Ready(Ok(n))
    }
}

impl<W: AsyncWrite + Unpin + ?Sized> AsyncWrite for &mut W {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut **self).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut **self).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut **self).poll_shutdown(cx)
    }
}

impl<W: AsyncWrite + Unpin + ?Sized> AsyncWrite for Box<W> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut **self).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut **self).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut **self).poll_shutdown(cx)
    }
}

/// Writing to a vector appends to it; it never waits and has nothing to flush or shut down.
impl AsyncWrite for Vec<u8> {
    fn poll_write(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.get_mut().extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}
