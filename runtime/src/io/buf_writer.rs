//! [`BufWriter`]: collect small writes in memory and hand them to the writer in large ones.
//!
//! Writing a chat line of 30 bytes straight to a socket costs a system call. Writing it to a
//! `BufWriter` costs a `memcpy`; the system call happens when the buffer is full, or when the
//! caller flushes. The rules:
//!
//! ```text
//!   poll_write(data)
//!     (1) data does not fit in the spare space -> write the buffer out first   poll_flush_buf
//!     (2) data is at least a whole buffer      -> write it straight through
//!     (3) otherwise                            -> append it; Ready(data.len())
//!   poll_flush     = poll_flush_buf, then the inner writer's poll_flush
//!   poll_shutdown  = poll_flush_buf, then the inner writer's poll_shutdown
//! ```
//!
//! Writing the buffer out may take several partial writes and several polls. How far it got
//! is kept in `written`, in the `BufWriter` itself, so a flush future that is dropped and
//! started again resumes where the last one stopped: `flush` is cancel-safe.
//!
//! There is no asynchronous `Drop`: a `BufWriter` dropped with buffered bytes loses them.
//! Flush or shut down before letting go.
//!
//! ```
//! use runtime::io::{AsyncWriteExt, BufWriter};
//!
//! runtime::run(async {
//!     let mut writer = BufWriter::new(Vec::new());
//!     writer.write_all(b"batched ").await?;
//!     writer.write_all(b"writes").await?;
//!     assert!(writer.get_ref().is_empty()); // still in our buffer
//!     writer.flush().await?;
//!     assert_eq!(writer.get_ref(), b"batched writes");
//!     Ok::<(), std::io::Error>(())
//! })
//! .unwrap();
//! ```

use std::fmt;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use crate::io::AsyncWrite;

/// The buffer size of [`BufWriter::new`], as in `std::io::BufWriter`.
const DEFAULT_CAPACITY: usize = 8 * 1024;

/// Adds a buffer to a writer: small writes are collected and written out together.
pub struct BufWriter<W> {
    /// The writer underneath. Written to only from `buf[written..]`, or straight through for a
    /// write at least as big as the buffer (and only when `buf` is empty, to keep the order).
    inner: W,
    /// Bytes accepted from the caller and not yet written out. Never longer than `capacity`.
    buf: Vec<u8>,
    /// How much of `buf` the inner writer has already taken; reset with `buf` once it is all out.
    written: usize,
    /// The most `buf` holds before it is written out.
    capacity: usize,
}

impl<W> BufWriter<W> {
    /// A writer with a buffer of 8 KiB.
    pub fn new(inner: W) -> BufWriter<W> {
        BufWriter::with_capacity(DEFAULT_CAPACITY, inner)
    }

    /// A writer with a buffer of `capacity` bytes (at least 1).
    pub fn with_capacity(capacity: usize, inner: W) -> BufWriter<W> {
        let capacity = capacity.max(1);
        BufWriter {
            inner,
            buf: Vec::with_capacity(capacity),
            written: 0,
            capacity,
        }
    }

    /// The writer underneath.
    pub fn get_ref(&self) -> &W {
        &self.inner
    }

    /// The writer underneath. Writing to it directly jumps ahead of what is buffered here.
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.inner
    }

    /// The bytes accepted but not yet written out.
    pub fn buffer(&self) -> &[u8] {
        &self.buf[self.written..]
    }

    /// The writer underneath; bytes still buffered are lost (flush first).
    pub fn into_inner(self) -> W {
        self.inner
    }
}

impl<W: AsyncWrite + Unpin> BufWriter<W> {
    /// Writes the buffer out, resuming after whatever an earlier (maybe dropped) call wrote.
    fn poll_flush_buf(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.written < self.buf.len() {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &self.buf[self.written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::WriteZero,
                    "the writer accepted no bytes of the buffer",
                )));
            }
            self.written += n;
        }
        self.buf.clear();
        self.written = 0;
        Poll::Ready(Ok(()))
    }
}

impl<W: AsyncWrite + Unpin> AsyncWrite for BufWriter<W> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.buf.len() + data.len() > this.capacity {
            ready!(this.poll_flush_buf(cx))?; // (1)
        }
        if data.len() >= this.capacity {
            return Pin::new(&mut this.inner).poll_write(cx, data); // (2)
        }
        this.buf.extend_from_slice(data); // (3)
        Poll::Ready(Ok(data.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_flush_buf(cx))?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_flush_buf(cx))?;
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

impl<W: fmt::Debug> fmt::Debug for BufWriter<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BufWriter")
            .field("inner", &self.inner)
            .field("buffered", &(self.buf.len() - self.written))
            .field("capacity", &self.capacity)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::AsyncWriteExt;

    /// A writer that takes at most `limit` bytes per call and remembers each call's size.
    #[derive(Default)]
    struct Recorder {
        data: Vec<u8>,
        calls: Vec<usize>,
        limit: usize,
    }

    impl AsyncWrite for Recorder {
        fn poll_write(
            self: Pin<&mut Self>,
            _cx: &mut Context<'_>,
            buf: &[u8],
        ) -> Poll<io::Result<usize>> {
            let this = self.get_mut();
            let n = buf.len().min(this.limit);
            this.data.extend_from_slice(&buf[..n]);
            this.calls.push(n);
            Poll::Ready(Ok(n))
        }
        fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }
        fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }
    }

    #[test]
    fn small_writes_reach_the_writer_only_when_the_buffer_fills_or_is_flushed() {
        crate::run(async {
            let recorder = Recorder {
                limit: usize::MAX,
                ..Recorder::default()
            };
            let mut writer = BufWriter::with_capacity(10, recorder);
            for word in [&b"abc"[..], b"def", b"ghi"] {
                writer.write_all(word).await.unwrap();
            }
            assert!(
                writer.get_ref().calls.is_empty(),
                "9 bytes fit in a 10-byte buffer"
            );
            writer.write_all(b"jk").await.unwrap(); // 11 > 10: the 9 go out first
            assert_eq!(writer.get_ref().calls, [9]);
            writer.flush().await.unwrap();
            assert_eq!(writer.get_ref().calls, [9, 2]);
            assert_eq!(writer.get_ref().data, b"abcdefghijk");
        });
    }

    #[test]
    fn partial_writes_of_the_buffer_resume_where_they_stopped() {
        crate::run(async {
            let recorder = Recorder {
                limit: 3,
                ..Recorder::default()
            };
            let mut writer = BufWriter::with_capacity(16, recorder);
            writer.write_all(b"0123456789").await.unwrap();
            writer.flush().await.unwrap();
            assert_eq!(writer.get_ref().calls, [3, 3, 3, 1]);
            assert_eq!(writer.get_ref().data, b"0123456789");
        });
    }

    #[test]
    fn a_write_as_big_as_the_buffer_goes_straight_through_after_what_is_buffered() {
        crate::run(async {
            let recorder = Recorder {
                limit: usize::MAX,
                ..Recorder::default()
            };
            let mut writer = BufWriter::with_capacity(4, recorder);
            writer.write_all(b"ab").await.unwrap();
            writer.write_all(b"cdefgh").await.unwrap();
            assert_eq!(writer.get_ref().calls, [2, 6]);
            assert_eq!(writer.into_inner().data, b"abcdefgh");
        });
    }
}
