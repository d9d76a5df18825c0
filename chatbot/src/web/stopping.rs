//! [`Stopping`]: how shutdown reaches the browser connections that are not chat clients.
//!
//! A chat client learns of shutdown through its outbox, which the core closes. A browser
//! waiting between requests, or reading the loop's event stream, has no outbox; without this
//! it would hold shutdown for its whole grace period. So the server sets this flag and wakes
//! them, and each such connection waits on [`Stopping::stopped`] beside its read or its timer.

use std::cell::Cell;

use runtime::sync::Notify;

/// Set once when the server shuts down.
#[derive(Debug, Default)]
pub(crate) struct Stopping {
    /// True from [`Stopping::stop`] on; never cleared.
    stopped: Cell<bool>,
    /// Wakes every connection waiting in [`Stopping::stopped`].
    notify: Notify,
}

impl Stopping {
    /// Shutdown began: every current and later [`Stopping::stopped`] completes.
    pub(crate) fn stop(&self) {
        self.stopped.set(true);
        self.notify.notify_waiters();
    }

    /// Completes once shutdown began.
    pub(crate) async fn stopped(&self) {
        // The future is made before the check, so a `stop` between them still completes it.
        let notified = self.notify.notified();
        if self.stopped.get() {
            return;
        }
        notified.await;
    }
}
