//! [`Listener`]: what [`TcpListener`](super::TcpListener) and
//! [`UnixListener`](super::UnixListener) are made of, and their one accept loop.
//!
//! The two listeners differ only in their address type. Both are a listening socket registered
//! for reading (a connection waiting in the backlog makes it readable) plus the state of an
//! out-of-descriptors episode, and both accept the same way:
//!
//! ```text
//!   loop {
//!       poll_io(Read, accept(2))          the operation loop: wait, budget, accept, WouldBlock
//!         Ok(connection)               -> the episode (if any) ends; return it
//!         EMFILE, ENFILE, ENOMEM       -> sleep as accept_backoff.rs says, then try again
//!         ECONNABORTED                 -> the client gave up in the backlog: skip it
//!         any other error              -> return it
//!   }
//! ```
//!
//! Each public type keeps its own `bind`, `from_std` and address methods, and hands its accepted
//! mio stream to its own stream type.

use std::io;

use mio::event::Source;
use reactor::{Direction, Interest, Registration};

use crate::net::accept_backoff::{is_resource_exhaustion, AcceptBackoff};
use crate::net::register;
use crate::time::sleep;

/// A listening socket registered with the current runtime, with its accept back-off.
#[derive(Debug)]
pub(crate) struct Listener<L: Source> {
    /// The listening socket, registered for reading (a waiting connection makes it readable).
    registration: Registration<L>,
    /// Where this listener is in an out-of-descriptors episode; touched only by `accept`.
    backoff: AcceptBackoff,
}

impl<L: Source> Listener<L> {
    /// Registers `listener` with the current runtime; `what` names the caller in the panic
    /// outside a runtime.
    pub(crate) fn new(listener: L, what: &str) -> io::Result<Listener<L>> {
        Ok(Listener {
            registration: register(listener, Interest::READABLE, what)?,
            backoff: AcceptBackoff::default(),
        })
    }

    /// The listening socket, for its address.
    pub(crate) fn get_ref(&self) -> &L {
        self.registration.get_ref()
    }

    /// Accepts one connection with `accept` (the socket's own `accept`), as the module docs
    /// draw it. Cancel-safe: a connection is taken from the backlog only by a call that returns
    /// it.
    pub(crate) async fn accept<T>(
        &self,
        mut accept: impl FnMut(&L) -> io::Result<T>,
    ) -> io::Result<T> {
        loop {
            let attempt = std::future::poll_fn(|cx| {
                self.registration.poll_io(Direction::Read, cx, &mut accept)
            });
            match attempt.await {
                Ok(accepted) => {
                    self.backoff.on_accepted();
                    return Ok(accepted);
                }
                Err(err) if is_resource_exhaustion(&err) => {
                    sleep(self.backoff.on_out_of_fds(&err)).await;
                }
                Err(err) if err.kind() == io::ErrorKind::ConnectionAborted => {}
                Err(err) => return Err(err),
            }
        }
    }
}
