//! `BufWriter` in front of a socket: many small writes, one ordered stream after a flush.

mod io_util;

use io_util::{block_on_bounded, tcp_pair};
use runtime::io::{AsyncReadExt, AsyncWriteExt, BufWriter};

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn ten_thousand_small_writes_through_a_buf_writer_arrive_in_order_after_flush() {
    block_on_bounded(async {
        let (mut server, client) = tcp_pair().await.unwrap();
        let reading = runtime::spawn(async move {
            let mut all = Vec::new();
            server.read_to_end(&mut all).await.unwrap();
            all
        });

        let mut writer = BufWriter::new(client);
        let mut expected = Vec::new();
        for i in 0..10_000 {
            let line = format!("line {i}\n");
            writer.write_all(line.as_bytes()).await.unwrap();
            expected.extend_from_slice(line.as_bytes());
        }
        assert!(
            !writer.buffer().is_empty(),
            "the tail is still in memory until the flush"
        );
        writer.flush().await.unwrap();
        assert!(writer.buffer().is_empty());
        // Flush, then shut down writing on the socket: the reader sees end of stream.
        writer.shutdown().await.unwrap();

        assert_eq!(reading.await.unwrap(), expected);
    });
}
