//! Unix-domain stream sockets: a listener on a path, and connected pairs.
#![cfg(unix)]

mod io_util;

use io_util::{block_on_bounded, payload, temp_socket_path, RemoveOnDrop};
use runtime::io::{copy, AsyncReadExt, AsyncWriteExt};
use runtime::net::{UnixListener, UnixStream};

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn a_unix_stream_echoes_through_a_listener_bound_to_a_path() {
    let path = temp_socket_path("echo");
    let _cleanup = RemoveOnDrop(path.clone());
    block_on_bounded(async {
        let listener = UnixListener::bind(&path).unwrap();
        let server = runtime::spawn(async move {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut request = Vec::new();
            stream.read_to_end(&mut request).await.unwrap();
            stream.write_all(&request).await.unwrap();
        });

        let mut client = UnixStream::connect(&path).await.unwrap();
        let data = payload(100_000);
        client.write_all(&data).await.unwrap();
        client.shutdown(std::net::Shutdown::Write).unwrap();
        let mut echoed = Vec::new();
        client.read_to_end(&mut echoed).await.unwrap();
        assert_eq!(echoed, data);
        server.await.unwrap();
    });
    assert!(
        path.exists(),
        "closing the listener leaves the socket file behind"
    );
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn connecting_to_a_path_nobody_listens_on_fails() {
    let path = temp_socket_path("nobody");
    block_on_bounded(async {
        assert!(UnixStream::connect(&path).await.is_err());
    });
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn a_pair_is_connected_both_ways_without_a_path() {
    block_on_bounded(async {
        let (mut a, mut b) = UnixStream::pair().unwrap();
        let mut buf = [0; 4];
        a.write_all(b"ping").await.unwrap();
        b.read_exact(&mut buf).await.unwrap();
        assert_eq!(&buf, b"ping");
        b.write_all(b"pong").await.unwrap();
        drop(b);
        let mut rest = Vec::new();
        let n = copy(&mut a, &mut rest).await.unwrap();
        assert_eq!((n, &rest[..]), (4, &b"pong"[..]));
    });
}
