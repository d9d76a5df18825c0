//! The chat server on tokio's current-thread runtime: one task per connection and one broker
//! task, the shape our own chat server has, so that the two compare runtime against runtime.
//!
//! The protocol, line by line:
//!
//! - `/nick NAME` sets the sender's nick (one word, at most 32 bytes); the server confirms with a
//!   notice. Until then a member is called `guestN`.
//! - Any other non-empty line `L` from `nick` reaches every *other* member as `<nick> L`; the
//!   sender does not get its own line back.
//! - Server notices start with `* `; clients must ignore notices they do not know.
//! - Membership is announced as our server announces it, under the same rule (its
//!   `core/quiet.rs`): `* NICK joined` when a member arrives, `* NICK left` when it goes,
//!   `* OLD is now known as NEW` on `/nick`, to everyone while the room has at most
//!   [`QUIET_JOINS`] members (counting the member concerned), and only to the member concerned
//!   (nobody, for a leaver) in a bigger room. Without that rule, filling a room of 10,000 would
//!   cost 50 million lines; without the announcements, this server would do less work than ours.
//!
//! Data flow. A connection task reads lines and turns them into [`Event`]s on one bounded channel
//! to the broker. The broker alone owns the member table; for a chat line it formats
//! `<nick> L\n` once into an `Arc<str>` and hands a clone of the pointer to every other member's
//! outbox, so a line sent to 499 members is formatted and allocated once, not 499 times. Each
//! connection task writes what arrives in its outbox.
//!
//! ```text
//!   socket ─▶ connection task ─Event─▶ broker ─Arc<str>─▶ connection tasks ─▶ sockets
//!             (one per member)   (one)  (member table)       (each outbox)
//! ```
//!
//! Outboxes are bounded and the broker never waits on one: a member whose outbox is full (it has
//! stopped reading) is dropped, so one stuck client cannot stall the room. The benchmark's load
//! client keeps few lines in flight, so that never happens in a run.
//!
//! Teaching shortcut: lines are read with `BufReader::lines`, which has no length limit; a
//! production server caps a line's length so a client cannot make it buffer without end.
//!
//! ```ignore
//! process::serve(tokio_server::serve, "127.0.0.1:0".parse()?, false);
//! ```

use std::collections::HashMap;
use std::io;
use std::sync::Arc;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// Capacity of the connections → broker channel; a full channel makes readers wait.
const EVENTS: usize = 1024;

/// Capacity of a member's outbox, in lines.
const OUTBOX: usize = 1024;

/// Longest accepted nick, in bytes.
const MAX_NICK: usize = 32;

/// Rooms with more members than this are quiet about membership: our server's default
/// `--quiet-joins`, the one the bench runs it with.
const QUIET_JOINS: usize = chatbot::config::DEFAULT_QUIET_JOINS;

/// What a connection task tells the broker. Every event names its connection by `id`, a number
/// the accept loop hands out in order and never reuses.
#[derive(Debug)]
enum Event {
    /// A connection opened; the broker sends its lines to `outbox`.
    Joined {
        /// The new connection.
        id: u64,
        /// Where the broker puts lines for this connection to write.
        outbox: mpsc::Sender<Arc<str>>,
    },
    /// `/nick NAME`.
    Nick {
        /// Who asked.
        id: u64,
        /// The requested nick, not yet checked.
        nick: String,
    },
    /// Any other non-empty line.
    Line {
        /// Who sent it.
        id: u64,
        /// The line, without its newline.
        text: String,
    },
    /// The connection closed.
    Left {
        /// Who left.
        id: u64,
    },
}

/// A member, as the broker sees it.
#[derive(Debug)]
struct Member {
    /// Shown in front of the member's lines.
    nick: String,
    /// Lines for this member's connection task to write.
    outbox: mpsc::Sender<Arc<str>>,
}

/// Serves chat on `listener` until accepting fails.
pub fn serve(listener: std::net::TcpListener) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()?;
    rt.block_on(async move {
        let listener = TcpListener::from_std(listener)?;
        let (events, inbox) = mpsc::channel(EVENTS);
        tokio::spawn(broker(inbox));
        for id in 0.. {
            let (stream, _) = listener.accept().await?;
            tokio::spawn(connection(stream, id, events.clone()));
        }
        unreachable!("a u64 of connection ids does not run out")
    })
}

/// Owns the member table and fans lines out.
async fn broker(mut inbox: mpsc::Receiver<Event>) {
    let mut members: HashMap<u64, Member> = HashMap::new();
    while let Some(event) = inbox.recv().await {
        match event {
            Event::Joined { id, outbox } => {
                let nick = format!("guest{id}");
                let welcome = format!("* welcome {nick}; set your nick with /nick NAME\n");
                let _ = outbox.try_send(welcome.into());
                members.insert(id, Member { nick, outbox });
                let joined: Arc<str> = format!("* {} joined\n", members[&id].nick).into();
                announce(&mut members, id, true, joined);
            }
            Event::Nick { id, nick } => {
                let Some(member) = members.get_mut(&id) else {
                    continue;
                };
                let valid = !nick.is_empty()
                    && nick.len() <= MAX_NICK
                    && !nick.contains(char::is_whitespace);
                if !valid {
                    let notice = format!("* a nick is one word of at most {MAX_NICK} bytes\n");
                    let _ = member.outbox.try_send(notice.into());
                    continue;
                }
                let renamed: Arc<str> =
                    format!("* {} is now known as {nick}\n", member.nick).into();
                member.nick = nick;
                announce(&mut members, id, true, renamed);
            }
            Event::Line { id, text } => {
                let Some(sender) = members.get(&id) else {
                    continue;
                };
                let line: Arc<str> = format!("<{}> {text}\n", sender.nick).into();
                members.retain(|&other, member| {
                    // `try_send` fails when the outbox is full (a stuck reader) or closed (the
                    // connection is going away); either way the member leaves.
                    other == id || member.outbox.try_send(line.clone()).is_ok()
                });
            }
            Event::Left { id } => {
                if let Some(member) = members.get(&id) {
                    let left: Arc<str> = format!("* {} left\n", member.nick).into();
                    announce(&mut members, id, false, left);
                    members.remove(&id);
                }
            }
        }
    }
}

/// Tells the room about member `id` (`to_self`: `id` hears it too) while the room has at most
/// [`QUIET_JOINS`] members, `id` counted; in a bigger room, tells `id` only (if `to_self`).
/// A member whose outbox is full or closed leaves, as for a chat line.
fn announce(members: &mut HashMap<u64, Member>, id: u64, to_self: bool, line: Arc<str>) {
    if members.len() > QUIET_JOINS {
        if to_self {
            let _ = members[&id].outbox.try_send(line);
        }
        return;
    }
    members.retain(|&other, member| {
        (other == id && !to_self) || member.outbox.try_send(line.clone()).is_ok()
    });
}

/// One member's connection: reads lines into events, writes its outbox to the socket.
async fn connection(mut stream: TcpStream, id: u64, events: mpsc::Sender<Event>) {
    // Lines are small and come in bursts; without this, Nagle's algorithm holds the second of
    // two quick lines back until the first is acknowledged, which loopback may delay by 40 ms.
    let _ = stream.set_nodelay(true);
    let (outbox, mut lines_out) = mpsc::channel::<Arc<str>>(OUTBOX);
    if events.send(Event::Joined { id, outbox }).await.is_err() {
        return;
    }
    let (reader, mut writer) = stream.split();
    let mut lines_in = BufReader::new(reader).lines();
    loop {
        tokio::select! {
            // `next_line` is cancel-safe: a partly read line stays buffered for the next call.
            line = lines_in.next_line() => {
                let Ok(Some(line)) = line else { break };
                let event = match line.strip_prefix("/nick ") {
                    Some(nick) => Event::Nick { id, nick: nick.trim().to_string() },
                    None if line.is_empty() => continue,
                    None => Event::Line { id, text: line },
                };
                if events.send(event).await.is_err() {
                    break;
                }
            }
            line = lines_out.recv() => {
                // `None`: the broker dropped this member.
                let Some(line) = line else { break };
                if writer.write_all(line.as_bytes()).await.is_err() {
                    break;
                }
            }
        }
    }
    let _ = events.send(Event::Left { id }).await;
}
