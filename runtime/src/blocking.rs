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
//! **Bounded.** At most `max_threads` threads exist (default [`DEFAULT_BLOCKING_THREADS`],
//! configurable with [`Builder::blocking_threads`](crate::Builder::blocking_threads)); further
//! jobs wait in the queue in FIFO order. Threads are started only when a job arrives and no
//! thread is idle.
//!
//! **Idle threads exit** after [`DEFAULT_KEEP_ALIVE`] without work (configurable with
//! [`Builder::blocking_keep_alive`](crate::Builder::blocking_keep_alive)), so a burst of blocking
//! calls does not leave threads around forever.
//!
//! **Shutdown.** Dropping the runtime tells the pool to stop: jobs not yet started are dropped,
//! running ones finish on their own (a blocking call cannot be interrupted) and their threads
//! then exit. Nothing waits for them.

use std::collections::VecDeque;
use std::fmt;
use std::future::poll_fn;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::task::{Poll, Waker};
use std::thread;
use std::time::Duration;

use crate::context;
use crate::task::JoinHandle;

/// Threads the pool may start unless configured otherwise.
pub const DEFAULT_BLOCKING_THREADS: usize = 64;
/// How long an idle pool thread waits for work before it exits, unless configured otherwise.
pub const DEFAULT_KEEP_ALIVE: Duration = Duration::from_secs(10);

/// A unit of work for a pool thread.
type Job = Box<dyn FnOnce() + Send>;

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
                let mut slot = lock(&slot);
                match slot.result.take() {
                    Some(result) => Poll::Ready(result),
                    None => {
                        slot.waker = Some(cx.waker().clone());
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

/// Locks a mutex, ignoring poisoning: our critical sections never panic halfway.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// One runtime's pool of blocking threads.
pub(crate) struct BlockingPool {
    /// Shared with every pool thread.
    shared: Arc<PoolShared>,
}

struct PoolShared {
    /// The queue and the thread counts, under one lock.
    state: Mutex<PoolState>,
    /// Signalled when a job is queued or the pool shuts down.
    work: Condvar,
    /// The most threads that may exist at once.
    max_threads: usize,
    /// How long an idle thread waits for a job before exiting.
    keep_alive: Duration,
}

struct PoolState {
    /// Jobs not yet taken by a thread, oldest first.
    queue: VecDeque<Job>,
    /// Threads alive (busy or idle).
    threads: usize,
    /// Threads waiting for a job.
    idle: usize,
    /// Set by `shutdown`: threads exit instead of taking more jobs.
    shutdown: bool,
}

/// How many pool threads are busy and idle right now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct PoolCounts {
    pub(crate) busy: u64,
    pub(crate) idle: u64,
}

impl BlockingPool {
    pub(crate) fn new(max_threads: usize, keep_alive: Duration) -> BlockingPool {
        let state = PoolState {
            queue: VecDeque::new(),
            threads: 0,
            idle: 0,
            shutdown: false,
        };
        BlockingPool {
            shared: Arc::new(PoolShared {
                state: Mutex::new(state),
                work: Condvar::new(),
                max_threads: max_threads.max(1),
                keep_alive,
            }),
        }
    }

    /// Queues a job, starting a thread if none is idle and the limit allows.
    fn submit(&self, job: Job) {
        let mut state = lock(&self.shared.state);
        state.queue.push_back(job);
        if state.idle > 0 {
            drop(state);
            self.shared.work.notify_one();
            return;
        }
        if state.threads < self.shared.max_threads {
            state.threads += 1;
            let number = state.threads;
            drop(state);
            let shared = self.shared.clone();
            let started = thread::Builder::new()
                .name(format!("blocking-{number}"))
                .spawn(move || shared.run());
            if let Err(err) = started {
                // The job stays queued for the threads that exist (if any) to pick up.
                log::error!("could not start a blocking-pool thread: {err}");
                lock(&self.shared.state).threads -= 1;
            }
        }
    }

    pub(crate) fn counts(&self) -> PoolCounts {
        let state = lock(&self.shared.state);
        PoolCounts {
            busy: (state.threads - state.idle) as u64,
            idle: state.idle as u64,
        }
    }

    pub(crate) fn shutdown(&self) {
        let queued = {
            let mut state = lock(&self.shared.state);
            state.shutdown = true;
            std::mem::take(&mut state.queue)
        };
        drop(queued); // outside the lock: dropping a job drops its closure
        self.shared.work.notify_all();
    }
}

impl PoolShared {
    /// A pool thread's life: take jobs until idle for `keep_alive` or shut down.
    fn run(&self) {
        let mut state = lock(&self.state);
        loop {
            if let Some(job) = state.queue.pop_front() {
                drop(state);
                job(); // never panics: the job catches its closure's panic
                state = lock(&self.state);
                continue;
            }
            if state.shutdown {
                break;
            }
            state.idle += 1;
            let (next, waited) = self
                .work
                .wait_timeout(state, self.keep_alive)
                .unwrap_or_else(|p| p.into_inner());
            state = next;
            state.idle -= 1;
            if waited.timed_out() && state.queue.is_empty() {
                break;
            }
        }
        state.threads -= 1;
    }
}

impl fmt::Debug for BlockingPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let counts = self.counts();
        f.debug_struct("BlockingPool")
            .field("busy", &counts.busy)
            .field("idle", &counts.idle)
            .field("max_threads", &self.shared.max_threads)
            .finish()
    }
}
