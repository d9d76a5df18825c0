//! [`signal`]: listen for any Unix signal; [`Signal::recv`] completes once per delivery.
//!
//! # One listener, start to finish
//!
//! ```text
//!   (1) signal(kind)       a connected socket pair; signal-hook's `pipe::register` adds the
//!                          action "send one byte into the write end" to the process-wide
//!                          handler for `kind`, installing that handler (sigaction) if this is
//!                          the first listener for `kind` in the process
//!   (2) the kernel delivers the signal: the handler runs on some thread, interrupting it,
//!       and performs each registered action: one non-blocking send(2) per listener
//!   (3) the read end, registered with our reactor, turns readable: the reactor wakes the task
//!       waiting in recv()
//!   (4) recv() reads until WouldBlock (draining every byte) and completes
//!   (5) dropping the Signal unregisters its action and closes both ends
//! ```
//!
//! Every listener has its own socket pair and its own action, so several listeners for one
//! signal, in one runtime or in runtimes on different threads, are each woken by every
//! delivery; nothing is shared between them and no lock is taken in (2).
//!
//! Teaching shortcut: a socket pair per listener costs two file descriptors each. A production
//! runtime (tokio) has one pipe for the whole process and a per-signal "pending" flag set by the
//! handler; its driver reads the pipe once and fans the news out to listeners through a channel.
//!
//! # What a delivery means
//!
//! - A delivery that happens after `signal()` returned is seen by the next `recv`, even if no
//!   task is waiting at that moment: the byte waits in the socket.
//! - Deliveries between two `recv`s **coalesce**: `recv` drains the socket, so three SIGHUPs
//!   that arrive while the task is busy complete one `recv`, not three. (The kernel itself
//!   merges a standard signal that arrives while the same one is pending, so counting
//!   deliveries exactly is impossible anyway.)
//! - A delivery before `signal()` returned is not seen by this listener.
//!
//! # What is left behind
//!
//! A signal this process never listened to keeps its disposition: nothing is installed until
//! the first `signal(kind)` for it, so SIGTERM still terminates and SIGWINCH is still ignored.
//!
//! A signal we did listen to keeps signal-hook's handler after its last listener is dropped.
//! signal-hook cannot restore the previous disposition safely while other threads may be
//! handling the signal, so it leaves the handler in place with no actions. With no actions,
//! a delivery then does nothing: the signal is **ignored** from then on, even SIGTERM and
//! SIGINT whose default is to terminate. (A handler function installed by someone else before
//! us is still called: signal-hook chains to it.) Programs that listen for SIGTERM to shut down
//! gracefully therefore listen until they exit.
//!
//! SIGKILL and SIGSTOP cannot be caught at all, and SIGSEGV, SIGILL and SIGFPE must not be
//! (returning from their handler re-runs the faulting instruction): `signal` refuses those five
//! with an `InvalidInput` error.
//!
//! # Example
//!
//! ```
//! # #[cfg(not(miri))] // Miri cannot install signal handlers
//! # {
//! use runtime::signal::unix::{signal, SignalKind};
//!
//! runtime::run(async {
//!     let mut hangups = signal(SignalKind::hangup())?;
//!     signal_hook::low_level::raise(SignalKind::hangup().as_raw())?; // as `kill -HUP` would
//!     hangups.recv().await?; // "reload the configuration"
//!     Ok::<(), std::io::Error>(())
//! })
//! .unwrap();
//! # }
//! ```

use std::fmt;
use std::future::poll_fn;
use std::io::{self, Read};
use std::os::raw::c_int;
use std::task::{Context, Poll};

use reactor::{Direction, Interest, Registration};
use signal_hook::consts::signal as sig;
use signal_hook::low_level::{pipe, unregister};
use signal_hook::SigId;

/// Which signal to listen for: a named constructor for the common ones, or any number with
/// [`from_raw`](SignalKind::from_raw).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SignalKind(c_int);

impl SignalKind {
    /// Any signal, by number (`libc::SIGRTMIN() + 1`, ...).
    pub const fn from_raw(signum: c_int) -> SignalKind {
        SignalKind(signum)
    }

    /// The signal's number.
    pub const fn as_raw(self) -> c_int {
        self.0
    }

    /// SIGHUP: the terminal went away; by convention, daemons reload their configuration.
    pub const fn hangup() -> SignalKind {
        SignalKind(sig::SIGHUP)
    }

    /// SIGINT: Ctrl-C in the terminal.
    pub const fn interrupt() -> SignalKind {
        SignalKind(sig::SIGINT)
    }

    /// SIGQUIT: Ctrl-\ in the terminal.
    pub const fn quit() -> SignalKind {
        SignalKind(sig::SIGQUIT)
    }

    /// SIGTERM: the polite request to stop (`kill PID`, a service manager stopping us).
    pub const fn terminate() -> SignalKind {
        SignalKind(sig::SIGTERM)
    }

    /// SIGUSR1: no meaning but the one a program gives it.
    pub const fn user_defined1() -> SignalKind {
        SignalKind(sig::SIGUSR1)
    }

    /// SIGUSR2: no meaning but the one a program gives it.
    pub const fn user_defined2() -> SignalKind {
        SignalKind(sig::SIGUSR2)
    }

    /// SIGWINCH: the terminal was resized.
    pub const fn window_change() -> SignalKind {
        SignalKind(sig::SIGWINCH)
    }

    /// SIGCHLD: a child process stopped or exited.
    pub const fn child() -> SignalKind {
        SignalKind(sig::SIGCHLD)
    }

    /// SIGALRM: a timer set with `alarm(2)` expired.
    pub const fn alarm() -> SignalKind {
        SignalKind(sig::SIGALRM)
    }

    /// SIGPIPE: a write to a pipe or socket nobody reads. Rust's `std` ignores it before
    /// `main`, so the write fails with `BrokenPipe` instead; listening for it still works.
    pub const fn pipe() -> SignalKind {
        SignalKind(sig::SIGPIPE)
    }
}

impl fmt::Debug for SignalKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SignalKind({})", self.0)
    }
}

/// A listener for one signal; made by [`signal`].
#[derive(Debug)]
pub struct Signal {
    /// Which signal this listens for.
    kind: SignalKind,
    /// The read end of this listener's socket pair, registered for reading. The handler's
    /// action owns the write end until `action` is unregistered.
    reader: Registration<mio::net::UnixStream>,
    /// The action added to the signal's handler; unregistered in `Drop`, before `reader` closes.
    action: SigId,
}

/// Starts listening for `kind`, installing the process's handler for it if this is its first
/// listener (steps (1) of the module docs). Deliveries from now on complete [`Signal::recv`].
///
/// # Errors
/// `InvalidInput` for SIGKILL, SIGSTOP, SIGSEGV, SIGILL and SIGFPE (or a number that is no
/// signal); an I/O error if no socket pair can be made (out of file descriptors).
///
/// # Panics
/// Outside a runtime.
pub fn signal(kind: SignalKind) -> io::Result<Signal> {
    if signal_hook::consts::FORBIDDEN.contains(&kind.0) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("signal {} cannot be listened for", kind.0),
        ));
    }
    let (reader, writer) = std::os::unix::net::UnixStream::pair()?;
    reader.set_nonblocking(true)?;
    let reader = crate::reactor_handle()
        .register(mio::net::UnixStream::from_std(reader), Interest::READABLE)?;
    // Into a socket, signal-hook's action sends with MSG_DONTWAIT, so the handler never
    // blocks: a full socket drops the byte, which is fine, since a byte already waiting says
    // the same thing.
    let action = pipe::register(kind.0, writer)?;
    Ok(Signal {
        kind,
        reader,
        action,
    })
}

impl Signal {
    /// Waits for the next delivery (steps (3) and (4)). Every delivery since the previous
    /// `recv` completes this one (they coalesce). Cancel-safe: a delivery is consumed only by a
    /// `recv` that completes.
    pub async fn recv(&mut self) -> io::Result<()> {
        poll_fn(|cx| self.poll_recv(cx)).await
    }

    /// [`recv`](Self::recv) as a poll function: `Ready` once a delivery is waiting, else
    /// `Pending` with `cx`'s waker stored in the reactor.
    pub fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.reader.poll_io(Direction::Read, cx, |mut socket| {
            let mut bytes = [0; 64];
            let mut got_any = false;
            loop {
                match socket.read(&mut bytes) {
                    Ok(0) => {
                        return Err(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            "the signal's socket closed",
                        ))
                    }
                    Ok(_) => got_any = true,
                    // Drained. Report the deliveries; the next recv's read sees WouldBlock
                    // and clears readiness before it waits.
                    Err(err) if err.kind() == io::ErrorKind::WouldBlock && got_any => return Ok(()),
                    Err(err) => return Err(err),
                }
            }
        })
    }

    /// The signal this listens for.
    pub fn kind(&self) -> SignalKind {
        self.kind
    }
}

impl Drop for Signal {
    fn drop(&mut self) {
        // Step (5): after this the handler no longer writes to our socket (the registry drops
        // the write end), and `reader` closes when the fields drop.
        unregister(self.action);
    }
}
