//! The channel commands: `JOIN`, `PART`, `TOPIC`, `NAMES`, `LIST`, `KICK`, `INVITE`
//! (`MODE` has its own file, [`modes`](super::modes)).
//!
//! Each handler reads its parameters, turns channel names into room names ([`room_name`]),
//! calls the core, and says what the core refused with [`Session::refused`]. What the
//! commands *do* (who may join, who hears a kick) is the core's, in `core/rooms.rs`; this
//! file is only how they look on the wire.
//!
//! The bot is in every channel: it is listed by `NAMES` (and `WHO`), after the members, and
//! counted by `LIST`, though the core does not keep it as a member.

use crate::core::{Core, Room};
use crate::irc::isupport::cut;
use crate::irc::message::Message;
use crate::irc::numeric::*;
use crate::irc::render::channel;
use crate::irc::session::{Outcome, Session};
use crate::names::validate_room;
use crate::protocol::BOT_NICK;

/// The room a channel name means: `#Rust` is room `rust`. `None` for anything that is not
/// `#` and a valid room name.
pub fn room_name(channel: &str) -> Option<String> {
    let name = channel.strip_prefix('#')?;
    validate_room(name).ok()?;
    Some(name.to_ascii_lowercase())
}

/// `403` for a name that is no channel of ours.
fn no_such_channel(s: &Session, core: &Core, name: &str) {
    s.reply(core, ERR_NOSUCHCHANNEL, &[name, "No such channel"]);
}

/// `JOIN #a,#b [key,key]` or `JOIN 0` (part every channel).
pub fn join(s: &mut Session, m: &Message) -> Outcome {
    let id = s.me();
    let mut core = s.server.core.borrow_mut();
    if m.params[0] == "0" {
        for room in core.client(id).rooms.clone() {
            let _ = core.part(id, &room, None);
        }
        return Outcome::Continue;
    }
    let mut keys = m.params.get(1).map(|k| k.split(',')).into_iter().flatten();
    for name in m.params[0].split(',') {
        let key = keys.next().filter(|k| !k.is_empty());
        let Some(room) = room_name(name) else {
            no_such_channel(s, &core, name);
            continue;
        };
        if core.room(&room).is_some_and(|r| r.has(id)) {
            continue; // already there: servers ignore a repeated JOIN
        }
        match core.join(id, &room, key) {
            Ok(()) => {
                if let Some(topic) = &core.room(&room).expect("just joined").topic {
                    s.reply(&core, RPL_TOPIC, &[&channel(&room), &topic.text]);
                    let at = topic.at.to_string();
                    s.reply(&core, RPL_TOPICWHOTIME, &[&channel(&room), &topic.by, &at]);
                }
                send_names(s, &core, &room);
            }
            Err(refusal) => s.refused(&core, &refusal),
        }
    }
    Outcome::Continue
}

/// `PART #a,#b [reason]`.
pub fn part(s: &mut Session, m: &Message) -> Outcome {
    let id = s.me();
    let mut core = s.server.core.borrow_mut();
    let reason = m.params.get(1).map(|r| cut(r));
    for name in m.params[0].split(',') {
        let Some(room) = room_name(name) else {
            no_such_channel(s, &core, name);
            continue;
        };
        if let Err(refusal) = core.part(id, &room, reason) {
            s.refused(&core, &refusal);
        }
    }
    Outcome::Continue
}

/// `TOPIC #a` asks; `TOPIC #a :text` sets; `TOPIC #a :` clears.
pub fn topic(s: &mut Session, m: &Message) -> Outcome {
    let id = s.me();
    let mut core = s.server.core.borrow_mut();
    let Some(room) = room_name(&m.params[0]) else {
        no_such_channel(s, &core, &m.params[0]);
        return Outcome::Continue;
    };
    if let Some(text) = m.params.get(1) {
        if let Err(refusal) = core.set_topic(id, &room, cut(text)) {
            s.refused(&core, &refusal);
        }
        return Outcome::Continue;
    }
    let chan = channel(&room);
    match core.room(&room) {
        None => no_such_channel(s, &core, &m.params[0]),
        Some(r) if r.modes.secret && !r.has(id) => s.reply(
            &core,
            ERR_NOTONCHANNEL,
            &[&chan, "You're not on that channel"],
        ),
        Some(Room { topic: None, .. }) => s.reply(&core, RPL_NOTOPIC, &[&chan, "No topic is set"]),
        Some(Room {
            topic: Some(topic), ..
        }) => {
            s.reply(&core, RPL_TOPIC, &[&chan, &topic.text]);
            s.reply(
                &core,
                RPL_TOPICWHOTIME,
                &[&chan, &topic.by, &topic.at.to_string()],
            );
        }
    }
    Outcome::Continue
}

/// `NAMES [#a,#b]`: the members of each channel; without a parameter, only the end marker
/// (listing every channel's members at once is what the spec allows us not to do).
pub fn names(s: &mut Session, m: &Message) -> Outcome {
    let core = s.server.core.borrow();
    match m.params.first() {
        None => s.reply(&core, RPL_ENDOFNAMES, &["*", "End of /NAMES list"]),
        Some(list) => {
            for name in list.split(',') {
                match room_name(name) {
                    Some(room) if visible(core.room(&room), s.me()) => send_names(s, &core, &room),
                    _ => s.reply(&core, RPL_ENDOFNAMES, &[name, "End of /NAMES list"]),
                }
            }
        }
    }
    Outcome::Continue
}

/// Whether a room exists and `id` may see it (`+s` rooms only to their members).
fn visible(room: Option<&Room>, id: crate::core::ClientId) -> bool {
    room.is_some_and(|room| !room.modes.secret || room.has(id))
}

/// The status prefix of `member` in `room`: `@`, `+`, both with `multi-prefix`, or nothing.
pub fn status(room: &Room, member: crate::core::ClientId, multi_prefix: bool) -> String {
    let mut out = String::new();
    if room.ops.contains(&member) {
        out.push('@');
    }
    if room.voiced.contains(&member) && (multi_prefix || out.is_empty()) {
        out.push('+');
    }
    out
}

/// 353 (as many as the member list needs) and 366 for `room`, the bot last.
pub fn send_names(s: &Session, core: &Core, room: &str) {
    let chan = channel(room);
    if let Some(r) = core.room(room) {
        let symbol = if r.modes.secret { "@" } else { "=" };
        let mut names: Vec<String> = r
            .members
            .iter()
            .map(|&member| {
                let c = core.client(member);
                let status = status(r, member, s.multi_prefix);
                match s.userhost_in_names {
                    true => format!("{status}{}!{}@{}", c.nick, c.user, c.host),
                    false => format!("{status}{}", c.nick),
                }
            })
            .collect();
        names.push(BOT_NICK.to_string());
        // 400 bytes of names per line leaves room for the rest within 512.
        let mut line = String::new();
        for name in names {
            if !line.is_empty() && line.len() + name.len() > 400 {
                s.reply(core, RPL_NAMREPLY, &[symbol, &chan, &line]);
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&name);
        }
        s.reply(core, RPL_NAMREPLY, &[symbol, &chan, &line]);
    }
    s.reply(core, RPL_ENDOFNAMES, &[&chan, "End of /NAMES list"]);
}

/// `LIST [#a,#b]`: 321, one 322 per visible channel (members and the bot, topic), 323.
pub fn list(s: &mut Session, m: &Message) -> Outcome {
    let core = s.server.core.borrow();
    let id = s.me();
    let wanted: Option<Vec<String>> = m
        .params
        .first()
        .map(|list| list.split(',').filter_map(room_name).collect());
    s.reply(&core, RPL_LISTSTART, &["Channel", "Users  Name"]);
    for (name, room) in core.rooms() {
        let asked = wanted.as_ref().is_none_or(|w| w.iter().any(|n| n == name));
        if asked && visible(Some(room), id) {
            let users = (room.members.len() + 1).to_string();
            let topic = room.topic.as_ref().map_or("", |t| t.text.as_str());
            s.reply(&core, RPL_LIST, &[&channel(name), &users, topic]);
        }
    }
    s.reply(&core, RPL_LISTEND, &["End of /LIST"]);
    Outcome::Continue
}

/// `KICK #a nick[,nick] [reason]`; the reason defaults to the kicker's nick.
pub fn kick(s: &mut Session, m: &Message) -> Outcome {
    let id = s.me();
    let mut core = s.server.core.borrow_mut();
    let Some(room) = room_name(&m.params[0]) else {
        no_such_channel(s, &core, &m.params[0]);
        return Outcome::Continue;
    };
    let reason = m
        .params
        .get(2)
        .map_or_else(|| core.client(id).nick.clone(), |r| cut(r).to_string());
    for nick in m.params[1].split(',').filter(|n| !n.is_empty()) {
        if let Err(refusal) = core.kick(id, &room, nick, &reason) {
            s.refused(&core, &refusal);
        }
    }
    Outcome::Continue
}

/// `INVITE nick #a`: 341 to the inviter, `INVITE` to the invitee.
pub fn invite(s: &mut Session, m: &Message) -> Outcome {
    let id = s.me();
    let mut core = s.server.core.borrow_mut();
    let (nick, name) = (&m.params[0], &m.params[1]);
    let Some(room) = room_name(name) else {
        no_such_channel(s, &core, name);
        return Outcome::Continue;
    };
    match core.invite(id, nick, &room) {
        Ok(()) => {
            let invitee = core
                .find(nick)
                .map(|t| core.client(t).nick.clone())
                .unwrap_or_default();
            s.reply(&core, RPL_INVITING, &[&invitee, &channel(&room)]);
        }
        Err(refusal) => s.refused(&core, &refusal),
    }
    Outcome::Continue
}
