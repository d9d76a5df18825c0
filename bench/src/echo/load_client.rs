//! The echo load client, `bench load-client`: N connections doing ping-pong, checking every byte.
//!
//! The same client loads every server, in its own process, on raw mio with no runtime, so the
//! server's runtime is never also running the load. Each connection has one message in flight at
//! a time: write `size` bytes, read until all `size` come back, record the latency, send the
//! next. `--round-trips K` is the total over all connections, split evenly, so two runs that
//! differ only in K differ only in steady-state work (which is how `cost_per_round_trip.sh`
//! cancels start-up).
//!
//! Each message starts with its sequence number and its connection's index, so an echo that is
//! short, late, repeated, or from the wrong connection fails the byte comparison. Any failure, or
//! the `--timeout-secs` limit (default 120), ends the process with a non-zero status; on success
//! it prints one line:
//!
//! ```text
//! round_trips=100000 elapsed_ns=812345678 p50_ns=15000 p99_ns=42000
//! ```
//!
//! The clock runs from the first write, after every connection is established, to the last
//! echo, so connecting is not counted as round-trip time.
//!
//! `--pause-us P` makes each connection wait P microseconds after an echo before sending its next
//! message, so that the server is back asleep in `epoll_wait` when each message arrives. The cost
//! script uses it: without a pause, a server slowed down by strace or callgrind finds the next
//! message already waiting whenever it reads again, so the counts would describe a server that
//! never sleeps, whatever the load. Latency excludes the pause; throughput does not.

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use mio::net::TcpStream;
use mio::{Events, Interest, Poll, Token};

use crate::cli::Args;
use crate::process::exit_with;
use crate::stats::percentile;

/// What to run, from the command line.
#[derive(Clone, Debug)]
pub struct Load {
    /// The server.
    pub addr: SocketAddr,
    /// Concurrent connections.
    pub conns: usize,
    /// Bytes per message, at least 16 (sequence number and connection index).
    pub size: usize,
    /// Round trips over all connections.
    pub round_trips: u64,
    /// Wait between an echo and the next message on the same connection; zero for none.
    pub pause: Duration,
    /// The whole run must finish within this.
    pub timeout: Duration,
}

/// One connection's ping-pong state.
#[derive(Debug)]
struct Connection {
    /// Connected, non-blocking, registered for both directions with `Token(index)`.
    stream: TcpStream,
    /// The current message: sequence number and connection index (8 bytes each, little
    /// endian), then a fixed pattern.
    message: Vec<u8>,
    /// Whether `message` is out and not fully echoed yet. Only such a connection is driven;
    /// between round trips (during a pause, or before the first) events are ignored.
    in_flight: bool,
    /// How much of `message` has been written.
    written: usize,
    /// How much of `message` has come back; never more than `written`.
    echoed: usize,
    /// When the first byte of `message` was written.
    sent_at: Instant,
    /// Round trips not completed yet; 0 once finished.
    left: u64,
}

/// Where [`drive`] left a connection.
#[must_use]
#[derive(Debug)]
enum Progress {
    /// Both directions returned `WouldBlock`; a readiness event will continue it.
    Blocked,
    /// A round trip completed and the next waits for the pause: [`start_round_trip`] later.
    Paused,
    /// All its round trips are done.
    Finished,
}

/// `bench load-client ...`: runs the load and prints the results line.
pub fn main(argv: &[String]) -> ! {
    let options = [
        "--addr",
        "--conns",
        "--size",
        "--round-trips",
        "--pause-us",
        "--timeout-secs",
    ];
    let args = Args::parse(argv, &[], &options);
    let load = Load {
        addr: args.required("--addr"),
        conns: args.required("--conns"),
        size: args.required("--size"),
        round_trips: args.required("--round-trips"),
        pause: Duration::from_micros(args.value("--pause-us").unwrap_or(0)),
        timeout: Duration::from_secs(args.value("--timeout-secs").unwrap_or(120)),
    };
    match run(&load) {
        Ok(line) => {
            println!("{line}");
            std::process::exit(0)
        }
        Err(e) => exit_with(format!("load-client: {e}")),
    }
}

/// Connects, runs every round trip, and returns the results line.
pub fn run(load: &Load) -> io::Result<String> {
    if load.size < 16 || load.conns == 0 || load.round_trips == 0 {
        return Err(io::Error::other(
            "need --size >= 16, --conns >= 1 and --round-trips >= 1",
        ));
    }
    let deadline = Instant::now() + load.timeout;
    let mut poll = Poll::new()?;
    let mut connections = Vec::with_capacity(load.conns);
    for index in 0..load.conns {
        let share = load.round_trips / load.conns as u64
            + u64::from((index as u64) < load.round_trips % load.conns as u64);
        connections.push(connect(&poll, load, index, share)?);
    }
    let mut latencies: Vec<u64> = Vec::with_capacity(load.round_trips as usize);
    let mut scratch = vec![0u8; 64 * 1024];
    let mut events = Events::with_capacity(1024);

    // Connections waiting to start their next round trip, with the time they may. All pauses
    // are equal, so pushing at the back keeps the queue in time order. At the start, every
    // connection with work may start at once.
    let start = Instant::now();
    let mut waiting: VecDeque<(Instant, usize)> = (0..load.conns)
        .filter(|&index| connections[index].left > 0)
        .map(|index| (start, index))
        .collect();
    let mut running = waiting.len();
    while running > 0 {
        let now = Instant::now();
        while let Some(&(_, index)) = waiting.front().filter(|(at, _)| *at <= now) {
            waiting.pop_front();
            start_round_trip(&mut connections[index]);
            let progress = drive(&mut connections[index], &mut scratch, &mut latencies, load)?;
            book(progress, index, load, &mut waiting, &mut running);
        }
        if running == 0 {
            break;
        }
        if now >= deadline {
            return Err(io::Error::other(format!(
                "timed out with {} of {} round trips done",
                latencies.len(),
                load.round_trips
            )));
        }
        let wake = waiting
            .front()
            .map_or(deadline, |&(at, _)| at.min(deadline));
        match poll.poll(&mut events, Some(wake.saturating_duration_since(now))) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            result => result?,
        }
        for event in events.iter() {
            let index = event.token().0;
            if connections[index].in_flight {
                let progress = drive(&mut connections[index], &mut scratch, &mut latencies, load)?;
                book(progress, index, load, &mut waiting, &mut running);
            }
        }
    }
    let elapsed = start.elapsed();

    latencies.sort_unstable();
    Ok(format!(
        "round_trips={} elapsed_ns={} p50_ns={} p99_ns={}",
        latencies.len(),
        elapsed.as_nanos(),
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
    ))
}

/// Acts on what [`drive`] reported for connection `index`.
fn book(
    progress: Progress,
    index: usize,
    load: &Load,
    waiting: &mut VecDeque<(Instant, usize)>,
    running: &mut usize,
) {
    match progress {
        Progress::Blocked => {}
        Progress::Paused => waiting.push_back((Instant::now() + load.pause, index)),
        Progress::Finished => *running -= 1,
    }
}

/// Opens connection `index` with `share` round trips to do.
fn connect(poll: &Poll, load: &Load, index: usize, share: u64) -> io::Result<Connection> {
    // A blocking connect is simplest here; it is outside the timed part.
    let stream = std::net::TcpStream::connect(load.addr)?;
    // Without this, Nagle's algorithm could hold back a partial message's tail until the
    // previous segment is acknowledged.
    stream.set_nodelay(true)?;
    stream.set_nonblocking(true)?;
    let mut stream = TcpStream::from_std(stream);
    poll.registry().register(
        &mut stream,
        Token(index),
        Interest::READABLE | Interest::WRITABLE,
    )?;
    let mut message: Vec<u8> = (0..load.size).map(|j| (j % 251) as u8).collect();
    message[..8].copy_from_slice(&0u64.to_le_bytes());
    message[8..16].copy_from_slice(&(index as u64).to_le_bytes());
    Ok(Connection {
        stream,
        message,
        in_flight: false,
        written: 0,
        echoed: 0,
        sent_at: Instant::now(),
        left: share,
    })
}

/// Writes and reads until both directions block, a round trip completes and the next must wait
/// for the pause, or this connection's round trips are all done.
fn drive(
    connection: &mut Connection,
    scratch: &mut [u8],
    latencies: &mut Vec<u64>,
    load: &Load,
) -> io::Result<Progress> {
    loop {
        while connection.written < connection.message.len() {
            match connection
                .stream
                .write(&connection.message[connection.written..])
            {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => connection.written += n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
        let n = match connection.stream.read(scratch) {
            Ok(0) => return Err(io::Error::other("the server closed a connection")),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(Progress::Blocked),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let expected = connection
            .message
            .get(connection.echoed..connection.echoed + n);
        if connection.echoed + n > connection.written || expected != Some(&scratch[..n]) {
            return Err(io::Error::other("the echo differs from what was sent"));
        }
        connection.echoed += n;
        if connection.echoed == connection.message.len() {
            latencies.push(connection.sent_at.elapsed().as_nanos() as u64);
            connection.in_flight = false;
            connection.left -= 1;
            if connection.left == 0 {
                return Ok(Progress::Finished);
            }
            if !load.pause.is_zero() {
                return Ok(Progress::Paused);
            }
            start_round_trip(connection);
        }
    }
}

/// Makes the next message current: the sequence number in the first 8 bytes goes up by one
/// (the first message is number 1).
fn start_round_trip(connection: &mut Connection) {
    let seq = u64::from_le_bytes(connection.message[..8].try_into().expect("8 bytes")) + 1;
    connection.message[..8].copy_from_slice(&seq.to_le_bytes());
    connection.in_flight = true;
    connection.written = 0;
    connection.echoed = 0;
    connection.sent_at = Instant::now();
}
