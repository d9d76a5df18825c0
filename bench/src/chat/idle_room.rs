//! Fills one chat room with idle members as fast as they can connect, reads everything they are
//! sent, and counts how many the server kept: the client side of the `idle` scenario's chat row.
//!
//! ```text
//!   connect c0 .. cN-1, non-blocking, without waiting for each other; read whatever arrives
//!        │ (every member must get its first line, the welcome, or be closed by the server)
//!        ▼
//!   sync: c0 says `sync K` every few ms until every other open member has received one
//!        │ (outboxes are first in, first out: a member that has its sync line has been sent
//!        │  everything queued for it before, so the server's fan-out of the joins is over)
//!        ▼
//!   hold: the members stay connected, idle, while the caller reads the server's memory
//! ```
//!
//! A member the server closes (EOF or a reset: dropped as too slow, say) is counted, not an
//! error: how many stayed is one of the figures. It runs in the orchestrator's own process, as
//! the echo row's connections do, because it must keep its sockets open while the caller reads
//! `/proc/PID/status` of the server. Both servers are sent exactly the same bytes.
//!
//! ```ignore
//! let room = IdleRoom::fill(server.addr, 10_000, Duration::from_secs(60))?;
//! println!("{} of 10000 kept", room.kept());
//! ```

use std::io::{self, Read, Write};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use mio::net::TcpStream;
use mio::{Events, Interest, Poll, Token};

/// How often c0 repeats its sync line.
const SYNC_EVERY: Duration = Duration::from_millis(20);

/// Connections opened between two looks at what arrived, while connecting.
const CONNECT_BATCH: usize = 64;

/// One idle member.
#[derive(Debug)]
struct Member {
    /// Non-blocking, registered with `Token(index)`.
    stream: TcpStream,
    /// The bytes after the last newline received: the start of an unfinished line.
    partial: Vec<u8>,
    /// Whether a whole line has arrived (the welcome).
    greeted: bool,
    /// Whether c0's sync line has arrived.
    synced: bool,
    /// Whether the server closed the connection.
    closed: bool,
}

/// A room of idle members, connected until this is dropped.
#[derive(Debug)]
pub struct IdleRoom {
    /// `c{i}` at index `i`; c0 sends the sync lines.
    members: Vec<Member>,
}

impl IdleRoom {
    /// Connects `n` members to the chat server at `addr` and returns once each one has been
    /// sent everything the server had for it, or been closed. Fails if `deadline` passes
    /// first, if c0 is closed, or on an I/O error other than a closed connection.
    pub fn fill(addr: SocketAddr, n: usize, timeout: Duration) -> io::Result<IdleRoom> {
        let deadline = Instant::now() + timeout;
        let mut poll = Poll::new()?;
        let mut events = Events::with_capacity(1024);
        let mut scratch = vec![0u8; 64 * 1024];
        let mut room = IdleRoom {
            members: Vec::with_capacity(n),
        };
        for i in 0..n {
            let mut stream = TcpStream::connect(addr)?;
            stream.set_nodelay(true)?;
            poll.registry()
                .register(&mut stream, Token(i), Interest::READABLE)?;
            room.members.push(Member {
                stream,
                partial: Vec::new(),
                greeted: false,
                synced: false,
                closed: false,
            });
            if i % CONNECT_BATCH == CONNECT_BATCH - 1 {
                room.pump(&mut poll, &mut events, &mut scratch, Duration::ZERO)?;
            }
        }
        while !room.members.iter().all(|m| m.greeted || m.closed) {
            room.check(deadline, "welcomed")?;
            room.pump(&mut poll, &mut events, &mut scratch, SYNC_EVERY)?;
        }
        for probe in 0.. {
            if room.members[1..].iter().all(|m| m.synced || m.closed) {
                break;
            }
            room.check(deadline, "synced")?;
            let c0 = &mut room.members[0];
            if c0.closed {
                return Err(io::Error::other("the server closed c0, the syncing member"));
            }
            // Sync lines are tiny and one every few ms; a socket that cannot take one is stuck.
            c0.stream.write_all(format!("sync {probe}\n").as_bytes())?;
            room.pump(&mut poll, &mut events, &mut scratch, SYNC_EVERY)?;
        }
        Ok(room)
    }

    /// Members still connected.
    pub fn kept(&self) -> usize {
        self.members.iter().filter(|m| !m.closed).count()
    }

    /// Fails once `deadline` has passed, saying how far the members got.
    fn check(&self, deadline: Instant, waiting_for: &str) -> io::Result<()> {
        if Instant::now() < deadline {
            return Ok(());
        }
        let count = |f: fn(&Member) -> bool| self.members.iter().filter(|m| f(m)).count();
        Err(io::Error::other(format!(
            "timed out waiting until every member was {waiting_for}: {} greeted, {} synced, {} closed of {}",
            count(|m| m.greeted),
            count(|m| m.synced),
            count(|m| m.closed),
            self.members.len()
        )))
    }

    /// Waits at most `wait` for events and reads every member that has something.
    fn pump(
        &mut self,
        poll: &mut Poll,
        events: &mut Events,
        scratch: &mut [u8],
        wait: Duration,
    ) -> io::Result<()> {
        match poll.poll(events, Some(wait)) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => return Ok(()),
            result => result?,
        }
        for event in events.iter() {
            self.members[event.token().0].receive(scratch)?;
        }
        Ok(())
    }
}

impl Member {
    /// Reads until `WouldBlock`, noting the first whole line and any sync line.
    fn receive(&mut self, scratch: &mut [u8]) -> io::Result<()> {
        while !self.closed {
            let n = match self.stream.read(scratch) {
                Ok(0) => {
                    self.closed = true;
                    break;
                }
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::ConnectionReset
                            | io::ErrorKind::ConnectionRefused
                            | io::ErrorKind::ConnectionAborted
                    ) =>
                {
                    self.closed = true;
                    break;
                }
                Err(e) => return Err(e),
            };
            let bytes = &scratch[..n];
            let Some(last) = bytes.iter().rposition(|&b| b == b'\n') else {
                self.partial.extend_from_slice(bytes);
                continue;
            };
            self.greeted = true;
            // Every line that ended in this read: the unfinished one from before, completed,
            // then the rest.
            let mut lines = std::mem::take(&mut self.partial);
            lines.extend_from_slice(&bytes[..=last]);
            if lines
                .split(|&b| b == b'\n')
                .any(|line| line.starts_with(b"<") && line.windows(7).any(|w| w == b"> sync "))
            {
                self.synced = true;
            }
            self.partial.extend_from_slice(&bytes[last + 1..]);
        }
        Ok(())
    }
}
