//! The hub: every connected client, every room, and what each line from a client does.
//!
//! # Why a shared hub and not a broker task
//!
//! The classic design (and asyncio's chat examples) gives the rooms to a *broker* task that
//! connections talk to over channels. On a single-threaded runtime that buys nothing: there is
//! no lock to avoid, only one thread touches the rooms anyway. So connections call the hub
//! directly, through an `Rc<RefCell<Hub>>`, and every call is synchronous: it updates the rooms
//! and pushes lines into outboxes, then returns. A borrow of the hub is never held across an
//! `.await`, so no task can ever find it busy. One message costs one `Rc<str>` and a push per
//! recipient, with no channel hop and no copy.
//!
//! Anything that must *wait* (the bot's `!sleep`, `!fib` on the blocking pool, `!stats` from the
//! runtime) comes back to the connection as a [`Followup`], which the connection carries out in
//! a task of its own and then hands the answer back to the hub.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::net::SocketAddr;
use std::rc::Rc;
use std::time::Duration;

use crate::bot::command::BotCommand;
use crate::bot::dice::SplitMix64;
use crate::bot::{self, Now, Response};
use crate::command::{self, Command, Input, ParseError};
use crate::names::nick_key;
use crate::protocol;
use crate::server::outbox::{Outbox, Pushed};

/// Identifies a connected client; never reused while the server runs.
pub type ClientId = u64;

/// What the connection must do after the hub handled a line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a follow-up is work the connection still has to do"]
pub enum Followup {
    /// Nothing more.
    Nothing,
    /// The client said `/quit`: close the connection once its outbox is flushed.
    Quit,
    /// Say `line` in `room` after `delay` (`!sleep`).
    Later {
        /// The room the request came from.
        room: String,
        /// How long to wait.
        delay: Duration,
        /// The bot's finished line.
        line: String,
    },
    /// Compute the `n`-th Fibonacci number on the blocking pool, then answer `nick` in `room`.
    Fib {
        /// The room the request came from.
        room: String,
        /// Who asked.
        nick: String,
        /// Which number.
        n: u64,
    },
    /// Answer `nick` in `room` with the runtime's metrics.
    Stats {
        /// The room the request came from.
        room: String,
        /// Who asked.
        nick: String,
    },
}

/// One connected client as the hub sees it.
struct Client {
    /// Current nick, as the user spelled it.
    nick: String,
    /// The room the client is in; always a key of `Hub::rooms`.
    room: String,
    /// Where lines for this client go.
    outbox: Rc<Outbox>,
    /// The client's address, for logs.
    peer: SocketAddr,
}

/// Every client and room of one server.
pub struct Hub {
    /// Connected clients by id.
    clients: HashMap<ClientId, Client>,
    /// The id the next client gets.
    next_id: ClientId,
    /// Nick (folded by `nick_key`) to client: nicks are unique without regard to case.
    nicks: HashMap<String, ClientId>,
    /// Room name to its members, in the order they joined. A room exists while it has members.
    rooms: BTreeMap<String, Vec<ClientId>>,
    /// The number the next guest nick tries.
    next_guest: u64,
    /// The bot's dice.
    rng: SplitMix64,
    /// When the server started, for `!uptime`.
    started: std::time::Instant,
}

impl Hub {
    /// An empty hub. `seed` seeds the bot's dice.
    pub fn new(started: std::time::Instant, seed: u64) -> Hub {
        Hub {
            clients: HashMap::new(),
            next_id: 1,
            nicks: HashMap::new(),
            rooms: BTreeMap::new(),
            next_guest: 1,
            rng: SplitMix64::new(seed),
            started,
        }
    }

    /// How many clients are connected.
    pub fn len(&self) -> usize {
        self.clients.len()
    }

    /// True when nobody is connected.
    pub fn is_empty(&self) -> bool {
        self.clients.is_empty()
    }

    /// A client's nick.
    pub fn nick(&self, id: ClientId) -> &str {
        &self.clients[&id].nick
    }

    /// Adds a client: gives it a free guest nick, puts it in the lobby, welcomes it and tells
    /// the lobby.
    pub fn join(&mut self, outbox: Rc<Outbox>, peer: SocketAddr) -> ClientId {
        let nick = loop {
            let candidate = protocol::guest_nick(self.next_guest);
            self.next_guest += 1;
            // Someone may have taken "guest7" by hand before the 7th guest arrived.
            if !self.nicks.contains_key(&nick_key(&candidate)) {
                break candidate;
            }
        };
        let room = protocol::LOBBY.to_string();
        let id = self.next_id;
        self.next_id += 1;
        self.clients.insert(
            id,
            Client {
                nick: nick.clone(),
                room: room.clone(),
                outbox,
                peer,
            },
        );
        self.nicks.insert(nick_key(&nick), id);
        self.send(id, protocol::welcome(&nick, &room).into());
        self.enter_room(id, &room);
        log::info!("{peer} connected as {nick}");
        id
    }

    /// Removes a client, telling its room it left.
    pub fn leave(&mut self, id: ClientId, reason: Option<&str>) {
        self.leave_room(id, reason);
        let Some(client) = self.clients.remove(&id) else {
            return;
        };
        self.nicks.remove(&nick_key(&client.nick));
        log::info!(
            "{} ({}) disconnected{}",
            client.nick,
            client.peer,
            reason.map(|r| format!(": {r}")).unwrap_or_default()
        );
    }

    /// Handles one parsed line from client `id`.
    pub fn input(&mut self, id: ClientId, input: Input<'_>) -> Followup {
        match input {
            Input::Empty => Followup::Nothing,
            Input::Invalid(err) => {
                self.error(id, &err.to_string());
                Followup::Nothing
            }
            Input::Chat { text, bot } => {
                let line: Rc<str> = protocol::chat(&self.clients[&id].nick, text).into();
                self.say_to_room_except(id, &line);
                match bot {
                    None => Followup::Nothing,
                    Some(command) => self.bot(id, command),
                }
            }
            Input::Command(command) => self.command(id, command),
        }
    }

    fn command(&mut self, id: ClientId, command: Command<'_>) -> Followup {
        match command {
            Command::Nick(new) => self.rename(id, new),
            Command::Join(room) => {
                if room != self.clients[&id].room {
                    self.leave_room(id, None);
                    self.enter_room(id, &room);
                }
            }
            Command::Rooms => {
                let list = protocol::room_list(
                    self.rooms
                        .iter()
                        .map(|(name, members)| (name.as_str(), members.len())),
                );
                self.send(id, list.into());
            }
            Command::Who => {
                let room = &self.clients[&id].room;
                let nicks = self.rooms[room]
                    .iter()
                    .map(|&member| self.clients[&member].nick.as_str());
                let list = protocol::who_list(room, nicks);
                self.send(id, list.into());
            }
            Command::Msg { to, text } => match self.nicks.get(&nick_key(to)) {
                Some(&target) => {
                    let line = protocol::private(&self.clients[&id].nick, text);
                    self.send(target, line.into());
                }
                None => self.error(id, &format!("no such nick: {to}")),
            },
            Command::Me(action) => {
                let line: Rc<str> = protocol::action(&self.clients[&id].nick, action).into();
                self.say_to_room_except(id, &line);
            }
            Command::Quit(message) => {
                self.leave_room(id, message);
                self.clients[&id].outbox.close();
                return Followup::Quit;
            }
            Command::Help => self.send(id, protocol::notice_lines(command::HELP).into()),
        }
        Followup::Nothing
    }

    fn rename(&mut self, id: ClientId, new: &str) {
        if self.clients[&id].nick == new {
            return self.error(id, &format!("you are already {new}"));
        }
        let key = nick_key(new);
        match self.nicks.get(&key) {
            Some(&owner) if owner != id => return self.error(id, &format!("nick {new} is taken")),
            _ => {}
        }
        let old = std::mem::replace(&mut self.client_mut(id).nick, new.to_string());
        self.nicks.remove(&nick_key(&old));
        self.nicks.insert(key, id);
        let line: Rc<str> = protocol::renamed(&old, new).into();
        self.say_to_room(&self.clients[&id].room.clone(), &line);
        log::info!("{old} is now known as {new}");
    }

    fn bot(&mut self, id: ClientId, command: Result<BotCommand<'_>, ParseError>) -> Followup {
        let client = &self.clients[&id];
        let (nick, room) = (client.nick.clone(), client.room.clone());
        let command = match command {
            Ok(command) => command,
            Err(err) => {
                self.say_to_room(&room, &bot::reply(&nick, &err.to_string()).into());
                return Followup::Nothing;
            }
        };
        match bot::respond(&command, Now::read(self.started), &mut self.rng) {
            Response::Reply(text) => self.say_to_room(&room, &bot::reply(&nick, &text).into()),
            Response::Later { delay, text } => {
                return Followup::Later {
                    room,
                    delay,
                    line: bot::reply(&nick, &text),
                }
            }
            Response::Fib(n) => return Followup::Fib { room, nick, n },
            Response::Stats => return Followup::Stats { room, nick },
        }
        Followup::Nothing
    }

    /// Says `line` to everyone in `room` (if it still exists).
    pub fn say_to_room(&mut self, room: &str, line: &Rc<str>) {
        if let Some(members) = self.rooms.get(room) {
            for &member in members {
                deliver(&self.clients[&member], line);
            }
        }
    }

    /// Says `line` to everyone in `id`'s room except `id`.
    fn say_to_room_except(&self, id: ClientId, line: &Rc<str>) {
        for &member in &self.rooms[&self.clients[&id].room] {
            if member != id {
                deliver(&self.clients[&member], line);
            }
        }
    }

    /// Says `line` to every client (server notices such as shutdown).
    pub fn say_to_everyone(&mut self, line: &Rc<str>) {
        for client in self.clients.values() {
            deliver(client, line);
        }
    }

    /// Sends `line` to one client.
    pub fn send(&mut self, id: ClientId, line: Rc<str>) {
        deliver(&self.clients[&id], &line);
    }

    /// Sends a `! text` error line to one client.
    pub fn error(&mut self, id: ClientId, text: &str) {
        self.send(id, protocol::error(text).into());
    }

    /// Closes every client's outbox (after a last flush).
    pub fn close_all(&mut self) {
        for client in self.clients.values() {
            client.outbox.close();
        }
    }

    fn client_mut(&mut self, id: ClientId) -> &mut Client {
        self.clients.get_mut(&id).expect("a connected client")
    }

    fn enter_room(&mut self, id: ClientId, room: &str) {
        let line: Rc<str> = protocol::joined(&self.clients[&id].nick).into();
        self.rooms.entry(room.to_string()).or_default().push(id);
        self.client_mut(id).room = room.to_string();
        self.say_to_room(room, &line);
    }

    fn leave_room(&mut self, id: ClientId, reason: Option<&str>) {
        let room = self.clients[&id].room.clone();
        let Some(members) = self.rooms.get_mut(&room) else {
            return;
        };
        let Some(position) = members.iter().position(|&member| member == id) else {
            return; // already left (after /quit), nothing to announce twice
        };
        members.remove(position);
        if members.is_empty() {
            self.rooms.remove(&room);
        } else {
            let line: Rc<str> = protocol::left(&self.clients[&id].nick, reason).into();
            self.say_to_room(&room, &line);
        }
    }
}

/// Pushes `line` into a client's outbox; logs when that makes the client too slow to keep.
fn deliver(client: &Client, line: &Rc<str>) {
    if client.outbox.push(line.clone()) == Pushed::Overflowed {
        log::warn!(
            "{} ({}) is not reading: outbox full, disconnecting",
            client.nick,
            client.peer
        );
    }
}

impl fmt::Debug for Hub {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hub")
            .field("clients", &self.clients.len())
            .field("rooms", &self.rooms.len())
            .finish()
    }
}
