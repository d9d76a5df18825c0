//! [`IrcClient`]: a blocking TCP client that speaks raw IRC lines, with a deadline on every
//! read.
//!
//! It knows just enough IRC to get a test to the point it is about: how to register, and how
//! to [`sync`](IrcClient::sync) (send `PING :token` and read up to the `PONG` that carries it:
//! the server handles a client's lines in order, so everything the earlier lines caused for
//! this client has arrived by then). Every line it returns has lost its `\r\n`.

use std::io::{self, BufReader, ErrorKind, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use super::{lines, BOUND};

/// One IRC connection.
pub struct IrcClient {
    /// The nick this client registered with (tests update it when they rename).
    pub nick: String,
    /// The socket, for writing.
    stream: TcpStream,
    /// The same socket, buffered for reading lines.
    reader: BufReader<TcpStream>,
    /// Tokens for [`sync`](Self::sync), so that each PONG is told from the last.
    syncs: u32,
}

impl IrcClient {
    /// Connects without sending anything.
    pub fn connect(addr: SocketAddr) -> IrcClient {
        let stream = TcpStream::connect(addr).expect("connect to the IRC port");
        stream.set_nodelay(true).unwrap();
        stream.set_write_timeout(Some(BOUND)).unwrap();
        let reader = BufReader::new(stream.try_clone().unwrap());
        IrcClient {
            nick: "*".to_string(),
            stream,
            reader,
            syncs: 0,
        }
    }

    /// Connects, sends `NICK` and `USER` in one write, and reads the welcome burst up to the
    /// end of the MOTD (376). Returns the client with the burst consumed.
    pub fn register(addr: SocketAddr, nick: &str) -> IrcClient {
        let mut client = IrcClient::connect(addr);
        client.send_bytes(format!("NICK {nick}\r\nUSER {nick} 0 * :{nick} Test\r\n").as_bytes());
        client.nick = nick.to_string();
        let burst = client.read_until(|line| numeric(line) == Some("376"));
        assert_eq!(numeric(&burst[0]), Some("001"), "{burst:?}");
        client
    }

    /// Like [`register`](Self::register), asking for the capabilities `caps` (space-separated)
    /// first; panics unless the server ACKs them.
    pub fn register_with_caps(addr: SocketAddr, nick: &str, caps: &str) -> IrcClient {
        let mut client = IrcClient::connect(addr);
        client.nick = nick.to_string();
        client.send(&format!("CAP REQ :{caps}"));
        client.expect_line(&format!(":chatbot.local CAP * ACK :{caps}"));
        client.send_bytes(
            format!("NICK {nick}\r\nUSER {nick} 0 * :{nick} Test\r\nCAP END\r\n").as_bytes(),
        );
        client.read_until(|line| numeric(line) == Some("376"));
        client
    }

    /// Sends `line` and `\r\n`.
    pub fn send(&mut self, line: &str) {
        self.send_bytes(format!("{line}\r\n").as_bytes());
    }

    /// Sends raw bytes, exactly as given.
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).expect("send to the server");
    }

    /// The next line, without `\r\n`; panics on EOF, an error, or after [`BOUND`].
    pub fn read_line(&mut self) -> String {
        match self.try_read_line(BOUND) {
            Ok(Some(line)) => line,
            Ok(None) => panic!("{}: connection closed, expected a line", self.nick),
            Err(err) => panic!("{}: no line within {BOUND:?}: {err}", self.nick),
        }
    }

    /// The next line, or `None` at EOF; an error if nothing complete arrives within `limit`.
    pub fn try_read_line(&mut self, limit: Duration) -> io::Result<Option<String>> {
        let Some(mut bytes) = lines::read_raw(&mut self.reader, limit)? else {
            return Ok(None);
        };
        assert!(
            bytes.ends_with(b"\r\n"),
            "{}: a line not ended by CR LF: {bytes:?}",
            self.nick
        );
        assert!(
            bytes.len() <= 512,
            "{}: a line over 512 bytes: {}",
            self.nick,
            bytes.len()
        );
        bytes.truncate(bytes.len() - 2);
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|err| io::Error::new(ErrorKind::InvalidData, err))
    }

    /// Reads one line and checks it is exactly `expected`.
    pub fn expect_line(&mut self, expected: &str) {
        let line = self.read_line();
        assert_eq!(line, expected, "{} got the wrong line", self.nick);
    }

    /// Reads one line and checks it is numeric `code` addressed to this client, then returns
    /// what follows `:server CODE nick `.
    pub fn expect_numeric(&mut self, code: &str) -> String {
        let line = self.read_line();
        assert_eq!(
            numeric(&line),
            Some(code),
            "{}: expected {code}, got {line:?}",
            self.nick
        );
        let rest = line.splitn(4, ' ').nth(3).unwrap_or("").to_string();
        rest
    }

    /// Reads lines until one satisfies `done`, within [`BOUND`] overall; returns them all,
    /// the matching one last.
    pub fn read_until(&mut self, done: impl FnMut(&str) -> bool) -> Vec<String> {
        let nick = self.nick.clone();
        lines::read_until(&nick, |limit| self.try_read_line(limit), done)
    }

    /// Sends a `PING` and returns every line that arrived before its `PONG`.
    pub fn sync(&mut self) -> Vec<String> {
        self.syncs += 1;
        let token = format!("sync-{}", self.syncs);
        self.send(&format!("PING :{token}"));
        let mut lines = self.read_until(|line| {
            line.starts_with(':') && line.contains(" PONG ") && line.ends_with(&token)
        });
        lines.pop();
        lines
    }

    /// Checks, with [`sync`](Self::sync), that nothing was sent to this client.
    pub fn expect_nothing_more(&mut self) {
        let extra = self.sync();
        assert!(
            extra.is_empty(),
            "{} got lines it should not have: {extra:?}",
            self.nick
        );
    }

    /// Joins `channel` and reads through the end of its NAMES (366); returns the lines.
    pub fn join(&mut self, channel: &str) -> Vec<String> {
        self.send(&format!("JOIN {channel}"));
        self.read_until(|line| numeric(line) == Some("366"))
    }

    /// Checks that the server closed the connection (EOF or a reset).
    pub fn expect_eof(&mut self) {
        let read = self.try_read_line(BOUND);
        lines::expect_eof(&self.nick, read);
    }
}

/// The numeric of a server line `:server 001 nick ...`, if it is one.
pub fn numeric(line: &str) -> Option<&str> {
    let code = line.split(' ').nth(1)?;
    (code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

/// The prefix `nick!user@host` the server gives a test client registered as `nick` by
/// [`IrcClient::register`].
pub fn mask(nick: &str) -> String {
    format!("{nick}!{nick}@127.0.0.1")
}
