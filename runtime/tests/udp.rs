//! UDP sockets over loopback: datagrams with and without a connected peer.

mod io_util;

use io_util::block_on_bounded;
use runtime::net::UdpSocket;

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn a_receiver_waiting_first_gets_the_datagram_and_its_sender() {
    block_on_bounded(async {
        let server = UdpSocket::bind("127.0.0.1:0").unwrap();
        let client = UdpSocket::bind("127.0.0.1:0").unwrap();
        let server_addr = server.local_addr().unwrap();

        let echo = runtime::spawn(async move {
            let mut buf = [0; 64];
            let (n, from) = server.recv_from(&mut buf).await.unwrap(); // waits: nothing sent yet
            server.send_to(&buf[..n], from).await.unwrap();
        });
        runtime::yield_now().await; // the server task is now waiting in recv_from

        client.send_to(b"marco", server_addr).await.unwrap();
        let mut buf = [0; 64];
        let (n, from) = client.recv_from(&mut buf).await.unwrap();
        assert_eq!((&buf[..n], from), (&b"marco"[..], server_addr));
        echo.await.unwrap();
    });
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn connected_sockets_send_and_recv_without_addresses() {
    block_on_bounded(async {
        let a = UdpSocket::bind("127.0.0.1:0").unwrap();
        let b = UdpSocket::bind("127.0.0.1:0").unwrap();
        a.connect(b.local_addr().unwrap()).unwrap();
        b.connect(a.local_addr().unwrap()).unwrap();
        assert_eq!(a.peer_addr().unwrap(), b.local_addr().unwrap());

        assert_eq!(a.send(b"ping").await.unwrap(), 4);
        let mut buf = [0; 16];
        let n = b.recv(&mut buf).await.unwrap();
        assert_eq!(&buf[..n], b"ping");
        b.send(b"pong").await.unwrap();
        let n = a.recv(&mut buf).await.unwrap();
        assert_eq!(&buf[..n], b"pong");
    });
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn each_recv_returns_exactly_one_datagram() {
    block_on_bounded(async {
        let a = UdpSocket::bind("127.0.0.1:0").unwrap();
        let b = UdpSocket::bind("127.0.0.1:0").unwrap();
        let to = b.local_addr().unwrap();
        a.send_to(b"one", to).await.unwrap();
        a.send_to(b"two", to).await.unwrap();
        let mut buf = [0; 16];
        let (n, _) = b.recv_from(&mut buf).await.unwrap();
        assert_eq!(
            &buf[..n],
            b"one",
            "datagram boundaries are kept, unlike a stream"
        );
        let (n, _) = b.recv_from(&mut buf).await.unwrap();
        assert_eq!(&buf[..n], b"two");
    });
}
