//! The `axum` feature through a router, with `tower::ServiceExt::oneshot` (no socket): the
//! 207 response, the PROPFIND and PROPPATCH extractors (limits while the body arrives,
//! 400 / 413 / 415 with a plain-text reason), and the `Depth` and `Prefer` extractors.

mod support;

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use axum::routing::any;
use axum::{Extension, Router};
use bytes::Bytes;
use http_body::Frame;
use http_body_util::BodyExt as _;
use multistatus::axum::{DepthHeader, PropfindRequest, ProppatchRequest, ReturnMinimal};
use multistatus::http::MultistatusBody;
use multistatus::reader::Limits;
use multistatus::request::{Depth, Propfind};
use multistatus::{Href, Namespaces, Status};
use tower::ServiceExt as _;

/// Answers with what the PROPFIND extractor read.
async fn propfind(PropfindRequest(request): PropfindRequest) -> String {
    match request {
        Propfind::AllProp { include } => format!("allprop, {} included", include.len()),
        Propfind::PropName => "propname".into(),
        Propfind::Prop(names) => format!("{} names", names.len()),
    }
}

/// Answers with the number of instructions the PROPPATCH extractor read.
async fn proppatch(ProppatchRequest(update): ProppatchRequest) -> String {
    format!("{} instructions", update.instructions.len())
}

/// Answers with the `Depth` and `Prefer` extractors' values.
async fn headers(DepthHeader(depth): DepthHeader, ReturnMinimal(minimal): ReturnMinimal) -> String {
    format!("{} {minimal}", depth.map_or("none", Depth::as_str))
}

/// Three status responses, streamed.
async fn multistatus() -> MultistatusBody {
    MultistatusBody::stream(Namespaces::new(), ["/a", "/b c", "/d"], |writer, path| {
        writer
            .status_response(&Href::from_path(path)?, Status::NOT_FOUND)?
            .end()
    })
}

fn app() -> Router {
    Router::new()
        .route("/propfind", any(propfind))
        .route("/proppatch", any(proppatch))
        .route("/headers", any(headers))
        .route("/multistatus", any(multistatus))
}

/// Sends `request` to `app` and returns the status, the content type and the body.
async fn send(app: Router, request: Request<Body>) -> (StatusCode, String, String) {
    let res: Response<Body> = app.oneshot(request).await.expect("infallible");
    let status = res.status();
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().expect("text").to_owned())
        .unwrap_or_default();
    let body = res.into_body().collect().await.expect("body").to_bytes();
    (
        status,
        content_type,
        String::from_utf8(body.to_vec()).expect("UTF-8"),
    )
}

fn request(method: &str, uri: &str, body: impl Into<Body>) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .body(body.into())
        .expect("request")
}

const PROP: &str =
    r#"<D:propfind xmlns:D="DAV:"><D:prop><D:getetag/><D:displayname/></D:prop></D:propfind>"#;

/// A streamed body is answered 207 with the XML content type, and the document parses.
#[tokio::test]
async fn multistatus_body_is_a_207_response() {
    let (status, content_type, body) = send(app(), request("GET", "/multistatus", "")).await;
    assert_eq!(status, StatusCode::MULTI_STATUS);
    assert_eq!(content_type, r#"application/xml; charset="utf-8""#);
    let doc = support::parse_ok(&body);
    assert_eq!(support::dav_texts(&doc, "href"), ["/a", "/b%20c", "/d"]);
}

/// A PROPFIND body is parsed.
#[tokio::test]
async fn propfind_body_is_parsed() {
    let (status, _, body) = send(app(), request("PROPFIND", "/propfind", PROP)).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "2 names"));
}

/// An empty PROPFIND body is `allprop` (RFC 4918 §9.1).
#[tokio::test]
async fn empty_propfind_body_is_allprop() {
    let (status, _, body) = send(app(), request("PROPFIND", "/propfind", "")).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, "allprop, 0 included")
    );
}

/// A malformed body is 400 with a plain-text reason saying where.
#[tokio::test]
async fn malformed_body_is_400_with_a_reason() {
    let (status, content_type, body) = send(
        app(),
        request(
            "PROPFIND",
            "/propfind",
            "<D:propfind xmlns:D='DAV:'><D:prop>",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(content_type, "text/plain; charset=utf-8");
    assert!(body.contains("line 1"), "{body}");
}

/// A body that is XML but not a `propfind` is 400.
#[tokio::test]
async fn wrong_root_is_400() {
    let (status, _, body) = send(
        app(),
        request(
            "PROPFIND",
            "/propfind",
            r#"<D:propertyupdate xmlns:D="DAV:"/>"#,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

/// A body over one of the parser's limits other than the size (here the names a request
/// may list, set through an `Extension`) is 413.
#[tokio::test]
async fn limit_from_extension_is_413() {
    let limits = Limits {
        max_names: 1,
        ..Limits::default()
    };
    let app = app().layer(Extension(limits));
    let (status, content_type, body) = send(app, request("PROPFIND", "/propfind", PROP)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(content_type, "text/plain; charset=utf-8");
    assert!(body.contains("names"), "{body}");
}

/// A body of 1 KiB frames that panics if a frame is asked for after the one that crosses
/// `limit` bytes.
struct Endless {
    sent: usize,
    limit: usize,
}

impl http_body::Body for Endless {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        assert!(self.sent <= self.limit, "read past the limit");
        self.sent += 1024;
        Poll::Ready(Some(Ok(Frame::data(Bytes::from(vec![b' '; 1024])))))
    }
}

/// A body sent in chunks, without a `Content-Length`, is refused with 413 as soon as it
/// grows past the limit: the chunks after that are never read.
#[tokio::test]
async fn chunked_body_over_the_limit_is_413_before_its_end() {
    let limits = Limits {
        max_bytes: 4096,
        ..Limits::default()
    };
    let app = app().layer(Extension(limits));
    let body = Body::new(Endless {
        sent: 0,
        limit: 4096,
    });
    let (status, _, reason) = send(app, request("PROPFIND", "/propfind", body)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reason, "the request body is larger than 4096 bytes\n");
}

/// A `Content-Length` over the limit is refused before any of the body is read.
#[tokio::test]
async fn declared_length_over_the_limit_is_413_at_once() {
    let body = Body::new(Endless { sent: 0, limit: 0 });
    let mut req = request("PROPPATCH", "/proppatch", body);
    req.headers_mut()
        .insert(header::CONTENT_LENGTH, (2u64 << 20).into());
    let (status, _, _) = send(app(), req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

/// A body that is declared as something other than XML is 415.
#[tokio::test]
async fn non_xml_content_type_is_415() {
    let mut req = request("PROPFIND", "/propfind", PROP);
    req.headers_mut()
        .insert(header::CONTENT_TYPE, "text/plain".parse().expect("value"));
    let (status, content_type, body) = send(app(), req).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(content_type, "text/plain; charset=utf-8");
    assert!(body.contains("text/plain"), "{body}");
}

/// `application/xml` with parameters, `text/xml` and a `+xml` type are XML.
#[tokio::test]
async fn xml_content_types_are_accepted() {
    for content_type in [
        r#"application/xml; charset="utf-8""#,
        "TEXT/XML",
        "application/vnd.example+xml",
    ] {
        let mut req = request("PROPFIND", "/propfind", PROP);
        req.headers_mut()
            .insert(header::CONTENT_TYPE, content_type.parse().expect("value"));
        let (status, _, body) = send(app(), req).await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::OK, "2 names"),
            "{content_type}"
        );
    }
}

/// A PROPPATCH body is parsed.
#[tokio::test]
async fn proppatch_body_is_parsed() {
    let body = r#"<D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:z">
        <D:set><D:prop><Z:a>1</Z:a><Z:b/></D:prop></D:set>
        <D:remove><D:prop><Z:c/></D:prop></D:remove>
    </D:propertyupdate>"#;
    let (status, _, body) = send(app(), request("PROPPATCH", "/proppatch", body)).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "3 instructions"));
}

/// An empty PROPPATCH body is 400.
#[tokio::test]
async fn empty_proppatch_body_is_400() {
    let (status, _, _) = send(app(), request("PROPPATCH", "/proppatch", "")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// No `Depth` header is `None`; no `Prefer` is not minimal.
#[tokio::test]
async fn absent_headers() {
    let (status, _, body) = send(app(), request("PROPFIND", "/headers", "")).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "none false"));
}

/// `Depth: 1` and `Prefer: return=minimal` are read.
#[tokio::test]
async fn depth_and_prefer_are_read() {
    let mut req = request("PROPFIND", "/headers", "");
    req.headers_mut()
        .insert("depth", "1".parse().expect("value"));
    req.headers_mut()
        .insert("prefer", "return=minimal".parse().expect("value"));
    let (_, _, body) = send(app(), req).await;
    assert_eq!(body, "1 true");
}

/// `Brief: t` asks for a minimal answer too, and `Depth: Infinity` is infinity.
#[tokio::test]
async fn brief_and_infinity_are_read() {
    let mut req = request("PROPFIND", "/headers", "");
    req.headers_mut()
        .insert("depth", "Infinity".parse().expect("value"));
    req.headers_mut()
        .insert("brief", "t".parse().expect("value"));
    let (_, _, body) = send(app(), req).await;
    assert_eq!(body, "infinity true");
}

/// An invalid `Depth` is 400 with a plain-text reason.
#[tokio::test]
async fn invalid_depth_is_400() {
    let mut req = request("PROPFIND", "/headers", "");
    req.headers_mut()
        .insert("depth", "2".parse().expect("value"));
    let (status, content_type, body) = send(app(), req).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(content_type, "text/plain; charset=utf-8");
    assert!(body.contains("expected 0, 1 or infinity"), "{body}");
}

/// Two `Depth` headers are 400.
#[tokio::test]
async fn repeated_depth_is_400() {
    let mut req = request("PROPFIND", "/headers", "");
    req.headers_mut()
        .append("depth", "0".parse().expect("value"));
    req.headers_mut()
        .append("depth", "1".parse().expect("value"));
    let (status, _, _) = send(app(), req).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
