//! COPY and MOVE (RFC 4918 §9.8, §9.9): `Destination` (an absolute URI on this server, or
//! an absolute path), `Overwrite` (`T` by default) and `Depth` (`infinity`, or `0` for a
//! COPY of a folder alone). Dead properties go along, in one transaction; locks do not
//! (§7.5, §9.9.4): the source's are dropped by a MOVE, the replaced destination's go.

use std::fs;
use std::io;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::IntoResponse;
use multistatus::axum::DepthHeader;
use multistatus::request::Depth;

use crate::conditions::{Protected, check};
use crate::share::{Refusal, Resource, Share};
use crate::tree::{copy_tree, failures_response, remove_tree};
use crate::{Reply, blocking, io_refusal};

pub async fn copy_or_move(
    State(share): State<Arc<Share>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    DepthHeader(depth): DepthHeader,
) -> Reply {
    let moving = method.as_str() == "MOVE";
    let source = share.resolve(uri.path())?;
    let destination = share.resolve(&destination_path(&headers)?)?;
    let overwrite = match headers.get("overwrite").map(|v| v.as_bytes()) {
        None | Some(b"T" | b"t") => true,
        Some(b"F" | b"f") => false,
        Some(_) => return Err((StatusCode::BAD_REQUEST, "Overwrite must be T or F")),
    };
    let deep = match depth.unwrap_or(Depth::Infinity) {
        Depth::Infinity => true,
        Depth::Zero if !moving => false,
        _ => {
            return Err((
                StatusCode::BAD_REQUEST,
                "Depth must be infinity (or 0 for a COPY)",
            ));
        }
    };
    if source.is_root() || destination.is_root() {
        return Err((
            StatusCode::FORBIDDEN,
            "the share's root cannot be copied, moved or replaced",
        ));
    }
    if source.contains(&destination) || destination.contains(&source) {
        return Err((
            StatusCode::FORBIDDEN,
            "the source and the destination overlap",
        ));
    }
    blocking(move || {
        let meta = fs::symlink_metadata(&source.path).map_err(|e| io_refusal(&e))?;
        let mut protected = vec![
            Protected::Tree(destination.clone()),
            Protected::Members(destination.clone()),
        ];
        if moving {
            protected.push(Protected::Tree(source.clone()));
            protected.push(Protected::Members(source.clone()));
        }
        if let Err(denied) = check(&share, &headers, &source, &protected) {
            return Ok(*denied);
        }
        if !crate::files::parent_is_folder_sync(&destination.path) {
            return Err((
                StatusCode::CONFLICT,
                "the destination's folder does not exist",
            ));
        }
        let replaced = match fs::symlink_metadata(&destination.path) {
            Ok(_) if !overwrite => {
                return Err((StatusCode::PRECONDITION_FAILED, "the destination exists"));
            }
            Ok(existing) => {
                let failures = remove_tree(&share, &destination, existing.is_dir());
                if !failures.is_empty() {
                    return Ok(failures_response(failures));
                }
                share.locks.forget_tree(&destination);
                true
            }
            Err(_) => false,
        };
        let failures = if moving {
            let failures = move_tree(&share, &source, &destination, meta.is_dir());
            share.locks.forget_missing(&source, &share.root);
            failures
        } else {
            copy_tree(&share, &source, &destination, deep)
        };
        let store = &share.store;
        let (from, to) = (source.key(), destination.key());
        let stored = if moving {
            store.move_tree(&from, &to)
        } else {
            store.copy_tree(&from, &to, deep)
        };
        let stored = match stored {
            // Properties of what was not copied go.
            Ok(()) if !failures.is_empty() => store.retain_existing(&to, &share.root),
            other => other,
        };
        stored.map_err(|_| (StatusCode::INTERNAL_SERVER_ERROR, "the store failed"))?;
        if !failures.is_empty() {
            return Ok(failures_response(failures));
        }
        let status = if replaced {
            StatusCode::NO_CONTENT
        } else {
            StatusCode::CREATED
        };
        Ok(status.into_response())
    })
    .await
}

/// A rename; across filesystems (a mount inside the share), a copy then a removal.
fn move_tree(
    share: &Share,
    from: &Resource,
    to: &Resource,
    is_dir: bool,
) -> Vec<crate::tree::Failure> {
    match fs::rename(&from.path, &to.path) {
        Ok(()) => Vec::new(),
        Err(e) if e.kind() == io::ErrorKind::CrossesDevices => {
            let mut failures = copy_tree(share, from, to, true);
            if failures.is_empty() {
                failures = remove_tree(share, from, is_dir);
            }
            failures
        }
        Err(e) => vec![crate::tree::Failure {
            href: from.href_path(is_dir),
            status: io_refusal(&e).0,
        }],
    }
}

/// The path of the `Destination` header: an absolute path, or an absolute URI whose
/// authority is this server's (`Host`); another server is 502 (RFC 4918 §9.8.5).
fn destination_path(headers: &HeaderMap) -> Result<String, Refusal> {
    let value = headers
        .get("destination")
        .and_then(|v| v.to_str().ok())
        .ok_or((StatusCode::BAD_REQUEST, "a Destination header is required"))?;
    let uri: Uri = value
        .parse()
        .map_err(|_| (StatusCode::BAD_REQUEST, "the Destination is not a URI"))?;
    if let Some(authority) = uri.authority() {
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
        if host.is_some_and(|h| !h.eq_ignore_ascii_case(authority.as_str())) {
            return Err((
                StatusCode::BAD_GATEWAY,
                "the Destination is on another server",
            ));
        }
    } else if !value.starts_with('/') {
        return Err((StatusCode::BAD_REQUEST, "the Destination must be absolute"));
    }
    Ok(uri.path().to_owned())
}
