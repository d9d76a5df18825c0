//! Registration: `CAP`, `PASS`, `NICK`, `USER`, then the welcome burst (001-005, `LUSERS`,
//! `MOTD`); and `QUIT`, which may come at any time.
//!
//! Edge (1) of the diagram in [`session`](super::session) is [`try_complete`]: it runs after
//! every registration command and registers the client as soon as nick and user are known
//! and capability negotiation (if the client started it) has ended. A configured password
//! is checked there, once: a client that gave none, or a wrong one, gets 464 and `ERROR`.
//!
//! The nick is only *claimed* at registration. Before that, `NICK` checks that it is free
//! (433 if not), but two unregistered clients may ask for the same one; whoever registers
//! first gets it, and the other is told 433 then and stays unregistered until it picks
//! another.

use crate::core::Core;
use crate::irc::message::Message;
use crate::irc::numeric::*;
use crate::irc::render::error_line;
use crate::irc::session::{Outcome, Session};
use crate::irc::{isupport, VERSION};
use crate::names::validate_nick;

/// The capabilities we implement; `CAP LS` offers exactly these.
pub const CAPABILITIES: &[&str] = &["multi-prefix", "userhost-in-names"];

/// The message of the day, one `372` each line.
pub const MOTD: &str = "\
Welcome to chatbot, a chat server on a from-scratch async runtime.
Rooms are shared with the plain protocol: #lobby is the plain users' lobby.
The bot is in every channel: say !help there, or /msg bot help.";

/// `CAP LS [302]`, `CAP LIST`, `CAP REQ :caps`, `CAP END`.
pub fn cap(s: &mut Session, m: &Message) -> Outcome {
    let core = s.server.core.borrow();
    let target = s.target(&core);
    let sub = m.params[0].to_ascii_uppercase();
    match sub.as_str() {
        "LS" => {
            s.negotiating |= s.id.is_none();
            s.send_from_server("CAP", &[&target, "LS", &CAPABILITIES.join(" ")]);
        }
        "LIST" => {
            let enabled: Vec<&str> = [
                (s.multi_prefix, "multi-prefix"),
                (s.userhost_in_names, "userhost-in-names"),
            ]
            .into_iter()
            .filter_map(|(on, name)| on.then_some(name))
            .collect();
            s.send_from_server("CAP", &[&target, "LIST", &enabled.join(" ")]);
        }
        "REQ" => {
            s.negotiating |= s.id.is_none();
            let wanted = m.params.get(1).map_or("", String::as_str);
            // All or nothing, as the spec says: one unknown capability NAKs the request.
            let known = wanted
                .split(' ')
                .filter(|c| !c.is_empty())
                .all(|c| CAPABILITIES.contains(&c.trim_start_matches('-')));
            if known {
                for c in wanted.split(' ').filter(|c| !c.is_empty()) {
                    let on = !c.starts_with('-');
                    match c.trim_start_matches('-') {
                        "multi-prefix" => s.multi_prefix = on,
                        _ => s.userhost_in_names = on,
                    }
                }
                s.send_from_server("CAP", &[&target, "ACK", wanted]);
            } else {
                s.send_from_server("CAP", &[&target, "NAK", wanted]);
            }
        }
        "END" => {
            s.negotiating = false;
            drop(core);
            return try_complete(s);
        }
        _ => s.reply(
            &core,
            ERR_INVALIDCAPCMD,
            &[&m.params[0], "Invalid CAP command"],
        ),
    }
    Outcome::Continue
}

/// `PASS password`: only before registration.
pub fn pass(s: &mut Session, m: &Message) -> Outcome {
    if s.id.is_some() {
        let core = s.server.core.borrow();
        s.reply(&core, ERR_ALREADYREGISTERED, &["You may not reregister"]);
        return Outcome::Continue;
    }
    s.password = Some(m.params[0].clone());
    Outcome::Continue
}

/// `NICK nick`: sets the nick before registration, renames after.
pub fn nick(s: &mut Session, m: &Message) -> Outcome {
    let mut core = s.server.core.borrow_mut();
    let Some(nick) = m.params.first().filter(|n| !n.is_empty()) else {
        s.reply(&core, ERR_NONICKNAMEGIVEN, &["No nickname given"]);
        return Outcome::Continue;
    };
    if validate_nick(nick).is_err() {
        s.reply(&core, ERR_ERRONEUSNICKNAME, &[nick, "Erroneous nickname"]);
        return Outcome::Continue;
    }
    match s.id {
        Some(id) => {
            if let Err(refusal) = core.rename(id, nick) {
                s.refused(&core, &refusal);
            }
            Outcome::Continue
        }
        None => {
            if core.find(nick).is_some() {
                s.reply(
                    &core,
                    ERR_NICKNAMEINUSE,
                    &[nick, "Nickname is already in use"],
                );
                return Outcome::Continue;
            }
            s.nick = Some(nick.clone());
            drop(core);
            try_complete(s)
        }
    }
}

/// `USER user mode unused :real name`: only before registration.
pub fn user(s: &mut Session, m: &Message) -> Outcome {
    if s.id.is_some() {
        let core = s.server.core.borrow();
        s.reply(&core, ERR_ALREADYREGISTERED, &["You may not reregister"]);
        return Outcome::Continue;
    }
    // The user name becomes part of `nick!user@host`: keep it to nick characters.
    let user: String = m.params[0]
        .chars()
        .filter(|&c| crate::names::is_name_char(c))
        .take(16)
        .collect();
    let user = if user.is_empty() {
        "user".to_string()
    } else {
        user
    };
    s.user = Some((user, m.params[3].clone()));
    try_complete(s)
}

/// `QUIT [reason]`: tells the client's channels, says `ERROR` to the client, closes.
pub fn quit(s: &mut Session, m: &Message) -> Outcome {
    let reason = match m.params.first() {
        Some(words) => format!("Quit: {}", crate::irc::isupport::cut(words)),
        None => "Quit".to_string(),
    };
    if let Some(id) = s.id {
        s.server.core.borrow_mut().disconnect(id, Some(&reason));
    }
    s.send(error_line(&format!(
        "Closing Link: {} ({reason})",
        s.peer.ip()
    )));
    Outcome::Close
}

/// `LUSERS`: how many clients and channels.
pub fn lusers(s: &mut Session, _: &Message) -> Outcome {
    let core = s.server.core.borrow();
    send_lusers(s, &core);
    Outcome::Continue
}

/// `MOTD`.
pub fn motd(s: &mut Session, _: &Message) -> Outcome {
    let core = s.server.core.borrow();
    send_motd(s, &core);
    Outcome::Continue
}

/// Edge (1): registers the client if it has everything registration needs.
fn try_complete(s: &mut Session) -> Outcome {
    if s.id.is_some() || s.negotiating {
        return Outcome::Continue;
    }
    let (Some(nick), Some((user, realname))) = (s.nick.clone(), s.user.clone()) else {
        return Outcome::Continue;
    };
    let mut core = s.server.core.borrow_mut();
    if let Some(wanted) = &s.server.config.irc.password {
        if s.password.as_ref() != Some(wanted) {
            s.reply(&core, ERR_PASSWDMISMATCH, &["Password incorrect"]);
            s.send(error_line("Closing Link: bad password"));
            return Outcome::Close;
        }
    }
    let face = s.server.irc_face;
    match core.connect(&nick, &user, &realname, face, s.outbox.clone(), s.peer) {
        Ok(id) => s.id = Some(id),
        Err(refusal) => {
            // Someone registered this nick since our NICK: pick another, and try again.
            s.nick = None;
            s.refused(&core, &refusal);
            return Outcome::Continue;
        }
    }
    welcome(s, &core);
    Outcome::Continue
}

/// The welcome burst: 001-004, 005, LUSERS, MOTD.
fn welcome(s: &Session, core: &Core) {
    let me = core.client(s.me());
    let network = &s.server.config.irc.network;
    let server = s.server_name();
    let welcome = format!(
        "Welcome to the {network} IRC network, {}!{}@{}",
        me.nick, me.user, me.host
    );
    s.reply(core, RPL_WELCOME, &[&welcome]);
    s.reply(
        core,
        RPL_YOURHOST,
        &[&format!("Your host is {server}, running version {VERSION}")],
    );
    let created = crate::bot::clock::format_utc(s.server.started_unix);
    s.reply(
        core,
        RPL_CREATED,
        &[&format!("This server was created {created}")],
    );
    let myinfo = Message::new(
        Some(server),
        "004",
        &[&me.nick, server, VERSION, "io", "iklmnostv", "klov"],
    );
    s.send(myinfo.plain_last().render());
    for tokens in isupport::tokens(&s.server.config.irc, core.max_rooms()).chunks(12) {
        let mut params: Vec<&str> = tokens.iter().map(String::as_str).collect();
        params.push("are supported by this server");
        s.reply(core, RPL_ISUPPORT, &params);
    }
    send_lusers(s, core);
    send_motd(s, core);
}

/// 251-255, 265, 266. One server, no operators, no invisible users counted apart.
fn send_lusers(s: &Session, core: &Core) {
    let users = core.len().to_string();
    let channels = core.rooms().count().to_string();
    s.reply(
        core,
        RPL_LUSERCLIENT,
        &[&format!(
            "There are {users} users and 0 invisible on 1 servers"
        )],
    );
    s.reply(
        core,
        RPL_LUSEROP,
        &[&core.operators().to_string(), "operator(s) online"],
    );
    let unknown = s
        .server
        .open_connections()
        .saturating_sub(core.len())
        .to_string();
    s.reply(core, RPL_LUSERUNKNOWN, &[&unknown, "unknown connection(s)"]);
    s.reply(core, RPL_LUSERCHANNELS, &[&channels, "channels formed"]);
    s.reply(
        core,
        RPL_LUSERME,
        &[&format!("I have {users} clients and 0 servers")],
    );
    let max = s.server.config.max_clients.to_string();
    s.reply(
        core,
        RPL_LOCALUSERS,
        &[
            &users,
            &max,
            &format!("Current local users {users}, max {max}"),
        ],
    );
    s.reply(
        core,
        RPL_GLOBALUSERS,
        &[
            &users,
            &max,
            &format!("Current global users {users}, max {max}"),
        ],
    );
}

/// 375, one 372 per line, 376.
fn send_motd(s: &Session, core: &Core) {
    s.reply(
        core,
        RPL_MOTDSTART,
        &[&format!("- {} Message of the day - ", s.server_name())],
    );
    for line in MOTD.lines() {
        s.reply(core, RPL_MOTD, &[&format!("- {line}")]);
    }
    s.reply(core, RPL_ENDOFMOTD, &["End of /MOTD command."]);
}
