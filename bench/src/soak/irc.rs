//! IRC as a [`Dialect`]: `NICK`/`USER`, `JOIN`/`PART #room`, `PRIVMSG`, and the server's
//! `:nick!user@host COMMAND ...` lines and numerics (`chatbot/src/irc/`).
//!
//! Only what a soak client acts on is parsed, by splitting on spaces: the server's lines are
//! well formed, and `chatbot`'s own parser is what the fuzz targets check.

use super::dialect::{Dialect, Seen};

/// The IRC front end.
#[derive(Debug)]
pub struct Irc;

impl Dialect for Irc {
    const NAME: &'static str = "irc";
    const ONE_ROOM: bool = false;
    const EOL: &'static str = "\r\n";
    const STARTS_IN_LOBBY: bool = false;
    /// Past the reader's cap (8191 bytes of tags plus a 512-byte message), not just past 512.
    const OVERSIZE: usize = 10_000;

    fn login(nick: &str) -> String {
        format!("NICK {nick}\r\nUSER {nick} 0 * :soak client\r\n")
    }

    fn join(room: &str) -> String {
        format!("JOIN #{room}\r\n")
    }

    fn part(room: &str) -> String {
        format!("PART #{room}\r\n")
    }

    fn rename(new: &str) -> String {
        format!("NICK {new}\r\n")
    }

    fn say(room: &str, text: &str) -> String {
        format!("PRIVMSG #{room} :{text}\r\n")
    }

    fn quit() -> String {
        "QUIT :soak over\r\n".to_string()
    }

    fn pong(token: &str) -> String {
        format!("PONG :{token}\r\n")
    }

    fn parse(line: &str) -> Seen<'_> {
        let (source, rest) = match line.strip_prefix(':') {
            Some(prefixed) => prefixed.split_once(' ').unwrap_or((prefixed, "")),
            None => ("", line),
        };
        let nick = source.split('!').next().unwrap_or_default();
        let (command, params) = rest.split_once(' ').unwrap_or((rest, ""));
        let first = params.split(' ').next().unwrap_or_default();
        let room = || first.trim_start_matches(':').strip_prefix('#');
        let trailing = || params.split_once(" :").map(|(_, text)| text);
        match command {
            "PING" => Seen::Ping {
                token: params.trim_start_matches(':'),
            },
            "JOIN" => Seen::Joined { nick, room: room() },
            "PART" => Seen::Left { nick, room: room() },
            "QUIT" => Seen::Quit { nick },
            "NICK" => Seen::Renamed {
                old: nick,
                new: first.trim_start_matches(':'),
            },
            "PRIVMSG" if first.starts_with('#') => match trailing() {
                Some(text) => Seen::Chat {
                    nick,
                    room: room(),
                    text,
                },
                None => Seen::Other,
            },
            "ERROR" => Seen::Error,
            numeric
                if numeric.len() == 3 && (numeric.starts_with('4') || numeric.starts_with('5')) =>
            {
                Seen::Error
            }
            _ => Seen::Other,
        }
    }

    fn is_bad_line_reply(line: &str) -> bool {
        let parts: Vec<&str> = line.splitn(3, ' ').collect();
        match parts.get(1) {
            Some(&"417") => true,
            Some(&"NOTICE") => line.ends_with("Invalid UTF-8: line dropped"),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lines_a_soak_client_acts_on() {
        assert_eq!(
            Irc::parse(":w4_0!w4_0@127.0.0.1 JOIN #soak1"),
            Seen::Joined {
                nick: "w4_0",
                room: Some("soak1")
            }
        );
        assert_eq!(
            Irc::parse(":w4_0!w4_0@127.0.0.1 PART #soak1 :bye"),
            Seen::Left {
                nick: "w4_0",
                room: Some("soak1")
            }
        );
        assert_eq!(
            Irc::parse(":w4_0!w4_0@127.0.0.1 QUIT :Connection closed"),
            Seen::Quit { nick: "w4_0" }
        );
        assert_eq!(
            Irc::parse(":w4_0!w4_0@127.0.0.1 NICK w4_1"),
            Seen::Renamed {
                old: "w4_0",
                new: "w4_1"
            }
        );
        assert_eq!(
            Irc::parse(":w4_0!w4_0@127.0.0.1 PRIVMSG #soak1 :~ 1 2 3"),
            Seen::Chat {
                nick: "w4_0",
                room: Some("soak1"),
                text: "~ 1 2 3"
            }
        );
        assert_eq!(
            Irc::parse("PING :chatbot.local"),
            Seen::Ping {
                token: "chatbot.local"
            }
        );
        assert_eq!(
            Irc::parse(":chatbot.local 433 * w4_0 :Nickname is already in use"),
            Seen::Error
        );
        assert_eq!(Irc::parse(":chatbot.local 001 w4_0 :Welcome"), Seen::Other);
        assert!(Irc::is_bad_line_reply(
            ":chatbot.local 417 w4_0 :Input line was too long"
        ));
    }
}
