//! The well-behaved client: logs in, joins rooms, chats at its rate, moves and renames now and
//! then, and checks every line it reads against the [`Ledger`](super::ledger::Ledger).
//!
//! Each session is two tasks over one connection: the *script* (this file's [`session`])
//! writes, on a ticker, and the *reader* ([`read_loop`]) reads and checks. They share a
//! [`View`], the receiver's picture of its rooms built only from its own stream, in the
//! order the server delivered it:
//!
//! ```text
//!  own join of X (echo)  ─▶ views[X] = { joined_at: now, peers: {} }
//!  S joins X             ─▶ peers[S] = Joined           (next line from S must be line 0)
//!  S's line in X         ─▶ Ledger::check_line           (rules 1, 2; peers[S] = Reading)
//!  S leaves X / quits    ─▶ Ledger::check_gone           (rule 3), peers[S] removed
//!  own part of X (echo)  ─▶ views[X] removed             (plain: joining Y leaves X)
//! ```
//!
//! A session ends when the driver's churn or the end of the run says so: half the time with
//! `/quit`, half with a bare FIN; either way it first writes everything it counted as sent,
//! and reads until the server closes, so no line it sent or was owed is cut off by its own
//! leaving. A session the server closes by itself is a failure (`Counts::dropped`).

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::rc::Rc;
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::sync::Notify;
use tokio::time::{interval, timeout, MissedTickBehavior};

use super::conn::{self, Lines};
use super::dialect::{Dialect, Seen};
use super::ledger::{Peer, SoakLine};
use super::{Context, Phase};

/// On average, how often a client moves to another room or renames.
const ACTION_EVERY: Duration = Duration::from_secs(15);

/// How long a leaving session waits for the server to close its side.
const LEAVE_GRACE: Duration = Duration::from_secs(5);

/// One room as a receiver sees it.
#[derive(Debug)]
pub struct RoomView {
    /// When the receiver read its own join, ns since the soak began.
    joined_at: u64,
    /// What it knows of each well-behaved sender there, by session.
    peers: HashMap<u64, Peer>,
}

/// A receiver's picture of its rooms (see the module doc).
#[derive(Debug)]
pub struct View {
    /// `plain w12_0`: who this is, for reports.
    who: String,
    /// Our session number (our own lines never come back to us).
    sid: u64,
    /// Our nick as the server last told us.
    me: String,
    /// Rooms we asked to join whose echo has not come (the plain echo names no room).
    pending: VecDeque<String>,
    /// The rooms we are in, by name.
    rooms: HashMap<String, RoomView>,
    /// Lines the reader needs written (PONG); the script writes them at its next tick.
    outgoing: String,
    /// Whether we are leaving (then the server closing us is expected).
    leaving: bool,
    /// Whether our first chat room's join has come back.
    ready: bool,
}

/// The session number in a well-behaved nick `wSID_R`.
fn sid_of(nick: &str) -> Option<u64> {
    nick.strip_prefix('w')?.split_once('_')?.0.parse().ok()
}

impl View {
    /// The room a line is about: the one it names, or (plain) our only room.
    fn resolve(&self, room: Option<&str>) -> Option<String> {
        match room {
            Some(room) => Some(room.to_string()),
            None => self.rooms.keys().next().cloned(),
        }
    }

    /// Acts on one line from the server.
    fn handle<D: Dialect>(&mut self, cx: &Context, line: &str) {
        let now = cx.now();
        match D::parse(line) {
            Seen::Welcome { nick } => self.me = nick.to_string(),
            Seen::Joined { nick, room } if nick == self.me => {
                let room = room
                    .map(str::to_string)
                    .or_else(|| self.pending.pop_front())
                    .unwrap_or_default();
                if D::ONE_ROOM {
                    self.rooms.clear();
                }
                if room.starts_with("soak") && !self.ready {
                    self.ready = true;
                    cx.ready.set(cx.ready.get() + 1);
                }
                let view = RoomView {
                    joined_at: now,
                    peers: HashMap::new(),
                };
                self.rooms.insert(room, view);
            }
            Seen::Joined { nick, room } => {
                let (Some(sid), Some(room)) = (sid_of(nick), self.resolve(room)) else {
                    return;
                };
                if let Some(view) = self.rooms.get_mut(&room) {
                    view.peers.insert(sid, Peer::Joined);
                }
            }
            Seen::Left { nick, room } if nick == self.me => {
                if let Some(room) = room {
                    self.rooms.remove(room);
                }
            }
            Seen::Left { nick, room } => {
                let (Some(sid), Some(room)) = (sid_of(nick), self.resolve(room)) else {
                    return;
                };
                let gone = self.rooms.get_mut(&room).and_then(|v| v.peers.remove(&sid));
                if let Some(peer) = gone {
                    cx.ledger.borrow_mut().check_gone(sid, peer);
                }
            }
            Seen::Quit { nick } => {
                let Some(sid) = sid_of(nick) else { return };
                let mut ledger = cx.ledger.borrow_mut();
                for view in self.rooms.values_mut() {
                    if let Some(peer) = view.peers.remove(&sid) {
                        ledger.check_gone(sid, peer);
                    }
                }
            }
            Seen::Renamed { old, new } if old == self.me => self.me = new.to_string(),
            Seen::Renamed { .. } | Seen::Other => {}
            Seen::Chat { nick, room, text } => {
                let (Some(_), Some(line)) = (sid_of(nick), SoakLine::parse(text)) else {
                    return; // a misbehaving client's text, or the bot
                };
                let Some(view) = self.resolve(room).and_then(|r| self.rooms.get_mut(&r)) else {
                    return;
                };
                let mut peer = view.peers.get(&line.sid).copied();
                cx.ledger
                    .borrow_mut()
                    .check_line(&mut peer, &line, view.joined_at, now);
                view.peers
                    .insert(line.sid, peer.expect("check_line sets it"));
            }
            Seen::Ping { token } => self.outgoing.push_str(&D::pong(token)),
            // IRC answers QUIT with `ERROR :Closing Link`: an error only if we did not ask.
            Seen::Error if self.leaving => {}
            Seen::Error => cx.ledger.borrow_mut().error_line(&self.who, line),
        }
    }

    /// The end-of-run check for every room this receiver is in.
    pub fn check_final(&self, cx: &Context) {
        let mut ledger = cx.ledger.borrow_mut();
        for (room, view) in &self.rooms {
            ledger.check_final(self.sid, room, view.joined_at, &view.peers);
        }
    }
}

/// The reader task: reads and checks until the stream ends.
async fn read_loop<D: Dialect>(cx: Rc<Context>, view: Rc<RefCell<View>>, mut lines: Lines) {
    while let Ok(Some(line)) = lines.next().await {
        view.borrow_mut().handle::<D>(&cx, &line);
    }
    let view = view.borrow();
    if !view.leaving {
        cx.ledger
            .borrow_mut()
            .dropped(&view.who, "the connection closed while it was chatting");
    }
}

/// What a sender knows of one of its stints.
#[derive(Debug)]
struct Mine {
    /// The room.
    room: String,
    /// The ledger's stint id.
    stint: u64,
    /// The next line's number.
    n: u64,
    /// When the last line was written, ns; 0 before the first.
    prev: u64,
}

/// One well-behaved session in `slot`, until `leave` is notified, the run ends, or the server
/// closes it.
pub async fn session<D: Dialect>(
    cx: Rc<Context>,
    addr: SocketAddr,
    slot: usize,
    leave: Rc<Notify>,
) {
    let sid = cx.new_sid();
    let mut renames = 0;
    let nick = format!("w{sid}_0");
    let Ok((lines, mut write)) = conn::connect::<D>(addr, None, false).await else {
        tokio::time::sleep(Duration::from_secs(1)).await; // the server is busy or gone: later
        return;
    };
    let view = Rc::new(RefCell::new(View {
        who: format!("{} {nick}", D::NAME),
        sid,
        me: nick.clone(),
        pending: VecDeque::new(),
        rooms: HashMap::new(),
        outgoing: String::new(),
        leaving: false,
        ready: false,
    }));
    if D::STARTS_IN_LOBBY {
        view.borrow_mut()
            .pending
            .push_back(chatbot::protocol::LOBBY.to_string());
    }
    cx.views.borrow_mut()[slot] = Some(view.clone());
    let mut reader = tokio::task::spawn_local(read_loop::<D>(cx.clone(), view.clone(), lines));

    let rate = if D::ONE_ROOM {
        cx.plain_rate
    } else {
        cx.irc_rate
    };
    let mut mine: Vec<Mine> = Vec::new();
    let mut out = D::login(&nick);
    out.push_str(&join::<D>(&cx, sid, &view, &mut mine, None));
    let mut ok = write.write_all(&D::wire(out.as_bytes())).await.is_ok();

    let period = Duration::from_secs_f64(1.0 / rate.max(0.01));
    let mut ticker = interval(period);
    ticker.set_missed_tick_behavior(MissedTickBehavior::Delay);
    tokio::time::sleep(cx.between(Duration::ZERO, period)).await; // spread the clients out
    let action_odds = (ACTION_EVERY.as_secs_f64() * rate).max(1.0) as u64;
    while ok {
        tokio::select! {
            _ = ticker.tick() => {}
            _ = leave.notified() => break,
            _ = &mut reader => {
                forget(&cx, &view, slot, &mine);
                return;
            }
        }
        let mut out = std::mem::take(&mut view.borrow_mut().outgoing);
        if cx.phase.get() < Phase::Drain {
            if cx.below(action_odds) == 0 {
                out.push_str(&act::<D>(&cx, sid, &view, &mut mine, &mut renames));
            } else if !mine.is_empty() {
                let pick = cx.below(mine.len() as u64) as usize;
                let m = &mut mine[pick];
                let sent_at = cx.now();
                let line = SoakLine {
                    sid,
                    stint: m.stint,
                    n: m.n,
                    sent_at,
                    prev_at: m.prev,
                };
                out.push_str(&D::say(&m.room, &line.render()));
                ok = write.write_all(&D::wire(out.as_bytes())).await.is_ok();
                if ok {
                    cx.ledger.borrow_mut().wrote(m.stint, sent_at);
                    m.n += 1;
                    m.prev = sent_at;
                }
                continue;
            }
        }
        if !out.is_empty() {
            ok = write.write_all(&D::wire(out.as_bytes())).await.is_ok();
        }
    }
    // Leaving: everything counted as sent is written; say goodbye, read until the server closes.
    view.borrow_mut().leaving = true;
    for m in &mine {
        cx.ledger.borrow_mut().close_stint(m.stint);
    }
    if cx.below(2) == 0 {
        let _ = write.write_all(&D::wire(D::quit().as_bytes())).await;
    }
    let _ = write.shutdown().await;
    if timeout(LEAVE_GRACE, &mut reader).await.is_err() {
        reader.abort();
    }
    forget(&cx, &view, slot, &mine);
}

/// The session is over: its stints close, its view leaves the final checks.
fn forget(cx: &Context, view: &Rc<RefCell<View>>, slot: usize, mine: &[Mine]) {
    for m in mine {
        cx.ledger.borrow_mut().close_stint(m.stint);
    }
    if view.borrow().ready {
        cx.ready.set(cx.ready.get() - 1);
    }
    let mut views = cx.views.borrow_mut();
    if views[slot].as_ref().is_some_and(|v| Rc::ptr_eq(v, view)) {
        views[slot] = None;
    }
}

/// Joins a random room we are not in (leaving `leaving`, for a one-room dialect); returns the
/// lines to write.
fn join<D: Dialect>(
    cx: &Context,
    sid: u64,
    view: &RefCell<View>,
    mine: &mut Vec<Mine>,
    leaving: Option<usize>,
) -> String {
    let mut out = String::new();
    let room = loop {
        let room = Context::room(cx.below(cx.rooms as u64));
        if !mine.iter().any(|m| m.room == room) || cx.rooms <= mine.len() {
            break room;
        }
    };
    if mine.iter().any(|m| m.room == room) {
        return out; // every room taken: stay
    }
    if let Some(i) = leaving {
        let old = mine.remove(i);
        cx.ledger.borrow_mut().close_stint(old.stint);
        if !D::ONE_ROOM {
            out.push_str(&D::part(&old.room));
        }
    }
    let stint = cx.ledger.borrow_mut().open_stint(sid, &room);
    out.push_str(&D::join(&room));
    if D::ONE_ROOM {
        view.borrow_mut().pending.push_back(room.clone());
    }
    mine.push(Mine {
        room,
        stint,
        n: 0,
        prev: 0,
    });
    out
}

/// A move or a rename; returns the lines to write.
fn act<D: Dialect>(
    cx: &Context,
    sid: u64,
    view: &RefCell<View>,
    mine: &mut Vec<Mine>,
    renames: &mut u64,
) -> String {
    match cx.below(5) {
        0 | 1 if !mine.is_empty() => {
            let i = cx.below(mine.len() as u64) as usize;
            join::<D>(cx, sid, view, mine, Some(i))
        }
        2 if !D::ONE_ROOM && mine.len() == 1 => join::<D>(cx, sid, view, mine, None),
        2 if !D::ONE_ROOM && mine.len() == 2 => {
            let old = mine.remove(cx.below(2) as usize);
            cx.ledger.borrow_mut().close_stint(old.stint);
            D::part(&old.room)
        }
        _ => {
            *renames += 1;
            D::rename(&format!("w{sid}_{renames}"))
        }
    }
}
