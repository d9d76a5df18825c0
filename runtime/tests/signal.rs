//! `signal::ctrl_c` completes when the process gets SIGINT, and the process survives it.
#![cfg(unix)]

use std::time::Duration;

use runtime::{spawn, yield_now};

#[test]
#[cfg_attr(miri, ignore = "signals: Miri cannot deliver them")]
fn ctrl_c_completes_when_the_process_receives_sigint() {
    runtime::run(async {
        let waiter = spawn(runtime::signal::ctrl_c());
        yield_now().await; // the waiter installs its handler and registers its pipe
        signal_hook::low_level::raise(signal_hook::consts::SIGINT).unwrap();
        let result = runtime::time::timeout(Duration::from_secs(10), waiter).await;
        result.expect("ctrl_c did not complete").unwrap().unwrap();
    });
}
