//! [axum](https://docs.rs/axum) integration (feature `axum`, which implies `http`).
//!
//! - [`MultistatusBody`] is an [`IntoResponse`]: a handler returns it and the client gets
//!   `207 Multi-Status` with `Content-Type: application/xml; charset="utf-8"`, streamed.
//! - [`PropfindRequest`] and [`ProppatchRequest`] extract a parsed PROPFIND or PROPPATCH
//!   body. They read the body frame by frame and refuse it with `413` as soon as it grows
//!   past the size limit, without reading the rest; a malformed body is `400`, a body whose
//!   `Content-Type` is not XML `415`, each with a plain-text reason ([`Rejection`]). The
//!   limits are the [`Limits`] in the request's extensions (`.layer(Extension(limits))`),
//!   or the defaults (1 MiB).
//! - [`DepthHeader`] and [`ReturnMinimal`] read the `Depth` and `Prefer` / `Brief` headers.
//!
//! The traits are `axum-core`'s, which axum re-exports, so this feature adds no router,
//! server or runtime to a library that uses it.
//!
//! ```
//! use axum::{Router, routing::any};
//! use multistatus::axum::{DepthHeader, PropfindRequest, ReturnMinimal};
//! use multistatus::http::MultistatusBody;
//! use multistatus::propfind::PropfindAnswer;
//! use multistatus::request::Depth;
//! use multistatus::{Href, PropertySet};
//!
//! #[derive(PropertySet)]
//! struct Props {
//!     displayname: String,
//! }
//!
//! async fn propfind(
//!     DepthHeader(depth): DepthHeader,
//!     ReturnMinimal(minimal): ReturnMinimal,
//!     PropfindRequest(request): PropfindRequest,
//! ) -> MultistatusBody {
//!     let answer = PropfindAnswer::<Props>::new(&request).minimal(minimal);
//!     let mut rows = vec![("/", "Home".to_owned())];
//!     if depth.unwrap_or(Depth::Infinity) != Depth::Zero {
//!         rows.push(("/notes.txt", "Notes".to_owned()));
//!     }
//!     let namespaces = answer.namespaces();
//!     MultistatusBody::stream(namespaces, rows, move |writer, (path, displayname)| {
//!         answer.write(writer, &Href::from_path(path)?, &Props { displayname })
//!     })
//! }
//!
//! let app: Router = Router::new().route("/", any(propfind));
//! ```

use std::convert::Infallible;
use std::fmt;
use std::future::poll_fn;
use std::pin::Pin;

use ::http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderName};
use ::http::request::Parts;
use ::http::{HeaderMap, HeaderValue, StatusCode};
use axum_core::body::Body;
use axum_core::extract::{FromRequest, FromRequestParts, Request};
use axum_core::response::{IntoResponse, Response};
use http_body::Body as _;

use crate::http::MultistatusBody;
use crate::reader::{Limits, ReadError};
use crate::request::{Depth, PropertyUpdate, Propfind, return_minimal};

impl IntoResponse for MultistatusBody {
    /// `207 Multi-Status`, `Content-Type: application/xml; charset="utf-8"`, this body.
    fn into_response(self) -> Response {
        crate::http::response(Body::new(self))
    }
}

/// A refused request: the status (400, 413 or 415) and a plain-text reason, sent as
/// `text/plain; charset=utf-8` when it is the response.
///
/// ```
/// use axum::response::IntoResponse;
/// use multistatus::axum::Rejection;
/// use multistatus::request::Propfind;
///
/// let error = Propfind::parse(b"<propfind xmlns='DAV:'><prop>").unwrap_err();
/// let rejection = Rejection::from(error);
/// assert_eq!(rejection.status(), http::StatusCode::BAD_REQUEST);
/// assert!(rejection.reason().starts_with("unclosed element"), "{}", rejection.reason());
/// let res = rejection.into_response();
/// assert_eq!(res.headers()["content-type"], "text/plain; charset=utf-8");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    status: StatusCode,
    reason: String,
}

impl Rejection {
    /// A rejection with this status and reason.
    ///
    /// ```
    /// use multistatus::axum::Rejection;
    /// let r = Rejection::new(http::StatusCode::FORBIDDEN, "outside the share");
    /// assert_eq!(r.to_string(), "403 Forbidden: outside the share");
    /// ```
    pub fn new(status: StatusCode, reason: impl Into<String>) -> Self {
        Self {
            status,
            reason: reason.into(),
        }
    }

    /// The status of the response.
    ///
    /// ```
    /// use multistatus::axum::Rejection;
    /// let r = Rejection::new(http::StatusCode::UNSUPPORTED_MEDIA_TYPE, "not XML");
    /// assert_eq!(r.status().as_u16(), 415);
    /// ```
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Why, in words: the body of the response.
    ///
    /// ```
    /// use multistatus::axum::Rejection;
    /// let r = Rejection::new(http::StatusCode::BAD_REQUEST, "no body");
    /// assert_eq!(r.reason(), "no body");
    /// ```
    #[must_use]
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl From<ReadError> for Rejection {
    /// 413 for a body over a limit, 400 for the rest; the reason says what and where.
    fn from(error: ReadError) -> Self {
        let status =
            StatusCode::from_u16(error.http_status().code()).unwrap_or(StatusCode::BAD_REQUEST);
        Self::new(status, error.to_string())
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.status, self.reason)
    }
}

impl std::error::Error for Rejection {}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let mut body = self.reason;
        body.push('\n');
        let mut res = Response::new(Body::from(body));
        *res.status_mut() = self.status;
        res.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        res
    }
}

/// A PROPFIND request body, parsed ([`Propfind::parse_with`]); an empty body is `allprop`.
///
/// Refused with a [`Rejection`]: `415` when the `Content-Type` is not XML (`application/xml`,
/// `text/xml` and `…/…+xml` are, and so is no `Content-Type` at all), `413` as soon as the
/// body grows past [`Limits::max_bytes`] (a `Content-Length` over it is refused before
/// anything is read) or goes over another limit, `400` when it is malformed or not a
/// `DAV:propfind`. The limits are the [`Limits`] in the request's extensions, else the
/// defaults.
///
/// ```
/// use axum::{Router, routing::any, Extension};
/// use multistatus::axum::PropfindRequest;
/// use multistatus::reader::Limits;
/// use multistatus::request::Propfind;
///
/// async fn handler(PropfindRequest(request): PropfindRequest) -> String {
///     match request {
///         Propfind::Prop(names) => format!("{} names", names.len()),
///         _ => "allprop or propname".into(),
///     }
/// }
/// // PROPFIND bodies of at most 64 KiB.
/// let limits = Limits { max_bytes: 64 << 10, ..Limits::default() };
/// let app: Router = Router::new().route("/", any(handler)).layer(Extension(limits));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PropfindRequest(pub Propfind);

impl<S: Send + Sync> FromRequest<S> for PropfindRequest {
    type Rejection = Rejection;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Rejection> {
        let limits = limits_of(&req);
        let body = xml_body(req, &limits).await?;
        Ok(Self(Propfind::parse_with(&body, &limits)?))
    }
}

/// A PROPPATCH request body, parsed ([`PropertyUpdate::parse_with`]). Refused as
/// [`PropfindRequest`] is; an empty body is `400` (a PROPPATCH must say what to change).
///
/// ```
/// use multistatus::axum::ProppatchRequest;
///
/// async fn handler(ProppatchRequest(update): ProppatchRequest) -> String {
///     format!("{} instructions", update.instructions.len())
/// }
/// let app: axum::Router = axum::Router::new().route("/", axum::routing::any(handler));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProppatchRequest(pub PropertyUpdate);

impl<S: Send + Sync> FromRequest<S> for ProppatchRequest {
    type Rejection = Rejection;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Rejection> {
        let limits = limits_of(&req);
        let body = xml_body(req, &limits).await?;
        Ok(Self(PropertyUpdate::parse_with(&body, &limits)?))
    }
}

/// The limits the application put in the request's extensions, or the defaults.
fn limits_of(req: &Request) -> Limits {
    req.extensions()
        .get::<Limits>()
        .cloned()
        .unwrap_or_default()
}

/// Reads an XML request body, refusing it (413) as soon as it is larger than
/// `limits.max_bytes`: frames are counted as they arrive and nothing past the limit is read.
async fn xml_body(req: Request, limits: &Limits) -> Result<Vec<u8>, Rejection> {
    let (parts, mut body) = req.into_parts();
    check_content_type(&parts.headers)?;
    let too_large = || {
        Rejection::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is larger than {} bytes", limits.max_bytes),
        )
    };
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limits.max_bytes as u64) {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(declared.map_or(0, |n| usize::try_from(n).unwrap_or(0)));
    while let Some(frame) = poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(|e| {
            Rejection::new(
                StatusCode::BAD_REQUEST,
                format!("the request body could not be read: {e}"),
            )
        })?;
        if let Ok(data) = frame.into_data() {
            if bytes.len() + data.len() > limits.max_bytes {
                return Err(too_large());
            }
            bytes.extend_from_slice(&data);
        }
    }
    Ok(bytes)
}

/// `415 Unsupported Media Type` unless the body is declared XML, or not declared at all
/// (many clients send PROPFIND bodies without a `Content-Type`).
fn check_content_type(headers: &HeaderMap) -> Result<(), Rejection> {
    let Some(value) = headers.get(CONTENT_TYPE) else {
        return Ok(());
    };
    let media_type = value
        .to_str()
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let xml = media_type == "application/xml"
        || media_type == "text/xml"
        || media_type
            .split_once('/')
            .is_some_and(|(_, subtype)| subtype.ends_with("+xml"));
    if xml {
        Ok(())
    } else {
        Err(Rejection::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "the request body must be XML (application/xml or text/xml), not {:?}",
                value.to_str().unwrap_or("(not text)")
            ),
        ))
    }
}

/// The `Depth` header (RFC 4918 §10.2): `None` when absent, as its default depends on the
/// method (`infinity` for PROPFIND, COPY, MOVE and DELETE). A value other than `0`, `1` or
/// `infinity`, or several `Depth` headers, is refused with `400` and a plain-text reason.
///
/// ```
/// use multistatus::axum::DepthHeader;
/// use multistatus::request::Depth;
///
/// async fn handler(DepthHeader(depth): DepthHeader) -> &'static str {
///     depth.unwrap_or(Depth::Infinity).as_str()
/// }
/// let app: axum::Router = axum::Router::new().route("/", axum::routing::any(handler));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DepthHeader(pub Option<Depth>);

impl<S: Send + Sync> FromRequestParts<S> for DepthHeader {
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Rejection> {
        let mut values = parts.headers.get_all(DEPTH).iter();
        let Some(value) = values.next() else {
            return Ok(Self(None));
        };
        if values.next().is_some() {
            return Err(Rejection::new(
                StatusCode::BAD_REQUEST,
                "more than one Depth header",
            ));
        }
        let text = value.to_str().unwrap_or("\u{fffd}");
        Depth::parse(Some(text), Depth::Infinity)
            .map(|depth| Self(Some(depth)))
            .map_err(|e| Rejection::new(StatusCode::BAD_REQUEST, e.to_string()))
    }
}

/// Whether the client asked for a minimal answer (RFC 8144 §2: `Prefer: return=minimal`,
/// or the older `Brief: t`): pass it to
/// [`PropfindAnswer::minimal`](crate::propfind::PropfindAnswer::minimal), which leaves out
/// the 404 propstats. Never refuses a request; see [`return_minimal`] for the rules.
///
/// ```
/// use multistatus::axum::ReturnMinimal;
///
/// async fn handler(ReturnMinimal(minimal): ReturnMinimal) -> String {
///     minimal.to_string()
/// }
/// let app: axum::Router = axum::Router::new().route("/", axum::routing::any(handler));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ReturnMinimal(pub bool);

impl<S: Send + Sync> FromRequestParts<S> for ReturnMinimal {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        let headers = &parts.headers;
        let prefer = headers
            .get_all(PREFER)
            .iter()
            .filter_map(|v| v.to_str().ok());
        let brief = headers.get(BRIEF).and_then(|v| v.to_str().ok());
        Ok(Self(return_minimal(prefer, brief)))
    }
}

const DEPTH: HeaderName = HeaderName::from_static("depth");
const PREFER: HeaderName = HeaderName::from_static("prefer");
const BRIEF: HeaderName = HeaderName::from_static("brief");
