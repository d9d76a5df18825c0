//! The teaching examples run, and show what they claim to show.

#[path = "../examples/blocking.rs"]
mod blocking;
#[path = "../examples/chess.rs"]
mod chess;
#[path = "../examples/countdown.rs"]
mod countdown;
#[path = "../examples/gather.rs"]
mod gather;
#[path = "../examples/loop_view.rs"]
mod loop_view;
#[cfg(unix)]
#[path = "../examples/signals.rs"]
mod signals;
#[cfg(target_os = "linux")]
#[path = "../examples/subprocess.rs"]
mod subprocess;

use std::time::Duration;

#[test]
fn gather_takes_the_longest_delay_not_the_sum_and_keeps_argument_order() {
    let (greetings, took) = gather::run(true);
    assert_eq!(took, Duration::from_secs(3));
    assert!(greetings[0].starts_with("Hello, Andrea!"));
    assert!(greetings[2].starts_with("Hello, Cristina!"));
}

#[test]
fn countdowns_interleave_and_take_three_seconds_not_five() {
    let (lines, took) = countdown::run(true);
    assert_eq!(
        lines,
        [
            "T-minus 2 (A)",
            "T-minus 3 (B)",
            "T-minus 1 (A)",
            "T-minus 2 (B)",
            "T-minus 1 (B)"
        ]
    );
    assert_eq!(took, Duration::from_secs(3));
}

#[test]
fn a_blocking_call_inside_a_task_delays_everyone_but_spawn_blocking_does_not() {
    fn order(events: &[(&'static str, Duration)]) -> Vec<&'static str> {
        events.iter().map(|(event, _)| *event).collect()
    }
    // A 30 ms unit: enough margin for a busy machine, short enough for the suite.
    let unit = Duration::from_millis(30);
    let blocked = blocking::run(false, unit);
    assert_eq!(
        order(&blocked)[2..],
        ["blocking done", "nonblocking done"],
        "the sleeper could not finish while the thread was blocked"
    );
    let offloaded = blocking::run(true, unit);
    assert_eq!(
        order(&offloaded)[2..],
        ["nonblocking done", "blocking done"],
        "the sleeper finished on time"
    );
}

#[test]
#[cfg_attr(miri, ignore = "too slow under Miri: ~100,000s of operations")]
fn the_simultaneous_exhibition_takes_about_an_hour_instead_of_twelve() {
    let (sequential, simultaneous) = chess::run(chess::BOARDS);
    assert_eq!(sequential, Duration::from_secs(12 * 3600));
    // 30 rounds of 24 x 5 s, plus the last opponent's final reply.
    assert_eq!(simultaneous, Duration::from_secs(30 * 24 * 5 + 55));
}

#[cfg(target_os = "linux")]
#[test]
#[cfg_attr(miri, ignore = "Miri cannot spawn processes")]
fn subprocesses_run_at_once_stream_their_lines_and_the_overrunning_one_is_killed() {
    use std::os::unix::process::ExitStatusExt;
    let (reports, log, _took) = subprocess::run(Duration::from_secs(2));
    let [count, greet, slow] = &reports[..] else {
        panic!("three reports expected, got {reports:?}");
    };
    assert_eq!(
        (count.name, greet.name, slow.name),
        ("count", "greet", "slow")
    );
    assert_eq!(count.lines, ["1", "2", "3"]);
    assert!(count.status.success() && greet.status.success());
    assert!(greet.lines[0].starts_with("hello from "));
    assert_eq!(slow.lines, ["starting a long job"]);
    assert_eq!(
        slow.status.signal(),
        Some(9),
        "the overrunning child was killed"
    );
    // Every line went through the shared log as it arrived, from all three children.
    assert_eq!(log.len(), 5, "{log:?}");
    assert!(log.contains(&"slow: starting a long job".to_string()));
}

#[cfg(unix)]
#[test]
#[cfg_attr(miri, ignore = "Miri cannot install signal handlers")]
fn the_signals_example_reloads_reports_and_shuts_down_on_real_signals() {
    // This binary's only signal test: SIGHUP, SIGUSR1 and SIGTERM are ours alone here.
    let mut script = [
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGUSR1,
        signal_hook::consts::SIGTERM,
    ]
    .into_iter();
    // Each event line triggers the next signal, sent to the whole process as `kill` would.
    let lines = signals::run(|_line| {
        if let Some(signal) = script.next() {
            // SAFETY: kill(2) takes two integers and touches no memory of ours.
            let sent = unsafe { libc::kill(libc::getpid(), signal) };
            assert_eq!(sent, 0);
        }
    })
    .unwrap();
    assert_eq!(lines[0], "ready");
    assert_eq!(lines[1], "SIGHUP: reloading the configuration (reload 1)");
    assert!(
        lines[2].starts_with("SIGUSR1: 1 reloads so far"),
        "{lines:?}"
    );
    assert_eq!(lines[3], "SIGTERM: shutting down");
    assert_eq!(lines.len(), 4);
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn the_loop_view_shows_what_each_task_waits_on_and_why_turns_woke() {
    let report = loop_view::run();
    let line = |name: &str| {
        let quoted = format!(" {name} ");
        report
            .lines()
            .find(|line| line.contains(&quoted))
            .unwrap_or_else(|| panic!("{report}"))
    };
    assert!(
        line("echo").contains("UnixStream ") && line("echo").ends_with(", read"),
        "{report}"
    );
    assert!(line("sleeper").contains("timer, deadline in"), "{report}");
    assert!(line("locker").ends_with("waits on: mutex"), "{report}");
    for reason in ["woke by Io", "woke by Timer", "woke by CrossThread"] {
        assert!(report.contains(reason), "{reason}: {report}");
    }
}
