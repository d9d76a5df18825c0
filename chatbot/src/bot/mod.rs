//! The bot: what it understands, what it answers, and how.
//!
//! The bot is not a connection. It is a voice the server lends to replies:
//! when a chat line is also a bot command, the server first shows the line
//! to the room like any other, then answers in the room as `<bot> nick: ...`.
//! Everything the bot needs to decide its answer is pure and lives here; the
//! parts that need the runtime (waiting, the blocking pool, metrics) are
//! named by [`Response`] and carried out by the server.
//!
//! ```text
//!  "!roll 2d6" --command::parse--> Input::Chat { bot: Some(Ok(cmd)) }
//!                                                     |
//!                             respond(&cmd, now, rng) v
//!   Response::Reply(text)             say it now
//!   Response::Later { delay, text }   sleep(delay), then say it     (!sleep)
//!   Response::Fib(n)                  fib_mod on the blocking pool,
//!                                     under FIB_TIMEOUT, then fib_reply (!fib)
//!   Response::Stats                   format the runtime's metrics   (!stats)
//!                                                     |
//!                            reply(nick, &text) -> "<bot> nick: text\n"
//! ```
//!
//! A bot command that fails to parse is answered the same way, with the
//! error's message as the text: the line was public, so the correction is
//! too.
//!
//! The pieces, one file each: [`command`] reads `!word args`, [`dice`] rolls,
//! [`fib`] computes and can be stopped, [`clock`] formats time.
//!
//! ```
//! use chatbot::bot::{self, command::BotCommand, dice::SplitMix64, Now, Response};
//! use std::time::Duration;
//!
//! let now = Now { unix_secs: 0, uptime: Duration::from_secs(5) };
//! let mut rng = SplitMix64::new(1);
//! let Response::Reply(text) = bot::respond(&BotCommand::Uptime, now, &mut rng) else {
//!     unreachable!()
//! };
//! assert_eq!(bot::reply("alice", &text), "<bot> alice: up 5s\n");
//! ```

pub mod clock;
pub mod command;
pub mod dice;
pub mod fib;

use std::time::{Duration, Instant, SystemTime};

use crate::protocol;
use clock::{format_uptime, format_utc};
use command::BotCommand;
use dice::SplitMix64;

/// The bot's answer to `!help`; it fits on one line, like every bot reply.
pub const HELP: &str = "I know !help, !echo TEXT, !time, !uptime, !roll NdM, \
                        !sleep SECS (up to 60), !fib N, !stats";

/// The bot's line to the room, addressed to `nick`: `<bot> nick: text`.
pub fn reply(nick: &str, text: &str) -> String {
    protocol::chat(protocol::BOT_NICK, &format!("{nick}: {text}"))
}

/// The two clock readings the bot may need, taken by the caller so that
/// [`respond`] stays pure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    /// Wall-clock seconds since the Unix epoch, for `!time`.
    pub unix_secs: u64,
    /// How long the server has been up, for `!uptime`.
    pub uptime: Duration,
}

impl Now {
    /// Reads both clocks; `started` is the `Instant` the server took at
    /// startup. A wall clock set before 1970 reads as the epoch.
    pub fn read(started: Instant) -> Now {
        let unix_secs = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Now {
            unix_secs,
            uptime: started.elapsed(),
        }
    }
}

/// What the server must do to answer a bot command. Each variant's text is
/// the part after `<bot> nick: `; wrap it with [`reply`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "the bot has not answered until the server acts on this"]
pub enum Response {
    /// Answer now with this text.
    Reply(String),
    /// Wait `delay` without blocking anyone else, then answer with `text`.
    Later {
        /// How long to wait; at most [`command::MAX_SLEEP_SECS`] seconds.
        delay: Duration,
        /// What to say when the wait is over.
        text: String,
    },
    /// Run [`fib::fib_mod`] for this `n` on the blocking pool, under
    /// [`fib::FIB_TIMEOUT`] with a cancellation flag, and answer with
    /// [`fib::fib_reply`].
    Fib(u64),
    /// Answer with the runtime's metrics, formatted by the server.
    Stats,
}

/// Decides the bot's answer to `command`. `rng` is the bot's generator,
/// kept by the server across calls; only `!roll` draws from it.
pub fn respond(command: &BotCommand<'_>, now: Now, rng: &mut SplitMix64) -> Response {
    match command {
        BotCommand::Help => Response::Reply(HELP.to_string()),
        BotCommand::Echo(text) => Response::Reply(text.to_string()),
        BotCommand::Time => Response::Reply(format!("it is {}", format_utc(now.unix_secs))),
        BotCommand::Uptime => Response::Reply(format!("up {}", format_uptime(now.uptime))),
        BotCommand::Roll(roll) => Response::Reply(roll.throw(rng).to_string()),
        BotCommand::Sleep(delay) => Response::Later {
            delay: *delay,
            text: format!("slept {}s", delay.as_secs()),
        },
        BotCommand::Fib(n) => Response::Fib(*n),
        BotCommand::Stats => Response::Stats,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dice::Roll;

    const NOW: Now = Now {
        unix_secs: 1_700_000_000,
        uptime: Duration::from_secs(3723),
    };

    fn answer(command: BotCommand<'_>) -> Response {
        respond(&command, NOW, &mut SplitMix64::new(5))
    }

    fn text(command: BotCommand<'_>) -> String {
        match answer(command) {
            Response::Reply(text) => text,
            other => panic!("expected an immediate reply, got {other:?}"),
        }
    }

    #[test]
    fn reply_is_chat_from_bot_addressed_to_the_asker() {
        assert_eq!(reply("guest3", "hello"), "<bot> guest3: hello\n");
    }

    #[test]
    fn help_lists_every_bot_command_on_one_line() {
        let help = text(BotCommand::Help);
        for name in [
            "!help", "!echo", "!time", "!uptime", "!roll", "!sleep", "!fib", "!stats",
        ] {
            assert!(help.contains(name), "{name} missing from {help}");
        }
        assert!(!help.contains('\n'));
    }

    #[test]
    fn echo_says_the_text_back_unchanged() {
        assert_eq!(text(BotCommand::Echo("hi  there")), "hi  there");
    }

    #[test]
    fn time_and_uptime_come_from_the_readings_given() {
        assert_eq!(text(BotCommand::Time), "it is 2023-11-14 22:13:20 UTC");
        assert_eq!(text(BotCommand::Uptime), "up 1h 02m 03s");
    }

    #[test]
    fn roll_draws_from_the_callers_generator() {
        let roll = Roll::parse("2d6").unwrap();
        let expected = roll.throw(&mut SplitMix64::new(5)).to_string();
        assert_eq!(text(BotCommand::Roll(roll)), expected);
        assert!(expected.starts_with("2d6: "));
    }

    #[test]
    fn sleep_is_answered_later_not_now() {
        assert_eq!(
            answer(BotCommand::Sleep(Duration::from_secs(3))),
            Response::Later {
                delay: Duration::from_secs(3),
                text: "slept 3s".to_string()
            }
        );
    }

    #[test]
    fn fib_and_stats_are_left_to_the_server() {
        assert_eq!(answer(BotCommand::Fib(40)), Response::Fib(40));
        assert_eq!(answer(BotCommand::Stats), Response::Stats);
    }

    #[test]
    fn reading_the_clocks_gives_a_plausible_now() {
        let started = Instant::now();
        let now = Now::read(started);
        assert!(now.unix_secs > 1_600_000_000, "wall clock before 2020?");
        assert!(now.uptime < Duration::from_secs(60));
    }
}
