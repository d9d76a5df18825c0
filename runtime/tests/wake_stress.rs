//! The cross-thread wake path under load: [`WAKER_THREADS`] threads wake tasks of
//! [`RUNTIMES`] runtimes at once, a million wakes in all, while each runtime keeps spawning
//! tasks and tasks keep finishing.
//!
//! Every task needs [`WAKES_PER_TASK`] wakes to finish. On each poll it parks its waker where
//! the waker threads find it and records how many wakes it has *seen* of those *sent* to it. A
//! waker thread sends a task its next wake only once the task has seen every earlier one, so
//! each wake goes to a task that is parked with nothing else to wake it: each one must be
//! delivered (a runtime may rightly fold two wakes into one poll, so a test that let wakes
//! pile up could not tell a lost one). If the runtime lost one, that task would never be
//! polled again and its runtime would never finish, and the test fails at its generous
//! deadline instead of hanging. A task that is polled after it returned `Ready` panics, which
//! fails its runtime.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::thread;
use std::time::Duration;

use runtime::{spawn, Runtime};

/// Runtimes, each on a thread of its own.
const RUNTIMES: usize = 4;
/// Threads that do nothing but wake tasks of every runtime.
const WAKER_THREADS: usize = 8;
/// Wakes each task needs before it finishes.
const WAKES_PER_TASK: usize = if cfg!(miri) { 4 } else { 100 };
/// Tasks each runtime spawns in all (see [`tasks_per_runtime`]).
const TASKS_PER_RUNTIME: usize = if cfg!(miri) { 6 } else { 2_500 };
/// Tasks each runtime spawns under valgrind, which `.ci/memcheck` says by setting
/// `UNDER_VALGRIND`: valgrind runs one thread at a time, each some fifty times slower, so the
/// full million wakes would take it far beyond [`DEADLINE`]. It still checks every wake path.
const TASKS_PER_RUNTIME_UNDER_VALGRIND: usize = 25;
/// At most this many of a runtime's tasks are alive at once: as some finish, others start.
const ALIVE_PER_RUNTIME: usize = if cfg!(miri) { 3 } else { 64 };
/// How long the whole test may take before it counts as a lost wake. Generous: a loaded
/// machine, or Miri, is slow, but a lost wake is forever.
const DEADLINE: Duration = Duration::from_secs(if cfg!(miri) { 600 } else { 120 });

/// What a task and the waker threads share.
#[derive(Default)]
struct Slot {
    /// Wakes counted as sent to the task. Only waker threads add to it, each before it wakes,
    /// and only while it equals `seen`.
    sent: AtomicUsize,
    /// How many of `sent` the task had seen at its last poll.
    seen: AtomicUsize,
    /// The waker the task left at its last poll; `None` before its first poll.
    waker: Mutex<Option<Waker>>,
    /// Set by the task when it returns `Ready`.
    done: AtomicBool,
}

/// A task that finishes once it has seen [`WAKES_PER_TASK`] wakes sent to it.
struct NeedsWakes {
    /// Shared with the waker threads through the registry.
    slot: Arc<Slot>,
}

impl Future for NeedsWakes {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let slot = &self.slot;
        assert!(
            !slot.done.load(Ordering::SeqCst),
            "a task was polled after it completed"
        );
        // Park the waker before reading the count: a wake counted after the read finds it.
        *slot.waker.lock().unwrap() = Some(cx.waker().clone());
        let sent = slot.sent.load(Ordering::SeqCst);
        slot.seen.store(sent, Ordering::SeqCst);
        if sent >= WAKES_PER_TASK {
            slot.done.store(true, Ordering::SeqCst);
            return Poll::Ready(());
        }
        Poll::Pending
    }
}

/// Tasks whose wakes are not all sent yet, across every runtime.
type Registry = Mutex<Vec<Arc<Slot>>>;

/// Tasks each runtime spawns in this run.
fn tasks_per_runtime() -> usize {
    if std::env::var_os("UNDER_VALGRIND").is_some() {
        TASKS_PER_RUNTIME_UNDER_VALGRIND
    } else {
        TASKS_PER_RUNTIME
    }
}

#[test]
fn every_cross_thread_wake_reaches_its_task_across_runtimes() {
    let tasks = tasks_per_runtime();
    // 1,000,000 natively.
    let wakes = RUNTIMES * tasks * WAKES_PER_TASK;
    let registry: Arc<Registry> = Arc::default();
    let finished = Arc::new(AtomicBool::new(false));
    let (done_tx, done_rx) = mpsc::channel();
    for _ in 0..RUNTIMES {
        let registry = registry.clone();
        let done_tx = done_tx.clone();
        thread::spawn(move || {
            let completed = Runtime::new().unwrap().block_on(run_tasks(registry, tasks));
            let _ = done_tx.send(completed);
        });
    }
    let wakers: Vec<_> = (0..WAKER_THREADS)
        .map(|seed| {
            let registry = registry.clone();
            let finished = finished.clone();
            thread::spawn(move || send_wakes(&registry, &finished, seed as u64 + 1))
        })
        .collect();
    let mut completed = 0;
    for _ in 0..RUNTIMES {
        completed += done_rx
            .recv_timeout(DEADLINE)
            .expect("a runtime never finished: a wake was lost, or a task was polled after Ready");
    }
    finished.store(true, Ordering::SeqCst);
    let sent: usize = wakers.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(completed, RUNTIMES * tasks);
    assert_eq!(sent, wakes, "exactly the wakes the tasks needed were sent");
}

/// One runtime's share: spawns `tasks` tasks, at most [`ALIVE_PER_RUNTIME`] alive at once,
/// and returns how many completed.
async fn run_tasks(registry: Arc<Registry>, tasks: usize) -> usize {
    let mut alive = std::collections::VecDeque::new();
    let mut completed = 0;
    for _ in 0..tasks {
        if alive.len() == ALIVE_PER_RUNTIME {
            let oldest: runtime::JoinHandle<()> = alive.pop_front().unwrap();
            oldest.await.unwrap();
            completed += 1;
        }
        let slot = Arc::new(Slot::default());
        registry.lock().unwrap().push(slot.clone());
        alive.push_back(spawn(NeedsWakes { slot }));
    }
    for task in alive {
        task.await.unwrap();
        completed += 1;
    }
    completed
}

/// A waker thread: until told to stop, picks a task at random and, if it has seen every wake
/// sent to it so far, counts one more as sent and wakes it; a task that has all its wakes
/// leaves the registry. Returns the wakes it sent.
fn send_wakes(registry: &Registry, finished: &AtomicBool, mut seed: u64) -> usize {
    let mut sent = 0;
    while !finished.load(Ordering::SeqCst) {
        let slot = {
            let tasks = registry.lock().unwrap();
            if tasks.is_empty() {
                drop(tasks);
                thread::yield_now();
                continue;
            }
            let index = (xorshift(&mut seed) % tasks.len() as u64) as usize;
            tasks[index].clone()
        };
        // Only a task that has parked a waker can be woken (any waker it parked wakes it).
        let Some(waker) = slot.waker.lock().unwrap().clone() else {
            continue;
        };
        let seen = slot.seen.load(Ordering::SeqCst);
        let counted = slot
            .sent
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n == seen && n < WAKES_PER_TASK).then_some(n + 1)
            });
        let Ok(before) = counted else {
            continue; // a wake is still on its way to it, or it has all of them
        };
        if before + 1 == WAKES_PER_TASK {
            registry.lock().unwrap().retain(|s| !Arc::ptr_eq(s, &slot));
        }
        // Woken with no lock of ours held, and the clone is dropped on this thread.
        waker.wake();
        sent += 1;
    }
    sent
}

/// A small, fast pseudo-random sequence (Marsaglia's xorshift64); `seed` must not be 0.
fn xorshift(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}
