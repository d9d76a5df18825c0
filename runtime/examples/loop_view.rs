//! A text-mode look at the loop: the introspection figures a web page would draw.
//!
//! ```text
//! cargo run -p runtime --example loop_view
//! ```
//!
//! What to notice: four tasks park on four different things, and the dump says which, down to
//! the socket's reactor token (`UnixStream 0.0, read`: slab key 0, generation 0: the first registration) and the
//! timer's deadline. The turn lines show each turn's reason for waking: the `Io` turn that
//! woke the echo task, the `Timer` turn that ended the nap, the `CrossThread` turn that a
//! `spawn_blocking` job ended. Everything printed comes from `runtime::introspect` and
//! `runtime::task::dump`, the public API; nothing is measured unless introspection is on.

use std::fmt::Write;
use std::rc::Rc;
use std::time::Duration;

use runtime::introspect;
use runtime::io::{AsyncReadExt, AsyncWriteExt};
use runtime::sync::Mutex;
use runtime::task;

/// Sets up the tasks, lets the loop run a little, and returns the report it prints.
pub fn run() -> String {
    let rt = runtime::Runtime::builder()
        .introspect(true)
        .build()
        .expect("runtime");
    rt.block_on(async {
        let (mut ours, mut theirs) = runtime::net::UnixStream::pair().expect("socket pair");
        let echo = task::Builder::new().name("echo").spawn(async move {
            let mut buf = [0; 64];
            while let Ok(n @ 1..) = ours.read(&mut buf).await {
                ours.write_all(&buf[..n]).await.ok();
            }
        });
        let _sleeper = task::Builder::new()
            .name("sleeper")
            .spawn(runtime::time::sleep(Duration::from_secs(30)));
        let mutex = Rc::new(Mutex::new(()));
        let guard = mutex.lock().await;
        let _locker = task::Builder::new().name("locker").spawn({
            let mutex = mutex.clone();
            async move { drop(mutex.lock().await) }
        });
        // Some traffic, a short timer and a blocking job, for the turn history.
        theirs.write_all(b"ping").await.expect("write");
        let mut buf = [0; 4];
        theirs.read_exact(&mut buf).await.expect("echo");
        runtime::time::sleep(Duration::from_millis(5)).await;
        // The job waits for a go-ahead sent only after its awaiting task's first poll (the
        // yield lets that task run), so its wake always crosses threads. A job left to finish
        // at once can beat that poll, and then no wake is needed at all.
        let (go, wait) = std::sync::mpsc::channel::<()>();
        let job = runtime::spawn_blocking(move || wait.recv().map(|()| 6 * 7));
        runtime::yield_now().await;
        go.send(()).expect("the job waits");
        job.await.expect("blocking job").expect("go-ahead");
        runtime::yield_now().await; // closes the last turn's record

        let mut report = String::from("tasks:\n");
        for info in task::dump() {
            let name = info.name.as_deref().unwrap_or("-");
            let waiting: Vec<String> = info.waiting_on.iter().map(|w| w.to_string()).collect();
            let busy = info.busy.unwrap_or_default();
            let _ = writeln!(
                report,
                "  {:>3} {name:<8} {:?} polls={} wakes={} (self {}) busy={busy:?} waits on: {}",
                info.id,
                info.state,
                info.polls,
                info.wakes,
                info.self_wakes,
                if waiting.is_empty() {
                    "-".to_string()
                } else {
                    waiting.join("; ")
                }
            );
        }
        report.push_str("last turns:\n");
        let turns = introspect::turns();
        for turn in turns.iter().rev().take(12).rev() {
            let _ = writeln!(report, "  {turn}");
        }
        drop(guard);
        echo.abort();
        report
    })
}

#[allow(dead_code)] // run by tests/examples.rs through `run`
fn main() {
    print!("{}", run());
}
