//! [`Dialect`]: what a soak client must know of a front end's wire format, and nothing else.
//!
//! The client logic (`well_behaved.rs`, `misbehaving.rs`) is written once; each front end is
//! one type that says how to log in, join, leave, rename and chat, and turns each line the
//! server sends into a [`Seen`]. What carries the lines is the dialect's too: bare on the TCP
//! stream (plain, IRC), or in WebSocket messages (web: [`Dialect::WEBSOCKET`] makes `conn.rs`
//! shake hands and read frames, and [`Dialect::wire`] frames what a client writes).

/// What one line from the server means to a soak client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seen<'a> {
    /// The plain greeting names the guest nick the server gave us.
    Welcome {
        /// Our nick until we rename.
        nick: &'a str,
    },
    /// `nick` joined a room (`None`: the plain protocol does not say which; the receiver's
    /// current room, or for its own join, the room it asked for).
    Joined {
        /// Who.
        nick: &'a str,
        /// Which room, without `#`.
        room: Option<&'a str>,
    },
    /// `nick` left a room (`None`: the receiver's current room).
    Left {
        /// Who.
        nick: &'a str,
        /// Which room, without `#`.
        room: Option<&'a str>,
    },
    /// `nick` left the server: every room the receiver shares with it.
    Quit {
        /// Who.
        nick: &'a str,
    },
    /// `old` is now `new`.
    Renamed {
        /// The nick before.
        old: &'a str,
        /// The nick after.
        new: &'a str,
    },
    /// A chat line in a room (`None`: the receiver's current room).
    Chat {
        /// The sender.
        nick: &'a str,
        /// Which room, without `#`.
        room: Option<&'a str>,
        /// What was said.
        text: &'a str,
    },
    /// The server wants a `PONG` with this token.
    Ping {
        /// The token.
        token: &'a str,
    },
    /// An error addressed to us: the client did something the server refused.
    Error,
    /// Anything else (notices, numerics of a welcome burst, names lists).
    Other,
}

/// A front end's wire format, as the soak clients use it. Every method returns whole lines,
/// terminators included, ready to write.
pub trait Dialect: 'static {
    /// The front end's name in reports: `plain`, `irc`.
    const NAME: &'static str;
    /// Whether a client is in at most one room, so joining one leaves the other (plain).
    const ONE_ROOM: bool;
    /// The line terminator.
    const EOL: &'static str;
    /// Whether the server's first own join (the plain lobby) comes without being asked.
    const STARTS_IN_LOBBY: bool;

    /// Takes `nick` and registers.
    fn login(nick: &str) -> String;
    /// Joins `room`; in a one-room dialect, this leaves the current one.
    fn join(room: &str) -> String;
    /// Leaves `room` (never called for a one-room dialect).
    fn part(room: &str) -> String;
    /// Changes nick.
    fn rename(new: &str) -> String;
    /// Says `text` in `room`.
    fn say(room: &str, text: &str) -> String;
    /// Leaves the server politely.
    fn quit() -> String;
    /// Answers a [`Seen::Ping`].
    fn pong(token: &str) -> String;
    /// What a line from the server means (without its terminator).
    fn parse(line: &str) -> Seen<'_>;
    /// Whether `line` is the server's answer to a line that was too long or not UTF-8 (what
    /// the oversize misbehaving client expects back).
    fn is_bad_line_reply(line: &str) -> bool;
    /// The length of a line the server must refuse as too long.
    const OVERSIZE: usize;
    /// Whether the connection is a WebSocket (`GET /chat`), not bare lines on TCP.
    const WEBSOCKET: bool = false;
    /// Whether the server's answer to a bad line ends the connection (the web's close codes)
    /// rather than letting the client go on (an error line).
    const BAD_LINE_ENDS_SESSION: bool = false;

    /// The bytes on the wire that carry `lines` (whole lines, or a line's unfinished start,
    /// or bytes that are not UTF-8): for a line protocol, the bytes themselves.
    fn wire(lines: &[u8]) -> Vec<u8> {
        lines.to_vec()
    }

    /// The bytes of a write cut off halfway: half of what [`Dialect::wire`] would send for
    /// `lines`, so the server is left holding an unfinished line, or frame.
    fn cut_short(lines: &str) -> Vec<u8> {
        let mut wire = Self::wire(lines.as_bytes());
        wire.truncate(wire.len() / 2);
        wire
    }
}
