//! The `chatbot` binary's command line, run as a real process.
//!
//! Run with `cargo test -p chatbot --test cli`. The parser's rules are unit
//! tests in `src/config/tests.rs`; these only pin what a shell sees: exit
//! statuses, which stream the text goes to, and that nothing panics; and, once,
//! that the real binary serves a client until Ctrl-C and then exits cleanly.
//! (The server's behaviour is tested in-process by the workspace's `tests`
//! package.)

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

#[cfg(unix)]
#[test]
fn the_server_runs_until_ctrl_c_then_says_goodbye_and_exits_cleanly() {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpStream;
    use std::process::Stdio;
    use std::sync::mpsc;
    use std::time::Duration;

    const BOUND: Duration = Duration::from_secs(10);

    let mut child = Command::new(env!("CARGO_BIN_EXE_chatbot"))
        .args(["--listen", "127.0.0.1:0"])
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the chatbot binary should start");
    // Killed on every path out of this test, passing or not.
    struct KillOnDrop(std::process::Child);
    impl Drop for KillOnDrop {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let stdout = child.stdout.take().unwrap();
    let mut child = KillOnDrop(child);

    // The first line says where it listens; the pipe's end says the process is gone. Read on
    // a thread, so that both waits have a deadline.
    let (lines, stdout_lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let _ = lines.send(line.ok());
        }
        let _ = lines.send(None); // EOF: the process exited
    });
    let line = stdout_lines
        .recv_timeout(BOUND)
        .expect("the listening line")
        .expect("a line, not EOF");
    let addr = line
        .strip_prefix("chat server listening on ")
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_else(|| panic!("{line:?}"));

    let stream = TcpStream::connect(addr).expect("connect to the child");
    stream.set_read_timeout(Some(BOUND)).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut read_line = || {
        let mut line = String::new();
        reader.read_line(&mut line).expect("a line from the child");
        line
    };
    assert!(read_line().starts_with("* welcome to chatbot! you are guest1"));
    read_line(); // the hint about /help
    assert_eq!(read_line(), "* guest1 joined\n");
    (&stream).write_all(b"/who\n").unwrap();
    assert_eq!(read_line(), "* in lobby (1): guest1\n");

    let interrupted = Command::new("kill")
        .args(["-INT", &child.0.id().to_string()])
        .status()
        .expect("run kill");
    assert!(interrupted.success());
    assert_eq!(read_line(), "* server shutting down\n");
    assert_eq!(read_line(), "", "then EOF");

    assert_eq!(
        stdout_lines.recv_timeout(BOUND),
        Ok(None),
        "the server exits without another word"
    );
    let status = child.0.wait().unwrap();
    assert!(status.success(), "{status:?}");
}
