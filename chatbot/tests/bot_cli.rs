//! `chatbot bot` as a process: it connects, registers, and on SIGTERM sends QUIT and exits 0.
//! The IRC server is this test, speaking raw lines on an ephemeral loopback port.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn the_bot_client_quits_on_sigterm_and_exits_cleanly() {
    const BOUND: Duration = Duration::from_secs(10);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let child = Command::new(env!("CARGO_BIN_EXE_chatbot"))
        .args(["bot", "--connect", &addr, "--channel", "#test"])
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the chatbot binary should start");
    struct KillOnDrop(std::process::Child);
    impl Drop for KillOnDrop {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut child = KillOnDrop(child);

    let (stream, _) = listener.accept().unwrap();
    stream.set_read_timeout(Some(BOUND)).unwrap();
    let mut lines = BufReader::new(stream.try_clone().unwrap()).lines();
    let mut next = || lines.next().expect("a line").expect("read");
    assert_eq!(next(), "CAP LS 302");
    assert_eq!(next(), "NICK chatbot");
    next(); // USER
    (&stream)
        .write_all(b"CAP * LS :\r\n:srv 001 chatbot :hi\r\n")
        .unwrap();
    assert_eq!(next(), "CAP END");
    assert_eq!(next(), "JOIN #test");

    let terminated = Command::new("kill")
        .args(["-TERM", &child.0.id().to_string()])
        .status()
        .expect("run kill");
    assert!(terminated.success());
    assert_eq!(next(), "QUIT :shutting down");
    let status = child.0.wait().unwrap();
    assert!(status.success(), "{status:?}");
}
