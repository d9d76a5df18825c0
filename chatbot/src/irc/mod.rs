//! The IRC front end: the same rooms as the plain protocol, reachable by any IRC client
//! (`irssi -c 127.0.0.1 -p 6667`).
//!
//! One byte's way from an IRC client's socket to another client, a file per arrow:
//!
//! ```text
//!  socket ─▶ connection.rs  (CR/LF framing, 417, flood delay, timeouts)
//!        ─▶ message.rs      (parse: text -> Message)
//!        ─▶ commands.rs     (the table: 421, 451, 461, then the handler)
//!        ─▶ registration.rs / channels.rs / modes.rs / messages.rs / queries.rs
//!        ─▶ core            (Core::join, say, ...: the rules, and Events)
//!        ─▶ render.rs       (IrcRender: Event -> ":nick!user@host PRIVMSG #room :text")
//!        ─▶ Outbox ─▶ writer task ─▶ socket
//! ```
//!
//! Replies that are not events (numerics) go from the handler through
//! `Session::reply` straight into the client's outbox.
//!
//! [`Offline`] (`offline.rs`) takes lines the same way from `connection.rs`'s length checks on,
//! with no socket: the fuzz target `irc_session` drives every handler through it.
//!
//! What we follow: the Modern IRC client protocol (modern.ircdocs.horse), and RFC 1459 and
//! RFC 2812 where it is silent. README lists the commands implemented, the numerics, and the
//! commands that get 421 on purpose.

pub(crate) mod channels;
pub(crate) mod commands;
pub(crate) mod connection;
pub mod isupport;
pub mod message;
pub(crate) mod messages;
pub(crate) mod modes;
pub mod numeric;
mod offline;
pub(crate) mod operator;
pub(crate) mod queries;
pub(crate) mod registration;
pub mod render;
pub(crate) mod session;

pub use offline::Offline;

use std::time::Duration;

use crate::config::ServerConfig;
use crate::rate_limit::RateLimit;
use crate::server::Limits;

/// What `VERSION` and `004` say we are.
pub const VERSION: &str = concat!("chatbot-", env!("CARGO_PKG_VERSION"));

/// How the IRC front end behaves; [`IrcSettings::from`] takes it from the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IrcSettings {
    /// The prefix of the server's own messages (`--server-name`).
    pub server_name: String,
    /// The network name in `001` and `ISUPPORT` (`NETWORK=`).
    pub network: String,
    /// The password `PASS` must give, if any (`--irc-password`).
    pub password: Option<String>,
    /// Silence after which the server sends `PING`, and then waits as long again for any
    /// line before closing with `ERROR :Ping timeout` (`--irc-ping`).
    pub ping: Duration,
    /// How long a connection may take to register (`--irc-register-timeout`).
    pub registration_timeout: Duration,
    /// Most channels one client may be in (ISUPPORT `CHANLIMIT`); the plain front end shares
    /// the core, so the limit is the core's.
    pub max_channels: usize,
    /// Flood control: lines per second with a 5 s burst. Excess lines are *delayed*, not
    /// dropped (fakelag): the reader waits for the next token before it handles the line.
    pub flood: RateLimit,
    /// The sendq: the bounds of an IRC client's outbox.
    pub sendq: Limits,
    /// Who may become a server operator with `OPER name password` (`--irc-oper NAME:PASS`).
    pub operators: Vec<(String, String)>,
}

impl From<&ServerConfig> for IrcSettings {
    fn from(config: &ServerConfig) -> IrcSettings {
        IrcSettings {
            server_name: config.server_name.clone(),
            network: "chatbot".to_string(),
            password: config.irc_password.clone(),
            ping: config.irc_ping,
            registration_timeout: config.irc_registration_timeout,
            max_channels: 20,
            flood: RateLimit::per_second(5),
            sendq: Limits::default(),
            operators: config.irc_operators.clone(),
        }
    }
}
