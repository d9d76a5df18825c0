//! The web pages in a real browser: `tests/browser/e2e.mjs` drives Debian's chromium headless
//! with playwright-core, against this test's server. It opens `/`, sets a nick, sends a line a
//! raw TCP client receives, shows a line that client sends, then opens `/loop` and sees the turn
//! count rise (the script says how).
//!
//! Needs `node`, `/usr/bin/chromium` (or `$CHROMIUM`) and `npm ci` run in `tests/browser`.
//! Without them the test says what is missing and passes, so `cargo test --workspace` works
//! anywhere; with `CI=true` it fails instead (`.ci/run` installs them first).
//! `UPDATE_SCREENSHOTS=1` also saves `docs/chat.png` and `docs/loop.png` for README.

mod util;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use util::{settings, TestServer};

/// The whole browser run's bound: starting chromium is slow on a loaded machine.
const BROWSER_BOUND: Duration = Duration::from_secs(120);

/// What is missing for this test, if anything.
fn missing(browser_dir: &Path) -> Option<String> {
    let chromium =
        std::env::var_os("CHROMIUM").map_or(PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    if !chromium.exists() {
        return Some(format!(
            "no chromium at {} (apt-get install chromium)",
            chromium.display()
        ));
    }
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|out| out.status.success()) {
        return Some("no node (apt-get install nodejs npm)".into());
    }
    if !browser_dir.join("node_modules/playwright-core").exists() {
        return Some(format!(
            "no playwright-core (cd {} && npm ci)",
            browser_dir.display()
        ));
    }
    None
}

#[test]
fn the_pages_work_in_a_real_browser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let browser_dir = root.join("browser");
    if let Some(why) = missing(&browser_dir) {
        if std::env::var("CI").is_ok_and(|ci| ci == "true") {
            panic!("the browser test must run in CI, but: {why}");
        }
        eprintln!("web_browser: skipped: {why}");
        return;
    }
    let server = TestServer::chat(settings());
    let mut child = Command::new("node")
        .arg("e2e.mjs")
        .arg(server.web_addr().to_string())
        .arg(server.addr().to_string())
        .env("SCREENSHOT_DIR", root.join("../docs"))
        .current_dir(&browser_dir)
        .stdout(Stdio::inherit())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start node");
    let pid = child.id();
    let (done_tx, done_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done_tx.send(child.wait());
    });
    let status = match done_rx.recv_timeout(BROWSER_BOUND) {
        Ok(status) => status.expect("wait for node"),
        Err(_) => {
            // Our own child, by its id.
            let _ = Command::new("kill").arg(pid.to_string()).status();
            panic!("the browser test did not finish within {BROWSER_BOUND:?}");
        }
    };
    assert!(status.success(), "e2e.mjs failed: {status}");
}
