//! The reactor pattern in its plainest form: an echo server with callbacks, no futures.
//!
//! Run it, then talk to it from another terminal:
//!
//! ```text
//! RUST_LOG=reactor=trace cargo run -p reactor --example callbacks
//! nc 127.0.0.1 7000
//! ```
//!
//! What to notice:
//! - One thread, one loop: turn the reactor, then call the handler of every connection the
//!   reactor reported ready. That loop is all an "event loop" is.
//! - The reactor speaks in `Waker`s. Here a waker is nothing but "push my connection's id onto
//!   the ready list": a callback by another name. The runtime crate uses the same hook to
//!   schedule a task instead.
//! - Each handler reads until `WouldBlock` before it asks to be called again: the reactor is
//!   edge-triggered and will not repeat itself.

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

use mio::net::{TcpListener, TcpStream};
use reactor::{Direction, Interest, Reactor, Registration};
use slab::Slab;

/// The ready list: ids of handlers the reactor has woken. Wakers may be woken from any thread,
/// so it sits behind a mutex; here only the loop's thread ever touches it.
type ReadyList = Arc<Mutex<VecDeque<usize>>>;

/// The id the listener's handler is known by; connections get ids from a slab, offset past it.
const LISTENER: usize = 0;

/// A waker that, when woken, files its handler's id on the ready list.
struct Callback {
    id: usize,
    ready: ReadyList,
}

impl Wake for Callback {
    fn wake(self: Arc<Self>) {
        self.ready.lock().unwrap().push_back(self.id);
    }
}

/// One echo connection: its socket, its waker, and the bytes it still has to send back.
struct Connection {
    socket: Registration<TcpStream>,
    waker: Waker,
    unsent: Vec<u8>,
}

/// Runs the echo server on `listener` until `turns` reactor turns have passed (`None`: forever).
pub fn serve(listener: std::net::TcpListener, turns: Option<usize>) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let mut reactor = Reactor::new()?;
    let ready: ReadyList = Arc::default();
    let callback = |id| {
        Waker::from(Arc::new(Callback {
            id,
            ready: ready.clone(),
        }))
    };

    let listener = reactor
        .handle()
        .register(TcpListener::from_std(listener), Interest::READABLE)?;
    let listener_waker = callback(LISTENER);
    let mut connections: Slab<Connection> = Slab::new();
    ready.lock().unwrap().push_back(LISTENER); // try once at start: arm the waker

    for _ in 0..turns.unwrap_or(usize::MAX) {
        // Call every handler the reactor woke. Handlers run to WouldBlock, then re-arm.
        loop {
            let Some(id) = ready.lock().unwrap().pop_front() else {
                break;
            };
            if id == LISTENER {
                accept_all(
                    &reactor,
                    &listener,
                    &listener_waker,
                    &mut connections,
                    &callback,
                )?;
            } else if let Some(connection) = connections.get_mut(id - 1) {
                if on_ready(connection)?.is_ready() {
                    log::info!("connection {id} closed");
                    connections.remove(id - 1);
                }
            }
        }
        // Sleep until the OS has news for us.
        let turn = reactor.turn(None)?;
        log::debug!("{turn}");
    }
    Ok(())
}

/// The listener's handler: accept every pending connection, then wait for more.
fn accept_all(
    reactor: &Reactor,
    listener: &Registration<TcpListener>,
    waker: &Waker,
    connections: &mut Slab<Connection>,
    callback: &impl Fn(usize) -> Waker,
) -> io::Result<()> {
    loop {
        match listener.poll_io(Direction::Read, &mut Context::from_waker(waker), |l| {
            l.accept()
        }) {
            Poll::Pending => return Ok(()), // waker stored: we'll be called again
            Poll::Ready(Ok((stream, peer))) => {
                let entry = connections.vacant_entry();
                let id = entry.key() + 1;
                log::info!("connection {id} from {peer}");
                let socket = reactor
                    .handle()
                    .register(stream, Interest::READABLE | Interest::WRITABLE)?;
                let connection = entry.insert(Connection {
                    socket,
                    waker: callback(id),
                    unsent: Vec::new(),
                });
                let _ = on_ready(connection)?; // bytes may already be waiting
            }
            Poll::Ready(Err(err)) => return Err(err),
        }
    }
}

/// A connection's handler: flush what is unsent, echo what arrives. `Ready` means "closed".
fn on_ready(connection: &mut Connection) -> io::Result<Poll<()>> {
    let mut cx = Context::from_waker(&connection.waker);
    let socket = &connection.socket;
    loop {
        // First send back what we owe; a full socket buffer means waiting for WRITABLE.
        while !connection.unsent.is_empty() {
            match socket.poll_io(Direction::Write, &mut cx, |mut s| {
                s.write(&connection.unsent)
            }) {
                Poll::Ready(Ok(n)) => drop(connection.unsent.drain(..n)),
                Poll::Ready(Err(_)) => return Ok(Poll::Ready(())),
                Poll::Pending => return Ok(Poll::Pending),
            }
        }
        // Then read: until WouldBlock (which stores the waker), EOF, or an error.
        let mut buf = [0; 4096];
        match socket.poll_io(Direction::Read, &mut cx, |mut s| s.read(&mut buf)) {
            Poll::Ready(Ok(0)) | Poll::Ready(Err(_)) => return Ok(Poll::Ready(())),
            Poll::Ready(Ok(n)) => connection.unsent.extend_from_slice(&buf[..n]),
            Poll::Pending => return Ok(Poll::Pending),
        }
    }
}

#[allow(dead_code)] // a test includes this file as a module and calls `serve` directly
fn main() -> io::Result<()> {
    env_logger::init();
    let listener = std::net::TcpListener::bind("127.0.0.1:7000")?;
    println!(
        "echo server on {}; try: nc 127.0.0.1 7000",
        listener.local_addr()?
    );
    serve(listener, None)
}
