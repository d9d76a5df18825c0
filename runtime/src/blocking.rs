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
//! **One idle thread per job.** A job is handed to an idle thread only if no other job was
//! handed to it first: `submit` counts the thread it notifies as taken at once (`idle` drops,
//! `notified` rises), so a burst of jobs starts new threads instead of queueing behind one idle
//! thread (a job that waits for the next one would otherwise deadlock).
//!
//! **Jobs in flight.** The pool counts jobs submitted and not yet done, and counts a job done
//! *before* it wakes the task awaiting it. The scheduler reads the count so that a paused clock
//! never jumps while a blocking job is running (see `scheduler/mod.rs`).
//!
//! **Shutdown.** Dropping the runtime tells the pool to stop: jobs not yet started are dropped,
//! and so is any job submitted afterwards (by a destructor that runs during the drop); running
//! ones finish on their own (a blocking call cannot be interrupted) and their threads then exit.
//! Nothing waits for them.

use std::collections::VecDeque;
use std::fmt;
use std::future::poll_fn;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Poll, Waker};
use std::thread;
use std::time::Duration;

use crate::context;
use crate::scheduler::registry::lock;
use crate::task::JoinHandle;

/// Threads the pool may start unless configured otherwise.
pub const DEFAULT_BLOCKING_THREADS: usize = 64;
/// How long an idle pool thread waits for work before it exits, unless configured otherwise.
pub const DEFAULT_KEEP_ALIVE: Duration = Duration::from_secs(10);

/// A unit of work for a pool thread. It returns the waker to wake once the pool has counted it
/// done.
type Job = Box<dyn FnOnce() -> Option<Waker> + Send>;

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
        let mut slot = lock(&filled);
        slot.result = Some(result);
        slot.waker.take()
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
    /// Threads waiting for a job and not yet notified of one.
    idle: usize,
    /// Notifications sent by `submit` and not yet taken by a waking thread. A thread that wakes
    /// and finds none woke spuriously, and waits again.
    notified: usize,
    /// Jobs submitted and not yet done (queued or running).
    in_flight: usize,
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
            notified: 0,
            in_flight: 0,
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

    /// Queues a job, handing it to an idle thread or starting one if the limit allows. After
    /// shutdown began, drops the job instead.
    fn submit(&self, job: Job) {
        let mut state = lock(&self.shared.state);
        if state.shutdown {
            drop(state);
            drop(job); // outside the lock: dropping a job drops its closure
            return;
        }
        state.queue.push_back(job);
        state.in_flight += 1;
        if state.idle > 0 {
            // That thread is taken from this moment, not from when it wakes up.
            state.idle -= 1;
            state.notified += 1;
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

    /// Jobs submitted and not yet done. A job counts as done before it wakes its task.
    pub(crate) fn in_flight(&self) -> usize {
        lock(&self.shared.state).in_flight
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
            state.in_flight -= state.queue.len();
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
        'jobs: loop {
            if let Some(job) = state.queue.pop_front() {
                drop(state);
                let waker = job(); // never panics: the job catches its closure's panic
                state = lock(&self.state);
                state.in_flight -= 1;
                drop(state);
                // Counted done first, then woken: a runtime that sees nothing in flight can be
                // sure no wake from this pool is still coming.
                if let Some(waker) = waker {
                    waker.wake();
                }
                state = lock(&self.state);
                continue;
            }
            if state.shutdown {
                break;
            }
            state.idle += 1;
            loop {
                let (next, waited) = self
                    .work
                    .wait_timeout(state, self.keep_alive)
                    .unwrap_or_else(|p| p.into_inner());
                state = next;
                if state.notified > 0 {
                    // `submit` already took us off `idle`.
                    state.notified -= 1;
                    continue 'jobs;
                }
                if state.shutdown || waited.timed_out() {
                    state.idle -= 1;
                    break 'jobs;
                }
                // A spurious wake-up: still idle, wait again.
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
