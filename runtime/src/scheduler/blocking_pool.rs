//! One runtime's pool of blocking threads: the threads, the job queue and the counts behind
//! [`spawn_blocking`](crate::spawn_blocking), whose module (`blocking.rs`) draws the whole flow
//! and states the pool's rules (bounded, idle threads exit, one idle thread per job, jobs in
//! flight, shutdown). The code for each rule is here.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

use reactor::Remote;

use crate::lock::lock;

/// A unit of work for a pool thread. It wakes whoever awaits it itself, before it returns.
pub(crate) type Job = Box<dyn FnOnce() + Send>;

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
    /// The owning runtime's reactor wake: poked when the last job in flight is done.
    remote: Remote,
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
    /// A pool of at most `max_threads` threads for the runtime whose reactor `remote` wakes.
    pub(crate) fn new(max_threads: usize, keep_alive: Duration, remote: Remote) -> BlockingPool {
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
                remote,
            }),
        }
    }

    /// Queues a job, handing it to an idle thread or starting one if the limit allows. After
    /// shutdown began, drops the job instead.
    pub(crate) fn submit(&self, job: Job) {
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

    /// Jobs submitted and not yet done. A job counts as done only after it woke its task.
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
                job(); // never panics: the job catches its closure's panic
                state = lock(&self.state);
                // Counted done only after the job woke its task: a runtime that sees nothing in
                // flight has that wake in its inbox already. The last job out pokes the reactor,
                // so a runtime waiting for the count to reach zero looks again.
                state.in_flight -= 1;
                let none_left = state.in_flight == 0;
                drop(state);
                if none_left {
                    if let Err(err) = self.remote.wake() {
                        log::debug!("blocking pool: reactor wake failed: {err}");
                    }
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
