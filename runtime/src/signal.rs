//! [`ctrl_c`]: wait for Ctrl-C (SIGINT) without blocking the loop, through a self-pipe.
//!
//! A signal handler may do almost nothing: no locks, no allocation, certainly no waking of
//! tasks. The classic answer is the *self-pipe*: the handler writes one byte into a socket,
//! and the other end of that socket is an ordinary source on our reactor. Readable means "the
//! signal arrived".
//!
//! ```text
//!   kernel delivers SIGINT ──▶ handler (signal-hook) writes 1 byte ──▶ socketpair
//!                                                                         │ readable
//!   ctrl_c().await  ◀── task woken ◀── reactor: token -> waker ◀── epoll ◀┘
//! ```
//!
//! We use the `signal-hook` crate for the one part that needs `unsafe` and care (installing the
//! process-wide handler and writing from inside it), and our own reactor for everything after
//! the byte is written. (`signal-hook-mio` would wrap the same idea; the plain pipe keeps the
//! path visible.)
//!
//! **Caveat, as in every runtime:** the first `ctrl_c()` replaces the default action of SIGINT
//! (terminate the process) for the rest of the process's life. From then on Ctrl-C only wakes
//! `ctrl_c()` futures, so a program that waits for it should shut down when it fires.

use std::future::poll_fn;
use std::io::{self, Read};

use reactor::{Direction, Interest};
use signal_hook::consts::SIGINT;
use signal_hook::low_level::{pipe, unregister};
use signal_hook::SigId;

/// Completes when the process receives SIGINT (Ctrl-C in a terminal).
///
/// ```no_run
/// runtime::run(async {
///     println!("press Ctrl-C to stop");
///     runtime::signal::ctrl_c().await.expect("could not listen for Ctrl-C");
///     println!("stopping");
/// });
/// ```
///
/// # Panics
/// If polled outside a runtime.
pub async fn ctrl_c() -> io::Result<()> {
    let (reader, writer) = std::os::unix::net::UnixStream::pair()?;
    reader.set_nonblocking(true)?;
    let _handler = Handler(pipe::register(SIGINT, writer)?);
    let reader = crate::reactor_handle()
        .register(mio::net::UnixStream::from_std(reader), Interest::READABLE)?;
    poll_fn(|cx| {
        reader.poll_io(Direction::Read, cx, |mut socket| {
            let mut byte = [0; 16];
            match socket.read(&mut byte)? {
                0 => Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the signal pipe closed",
                )),
                _ => Ok(()),
            }
        })
    })
    .await
}

/// Unregisters our pipe from the signal handler when the `ctrl_c` future completes or is dropped.
struct Handler(SigId);

impl Drop for Handler {
    fn drop(&mut self) {
        unregister(self.0);
    }
}
