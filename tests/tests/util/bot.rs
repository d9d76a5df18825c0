//! [`BotRunner`]: the bot client (`chatbot bot`) in this process, on a thread of its own, until
//! stopped or dropped; the same shape as [`TestServer`](super::TestServer).

use std::net::SocketAddr;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use chatbot::bot_client::{run, Backoff, BotSettings};
use chatbot::config::BotConfig;

use super::BOUND;

/// A running bot client.
pub struct BotRunner {
    /// Sending on it (or dropping it) completes the bot's shutdown future.
    stop: Option<mpsc::Sender<()>>,
    /// Sent once the bot's `run` returned.
    done: mpsc::Receiver<()>,
}

/// Settings for a bot client of `server` in `channels`: quick back-off and rejoin, so tests
/// that lose the server or kick the bot finish in a moment.
pub fn bot_settings(server: SocketAddr, nick: &str, channels: &[&str]) -> BotSettings {
    BotSettings {
        config: BotConfig {
            connect: server,
            channels: channels.iter().map(|c| c.to_string()).collect(),
            nick: nick.to_string(),
            password: None,
        },
        backoff: Backoff {
            first: Duration::from_millis(50),
            max: Duration::from_millis(400),
        },
        rejoin_delay: Duration::from_millis(100),
    }
}

impl BotRunner {
    /// Starts the bot client.
    pub fn start(settings: BotSettings) -> BotRunner {
        let (stop_tx, stop_rx) = mpsc::channel::<()>();
        let (done_tx, done_rx) = mpsc::channel();
        thread::Builder::new()
            .name("bot".into())
            .spawn(move || {
                let runtime = runtime::Runtime::new().expect("build the bot's runtime");
                let shutdown = async move {
                    let _ = runtime::spawn_blocking(move || stop_rx.recv()).await;
                };
                let _ = runtime.block_on(run(settings, shutdown));
                let _ = done_tx.send(());
            })
            .expect("spawn the bot thread");
        BotRunner {
            stop: Some(stop_tx),
            done: done_rx,
        }
    }

    /// Tells the bot to stop and waits (at most [`BOUND`]) for it to return.
    pub fn stop(mut self) {
        let _ = self.stop.take().expect("stopped once").send(());
        self.done.recv_timeout(BOUND).expect("the bot did not stop");
    }
}

impl Drop for BotRunner {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
            let _ = self.done.recv_timeout(BOUND);
        }
    }
}
