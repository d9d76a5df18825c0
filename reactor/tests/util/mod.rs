//! Helpers shared by the reactor's tests: wakers that count, loopback sockets, bounded turning.
#![allow(dead_code)] // each test file uses its own subset

use std::io;
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Wake, Waker};
use std::time::{Duration, Instant};

use reactor::Reactor;

/// How long any test may turn the loop waiting for something before it fails instead of hanging.
pub const GENEROUS: Duration = Duration::from_secs(10);

/// A waker that counts how often it was woken.
pub struct Counter(AtomicUsize);

impl Counter {
    pub fn new() -> (Arc<Counter>, Waker) {
        let counter = Arc::new(Counter(AtomicUsize::new(0)));
        (counter.clone(), Waker::from(counter))
    }

    pub fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

impl Wake for Counter {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// A context around `waker`, for calling `poll_*` by hand.
pub fn cx(waker: &Waker) -> Context<'_> {
    Context::from_waker(waker)
}

/// A connected loopback pair: a blocking std client and a non-blocking mio server side.
pub fn loopback_pair() -> io::Result<(TcpStream, mio::net::TcpStream)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let client = TcpStream::connect(listener.local_addr()?)?;
    let (server, _) = listener.accept()?;
    server.set_nonblocking(true)?;
    Ok((client, mio::net::TcpStream::from_std(server)))
}

/// Turns the loop until `done` holds, failing the test after [`GENEROUS`].
pub fn turn_until(reactor: &mut Reactor, mut done: impl FnMut() -> bool) {
    let give_up = Instant::now() + GENEROUS;
    while !done() {
        let left = give_up
            .checked_duration_since(Instant::now())
            .expect("condition not met in time");
        let _ = reactor.turn(Some(left)).expect("turn failed");
    }
}

/// Turns the loop without blocking until a turn delivers nothing, so that every event already
/// queued by the OS has been dispatched.
pub fn drain(reactor: &mut Reactor) {
    while !reactor
        .turn(Some(Duration::ZERO))
        .expect("turn failed")
        .is_idle()
    {}
}
