//! `RUNTIME_DEBUG=1` turns debug mode on without code changes. (Its own test binary: it sets
//! a process-wide environment variable.)

mod util;

#[test]
fn the_runtime_debug_variable_turns_debug_mode_on() {
    let logs = util::capture_logs();
    std::env::set_var("RUNTIME_DEBUG", "1");
    let rt = runtime::Runtime::new().unwrap();
    rt.block_on(async {
        drop(
            runtime::task::Builder::new()
                .name("left-behind")
                .spawn(util::pending_forever()),
        );
        runtime::yield_now().await;
    });
    drop(rt);
    std::env::remove_var("RUNTIME_DEBUG");
    assert!(logs()
        .iter()
        .any(|line| line.starts_with("WARN") && line.contains("\"left-behind\"")));
}
