//! `bench soak`: hours of chat in minutes of code. The release `chatbot` runs as a child
//! process; N clients of every front end (plain, IRC, web) join and leave rooms, rename and chat at
//! a given total rate, some of them misbehave, and clients come and go. Every 10 s the soak
//! prints the server's resident memory, open descriptors, tasks alive, outbox bytes, CPU share
//! and CPU per delivery, the delivery p50/p99 and the lines sent and delivered; at the end it prints a verdict and exits
//! non-zero if any part failed.
//!
//! ```text
//! cargo build --release -p chatbot
//! cargo run --release -p bench -- soak --duration 60 --clients 200 --rate 400
//! cargo run --release -p bench -- soak --duration 1800 --clients 1000 --rate 5000
//! ```
//!
//! # The run, in phases (`driver.rs`)
//!
//! ```text
//!  start ─▶ warm-up ─────────▶ soak (--duration) ──────────────▶ cool-down ─▶ drain ─▶ verdict
//!  all well-behaved  baseline:  + misbehaving clients,  report    misbehavers  senders  final
//!  clients log in,   RSS, fds,  + churn of reconnects,  every     gone, every  stop;    line
//!  join, chat        tasks      10 s windows            10 s      slot back:   queues   checks
//!                                                                 end sample   empty
//! ```
//!
//! # Who is who
//!
//! - **Well-behaved** (`well_behaved.rs`): most clients. They log in, join rooms (a plain
//!   or web client is in one room, an IRC client in one or two), chat at their share of `--rate`, now and
//!   then move to another room or rename, and stamp every line with a stint, a number and the
//!   time (`ledger.rs`), so their receivers can prove no line was lost or reordered and time
//!   each delivery. Per-client rates stay under the server's limits: at most half of IRC's
//!   fakelag rate (5 lines/s), and the soak raises `--rate-limit` for plain clients if their
//!   share would need it.
//! - **Misbehaving** (`misbehaving.rs`), `--misbehaving` of the clients, each kind in turn: one
//!   that never reads; one that sends half a line and stalls; one that sends oversize lines and
//!   invalid UTF-8 (and checks it is told so, each time); one that disconnects with RST in the
//!   middle of a line. Each lives a few seconds to a minute, then its slot reconnects.
//! - **Churn** (`driver.rs`): `--churn` times a second a random well-behaved client leaves
//!   (`/quit`, or a bare FIN) and its slot reconnects as a new session.
//!
//! The server's own figures (tasks alive, outbox bytes) come from its `--stats-interval` log
//! line; RSS and descriptors from `/proc` (`server.rs`). The verdict's rules and their bands are
//! in `verdict.rs`.
//!
//! Another front end is one more [`Dialect`](dialect::Dialect) file (see `dialect.rs`).

mod conn;
mod dialect;
mod driver;
mod irc;
mod latency;
mod ledger;
mod misbehaving;
mod plain;
mod server;
mod verdict;
mod web;
mod well_behaved;

use std::cell::{Cell, RefCell};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chatbot::bot::dice::SplitMix64;

use crate::cli::{self, Args};
use ledger::Ledger;

/// `bench soak ...`: runs the soak; exits 0 on a passing verdict, 1 on a failing one.
pub fn main(argv: &[String]) -> ! {
    let args = Args::parse(
        argv,
        &[],
        &[
            "--duration",
            "--clients",
            "--rate",
            "--rooms",
            "--misbehaving",
            "--churn",
            "--warmup",
            "--server",
            "--seed",
        ],
    );
    let clients: usize = args.value("--clients").unwrap_or(100);
    let misbehaving: f64 = args.value("--misbehaving").unwrap_or(0.1);
    if clients < 4 || !(0.0..=0.5).contains(&misbehaving) {
        cli::fail("soak needs --clients 4 or more and --misbehaving between 0 and 0.5");
    }
    let options = Options {
        duration: Duration::from_secs(args.value("--duration").unwrap_or(60)),
        clients,
        rate: args.value("--rate").unwrap_or(200.0),
        rooms: args.value("--rooms").unwrap_or((clients / 20).max(2)),
        misbehaving,
        churn: args.value("--churn").unwrap_or(clients as f64 / 50.0),
        warmup: Duration::from_secs(args.value("--warmup").unwrap_or(10)),
        server: args.value("--server").unwrap_or_else(default_server),
        seed: args.value("--seed").unwrap_or(1),
    };
    let passed = driver::run(options);
    std::process::exit(if passed { 0 } else { 1 })
}

/// The `chatbot` beside this binary: `target/release/chatbot` for `cargo run --release`.
fn default_server() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    exe.with_file_name("chatbot")
}

/// The command line.
#[derive(Clone, Debug)]
pub struct Options {
    /// How long the soak phase lasts (warm-up and cool-down come on top).
    pub duration: Duration,
    /// Clients at once, over all front ends and kinds.
    pub clients: usize,
    /// Chat lines per second, over all well-behaved clients.
    pub rate: f64,
    /// Rooms to chat in.
    pub rooms: usize,
    /// Share of the clients that misbehave.
    pub misbehaving: f64,
    /// Well-behaved clients made to leave (and come back) per second.
    pub churn: f64,
    /// Chat before the baseline sample, with only well-behaved clients.
    pub warmup: Duration,
    /// The `chatbot` binary.
    pub server: PathBuf,
    /// Seeds every random choice, so a run can be repeated.
    pub seed: u64,
}

/// Where the run is; clients look at it to decide what to do next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Well-behaved clients only, chatting.
    Warmup,
    /// Misbehaving clients and churn too.
    Soak,
    /// Misbehaving clients leave, churned slots come back.
    Cooldown,
    /// Senders stop; receivers read what is left.
    Drain,
    /// Everyone leaves.
    Done,
}

/// What every client task shares (all run on one thread).
#[derive(Debug)]
pub struct Context {
    /// When the soak began; line timestamps are nanoseconds since.
    pub epoch: Instant,
    /// The current phase; only the driver sets it.
    pub phase: Cell<Phase>,
    /// Rooms to chat in.
    pub rooms: usize,
    /// Chat lines per second of each well-behaved plain client.
    pub plain_rate: f64,
    /// Chat lines per second of each well-behaved IRC client.
    pub irc_rate: f64,
    /// Sent, delivered, lost, the latencies: see `ledger.rs`.
    pub ledger: RefCell<Ledger>,
    /// What the misbehaving clients did and saw.
    pub misbehaviour: RefCell<misbehaving::Tally>,
    /// The number the next session gets (in its nick and its lines).
    next_sid: Cell<u64>,
    /// Well-behaved sessions logged in and in their first room, now.
    pub ready: Cell<usize>,
    /// Misbehaving sessions connected now.
    pub misbehaving_live: Cell<usize>,
    /// The receivers' views of their rooms, by slot, for the final checks.
    pub views: RefCell<Vec<Option<std::rc::Rc<RefCell<well_behaved::View>>>>>,
    /// Random choices.
    rng: RefCell<SplitMix64>,
}

impl Context {
    /// Nanoseconds since the soak began.
    pub fn now(&self) -> u64 {
        self.epoch.elapsed().as_nanos() as u64
    }

    /// A new session number.
    pub fn new_sid(&self) -> u64 {
        let sid = self.next_sid.get();
        self.next_sid.set(sid + 1);
        sid
    }

    /// A random number below `n`.
    pub fn below(&self, n: u64) -> u64 {
        self.rng.borrow_mut().next_u64() % n.max(1)
    }

    /// A random duration between `low` and `high`.
    pub fn between(&self, low: Duration, high: Duration) -> Duration {
        let span = high.saturating_sub(low).as_millis() as u64;
        low + Duration::from_millis(self.below(span + 1))
    }

    /// The name of room `k`.
    pub fn room(k: u64) -> String {
        format!("soak{k}")
    }
}
