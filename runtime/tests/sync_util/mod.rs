//! Helpers for the `runtime::sync` tests: poll a future exactly once, and log the order in
//! which tasks did things.
#![allow(dead_code)] // each test file uses its own subset

use std::cell::RefCell;
use std::fmt::Debug;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::rc::Rc;
use std::task::Poll;

/// Polls `future` once with the current task's waker and reports what it said. A future that
/// is still pending afterwards is parked (queued for a lock, a permit, a slot): drop it to
/// cancel it, poll it again to see whether it was served.
pub async fn poll_once<F: Future>(future: Pin<&mut F>) -> Poll<F::Output> {
    let mut future = Some(future);
    poll_fn(|cx| Poll::Ready(future.take().expect("polled once").poll(cx))).await
}

/// A shared, append-only record of events, in the order they happened.
#[derive(Clone, Default)]
pub struct Log<T>(Rc<RefCell<Vec<T>>>);

impl<T: Clone + Debug> Log<T> {
    pub fn new() -> Log<T> {
        Log(Rc::new(RefCell::new(Vec::new())))
    }

    pub fn push(&self, event: T) {
        self.0.borrow_mut().push(event);
    }

    pub fn events(&self) -> Vec<T> {
        self.0.borrow().clone()
    }
}

/// Awaits `future`, failing the test instead of hanging if it is still pending after a minute
/// of (paused, so instant) time: for awaits that only a bug could leave stuck.
pub async fn within_a_minute<F: Future>(future: F) -> F::Output {
    runtime::time::timeout(std::time::Duration::from_secs(60), future)
        .await
        .expect("stuck: nothing will ever wake this future")
}
