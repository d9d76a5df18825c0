//! With the `futures-io` feature, code written against the `futures` crate's I/O traits runs
//! on our sockets, pipes and child processes.
#![cfg(all(feature = "futures-io", unix))]

use std::time::Duration;

use futures::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
use futures::StreamExt;
use runtime::net::unix::pipe;
use runtime::net::{TcpListener, TcpStream, UnixStream};
use runtime::time::timeout;

const LIMIT: Duration = Duration::from_secs(30);

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn futures_read_and_write_helpers_work_on_a_tcp_connection_and_its_halves() {
    runtime::run(async {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap())
            .await
            .unwrap();
        let (server, _) = listener.accept().await.unwrap();
        let (mut from_client, mut to_client) = server.into_split();

        client.write_all(b"ping").await.unwrap();
        client.close().await.unwrap(); // poll_close is our shutdown(Write): the server sees EOF
        let mut got = Vec::new();
        from_client.read_to_end(&mut got).await.unwrap();
        assert_eq!(got, b"ping");

        to_client.write_all(b"pong").await.unwrap();
        drop(to_client);
        let mut reply = String::new();
        client.read_to_string(&mut reply).await.unwrap();
        assert_eq!(reply, "pong");
    });
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn futures_copy_pumps_a_pipe_into_a_unix_stream() {
    const SIZE: usize = 200_000; // more than a pipe buffer and a socket buffer
    runtime::run(async {
        let (mut sender, mut receiver) = pipe().unwrap();
        let (mut near, mut far) = UnixStream::pair().unwrap();
        let data: Vec<u8> = (0..SIZE).map(|i| (i % 241) as u8).collect();
        let expected = data.clone();
        let producer = runtime::spawn(async move {
            sender.write_all(&data).await.unwrap();
            sender.close().await.unwrap();
        });
        let pump = runtime::spawn(async move {
            let copied = futures::io::copy(&mut receiver, &mut near).await.unwrap();
            near.close().await.unwrap();
            copied
        });
        let mut got = Vec::new();
        timeout(LIMIT, far.read_to_end(&mut got))
            .await
            .expect("the copy stalled")
            .unwrap();
        producer.await.unwrap();
        assert_eq!(pump.await.unwrap(), SIZE as u64);
        assert!(got == expected);
    });
}

#[cfg(target_os = "linux")]
#[test]
#[cfg_attr(miri, ignore = "child processes: Miri cannot spawn them")]
fn futures_buf_reader_lines_stream_a_childs_stdout() {
    use runtime::process::{Command, Stdio};
    runtime::run(async {
        let mut child = Command::new("sh")
            .arg("-c")
            .arg("printf 'one\\ntwo\\nthree\\n'")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let lines: Vec<String> = futures::io::BufReader::new(stdout)
            .lines()
            .map(|line| line.unwrap())
            .collect()
            .await;
        assert_eq!(lines, ["one", "two", "three"]);
        assert!(child.wait().await.unwrap().success());
    });
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn our_buf_reader_is_a_futures_async_buf_read() {
    runtime::run(async {
        let (mut a, b) = UnixStream::pair().unwrap();
        a.write_all(b"first line\nsecond").await.unwrap();
        a.close().await.unwrap();
        let mut reader = runtime::io::BufReader::new(b);
        let mut line = String::new();
        // Named in full: our BufReader has an inherent read_line, which would win.
        AsyncBufReadExt::read_line(&mut reader, &mut line)
            .await
            .unwrap();
        assert_eq!(line, "first line\n");
        assert_eq!(reader.fill_buf().await.unwrap(), b"second");
        let mut rest = String::new();
        reader.read_to_string(&mut rest).await.unwrap();
        assert_eq!(rest, "second");
    });
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn our_buf_writer_is_a_futures_async_write() {
    runtime::run(async {
        let (a, mut b) = UnixStream::pair().unwrap();
        let mut writer = runtime::io::BufWriter::new(a);
        writer.write_all(b"buffered").await.unwrap();
        writer.close().await.unwrap(); // flushes, then shuts down
        let mut got = Vec::new();
        b.read_to_end(&mut got).await.unwrap();
        assert_eq!(got, b"buffered");
    });
}
