//! 207 Multi-Status answers as [`http`] responses (feature `http`).
//!
//! [`response`] puts any body in a response with status `207 Multi-Status` and
//! `Content-Type: application/xml; charset="utf-8"`. [`MultistatusBody`] is an
//! [`http_body::Body`] holding either a finished document or a *streamed* one: an iterator of
//! items and a closure that writes each item's responses with a [`MultistatusWriter`]. The
//! streamed body renders responses only when the connection asks for more and hands them on
//! in chunks of about 32 KiB, so a `Depth: infinity` answer over a million files takes the
//! memory of one chunk, not of the document.
//!
//! ```
//! use multistatus::http::{MultistatusBody, response};
//! use multistatus::{Href, Namespaces, Status};
//!
//! // Every member of a collection that could not be deleted, as a status response.
//! let failed = vec!["/docs/locked.txt", "/docs/busy/"];
//! let body = MultistatusBody::stream(Namespaces::new(), failed, |writer, path| {
//!     writer.status_response(&Href::from_path(path)?, Status::LOCKED)?.end()
//! });
//! let res = response(body);
//! assert_eq!(res.status(), http::StatusCode::MULTI_STATUS);
//! assert_eq!(res.headers()["content-type"], r#"application/xml; charset="utf-8""#);
//! # Ok::<(), multistatus::Error>(())
//! ```

use std::pin::Pin;
use std::task::{Context, Poll};

use ::http::header::CONTENT_TYPE;
use ::http::{HeaderValue, StatusCode};
use bytes::Bytes;
use http_body::{Frame, SizeHint};

use crate::{Error, MultistatusWriter, Namespaces};

/// The `Content-Type` of a 207 body: `application/xml; charset="utf-8"` (RFC 4918 §8.2).
///
/// ```
/// assert_eq!(multistatus::http::MULTISTATUS_CONTENT_TYPE, r#"application/xml; charset="utf-8""#);
/// ```
pub const MULTISTATUS_CONTENT_TYPE: HeaderValue =
    HeaderValue::from_static("application/xml; charset=\"utf-8\"");

/// A streamed body hands a chunk on once it holds this much.
const CHUNK: usize = 32 * 1024;

/// A response with status `207 Multi-Status`, `Content-Type: application/xml;
/// charset="utf-8"` and `body`: a [`MultistatusBody`], or bytes for a framework's own body
/// type.
///
/// ```
/// use multistatus::{Href, MultistatusWriter, Namespaces, Status};
/// let mut writer = MultistatusWriter::in_memory(Vec::new(), Namespaces::new());
/// writer.status_response(&Href::from_path("/gone")?, Status::NOT_FOUND)?.end()?;
/// let res = multistatus::http::response(writer.finish()?);
/// assert_eq!(res.status().as_u16(), 207);
/// assert_eq!(res.headers()["content-type"], r#"application/xml; charset="utf-8""#);
/// assert!(res.body().ends_with(b"</D:multistatus>"));
/// # Ok::<(), multistatus::Error>(())
/// ```
pub fn response<B>(body: B) -> ::http::Response<B> {
    let mut res = ::http::Response::new(body);
    *res.status_mut() = StatusCode::MULTI_STATUS;
    res.headers_mut()
        .insert(CONTENT_TYPE, MULTISTATUS_CONTENT_TYPE);
    res
}

/// A 207 body: a finished document, or one rendered while it is sent.
///
/// It is an [`http_body::Body`] with [`Bytes`] frames. A streamed body pulls items from its
/// iterator and renders them only when polled, handing on a frame each time about 32 KiB
/// are ready (and the rest at the end); each frame is the writer's own buffer, handed over
/// without a copy ([`MultistatusWriter::take_written`]). Before the first frame and after
/// each one it yields once (`Pending`, waking itself), so that the server sends the headers,
/// then each frame, before the next is rendered. The items are pulled on the task
/// that sends the body: in-memory rows, or `stat` calls on a local disk, are fine; for a
/// slow source (a remote database), render on a blocking thread and send the chunks through
/// a channel instead.
///
/// If the closure fails, the body ends with that error: the status line and the first
/// chunks are already on their way, so the server cuts the response off (hyper closes the
/// connection), and the client sees an incomplete body rather than a wrong one.
///
/// ```
/// use http_body::Body as _;
/// use multistatus::http::MultistatusBody;
/// use multistatus::{Href, Namespaces, Status};
///
/// let body = MultistatusBody::full("<?xml version=\"1.0\"?>…");
/// assert_eq!(body.size_hint().exact(), Some(24));
///
/// let body = MultistatusBody::stream(Namespaces::new(), 0..3, |writer, i| {
///     writer.status_response(&Href::from_path(format!("/{i}"))?, Status::OK)?.end()
/// });
/// assert_eq!(body.size_hint().exact(), None);
/// ```
pub struct MultistatusBody {
    state: State,
    /// A chunk was just handed on: yield once before rendering the next.
    pause: bool,
}

enum State {
    /// What is left of a finished body.
    Full(Option<Bytes>),
    /// A body being rendered.
    Streamed(Box<dyn Produce + Send>),
    /// Everything was handed on (or the stream failed).
    Done,
}

impl std::fmt::Debug for MultistatusBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match &self.state {
            State::Full(Some(bytes)) => return f.debug_tuple("Full").field(&bytes.len()).finish(),
            State::Full(None) | State::Done => "Done",
            State::Streamed(_) => "Streamed",
        };
        f.write_str(state)
    }
}

impl MultistatusBody {
    /// A finished document, sent as one frame.
    ///
    /// ```
    /// use multistatus::http::MultistatusBody;
    /// let body = MultistatusBody::full(b"<D:multistatus xmlns:D=\"DAV:\"/>".to_vec());
    /// ```
    pub fn full(body: impl Into<Bytes>) -> Self {
        Self {
            state: State::Full(Some(body.into())),
            pause: false,
        }
    }

    /// A document rendered while it is sent: the root with every namespace of `namespaces`
    /// declared, then what `render` writes for each of `items`, in order, then the end.
    /// `render` is called only when the connection is ready for more, and the writer hands
    /// its buffer on every ~32 KiB, so memory does not grow with the number of items.
    ///
    /// ```
    /// use multistatus::http::MultistatusBody;
    /// use multistatus::propfind::PropfindAnswer;
    /// use multistatus::request::Propfind;
    /// use multistatus::{Href, PropertySet};
    ///
    /// #[derive(PropertySet)]
    /// struct Props {
    ///     displayname: String,
    /// }
    ///
    /// let answer = PropfindAnswer::<Props>::new(&Propfind::parse(b"")?);
    /// let namespaces = answer.namespaces();
    /// let rows = (1..=1000).map(|i| (format!("/photos/{i}.jpg"), format!("Photo {i}")));
    /// let body = MultistatusBody::stream(namespaces, rows, move |writer, (path, name)| {
    ///     answer.write(writer, &Href::from_path(path)?, &Props { displayname: name })
    /// });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn stream<I, F>(namespaces: Namespaces, items: I, render: F) -> Self
    where
        I: IntoIterator,
        I::IntoIter: Send + 'static,
        F: FnMut(&mut MultistatusWriter<Vec<u8>>, I::Item) -> Result<(), Error> + Send + 'static,
    {
        Self {
            state: State::Streamed(Box::new(Producer {
                items: items.into_iter(),
                render,
                writer: Some(MultistatusWriter::in_memory(chunk_buffer(), namespaces)),
            })),
            // Yield before the first chunk too: the status line and headers go out at once.
            pause: true,
        }
    }
}

/// A new buffer for the next chunk: room for a chunk and the response that crosses its end
/// (most responses are well under 8 KiB; a larger one grows the buffer once).
fn chunk_buffer() -> Vec<u8> {
    Vec::with_capacity(CHUNK + 8 * 1024)
}

/// The renderer of a streamed body, with its item type erased.
trait Produce {
    /// The next chunk; `None` once the end was handed on.
    fn next_chunk(&mut self) -> Option<Result<Bytes, Error>>;
}

struct Producer<I, F> {
    items: I,
    render: F,
    /// `None` once finished.
    writer: Option<MultistatusWriter<Vec<u8>>>,
}

impl<I, F> Produce for Producer<I, F>
where
    I: Iterator,
    F: FnMut(&mut MultistatusWriter<Vec<u8>>, I::Item) -> Result<(), Error>,
{
    fn next_chunk(&mut self) -> Option<Result<Bytes, Error>> {
        let writer = self.writer.as_mut()?;
        while writer.written_len() < CHUNK {
            let Some(item) = self.items.next() else {
                let last = self.writer.take()?.finish();
                return Some(last.map(Bytes::from));
            };
            if let Err(e) = (self.render)(writer, item) {
                self.writer = None;
                return Some(Err(e));
            }
        }
        Some(writer.take_written(chunk_buffer()).map(Bytes::from))
    }
}

impl http_body::Body for MultistatusBody {
    type Data = Bytes;
    type Error = Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Error>>> {
        // A body that is always ready would be drained into the server's write buffer
        // (hyper takes up to 16 frames before it writes): yielding once after each chunk
        // lets the chunk go out first — the client gets the first bytes sooner, and the
        // server holds one chunk, not sixteen.
        if std::mem::take(&mut self.pause) {
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let chunk = match &mut self.state {
            State::Full(bytes) => bytes.take().map(Ok),
            State::Streamed(producer) => {
                let chunk = producer.next_chunk();
                self.pause = matches!(chunk, Some(Ok(_)));
                chunk
            }
            State::Done => None,
        };
        if matches!(chunk, None | Some(Err(_))) {
            self.state = State::Done;
        }
        Poll::Ready(chunk.map(|c| c.map(Frame::data)))
    }

    fn is_end_stream(&self) -> bool {
        matches!(self.state, State::Full(None) | State::Done)
    }

    fn size_hint(&self) -> SizeHint {
        match &self.state {
            State::Full(Some(bytes)) => SizeHint::with_exact(bytes.len() as u64),
            State::Full(None) | State::Done => SizeHint::with_exact(0),
            State::Streamed(_) => SizeHint::default(),
        }
    }
}
