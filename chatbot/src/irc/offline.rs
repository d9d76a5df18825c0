//! [`Offline`]: IRC clients with no sockets. Each line takes the way a connection's line takes
//! after the reader has cut it (`connection.rs`: the length checks, `sanitize_irc`, the parser,
//! the command table, the handlers) into a real core, and what the server sent each client
//! waits in its outbox until [`Offline::received`] takes it.
//!
//! What is left out is what needs a socket or a clock: framing (lines come whole), flood delay,
//! the ping and registration timers, and the bot's replies (they run as tasks; `!` lines reach
//! the room as chat all the same). It exists so that the fuzz target `irc_session` can drive
//! command handling with any lines from several clients at once, and for tests that want many
//! clients' handling without the network.
//!
//! ```
//! use chatbot::irc::Offline;
//!
//! let mut irc = Offline::new(2);
//! for (client, nick) in [(0, "alice"), (1, "bob")] {
//!     irc.send(client, &format!("NICK {nick}"));
//!     irc.send(client, &format!("USER {nick} 0 * :{nick}"));
//!     irc.send(client, "JOIN #rust");
//! }
//! irc.received(1);
//! irc.send(0, "PRIVMSG #rust :hello");
//! assert!(irc.received(1).starts_with(":alice!alice@"));
//! irc.send(1, "QUIT :bye");
//! assert!(irc.is_closed(1));
//! ```

use std::net::{Ipv4Addr, SocketAddr};
use std::rc::Rc;

use crate::config::ServerConfig;
use crate::irc::commands::dispatch;
use crate::irc::connection::{command, leave, too_long, Ending, READ_CAP};
use crate::irc::session::{Outcome, Session};
use crate::server::outbox::{Outbox, State};
use crate::server::{Server, Settings};

/// A server with `n` IRC clients and no network (see the module doc).
#[derive(Debug)]
pub struct Offline {
    /// Each client's session; `None` once its connection is over.
    clients: Vec<Client>,
}

/// One client.
#[derive(Debug)]
struct Client {
    /// Its connection's state.
    session: Session,
    /// Whether its connection is over: `QUIT`, a wrong password, a `KILL`, a full sendq.
    closed: bool,
}

impl Offline {
    /// A server with the default settings and `n` connected, unregistered IRC clients, from
    /// 127.0.0.1 ports 1 to `n`.
    pub fn new(n: usize) -> Offline {
        let settings = Settings::from(&ServerConfig::default());
        let server = Server::new(settings);
        let clients = (0..n)
            .map(|i| {
                let outbox = Rc::new(Outbox::new(server.config.irc.sendq));
                let peer = SocketAddr::from((Ipv4Addr::LOCALHOST, i as u16 + 1));
                Client {
                    session: Session::new(server.clone(), outbox, peer),
                    closed: false,
                }
            })
            .collect();
        Offline { clients }
    }

    /// Handles one line from `client`, as the reader cut it: its terminator may be left on
    /// (the reader's `\r` or `\n`), but it holds no other. Ignored once the client's connection
    /// is over.
    ///
    /// # Panics
    /// If `client` is not below the `n` given to [`Offline::new`].
    pub fn send(&mut self, client: usize, line: &str) {
        if self.is_closed(client) {
            return;
        }
        let client = &mut self.clients[client];
        if let Some(ending) = handle(&mut client.session, line) {
            client.closed = true;
            leave(&client.session, ending);
        }
    }

    /// Everything the server sent `client` since the last call, as the bytes its socket would
    /// carry. A client whose connection is over is sent nothing more.
    ///
    /// # Panics
    /// If `client` is not below the `n` given to [`Offline::new`].
    pub fn received(&mut self, client: usize) -> String {
        let mut out = Vec::new();
        self.clients[client].session.outbox.take_queued(&mut out);
        String::from_utf8(out).expect("the server sends only UTF-8")
    }

    /// Whether `client`'s connection is over (what would close its socket). The server may
    /// have ended it from elsewhere (a `KILL`, a full sendq): then it leaves now, as its
    /// reader would on seeing its outbox closed.
    ///
    /// # Panics
    /// If `client` is not below the `n` given to [`Offline::new`].
    pub fn is_closed(&mut self, client: usize) -> bool {
        let client = &mut self.clients[client];
        if !client.closed && client.session.outbox.state() != State::Open {
            client.closed = true;
            leave(&client.session, Ending::of_closed(&client.session.outbox));
        }
        client.closed
    }
}

/// One line's way through the connection's steps; `Some` if it ends the connection.
fn handle(session: &mut Session, line: &str) -> Option<Ending> {
    if line.len() > READ_CAP + 1 {
        too_long(session); // the reader refuses it before anything else sees it
        return None;
    }
    let text = runtime::io::trim_line_ending(line);
    let message = command(session, text)?;
    match dispatch(session, &message) {
        Outcome::Continue | Outcome::Bot(_) => None,
        Outcome::Close => Some(Ending::Closed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` clients registered as `c0`, `c1`..., their welcome bursts taken.
    fn registered(n: usize) -> Offline {
        let mut irc = Offline::new(n);
        for i in 0..n {
            irc.send(i, &format!("NICK c{i}"));
            irc.send(i, &format!("USER c{i} 0 * :c{i}\r\n"));
            assert!(irc.received(i).contains(" 001 "), "c{i} is welcome");
        }
        irc
    }

    #[test]
    fn a_line_past_the_readers_cap_gets_417_and_the_client_stays() {
        let mut irc = registered(1);
        irc.send(0, &format!("PRIVMSG c0 :{}", "x".repeat(READ_CAP)));
        assert!(irc.received(0).contains(" 417 c0 "));
        assert!(!irc.is_closed(0));
    }

    #[test]
    fn after_quit_the_room_is_told_and_the_client_is_sent_nothing_more() {
        let mut irc = registered(2);
        irc.send(0, "JOIN #a");
        irc.send(1, "JOIN #a");
        irc.received(0);
        irc.send(1, "QUIT :bye");
        assert!(irc.is_closed(1));
        assert!(irc.received(0).starts_with(":c1!"));
        irc.received(1);
        irc.send(1, "JOIN #b");
        irc.send(0, "PRIVMSG #a :anyone?");
        assert_eq!(irc.received(1), "");
    }
}
