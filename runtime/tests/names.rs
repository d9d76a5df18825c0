//! Task names given through `task::Builder` appear in the log lines about the task.

mod util;

use runtime::{task, yield_now};

#[test]
fn task_names_appear_in_log_lines_about_the_task() {
    let logs = util::capture_logs();
    runtime::run(async {
        let handle = task::Builder::new().name("mailman").spawn(async {
            yield_now().await;
            "delivered"
        });
        assert_eq!(handle.await.unwrap(), "delivered");
    });
    let lines = logs();
    let about: Vec<_> = lines
        .iter()
        .filter(|line| line.contains("\"mailman\""))
        .collect();
    assert!(
        about.iter().any(|line| line.contains("spawned")),
        "{lines:#?}"
    );
    assert!(
        about.iter().any(|line| line.contains("finished")),
        "{lines:#?}"
    );
}
