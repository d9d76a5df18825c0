//! The `futures-io` feature: our byte streams also implement [`futures_io::AsyncRead`],
//! [`futures_io::AsyncWrite`] and, where they buffer, [`futures_io::AsyncBufRead`].
//!
//! Much of the Rust ecosystem (codecs, compression, TLS, protocol crates) is written against
//! the `futures` crate's I/O traits rather than any runtime's. Those traits have the same
//! shape as ours (a poll function that reads into `&mut [u8]`, or stores the waker), so each
//! impl here is a one-line forward:
//!
//! | `futures_io`                | ours                        |
//! |-----------------------------|-----------------------------|
//! | `AsyncRead::poll_read`      | [`AsyncRead::poll_read`]    |
//! | `AsyncWrite::poll_write`    | [`AsyncWrite::poll_write`]  |
//! | `AsyncWrite::poll_flush`    | [`AsyncWrite::poll_flush`]  |
//! | `AsyncWrite::poll_close`    | [`AsyncWrite::poll_shutdown`] |
//! | `AsyncBufRead::poll_fill_buf`, `consume` | [`BufReader`]'s buffer |
//!
//! Why a list of types and not one blanket `impl<T: AsyncRead> futures_io::AsyncRead for T`:
//! Rust's orphan rule forbids implementing a foreign trait for every type, since the
//! `futures-io` crate could add an impl for some of them and the two would collide. So each
//! of our types is named once below.
//!
//! Turn it on in your `Cargo.toml`:
//!
//! ```toml
//! runtime = { path = "runtime", features = ["futures-io"] }
//! ```

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use crate::io::{AsyncRead, AsyncWrite, BufReader, BufWriter};

/// `futures_io::AsyncRead` for each listed type, by forwarding to our `AsyncRead`. A type
/// with parameters lists them first: `[R: AsyncRead + Unpin] BufReader<R>`.
macro_rules! forward_read {
    ($([$($generics:tt)*] $ty:ty),* $(,)?) => {$(
        impl<$($generics)*> futures_io::AsyncRead for $ty {
            fn poll_read(
                self: Pin<&mut Self>,
                cx: &mut Context<'_>,
                buf: &mut [u8],
            ) -> Poll<io::Result<usize>> {
                AsyncRead::poll_read(self, cx, buf)
            }
        }
    )*};
}

/// `futures_io::AsyncWrite` for each listed type, by forwarding to our `AsyncWrite`; written
/// like [`forward_read`].
macro_rules! forward_write {
    ($([$($generics:tt)*] $ty:ty),* $(,)?) => {$(
        impl<$($generics)*> futures_io::AsyncWrite for $ty {
            fn poll_write(
                self: Pin<&mut Self>,
                cx: &mut Context<'_>,
                buf: &[u8],
            ) -> Poll<io::Result<usize>> {
                AsyncWrite::poll_write(self, cx, buf)
            }

            fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
                AsyncWrite::poll_flush(self, cx)
            }

            fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
                AsyncWrite::poll_shutdown(self, cx)
            }
        }
    )*};
}

forward_read!(
    [] crate::net::TcpStream,
    [] crate::net::OwnedReadHalf,
    [R: AsyncRead + Unpin] BufReader<R>,
);
forward_write!(
    [] crate::net::TcpStream,
    [] crate::net::OwnedWriteHalf,
    [W: AsyncWrite + Unpin] BufWriter<W>,
);

#[cfg(unix)]
forward_read!([] crate::net::UnixStream, [] crate::net::unix::PipeReceiver);
#[cfg(unix)]
forward_write!([] crate::net::UnixStream, [] crate::net::unix::PipeSender);

#[cfg(target_os = "linux")]
forward_read!([] crate::process::ChildStdout, [] crate::process::ChildStderr);
#[cfg(target_os = "linux")]
forward_write!([] crate::process::ChildStdin);

/// The buffer is handed out as it is: `poll_fill_buf` reads more only when it is empty.
impl<R: AsyncRead + Unpin> futures_io::AsyncBufRead for BufReader<R> {
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
        let this = self.get_mut();
        // The rest of a line `read_line` rejected is not data: skip it first, as our reads do.
        ready!(this.poll_skip_discarded(cx))?;
        if this.buffer().is_empty() {
            ready!(this.poll_read_more(cx))?; // 0 bytes: end of stream, an empty buffer
        }
        Poll::Ready(Ok(this.buffer()))
    }

    fn consume(self: Pin<&mut Self>, amt: usize) {
        self.get_mut().consume(amt);
    }
}
