//! The plain line protocol as a [`Dialect`]: `/nick`, `/join`, chat as bare text, and the
//! server's `* ` notices, `! ` errors and `<nick> ` chat lines (`chatbot/src/protocol.rs`).

use super::dialect::{Dialect, Seen};

/// The plain front end.
#[derive(Debug)]
pub struct Plain;

impl Dialect for Plain {
    const NAME: &'static str = "plain";
    const ONE_ROOM: bool = true;
    const EOL: &'static str = "\n";
    const STARTS_IN_LOBBY: bool = true;
    /// The server's default `--max-line` is 2048.
    const OVERSIZE: usize = 3000;

    fn login(nick: &str) -> String {
        format!("/nick {nick}\n")
    }

    fn join(room: &str) -> String {
        format!("/join {room}\n")
    }

    fn part(_: &str) -> String {
        unreachable!("a plain client leaves a room by joining another")
    }

    fn rename(new: &str) -> String {
        format!("/nick {new}\n")
    }

    fn say(_: &str, text: &str) -> String {
        format!("{text}\n")
    }

    fn quit() -> String {
        "/quit soak over\n".to_string()
    }

    fn pong(_: &str) -> String {
        String::new()
    }

    fn parse(line: &str) -> Seen<'_> {
        if let Some(rest) = line.strip_prefix("* ") {
            if let Some(rest) = rest.strip_prefix("welcome to chatbot! you are ") {
                if let Some((nick, _)) = rest.split_once(',') {
                    return Seen::Welcome { nick };
                }
            }
            if let Some(nick) = rest.strip_suffix(" joined") {
                return Seen::Joined { nick, room: None };
            }
            if let Some((old, new)) = rest.split_once(" is now known as ") {
                return Seen::Renamed { old, new };
            }
            let (nick, tail) = rest.split_once(' ').unwrap_or((rest, ""));
            if tail == "left" || tail.starts_with("left (") {
                return Seen::Left { nick, room: None };
            }
            return Seen::Other;
        }
        if line.starts_with("! ") {
            return Seen::Error;
        }
        if let Some(rest) = line.strip_prefix('<') {
            if let Some((nick, text)) = rest.split_once("> ") {
                return Seen::Chat {
                    nick,
                    room: None,
                    text,
                };
            }
        }
        Seen::Other
    }

    fn is_bad_line_reply(line: &str) -> bool {
        line == "! line too long" || line == "! invalid UTF-8"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lines_a_soak_client_acts_on() {
        assert_eq!(
            Plain::parse("* welcome to chatbot! you are guest3, in room lobby"),
            Seen::Welcome { nick: "guest3" }
        );
        assert_eq!(
            Plain::parse("* w4_0 joined"),
            Seen::Joined {
                nick: "w4_0",
                room: None
            }
        );
        assert_eq!(
            Plain::parse("* w4_0 left (connection lost)"),
            Seen::Left {
                nick: "w4_0",
                room: None
            }
        );
        assert_eq!(
            Plain::parse("* guest3 is now known as w4_0"),
            Seen::Renamed {
                old: "guest3",
                new: "w4_0"
            }
        );
        assert_eq!(
            Plain::parse("<w4_0> ~ 1 2 3"),
            Seen::Chat {
                nick: "w4_0",
                room: None,
                text: "~ 1 2 3"
            }
        );
        assert_eq!(Plain::parse("! slow down"), Seen::Error);
        assert_eq!(Plain::parse("* w4_0 waves"), Seen::Other);
    }
}
