//! Spawning: order, detaching, and what happens outside a runtime.

mod util;

use std::cell::RefCell;
use std::rc::Rc;

use runtime::{spawn, yield_now, Runtime};

#[test]
fn tasks_run_in_the_order_they_were_spawned() {
    let order = Rc::new(RefCell::new(Vec::new()));
    runtime::run(async {
        let handles: Vec<_> = (0..5)
            .map(|i| {
                let order = order.clone();
                spawn(async move { order.borrow_mut().push(i) })
            })
            .collect();
        for handle in handles {
            handle.await.unwrap();
        }
    });
    assert_eq!(*order.borrow(), [0, 1, 2, 3, 4]);
}

#[test]
#[cfg_attr(miri, ignore = "child processes: Miri cannot spawn them")]
#[allow(clippy::async_yields_async)] // the first task's output is the grandchild's handle, on purpose
fn a_task_spawned_during_a_poll_runs_after_the_tasks_already_queued() {
    let order = Rc::new(RefCell::new(Vec::new()));
    runtime::run(async {
        let log = |name: &'static str| {
            let order = order.clone();
            move || order.borrow_mut().push(name)
        };
        let (a, b, child) = (log("a"), log("b"), log("child of a"));
        let first = spawn(async move {
            a();
            spawn(async move { child() })
        });
        let second = spawn(async move { b() });
        let grandchild = first.await.unwrap();
        second.await.unwrap();
        grandchild.await.unwrap();
    });
    assert_eq!(*order.borrow(), ["a", "b", "child of a"]);
}

#[test]
fn dropping_a_join_handle_detaches_the_task_which_still_runs_to_completion() {
    let done = Rc::new(RefCell::new(false));
    let flag = done.clone();
    runtime::run(async move {
        drop(spawn(async move {
            yield_now().await;
            *flag.borrow_mut() = true;
        }));
        for _ in 0..3 {
            yield_now().await;
        }
    });
    assert!(*done.borrow());
}

#[test]
fn join_handle_yields_the_output() {
    let output = runtime::run(async { spawn(async { 6 * 7 }).await });
    assert_eq!(output.unwrap(), 42);
}

#[test]
#[should_panic(expected = "runtime::spawn must be called from within a runtime")]
fn spawn_outside_a_runtime_panics_with_a_clear_message() {
    drop(spawn(async {}));
}

#[test]
#[should_panic(expected = "runtime::time::sleep must be called from within a runtime")]
fn sleep_outside_a_runtime_panics_with_a_clear_message() {
    drop(runtime::time::sleep(std::time::Duration::from_secs(1)));
}

#[test]
#[should_panic(expected = "Cannot call block_on from inside a runtime")]
fn block_on_inside_block_on_panics_instead_of_deadlocking() {
    let outer = Runtime::new().unwrap();
    let inner = Runtime::new().unwrap();
    outer.block_on(async { inner.block_on(async {}) });
}

#[test]
fn block_on_inside_a_task_panics_and_the_panic_reaches_its_join_handle() {
    let result = runtime::run(async {
        spawn(async {
            let inner = Runtime::new().unwrap();
            inner.block_on(async {});
        })
        .await
    });
    let err = result.unwrap_err();
    assert!(err.is_panic());
    assert!(
        err.to_string()
            .contains("Cannot call block_on from inside a runtime"),
        "{err}"
    );
}

#[test]
fn a_runtime_can_block_on_again_after_returning() {
    let rt = Runtime::new().unwrap();
    assert_eq!(rt.block_on(async { 1 }), 1);
    assert_eq!(rt.block_on(async { spawn(async { 2 }).await.unwrap() }), 2);
}
