//! Scenario `echo`: TCP echo over loopback, 1, 100 and 1000 connections, 64-byte and 4 KiB
//! messages, on three servers: ours, tokio, and a hand-written mio state machine.
//!
//! Each round starts a fresh server process (`bench echo-server --impl X`), then runs the load
//! client process (`bench load-client`, see `load_client.rs`) against it with a fixed number of
//! round trips. The client reports throughput and latency percentiles; the orchestrator reads the
//! server's CPU time (`utime + stime` from `/proc/PID/stat`) just before and just after the
//! client, and divides by the round trips. That last figure ranks the servers: throughput and
//! latency on a shared two-core machine say as much about the client and the neighbours as about
//! the server, but CPU time spent *in the server process* per round trip is the server's own.
//! Connecting and accepting happen inside the measured window, a small and equal share for all.
//!
//! For finer figures (instructions and system calls per round trip), run the servers standalone
//! under callgrind and strace: `scripts/cost_per_round_trip.sh`.
//!
//! ```text
//! bench echo-server --impl mio --listen 127.0.0.1:7000
//! bench load-client --addr 127.0.0.1:7000 --conns 100 --size 64 --round-trips 100000
//! ```

pub mod load_client;
pub mod mio_server;
mod ours_server;
mod tokio_server;

use crate::plan::Plan;
use crate::process::{load_server, Server};
use crate::report::{count, Metric, Table};
use crate::rounds::{self, Contender, Impl};

/// One row group of the scenario.
#[derive(Clone, Copy, Debug)]
pub struct EchoCase {
    /// Concurrent connections.
    pub conns: usize,
    /// Bytes per message (each direction).
    pub size: usize,
    /// Round trips per run, over all connections.
    pub round_trips: u64,
}

/// The figures from one run of the load client against one server.
#[derive(Clone, Copy, Debug)]
struct EchoSample {
    /// Server CPU time (user + system) per round trip, in microseconds.
    cpu_us_per_round_trip: f64,
    /// Round trips per second over all connections.
    round_trips_per_sec: f64,
    /// Median round-trip latency, in microseconds.
    p50_us: f64,
    /// 99th percentile round-trip latency, in microseconds.
    p99_us: f64,
}

/// The rows each case produces, the ranking figure first.
const METRICS: [Metric<EchoSample>; 4] = [
    Metric {
        name: "server CPU µs/rt ↓",
        value: |s| s.cpu_us_per_round_trip,
    },
    Metric {
        name: "round trips/s ↑",
        value: |s| s.round_trips_per_sec,
    },
    Metric {
        name: "p50 µs ↓",
        value: |s| s.p50_us,
    },
    Metric {
        name: "p99 µs ↓",
        value: |s| s.p99_us,
    },
];

/// The echo server of each implementation.
pub fn server(imp: Impl) -> Option<Server> {
    match imp {
        Impl::Ours => ours_echo_server(),
        Impl::Tokio => Some(tokio_server::serve),
        Impl::Mio => Some(mio_server::serve),
    }
}

/// Our runtime's echo server (`ours_server.rs`, the same code as `tokio_server.rs` with our
/// names).
pub fn ours_echo_server() -> Option<Server> {
    Some(ours_server::serve)
}

/// Runs every case in alternation and adds its rows to `table`.
pub fn run(plan: &Plan, table: &mut Table) {
    for &case in &plan.echo_cases {
        let label = format!("{} conns × {} B", case.conns, case.size);
        let contenders = Impl::ALL
            .into_iter()
            .map(|imp| Contender::new(imp, move || measure(imp, case)))
            .collect();
        let outcomes = rounds::alternate(&format!("echo {label}"), plan.rounds, contenders);
        let label = format!("{label}, {} rt", count(case.round_trips));
        table.add("echo", label, &METRICS, &outcomes);
    }
}

/// One round: a fresh server, one load client run, the server's CPU time around it.
fn measure(imp: Impl, case: EchoCase) -> Option<EchoSample> {
    server(imp)?;
    let options = [
        ("--conns", case.conns.to_string()),
        ("--size", case.size.to_string()),
        ("--round-trips", case.round_trips.to_string()),
    ];
    let (report, cpu) = load_server("echo-server", imp, "load-client", &options);
    let round_trips = report.get("round_trips");
    assert_eq!(
        round_trips, case.round_trips as f64,
        "round trips went missing"
    );
    Some(EchoSample {
        cpu_us_per_round_trip: cpu.as_secs_f64() * 1e6 / round_trips,
        round_trips_per_sec: round_trips / (report.get("elapsed_ns") / 1e9),
        p50_us: report.get("p50_ns") / 1e3,
        p99_us: report.get("p99_ns") / 1e3,
    })
}
