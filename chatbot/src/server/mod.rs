//! The servers: the chat server ([`serve`]) and the echo server ([`echo()`]), on our runtime.
//!
//! Both are functions that take a bound listener and a *shutdown* future and run until that
//! future completes, so the binary runs them until Ctrl-C and tests run them in-process on an
//! ephemeral port until the test says stop.
//!
//! The chat server is one task per connection (its reader and writer joined), whatever protocol it
//! speaks, and one shared [`Core`] for the rooms. It listens on two sockets: the plain line
//! protocol (its connections are `plain/connection.rs`) and IRC
//! (`irc/connection.rs`); each front end registers its renderer with
//! the core, so both see the same rooms.
//!
//! Every listener, whatever its protocol, is served by one accept loop (`accept`), and every
//! connection it accepts gets the same socket options there (`set_up`: `TCP_NODELAY`, and why)
//! before its front end sees it, so a front end added later cannot forget them.
//!
//! # Why a shared core and not a broker task
//!
//! The classic design (and asyncio's chat examples) gives the rooms to a *broker* task that
//! connections talk to over channels. On a single-threaded runtime that buys nothing: there is
//! no lock to avoid, only one thread touches the rooms anyway. So connections call the core
//! directly, through an `Rc<RefCell<Core>>`, and every call is synchronous: it updates the
//! rooms and pushes lines into outboxes, then returns. A borrow of the core is never held
//! across an `.await`, so no task can ever find it busy. One message costs one `Rc<str>` per
//! front end and a push per recipient, with no channel hop and no copy.

pub mod echo;
pub mod fd_limit;
pub(crate) mod followup;
pub mod outbox;
pub(crate) mod stats;
pub(crate) mod writer;

use std::cell::{Cell, RefCell};
use std::future::{poll_fn, Future};
use std::io;
use std::rc::Rc;
use std::task::{Poll, Waker};
use std::time::Duration;

use runtime::io::AsyncWriteExt;
use runtime::net::{TcpListener, TcpStream};
use runtime::time::timeout;

pub use echo::echo;
pub use outbox::{Limits, Outbox};

use crate::config::ServerConfig;
use crate::core::{Core, FaceId};
use crate::irc::{self, IrcSettings};
use crate::plain;
use crate::protocol;

/// How long shutdown waits for clients' outboxes to drain before it gives up on them.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// The chat server's configuration, as the connections need it.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Longest accepted line, in bytes.
    pub max_line: usize,
    /// Lines per second a client may send.
    pub rate_limit: crate::rate_limit::RateLimit,
    /// Most clients at once.
    pub max_clients: usize,
    /// Bounds of each plain client's outbox.
    pub outbox: Limits,
    /// The IRC front end's settings.
    pub irc: IrcSettings,
    /// How often to log the `stats:` line (`Server::stats`); `None`: never.
    pub stats_interval: Option<Duration>,
    /// The browser front end's settings.
    pub web: crate::web::WebSettings,
    /// Rooms with more members than this are quiet about joins, parts, quits and renames
    /// (`core/quiet.rs`).
    pub quiet_joins: usize,
}

impl From<&ServerConfig> for Settings {
    fn from(config: &ServerConfig) -> Settings {
        Settings {
            max_line: config.max_line,
            rate_limit: config.rate_limit,
            max_clients: config.max_clients,
            outbox: Limits::default(),
            irc: IrcSettings::from(config),
            stats_interval: config.stats_interval,
            web: crate::web::WebSettings::default(),
            quiet_joins: config.quiet_joins,
        }
    }
}

/// What every connection task shares.
pub(crate) struct Server {
    /// Rooms and clients. Never borrowed across an `.await`.
    pub(crate) core: RefCell<Core>,
    /// The limits and timeouts every connection obeys (max line, rate limit, outbox size...).
    pub(crate) config: Settings,
    /// The plain front end's renderer in the core.
    pub(crate) plain_face: FaceId,
    /// The IRC front end's renderer in the core.
    pub(crate) irc_face: FaceId,
    /// When the server started, seconds since the Unix epoch (IRC 003).
    pub(crate) started_unix: u64,
    /// Set at shutdown, for browser connections that have no outbox (`web/stopping.rs`).
    pub(crate) web: crate::web::Stopping,
    /// Connection tasks still running (a client may have left the core while its writer flushes).
    open: Cell<usize>,
    /// Shutdown, waiting for `open` to reach zero.
    drained: Cell<Option<Waker>>,
}

impl Server {
    /// A server with no clients yet: the core, with the plain and IRC renderers.
    pub(crate) fn new(settings: Settings) -> Rc<Server> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let mut core = Core::new(
            std::time::Instant::now(),
            now.as_nanos() as u64 | 1,
            settings.irc.max_channels,
        );
        core.set_quiet_joins(settings.quiet_joins);
        let plain_face = core.add_face(Rc::new(plain::render::PlainRender));
        let irc_face = core.add_face(Rc::new(irc::render::IrcRender));
        Rc::new(Server {
            core: RefCell::new(core),
            config: settings,
            plain_face,
            irc_face,
            started_unix: now.as_secs(),
            web: crate::web::Stopping::default(),
            open: Cell::new(0),
            drained: Cell::new(None),
        })
    }

    /// Counts a connection task as running until the returned guard drops.
    fn open_connection(self: &Rc<Self>) -> OpenConnection {
        self.open.set(self.open.get() + 1);
        OpenConnection(self.clone())
    }

    /// Connection tasks running now, registered or not, of both protocols.
    pub(crate) fn open_connections(&self) -> usize {
        self.open.get()
    }

    /// Completes once no connection task is running.
    async fn all_closed(&self) {
        poll_fn(|cx| {
            if self.open.get() == 0 {
                return Poll::Ready(());
            }
            self.drained.set(Some(cx.waker().clone()));
            Poll::Pending
        })
        .await
    }

    /// The `!stats` answer and the periodic `stats:` log line: live runtime metrics, and the
    /// bytes waiting in every client's outbox.
    pub(crate) fn stats(&self) -> String {
        let metrics = runtime::metrics();
        let core = self.core.borrow();
        format!(
            "connections {}, tasks alive {}, outbox bytes {}, polls {}, wakes {} local / {} remote, reactor turns {}, events {}, timers {}",
            core.len(),
            metrics.tasks_alive,
            core.queued_bytes(),
            metrics.polls,
            metrics.local_wakes,
            metrics.remote_wakes,
            metrics.reactor_turns,
            metrics.reactor_events,
            metrics.timers_pending,
        )
    }
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("core", &self.core)
            .field("open", &self.open.get())
            .finish()
    }
}

/// Marks one connection task as running; dropping it (however the task ends) counts it out.
struct OpenConnection(Rc<Server>);

impl Drop for OpenConnection {
    fn drop(&mut self) {
        let server = &self.0;
        server.open.set(server.open.get() - 1);
        if server.open.get() == 0 {
            if let Some(waker) = server.drained.take() {
                waker.wake();
            }
        }
    }
}

/// Runs the chat server with the plain protocol on `listener` and no IRC: [`serve_all`]
/// with `irc` set to `None`.
///
/// # Errors
/// As [`serve_all`].
pub async fn serve(
    settings: Settings,
    listener: TcpListener,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    serve_all(settings, listener, None, shutdown).await
}

/// Runs the chat server, the plain protocol on `plain` and IRC on `irc`, until `shutdown`
/// completes; then says goodbye to every client, flushes their outboxes (for at most
/// [`SHUTDOWN_GRACE`]) and returns.
///
/// # Errors
/// Only if accepting fails in a way the listener cannot recover from (it rides out running out
/// of file descriptors on its own).
pub async fn serve_all(
    settings: Settings,
    plain: TcpListener,
    irc: Option<TcpListener>,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    serve_with_web(settings, plain, irc, None, shutdown).await
}

/// [`serve_all`], and the browser front end (`web/`: the chat page, the loop view) on `web`.
///
/// # Errors
/// As [`serve_all`].
pub async fn serve_with_web(
    settings: Settings,
    plain: TcpListener,
    irc: Option<TcpListener>,
    web: Option<TcpListener>,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let server = Server::new(settings);
    let stats = server
        .config
        .stats_interval
        .map(|every| runtime::spawn(stats::log_every(server.clone(), every)));
    let plain_accepting = accept(&server, &plain, Protocol::Plain);
    let irc_accepting = async {
        match &irc {
            Some(listener) => accept(&server, listener, Protocol::Irc).await,
            None => std::future::pending().await,
        }
    };
    let web_accepting = async {
        match &web {
            Some(listener) => accept(&server, listener, Protocol::Web).await,
            None => std::future::pending().await,
        }
    };
    let result: io::Result<()> = runtime::select! {
        result = plain_accepting => result,
        result = irc_accepting => result,
        result = web_accepting => result,
        _ = shutdown => Ok(()),
    };
    if let Some(stats) = stats {
        stats.abort();
    }
    log::info!(
        "shutting down: telling {} clients",
        server.core.borrow().len()
    );
    server.core.borrow_mut().shut_down();
    server.web.stop();
    if timeout(SHUTDOWN_GRACE, server.all_closed()).await.is_err() {
        log::warn!(
            "{} connections did not drain within {SHUTDOWN_GRACE:?}; dropping them",
            server.open.get()
        );
    }
    result
}

/// Which front end a listener serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Protocol {
    /// The plain line protocol.
    Plain,
    /// IRC.
    Irc,
    /// HTTP and WebSocket: the browser front end (`web/`).
    Web,
}

/// Accepts connections for one front end until accepting fails; refuses them past
/// `max_clients` (counted over both front ends) with one line in their protocol.
///
/// Every front end's listener is served by this loop, so every accepted connection gets the
/// same socket options ([`set_up`]) before its protocol sees it.
async fn accept(server: &Rc<Server>, listener: &TcpListener, protocol: Protocol) -> io::Result<()> {
    loop {
        let (mut stream, peer) = listener.accept().await?;
        set_up(&stream, peer);
        if server.open.get() >= server.config.max_clients {
            log::warn!(
                "{peer} refused: server full ({} clients)",
                server.config.max_clients
            );
            let refusal = match protocol {
                Protocol::Plain => protocol::error("server full").into_bytes(),
                Protocol::Irc => irc::render::error_line("Server full").into_bytes(),
                Protocol::Web => crate::web::server_full(),
            };
            drop(runtime::spawn(async move {
                let _ = stream.write_all(&refusal).await;
                let _ = stream.shutdown(std::net::Shutdown::Both);
            }));
            continue;
        }
        let open = server.open_connection();
        let server = server.clone();
        // One spawn per front end, not one future that matches on the protocol: a task is as
        // big as its future, and the match would make every plain and IRC connection as big
        // as a browser's (over 9 KiB, where a plain one needs under 1).
        let task = match protocol {
            Protocol::Plain => {
                runtime::spawn(counted(open, plain::connection::run(stream, peer, server)))
            }
            Protocol::Irc => {
                runtime::spawn(counted(open, irc::connection::run(stream, peer, server)))
            }
            Protocol::Web => runtime::spawn(counted(open, crate::web::run(stream, peer, server))),
        };
        drop(task);
    }
}

/// Runs one connection, counted as open until it ends (or until its task is dropped unfinished,
/// at shutdown: `open` is dropped with it).
async fn counted(open: OpenConnection, connection: impl Future<Output = ()>) {
    connection.await;
    drop(open);
}

/// The socket options of every accepted chat connection, whatever its protocol.
///
/// `TCP_NODELAY`, that is Nagle's algorithm off. Nagle holds a small segment back while an
/// earlier one on the same socket is unacknowledged, and a client that also sends (its socket
/// is "interactive" to its kernel) delays its acknowledgements, up to 40 ms on Linux, hoping to
/// piggyback them on its next line. A chat server sends nothing but small lines, often two in
/// quick succession to one client (two members talking): the second one waited for that timer.
/// In a closed loop, where a sender talks again only once its line has reached everyone, one
/// held line stalls its sender and, through the lines it did not send, the others: the server
/// sat idle between those timers. (Sampling `ss -tin` during the bench's 500 x 5 closed-loop
/// run found written bytes held back, `notsent`, almost only on the five senders' sockets;
/// with this option, none.) The writer already puts everything queued for a client into one
/// write (`writer.rs`), so Nagle's coalescing has nothing left to gain.
///
/// A connection whose option cannot be set still works, only slower; so this logs and goes on.
fn set_up(stream: &TcpStream, peer: std::net::SocketAddr) {
    if let Err(e) = stream.set_nodelay(true) {
        log::debug!("{peer}: could not set TCP_NODELAY: {e}");
    }
}
