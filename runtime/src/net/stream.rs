//! The one [`AsyncRead`](crate::io::AsyncRead) and the one [`AsyncWrite`](crate::io::AsyncWrite)
//! of every stream socket: [`TcpStream`](super::TcpStream), [`UnixStream`](super::UnixStream)
//! and the halves of a split TCP stream.
//!
//! All of them hold a reactor [`Registration`](reactor::Registration) of a mio stream socket
//! (the halves share one through an `Rc`), and reading or writing is the same for all of them:
//!
//! ```text
//!   poll_read(cx, buf)    registration.poll_read(cx, buf)     the operation loop, plus the
//!   poll_write(cx, buf)   registration.poll_write(cx, buf)    epoll(7) short read/write rule
//!   poll_flush            Ready(Ok(()))                        nothing is buffered here: the
//!                                                              kernel's send buffer drains itself
//!   poll_shutdown         shutdown(Shutdown::Write)            FIN: the peer reads end of stream
//! ```
//!
//! The loop itself is `reactor::Registration::poll_io` (see the [module docs](super)). What is
//! left to write per type is the mapping above, so it is written once, here, as two macros that
//! each type invokes with the field holding its registration. (A generic `Stream<S>` type would
//! say the same without a macro, but would put mio's socket types into every public name.)

/// Implements [`AsyncRead`](crate::io::AsyncRead) for `$ty` by reading from the stream
/// registration in its field `$field`.
macro_rules! impl_async_read {
    ($ty:ty, $field:ident) => {
        impl $crate::io::AsyncRead for $ty {
            fn poll_read(
                self: ::std::pin::Pin<&mut Self>,
                cx: &mut ::std::task::Context<'_>,
                buf: &mut [u8],
            ) -> ::std::task::Poll<::std::io::Result<usize>> {
                self.$field.poll_read(cx, buf)
            }
        }
    };
}

/// Implements [`AsyncWrite`](crate::io::AsyncWrite) for `$ty` by writing to the stream
/// registration in its field `$field`.
macro_rules! impl_async_write {
    ($ty:ty, $field:ident) => {
        impl $crate::io::AsyncWrite for $ty {
            fn poll_write(
                self: ::std::pin::Pin<&mut Self>,
                cx: &mut ::std::task::Context<'_>,
                buf: &[u8],
            ) -> ::std::task::Poll<::std::io::Result<usize>> {
                self.$field.poll_write(cx, buf)
            }

            fn poll_flush(
                self: ::std::pin::Pin<&mut Self>,
                _cx: &mut ::std::task::Context<'_>,
            ) -> ::std::task::Poll<::std::io::Result<()>> {
                ::std::task::Poll::Ready(Ok(()))
            }

            fn poll_shutdown(
                self: ::std::pin::Pin<&mut Self>,
                _cx: &mut ::std::task::Context<'_>,
            ) -> ::std::task::Poll<::std::io::Result<()>> {
                let socket = self.$field.get_ref();
                ::std::task::Poll::Ready(socket.shutdown(::std::net::Shutdown::Write))
            }
        }
    };
}

pub(crate) use {impl_async_read, impl_async_write};
