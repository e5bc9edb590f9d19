//! Prints the 207 Multi-Status answer to a `Depth: 1` PROPFIND on a small collection.
//!
//! `cargo run --example listing` prints the body for the request below;
//! `cargo run --example listing -- allprop` answers `allprop` instead, and
//! `cargo run --example listing -- propname` answers `propname`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use multistatus::propfind::PropfindAnswer;
use multistatus::request::Propfind;
use multistatus::values::{ResourceType, Rfc3339, SupportedLock};
use multistatus::{Href, MultistatusWriter, PropertySet, PropertyValue};

/// A custom property value with child elements in its own namespace.
#[derive(PropertyValue)]
#[dav(namespace = "http://example.com/ns/")]
struct Label {
    color: String,
    priority: u8,
}

/// What this server knows about a file or folder.
#[derive(PropertySet)]
struct FileProps {
    displayname: String,
    getcontentlength: Option<u64>,
    getcontenttype: Option<&'static str>,
    getetag: Option<String>,
    getlastmodified: SystemTime,
    creationdate: Rfc3339,
    resourcetype: ResourceType,
    supportedlock: SupportedLock,
    #[dav(namespace = "http://example.com/ns/", allprop)]
    label: Option<Label>,
}

const REQUEST: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:" xmlns:E="http://example.com/ns/">
  <D:prop>
    <D:displayname/><D:getcontentlength/><D:getetag/><D:resourcetype/>
    <E:label/><E:unknown-property/>
  </D:prop>
</D:propfind>"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let body = match std::env::args().nth(1).as_deref() {
        Some("allprop") => r#"<propfind xmlns="DAV:"><allprop/></propfind>"#,
        Some("propname") => r#"<propfind xmlns="DAV:"><propname/></propfind>"#,
        _ => REQUEST,
    };
    let request = Propfind::parse(body.as_bytes())?;
    let answer = PropfindAnswer::<FileProps>::new(&request);

    let t = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let folder = FileProps {
        displayname: "Reports".into(),
        getcontentlength: None,
        getcontenttype: None,
        getetag: None,
        getlastmodified: t,
        creationdate: Rfc3339(t),
        resourcetype: ResourceType::COLLECTION,
        supportedlock: SupportedLock::WRITE,
        label: None,
    };
    let files = [
        ("Q1 & Q2.pdf", 48_213, "application/pdf"),
        ("année 2024.txt", 12, "text/plain; charset=utf-8"),
    ];

    let stdout = std::io::stdout().lock();
    let mut ms = MultistatusWriter::new(stdout, answer.namespaces());
    answer.write(&mut ms, &Href::from_path("/reports/")?, &folder)?;
    for (i, (name, len, mime)) in files.into_iter().enumerate() {
        let file = FileProps {
            displayname: name.into(),
            getcontentlength: Some(len),
            getcontenttype: Some(mime),
            getetag: Some(format!("\"{len:x}-{i}\"")),
            getlastmodified: t,
            creationdate: Rfc3339(t),
            resourcetype: ResourceType::RESOURCE,
            supportedlock: SupportedLock::WRITE,
            label: (i == 0).then(|| Label {
                color: "red".into(),
                priority: 1,
            }),
        };
        answer.write(
            &mut ms,
            &Href::from_path(format!("/reports/{name}"))?,
            &file,
        )?;
    }
    let mut out = ms.finish()?;
    std::io::Write::write_all(&mut out, b"\n")?;
    Ok(())
}
