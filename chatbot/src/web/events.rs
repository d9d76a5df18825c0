//! The loop view's feed: a Server-Sent Events stream of [`snapshot`]s, [`PER_SECOND`] a second.
//!
//! Server-Sent Events rather than a second WebSocket: the feed goes one way, the browser's
//! `EventSource` reconnects by itself, and the wire format is text lines (`data: {...}` and a
//! blank line), readable with `curl -N http://127.0.0.1:8080/loop/events`.
//!
//! The stream costs the loop what it shows: one timer and one write per tick, in this task. A
//! browser that stops reading makes that write wait; the task then holds one snapshot and
//! skips the ticks it missed (`Interval` does), so it is as bounded as a chat client's outbox.
//!
//! The first viewer turns the runtime's introspection on (`runtime::introspect::enable`): the
//! turn history and the per-task figures cost the loop about twice the instructions per wake
//! and poll, which a server nobody watches should not pay. It stays on from then until the
//! server stops. Each stream sends the turns closed since its previous snapshot, so a turn
//! reaches a page once.

use std::rc::Rc;
use std::time::{Duration, Instant};

use runtime::io::AsyncWriteExt;
use runtime::net::TcpStream;
use runtime::time::interval;

use super::response;
use super::snapshot::snapshot;
use crate::server::Server;

/// Snapshots sent per second.
pub const PER_SECOND: u32 = 10;

/// Streams snapshots until the browser goes away or the server stops.
pub(crate) async fn run(mut stream: TcpStream, server: &Rc<Server>) {
    let started = Instant::now();
    if stream.write_all(&response::event_stream()).await.is_err() {
        return;
    }
    runtime::introspect::enable();
    let mut ticks = interval(Duration::from_secs(1) / PER_SECOND);
    let mut last_turn = 0;
    let feed = async {
        loop {
            ticks.tick().await;
            let event = format!("data: {}\n\n", snapshot(server, started, &mut last_turn));
            if stream.write_all(event.as_bytes()).await.is_err() {
                return;
            }
        }
    };
    runtime::select! {
        _ = feed => {},
        _ = server.web.stopped() => {},
    }
}
