//! The `timers` scenario's third case: a million tasks that sleep `i % 1000` ms, each in a task of
//! its own, measured in a child process so that its memory can be read.
//!
//! The other two timer cases put every timer in one task. Here each timer belongs to a task, as
//! in a server where every connection waits on its own deadline: a round spawns `n` tasks, task
//! `i` sleeping `i % spread` ms (`spread` is 1000 in the full run), and then joins them all. That
//! is a million timers inserted in a scrambled order of deadlines, spread over a second, expired a
//! thousand at a time, each waking a task that then finishes and wakes its joiner.
//!
//! A round is one child process (`bench sleepers --impl ours|tokio --tasks N --spread-ms S`), for
//! the memory figure: resident memory freed by one round stays with the allocator, so a second
//! round in the same process would find it ready and seem to cost nothing. The child prints
//!
//! ```text
//!   total_ns     first spawn to last join: never less than the longest sleep
//!   spawn_ns     spawning the n tasks (not polling them)
//!   beyond_ns    total minus the longest sleep: what the runtime adds to the sleeping
//!   rss_per_task (VmRSS with every task asleep - VmRSS before spawning) / n, in bytes
//!   cpu_ns       the child's user + system CPU time, in all: on a shared machine the steadiest
//!                figure, since the others wait for cores that other work holds
//! ```
//!
//! "Every task asleep" is when a probe task, spawned after the sleepers, runs: both run queues
//! are first in, first out, so by then every sleeper has been polled once and holds its timer,
//! and a sleeper woken meanwhile is queued behind the probe and still holds its memory. The delta
//! includes the join handles' vector (8 to 16 bytes a task): the same shape on both sides.
//!
//! ```ignore
//! let round = sleepers::measure(Impl::Ours, 1_000_000, 1000);
//! ```

use std::future::Future;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::cli::{self, Args};
use crate::os;
use crate::process::{self, ClientReport};
use crate::report::Metric;
use crate::rounds::Impl;

/// What one round measured.
#[derive(Clone, Copy, Debug)]
pub struct Round {
    /// From the first spawn to the last join.
    pub total: Duration,
    /// Spawning the tasks alone.
    pub spawn: Duration,
    /// `total` minus the longest sleep.
    pub beyond: Duration,
    /// Resident memory per sleeping task, in bytes.
    pub rss_per_task: f64,
    /// The child's CPU time, start to exit.
    pub cpu: Duration,
}

/// The rows this case adds to the table.
pub const METRICS: [Metric<Round>; 5] = [
    Metric {
        name: "total ms ↓",
        value: |r| r.total.as_secs_f64() * 1e3,
    },
    Metric {
        name: "spawn ms ↓",
        value: |r| r.spawn.as_secs_f64() * 1e3,
    },
    Metric {
        name: "beyond the longest sleep ms ↓",
        value: |r| r.beyond.as_secs_f64() * 1e3,
    },
    Metric {
        name: "RSS B/sleeping task ↓",
        value: |r| r.rss_per_task,
    },
    Metric {
        name: "CPU ms ↓",
        value: |r| r.cpu.as_secs_f64() * 1e3,
    },
];

/// Parent side: runs one round of `imp` in a child process and reads its report.
///
/// # Panics
/// If the child fails: a sleeper that woke early fails its round.
pub fn measure(imp: Impl, tasks: usize, spread_ms: u64) -> Round {
    let exe = std::env::current_exe().expect("the bench binary's path");
    let output = Command::new(exe)
        .args(["sleepers", "--impl", imp.name()])
        .args([
            "--tasks",
            &tasks.to_string(),
            "--spread-ms",
            &spread_ms.to_string(),
        ])
        .output()
        .expect("start the sleepers child");
    assert!(
        output.status.success(),
        "sleepers child failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    let report =
        ClientReport::parse(last).unwrap_or_else(|| panic!("unreadable sleepers report {last:?}"));
    let nanos = |key| Duration::from_nanos(report.get(key) as u64);
    Round {
        total: nanos("total_ns"),
        spawn: nanos("spawn_ns"),
        beyond: nanos("beyond_ns"),
        rss_per_task: report.get("rss_per_task"),
        cpu: nanos("cpu_ns"),
    }
}

/// Child side: `bench sleepers --impl IMP --tasks N --spread-ms S`; prints one report line.
pub fn main(argv: &[String]) -> ! {
    let args = Args::parse(argv, &[], &["--impl", "--tasks", "--spread-ms"]);
    let name: String = args.required("--impl");
    let tasks: usize = args.required("--tasks");
    let spread_ms: u64 = args.required("--spread-ms");
    let figures = match Impl::parse(&name) {
        Some(Impl::Ours) => ours(tasks, spread_ms),
        Some(Impl::Tokio) => tokio(tasks, spread_ms),
        _ => cli::fail(format!("sleepers: no {name:?} implementation")),
    };
    let longest = Duration::from_millis(spread_ms.min(tasks as u64).saturating_sub(1));
    let rss_before = figures.rss_before as f64;
    let cpu = os::cpu_time(std::process::id())
        .unwrap_or_else(|e| process::exit_with(format!("read /proc/self/stat: {e}")));
    println!(
        "total_ns={} spawn_ns={} beyond_ns={} rss_per_task={:.1} cpu_ns={}",
        figures.total.as_nanos(),
        figures.spawn.as_nanos(),
        figures.total.saturating_sub(longest).as_nanos(),
        (figures.rss_asleep as f64 - rss_before) / tasks as f64,
        cpu.as_nanos(),
    );
    std::process::exit(0)
}

/// What a child measured, before the subtraction.
struct Figures {
    /// First spawn to last join.
    total: Duration,
    /// Spawning alone.
    spawn: Duration,
    /// `VmRSS` before the first spawn.
    rss_before: u64,
    /// `VmRSS` as the probe saw it.
    rss_asleep: u64,
}

/// The delay of task `i`.
fn delay(i: usize, spread_ms: u64) -> Duration {
    Duration::from_millis(i as u64 % spread_ms)
}

/// This process's resident memory now.
fn rss() -> u64 {
    os::memory(std::process::id())
        .unwrap_or_else(|e| process::exit_with(format!("read /proc/self/status: {e}")))
        .rss
}

/// One sleeper: true if it woke before its deadline (a failure, counted by the caller).
async fn sleeper<S: Future<Output = ()>>(
    delay: Duration,
    sleep: impl FnOnce(Duration) -> S,
) -> bool {
    let deadline = Instant::now() + delay;
    sleep(delay).await;
    Instant::now() < deadline
}

/// Our runtime.
fn ours(tasks: usize, spread_ms: u64) -> Figures {
    let rt = runtime::Runtime::new().expect("build our runtime");
    rt.block_on(async move {
        let rss_before = rss();
        let start = Instant::now();
        let sleepers: Vec<_> = (0..tasks)
            .map(|i| runtime::spawn(sleeper(delay(i, spread_ms), runtime::time::sleep)))
            .collect();
        let spawn = start.elapsed();
        let rss_asleep = runtime::spawn(async { rss() }).await.expect("the probe");
        let mut early = 0;
        for sleeper in sleepers {
            early += usize::from(sleeper.await.expect("a sleeper does not fail"));
        }
        let total = start.elapsed();
        assert_eq!(early, 0, "sleeps woke before their deadline");
        Figures {
            total,
            spawn,
            rss_before,
            rss_asleep,
        }
    })
}

/// tokio's current-thread runtime, with its timer driver.
fn tokio(tasks: usize, spread_ms: u64) -> Figures {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("build a tokio runtime");
    rt.block_on(async move {
        let rss_before = rss();
        let start = Instant::now();
        let sleepers: Vec<_> = (0..tasks)
            .map(|i| tokio::spawn(sleeper(delay(i, spread_ms), tokio::time::sleep)))
            .collect();
        let spawn = start.elapsed();
        let rss_asleep = tokio::spawn(async { rss() }).await.expect("the probe");
        let mut early = 0;
        for sleeper in sleepers {
            early += usize::from(sleeper.await.expect("a sleeper does not fail"));
        }
        let total = start.elapsed();
        assert_eq!(early, 0, "sleeps woke before their deadline");
        Figures {
            total,
            spawn,
            rss_before,
            rss_asleep,
        }
    })
}
