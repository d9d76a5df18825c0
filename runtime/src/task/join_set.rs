//! [`JoinSet`]: a group of tasks, awaited in the order they finish (asyncio's `TaskGroup`).
//!
//! `join_next` polls every handle still in the set, so one call costs O(n); that is fine for the
//! hundreds of tasks a set usually holds. Dropping the set aborts every task still in it, so a
//! group of tasks cannot outlive the code that started it.

use std::fmt;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::Poll;

use crate::task::{JoinError, JoinHandle};

/// A set of spawned tasks with the same output type.
///
/// ```
/// use std::time::Duration;
/// runtime::Runtime::builder().start_paused(true).build().unwrap().block_on(async {
///     let mut set = runtime::JoinSet::new();
///     for delay in [3, 1, 2] {
///         set.spawn(async move {
///             runtime::time::sleep(Duration::from_secs(delay)).await;
///             delay
///         });
///     }
///     let mut order = Vec::new();
///     while let Some(done) = set.join_next().await {
///         order.push(done.unwrap());
///     }
///     assert_eq!(order, [1, 2, 3]); // completion order
/// });
/// ```
pub struct JoinSet<T> {
    /// Handles of the tasks not yet returned by `join_next`.
    handles: Vec<JoinHandle<T>>,
}

impl<T: 'static> JoinSet<T> {
    /// An empty set.
    pub fn new() -> JoinSet<T> {
        JoinSet {
            handles: Vec::new(),
        }
    }

    /// Spawns a task into the set.
    ///
    /// # Panics
    /// Outside a runtime.
    pub fn spawn<F>(&mut self, future: F)
    where
        F: Future<Output = T> + 'static,
    {
        self.handles.push(crate::spawn(future));
    }

    /// Waits for the next task to finish and returns its result; `None` once the set is empty.
    pub async fn join_next(&mut self) -> Option<Result<T, JoinError>> {
        poll_fn(|cx| {
            if self.handles.is_empty() {
                return Poll::Ready(None);
            }
            for index in 0..self.handles.len() {
                if let Poll::Ready(result) = Pin::new(&mut self.handles[index]).poll(cx) {
                    self.handles.swap_remove(index);
                    return Poll::Ready(Some(result));
                }
            }
            Poll::Pending
        })
        .await
    }

    /// How many tasks are in the set.
    pub fn len(&self) -> usize {
        self.handles.len()
    }

    /// True when no task is in the set.
    pub fn is_empty(&self) -> bool {
        self.handles.is_empty()
    }

    /// Aborts every task in the set; `join_next` then yields their cancellations.
    pub fn abort_all(&self) {
        self.handles.iter().for_each(JoinHandle::abort);
    }
}

impl<T: 'static> Default for JoinSet<T> {
    fn default() -> JoinSet<T> {
        JoinSet::new()
    }
}

impl<T> Drop for JoinSet<T> {
    fn drop(&mut self) {
        self.handles.iter().for_each(JoinHandle::abort);
    }
}

impl<T> fmt::Debug for JoinSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JoinSet")
            .field("len", &self.handles.len())
            .finish()
    }
}
