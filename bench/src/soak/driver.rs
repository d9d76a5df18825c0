//! The soak's phases (drawn in `mod.rs`), the slots that keep N clients connected, the churn,
//! and the report every 10 s.
//!
//! Clients live in *slots*: slot `i` is always the same front end and kind, and runs one
//! session after another: a well-behaved slot for the whole run, a misbehaving one during the
//! soak phase only. The churn ends random well-behaved sessions (through the slot's
//! [`Notify`]); their slots reconnect at once, as new sessions. Every client runs on one
//! thread (a tokio current-thread runtime and a `LocalSet`), so they share the `Context`
//! without locks, and the server has the other core.

use std::net::SocketAddr;
use std::rc::Rc;
use std::time::{Duration, Instant};

use tokio::sync::Notify;
use tokio::task::LocalSet;
use tokio::time::sleep;

use super::irc::Irc;
use super::latency::Histogram;
use super::misbehaving::{self, Kind, KINDS};
use super::plain::Plain;
use super::server::{ChatServer, Sample};
use super::verdict::{self, Report, Window};
use super::web::Web;
use super::{well_behaved, Context, Options, Phase};

/// How often the soak prints a line.
pub const WINDOW: Duration = Duration::from_secs(10);

/// IRC's fakelag rate (`IrcSettings::flood`); an IRC client chats at most at half of it.
const IRC_FLOOD: f64 = 5.0;

/// The server's default `--rate-limit`; plain clients stay under half of what is passed.
const PLAIN_LIMIT: f64 = 20.0;

/// How long the cool-down may take to see every slot back and the misbehavers gone.
const COOLDOWN_LIMIT: Duration = Duration::from_secs(30);

/// A front end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Front {
    /// `nc`'s line protocol.
    Plain,
    /// IRC.
    Irc,
    /// The browser's WebSocket.
    Web,
}

/// The front ends, in the order slots are given them.
const FRONTS: [Front; 3] = [Front::Plain, Front::Irc, Front::Web];

/// What a slot runs.
#[derive(Clone, Copy, Debug)]
struct Slot {
    /// Its front end.
    front: Front,
    /// `None` for well-behaved.
    kind: Option<Kind>,
}

impl Slot {
    /// Where its sessions connect.
    fn addr(self, server: &ChatServer) -> SocketAddr {
        match self.front {
            Front::Plain => server.plain,
            Front::Irc => server.irc,
            Front::Web => server.web,
        }
    }
}

/// Runs the whole soak; true if the verdict passed.
pub fn run(options: Options) -> bool {
    let misbehaving = (options.clients as f64 * options.misbehaving).round() as usize;
    let well = options.clients - misbehaving;
    let slots: Vec<Slot> = (0..options.clients)
        .map(|i| Slot {
            front: FRONTS[i % FRONTS.len()],
            // Every kind on every front end: each run of three slots is one of each front
            // end, and the kinds advance by one a run, offset by the front end's place; so
            // any twelve misbehaving slots in a row hold every pair.
            kind: (i >= well)
                .then(|| KINDS[((i - well) / FRONTS.len() + i % FRONTS.len()) % KINDS.len()]),
        })
        .collect();
    let irc_well = slots
        .iter()
        .filter(|s| s.front == Front::Irc && s.kind.is_none())
        .count();
    // Web clients speak the plain protocol, under its rate limit.
    let plain_well = well - irc_well;
    let even = options.rate / well as f64;
    let irc_rate = even.min(IRC_FLOOD / 2.0);
    let plain_rate = (options.rate - irc_rate * irc_well as f64) / plain_well.max(1) as f64;
    let rate_limit = (plain_rate * 2.0).max(PLAIN_LIMIT).ceil() as u64;
    println!(
        "soak: {} clients ({plain_well} plain or web and {irc_well} IRC well-behaved, {misbehaving} misbehaving), \
         {} rooms, {:.0} lines/s ({plain_rate:.2}/s per plain or web client, {irc_rate:.2}/s per IRC client), \
         churn {:.1}/s; warm-up {} s, soak {} s; server {} --rate-limit {rate_limit}",
        options.clients,
        options.rooms,
        options.rate,
        options.churn,
        options.warmup.as_secs(),
        options.duration.as_secs(),
        options.server.display(),
    );
    let server = match ChatServer::start(
        &options.server,
        &["--rate-limit".to_string(), rate_limit.to_string()],
    ) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("soak: {e}\n(build the server first: cargo build --release -p chatbot)");
            return false;
        }
    };
    let cx = Rc::new(Context {
        epoch: Instant::now(),
        phase: std::cell::Cell::new(Phase::Warmup),
        rooms: options.rooms,
        plain_rate,
        irc_rate,
        ledger: Default::default(),
        misbehaviour: Default::default(),
        next_sid: std::cell::Cell::new(1),
        ready: std::cell::Cell::new(0),
        misbehaving_live: std::cell::Cell::new(0),
        views: std::cell::RefCell::new(vec![None; options.clients]),
        rng: std::cell::RefCell::new(chatbot::bot::dice::SplitMix64::new(options.seed)),
    });
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let report = LocalSet::new().block_on(&rt, drive(&cx, &server, &slots, well, &options));
    let stopped = server.stop(Duration::from_secs(10));
    let Some(mut report) = report else {
        return false;
    };
    report.server_stopped_cleanly = stopped;
    verdict::judge(&report, &cx)
}

/// The phases; `None` if the server never answered.
async fn drive(
    cx: &Rc<Context>,
    server: &ChatServer,
    slots: &[Slot],
    well: usize,
    options: &Options,
) -> Option<Report> {
    let leave: Vec<Rc<Notify>> = slots.iter().map(|_| Rc::new(Notify::new())).collect();
    // Start: every well-behaved slot, a few hundred connections a second.
    for (i, slot) in slots.iter().enumerate().filter(|(_, s)| s.kind.is_none()) {
        let run = slot_loop(cx.clone(), slot.addr(server), i, *slot, leave[i].clone());
        tokio::task::spawn_local(run);
        if i % 50 == 49 {
            sleep(Duration::from_millis(100)).await;
        }
    }
    let started = Instant::now();
    while cx.ready.get() < well {
        if started.elapsed() > Duration::from_secs(60) {
            eprintln!(
                "soak: only {} of {well} clients got into a room in 60 s",
                cx.ready.get()
            );
            return None;
        }
        sleep(Duration::from_millis(100)).await;
    }
    println!(
        "  {well} well-behaved clients in their rooms after {:.1} s",
        started.elapsed().as_secs_f64()
    );
    sleep(options.warmup).await;
    let baseline = server.sample()?;
    print_sample("baseline", &baseline, None, None, cx);
    cx.ledger.borrow_mut().take_window();

    // Soak: misbehaving slots and churn join in.
    cx.phase.set(Phase::Soak);
    for (i, slot) in slots.iter().enumerate().filter(|(_, s)| s.kind.is_some()) {
        tokio::task::spawn_local(slot_loop(
            cx.clone(),
            slot.addr(server),
            i,
            *slot,
            leave[i].clone(),
        ));
    }
    let churn = tokio::task::spawn_local(churn(
        cx.clone(),
        slots.to_vec(),
        leave.clone(),
        options.churn,
    ));
    let mut windows = Vec::new();
    let soak_started = Instant::now();
    let sent_before = cx.ledger.borrow().counts.sent;
    let mut peak = baseline;
    let mut last = (
        Instant::now(),
        baseline.cpu,
        cx.ledger.borrow().counts.delivered,
    );
    while soak_started.elapsed() < options.duration {
        let left = options.duration - soak_started.elapsed();
        sleep(WINDOW.min(left)).await;
        let latencies = cx.ledger.borrow_mut().take_window();
        let sample = server.sample()?;
        peak = Sample {
            rss: peak.rss.max(sample.rss),
            fds: peak.fds.max(sample.fds),
            cpu: sample.cpu,
            stats: super::server::ServerStats {
                connections: peak.stats.connections.max(sample.stats.connections),
                tasks: peak.stats.tasks.max(sample.stats.tasks),
                outbox_bytes: peak.stats.outbox_bytes.max(sample.stats.outbox_bytes),
            },
        };
        let label = format!("{:>5} s", soak_started.elapsed().as_secs());
        let now = (
            Instant::now(),
            sample.cpu,
            cx.ledger.borrow().counts.delivered,
        );
        let load = ServerLoad::between(last, now);
        last = now;
        print_sample(&label, &sample, Some(&latencies), Some(load), cx);
        windows.push(Window { sample, latencies });
    }

    let achieved_rate = (cx.ledger.borrow().counts.sent - sent_before) as f64
        / soak_started.elapsed().as_secs_f64();

    // Cool-down: no more churn or misbehaviour; wait for every slot to be back.
    cx.phase.set(Phase::Cooldown);
    churn.abort();
    let cooling = Instant::now();
    loop {
        let settled = cx.misbehaving_live.get() == 0
            && cx.ready.get() == well
            && server
                .sample()
                .is_some_and(|s| s.stats.connections == well as u64);
        if settled || cooling.elapsed() > COOLDOWN_LIMIT {
            break;
        }
        sleep(Duration::from_millis(200)).await;
    }
    sleep(Duration::from_secs(3)).await; // a few stats intervals at the settled level
    let end = server.sample()?;
    print_sample("end", &end, None, None, cx);

    // Drain: senders stop; wait until nothing more arrives.
    cx.phase.set(Phase::Drain);
    let mut last = u64::MAX;
    loop {
        sleep(Duration::from_secs(1)).await;
        let delivered = cx.ledger.borrow().counts.delivered;
        if delivered == last {
            break;
        }
        last = delivered;
    }
    let views: Vec<_> = cx.views.borrow().iter().flatten().cloned().collect();
    for view in views {
        view.borrow().check_final(cx);
    }
    cx.phase.set(Phase::Done);
    for notify in &leave {
        notify.notify_one();
    }
    sleep(Duration::from_secs(1)).await;
    Some(Report {
        baseline,
        asked_rate: options.rate,
        achieved_rate,
        peak,
        end,
        windows,
        warnings: server.warnings(),
        server_stopped_cleanly: false,
    })
}

/// One slot: session after session, while its kind belongs in the current phase.
async fn slot_loop(cx: Rc<Context>, addr: SocketAddr, index: usize, slot: Slot, leave: Rc<Notify>) {
    loop {
        let (cx, leave) = (cx.clone(), leave.clone());
        match (slot.kind, slot.front) {
            (None, _) if cx.phase.get() >= Phase::Drain => return,
            (None, Front::Plain) => well_behaved::session::<Plain>(cx, addr, index, leave).await,
            (None, Front::Irc) => well_behaved::session::<Irc>(cx, addr, index, leave).await,
            (None, Front::Web) => well_behaved::session::<Web>(cx, addr, index, leave).await,
            (Some(_), _) if cx.phase.get() != Phase::Soak => return,
            (Some(kind), Front::Plain) => misbehaving::session::<Plain>(cx, addr, kind).await,
            (Some(kind), Front::Irc) => misbehaving::session::<Irc>(cx, addr, kind).await,
            (Some(kind), Front::Web) => misbehaving::session::<Web>(cx, addr, kind).await,
        }
    }
}

/// Ends a random well-behaved session `per_second` times a second.
async fn churn(cx: Rc<Context>, slots: Vec<Slot>, leave: Vec<Rc<Notify>>, per_second: f64) {
    if per_second <= 0.0 {
        return;
    }
    let well: Vec<usize> = (0..slots.len())
        .filter(|&i| slots[i].kind.is_none())
        .collect();
    let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / per_second));
    ticker.tick().await;
    loop {
        ticker.tick().await;
        let i = well[cx.below(well.len() as u64) as usize];
        leave[i].notify_one();
    }
}

/// How hard the server worked in a window: whether a rise in latency comes with more work
/// per line (the server) or not (the machine, or the clients falling behind).
#[derive(Clone, Copy, Debug)]
struct ServerLoad {
    /// Its CPU time over the window's wall time, in percent of one core.
    percent: f64,
    /// Its CPU time per delivery, µs.
    per_delivery_us: f64,
}

impl ServerLoad {
    /// Between two (time, server CPU, deliveries so far) readings.
    fn between(before: (Instant, Duration, u64), after: (Instant, Duration, u64)) -> ServerLoad {
        let wall = after.0.duration_since(before.0).as_secs_f64().max(1e-9);
        let cpu = after.1.saturating_sub(before.1).as_secs_f64();
        let delivered = after.2.saturating_sub(before.2).max(1) as f64;
        ServerLoad {
            percent: cpu / wall * 100.0,
            per_delivery_us: cpu * 1e6 / delivered,
        }
    }
}

/// One report line.
fn print_sample(
    label: &str,
    s: &Sample,
    latencies: Option<&Histogram>,
    load: Option<ServerLoad>,
    cx: &Context,
) {
    let counts = &cx.ledger.borrow().counts;
    let load = load.map_or(String::new(), |l| {
        format!(
            "  cpu {:.0}% {:.2} µs/delivery",
            l.percent, l.per_delivery_us
        )
    });
    let latency = match latencies.map(|h| (h.percentile(0.5), h.percentile(0.99))) {
        Some((Some(p50), Some(p99))) => {
            format!("  p50 {}  p99 {}", verdict::show(p50), verdict::show(p99))
        }
        Some(_) => "  p50 -  p99 -".to_string(),
        None => String::new(),
    };
    println!(
        "  {label:>8}  rss {:.1} MiB  fds {}  tasks {}  outbox {:.1} KiB  clients {}{load}{latency}  sent {}  delivered {}  lost {}",
        s.rss as f64 / (1 << 20) as f64,
        s.fds,
        s.stats.tasks,
        s.stats.outbox_bytes as f64 / 1024.0,
        s.stats.connections,
        counts.sent,
        counts.delivered,
        counts.lost + counts.disordered,
    );
}
