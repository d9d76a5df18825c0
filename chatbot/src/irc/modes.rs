//! `MODE`: a user's own modes (`221`, only `+i`), and a channel's (`324`/`329` to ask,
//! `o v t n m i k l s` to change).
//!
//! A channel mode string is read left to right: `+` and `-` switch direction, each letter is
//! one change, and `k`, `o`, `v` (and `l` when setting) take the next parameter. What the
//! changes are allowed to do is the core's ([`Core::set_modes`](crate::core::Core)); this file
//! reads the string and reports what went wrong with it:
//!
//! | problem | numeric |
//! |---|---|
//! | a letter we do not know | `472 ERR_UNKNOWNMODE` |
//! | `k`, `o`, `v`, `+l` without its parameter | `461 ERR_NEEDMOREPARAMS` |
//! | `+l` with something that is not a number | `696 ERR_INVALIDMODEPARAM` |
//! | not an operator | `482 ERR_CHANOPRIVSNEEDED` (from the core) |
//! | someone else's user modes | `502 ERR_USERSDONTMATCH` |
//! | a user mode other than `i` | `501 ERR_UMODEUNKNOWNFLAG` |
//!
//! `MODE #chan b` (the ban list, which irssi asks for on every join) is answered with an
//! empty list, `368`: there are no bans.

use crate::core::modes::{Mode, ModeChange};
use crate::irc::channels::room_name;
use crate::irc::isupport::MAX_MODES;
use crate::irc::message::Message;
use crate::irc::numeric::*;
use crate::irc::render::channel;
use crate::irc::session::{Outcome, Session};
use crate::names::nick_key;

/// `MODE target [modestring [params...]]`.
pub fn mode(s: &mut Session, m: &Message) -> Outcome {
    if m.params[0].starts_with('#') {
        channel_mode(s, m)
    } else {
        user_mode(s, m)
    }
}

fn user_mode(s: &mut Session, m: &Message) -> Outcome {
    let core = s.server.core.borrow();
    let me = core.client(s.me()).nick.clone();
    if nick_key(&m.params[0]) != nick_key(&me) {
        if core.find(&m.params[0]).is_some() {
            s.reply(
                &core,
                ERR_USERSDONTMATCH,
                &["Can't change mode for other users"],
            );
        } else {
            s.reply(
                &core,
                ERR_NOSUCHNICK,
                &[&m.params[0], "No such nick/channel"],
            );
        }
        return Outcome::Continue;
    }
    let Some(changes) = m.params.get(1) else {
        let mut modes = String::from("+");
        if s.invisible {
            modes.push('i');
        }
        if core.client(s.me()).operator {
            modes.push('o');
        }
        s.reply(&core, RPL_UMODEIS, &[&modes]);
        return Outcome::Continue;
    };
    let mut on = true;
    let mut applied = String::new();
    for letter in changes.chars() {
        match letter {
            '+' | '-' => on = letter == '+',
            'i' => {
                if s.invisible != on {
                    s.invisible = on;
                    applied.push(if on { '+' } else { '-' });
                    applied.push('i');
                }
            }
            _ => s.reply(&core, ERR_UMODEUNKNOWNFLAG, &["Unknown MODE flag"]),
        }
    }
    if !applied.is_empty() {
        let me = core.client(s.me());
        let line = Message::new(Some(&me.nick), "MODE", &[&me.nick, &applied]);
        s.send(line.render());
    }
    Outcome::Continue
}

fn channel_mode(s: &mut Session, m: &Message) -> Outcome {
    let id = s.me();
    let mut core = s.server.core.borrow_mut();
    let Some(room) = room_name(&m.params[0]) else {
        s.reply(&core, ERR_NOSUCHCHANNEL, &[&m.params[0], "No such channel"]);
        return Outcome::Continue;
    };
    let chan = channel(&room);
    let Some(r) = core.room(&room) else {
        s.reply(&core, ERR_NOSUCHCHANNEL, &[&chan, "No such channel"]);
        return Outcome::Continue;
    };
    let Some(letters) = m.params.get(1) else {
        let mut params = vec![chan.clone(), r.modes.letters()];
        // The key only for members, as most servers do.
        let shown = if r.has(id) {
            r.modes.arguments()
        } else {
            r.modes.limit.iter().map(|l| l.to_string()).collect()
        };
        params.extend(shown);
        let params: Vec<&str> = params.iter().map(String::as_str).collect();
        s.reply(&core, RPL_CHANNELMODEIS, &params);
        s.reply(&core, RPL_CREATIONTIME, &[&chan, &r.created.to_string()]);
        return Outcome::Continue;
    };
    let mut arguments = m.params[2..].iter();
    let mut changes = Vec::new();
    let mut on = true;
    for letter in letters.chars() {
        let mode = match letter {
            '+' | '-' => {
                on = letter == '+';
                continue;
            }
            'b' => {
                s.reply(&core, RPL_ENDOFBANLIST, &[&chan, "End of channel ban list"]);
                continue;
            }
            't' => Mode::TopicLock,
            'n' => Mode::NoOutside,
            'm' => Mode::Moderated,
            'i' => Mode::InviteOnly,
            's' => Mode::Secret,
            'l' if !on => Mode::Limit(0),
            'k' | 'o' | 'v' | 'l' => {
                let Some(value) = arguments.next().cloned() else {
                    s.reply(
                        &core,
                        ERR_NEEDMOREPARAMS,
                        &["MODE", "Not enough parameters"],
                    );
                    continue;
                };
                match letter {
                    'k' => Mode::Key(value),
                    'o' => Mode::Op(value),
                    'v' => Mode::Voice(value),
                    _ => match value.parse::<usize>() {
                        Ok(limit) if limit > 0 => Mode::Limit(limit),
                        _ => {
                            s.reply(
                                &core,
                                ERR_INVALIDMODEPARAM,
                                &[&chan, "l", &value, "Invalid limit"],
                            );
                            continue;
                        }
                    },
                }
            }
            other => {
                s.reply(
                    &core,
                    ERR_UNKNOWNMODE,
                    &[&other.to_string(), "is unknown mode char to me"],
                );
                continue;
            }
        };
        changes.push(ModeChange { on, mode });
    }
    // At most MODES changes that take a parameter, as ISUPPORT promised.
    let mut with_argument = 0;
    changes.retain(|change| {
        let takes = change.mode.argument(change.on).is_some();
        with_argument += usize::from(takes);
        !takes || with_argument <= MAX_MODES
    });
    if !changes.is_empty() {
        if let Err(refusal) = core.set_modes(id, &room, &changes) {
            s.refused(&core, &refusal);
        }
    }
    Outcome::Continue
}
