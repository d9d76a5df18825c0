//! The turn history keeps the last `TURN_HISTORY` turns, in order, and nothing while off.

use runtime::introspect::{self, TURN_HISTORY};
use runtime::Runtime;

#[test]
fn the_history_keeps_only_the_most_recent_turns_in_order() {
    let rt = Runtime::builder().introspect(true).build().unwrap();
    rt.block_on(async {
        // Each yield is woken after a reactor turn: one turn per iteration, at least.
        for _ in 0..TURN_HISTORY + if cfg!(miri) { 5 } else { 50 } {
            runtime::yield_now().await;
        }
        let turns = introspect::turns();
        assert_eq!(turns.len(), TURN_HISTORY);
        let numbers: Vec<u64> = turns.iter().map(|turn| turn.number).collect();
        assert!(
            numbers.windows(2).all(|pair| pair[1] == pair[0] + 1),
            "{numbers:?}"
        );
        assert!(numbers[0] > 1, "the oldest turns were dropped");
        assert_eq!(
            numbers[TURN_HISTORY - 1],
            runtime::metrics().reactor_turns - 1
        );
    });
}

#[test]
fn with_introspection_off_nothing_is_recorded() {
    let rt = Runtime::builder().introspect(false).build().unwrap();
    rt.block_on(async {
        assert!(!introspect::is_enabled());
        let task = runtime::spawn(async { runtime::yield_now().await });
        for _ in 0..3 {
            runtime::yield_now().await;
        }
        task.await.unwrap();
        assert!(introspect::turns().is_empty());
        let parked = runtime::spawn(std::future::pending::<()>());
        runtime::yield_now().await;
        let info = &runtime::task::dump()[0];
        assert_eq!((info.busy, info.idle, info.scheduled), (None, None, None));
        assert_eq!((info.wakes, info.self_wakes), (0, 0));
        assert!(info.waiting_on.is_empty() && info.warnings.is_empty());
        parked.abort();
    });
}

#[test]
fn enable_starts_recording_from_inside_a_runtime() {
    let rt = Runtime::builder().introspect(false).build().unwrap();
    rt.block_on(async {
        introspect::enable();
        assert!(introspect::is_enabled());
        for _ in 0..3 {
            runtime::yield_now().await;
        }
        assert!(!introspect::turns().is_empty());
    });
}
