//! [`Refusal`]: why the core would not carry out a command.
//!
//! The core answers every command that cannot happen with one of these, and each front end
//! says it in its own protocol: the IRC front end maps each variant to the numeric the
//! specification names (see `Session::refused` in `irc/session.rs`), the plain front end to a `! ...` line
//! (its `Display`). Keeping the reasons typed is what lets one rule (say, "a
//! moderated room only hears its voiced members") give `404` to an IRC client and
//! `! you cannot speak in ...` to a plain one.

use std::fmt;

/// Why a command was refused. Names and rooms are as the client typed them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No client has this nick (IRC 401).
    NoSuchNick(String),
    /// No room of this name exists (IRC 403).
    NoSuchRoom(String),
    /// The client is not in this room (IRC 442).
    NotInRoom(String),
    /// `nick` is not in `room` (IRC 441).
    UserNotInRoom {
        /// The nick.
        nick: String,
        /// The room.
        room: String,
    },
    /// `nick` is in `room` already (IRC 443).
    AlreadyInRoom {
        /// The nick.
        nick: String,
        /// The room.
        room: String,
    },
    /// Another client has this nick (IRC 433).
    NickInUse(String),
    /// The client is called this already (plain only; IRC ignores it).
    SameNick(String),
    /// The room's operators only (IRC 482).
    NotOperator(String),
    /// The room does not accept this client's lines (`+n` or `+m`; IRC 404).
    CannotSend(String),
    /// The room is invite-only (IRC 473).
    InviteOnly(String),
    /// Wrong or missing key (IRC 475).
    BadKey(String),
    /// The room is at its limit (IRC 471).
    RoomFull(String),
    /// The client is in as many rooms as it may be (IRC 405).
    TooManyRooms(String),
    /// A plain client that was kicked from its room and has not joined another.
    NoRoom,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::NoSuchNick(nick) => write!(f, "no such nick: {nick}"),
            Refusal::NoSuchRoom(room) => write!(f, "no such room: {room}"),
            Refusal::NotInRoom(room) => write!(f, "you are not in {room}"),
            Refusal::UserNotInRoom { nick, room } => write!(f, "{nick} is not in {room}"),
            Refusal::AlreadyInRoom { nick, room } => write!(f, "{nick} is already in {room}"),
            Refusal::NickInUse(nick) => write!(f, "nick {nick} is taken"),
            Refusal::SameNick(nick) => write!(f, "you are already {nick}"),
            Refusal::NotOperator(room) => write!(f, "you are not an operator of {room}"),
            Refusal::CannotSend(room) => write!(f, "you cannot speak in {room} right now"),
            Refusal::InviteOnly(room) => write!(f, "room {room} is invite-only"),
            Refusal::BadKey(room) => write!(f, "room {room} needs the right key"),
            Refusal::RoomFull(room) => write!(f, "room {room} is full"),
            Refusal::TooManyRooms(room) => write!(f, "you are in too many rooms to join {room}"),
            Refusal::NoRoom => write!(f, "you are in no room; /join ROOM"),
        }
    }
}

impl std::error::Error for Refusal {}
