//! The `chatbot` binary's command line, run as a real process.
//!
//! Run with `cargo test -p chatbot --test cli`. The parser's rules are unit
//! tests in `src/config/tests.rs`; these only pin what a shell sees: exit
//! statuses, which stream the text goes to, that nothing panics, and the
//! start-up warning about a too-low open-file limit. How the real binary stops
//! on Ctrl-C and SIGTERM is `signals.rs`. (The server's behaviour is tested
//! in-process by the workspace's `tests` package.)

use std::process::{Command, Output};

fn chatbot(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chatbot"))
        .args(args)
        .output()
        .expect("the chatbot binary should start")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_prints_usage_to_stdout_and_succeeds() {
    for flag in ["--help", "-h"] {
        let out = chatbot(&[flag]);
        assert!(out.status.success(), "{flag}: {:?}", out.status);
        assert_eq!(text(&out.stdout), chatbot::config::USAGE);
        assert!(out.stderr.is_empty());
    }
}

#[test]
fn bad_flag_is_one_stderr_line_and_exit_status_two() {
    for args in [
        &["--bogus"][..],
        &["--max-line", "big"],
        &["--listen"],
        &["echo", "--max-line", "1"],
    ] {
        let out = chatbot(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err:?}");
        assert!(
            err.starts_with("chatbot: ") && !err.contains("panicked"),
            "{err:?}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[cfg(unix)]
#[test]
fn non_utf8_argument_is_an_error_not_a_panic() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let out = Command::new(env!("CARGO_BIN_EXE_chatbot"))
        .arg(OsStr::from_bytes(b"--listen=\xff"))
        .output()
        .expect("the chatbot binary should start");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("not valid UTF-8") && !err.contains("panicked"),
        "{err:?}"
    );
}

#[test]
fn an_address_that_cannot_be_bound_is_reported_with_exit_status_one() {
    // Holding the port makes it unbindable for the child, whatever else runs on this machine.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    for mode in ["serve", "echo"] {
        let out = chatbot(&[mode, "--listen", &addr]);
        assert_eq!(out.status.code(), Some(1), "{mode}: {:?}", out.status);
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!("chatbot: cannot listen on {addr}: ")),
            "{mode}: {err:?}"
        );
        assert!(!err.contains("panicked"), "{mode}: {err:?}");
        assert!(
            out.stdout.is_empty(),
            "{mode}: nothing listens, so no address is printed"
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn the_server_warns_at_start_up_when_the_open_file_limit_is_below_max_clients() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    use std::sync::mpsc;
    use std::time::Duration;

    // The shell lowers its own limit, then becomes the server, which inherits it.
    let script = format!(
        "ulimit -n 64 && exec '{}' --listen 127.0.0.1:0 --irc off --max-clients 10000",
        env!("CARGO_BIN_EXE_chatbot")
    );
    let child = Command::new("sh")
        .args(["-c", &script])
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sh should start");
    struct KillOnDrop(std::process::Child);
    impl Drop for KillOnDrop {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut child = KillOnDrop(child);
    let stderr = child.0.stderr.take().unwrap();
    let (lines, stderr_lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let _ = lines.send(line.unwrap_or_default());
        }
    });
    let line = stderr_lines
        .recv_timeout(Duration::from_secs(10))
        .expect("a warning on stderr");
    assert!(
        line.contains("the open-file limit is 64, but --max-clients 10000 needs about"),
        "{line:?}"
    );
}
