//! The command table: every IRC command we implement, its handler, how many parameters it
//! needs, and whether it may be used before registration.
//!
//! [`dispatch`] is the only place that checks those two rules, so no handler repeats them:
//! an unknown command gets `421 ERR_UNKNOWNCOMMAND`, a known one used too early
//! `451 ERR_NOTREGISTERED`, one with too few parameters `461 ERR_NEEDMOREPARAMS`. A handler
//! is reached only with at least `min_params` parameters, and, unless its entry says
//! `pre_registration`, only by a registered client.
//!
//! Commands whose missing parameters have a more specific numeric (`NICK` with none is 431,
//! `PRIVMSG` without a target 411 or without text 412) declare fewer and check for themselves.
//!
//! Where each command lives: registration and capability negotiation in
//! [`registration`](super::registration); channel commands in [`channels`](super::channels)
//! and [`modes`](super::modes); `PRIVMSG`/`NOTICE` in [`messages`](super::messages); queries
//! and the rest in [`queries`](super::queries); `OPER`, `KILL`, `WALLOPS` in
//! [`operator`](super::operator).

use crate::irc::message::Message;
use crate::irc::numeric::{ERR_NEEDMOREPARAMS, ERR_NOTREGISTERED, ERR_UNKNOWNCOMMAND};
use crate::irc::session::{Outcome, Session};
use crate::irc::{channels, messages, modes, operator, queries, registration};

/// What a command's handler is: the session and the message in, what to do next out.
pub type Handler = fn(&mut Session, &Message) -> Outcome;

/// One command's entry in the table.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// The command, in upper case; matched without regard to case.
    pub name: &'static str,
    /// What carries it out.
    pub handler: Handler,
    /// The fewest parameters it accepts; fewer get 461.
    pub min_params: usize,
    /// Whether an unregistered client may use it; if not, 451.
    pub pre_registration: bool,
}

/// Shorthand for a table row.
const fn spec(
    name: &'static str,
    handler: Handler,
    min_params: usize,
    pre_registration: bool,
) -> Spec {
    Spec {
        name,
        handler,
        min_params,
        pre_registration,
    }
}

/// Every command we implement. Anything else is answered with 421; README lists the
/// commands of the Modern document that are deliberately among them.
pub const COMMANDS: &[Spec] = &[
    spec("CAP", registration::cap, 1, true),
    spec("PASS", registration::pass, 1, true),
    spec("NICK", registration::nick, 0, true),
    spec("USER", registration::user, 4, true),
    spec("PING", queries::ping, 1, true),
    spec("PONG", queries::pong, 0, true),
    spec("QUIT", registration::quit, 0, true),
    spec("JOIN", channels::join, 1, false),
    spec("PART", channels::part, 1, false),
    spec("TOPIC", channels::topic, 1, false),
    spec("NAMES", channels::names, 0, false),
    spec("LIST", channels::list, 0, false),
    spec("KICK", channels::kick, 2, false),
    spec("INVITE", channels::invite, 2, false),
    spec("MODE", modes::mode, 1, false),
    spec("PRIVMSG", messages::privmsg, 0, false),
    spec("NOTICE", messages::notice, 0, false),
    spec("WHO", queries::who, 0, false),
    spec("WHOIS", queries::whois, 1, false),
    spec("AWAY", queries::away, 0, false),
    spec("ISON", queries::ison, 1, false),
    spec("USERHOST", queries::userhost, 1, false),
    spec("VERSION", queries::version, 0, false),
    spec("TIME", queries::time, 0, false),
    spec("LUSERS", registration::lusers, 0, false),
    spec("MOTD", registration::motd, 0, false),
    spec("OPER", operator::oper, 2, false),
    spec("KILL", operator::kill, 2, false),
    spec("WALLOPS", operator::wallops, 1, false),
];

/// Looks `message`'s command up, enforces its table entry, and runs its handler.
pub fn dispatch(session: &mut Session, message: &Message) -> Outcome {
    let command = message.command.to_ascii_uppercase();
    let Some(spec) = COMMANDS.iter().find(|spec| spec.name == command) else {
        let core = session.server.core.borrow();
        session.reply(
            &core,
            ERR_UNKNOWNCOMMAND,
            &[&message.command, "Unknown command"],
        );
        return Outcome::Continue;
    };
    if !spec.pre_registration && session.id.is_none() {
        let core = session.server.core.borrow();
        session.reply(&core, ERR_NOTREGISTERED, &["You have not registered"]);
        return Outcome::Continue;
    }
    if message.params.len() < spec.min_params {
        let core = session.server.core.borrow();
        session.reply(
            &core,
            ERR_NEEDMOREPARAMS,
            &[spec.name, "Not enough parameters"],
        );
        return Outcome::Continue;
    }
    (spec.handler)(session, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_appears_once_in_upper_case() {
        for (i, spec) in COMMANDS.iter().enumerate() {
            assert_eq!(spec.name, spec.name.to_ascii_uppercase());
            assert!(
                COMMANDS[i + 1..]
                    .iter()
                    .all(|other| other.name != spec.name),
                "{}",
                spec.name
            );
        }
    }

    #[test]
    fn only_registration_and_liveness_commands_work_before_registration() {
        let early: Vec<&str> = COMMANDS
            .iter()
            .filter(|s| s.pre_registration)
            .map(|s| s.name)
            .collect();
        assert_eq!(
            early,
            ["CAP", "PASS", "NICK", "USER", "PING", "PONG", "QUIT"]
        );
    }
}
