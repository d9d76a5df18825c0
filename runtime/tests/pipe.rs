//! `runtime::net::unix::pipe`: an anonymous pipe follows the readiness rules of a stream socket.
#![cfg(unix)]

use std::time::Duration;

use runtime::io::{AsyncReadExt, AsyncWriteExt};
use runtime::net::unix::pipe;
use runtime::time::timeout;

const LIMIT: Duration = Duration::from_secs(30);

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn bytes_written_to_the_sender_come_out_of_the_receiver_in_order() {
    runtime::run(async {
        let (mut sender, mut receiver) = pipe().unwrap();
        sender.write_all(b"first ").await.unwrap();
        sender.write_all(b"second").await.unwrap();
        let mut got = [0; 12];
        receiver.read_exact(&mut got).await.unwrap();
        assert_eq!(&got, b"first second");
    });
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn a_transfer_larger_than_the_pipe_buffer_waits_for_the_reader_and_arrives_whole() {
    // 1 MiB, 16 times Linux's pipe buffer: the writer must wait for room again and again.
    const SIZE: usize = 1 << 20;
    runtime::run(async {
        let (mut sender, mut receiver) = pipe().unwrap();
        let data: Vec<u8> = (0..SIZE).map(|i| (i % 253) as u8).collect();
        let expected = data.clone();
        let writer = runtime::spawn(async move {
            sender.write_all(&data).await.unwrap();
            // dropping the sender closes it: the reader's read_to_end ends
        });
        let mut got = Vec::new();
        timeout(LIMIT, receiver.read_to_end(&mut got))
            .await
            .expect("the pipe stalled")
            .unwrap();
        writer.await.unwrap();
        assert_eq!(got.len(), SIZE);
        assert!(got == expected);
    });
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn shutdown_closes_the_sender_so_the_reader_sees_eof_and_later_writes_fail() {
    runtime::run(async {
        let (mut sender, mut receiver) = pipe().unwrap();
        sender.write_all(b"last words").await.unwrap();
        sender.shutdown().await.unwrap();
        let mut got = Vec::new();
        receiver.read_to_end(&mut got).await.unwrap();
        assert_eq!(got, b"last words");
        let err = sender.write_all(b"more").await.unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::BrokenPipe);
    });
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn writing_after_the_receiver_is_dropped_is_a_broken_pipe_error() {
    runtime::run(async {
        let (mut sender, receiver) = pipe().unwrap();
        drop(receiver);
        let err = sender.write_all(b"nobody listens").await.unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::BrokenPipe);
    });
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn a_reader_waits_without_blocking_other_tasks_until_bytes_arrive() {
    runtime::run(async {
        let (mut sender, mut receiver) = pipe().unwrap();
        let reader = runtime::spawn(async move {
            let mut byte = [0; 1];
            receiver.read_exact(&mut byte).await.unwrap();
            byte[0]
        });
        runtime::yield_now().await; // the reader runs, finds the pipe empty, and waits
        assert!(!reader.is_finished());
        sender.write_all(b"x").await.unwrap();
        assert_eq!(timeout(LIMIT, reader).await.unwrap().unwrap(), b'x');
    });
}
