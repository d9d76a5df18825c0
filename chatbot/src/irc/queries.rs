//! Queries and small commands: `WHO`, `WHOIS`, `ISON`, `USERHOST`, `AWAY`, `VERSION`,
//! `TIME`, and the liveness pair `PING`/`PONG`.
//!
//! The bot answers to queries like a user: `WHO #chan` and `WHOIS bot` show it, `ISON bot`
//! finds it. It is "on" the server, with user and host `bot@chatbot`.

use crate::core::{ClientId, Core};
use crate::irc::channels::{room_name, status};
use crate::irc::message::Message;
use crate::irc::numeric::*;
use crate::irc::render::channel;
use crate::irc::session::{Outcome, Session};
use crate::irc::VERSION;
use crate::names::nick_key;
use crate::protocol::BOT_NICK;

/// `PING token`: `PONG server :token`.
pub fn ping(s: &mut Session, m: &Message) -> Outcome {
    let server = s.server_name().to_string();
    s.send_from_server("PONG", &[&server, &m.params[0]]);
    Outcome::Continue
}

/// `PONG`: nothing to do; any line the client sends proves it is alive, which the
/// connection's read loop notes.
pub fn pong(_: &mut Session, _: &Message) -> Outcome {
    Outcome::Continue
}

/// One `352` line: `channel user host server nick flags :hops realname`.
fn who_line(s: &Session, core: &Core, chan: &str, member: Option<ClientId>, prefix: &str) {
    let server = s.server_name();
    match member {
        Some(member) => {
            let c = core.client(member);
            let here = if c.away.is_some() { "G" } else { "H" };
            let operator = if c.operator { "*" } else { "" };
            let flags = format!("{here}{operator}{prefix}");
            let hops = format!("0 {}", c.realname);
            s.reply(
                core,
                RPL_WHOREPLY,
                &[chan, &c.user, &c.host, server, &c.nick, &flags, &hops],
            );
        }
        None => s.reply(
            core,
            RPL_WHOREPLY,
            &[
                chan,
                BOT_NICK,
                "chatbot",
                server,
                BOT_NICK,
                "H",
                "0 the chat bot",
            ],
        ),
    }
}

/// `WHO #chan` (every member and the bot) or `WHO nick`; any other mask gets only `315`.
pub fn who(s: &mut Session, m: &Message) -> Outcome {
    let core = s.server.core.borrow();
    let mask = m.params.first().cloned().unwrap_or_else(|| "*".to_string());
    if let Some(room) = room_name(&mask) {
        if let Some(r) = core
            .room(&room)
            .filter(|r| !r.modes.secret || r.has(s.me()))
        {
            let chan = channel(&room);
            for &member in &r.members {
                who_line(
                    s,
                    &core,
                    &chan,
                    Some(member),
                    &status(r, member, s.multi_prefix),
                );
            }
            who_line(s, &core, &chan, None, "");
        }
    } else if nick_key(&mask) == BOT_NICK {
        who_line(s, &core, "*", None, "");
    } else if let Some(target) = core.find(&mask) {
        who_line(s, &core, "*", Some(target), "");
    }
    s.reply(&core, RPL_ENDOFWHO, &[&mask, "End of /WHO list"]);
    Outcome::Continue
}

/// `WHOIS [server] nick`: 311, 319, 312, 301, 317, then 318; 401 for nobody.
pub fn whois(s: &mut Session, m: &Message) -> Outcome {
    let core = s.server.core.borrow();
    let nick = m.params.last().expect("the table asks for one parameter");
    let server = s.server_name();
    if nick_key(nick) == BOT_NICK {
        s.reply(
            &core,
            RPL_WHOISUSER,
            &[
                BOT_NICK,
                BOT_NICK,
                "chatbot",
                "*",
                "the chat bot (try !help)",
            ],
        );
        s.reply(&core, RPL_WHOISSERVER, &[BOT_NICK, server, "chatbot"]);
    } else if let Some(target) = core.find(nick) {
        let c = core.client(target);
        s.reply(
            &core,
            RPL_WHOISUSER,
            &[&c.nick, &c.user, &c.host, "*", &c.realname],
        );
        let rooms: Vec<String> = c
            .rooms
            .iter()
            .filter_map(|name| core.room(name).map(|r| (name, r)))
            .filter(|(_, r)| !r.modes.secret || r.has(s.me()))
            .map(|(name, r)| format!("{}{}", status(r, target, s.multi_prefix), channel(name)))
            .collect();
        if !rooms.is_empty() {
            s.reply(&core, RPL_WHOISCHANNELS, &[&c.nick, &rooms.join(" ")]);
        }
        s.reply(&core, RPL_WHOISSERVER, &[&c.nick, server, "chatbot"]);
        if c.operator {
            s.reply(&core, RPL_WHOISOPERATOR, &[&c.nick, "is an IRC operator"]);
        }
        if let Some(away) = &c.away {
            s.reply(&core, RPL_AWAY, &[&c.nick, away]);
        }
        let idle = c.last_spoke.elapsed().as_secs().to_string();
        s.reply(
            &core,
            RPL_WHOISIDLE,
            &[
                &c.nick,
                &idle,
                &c.signon.to_string(),
                "seconds idle, signon time",
            ],
        );
    } else {
        s.reply(&core, ERR_NOSUCHNICK, &[nick, "No such nick/channel"]);
    }
    s.reply(&core, RPL_ENDOFWHOIS, &[nick, "End of /WHOIS list"]);
    Outcome::Continue
}

/// `AWAY :message` marks the client away (306); `AWAY` alone, back (305).
pub fn away(s: &mut Session, m: &Message) -> Outcome {
    let mut core = s.server.core.borrow_mut();
    match m.params.first().filter(|text| !text.is_empty()) {
        Some(text) => {
            core.set_away(s.me(), Some(crate::irc::isupport::cut(text)));
            s.reply(&core, RPL_NOWAWAY, &["You have been marked as being away"]);
        }
        None => {
            core.set_away(s.me(), None);
            s.reply(
                &core,
                RPL_UNAWAY,
                &["You are no longer marked as being away"],
            );
        }
    }
    Outcome::Continue
}

/// The nick as its owner spells it, if it is online (the bot always is).
fn online(core: &Core, nick: &str) -> Option<String> {
    if nick_key(nick) == BOT_NICK {
        return Some(BOT_NICK.to_string());
    }
    core.find(nick).map(|id| core.client(id).nick.clone())
}

/// `ISON nick nick ...`: 303 with the ones online.
pub fn ison(s: &mut Session, m: &Message) -> Outcome {
    let core = s.server.core.borrow();
    let found: Vec<String> = m
        .params
        .iter()
        .flat_map(|p| p.split(' '))
        .filter_map(|nick| online(&core, nick))
        .collect();
    s.reply(&core, RPL_ISON, &[&found.join(" ")]);
    Outcome::Continue
}

/// `USERHOST nick ...` (at most 5): 302 with `nick=+user@host` (`-` when away).
pub fn userhost(s: &mut Session, m: &Message) -> Outcome {
    let core = s.server.core.borrow();
    let found: Vec<String> = m
        .params
        .iter()
        .take(5)
        .filter_map(|nick| core.find(nick))
        .map(|id| {
            let c = core.client(id);
            let here = if c.away.is_some() { '-' } else { '+' };
            format!("{}={here}{}@{}", c.nick, c.user, c.host)
        })
        .collect();
    s.reply(&core, RPL_USERHOST, &[&found.join(" ")]);
    Outcome::Continue
}

/// `VERSION`: 351.
pub fn version(s: &mut Session, _: &Message) -> Outcome {
    let core = s.server.core.borrow();
    s.reply(
        &core,
        RPL_VERSION,
        &[
            VERSION,
            s.server_name(),
            "a chat server on a from-scratch runtime",
        ],
    );
    Outcome::Continue
}

/// `TIME`: 391 with the server's clock, in UTC.
pub fn time(s: &mut Session, _: &Message) -> Outcome {
    let core = s.server.core.borrow();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    s.reply(
        &core,
        RPL_TIME,
        &[s.server_name(), &crate::bot::clock::format_utc(now)],
    );
    Outcome::Continue
}
