//! The connections: TCP_NODELAY on each, and a guard against request targets with a
//! fragment.
//!
//! **TCP_NODELAY.** A streamed 207 goes out in several writes; with Nagle's algorithm the
//! last small one waits for the client's delayed ACK, about 40 ms per response.
//!
//! **Fragments.** A request target cannot hold a fragment (RFC 9112 §3.2: `origin-form =
//! absolute-path [ "?" query ]`), but the `http` crate drops one silently: `DELETE
//! /docs/#frag` would reach the server as `DELETE /docs/` and delete the folder (litmus
//! checks this). Nothing after the parser can tell, so the guard reads each request line
//! as it arrives and turns a `#` in its target into a byte the parser refuses, and the
//! request gets a 400. To find request lines it follows HTTP/1.1 framing: the head up to
//! its empty line, then a body of `Content-Length` bytes or chunked. Only `#` bytes inside
//! a request target are changed; bodies pass as they are.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// A listener whose connections have TCP_NODELAY and the fragment guard.
pub struct Listener(pub TcpListener);

impl axum::serve::Listener for Listener {
    type Io = Guarded<TcpStream>;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            match self.0.accept().await {
                Ok((stream, addr)) => {
                    // Not fatal: the connection only gets slower.
                    let _ = stream.set_nodelay(true);
                    return (Guarded::new(stream), addr);
                }
                // Out of file descriptors, say: wait rather than spin.
                Err(_) => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.0.local_addr()
    }
}

/// A connection whose incoming bytes go through a [`Framing`] state machine.
pub struct Guarded<S> {
    inner: S,
    framing: Framing,
}

impl<S> Guarded<S> {
    pub fn new(inner: S) -> Self {
        Self {
            inner,
            framing: Framing::default(),
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Guarded<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let this = &mut *self;
        let polled = Pin::new(&mut this.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = polled {
            this.framing.feed(&mut buf.filled_mut()[before..]);
        }
        polled
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Guarded<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// What a `#` in a request target becomes: DEL, which no URI holds, so the request is
/// refused (400) by the parser.
const REFUSED: u8 = 0x7f;

/// Where the guard is in the stream of requests.
#[derive(Debug, Default, PartialEq, Eq)]
pub enum Framing {
    /// Before a request line (empty lines are skipped).
    #[default]
    Start,
    Method,
    Target,
    /// After the target, up to the end of the request line.
    Version,
    /// In the header fields: the current line so far, and what the fields said so far.
    Head {
        line: Vec<u8>,
        length: u64,
        chunked: bool,
    },
    /// In a body of known length: the bytes left.
    Body(u64),
    /// In a chunked body.
    Chunked(Chunk),
    /// Lost (a head line too long, a malformed chunk): the parser will refuse the
    /// connection; the guard stops looking.
    Lost,
}

/// Where the guard is in a chunked body.
#[derive(Debug, PartialEq, Eq)]
pub enum Chunk {
    /// The chunk size so far.
    Size(u64),
    /// After the size: extensions, to the end of the line.
    Extension(u64),
    /// The data bytes left.
    Data(u64),
    /// The line end after the data.
    DataEnd,
    /// The trailer fields, and whether the current line is empty so far.
    Trailer(bool),
}

/// The longest header line followed; longer ones are refused by the parser anyway.
const MAX_LINE: usize = 16 * 1024;

impl Framing {
    /// Follows `bytes`, the next bytes of the connection, changing each `#` of a request
    /// target.
    pub fn feed(&mut self, bytes: &mut [u8]) {
        let mut i = 0;
        while i < bytes.len() {
            // A body is skipped in one step.
            if let Self::Body(left) | Self::Chunked(Chunk::Data(left)) = self {
                let take = usize::try_from(*left)
                    .unwrap_or(usize::MAX)
                    .min(bytes.len() - i);
                *left -= take as u64;
                i += take;
                if *left == 0 {
                    *self = match self {
                        Self::Body(_) => Self::Start,
                        _ => Self::Chunked(Chunk::DataEnd),
                    };
                }
                continue;
            }
            self.byte(&mut bytes[i]);
            i += 1;
        }
    }

    fn byte(&mut self, b: &mut u8) {
        *self = match std::mem::take(self) {
            Self::Start if matches!(*b, b'\r' | b'\n') => Self::Start,
            Self::Start | Self::Method if *b == b' ' => Self::Target,
            Self::Start | Self::Method => Self::Method,
            Self::Target => match *b {
                b' ' => Self::Version,
                b'\n' => Self::head(),
                b'#' => {
                    *b = REFUSED;
                    Self::Target
                }
                _ => Self::Target,
            },
            Self::Version if *b == b'\n' => Self::head(),
            Self::Version => Self::Version,
            Self::Head {
                mut line,
                length,
                chunked,
            } if *b != b'\n' => {
                if line.len() >= MAX_LINE {
                    Self::Lost
                } else {
                    line.push(*b);
                    Self::Head {
                        line,
                        length,
                        chunked,
                    }
                }
            }
            Self::Head {
                line,
                length,
                chunked,
            } => Self::field(line, length, chunked),
            Self::Chunked(chunk) => Self::chunk(chunk, *b),
            // A body is consumed in `feed`.
            state @ (Self::Body(_) | Self::Lost) => state,
        };
    }

    fn head() -> Self {
        Self::Head {
            line: Vec::new(),
            length: 0,
            chunked: false,
        }
    }

    /// After a header line: the next state.
    fn field(mut line: Vec<u8>, mut length: u64, mut chunked: bool) -> Self {
        let text = line.strip_suffix(b"\r").unwrap_or(&line);
        if text.is_empty() {
            return match (chunked, length) {
                (true, _) => Self::Chunked(Chunk::Size(0)),
                (false, 0) => Self::Start,
                (false, n) => Self::Body(n),
            };
        }
        let text = String::from_utf8_lossy(text);
        if let Some((name, value)) = text.split_once(':') {
            let (name, value) = (name.trim(), value.trim());
            if name.eq_ignore_ascii_case("content-length") {
                match value.parse() {
                    Ok(n) => length = n,
                    Err(_) => return Self::Lost,
                }
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value
                    .rsplit(',')
                    .next()
                    .is_some_and(|last| last.trim().eq_ignore_ascii_case("chunked"));
            }
        }
        drop(text);
        line.clear();
        Self::Head {
            line,
            length,
            chunked,
        }
    }

    fn chunk(chunk: Chunk, b: u8) -> Self {
        Self::Chunked(match chunk {
            Chunk::Size(size) => match (b as char).to_digit(16) {
                Some(digit) => match size.checked_mul(16) {
                    Some(size) => Chunk::Size(size + u64::from(digit)),
                    None => return Self::Lost,
                },
                None if b == b'\n' => return Self::after_size(size),
                None => Chunk::Extension(size),
            },
            Chunk::Extension(size) if b == b'\n' => return Self::after_size(size),
            extension @ Chunk::Extension(_) => extension,
            Chunk::DataEnd if b == b'\n' => Chunk::Size(0),
            Chunk::DataEnd => Chunk::DataEnd,
            Chunk::Trailer(empty) if b == b'\n' => {
                if empty {
                    return Self::Start;
                }
                Chunk::Trailer(true)
            }
            Chunk::Trailer(empty) => Chunk::Trailer(empty && b == b'\r'),
            // Consumed in `feed`.
            data @ Chunk::Data(_) => data,
        })
    }

    fn after_size(size: u64) -> Self {
        Self::Chunked(if size == 0 {
            Chunk::Trailer(true)
        } else {
            Chunk::Data(size)
        })
    }
}
