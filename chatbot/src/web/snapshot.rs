//! One picture of the loop, as the JSON object the loop view draws: the runtime's metrics, its
//! task dump, the turns since the last picture, and the chat's own counts. Read only through
//! the runtime's public API (`runtime::metrics`, `runtime::task::dump`,
//! `runtime::introspect::turns`), as any program on the runtime could.
//!
//! ```json
//! {"t_ms": 1234, "debug": false, "clients": 2, "outbox_bytes": 0,
//!  "metrics": {"reactor_turns": 812, "reactor_events": 95, "polls": 310, ...},
//!  "turns": [{"number": 811, "waited_us": 9840, "woke_by": "io", "io_events": 1,
//!             "timers_fired": 0, "cross_thread_wakes": 0, "tasks_polled": 1,
//!             "running_us": 41, "polled": "web chat writer"}],
//!  "tasks_total": 7,
//!  "tasks": [{"id": "3", "name": null, "state": "idle", "queued": false, "polls": 12,
//!             "busy_us": 310, "wakes": 12, "self_wakes": 0, "idle_ms": 5400,
//!             "scheduled_us": 80, "longest_poll_us": 95,
//!             "waiting_on": "TcpStream 7.1, read", "warnings": ""}]}
//! ```
//!
//! Counters are cumulative; the page turns them into rates from one snapshot to the next.
//! `turns` holds only the turns closed since the previous snapshot of the same stream (the
//! page keeps the last 200), and it and the per-task figures after `busy_us` are there only
//! while the runtime's introspection is on, which the feed turns on for its first viewer
//! (`events.rs`).
//!
//! The JSON is written by hand: a flat object of numbers and a few strings does not need a
//! serialisation framework, only [`push_string`]'s escaping.

use std::fmt::Write;
use std::time::Instant;

use runtime::introspect::{TurnRecord, WokeBy};
use runtime::task::{TaskInfo, TaskState};

use crate::server::Server;

/// At most this many tasks are listed (a server with 10 000 clients has 20 000 tasks); the
/// total is always given.
const MAX_TASKS: usize = 200;

/// The current snapshot, as one line of JSON, with the turns numbered after `after`; `after`
/// becomes the number of the newest turn sent.
pub(crate) fn snapshot(server: &Server, started: Instant, after: &mut u64) -> String {
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
    out.push('}');
    if runtime::introspect::is_enabled() {
        let turns = runtime::introspect::turns();
        let new: Vec<&TurnRecord> = turns.iter().filter(|turn| turn.number > *after).collect();
        if let Some(newest) = new.last() {
            *after = newest.number;
        }
        push_turns(&mut out, new.into_iter());
    }
    let _ = write!(out, ",\"tasks_total\":{},\"tasks\":[", tasks.len());
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
        if task.idle.is_some() {
            push_task_figures(&mut out, task);
        }
        out.push('}');
    }
    out.push_str("]}");
    out
}

/// Appends `,"turns":[...]`, one object per turn record, with durations in microseconds.
fn push_turns<'a>(out: &mut String, turns: impl Iterator<Item = &'a TurnRecord>) {
    out.push_str(",\"turns\":[");
    for (i, turn) in turns.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let woke_by = match turn.woke_by {
            WokeBy::Io => "io",
            WokeBy::Timer => "timer",
            WokeBy::CrossThread => "cross_thread",
            WokeBy::Timeout => "timeout",
            WokeBy::Nothing => "nothing",
        };
        let _ = write!(
            out,
            "{{\"number\":{},\"waited_us\":{},\"woke_by\":\"{woke_by}\",\"io_events\":{},\
             \"timers_fired\":{},\"cross_thread_wakes\":{},\"tasks_polled\":{},\
             \"running_us\":{},\"polled\":",
            turn.number,
            turn.waited.as_micros(),
            turn.io_events,
            turn.timers_fired,
            turn.cross_thread_wakes,
            turn.tasks_polled,
            turn.running.as_micros(),
        );
        let mut polled: Vec<String> = turn
            .polled
            .iter()
            .map(|task| {
                task.name
                    .clone()
                    .unwrap_or_else(|| format!("task {}", task.id))
            })
            .collect();
        if turn.polled_more > 0 {
            polled.push(format!("+{} more", turn.polled_more));
        }
        push_string(out, &polled.join(", "));
        out.push('}');
    }
    out.push(']');
}

/// Appends the per-task figures introspection keeps: wakes, idle and scheduled time, the
/// longest poll, what the task waits on and its warnings (the last two as text).
fn push_task_figures(out: &mut String, task: &TaskInfo) {
    let micros = |d: Option<std::time::Duration>| d.unwrap_or_default().as_micros();
    let _ = write!(
        out,
        ",\"wakes\":{},\"self_wakes\":{},\"idle_ms\":{},\"scheduled_us\":{},\
         \"longest_poll_us\":{},\"waiting_on\":",
        task.wakes,
        task.self_wakes,
        task.idle.unwrap_or_default().as_millis(),
        micros(task.scheduled),
        micros(task.longest_poll),
    );
    let waiting: Vec<String> = task.waiting_on.iter().map(ToString::to_string).collect();
    push_string(out, &waiting.join("; "));
    out.push_str(",\"warnings\":");
    let warnings: Vec<String> = task.warnings.iter().map(|w| format!("{w:?}")).collect();
    push_string(out, &warnings.join("; "));
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
