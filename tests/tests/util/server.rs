//! [`TestServer`]: the real chat (or echo) server, in this process, on a thread of its own.
//!
//! The server thread builds a runtime, binds `127.0.0.1:0`, sends the address back, and runs
//! `serve` (or `echo`) until its shutdown future completes. That future reads one end of a Unix
//! socket pair whose other end the test thread holds, so the test can stop the server from
//! outside the runtime: [`TestServer::stop`] closes its end, and so does dropping the
//! `TestServer`. So a failing test never leaves a server running. (A blocking-pool thread
//! waiting on a channel would do too, but a blocking job in flight keeps a paused clock from
//! moving, and most chat tests run on one.)

use std::io;
use std::net::SocketAddr;
use std::os::unix::net::UnixStream as StdUnixStream;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use chatbot::server::{echo, serve_with_web, Settings};
use runtime::io::AsyncReadExt;
use runtime::net::{TcpListener, UnixStream};

use super::{Client, IrcClient, BOUND};

/// Which server to run.
enum Kind {
    /// The chat server, IRC on this address (`127.0.0.1:0` for any free port).
    Chat(Box<Settings>, SocketAddr),
    Echo,
}

/// Any free loopback port.
const ANY_PORT: &str = "127.0.0.1:0";

/// A server running on its own thread until [`stop`](Self::stop)ped or dropped.
pub struct TestServer {
    /// Where it listens for the plain protocol (or echo).
    addr: SocketAddr,
    /// Where the chat server listens for IRC (the echo server has no IRC).
    irc_addr: Option<SocketAddr>,
    /// Where the chat server listens for browsers (`web/`).
    web_addr: Option<SocketAddr>,
    /// Sending on it (or dropping it) completes the server's shutdown future.
    stop: Option<StdUnixStream>,
    /// What `serve`/`echo` returned, sent once the runtime is done.
    result: mpsc::Receiver<io::Result<()>>,
}

impl TestServer {
    /// A chat server on the real clock.
    pub fn chat(settings: Settings) -> TestServer {
        TestServer::start(
            Kind::Chat(Box::new(settings), ANY_PORT.parse().unwrap()),
            false,
        )
    }

    /// A chat server on the real clock whose IRC port is `irc` (for a server that comes back
    /// where an earlier one was).
    pub fn chat_with_irc_at(settings: Settings, irc: SocketAddr) -> TestServer {
        TestServer::start(Kind::Chat(Box::new(settings), irc), false)
    }

    /// A chat server whose runtime starts with a paused clock: time stands still unless a timer
    /// is pending and the server has nothing else to do, and then it jumps to that timer.
    pub fn chat_paused(settings: Settings) -> TestServer {
        TestServer::start(
            Kind::Chat(Box::new(settings), ANY_PORT.parse().unwrap()),
            true,
        )
    }

    /// An echo server.
    pub fn echo() -> TestServer {
        TestServer::start(Kind::Echo, false)
    }

    fn start(kind: Kind, paused: bool) -> TestServer {
        let (addr_tx, addr_rx) = mpsc::channel();
        let (stop_tx, stop_rx) = StdUnixStream::pair().expect("a socket pair to stop the server");
        let (result_tx, result_rx) = mpsc::channel();
        thread::Builder::new()
            .name("server".into())
            .spawn(move || {
                let runtime = runtime::Runtime::builder()
                    .start_paused(paused)
                    .build()
                    .expect("build the server's runtime");
                let result = runtime.block_on(async move {
                    let listener = TcpListener::bind(ANY_PORT)?;
                    let irc = match kind {
                        Kind::Chat(_, irc) => Some(TcpListener::bind(irc)?),
                        Kind::Echo => None,
                    };
                    let irc_addr = irc.as_ref().map(|irc| irc.local_addr()).transpose()?;
                    let web = match kind {
                        Kind::Chat(..) => Some(TcpListener::bind(ANY_PORT)?),
                        Kind::Echo => None,
                    };
                    let web_addr = web.as_ref().map(|web| web.local_addr()).transpose()?;
                    addr_tx
                        .send((listener.local_addr()?, irc_addr, web_addr))
                        .expect("the test waits for the address");
                    let mut stop_rx = UnixStream::from_std(stop_rx)?;
                    let shutdown = async move {
                        // The test closed its end (end of stream), or the read failed: stop.
                        let _ = stop_rx.read(&mut [0u8; 1]).await;
                    };
                    match kind {
                        Kind::Chat(settings, _) => {
                            serve_with_web(*settings, listener, irc, web, shutdown).await
                        }
                        Kind::Echo => echo(listener, shutdown).await,
                    }
                });
                let _ = result_tx.send(result);
            })
            .expect("spawn the server thread");
        let (addr, irc_addr, web_addr) = addr_rx
            .recv_timeout(BOUND)
            .expect("the server did not report its address");
        TestServer {
            addr,
            irc_addr,
            web_addr,
            stop: Some(stop_tx),
            result: result_rx,
        }
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The address the chat server listens on for IRC.
    pub fn irc_addr(&self) -> SocketAddr {
        self.irc_addr.expect("a chat server listens for IRC")
    }

    /// The address the chat server listens on for browsers.
    pub fn web_addr(&self) -> SocketAddr {
        self.web_addr.expect("a chat server listens for browsers")
    }

    /// An IRC client registered as `nick`, its welcome burst read (see [`IrcClient::register`]).
    pub fn irc(&self, nick: &str) -> IrcClient {
        IrcClient::register(self.irc_addr(), nick)
    }

    /// A chat client that has read its welcome (see [`Client::join`]).
    pub fn client(&self) -> Client {
        Client::join(self.addr)
    }

    /// Clients in the lobby renamed to `nicks`, in order; every earlier client has read each
    /// later one's arrival and rename, so all of them start with nothing pending.
    pub fn clients(&self, nicks: &[&str]) -> Vec<Client> {
        let mut clients: Vec<Client> = Vec::new();
        for &nick in nicks {
            let mut newcomer = self.client();
            let guest = newcomer.nick.clone();
            for other in &mut clients {
                other.expect_line(&format!("* {guest} joined"));
            }
            newcomer.rename(nick);
            for other in &mut clients {
                other.expect_line(&format!("* {guest} is now known as {nick}"));
            }
            clients.push(newcomer);
        }
        clients
    }

    /// Triggers shutdown and waits (at most [`BOUND`]) for the server to return; gives what it
    /// returned and how long that took.
    pub fn stop(mut self) -> (io::Result<()>, Duration) {
        let started = Instant::now();
        drop(self.stop.take().expect("stopped once"));
        let result = self
            .result
            .recv_timeout(BOUND)
            .expect("the server did not return after shutdown");
        (result, started.elapsed())
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if self.stop.take().is_some() {
            // Not stopped by the test (it may be failing): wait a little for a clean end, but
            // never hang the test on a server that does not stop.
            let _ = self.result.recv_timeout(BOUND);
        }
    }
}
