//! `io::copy` between sockets: every byte, in order, and the count.

mod io_util;

use io_util::{block_on_bounded, payload};
use runtime::io::{copy, AsyncReadExt, AsyncWriteExt};
use runtime::net::{TcpListener, TcpStream};

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn copy_echoes_a_mebibyte_back_and_reports_its_length() {
    block_on_bounded(async {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = runtime::spawn(async move {
            let (stream, _) = listener.accept().await.unwrap();
            let (mut reader, mut writer) = stream.into_split();
            copy(&mut reader, &mut writer).await.unwrap()
        });

        let data = payload(1 << 20);
        let (mut reader, mut writer) = TcpStream::connect(addr).await.unwrap().into_split();
        let mut echoed = Vec::new();
        let (sent, received) = runtime::join!(
            async {
                writer.write_all(&data).await?;
                writer.shutdown().await
            },
            reader.read_to_end(&mut echoed),
        );
        sent.unwrap();
        received.unwrap();
        assert_eq!(echoed, data);
        assert_eq!(server.await.unwrap(), 1 << 20);
    });
}
