//! [`ChildStdin`], [`ChildStdout`] and [`ChildStderr`]: a child's standard streams, when they
//! were set to [`Stdio::piped()`](std::process::Stdio::piped).
//!
//! std creates each as one end of a pipe (the other end becomes the child's descriptor 0, 1 or
//! 2). We switch our end to non-blocking mode and register it with the reactor, so each is an
//! async [`PipeSender`] or [`PipeReceiver`] under a name that says which stream it is.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use mio::unix::pipe as mio_pipe;

use crate::io::{AsyncRead, AsyncWrite};
use crate::net::unix::{PipeReceiver, PipeSender};

/// The child's standard input: what we write, it reads. Dropping it (or `shutdown`) closes the
/// pipe, and the child reads end of file.
#[derive(Debug)]
pub struct ChildStdin {
    /// Our end of the pipe.
    pipe: PipeSender,
}

/// The child's standard output: what it writes, we read.
#[derive(Debug)]
pub struct ChildStdout {
    /// Our end of the pipe.
    pipe: PipeReceiver,
}

/// The child's standard error: what it writes there, we read.
#[derive(Debug)]
pub struct ChildStderr {
    /// Our end of the pipe.
    pipe: PipeReceiver,
}

impl ChildStdin {
    /// Registers std's end of the pipe with the current runtime.
    pub(crate) fn from_std(stdin: std::process::ChildStdin) -> io::Result<ChildStdin> {
        let sender = mio_pipe::Sender::from(stdin);
        sender.set_nonblocking(true)?;
        Ok(ChildStdin {
            pipe: PipeSender::from_mio(sender)?,
        })
    }
}

impl ChildStdout {
    /// Registers std's end of the pipe with the current runtime.
    pub(crate) fn from_std(stdout: std::process::ChildStdout) -> io::Result<ChildStdout> {
        Ok(ChildStdout {
            pipe: receiver(mio_pipe::Receiver::from(stdout))?,
        })
    }
}

impl ChildStderr {
    /// Registers std's end of the pipe with the current runtime.
    pub(crate) fn from_std(stderr: std::process::ChildStderr) -> io::Result<ChildStderr> {
        Ok(ChildStderr {
            pipe: receiver(mio_pipe::Receiver::from(stderr))?,
        })
    }
}

/// Switches a read end made by std to non-blocking mode and registers it.
fn receiver(receiver: mio_pipe::Receiver) -> io::Result<PipeReceiver> {
    receiver.set_nonblocking(true)?;
    PipeReceiver::from_mio(receiver)
}

impl AsyncWrite for ChildStdin {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.pipe).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.pipe).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.pipe).poll_shutdown(cx)
    }
}

impl AsyncRead for ChildStdout {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.pipe).poll_read(cx, buf)
    }
}

impl AsyncRead for ChildStderr {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.pipe).poll_read(cx, buf)
    }
}
