//! The bot as a client of any IRC network: `chatbot bot --connect ADDR --channel '#chan'`.
//!
//! The same bot that lives inside our server ([`bot`](crate::bot): the same commands, the same
//! lessons) joins an IRC server from the outside, like any user, and answers `!commands` said
//! in its channels (`nick: answer`, in the channel) or sent to it privately (answered
//! privately). It is the asyncio chat-bot shape: one connection task reading lines, a writer
//! task draining an outbox, and one task per answer that has to wait, so a slow `!fib` never
//! delays a `!roll`.
//!
//! [`run`] is the outer loop: connect, run one session (`session.rs`), and when the server goes
//! away, wait and connect again, the wait doubling from [`Backoff::first`] up to
//! [`Backoff::max`] (reset once a session registers). When `shutdown` completes, the bot sends
//! `QUIT`, flushes, and returns.
//!
//! ```text
//!   connect ──ok──▶ session::run ──server gone──▶ sleep(backoff) ──▶ connect
//!      │ refused                       │ shutdown: QUIT, flush
//!      └──▶ sleep(backoff), doubled ◀──┘            └──▶ return Ok(())
//! ```

pub(crate) mod session;

use std::future::Future;
use std::io;
use std::pin::pin;
use std::time::Duration;

use runtime::net::TcpStream;
use runtime::time::sleep;

use crate::config::BotConfig;

/// How long to wait between connection attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The first wait after losing the server.
    pub first: Duration,
    /// The longest wait; doubling stops here.
    pub max: Duration,
}

impl Default for Backoff {
    /// 1 s doubling to 60 s.
    fn default() -> Backoff {
        Backoff {
            first: Duration::from_secs(1),
            max: Duration::from_secs(60),
        }
    }
}

/// Everything the bot client needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotSettings {
    /// Server, channels, nick, password.
    pub config: BotConfig,
    /// Reconnection waits.
    pub backoff: Backoff,
    /// How long to wait before rejoining a channel it was kicked from.
    pub rejoin_delay: Duration,
}

impl From<BotConfig> for BotSettings {
    fn from(config: BotConfig) -> BotSettings {
        BotSettings {
            config,
            backoff: Backoff::default(),
            rejoin_delay: Duration::from_secs(5),
        }
    }
}

/// Runs the bot until `shutdown` completes, reconnecting whenever the server goes away.
///
/// # Errors
/// None so far: every failure to reach the server is waited out. The `Result` leaves room for
/// a failure that must stop the bot.
pub async fn run(settings: BotSettings, shutdown: impl Future<Output = ()>) -> io::Result<()> {
    let mut shutdown = pin!(shutdown);
    let mut wait = settings.backoff.first;
    loop {
        let connected = runtime::select! {
            connected = TcpStream::connect(settings.config.connect) => connected,
            _ = shutdown.as_mut() => return Ok(()),
        };
        match connected {
            Ok(stream) => {
                log::info!("connected to {}", settings.config.connect);
                match session::run(stream, &settings, shutdown.as_mut()).await {
                    session::Ended::Shutdown => return Ok(()),
                    session::Ended::Lost { registered } => {
                        if registered {
                            wait = settings.backoff.first;
                        }
                        log::warn!("lost the server; reconnecting in {wait:?}");
                    }
                }
            }
            Err(err) => log::warn!(
                "cannot connect to {}: {err}; retrying in {wait:?}",
                settings.config.connect
            ),
        }
        runtime::select! {
            _ = sleep(wait) => {},
            _ = shutdown.as_mut() => return Ok(()),
        }
        wait = (wait * 2).min(settings.backoff.max);
    }
}
