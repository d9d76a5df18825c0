//! The periodic `stats:` log line (`chatbot --stats-interval SECS`): how a process watching the
//! server from outside (an operator's log pipeline, `bench soak`) learns what only the server
//! knows.
//!
//! Memory and open descriptors can be read from `/proc/PID` by anyone; tasks alive and the
//! bytes waiting in outboxes cannot. So the server says them itself, at `info` level under its
//! own log target, `chatbot::server::stats`, which lets a reader keep just these lines:
//!
//! ```text
//! RUST_LOG=warn,chatbot::server::stats=info chatbot --stats-interval 1
//! [... INFO  chatbot::server::stats] stats: connections 812, tasks alive 1627, outbox bytes 5120, polls ...
//! ```
//!
//! The text after `stats: ` is exactly the bot's `!stats` answer ([`Server::stats`]), so the
//! figures have one formatter. Why a log line and not a command: a command would be something
//! every user could send (and a reason to add access control), while a log line needs nothing
//! but the flag, and is where an operator already looks.

use std::rc::Rc;
use std::time::Duration;

use runtime::time::interval;

use crate::server::Server;

/// Logs [`Server::stats`] every `every`, until the task is aborted at shutdown. The first line
/// comes one period after start, so a reader sees the server as it settled, not as it booted.
pub(crate) async fn log_every(server: Rc<Server>, every: Duration) {
    let mut ticks = interval(every);
    ticks.tick().await; // an interval's first tick is immediate
    loop {
        ticks.tick().await;
        log::info!("stats: {}", server.stats());
    }
}
