//! The servers: the chat server ([`serve`]) and the echo server ([`echo`]), on our runtime.
//!
//! Both are functions that take a bound listener and a *shutdown* future and run until that
//! future completes, so the binary runs them until Ctrl-C and tests run them in-process on an
//! ephemeral port until the test says stop.
//!
//! The chat server is one task per connection (plus a writer task each), and a shared [`Hub`]
//! for the rooms; why there is no broker task is explained in [`hub`].

pub mod connection;
pub mod echo;
pub mod hub;
pub mod outbox;

use std::cell::{Cell, RefCell};
use std::future::{poll_fn, Future};
use std::io;
use std::rc::Rc;
use std::task::{Poll, Waker};
use std::time::Duration;

use runtime::io::AsyncWriteExt;
use runtime::net::TcpListener;
use runtime::time::timeout;

pub use echo::echo;
pub use hub::Hub;
pub use outbox::{Limits, Outbox};

use crate::config::ServerConfig;
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
    /// Bounds of each client's outbox.
    pub outbox: Limits,
}

impl From<&ServerConfig> for Settings {
    fn from(config: &ServerConfig) -> Settings {
        Settings {
            max_line: config.max_line,
            rate_limit: config.rate_limit,
            max_clients: config.max_clients,
            outbox: Limits::default(),
        }
    }
}

/// What every connection task shares.
pub(crate) struct Server {
    /// Rooms and clients. Never borrowed across an `.await`.
    pub(crate) hub: RefCell<Hub>,
    /// Limits.
    pub(crate) config: Settings,
    /// Connection tasks still running (a client may have left the hub while its writer flushes).
    open: Cell<usize>,
    /// Shutdown, waiting for `open` to reach zero.
    drained: Cell<Option<Waker>>,
}

impl Server {
    /// Counts a connection task as running until the returned guard drops.
    fn open_connection(self: &Rc<Self>) -> OpenConnection {
        self.open.set(self.open.get() + 1);
        OpenConnection(self.clone())
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

    /// The `!stats` answer: live runtime metrics.
    pub(crate) fn stats(&self) -> String {
        let metrics = runtime::metrics();
        format!(
            "connections {}, tasks alive {}, polls {}, wakes {} local / {} remote, reactor turns {}, events {}, timers {}",
            self.hub.borrow().len(),
            metrics.tasks_alive,
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
            .field("hub", &self.hub)
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

/// Runs the chat server on `listener` until `shutdown` completes, then says goodbye to every
/// client, flushes their outboxes (for at most [`SHUTDOWN_GRACE`]) and returns.
///
/// # Errors
/// Only if accepting fails in a way the listener cannot recover from (it rides out running out
/// of file descriptors on its own).
pub async fn serve(
    settings: Settings,
    listener: TcpListener,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(7, |d| d.as_nanos() as u64);
    let server = Rc::new(Server {
        hub: RefCell::new(Hub::new(std::time::Instant::now(), seed)),
        config: settings,
        open: Cell::new(0),
        drained: Cell::new(None),
    });
    let accepting = async {
        loop {
            let (mut stream, peer) = listener.accept().await?;
            if server.open.get() >= server.config.max_clients {
                log::warn!(
                    "{peer} refused: server full ({} clients)",
                    server.config.max_clients
                );
                drop(runtime::spawn(async move {
                    let _ = stream
                        .write_all(protocol::error("server full").as_bytes())
                        .await;
                    let _ = stream.shutdown(std::net::Shutdown::Both);
                }));
                continue;
            }
            let open = server.open_connection();
            let server = server.clone();
            drop(runtime::spawn(async move {
                connection::run(stream, peer, server).await;
                drop(open);
            }));
        }
    };
    let result: io::Result<()> = runtime::select! {
        result = accepting => result,
        _ = shutdown => Ok(()),
    };
    log::info!(
        "shutting down: telling {} clients",
        server.hub.borrow().len()
    );
    {
        let mut hub = server.hub.borrow_mut();
        hub.to_everyone(&protocol::notice("server shutting down").into());
        hub.close_all();
    }
    if timeout(SHUTDOWN_GRACE, server.all_closed()).await.is_err() {
        log::warn!(
            "{} connections did not drain within {SHUTDOWN_GRACE:?}; dropping them",
            server.open.get()
        );
    }
    result
}
