//! [`Builder`]: spawn a task with a name, which then appears in every log line about it.

use std::future::Future;

use crate::scheduler::context;
use crate::task::JoinHandle;

/// Configures a task before spawning it.
///
/// ```
/// runtime::run(async {
///     let handle = runtime::task::Builder::new().name("greeter").spawn(async { "hello" });
///     assert_eq!(handle.await.unwrap(), "hello");
/// });
/// ```
#[derive(Debug, Default)]
pub struct Builder {
    /// The name the task will carry in logs, `task::dump` and debug warnings.
    name: Option<Box<str>>,
}

impl Builder {
    /// A builder for an unnamed task.
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Names the task.
    pub fn name(mut self, name: &str) -> Builder {
        self.name = Some(name.into());
        self
    }

    /// Spawns the task on the current runtime.
    ///
    /// # Panics
    /// Outside a runtime.
    pub fn spawn<F>(self, future: F) -> JoinHandle<F::Output>
    where
        F: Future + 'static,
    {
        context::current("runtime::task::Builder::spawn").spawn(future, self.name)
    }
}
