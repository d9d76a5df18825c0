//! The thread's current runtime: how `spawn`, `sleep` and wakers find the scheduler.
//!
//! `Runtime::block_on` *enters* the runtime: it stores the scheduler in a thread-local for as
//! long as it runs, and restores what was there before when it returns. Free functions such as
//! [`spawn`](crate::spawn) and [`sleep`](crate::time::sleep) look it up here; outside
//! `block_on` they panic with a message that says so.
//!
//! Wakers use it too: a task's waker compares the current scheduler with its own to decide
//! whether it may push the task straight onto the local run queue (no lock, no syscall) or must
//! take the cross-thread path.

use std::cell::RefCell;
use std::rc::Rc;

use super::Scheduler;

thread_local! {
    /// The scheduler of the runtime this thread is running, if any. Set only by [`enter`] and
    /// [`enter_for_drop`], restored by their guards.
    static CURRENT: RefCell<Option<Rc<Scheduler>>> = const { RefCell::new(None) };
}

/// Restores the previous current runtime when dropped.
#[must_use = "the runtime stays entered only while the guard lives"]
pub(crate) struct Enter {
    /// What `CURRENT` held before we entered.
    previous: Option<Rc<Scheduler>>,
}

/// Makes `scheduler` current for `block_on`.
///
/// # Panics
/// If this thread is already running a runtime: blocking inside it would stall every task of the
/// outer runtime, so we refuse loudly instead of deadlocking.
pub(crate) fn enter(scheduler: Rc<Scheduler>) -> Enter {
    let previous = CURRENT.with(|current| current.borrow_mut().replace(scheduler));
    if previous.is_some() {
        CURRENT.with(|current| *current.borrow_mut() = previous);
        panic!(
            "Cannot call block_on from inside a runtime (a task, or another block_on): it would \
             block the thread that runs every other task. Use .await instead."
        );
    }
    Enter { previous }
}

/// Makes `scheduler` current while its runtime is dropped, whatever was current before, so that
/// destructors of tasks may still spawn and wake.
pub(crate) fn enter_for_drop(scheduler: Rc<Scheduler>) -> Enter {
    let previous = CURRENT.with(|current| current.borrow_mut().replace(scheduler));
    Enter { previous }
}

impl Drop for Enter {
    fn drop(&mut self) {
        crate::coop::unlimited();
        let previous = self.previous.take();
        let ours = CURRENT.with(|current| std::mem::replace(&mut *current.borrow_mut(), previous));
        drop(ours); // outside the borrow: the last Rc may drop the scheduler
    }
}

/// Runs `f` with the current scheduler, or with `None` outside any runtime.
///
/// Also `None` while this thread's thread-locals are being destroyed: a waker woken from another
/// thread-local's destructor must still work (it takes the cross-thread path), never abort.
pub(crate) fn with_current<R>(f: impl FnOnce(Option<&Rc<Scheduler>>) -> R) -> R {
    let mut f = Some(f);
    CURRENT
        .try_with(|current| f.take().map(|f| f(current.borrow().as_ref())))
        .ok()
        .flatten()
        .unwrap_or_else(|| (f.take().expect("not called: the thread-local is gone"))(None))
}

/// The current scheduler.
///
/// # Panics
/// Outside a runtime, naming `what` was called.
pub(crate) fn current(what: &str) -> Rc<Scheduler> {
    with_current(|current| current.cloned()).unwrap_or_else(|| {
        panic!(
            "{what} must be called from within a runtime: inside Runtime::block_on, \
             runtime::run, or a task they run"
        )
    })
}
