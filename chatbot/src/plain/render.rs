//! How core events look on the plain line protocol: every line comes from
//! [`crate::protocol`], so this file only chooses which one.
//!
//! Text from IRC users may carry IRC formatting codes (bold `\x02`, colour `\x03`, ...) and
//! CTCP's `\x01`; they are control characters, so they are stripped here with the same
//! [`sanitize`] every plain line goes through. Plain users' own text is clean already, so for
//! them this costs a scan and no allocation.

use crate::core::modes::format_changes;
use crate::core::{Audience, Event, Kind, Render, Target};
use crate::protocol;
use crate::sanitize::sanitize;

/// The plain protocol's renderer.
#[derive(Debug, Default)]
pub struct PlainRender;

impl Render for PlainRender {
    fn event(&self, event: &Event<'_>, audience: Audience) -> Option<String> {
        Some(match event {
            Event::Joined { who, .. } => protocol::joined(who.nick),
            // The leaver knows it left: it asked to, and is now somewhere else.
            Event::Parted { .. } if audience == Audience::Actor => return None,
            Event::Parted { who, reason, .. } => protocol::left(who.nick, *reason),
            Event::Quit { who, reason } => protocol::left(who.nick, *reason),
            Event::Renamed { who, new } => protocol::renamed(who.nick, new),
            Event::Message {
                from,
                to,
                kind,
                text,
            } => {
                let text = sanitize(text);
                match (to, kind) {
                    (Target::Room(_), Kind::Action) => protocol::action(from.nick, &text),
                    (Target::Room(_), _) => protocol::chat(from.nick, &text),
                    (Target::Nick(_), Kind::Action) => {
                        protocol::action(from.nick, &format!("(private) {text}"))
                    }
                    (Target::Nick(_), _) => protocol::private(from.nick, &text),
                }
            }
            Event::Topic {
                who,
                room,
                text: "",
            } => protocol::notice(&format!("{} cleared the topic of {room}", who.nick)),
            Event::Topic { who, room, text } => protocol::notice(&format!(
                "{} set the topic of {room}: {}",
                who.nick,
                sanitize(text)
            )),
            Event::Kicked {
                by,
                room,
                nick,
                reason,
            } => protocol::notice(&format!(
                "{nick} was kicked from {room} by {} ({})",
                by.nick,
                sanitize(reason)
            )),
            Event::Mode { by, room, changes } => {
                let (letters, arguments) = format_changes(changes);
                let mut text = format!("{} set mode {letters}", by.nick);
                for argument in arguments {
                    text.push(' ');
                    text.push_str(&argument);
                }
                protocol::notice(&format!("{text} in {room}"))
            }
            Event::Invited { by, room, .. } => {
                protocol::notice(&format!("{} invites you to {room}: /join {room}", by.nick))
            }
            Event::Wallops { from, text } => {
                protocol::notice(&format!("wallops from {}: {}", from.nick, sanitize(text)))
            }
            Event::Killed { by, reason, .. } => protocol::error(&format!(
                "disconnected by operator {} ({})",
                by.nick,
                sanitize(reason)
            )),
            Event::Shutdown => protocol::notice("server shutting down"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Source;

    const ALICE: Source<'static> = Source {
        nick: "alice",
        user: "a",
        host: "127.0.0.1",
    };

    #[test]
    fn a_room_line_and_an_action_look_as_they_always_did() {
        let said = Event::Message {
            from: ALICE,
            to: Target::Room("lobby"),
            kind: Kind::Chat,
            text: "hi",
        };
        assert_eq!(
            PlainRender.event(&said, Audience::Others).unwrap(),
            "<alice> hi\n"
        );
        let waved = Event::Message {
            from: ALICE,
            to: Target::Room("lobby"),
            kind: Kind::Action,
            text: "waves",
        };
        assert_eq!(
            PlainRender.event(&waved, Audience::Others).unwrap(),
            "* alice waves\n"
        );
    }

    #[test]
    fn irc_formatting_is_stripped_for_plain_readers() {
        let bold = Event::Message {
            from: ALICE,
            to: Target::Nick("bob"),
            kind: Kind::Chat,
            text: "\x02bold\x02 \x0304red",
        };
        assert_eq!(
            PlainRender.event(&bold, Audience::Others).unwrap(),
            "<alice> (private) bold 04red\n"
        );
    }

    #[test]
    fn the_leaver_is_not_told_it_left_but_the_room_is() {
        let parted = Event::Parted {
            who: ALICE,
            room: "lobby",
            reason: None,
        };
        assert_eq!(PlainRender.event(&parted, Audience::Actor), None);
        assert_eq!(
            PlainRender.event(&parted, Audience::Others).unwrap(),
            "* alice left\n"
        );
    }
}
