//! `PRIVMSG` and `NOTICE`: to channels and nicks, several at once (`PRIVMSG #a,bob :hi`),
//! with CTCP `ACTION` as the plain protocol's `/me`.
//!
//! A `PRIVMSG` that cannot be delivered is answered with its numeric (401, 403, 404, 407,
//! 411, 412); a `NOTICE` never is: RFC 1459 forbids automatic replies to notices, so that two
//! programs can never answer each other's errors forever. The same rule is why the bot does
//! not answer notices.
//!
//! CTCP: a text wrapped in `\x01` is a client-to-client request. `\x01ACTION waves\x01`
//! becomes a core action, which plain users see as `* alice waves`; any other CTCP passes
//! through untouched as ordinary text, and plain users see it without the `\x01`s.

use crate::core::{Kind, Target};
use crate::irc::channels::room_name;
use crate::irc::isupport::MAX_TARGETS;
use crate::irc::message::Message;
use crate::irc::numeric::*;
use crate::irc::session::{Outcome, Session};

/// `PRIVMSG target[,target] :text`.
pub fn privmsg(s: &mut Session, m: &Message) -> Outcome {
    send(s, m, Kind::Chat)
}

/// `NOTICE target[,target] :text`.
pub fn notice(s: &mut Session, m: &Message) -> Outcome {
    send(s, m, Kind::Notice)
}

/// If `text` is a CTCP ACTION, its inner text.
pub fn action(text: &str) -> Option<&str> {
    let inner = text.strip_prefix("\u{1}ACTION")?;
    let inner = inner.strip_suffix('\u{1}').unwrap_or(inner);
    Some(inner.strip_prefix(' ').unwrap_or(inner))
}

fn send(s: &mut Session, m: &Message, kind: Kind) -> Outcome {
    let id = s.me();
    let mut core = s.server.core.borrow_mut();
    let replies = kind != Kind::Notice;
    let Some(targets) = m.params.first() else {
        if replies {
            s.reply(&core, ERR_NORECIPIENT, &["No recipient given (PRIVMSG)"]);
        }
        return Outcome::Continue;
    };
    let Some(text) = m.params.get(1).filter(|t| !t.is_empty()) else {
        if replies {
            s.reply(&core, ERR_NOTEXTTOSEND, &["No text to send"]);
        }
        return Outcome::Continue;
    };
    let (kind, text) = match action(text) {
        Some(inner) if kind == Kind::Chat => (Kind::Action, inner),
        _ => (kind, text.as_str()),
    };
    let targets: Vec<&str> = targets.split(',').filter(|t| !t.is_empty()).collect();
    if targets.len() > MAX_TARGETS {
        if replies {
            s.reply(
                &core,
                ERR_TOOMANYTARGETS,
                &[&m.params[0], "Too many targets"],
            );
        }
        return Outcome::Continue;
    }
    let mut followups = Vec::new();
    for target in targets {
        let room;
        let to = if target.starts_with('#') {
            match room_name(target) {
                Some(name) => {
                    room = name;
                    Target::Room(&room)
                }
                None => {
                    if replies {
                        s.reply(&core, ERR_NOSUCHCHANNEL, &[target, "No such channel"]);
                    }
                    continue;
                }
            }
        } else {
            Target::Nick(target)
        };
        match core.say(id, to, kind, text) {
            Ok(said) => {
                if let (Some(away), true) = (&said.away, replies) {
                    s.reply(&core, RPL_AWAY, &[target, away]);
                }
                followups.push(said.followup);
            }
            Err(refusal) if replies => s.refused(&core, &refusal),
            Err(_) => {}
        }
    }
    Outcome::Bot(followups)
}

#[cfg(test)]
mod tests {
    use super::action;

    #[test]
    fn ctcp_action_is_recognised_with_or_without_its_closing_byte() {
        assert_eq!(action("\u{1}ACTION waves\u{1}"), Some("waves"));
        assert_eq!(action("\u{1}ACTION waves"), Some("waves"));
        assert_eq!(action("\u{1}VERSION\u{1}"), None);
        assert_eq!(action("ACTION waves"), None);
    }
}
