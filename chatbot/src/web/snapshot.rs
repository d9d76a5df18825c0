//! One picture of the loop, as the JSON object the loop view draws: the runtime's metrics, its
//! task dump, and the chat's own counts. Read only through the runtime's public API
//! (`runtime::metrics`, `runtime::task::dump`), as any program on the runtime could.
//!
//! ```json
//! {"t_ms": 1234, "debug": false, "clients": 2, "outbox_bytes": 0,
//!  "metrics": {"reactor_turns": 812, "reactor_events": 95, "polls": 310, ...},
//!  "tasks_total": 7,
//!  "tasks": [{"id": "3", "name": null, "state": "idle", "queued": false, "polls": 12,
//!             "busy_us": null}]}
//! ```
//!
//! Counters are cumulative; the page turns them into rates from one snapshot to the next. The
//! page also draws what a richer runtime API adds (a `turns` history, per-task fields such as
//! what a task waits on) whenever a snapshot carries them, so this file is the one place that
//! grows with that API.
//!
//! The JSON is written by hand: a flat object of numbers and a few strings does not need a
//! serialisation framework, only [`push_string`]'s escaping.

use std::fmt::Write;
use std::time::Instant;

use runtime::task::TaskState;

use crate::server::Server;

/// At most this many tasks are listed (a server with 10 000 clients has 20 000 tasks); the
/// total is always given.
const MAX_TASKS: usize = 200;

/// The current snapshot, as one line of JSON.
pub(crate) fn snapshot(server: &Server, started: Instant) -> String {
    let metrics = runtime::metrics();
    let tasks = runtime::task::dump();
    let (clients, outbox_bytes) = {
        let core = server.core.borrow();
        (core.len(), core.queued_bytes())
    };
    let mut out = String::with_capacity(256 + 96 * tasks.len().min(MAX_TASKS));
    let debug = tasks.iter().any(|task| task.busy.is_some());
    let _ = write!(
        out,
        "{{\"t_ms\":{},\"debug\":{debug},\"clients\":{clients},\"outbox_bytes\":{outbox_bytes},\"metrics\":{{",
        started.elapsed().as_millis()
    );
    let counters = [
        ("tasks_spawned", metrics.tasks_spawned),
        ("tasks_alive", metrics.tasks_alive),
        ("polls", metrics.polls),
        ("local_wakes", metrics.local_wakes),
        ("remote_wakes", metrics.remote_wakes),
        ("reactor_turns", metrics.reactor_turns),
        ("reactor_events", metrics.reactor_events),
        ("timers_fired", metrics.timers_fired),
        ("timers_pending", metrics.timers_pending),
        ("io_sources", metrics.io_sources),
        ("blocking_threads_busy", metrics.blocking_threads_busy),
        ("blocking_threads_idle", metrics.blocking_threads_idle),
    ];
    for (i, (name, value)) in counters.iter().enumerate() {
        let comma = if i == 0 { "" } else { "," };
        let _ = write!(out, "{comma}\"{name}\":{value}");
    }
    let _ = write!(out, "}},\"tasks_total\":{},\"tasks\":[", tasks.len());
    for (i, task) in tasks.iter().take(MAX_TASKS).enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{{\"id\":\"{}\",\"name\":", task.id);
        match &task.name {
            Some(name) => push_string(&mut out, name),
            None => out.push_str("null"),
        }
        let state = match task.state {
            TaskState::Idle => "idle",
            TaskState::Running => "running",
            TaskState::Finished => "finished",
        };
        let _ = write!(
            out,
            ",\"state\":\"{state}\",\"queued\":{},\"polls\":{},\"busy_us\":",
            task.queued, task.polls
        );
        match task.busy {
            Some(busy) => {
                let _ = write!(out, "{}", busy.as_micros());
            }
            None => out.push_str("null"),
        }
        out.push('}');
    }
    out.push_str("]}");
    out
}

/// Appends `text` as a JSON string: quotes, backslashes and control characters escaped.
pub(crate) fn push_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_for_json() {
        let mut out = String::new();
        push_string(&mut out, "a\"b\\c\nd</script>");
        assert_eq!(out, r#""a\"b\\c\u000ad</script>""#);
    }
}
