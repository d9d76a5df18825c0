//! The plain line protocol as a front end of the [`core`](crate::core): what each parsed
//! line ([`crate::command::Input`]) asks the core to do, and how the core's
//! events look ([`render`]).
//!
//! A plain client is always in at most one room, its *current room*: the first (and only)
//! entry of its room list. `/join` parts the current room and joins the new one, checking
//! first that the join will succeed, so a refused `/join` leaves the client where it was.
//! A client kicked by an IRC operator is in no room until it joins one.
//!
//! The wire format itself lives in [`crate::protocol`] (every line the server
//! sends) and [`crate::command`] (every line it accepts); README documents both,
//! and this front end keeps them byte for byte.

pub(crate) mod connection;
pub mod render;

use crate::command::{self, Command, Input};
use crate::core::{ClientId, Core, Followup, Kind, Refusal, Target};
use crate::protocol;

/// What the connection must do after the core handled a line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "the connection must act on a quit or a follow-up"]
pub enum Handled {
    /// Keep reading; maybe start the bot's follow-up.
    Continue(Followup),
    /// The client said `/quit`: it has been disconnected; close once the outbox is flushed.
    Quit,
}

/// Handles one parsed line from plain client `id`.
pub fn handle(core: &mut Core, id: ClientId, input: Input<'_>) -> Handled {
    let result = match input {
        Input::Empty => Ok(Handled::Continue(Followup::Nothing)),
        Input::Invalid(err) => {
            error(core, id, &err.to_string());
            Ok(Handled::Continue(Followup::Nothing))
        }
        Input::Chat { text, .. } => say_in_room(core, id, Kind::Chat, text).map(Handled::Continue),
        Input::Command(command) => run(core, id, command),
    };
    match result {
        Ok(handled) => handled,
        Err(refusal) => {
            error(core, id, &refusal.to_string());
            Handled::Continue(Followup::Nothing)
        }
    }
}

/// Welcomes a newly connected client and puts it in the lobby.
pub fn welcome(core: &mut Core, id: ClientId) {
    let nick = core.client(id).nick.clone();
    core.send(id, protocol::welcome(&nick, protocol::LOBBY).into());
    if let Err(refusal) = core.join(id, protocol::LOBBY, None) {
        error(core, id, &refusal.to_string());
    }
}

/// Sends a `! text` error line to one client.
pub fn error(core: &Core, id: ClientId, text: &str) {
    core.send(id, protocol::error(text).into());
}

/// The client's current room.
fn current_room(core: &Core, id: ClientId) -> Result<String, Refusal> {
    core.client(id)
        .rooms
        .first()
        .cloned()
        .ok_or(Refusal::NoRoom)
}

fn say_in_room(core: &mut Core, id: ClientId, kind: Kind, text: &str) -> Result<Followup, Refusal> {
    let room = current_room(core, id)?;
    Ok(core.say(id, Target::Room(&room), kind, text)?.followup)
}

fn run(core: &mut Core, id: ClientId, command: Command<'_>) -> Result<Handled, Refusal> {
    match command {
        Command::Me(action) => {
            return say_in_room(core, id, Kind::Action, action).map(Handled::Continue)
        }
        Command::Quit(message) => {
            core.disconnect(id, message);
            return Ok(Handled::Quit);
        }
        Command::Nick(new) => core.rename(id, new)?,
        Command::Join(room) => {
            let current = core.client(id).rooms.first().cloned();
            if current.as_deref() != Some(room.as_str()) {
                core.may_join(id, &room, None)
                    .or_else(|refusal| match refusal {
                        // Moving rooms frees the slot it counted.
                        Refusal::TooManyRooms(_) if current.is_some() => Ok(()),
                        other => Err(other),
                    })?;
                if let Some(current) = current {
                    core.part(id, &current, None)?;
                }
                core.join(id, &room, None)?;
            }
        }
        Command::Rooms => {
            let list = protocol::room_list(
                core.rooms()
                    .filter(|(_, room)| !room.modes.secret || room.has(id))
                    .map(|(name, room)| (name, room.members.len())),
            );
            core.send(id, list.into());
        }
        Command::Who => {
            let room = current_room(core, id)?;
            let members = &core.room(&room).expect("the client is in it").members;
            let nicks = members
                .iter()
                .map(|&member| core.client(member).nick.as_str());
            let list = protocol::who_list(&room, nicks);
            core.send(id, list.into());
        }
        Command::Msg { to, text } => {
            core.say(id, Target::Nick(to), Kind::Chat, text)?;
        }
        Command::Help => core.send(id, protocol::notice_lines(command::HELP).into()),
    }
    Ok(Handled::Continue(Followup::Nothing))
}
