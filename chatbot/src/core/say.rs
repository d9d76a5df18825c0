//! What saying something does: [`Core::say`] to a room or a person, and the bot's part in it.
//!
//! A room line reaches every member but its sender. A line that is also a bot command
//! (`!roll 2d6`) is answered by the bot: in the room, addressed to the asker
//! (`bot: alice: 2d6: 4 + 5 = 9`), when it was said in a room; privately when it was sent
//! to `bot` itself. The bot is not a client: it has no outbox and no room membership, only a
//! reserved nick ([`BOT_NICK`]) that front ends show in every room's member list.
//!
//! Anything the bot must *wait* for (`!sleep`, `!fib` on the blocking pool, `!stats` from
//! the runtime) comes back to the connection as a [`Followup`], which it carries out in a
//! task of its own before handing the answer to [`Core::bot_answer`].

use std::time::Duration;

use crate::bot::command::BotCommand;
use crate::bot::{self, Now, Response};
use crate::command::ParseError;
use crate::core::{ClientId, Core, Event, Kind, Refusal, Source, Target};
use crate::names::nick_key;
use crate::protocol::BOT_NICK;

/// Where the bot's answer goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BotTarget {
    /// To a room, addressed to `asker` (`asker: text`).
    Room {
        /// The room the question was asked in.
        room: String,
        /// Who asked.
        asker: String,
    },
    /// Privately to `asker`.
    Private {
        /// Who asked.
        asker: String,
    },
}

/// What the connection must do after a line was handled.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a follow-up is work the connection still has to do"]
pub enum Followup {
    /// Nothing more.
    Nothing,
    /// Answer with `text` after `delay` (`!sleep`).
    Later {
        /// Where the answer goes.
        to: BotTarget,
        /// How long to wait.
        delay: Duration,
        /// The answer.
        text: String,
    },
    /// Compute the `n`-th Fibonacci number on the blocking pool, then answer.
    Fib {
        /// Where the answer goes.
        to: BotTarget,
        /// Which number.
        n: u64,
    },
    /// Answer with the runtime's metrics.
    Stats {
        /// Where the answer goes.
        to: BotTarget,
    },
}

/// What a successful [`Core::say`] tells the sender's front end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// The bot's pending work, if the line was a bot command that must wait.
    pub followup: Followup,
    /// The addressee's away message, for a private line to someone away (IRC 301).
    pub away: Option<String>,
}

/// The bot as the source of its lines.
const BOT: Source<'static> = Source {
    nick: BOT_NICK,
    user: BOT_NICK,
    host: "chatbot",
};

impl Core {
    /// Says `text` from `id` to a room or a person. Room lines need `+n`/`+m` permission;
    /// private lines need the addressee to exist (the bot always does).
    pub fn say(
        &mut self,
        id: ClientId,
        to: Target<'_>,
        kind: Kind,
        text: &str,
    ) -> Result<Said, Refusal> {
        let mut said = Said {
            followup: Followup::Nothing,
            away: None,
        };
        let asker = self.clients[&id].nick.clone();
        match to {
            Target::Room(name) => {
                let room = self
                    .rooms
                    .get(name)
                    .ok_or_else(|| Refusal::NoSuchRoom(name.to_string()))?;
                if !room.may_speak(id) {
                    return Err(Refusal::CannotSend(name.to_string()));
                }
                let others: Vec<ClientId> =
                    room.members.iter().copied().filter(|&m| m != id).collect();
                let event = Event::Message {
                    from: self.clients[&id].source(),
                    to,
                    kind,
                    text,
                };
                self.deliver(others, None, &event);
                if kind == Kind::Chat {
                    if let Some(command) = BotCommand::parse(text) {
                        let target = BotTarget::Room {
                            room: name.to_string(),
                            asker,
                        };
                        said.followup = self.bot(target, command);
                    }
                }
            }
            Target::Nick(nick) if nick_key(nick) == BOT_NICK => {
                if kind == Kind::Chat {
                    // A private question need not start with `!`: the bot is being asked.
                    let line = if text.starts_with('!') {
                        text.to_string()
                    } else {
                        format!("!{text}")
                    };
                    if let Some(command) = BotCommand::parse(&line) {
                        said.followup = self.bot(BotTarget::Private { asker }, command);
                    }
                }
            }
            Target::Nick(nick) => {
                let target = self
                    .find(nick)
                    .ok_or_else(|| Refusal::NoSuchNick(nick.to_string()))?;
                let addressee = &self.clients[&target];
                let to = Target::Nick(&addressee.nick);
                let event = Event::Message {
                    from: self.clients[&id].source(),
                    to,
                    kind,
                    text,
                };
                self.deliver([target], None, &event);
                said.away = addressee.away.clone();
            }
        }
        self.clients
            .get_mut(&id)
            .expect("a connected client")
            .last_spoke = std::time::Instant::now();
        Ok(said)
    }

    /// The bot's answer, now or as a follow-up.
    fn bot(&mut self, to: BotTarget, command: Result<BotCommand<'_>, ParseError>) -> Followup {
        let command = match command {
            Ok(command) => command,
            Err(err) => {
                self.bot_answer(&to, &err.to_string());
                return Followup::Nothing;
            }
        };
        match bot::respond(&command, Now::read(self.started), &mut self.rng) {
            Response::Reply(text) => self.bot_answer(&to, &text),
            Response::Later { delay, text } => return Followup::Later { to, delay, text },
            Response::Fib(n) => return Followup::Fib { to, n },
            Response::Stats => return Followup::Stats { to },
        }
        Followup::Nothing
    }

    /// The bot says `text` to whoever asked: in the room as `asker: text`, or privately. A
    /// room that emptied, or an asker who left, meanwhile hears nothing.
    pub fn bot_answer(&mut self, to: &BotTarget, text: &str) {
        match to {
            BotTarget::Room { room, asker } => {
                let Some(members) = self.rooms.get(room).map(|room| room.members.clone()) else {
                    return;
                };
                let text = format!("{asker}: {text}");
                let event = Event::Message {
                    from: BOT,
                    to: Target::Room(room),
                    kind: Kind::Chat,
                    text: &text,
                };
                self.deliver(members, None, &event);
            }
            BotTarget::Private { asker } => {
                let Some(target) = self.find(asker) else {
                    return;
                };
                let event = Event::Message {
                    from: BOT,
                    to: Target::Nick(asker),
                    kind: Kind::Chat,
                    text,
                };
                self.deliver([target], None, &event);
            }
        }
    }
}
