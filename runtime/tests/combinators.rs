//! `join!`, `join_all`, `select!` and `JoinSet`: order of outputs, and what gets dropped.

mod util;

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use runtime::time::{sleep, Instant};
use runtime::{join, join_all, select, spawn, JoinSet};
use util::{paused, pending_forever, DropCounter};

#[test]
fn join_returns_outputs_in_argument_order_and_runs_concurrently() {
    paused().block_on(async {
        let start = Instant::now();
        let (a, b, c) = join!(
            async {
                sleep(Duration::from_secs(3)).await;
                "a"
            },
            async {
                sleep(Duration::from_secs(1)).await;
                "b"
            },
            async { "c" },
        );
        assert_eq!((a, b, c), ("a", "b", "c"));
        assert_eq!(
            start.elapsed(),
            Duration::from_secs(3),
            "the longest, not the sum"
        );
    });
}

#[test]
fn join_all_preserves_order_whatever_the_completion_order() {
    paused().block_on(async {
        let delays = [5u64, 1, 3, 2, 4];
        let outputs = join_all(delays.iter().map(|&d| async move {
            sleep(Duration::from_secs(d)).await;
            d * 10
        }))
        .await;
        assert_eq!(outputs, [50, 10, 30, 20, 40]);
        assert!(join_all(Vec::<std::future::Ready<()>>::new())
            .await
            .is_empty());
    });
}

#[test]
fn select_runs_the_first_branch_to_finish_and_drops_the_others() {
    let drops = Rc::new(Cell::new(0));
    paused().block_on(async {
        let (d1, d2) = (DropCounter(drops.clone()), DropCounter(drops.clone()));
        let winner = select! {
            _ = async move { let _guard = d1; sleep(Duration::from_secs(10)).await } => "slow",
            n = async { sleep(Duration::from_secs(1)).await; 7 } => {
                // Both losers were dropped before this body runs.
                assert_eq!(drops.get(), 2);
                if n == 7 { "fast" } else { "wrong" }
            },
            _ = async move { let _guard = d2; pending_forever().await } => "never",
        };
        assert_eq!(winner, "fast");
        assert_eq!(drops.get(), 2, "both losing branches dropped");
        assert_eq!(
            runtime::reactor_handle().timer_count(),
            0,
            "the losing sleep's timer is cancelled"
        );
    });
}

#[test]
fn select_branch_bodies_can_return_from_the_enclosing_function() {
    async fn first_even(values: Vec<u32>) -> Option<u32> {
        for v in values {
            select! {
                x = async move { v } => if x % 2 == 0 { return Some(x) },
            }
        }
        None
    }
    assert_eq!(runtime::run(first_even(vec![1, 3, 4, 5])), Some(4));
}

#[test]
fn join_set_yields_in_completion_order() {
    paused().block_on(async {
        let mut set = JoinSet::new();
        for d in [3u64, 1, 2] {
            set.spawn(async move {
                sleep(Duration::from_secs(d)).await;
                d
            });
        }
        assert_eq!(set.len(), 3);
        let mut order = Vec::new();
        while let Some(result) = set.join_next().await {
            order.push(result.unwrap());
        }
        assert_eq!(order, [1, 2, 3]);
        assert!(set.is_empty());
    });
}

#[test]
fn dropping_a_join_set_aborts_what_is_left() {
    let drops = Rc::new(Cell::new(0));
    paused().block_on(async {
        let mut set = JoinSet::new();
        for _ in 0..3 {
            let guard = DropCounter(drops.clone());
            set.spawn(async move {
                let _guard = guard;
                pending_forever().await;
            });
        }
        set.spawn(async {});
        assert!(set.join_next().await.unwrap().is_ok());
        drop(set);
        runtime::yield_now().await; // the aborted tasks are dropped when they come up
        assert_eq!(drops.get(), 3);
    });
}

#[test]
fn abort_all_cancels_every_task_in_the_set() {
    paused().block_on(async {
        let mut set = JoinSet::new();
        for _ in 0..3 {
            set.spawn(pending_forever());
        }
        set.abort_all();
        let mut cancelled = 0;
        while let Some(result) = set.join_next().await {
            assert!(result.unwrap_err().is_cancelled());
            cancelled += 1;
        }
        assert_eq!(cancelled, 3);
        drop(spawn(async {}));
    });
}
