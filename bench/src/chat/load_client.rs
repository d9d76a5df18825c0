//! The chat load client, `bench chat-client`: N members in one room, S of them sending, every
//! delivery checked and timed.
//!
//! Like the echo client it is raw mio in its own process, the same for every server. It runs in
//! three phases:
//!
//! 1. **Join.** Connect all N clients; client `i` sends `/nick ci`.
//! 2. **Sync.** The protocol has no "you are in the room" reply to wait for, so client `c0` sends
//!    a `sync K` line every few milliseconds until every other client has received one. A client
//!    that has received a line is certainly a member, and stays one. (`/nick` needs no such
//!    check: a server handles one connection's lines in order, so a sender's nick is set before
//!    its first message arrives.)
//! 3. **Measure.** Senders `c0..cS` each send M lines `m SEQ PAD`. A sender keeps at most
//!    `--window` lines (default 4) not yet delivered to everyone. That keeps the server busy
//!    (a sender need not wait for the last delivery before sending again) while its queues stay
//!    short, so the latency measured is the server's work, not a backlog the client piled up.
//!    By Little's law, latency grows with the window while throughput barely does. With
//!    `--window 1` the run is a *closed loop*: a sender's next line waits until its previous one
//!    reached all other members, so every moment a line is held back anywhere is seen whole.
//!
//! Checks, any of which fails the run: every line from a sender arrives at every other member
//! exactly once, in order, intact, under the sender's nick; no sender gets its own line back.
//! Notices (`* ...`), sync lines, and lines from nicks that are not senders (a bot, say) are
//! ignored and counted. On success it prints one line:
//!
//! ```text
//! deliveries=990000 elapsed_ns=1234567890 p50_ns=80000 p99_ns=300000 ignored_lines=100
//! ```
//!
//! A delivery's latency runs from the sender's write to the receiver's read of the whole line.

use std::io::{self, Read, Write};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use mio::net::TcpStream;
use mio::{Events, Interest, Poll, Token};

use crate::cli::Args;
use crate::process::exit_with;
use crate::stats::percentile;

/// Filler after the sequence number, so lines are the size of a short chat message.
const PAD: &str = "the quick brown fox jumps over the lazy dog";

/// How often `c0` repeats its sync line while waiting for everyone to join.
const SYNC_EVERY: Duration = Duration::from_millis(20);

/// What to run, from the command line.
#[derive(Clone, Debug)]
pub struct ChatLoad {
    /// The server.
    pub addr: SocketAddr,
    /// Members, all in the one room.
    pub clients: usize,
    /// Members `c0..c{senders}` send; all members receive.
    pub senders: usize,
    /// Lines each sender sends.
    pub messages: u64,
    /// Lines a sender may have in flight, not yet delivered to everyone.
    pub window: u64,
    /// The whole run must finish within this.
    pub timeout: Duration,
}

/// One member's connection.
#[derive(Debug)]
struct Client {
    /// Connected, non-blocking, registered for both directions with `Token(index)`.
    stream: TcpStream,
    /// Bytes read that do not yet make a whole line.
    inbox: Vec<u8>,
    /// Bytes queued that the socket has not taken yet.
    outbox: Vec<u8>,
    /// Whether this client has received a line from `c0`, proving it is in the room.
    joined: bool,
    /// For each sender, the sequence number this client expects from it next.
    next_seq: Vec<u64>,
}

/// A sending member's progress.
#[derive(Debug, Default)]
struct Sender {
    /// Lines written so far; the next line's sequence number.
    sent: u64,
    /// Lines delivered to every other member.
    completed: u64,
    /// When each line was queued, by sequence number.
    sent_at: Vec<Instant>,
    /// How many members have received each line, by sequence number.
    deliveries: Vec<u32>,
}

/// The whole run's state.
#[derive(Debug)]
struct Run {
    /// The command line's parameters.
    load: ChatLoad,
    /// Every member, `ci` at index `i`.
    clients: Vec<Client>,
    /// The sending members' progress; sender `s` is client `s`.
    senders: Vec<Sender>,
    /// One latency per delivery, in nanoseconds.
    latencies: Vec<u64>,
    /// Notices, sync lines and lines from non-senders.
    ignored: u64,
}

/// `bench chat-client ...`: runs the load and prints the results line.
pub fn main(argv: &[String]) -> ! {
    let options = [
        "--addr",
        "--clients",
        "--senders",
        "--messages",
        "--window",
        "--timeout-secs",
    ];
    let args = Args::parse(argv, &[], &options);
    let load = ChatLoad {
        addr: args.required("--addr"),
        clients: args.required("--clients"),
        senders: args.required("--senders"),
        messages: args.required("--messages"),
        window: args.value("--window").unwrap_or(4),
        timeout: Duration::from_secs(args.value("--timeout-secs").unwrap_or(120)),
    };
    match run(load) {
        Ok(line) => {
            println!("{line}");
            std::process::exit(0)
        }
        Err(e) => exit_with(format!("chat-client: {e}")),
    }
}

/// Runs the three phases and returns the results line.
pub fn run(load: ChatLoad) -> io::Result<String> {
    if load.senders == 0 || load.senders >= load.clients || load.messages == 0 || load.window == 0 {
        return Err(io::Error::other(
            "need 1 <= senders < clients, messages >= 1 and window >= 1",
        ));
    }
    let deadline = Instant::now() + load.timeout;
    let mut poll = Poll::new()?;
    let mut events = Events::with_capacity(1024);
    let mut scratch = vec![0u8; 64 * 1024];

    // 1. Join.
    let mut run = Run {
        clients: (0..load.clients)
            .map(|i| connect(&poll, &load, i))
            .collect::<io::Result<_>>()?,
        senders: (0..load.senders).map(|_| Sender::default()).collect(),
        latencies: Vec::with_capacity(
            (load.messages * load.senders as u64 * (load.clients as u64 - 1)) as usize,
        ),
        ignored: 0,
        load,
    };

    // 2. Sync.
    let mut last_sync: Option<Instant> = None;
    for probe in 0.. {
        if run.clients[1..].iter().all(|c| c.joined) {
            break;
        }
        let due = match last_sync {
            None => true,
            Some(at) => at.elapsed() >= SYNC_EVERY,
        };
        if due {
            run.queue(0, format!("sync {probe}\n").as_bytes())?;
            last_sync = Some(Instant::now());
        }
        run.pump(&mut poll, &mut events, &mut scratch, deadline)?;
    }

    // 3. Measure.
    let start = Instant::now();
    for s in 0..run.senders.len() {
        run.top_up(s)?;
    }
    let total = run.load.messages * run.senders.len() as u64;
    while run.senders.iter().map(|s| s.completed).sum::<u64>() < total {
        run.pump(&mut poll, &mut events, &mut scratch, deadline)?;
    }
    let elapsed = start.elapsed();

    run.latencies.sort_unstable();
    Ok(format!(
        "deliveries={} elapsed_ns={} p50_ns={} p99_ns={} ignored_lines={}",
        run.latencies.len(),
        elapsed.as_nanos(),
        percentile(&run.latencies, 0.50),
        percentile(&run.latencies, 0.99),
        run.ignored,
    ))
}

/// Connects client `index` and queues its `/nick`.
fn connect(poll: &Poll, load: &ChatLoad, index: usize) -> io::Result<Client> {
    let stream = std::net::TcpStream::connect(load.addr)?;
    stream.set_nodelay(true)?;
    stream.set_nonblocking(true)?;
    let mut stream = TcpStream::from_std(stream);
    poll.registry().register(
        &mut stream,
        Token(index),
        Interest::READABLE | Interest::WRITABLE,
    )?;
    let mut client = Client {
        stream,
        inbox: Vec::new(),
        outbox: format!("/nick c{index}\n").into_bytes(),
        joined: false,
        next_seq: vec![0; load.senders],
    };
    flush(&mut client)?;
    Ok(client)
}

impl Run {
    /// Waits for one batch of events (at most a few milliseconds) and handles it.
    fn pump(
        &mut self,
        poll: &mut Poll,
        events: &mut Events,
        scratch: &mut [u8],
        deadline: Instant,
    ) -> io::Result<()> {
        if Instant::now() >= deadline {
            let done: u64 = self.senders.iter().map(|s| s.completed).sum();
            return Err(io::Error::other(format!(
                "timed out with {done} lines fully delivered"
            )));
        }
        match poll.poll(events, Some(SYNC_EVERY)) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => return Ok(()),
            result => result?,
        }
        for event in events.iter() {
            let r = event.token().0;
            flush(&mut self.clients[r])?;
            self.receive(r, scratch)?;
        }
        Ok(())
    }

    /// Reads client `r` until `WouldBlock` and handles every whole line.
    fn receive(&mut self, r: usize, scratch: &mut [u8]) -> io::Result<()> {
        loop {
            let n = match self.clients[r].stream.read(scratch) {
                Ok(0) => return Err(io::Error::other(format!("the server closed c{r}"))),
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            let mut inbox = std::mem::take(&mut self.clients[r].inbox);
            inbox.extend_from_slice(&scratch[..n]);
            let mut consumed = 0;
            while let Some(end) = inbox[consumed..].iter().position(|&b| b == b'\n') {
                let line = &inbox[consumed..consumed + end];
                self.on_line(r, line)?;
                consumed += end + 1;
            }
            inbox.drain(..consumed);
            self.clients[r].inbox = inbox;
        }
    }

    /// Checks and records one line received by client `r`.
    fn on_line(&mut self, r: usize, line: &[u8]) -> io::Result<()> {
        let bad = |why: &str| {
            let line = String::from_utf8_lossy(line);
            io::Error::other(format!("c{r} received {line:?}: {why}"))
        };
        let parsed = std::str::from_utf8(line)
            .ok()
            .and_then(|line| line.strip_prefix('<'))
            .and_then(|line| line.split_once("> "));
        let Some((nick, text)) = parsed else {
            self.ignored += 1; // a `* ` notice, or a line this client does not know
            return Ok(());
        };
        let index = nick.strip_prefix('c').and_then(|i| i.parse::<usize>().ok());
        let Some(s) = index.filter(|&s| s < self.senders.len()) else {
            self.ignored += 1; // not one of our senders
            return Ok(());
        };
        if s == r {
            return Err(bad("a sender got its own line back"));
        }
        if text.starts_with("sync ") {
            self.clients[r].joined = true;
            self.ignored += 1;
            return Ok(());
        }
        let seq = self.clients[r].next_seq[s];
        let intact = text
            .strip_prefix("m ")
            .and_then(|rest| rest.split_once(' '))
            .is_some_and(|(number, pad)| number.parse() == Ok(seq) && pad == PAD);
        if !intact || seq >= self.senders[s].sent {
            return Err(bad(&format!("expected line {seq} of c{s}")));
        }
        self.clients[r].next_seq[s] += 1;
        let sender = &mut self.senders[s];
        self.latencies
            .push(sender.sent_at[seq as usize].elapsed().as_nanos() as u64);
        sender.deliveries[seq as usize] += 1;
        if sender.deliveries[seq as usize] as usize == self.clients.len() - 1 {
            sender.completed += 1;
            self.top_up(s)?;
        }
        Ok(())
    }

    /// Lets sender `s` send until its window is full or it has sent everything.
    fn top_up(&mut self, s: usize) -> io::Result<()> {
        loop {
            let sender = &mut self.senders[s];
            if sender.sent == self.load.messages
                || sender.sent - sender.completed >= self.load.window
            {
                return Ok(());
            }
            let line = format!("m {} {PAD}\n", sender.sent);
            sender.sent += 1;
            sender.sent_at.push(Instant::now());
            sender.deliveries.push(0);
            self.queue(s, line.as_bytes())?;
        }
    }

    /// Queues `bytes` on client `c` and writes as much as the socket takes.
    fn queue(&mut self, c: usize, bytes: &[u8]) -> io::Result<()> {
        self.clients[c].outbox.extend_from_slice(bytes);
        flush(&mut self.clients[c])
    }
}

/// Writes `client.outbox` until it is empty or the socket would block.
fn flush(client: &mut Client) -> io::Result<()> {
    let mut written = 0;
    while written < client.outbox.len() {
        match client.stream.write(&client.outbox[written..]) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => written += n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    client.outbox.drain(..written);
    Ok(())
}
