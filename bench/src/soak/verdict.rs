//! The verdict: what the soak checks at the end, and the bands it allows.
//!
//! | rule | passes when |
//! |---|---|
//! | no line lost | the ledger's rules (`ledger.rs`) found no line missing, out of order or doubled, no well-behaved client got an error line, and the server closed none of them |
//! | bad input answered | every oversize or invalid-UTF-8 line got its error reply |
//! | memory back in band | end RSS ≤ baseline + max(20%, 16 MiB) |
//! | fds back in band | end fds ≤ baseline + max(2%, 8) |
//! | tasks back in band | end tasks alive ≤ baseline + max(2%, 8) |
//! | latency steady | every later minute's p99 ≤ max(2 × the first minute's, first + 1 ms); runs under two minutes compare 10 s windows with the first |
//! | clean exit | the server exits 0 on SIGINT, within 10 s |
//!
//! *Baseline* is sampled after the warm-up, with only well-behaved clients connected; *end*
//! after the cool-down, in the same state: every misbehaving client gone, every churned slot
//! reconnected. So a connection, a task or a buffer that outlives its client shows up as a
//! difference. Memory gets the widest band: the allocator keeps some of what the busiest
//! moment (never-readers' full outboxes, reconnect bursts) asked for, and that is not a leak;
//! 16 MiB is what a leak of a kilobyte per churned connection would reach in a 30-minute run
//! at the default churn of 20 reconnects a second. Descriptors and tasks are counted exactly,
//! with a few allowed for connections closing as the sample is taken. The latency floor of
//! 1 ms is there because on a shared two-core machine one scheduler time slice already
//! doubles a sub-millisecond p99.

use std::time::Duration;

use super::driver::WINDOW;
use super::latency::Histogram;
use super::misbehaving::KINDS;
use super::server::Sample;
use super::Context;

/// One 10 s window of the soak phase.
#[derive(Debug)]
pub struct Window {
    /// The server at the window's end.
    pub sample: Sample,
    /// The window's delivery latencies.
    pub latencies: Histogram,
}

/// Everything the verdict looks at besides the context's counts.
#[derive(Debug)]
pub struct Report {
    /// After the warm-up.
    pub baseline: Sample,
    /// `--rate`.
    pub asked_rate: f64,
    /// Chat lines per second the well-behaved clients wrote during the soak phase: less than
    /// asked when the machine cannot keep up (their tickers wait rather than burst).
    pub achieved_rate: f64,
    /// The highest of every figure over the soak phase.
    pub peak: Sample,
    /// After the cool-down.
    pub end: Sample,
    /// The soak phase, window by window.
    pub windows: Vec<Window>,
    /// Lines the server logged at warning level or above.
    pub warnings: u64,
    /// Whether the server exited 0 on SIGINT.
    pub server_stopped_cleanly: bool,
}

/// A latency for people: `850 µs`, `12.3 ms`.
pub fn show(d: Duration) -> String {
    if d < Duration::from_millis(1) {
        format!("{} µs", d.as_micros())
    } else {
        format!("{:.1} ms", d.as_secs_f64() * 1e3)
    }
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1 << 20) as f64
}

/// Prints the verdict; true if every rule passed.
pub fn judge(report: &Report, cx: &Context) -> bool {
    let ledger = cx.ledger.borrow();
    let counts = &ledger.counts;
    let tally = cx.misbehaviour.borrow();
    let mut passed = true;
    let mut rule = |ok: bool, name: &str, detail: String| {
        println!("  {} {name}: {detail}", if ok { "PASS" } else { "FAIL" });
        passed &= ok;
    };
    println!("verdict:");
    rule(
        counts.lost == 0
            && counts.disordered == 0
            && counts.errors == 0
            && counts.dropped == 0
            && counts.delivered > 0,
        "no line lost",
        format!(
            "{} lines sent, {} deliveries, {} lost, {} out of order, {} error lines, {} clients dropped",
            counts.sent, counts.delivered, counts.lost, counts.disordered, counts.errors, counts.dropped
        ),
    );
    if !ledger.violations.is_empty() {
        print!("{}", ledger.describe_violations());
    }
    rule(
        tally.bad_lines_answered == tally.bad_lines,
        "bad input answered",
        format!(
            "{} of {} bad lines answered",
            tally.bad_lines_answered, tally.bad_lines
        ),
    );
    let (base, end, peak) = (&report.baseline, &report.end, &report.peak);
    let rss_band = (base.rss / 5).max(16 << 20);
    rule(
        end.rss <= base.rss + rss_band,
        "memory back in band",
        format!(
            "RSS {:.1} MiB after warm-up, peak {:.1}, end {:.1} (band +{:.1})",
            mib(base.rss),
            mib(peak.rss),
            mib(end.rss),
            mib(rss_band)
        ),
    );
    let small_band = |base: u64| (base / 50).max(8);
    rule(
        end.fds <= base.fds + small_band(base.fds),
        "fds back in band",
        format!(
            "{} after warm-up, peak {}, end {} (band +{})",
            base.fds,
            peak.fds,
            end.fds,
            small_band(base.fds)
        ),
    );
    rule(
        end.stats.tasks <= base.stats.tasks + small_band(base.stats.tasks),
        "tasks back in band",
        format!(
            "{} after warm-up, peak {}, end {} (band +{})",
            base.stats.tasks,
            peak.stats.tasks,
            end.stats.tasks,
            small_band(base.stats.tasks)
        ),
    );
    let (ok, detail) = latency_steady(&report.windows);
    rule(ok, "latency steady", detail);
    rule(
        report.server_stopped_cleanly,
        "clean exit",
        format!(
            "server {} on SIGINT; it logged {} warnings",
            if report.server_stopped_cleanly {
                "exited 0"
            } else {
                "did not exit 0"
            },
            report.warnings
        ),
    );
    let sessions: Vec<String> = KINDS
        .iter()
        .zip(tally.sessions)
        .map(|(kind, n)| format!("{n} {kind:?}"))
        .collect();
    println!(
        "  misbehaving sessions: {}; never-readers the server had dropped when they looked: {}",
        sessions.join(", "),
        tally.never_read_dropped
    );
    println!(
        "  rate: {:.0} lines/s written during the soak phase, of {:.0} asked",
        report.achieved_rate, report.asked_rate
    );
    print_spans(&report.windows);
    println!("{}", if passed { "soak passed" } else { "soak FAILED" });
    passed
}

/// The run in spans of five minutes (one span if shorter): the figures README records.
fn print_spans(windows: &[Window]) {
    let per_span = (300 / WINDOW.as_secs()) as usize;
    println!("  per 5 minutes (highest RSS, fds and tasks sampled; p99 of the span):");
    for (i, chunk) in windows.chunks(per_span).enumerate() {
        let mut latencies = Histogram::default();
        chunk.iter().for_each(|w| latencies.merge(&w.latencies));
        let max = |f: fn(&Sample) -> u64| chunk.iter().map(|w| f(&w.sample)).max().unwrap_or(0);
        println!(
            "    {:>3}-{:<3} min  RSS {:.1} MiB  fds {}  tasks {}  p99 {}",
            i * 5,
            (i + 1) * 5,
            mib(max(|s| s.rss)),
            max(|s| s.fds),
            max(|s| s.stats.tasks),
            latencies.percentile(0.99).map_or("-".to_string(), show),
        );
    }
}

/// The latency rule: spans of a minute (or of one window, for short runs), each compared with
/// the first.
fn latency_steady(windows: &[Window]) -> (bool, String) {
    let per_span = if windows.len() as u64 * WINDOW.as_secs() >= 120 {
        (60 / WINDOW.as_secs()) as usize
    } else {
        1
    };
    let spans: Vec<Histogram> = windows
        .chunks(per_span)
        .filter(|chunk| chunk.len() == per_span)
        .map(|chunk| {
            let mut h = Histogram::default();
            chunk.iter().for_each(|w| h.merge(&w.latencies));
            h
        })
        .collect();
    let p99s: Vec<Duration> = spans.iter().filter_map(|h| h.percentile(0.99)).collect();
    let Some(&first) = p99s.first() else {
        return (false, "no deliveries were timed".to_string());
    };
    let limit = (first * 2).max(first + Duration::from_millis(1));
    let worst = p99s.iter().copied().max().unwrap_or(first);
    let span = if per_span == 1 {
        "10 s window"
    } else {
        "minute"
    };
    let list: Vec<String> = p99s.iter().map(|&d| show(d)).collect();
    (
        worst <= limit,
        format!(
            "p99 per {span}: {}; first {}, worst {}, limit {}",
            list.join(", "),
            show(first),
            show(worst),
            show(limit)
        ),
    )
}
