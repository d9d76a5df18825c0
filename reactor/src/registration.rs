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
//! # The operation loop
//!
//! [`Registration::poll_io`] is the one loop every async I/O type is built from (the runtime's
//! sockets, its signal pipe, a callback server on this crate alone):
//!
//! ```text
//!   (1) readiness cached for this direction?   no  -> waker stored, Pending
//!   (2) budget left for this task?             no  -> task woken at once, Pending (it yields)
//!   (3) the non-blocking operation
//!         WouldBlock -> the cached readiness was stale: clear it, back to (1)
//!         anything else (data, EOF, an error) -> Ready
//! ```
//!
//! Step (2) is the cooperative budget ([`crate::budget`]). It comes after (1) so that a task
//! with nothing to read spends nothing, and before (3) so that an operation that would succeed
//! is not performed and then thrown away.
//!
//! [`poll_read`](Registration::poll_read) and [`poll_write`](Registration::poll_write) are that
//! loop for byte streams, plus one more proof that readiness is stale, documented by epoll(7):
//! on a *stream* (a TCP or Unix stream socket, a pipe), a read that fills less than the buffer
//! means the receive buffer is empty now, and a short write that the send buffer is full:
//!
//! ```text
//!   (4) a read or write that moved fewer bytes than asked -> clear readiness too
//! ```
//!
//! Acting on it saves the call that would only return `WouldBlock` (for an echo server, one
//! `recvfrom` in four). Data that arrives later raises a new edge. It is never applied to
//! datagrams, where a short read says nothing about the next datagram: they use `poll_io`.
//!
//! Why no "tick" check before clearing (tokio compares an event counter to avoid clearing
//! readiness that arrived between the check and the operation)? Because this reactor is
//! single-threaded: events are only recorded inside [`Reactor::turn`](crate::Reactor::turn), and
//! no turn can run between a task's readiness check and its operation in the same poll.

use std::fmt;
use std::io::{self, Read, Write};
use std::task::{ready, Context, Poll};

use mio::event::Source;
use mio::{Interest, Token};

use crate::budget;
use crate::handle::Handle;
use crate::ready::{Direction, Ready};
use crate::sources::ShowToken;

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

    /// The operation loop of the module docs: waits until `direction` is ready, spends one
    /// unit of the [budget](crate::budget), runs the non-blocking `op`, and each time `op`
    /// returns `WouldBlock` clears readiness and waits again.
    // Forced inline, with `poll_read` and `poll_write`: this is the path of every byte, and as
    // separate calls they cost about 60 instructions per echo round trip
    // (bench/scripts/cost_per_round_trip.sh).
    #[inline(always)]
    pub fn poll_io<R>(
        &self,
        direction: Direction,
        cx: &mut Context<'_>,
        mut op: impl FnMut(&S) -> io::Result<R>,
    ) -> Poll<io::Result<R>> {
        ready!(self.poll_ready(direction, cx))?; // (1)
        ready!(budget::poll_proceed(cx)); // (2)
        loop {
            match op(self.get_ref()) {
                // (3): stale readiness. Clear it and wait for the next edge: (1) again.
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
                    self.clear_ready(direction);
                    ready!(self.poll_ready(direction, cx))?;
                }
                result => return Poll::Ready(result),
            }
        }
    }

    /// One read from a byte stream into `buf`: [`poll_io`](Self::poll_io), then step (4) of the
    /// module docs. `Ok(0)` is end of stream (for a non-empty `buf`).
    ///
    /// Use it only for stream sources (TCP and Unix stream sockets, pipes): a short read of a
    /// datagram would clear readiness while more datagrams wait.
    #[inline(always)]
    pub fn poll_read(&self, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<io::Result<usize>>
    where
        for<'a> &'a S: Read,
    {
        let wanted = buf.len();
        let read = ready!(self.poll_io(Direction::Read, cx, |mut source| source.read(buf)))?;
        if read > 0 && read < wanted {
            // (4) epoll(7): "you can be sure of having exhausted the read I/O space".
            self.clear_ready(Direction::Read);
        }
        Poll::Ready(Ok(read))
    }

    /// One write of (a prefix of) `buf` to a byte stream: [`poll_io`](Self::poll_io), then step
    /// (4) of the module docs. Stream sources only, as for [`poll_read`](Self::poll_read).
    #[inline(always)]
    pub fn poll_write(&self, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>>
    where
        for<'a> &'a S: Write,
    {
        let offered = buf.len();
        let written = ready!(self.poll_io(Direction::Write, cx, |mut source| source.write(buf)))?;
        if written < offered {
            // (4) A short write: the send buffer is full; wait for the next WRITABLE edge.
            self.clear_ready(Direction::Write);
        }
        Poll::Ready(Ok(written))
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
                log::debug!("deregister token={} failed: {err}", ShowToken(self.token));
            }
        }
        self.handle.remove_source(self.token);
    }
}

impl<S: Source + fmt::Debug> fmt::Debug for Registration<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registration")
            .field("source", &self.source)
            .field("token", &format_args!("{}", ShowToken(self.token)))
            .field("readiness", &self.readiness())
            .finish()
    }
}
