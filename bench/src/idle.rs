//! Scenario `idle`: resident memory per idle connection, with 10,000 connections open to an echo
//! server, and per idle member, with 10,000 members in one chat room.
//!
//! # Echo
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
//! # Chat
//!
//! Each round starts a fresh chat server (ours, or the tokio one of `chat/tokio_server.rs`),
//! reads its `VmRSS`, and fills its default room (`lobby`; the tokio server has one room) with
//! 10,000 members connecting as fast as they can, each reading everything it is sent
//! (`chat/idle_room.rs`): its welcome, the joins it hears, and a sync line that proves the
//! server has finished sending it what the joins caused. Then, all idle, the server's memory is
//! read as for echo, divided by the members still connected, and the number kept is a row of
//! its own: a server that drops members as too slow while a room fills shows it there. No mio
//! row: a hand-written chat state machine would be a different program.
//!
//! Both servers announce joins under the same rule (`--quiet-joins`, default 200: past 200
//! members only the newcomer hears its own join), so each sends the same lines.
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

use crate::chat::{self, idle_room::IdleRoom};
use crate::echo;
use crate::os;
use crate::plan::Plan;
use crate::process::ServerProcess;
use crate::report::{count, Metric, Table};
use crate::rounds::{self, Contender, Impl};

/// Descriptors the orchestrator keeps for itself beyond one per connection: stdio, pipes to
/// children, the binary, and some slack.
const SPARE_FDS: u64 = 64;

/// The row this scenario produces for echo.
const BYTES_PER_CONNECTION: Metric<f64> = Metric {
    name: "server RSS B/conn ↓",
    value: |bytes| *bytes,
};

/// How long filling the chat room may take before the round fails.
const FILL_TIMEOUT: Duration = Duration::from_secs(120);

/// What one chat round measured.
#[derive(Clone, Copy, Debug)]
struct RoomSample {
    /// Server memory per member still connected, in bytes.
    bytes_per_member: f64,
    /// Members still connected once the room was full and quiet.
    kept: f64,
}

/// The rows this scenario produces for chat.
const ROOM_METRICS: [Metric<RoomSample>; 2] = [
    Metric {
        name: "server RSS B/member ↓",
        value: |s| s.bytes_per_member,
    },
    Metric {
        name: "members kept ↑",
        value: |s| s.kept,
    },
];

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

    let contenders = [Impl::Ours, Impl::Tokio]
        .into_iter()
        .map(|imp| Contender::new(imp, move || measure_room(imp, n)))
        .collect();
    let outcomes = rounds::alternate("idle chat", plan.rounds, contenders);
    let case = format!("{} idle members in lobby", count(n as u64));
    table.add("idle", case, &ROOM_METRICS, &outcomes);
}

/// One chat round: a fresh server, a room of `n` idle members, its memory before and after.
fn measure_room(imp: Impl, n: usize) -> Option<RoomSample> {
    chat::server(imp)?;
    let server = ServerProcess::start("chat-server", imp).expect("start the chat server");
    let before = server.memory().rss;
    let room = IdleRoom::fill(server.addr, n, FILL_TIMEOUT)
        .unwrap_or_else(|e| panic!("idle chat, {}: {e}", imp.name()));
    let after = server.memory().peak;
    let kept = room.kept();
    drop(room);
    Some(RoomSample {
        bytes_per_member: after.saturating_sub(before) as f64 / kept.max(1) as f64,
        kept: kept as f64,
    })
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
