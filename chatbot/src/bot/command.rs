//! Reading a `!word args` line as a request to the bot.
//!
//! A line is a bot command when it starts with `!` and a letter. The word
//! after the `!` picks the command (case ignored), and the rest of the line
//! is its arguments, trimmed. As with server commands, a command that takes
//! no arguments refuses extra words.
//!
//! | line          | command                 | bounds                         |
//! |---------------|-------------------------|--------------------------------|
//! | `!help`       | [`BotCommand::Help`]    |                                |
//! | `!echo TEXT`  | [`BotCommand::Echo`]    | TEXT not empty                 |
//! | `!time`       | [`BotCommand::Time`]    |                                |
//! | `!uptime`     | [`BotCommand::Uptime`]  |                                |
//! | `!roll NdM`   | [`BotCommand::Roll`]    | see [`Roll`]                   |
//! | `!sleep SECS` | [`BotCommand::Sleep`]   | 0 to [`MAX_SLEEP_SECS`] whole seconds |
//! | `!fib N`      | [`BotCommand::Fib`]     | any `u64`; the 2 s timeout bounds the work |
//! | `!stats`      | [`BotCommand::Stats`]   |                                |
//!
//! Numbers are plain ASCII digits: no sign, no fraction. A number too big for
//! a `u64` is reported as out of range rather than as "not a number",
//! because that is what the user needs to hear.
//!
//! ```
//! use chatbot::bot::command::BotCommand;
//! use std::time::Duration;
//!
//! assert_eq!(BotCommand::parse("!sleep 3"), Some(Ok(BotCommand::Sleep(Duration::from_secs(3)))));
//! assert_eq!(BotCommand::parse("just chat"), None);
//! assert!(matches!(BotCommand::parse("!sleep 99"), Some(Err(_))));
//! ```

use std::time::Duration;

use crate::bot::dice::Roll;
use crate::command::{split_word, ParseError};

/// The longest `!sleep`, in seconds. Keeps a sleeping task from outliving
/// any reasonable test or demo.
pub const MAX_SLEEP_SECS: u64 = 60;

/// A request to the bot, arguments checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BotCommand<'a> {
    /// `!help`: list the bot's commands.
    Help,
    /// `!echo TEXT`: say TEXT back; never empty.
    Echo(&'a str),
    /// `!time`: the current UTC time.
    Time,
    /// `!uptime`: how long the server has run.
    Uptime,
    /// `!roll NdM`: throw dice, within [`Roll`]'s bounds.
    Roll(Roll),
    /// `!sleep SECS`: answer after this long, at most [`MAX_SLEEP_SECS`].
    Sleep(Duration),
    /// `!fib N`: the N-th Fibonacci number, computed off the event loop.
    Fib(u64),
    /// `!stats`: the runtime's metrics.
    Stats,
}

impl<'a> BotCommand<'a> {
    /// Parses a whole chat line. `None` if it isn't addressed to the bot at
    /// all; `Some(Err(..))` if it is, but the bot can't make sense of it.
    pub fn parse(line: &'a str) -> Option<Result<BotCommand<'a>, ParseError>> {
        let rest = line.strip_prefix('!')?;
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let (name, args) = split_word(rest);
        Some(parse_named(name, args))
    }
}

/// Parses a bot command once its name and arguments are split apart.
fn parse_named<'a>(name: &str, args: &'a str) -> Result<BotCommand<'a>, ParseError> {
    let no_args = |command, usage| match args {
        "" => Ok(command),
        _ => Err(ParseError::Usage(usage)),
    };
    match name.to_ascii_lowercase().as_str() {
        "help" => no_args(BotCommand::Help, "!help"),
        "time" => no_args(BotCommand::Time, "!time"),
        "uptime" => no_args(BotCommand::Uptime, "!uptime"),
        "stats" => no_args(BotCommand::Stats, "!stats"),
        "echo" if !args.is_empty() => Ok(BotCommand::Echo(args)),
        "echo" => Err(ParseError::Usage("!echo TEXT")),
        "roll" => Ok(BotCommand::Roll(Roll::parse(args)?)),
        "sleep" => match number(args) {
            Number::Fits(secs) if secs <= MAX_SLEEP_SECS => {
                Ok(BotCommand::Sleep(Duration::from_secs(secs)))
            }
            Number::Fits(_) | Number::TooBig => Err(ParseError::OutOfRange {
                what: "seconds to sleep",
                min: 0,
                max: MAX_SLEEP_SECS,
            }),
            Number::NotDigits => Err(ParseError::Usage("!sleep SECS")),
        },
        "fib" => match number(args) {
            Number::Fits(n) => Ok(BotCommand::Fib(n)),
            Number::TooBig => Err(ParseError::OutOfRange {
                what: "N",
                min: 0,
                max: u64::MAX,
            }),
            Number::NotDigits => Err(ParseError::Usage("!fib N")),
        },
        _ => Err(ParseError::UnknownBotCommand(name.to_string())),
    }
}

/// What a numeric argument turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Number {
    /// Plain digits whose value fits a `u64`.
    Fits(u64),
    /// Plain digits, but more than a `u64` holds. Kept apart from
    /// `NotDigits` so the user hears "too big", not "not a number".
    TooBig,
    /// Empty, or anything besides ASCII digits: signs, fractions, words.
    NotDigits,
}

/// Reads a numeric argument: a non-empty run of ASCII digits.
pub(crate) fn number(s: &str) -> Number {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Number::NotDigits;
    }
    // All digits, so the only way `parse` can fail is overflow.
    s.parse().map_or(Number::TooBig, Number::Fits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<BotCommand<'_>, String> {
        BotCommand::parse(line)
            .expect("should be a bot line")
            .map_err(|e| e.to_string())
    }

    #[test]
    fn only_bang_then_letter_addresses_the_bot() {
        assert!(BotCommand::parse("!x").is_some());
        for line in ["", "help", " !help", "!", "!!help", "! help", "!9"] {
            assert_eq!(BotCommand::parse(line), None, "{line:?}");
        }
    }

    #[test]
    fn commands_without_arguments_parse_and_ignore_case() {
        assert_eq!(parse("!help"), Ok(BotCommand::Help));
        assert_eq!(parse("!TIME"), Ok(BotCommand::Time));
        assert_eq!(parse("!Uptime"), Ok(BotCommand::Uptime));
        assert_eq!(parse("!stats  "), Ok(BotCommand::Stats));
    }

    #[test]
    fn commands_without_arguments_refuse_extra_words() {
        assert_eq!(parse("!time now"), Err("usage: !time".to_string()));
        assert_eq!(parse("!help me"), Err("usage: !help".to_string()));
    }

    #[test]
    fn echo_repeats_its_trimmed_argument_and_needs_one() {
        assert_eq!(
            parse("!echo  hi  there "),
            Ok(BotCommand::Echo("hi  there"))
        );
        assert_eq!(parse("!echo"), Err("usage: !echo TEXT".to_string()));
    }

    #[test]
    fn roll_parses_dice_notation() {
        assert_eq!(
            parse("!roll 2d6"),
            Ok(BotCommand::Roll(Roll::parse("2d6").unwrap()))
        );
        assert!(parse("!roll").is_err());
        assert!(parse("!roll 0d6").is_err());
    }

    #[test]
    fn sleep_accepts_zero_to_sixty_seconds() {
        assert_eq!(parse("!sleep 0"), Ok(BotCommand::Sleep(Duration::ZERO)));
        assert_eq!(
            parse("!sleep 60"),
            Ok(BotCommand::Sleep(Duration::from_secs(60)))
        );
        assert_eq!(
            parse("!sleep 61"),
            Err("seconds to sleep must be between 0 and 60".to_string())
        );
        assert_eq!(
            parse("!sleep 99999999999999999999999"),
            Err("seconds to sleep must be between 0 and 60".to_string())
        );
    }

    #[test]
    fn sleep_refuses_signs_fractions_and_words() {
        for bad in [
            "!sleep",
            "!sleep -1",
            "!sleep +1",
            "!sleep 1.5",
            "!sleep soon",
            "!sleep 1 2",
        ] {
            assert_eq!(parse(bad), Err("usage: !sleep SECS".to_string()), "{bad}");
        }
    }

    #[test]
    fn fib_takes_any_u64() {
        assert_eq!(parse("!fib 0"), Ok(BotCommand::Fib(0)));
        assert_eq!(
            parse("!fib 18446744073709551615"),
            Ok(BotCommand::Fib(u64::MAX))
        );
    }

    #[test]
    fn fib_beyond_u64_is_out_of_range_not_garbage() {
        assert_eq!(
            parse("!fib 18446744073709551616"),
            Err("N must be between 0 and 18446744073709551615".to_string())
        );
        assert_eq!(parse("!fib x"), Err("usage: !fib N".to_string()));
        assert_eq!(parse("!fib"), Err("usage: !fib N".to_string()));
    }

    #[test]
    fn unknown_name_points_at_help() {
        assert_eq!(
            parse("!dance now"),
            Err("unknown bot command !dance; try !help".to_string())
        );
    }

    #[test]
    fn number_tells_overflow_apart_from_non_digits() {
        assert_eq!(number("007"), Number::Fits(7));
        assert_eq!(number("18446744073709551615"), Number::Fits(u64::MAX));
        assert_eq!(number("18446744073709551616"), Number::TooBig);
        for bad in ["", " 1", "-1", "+1", "1e3", "½"] {
            assert_eq!(number(bad), Number::NotDigits, "{bad:?}");
        }
    }
}
