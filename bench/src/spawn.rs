//! Scenario `spawn`: spawn a million trivial tasks, then join them all.
//!
//! This measures what a task costs to exist: one allocation holding the future and its header,
//! one push onto the run queue, one poll, storing the output where the `JoinHandle` can find it,
//! waking the joiner, and freeing it all. Each task returns its index, and the joiner checks the
//! sum, so a lost or duplicated output fails the run instead of looking fast.
//!
//! Spawning everything before joining anything is deliberate: it lets the run queue grow to a
//! million entries, which is the pattern that shows whether the queue and the task allocations
//! scale. The tasks are `Send` (they own only an integer), so tokio needs no `LocalSet` here.
//!
//! There is no mio row: a hand-written state machine has no tasks to spawn.
//!
//! ```ignore
//! let elapsed = spawn::tokio_spawn(1_000_000);
//! ```

use std::time::{Duration, Instant};

use crate::plan::Plan;
use crate::report::{count, Metric, Table};
use crate::rounds::{self, Contender, Impl};

/// Runs the scenario in alternation and adds its row to `table`.
pub fn run(plan: &Plan, table: &mut Table) {
    let n = plan.spawn_tasks;
    let outcomes = rounds::alternate(
        "spawn",
        plan.rounds,
        vec![
            Contender::new(Impl::Ours, || ours_spawn(n)),
            Contender::new(Impl::Tokio, || Some(tokio_spawn(n))),
        ],
    );
    table.add(
        "spawn",
        format!("{} tasks", count(n as u64)),
        &[Metric::MILLIS],
        &outcomes,
    );
}

/// Our runtime: spawn `n` trivial tasks, then join them in order.
pub fn ours_spawn(n: usize) -> Option<Duration> {
    let rt = runtime::Runtime::new().expect("build our runtime");
    let (elapsed, sum) = rt.block_on(async move {
        let start = Instant::now();
        let handles: Vec<_> = (0..n).map(|i| runtime::spawn(async move { i })).collect();
        let mut sum = 0;
        for handle in handles {
            sum += handle.await.expect("a trivial task does not fail");
        }
        (start.elapsed(), sum)
    });
    check_sum(n, sum);
    Some(elapsed)
}

/// tokio's current-thread runtime.
pub fn tokio_spawn(n: usize) -> Duration {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("build a tokio runtime");
    let (elapsed, sum) = rt.block_on(async move {
        let start = Instant::now();
        let handles: Vec<_> = (0..n).map(|i| tokio::spawn(async move { i })).collect();
        let mut sum = 0;
        for handle in handles {
            sum += handle.await.expect("a trivial task does not fail");
        }
        (start.elapsed(), sum)
    });
    check_sum(n, sum);
    elapsed
}

/// Every task's output arrived exactly once: the indexes `0..n` sum to `n(n-1)/2`.
pub fn check_sum(n: usize, sum: usize) {
    assert_eq!(
        sum,
        n * n.saturating_sub(1) / 2,
        "task outputs lost or repeated"
    );
}
