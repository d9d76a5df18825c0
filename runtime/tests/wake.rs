//! Wakes: exactly-once rescheduling, stale wakers, and wakes from other threads.

mod util;

use std::cell::Cell;
use std::future::poll_fn;
use std::rc::Rc;
use std::sync::mpsc;
use std::task::Poll;
use std::time::{Duration, Instant};

use runtime::{spawn, yield_now, Runtime};

#[test]
fn a_task_woken_while_it_is_polled_is_polled_again_exactly_once() {
    let polls = Rc::new(Cell::new(0));
    let counter = polls.clone();
    runtime::run(async move {
        let task = spawn(poll_fn(move |cx| {
            counter.set(counter.get() + 1);
            if counter.get() == 1 {
                // Woken three times during its own poll: one more poll, not three.
                cx.waker().wake_by_ref();
                cx.waker().wake_by_ref();
                let clone = cx.waker().clone();
                std::thread::scope(|_| clone.wake()); // by value, as a channel would
            }
            Poll::<()>::Pending
        }));
        for _ in 0..5 {
            yield_now().await;
        }
        task.abort();
    });
    assert_eq!(polls.get(), 2);
}

#[test]
fn a_task_woken_twice_before_it_runs_is_polled_once() {
    let (future, counts, _, waker) = util::Counted::new();
    runtime::run(async move {
        let task = spawn(future);
        yield_now().await; // first poll: pending, waker stored
        assert_eq!(counts.polls.get(), 1);
        let waker = waker.borrow().clone().unwrap();
        waker.wake_by_ref();
        waker.wake_by_ref();
        yield_now().await;
        yield_now().await;
        assert_eq!(counts.polls.get(), 2);
        task.abort();
    });
}

#[test]
fn waking_a_finished_task_does_nothing() {
    runtime::run(async {
        let (future, counts, ready, waker) = util::Counted::new();
        ready.set(true);
        spawn(future).await.unwrap();
        let stale = waker.borrow().clone().unwrap();
        // The slot is reused by a new task: the stale waker must not poll it.
        let (other, other_counts, _, _) = util::Counted::new();
        let other = spawn(other);
        yield_now().await;
        assert_eq!(other_counts.polls.get(), 1);
        stale.wake();
        yield_now().await;
        assert_eq!(
            other_counts.polls.get(),
            1,
            "a stale waker woke another task"
        );
        assert_eq!(counts.polls.get(), 1);
        other.abort();
    });
}

#[test]
fn waking_an_aborted_task_does_nothing() {
    runtime::run(async {
        let (future, counts, _, waker) = util::Counted::new();
        let task = spawn(future);
        yield_now().await;
        task.abort();
        assert!(task.await.unwrap_err().is_cancelled());
        waker.borrow().clone().unwrap().wake();
        yield_now().await;
        assert_eq!(counts.polls.get(), 1);
        assert_eq!(counts.drops.get(), 1);
    });
}

#[test]
fn wakers_that_outlive_their_runtime_do_nothing() {
    let rt = Runtime::new().unwrap();
    let (future, _, _, waker) = util::Counted::new();
    rt.block_on(async move {
        drop(spawn(future));
        yield_now().await;
    });
    let waker = waker.borrow().clone().unwrap();
    drop(rt);
    waker.wake_by_ref();
    std::thread::spawn(move || waker.wake()).join().unwrap();
}

#[test]
fn a_waker_woken_on_another_thread_wakes_a_runtime_blocked_on_io() {
    let rt = Runtime::new().unwrap();
    let started = Instant::now();
    let woken = rt.block_on(async {
        let (tx, rx) = mpsc::channel();
        let mut sent = false;
        // Pending until a thread wakes us; meanwhile the runtime has nothing to do but block.
        poll_fn(|cx| {
            if !sent {
                sent = true;
                let waker = cx.waker().clone();
                let tx = tx.clone();
                std::thread::spawn(move || {
                    waker.wake();
                    tx.send(()).unwrap();
                });
                return Poll::Pending;
            }
            Poll::Ready(rx.try_recv().is_ok() || rx.recv_timeout(Duration::from_secs(10)).is_ok())
        })
        .await
    });
    assert!(woken);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the wake took too long"
    );
}

#[test]
fn a_task_woken_from_another_thread_is_scheduled() {
    let rt = Runtime::new().unwrap();
    let polls = rt.block_on(async {
        let (future, counts, ready, waker) = util::Counted::new();
        let task = spawn(future);
        yield_now().await;
        ready.set(true);
        let waker = waker.borrow().clone().unwrap();
        let thread = std::thread::spawn(move || waker.wake());
        // The runtime blocks in epoll until the thread's wake arrives through the inbox.
        task.await.unwrap();
        thread.join().unwrap();
        counts.polls.get()
    });
    assert_eq!(polls, 2);
    assert_eq!(rt.metrics().remote_wakes, 1);
}

#[test]
fn many_threads_waking_one_task_at_once_lose_no_wake() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    const THREADS: usize = 4;
    // Fewer under Miri, which runs this hundreds of times slower (and checks it for data races).
    const WAKES: usize = if cfg!(miri) { 100 } else { 1000 };
    let rt = Runtime::new().unwrap();
    let bumps = Arc::new(AtomicUsize::new(0));
    let finished = rt.block_on(async {
        let seen = bumps.clone();
        let (tx, rx) = mpsc::channel();
        // Pending until every bump is visible. Each bump is followed by a wake, so the last wake
        // must find it: a lost wake would leave this task asleep and the timeout would fire.
        let task = spawn(poll_fn(move |cx| {
            tx.send(cx.waker().clone()).ok();
            if seen.load(Ordering::SeqCst) == THREADS * WAKES {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        }));
        yield_now().await;
        let waker = rx.recv().unwrap();
        let threads: Vec<_> = (0..THREADS)
            .map(|_| {
                let (waker, bumps) = (waker.clone(), bumps.clone());
                std::thread::spawn(move || {
                    for _ in 0..WAKES {
                        bumps.fetch_add(1, Ordering::SeqCst);
                        waker.wake_by_ref();
                    }
                })
            })
            .collect();
        let bound = Duration::from_secs(if cfg!(miri) { 600 } else { 10 });
        let finished = runtime::time::timeout(bound, task).await;
        threads
            .into_iter()
            .for_each(|thread| thread.join().unwrap());
        finished
    });
    assert!(finished.is_ok(), "a wake from another thread was lost");
    assert!(rt.metrics().remote_wakes >= 1);
}

#[test]
fn a_waker_woken_by_a_thread_local_destructor_takes_the_cross_thread_path() {
    use std::cell::RefCell;
    use std::task::Waker;

    /// Wakes the waker it holds when the thread that owns it exits.
    struct WakeOnExit(RefCell<Option<Waker>>);
    impl Drop for WakeOnExit {
        fn drop(&mut self) {
            if let Some(waker) = self.0.borrow_mut().take() {
                waker.wake();
            }
        }
    }
    thread_local! {
        static WAKE_ON_EXIT: WakeOnExit = const { WakeOnExit(RefCell::new(None)) };
    }

    let (waker_tx, waker_rx) = mpsc::channel::<Waker>();
    let thread = std::thread::spawn(move || {
        // Touched first, so destroyed last: after the runtime's own thread-local is gone.
        WAKE_ON_EXIT.with(|_| {});
        runtime::run(async {}); // this thread has run a runtime, so it has that thread-local
        let waker = waker_rx.recv().unwrap();
        WAKE_ON_EXIT.with(|slot| *slot.0.borrow_mut() = Some(waker));
    });
    runtime::run(async move {
        let mut sent = false;
        let task = spawn(poll_fn(move |cx| {
            if sent {
                return Poll::Ready(());
            }
            sent = true;
            waker_tx.send(cx.waker().clone()).unwrap();
            Poll::Pending
        }));
        let woken = runtime::time::timeout(Duration::from_secs(30), task).await;
        assert!(woken.is_ok(), "the wake from the destructor was lost");
    });
    thread.join().unwrap();
}

#[test]
fn a_waker_of_a_dropped_runtime_never_reaches_the_tasks_of_the_next() {
    let first = Runtime::new().unwrap();
    let (future, _, _, last_waker) = util::Counted::new();
    first.block_on(async {
        spawn(future);
        yield_now().await;
    });
    let stale = last_waker.borrow().clone().expect("polled once");
    drop(first);

    let second = Runtime::new().unwrap();
    let (future, counts, _, _) = util::Counted::new();
    second.block_on(async {
        spawn(future); // most likely in the same registry slot, task slot and id as the dead one
        yield_now().await;
        stale.wake_by_ref();
        let from_elsewhere = stale.clone();
        std::thread::spawn(move || from_elsewhere.wake())
            .join()
            .unwrap();
        yield_now().await;
        yield_now().await;
    });
    assert_eq!(
        counts.polls.get(),
        1,
        "a stale waker polled another runtime's task"
    );
}
