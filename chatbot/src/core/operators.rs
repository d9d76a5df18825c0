//! Server operators: who they are, and the two things only they may do: `kill` a client and
//! send `wallops` to the other operators.
//!
//! Who may become an operator is the front end's question (IRC's `OPER` checks a name and
//! password given on the command line); the core only keeps the flag, counts it, and lets the
//! flag's holders do what it allows.

use crate::core::{ClientId, Core, Event, Refusal};

impl Core {
    /// Makes `id` a server operator.
    pub fn set_operator(&mut self, id: ClientId) {
        self.clients
            .get_mut(&id)
            .expect("a connected client")
            .operator = true;
    }

    /// How many operators are connected (IRC `LUSERS` 252).
    pub fn operators(&self) -> usize {
        self.clients.values().filter(|c| c.operator).count()
    }

    /// Operator `by` disconnects `nick`: the victim is told why, everyone sharing a room with
    /// it hears it quit with `Killed (by (reason))`, and its outbox is closed after that last
    /// line, which ends its connection.
    pub fn kill(&mut self, by: ClientId, nick: &str, reason: &str) -> Result<(), Refusal> {
        let target = self
            .find(nick)
            .ok_or_else(|| Refusal::NoSuchNick(nick.to_string()))?;
        let killer = &self.clients[&by];
        let victim = &self.clients[&target];
        let event = Event::Killed {
            by: killer.source(),
            nick: &victim.nick,
            reason,
        };
        self.deliver([target], None, &event);
        let outbox = victim.outbox.clone();
        let why = format!("Killed ({} ({reason}))", killer.nick);
        log::info!("{} killed {}: {reason}", killer.nick, victim.nick);
        self.disconnect(target, Some(&why));
        outbox.close();
        Ok(())
    }

    /// Operator `from` says `text` to every operator (itself included, as IRC servers do).
    pub fn wallops(&self, from: ClientId, text: &str) {
        let operators: Vec<ClientId> = self
            .clients
            .iter()
            .filter(|(_, c)| c.operator)
            .map(|(&id, _)| id)
            .collect();
        let event = Event::Wallops {
            from: self.clients[&from].source(),
            text,
        };
        self.deliver(operators, Some(from), &event);
    }
}
