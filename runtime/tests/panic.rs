//! Panics inside tasks are caught: they become `JoinError`s, and nothing else stops.

mod util;

use runtime::{spawn, task, yield_now};

#[test]
fn a_panic_in_a_task_becomes_a_join_error_carrying_the_payload() {
    runtime::run(async {
        let answer = std::hint::black_box(42); // a formatted (String) payload, not a &str
        let task = spawn(async move {
            panic!("boom at {answer}");
        });
        let err = task.await.unwrap_err();
        assert!(err.is_panic());
        assert!(!err.is_cancelled());
        assert!(err.to_string().contains("boom at 42"), "{err}");
        let payload = err.into_panic();
        assert_eq!(payload.downcast_ref::<String>().unwrap(), "boom at 42");
    });
}

#[test]
fn other_tasks_carry_on_after_a_panic() {
    let total = runtime::run(async {
        let bad = spawn(async { panic!("one bad task") });
        let good: Vec<_> = (1..=3)
            .map(|i| {
                spawn(async move {
                    yield_now().await;
                    i
                })
            })
            .collect();
        assert!(bad.await.is_err());
        let mut sum = 0;
        for task in good {
            sum += task.await.unwrap();
        }
        sum
    });
    assert_eq!(total, 6);
}

#[test]
fn a_panic_in_a_detached_task_is_logged_at_error_with_its_name() {
    let logs = util::capture_logs();
    runtime::run(async {
        drop(task::Builder::new().name("doomed-worker").spawn(async {
            yield_now().await;
            panic!("nobody is listening");
        }));
        for _ in 0..3 {
            yield_now().await;
        }
    });
    let lines = logs();
    let line = lines
        .iter()
        .find(|line| line.contains("doomed-worker") && line.starts_with("ERROR"))
        .unwrap_or_else(|| panic!("no error line naming the task in {lines:#?}"));
    assert!(line.contains("nobody is listening"), "{line}");
}

#[test]
fn a_panic_whose_handle_is_dropped_unread_is_logged() {
    let logs = util::capture_logs();
    runtime::run(async {
        let handle = task::Builder::new()
            .name("unread-panic")
            .spawn(async { panic!("unread") });
        while !handle.is_finished() {
            yield_now().await;
        }
        drop(handle);
    });
    assert!(logs()
        .iter()
        .any(|line| line.starts_with("ERROR") && line.contains("unread-panic")));
}

/// A value whose destructor panics.
struct Bomb;
impl Drop for Bomb {
    fn drop(&mut self) {
        panic!("the bomb went off");
    }
}

#[test]
fn a_detached_tasks_output_whose_drop_panics_never_escapes_block_on() {
    let logs = util::capture_logs();
    runtime::run(async {
        drop(spawn(async { Bomb }));
        yield_now().await;
        yield_now().await;
    });
    assert!(logs()
        .iter()
        .any(|line| line.contains("unread output panicked while being dropped")));
}

#[test]
fn a_panic_payload_whose_drop_panics_never_escapes_block_on() {
    runtime::run(async {
        drop(spawn(async { std::panic::panic_any(Bomb) }));
        let finished_then_dropped = spawn(async { Bomb });
        yield_now().await;
        yield_now().await;
        assert!(finished_then_dropped.is_finished());
        drop(finished_then_dropped);
    });
}
