//! Scenario `idle`: resident memory per idle connection, with 10,000 connections open to an echo
//! server.
//!
//! Each round starts a fresh echo server process and reads its `VmRSS` (resident memory now) from
//! `/proc/PID/status`. The orchestrator then opens the connections itself, one echo round trip of
//! one byte on each: that proves the server has accepted the connection and set up whatever it
//! keeps per connection (a task, a buffer, a slab entry). With all of them open and idle, it reads
//! the server's `VmHWM` (peak resident memory) and reports
//!
//! ```text
//! (VmHWM after connecting - VmRSS before connecting) / connections
//! ```
//!
//! Peak rather than current memory, so that memory the server touched while accepting and then
//! gave back still counts: it was needed to hold that many connections. Kernel socket buffers are
//! not part of a process's RSS, so this is the user-space cost of a connection alone: what the
//! runtime and the server's code keep for it.
//!
//! Ten thousand connections need ten thousand descriptors on each side; `main` raises the soft
//! `RLIMIT_NOFILE` to the hard limit first, and this scenario uses fewer connections (and says so
//! in the table) if the hard limit is still too low.
//!
//! ```ignore
//! idle::run(&plan, &mut table);
//! ```

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::echo;
use crate::os;
use crate::plan::Plan;
use crate::process::ServerProcess;
use crate::report::{count, Metric, Table};
use crate::rounds::{self, Contender, Impl};

/// Descriptors the orchestrator keeps for itself beyond one per connection: stdio, pipes to
/// children, the binary, and some slack.
const SPARE_FDS: u64 = 64;

/// The row this scenario produces.
const BYTES_PER_CONNECTION: Metric<f64> = Metric {
    name: "server RSS B/conn ↓",
    value: |bytes| *bytes,
};

/// Runs the scenario in alternation over the echo servers and adds its row to `table`.
pub fn run(plan: &Plan, table: &mut Table) {
    let limit = os::raise_fd_limit().unwrap_or(1024);
    let n = plan
        .idle_connections
        .min(limit.saturating_sub(SPARE_FDS) as usize);
    if n < plan.idle_connections {
        eprintln!("  idle: the fd limit is {limit}; using {n} connections (raise `ulimit -Hn`)");
    }
    let contenders = Impl::ALL
        .into_iter()
        .map(|imp| Contender::new(imp, move || measure(imp, n)))
        .collect();
    let outcomes = rounds::alternate("idle", plan.rounds, contenders);
    let case = format!("{} idle echo conns", count(n as u64));
    table.add("idle", case, &[BYTES_PER_CONNECTION], &outcomes);
}

/// One round: a fresh server, `n` connections opened and used once, its memory before and after.
fn measure(imp: Impl, n: usize) -> Option<f64> {
    echo::server(imp)?;
    let server = ServerProcess::start("echo-server", imp).expect("start the echo server");
    let before = server.memory().rss;
    let connections: Vec<TcpStream> = (0..n)
        .map(|i| {
            let mut stream = TcpStream::connect(server.addr).expect("connect to the echo server");
            // A server that never answers must fail the run, not hang it.
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .expect("set a read timeout");
            let byte = [i as u8];
            stream.write_all(&byte).expect("write one byte");
            let mut echoed = [0u8];
            stream.read_exact(&mut echoed).expect("read the echo");
            assert_eq!(echoed, byte, "the echo differs from what was sent");
            stream
        })
        .collect();
    let after = server.memory().peak;
    drop(connections);
    Some(after.saturating_sub(before) as f64 / n as f64)
}
