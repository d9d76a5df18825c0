//! What a small network's operators need: `OPER` to become one, `KILL` to remove a client,
//! `WALLOPS` to reach the other operators.
//!
//! Operators are configured on the command line (`--irc-oper NAME:PASS`); with none configured,
//! `OPER` always answers 491. The checks are the spec's: 491 `ERR_NOOPERHOST` for a name that is
//! not an operator, 464 `ERR_PASSWDMISMATCH` for a wrong password, 481 `ERR_NOPRIVILEGES` for
//! `KILL` or `WALLOPS` from someone who is not an operator.

use crate::irc::isupport::cut;
use crate::irc::message::Message;
use crate::irc::numeric::*;
use crate::irc::session::{Outcome, Session};

/// `OPER name password`: 381 and user mode `+o`.
pub fn oper(s: &mut Session, m: &Message) -> Outcome {
    let id = s.me();
    let mut core = s.server.core.borrow_mut();
    let (name, password) = (&m.params[0], &m.params[1]);
    let operators = &s.server.config.irc.operators;
    match operators.iter().find(|(n, _)| n == name) {
        None => s.reply(&core, ERR_NOOPERHOST, &["No O-lines for your host"]),
        Some((_, wanted)) if wanted != password => {
            s.reply(&core, ERR_PASSWDMISMATCH, &["Password incorrect"])
        }
        Some(_) => {
            core.set_operator(id);
            s.reply(&core, RPL_YOUREOPER, &["You are now an IRC operator"]);
            let nick = core.client(id).nick.clone();
            s.send(Message::new(Some(&nick), "MODE", &[&nick, "+o"]).render());
            log::info!("{nick} is now an operator ({name})");
        }
    }
    Outcome::Continue
}

/// Whether the client is an operator; if not, says 481.
fn privileged(s: &Session, core: &crate::core::Core) -> bool {
    let operator = core.client(s.me()).operator;
    if !operator {
        s.reply(
            core,
            ERR_NOPRIVILEGES,
            &["Permission Denied- You're not an IRC operator"],
        );
    }
    operator
}

/// `KILL nick :reason`.
pub fn kill(s: &mut Session, m: &Message) -> Outcome {
    let mut core = s.server.core.borrow_mut();
    if privileged(s, &core) {
        if let Err(refusal) = core.kill(s.me(), &m.params[0], cut(&m.params[1])) {
            s.refused(&core, &refusal);
        }
    }
    Outcome::Continue
}

/// `WALLOPS :text`.
pub fn wallops(s: &mut Session, m: &Message) -> Outcome {
    let core = s.server.core.borrow();
    if privileged(s, &core) {
        core.wallops(s.me(), cut(&m.params[0]));
    }
    Outcome::Continue
}
