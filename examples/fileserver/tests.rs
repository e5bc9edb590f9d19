//! The file server through its router (`tower::ServiceExt::oneshot`, no socket): paths that
//! leave the share, dead properties across COPY, MOVE and a restart, partial failures, and
//! the fragment guard.

use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;

use crate::share::{STORE_FILE, Share};
use crate::wire::Framing;

/// Sends a request and returns the status and the body.
async fn send(
    share: &Arc<Share>,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (StatusCode, String) {
    let mut request = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(Body::from(body.to_owned())).expect("request");
    let response = crate::app(Arc::clone(share))
        .oneshot(request)
        .await
        .expect("infallible");
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// A share over a fresh directory holding `docs/a.txt`.
fn share() -> (tempfile::TempDir, Arc<Share>) {
    let dir = tempfile::tempdir().expect("temporary directory");
    std::fs::create_dir(dir.path().join("docs")).expect("mkdir");
    std::fs::write(dir.path().join("docs/a.txt"), "a").expect("write");
    let share = Share::open(dir.path()).expect("share");
    (dir, share)
}

const SET_COLOR: &str = r#"<D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:z">
    <D:set><D:prop><Z:color>red</Z:color></D:prop></D:set></D:propertyupdate>"#;
const GET_COLOR: &str =
    r#"<D:propfind xmlns:D="DAV:" xmlns:Z="urn:z"><D:prop><Z:color/></D:prop></D:propfind>"#;

/// The `Z:color` texts of a PROPFIND answer, read with roxmltree.
fn colors(body: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(body).expect("well-formed");
    doc.descendants()
        .filter(|n| n.has_tag_name(("urn:z", "color")))
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect()
}

/// The hrefs of a 207 answer, read with roxmltree.
fn hrefs(body: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(body).expect("well-formed");
    doc.descendants()
        .filter(|n| n.has_tag_name(("DAV:", "href")))
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect()
}

/// A `..` segment is refused with 403.
#[tokio::test]
async fn dot_dot_is_forbidden() {
    let (_dir, share) = share();
    let (status, _) = send(&share, "GET", "/docs/../../etc/passwd", &[], "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// An encoded `..` (`%2e%2e`) is refused with 403.
#[tokio::test]
async fn encoded_dot_dot_is_forbidden() {
    let (_dir, share) = share();
    let (status, _) = send(&share, "GET", "/%2e%2e/%2E%2E/etc/passwd", &[], "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// An encoded slash (`%2f`) is refused with 400.
#[tokio::test]
async fn encoded_slash_is_refused() {
    let (_dir, share) = share();
    let (status, _) = send(&share, "GET", "/docs%2fa.txt", &[], "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// An encoded NUL is refused with 400.
#[tokio::test]
async fn encoded_nul_is_refused() {
    let (_dir, share) = share();
    let (status, _) = send(&share, "PUT", "/docs/a%00b", &[], "x").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// A symbolic link to a directory outside the share is refused for reading and writing,
/// and nothing is written outside.
#[tokio::test]
async fn link_out_of_the_share_is_forbidden() {
    let (dir, share) = share();
    let outside = tempfile::tempdir().expect("temporary directory");
    std::fs::write(outside.path().join("secret"), "s").expect("write");
    std::os::unix::fs::symlink(outside.path(), dir.path().join("out")).expect("symlink");
    let (get, _) = send(&share, "GET", "/out/secret", &[], "").await;
    let (put, _) = send(&share, "PUT", "/out/new", &[], "x").await;
    assert_eq!((get, put), (StatusCode::FORBIDDEN, StatusCode::FORBIDDEN));
    assert!(!outside.path().join("new").exists());
}

/// A dangling link is refused: a PUT through it would create its target.
#[tokio::test]
async fn dangling_link_is_forbidden() {
    let (dir, share) = share();
    let outside = tempfile::tempdir().expect("temporary directory");
    let target = outside.path().join("created");
    std::os::unix::fs::symlink(&target, dir.path().join("link")).expect("symlink");
    let (status, _) = send(&share, "PUT", "/link", &[], "x").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!target.exists());
}

/// A link to a file inside the share is served as that file.
#[tokio::test]
async fn link_inside_the_share_is_served() {
    let (dir, share) = share();
    std::os::unix::fs::symlink(dir.path().join("docs/a.txt"), dir.path().join("b"))
        .expect("symlink");
    let (status, body) = send(&share, "GET", "/b", &[], "").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "a"));
}

/// A link out of the share is left out of listings.
#[tokio::test]
async fn link_out_of_the_share_is_not_listed() {
    let (dir, share) = share();
    std::os::unix::fs::symlink("/etc", dir.path().join("etc")).expect("symlink");
    let (status, body) = send(&share, "PROPFIND", "/", &[("depth", "1")], "").await;
    assert_eq!(status, StatusCode::MULTI_STATUS);
    assert_eq!(hrefs(&body), ["/", "/docs/"]);
}

/// The store's file is neither listed nor served.
#[tokio::test]
async fn store_file_is_hidden() {
    let (_dir, share) = share();
    let (status, _) = send(&share, "GET", &format!("/{STORE_FILE}"), &[], "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, body) = send(&share, "PROPFIND", "/", &[("depth", "infinity")], "").await;
    assert_eq!(hrefs(&body), ["/", "/docs/", "/docs/a.txt"]);
}

/// Hrefs are percent-encoded and a `Depth: 1` answer lists the members.
#[tokio::test]
async fn propfind_lists_members_with_encoded_hrefs() {
    let (dir, share) = share();
    std::fs::write(dir.path().join("docs/année & 100%.txt"), "x").expect("write");
    let (status, body) = send(&share, "PROPFIND", "/docs/", &[("depth", "1")], "").await;
    assert_eq!(status, StatusCode::MULTI_STATUS);
    let mut listed = hrefs(&body);
    listed.sort();
    assert_eq!(
        listed,
        ["/docs/", "/docs/a.txt", "/docs/ann%C3%A9e%20&%20100%25.txt"]
    );
}

/// A dead property set by PROPPATCH is answered by PROPFIND.
#[tokio::test]
async fn dead_property_is_kept() {
    let (_dir, share) = share();
    let (status, _) = send(&share, "PROPPATCH", "/docs/a.txt", &[], SET_COLOR).await;
    assert_eq!(status, StatusCode::MULTI_STATUS);
    let (_, body) = send(
        &share,
        "PROPFIND",
        "/docs/a.txt",
        &[("depth", "0")],
        GET_COLOR,
    )
    .await;
    assert_eq!(colors(&body), ["red"]);
}

/// Setting a live property fails with 403 and the dead one beside it is not kept.
#[tokio::test]
async fn proppatch_is_all_or_nothing() {
    let (_dir, share) = share();
    let body = r#"<D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:z"><D:set><D:prop>
        <Z:color>red</Z:color><D:getetag>"x"</D:getetag></D:prop></D:set></D:propertyupdate>"#;
    let (_, answer) = send(&share, "PROPPATCH", "/docs/a.txt", &[], body).await;
    assert!(answer.contains("HTTP/1.1 403 Forbidden"), "{answer}");
    assert!(
        answer.contains("HTTP/1.1 424 Failed Dependency"),
        "{answer}"
    );
    let (_, body) = send(
        &share,
        "PROPFIND",
        "/docs/a.txt",
        &[("depth", "0")],
        GET_COLOR,
    )
    .await;
    assert!(colors(&body).iter().all(String::is_empty));
}

/// Dead properties go along with a COPY and a MOVE of the folder holding them.
#[tokio::test]
async fn dead_properties_follow_copy_and_move() {
    let (_dir, share) = share();
    send(&share, "PROPPATCH", "/docs/a.txt", &[], SET_COLOR).await;
    let (copied, _) = send(&share, "COPY", "/docs/", &[("destination", "/copy/")], "").await;
    let (moved, _) = send(
        &share,
        "MOVE",
        "/copy/",
        &[
            ("destination", "http://localhost/moved/"),
            ("host", "localhost"),
        ],
        "",
    )
    .await;
    assert_eq!((copied, moved), (StatusCode::CREATED, StatusCode::CREATED));
    for path in ["/docs/a.txt", "/moved/a.txt"] {
        let (_, body) = send(&share, "PROPFIND", path, &[("depth", "0")], GET_COLOR).await;
        assert_eq!(colors(&body), ["red"], "{path}");
    }
}

/// Dead properties survive a restart (the store is reopened).
#[tokio::test]
async fn dead_properties_survive_a_restart() {
    let (dir, share) = share();
    send(&share, "PROPPATCH", "/docs/a.txt", &[], SET_COLOR).await;
    drop(share);
    let share = Share::open(dir.path()).expect("reopened");
    let (_, body) = send(
        &share,
        "PROPFIND",
        "/docs/a.txt",
        &[("depth", "0")],
        GET_COLOR,
    )
    .await;
    assert_eq!(colors(&body), ["red"]);
}

/// A deleted resource's properties are not inherited by a new one at its path.
#[tokio::test]
async fn new_resource_has_no_old_properties() {
    let (_dir, share) = share();
    send(&share, "PROPPATCH", "/docs/a.txt", &[], SET_COLOR).await;
    send(&share, "DELETE", "/docs/a.txt", &[], "").await;
    send(&share, "PUT", "/docs/a.txt", &[], "new").await;
    let (_, body) = send(
        &share,
        "PROPFIND",
        "/docs/a.txt",
        &[("depth", "0")],
        GET_COLOR,
    )
    .await;
    assert!(colors(&body).iter().all(String::is_empty));
}

/// A Destination on another server is 502.
#[tokio::test]
async fn destination_on_another_server_is_502() {
    let (_dir, share) = share();
    let headers = [
        ("destination", "http://elsewhere.example/x"),
        ("host", "localhost"),
    ];
    let (status, _) = send(&share, "COPY", "/docs/a.txt", &headers, "").await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
}

/// A COPY whose tree holds a member that cannot be copied (a socket) copies the rest and
/// answers 207 with that member's status.
#[tokio::test]
async fn copy_partial_failure_is_207() {
    let (dir, share) = share();
    let _socket =
        std::os::unix::net::UnixListener::bind(dir.path().join("docs/socket")).expect("socket");
    let (status, body) = send(&share, "COPY", "/docs/", &[("destination", "/copy/")], "").await;
    assert_eq!(status, StatusCode::MULTI_STATUS);
    assert_eq!(hrefs(&body), ["/docs/socket"]);
    assert!(body.contains("HTTP/1.1 403 Forbidden"), "{body}");
    assert!(dir.path().join("copy/a.txt").exists());
}

/// Makes `file` impossible to delete (immutable as root, its folder read-only otherwise),
/// undone when dropped.
struct Undeletable<'a>(&'a Path);

impl<'a> Undeletable<'a> {
    fn new(file: &'a Path) -> Self {
        let root = std::process::Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
        let ok = if root {
            std::process::Command::new("chattr")
                .arg("+i")
                .arg(file)
                .status()
                .is_ok_and(|s| s.success())
        } else {
            let folder = file.parent().expect("parent");
            std::process::Command::new("chmod")
                .arg("555")
                .arg(folder)
                .status()
                .is_ok_and(|s| s.success())
        };
        assert!(
            ok,
            "could not make {} undeletable (chattr as root, chmod otherwise)",
            file.display()
        );
        Self(file)
    }
}

impl Drop for Undeletable<'_> {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(self.0)
            .status();
        if let Some(folder) = self.0.parent() {
            let _ = std::process::Command::new("chmod")
                .arg("755")
                .arg(folder)
                .status();
        }
    }
}

/// A DELETE of a folder whose member cannot be removed removes the rest and answers 207
/// with that member's status; the folder stays.
#[tokio::test]
async fn delete_partial_failure_is_207() {
    let (dir, share) = share();
    std::fs::create_dir(dir.path().join("docs/keep")).expect("mkdir");
    std::fs::write(dir.path().join("docs/keep/stuck.txt"), "s").expect("write");
    std::fs::write(dir.path().join("docs/keep/other.txt"), "o").expect("write");
    let stuck = dir.path().join("docs/keep/stuck.txt");
    let guard = Undeletable::new(&stuck);
    let (status, body) = send(&share, "DELETE", "/docs/", &[], "").await;
    drop(guard);
    assert_eq!(status, StatusCode::MULTI_STATUS);
    assert_eq!(hrefs(&body), ["/docs/keep/stuck.txt"]);
    assert!(stuck.exists());
    assert!(!dir.path().join("docs/a.txt").exists());
}

/// A MOVE over a destination that cannot be wholly removed answers 207 and moves nothing.
#[tokio::test]
async fn move_over_undeletable_destination_is_207() {
    let (dir, share) = share();
    std::fs::create_dir(dir.path().join("dest")).expect("mkdir");
    let stuck = dir.path().join("dest/stuck.txt");
    std::fs::write(&stuck, "s").expect("write");
    let guard = Undeletable::new(&stuck);
    let (status, body) = send(&share, "MOVE", "/docs/", &[("destination", "/dest/")], "").await;
    drop(guard);
    assert_eq!(status, StatusCode::MULTI_STATUS);
    assert_eq!(hrefs(&body), ["/dest/stuck.txt"]);
    assert!(dir.path().join("docs/a.txt").exists());
}

/// The guard turns a `#` in a request target into DEL, and nothing else.
#[test]
fn fragment_in_target_is_changed() {
    let mut bytes = b"DELETE /frag/#ment HTTP/1.1\r\nHost: x\r\n\r\n".to_vec();
    Framing::default().feed(&mut bytes);
    assert_eq!(bytes, b"DELETE /frag/\x7fment HTTP/1.1\r\nHost: x\r\n\r\n");
}

/// A `#` in a body of known length, or in a header, is left as it is, and the next request
/// is followed.
#[test]
fn fragment_guard_skips_bodies() {
    let mut bytes =
        b"PUT /a HTTP/1.1\r\nX-Tag: #1\r\nContent-Length: 5\r\n\r\nGET /#PUT /b#c HTTP/1.1\r\n\r\n"
            .to_vec();
    Framing::default().feed(&mut bytes);
    assert_eq!(bytes, b"PUT /a HTTP/1.1\r\nX-Tag: #1\r\nContent-Length: 5\r\n\r\nGET /#PUT /b\x7fc HTTP/1.1\r\n\r\n");
}

/// A chunked body, fed a byte at a time, is skipped, trailers included.
#[test]
fn fragment_guard_skips_chunked_bodies() {
    let stream = b"PUT /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\n#a#b\r\n0\r\nT: #\r\n\r\nGET /c#d HTTP/1.1\r\n\r\n";
    let mut bytes = stream.to_vec();
    let mut framing = Framing::default();
    for byte in bytes.chunks_mut(1) {
        framing.feed(byte);
    }
    let expected = String::from_utf8_lossy(stream).replace("/c#d", "/c\u{7f}d");
    assert_eq!(String::from_utf8_lossy(&bytes), expected);
    assert_eq!(framing, Framing::Start);
}
