//! Running the implementations of one scenario in alternation: A B C A B C, round after round.
//!
//! Alternating inside one process run, instead of running all of A and then all of B, spreads
//! slow drifts of the machine (another build starting on the second core, the CPU warming up and
//! throttling) over every implementation alike. Each round of each implementation is one call of
//! its closure, which returns one sample.
//!
//! An implementation whose slot is not filled yet (our runtime, until it lands) answers its first
//! call with `None`; it is then asked no more and the report prints `n/a` for it.
//!
//! ```ignore
//! let outcomes = rounds::alternate("spawn", 5, vec![
//!     Contender::new(Impl::Ours, || spawn::ours_spawn(n)),
//!     Contender::new(Impl::Tokio, || Some(spawn::tokio_spawn(n))),
//! ]);
//! ```

use std::time::Instant;

/// One of the implementations a scenario compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Impl {
    /// Our runtime (crates `runtime` and `reactor`), and our chat server (crate `chatbot`).
    Ours,
    /// tokio's current-thread runtime, with a `LocalSet` where tasks are `!Send`.
    Tokio,
    /// A hand-written single-threaded mio state machine: the floor, where one applies.
    Mio,
}

impl Impl {
    /// Every implementation, in the order of the report's columns.
    pub const ALL: [Impl; 3] = [Impl::Ours, Impl::Tokio, Impl::Mio];

    /// The name used on the command line (`--impl`) and in the report.
    pub fn name(self) -> &'static str {
        match self {
            Impl::Ours => "ours",
            Impl::Tokio => "tokio",
            Impl::Mio => "mio",
        }
    }

    /// The inverse of [`Impl::name`].
    pub fn parse(name: &str) -> Option<Impl> {
        Impl::ALL.into_iter().find(|imp| imp.name() == name)
    }

    /// Position in [`Impl::ALL`], for per-implementation arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// What one implementation produced over all rounds.
#[derive(Debug)]
pub enum Outcome<S> {
    /// Its slot is not filled yet: the first call returned `None`.
    Unavailable,
    /// One sample per round, in round order.
    Samples(Vec<S>),
}

/// One implementation taking part in a scenario, and how to run one round of it.
pub struct Contender<'a, S> {
    /// Which implementation this is.
    imp: Impl,
    /// Runs one round and returns its sample, or `None` if the implementation is not available.
    run: Box<dyn FnMut() -> Option<S> + 'a>,
}

impl<'a, S> Contender<'a, S> {
    /// Wraps the closure that runs one round of `imp`.
    pub fn new(imp: Impl, run: impl FnMut() -> Option<S> + 'a) -> Self {
        Contender {
            imp,
            run: Box::new(run),
        }
    }
}

/// Runs `rounds` rounds of every contender, alternating between them, and returns each one's
/// outcome in the order given. Progress goes to stderr so that stdout holds only the report.
pub fn alternate<S>(
    label: &str,
    rounds: usize,
    mut contenders: Vec<Contender<'_, S>>,
) -> Vec<(Impl, Outcome<S>)> {
    let mut outcomes: Vec<(Impl, Outcome<S>)> = contenders
        .iter()
        .map(|c| (c.imp, Outcome::Samples(Vec::with_capacity(rounds))))
        .collect();
    for round in 1..=rounds {
        for (contender, (_, outcome)) in contenders.iter_mut().zip(&mut outcomes) {
            let Outcome::Samples(samples) = outcome else {
                continue;
            };
            let started = Instant::now();
            match (contender.run)() {
                Some(sample) => {
                    samples.push(sample);
                    eprintln!(
                        "  {label}: {} round {round}/{rounds} took {:.0?}",
                        contender.imp.name(),
                        started.elapsed()
                    );
                }
                None => *outcome = Outcome::Unavailable,
            }
        }
    }
    outcomes
}
