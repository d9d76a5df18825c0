//! Benchmarks for our single-threaded runtime and chat server, against tokio's current-thread
//! runtime and, where one applies, a hand-written mio state machine: the floor that no runtime
//! can beat, because it is what a runtime does for you, written out by hand.
//!
//! `cargo run --release -p bench` runs every scenario and prints a markdown table;
//! `-- --quick` runs a few-second version that checks correctness and prints figures that mean
//! little (CI runs it so the benchmarks keep compiling and working). `-- --only echo,idle` runs
//! some scenarios; `-- --rounds N` changes the number of rounds.
//!
//! | scenario  | what one round does                                        | module        |
//! |-----------|------------------------------------------------------------|---------------|
//! | `spawn`   | spawn 1,000,000 trivial tasks, join them all               | `spawn.rs`    |
//! | `yield`   | two tasks pass a ball 1,000,000 times by yielding          | `yielding.rs` |
//! | `channel` | 1,000,000 mpsc messages; 1,000,000 oneshot round trips     | `channel.rs`  |
//! | `timers`  | 1,000,000 sleeps that fire; 1,000,000 timeouts cancelled;  | `timers.rs`   |
//! |           | 1,000,000 tasks sleeping `i % 1000` ms                     | `sleepers.rs` |
//! | `echo`    | TCP echo, 1/100/1000 connections, 64 B and 4 KiB           | `echo/`       |
//! | `chat`    | 100 members/1 sender, 500/5; windowed and closed loop      | `chat/`       |
//! | `idle`    | RSS per connection, 10,000 idle echo conns / chat members  | `idle.rs`     |
//!
//! # The soak
//!
//! `bench soak` is not a scenario of the table but a long run of its own (`soak/`): the release
//! `chatbot` binary as a child process, plain and IRC clients joining, leaving, renaming and
//! chatting at `--rate` lines/s for `--duration` seconds, a share of them misbehaving and a
//! churn of reconnects; every 10 s it prints the server's RSS, fds, tasks alive, outbox bytes,
//! delivery p50/p99 and lines sent and delivered, and at the end a verdict (no line lost;
//! RSS, fds and tasks back in their band after churn; p99 steady), exiting 1 if it fails.
//! `soak/mod.rs` explains the phases, `soak/verdict.rs` the bands.
//!
//! ```text
//! cargo build --release -p chatbot
//! cargo run --release -p bench -- soak --duration 60 --clients 200 --rate 400
//! ```
//!
//! # How a run is measured
//!
//! Every scenario runs each implementation in alternation, A B C A B C, for several rounds in one
//! process run (`rounds.rs`), so a slow drift of the machine hits everyone alike; the table
//! (`report.rs`) shows each median with the min–max range, and the ratios of the medians. Each
//! side does the same work on the same payloads and passes the same checks: a round that loses a
//! message or returns a wrong byte panics rather than reporting a fast wrong answer.
//!
//! The in-process scenarios (`spawn` to `timers`) time a closure. The network scenarios run each
//! server in a child process and the load in another, both this binary re-executed
//! (`process.rs`), so the server's CPU time and memory can be read from `/proc/PID` (`os.rs`)
//! and the load never shares a runtime with the server it loads. The same subcommands serve
//! `scripts/cost_per_round_trip.sh`, which counts instructions and system calls per echo round
//! trip under callgrind and strace.
//!
//! # Plugging in our runtime
//!
//! Every scenario module has an `ours_*` function, today returning `None` (the table prints
//! `n/a`); its doc comment shows the body to write, which is the tokio function beside it with
//! our names. Add `runtime` (and, for `chat`, `chatbot`) to `bench/Cargo.toml`, then fill in:
//!
//! - `spawn::ours_spawn(n: usize) -> Option<Duration>`
//! - `yielding::ours_ping_pong(n: usize, how: Yield) -> Option<Duration>`
//! - `channel::ours_mpsc(n: usize, capacity: usize) -> Option<Duration>`
//! - `channel::ours_oneshot(n: usize) -> Option<Duration>`
//! - `timers::ours_sleeps(n: usize, window: Duration) -> Option<Duration>`
//! - `timers::ours_timeouts(n: usize) -> Option<Duration>`
//! - `echo::ours_echo_server() -> Option<Server>`, also used by `idle`
//! - `chat::ours_chat_server() -> Option<Server>`
//!
//! where `Server` is `fn(std::net::TcpListener) -> io::Result<()>`.
//!
//! ```text
//! cargo run --release -p bench -- --quick
//! cargo run --release -p bench -- --only echo
//! ```

#![deny(rust_2018_idioms)]
#![warn(clippy::undocumented_unsafe_blocks)]

mod channel;
mod chat;
mod cli;
mod echo;
mod idle;
mod os;
mod plan;
mod process;
mod report;
mod rounds;
mod sleepers;
mod soak;
mod spawn;
mod stats;
mod timers;
mod wakes;
mod yielding;

use std::net::SocketAddr;
use std::time::Instant;

use cli::Args;
use plan::Plan;
use process::Server;
use report::Table;
use rounds::Impl;

/// A scenario: runs all its rounds and adds its rows to the table.
type Scenario = fn(&Plan, &mut Table);

/// Scenario names for `--only`, in the order they run, with the function that runs each.
const SCENARIOS: [(&str, Scenario); 8] = [
    ("spawn", spawn::run),
    ("yield", yielding::run),
    ("channel", channel::run),
    ("timers", timers::run),
    ("echo", echo::run),
    ("chat", chat::run),
    ("idle", idle::run),
    ("wakes", wakes::run),
];

fn main() {
    // Before anything else, so that every child process inherits the raised limit.
    if let Err(e) = os::raise_fd_limit() {
        eprintln!("bench: could not raise the fd limit: {e}");
    }
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let rest = argv.get(1..).unwrap_or_default();
    match argv.first().map(String::as_str) {
        Some("echo-server") => run_server("echo-server", echo::server, rest),
        Some("chat-server") => run_server("chat-server", chat::server, rest),
        Some("load-client") => echo::load_client::main(rest),
        Some("chat-client") => chat::load_client::main(rest),
        Some("soak") => soak::main(rest),
        Some("sleepers") => sleepers::main(rest),
        _ => run_scenarios(&argv),
    }
}

/// `bench echo-server ...` and `bench chat-server ...`.
fn run_server(name: &str, server: fn(Impl) -> Option<Server>, argv: &[String]) -> ! {
    let args = Args::parse(argv, &["--exit-on-stdin-eof"], &["--impl", "--listen"]);
    let imp_name: String = args.required("--impl");
    let imp = Impl::parse(&imp_name)
        .unwrap_or_else(|| cli::fail(format!("unknown implementation {imp_name:?}")));
    let Some(server) = server(imp) else {
        process::exit_with(format!("{name}: no {imp_name} implementation yet"));
    };
    let listen: SocketAddr = args
        .value("--listen")
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)));
    process::serve(server, listen, args.flag("--exit-on-stdin-eof"))
}

/// The orchestrator: runs the selected scenarios and prints the table.
fn run_scenarios(argv: &[String]) {
    let args = Args::parse(argv, &["--quick"], &["--only", "--rounds"]);
    let quick = args.flag("--quick");
    let mut plan = if quick { Plan::quick() } else { Plan::full() };
    if let Some(rounds) = args.value("--rounds") {
        plan.rounds = rounds;
    }
    let only: Option<String> = args.value("--only");
    let selected: Vec<&str> = match &only {
        Some(list) => list.split(',').collect(),
        None => SCENARIOS.iter().map(|(name, _)| *name).collect(),
    };
    for name in &selected {
        if !SCENARIOS.iter().any(|(known, _)| known == name) {
            cli::fail(format!("unknown scenario {name:?}"));
        }
    }

    let started = Instant::now();
    let mut table = Table::default();
    for (name, run) in SCENARIOS {
        if selected.contains(&name) {
            eprintln!("{name}:");
            run(&plan, &mut table);
        }
    }

    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = os::cpu_model().unwrap_or_else(|| "unknown CPU".to_string());
    println!(
        "Machine: {cores} cores ({cpu}). Mode: {}, {} rounds per implementation, alternating; \
         {:.1} s in total.\n",
        if quick { "quick" } else { "full" },
        plan.rounds,
        started.elapsed().as_secs_f64(),
    );
    println!("{}", table.render());
    println!(
        "Cells: median (min–max) over rounds. Ratios compare medians. ↑/↓: which way is better. \
         n/a: not plugged in yet. –: does not apply."
    );
}
