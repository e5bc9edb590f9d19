//! A streamed 207 body holds the same memory for 5 000 responses as for 200 000: the
//! most bytes allocated at once, counted by `allocation-counter` (a binary of its own, as it
//! replaces the global allocator; it counts per thread).

use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use http_body::Body as _;
use multistatus::http::MultistatusBody;
use multistatus::propfind::PropfindAnswer;
use multistatus::request::Propfind;
use multistatus::{Href, PropertySet};

#[derive(PropertySet)]
struct Props {
    displayname: String,
    getcontentlength: u64,
}

/// The most bytes allocated at once while a `Depth: 1`-style answer over `n` rows is built
/// and sent (each frame dropped once polled, as a server does once it is written out), and
/// the bytes sent.
fn peak_while_streaming(n: usize) -> (u64, usize) {
    let mut sent = 0;
    let info = allocation_counter::measure(|| {
        let answer = PropfindAnswer::<Props>::new(&Propfind::parse(b"").expect("allprop"));
        let namespaces = answer.namespaces();
        let mut body = MultistatusBody::stream(namespaces, 0..n, move |writer, i| {
            let props = Props {
                displayname: format!("Photo {i}"),
                getcontentlength: i as u64,
            };
            answer.write(
                writer,
                &Href::from_path(format!("/photos/{i}.jpg"))?,
                &props,
            )
        });
        let mut cx = Context::from_waker(Waker::noop());
        loop {
            match Pin::new(&mut body).poll_frame(&mut cx) {
                Poll::Ready(Some(frame)) => {
                    sent += frame.expect("frame").into_data().expect("data").len();
                }
                Poll::Ready(None) => break,
                // It yields after each chunk, and is ready again at once.
                Poll::Pending => {}
            }
        }
    });
    (info.bytes_max, sent)
}

/// 40 times the responses, the same peak memory: about two chunks (the one handed on and
/// the one being written), whatever the length of the document.
#[test]
fn peak_memory_does_not_grow_with_responses() {
    let (small, small_sent) = peak_while_streaming(5_000);
    let (large, large_sent) = peak_while_streaming(200_000);
    assert!(
        large_sent > 39 * small_sent,
        "{small_sent} then {large_sent} bytes"
    );
    assert!(
        large <= small + 1024,
        "peak {small} bytes for 5 000, {large} for 200 000"
    );
    assert!(large < 160 * 1024, "peak {large} bytes");
}
