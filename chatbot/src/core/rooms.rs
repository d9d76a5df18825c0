//! What the room commands do: `join`, `part`, `topic`, `kick`, `invite` and `set_modes`.
//!
//! Every check a room command needs lives here, once, for every front end: whether the
//! client may join (`+i` needs an invitation, `+k` its key, `+l` room to spare, and the
//! client must be under the rooms-per-client limit), whether it is an operator where that is
//! required, whether the people it names are there. A refused command changes nothing and
//! delivers nothing.
//!
//! Who hears what:
//!
//! | command | heard by |
//! |---|---|
//! | join | every member, the newcomer included (in a quiet room, the newcomer only) |
//! | part | every member, the leaver included, before it leaves (quiet: the leaver only) |
//! | kick | every member, the kicked one included |
//! | topic, modes | every member |
//! | invite | the invitee only |
//!
//! A room with more members than `--quiet-joins` is *quiet* about joins and parts; why, and
//! what else that changes, is `quiet.rs`.

use crate::core::modes::{Mode, ModeChange};
use crate::core::{ClientId, Core, Event, Refusal, Room, Topic};

impl Core {
    /// Whether `id` could join `room` with `key` now (the checks of [`join`](Self::join)
    /// without the joining), so a plain client can be sure of its new room before it leaves
    /// its old one.
    pub fn may_join(&self, id: ClientId, name: &str, key: Option<&str>) -> Result<(), Refusal> {
        let client = &self.clients[&id];
        if client.rooms.len() >= self.max_rooms {
            return Err(Refusal::TooManyRooms(name.to_string()));
        }
        let Some(room) = self.rooms.get(name) else {
            return Ok(());
        };
        if room.modes.invite_only && !room.invited.contains(&id) {
            return Err(Refusal::InviteOnly(name.to_string()));
        }
        if room.modes.key.is_some() && room.modes.key.as_deref() != key {
            return Err(Refusal::BadKey(name.to_string()));
        }
        if room
            .modes
            .limit
            .is_some_and(|limit| room.members.len() >= limit)
        {
            return Err(Refusal::RoomFull(name.to_string()));
        }
        Ok(())
    }

    /// Puts `id` into `room` (a valid room name, lowercase), creating it with `id` as its
    /// operator if it is empty. Joining a room one is in already does nothing.
    pub fn join(&mut self, id: ClientId, name: &str, key: Option<&str>) -> Result<(), Refusal> {
        if self.rooms.get(name).is_some_and(|room| room.has(id)) {
            return Ok(());
        }
        self.may_join(id, name, key)?;
        let now = crate::bot::Now::read(self.started).unix_secs;
        let room = self
            .rooms
            .entry(name.to_string())
            .or_insert_with(|| Room::new(now));
        if room.members.is_empty() {
            room.ops.insert(id);
        }
        room.members.push(id);
        room.invited.remove(&id);
        let audience = self.membership_audience(&self.rooms[name], id);
        self.clients
            .get_mut(&id)
            .expect("a connected client")
            .rooms
            .push(name.to_string());
        let event = Event::Joined {
            who: self.clients[&id].source(),
            room: name,
        };
        self.deliver(audience, Some(id), &event);
        Ok(())
    }

    /// Takes `id` out of `room`, telling its members (the leaver too; in a quiet room, only
    /// the leaver).
    pub fn part(&mut self, id: ClientId, name: &str, reason: Option<&str>) -> Result<(), Refusal> {
        let room = self.member_room(id, name)?;
        let event = Event::Parted {
            who: self.clients[&id].source(),
            room: name,
            reason,
        };
        self.deliver(self.membership_audience(room, id), Some(id), &event);
        self.forget_member(name, id);
        Ok(())
    }

    /// Sets (or with an empty `text`, clears) `room`'s topic. Needs membership, and operator
    /// status under `+t`.
    pub fn set_topic(&mut self, id: ClientId, name: &str, text: &str) -> Result<(), Refusal> {
        let room = self.member_room(id, name)?;
        if room.modes.topic_lock && !room.ops.contains(&id) {
            return Err(Refusal::NotOperator(name.to_string()));
        }
        let members = room.members.clone();
        let client = &self.clients[&id];
        self.deliver(
            members,
            Some(id),
            &Event::Topic {
                who: client.source(),
                room: name,
                text,
            },
        );
        let topic = (!text.is_empty()).then(|| Topic {
            text: text.to_string(),
            by: client.nick.clone(),
            at: crate::bot::Now::read(self.started).unix_secs,
        });
        self.rooms.get_mut(name).expect("checked above").topic = topic;
        Ok(())
    }

    /// Removes `nick` from `room`. Needs operator status.
    pub fn kick(
        &mut self,
        id: ClientId,
        name: &str,
        nick: &str,
        reason: &str,
    ) -> Result<(), Refusal> {
        let room = self.operator_room(id, name)?;
        let target = self
            .find(nick)
            .ok_or_else(|| Refusal::NoSuchNick(nick.to_string()))?;
        if !room.has(target) {
            return Err(Refusal::UserNotInRoom {
                nick: nick.to_string(),
                room: name.to_string(),
            });
        }
        let event = Event::Kicked {
            by: self.clients[&id].source(),
            room: name,
            nick: &self.clients[&target].nick,
            reason,
        };
        self.deliver(room.members.clone(), Some(id), &event);
        self.forget_member(name, target);
        Ok(())
    }

    /// Invites `nick` into `room`, which lets it past `+i` once. Needs membership, and
    /// operator status when the room is `+i`.
    pub fn invite(&mut self, id: ClientId, nick: &str, name: &str) -> Result<(), Refusal> {
        let target = self
            .find(nick)
            .ok_or_else(|| Refusal::NoSuchNick(nick.to_string()))?;
        let room = self.member_room(id, name)?;
        if room.modes.invite_only && !room.ops.contains(&id) {
            return Err(Refusal::NotOperator(name.to_string()));
        }
        if room.has(target) {
            return Err(Refusal::AlreadyInRoom {
                nick: nick.to_string(),
                room: name.to_string(),
            });
        }
        let event = Event::Invited {
            by: self.clients[&id].source(),
            nick: &self.clients[&target].nick,
            room: name,
        };
        self.deliver([target], Some(id), &event);
        self.rooms
            .get_mut(name)
            .expect("checked above")
            .invited
            .insert(target);
        Ok(())
    }

    /// Applies mode changes to `room` in order and tells its members about the ones that
    /// changed something. Needs operator status. A change naming someone not in the room
    /// refuses the whole call before anything is applied.
    pub fn set_modes(
        &mut self,
        id: ClientId,
        name: &str,
        changes: &[ModeChange],
    ) -> Result<Vec<ModeChange>, Refusal> {
        let room = self.operator_room(id, name)?;
        let mut targets = Vec::new();
        for change in changes {
            if let Mode::Op(nick) | Mode::Voice(nick) = &change.mode {
                let target = self
                    .find(nick)
                    .ok_or_else(|| Refusal::NoSuchNick(nick.clone()))?;
                if !room.has(target) {
                    return Err(Refusal::UserNotInRoom {
                        nick: nick.clone(),
                        room: name.to_string(),
                    });
                }
                targets.push(target);
            }
        }
        let room = self.rooms.get_mut(name).expect("checked above");
        let mut targets = targets.into_iter();
        let mut applied = Vec::new();
        for change in changes {
            let changed = match &change.mode {
                Mode::Op(_) | Mode::Voice(_) => {
                    let target = targets.next().expect("one target per member mode");
                    let set = if matches!(change.mode, Mode::Op(_)) {
                        &mut room.ops
                    } else {
                        &mut room.voiced
                    };
                    if change.on {
                        set.insert(target)
                    } else {
                        set.remove(&target)
                    }
                }
                _ => room.modes.apply(change),
            };
            if changed {
                applied.push(change.clone());
            }
        }
        if !applied.is_empty() {
            let members = room.members.clone();
            let event = Event::Mode {
                by: self.clients[&id].source(),
                room: name,
                changes: &applied,
            };
            self.deliver(members, Some(id), &event);
        }
        Ok(applied)
    }

    /// The room, if it exists and `id` is in it.
    fn member_room(&self, id: ClientId, name: &str) -> Result<&Room, Refusal> {
        let room = self
            .rooms
            .get(name)
            .ok_or_else(|| Refusal::NoSuchRoom(name.to_string()))?;
        if !room.has(id) {
            return Err(Refusal::NotInRoom(name.to_string()));
        }
        Ok(room)
    }

    /// The room, if it exists and `id` is one of its operators.
    fn operator_room(&self, id: ClientId, name: &str) -> Result<&Room, Refusal> {
        let room = self.member_room(id, name)?;
        if !room.ops.contains(&id) {
            return Err(Refusal::NotOperator(name.to_string()));
        }
        Ok(room)
    }

    /// Takes `id` out of `room` without telling anyone; drops the room when it empties.
    pub(super) fn forget_member(&mut self, name: &str, id: ClientId) {
        if let Some(room) = self.rooms.get_mut(name) {
            room.remove(id);
            if room.members.is_empty() {
                self.rooms.remove(name);
            }
        }
        if let Some(client) = self.clients.get_mut(&id) {
            client.rooms.retain(|room| room != name);
        }
    }
}
