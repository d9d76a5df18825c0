//! The command line: which server to run, and how.
//!
//! ```text
//! chatbot [serve] [--listen ADDR] [--max-clients N] [--max-line BYTES] [--rate-limit LINES_PER_S]
//!                 [--irc ADDR|off] [--irc-password PASS] [--server-name NAME] [--irc-ping SECS]
//!                 [--irc-register-timeout SECS] [--irc-oper NAME:PASS] [--stats-interval SECS]
//!                 [--web ADDR|off]
//!                 [--quiet-joins N]
//! chatbot echo [--listen ADDR]
//! chatbot bot --connect ADDR --channel '#chan' [--channel ...] [--nick NAME] [--password PASS]
//! chatbot --help
//! ```
//!
//! [`parse_args`] reads the arguments after the program name and returns a
//! [`Mode`], or a one-line message saying what was wrong. It never prints
//! and never exits: `main` decides that (usage to stdout and exit 0 for
//! [`Mode::Help`], the message to stderr and exit 2 for an error). Keeping
//! the parser pure is what lets every bad-flag case below be a unit test.
//!
//! The rules, in the order they apply:
//!
//! 1. An optional first word picks the mode: `serve` (the default), `echo`,
//!    `bot`, or `help`. Any other bare word there is an error.
//! 2. `--help` or `-h` anywhere after that asks for usage, as long as no
//!    earlier argument was wrong.
//! 3. Each flag takes a value, as the next argument or after `=`
//!    (`--listen=0.0.0.0:7878`). A next argument that starts with `--` is
//!    another flag, not a value, so `--listen --max-line 9` reports the
//!    missing address rather than a strange one.
//! 4. A flag given twice keeps its last value, so a wrapper script can set
//!    defaults that the user overrides.
//!
//! Addresses are parsed as [`SocketAddr`], an IP and a port: `127.0.0.1:7878`,
//! `[::1]:7878`. Host names such as `localhost` are not resolved; that would
//! need a DNS lookup, which has no place in argument parsing.
//!
//! ```
//! use chatbot::config::{parse_args, Mode};
//!
//! let args = ["serve", "--max-line", "512"].map(String::from);
//! let Ok(Mode::Serve(config)) = parse_args(args) else { unreachable!() };
//! assert_eq!(config.max_line, 512);
//! assert_eq!(config.listen.to_string(), "127.0.0.1:7878");
//!
//! let err = parse_args(["--max-line".to_string(), "big".to_string()]).unwrap_err();
//! assert_eq!(err, "bad value for --max-line: `big` is not a whole number");
//! ```

use std::fmt::Display;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::str::FromStr;
use std::time::Duration;

use crate::names::{validate_nick, validate_room};
use crate::rate_limit::RateLimit;

/// Where the chat server listens unless told otherwise.
pub const DEFAULT_SERVE_ADDR: SocketAddr = SocketAddr::new(LOCALHOST, 7878);

/// Where the echo server listens unless told otherwise.
pub const DEFAULT_ECHO_ADDR: SocketAddr = SocketAddr::new(LOCALHOST, 7879);

const LOCALHOST: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

/// Where the IRC front end listens unless told otherwise: IRC's customary port.
pub const DEFAULT_IRC_ADDR: SocketAddr = SocketAddr::new(LOCALHOST, 6667);

/// Where the browser front end (`web/`) listens unless told otherwise.
pub const DEFAULT_WEB_ADDR: SocketAddr = SocketAddr::new(LOCALHOST, 8080);

/// Default for `--server-name`.
pub const DEFAULT_SERVER_NAME: &str = "chatbot.local";

/// Default for `--irc-ping`.
pub const DEFAULT_IRC_PING: Duration = Duration::from_secs(120);

/// Default for `--irc-register-timeout`.
pub const DEFAULT_IRC_REGISTER_TIMEOUT: Duration = Duration::from_secs(60);

/// Default for `--max-clients`.
pub const DEFAULT_MAX_CLIENTS: usize = 10_000;

/// Default for `--quiet-joins`: rooms with more members than this announce joins, parts, quits
/// and renames only to the member concerned (see `core/quiet.rs`).
pub const DEFAULT_QUIET_JOINS: usize = 200;

/// Default for `--max-line`, in bytes.
pub const DEFAULT_MAX_LINE: usize = 2048;

/// The largest `--max-line` accepted. Each connection may buffer this much,
/// so the cap bounds memory at `max_clients * MAX_LINE_LIMIT` bytes.
pub const MAX_LINE_LIMIT: usize = 1 << 20;

/// What `chatbot --help` prints.
pub const USAGE: &str = "\
chatbot: a multi-room chat server with a bot, and an echo server

usage:
  chatbot [serve] [--listen ADDR] [--max-clients N] [--max-line BYTES] [--rate-limit LINES_PER_S]
                  [--irc ADDR|off] [--irc-password PASS] [--server-name NAME] [--irc-ping SECS]
                  [--irc-register-timeout SECS] [--irc-oper NAME:PASS] [--stats-interval SECS]
                  [--web ADDR|off]
                  [--quiet-joins N]
  chatbot echo [--listen ADDR]
  chatbot bot --connect ADDR --channel '#chan' [--channel ...] [--nick NAME] [--password PASS]
  chatbot --help

serve (the default):
  --listen ADDR               address to listen on (default 127.0.0.1:7878)
  --max-clients N             most connections at once, at least 1 (default 10000)
  --max-line BYTES            longest line accepted, 1 to 1048576 (default 2048)
  --rate-limit LINES_PER_S    lines per second per client, with a 5 second burst;
                              0 turns it off (default 20)
  --irc ADDR|off              address for IRC clients (default 127.0.0.1:6667); off: none
  --irc-password PASS         IRC clients must send PASS PASS before registering
  --server-name NAME          the IRC server's name (default chatbot.local)
  --irc-ping SECS             PING an IRC client silent this long, drop it after as long
                              again, at least 1 (default 120)
  --irc-register-timeout SECS an IRC connection must register within this, at least 1
                              (default 60)
  --irc-oper NAME:PASS        OPER NAME PASS makes an IRC user a server operator (KILL,
                              WALLOPS); repeat for more operators
  --stats-interval SECS       log a `stats:` line (connections, tasks alive, outbox bytes...)
                              at info level every SECS, at least 1 (default: never)
  --web ADDR|off              address for browsers: the chat page and the loop view
                              (default 127.0.0.1:8080); off: none
  --quiet-joins N             in a room of more than N members, a join, part, quit or
                              rename is told only to the member concerned; NAMES and /who
                              stay exact (default 200)

echo:
  --listen ADDR               address to listen on (default 127.0.0.1:7879)

bot (the bot as a client of any IRC server):
  --connect ADDR              the IRC server (required)
  --channel '#chan'           a channel to join; repeat for more (at least one)
  --nick NAME                 the nick to ask for (default chatbot); taken: chatbot1, ...
  --password PASS             sent with PASS before registering

ADDR is an IP and port, like 127.0.0.1:7878 or [::1]:7878; host names are not resolved.
Any flag may also be written --flag=VALUE.
";

/// Settings for the chat server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// The address to bind and accept on.
    pub listen: SocketAddr,
    /// Connections beyond this many at once are refused; at least 1.
    pub max_clients: usize,
    /// The longest line accepted, in bytes, terminator excluded; 1 to
    /// [`MAX_LINE_LIMIT`]. The cap of each plain connection's
    /// [`BufReader`](runtime::io::BufReader::with_max_line).
    pub max_line: usize,
    /// Per-client line rate; [`RateLimit::OFF`] when `--rate-limit 0`.
    pub rate_limit: RateLimit,
    /// Where IRC clients connect; `None` after `--irc off`.
    pub irc: Option<SocketAddr>,
    /// Whether `irc` was given on the command line (a busy default port is not fatal).
    pub irc_explicit: bool,
    /// The password IRC clients must give, if any.
    pub irc_password: Option<String>,
    /// The IRC server's name.
    pub server_name: String,
    /// IRC liveness: PING after this much silence, drop after as much again.
    pub irc_ping: Duration,
    /// How long an IRC connection may take to register.
    pub irc_registration_timeout: Duration,
    /// IRC operators, `(name, password)`, from `--irc-oper NAME:PASS` (repeatable).
    pub irc_operators: Vec<(String, String)>,
    /// How often to log the server's `stats:` line (`--stats-interval`); `None`: never.
    pub stats_interval: Option<Duration>,
    /// Where browsers connect (`web/`); `None` after `--web off`.
    pub web: Option<SocketAddr>,
    /// Whether `web` was given on the command line (a busy default port is not fatal).
    pub web_explicit: bool,
    /// Rooms with more members than this are quiet about joins, parts, quits and renames
    /// (`--quiet-joins`).
    pub quiet_joins: usize,
}

impl Default for ServerConfig {
    fn default() -> ServerConfig {
        ServerConfig {
            listen: DEFAULT_SERVE_ADDR,
            max_clients: DEFAULT_MAX_CLIENTS,
            max_line: DEFAULT_MAX_LINE,
            rate_limit: RateLimit::default(),
            irc: Some(DEFAULT_IRC_ADDR),
            irc_explicit: false,
            irc_password: None,
            server_name: DEFAULT_SERVER_NAME.to_string(),
            irc_ping: DEFAULT_IRC_PING,
            irc_registration_timeout: DEFAULT_IRC_REGISTER_TIMEOUT,
            irc_operators: Vec::new(),
            stats_interval: None,
            web: Some(DEFAULT_WEB_ADDR),
            web_explicit: false,
            quiet_joins: DEFAULT_QUIET_JOINS,
        }
    }
}

/// Settings for the echo server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EchoConfig {
    /// The address to bind and accept on.
    pub listen: SocketAddr,
}

impl Default for EchoConfig {
    fn default() -> EchoConfig {
        EchoConfig {
            listen: DEFAULT_ECHO_ADDR,
        }
    }
}

/// Settings for the bot as an IRC client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotConfig {
    /// The IRC server to connect to.
    pub connect: SocketAddr,
    /// The channels to join, each starting with `#`; never empty.
    pub channels: Vec<String>,
    /// The nick to ask for first.
    pub nick: String,
    /// The server password, if it needs one.
    pub password: Option<String>,
}

/// The bot client's nick unless `--nick` says otherwise (`bot` is our own server's reserved
/// name for its built-in bot).
pub const DEFAULT_BOT_NICK: &str = "chatbot";

/// What the command line asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Run the chat server.
    Serve(ServerConfig),
    /// Run the echo server.
    Echo(EchoConfig),
    /// Run the bot as a client of an IRC server.
    Bot(BotConfig),
    /// Print [`USAGE`] and exit successfully.
    Help,
}

/// Parses the arguments after the program name (`std::env::args().skip(1)`).
///
/// The error is one line, without a trailing newline or a program-name
/// prefix, ready for `eprintln!("chatbot: {e}")`.
pub fn parse_args<I>(args: I) -> Result<Mode, String>
where
    I: IntoIterator<Item = String>,
{
    let mut args = args.into_iter().peekable();
    let first = args.next_if(|a| !a.starts_with('-'));
    let mut mode = match first.as_deref() {
        None | Some("serve") => Mode::Serve(ServerConfig::default()),
        Some("echo") => Mode::Echo(EchoConfig::default()),
        Some("bot") => Mode::Bot(BotConfig {
            connect: SocketAddr::new(LOCALHOST, 0),
            channels: Vec::new(),
            nick: DEFAULT_BOT_NICK.to_string(),
            password: None,
        }),
        Some("help") => return Ok(Mode::Help),
        Some(word) => {
            return Err(format!(
                "unknown command `{word}`; expected serve or echo (see --help)"
            ))
        }
    };

    while let Some(arg) = args.next() {
        if arg == "--help" || arg == "-h" {
            return Ok(Mode::Help);
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        if !flag.starts_with('-') {
            return Err(format!("unexpected argument `{flag}` (see --help)"));
        }
        let value = inline
            .or_else(|| args.next_if(|next| !next.starts_with("--")))
            .ok_or_else(|| format!("missing value for {flag}"));
        match (&mut mode, flag) {
            (Mode::Serve(c), "--listen") => c.listen = address(flag, &value?)?,
            (Mode::Echo(c), "--listen") => c.listen = address(flag, &value?)?,
            (Mode::Serve(c), "--max-clients") => {
                c.max_clients = number(flag, &value?, 1, usize::MAX)?;
            }
            (Mode::Serve(c), "--max-line") => {
                c.max_line = number(flag, &value?, 1, MAX_LINE_LIMIT)?;
            }
            (Mode::Serve(c), "--rate-limit") => {
                c.rate_limit = RateLimit::per_second(number(flag, &value?, 0, u32::MAX)?);
            }
            (Mode::Serve(c), "--irc") => {
                let value = value?;
                c.irc = match value.as_str() {
                    "off" => None,
                    addr => Some(address(flag, addr)?),
                };
                c.irc_explicit = true;
            }
            (Mode::Serve(c), "--web") => {
                let value = value?;
                c.web = match value.as_str() {
                    "off" => None,
                    addr => Some(address(flag, addr)?),
                };
                c.web_explicit = true;
            }
            (Mode::Serve(c), "--irc-password") => c.irc_password = Some(value?),
            (Mode::Serve(c), "--irc-oper") => {
                let value = value?;
                match value.split_once(':') {
                    Some((name, password)) if !name.is_empty() && !password.is_empty() => {
                        c.irc_operators
                            .push((name.to_string(), password.to_string()));
                    }
                    _ => {
                        return Err(format!(
                            "bad value for {flag}: `{value}` is not NAME:PASSWORD"
                        ))
                    }
                }
            }
            (Mode::Serve(c), "--server-name") => {
                let value = value?;
                if value.is_empty()
                    || value.contains(|ch: char| ch.is_whitespace() || ch.is_control())
                {
                    return Err(format!("bad value for {flag}: `{value}` must be one word"));
                }
                c.server_name = value;
            }
            (Mode::Serve(c), "--irc-ping") => {
                c.irc_ping = Duration::from_secs(number(flag, &value?, 1, 86_400)?);
            }
            (Mode::Serve(c), "--irc-register-timeout") => {
                c.irc_registration_timeout = Duration::from_secs(number(flag, &value?, 1, 86_400)?);
            }
            (Mode::Serve(c), "--stats-interval") => {
                c.stats_interval = Some(Duration::from_secs(number(flag, &value?, 1, 86_400)?));
            }
            (Mode::Serve(c), "--quiet-joins") => {
                c.quiet_joins = number(flag, &value?, 0, usize::MAX)?;
            }
            (Mode::Bot(c), "--connect") => {
                c.connect = address(flag, &value?)?;
            }
            (Mode::Bot(c), "--channel") => {
                let value = value?;
                let valid = value
                    .strip_prefix('#')
                    .is_some_and(|room| validate_room(room).is_ok());
                if !valid {
                    return Err(format!(
                        "bad value for {flag}: `{value}` is not a channel like '#lobby'"
                    ));
                }
                c.channels.push(value);
            }
            (Mode::Bot(c), "--nick") => {
                let value = value?;
                validate_nick(&value).map_err(|err| format!("bad value for {flag}: {err}"))?;
                c.nick = value;
            }
            (Mode::Bot(c), "--password") => c.password = Some(value?),
            (Mode::Bot(_), _) => {
                return Err(format!("unknown flag {flag} for chatbot bot (see --help)"))
            }
            (Mode::Echo(_), _) => {
                return Err(format!("unknown flag {flag} for chatbot echo (see --help)"))
            }
            _ => return Err(format!("unknown flag {flag} (see --help)")),
        }
    }
    if let Mode::Bot(c) = &mode {
        if c.connect.port() == 0 {
            return Err("chatbot bot needs --connect ADDR (see --help)".to_string());
        }
        if c.channels.is_empty() {
            return Err("chatbot bot needs at least one --channel (see --help)".to_string());
        }
    }
    Ok(mode)
}

/// Parses a flag's value as a socket address.
fn address(flag: &str, value: &str) -> Result<SocketAddr, String> {
    value.parse().map_err(|_| {
        format!("bad value for {flag}: `{value}` is not an IP:PORT address like 127.0.0.1:7878")
    })
}

/// Parses a flag's value as a whole number in `min..=max`.
fn number<T>(flag: &str, value: &str, min: T, max: T) -> Result<T, String>
where
    T: FromStr + PartialOrd + Display,
{
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "bad value for {flag}: `{value}` is not a whole number"
        ));
    }
    // All digits, so a failed parse can only mean the value overflowed T.
    let n: T = value
        .parse()
        .map_err(|_| format!("bad value for {flag}: must be at most {max}"))?;
    if n < min {
        return Err(format!("bad value for {flag}: must be at least {min}"));
    }
    if n > max {
        return Err(format!("bad value for {flag}: must be at most {max}"));
    }
    Ok(n)
}

#[cfg(test)]
mod tests;
