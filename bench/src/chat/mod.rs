//! Scenario `chat`: our chat server against an equivalent tokio chat server, with 100 members of
//! which 1 sends, and 500 members of which 5 send; each of the two both windowed and closed loop.
//!
//! - **Windowed** (`--window 4`): a sender keeps up to 4 lines not yet delivered to everyone, so
//!   the server always has work queued; this measures throughput and the latency of a busy room.
//! - **Closed loop** (`--window 1`): a sender sends its next line only once its previous one has
//!   reached every other member. Nothing is queued behind a line, so any time the server (or the
//!   kernel on its behalf) holds a line back shows up whole, in both latency and throughput: a
//!   line held for a 40 ms delayed acknowledgement stalls its sender for 40 ms. This is the mode
//!   that showed our server waiting on Nagle's algorithm before it set `TCP_NODELAY`.
//!
//! Both servers speak the same line protocol (see `tokio_server.rs`), so the same load client
//! (`load_client.rs`) drives both. Each round starts a fresh server process
//! (`bench chat-server --impl X`) and runs the client process against it. Figures: deliveries per
//! second (a line reaching one member is one delivery), p50 and p99 delivery latency, and the
//! server's CPU time per delivery, read from `/proc/PID/stat` around the client's whole run
//! (joining and syncing included, a small share next to the deliveries).
//!
//! Both servers set `TCP_NODELAY` on every connection they accept, and the load client sets it on
//! its own: the same socket options on both sides of both comparisons.
//!
//! There is no mio row: a hand-written chat state machine would be a different program, not a
//! floor for the same one.
//!
//! ```text
//! bench chat-server --impl tokio --listen 127.0.0.1:7001
//! bench chat-client --addr 127.0.0.1:7001 --clients 100 --senders 1 --messages 10000 --window 1
//! ```

pub mod idle_room;
pub mod load_client;
pub mod tokio_server;

use crate::plan::Plan;
use crate::process::{load_server, Server};
use crate::report::{count, Metric, Table};
use crate::rounds::{self, Contender, Impl};

/// One row group of the scenario.
#[derive(Clone, Copy, Debug)]
pub struct ChatCase {
    /// Members in the room.
    pub clients: usize,
    /// How many of them send.
    pub senders: usize,
    /// Lines each sender sends per run.
    pub messages: u64,
    /// Lines a sender may have in flight (not yet delivered to everyone); 1 is a closed loop.
    pub window: u64,
}

impl ChatCase {
    /// The case's label in the table.
    fn label(&self) -> String {
        let mode = match self.window {
            1 => "closed loop".to_string(),
            window => format!("window {window}"),
        };
        format!(
            "{} clients, {} sending {} lines each, {mode}",
            self.clients,
            self.senders,
            count(self.messages)
        )
    }
}

/// The figures from one run of the chat client against one server.
#[derive(Clone, Copy, Debug)]
struct ChatSample {
    /// Server CPU time (user + system) per delivery, in microseconds.
    cpu_us_per_delivery: f64,
    /// Deliveries per second.
    deliveries_per_sec: f64,
    /// Median delivery latency, in microseconds.
    p50_us: f64,
    /// 99th percentile delivery latency, in microseconds.
    p99_us: f64,
}

/// The rows each case produces.
const METRICS: [Metric<ChatSample>; 4] = [
    Metric {
        name: "deliveries/s ↑",
        value: |s| s.deliveries_per_sec,
    },
    Metric {
        name: "p50 µs ↓",
        value: |s| s.p50_us,
    },
    Metric {
        name: "p99 µs ↓",
        value: |s| s.p99_us,
    },
    Metric {
        name: "server CPU µs/delivery ↓",
        value: |s| s.cpu_us_per_delivery,
    },
];

/// The chat server of each implementation.
pub fn server(imp: Impl) -> Option<Server> {
    match imp {
        Impl::Ours => ours_chat_server(),
        Impl::Tokio => Some(tokio_server::serve),
        Impl::Mio => None,
    }
}

/// Our chat server: `chatbot::server::serve` with the rate limit off (the load is the point),
/// running until the process is told to stop.
pub fn ours_chat_server() -> Option<Server> {
    Some(ours_serve)
}

fn ours_serve(listener: std::net::TcpListener) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let rt = runtime::Runtime::new()?;
    rt.block_on(async move {
        let listener = runtime::net::TcpListener::from_std(listener)?;
        let settings = chatbot::server::Settings {
            rate_limit: chatbot::rate_limit::RateLimit::OFF,
            max_clients: usize::MAX,
            ..chatbot::server::Settings::from(&chatbot::config::ServerConfig::default())
        };
        chatbot::server::serve(settings, listener, std::future::pending()).await
    })
}

/// Runs every case in alternation and adds its rows to `table`.
pub fn run(plan: &Plan, table: &mut Table) {
    for &case in &plan.chat_cases {
        let label = case.label();
        let contenders = [Impl::Ours, Impl::Tokio]
            .into_iter()
            .map(|imp| Contender::new(imp, move || measure(imp, case)))
            .collect();
        let outcomes = rounds::alternate(&format!("chat {label}"), plan.rounds, contenders);
        table.add("chat", label, &METRICS, &outcomes);
    }
}

/// One round: a fresh server, one chat client run, the server's CPU time around it.
fn measure(imp: Impl, case: ChatCase) -> Option<ChatSample> {
    server(imp)?;
    let options = [
        ("--clients", case.clients.to_string()),
        ("--senders", case.senders.to_string()),
        ("--messages", case.messages.to_string()),
        ("--window", case.window.to_string()),
    ];
    let (report, cpu) = load_server("chat-server", imp, "chat-client", &options);
    let deliveries = report.get("deliveries");
    let expected = case.messages * case.senders as u64 * (case.clients as u64 - 1);
    assert_eq!(deliveries, expected as f64, "deliveries went missing");
    Some(ChatSample {
        cpu_us_per_delivery: cpu.as_secs_f64() * 1e6 / deliveries,
        deliveries_per_sec: deliveries / (report.get("elapsed_ns") / 1e9),
        p50_us: report.get("p50_ns") / 1e3,
        p99_us: report.get("p99_ns") / 1e3,
    })
}
