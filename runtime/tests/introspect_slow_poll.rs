//! A task whose poll outlasted the slow-poll threshold carries a `SlowPoll` warning.

mod util;

use std::time::Duration;

use runtime::introspect::Warning;
use runtime::{task, Runtime};

#[test]
fn a_slow_poll_earns_a_warning_and_a_quick_one_does_not() {
    let rt = Runtime::builder()
        .introspect(true)
        // Generous, so that an empty poll stays under it even under Miri on a loaded machine.
        .slow_poll_threshold(Duration::from_millis(250))
        .build()
        .unwrap();
    rt.block_on(async {
        let hog = task::Builder::new().name("hog").spawn(async {
            util::block_the_thread(Duration::from_millis(400));
            std::future::pending::<()>().await
        });
        let quick = task::Builder::new()
            .name("quick")
            .spawn(std::future::pending::<()>());
        runtime::yield_now().await;
        let tasks = task::dump();
        let of = |name: &str| {
            tasks
                .iter()
                .find(|t| t.name.as_deref() == Some(name))
                .unwrap()
        };
        let hog_info = of("hog");
        assert!(
            matches!(hog_info.warnings[..], [Warning::SlowPoll { longest }]
                if longest >= Duration::from_millis(400)),
            "{hog_info:#?}"
        );
        assert!(hog_info.busy.unwrap() >= Duration::from_millis(400));
        assert_eq!(hog_info.longest_poll, hog_info.busy);
        assert!(of("quick").warnings.is_empty(), "{:#?}", of("quick"));
        hog.abort();
        quick.abort();
    });
}

#[test]
fn a_task_busy_past_the_threshold_sees_itself_not_yielding() {
    let rt = Runtime::builder()
        .introspect(true)
        .slow_poll_threshold(Duration::from_millis(250))
        .build()
        .unwrap();
    rt.block_on(async {
        let busy = runtime::spawn(async {
            util::block_the_thread(Duration::from_millis(400));
            // From inside the long poll: it is not over, so it is not yet a slow *poll*.
            task::dump()[0].warnings.clone()
        });
        let warnings = busy.await.unwrap();
        assert!(
            matches!(warnings[..], [Warning::NotYielding { running_for }]
                if running_for >= Duration::from_millis(400)),
            "{warnings:?}"
        );
    });
}
