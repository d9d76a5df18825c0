//! One connection of the bot client: register, join, answer, until the server goes away or
//! the bot is told to stop.
//!
//! Registration as the Modern document describes it: `CAP LS 302` (we want no capability, so
//! the answer is followed by `CAP END`), `PASS` if configured, `NICK`, `USER`, then wait for
//! `001`. A `433` (nick taken) or `432` (nick refused) before that picks the next nick:
//! `chatbot`, `chatbot1`, `chatbot2`, ... After `001` the bot joins its channels.
//!
//! Then, line by line: `PING` is answered with `PONG`; a `KICK` of the bot rejoins after
//! [`BotSettings::rejoin_delay`] (in a task of its own, so the bot keeps answering elsewhere);
//! a `PRIVMSG` that is a bot command is answered; `ERROR` or EOF ends the session. `NOTICE`s are
//! never answered, as RFC 1459 asks of bots.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Instant;

use runtime::io::{trim_line_ending, BufReader, LineError};
use runtime::net::TcpStream;
use runtime::time::{sleep, timeout};

use crate::bot::command::BotCommand;
use crate::bot::dice::SplitMix64;
use crate::bot::{self, Now, Response};
use crate::bot_client::BotSettings;
use crate::irc::message::{parse, Message};
use crate::names::{nick_key, MAX_NICK_LEN};
use crate::server::followup::fib_answer;
use crate::server::outbox::{Limits, Outbox};
use crate::server::writer::write_loop;
use crate::server::SHUTDOWN_GRACE;

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ended {
    /// `shutdown` completed; `QUIT` was sent.
    Shutdown,
    /// The server closed, failed or said `ERROR`; `registered` if we had got `001`.
    Lost {
        /// Whether the session got as far as `001`.
        registered: bool,
    },
}

/// What a session keeps while it runs.
struct Bot<'a> {
    /// Server, channels, nick.
    settings: &'a BotSettings,
    /// Where our lines go; the writer task drains it.
    outbox: Rc<Outbox>,
    /// Our nick, as the server knows it (or as we last asked for it, before `001`).
    nick: String,
    /// How many nicks we have tried; the next one is `nick` + this.
    tries: u32,
    /// Whether `001` has arrived.
    registered: bool,
    /// The bot's dice.
    rng: SplitMix64,
    /// When this session started, for `!uptime`.
    started: Instant,
}

/// Queues one IRC line.
fn send(outbox: &Outbox, message: Message) {
    let _ = outbox.push(message.render().into());
}

/// Runs one session on `stream`.
pub(crate) async fn run(
    stream: TcpStream,
    settings: &BotSettings,
    mut shutdown: Pin<&mut impl Future<Output = ()>>,
) -> Ended {
    let (reader, writer) = stream.into_split();
    // Servers send lines of at most 512 bytes plus tags; anything longer is refused, unread.
    let mut reader = BufReader::new(reader).with_max_line(8192);
    let outbox = Rc::new(Outbox::new(Limits::default()));
    let writer = runtime::spawn(write_loop(writer, outbox.clone()));
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(7, |d| d.as_nanos() as u64);
    let mut bot = Bot {
        settings,
        outbox: outbox.clone(),
        nick: settings.config.nick.clone(),
        tries: 0,
        registered: false,
        rng: SplitMix64::new(seed),
        started: Instant::now(),
    };
    send(
        &outbox,
        Message::new(None, "CAP", &["LS", "302"]).plain_last(),
    );
    if let Some(password) = &settings.config.password {
        send(&outbox, Message::new(None, "PASS", &[password]));
    }
    send(
        &outbox,
        Message::new(None, "NICK", &[&bot.nick]).plain_last(),
    );
    send(
        &outbox,
        Message::new(
            None,
            "USER",
            &[&bot.nick, "0", "*", "chatbot, the reactor's bot"],
        ),
    );

    let mut line = String::new(); // reused for every line
    let ended = loop {
        line.clear();
        let read = runtime::select! {
            read = reader.read_line(&mut line) => read,
            _ = shutdown.as_mut() => {
                send(&outbox, Message::new(None, "QUIT", &["shutting down"]));
                break Ended::Shutdown;
            },
        };
        let lost = Ended::Lost {
            registered: bot.registered,
        };
        match read {
            // A line cut off by end of stream is not a line.
            Ok(0) => break lost,
            Ok(_) if !line.ends_with('\n') => break lost,
            Ok(_) => {}
            // A line too long or not UTF-8 is skipped, as the server skips ours.
            Err(err) if LineError::of(&err).is_some() => continue,
            Err(_) => break lost,
        }
        let Ok(message) = parse(trim_line_ending(&line).trim_end_matches('\r')) else {
            continue;
        };
        if !bot.handle(&message) {
            break Ended::Lost {
                registered: bot.registered,
            };
        }
    };
    outbox.close();
    let _ = timeout(SHUTDOWN_GRACE, writer).await;
    ended
}

impl Bot<'_> {
    /// Acts on one line from the server; false when the server said `ERROR`.
    fn handle(&mut self, m: &Message) -> bool {
        let param = |i: usize| m.params.get(i).map_or("", String::as_str);
        match m.command.to_ascii_uppercase().as_str() {
            "PING" => send(&self.outbox, Message::new(None, "PONG", &[param(0)])),
            "CAP" if param(1).eq_ignore_ascii_case("LS") => send(
                &self.outbox,
                Message::new(None, "CAP", &["END"]).plain_last(),
            ),
            "001" => {
                self.registered = true;
                self.nick = param(0).to_string();
                log::info!("registered as {}", self.nick);
                let channels = self.settings.config.channels.join(",");
                send(
                    &self.outbox,
                    Message::new(None, "JOIN", &[&channels]).plain_last(),
                );
            }
            "432" | "433" if !self.registered => {
                self.tries += 1;
                let suffix = self.tries.to_string();
                let base = &self.settings.config.nick;
                let keep = base.len().min(MAX_NICK_LEN - suffix.len());
                self.nick = format!("{}{suffix}", &base[..keep]);
                log::info!("nick taken; trying {}", self.nick);
                send(
                    &self.outbox,
                    Message::new(None, "NICK", &[&self.nick]).plain_last(),
                );
            }
            "NICK" if self.is_me(m) => self.nick = param(0).to_string(),
            "KICK" if nick_key(param(1)) == nick_key(&self.nick) => {
                let channel = param(0).to_string();
                let delay = self.settings.rejoin_delay;
                log::info!("kicked from {channel}; rejoining in {delay:?}");
                let outbox = self.outbox.clone();
                drop(runtime::spawn(async move {
                    sleep(delay).await;
                    send(
                        &outbox,
                        Message::new(None, "JOIN", &[&channel]).plain_last(),
                    );
                }));
            }
            "PRIVMSG" => self.answer(m),
            "ERROR" => {
                log::warn!("server said: {}", param(0));
                return false;
            }
            _ => {}
        }
        true
    }

    /// Whether `m` comes from us.
    fn is_me(&self, m: &Message) -> bool {
        let nick = m
            .prefix
            .as_deref()
            .and_then(|p| p.split('!').next())
            .unwrap_or("");
        nick_key(nick) == nick_key(&self.nick)
    }

    /// Answers a `PRIVMSG` that is a bot command: in the channel to `asker: ...`, or privately.
    fn answer(&mut self, m: &Message) {
        let (Some(target), Some(text)) = (m.params.first(), m.params.get(1)) else {
            return;
        };
        let Some(asker) = m.prefix.as_deref().and_then(|p| p.split('!').next()) else {
            return;
        };
        let private = !target.starts_with('#');
        let question = if private && !text.starts_with('!') {
            format!("!{text}")
        } else {
            text.clone()
        };
        let Some(command) = BotCommand::parse(&question) else {
            return;
        };
        let reply_to = if private {
            asker.to_string()
        } else {
            target.clone()
        };
        let prefix = if private {
            String::new()
        } else {
            format!("{asker}: ")
        };
        let outbox = self.outbox.clone();
        let say = move |text: &str| {
            send(
                &outbox,
                Message::new(None, "PRIVMSG", &[&reply_to, &format!("{prefix}{text}")]),
            )
        };
        let command = match command {
            Ok(command) => command,
            Err(err) => return say(&err.to_string()),
        };
        match bot::respond(&command, Now::read(self.started), &mut self.rng) {
            Response::Reply(text) => say(&text),
            Response::Later { delay, text } => drop(runtime::spawn(async move {
                sleep(delay).await;
                say(&text);
            })),
            Response::Fib(n) => drop(runtime::spawn(async move {
                say(&fib_answer(n).await);
            })),
            Response::Stats => {
                let m = runtime::metrics();
                say(&format!(
                    "tasks alive {}, polls {}, wakes {} local / {} remote, reactor turns {}",
                    m.tasks_alive, m.polls, m.local_wakes, m.remote_wakes, m.reactor_turns
                ));
            }
        }
    }
}
