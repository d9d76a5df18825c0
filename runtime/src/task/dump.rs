//! [`dump`]: a snapshot of every live task, for debugging a runtime that seems stuck.
//!
//! The id, name, state and poll count are always there. With introspection on (see
//! [`introspect`](crate::introspect)) each task also carries its timings, its wakes, its
//! [`Warning`]s and, when parked, what it waits on: the notes its last poll left (timers, sync
//! primitives) and the reactor registrations holding its waker, matched by identity.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use reactor::WakerId;

use crate::introspect::{TaskStats, WaitingOn, Warning};
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
    /// Total time spent inside its `poll`, or `None` when introspection is off (timing every
    /// poll costs two clock reads, so only a runtime being watched pays for it).
    pub busy: Option<Duration>,
    /// Time alive and not being polled (parked or queued), since figures started; `None` off.
    pub idle: Option<Duration>,
    /// Total time between being woken (or spawned) and being polled; `None` off.
    pub scheduled: Option<Duration>,
    /// The longest single wait between being woken and being polled; `None` off.
    pub longest_scheduled: Option<Duration>,
    /// Its longest single poll; `None` off.
    pub longest_poll: Option<Duration>,
    /// Wakes that queued it (a second wake before it ran adds nothing and is not counted);
    /// 0 while off.
    pub wakes: u64,
    /// Of those, the wakes from inside its own poll; 0 while off.
    pub self_wakes: u64,
    /// What it waits on, when parked (idle and not queued); empty otherwise, or off.
    pub waiting_on: Vec<WaitingOn>,
    /// Whatever in its figures deserves a look (slow polls, spinning); empty while off.
    pub warnings: Vec<Warning>,
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
    let measured = scheduler.introspection().on();
    let threshold = scheduler.debug_mode().slow_poll_threshold;
    let now = Instant::now();
    let clock_now = scheduler.handle().clock().now();
    // Which source holds whose waker; asked only when someone is watching (see `waiting.rs`).
    let mut io: HashMap<WakerId, Vec<WaitingOn>> = HashMap::new();
    if measured {
        for waiter in scheduler.handle().waiters() {
            io.entry(waiter.waker).or_default().push(WaitingOn::Io {
                source: waiter.source,
                key: waiter.key,
                generation: waiter.generation,
                direction: waiter.direction,
            });
        }
    }
    let mut tasks = Vec::new();
    let none_kept = TaskStats::default();
    scheduler.for_each_task(|header| {
        let stats = header.kept_stats().unwrap_or(&none_kept);
        let parked = header.state() == TaskState::Idle && !header.queued.get();
        let mut waiting_on = Vec::new();
        if measured && parked {
            waiting_on = stats.notes();
            for note in &mut waiting_on {
                if let WaitingOn::Timer {
                    deadline,
                    remaining,
                } = note
                {
                    *remaining = deadline.into_std().saturating_duration_since(clock_now);
                }
            }
            if let Some(held) = io.get(&WakerId::of(&header.waker)) {
                waiting_on.extend(held.iter().cloned());
            }
        }
        let busy = stats.busy.get();
        let alive = stats
            .since
            .get()
            .map_or(Duration::ZERO, |since| now.saturating_duration_since(since));
        let running = stats.running_for(now).unwrap_or_default();
        tasks.push(TaskInfo {
            id: header.id,
            name: header.name.as_deref().map(str::to_owned),
            state: header.state(),
            queued: header.queued.get(),
            polls: header.polls.get(),
            busy: measured.then_some(busy + running),
            idle: measured.then(|| alive.saturating_sub(busy + running)),
            scheduled: measured.then(|| stats.scheduled.get()),
            longest_scheduled: measured.then(|| stats.longest_scheduled.get()),
            longest_poll: measured.then(|| stats.longest_poll.get().max(running)),
            wakes: stats.wakes.get(),
            self_wakes: stats.self_wakes.get(),
            waiting_on,
            warnings: if measured {
                stats.warnings(threshold, now)
            } else {
                Vec::new()
            },
        });
    });
    tasks
}
