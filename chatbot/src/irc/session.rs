//! [`Session`]: what one IRC connection knows about itself, and how it replies.
//!
//! A connection starts *unregistered*: it is not in the core yet, and collects its nick,
//! user name and password until it has all of them (and, if it started capability
//! negotiation, until `CAP END`). Then it joins the core under its nick and gets the welcome
//! burst. The fields below are the whole of that state machine:
//!
//! ```text
//!            CAP LS / CAP REQ                      CAP END
//!   (start) ──────────────────▶ negotiating ───────────────────┐
//!      │  NICK, USER, PASS (any order)                          ▼
//!      └───────────────────────────────────────▶ nick + user known, not negotiating
//!                                                   │ (1) registration::complete
//!                                                   ▼
//!                                               registered: `id` is Some, for good
//! ```
//!
//! Replies go straight into the connection's own outbox, the same one the core delivers
//! events to, so a reply and the events around it reach the client in the order they
//! happened. A numeric names its recipient by nick: the registered nick (read from the core,
//! since `NICK` may change it), the nick given so far, or `*`.

use std::net::SocketAddr;
use std::rc::Rc;

use crate::core::{ClientId, Core, Followup, Refusal};
use crate::irc::message::Message;
use crate::irc::numeric::*;
use crate::irc::render::channel;
use crate::server::outbox::Outbox;
use crate::server::Server;

/// What the connection does after a command.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "the connection must close or start the follow-up"]
pub enum Outcome {
    /// Read the next line.
    Continue,
    /// Start the bot's waiting work (one per target a message went to), then read on.
    Bot(Vec<Followup>),
    /// The client is done (`QUIT`, a wrong password): flush and close.
    Close,
}

/// One IRC connection's state.
#[derive(Debug)]
pub struct Session {
    /// The server: settings, and the core to call.
    pub server: Rc<Server>,
    /// This client's outbox; the core delivers into it too once registered.
    pub outbox: Rc<Outbox>,
    /// The client's address.
    pub peer: SocketAddr,
    /// The nick asked for before registration; unused after it (the core holds the nick).
    pub nick: Option<String>,
    /// `USER`'s user name and real name, once given.
    pub user: Option<(String, String)>,
    /// What `PASS` said, if anything.
    pub password: Option<String>,
    /// True between a `CAP LS`/`CAP REQ` before registration and `CAP END`: registration
    /// waits.
    pub negotiating: bool,
    /// The `multi-prefix` capability: list every status prefix (`@+`), not just the highest.
    pub multi_prefix: bool,
    /// The `userhost-in-names` capability: `NAMES` lists `nick!user@host`, not just `nick`.
    pub userhost_in_names: bool,
    /// User mode `+i` (kept and reported, hides nothing: there is no global `WHO`).
    pub invisible: bool,
    /// The client's id in the core; set once by registration, never unset.
    pub id: Option<ClientId>,
}

impl Session {
    /// A new, unregistered session.
    pub fn new(server: Rc<Server>, outbox: Rc<Outbox>, peer: SocketAddr) -> Session {
        Session {
            server,
            outbox,
            peer,
            nick: None,
            user: None,
            password: None,
            negotiating: false,
            multi_prefix: false,
            userhost_in_names: false,
            invisible: false,
            id: None,
        }
    }

    /// The server's name, the prefix of its own messages.
    pub fn server_name(&self) -> &str {
        &self.server.config.irc.server_name
    }

    /// The name numerics are addressed to.
    pub fn target(&self, core: &Core) -> String {
        match (self.id, &self.nick) {
            (Some(id), _) => core.client(id).nick.clone(),
            (None, Some(nick)) => nick.clone(),
            (None, None) => "*".to_string(),
        }
    }

    /// The registered client's id. Only handlers of commands the table marks as needing
    /// registration call it, and dispatch checks that first.
    pub fn me(&self) -> ClientId {
        self.id
            .expect("dispatch lets only registered clients reach this command")
    }

    /// Queues a rendered line for this client.
    pub fn send(&self, line: String) {
        let _ = self.outbox.push(line.into());
    }

    /// Sends a message from the server: `:server COMMAND params...`.
    pub fn send_from_server(&self, command: &str, params: &[&str]) {
        self.send(Message::new(Some(self.server_name()), command, params).render());
    }

    /// Sends numeric `code` with `params` after the recipient's nick; the last one is text.
    pub fn reply(&self, core: &Core, code: u16, params: &[&str]) {
        let target = self.target(core);
        let mut all = vec![target.as_str()];
        all.extend_from_slice(params);
        self.send_from_server(&format!("{code:03}"), &all);
    }

    /// Says why the core refused, as the numeric the specification gives for it.
    pub fn refused(&self, core: &Core, refusal: &Refusal) {
        let room = |name: &str| channel(name);
        match refusal {
            Refusal::NoSuchNick(nick) => {
                self.reply(core, ERR_NOSUCHNICK, &[nick, "No such nick/channel"])
            }
            Refusal::NoSuchRoom(name) => {
                self.reply(core, ERR_NOSUCHCHANNEL, &[&room(name), "No such channel"])
            }
            Refusal::NotInRoom(name) => self.reply(
                core,
                ERR_NOTONCHANNEL,
                &[&room(name), "You're not on that channel"],
            ),
            Refusal::UserNotInRoom { nick, room: name } => self.reply(
                core,
                ERR_USERNOTINCHANNEL,
                &[nick, &room(name), "They aren't on that channel"],
            ),
            Refusal::AlreadyInRoom { nick, room: name } => self.reply(
                core,
                ERR_USERONCHANNEL,
                &[nick, &room(name), "is already on channel"],
            ),
            Refusal::NickInUse(nick) => self.reply(
                core,
                ERR_NICKNAMEINUSE,
                &[nick, "Nickname is already in use"],
            ),
            // IRC clients do not expect an answer to renaming to the nick they have.
            Refusal::SameNick(_) => {}
            Refusal::NotOperator(name) => self.reply(
                core,
                ERR_CHANOPRIVSNEEDED,
                &[&room(name), "You're not channel operator"],
            ),
            Refusal::CannotSend(name) => self.reply(
                core,
                ERR_CANNOTSENDTOCHAN,
                &[&room(name), "Cannot send to channel"],
            ),
            Refusal::InviteOnly(name) => self.reply(
                core,
                ERR_INVITEONLYCHAN,
                &[&room(name), "Cannot join channel (+i)"],
            ),
            Refusal::BadKey(name) => self.reply(
                core,
                ERR_BADCHANNELKEY,
                &[&room(name), "Cannot join channel (+k)"],
            ),
            Refusal::RoomFull(name) => self.reply(
                core,
                ERR_CHANNELISFULL,
                &[&room(name), "Cannot join channel (+l)"],
            ),
            Refusal::TooManyRooms(name) => self.reply(
                core,
                ERR_TOOMANYCHANNELS,
                &[&room(name), "You have joined too many channels"],
            ),
            // Only plain clients have a current room.
            Refusal::NoRoom => {}
        }
    }
}
