//! How much work each scenario does: the full run, and the few-second `--quick` run that CI uses
//! to keep the benchmarks from rotting.
//!
//! The full counts are the issue's: a million of each micro operation, 1/100/1000 echo
//! connections, 10,000 idle connections, five rounds. The echo and chat message counts are chosen
//! so one run of the load client takes around a second, long enough for the kernel's 10 ms CPU
//! accounting ticks to add up to a precise figure. The quick counts exercise every code path
//! (including 1000 echo connections and 500 chat members) with as little work as still proves it
//! correct; their figures are printed but mean little.
//!
//! ```ignore
//! let plan = if quick { Plan::quick() } else { Plan::full() };
//! ```

use std::time::Duration;

use crate::chat::ChatCase;
use crate::echo::EchoCase;

/// Counts for one run of every scenario.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Rounds per implementation, alternating between implementations.
    pub rounds: usize,
    /// `spawn`: tasks spawned and joined.
    pub spawn_tasks: usize,
    /// `yield`: passes each of the two players makes.
    pub yield_round_trips: usize,
    /// `channel`: messages through the mpsc channel.
    pub mpsc_messages: usize,
    /// `channel`: the mpsc channel's capacity.
    pub mpsc_capacity: usize,
    /// `channel`: oneshot round trips.
    pub oneshot_round_trips: usize,
    /// `timers`: sleeps that fire.
    pub sleeps: usize,
    /// `timers`: the sleeps' deadlines are spread over this window.
    pub sleep_window: Duration,
    /// `timers`: tasks that each sleep once, task `i` for `i % sleeper_spread_ms` ms.
    pub sleepers: usize,
    /// `timers`: the sleepers' delays repeat with this period, in milliseconds.
    pub sleeper_spread_ms: u64,
    /// `timers`: timeouts set and cancelled before firing.
    pub timeouts: usize,
    /// `echo`: one row group each.
    pub echo_cases: Vec<EchoCase>,
    /// `chat`: one row group each.
    pub chat_cases: Vec<ChatCase>,
    /// `idle`: connections held open.
    pub idle_connections: usize,
    /// `wakes`: cross-thread wakes in all, shared by the four waking threads.
    pub remote_wakes: usize,
}

impl Plan {
    /// The issue's figures.
    pub fn full() -> Plan {
        const MILLION: usize = 1_000_000;
        Plan {
            rounds: 5,
            spawn_tasks: MILLION,
            yield_round_trips: MILLION,
            mpsc_messages: MILLION,
            mpsc_capacity: 1024,
            oneshot_round_trips: MILLION,
            sleeps: MILLION,
            sleep_window: Duration::from_millis(50),
            sleepers: MILLION,
            sleeper_spread_ms: 1000,
            timeouts: MILLION,
            echo_cases: echo_cases([(1, 50_000), (100, 200_000), (1000, 200_000)]),
            chat_cases: chat_cases([(100, 1, 3_000), (500, 5, 200)]),
            idle_connections: 10_000,
            remote_wakes: MILLION,
        }
    }

    /// A few seconds in total: small counts, two rounds.
    pub fn quick() -> Plan {
        Plan {
            rounds: 2,
            spawn_tasks: 20_000,
            yield_round_trips: 20_000,
            mpsc_messages: 20_000,
            mpsc_capacity: 1024,
            oneshot_round_trips: 20_000,
            sleeps: 20_000,
            sleep_window: Duration::from_millis(10),
            sleepers: 20_000,
            sleeper_spread_ms: 100,
            timeouts: 20_000,
            echo_cases: echo_cases([(1, 1_000), (100, 2_000), (1000, 2_000)]),
            chat_cases: chat_cases([(100, 1, 100), (500, 5, 10)]),
            idle_connections: 1_000,
            remote_wakes: 20_000,
        }
    }
}

/// Each `(members, senders, lines per sender)` twice: with a window of 4 lines in flight per
/// sender, and closed loop (a window of 1).
fn chat_cases(shapes: [(usize, usize, u64); 2]) -> Vec<ChatCase> {
    [4, 1]
        .into_iter()
        .flat_map(|window| {
            shapes.map(|(clients, senders, messages)| ChatCase {
                clients,
                senders,
                messages,
                window,
            })
        })
        .collect()
}

/// Both message sizes for each `(connections, round trips)`.
fn echo_cases(shapes: [(usize, u64); 3]) -> Vec<EchoCase> {
    shapes
        .into_iter()
        .flat_map(|(conns, round_trips)| {
            [64, 4096].map(|size| EchoCase {
                conns,
                size,
                round_trips,
            })
        })
        .collect()
}
