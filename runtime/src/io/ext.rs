//! [`AsyncReadExt`] and [`AsyncWriteExt`]: the `.await`-able methods, each a small future built
//! from the poll functions of [`AsyncRead`] and [`AsyncWrite`].
//!
//! `reader.read(&mut buf).await` is nothing more than
//! `poll_fn(|cx| Pin::new(&mut reader).poll_read(cx, &mut buf)).await`: the future's poll *is*
//! the reader's poll. The looping helpers (`read_exact`, `read_to_end`, `write_all`) are
//! `async` blocks around those single steps, so their state (how much is done) lives in the
//! future. That is also why they are not cancel-safe: drop the future and that count is gone,
//! though the bytes did move. (See the table in the [module docs](crate::io).)
//!
//! Both traits are implemented for every reader and writer; bring them into scope with
//! `use runtime::io::{AsyncReadExt, AsyncWriteExt};`. The methods need `Self: Unpin`, which all
//! of this crate's types are; box or pin a type that is not.
//!
//! On a socket, [`AsyncWriteExt::shutdown`] has the same name as the inherent
//! `TcpStream::shutdown(how)`, and inherent methods win. Call the async one as
//! `AsyncWriteExt::shutdown(&mut stream).await` (or use `stream.shutdown(Shutdown::Write)`,
//! which is the same thing for a socket and does not wait).
//!
//! ```
//! use runtime::io::{AsyncReadExt, AsyncWriteExt};
//!
//! runtime::run(async {
//!     let mut reader = &b"0123456789"[..];
//!     let mut head = [0; 4];
//!     reader.read_exact(&mut head).await?;
//!     let mut rest = Vec::new();
//!     reader.read_to_end(&mut rest).await?;
//!     assert_eq!((&head[..], &rest[..]), (&b"0123"[..], &b"456789"[..]));
//!
//!     let mut short = &b"01"[..];
//!     let err = short.read_exact(&mut head).await.unwrap_err();
//!     assert_eq!(err.kind(), std::io::ErrorKind::UnexpectedEof);
//!     Ok::<(), std::io::Error>(())
//! })
//! .unwrap();
//! ```

use std::future::{poll_fn, Future};
use std::io;
use std::pin::Pin;
use std::task::{ready, Poll};

use crate::io::{AsyncRead, AsyncWrite};

/// Scratch space `read_to_end` reads into before appending.
const READ_TO_END_CHUNK: usize = 16 * 1024;

/// `.await`-able reading methods, for every [`AsyncRead`].
pub trait AsyncReadExt: AsyncRead {
    /// Reads some bytes into `buf`; `Ok(0)` means end of stream. Cancel-safe.
    fn read<'a>(&'a mut self, buf: &'a mut [u8]) -> impl Future<Output = io::Result<usize>> + 'a
    where
        Self: Unpin,
    {
        poll_fn(move |cx| Pin::new(&mut *self).poll_read(cx, buf))
    }

    /// Reads exactly `buf.len()` bytes. End of stream first is an
    /// [`UnexpectedEof`](io::ErrorKind::UnexpectedEof) error; the bytes read so far are in `buf`
    /// but how many is not reported.
    fn read_exact<'a>(&'a mut self, buf: &'a mut [u8]) -> impl Future<Output = io::Result<()>> + 'a
    where
        Self: Unpin,
    {
        async move {
            let mut filled = 0;
            while filled < buf.len() {
                match self.read(&mut buf[filled..]).await? {
                    0 => {
                        return Err(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            format!("stream ended after {filled} of {} bytes", buf.len()),
                        ))
                    }
                    n => filled += n,
                }
            }
            Ok(())
        }
    }

    /// Reads until end of stream, appending to `buf`; returns how many bytes were appended.
    ///
    /// Every byte appended was really read: we read into a scratch chunk and copy, rather than
    /// growing `buf` with zeros first, so an error (or a dropped future) never leaves filler in
    /// `buf`.
    fn read_to_end<'a>(
        &'a mut self,
        buf: &'a mut Vec<u8>,
    ) -> impl Future<Output = io::Result<usize>> + 'a
    where
        Self: Unpin,
    {
        async move {
            let mut chunk = vec![0; READ_TO_END_CHUNK];
            let mut total = 0;
            loop {
                match self.read(&mut chunk).await? {
                    0 => return Ok(total),
                    n => {
                        buf.extend_from_slice(&chunk[..n]);
                        total += n;
                    }
                }
            }
        }
    }
}

impl<R: AsyncRead + ?Sized> AsyncReadExt for R {}

/// `.await`-able writing methods, for every [`AsyncWrite`].
pub trait AsyncWriteExt: AsyncWrite {
    /// Writes some prefix of `buf` and returns its length (possibly less than `buf.len()`).
    /// Cancel-safe.
    fn write<'a>(&'a mut self, buf: &'a [u8]) -> impl Future<Output = io::Result<usize>> + 'a
    where
        Self: Unpin,
    {
        poll_fn(move |cx| Pin::new(&mut *self).poll_write(cx, buf))
    }

    /// Writes all of `buf`, looping over partial writes. A writer that accepts zero bytes is a
    /// [`WriteZero`](io::ErrorKind::WriteZero) error rather than an endless loop.
    fn write_all<'a>(&'a mut self, buf: &'a [u8]) -> impl Future<Output = io::Result<()>> + 'a
    where
        Self: Unpin,
    {
        let mut written = 0;
        poll_fn(move |cx| {
            while written < buf.len() {
                match ready!(Pin::new(&mut *self).poll_write(cx, &buf[written..]))? {
                    0 => {
                        return Poll::Ready(Err(io::Error::new(
                            io::ErrorKind::WriteZero,
                            format!("writer accepted {written} of {} bytes", buf.len()),
                        )))
                    }
                    n => written += n,
                }
            }
            Poll::Ready(Ok(()))
        })
    }

    /// Pushes out whatever the writer buffers (see [`AsyncWrite::poll_flush`]).
    fn flush(&mut self) -> impl Future<Output = io::Result<()>> + '_
    where
        Self: Unpin,
    {
        poll_fn(move |cx| Pin::new(&mut *self).poll_flush(cx))
    }

    /// Flushes, then closes the writing direction (see [`AsyncWrite::poll_shutdown`]).
    fn shutdown(&mut self) -> impl Future<Output = io::Result<()>> + '_
    where
        Self: Unpin,
    {
        poll_fn(move |cx| Pin::new(&mut *self).poll_shutdown(cx))
    }
}

impl<W: AsyncWrite + ?Sized> AsyncWriteExt for W {}
