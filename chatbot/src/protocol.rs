//! Every line the server sends a plain-protocol client, formatted in one place (IRC's lines
//! are in [`irc::render`](crate::irc::render) and the IRC session's numerics).
//!
//! A client sees four kinds of line, told apart by their first character so
//! that a person reading `nc` output and a test reading a socket agree on
//! what each one is:
//!
//! ```text
//! * text            a system notice: joins, leaves, replies to /who ...
//! ! text            an error, addressed only to the client that caused it
//! <nick> text       chat; the bot speaks as <bot>
//! <nick> (private) text    a /msg, seen only by its addressee
//! ```
//!
//! `/me waves` is shown as the notice `* nick waves`, because that is how
//! chat clients have always rendered actions.
//!
//! Each function returns a complete wire line, `\n` included, so the writer
//! copies bytes and never has to remember the framing. The pieces must not
//! contain `\n` themselves; user text has been through
//! [`sanitize`](crate::sanitize) by the time it gets here, so that holds,
//! and debug builds assert it.
//!
//! ```
//! use chatbot::protocol;
//!
//! assert_eq!(protocol::chat("alice", "hi"), "<alice> hi\n");
//! assert_eq!(protocol::error("no such nick: bob"), "! no such nick: bob\n");
//! assert_eq!(protocol::action("alice", "waves"), "* alice waves\n");
//! ```

/// The nick the bot speaks as. Reserved: no client may take it.
pub const BOT_NICK: &str = "bot";

/// A nick reserved so that nobody can impersonate the server itself.
pub const SERVER_NICK: &str = "server";

/// The room every new connection starts in. It is an ordinary room: like
/// any other it disappears when the last member leaves and comes back on
/// the next join.
pub const LOBBY: &str = "lobby";

/// The nick given to the `n`-th connection: `guest1`, `guest2`, ...
///
/// A user may `/nick` to a name of this shape before connection `n`
/// arrives, so the server must skip numbers whose nick is taken.
pub fn guest_nick(n: u64) -> String {
    format!("guest{n}")
}

/// Joins `parts` into one wire line and appends the terminator.
fn line(parts: &[&str]) -> String {
    debug_assert!(
        parts.iter().all(|p| !p.contains('\n')),
        "a line piece contains a newline: {parts:?}"
    );
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum::<usize>() + 1);
    for part in parts {
        out.push_str(part);
    }
    out.push('\n');
    out
}

/// A system notice: `* text`.
pub fn notice(text: &str) -> String {
    line(&["* ", text])
}

/// Several notices, one per line of `text`: used for multi-line replies
/// such as `/help`.
pub fn notice_lines(text: &str) -> String {
    text.lines().map(notice).collect()
}

/// An error for the client that caused it: `! text`.
pub fn error(text: &str) -> String {
    line(&["! ", text])
}

/// A chat line as the rest of the room sees it: `<nick> text`.
pub fn chat(nick: &str, text: &str) -> String {
    line(&["<", nick, "> ", text])
}

/// A private message as its addressee sees it: `<nick> (private) text`.
pub fn private(nick: &str, text: &str) -> String {
    line(&["<", nick, "> (private) ", text])
}

/// A `/me` action: `* nick action`.
pub fn action(nick: &str, action: &str) -> String {
    line(&["* ", nick, " ", action])
}

/// The greeting a new connection gets, naming its nick and room. Every
/// line is a notice.
pub fn welcome(nick: &str, room: &str) -> String {
    let mut out = notice(&format!(
        "welcome to chatbot! you are {nick}, in room {room}"
    ));
    out.push_str(&notice("type /help for commands, !help for the bot"));
    out
}

/// What a room hears when someone arrives: `* nick joined`.
pub fn joined(nick: &str) -> String {
    line(&["* ", nick, " joined"])
}

/// What a room hears when someone leaves it, by `/join`ing elsewhere
/// (`reason` is `None`) or by quitting with a message.
pub fn left(nick: &str, reason: Option<&str>) -> String {
    match reason {
        None => line(&["* ", nick, " left"]),
        Some(reason) => line(&["* ", nick, " left (", reason, ")"]),
    }
}

/// What a room hears after a `/nick`: `* old is now known as new`.
pub fn renamed(old: &str, new: &str) -> String {
    line(&["* ", old, " is now known as ", new])
}

/// The reply to `/rooms`: one notice, `* rooms: lobby (3), rust (1)`,
/// listing rooms in the order given.
pub fn room_list<'a>(rooms: impl IntoIterator<Item = (&'a str, usize)>) -> String {
    let entries: Vec<String> = rooms
        .into_iter()
        .map(|(name, members)| format!("{name} ({members})"))
        .collect();
    notice(&format!("rooms: {}", entries.join(", ")))
}

/// The reply to `/who`: one notice, `* in lobby (2): alice, bob`, listing
/// nicks in the order given.
pub fn who_list<'a>(room: &str, nicks: impl IntoIterator<Item = &'a str>) -> String {
    let nicks: Vec<&str> = nicks.into_iter().collect();
    notice(&format!(
        "in {room} ({}): {}",
        nicks.len(),
        nicks.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_ends_with_exactly_one_newline() {
        for l in [
            notice("n"),
            error("e"),
            chat("a", "c"),
            private("a", "p"),
            action("a", "x"),
            joined("a"),
            left("a", None),
            renamed("a", "b"),
            room_list([("lobby", 1)]),
            who_list("lobby", ["a"]),
        ] {
            assert!(
                l.ends_with('\n') && !l[..l.len() - 1].contains('\n'),
                "{l:?}"
            );
        }
    }

    #[test]
    fn first_character_tells_the_kind_of_line() {
        assert!(notice("x").starts_with("* "));
        assert!(action("a", "x").starts_with("* "));
        assert!(error("x").starts_with("! "));
        assert!(chat("a", "x").starts_with('<'));
        assert!(private("a", "x").starts_with('<'));
    }

    #[test]
    fn chat_is_exactly_nick_in_angle_brackets_then_text() {
        assert_eq!(chat("guest1", "hello  there "), "<guest1> hello  there \n");
    }

    #[test]
    fn private_message_is_marked_private() {
        assert_eq!(private("alice", "psst"), "<alice> (private) psst\n");
    }

    #[test]
    fn bot_speaks_through_the_ordinary_chat_format() {
        assert_eq!(chat(BOT_NICK, "alice: 4"), "<bot> alice: 4\n");
    }

    #[test]
    fn notice_lines_prefixes_every_line() {
        assert_eq!(notice_lines("one\ntwo"), "* one\n* two\n");
        assert_eq!(notice_lines(""), "");
    }

    #[test]
    fn welcome_names_the_nick_and_room_in_notices_only() {
        let w = welcome("guest7", LOBBY);
        assert!(w.lines().all(|l| l.starts_with("* ")), "{w}");
        assert!(w.contains("guest7") && w.contains("lobby"));
    }

    #[test]
    fn joins_and_leaves_are_notices_naming_the_nick() {
        assert_eq!(joined("guest2"), "* guest2 joined\n");
        assert_eq!(left("guest2", None), "* guest2 left\n");
        assert_eq!(left("guest2", Some("bye")), "* guest2 left (bye)\n");
        assert_eq!(renamed("guest2", "bob"), "* guest2 is now known as bob\n");
    }

    #[test]
    fn room_list_shows_member_counts() {
        assert_eq!(
            room_list([("lobby", 3), ("rust", 1)]),
            "* rooms: lobby (3), rust (1)\n"
        );
    }

    #[test]
    fn who_list_counts_and_names_members() {
        assert_eq!(
            who_list("lobby", ["alice", "bob"]),
            "* in lobby (2): alice, bob\n"
        );
    }

    #[test]
    fn guest_nicks_count_from_the_number_given() {
        assert_eq!(guest_nick(1), "guest1");
        assert_eq!(guest_nick(42), "guest42");
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "contains a newline")]
    fn newline_inside_a_piece_is_a_bug() {
        let _ = chat("a", "two\nlines");
    }
}
