//! Turning one line a user typed into what they meant.
//!
//! Every line is one of four things, decided by how it starts:
//!
//! ```text
//! (blank)          Input::Empty      nothing to do
//! /name args       Input::Command    a server command, or Input::Invalid
//! //text           Input::Chat       chat that starts with '/': one '/' is eaten
//! anything else    Input::Chat       chat; if it is `!word ...`, also a bot command
//! ```
//!
//! A bot line is *also* chat: `!roll 2d6` is shown to the room like any other
//! line, and then the bot answers. So [`Input::Chat`] carries an optional bot
//! command instead of there being a separate variant, and the server cannot
//! forget to broadcast the line. Only `!` followed by a letter is a bot
//! command, so `!!!` and `! wow` stay plain chat.
//!
//! [`parse`] is pure: it takes the line after framing and
//! [`sanitize`](crate::sanitize), returns borrowed slices of it, and never
//! looks at server state. Whether a nick is free or a `/msg` target exists
//! is the server's question. What `parse` does check is everything that
//! only needs the line: argument counts, name rules from
//! [`names`](crate::names), and number bounds. Each failure is a
//! [`ParseError`] whose `Display` is the text of the `! ...` line (or, for a
//! bot command, of the bot's reply).
//!
//! Command names are matched without regard to case (`/WHO` works).
//! Arguments are trimmed; a command that takes none refuses extra words,
//! so a typo like `/who alice` (meant: `/msg alice`) is caught, not ignored.
//!
//! ```
//! use chatbot::command::{parse, Command, Input};
//!
//! assert_eq!(parse("/nick alice"), Input::Command(Command::Nick("alice")));
//! assert!(matches!(parse("hello"), Input::Chat { text: "hello", bot: None }));
//! assert!(matches!(parse("!roll 2d6"), Input::Chat { bot: Some(Ok(_)), .. }));
//!
//! let Input::Invalid(e) = parse("/dance") else { unreachable!() };
//! assert_eq!(e.to_string(), "unknown command /dance; type /help for the list");
//! ```

use std::fmt;

use crate::bot::command::BotCommand;
use crate::names::{validate_nick, validate_room, NameError};

/// What one line means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input<'a> {
    /// A blank or all-whitespace line: the server does nothing.
    Empty,
    /// A line for the room.
    Chat {
        /// Exactly what the room should see after `<nick> `.
        text: &'a str,
        /// `Some` if the line is also addressed to the bot: the parsed
        /// command, or why it could not be parsed (the bot says so).
        bot: Option<Result<BotCommand<'a>, ParseError>>,
    },
    /// A well-formed server command.
    Command(Command<'a>),
    /// A `/` line that is not a valid command; answer with a `! ...` line.
    Invalid(ParseError),
}

/// A server command with its arguments checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command<'a> {
    /// `/nick NAME`: the name follows the nick rules; it may still be taken.
    Nick(&'a str),
    /// `/join ROOM`: a valid room name, already folded to lowercase.
    Join(String),
    /// `/rooms`: list rooms with member counts.
    Rooms,
    /// `/who`: list the members of the sender's room.
    Who,
    /// `/msg NICK TEXT`: a private line. `to` is not checked against the
    /// nick rules, since the server will look it up anyway.
    Msg {
        /// The addressee, as typed.
        to: &'a str,
        /// The message, trimmed, never empty.
        text: &'a str,
    },
    /// `/me ACTION`: the action text, trimmed, never empty.
    Me(&'a str),
    /// `/quit [MESSAGE]`: the optional parting words.
    Quit(Option<&'a str>),
    /// `/help`.
    Help,
}

/// Why a command line could not be parsed. `Display` is the user-facing
/// message, without the `! ` prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// `/name` is not a command. Holds the name as typed, without the `/`.
    UnknownCommand(String),
    /// `!name` is not a bot command. Holds the name without the `!`.
    UnknownBotCommand(String),
    /// A known command with the wrong arguments; holds its usage line.
    Usage(&'static str),
    /// A nick or room argument that breaks the naming rules.
    BadName(NameError),
    /// A number outside what the command accepts.
    OutOfRange {
        /// What the number is, e.g. `"number of dice"`.
        what: &'static str,
        /// Smallest accepted value.
        min: u64,
        /// Largest accepted value.
        max: u64,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::UnknownCommand(name) => {
                write!(f, "unknown command /{name}; type /help for the list")
            }
            ParseError::UnknownBotCommand(name) => {
                write!(f, "unknown bot command !{name}; try !help")
            }
            ParseError::Usage(usage) => write!(f, "usage: {usage}"),
            ParseError::BadName(e) => e.fmt(f),
            ParseError::OutOfRange { what, min, max } => {
                write!(f, "{what} must be between {min} and {max}")
            }
        }
    }
}

impl std::error::Error for ParseError {}

impl From<NameError> for ParseError {
    fn from(e: NameError) -> Self {
        ParseError::BadName(e)
    }
}

/// The text of `/help`, one command per line; send it with
/// [`protocol::notice_lines`](crate::protocol::notice_lines).
pub const HELP: &str = "\
commands:
/nick NAME       change your nick (1-16 of A-Z a-z 0-9 _ -)
/join ROOM       go to a room, creating it if needed (1-32 of the same)
/rooms           list rooms and how many are in each
/who             list who is in your room
/msg NICK TEXT   send TEXT to NICK only
/me ACTION       tell the room what you are doing
/quit [MESSAGE]  leave, with optional parting words
/help            this list
//text           say a line that starts with /
!help            what the bot can do";

/// Parses one sanitized line, without its terminator.
pub fn parse(line: &str) -> Input<'_> {
    if line.trim().is_empty() {
        return Input::Empty;
    }
    if line.starts_with("//") {
        return Input::Chat {
            text: &line[1..],
            bot: None,
        };
    }
    if let Some(rest) = line.strip_prefix('/') {
        return match parse_command(rest) {
            Ok(command) => Input::Command(command),
            Err(e) => Input::Invalid(e),
        };
    }
    Input::Chat {
        text: line,
        bot: BotCommand::parse(line),
    }
}

/// Splits off the first whitespace-delimited word; the rest comes back
/// trimmed. Shared with the bot parser.
pub(crate) fn split_word(s: &str) -> (&str, &str) {
    match s.split_once(char::is_whitespace) {
        Some((word, rest)) => (word, rest.trim()),
        None => (s, ""),
    }
}

/// Parses what follows the `/`.
fn parse_command(rest: &str) -> Result<Command<'_>, ParseError> {
    let (name, args) = split_word(rest);
    // The argument as one word, for commands that take exactly one.
    let one_word = |usage| match split_word(args) {
        (word, "") if !word.is_empty() => Ok(word),
        _ => Err(ParseError::Usage(usage)),
    };
    // For commands that take nothing.
    let no_args = |command, usage| match args {
        "" => Ok(command),
        _ => Err(ParseError::Usage(usage)),
    };
    match name.to_ascii_lowercase().as_str() {
        "nick" => {
            let nick = one_word("/nick NAME")?;
            validate_nick(nick)?;
            Ok(Command::Nick(nick))
        }
        "join" => {
            let room = one_word("/join ROOM")?;
            validate_room(room)?;
            Ok(Command::Join(room.to_ascii_lowercase()))
        }
        "rooms" => no_args(Command::Rooms, "/rooms"),
        "who" => no_args(Command::Who, "/who"),
        "help" => no_args(Command::Help, "/help"),
        "msg" => match split_word(args) {
            (to, text) if !to.is_empty() && !text.is_empty() => Ok(Command::Msg { to, text }),
            _ => Err(ParseError::Usage("/msg NICK TEXT")),
        },
        "me" if !args.is_empty() => Ok(Command::Me(args)),
        "me" => Err(ParseError::Usage("/me ACTION")),
        "quit" => Ok(Command::Quit(Some(args).filter(|a| !a.is_empty()))),
        _ => Err(ParseError::UnknownCommand(name.to_string())),
    }
}

#[cfg(test)]
mod tests;
