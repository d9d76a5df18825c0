//! A `JoinHandle` may be polled, dropped or awaited at any point of its task's life; awaited
//! where its task can never run, it panics instead of hanging.

mod util;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Wake, Waker};

use runtime::sync::{broadcast, mpsc, oneshot};
use runtime::{spawn, yield_now, Runtime};

/// A waker that does nothing, for polling a handle by hand.
struct Noop;
impl Wake for Noop {
    fn wake(self: Arc<Self>) {}
}

#[test]
fn polling_the_handle_of_a_parked_task_leaves_the_tasks_self_borrows_valid() {
    // The task parks inside `recv`, whose future borrows the task's own `rx`. Polling the
    // handle must not touch the task's memory (Miri checks this under Stacked/Tree Borrows).
    runtime::run(async {
        let (tx, mut rx) = mpsc::unbounded_channel::<u32>();
        let mut handle = spawn(async move { rx.recv().await });
        yield_now().await;
        let waker = Waker::from(Arc::new(Noop));
        let polled = Pin::new(&mut handle).poll(&mut Context::from_waker(&waker));
        assert!(polled.is_pending());
        tx.send(7).unwrap();
        assert_eq!(handle.await.unwrap(), Some(7));
    });
}

#[test]
fn dropping_the_handle_of_a_parked_task_leaves_the_tasks_self_borrows_valid() {
    runtime::run(async {
        let (tx, mut rx) = broadcast::channel::<u32>(4);
        let (done_tx, done_rx) = oneshot::channel();
        let handle = spawn(async move {
            let got = rx.recv().await;
            done_tx.send(got.ok()).unwrap();
        });
        yield_now().await;
        drop(handle);
        tx.send(9).unwrap();
        assert_eq!(done_rx.await.unwrap(), Some(9));
    });
}

#[test]
#[should_panic(expected = "outside the runtime that runs it")]
#[allow(clippy::async_yields_async)] // block_on hands the handle out, to await it elsewhere
fn a_handle_awaited_in_another_runtime_panics_instead_of_hanging() {
    let first = Runtime::new().unwrap();
    let handle = first.block_on(async { spawn(util::pending_forever()) });
    let second = Runtime::new().unwrap();
    second.block_on(handle).ok(); // `first` is alive but not running: its task never would
}

#[test]
#[allow(clippy::async_yields_async)]
fn a_handle_of_a_finished_task_can_be_awaited_anywhere() {
    let first = Runtime::new().unwrap();
    let handle = first.block_on(async {
        let handle = spawn(async { 5 });
        yield_now().await;
        handle
    });
    let second = Runtime::new().unwrap();
    assert_eq!(second.block_on(handle).unwrap(), 5);
}
