//! [`Message`]: one IRC line as data, [`parse`] to read one and [`Message::render`] to write
//! one.
//!
//! The grammar (Modern IRC, "Message format"; RFC 1459 section 2.3.1 where Modern is silent):
//!
//! ```text
//!   message  = [ "@" tags SPACE ] [ ":" prefix SPACE ] command *( SPACE param ) [ SPACE ":" trailing ]
//!   SPACE    = one or more ' '
//!   param    = up to 14 "middle" words (no space, not starting with ':'), then the rest of the
//!              line is the 15th parameter, with or without a ':'
//! ```
//!
//! Tags are accepted and ignored: no capability we offer uses them. The line handed to
//! [`parse`] has already lost its `\r\n`, been checked for length and been sanitized.
//!
//! `parse` is *total*: any string gives a `Message` or a [`ParseError`], never a panic. And it
//! round-trips: for every message it returns, `parse(&m.render_line()) == Ok(m)`, which the
//! tests below check on thousands of random lines. What makes that hold is `trailing`: it
//! records whether the last parameter was written after a `:`, and `render` writes a `:`
//! exactly when `trailing` says so or the parameter could not be read back without one
//! (empty, containing a space, or starting with `:`).
//!
//! ```
//! use chatbot::irc::message::{parse, Message};
//!
//! let m = parse("@time=x :alice!a@h PRIVMSG #lobby :hi there").unwrap();
//! assert_eq!(m.prefix.as_deref(), Some("alice!a@h"));
//! assert_eq!((m.command.as_str(), &m.params[..]), ("PRIVMSG", &["#lobby".to_string(), "hi there".to_string()][..]));
//! assert_eq!(m.render_line(), ":alice!a@h PRIVMSG #lobby :hi there");
//! assert_eq!(parse(&m.render_line()), Ok(m));
//! ```

use std::fmt;

/// The most parameters a message has; past 14 middle ones, the rest of the line is the 15th.
pub const MAX_PARAMS: usize = 15;

/// One IRC message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The source, without its `:` (`nick!user@host` or a server name); clients' prefixes are
    /// ignored by the server, which knows who they are.
    pub prefix: Option<String>,
    /// The command as sent: a word (`PRIVMSG`) or three digits (`001`). Never empty; only
    /// ASCII letters and digits.
    pub command: String,
    /// The parameters, at most [`MAX_PARAMS`]. All but the last are non-empty, contain no
    /// space and do not start with `:`.
    pub params: Vec<String>,
    /// Whether the last parameter is written after a `:`. Always true when it has to be.
    pub trailing: bool,
}

/// Why a line is not a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseError {
    /// Nothing but spaces (and maybe tags): the spec says to ignore it silently.
    Empty,
    /// A prefix, but no command after it.
    NoCommand,
    /// A command that is not a word of letters or digits (the spec's `command`).
    BadCommand,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ParseError::Empty => "empty line",
            ParseError::NoCommand => "a prefix without a command",
            ParseError::BadCommand => "a command must be letters or digits",
        })
    }
}

impl std::error::Error for ParseError {}

impl Message {
    /// A message with these parameters, the last one written after `:` (as numerics and
    /// text-carrying commands are).
    pub fn new(prefix: Option<&str>, command: &str, params: &[&str]) -> Message {
        Message {
            prefix: prefix.map(str::to_string),
            command: command.to_string(),
            params: params.iter().map(|p| p.to_string()).collect(),
            trailing: !params.is_empty(),
        }
    }

    /// The same message, its last parameter written without `:` where it can be.
    pub fn plain_last(mut self) -> Message {
        self.trailing = false;
        self
    }

    /// The wire line without its terminator.
    pub fn render_line(&self) -> String {
        let mut out = String::new();
        if let Some(prefix) = &self.prefix {
            out.push(':');
            out.push_str(prefix);
            out.push(' ');
        }
        out.push_str(&self.command);
        let last = self.params.len().saturating_sub(1);
        for (i, param) in self.params.iter().enumerate() {
            out.push(' ');
            let needs_colon = param.is_empty() || param.contains(' ') || param.starts_with(':');
            if i == last && (self.trailing || needs_colon) {
                out.push(':');
            }
            out.push_str(param);
        }
        out
    }

    /// The wire line with `\r\n`.
    pub fn render(&self) -> String {
        let mut line = self.render_line();
        line.push_str("\r\n");
        line
    }
}

/// Reads one line (without terminator) as a message.
pub fn parse(line: &str) -> Result<Message, ParseError> {
    let mut rest = line.trim_start_matches(' ');
    if rest.starts_with('@') {
        rest = after_word(rest);
    }
    let mut prefix = None;
    if let Some(stripped) = rest.strip_prefix(':') {
        let (word, after) = split_word(stripped);
        prefix = Some(word.to_string());
        rest = after;
    }
    let (command, mut rest) = split_word(rest);
    if command.is_empty() {
        return Err(if prefix.is_some() {
            ParseError::NoCommand
        } else {
            ParseError::Empty
        });
    }
    if !command.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(ParseError::BadCommand);
    }
    let mut params = Vec::new();
    let mut trailing = false;
    while !rest.is_empty() {
        if let Some(text) = rest.strip_prefix(':') {
            params.push(text.to_string());
            trailing = true;
            break;
        }
        if params.len() == MAX_PARAMS - 1 {
            // RFC 1459: the 15th parameter is the rest of the line, spaces and all.
            params.push(rest.to_string());
            trailing = rest.contains(' ');
            break;
        }
        let (word, after) = split_word(rest);
        params.push(word.to_string());
        rest = after;
    }
    Ok(Message {
        prefix,
        command: command.to_string(),
        params,
        trailing,
    })
}

/// Splits off the first space-delimited word; the rest comes back without leading spaces.
fn split_word(s: &str) -> (&str, &str) {
    match s.split_once(' ') {
        Some((word, rest)) => (word, rest.trim_start_matches(' ')),
        None => (s, ""),
    }
}

/// What follows the first word.
fn after_word(s: &str) -> &str {
    split_word(s).1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::dice::SplitMix64;

    fn words(m: &Message) -> Vec<&str> {
        m.params.iter().map(String::as_str).collect()
    }

    #[test]
    fn a_full_line_has_its_prefix_command_and_trailing_text() {
        let m = parse(":alice!a@h PRIVMSG #lobby :hello  there ").unwrap();
        assert_eq!(m.prefix.as_deref(), Some("alice!a@h"));
        assert_eq!(m.command, "PRIVMSG");
        assert_eq!(words(&m), ["#lobby", "hello  there "]);
        assert!(m.trailing);
    }

    #[test]
    fn tags_are_skipped_and_extra_spaces_are_one() {
        let m = parse("@a=b;c   NICK    alice  ").unwrap();
        assert_eq!(
            (m.prefix.as_deref(), m.command.as_str(), words(&m)),
            (None, "NICK", vec!["alice"])
        );
    }

    #[test]
    fn an_empty_trailing_parameter_is_still_a_parameter() {
        let m = parse("TOPIC #a :").unwrap();
        assert_eq!(words(&m), ["#a", ""]);
        assert_eq!(m.render_line(), "TOPIC #a :");
    }

    #[test]
    fn blank_lines_and_bare_prefixes_are_errors_not_panics() {
        assert_eq!(parse(""), Err(ParseError::Empty));
        assert_eq!(parse("     "), Err(ParseError::Empty));
        assert_eq!(parse("@tags-only"), Err(ParseError::Empty));
        assert_eq!(parse(":prefix"), Err(ParseError::NoCommand));
        assert_eq!(parse(":prefix    "), Err(ParseError::NoCommand));
        assert_eq!(parse(":"), Err(ParseError::NoCommand));
        assert_eq!(parse(":p @x"), Err(ParseError::BadCommand));
        assert_eq!(parse("PRIV\u{e9}MSG x"), Err(ParseError::BadCommand));
    }

    #[test]
    fn past_fourteen_middle_parameters_the_rest_is_the_fifteenth() {
        let line = format!(
            "CMD {}",
            (1..=20)
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        );
        let m = parse(&line).unwrap();
        assert_eq!(m.params.len(), MAX_PARAMS);
        assert_eq!(m.params[14], "15 16 17 18 19 20");
        assert_eq!(parse(&m.render_line()), Ok(m));
    }

    #[test]
    fn rendering_adds_a_colon_only_where_needed_unless_asked() {
        assert_eq!(
            Message::new(None, "PING", &["x"])
                .plain_last()
                .render_line(),
            "PING x"
        );
        assert_eq!(Message::new(None, "PING", &["x"]).render_line(), "PING :x");
        assert_eq!(
            Message::new(None, "PING", &[":x"])
                .plain_last()
                .render_line(),
            "PING ::x"
        );
        assert_eq!(
            Message::new(Some("srv"), "001", &["al", "hi you"]).render(),
            ":srv 001 al :hi you\r\n"
        );
    }

    /// A small fuzzer: random lines over an alphabet rich in the grammar's special bytes.
    #[test]
    fn every_parsed_message_renders_back_to_itself() {
        let alphabet: Vec<char> = " ::@!#abc,\t\u{e9}1".chars().collect();
        let mut rng = SplitMix64::new(11);
        for _ in 0..20_000 {
            let len = rng.below(40) as usize;
            let line: String = (0..len)
                .map(|_| alphabet[rng.below(alphabet.len() as u64) as usize])
                .collect();
            if let Ok(m) = parse(&line) {
                assert!(
                    !m.command.is_empty() && !m.command.contains(' '),
                    "{line:?}"
                );
                assert!(m.params.len() <= MAX_PARAMS);
                assert_eq!(
                    parse(&m.render_line()),
                    Ok(m.clone()),
                    "{line:?} -> {:?}",
                    m.render_line()
                );
            }
        }
    }
}
