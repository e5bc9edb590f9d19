//! The `http` feature: 207 responses, finished and streamed bodies, polled by hand (no
//! runtime, no socket).

mod support;

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Waker};

use bytes::Bytes;
use http_body::Body as _;
use multistatus::http::{MULTISTATUS_CONTENT_TYPE, MultistatusBody, response};
use multistatus::propfind::PropfindAnswer;
use multistatus::request::Propfind;
use multistatus::{Error, Href, MultistatusWriter, Namespaces, PropertySet, Status};

#[derive(PropertySet)]
struct Props {
    displayname: String,
    getcontentlength: u64,
}

/// Polls `body` to its end: the data frames, and the error that ended it if one did.
fn frames(mut body: MultistatusBody) -> (Vec<Bytes>, Option<Error>) {
    let mut cx = Context::from_waker(Waker::noop());
    let mut frames = Vec::new();
    loop {
        match Pin::new(&mut body).poll_frame(&mut cx) {
            Poll::Ready(Some(Ok(frame))) => frames.push(frame.into_data().expect("data frame")),
            Poll::Ready(Some(Err(e))) => {
                assert!(body.is_end_stream(), "the body ends after an error");
                return (frames, Some(e));
            }
            Poll::Ready(None) => return (frames, None),
            // It yields after each chunk, and is ready again at once.
            Poll::Pending => {}
        }
    }
}

/// A streamed `Depth: 1`-style answer over `n` rows.
fn listing(n: usize) -> MultistatusBody {
    let answer = PropfindAnswer::<Props>::new(&Propfind::parse(b"").expect("allprop"));
    let namespaces = answer.namespaces();
    MultistatusBody::stream(namespaces, 0..n, move |writer, i| {
        let props = Props {
            displayname: format!("Photo & {i}"),
            getcontentlength: i as u64,
        };
        answer.write(
            writer,
            &Href::from_path(format!("/photos/é {i}.jpg"))?,
            &props,
        )
    })
}

/// The same answer written in one piece by a plain writer.
fn listing_in_one_piece(n: usize) -> Vec<u8> {
    let answer = PropfindAnswer::<Props>::new(&Propfind::parse(b"").expect("allprop"));
    let mut writer = MultistatusWriter::in_memory(Vec::new(), answer.namespaces());
    for i in 0..n {
        let props = Props {
            displayname: format!("Photo & {i}"),
            getcontentlength: i as u64,
        };
        let href = Href::from_path(format!("/photos/é {i}.jpg")).expect("path");
        answer.write(&mut writer, &href, &props).expect("written");
    }
    writer.finish().expect("finished")
}

/// `response` sets status 207 and the XML content type, and keeps the body.
#[test]
fn response_is_207_xml() {
    let res = response("body");
    assert_eq!(res.status(), http::StatusCode::MULTI_STATUS);
    assert_eq!(
        res.headers()
            .get_all(http::header::CONTENT_TYPE)
            .iter()
            .collect::<Vec<_>>(),
        [MULTISTATUS_CONTENT_TYPE]
    );
    assert_eq!(*res.body(), "body");
}

/// A finished body is one frame of exactly its bytes, with an exact size hint.
#[test]
fn full_body_is_one_frame() {
    let body = MultistatusBody::full("<x/>");
    assert_eq!(body.size_hint().exact(), Some(4));
    assert!(!body.is_end_stream());
    let (frames, error) = frames(body);
    assert!(error.is_none());
    assert_eq!(frames, [Bytes::from_static(b"<x/>")]);
}

/// A streamed body joined is the document a plain writer writes, and parses.
#[test]
fn streamed_body_is_the_document() {
    let (frames, error) = frames(listing(3_000));
    assert!(error.is_none());
    let joined: Vec<u8> = frames.concat();
    assert_eq!(joined, listing_in_one_piece(3_000));
    let text = String::from_utf8(joined).expect("UTF-8");
    let doc = support::parse_ok(&text);
    assert_eq!(support::elements(&doc, "DAV:", "response").len(), 3_000);
}

/// Each frame of a long answer is about 32 KiB — never more than 32 KiB plus one response
/// — so what is held at a time does not grow with the number of responses.
#[test]
fn streamed_frames_are_bounded() {
    let (frames, error) = frames(listing(100_000));
    assert!(error.is_none());
    assert!(frames.len() > 100, "{} frames", frames.len());
    let (last, whole) = frames.split_last().expect("frames");
    for frame in whole {
        assert!(
            (32 * 1024..32 * 1024 + 1024).contains(&frame.len()),
            "{}",
            frame.len()
        );
    }
    assert!(last.len() < 32 * 1024 + 1024);
    assert!(last.ends_with(b"</D:multistatus>"));
}

/// Items are pulled only as frames are asked for: none before the first yield (the headers
/// go out), then about a chunk's worth for the first frame, not the whole iterator.
#[test]
fn streamed_items_are_pulled_lazily() {
    let pulled = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&pulled);
    let items = (0..1_000_000).inspect(move |_| {
        counter.fetch_add(1, Ordering::Relaxed);
    });
    let mut body = MultistatusBody::stream(Namespaces::new(), items, |writer, i| {
        writer
            .status_response(&Href::from_path(format!("/{i}"))?, Status::NOT_FOUND)?
            .end()
    });
    assert_eq!(pulled.load(Ordering::Relaxed), 0);
    let mut cx = Context::from_waker(Waker::noop());
    assert!(Pin::new(&mut body).poll_frame(&mut cx).is_pending());
    assert_eq!(pulled.load(Ordering::Relaxed), 0);
    let first = Pin::new(&mut body).poll_frame(&mut cx);
    assert!(matches!(first, Poll::Ready(Some(Ok(_)))));
    let after_one = pulled.load(Ordering::Relaxed);
    assert!(
        (100..2_000).contains(&after_one),
        "{after_one} items pulled"
    );
}

/// A failing item ends the body with that error after the chunks already handed on, and
/// nothing of the failing response is sent.
#[test]
fn streamed_error_ends_the_body() {
    let body = MultistatusBody::stream(Namespaces::new(), 0..5_000, |writer, i| {
        let path = if i == 4_000 { "no-slash" } else { "/ok" };
        writer
            .status_response(&Href::from_path(path)?, Status::NOT_FOUND)?
            .end()
    });
    let (frames, error) = frames(body);
    assert!(
        matches!(error, Some(Error::InvalidHref { .. })),
        "{error:?}"
    );
    let sent = frames.concat();
    assert!(sent.ends_with(b"</D:response>"), "whole responses only");
    assert!(!sent.ends_with(b"</D:multistatus>"));
}

/// An empty stream is a complete document with no response.
#[test]
fn empty_stream_is_a_document() {
    let body = MultistatusBody::stream(Namespaces::new(), std::iter::empty::<()>(), |_, ()| Ok(()));
    let (frames, error) = frames(body);
    assert!(error.is_none());
    let text = String::from_utf8(frames.concat()).expect("UTF-8");
    let doc = support::parse_ok(&text);
    assert!(doc.root_element().has_tag_name(("DAV:", "multistatus")));
    assert_eq!(doc.root_element().children().count(), 0);
}

/// Counts its wake-ups.
struct CountingWaker(AtomicUsize);

impl std::task::Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

/// Before the first chunk and after each one the body yields once, waking its task, so the
/// server sends the headers, then each chunk, before the next one is rendered.
#[test]
fn streamed_body_yields_around_each_chunk() {
    let counter = Arc::new(CountingWaker(AtomicUsize::new(0)));
    let waker = Waker::from(Arc::clone(&counter));
    let mut cx = Context::from_waker(&waker);
    let mut body = listing(1_000);
    for wakes in 1..=2 {
        assert!(Pin::new(&mut body).poll_frame(&mut cx).is_pending());
        assert_eq!(counter.0.load(Ordering::Relaxed), wakes);
        let frame = Pin::new(&mut body).poll_frame(&mut cx);
        assert!(matches!(frame, Poll::Ready(Some(Ok(_)))));
    }
}
