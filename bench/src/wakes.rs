//! Scenario `wakes`: four threads wake the tasks of four runtimes, each runtime on a thread of
//! its own; wakes per second.
//!
//! This is the cross-thread wake path alone: a waker cloned into another thread and woken there.
//! Ours finds the task's runtime in the registry, locks only that runtime's slot, pushes onto
//! its inbox and writes its eventfd once per burst. tokio's current-thread runtime pushes onto
//! its own injection queue and unparks its driver. With four runtimes woken from four threads at
//! once, what a process-wide lock would cost shows up here.
//!
//! Each waker thread wakes the four tasks in turn (`wakes / 4` times each), so every runtime is
//! woken from every thread. A task counts its polls; when the waker threads are done, each task
//! is woken once more with the stop flag set, and must come back (a lost final wake would hang
//! the round, not flatter it). Wakes that arrive while a task is already queued coalesce into
//! one poll, in both runtimes, so polls are not counted as the figure.
//!
//! ```ignore
//! let elapsed = wakes::ours_wakes(1_000_000);
//! ```

use std::future::poll_fn;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Barrier};
use std::task::{Poll, Waker};
use std::thread;
use std::time::{Duration, Instant};

use crate::plan::Plan;
use crate::report::{count, Metric, Table};
use crate::rounds::{self, Contender, Impl};

/// Runtimes, and threads waking them.
const RUNTIMES: usize = 4;

/// Runs the scenario in alternation and adds its row to `table`.
pub fn run(plan: &Plan, table: &mut Table) {
    let n = plan.remote_wakes;
    let outcomes = rounds::alternate(
        "wakes",
        plan.rounds,
        vec![
            Contender::new(Impl::Ours, || Some(per_second(n, ours_wakes(n)))),
            Contender::new(Impl::Tokio, || Some(per_second(n, tokio_wakes(n)))),
        ],
    );
    let per_second = Metric {
        name: "wakes/s ↑",
        value: |rate: &f64| *rate,
    };
    table.add(
        "wakes",
        format!(
            "{} wakes, {RUNTIMES} threads x {RUNTIMES} runtimes",
            count(n as u64)
        ),
        &[per_second],
        &outcomes,
    );
}

/// `n` wakes in `elapsed`, as wakes per second.
fn per_second(n: usize, elapsed: Duration) -> f64 {
    n as f64 / elapsed.as_secs_f64()
}

/// How one runtime runs the waiting task: given the task's future, block on it.
type RunTask = fn(Box<dyn FnOnce() -> TaskFuture + Send>);

/// The future each runtime runs: Pending until `stop` is set, handing its waker out first.
type TaskFuture = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

/// Our runtime: four `Runtime`s on four threads.
pub fn ours_wakes(n: usize) -> Duration {
    wake_storm(n, |make| {
        let rt = runtime::Runtime::new().expect("build our runtime");
        rt.block_on(async move { runtime::spawn(make()).await.expect("the task ends") });
    })
}

/// tokio's current-thread runtime, four of them on four threads.
pub fn tokio_wakes(n: usize) -> Duration {
    wake_storm(n, |make| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("build a tokio runtime");
        let local = tokio::task::LocalSet::new();
        local.block_on(&rt, async move {
            tokio::task::spawn_local(make())
                .await
                .expect("the task ends")
        });
    })
}

/// The common harness: start the runtimes, collect their tasks' wakers, wake `n` times in all
/// from `RUNTIMES` threads at once, then stop every task. Returns the time the wakes took.
fn wake_storm(n: usize, run_task: RunTask) -> Duration {
    let stop = Arc::new(AtomicBool::new(false));
    let (waker_tx, waker_rx) = mpsc::channel::<Waker>();
    let runtimes: Vec<_> = (0..RUNTIMES)
        .map(|_| {
            let (stop, waker_tx) = (stop.clone(), waker_tx.clone());
            thread::spawn(move || {
                run_task(Box::new(move || {
                    let mut sent = false;
                    Box::pin(poll_fn(move |cx| {
                        if stop.load(Ordering::Acquire) {
                            return Poll::Ready(());
                        }
                        if !sent {
                            sent = true;
                            waker_tx
                                .send(cx.waker().clone())
                                .expect("the harness waits");
                        }
                        Poll::Pending
                    }))
                }))
            })
        })
        .collect();
    let wakers: Arc<Vec<Waker>> = Arc::new(
        (0..RUNTIMES)
            .map(|_| waker_rx.recv().expect("every task sends its waker"))
            .collect(),
    );
    let start_line = Arc::new(Barrier::new(RUNTIMES + 1));
    let per_thread = n / RUNTIMES;
    let wakers_threads: Vec<_> = (0..RUNTIMES)
        .map(|first| {
            let (wakers, start_line) = (wakers.clone(), start_line.clone());
            thread::spawn(move || {
                start_line.wait();
                for i in 0..per_thread {
                    wakers[(first + i) % RUNTIMES].wake_by_ref();
                }
            })
        })
        .collect();
    start_line.wait();
    let started = Instant::now();
    for thread in wakers_threads {
        thread.join().expect("a waker thread panicked");
    }
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Release);
    wakers.iter().for_each(Waker::wake_by_ref);
    for runtime in runtimes {
        runtime
            .join()
            .expect("a runtime missed its last wake or panicked");
    }
    elapsed
}
