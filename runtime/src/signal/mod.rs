//! Unix signals as futures: [`unix::signal`] for any signal, and [`ctrl_c`] built on it.
//!
//! A signal handler may do almost nothing: no locks, no allocation, certainly no waking of
//! tasks, because it interrupts the thread at an arbitrary instruction, perhaps in the middle
//! of `malloc` or while one of our `RefCell`s is borrowed. The classic answer is the
//! *self-pipe*: the handler writes one byte into a socket, and the other end of that socket is
//! an ordinary source on our reactor. Readable means "the signal arrived".
//!
//! ```text
//!   kernel delivers SIGINT ──▶ handler (signal-hook) writes 1 byte ──▶ socketpair
//!                                                                         │ readable
//!   sig.recv().await  ◀── task woken ◀── reactor: token -> waker ◀── epoll ◀┘
//! ```
//!
//! We use the `signal-hook` crate for the one part that needs `unsafe` and care (installing the
//! process-wide handler with `sigaction` and writing from inside it with a non-blocking `send`,
//! which POSIX lists as async-signal-safe), and our own reactor for everything after the byte
//! is written. The handler for a signal is installed once, by the first listener for it; each
//! listener adds one action (one `send` into its own socket) to that handler's list.
//!
//! The whole mechanism, and what dropping a listener leaves behind, is in [`unix`].

pub mod unix;

use std::io;

/// Completes when the process receives SIGINT (Ctrl-C in a terminal): asyncio's
/// `loop.add_signal_handler(signal.SIGINT, ...)` for the one signal every server handles.
///
/// It is [`unix::signal`]`(SignalKind::interrupt())` followed by one `recv`, so the caveat of
/// that module applies: from the first `ctrl_c()` on, Ctrl-C no longer terminates the process
/// by default; it only wakes listeners, so a program that waits for it should shut down when
/// it fires.
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
    unix::signal(unix::SignalKind::interrupt())?.recv().await
}
