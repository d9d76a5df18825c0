//! The blocking pool: run a blocking call on another thread, await its result here
//! (asyncio's `loop.run_in_executor`).
//!
//! A task must never block: while it sits in `std::thread::sleep`, a slow `read`, or a long
//! computation, no other task on this thread runs. [`spawn_blocking`] moves such work to a pool
//! of OS threads and hands back a [`JoinHandle`] to await.
//!
//! ```text
//!   runtime thread                               pool thread (one of at most `max_threads`)
//!   ──────────────                               ──────────────────────────────────────────
//!   spawn_blocking(f)
//!     push job on the queue, notify ───────────▶  pop job, run f()          (busy)
//!     spawn a local task awaiting the slot        store the result in the slot,
//!       ... other tasks run ...                   wake the awaiting task's waker:
//!   task woken via the inbox + eventfd  ◀──────   the cross-thread path
//!     takes the result (or resumes the panic,     wait for the next job     (idle)
//!     which becomes a panic JoinError)            idle longer than keep_alive: exit
//! ```
//!
//! The pool itself (threads, queue, counts) is `scheduler/blocking_pool.rs`: each runtime owns
//! one. This file is what a task calls.
//!
//! **Bounded.** At most `max_threads` threads exist (default [`DEFAULT_BLOCKING_THREADS`],
//! configurable with [`Builder::blocking_threads`](crate::Builder::blocking_threads)); further
//! jobs wait in the queue in FIFO order. Threads are started only when a job arrives and no
//! thread is idle.
//!
//! **Idle threads exit** after [`DEFAULT_KEEP_ALIVE`] without work (configurable with
//! [`Builder::blocking_keep_alive`](crate::Builder::blocking_keep_alive)), so a burst of blocking
//! calls does not leave threads around forever.
//!
//! **One idle thread per job.** A job is handed to an idle thread only if no other job was
//! handed to it first: `submit` counts the thread it notifies as taken at once (`idle` drops,
//! `notified` rises), so a burst of jobs starts new threads instead of queueing behind one idle
//! thread (a job that waits for the next one would otherwise deadlock).
//!
//! **Jobs in flight.** The pool counts jobs submitted and not yet done, and counts a job done
//! only *after* it woke the task awaiting it; the last job out wakes the reactor. The scheduler
//! reads the count so that a paused clock never jumps while a blocking job is running (see
//! `scheduler/mod.rs`): it sees zero only once the job's wake is already in its inbox.
//!
//! **Shutdown.** Dropping the runtime tells the pool to stop: jobs not yet started are dropped,
//! and so is any job submitted afterwards (by a destructor that runs during the drop); running
//! ones finish on their own (a blocking call cannot be interrupted) and their threads then exit.
//! Nothing waits for them.

use std::future::poll_fn;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex};
use std::task::{Poll, Waker};
use std::thread;
use std::time::Duration;

use crate::lock::lock;
use crate::scheduler::context;
use crate::task::JoinHandle;

/// Threads the pool may start unless configured otherwise.
pub const DEFAULT_BLOCKING_THREADS: usize = 64;
/// How long an idle pool thread waits for work before it exits, unless configured otherwise.
pub const DEFAULT_KEEP_ALIVE: Duration = Duration::from_secs(10);

/// Runs `f` on the blocking pool and returns a handle to await its result. A panic in `f`
/// becomes a panic [`JoinError`](crate::JoinError).
///
/// ```
/// runtime::run(async {
///     let sum = runtime::spawn_blocking(|| (1..=100u64).sum::<u64>()).await.unwrap();
///     assert_eq!(sum, 5050);
/// });
/// ```
///
/// # Panics
/// Outside a runtime.
pub fn spawn_blocking<F, T>(f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let scheduler = context::current("runtime::spawn_blocking");
    let slot: Arc<Mutex<Slot<T>>> = Arc::new(Mutex::new(Slot {
        result: None,
        waker: None,
    }));
    let filled = slot.clone();
    scheduler.blocking_pool().submit(Box::new(move || {
        let result = panic::catch_unwind(AssertUnwindSafe(f));
        let waker = {
            let mut slot = lock(&filled);
            slot.result = Some(result);
            slot.waker.take()
        };
        // Woken after the lock is released: the runtime thread may take it at once.
        if let Some(waker) = waker {
            waker.wake();
        }
    }));
    scheduler.spawn(
        async move {
            let result = poll_fn(|cx| {
                let waker = cx.waker().clone(); // user code (a waker's clone): not under the lock
                let mut guard = lock(&slot);
                match guard.result.take() {
                    Some(result) => Poll::Ready(result),
                    None => {
                        let previous = guard.waker.replace(waker);
                        drop(guard);
                        drop(previous);
                        Poll::Pending
                    }
                }
            })
            .await;
            result.unwrap_or_else(|payload| panic::resume_unwind(payload))
        },
        Some("spawn_blocking".into()),
    )
}

/// Where a pool thread leaves a job's result for the task awaiting it.
struct Slot<T> {
    /// The closure's return value, or its panic. Set once by the pool thread.
    result: Option<thread::Result<T>>,
    /// The awaiting task's waker, set when it found no result yet.
    waker: Option<Waker>,
}
