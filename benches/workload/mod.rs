//! The SPEC §5 workload, shared by the benches: the PROPFIND request, the derived set of a
//! file's properties, N resources, and the derive's rendering of the `Depth: 1` answer
//! (`benches/propfind.rs` times it; `benches/parse.rs` parses what it writes).
#![allow(dead_code, reason = "each bench uses part of it")]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use multistatus::propfind::PropfindAnswer;
use multistatus::request::Propfind;
use multistatus::values::{ResourceType, Rfc3339};
use multistatus::{Error, Href, MultistatusWriter, PropertySet};

/// The namespace of `color`.
pub const CUSTOM_NS: &str = "http://example.com/ns";
/// The namespace of the property the server does not know.
pub const UNKNOWN_NS: &str = "urn:x-unknown";

/// The request: every property of the workload, plus one the server does not know.
pub const REQUEST: &[u8] = br#"<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:" xmlns:E="http://example.com/ns" xmlns:U="urn:x-unknown">
  <D:prop>
    <D:displayname/><D:getcontentlength/><D:getcontenttype/><D:getetag/>
    <D:getlastmodified/><D:creationdate/><D:resourcetype/><E:color/><U:nope/>
  </D:prop>
</D:propfind>"#;

/// What the server knows about a file.
#[derive(PropertySet, Debug, PartialEq)]
pub struct FileProps {
    pub displayname: String,
    pub getcontentlength: u64,
    pub getcontenttype: String,
    pub getetag: String,
    pub getlastmodified: SystemTime,
    pub creationdate: Rfc3339,
    pub resourcetype: ResourceType,
    #[dav(namespace = "http://example.com/ns")]
    pub color: String,
}

/// One resource: its decoded path and its properties.
pub struct File {
    pub path: String,
    pub props: FileProps,
}

pub const COLORS: [&str; 3] = ["red", "green", "blue"];
pub const TYPES: [&str; 2] = ["text/plain", "application/pdf"];

/// Resource `i`.
pub fn file(i: usize) -> File {
    let t = UNIX_EPOCH + Duration::from_secs(884_597_156 + 3_607 * i as u64);
    File {
        path: format!("/files/report 2024/Ünïcode #{i}.txt"),
        props: FileProps {
            displayname: format!("Tom & Jerry <{i}>"),
            getcontentlength: 1_000 + 37 * i as u64,
            getcontenttype: TYPES[i % 2].to_owned(),
            getetag: format!("\"{:x}-{i}\"", 0x5eed_0000 + i),
            getlastmodified: t,
            creationdate: Rfc3339(t - Duration::from_secs(86_400 * 30)),
            resourcetype: ResourceType::RESOURCE,
            color: COLORS[i % 3].to_owned(),
        },
    }
}

/// Resources 0 to n - 1.
pub fn files(n: usize) -> Vec<File> {
    (0..n).map(file).collect()
}

/// The answer to [`REQUEST`] for [`FileProps`].
pub fn answer() -> Result<PropfindAnswer<FileProps>, Box<dyn std::error::Error>> {
    Ok(PropfindAnswer::new(&Propfind::parse(REQUEST)?))
}

/// The derive's rendering of the answer for `files` (the `derive` row of the propfind bench).
pub fn render_derive(
    answer: &PropfindAnswer<FileProps>,
    files: &[File],
    out: &mut Vec<u8>,
) -> Result<(), Error> {
    // Rendered straight into `out`, reusing its capacity, as a server building a body in
    // memory would.
    let mut ms = MultistatusWriter::in_memory(std::mem::take(out), answer.namespaces());
    for f in files {
        answer.write(&mut ms, &Href::from_path(f.path.as_str())?, &f.props)?;
    }
    *out = ms.finish()?;
    Ok(())
}
