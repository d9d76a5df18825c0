//! How core events look on IRC: [`IrcRender`], plus the few lines that are not events
//! (`ERROR`).
//!
//! Every event becomes a message whose prefix is its source, `nick!user@host`, the way every
//! IRC client expects: `:alice!alice@127.0.0.1 PRIVMSG #lobby :hi`. A room is the channel
//! `#room`. An action is CTCP: `PRIVMSG #lobby :\x01ACTION waves\x01`.
//!
//! A plain client may send lines of up to 2048 bytes; IRC lines may not pass 512. So a long
//! message is split, at character boundaries, into as many `PRIVMSG`s as it takes: nothing is
//! lost, and every line an IRC client reads fits the limit.

use crate::core::modes::format_changes;
use crate::core::{Audience, Event, Kind, Render, Source, Target};
use crate::irc::message::Message;

/// The longest line we send, `\r\n` included (RFC 1459 section 2.3).
pub const MAX_LINE: usize = 512;

/// The IRC front end's renderer. Events always come from a client (or the bot), so it needs
/// no state: not even the server's name.
#[derive(Debug, Default)]
pub struct IrcRender;

/// `nick!user@host`.
pub fn prefix(who: &Source<'_>) -> String {
    format!("{}!{}@{}", who.nick, who.user, who.host)
}

/// `#room`.
pub fn channel(room: &str) -> String {
    format!("#{room}")
}

/// `ERROR :text`, what a client reads before the server closes its connection.
pub fn error_line(text: &str) -> String {
    Message::new(None, "ERROR", &[text]).render()
}

impl Render for IrcRender {
    fn event(&self, event: &Event<'_>, _: Audience) -> Option<String> {
        let line = |who: &Source<'_>, command: &str, params: &[&str]| {
            Message::new(Some(&prefix(who)), command, params).render()
        };
        // For commands whose last parameter is a name, not text: no `:` before it.
        let bare = |who: &Source<'_>, command: &str, params: &[&str]| {
            Message::new(Some(&prefix(who)), command, params)
                .plain_last()
                .render()
        };
        Some(match event {
            Event::Joined { who, room } => bare(who, "JOIN", &[&channel(room)]),
            Event::Parted {
                who,
                room,
                reason: None,
            } => bare(who, "PART", &[&channel(room)]),
            Event::Parted {
                who,
                room,
                reason: Some(reason),
            } => line(who, "PART", &[&channel(room), reason]),
            Event::Quit { who, reason } => line(who, "QUIT", &[reason.unwrap_or("Quit")]),
            Event::Renamed { who, new } => line(who, "NICK", &[new]),
            Event::Message {
                from,
                to,
                kind,
                text,
            } => message(from, to, *kind, text),
            Event::Topic { who, room, text } => line(who, "TOPIC", &[&channel(room), text]),
            Event::Kicked {
                by,
                room,
                nick,
                reason,
            } => line(by, "KICK", &[&channel(room), nick, reason]),
            Event::Mode { by, room, changes } => {
                let (letters, arguments) = format_changes(changes);
                let room = channel(room);
                let mut params = vec![room.as_str(), letters.as_str()];
                params.extend(arguments.iter().map(String::as_str));
                bare(by, "MODE", &params)
            }
            Event::Invited { by, nick, room } => bare(by, "INVITE", &[nick, &channel(room)]),
            Event::Wallops { from, text } => line(from, "WALLOPS", &[text]),
            Event::Killed { by, nick, reason } => error_line(&format!(
                "Closing Link: {nick} (Killed ({} ({reason})))",
                by.nick
            )),
            Event::Shutdown => error_line("Server shutting down"),
        })
    }
}

/// A `PRIVMSG` or `NOTICE` (or as many as a long text needs).
fn message(from: &Source<'_>, to: &Target<'_>, kind: Kind, text: &str) -> String {
    let target = match to {
        Target::Room(room) => channel(room),
        Target::Nick(nick) => nick.to_string(),
    };
    let command = if kind == Kind::Notice {
        "NOTICE"
    } else {
        "PRIVMSG"
    };
    let (open, close) = if kind == Kind::Action {
        ("\u{1}ACTION ", "\u{1}")
    } else {
        ("", "")
    };
    let prefix = prefix(from);
    // ":prefix COMMAND target :" + open + text + close + "\r\n"
    let overhead =
        1 + prefix.len() + 1 + command.len() + 1 + target.len() + 2 + open.len() + close.len() + 2;
    let room = MAX_LINE.saturating_sub(overhead).max(16);
    let mut out = String::new();
    for piece in chunks(text, room) {
        let body = format!("{open}{piece}{close}");
        out.push_str(&Message::new(Some(&prefix), command, &[&target, &body]).render());
    }
    out
}

/// Cuts `text` into pieces of at most `max` bytes, at character boundaries; an empty text is
/// one empty piece.
fn chunks(text: &str, max: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while rest.len() > max {
        let mut cut = max;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        pieces.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    pieces.push(rest);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: Source<'static> = Source {
        nick: "alice",
        user: "al",
        host: "127.0.0.1",
    };

    fn render(event: Event<'_>) -> String {
        IrcRender.event(&event, Audience::Others).unwrap()
    }

    #[test]
    fn joins_parts_and_messages_carry_the_full_prefix() {
        assert_eq!(
            render(Event::Joined {
                who: ALICE,
                room: "lobby"
            }),
            ":alice!al@127.0.0.1 JOIN #lobby\r\n"
        );
        assert_eq!(
            render(Event::Parted {
                who: ALICE,
                room: "lobby",
                reason: Some("bye now")
            }),
            ":alice!al@127.0.0.1 PART #lobby :bye now\r\n"
        );
        let said = Event::Message {
            from: ALICE,
            to: Target::Room("lobby"),
            kind: Kind::Chat,
            text: "hi",
        };
        assert_eq!(render(said), ":alice!al@127.0.0.1 PRIVMSG #lobby :hi\r\n");
    }

    #[test]
    fn an_action_is_ctcp() {
        let waved = Event::Message {
            from: ALICE,
            to: Target::Nick("bob"),
            kind: Kind::Action,
            text: "waves",
        };
        assert_eq!(
            render(waved),
            ":alice!al@127.0.0.1 PRIVMSG bob :\u{1}ACTION waves\u{1}\r\n"
        );
    }

    #[test]
    fn a_long_plain_line_becomes_several_irc_lines_each_within_512_bytes() {
        let text = "é".repeat(1000);
        let said = Event::Message {
            from: ALICE,
            to: Target::Room("lobby"),
            kind: Kind::Chat,
            text: &text,
        };
        let out = render(said);
        let lines: Vec<&str> = out.split_inclusive("\r\n").collect();
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.len() <= MAX_LINE), "{lines:?}");
        let rejoined: String = lines
            .iter()
            .map(|l| l.split_once(" :").unwrap().1.trim_end())
            .collect();
        assert_eq!(rejoined, text);
    }
}
