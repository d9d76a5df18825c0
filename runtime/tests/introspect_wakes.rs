//! Per task, introspection counts wakes, and which of them the task gave itself in its poll.

use std::future::poll_fn;
use std::rc::Rc;
use std::task::Poll;

use runtime::sync::Notify;
use runtime::{task, Runtime};

#[test]
fn wakes_from_inside_the_poll_count_as_self_wakes() {
    let rt = Runtime::builder().introspect(true).build().unwrap();
    rt.block_on(async {
        let notify = Rc::new(Notify::new());
        let waiter = task::Builder::new().name("waiter").spawn({
            let notify = notify.clone();
            async move {
                // Five wakes it gives itself...
                let mut spins = 0;
                poll_fn(|cx| {
                    if spins == 5 {
                        return Poll::Ready(());
                    }
                    spins += 1;
                    cx.waker().wake_by_ref();
                    Poll::Pending
                })
                .await;
                // ...then three from outside.
                for _ in 0..3 {
                    notify.notified().await;
                }
                std::future::pending::<()>().await
            }
        });
        for _ in 0..3 {
            while !waiting(&task::dump()[0]) {
                runtime::yield_now().await;
            }
            notify.notify_one();
        }
        while task::dump()[0].polls < 9 || task::dump()[0].queued {
            runtime::yield_now().await;
        }
        let info = &task::dump()[0];
        assert_eq!(info.name.as_deref(), Some("waiter"));
        assert_eq!(info.self_wakes, 5);
        assert_eq!(info.wakes, 8);
        assert_eq!(info.polls, 9);
        waiter.abort();
    });
}

/// True when the task is parked on a `Notify` (not queued, not running).
fn waiting(info: &task::TaskInfo) -> bool {
    !info.queued && info.waiting_on.iter().any(|w| w.to_string() == "notify")
}
