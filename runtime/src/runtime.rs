//! [`Runtime`]: owns the scheduler and the reactor; `block_on` runs a future on them.

use std::future::Future;
use std::io;
use std::rc::Rc;

use reactor::Reactor;

use crate::metrics::Metrics;
use crate::scheduler::{Config, Scheduler};
use crate::Builder;

/// A single-threaded async runtime: an executor on top of a reactor.
///
/// It is `!Send`: a runtime, its tasks and their futures all stay on the thread that made it.
/// Dropping it drops every task that has not finished, each future exactly once, polling
/// nothing.
pub struct Runtime {
    /// The executor and, inside it, the reactor.
    scheduler: Rc<Scheduler>,
}

impl Runtime {
    /// A runtime with the default configuration.
    pub fn new() -> io::Result<Runtime> {
        Builder::new().build()
    }

    /// A builder to configure a runtime.
    pub fn builder() -> Builder {
        Builder::new()
    }

    pub(crate) fn from_parts(reactor: Reactor, config: Config) -> io::Result<Runtime> {
        Ok(Runtime {
            scheduler: Rc::new(Scheduler::new(reactor, config)?),
        })
    }

    /// Runs `future` to completion on this thread and returns its output. Spawned tasks run
    /// meanwhile; those still pending when `future` completes stay pending, and carry on at the
    /// next `block_on` on this runtime.
    ///
    /// # Panics
    /// If called from inside a runtime (a task, or another `block_on`): it would block the
    /// thread that every other task needs.
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.scheduler.block_on(future)
    }

    /// What the runtime has done so far.
    pub fn metrics(&self) -> Metrics {
        self.scheduler.metrics()
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        self.scheduler.shutdown();
    }
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("metrics", &self.metrics())
            .finish()
    }
}
