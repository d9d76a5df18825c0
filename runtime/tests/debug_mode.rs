//! Debug mode warns about slow polls and about tasks left pending when the runtime drops.

mod util;

use std::time::Duration;

use runtime::{task, Runtime};

#[test]
fn a_poll_slower_than_the_threshold_is_logged_with_the_task_name() {
    let logs = util::capture_logs();
    let rt = Runtime::builder()
        .debug(true)
        // Generous, so that an empty poll stays under it even under Miri on a loaded machine.
        .slow_poll_threshold(Duration::from_millis(250))
        .build()
        .unwrap();
    rt.block_on(async {
        task::Builder::new()
            .name("hog")
            .spawn(async { util::block_the_thread(Duration::from_millis(400)) })
            .await
            .unwrap();
        task::Builder::new()
            .name("quick")
            .spawn(async {})
            .await
            .unwrap();
    });
    let lines = logs();
    let warning = lines
        .iter()
        .find(|line| line.starts_with("WARN") && line.contains("\"hog\""));
    assert!(
        warning.is_some_and(|line| line.contains("blocked the runtime")),
        "{lines:#?}"
    );
    assert!(!lines
        .iter()
        .any(|line| line.starts_with("WARN") && line.contains("\"quick\"")));
}

#[test]
fn slow_polls_are_not_reported_without_debug_mode() {
    let logs = util::capture_logs();
    let rt = Runtime::builder()
        .debug(false)
        .slow_poll_threshold(Duration::from_millis(1))
        .build()
        .unwrap();
    rt.block_on(async {
        task::Builder::new()
            .name("unreported")
            .spawn(async { util::block_the_thread(Duration::from_millis(5)) })
            .await
            .unwrap();
    });
    assert!(!logs()
        .iter()
        .any(|line| line.contains("\"unreported\"") && line.starts_with("WARN")));
}

#[test]
fn dropping_the_runtime_in_debug_mode_lists_pending_tasks_by_name() {
    let logs = util::capture_logs();
    let rt = Runtime::builder().debug(true).build().unwrap();
    rt.block_on(async {
        drop(
            task::Builder::new()
                .name("forgotten")
                .spawn(util::pending_forever()),
        );
        runtime::yield_now().await;
    });
    drop(rt);
    let lines = logs();
    assert!(
        lines.iter().any(|line| line.starts_with("WARN")
            && line.contains("\"forgotten\"")
            && line.contains("still pending")),
        "{lines:#?}"
    );
}
