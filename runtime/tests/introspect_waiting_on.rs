//! A parked task's dump entry says what it waits on: a socket and direction, a timer, a mutex.

mod util;

use std::rc::Rc;
use std::time::Duration;

use runtime::introspect::{Direction, WaitingOn};
use runtime::io::AsyncReadExt;
use runtime::sync::Mutex;
use runtime::task::{self, TaskInfo};

/// The dump entry of the task named `name`, once it has parked (polled, idle, not queued).
async fn parked(name: &str) -> TaskInfo {
    loop {
        let found = task::dump()
            .into_iter()
            .find(|t| t.name.as_deref() == Some(name));
        match found {
            Some(info) if info.polls > 0 && !info.queued => return info,
            _ => runtime::yield_now().await,
        }
    }
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn a_task_reading_an_idle_socket_waits_on_its_registration_to_read() {
    util::watched(false).block_on(async {
        let (mut ours, _theirs) = runtime::net::UnixStream::pair().unwrap();
        let reader = task::Builder::new().name("reader").spawn(async move {
            let mut buf = [0; 8];
            ours.read(&mut buf).await
        });
        let info = parked("reader").await;
        let [WaitingOn::Io {
            source, direction, ..
        }] = info.waiting_on[..]
        else {
            panic!("{info:#?}");
        };
        assert_eq!((source, direction), ("UnixStream", Direction::Read));
        let shown = info.waiting_on[0].to_string();
        assert!(
            shown.starts_with("UnixStream ") && shown.ends_with(", read"),
            "{shown}"
        );
        reader.abort();
    });
}

#[test]
fn a_sleeping_task_waits_on_a_timer_with_its_deadline() {
    util::watched(true).block_on(async {
        let start = runtime::time::Instant::now();
        let sleeper = task::Builder::new()
            .name("sleeper")
            .spawn(runtime::time::sleep(Duration::from_millis(2100)));
        let info = parked("sleeper").await;
        assert_eq!(
            info.waiting_on,
            [WaitingOn::Timer {
                deadline: start + Duration::from_millis(2100),
                remaining: Duration::from_millis(2100),
            }]
        );
        assert_eq!(info.waiting_on[0].to_string(), "timer, deadline in 2.1 s");
        sleeper.await.unwrap();
    });
}

#[test]
fn a_task_waiting_for_a_locked_mutex_waits_on_the_mutex() {
    util::watched(false).block_on(async {
        let mutex = Rc::new(Mutex::new(0));
        let guard = mutex.lock().await;
        let locker = task::Builder::new().name("locker").spawn({
            let mutex = mutex.clone();
            async move { *mutex.lock().await += 1 }
        });
        let info = parked("locker").await;
        assert_eq!(info.waiting_on, [WaitingOn::Resource { name: "mutex" }]);
        assert_eq!(info.waiting_on[0].to_string(), "mutex");
        drop(guard);
        locker.await.unwrap();
        assert_eq!(*mutex.lock().await, 1);
    });
}

#[test]
fn a_task_that_is_not_parked_waits_on_nothing() {
    util::watched(false).block_on(async {
        let me = runtime::spawn(async {
            let info = task::dump();
            info[0].waiting_on.is_empty() && info[0].state == task::TaskState::Running
        });
        assert!(me.await.unwrap());
    });
}
