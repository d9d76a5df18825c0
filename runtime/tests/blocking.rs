//! `spawn_blocking`: bounded pool, results and panics come back, the loop keeps running.

mod util;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Barrier};
use std::time::Duration;

use runtime::{spawn, spawn_blocking, Runtime};

#[test]
fn a_hundred_calls_on_a_pool_of_four_run_four_at_a_time_and_all_complete() {
    let rt = Runtime::builder().blocking_threads(4).build().unwrap();
    let running = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    // Each job waits at a barrier of 4: the pool only gets through if 4 run at once.
    let barrier = Arc::new(Barrier::new(4));
    let results = rt.block_on(async {
        let handles: Vec<_> = (0..100)
            .map(|i| {
                let (running, most, barrier) = (running.clone(), most.clone(), barrier.clone());
                spawn_blocking(move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    barrier.wait();
                    running.fetch_sub(1, Ordering::SeqCst);
                    i * 2
                })
            })
            .collect();
        runtime::join_all(handles).await
    });
    let results: Vec<_> = results.into_iter().map(Result::unwrap).collect();
    assert_eq!(results, (0..100).map(|i| i * 2).collect::<Vec<_>>());
    assert_eq!(
        most.load(Ordering::SeqCst),
        4,
        "never more than the pool's 4 threads at once"
    );
}

#[test]
fn a_panic_inside_spawn_blocking_becomes_a_panic_join_error() {
    let err = runtime::run(async { spawn_blocking(|| panic!("blocking boom")).await }).unwrap_err();
    assert!(err.is_panic());
    assert_eq!(
        *err.into_panic().downcast::<&str>().unwrap(),
        "blocking boom"
    );
}

#[test]
fn a_blocking_call_does_not_stop_other_tasks() {
    runtime::run(async {
        let (release_tx, release_rx) = mpsc::channel::<()>();
        // The blocking job waits for a message that only a *task* sends: if the pool ran the job
        // on the runtime's thread, that task could never run and this would hang.
        let job = spawn_blocking(move || release_rx.recv_timeout(Duration::from_secs(10)).is_ok());
        let sender = spawn(async move { release_tx.send(()).unwrap() });
        sender.await.unwrap();
        assert!(job.await.unwrap(), "released by the task");
    });
}

#[test]
#[cfg_attr(
    miri,
    ignore = "real-time bounds: a 20 ms keep-alive is too short at Miri's speed"
)]
fn idle_blocking_threads_exit_after_their_keep_alive() {
    let rt = Runtime::builder()
        .blocking_keep_alive(Duration::from_millis(20))
        .build()
        .unwrap();
    rt.block_on(async {
        spawn_blocking(|| ()).await.unwrap();
        let metrics = rt.metrics();
        assert_eq!(
            metrics.blocking_threads_busy + metrics.blocking_threads_idle,
            1,
            "one thread was started"
        );
        // Wait (bounded) for the idle thread to give up.
        let gone = runtime::time::timeout(Duration::from_secs(10), async {
            while rt.metrics().blocking_threads_idle > 0 {
                runtime::time::sleep(Duration::from_millis(5)).await;
            }
        })
        .await;
        assert!(gone.is_ok(), "the idle thread never exited");
    });
}

#[test]
fn metrics_count_busy_blocking_threads() {
    let rt = Runtime::new().unwrap();
    rt.block_on(async {
        let (started_tx, started_rx) = mpsc::channel();
        let (release_tx, release_rx) = mpsc::channel::<()>();
        let job = spawn_blocking(move || {
            started_tx.send(()).unwrap();
            release_rx.recv().unwrap();
        });
        started_rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(rt.metrics().blocking_threads_busy, 1);
        release_tx.send(()).unwrap();
        job.await.unwrap();
    });
}

#[test]
fn a_job_submitted_right_after_another_gets_a_thread_of_its_own() {
    runtime::run(async {
        runtime::spawn_blocking(|| ()).await.unwrap();
        // One idle thread now; the next two jobs arrive back to back.
        let idle = runtime::time::timeout(Duration::from_secs(30), async {
            while runtime::metrics().blocking_threads_idle != 1 {
                runtime::yield_now().await;
            }
        });
        idle.await.expect("the pool thread never went idle");
        let (tx, rx) = std::sync::mpsc::channel();
        // `first` waits for `second`: both must run at once, on two threads.
        let first = runtime::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(30)));
        let second = runtime::spawn_blocking(move || tx.send(()).unwrap());
        assert_eq!(
            first.await.unwrap(),
            Ok(()),
            "the second job queued behind the first"
        );
        second.await.unwrap();
    });
}
