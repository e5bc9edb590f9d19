//! The properties of a file or folder: live ones from the filesystem and the lock table,
//! through a derived set, and the dead ones clients set, from the store.

use std::fs::Metadata;
use std::time::{SystemTime, UNIX_EPOCH};

use multistatus::values::{LockDiscovery, ResourceType, Rfc3339, SupportedLock};
use multistatus::{DeadMap, PropertySet};

/// What PROPFIND reports about a resource. Every live property is protected: PROPPATCH
/// answers 403 for it.
#[derive(PropertySet)]
pub struct FileProps<'a> {
    pub displayname: &'a str,
    pub getcontentlength: Option<u64>,
    pub getcontenttype: Option<&'static str>,
    pub getetag: Option<String>,
    pub getlastmodified: SystemTime,
    pub creationdate: Option<Rfc3339>,
    pub resourcetype: ResourceType,
    /// Exclusive and shared write locks, on every resource.
    pub supportedlock: SupportedLock,
    /// The locks that apply to it.
    pub lockdiscovery: LockDiscovery,
    /// The dead properties (`None`: it has none).
    #[dav(dead)]
    pub dead: Option<DeadMap>,
}

impl<'a> FileProps<'a> {
    /// The live properties of a resource called `name` with `meta` and `locks`.
    pub fn new(
        name: &'a str,
        meta: &Metadata,
        locks: LockDiscovery,
        dead: Option<DeadMap>,
    ) -> Self {
        let modified = meta.modified().unwrap_or(UNIX_EPOCH);
        let file = !meta.is_dir();
        Self {
            displayname: name,
            getcontentlength: file.then_some(meta.len()),
            getcontenttype: file.then(|| content_type(name)),
            getetag: file.then(|| etag(meta)),
            getlastmodified: modified,
            creationdate: meta.created().ok().map(Rfc3339),
            resourcetype: if file {
                ResourceType::RESOURCE
            } else {
                ResourceType::COLLECTION
            },
            supportedlock: SupportedLock::WRITE,
            lockdiscovery: locks,
            dead,
        }
    }
}

/// A strong validator that changes whenever the content may have: the size and the
/// modification time in nanoseconds.
pub fn etag(meta: &Metadata) -> String {
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .unwrap_or_default();
    format!("\"{:x}-{:x}\"", meta.len(), modified.as_nanos())
}

/// The media type of a file, from its extension.
pub fn content_type(name: &str) -> &'static str {
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "txt" | "md" => "text/plain; charset=utf-8",
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "json" => "application/json",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "ics" => "text/calendar",
        "vcf" => "text/vcard",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}
