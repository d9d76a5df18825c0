//! `!fib N`: deliberately slow work, and how to stop it.
//!
//! The bot computes the N-th Fibonacci number modulo [`FIB_MODULUS`] with the
//! plain loop, one addition per step. That is O(N) on purpose: fast doubling
//! would answer any `u64` in microseconds, but then there would be nothing to
//! demonstrate. `!fib` stands in for any CPU-bound job a server might be
//! asked to do, and the lesson is how to keep such a job from freezing
//! everyone else.
//!
//! A single-threaded runtime runs every connection's task on one thread. A
//! loop of a few billion steps on that thread would stall every chat line
//! until it finished. So the server hands [`fib_mod`] to the runtime's
//! blocking pool (another thread) and waits for the result under a
//! [`FIB_TIMEOUT`] of 2 seconds.
//!
//! A timeout alone does not stop the work: the pool thread is not a future
//! that can be dropped, and Rust has no way to kill a thread from outside.
//! Without help, a `!fib 18446744073709551615` would keep a pool thread busy
//! for centuries after the user was told "timed out". So the job shares an
//! [`AtomicBool`] with the server and checks it every [`CHECK_EVERY`] steps;
//! when the timeout fires, the server sets the flag and the loop returns
//! `None` within a fraction of a millisecond. The server's side, roughly:
//!
//! ```text
//! let cancel = Arc::new(AtomicBool::new(false));
//! let job = spawn_blocking({ let cancel = cancel.clone(); move || fib_mod(n, &cancel) });
//! let text = match timeout(FIB_TIMEOUT, job).await {
//!     Ok(result) => fib_reply(n, result),
//!     Err(_elapsed) => { cancel.store(true, Relaxed); fib_reply(n, None) }
//! };
//! ```
//!
//! Checking the flag costs an atomic load, so it is done once per
//! [`CHECK_EVERY`] steps rather than on every step: often enough to stop
//! promptly, rarely enough to cost nothing measurable.
//!
//! ```
//! use chatbot::bot::fib::fib_mod;
//! use std::sync::atomic::AtomicBool;
//!
//! let never = AtomicBool::new(false);
//! assert_eq!(fib_mod(10, &never), Some(55));
//! ```

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The modulus for `!fib` results: the prime 10^9 + 7, small enough that the
/// sum of two residues never overflows a `u64`.
pub const FIB_MODULUS: u64 = 1_000_000_007;

/// How long the server lets one `!fib` run before giving up on it.
pub const FIB_TIMEOUT: Duration = Duration::from_secs(2);

/// How many loop steps pass between looks at the cancellation flag. A power
/// of two so the check is a mask, not a division.
pub const CHECK_EVERY: u64 = 1 << 16;

/// The `n`-th Fibonacci number modulo [`FIB_MODULUS`], with `fib(0) = 0` and
/// `fib(1) = 1`, computed by the plain loop.
///
/// Returns `None` if `cancel` was found set; it is checked before the first
/// step and then every [`CHECK_EVERY`] steps, so a job cancelled before it
/// starts does no work. A job cancelled on its very last stretch may still
/// return `Some`, which is fine: the answer is right either way.
pub fn fib_mod(n: u64, cancel: &AtomicBool) -> Option<u64> {
    // (a, b) = (fib(i), fib(i + 1)) at the top of step i.
    let (mut a, mut b) = (0u64, 1u64);
    for i in 0..n {
        // Relaxed is enough: the flag guards no other data, we only need
        // to see it flip eventually, and the next check is microseconds away.
        if i & (CHECK_EVERY - 1) == 0 && cancel.load(Ordering::Relaxed) {
            return None;
        }
        (a, b) = (b, (a + b) % FIB_MODULUS);
    }
    Some(a)
}

/// The bot's answer to `!fib n`, given what [`fib_mod`] returned (or `None`
/// if it ran out of time).
pub fn fib_reply(n: u64, result: Option<u64>) -> String {
    match result {
        Some(value) => format!("fib({n}) mod {FIB_MODULUS} = {value}"),
        None => format!(
            "fib({n}) timed out after {}s; the computation was cancelled",
            FIB_TIMEOUT.as_secs()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::thread;
    use std::time::Instant;

    fn fib(n: u64) -> Option<u64> {
        fib_mod(n, &AtomicBool::new(false))
    }

    #[test]
    fn first_values_follow_the_definition() {
        let first: Vec<u64> = (0..10).map(|n| fib(n).unwrap()).collect();
        assert_eq!(first, [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]);
    }

    #[test]
    fn matches_exact_fibonacci_reduced_modulo() {
        // fib(186) is the largest that fits a u128, so compare exactly up to it.
        let (mut a, mut b) = (0u128, 1u128);
        for n in 0..=186 {
            assert_eq!(
                fib(n),
                Some((a % u128::from(FIB_MODULUS)) as u64),
                "n = {n}"
            );
            (a, b) = (b, a.wrapping_add(b));
        }
    }

    #[test]
    fn known_large_values() {
        // Computed independently with arbitrary-precision arithmetic.
        assert_eq!(fib(1000), Some(517_691_607));
        assert_eq!(fib(1_000_000), Some(918_091_266));
    }

    #[test]
    fn flag_set_before_start_does_no_work() {
        let cancelled = AtomicBool::new(true);
        assert_eq!(fib_mod(u64::MAX, &cancelled), None);
    }

    #[test]
    fn zero_steps_need_no_check() {
        assert_eq!(fib_mod(0, &AtomicBool::new(true)), Some(0));
    }

    #[test]
    fn flag_set_from_another_thread_stops_the_loop_promptly() {
        let cancel = Arc::new(AtomicBool::new(false));
        let worker = {
            let cancel = Arc::clone(&cancel);
            thread::spawn(move || fib_mod(u64::MAX, &cancel))
        };
        thread::sleep(Duration::from_millis(50));
        let set_at = Instant::now();
        cancel.store(true, Ordering::Relaxed);
        assert_eq!(worker.join().unwrap(), None);
        // Generous even for an unoptimised build on a busy machine.
        assert!(
            set_at.elapsed() < Duration::from_secs(1),
            "{:?}",
            set_at.elapsed()
        );
    }

    #[test]
    fn reply_shows_the_modulus_or_the_timeout() {
        assert_eq!(fib_reply(10, Some(55)), "fib(10) mod 1000000007 = 55");
        assert_eq!(
            fib_reply(99, None),
            "fib(99) timed out after 2s; the computation was cancelled"
        );
    }
}
