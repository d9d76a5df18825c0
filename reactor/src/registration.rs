//! [`Registration`]: a source the reactor watches, and the poll-style API to wait on it.
//!
//! A registration *owns* its source. That makes the lifecycle impossible to get wrong:
//!
//! ```text
//!   (1) Handle::register(source, interest)   slot reserved, token = key + generation,
//!                                            source registered with mio
//!   (2) poll_ready / clear_ready, many times the task waits, operates, clears on WouldBlock
//!   (3) drop, or into_inner()                source deregistered from mio, slot freed,
//!                                            stored wakers dropped
//! ```
//!
//! After (3) no event can reach the source's waiters: the slot is gone, and an event already on
//! its way carries the old generation, which the table ignores.
//!
//! # The operation pattern
//!
//! [`Registration::poll_io`] is the loop every async I/O type is built from:
//!
//! ```text
//!   loop {
//!       wait until the cached readiness satisfies the direction   (Pending: waker stored)
//!       try the non-blocking operation
//!       WouldBlock?  -> the cache was stale: clear it and wait again
//!       otherwise    -> return the result (data, EOF or error)
//!   }
//! ```
//!
//! Why no "tick" check before clearing (tokio compares an event counter to avoid clearing
//! readiness that arrived between the check and the operation)? Because this reactor is
//! single-threaded: events are only recorded inside [`Reactor::turn`](crate::Reactor::turn), and
//! no turn can run between a task's readiness check and its operation in the same poll.

use std::fmt;
use std::io;
use std::task::{Context, Poll};

use mio::event::Source;
use mio::{Interest, Token};

use crate::handle::Handle;
use crate::ready::{Direction, Ready};

/// A source registered with a reactor, owned by the registration.
pub struct Registration<S: Source> {
    /// The source, registered with mio under `token`. Always `Some`; `into_inner` takes it out
    /// (consuming `self`), so `Drop` finds `None` only on that path and skips deregistering.
    source: Option<S>,
    /// Slab key plus generation; what mio hands back with every event for this source.
    token: Token,
    /// The reactor this source is registered with.
    handle: Handle,
}

impl<S: Source> Registration<S> {
    pub(crate) fn new(handle: Handle, mut source: S, interest: Interest) -> io::Result<Self> {
        let token = handle.add_source(&mut source, interest)?;
        Ok(Registration {
            source: Some(source),
            token,
            handle,
        })
    }

    /// The source, for issuing non-blocking operations on it.
    pub fn get_ref(&self) -> &S {
        self.source
            .as_ref()
            .expect("a registration holds its source until into_inner")
    }

    /// The token this source is registered under (slab key and generation).
    pub fn token(&self) -> Token {
        self.token
    }

    /// The reactor this source is registered with.
    pub fn handle(&self) -> &Handle {
        &self.handle
    }

    /// Resolves once the cached readiness satisfies `direction`; until then stores the waker,
    /// one per direction (a later waiter in the same direction replaces an earlier one).
    ///
    /// Fails only if the reactor has been dropped.
    pub fn poll_ready(
        &self,
        direction: Direction,
        cx: &mut Context<'_>,
    ) -> Poll<io::Result<Ready>> {
        self.handle.poll_ready(self.token, direction, cx)
    }

    /// [`poll_ready`](Self::poll_ready) for reading.
    pub fn poll_read_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<Ready>> {
        self.poll_ready(Direction::Read, cx)
    }

    /// [`poll_ready`](Self::poll_ready) for writing.
    pub fn poll_write_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<Ready>> {
        self.poll_ready(Direction::Write, cx)
    }

    /// Forgets readiness in `direction`. Call it only after an operation returned `WouldBlock`:
    /// the edge-triggered OS will not repeat an event, so a guess here can strand a task.
    pub fn clear_ready(&self, direction: Direction) {
        self.handle.clear_ready(self.token, direction);
    }

    /// The readiness cached for this source right now.
    pub fn readiness(&self) -> Ready {
        self.handle.readiness(self.token)
    }

    /// Runs the non-blocking operation `op` once `direction` is ready, clearing readiness and
    /// waiting again each time it returns `WouldBlock`.
    pub fn poll_io<R>(
        &self,
        direction: Direction,
        cx: &mut Context<'_>,
        mut op: impl FnMut(&S) -> io::Result<R>,
    ) -> Poll<io::Result<R>> {
        loop {
            if let Err(err) = std::task::ready!(self.poll_ready(direction, cx)) {
                return Poll::Ready(Err(err));
            }
            match op(self.get_ref()) {
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => self.clear_ready(direction),
                result => return Poll::Ready(result),
            }
        }
    }

    /// Deregisters the source and hands it back.
    pub fn into_inner(mut self) -> io::Result<S> {
        let mut source = self
            .source
            .take()
            .expect("a registration holds its source until into_inner");
        let result = self.handle.shared.registry.deregister(&mut source);
        result.map(|()| source)
    }
}

impl<S: Source> Drop for Registration<S> {
    fn drop(&mut self) {
        if let Some(source) = &mut self.source {
            if let Err(err) = self.handle.shared.registry.deregister(source) {
                // The fd was already closed elsewhere; nothing more can reach it anyway.
                log::debug!("deregister token={} failed: {err}", self.token.0);
            }
        }
        self.handle.remove_source(self.token);
    }
}

impl<S: Source + fmt::Debug> fmt::Debug for Registration<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registration")
            .field("source", &self.source)
            .field("token", &self.token)
            .field("readiness", &self.readiness())
            .finish()
    }
}
