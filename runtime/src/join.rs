//! Waiting for many futures at once, on one task: [`join!`], [`join_all`] and [`select!`].
//!
//! These are asyncio's `gather` and `wait(..., return_when=FIRST_COMPLETED)`, without spawning:
//! the futures run concurrently *inside the task that awaits them*, each polled when the task is
//! woken. They can therefore borrow local variables, unlike spawned tasks.
//!
//! Both macros work the same way: each future is pinned on the stack in a slot the macro
//! declares, and one `poll_fn` polls the slots in argument order. (Macro hygiene gives every
//! argument its own slot: each recursion step of the macro declares variables that no other
//! step can name, and passes their names on.)
//!
//! [`join!`]: crate::join!
//! [`select!`]: crate::select!

use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::Poll;

/// Runs futures concurrently on the current task and returns all their outputs, in argument
/// order, once every one has finished (asyncio's `gather`).
///
/// ```
/// use std::time::Duration;
/// use runtime::time::sleep;
/// runtime::Runtime::builder().start_paused(true).build().unwrap().block_on(async {
///     let start = runtime::time::Instant::now();
///     let (a, b) = runtime::join!(
///         async { sleep(Duration::from_secs(2)).await; "two" },
///         async { sleep(Duration::from_secs(1)).await; "one" },
///     );
///     assert_eq!((a, b), ("two", "one"));
///     assert_eq!(start.elapsed(), Duration::from_secs(2)); // the longest, not the sum
/// });
/// ```
#[macro_export]
macro_rules! join {
    (@slots [$(($fut:ident $out:ident))*]) => {{
        $crate::__private::poll_fn(|cx| {
            let mut all_done = true;
            $(
                if $out.is_none() {
                    match $fut.as_mut().poll(cx) {
                        $crate::__private::Poll::Ready(value) => $out = ::core::option::Option::Some(value),
                        $crate::__private::Poll::Pending => all_done = false,
                    }
                }
            )*
            if all_done { $crate::__private::Poll::Ready(()) } else { $crate::__private::Poll::Pending }
        })
        .await;
        ($($out.take().expect("each future finished exactly once"),)*)
    }};
    (@slots [$($slots:tt)*] $first:expr $(, $rest:expr)*) => {{
        let mut fut = ::core::pin::pin!($first);
        let mut out = ::core::option::Option::None;
        $crate::join!(@slots [$($slots)* (fut out)] $($rest),*)
    }};
    ($($future:expr),+ $(,)?) => {{
        #[allow(unused_imports)]
        use $crate::__private::Future as _;
        $crate::join!(@slots [] $($future),+)
    }};
}

/// Waits on several futures and runs the branch of the first to finish; the others are dropped
/// (cancelled) before the branch runs.
///
/// Branches are polled in the order written (the first branch wins a tie). Each pattern must be
/// irrefutable (bind a name and `match` inside the branch). A branch body may `return`, `break`
/// or use `?`, since it runs in the enclosing function, after the wait.
///
/// ```
/// use std::time::Duration;
/// use runtime::time::sleep;
/// runtime::Runtime::builder().start_paused(true).build().unwrap().block_on(async {
///     let winner = runtime::select! {
///         _ = sleep(Duration::from_secs(5)) => "slow",
///         n = async { 7 } => if n == 7 { "fast" } else { "odd" },
///     };
///     assert_eq!(winner, "fast");
/// });
/// ```
#[macro_export]
macro_rules! select {
    (@slots [$(($fut:ident $out:ident $pat:pat => $body:expr))*]) => {{
        $crate::__private::poll_fn(|cx| {
            $(
                if let ::core::option::Option::Some(fut) = $fut.as_mut().as_pin_mut() {
                    if let $crate::__private::Poll::Ready(value) = fut.poll(cx) {
                        $out = ::core::option::Option::Some(value);
                        return $crate::__private::Poll::Ready(());
                    }
                }
            )*
            $crate::__private::Poll::Pending
        })
        .await;
        // Drop every branch's future (the losers are cancelled here) before running the winner.
        $( $fut.set(::core::option::Option::None); )*
        $(
            if let ::core::option::Option::Some($pat) = $out.take() { $body } else
        )*
        { ::core::unreachable!("select! finished without a winner") }
    }};
    (@slots [$($slots:tt)*] $pat:pat = $future:expr => $body:expr $(, $($rest:tt)*)?) => {{
        let mut fut = ::core::pin::pin!(::core::option::Option::Some($future));
        let mut out = ::core::option::Option::None;
        $crate::select!(@slots [$($slots)* (fut out $pat => $body)] $($($rest)*)?)
    }};
    ($($branches:tt)+) => {{
        #[allow(unused_imports)]
        use $crate::__private::Future as _;
        $crate::select!(@slots [] $($branches)+)
    }};
}

/// Runs every future of `futures` concurrently on the current task and returns their outputs in
/// the original order (asyncio's `gather(*aws)`).
///
/// Each future is boxed (they must be pinned somewhere, and a `Vec` may move), and every wake
/// polls all unfinished ones: O(n) per wake, fine for the tens or hundreds of futures one task
/// gathers. For thousands of independent jobs, spawn tasks into a [`JoinSet`](crate::JoinSet).
///
/// ```
/// runtime::run(async {
///     let doubled = runtime::join_all((1..=3).map(|n| async move { n * 2 })).await;
///     assert_eq!(doubled, [2, 4, 6]);
/// });
/// ```
pub async fn join_all<I>(futures: I) -> Vec<<I::Item as Future>::Output>
where
    I: IntoIterator,
    I::Item: Future,
{
    let mut pending: Vec<Option<Pin<Box<I::Item>>>> =
        futures.into_iter().map(|f| Some(Box::pin(f))).collect();
    let mut outputs: Vec<Option<<I::Item as Future>::Output>> =
        pending.iter().map(|_| None).collect();
    poll_fn(|cx| {
        let mut all_done = true;
        for (slot, output) in pending.iter_mut().zip(outputs.iter_mut()) {
            if let Some(future) = slot {
                match future.as_mut().poll(cx) {
                    Poll::Ready(value) => {
                        *output = Some(value);
                        *slot = None; // finished futures are dropped at once
                    }
                    Poll::Pending => all_done = false,
                }
            }
        }
        if all_done {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    outputs
        .into_iter()
        .map(|output| output.expect("each future finished exactly once"))
        .collect()
}
