//! A single-threaded async runtime on the [`reactor`] crate: what asyncio's event loop is to
//! Python coroutines, for Rust futures.
//!
//! # The loop
//!
//! ```text
//!          ┌────────────────────────────────────────────────────────────┐
//!          ▼                                                            │
//!   run ready tasks  ──▶  turn the reactor  ──▶  wakers refill the run queue
//!   (FIFO, at most        (epoll: I/O readiness,  (a task woken on this thread
//!    61 polls a round)     due timers, wakes       goes to the back of the queue;
//!                          from other threads)     one woken elsewhere via the inbox)
//! ```
//!
//! A task is a future the runtime owns ([`spawn`]). It runs until it returns `Pending`, having
//! handed its `Waker` to whatever it waits for: a socket's registration, a timer, a channel, a
//! `JoinHandle`. When that thing happens, the waker puts the task back in the run queue. The
//! reactor (in its own crate) never polls a future; this crate never touches a file descriptor.
//!
//! # From asyncio
//!
//! | asyncio                                   | this crate                                          |
//! |-------------------------------------------|-----------------------------------------------------|
//! | `asyncio.run(main())`                     | [`run`]`(main())`, or [`Runtime::block_on`]          |
//! | `loop.create_task(coro)` / `create_task`  | [`spawn`]`(fut)` returns a [`JoinHandle`]            |
//! | `await task`                              | `handle.await` gives `Result<T, JoinError>`          |
//! | `task.cancel()`                           | [`JoinHandle::abort`]                                |
//! | `asyncio.gather(a, b)`                    | [`join!`]`(a, b)`, [`join_all`]`(iter)`              |
//! | `asyncio.wait(..., FIRST_COMPLETED)`      | [`select!`]                                          |
//! | `asyncio.TaskGroup`                       | [`JoinSet`]                                          |
//! | `asyncio.sleep(s)`                        | [`time::sleep`]                                      |
//! | `asyncio.sleep(0)`                        | [`yield_now`]                                        |
//! | `asyncio.wait_for(aw, timeout)`           | [`time::timeout`]                                    |
//! | `loop.time()`                             | [`time::Instant::now`]                               |
//! | `loop.call_later` (periodic)              | [`time::interval`]                                   |
//! | `asyncio.open_connection(host, port)`     | [`net::TcpStream::connect`], then `into_split`       |
//! | `asyncio.start_server(cb, host, port)`    | [`net::TcpListener`]: `accept` in a loop, `spawn`    |
//! | `StreamReader.readline()`                 | [`io::BufReader::read_line`]                         |
//! | `asyncio.Queue`, `Lock`, `Semaphore`, `Event` | [`sync`]: `mpsc`, `Mutex`, `Semaphore`, `Notify`  |
//! | `asyncio.create_subprocess_exec`          | [`process::Command`]`::spawn`, `output`, `status`     |
//! | `loop.add_signal_handler(sig, cb)`        | [`signal::unix::signal`]`(kind)`, `recv().await`    |
//! | `loop.connect_read_pipe` / `write_pipe`   | [`net::unix::pipe`]                                  |
//!
//! # Tasks
//!
//! The life of a task, with the function behind each edge, is drawn in the [`task`] module.
//! The scheduling rules, each pinned by a test in `runtime/tests/`, are:
//!
//! - tasks run in the order they were woken or spawned (FIFO);
//! - a task woken while it runs is polled again exactly once after; woken twice, polled once;
//! - waking a finished task, or a task of a dropped runtime, does nothing;
//! - a waker may be woken from any thread; the runtime wakes up promptly if it was asleep;
//! - dropping a `JoinHandle` detaches the task; `abort` drops its future before the next poll;
//! - a panic in a task is caught and becomes a `JoinError`; other tasks carry on;
//! - dropping the `Runtime` drops every unfinished task's future exactly once.
//!
//! # Example
//!
//! ```
//! use std::time::Duration;
//! use runtime::time::{sleep, Instant};
//!
//! // A paused clock: virtual time jumps from timer to timer, so the example waits for nothing.
//! let rt = runtime::Runtime::builder().start_paused(true).build().unwrap();
//! rt.block_on(async {
//!     let start = Instant::now();
//!     let slow = runtime::spawn(async { sleep(Duration::from_secs(2)).await; "slow" });
//!     let fast = runtime::spawn(async { sleep(Duration::from_secs(1)).await; "fast" });
//!     let (slow, fast) = runtime::join!(slow, fast);
//!     assert_eq!((slow.unwrap(), fast.unwrap()), ("slow", "fast"));
//!     assert_eq!(start.elapsed(), Duration::from_secs(2)); // concurrent, not 3 s in sequence
//! });
//! ```

#![deny(missing_docs, missing_debug_implementations, rust_2018_idioms)]
#![warn(clippy::undocumented_unsafe_blocks)]

mod blocking;
mod builder;
pub mod coop;
pub mod debug;
#[cfg(feature = "futures-io")]
mod futures_io_compat;
pub mod introspect;
pub mod io;
mod join;
mod lock;
mod metrics;
pub mod net;
#[cfg(target_os = "linux")]
pub mod process;
#[allow(clippy::module_inception)]
mod runtime;
mod scheduler;
#[cfg(unix)]
pub mod signal;
pub mod sync;
pub mod task;
pub mod time;
mod yield_now;

use std::future::Future;

use crate::scheduler::context;

pub use crate::blocking::{spawn_blocking, DEFAULT_BLOCKING_THREADS, DEFAULT_KEEP_ALIVE};
pub use crate::builder::{Builder, DEFAULT_EVENT_INTERVAL};
pub use crate::join::join_all;
pub use crate::metrics::Metrics;
pub use crate::runtime::Runtime;
pub use crate::task::{JoinError, JoinHandle, JoinSet};
pub use crate::yield_now::yield_now;

/// Spawns a task on the current runtime and returns its handle (asyncio's `create_task`).
///
/// The future need not be `Send`: it stays on this thread. It starts running at the runtime's
/// next scheduling round, after the tasks already queued.
///
/// # Panics
/// Outside a runtime.
pub fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
{
    context::current("runtime::spawn").spawn(future, None)
}

/// The current runtime's reactor handle: register your own `mio` sources with it, or inspect
/// its timers. (The runtime's own I/O types use it the same way.)
///
/// # Panics
/// Outside a runtime.
pub fn reactor_handle() -> reactor::Handle {
    context::current("runtime::reactor_handle").handle().clone()
}

/// What the current runtime has done so far (the same as [`Runtime::metrics`], from inside).
///
/// # Panics
/// Outside a runtime.
pub fn metrics() -> Metrics {
    context::current("runtime::metrics").metrics()
}

/// Runs `future` on a new runtime and returns its output, dropping the runtime (and any task
/// still pending) afterwards: asyncio's `asyncio.run`.
///
/// # Panics
/// If the runtime cannot be created (no epoll instance or eventfd available), or inside a
/// runtime.
pub fn run<F: Future>(future: F) -> F::Output {
    let runtime = Runtime::new().unwrap_or_else(|err| panic!("could not start a runtime: {err}"));
    runtime.block_on(future)
}

/// Items the macros need, under one path. Not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use std::future::{poll_fn, Future};
    pub use std::task::Poll;
}
