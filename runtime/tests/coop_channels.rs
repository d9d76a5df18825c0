//! Every sync primitive spends the cooperative budget: a task that always finds its channel,
//! lock or permit ready still lets the other tasks run.

mod util;

use std::cell::{Cell, RefCell};
use std::future::{poll_fn, Future};
use std::rc::Rc;

use runtime::coop::BUDGET;
use runtime::spawn;
use runtime::sync::{broadcast, mpsc, oneshot, Mutex, Notify, Semaphore};
use util::paused;

/// Runs `step` in a loop on one task, next to a second task that only sets a flag, and returns
/// how many steps the first task completed before the second one got to run. (The step that
/// made it yield completes only afterwards, so it is not counted.)
async fn steps_before_another_task_runs<F, Fut>(mut step: F) -> u32
where
    F: FnMut() -> Fut + 'static,
    Fut: Future<Output = ()>,
{
    let other_ran = Rc::new(Cell::new(false));
    let seen = other_ran.clone();
    let greedy = spawn(async move {
        let mut steps = 0;
        loop {
            step().await;
            if seen.get() {
                return steps;
            }
            steps += 1;
        }
    });
    spawn(async move { other_ran.set(true) });
    greedy.await.unwrap()
}

fn assert_yields(steps: u32) {
    assert!(steps > 0, "the greedy task ran first");
    assert!(steps <= BUDGET, "{steps} steps before yielding");
}

#[test]
fn a_greedy_consumer_of_a_never_empty_channel_lets_another_task_run() {
    paused().block_on(async {
        let (tx, rx) = mpsc::unbounded_channel();
        for n in 0..10 * BUDGET {
            tx.send(n).unwrap();
        }
        drop(tx); // so that draining it all without a yield fails loudly instead of hanging
        let rx = Rc::new(RefCell::new(rx));
        let steps = steps_before_another_task_runs(move || {
            let rx = rx.clone();
            async move {
                let next = poll_fn(|cx| rx.borrow_mut().poll_recv(cx)).await;
                assert!(next.is_some(), "drained the whole channel without yielding");
            }
        })
        .await;
        assert_yields(steps);
    });
}

#[test]
fn a_greedy_bounded_sender_and_receiver_let_another_task_run() {
    paused().block_on(async {
        let (tx, mut rx) = mpsc::channel(1);
        let steps = steps_before_another_task_runs(move || {
            let tx = tx.clone();
            let _ = rx.try_recv(); // keep a slot free: every send finds room
            async move {
                tx.send(()).await.unwrap();
            }
        })
        .await;
        assert_yields(steps);
    });
}

#[test]
fn a_greedy_broadcast_receiver_lets_another_task_run() {
    paused().block_on(async {
        let capacity = 10 * BUDGET as usize;
        let (tx, rx) = broadcast::channel(capacity);
        for n in 0..capacity {
            tx.send(n).unwrap();
        }
        drop(tx);
        let rx = Rc::new(RefCell::new(rx));
        let steps = steps_before_another_task_runs(move || {
            let rx = rx.clone();
            async move {
                let next = poll_fn(|cx| rx.borrow_mut().poll_recv(cx)).await;
                assert!(next.is_ok(), "drained the whole channel without yielding");
            }
        })
        .await;
        assert_yields(steps);
    });
}

#[test]
fn a_task_relocking_a_free_mutex_forever_lets_another_task_run() {
    paused().block_on(async {
        let mutex = Rc::new(Mutex::new(0u64));
        let steps = steps_before_another_task_runs(move || {
            let mutex = mutex.clone();
            async move { *mutex.lock().await += 1 }
        })
        .await;
        assert_yields(steps);
    });
}

#[test]
fn a_task_reacquiring_a_free_permit_forever_lets_another_task_run() {
    paused().block_on(async {
        let semaphore = Rc::new(Semaphore::new(1));
        let steps = steps_before_another_task_runs(move || {
            let semaphore = semaphore.clone();
            async move { drop(semaphore.acquire().await.unwrap()) }
        })
        .await;
        assert_yields(steps);
    });
}

#[test]
fn a_task_notifying_itself_forever_lets_another_task_run() {
    paused().block_on(async {
        let notify = Rc::new(Notify::new());
        let steps = steps_before_another_task_runs(move || {
            let notify = notify.clone();
            async move {
                notify.notify_one();
                notify.notified().await;
            }
        })
        .await;
        assert_yields(steps);
    });
}

#[test]
fn a_task_doing_oneshot_round_trips_forever_lets_another_task_run() {
    paused().block_on(async {
        let steps = steps_before_another_task_runs(|| async {
            let (tx, rx) = oneshot::channel();
            tx.send(()).unwrap();
            rx.await.unwrap();
        })
        .await;
        assert_yields(steps);
    });
}
