//! The echo server as a hand-written single-threaded mio state machine: the performance floor.
//!
//! No tasks, no wakers, no run queue: one `Poll`, a `Slab` of connections indexed by `Token`, and
//! a loop that turns each readiness event straight into `read` and `write` calls. Whatever a
//! runtime costs on top of this is the price of writing the server as straight-line `async` code.
//!
//! Every connection is registered once for both `READABLE` and `WRITABLE`. mio is edge-triggered:
//! an event means "something changed", and it does not come again until the socket has been
//! drained to `WouldBlock`. So on any event the connection is *driven*: it flushes what is owed,
//! then reads and echoes until the kernel says `WouldBlock`. Registering both interests up front
//! means a partial write never needs a `reregister` system call; the writable edge simply arrives.
//!
//! A connection has two states, kept in `Connection::unsent`:
//!
//! ```text
//!                     (1) read n bytes, wrote all n
//!                    ┌───────┐
//!                    ▼       │
//!   accept ──▶  ┌─────────┐──┘   (2) read n bytes, wrote fewer   ┌────────────┐
//!               │ Echoing │ ────────────────────────────────────▶ │  Flushing  │
//!               │ unsent  │                                       │   unsent   │
//!               │ empty   │ ◀──────────────────────────────────── │  non-empty │
//!               └─────────┘   (3) writable: wrote the rest        └────────────┘
//!                    │ (4) read 0 bytes, or an error                │ (4)
//!                    ▼                                              ▼
//!                 closed: removed from the slab, socket dropped
//! ```
//!
//! All four edges are in [`drive`]. In `Flushing` the connection does not read: the peer is not
//! taking its echoes, so reading more would only grow `unsent` (backpressure). Reading resumes in
//! the same call that empties `unsent`, because the readable edge may already have been spent.
//!
//! Reads go into one scratch buffer shared by all connections; only bytes a write could not take
//! are copied into the connection's own `unsent`. So an idle connection costs a slab entry and a
//! socket, nothing more; a task-per-connection server keeps a buffer in every task instead.
//!
//! ```ignore
//! process::serve(mio_server::serve, "127.0.0.1:0".parse()?, false);
//! ```

use std::io::{self, Read, Write};

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};
use slab::Slab;

/// The listener's token; connections use their slab key, which never reaches this value.
const LISTENER: Token = Token(usize::MAX);

/// Size of the shared read buffer: large enough for a 4 KiB message in one read.
const SCRATCH: usize = 64 * 1024;

/// One accepted connection.
#[derive(Debug)]
struct Connection {
    /// The socket, registered with `Token(slab key)` for both directions.
    stream: TcpStream,
    /// Bytes read but not yet written back. Non-empty exactly in the `Flushing` state; while it
    /// is, the connection does not read.
    unsent: Vec<u8>,
}

/// Serves echo on `listener` until an error on the listener itself.
pub fn serve(listener: std::net::TcpListener) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let mut listener = TcpListener::from_std(listener);
    let mut poll = Poll::new()?;
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)?;
    let mut events = Events::with_capacity(1024);
    let mut connections: Slab<Connection> = Slab::new();
    let mut scratch = vec![0u8; SCRATCH];

    loop {
        if let Err(e) = poll.poll(&mut events, None) {
            if e.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(e);
        }
        for event in events.iter() {
            if event.token() == LISTENER {
                accept_all(&listener, &poll, &mut connections)?;
                continue;
            }
            let key = event.token().0;
            let Some(connection) = connections.get_mut(key) else {
                continue; // closed earlier in this same batch of events
            };
            if drive(connection, &mut scratch).is_err() {
                let mut closed = connections.remove(key);
                let _ = poll.registry().deregister(&mut closed.stream);
            }
        }
    }
}

/// Accepts until `WouldBlock`: one readable edge on the listener may stand for many connections.
fn accept_all(
    listener: &TcpListener,
    poll: &Poll,
    connections: &mut Slab<Connection>,
) -> io::Result<()> {
    loop {
        let (mut stream, _) = match listener.accept() {
            Ok(accepted) => accepted,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(()),
            // The peer gave up between SYN and accept; the listener is fine.
            Err(e) if e.kind() == io::ErrorKind::ConnectionAborted => continue,
            Err(e) => return Err(e),
        };
        let entry = connections.vacant_entry();
        poll.registry().register(
            &mut stream,
            Token(entry.key()),
            Interest::READABLE | Interest::WRITABLE,
        )?;
        entry.insert(Connection {
            stream,
            unsent: Vec::new(),
        });
    }
}

/// Moves a connection as far as the kernel allows, until every direction that has work returned
/// `WouldBlock`. An `Err` means the connection is finished (closed by the peer, or failed).
///
/// Reading on to `WouldBlock` costs one more `recv` per message than strictly needed: tokio
/// takes a read shorter than its buffer to mean the socket is drained, and waits for the next
/// edge instead. That holds for TCP on Linux, but mio promises another event only after
/// `WouldBlock` ("Draining readiness" in its `Poll` docs), and this floor keeps to the promise.
fn drive(connection: &mut Connection, scratch: &mut [u8]) -> io::Result<()> {
    // Flushing: (3) if the rest goes out, fall through to reading; else wait for writable.
    if !connection.unsent.is_empty() {
        let written = write_until_blocked(&mut connection.stream, &connection.unsent)?;
        connection.unsent.drain(..written);
        if !connection.unsent.is_empty() {
            return Ok(());
        }
    }
    // Echoing.
    loop {
        let n = match connection.stream.read(scratch) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()), // (4)
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(()),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e), // (4)
        };
        let written = write_until_blocked(&mut connection.stream, &scratch[..n])?;
        if written < n {
            // (2): keep the rest and stop reading until it is flushed.
            connection.unsent.extend_from_slice(&scratch[written..n]);
            return Ok(());
        }
        // (1): all echoed, read on.
    }
}

/// Writes as much of `bytes` as the socket takes; returns how much that was.
fn write_until_blocked(stream: &mut TcpStream, bytes: &[u8]) -> io::Result<usize> {
    let mut written = 0;
    while written < bytes.len() {
        match stream.write(&bytes[written..]) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => written += n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(written)
}
