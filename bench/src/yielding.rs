//! Scenario `yield`: two tasks pass a ball back and forth a million times, each waiting for its
//! turn by yielding to the scheduler.
//!
//! The ball is a shared `Cell` saying whose turn it is. A player that does not have the ball
//! yields; the scheduler runs the other player, which moves the ball and yields in turn. Every
//! pass therefore costs one wake, one trip through the run queue and one poll: the scheduler's
//! inner loop with nothing else in it. Each player counts its passes and the run checks both
//! counts and how many times a player was polled without the ball ("idle polls").
//!
//! Two rows, because "yield" means two things:
//!
//! - `yield_now`: each runtime's own `yield_now()`. tokio's defers the wake until it has polled its
//!   I/O driver (see its docs), so this row includes the runtime's policy for yielding tasks.
//! - `self-wake`: [`self_wake`], a future that wakes its own waker and returns `Pending` once.
//!   It is the same code on every runtime, so this row measures only wake → queue → poll.
//!
//! The state is an `Rc<Cell<_>>`, so the tasks are `!Send` and tokio runs them in a `LocalSet`.
//!
//! ```ignore
//! let elapsed = yielding::tokio_ping_pong(1_000_000, Yield::SelfWake);
//! ```

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use crate::plan::Plan;
use crate::report::{count, Metric, Table};
use crate::rounds::{self, Contender, Impl};

/// How a player waits for its turn.
#[derive(Clone, Copy, Debug)]
pub enum Yield {
    /// The runtime's own `yield_now()`.
    YieldNow,
    /// [`self_wake`], the same hand-written future on every runtime.
    SelfWake,
}

/// Runs both rows in alternation and adds them to `table`.
pub fn run(plan: &Plan, table: &mut Table) {
    let n = plan.yield_round_trips;
    for (how, case) in [
        (
            Yield::YieldNow,
            format!("{} passes, yield_now", count(n as u64)),
        ),
        (
            Yield::SelfWake,
            format!("{} passes, self-wake", count(n as u64)),
        ),
    ] {
        let outcomes = rounds::alternate(
            "yield",
            plan.rounds,
            vec![
                Contender::new(Impl::Ours, || ours_ping_pong(n, how)),
                Contender::new(Impl::Tokio, || Some(tokio_ping_pong(n, how))),
            ],
        );
        table.add("yield", case, &[Metric::MILLIS], &outcomes);
    }
}

/// Our runtime: two tasks pass a ball `n` times, yielding with `how`. (Our spawn takes `!Send`
/// futures, so no `LocalSet` is needed.)
pub fn ours_ping_pong(n: usize, how: Yield) -> Option<Duration> {
    let rt = runtime::Runtime::new().expect("build our runtime");
    let (elapsed, passes) = rt.block_on(async move {
        let ball = Rc::new(Cell::new(0));
        let start = Instant::now();
        let players = [0, 1].map(|me| {
            let ball = ball.clone();
            runtime::spawn(async move {
                match how {
                    Yield::YieldNow => player(me, &ball, n, runtime::yield_now).await,
                    Yield::SelfWake => player(me, &ball, n, self_wake).await,
                }
            })
        });
        let [a, b] = players;
        let passes = [a.await.expect("player a"), b.await.expect("player b")];
        (start.elapsed(), passes)
    });
    check_passes(n, passes);
    Some(elapsed)
}

/// tokio's current-thread runtime, in a `LocalSet` because the players share an `Rc`.
pub fn tokio_ping_pong(n: usize, how: Yield) -> Duration {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("build a tokio runtime");
    let local = tokio::task::LocalSet::new();
    let (elapsed, passes) = local.block_on(&rt, async move {
        let ball = Rc::new(Cell::new(0));
        let start = Instant::now();
        let players = [0, 1].map(|me| {
            let ball = ball.clone();
            tokio::task::spawn_local(async move {
                match how {
                    Yield::YieldNow => player(me, &ball, n, tokio::task::yield_now).await,
                    Yield::SelfWake => player(me, &ball, n, self_wake).await,
                }
            })
        });
        let [a, b] = players;
        let passes = [a.await.expect("player a"), b.await.expect("player b")];
        (start.elapsed(), passes)
    });
    check_passes(n, passes);
    elapsed
}

/// What one player saw: passes made, and polls that found the ball on the other side.
#[derive(Clone, Copy, Debug)]
pub struct Passes {
    /// How many times this player passed the ball.
    pub made: usize,
    /// How many times it woke up and found it was not its turn.
    pub idle_polls: usize,
}

/// One player: `n` times, wait until `ball` holds `me`, then hand it to the other player.
pub async fn player<F: Future<Output = ()>>(
    me: u8,
    ball: &Cell<u8>,
    n: usize,
    yield_: impl Fn() -> F,
) -> Passes {
    let mut passes = Passes {
        made: 0,
        idle_polls: 0,
    };
    while passes.made < n {
        if ball.get() == me {
            ball.set(1 - me);
            passes.made += 1;
        } else {
            passes.idle_polls += 1;
        }
        yield_().await;
    }
    passes
}

/// Both players made all their passes. With a first-in first-out run queue, neither should ever
/// wake without the ball; more idle polls than passes means the scheduler is not alternating.
pub fn check_passes(n: usize, passes: [Passes; 2]) {
    for p in passes {
        assert_eq!(p.made, n, "a player stopped early");
        assert!(p.idle_polls <= n, "the scheduler starves one player: {p:?}");
    }
}

/// A future that is `Pending` once, having woken its own waker, and then `Ready`.
///
/// This is the smallest possible "reschedule me": no timer, no I/O, no runtime-specific policy.
/// The `timers` scenario uses it too, to make a timeout get registered before it is cancelled.
pub fn self_wake() -> SelfWake {
    SelfWake { woken: false }
}

/// See [`self_wake`].
#[derive(Debug)]
pub struct SelfWake {
    /// Set by the first poll; the second poll completes.
    woken: bool,
}

impl Future for SelfWake {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.woken {
            return Poll::Ready(());
        }
        self.woken = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
