//! The shared directory, and how a request path becomes a file inside it — or is refused.
//!
//! A path is percent-decoded segment by segment. Refused: a `..` segment, written or
//! encoded (`%2e%2e`: 403), an encoded slash (`%2f`, which would let a segment name
//! something deeper: 400), NUL and other control characters (400), bytes that are not UTF-8
//! (400), and the store's own file (404). A symbolic link is followed only when its target
//! is inside the share; one that points out is 403, as if the path escaped with `..`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::http::StatusCode;

use crate::locks::Locks;
use crate::store::Store;

/// The name of the dead-property database in the share's root, hidden from clients.
pub const STORE_FILE: &str = ".dav-properties.redb";

/// The shared directory, its dead-property store and its locks.
pub struct Share {
    /// The root, canonical (no symbolic link, absolute).
    pub root: PathBuf,
    pub store: Store,
    pub locks: Locks,
    /// Held shared by each write (PUT, DELETE, MKCOL, COPY, MOVE, PROPPATCH) from its lock
    /// check to its last change, and exclusively by LOCK: a lock is granted only between
    /// writes, so no write that the lock check let through is still changing what a new
    /// lock protects. Writes run side by side; a LOCK waits for those under way, and the
    /// writes that come after it wait for it (tokio's lock is fair).
    pub changes: tokio::sync::RwLock<()>,
}

/// A resource named by a request: where it is on disk, and the names it goes by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resource {
    /// The decoded segments below the root (empty for the root).
    pub segments: Vec<String>,
    /// The file (it may not exist yet).
    pub path: PathBuf,
}

/// A refusal: the status and why.
pub type Refusal = (StatusCode, &'static str);

impl Share {
    /// Opens the share at `root`, with its store in the root.
    pub fn open(root: &Path) -> Result<Arc<Self>, crate::store::StoreError> {
        let root = root.canonicalize()?;
        let store = Store::open(&root.join(STORE_FILE))?;
        Ok(Arc::new(Self {
            root,
            store,
            locks: Locks::default(),
            changes: tokio::sync::RwLock::new(()),
        }))
    }

    /// The resource a request path (percent-encoded, as received) names.
    pub fn resolve(&self, encoded: &str) -> Result<Resource, Refusal> {
        let segments = decode_path(encoded)?;
        if segments.first().is_some_and(|s| s == STORE_FILE) {
            return Err((StatusCode::NOT_FOUND, "not found"));
        }
        let mut path = self.root.clone();
        path.extend(&segments);
        let resource = Resource { segments, path };
        self.check_links(&resource)?;
        Ok(resource)
    }

    /// The resource `name` inside the collection `parent` (a listing's member).
    pub fn child(&self, parent: &Resource, name: String) -> Resource {
        let mut segments = parent.segments.clone();
        segments.push(name);
        Resource {
            path: parent.path.join(segments.last().map_or("", String::as_str)),
            segments,
        }
    }

    /// Refuses a resource reached through a symbolic link that leads out of the share (or
    /// nowhere: a PUT through a dangling link would create its target).
    fn check_links(&self, resource: &Resource) -> Result<(), Refusal> {
        let mut path = self.root.clone();
        for segment in &resource.segments {
            path.push(segment);
            match path.symlink_metadata() {
                Ok(meta) if meta.file_type().is_symlink() && self.leads_out(&path) => {
                    return Err((StatusCode::FORBIDDEN, "the path leads out of the share"));
                }
                Ok(_) => {}
                // Nothing exists from here on, so nothing below is a link.
                Err(_) => return Ok(()),
            }
        }
        Ok(())
    }

    /// Whether `path` (a member met in a listing or a tree walk) is a symbolic link whose
    /// target is outside the share (or missing).
    pub fn leads_out(&self, path: &Path) -> bool {
        !path
            .canonicalize()
            .is_ok_and(|real| real.starts_with(&self.root))
    }
}

impl Resource {
    /// The key of its dead properties: the segments joined with `/`.
    pub fn key(&self) -> String {
        self.segments.join("/")
    }

    /// Its decoded path as an href path (`/` for the root), with a `/` at the end for a
    /// collection.
    pub fn href_path(&self, collection: bool) -> String {
        let mut href = String::with_capacity(64);
        for segment in &self.segments {
            href.push('/');
            href.push_str(segment);
        }
        if collection || self.segments.is_empty() {
            href.push('/');
        }
        href
    }

    /// The collection holding it (`None` for the root).
    pub fn parent(&self) -> Option<Resource> {
        let (_, segments) = self.segments.split_last()?;
        Some(Resource {
            segments: segments.to_vec(),
            path: self.path.parent()?.to_path_buf(),
        })
    }

    /// Whether this is the root of the share.
    pub fn is_root(&self) -> bool {
        self.segments.is_empty()
    }

    /// Whether `other` is this resource or under it.
    pub fn contains(&self, other: &Resource) -> bool {
        other.segments.starts_with(&self.segments)
    }
}

/// The decoded segments of a request path: `.` and empty segments dropped.
fn decode_path(encoded: &str) -> Result<Vec<String>, Refusal> {
    let mut segments = Vec::new();
    for raw in encoded.split('/') {
        let bytes: Vec<u8> = percent_encoding::percent_decode_str(raw).collect();
        let segment = String::from_utf8(bytes)
            .map_err(|_| (StatusCode::BAD_REQUEST, "the path is not UTF-8"))?;
        match segment.as_str() {
            "" | "." => continue,
            ".." => return Err((StatusCode::FORBIDDEN, "the path leads out of the share")),
            _ => {}
        }
        if segment.contains('/') {
            return Err((StatusCode::BAD_REQUEST, "the path holds an encoded slash"));
        }
        if segment.chars().any(char::is_control) {
            return Err((
                StatusCode::BAD_REQUEST,
                "the path holds a control character",
            ));
        }
        segments.push(segment);
    }
    Ok(segments)
}
