//! The plain HTTP side: OPTIONS, GET and HEAD (validators, conditional requests, one byte
//! range), PUT, MKCOL and DELETE (the last three under the `If` header and locks).

use std::fs;
use std::io::SeekFrom;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt as _;
use tokio::io::{AsyncReadExt as _, AsyncSeekExt as _, AsyncWriteExt as _};
use tokio_util::io::ReaderStream;

use crate::conditions::{Protected, guard};
use crate::props::{content_type, etag};
use crate::share::Share;
use crate::tree::{Failure, failures_response, remove_tree};
use crate::{ALLOW, Reply, blocking, io_refusal};

pub fn options() -> Response {
    (
        [
            (header::ALLOW, HeaderValue::from_static(ALLOW)),
            (HeaderName::DAV, HeaderValue::from_static("1, 2, 3")),
            // Windows' WebDAV client wants this to treat the server as a WebDAV share.
            (HeaderName::MS_AUTHOR_VIA, HeaderValue::from_static("DAV")),
        ],
        "",
    )
        .into_response()
}

/// Header names that `http` has no constant for.
struct HeaderName;

impl HeaderName {
    const DAV: header::HeaderName = header::HeaderName::from_static("dav");
    const MS_AUTHOR_VIA: header::HeaderName = header::HeaderName::from_static("ms-author-via");
}

/// GET and HEAD: a file with `ETag`, `Last-Modified` and `Accept-Ranges`, answering
/// `If-None-Match`, `If-Modified-Since` (304) and one `Range` (206, or 416); a folder as a
/// small HTML page listing its members.
pub async fn get(
    State(share): State<Arc<Share>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Reply {
    let target = share.resolve(uri.path())?;
    let path = target.path.clone();
    let meta = tokio::fs::metadata(&path)
        .await
        .map_err(|e| io_refusal(&e))?;
    if meta.is_dir() {
        let page = blocking(move || Ok(folder_page(&share, &target).into_response())).await?;
        return Ok(page);
    }
    let tag = etag(&meta);
    let modified = meta.modified().unwrap_or(UNIX_EPOCH);
    let mut res = Response::builder()
        .header(header::ETAG, &tag)
        .header(header::LAST_MODIFIED, httpdate::fmt_http_date(modified))
        .header(header::ACCEPT_RANGES, "bytes")
        .header(
            header::CONTENT_TYPE,
            content_type(&target.segments.join("/")),
        );
    if not_modified(&headers, &tag, modified) {
        return Ok(res
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
            .unwrap_or_default());
    }
    let len = meta.len();
    let (status, start, count) = match range(&headers, &tag, len) {
        Range::Whole => (StatusCode::OK, 0, len),
        Range::Part(start, end) => {
            res = res.header(header::CONTENT_RANGE, format!("bytes {start}-{end}/{len}"));
            (StatusCode::PARTIAL_CONTENT, start, end - start + 1)
        }
        Range::Unsatisfiable => {
            return Ok(res
                .status(StatusCode::RANGE_NOT_SATISFIABLE)
                .header(header::CONTENT_RANGE, format!("bytes */{len}"))
                .body(Body::empty())
                .unwrap_or_default());
        }
    };
    let res = res.status(status).header(header::CONTENT_LENGTH, count);
    if method == Method::HEAD {
        return Ok(res.body(Body::empty()).unwrap_or_default());
    }
    let mut file = tokio::fs::File::open(&path)
        .await
        .map_err(|e| io_refusal(&e))?;
    file.seek(SeekFrom::Start(start))
        .await
        .map_err(|e| io_refusal(&e))?;
    let body = Body::from_stream(ReaderStream::new(file.take(count)));
    Ok(res.body(body).unwrap_or_default())
}

/// Whether the client's copy is current: `If-None-Match` when it is sent, else
/// `If-Modified-Since` (RFC 9110 §13.2.2).
fn not_modified(headers: &HeaderMap, tag: &str, modified: std::time::SystemTime) -> bool {
    if let Some(tags) = headers.get(header::IF_NONE_MATCH) {
        let tags = tags.to_str().unwrap_or_default();
        return tags.split(',').any(|t| {
            let t = t.trim();
            t == "*" || t.trim_start_matches("W/") == tag
        });
    }
    let since = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| httpdate::parse_http_date(v.to_str().ok()?).ok());
    // HTTP dates have whole seconds.
    since.is_some_and(|since| {
        let secs = |t: std::time::SystemTime| {
            t.duration_since(UNIX_EPOCH)
                .unwrap_or(Duration::ZERO)
                .as_secs()
        };
        secs(modified) <= secs(since)
    })
}

enum Range {
    Whole,
    /// The first and last byte.
    Part(u64, u64),
    Unsatisfiable,
}

/// The one byte range asked for (`bytes=a-b`, `bytes=a-`, `bytes=-n`), honoured when an
/// `If-Range` matches; several ranges, or anything unreadable, get the whole file.
fn range(headers: &HeaderMap, tag: &str, len: u64) -> Range {
    let Some(spec) = headers.get(header::RANGE).and_then(|v| v.to_str().ok()) else {
        return Range::Whole;
    };
    if headers
        .get(header::IF_RANGE)
        .is_some_and(|v| v.to_str().ok() != Some(tag))
    {
        return Range::Whole;
    }
    let Some(spec) = spec.trim().strip_prefix("bytes=") else {
        return Range::Whole;
    };
    if spec.contains(',') {
        return Range::Whole;
    }
    let Some((first, last)) = spec.split_once('-') else {
        return Range::Whole;
    };
    let (first, last) = (first.trim(), last.trim());
    let parsed = match (first.parse::<u64>(), last.parse::<u64>()) {
        (Ok(a), Ok(b)) if a <= b => Some((a, b.min(len.saturating_sub(1)))),
        (Ok(a), Err(_)) if last.is_empty() => Some((a, len.saturating_sub(1))),
        (Err(_), Ok(n)) if first.is_empty() && n > 0 => {
            Some((len.saturating_sub(n), len.saturating_sub(1)))
        }
        (Err(_), Ok(_)) if first.is_empty() => return Range::Unsatisfiable,
        _ => None,
    };
    match parsed {
        None => Range::Whole,
        Some((a, _)) if a >= len => Range::Unsatisfiable,
        Some((a, b)) => Range::Part(a, b),
    }
}

/// A folder as HTML: a link per member, for a browser.
fn folder_page(share: &Share, folder: &crate::share::Resource) -> Response {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let mut names: Vec<(String, bool)> = fs::read_dir(&folder.path)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let dir = fs::metadata(e.path()).ok()?.is_dir();
            (!(folder.is_root() && name == crate::share::STORE_FILE)).then_some((name, dir))
        })
        .collect();
    names.sort();
    let title = escape(&folder.href_path(true));
    let mut page = format!("<!DOCTYPE html><title>{title}</title><h1>{title}</h1><ul>");
    for (name, dir) in names {
        let child = share.child(folder, name);
        let href = multistatus::Href::from_path(child.href_path(dir)).map(|h| h.to_string());
        let name = escape(child.segments.last().map_or("", String::as_str));
        page += &format!(
            "<li><a href=\"{}\">{name}{}</a>",
            escape(&href.unwrap_or_default()),
            if dir { "/" } else { "" }
        );
    }
    page += "</ul>\n";
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

/// PUT: the body becomes the file's content (201 when it is new, 204 when replaced); its
/// folder must exist (409), and a folder cannot be replaced by a file (405).
pub async fn put(State(share): State<Arc<Share>>, uri: Uri, request: Request) -> Reply {
    let target = share.resolve(uri.path())?;
    if target.is_root() {
        return Err((
            StatusCode::METHOD_NOT_ALLOWED,
            "the share's root is a folder",
        ));
    }
    if request.headers().contains_key(header::CONTENT_RANGE) {
        return Err((StatusCode::BAD_REQUEST, "partial PUT is not supported"));
    }
    let existed = match tokio::fs::metadata(&target.path).await {
        Ok(meta) if meta.is_dir() => {
            return Err((
                StatusCode::METHOD_NOT_ALLOWED,
                "a folder cannot be replaced by a file",
            ));
        }
        Ok(_) => true,
        Err(_) => false,
    };
    if !parent_is_folder(&target.path).await {
        return Err((StatusCode::CONFLICT, "the parent folder does not exist"));
    }
    let mut protected = vec![Protected::Resource(target.clone())];
    if !existed {
        protected.push(Protected::Members(target.clone()));
    }
    if let Err(denied) = guard(&share, request.headers(), &target, protected).await {
        return Ok(*denied);
    }
    if !existed {
        forget_stale(&share, target.key()).await?;
    }
    let mut file = tokio::fs::File::create(&target.path)
        .await
        .map_err(|e| io_refusal(&e))?;
    let mut body = request.into_body();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| (StatusCode::BAD_REQUEST, "the body could not be read"))?;
        if let Ok(data) = frame.into_data() {
            file.write_all(&data).await.map_err(|e| io_refusal(&e))?;
        }
    }
    file.flush().await.map_err(|e| io_refusal(&e))?;
    let status = if existed {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::CREATED
    };
    Ok(status.into_response())
}

/// MKCOL: a new folder (201). A body is 415 (none is defined), an existing resource 405, a
/// missing parent 409.
pub async fn mkcol(State(share): State<Arc<Share>>, uri: Uri, request: Request) -> Reply {
    let target = share.resolve(uri.path())?;
    let protected = vec![
        Protected::Resource(target.clone()),
        Protected::Members(target.clone()),
    ];
    if let Err(denied) = guard(&share, request.headers(), &target, protected).await {
        return Ok(*denied);
    }
    let mut body = request.into_body();
    while let Some(frame) = body.frame().await {
        if frame
            .ok()
            .and_then(|f| f.into_data().ok())
            .is_some_and(|d| !d.is_empty())
        {
            return Err((StatusCode::UNSUPPORTED_MEDIA_TYPE, "MKCOL takes no body"));
        }
    }
    if tokio::fs::symlink_metadata(&target.path).await.is_ok() {
        return Err((StatusCode::METHOD_NOT_ALLOWED, "the resource exists"));
    }
    if !parent_is_folder(&target.path).await {
        return Err((StatusCode::CONFLICT, "the parent folder does not exist"));
    }
    forget_stale(&share, target.key()).await?;
    tokio::fs::create_dir(&target.path)
        .await
        .map_err(|e| io_refusal(&e))?;
    Ok(StatusCode::CREATED.into_response())
}

/// DELETE: the resource and everything under it, with its dead properties and locks (204);
/// members that could not be removed are listed in a 207, and their folders stay.
pub async fn delete(State(share): State<Arc<Share>>, uri: Uri, headers: HeaderMap) -> Reply {
    let target = share.resolve(uri.path())?;
    if target.is_root() {
        return Err((StatusCode::FORBIDDEN, "the share's root cannot be deleted"));
    }
    blocking(move || {
        let meta = fs::symlink_metadata(&target.path).map_err(|e| io_refusal(&e))?;
        let protected = [
            Protected::Tree(target.clone()),
            Protected::Members(target.clone()),
        ];
        if let Err(denied) = crate::conditions::check(&share, &headers, &target, &protected) {
            return Ok(*denied);
        }
        let failures: Vec<Failure> = remove_tree(&share, &target, meta.is_dir());
        share.locks.forget_missing(&target, &share.root);
        let forgotten = if failures.is_empty() {
            share.store.delete_tree(&target.key())
        } else {
            share.store.retain_existing(&target.key(), &share.root)
        };
        forgotten.map_err(|_| (StatusCode::INTERNAL_SERVER_ERROR, "the store failed"))?;
        if failures.is_empty() {
            Ok(StatusCode::NO_CONTENT.into_response())
        } else {
            Ok(failures_response(failures))
        }
    })
    .await
}

/// Whether the folder that would hold `path` exists.
pub fn parent_is_folder_sync(path: &std::path::Path) -> bool {
    path.parent()
        .is_some_and(|p| fs::metadata(p).is_ok_and(|m| m.is_dir()))
}

async fn parent_is_folder(path: &std::path::Path) -> bool {
    match path.parent() {
        Some(parent) => tokio::fs::metadata(parent).await.is_ok_and(|m| m.is_dir()),
        None => false,
    }
}

/// Drops dead properties left under a path where nothing is (a crash between a MOVE's
/// rename and its commit can leave some), so a new resource starts with none.
async fn forget_stale(share: &Arc<Share>, key: String) -> Result<(), crate::share::Refusal> {
    let share = Arc::clone(share);
    blocking(move || {
        share
            .store
            .delete_tree(&key)
            .map(|()| StatusCode::OK.into_response())
            .map_err(|_| (StatusCode::INTERNAL_SERVER_ERROR, "the store failed"))
    })
    .await
    .map(drop)
}
