//! Helpers shared by the runtime's tests: futures that count their polls and drops, a logger
//! that captures lines, and runtimes with a paused clock.
#![allow(dead_code)] // each test file uses its own subset

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};

use runtime::Runtime;

/// A runtime whose clock is paused: sleeps complete instantly, in deadline order.
pub fn paused() -> Runtime {
    Runtime::builder().start_paused(true).build().unwrap()
}

/// Shared counters of polls and drops, for futures made by [`Counted`].
#[derive(Default, Debug)]
pub struct Counts {
    pub polls: Cell<usize>,
    pub drops: Cell<usize>,
}

/// A future that counts its polls and its drop, and stays pending until `ready` is set.
pub struct Counted {
    pub counts: Rc<Counts>,
    pub ready: Rc<Cell<bool>>,
    /// The waker of the last poll, so a test can wake it by hand.
    pub waker: LastWaker,
}

/// The last waker a [`Counted`] future was polled with.
pub type LastWaker = Rc<RefCell<Option<Waker>>>;

impl Counted {
    /// The future, its counts, the flag that makes it ready, and its last waker.
    pub fn new() -> (Counted, Rc<Counts>, Rc<Cell<bool>>, LastWaker) {
        let counts = Rc::new(Counts::default());
        let ready = Rc::new(Cell::new(false));
        let waker = Rc::new(RefCell::new(None));
        (
            Counted {
                counts: counts.clone(),
                ready: ready.clone(),
                waker: waker.clone(),
            },
            counts,
            ready,
            waker,
        )
    }
}

impl Future for Counted {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.counts.polls.set(self.counts.polls.get() + 1);
        *self.waker.borrow_mut() = Some(cx.waker().clone());
        if self.ready.get() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.counts.drops.set(self.counts.drops.get() + 1);
    }
}

/// Counts drops of whatever owns it.
pub struct DropCounter(pub Rc<Cell<usize>>);

impl Drop for DropCounter {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

/// Pending forever (its waker is kept nowhere).
pub async fn pending_forever() {
    std::future::pending::<()>().await
}

/// A logger that keeps every line, so tests can assert on what was logged.
pub struct Capture {
    lines: Mutex<Vec<String>>,
}

static CAPTURE: Capture = Capture {
    lines: Mutex::new(Vec::new()),
};

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        self.lines
            .lock()
            .unwrap()
            .push(format!("{} {}", record.level(), record.args()));
    }
    fn flush(&self) {}
}

/// Installs the capturing logger (once per test binary) and returns a snapshot function.
pub fn capture_logs() -> impl Fn() -> Vec<String> {
    let _ = log::set_logger(&CAPTURE);
    log::set_max_level(log::LevelFilter::Trace);
    || CAPTURE.lines.lock().unwrap().clone()
}

/// Burns CPU for `how_long`, as a blocking call would, without sleeping the thread.
pub fn block_the_thread(how_long: std::time::Duration) {
    let start = std::time::Instant::now();
    while start.elapsed() < how_long {
        std::hint::spin_loop();
    }
}

/// A runtime with introspection on (and, if asked, a paused clock).
pub fn watched(paused: bool) -> Runtime {
    Runtime::builder()
        .introspect(true)
        .start_paused(paused)
        .build()
        .unwrap()
}
