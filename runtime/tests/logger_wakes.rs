//! A logger is user code: it may wake one of the runtime's tasks from inside any log line (an
//! async log shipper does). No log line of ours is written while a borrow of ours is held, so
//! that never meets a "RefCell already borrowed" panic. (Its own test binary: a logger is global.)

use std::cell::Cell;
use std::future::poll_fn;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::task::{Poll, Waker};

use runtime::{spawn, yield_now};

/// Wakes the shipper task on every log line, and counts those wakes.
struct WakingLogger {
    shipper: Mutex<Option<Waker>>,
    wakes: AtomicUsize,
}

static LOGGER: WakingLogger = WakingLogger {
    shipper: Mutex::new(None),
    wakes: AtomicUsize::new(0),
};

impl log::Log for WakingLogger {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, _: &log::Record<'_>) {
        let shipper = self.shipper.lock().unwrap().clone();
        if let Some(waker) = shipper {
            self.wakes.fetch_add(1, Ordering::SeqCst);
            waker.wake(); // outside our own lock, as every waker must be
        }
    }
    fn flush(&self) {}
}

#[test]
fn a_logger_that_wakes_a_task_on_every_line_never_meets_a_held_borrow() {
    log::set_logger(&LOGGER).unwrap();
    log::set_max_level(log::LevelFilter::Trace);
    let polls = Rc::new(Cell::new(0u32));
    let shipper_polls = polls.clone();
    runtime::run(async move {
        let shipper = spawn(poll_fn(move |cx| {
            *LOGGER.shipper.lock().unwrap() = Some(cx.waker().clone());
            shipper_polls.set(shipper_polls.get() + 1);
            Poll::<()>::Pending
        }));
        // Spawns, finishes, aborts, timers and reactor turns: each logs at trace.
        for round in 0..20u64 {
            let quick = spawn(async move { round });
            let parked = spawn(std::future::pending::<()>());
            runtime::time::sleep(std::time::Duration::from_millis(1)).await;
            parked.abort();
            assert_eq!(quick.await.unwrap(), round);
            yield_now().await;
        }
        *LOGGER.shipper.lock().unwrap() = None;
        shipper.abort();
    });
    // Every round logged at least once with the shipper's waker in hand, and it was polled again.
    assert!(LOGGER.wakes.load(Ordering::SeqCst) >= 20);
    assert!(
        polls.get() >= 2,
        "the logger's wakes never reached the shipper"
    );
}
