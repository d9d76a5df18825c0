//! [`pipe`]: an anonymous pipe as an async [`PipeSender`] and [`PipeReceiver`].
//!
//! A pipe is the oldest byte stream on Unix: `pipe(2)` returns two descriptors, bytes written
//! to one come out of the other, in order, through a kernel buffer (64 KiB on Linux). It is
//! what a shell's `|` is made of, and what a child process's stdin, stdout and stderr are
//! (see [`process`](crate::process)).
//!
//! To the reactor a pipe end is a source like a socket: the read end turns readable when bytes
//! (or the end of the stream) arrive, the write end writable when the buffer has room. So both
//! types are a [`Registration`] and the same operation loop as every stream socket (the
//! [`net`](crate::net) module docs), including its rule that a short read or write proves the
//! buffer empty or full: epoll(7) says it of pipes and stream sockets alike. mio's
//! `unix::pipe` makes the descriptors non-blocking and close-on-exec.
//!
//! Differences from a socket:
//!
//! - A pipe has one direction, so each end is its own type and its own registration.
//! - There is no half-close: the reader sees end of stream when every write end is closed.
//!   [`AsyncWrite::poll_shutdown`] therefore closes the sender's descriptor; a write after it
//!   fails with `BrokenPipe`.
//! - Writing when every read end is closed fails with `BrokenPipe` (Rust ignores `SIGPIPE`).
//!
//! ```
//! use runtime::io::{AsyncReadExt, AsyncWriteExt};
//!
//! runtime::run(async {
//!     let (mut sender, mut receiver) = runtime::net::unix::pipe()?;
//!     let writer = runtime::spawn(async move {
//!         sender.write_all(b"through the kernel").await?;
//!         sender.shutdown().await // closes the write end: the reader sees EOF
//!     });
//!     let mut got = Vec::new();
//!     receiver.read_to_end(&mut got).await?;
//!     writer.await.unwrap()?;
//!     assert_eq!(got, b"through the kernel");
//!     Ok::<(), std::io::Error>(())
//! })
//! .unwrap();
//! ```

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use mio::unix::pipe as mio_pipe;
use reactor::{Interest, Registration};

use crate::io::{AsyncRead, AsyncWrite};
use crate::net::register;

/// Creates an anonymous pipe: what is written to the sender can be read from the receiver.
///
/// # Panics
/// Outside a runtime.
pub fn pipe() -> io::Result<(PipeSender, PipeReceiver)> {
    let (sender, receiver) = mio_pipe::new()?;
    Ok((
        PipeSender::from_mio(sender)?,
        PipeReceiver::from_mio(receiver)?,
    ))
}

/// The write end of a pipe.
#[derive(Debug)]
pub struct PipeSender {
    /// The write end, registered for writing; `None` once shut down (the descriptor is closed).
    registration: Option<Registration<mio_pipe::Sender>>,
}

/// The read end of a pipe.
#[derive(Debug)]
pub struct PipeReceiver {
    /// The read end, registered for reading.
    registration: Registration<mio_pipe::Receiver>,
}

impl PipeSender {
    /// Registers a non-blocking write end with the current runtime.
    pub(crate) fn from_mio(sender: mio_pipe::Sender) -> io::Result<PipeSender> {
        Ok(PipeSender {
            registration: Some(register(sender, Interest::WRITABLE, "pipe")?),
        })
    }

    /// The registration, or the error a write after shutdown gets.
    fn open(&self) -> io::Result<&Registration<mio_pipe::Sender>> {
        self.registration.as_ref().ok_or_else(|| {
            io::Error::new(io::ErrorKind::BrokenPipe, "the pipe sender was shut down")
        })
    }
}

impl PipeReceiver {
    /// Registers a non-blocking read end with the current runtime.
    pub(crate) fn from_mio(receiver: mio_pipe::Receiver) -> io::Result<PipeReceiver> {
        Ok(PipeReceiver {
            registration: register(receiver, Interest::READABLE, "pipe")?,
        })
    }
}

impl AsyncRead for PipeReceiver {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        self.registration.poll_read(cx, buf)
    }
}

impl AsyncWrite for PipeSender {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.open() {
            Ok(registration) => registration.poll_write(cx, buf),
            Err(err) => Poll::Ready(Err(err)),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(())) // the kernel's buffer is not ours to flush
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_mut().registration = None; // deregisters and closes the descriptor
        Poll::Ready(Ok(()))
    }
}
