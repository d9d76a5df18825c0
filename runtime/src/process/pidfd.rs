//! [`ExitWatch`]: a child's `pidfd`, registered with the reactor, which turns readable when the
//! child exits.
//!
//! Linux 5.3 added `pidfd_open(2)`: a file descriptor that refers to one process. It cannot be
//! fooled by PID reuse, and it can be polled: epoll reports it readable once the process has
//! exited. To the reactor it is a source like any socket, so waiting for a child is waiting for
//! readiness, with no thread and no signal handler involved.
//!
//! The descriptor is opened right after `fork`/`exec`, while we hold the unreaped child: until
//! we reap it its PID cannot be reused, so the pidfd is certain to name our child (even if it
//! has already exited: a zombie still has its PID).
//!
//! std has a `PidFd` type, but it is unstable, so we make the one system call ourselves through
//! `libc`: the only `unsafe` of the process module is in this file.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::task::{Context, Poll};

use mio::event::Source;
use mio::unix::SourceFd;
use mio::{Interest, Registry, Token};
use reactor::{Direction, Registration};

/// A pidfd, owned, as a mio source.
///
/// # Invariant
/// `fd` is a descriptor returned by `pidfd_open` that nothing else owns or closes.
#[derive(Debug)]
pub(crate) struct PidFd {
    /// The descriptor; closed when this drops.
    fd: OwnedFd,
}

impl PidFd {
    /// Opens a pidfd for the process `pid`, which must be our unreaped child (see module docs).
    ///
    /// # Errors
    /// `ENOSYS` on kernels before 5.3 (or where a sandbox forbids the call).
    pub(crate) fn open(pid: u32) -> io::Result<PidFd> {
        let pid = libc::pid_t::try_from(pid)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "PID out of range"))?;
        // SAFETY: pidfd_open takes two integers (a PID and flags, none) and returns a new
        // descriptor or -1; no memory is passed to the kernel.
        let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        let fd = libc::c_int::try_from(fd).expect("a file descriptor fits in a c_int");
        // SAFETY: the kernel just returned `fd` as a new descriptor (close-on-exec is implied
        // for pidfds), so nothing else owns it; from here `OwnedFd` does, as `PidFd`'s
        // invariant says.
        let fd = unsafe { OwnedFd::from_raw_fd(fd) };
        Ok(PidFd { fd })
    }
}

impl Source for PidFd {
    fn register(
        &mut self,
        registry: &Registry,
        token: Token,
        interest: Interest,
    ) -> io::Result<()> {
        SourceFd(&self.fd.as_raw_fd()).register(registry, token, interest)
    }

    fn reregister(
        &mut self,
        registry: &Registry,
        token: Token,
        interest: Interest,
    ) -> io::Result<()> {
        SourceFd(&self.fd.as_raw_fd()).reregister(registry, token, interest)
    }

    fn deregister(&mut self, registry: &Registry) -> io::Result<()> {
        SourceFd(&self.fd.as_raw_fd()).deregister(registry)
    }
}

/// Tells a waiting task when its child may have exited.
#[derive(Debug)]
pub(crate) struct ExitWatch {
    /// The child's pidfd, registered for reading. It stays readable once the child has exited
    /// and is never cleared: the next `try_wait` reaps the child.
    registration: Registration<PidFd>,
}

impl ExitWatch {
    /// Opens and registers the pidfd of our unreaped child `pid`.
    ///
    /// # Panics
    /// Outside a runtime.
    pub(crate) fn new(pid: u32) -> io::Result<ExitWatch> {
        let pidfd = PidFd::open(pid)?;
        let registration = crate::reactor_handle().register(pidfd, reactor::Interest::READABLE)?;
        Ok(ExitWatch { registration })
    }

    /// `Ready` once the child has exited (the caller then reaps it with `try_wait`); until then
    /// `Pending`, with `cx`'s waker stored in the reactor.
    pub(crate) fn poll_exited(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.registration
            .poll_ready(Direction::Read, cx)
            .map_ok(|_ready| ())
    }
}
