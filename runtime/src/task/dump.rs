//! [`dump`]: a snapshot of every live task, for debugging a runtime that seems stuck.

use std::time::Duration;

use crate::scheduler::context;
use crate::task::{TaskId, TaskState};

/// What [`dump`] reports about one task.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TaskInfo {
    /// The task's id.
    pub id: TaskId,
    /// The name given with `task::Builder`, if any.
    pub name: Option<String>,
    /// Idle or running (finished tasks are not listed).
    pub state: TaskState,
    /// True if it is in the run queue, waiting for its turn.
    pub queued: bool,
    /// How many times it has been polled.
    pub polls: u64,
    /// Total time spent inside its `poll`, or `None` when the runtime is not in debug mode
    /// (timing every poll costs two clock reads, so only debug mode pays for it).
    pub busy: Option<Duration>,
}

/// Lists every live task of the current runtime, in slab order.
///
/// ```
/// runtime::run(async {
///     let _idle = runtime::task::Builder::new().name("sleeper").spawn(std::future::pending::<()>());
///     runtime::yield_now().await;
///     let tasks = runtime::task::dump();
///     assert_eq!(tasks[0].name.as_deref(), Some("sleeper"));
///     assert_eq!(tasks[0].polls, 1);
/// });
/// ```
///
/// # Panics
/// Outside a runtime.
pub fn dump() -> Vec<TaskInfo> {
    let scheduler = context::current("runtime::task::dump");
    let measured = scheduler.debug_mode().enabled;
    let mut tasks = Vec::new();
    scheduler.for_each_task(|header| {
        tasks.push(TaskInfo {
            id: header.id,
            name: header.name.as_deref().map(str::to_owned),
            state: header.state(),
            queued: header.queued.get(),
            polls: header.polls.get(),
            busy: measured.then(|| header.busy.get()),
        });
    });
    tasks
}
