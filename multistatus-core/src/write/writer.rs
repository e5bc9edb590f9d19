//! [`MultistatusWriter`]: emits one `DAV:response` at a time to any [`std::io::Write`].
//!
//! Each response is rendered into an internal buffer and only handed to the output once it is
//! complete, so an error in a value (an illegal character, say) leaves no partial response
//! behind, and the buffer is reused: memory stays flat however many responses are written.
//!
//! An error from the output itself (a broken pipe, say) poisons the writer: that call
//! returns [`Error::Io`], the buffer is dropped (part of it may have gone out, so sending it
//! again could repeat responses), and every later call returns [`Error::OutputFailed`] at
//! once, buffering nothing. The body is cut off; the caller ends the HTTP response abnormally.
//! Short writes and [`Interrupted`](std::io::ErrorKind::Interrupted) are not errors: they
//! are retried, as [`Write::write_all`] does.

use std::io::Write;

use crate::Error;
use crate::model::href::Href;
use crate::model::status::StatusLine;
use crate::model::{DavError, Description};
use crate::write::namespaces::Namespaces;
use crate::write::sink::{PropContent, Sink};
/// Flush the buffer to the output once it holds this much.
const FLUSH_AT: usize = 32 * 1024;

/// Writes a `207 Multi-Status` body to any [`Write`], one response at a time.
///
/// The root element and its namespace declarations are written first, then each response
/// as it is given, then the end. Memory does not grow with the number of responses: each is
/// rendered into a reused buffer and passed on once complete. A response that fails (an
/// illegal character in a value, say) leaves nothing in the output.
///
/// When the output fails (that call returns [`Error::Io`]), the writer refuses further
/// work: its buffer is dropped, since part of it may have gone out and sending it again
/// could repeat responses, and every later call, [`finish`](Self::finish) included, is
/// [`Error::OutputFailed`] at once, buffering and writing nothing. The body is cut off: end
/// the HTTP response abnormally. Short writes and interrupted writes are retried
/// ([`Write::write_all`]), not errors.
///
/// The shape rules of RFC 4918 §14.24 hold by construction: [`MultistatusWriter::response`]
/// takes the first propstat, and a status response takes its status, so a response is never
/// empty and never mixes the two forms.
///
/// ```
/// use multistatus_core::{Href, MultistatusWriter, Namespaces, Status, name::{Tag, DAV}};
/// const DISPLAYNAME: Tag = Tag::new(DAV, "displayname");
///
/// let mut ms = MultistatusWriter::new(Vec::new(), Namespaces::new());
/// let href = Href::from_path("/a b/").unwrap();
/// ms.response(&href, Status::OK, |prop| prop.text_element(&DISPLAYNAME, "A & B"))?
///     .end()?;
/// ms.status_response(&Href::from_path("/locked").unwrap(), Status::LOCKED)?.end()?;
/// let body = String::from_utf8(ms.finish()?).unwrap();
/// assert_eq!(body, concat!(
///     r#"<?xml version="1.0" encoding="utf-8"?>"#, "\n",
///     r#"<D:multistatus xmlns:D="DAV:">"#,
///     "<D:response><D:href>/a%20b/</D:href><D:propstat><D:prop>",
///     "<D:displayname>A &amp; B</D:displayname></D:prop>",
///     "<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>",
///     "<D:response><D:href>/locked</D:href><D:status>HTTP/1.1 423 Locked</D:status></D:response>",
///     "</D:multistatus>",
/// ));
/// # Ok::<(), multistatus_core::Error>(())
/// ```
#[derive(Debug)]
pub struct MultistatusWriter<W: Write> {
    out: Output<W>,
    sink: Sink,
}

/// Where finished responses go.
#[derive(Debug)]
enum Output<W> {
    /// Handed to a writer once the buffer is large.
    Writer(W),
    /// The buffer is the output: nothing is copied (see [`MultistatusWriter::in_memory`]).
    /// The function turns the buffer into `W` (which is `Vec<u8>`) at the end.
    Buffer(fn(Vec<u8>) -> W),
    /// Handed back by [`MultistatusWriter::finish`].
    Finished,
    /// A write to the output failed: the output and the buffer were dropped, and every
    /// later call is [`Error::OutputFailed`].
    Failed,
}

impl<W: Write> MultistatusWriter<W> {
    /// Starts a body: the XML declaration and `<D:multistatus>` with every namespace of
    /// `namespaces` declared.
    pub fn new(out: W, namespaces: Namespaces) -> Self {
        let mut sink = Sink::new(namespaces);
        sink.multistatus_start();
        Self {
            out: Output::Writer(out),
            sink,
        }
    }

    /// Starts a propstat response for `href` with its first propstat: `status` and the
    /// property elements `prop` writes.
    pub fn response<'s>(
        &mut self,
        href: &Href<'_>,
        status: impl Into<StatusLine<'s>>,
        prop: impl FnOnce(&mut Sink) -> Result<(), Error>,
    ) -> Result<PropstatResponse<'_, W>, Error> {
        self.response_with(href, &status.into(), prop, None, None)
    }

    /// Like [`MultistatusWriter::response`], with the first propstat's `DAV:error` and
    /// `DAV:responsedescription`.
    pub fn response_with(
        &mut self,
        href: &Href<'_>,
        status: &StatusLine<'_>,
        prop: impl FnOnce(&mut Sink) -> Result<(), Error>,
        error: Option<&DavError>,
        description: Option<&Description<'_>>,
    ) -> Result<PropstatResponse<'_, W>, Error> {
        self.check()?;
        let mut response = self.begin_propstats(href);
        response.propstat_with(status, prop, error, description)?;
        Ok(response)
    }

    /// Starts a propstat response with no propstat yet. Crate code that uses it writes
    /// propstats with [`PropstatResponse::propstat_if_any`]; if none was written when it
    /// ends, an empty 200 propstat keeps the shape valid (RFC 8144 §2.1).
    pub(crate) fn begin_propstats(&mut self, href: &Href<'_>) -> PropstatResponse<'_, W> {
        PropstatResponse {
            pending: Pending::start(self, href),
            propstats: 0,
        }
    }

    /// Starts a status response (RFC 4918 §14.24: `href+, status`), such as a 423 for a
    /// locked member in a DELETE; add more hrefs with [`StatusResponse::href`].
    pub fn status_response<'s>(
        &mut self,
        href: &Href<'_>,
        status: impl Into<StatusLine<'s>>,
    ) -> Result<StatusResponse<'_, W>, Error> {
        self.check()?;
        let pending = Pending::start(self, href);
        Ok(StatusResponse {
            pending,
            status: status.into().into_owned(),
        })
    }

    /// The identity of the namespace table the body is written against: output pre-rendered
    /// against a table is only used with the same one.
    pub(crate) fn namespaces_id(&self) -> u64 {
        self.sink.namespaces.id
    }

    /// Writes a response whose content after the href comes pre-rendered: `body` writes the
    /// rest, from `</D:href>` up to and including `</D:response>`, and says whether it could. When it could
    /// not, nothing of the response is left and `false` is returned.
    #[inline]
    pub(crate) fn raw_response(
        &mut self,
        href: &Href<'_>,
        body: impl FnOnce(&mut Sink) -> bool,
    ) -> Result<bool, Error> {
        self.check()?;
        let mark = self.sink.open_response(href);
        if !body(&mut self.sink) {
            self.sink.truncate(mark);
            return Ok(false);
        }
        self.commit()?;
        Ok(true)
    }

    /// Writes a whole [`Response`](crate::Response) value.
    pub fn write<P: PropContent>(
        &mut self,
        response: &crate::Response<'_, P>,
    ) -> Result<(), Error> {
        self.check()?;
        response.write_to(self)
    }

    /// Ends the body with no `responsedescription` nor `sync-token` and returns the output.
    #[inline]
    pub fn finish(mut self) -> Result<W, Error> {
        self.end()
    }

    /// [`MultistatusWriter::finish`] in place: the writer is not moved (a copy of every
    /// field) to be ended.
    #[inline]
    fn end(&mut self) -> Result<W, Error> {
        self.check()?;
        self.sink.markup("</D:multistatus>");
        match std::mem::replace(&mut self.out, Output::Finished) {
            Output::Writer(mut out) => {
                let written = out.write_all(&self.sink.buf).and_then(|()| out.flush());
                if let Err(e) = written {
                    self.fail();
                    return Err(e.into());
                }
                Ok(out)
            }
            Output::Buffer(into) => Ok(into(std::mem::take(&mut self.sink.buf))),
            Output::Finished => Err(Error::Value("this body was already finished".into())),
            Output::Failed => Err(Error::OutputFailed),
        }
    }

    /// Ends the body with the multistatus-level `DAV:responsedescription` and the RFC 6578
    /// `DAV:sync-token`, flushes, and returns the output.
    pub fn finish_with(
        mut self,
        description: Option<&Description<'_>>,
        sync_token: Option<&str>,
    ) -> Result<W, Error> {
        self.check()?;
        if let Some(d) = description {
            self.sink.description(d)?;
        }
        if let Some(t) = sync_token {
            self.sink.markup("<D:sync-token>");
            self.sink.text(t)?;
            self.sink.markup("</D:sync-token>");
        }
        self.finish()
    }

    /// Hands the buffer to the output once it is large.
    #[inline]
    fn commit(&mut self) -> Result<(), Error> {
        if let Output::Writer(out) = &mut self.out
            && self.sink.buf.len() >= FLUSH_AT
        {
            if let Err(e) = out.write_all(&self.sink.buf) {
                self.fail();
                return Err(e.into());
            }
            self.sink.buf.clear();
        }
        Ok(())
    }

    /// [`Error::OutputFailed`] once a write to the output has failed.
    #[inline]
    fn check(&self) -> Result<(), Error> {
        match self.out {
            Output::Failed => Err(Error::OutputFailed),
            _ => Ok(()),
        }
    }

    /// After a failed write: what was handed over is unknown (`write_all` may have written
    /// part of the buffer), so sending the buffer again could repeat responses, and keeping
    /// it would grow it with every later response. Both are dropped; every later call fails.
    #[cold]
    fn fail(&mut self) {
        self.out = Output::Failed;
        self.sink.buf = Vec::new();
        self.sink.close_scopes(0);
    }
}

impl MultistatusWriter<Vec<u8>> {
    /// A writer whose output is built in memory, in `buffer` (cleared first, its capacity
    /// reused): responses are rendered straight into it, with no copy, and
    /// [`finish`](MultistatusWriter::finish) returns it. A failed response is still
    /// removed whole.
    ///
    /// ```
    /// use multistatus_core::{Href, MultistatusWriter, Namespaces, Status};
    /// let mut ms = MultistatusWriter::in_memory(Vec::with_capacity(4096), Namespaces::new());
    /// ms.status_response(&Href::from_path("/x").unwrap(), Status::NOT_FOUND)?.end()?;
    /// let body = ms.finish()?;
    /// assert!(body.ends_with(b"<D:status>HTTP/1.1 404 Not Found</D:status></D:response></D:multistatus>"));
    /// # Ok::<(), multistatus_core::Error>(())
    /// ```
    #[must_use]
    #[inline]
    pub fn in_memory(mut buffer: Vec<u8>, namespaces: Namespaces) -> Self {
        buffer.clear();
        let mut sink = Sink::with_buffer(namespaces, buffer);
        sink.multistatus_start();
        Self {
            out: Output::Buffer(|buf| buf),
            sink,
        }
    }

    /// Ends the body, hands it over in `body`, and starts the next one at once, in `body`'s
    /// old allocation (cleared), with the same namespace table: a server that writes many
    /// bodies against one table (one [`PropfindAnswer`](crate::propfind::PropfindAnswer)
    /// answering the same request again, say) builds the writer once. What a new writer
    /// costs — taking a handle on the table (an atomic increment and, when it is dropped, a
    /// decrement), building and moving the writer, dropping it — is not paid again; the root
    /// is written again.
    ///
    /// On an error nothing is handed over: `body` keeps what it held, and the writer is as
    /// [`finish`](MultistatusWriter::finish) leaves it (failed, or already finished).
    ///
    /// ```
    /// use multistatus_core::{Href, MultistatusWriter, Namespaces, Status};
    /// let mut ms = MultistatusWriter::in_memory(Vec::new(), Namespaces::new());
    /// let mut body = Vec::new();
    /// for path in ["/a", "/b"] {
    ///     ms.status_response(&Href::from_path(path).unwrap(), Status::NOT_FOUND)?.end()?;
    ///     ms.finish_and_restart(&mut body)?;
    ///     assert_eq!(
    ///         String::from_utf8_lossy(&body),
    ///         format!(
    ///             "{}{}{path}{}",
    ///             "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:multistatus xmlns:D=\"DAV:\">",
    ///             "<D:response><D:href>",
    ///             "</D:href><D:status>HTTP/1.1 404 Not Found</D:status></D:response></D:multistatus>",
    ///         ),
    ///     );
    /// }
    /// # Ok::<(), multistatus_core::Error>(())
    /// ```
    pub fn finish_and_restart(&mut self, body: &mut Vec<u8>) -> Result<(), Error> {
        self.check()?;
        if !matches!(self.out, Output::Buffer(_)) {
            return Err(Error::Value(
                "only a writer made by `MultistatusWriter::in_memory` can hand a body over and restart".into(),
            ));
        }
        self.sink.markup("</D:multistatus>");
        std::mem::swap(&mut self.sink.buf, body);
        self.sink.buf.clear();
        self.sink.restart();
        self.sink.multistatus_start();
        Ok(())
    }

    /// How many bytes the body holds that have not been handed over by
    /// [`take_written`](Self::take_written) yet.
    ///
    /// ```
    /// use multistatus_core::{MultistatusWriter, Namespaces};
    /// let ms = MultistatusWriter::in_memory(Vec::new(), Namespaces::new());
    /// // The XML declaration and `<D:multistatus xmlns:D="DAV:">`.
    /// assert_eq!(ms.written_len(), 69);
    /// ```
    #[must_use]
    #[inline]
    pub fn written_len(&self) -> usize {
        self.sink.buf.len()
    }

    /// Hands over what has been written so far — the document's start, then whole responses,
    /// never part of one — and goes on writing into `next` (cleared; its capacity is used).
    /// A server streaming a large body sends each piece as it comes, so memory stays flat
    /// however many responses there are, with no copy; [`finish`](MultistatusWriter::finish)
    /// gives the last piece. The pieces, joined, are the body.
    ///
    /// On an error nothing is handed over (the writer has failed, or was not made by
    /// [`in_memory`](MultistatusWriter::in_memory)).
    ///
    /// ```
    /// use multistatus_core::{Href, MultistatusWriter, Namespaces, Status};
    /// let mut ms = MultistatusWriter::in_memory(Vec::new(), Namespaces::new());
    /// ms.status_response(&Href::from_path("/a").unwrap(), Status::NOT_FOUND)?.end()?;
    /// let first = ms.take_written(Vec::new())?;
    /// assert!(first.ends_with(b"</D:response>"));
    /// assert_eq!(ms.written_len(), 0);
    /// ms.status_response(&Href::from_path("/b").unwrap(), Status::NOT_FOUND)?.end()?;
    /// let last = ms.finish()?;
    /// assert_eq!(
    ///     String::from_utf8_lossy(&last),
    ///     concat!(
    ///         "<D:response><D:href>/b</D:href><D:status>HTTP/1.1 404 Not Found</D:status>",
    ///         "</D:response></D:multistatus>",
    ///     ),
    /// );
    /// # Ok::<(), multistatus_core::Error>(())
    /// ```
    pub fn take_written(&mut self, mut next: Vec<u8>) -> Result<Vec<u8>, Error> {
        self.check()?;
        if !matches!(self.out, Output::Buffer(_)) {
            return Err(Error::Value(
                "only a writer made by `MultistatusWriter::in_memory` can hand its output over"
                    .into(),
            ));
        }
        // Between responses nothing in the sink points into the buffer (marks live only
        // while a response is written), so it can be swapped.
        next.clear();
        Ok(std::mem::replace(&mut self.sink.buf, next))
    }
}

/// A response being written: its bytes are dropped unless it is ended.
#[derive(Debug)]
struct Pending<'w, W: Write> {
    writer: &'w mut MultistatusWriter<W>,
    mark: usize,
    done: bool,
}

impl<'w, W: Write> Pending<'w, W> {
    /// Starts a response; on a failed writer, one that writes nothing and whose every call
    /// is [`Error::OutputFailed`].
    fn start(writer: &'w mut MultistatusWriter<W>, href: &Href<'_>) -> Self {
        if writer.check().is_err() {
            return Self {
                writer,
                mark: 0,
                done: true,
            };
        }
        let mark = writer.sink.begin_response(href);
        Self {
            writer,
            mark,
            done: false,
        }
    }

    /// Whether the response can go on: not after an error in it, nor on a failed writer.
    fn usable(&self) -> Result<(), Error> {
        self.writer.check()?;
        if self.done {
            return Err(Error::Value(
                "this response was abandoned after an error".into(),
            ));
        }
        Ok(())
    }

    /// Runs `f`; on error, drops the whole response and returns the error.
    fn guard(&mut self, f: impl FnOnce(&mut Sink) -> Result<(), Error>) -> Result<(), Error> {
        let result = f(&mut self.writer.sink);
        if result.is_err() {
            self.writer.sink.truncate(self.mark);
            self.done = true;
        }
        result
    }

    fn end(
        mut self,
        error: Option<&DavError>,
        description: Option<&Description<'_>>,
        location: Option<&Href<'_>>,
    ) -> Result<(), Error> {
        self.usable()?;
        self.guard(|sink| {
            if let Some(e) = error {
                sink.error(e)?;
            }
            if let Some(d) = description {
                sink.description(d)?;
            }
            if let Some(l) = location {
                sink.markup("<D:location>");
                sink.href(l);
                sink.markup("</D:location>");
            }
            sink.markup("</D:response>");
            Ok(())
        })?;
        self.done = true;
        self.writer.commit()
    }
}

impl<W: Write> Drop for Pending<'_, W> {
    fn drop(&mut self) {
        if !self.done {
            self.writer.sink.truncate(self.mark);
        }
    }
}

/// A response of the propstat form being written (RFC 4918 §14.24: `href, propstat+`).
///
/// Dropping it without [`PropstatResponse::end`] discards the response.
#[derive(Debug)]
#[must_use = "a response is only written when ended"]
pub struct PropstatResponse<'w, W: Write> {
    pending: Pending<'w, W>,
    propstats: usize,
}

impl<W: Write> PropstatResponse<'_, W> {
    /// Adds a propstat: `status` and the property elements `prop` writes. A status of 207
    /// Multi-Status is an error ([`Error::StatusNotAllowed`]): it is the status of a whole
    /// body, never of properties.
    pub fn propstat<'s>(
        &mut self,
        status: impl Into<StatusLine<'s>>,
        prop: impl FnOnce(&mut Sink) -> Result<(), Error>,
    ) -> Result<&mut Self, Error> {
        self.propstat_with(&status.into(), prop, None, None)
    }

    /// Adds a propstat with its `DAV:error` and `DAV:responsedescription`.
    pub fn propstat_with(
        &mut self,
        status: &StatusLine<'_>,
        prop: impl FnOnce(&mut Sink) -> Result<(), Error>,
        error: Option<&DavError>,
        description: Option<&Description<'_>>,
    ) -> Result<&mut Self, Error> {
        self.write_propstat(status, prop, error, description, false)?;
        Ok(self)
    }

    /// Adds a propstat only if `prop` writes at least one property; returns whether it did.
    pub(crate) fn propstat_if_any(
        &mut self,
        status: impl Into<StatusLine<'static>>,
        prop: impl FnOnce(&mut Sink) -> Result<(), Error>,
    ) -> Result<bool, Error> {
        self.write_propstat(&status.into(), prop, None, None, true)
    }

    /// [`PropstatResponse::propstat_if_any`] with a `DAV:responsedescription`.
    pub(crate) fn propstat_if_any_with(
        &mut self,
        status: impl Into<StatusLine<'static>>,
        prop: impl FnOnce(&mut Sink) -> Result<(), Error>,
        description: Option<&Description<'_>>,
    ) -> Result<bool, Error> {
        self.write_propstat(&status.into(), prop, None, description, true)
    }

    fn write_propstat(
        &mut self,
        status: &StatusLine<'_>,
        prop: impl FnOnce(&mut Sink) -> Result<(), Error>,
        error: Option<&DavError>,
        description: Option<&Description<'_>>,
        skip_empty: bool,
    ) -> Result<bool, Error> {
        self.pending.usable()?;
        if status.status() == crate::Status::MULTI_STATUS {
            // The whole response goes: a propstat never carries 207.
            self.pending.guard(|_| {
                Err(Error::StatusNotAllowed {
                    status: crate::Status::MULTI_STATUS,
                    reason: "207 Multi-Status is the status of the whole body, never of a propstat",
                })
            })?;
        }
        let mut written = true;
        self.pending.guard(|sink| {
            let mark = sink.position();
            sink.markup("<D:propstat><D:prop>");
            let content = sink.position();
            prop(sink)?;
            if skip_empty && sink.position() == content {
                sink.buf.truncate(mark);
                written = false;
                return Ok(());
            }
            sink.markup("</D:prop>");
            sink.status(status)?;
            if let Some(e) = error {
                sink.error(e)?;
            }
            if let Some(d) = description {
                sink.description(d)?;
            }
            sink.markup("</D:propstat>");
            Ok(())
        })?;
        self.propstats += usize::from(written);
        Ok(written)
    }

    /// Ends the response.
    pub fn end(self) -> Result<(), Error> {
        self.end_with(None, None, None)
    }

    /// Ends the response with its `DAV:error`, `DAV:responsedescription` and `DAV:location`.
    pub fn end_with(
        self,
        error: Option<&DavError>,
        description: Option<&Description<'_>>,
        location: Option<&Href<'_>>,
    ) -> Result<(), Error> {
        let mut this = self;
        if this.propstats == 0 {
            this.write_propstat(
                &StatusLine::from(crate::Status::OK),
                |_| Ok(()),
                None,
                None,
                false,
            )?;
        }
        this.pending.end(error, description, location)
    }
}

/// A response of the status form being written (RFC 4918 §14.24: `href+, status`).
///
/// Dropping it without [`StatusResponse::end`] discards the response.
#[derive(Debug)]
#[must_use = "a response is only written when ended"]
pub struct StatusResponse<'w, W: Write> {
    pending: Pending<'w, W>,
    status: StatusLine<'static>,
}

impl<W: Write> StatusResponse<'_, W> {
    /// Adds another href sharing the status.
    pub fn href(&mut self, href: &Href<'_>) -> &mut Self {
        if self.pending.usable().is_ok() {
            self.pending.writer.sink.href(href);
        }
        self
    }

    /// Ends the response.
    pub fn end(self) -> Result<(), Error> {
        self.end_with(None, None, None)
    }

    /// Ends the response with its `DAV:error`, `DAV:responsedescription` and `DAV:location`.
    pub fn end_with(
        mut self,
        error: Option<&DavError>,
        description: Option<&Description<'_>>,
        location: Option<&Href<'_>>,
    ) -> Result<(), Error> {
        self.pending.usable()?;
        let status = &self.status;
        self.pending.guard(|sink| sink.status(status))?;
        self.pending.end(error, description, location)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::name::{DAV, Tag};

    /// An output that always fails.
    struct Broken;

    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Once the output has failed, the buffer is freed and stays empty whatever is asked of
    /// the writer: every call fails at once.
    #[test]
    fn failed_output_buffers_nothing() {
        const T: Tag = Tag::new(DAV, "displayname");
        let Ok(href) = Href::from_path("/a") else {
            return;
        };
        let mut ms = MultistatusWriter::new(Broken, Namespaces::new());
        let mut written = 0;
        loop {
            let r = ms
                .response(&href, crate::Status::OK, |s| s.text_element(&T, "x"))
                .and_then(PropstatResponse::end);
            match r {
                Ok(()) => written += 1,
                Err(Error::Io(_)) => break,
                Err(e) => panic!("{e:?}"),
            }
            assert!(written < 10_000, "the output was never written to");
        }
        assert_eq!(ms.sink.buf.capacity(), 0);
        for _ in 0..10_000 {
            let mut results = Vec::new();
            results.push(
                ms.response(&href, crate::Status::OK, |s| s.text_element(&T, "x"))
                    .map(drop),
            );
            results.push(ms.status_response(&href, crate::Status::OK).map(drop));
            results.push(
                ms.raw_response(&href, |s| {
                    s.markup("</D:href></D:response>");
                    true
                })
                .map(drop),
            );
            let mut r = ms.begin_propstats(&href);
            results.push(
                r.propstat_if_any(crate::Status::OK, |s| s.text_element(&T, "x"))
                    .map(drop),
            );
            results.push(r.end());
            for r in results {
                assert!(matches!(r, Err(Error::OutputFailed)), "{r:?}");
            }
            assert_eq!(ms.sink.buf.capacity(), 0);
        }
        assert!(matches!(
            ms.finish_with(Some(&"d".into()), Some("t")),
            Err(Error::OutputFailed)
        ));
    }

    #[test]
    fn failed_response_leaves_nothing() {
        const T: Tag = Tag::new(DAV, "displayname");
        let mut ms = MultistatusWriter::new(Vec::new(), Namespaces::new());
        let href = Href::from_path("/a").ok();
        let Some(href) = href else { return };
        {
            let r = ms.response(&href, crate::Status::OK, |s| s.text_element(&T, "bad\u{1}"));
            assert!(matches!(r, Err(Error::IllegalChar { found: '\u{1}' })));
        }
        if let Ok(mut r) = ms.response(&href, crate::Status::OK, |s| s.text_element(&T, "ok")) {
            assert!(
                r.propstat(crate::Status::NOT_FOUND, |s| s.text_element(&T, "\u{0}"))
                    .is_err()
            );
            // Abandoned: ending now is an error and writes nothing.
            assert!(r.end().is_err());
        }
        {
            let _dropped = ms.response(&href, crate::Status::OK, |s| s.text_element(&T, "x"));
        }
        let out = ms.finish().map(String::from_utf8);
        let Ok(Ok(out)) = out else {
            panic!("finish failed")
        };
        assert!(
            out.ends_with(r#"<D:multistatus xmlns:D="DAV:"></D:multistatus>"#),
            "{out}"
        );
    }
}
