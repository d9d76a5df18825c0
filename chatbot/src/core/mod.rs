//! The chat core: clients, nicks, rooms, membership, the bot and the limits, and no wire
//! format at all.
//!
//! Front ends (the plain line protocol in [`plain`](crate::plain), IRC in
//! [`irc`](crate::irc)) parse their clients' bytes into calls on [`Core`]: `join`, `part`,
//! `say`, `rename`, `topic`, `kick`, `invite`, `set_modes`, `away`, `disconnect`. Each call
//! checks the rules, updates the tables and delivers [`Event`]s to whoever must hear them; a
//! call that cannot happen returns a [`Refusal`] that the front end puts in its own words.
//!
//! ```text
//!  front end parser ──▶ Core::join / say / ... ──▶ Event ──▶ deliver ──▶ Render (per front end)
//!                            │ Err(Refusal)                            ──▶ Rc<str> ──▶ Outbox
//!                            ▼
//!                 the front end's own error line (IRC numeric, `! ...`)
//! ```
//!
//! One namespace for everyone: a nick is unique among all clients whatever protocol they
//! speak (compared by [`nick_key`]), and room `lobby` is IRC's `#lobby`. A client may sit in
//! many rooms (IRC users do); the plain front end keeps its clients in exactly one, its
//! current room, by parting before it joins.
//!
//! Each client belongs to one front end, its *face*: the index of the [`Render`] that the
//! front end registered with [`Core::add_face`]. Delivery renders an event once per face and
//! audience and shares the `Rc<str>` among all recipients, so a line said to a room of 500 is
//! at most four allocations, never 500.
//!
//! The core is shared as `Rc<RefCell<Core>>` by every connection task; a borrow is never held
//! across an `.await` (why there is no broker task: see `server/mod.rs`). Pushing into an
//! outbox only wakes a writer task, so delivering while borrowed calls no user code.
//!
//! ```
//! use std::rc::Rc;
//! use chatbot::core::{Audience, Core, Event, Render};
//! use chatbot::server::{Limits, Outbox};
//!
//! struct Joins;
//! impl Render for Joins {
//!     fn event(&self, event: &Event<'_>, _: Audience) -> Option<String> {
//!         match event {
//!             Event::Joined { who, room } => Some(format!("{} joined {room}\n", who.nick)),
//!             _ => None,
//!         }
//!     }
//! }
//! let mut core = Core::new(std::time::Instant::now(), 1, 10);
//! let face = core.add_face(Rc::new(Joins));
//! let outbox = Rc::new(Outbox::new(Limits::default()));
//! let peer = "127.0.0.1:5000".parse().unwrap();
//! let id = core.connect("alice", "alice", "Alice", face, outbox.clone(), peer).unwrap();
//! core.join(id, "lobby", None).unwrap();
//! assert_eq!(outbox.queued_lines(), 1);
//! assert_eq!(core.room("lobby").unwrap().members, [id]);
//! ```

mod event;
pub mod modes;
mod operators;
mod quiet;
mod refusal;
mod room;
mod rooms;
mod say;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::net::SocketAddr;
use std::rc::Rc;
use std::time::Instant;

pub use event::{Audience, Event, Kind, Render, Source, Target};
pub use refusal::Refusal;
pub use room::{Room, Topic};
pub use say::{BotTarget, Followup};

use crate::bot::dice::SplitMix64;
use crate::names::nick_key;
use crate::protocol;
use crate::server::outbox::{Outbox, Pushed};

/// Identifies a connected client; never reused while the server runs.
pub type ClientId = u64;

/// Identifies a front end: the index its renderer got from [`Core::add_face`].
pub type FaceId = usize;

/// One connected client as the core sees it.
#[derive(Debug)]
pub struct Client {
    /// Current nick, as the user spelled it; its [`nick_key`] is its key in `Core::nicks`.
    pub nick: String,
    /// IRC user name (`USER`); plain clients get their first nick.
    pub user: String,
    /// IRC real name; plain clients get their first nick.
    pub realname: String,
    /// The host part of `nick!user@host`: the peer's IP.
    pub host: String,
    /// The rooms this client is in, in the order it joined them; each is a key of
    /// `Core::rooms` whose member list holds this client.
    pub rooms: Vec<String>,
    /// The away message, while the client is away.
    pub away: Option<String>,
    /// Whether the client is a server operator (IRC `OPER`); only `set_operator` sets it.
    pub operator: bool,
    /// When the client connected, seconds since the Unix epoch (WHOIS 317).
    pub signon: u64,
    /// When the client last said something (WHOIS idle time).
    pub last_spoke: Instant,
    /// Which front end renders for this client.
    pub face: FaceId,
    /// Where lines for this client go.
    outbox: Rc<Outbox>,
    /// The client's address, for logs.
    peer: SocketAddr,
}

impl Client {
    /// The client as the source of an event.
    pub fn source(&self) -> Source<'_> {
        Source {
            nick: &self.nick,
            user: &self.user,
            host: &self.host,
        }
    }
}

/// Every client and room of one server.
pub struct Core {
    /// Connected clients by id. Boxed, so the table's slots are a pointer wide: a table of
    /// 10,000 has 16,384 slots, and while it grows the old and the new table are both alive;
    /// with `Client` inline (over 200 bytes) those two alone cost more than 500 bytes per
    /// client at the peak.
    clients: HashMap<ClientId, Box<Client>>,
    /// The id the next client gets.
    next_id: ClientId,
    /// Nick (folded by `nick_key`) to client: nicks are unique without regard to case.
    nicks: HashMap<String, ClientId>,
    /// Room name (lowercase, no `#`) to room. A room exists while it has members.
    rooms: BTreeMap<String, Room>,
    /// One renderer per front end, indexed by [`FaceId`]; only `add_face` grows it.
    faces: Vec<Rc<dyn Render>>,
    /// The number the next guest nick tries.
    next_guest: u64,
    /// The bot's dice.
    rng: SplitMix64,
    /// When the server started, for `!uptime`.
    started: Instant,
    /// Most rooms one client may be in at once (IRC's CHANLIMIT).
    max_rooms: usize,
    /// Rooms with more members than this are quiet about membership (`quiet.rs`); only
    /// `set_quiet_joins` changes it.
    quiet_joins: usize,
}

impl Core {
    /// An empty core. `seed` seeds the bot's dice; `max_rooms` is the most rooms per client.
    pub fn new(started: Instant, seed: u64, max_rooms: usize) -> Core {
        Core {
            clients: HashMap::new(),
            next_id: 1,
            nicks: HashMap::new(),
            rooms: BTreeMap::new(),
            faces: Vec::new(),
            next_guest: 1,
            rng: SplitMix64::new(seed),
            started,
            max_rooms,
            quiet_joins: usize::MAX,
        }
    }

    /// Registers a front end's renderer; its clients are connected with the returned id.
    pub fn add_face(&mut self, renderer: Rc<dyn Render>) -> FaceId {
        self.faces.push(renderer);
        self.faces.len() - 1
    }

    /// How many clients are connected.
    pub fn len(&self) -> usize {
        self.clients.len()
    }

    /// True when nobody is connected.
    pub fn is_empty(&self) -> bool {
        self.clients.is_empty()
    }

    /// Most rooms one client may be in.
    pub fn max_rooms(&self) -> usize {
        self.max_rooms
    }

    /// A connected client. Panics if `id` is not connected: front ends only hold ids of
    /// clients they connected and have not disconnected.
    pub fn client(&self, id: ClientId) -> &Client {
        &self.clients[&id]
    }

    /// Every connected client.
    pub fn clients(&self) -> impl Iterator<Item = (ClientId, &Client)> {
        self.clients.iter().map(|(&id, client)| (id, &**client))
    }

    /// Bytes waiting in every client's outbox, for the server's `stats` line.
    pub fn queued_bytes(&self) -> usize {
        self.clients.values().map(|c| c.outbox.queued_bytes()).sum()
    }

    /// The client with this nick (any case).
    pub fn find(&self, nick: &str) -> Option<ClientId> {
        self.nicks.get(&nick_key(nick)).copied()
    }

    /// A room by its name (lowercase, no `#`).
    pub fn room(&self, name: &str) -> Option<&Room> {
        self.rooms.get(name)
    }

    /// Every room, by name.
    pub fn rooms(&self) -> impl Iterator<Item = (&str, &Room)> {
        self.rooms.iter().map(|(name, room)| (name.as_str(), room))
    }

    /// Connects a client under a nick that must be free (its validity is the front end's
    /// check). It is in no room yet.
    pub fn connect(
        &mut self,
        nick: &str,
        user: &str,
        realname: &str,
        face: FaceId,
        outbox: Rc<Outbox>,
        peer: SocketAddr,
    ) -> Result<ClientId, Refusal> {
        let key = nick_key(nick);
        if self.nicks.contains_key(&key) {
            return Err(Refusal::NickInUse(nick.to_string()));
        }
        let id = self.next_id;
        self.next_id += 1;
        self.clients.insert(
            id,
            Box::new(Client {
                nick: nick.to_string(),
                user: user.to_string(),
                realname: realname.to_string(),
                host: peer.ip().to_string(),
                rooms: Vec::new(),
                away: None,
                operator: false,
                signon: crate::bot::Now::read(self.started).unix_secs,
                last_spoke: Instant::now(),
                face,
                outbox,
                peer,
            }),
        );
        self.nicks.insert(key, id);
        log::info!("{peer} connected as {nick}");
        Ok(id)
    }

    /// Connects a client under the next free guest nick (`guest1`, `guest2`, ...).
    pub fn connect_guest(
        &mut self,
        face: FaceId,
        outbox: Rc<Outbox>,
        peer: SocketAddr,
    ) -> ClientId {
        let nick = loop {
            let candidate = protocol::guest_nick(self.next_guest);
            self.next_guest += 1;
            // Someone may have taken "guest7" by hand before the 7th guest arrived.
            if !self.nicks.contains_key(&nick_key(&candidate)) {
                break candidate;
            }
        };
        self.connect(&nick, &nick, &nick, face, outbox, peer)
            .expect("the nick was checked free")
    }

    /// Removes a client, telling everyone who shared a room with it. Does nothing if it is
    /// gone already (a `/quit` disconnects before the connection ends).
    pub fn disconnect(&mut self, id: ClientId, reason: Option<&str>) {
        let Some(client) = self.clients.get(&id) else {
            return;
        };
        let peers = self.peers_of(id);
        self.deliver(
            peers,
            None,
            &Event::Quit {
                who: client.source(),
                reason,
            },
        );
        for name in self.clients[&id].rooms.clone() {
            self.forget_member(&name, id);
        }
        let client = self.clients.remove(&id).expect("checked above");
        self.nicks.remove(&nick_key(&client.nick));
        log::info!(
            "{} ({}) disconnected{}",
            client.nick,
            client.peer,
            reason.map(|r| format!(": {r}")).unwrap_or_default()
        );
    }

    /// Renames a client; everyone sharing a room with it, and itself, hears it once.
    pub fn rename(&mut self, id: ClientId, new: &str) -> Result<(), Refusal> {
        if self.clients[&id].nick == new {
            return Err(Refusal::SameNick(new.to_string()));
        }
        let key = nick_key(new);
        match self.nicks.get(&key) {
            Some(&owner) if owner != id => return Err(Refusal::NickInUse(new.to_string())),
            _ => {}
        }
        let mut audience = self.peers_of(id);
        audience.insert(id);
        let client = &self.clients[&id];
        self.deliver(
            audience,
            Some(id),
            &Event::Renamed {
                who: client.source(),
                new,
            },
        );
        let client = self.clients.get_mut(&id).expect("a connected client");
        let old = std::mem::replace(&mut client.nick, new.to_string());
        self.nicks.remove(&nick_key(&old));
        self.nicks.insert(key, id);
        log::info!("{old} is now known as {new}");
        Ok(())
    }

    /// Sets (`Some`) or clears (`None`) a client's away message.
    pub fn set_away(&mut self, id: ClientId, message: Option<&str>) {
        self.clients.get_mut(&id).expect("a connected client").away = message.map(str::to_string);
    }

    /// Sends an already rendered line to one client (replies, numerics, errors).
    pub fn send(&self, id: ClientId, line: Rc<str>) {
        if let Some(client) = self.clients.get(&id) {
            push(client, line);
        }
    }

    /// Tells every client the server is going down, then closes every outbox (after a last
    /// flush).
    pub fn shut_down(&mut self) {
        let everyone: Vec<ClientId> = self.clients.keys().copied().collect();
        self.deliver(everyone, None, &Event::Shutdown);
        for client in self.clients.values() {
            client.outbox.close();
        }
    }

    /// Renders `event` at most once per face and audience and pushes the shared line to every
    /// recipient. `actor` is the client whose command caused it, if it is among them.
    fn deliver(
        &self,
        recipients: impl IntoIterator<Item = ClientId>,
        actor: Option<ClientId>,
        event: &Event<'_>,
    ) {
        let mut rendered: HashMap<(FaceId, Audience), Option<Rc<str>>> = HashMap::new();
        for id in recipients {
            let Some(client) = self.clients.get(&id) else {
                continue;
            };
            let audience = if Some(id) == actor {
                Audience::Actor
            } else {
                Audience::Others
            };
            let line = rendered
                .entry((client.face, audience))
                .or_insert_with(|| self.faces[client.face].event(event, audience).map(Rc::from));
            if let Some(line) = line {
                push(client, line.clone());
            }
        }
    }
}

/// Pushes `line` into a client's outbox; logs when that makes the client too slow to keep,
/// with what its outbox held (the overflow empties it).
fn push(client: &Client, line: Rc<str>) {
    let (lines, bytes) = (client.outbox.queued_lines(), client.outbox.queued_bytes());
    if client.outbox.push(line) == Pushed::Overflowed {
        log::warn!(
            "{} ({}) is not reading: outbox full ({lines} lines, {bytes} bytes queued), disconnecting",
            client.nick,
            client.peer
        );
    }
}

#[cfg(test)]
mod tests;

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Core")
            .field("clients", &self.clients.len())
            .field("rooms", &self.rooms.len())
            .field("faces", &self.faces.len())
            .finish()
    }
}
