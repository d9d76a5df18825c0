//! What `block_on` leaves behind, and what dropping a `Runtime` does to it.

mod util;

use std::cell::Cell;
use std::rc::Rc;

use runtime::{spawn, yield_now, Runtime};
use util::{Counted, DropCounter};

#[test]
fn block_on_returns_as_soon_as_its_future_is_ready_and_tasks_resume_next_time() {
    let rt = Runtime::new().unwrap();
    let steps = Rc::new(Cell::new(0));
    let counter = steps.clone();
    rt.block_on(async move {
        drop(spawn(async move {
            loop {
                counter.set(counter.get() + 1);
                yield_now().await;
            }
        }));
        yield_now().await;
    });
    let after_first = steps.get();
    assert!(after_first >= 1, "the task ran during the first block_on");
    assert_eq!(rt.metrics().tasks_alive, 1, "still pending, not dropped");
    rt.block_on(async {
        for _ in 0..3 {
            yield_now().await;
        }
    });
    assert!(
        steps.get() > after_first,
        "the task carried on in the next block_on"
    );
}

#[test]
fn dropping_the_runtime_drops_every_pending_future_exactly_once() {
    let rt = Runtime::new().unwrap();
    let mut all_counts = Vec::new();
    let mut kept = Vec::new();
    rt.block_on(async {
        for i in 0..10 {
            let (future, counts, _, _) = Counted::new();
            all_counts.push(counts);
            if i % 2 == 0 {
                drop(spawn(future)); // detached
            } else {
                kept.push(spawn(future)); // its handle outlives the runtime
            }
        }
        yield_now().await;
    });
    let polls_before: Vec<_> = all_counts.iter().map(|c| c.polls.get()).collect();
    drop(rt);
    for (counts, polls) in all_counts.iter().zip(polls_before) {
        assert_eq!(counts.drops.get(), 1, "every future dropped exactly once");
        assert_eq!(counts.polls.get(), polls, "nothing polled during the drop");
    }
    assert!(kept.iter().all(|handle| handle.is_finished()));
}

#[test]
fn a_destructor_that_spawns_and_wakes_during_runtime_drop_neither_panics_nor_deadlocks() {
    struct SpawnOnDrop(Rc<Cell<usize>>);
    impl Drop for SpawnOnDrop {
        fn drop(&mut self) {
            let drops = self.0.clone();
            // Spawning during shutdown works; the new task is dropped too, never polled.
            let handle = spawn(async move {
                let _guard = DropCounter(drops);
                unreachable!("a task spawned during shutdown must never run");
            });
            handle.abort();
            drop(handle);
        }
    }

    let drops = Rc::new(Cell::new(0));
    let rt = Runtime::new().unwrap();
    rt.block_on(async {
        let (future, _, _, waker) = Counted::new();
        let guard = SpawnOnDrop(drops.clone());
        let sibling = spawn(future);
        drop(spawn(async move {
            let _guard = guard;
            yield_now().await;
            util::pending_forever().await;
        }));
        yield_now().await;
        yield_now().await;
        // A destructor that wakes another task during shutdown:
        let waker = waker.borrow().clone().unwrap();
        drop(spawn(async move {
            let _wake_on_drop = WakeOnDrop(waker);
            util::pending_forever().await;
        }));
        drop(sibling);
        yield_now().await;
    });
    drop(rt);
    // The task spawned from a destructor never ran, so its future (and its guard) never existed.
    assert_eq!(drops.get(), 0);

    struct WakeOnDrop(std::task::Waker);
    impl Drop for WakeOnDrop {
        fn drop(&mut self) {
            self.0.wake_by_ref();
        }
    }
}

#[test]
#[allow(clippy::async_yields_async)] // block_on hands the handle out, to outlive the runtime
fn join_handles_of_tasks_dropped_with_the_runtime_report_cancelled() {
    let rt = Runtime::new().unwrap();
    let handle = rt.block_on(async { spawn(util::pending_forever()) });
    drop(rt);
    assert!(handle.is_finished());
    let other = Runtime::new().unwrap();
    assert!(other.block_on(handle).unwrap_err().is_cancelled());
}

#[test]
fn spawn_blocking_from_a_destructor_during_runtime_drop_drops_the_job_unrun() {
    use std::sync::mpsc;

    /// Submits a blocking job from its destructor.
    struct SubmitOnDrop(Option<mpsc::Sender<()>>);
    impl Drop for SubmitOnDrop {
        fn drop(&mut self) {
            let ran = self.0.take().unwrap();
            drop(runtime::spawn_blocking(move || ran.send(()).unwrap()));
        }
    }

    let (ran_tx, ran_rx) = mpsc::channel();
    let rt = Runtime::new().unwrap();
    rt.block_on(async move {
        spawn(async move {
            let _guard = SubmitOnDrop(Some(ran_tx));
            util::pending_forever().await
        });
        runtime::yield_now().await;
    });
    drop(rt);
    // The job, and the sender it owns, were dropped: `recv` sees the channel closed at once.
    assert_eq!(
        ran_rx.recv(),
        Err(mpsc::RecvError),
        "the job ran after shutdown"
    );
}
