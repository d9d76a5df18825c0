//! What the core tells front ends: [`Event`]s, and the [`Render`] trait that turns one into a
//! wire line.
//!
//! The core never formats a line. When something happens in a room (a join, a message, a
//! kick), it builds one `Event` that borrows the names and text involved, works out who must
//! hear it, and hands it to [`Core::deliver`](super::Core). Delivery renders the event at most
//! twice per front end (once for the client who caused it, once for everyone else) and pushes
//! the same `Rc<str>` into every recipient's outbox:
//!
//! ```text
//!   Event::Message { from: alice, to: Room("lobby"), .. }
//!        |                                   recipients: bob (plain), carol (irc), dave (irc)
//!        |-- plain renderer, Others --> "<alice> hi\n"                      -> bob
//!        '-- irc renderer,   Others --> ":alice!alice@127.0.0.1 PRIVMSG #lobby :hi\r\n"
//!                                                                           -> carol, dave
//! ```
//!
//! [`Audience`] exists because the two protocols disagree on one thing only: whether the
//! client who caused an event hears it. IRC echoes your own `JOIN`, `PART` and `NICK` back to
//! you (that is how a client learns they happened); the plain protocol does not tell you that
//! you left a room. So a renderer may answer differently for [`Audience::Actor`].
//!
//! ```
//! use chatbot::core::{Audience, Event, Render, Source};
//!
//! struct Shout;
//! impl Render for Shout {
//!     fn event(&self, event: &Event<'_>, _: Audience) -> Option<String> {
//!         match event {
//!             Event::Joined { who, room } => Some(format!("{} IS IN {room}\n", who.nick)),
//!             _ => None,
//!         }
//!     }
//! }
//! let who = Source { nick: "alice", user: "alice", host: "127.0.0.1" };
//! let line = Shout.event(&Event::Joined { who, room: "lobby" }, Audience::Others);
//! assert_eq!(line.as_deref(), Some("alice IS IN lobby\n"));
//! ```

use crate::core::modes::ModeChange;

/// Who did something: enough to write an IRC prefix `nick!user@host`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source<'a> {
    /// The nick, as its owner spelled it.
    pub nick: &'a str,
    /// The user name (IRC `USER`; plain clients use their guest nick at connect time).
    pub user: &'a str,
    /// The host part: the client's IP address.
    pub host: &'a str,
}

/// Where a message goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// Every member of a room (its name, without `#`).
    Room(&'a str),
    /// One client, by nick as the sender typed it.
    Nick(&'a str),
}

/// The flavour of a message; the core treats them alike except that the bot never answers a
/// notice (IRC's rule that keeps two bots from answering each other forever).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An ordinary line (plain chat, IRC `PRIVMSG`).
    Chat,
    /// IRC `NOTICE`.
    Notice,
    /// `/me` or CTCP `ACTION`.
    Action,
}

/// Whether a recipient is the client who caused the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audience {
    /// The client whose command this event reports.
    Actor,
    /// Anyone else who hears it.
    Others,
}

/// Something that happened, as every front end must be told it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event<'a> {
    /// `who` entered `room`. Heard by every member, `who` included.
    Joined {
        /// The newcomer.
        who: Source<'a>,
        /// The room.
        room: &'a str,
    },
    /// `who` left `room` on purpose. Heard by every member before the leave, `who` included.
    Parted {
        /// The leaver.
        who: Source<'a>,
        /// The room.
        room: &'a str,
        /// Parting words, if any.
        reason: Option<&'a str>,
    },
    /// `who` left the server. Heard once by everyone who shared a room with them.
    Quit {
        /// The leaver.
        who: Source<'a>,
        /// Why (their words, or the server's: `too slow`, `connection lost`, ...).
        reason: Option<&'a str>,
    },
    /// `who` is now called `new`. Heard by `who` and everyone sharing a room, once each.
    Renamed {
        /// The client, under its old nick.
        who: Source<'a>,
        /// The new nick.
        new: &'a str,
    },
    /// A line for a room or a person. Never heard by its sender.
    Message {
        /// The speaker (the bot speaks as [`BOT_NICK`](crate::protocol::BOT_NICK)).
        from: Source<'a>,
        /// Where it was sent.
        to: Target<'a>,
        /// Chat, notice or action.
        kind: Kind,
        /// The text, sanitized; may hold IRC formatting codes.
        text: &'a str,
    },
    /// `who` set `room`'s topic. Heard by every member.
    Topic {
        /// The setter.
        who: Source<'a>,
        /// The room.
        room: &'a str,
        /// The new topic; empty clears it.
        text: &'a str,
    },
    /// `by` removed `nick` from `room`. Heard by every member, `nick` included.
    Kicked {
        /// The operator.
        by: Source<'a>,
        /// The room.
        room: &'a str,
        /// Who was removed.
        nick: &'a str,
        /// Why.
        reason: &'a str,
    },
    /// `by` changed `room`'s modes. Heard by every member.
    Mode {
        /// The operator.
        by: Source<'a>,
        /// The room.
        room: &'a str,
        /// What changed, in order; never empty.
        changes: &'a [ModeChange],
    },
    /// `by` invited the recipient (and only them) into `room`.
    Invited {
        /// The inviter.
        by: Source<'a>,
        /// The invitee's nick.
        nick: &'a str,
        /// The room.
        room: &'a str,
    },
    /// An operator's `WALLOPS`. Heard by every operator.
    Wallops {
        /// The operator.
        from: Source<'a>,
        /// The message.
        text: &'a str,
    },
    /// `by` disconnected the recipient (and only it tells it), an operator's `KILL`.
    Killed {
        /// The operator.
        by: Source<'a>,
        /// The recipient's nick.
        nick: &'a str,
        /// Why.
        reason: &'a str,
    },
    /// The server is going down. Heard by every client.
    Shutdown,
}

/// A front end's renderer: one event in, the line (or lines) its clients see, or `None` when
/// this protocol does not show that event to this audience.
pub trait Render {
    /// Renders `event` for `audience`. Must not depend on anything else about the recipient:
    /// delivery renders once and shares the result among every recipient of the same
    /// front end and audience.
    fn event(&self, event: &Event<'_>, audience: Audience) -> Option<String>;
}
