//! The scheduler: the run queue, the slab of tasks, and the loop that alternates between them
//! and the reactor.
//!
//! # The loop (`block_on`)
//!
//! ```text
//!        ┌──────────────────────────────────────────────────────────────────┐
//!        ▼                                                                  │
//!   (1) main future woken? poll it; Ready -> return its output              │
//!   (2) run tasks from the front of the run queue, until `event_interval`  │
//!       polls have run since the last turn, or the main future is woken     │
//!   (3) if the interval is used up or no task is left: turn the reactor,    │
//!       without blocking if anything is runnable, otherwise sleeping until  │
//!       I/O, a timer or another thread wakes us (else back to (1))          │
//!   (4) after the turn: schedule tasks woken from other threads, then       │
//!       wake the tasks that yielded (they go behind everything the turn     │
//!       woke)                                                              ─┘
//! ```
//!
//! Step (2)'s bound is the fairness rule: however many tasks keep each other busy, I/O and
//! timers get a look in at least every `event_interval` polls (61 by default, as in tokio's
//! current-thread runtime, so the two are compared like for like).
//!
//! # The paused clock
//!
//! With a paused clock, step (3) never sleeps for a timer: virtual time does not pass while we
//! sleep. Instead, when nothing is runnable, the scheduler first turns the reactor *without
//! blocking*. Only if that turn delivered nothing (no I/O is ready), nothing became runnable, and
//! a timer is pending, does the clock jump to the earliest deadline, and a second non-blocking
//! turn fires it. So a timeout never fires while I/O that is already ready waits to be handled.
//! (I/O still in flight, say from another thread that has not written yet, is not "ready": a
//! paused clock is for tests whose I/O is all inside the runtime, or absent.)
//!
//! Nor does the clock jump while a job of this runtime's blocking pool is in flight (tokio's
//! rule): that job will wake a task when it ends, in real time, and a timeout racing it must not
//! win by a jump. The scheduler waits for the job instead (`turn_reactor`). So a blocking job
//! that never ends (a thread parked on a channel forever) stops a paused clock for good.
//!
//! # Borrow rule
//!
//! Every `RefCell` here is borrowed for a few lines and never across a call into user code:
//! a task is cloned out of the slab (an `Rc` clone) before it is polled, and removed from it
//! (and dropped) after. So a future may spawn, wake or abort anything while it is polled.

pub(crate) mod blocking_pool;
pub(crate) mod context;
pub(crate) mod registry;
pub(crate) mod task;
mod wakes;
mod watch;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::io;
use std::pin::pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use reactor::{Handle, Reactor, Turn};
use slab::Slab;

use crate::coop;
use crate::debug::DebugMode;
use crate::introspect::Introspection;
use crate::metrics::{Counters, Metrics};

use self::blocking_pool::BlockingPool;
use self::task::cell::{Harness, Polled, TaskCell};
use self::task::header::Header;
use self::task::waker::{self, RuntimeKey, MAX_TASKS};
use self::task::{JoinHandle, TaskId, TaskRef, TaskState};
use self::wakes::{MainWaker, Wakes};

/// How a scheduler is set up: a plain value, filled in by [`Builder`](crate::Builder).
#[derive(Debug, Clone)]
pub(crate) struct Config {
    /// How many task polls may run between two reactor turns (at least 1).
    pub(crate) event_interval: u32,
    /// The most threads the blocking pool may start.
    pub(crate) blocking_threads: usize,
    /// How long an idle blocking thread lingers before exiting.
    pub(crate) blocking_keep_alive: Duration,
    /// Slow-poll warnings and the list of abandoned tasks.
    pub(crate) debug: DebugMode,
    /// Whether to keep introspection figures from the start (debug mode implies it).
    pub(crate) introspect: bool,
}

/// One runtime's executor state. Lives in an `Rc`, on one thread.
pub(crate) struct Scheduler {
    /// Every task not yet finished, by slab index. Borrowed only briefly (see the module doc).
    tasks: RefCell<Slab<Rc<dyn Harness>>>,
    /// Tasks to poll, front first. A task is here at most once (its `queued` flag says so).
    run_queue: RefCell<VecDeque<TaskRef>>,
    /// Wakers of tasks that called `yield_now`: woken after the next reactor turn.
    deferred: RefCell<Vec<Waker>>,
    /// An empty buffer swapped with `deferred` at each turn, so neither is reallocated.
    spare_deferred: Cell<Vec<Waker>>,
    /// The event loop. Borrowed mutably only inside `turn`.
    reactor: RefCell<Reactor>,
    /// The reactor's handle, for timers, registrations and the clock (never borrowed long).
    handle: Handle,
    /// This runtime's slot in the registry (its cross-thread half), carried by every task waker.
    key: RuntimeKey,
    /// An empty buffer swapped with the registry's inbox at each drain, so neither reallocates.
    spare_inbox: RefCell<Vec<TaskRef>>,
    /// The id the next spawned task gets.
    next_id: Cell<u64>,
    /// How many task polls may run between two reactor turns.
    event_interval: u32,
    /// Counters for `Runtime::metrics`, read through [`Scheduler::metrics`].
    counters: Counters,
    /// Threads for `spawn_blocking`.
    blocking: BlockingPool,
    /// Whether to warn about slow polls and abandoned tasks.
    debug: DebugMode,
    /// The tasks polled since the last reactor turn, for the turn's trace line. Filled only
    /// while `trace` is on, so the hot path pays one `Cell` read per poll.
    polled: RefCell<Vec<String>>,
    /// Whether trace logging may be on (see `trace_on`); read once per turn.
    trace: Cell<bool>,
    /// The turn history and the switch of every introspection hook (`introspect/`). Each hook
    /// below is one `if self.introspect.on()`.
    introspect: Introspection,
}

impl Scheduler {
    /// A scheduler on `reactor`, registered so that wakes from other threads can find it.
    pub(crate) fn new(reactor: Reactor, config: Config) -> io::Result<Scheduler> {
        let handle = reactor.handle().clone();
        let key = registry::register(handle.remote()).ok_or_else(|| {
            io::Error::other(format!(
                "too many runtimes alive at once (at most {})",
                waker::MAX_RUNTIMES
            ))
        })?;
        Ok(Scheduler {
            tasks: RefCell::default(),
            run_queue: RefCell::default(),
            deferred: RefCell::default(),
            spare_deferred: Cell::default(),
            key,
            spare_inbox: RefCell::default(),
            blocking: BlockingPool::new(
                config.blocking_threads,
                config.blocking_keep_alive,
                handle.remote(),
            ),
            handle,
            reactor: RefCell::new(reactor),
            next_id: Cell::new(1),
            event_interval: config.event_interval.max(1),
            counters: Counters::default(),
            debug: config.debug,
            polled: RefCell::default(),
            trace: Cell::new(trace_on()),
            introspect: Introspection::new(config.introspect || config.debug.enabled),
        })
    }

    /// What this runtime has done so far, and what it holds right now.
    pub(crate) fn metrics(&self) -> Metrics {
        let counters = &self.counters;
        let reactor = self.handle.stats();
        let blocking = self.blocking.counts();
        Metrics {
            blocking_threads_busy: blocking.busy,
            blocking_threads_idle: blocking.idle,
            tasks_spawned: counters.spawned.get(),
            tasks_alive: self.alive() as u64,
            polls: counters.polls.get(),
            local_wakes: counters.local_wakes.get(),
            remote_wakes: counters.remote_wakes.get(),
            reactor_turns: reactor.turns,
            reactor_events: reactor.events,
            timers_fired: reactor.timers_fired,
            timers_pending: self.handle.timer_count() as u64,
            io_sources: self.handle.source_count() as u64,
        }
    }

    pub(crate) fn debug_mode(&self) -> &DebugMode {
        &self.debug
    }

    pub(crate) fn introspection(&self) -> &Introspection {
        &self.introspect
    }

    pub(crate) fn blocking_pool(&self) -> &BlockingPool {
        &self.blocking
    }

    /// This runtime's key, as carried by its task wakers.
    pub(crate) fn key(&self) -> RuntimeKey {
        self.key
    }

    /// The reactor's handle: timers, registrations, clock.
    pub(crate) fn handle(&self) -> &Handle {
        &self.handle
    }

    /// Edge (1) of the task life: store the task and queue it.
    pub(crate) fn spawn<F>(&self, future: F, name: Option<Box<str>>) -> JoinHandle<F::Output>
    where
        F: Future + 'static,
    {
        let id = TaskId(self.next_id.get());
        self.next_id.set(id.0 + 1);
        let mut tasks = self.tasks.borrow_mut();
        let entry = tasks.vacant_entry();
        assert!(
            entry.key() < MAX_TASKS,
            "a runtime can hold at most {MAX_TASKS} tasks at once"
        );
        let task = TaskRef::new(entry.key(), id);
        let waker = waker::task_waker::<Wakes>(self.key, task);
        let cell = TaskCell::<F, Wakes>::new(Header::new(id, self.key, name, waker), future);
        cell.header().queued.set(true);
        if self.introspect.on() {
            cell.header().stats().on_spawn();
        }
        entry.insert(cell.clone());
        drop(tasks);
        self.run_queue.borrow_mut().push_back(task);
        self.counters.spawned.set(self.counters.spawned.get() + 1);
        // Logged with no borrow held: a logger is user code, and may wake one of our tasks.
        log::trace!("{} spawned", cell.header().label());
        JoinHandle::new(cell)
    }

    /// Edge (5): queue a woken task, unless it is gone or already queued.
    #[inline(always)]
    pub(crate) fn schedule(&self, task: TaskRef) {
        let tasks = self.tasks.borrow();
        let Some(cell) = tasks.get(task.index) else {
            return;
        };
        let header = cell.header();
        if !task.names(header.id) || header.is_finished() || header.queued.replace(true) {
            return;
        }
        if self.introspect.on() {
            watch::watched_wake(header);
        }
        self.run_queue.borrow_mut().push_back(task);
        self.counters
            .local_wakes
            .set(self.counters.local_wakes.get() + 1);
    }

    /// Queues `waker` to be woken after the next reactor turn (`yield_now`).
    pub(crate) fn defer(&self, waker: &Waker) {
        self.deferred.borrow_mut().push(waker.clone());
    }

    /// Runs `future` to completion on this thread, running tasks and the reactor meanwhile.
    pub(crate) fn block_on<F: Future>(self: &Rc<Self>, future: F) -> F::Output {
        let _enter = context::enter(self.clone());
        let main = Arc::new(MainWaker::new(self.key, self.handle.remote()));
        let waker = Waker::from(main.clone());
        let mut cx = Context::from_waker(&waker);
        let mut future = pin!(future);
        // Polls (tasks and the main future) since the reactor last turned.
        let mut since_turn = 0;
        loop {
            if main.woken.swap(false, Ordering::AcqRel) {
                coop::reset();
                since_turn += 1;
                if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                    return output;
                }
            }
            since_turn +=
                self.run_ready_tasks(&main.woken, self.event_interval.saturating_sub(since_turn));
            // Turn the reactor once the interval is used up, or when no task is left to run:
            // a main future woken by a task goes round again first, without a syscall.
            let tasks_left =
                !self.run_queue.borrow().is_empty() || main.woken.load(Ordering::Acquire);
            if since_turn >= self.event_interval || !tasks_left {
                self.turn_reactor(&main.woken);
                since_turn = 0;
            }
        }
    }

    /// Step (2): poll up to `limit` queued tasks, stopping early if the main future was woken
    /// (`block_on` returns as soon as its own future can). Returns how many it polled.
    fn run_ready_tasks(&self, main_woken: &AtomicBool, limit: u32) -> u32 {
        for polled in 0..limit {
            if main_woken.load(Ordering::Relaxed) {
                return polled;
            }
            let Some(task) = self.run_queue.borrow_mut().pop_front() else {
                return polled;
            };
            self.run_task(task);
        }
        limit
    }

    /// Edges (2), (3), (4), (6), (7): poll one task, or cancel it if it was aborted.
    fn run_task(&self, task: TaskRef) {
        let cell = match self.tasks.borrow().get(task.index) {
            Some(cell) if task.names(cell.header().id) => cell.clone(),
            _ => return, // finished while it sat in the queue
        };
        let header = cell.header();
        header.queued.set(false);
        let outcome = if header.aborted.get() {
            cell.cancel();
            Polled::Finished
        } else {
            header.set_state(TaskState::Running);
            header.polls.set(header.polls.get() + 1);
            if self.trace.get() {
                self.polled.borrow_mut().push(header.label().to_string());
            }
            self.counters.polls.set(self.counters.polls.get() + 1);
            coop::reset();
            let polled = if self.introspect.on() {
                self.poll_watched(task, header, &*cell)
            } else {
                cell.poll()
            };
            match polled {
                // A task that aborted itself during the poll is dropped now, not polled again.
                Polled::Pending if header.aborted.get() => {
                    cell.cancel();
                    Polled::Finished
                }
                Polled::Pending => {
                    header.set_state(TaskState::Idle);
                    Polled::Pending
                }
                Polled::Finished => Polled::Finished,
            }
        };
        if outcome == Polled::Finished {
            log::trace!("{} finished", header.label());
            let removed = self.tasks.borrow_mut().try_remove(task.index);
            drop(removed); // outside the borrow
        }
    }

    /// Step (3) and (4): turn the reactor, blocking only if nothing is runnable.
    fn turn_reactor(&self, main_woken: &AtomicBool) {
        if self.has_runnable(main_woken) {
            self.turn(Some(Duration::ZERO));
        } else if !self.handle.clock().is_paused() {
            self.turn(None);
        } else if self.blocking.in_flight() > 0 {
            // A blocking job will wake a task when it finishes; the paused clock must not jump
            // past a timeout that job is racing (tokio's rule). Wait for it, in real time.
            self.turn(None);
        } else if self.turn(Some(Duration::ZERO)).is_idle() && !self.has_runnable(main_woken) {
            match self.handle.next_timer_deadline() {
                Some(deadline) => {
                    log::trace!("paused clock: nothing to do, jumping to the next timer");
                    self.handle.clock().advance_to(deadline);
                    self.turn(Some(Duration::ZERO));
                }
                None => {
                    self.turn(None);
                }
            }
        }
    }

    /// True when a task, a yielded task or the main future is waiting to run.
    fn has_runnable(&self, main_woken: &AtomicBool) -> bool {
        main_woken.load(Ordering::Acquire)
            || !self.run_queue.borrow().is_empty()
            || !self.deferred.borrow().is_empty()
    }

    /// One reactor turn, then step (4).
    fn turn(&self, timeout: Option<Duration>) -> Turn {
        // Introspection's two hooks are out of line (cold); off, they cost this one bool.
        let watched = self.introspect.on();
        if watched {
            self.introspect
                .before_turn(self.counters.remote_wakes.get());
        }
        self.trace_polled();
        let turn = match self.reactor.borrow_mut().turn(timeout) {
            Ok(turn) => turn,
            // epoll_wait fails only on programming errors (bad fd, bad buffer): nothing to retry.
            Err(err) => panic!("the reactor failed to poll: {err}"),
        };
        if turn.remote_wake {
            let mut woken = self.spare_inbox.take();
            registry::take_inbox(self.key, &mut woken);
            self.counters
                .remote_wakes
                .set(self.counters.remote_wakes.get() + woken.len() as u64);
            for task in woken.drain(..) {
                self.schedule(task);
            }
            *self.spare_inbox.borrow_mut() = woken;
        }
        if watched {
            let number = self.handle.stats().turns;
            let remote_wakes = self.counters.remote_wakes.get();
            self.introspect.after_turn(turn, number, remote_wakes);
        }
        if !self.deferred.borrow().is_empty() {
            // Swap in the spare buffer, wake outside the borrow, keep both allocations.
            let mut yielded = self.spare_deferred.take();
            std::mem::swap(&mut yielded, &mut *self.deferred.borrow_mut());
            yielded.drain(..).for_each(Waker::wake);
            self.spare_deferred.set(yielded);
        }
        turn
    }

    /// One trace line per turn: the tasks this scheduler polled since the last one, in order.
    fn trace_polled(&self) {
        if self.trace.get() {
            let polled = std::mem::take(&mut *self.polled.borrow_mut());
            if !polled.is_empty() {
                // Logged with no borrow held (a logger is user code).
                log::trace!(
                    "polled {} since the last turn: {}",
                    polled.len(),
                    polled.join(", ")
                );
            }
        }
        self.trace.set(trace_on());
    }

    /// Drops every task's future exactly once, polling nothing. Destructors may spawn (the new
    /// tasks are dropped in the next round) or wake (ignored).
    pub(crate) fn shutdown(self: &Rc<Self>) {
        let _enter = context::enter_for_drop(self.clone());
        self.blocking.shutdown();
        if self.debug.enabled {
            let mut pending = Vec::new();
            self.for_each_task(|task| {
                pending.push(format!(
                    "{} (polled {} times)",
                    task.label(),
                    task.polls.get()
                ))
            });
            self.debug.at_shutdown(&pending);
        }
        loop {
            let tasks = std::mem::take(&mut *self.tasks.borrow_mut());
            if tasks.is_empty() {
                break;
            }
            for (_, task) in tasks {
                task.cancel();
            }
        }
        self.run_queue.borrow_mut().clear();
        let yielded = std::mem::take(&mut *self.deferred.borrow_mut());
        drop(yielded);
        registry::unregister(self.key);
    }

    /// Applies `f` to every live task's header, in slab order (cloned out first: `f` may spawn).
    pub(crate) fn for_each_task(&self, mut f: impl FnMut(&Header)) {
        let tasks: Vec<_> = self
            .tasks
            .borrow()
            .iter()
            .map(|(_, task)| task.clone())
            .collect();
        tasks.iter().for_each(|task| f(task.header()));
    }

    /// How many tasks are alive (spawned and not finished).
    pub(crate) fn alive(&self) -> usize {
        self.tasks.borrow().len()
    }
}

/// Whether trace lines may be logged at all: one atomic load, where `log_enabled!` would call
/// into the logger (its filter) once per turn.
fn trace_on() -> bool {
    log::max_level() >= log::LevelFilter::Trace
}
