//! `Runtime::metrics` and `task::dump` report what a scripted workload did.

mod util;

use std::time::Duration;

use runtime::task::{self, TaskState};
use runtime::{spawn, yield_now};

#[test]
fn metrics_count_what_a_scripted_workload_did() {
    let rt = util::paused();
    let before = rt.metrics();
    rt.block_on(async {
        let handles: Vec<_> = (0..5)
            .map(|_| {
                spawn(async {
                    yield_now().await; // polls: 2 per task
                })
            })
            .collect();
        for handle in handles {
            handle.await.unwrap();
        }
        runtime::time::sleep(Duration::from_secs(1)).await; // one timer
    });
    let after = rt.metrics();
    assert_eq!(after.tasks_spawned - before.tasks_spawned, 5);
    assert_eq!(after.tasks_alive, 0);
    assert_eq!(after.polls - before.polls, 10);
    assert_eq!(after.timers_fired - before.timers_fired, 1);
    assert_eq!(after.timers_pending, 0);
    assert!(after.reactor_turns > before.reactor_turns);
    assert_eq!(after.remote_wakes, 0, "nothing woke us from another thread");
    assert!(after.local_wakes >= 5, "each yield is a local wake");
}

#[test]
fn dump_lists_each_live_task_with_name_state_and_polls() {
    runtime::run(async {
        let sleeper = task::Builder::new()
            .name("sleeper")
            .spawn(util::pending_forever());
        let anonymous = spawn(util::pending_forever());
        yield_now().await;
        let tasks = task::dump();
        assert_eq!(tasks.len(), 2);
        let named = tasks.iter().find(|t| t.id == sleeper.id()).unwrap();
        assert_eq!(named.name.as_deref(), Some("sleeper"));
        assert_eq!(named.state, TaskState::Idle);
        assert_eq!(named.polls, 1);
        assert!(!named.queued);
        assert!(tasks
            .iter()
            .any(|t| t.id == anonymous.id() && t.name.is_none()));
        sleeper.abort();
        anonymous.abort();
    });
}

#[test]
fn dump_shows_the_running_task_as_running() {
    runtime::run(async {
        let me = task::Builder::new().name("introspective").spawn(async {
            task::dump()
                .into_iter()
                .find(|t| t.name.as_deref() == Some("introspective"))
                .map(|t| t.state)
        });
        assert_eq!(me.await.unwrap(), Some(TaskState::Running));
    });
}
