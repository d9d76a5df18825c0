//! Accepting connections when the process is out of file descriptors (`EMFILE`, `ENFILE`).
//!
//! Every accepted connection is a new file descriptor. When the process (EMFILE) or the system
//! (ENFILE) has none left, `accept` fails, and the pending connection *stays in the listen
//! backlog*. What an event loop does next decides whether the server survives:
//!
//! - **Retry at once** (or wait for readiness again on a level-triggered poller): the listener
//!   is still readable, so accept fails again, and again: one core at 100% doing nothing until
//!   some connection happens to close.
//! - **Clear readiness and wait for the next event** (edge-triggered): the event for the
//!   waiting connections has already been delivered. No new one comes until yet another client
//!   connects, so the listener may never fire again, while the backlog fills with clients
//!   nobody will serve.
//!
//! We do neither. The failed accept did not return `WouldBlock`, so the cached readiness is
//! still set; the accept loop sleeps, then simply tries again, and readiness guarantees the try
//! happens. The sleep starts at [`FIRST_DELAY`] and doubles up to [`MAX_DELAY`] while the
//! failures last (an *episode*): a few wake-ups a second at worst, and the server picks the
//! backlog up within a second of descriptors being freed. A warning is logged once when an
//! episode begins, and a note when it ends, rather than one line per failed attempt.
//!
//! ```text
//!              accept ok                        EMFILE/ENFILE: warn, sleep FIRST_DELAY
//!           ┌───────────┐  (1) on_out_of_fds  ┌────────────────────┐
//!   start ─▶│  Healthy  │────────────────────▶│ Backing off(delay) │──┐ (2) EMFILE again:
//!           └───────────┘◀────────────────────└────────────────────┘◀─┘ sleep 2*delay, <= MAX
//!                         (3) on_accepted: info "recovered"
//! ```
//!
//! The production alternative (libuv, nginx) keeps one spare descriptor open: on EMFILE it
//! closes the spare, accepts, closes the connection at once, and reopens the spare. Clients are
//! then refused quickly instead of waiting in the backlog; it costs a descriptor and a subtle
//! race with other threads opening files. Waiting is simpler and loses no client whose patience
//! outlasts the episode.

use std::cell::Cell;
use std::io;
use std::time::Duration;

/// The first sleep of an episode.
pub(crate) const FIRST_DELAY: Duration = Duration::from_millis(10);
/// The longest sleep: the worst-case delay before a freed descriptor is used.
pub(crate) const MAX_DELAY: Duration = Duration::from_secs(1);

/// `EMFILE`: this process has reached its descriptor limit (`ulimit -n`). Same number on Linux,
/// macOS and the BSDs.
const EMFILE: i32 = 24;
/// `ENFILE`: the whole system has reached its limit. Same number on Linux, macOS and the BSDs.
const ENFILE: i32 = 23;

/// True for the accept errors that mean "no room for another connection right now" rather
/// than "this listener is broken": out of descriptors, or out of kernel memory.
pub(crate) fn is_resource_exhaustion(err: &io::Error) -> bool {
    matches!(err.raw_os_error(), Some(EMFILE | ENFILE)) || err.kind() == io::ErrorKind::OutOfMemory
}

/// A listener's back-off state: `None` while healthy, the last delay during an episode.
#[derive(Debug, Default)]
pub(crate) struct AcceptBackoff {
    /// The delay slept after the latest failure of this episode; `None` between episodes.
    /// Set by [`on_out_of_fds`](Self::on_out_of_fds), cleared by
    /// [`on_accepted`](Self::on_accepted).
    delay: Cell<Option<Duration>>,
    /// Failed attempts in this episode, for the "recovered" log line.
    failures: Cell<u32>,
}

impl AcceptBackoff {
    /// Edges (1) and (2): records a failure and returns how long to sleep before retrying.
    pub(crate) fn on_out_of_fds(&self, err: &io::Error) -> Duration {
        let delay = match self.delay.get() {
            None => {
                log::warn!(
                    "accept: {err}; leaving new connections in the backlog and retrying in \
                     {FIRST_DELAY:?}, backing off to {MAX_DELAY:?}, until descriptors are freed"
                );
                FIRST_DELAY
            }
            Some(previous) => (previous * 2).min(MAX_DELAY),
        };
        self.delay.set(Some(delay));
        self.failures.set(self.failures.get() + 1);
        delay
    }

    /// Edge (3): an accept succeeded; ends the episode, if one was under way.
    pub(crate) fn on_accepted(&self) {
        if self.delay.take().is_some() {
            log::info!(
                "accept: recovered after {} failed attempts",
                self.failures.replace(0)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emfile() -> io::Error {
        io::Error::from_raw_os_error(EMFILE)
    }

    #[test]
    fn the_delay_doubles_from_10ms_to_a_1s_cap() {
        let backoff = AcceptBackoff::default();
        let delays: Vec<u64> = (0..10)
            .map(|_| backoff.on_out_of_fds(&emfile()).as_millis() as u64)
            .collect();
        assert_eq!(delays, [10, 20, 40, 80, 160, 320, 640, 1000, 1000, 1000]);
    }

    #[test]
    fn a_successful_accept_ends_the_episode_and_the_next_starts_at_10ms() {
        let backoff = AcceptBackoff::default();
        backoff.on_out_of_fds(&emfile());
        backoff.on_out_of_fds(&emfile());
        backoff.on_accepted();
        assert_eq!(backoff.on_out_of_fds(&emfile()), FIRST_DELAY);
    }

    #[test]
    fn only_resource_errors_trigger_the_back_off() {
        assert!(is_resource_exhaustion(&emfile()));
        assert!(is_resource_exhaustion(&io::Error::from_raw_os_error(
            ENFILE
        )));
        assert!(!is_resource_exhaustion(
            &io::ErrorKind::ConnectionReset.into()
        ));
        assert!(!is_resource_exhaustion(&io::ErrorKind::InvalidInput.into()));
    }
}
