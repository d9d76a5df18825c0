//! `JoinHandle::abort`: the future is dropped before it is polled again.

mod util;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use runtime::{spawn, yield_now, JoinHandle};
use util::Counted;

#[test]
fn abort_drops_the_future_before_it_is_polled_again() {
    runtime::run(async {
        let (future, counts, _, waker) = Counted::new();
        let task = spawn(future);
        yield_now().await;
        assert_eq!(counts.polls.get(), 1);
        waker.borrow().clone().unwrap().wake(); // queued...
        task.abort(); // ...but aborted before it runs
        let err = task.await.unwrap_err();
        assert!(err.is_cancelled());
        assert!(!err.is_panic());
        assert_eq!(counts.polls.get(), 1, "polled after abort");
        assert_eq!(counts.drops.get(), 1);
    });
}

#[test]
fn aborting_a_task_that_never_ran_drops_it_unpolled() {
    runtime::run(async {
        let (future, counts, _, _) = Counted::new();
        let task = spawn(future);
        task.abort();
        assert!(task.await.unwrap_err().is_cancelled());
        assert_eq!((counts.polls.get(), counts.drops.get()), (0, 1));
    });
}

#[test]
fn aborting_a_finished_task_changes_nothing() {
    runtime::run(async {
        let task = spawn(async { "done" });
        while !task.is_finished() {
            yield_now().await;
        }
        task.abort();
        assert_eq!(task.await.unwrap(), "done");
    });
}

#[test]
fn a_task_may_abort_itself() {
    let ran_after_abort = Rc::new(Cell::new(false));
    let flag = ran_after_abort.clone();
    runtime::run(async move {
        let own_handle: Rc<RefCell<Option<JoinHandle<()>>>> = Rc::default();
        let slot = own_handle.clone();
        let task = spawn(async move {
            slot.borrow().as_ref().unwrap().abort();
            // This poll goes on to its next await, but the task is never polled again.
            yield_now().await;
            flag.set(true);
        });
        *own_handle.borrow_mut() = Some(task);
        for _ in 0..3 {
            yield_now().await;
        }
        let task = own_handle.borrow_mut().take().unwrap();
        assert!(task.await.unwrap_err().is_cancelled());
    });
    assert!(
        !ran_after_abort.get(),
        "the task ran again after aborting itself"
    );
}

#[test]
fn join_error_display_says_cancelled() {
    runtime::run(async {
        let task = spawn(util::pending_forever());
        let id = task.id();
        task.abort();
        let err = task.await.unwrap_err();
        assert_eq!(err.to_string(), format!("task {id} was cancelled"));
        assert_eq!(err.id(), id);
    });
}
