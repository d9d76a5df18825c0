//! The examples really do what their docs say, over loopback.

mod io_util;

#[allow(dead_code)]
#[path = "../examples/echo_server.rs"]
mod echo_server;

#[allow(dead_code)]
#[path = "../examples/echo_client.rs"]
mod echo_client;

#[allow(dead_code)]
#[path = "../examples/http_get.rs"]
mod http_get;

use io_util::block_on_bounded;
use runtime::net::TcpListener;

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn the_echo_client_gets_its_message_back_from_the_echo_server() {
    block_on_bounded(async {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let server = runtime::spawn(echo_server::serve(listener));
        for message in ["Hello World!", "a second client, served by the same loop"] {
            let reply = echo_client::tcp_echo_client(&addr, message).await.unwrap();
            assert_eq!(reply, format!("{message}\n"));
        }
        server.abort();
    });
}

#[test]
fn the_http_get_example_fetches_a_200_and_the_body_from_its_own_server() {
    let (status, body) = http_get::run().unwrap();
    assert_eq!(status, "HTTP/1.0 200 OK");
    assert_eq!(body, "hello from the runtime; you asked for /hello\n");
}
