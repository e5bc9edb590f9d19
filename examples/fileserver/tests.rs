//! The file server through its router (`tower::ServiceExt::oneshot`, no socket): paths that
//! leave the share, dead properties across COPY, MOVE and a restart, partial failures, the
//! fragment guard, and locks (LOCK, UNLOCK, the `If` header, 423 and 412).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
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
    let (status, _, body) = exchange(share, method, path, headers, body).await;
    (status, body)
}

/// Sends a request and returns the status, the headers and the body.
async fn exchange(
    share: &Arc<Share>,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (StatusCode, HeaderMap, String) {
    let mut request = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(Body::from(body.to_owned())).expect("request");
    let response = crate::app(Arc::clone(share))
        .oneshot(request)
        .await
        .expect("infallible");
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.expect("body").to_bytes();
    (
        parts.status,
        parts.headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
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

/// The texts of the elements `{namespace}local` of an XML body, read with roxmltree.
fn texts(body: &str, namespace: &str, local: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(body).expect("well-formed");
    doc.descendants()
        .filter(|n| n.has_tag_name((namespace, local)))
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect()
}

/// The `Z:color` texts of a PROPFIND answer.
fn colors(body: &str) -> Vec<String> {
    texts(body, "urn:z", "color")
}

/// The hrefs of a 207 answer (or of a `DAV:error`).
fn hrefs(body: &str) -> Vec<String> {
    texts(body, "DAV:", "href")
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

const EXCLUSIVE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope>
<D:locktype><D:write/></D:locktype>
<D:owner><O:person xmlns:O="urn:o" O:id="7">Ada &amp; co</O:person></D:owner></D:lockinfo>"#;
const SHARED: &str = r#"<D:lockinfo xmlns:D="DAV:"><D:lockscope><D:shared/></D:lockscope>
<D:locktype><D:write/></D:locktype></D:lockinfo>"#;
const LOCKDISCOVERY: &str =
    r#"<D:propfind xmlns:D="DAV:"><D:prop><D:lockdiscovery/></D:prop></D:propfind>"#;

/// Locks `path` with `lockinfo` and `headers`; returns the status, the token of the
/// `Lock-Token` header (without its angle brackets) and the body.
async fn lock(
    share: &Arc<Share>,
    path: &str,
    headers: &[(&str, &str)],
    lockinfo: &str,
) -> (StatusCode, String, String) {
    let (status, answer_headers, body) = exchange(share, "LOCK", path, headers, lockinfo).await;
    let token = answer_headers
        .get("lock-token")
        .map(|v| {
            v.to_str()
                .expect("text")
                .trim_matches(['<', '>'])
                .to_owned()
        })
        .unwrap_or_default();
    (status, token, body)
}

/// Locks `path` exclusively (depth 0) and returns the token.
async fn lock_exclusive(share: &Arc<Share>, path: &str) -> String {
    let (status, token, _) = lock(share, path, &[("depth", "0")], EXCLUSIVE).await;
    assert_eq!(status, StatusCode::OK);
    token
}

/// The `If` header submitting `token` for the request's resource.
fn submitting(token: &str) -> String {
    format!("(<{token}>)")
}

/// The lock tokens reported in a `lockdiscovery`.
fn lock_tokens(body: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(body).expect("well-formed");
    doc.descendants()
        .filter(|n| n.has_tag_name(("DAV:", "locktoken")))
        .flat_map(|n| n.children().filter(|c| c.has_tag_name(("DAV:", "href"))))
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect()
}

/// The tokens of the locks PROPFIND reports in the lockdiscovery of `path`.
async fn discovered(share: &Arc<Share>, path: &str) -> Vec<String> {
    let (status, body) = send(share, "PROPFIND", path, &[("depth", "0")], LOCKDISCOVERY).await;
    assert_eq!(status, StatusCode::MULTI_STATUS);
    lock_tokens(&body)
}

/// The `DAV:error` conditions of a body (their local names).
fn conditions(body: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(body).expect("well-formed");
    let root = doc.root_element();
    assert!(root.has_tag_name(("DAV:", "error")), "{body}");
    root.children()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name().to_owned())
        .collect()
}

/// OPTIONS claims class 2 and allows LOCK and UNLOCK.
#[tokio::test]
async fn options_claims_class_2() {
    let (_dir, share) = share();
    let (_, headers, _) = exchange(&share, "OPTIONS", "/", &[], "").await;
    assert_eq!(headers["dav"], "1, 2, 3");
    let allow = headers["allow"].to_str().expect("text");
    assert!(
        allow.contains("LOCK") && allow.contains("UNLOCK"),
        "{allow}"
    );
}

/// A LOCK answers 200, the token in `Lock-Token`, and the resource's lockdiscovery: that
/// token, the scope, the depth, the root and the owner as it was sent.
#[tokio::test]
async fn lock_answers_the_lock() {
    let (_dir, share) = share();
    let (status, token, body) = lock(&share, "/docs/a.txt", &[("depth", "0")], EXCLUSIVE).await;
    assert_eq!(status, StatusCode::OK);
    assert!(token.starts_with("urn:uuid:"), "{token}");
    let doc = roxmltree::Document::parse(&body).expect("well-formed");
    let root = doc.root_element();
    assert!(root.has_tag_name(("DAV:", "prop")));
    let active = root
        .descendants()
        .find(|n| n.has_tag_name(("DAV:", "activelock")))
        .expect("an activelock");
    let child = |local: &str| {
        active
            .children()
            .find(|n| n.has_tag_name(("DAV:", local)))
            .unwrap_or_else(|| panic!("no {local}"))
    };
    assert!(
        child("lockscope")
            .first_element_child()
            .expect("scope")
            .has_tag_name(("DAV:", "exclusive"))
    );
    assert!(
        child("locktype")
            .first_element_child()
            .expect("type")
            .has_tag_name(("DAV:", "write"))
    );
    assert_eq!(child("depth").text(), Some("0"));
    assert_eq!(lock_tokens(&body), [token]);
    assert_eq!(
        texts(&body, "DAV:", "href").last().map(String::as_str),
        Some("/docs/a.txt")
    );
    let person = child("owner")
        .first_element_child()
        .expect("owner's element");
    assert!(person.has_tag_name(("urn:o", "person")));
    assert_eq!(person.attribute(("urn:o", "id")), Some("7"));
    assert_eq!(person.text(), Some("Ada & co"));
}

/// A PUT without the lock's token is 423 with `DAV:lock-token-submitted` naming the lock's
/// root, and changes nothing.
#[tokio::test]
async fn write_without_token_is_423() {
    let (dir, share) = share();
    lock_exclusive(&share, "/docs/a.txt").await;
    let (status, body) = send(&share, "PUT", "/docs/a.txt", &[], "changed").await;
    assert_eq!(status, StatusCode::LOCKED);
    assert_eq!(conditions(&body), ["lock-token-submitted"]);
    assert_eq!(hrefs(&body), ["/docs/a.txt"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("docs/a.txt")).expect("read"),
        "a"
    );
}

/// A PUT that submits the lock's token in the `If` header succeeds.
#[tokio::test]
async fn write_with_token_succeeds() {
    let (_dir, share) = share();
    let token = lock_exclusive(&share, "/docs/a.txt").await;
    let condition = submitting(&token);
    let (status, _) = send(&share, "PUT", "/docs/a.txt", &[("if", &condition)], "b").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

/// DELETE, MOVE, COPY onto, PROPPATCH and MKCOL-like creation without the token are 423.
#[tokio::test]
async fn other_writes_without_token_are_423() {
    let (dir, share) = share();
    std::fs::write(dir.path().join("docs/b.txt"), "b").expect("write");
    lock_exclusive(&share, "/docs/a.txt").await;
    let statuses = [
        send(&share, "DELETE", "/docs/a.txt", &[], "").await.0,
        send(
            &share,
            "MOVE",
            "/docs/a.txt",
            &[("destination", "/moved.txt")],
            "",
        )
        .await
        .0,
        send(
            &share,
            "COPY",
            "/docs/b.txt",
            &[("destination", "/docs/a.txt")],
            "",
        )
        .await
        .0,
        send(&share, "PROPPATCH", "/docs/a.txt", &[], SET_COLOR)
            .await
            .0,
    ];
    assert_eq!(statuses, [StatusCode::LOCKED; 4]);
    assert!(dir.path().join("docs/a.txt").exists());
}

/// A MOVE whose destination is locked needs that lock's token too.
#[tokio::test]
async fn move_onto_locked_destination_is_423() {
    let (dir, share) = share();
    std::fs::write(dir.path().join("b.txt"), "b").expect("write");
    lock_exclusive(&share, "/docs/a.txt").await;
    let (status, body) = send(
        &share,
        "MOVE",
        "/b.txt",
        &[("destination", "/docs/a.txt")],
        "",
    )
    .await;
    assert_eq!(status, StatusCode::LOCKED);
    assert_eq!(hrefs(&body), ["/docs/a.txt"]);
}

/// An `If` header that does not hold is 412, locked or not.
#[tokio::test]
async fn failing_if_is_412() {
    let (dir, share) = share();
    let (status, _) = send(
        &share,
        "PUT",
        "/docs/a.txt",
        &[("if", "(<DAV:no-lock>)")],
        "b",
    )
    .await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("docs/a.txt")).expect("read"),
        "a"
    );
}

/// An entity tag in the `If` header matches the resource's; another one fails (412).
#[tokio::test]
async fn if_entity_tags_are_compared() {
    let (_dir, share) = share();
    let (_, headers, _) = exchange(&share, "HEAD", "/docs/a.txt", &[], "").await;
    let etag = headers["etag"].to_str().expect("text").to_owned();
    let right = format!("([{etag}])");
    // Another length: the entity tag changes even within one tick of the clock.
    let (ok, _) = send(&share, "PUT", "/docs/a.txt", &[("if", &right)], "bb").await;
    let (wrong, _) = send(&share, "PUT", "/docs/a.txt", &[("if", &right)], "c").await;
    assert_eq!(
        (ok, wrong),
        (StatusCode::NO_CONTENT, StatusCode::PRECONDITION_FAILED)
    );
}

/// `Not` reverses a condition, and lists are alternatives: `(<bogus>) (Not <DAV:no-lock>)`
/// holds, but the bogus token is not the lock's, so a locked resource answers 423.
#[tokio::test]
async fn if_lists_are_alternatives_and_not_reverses() {
    let (dir, share) = share();
    std::fs::write(dir.path().join("docs/b.txt"), "b").expect("write");
    lock_exclusive(&share, "/docs/a.txt").await;
    let condition = "(<urn:uuid:bogus>) (Not <DAV:no-lock>)";
    let (free, _) = send(&share, "PUT", "/docs/b.txt", &[("if", condition)], "x").await;
    let (locked, _) = send(&share, "PUT", "/docs/a.txt", &[("if", condition)], "x").await;
    assert_eq!((free, locked), (StatusCode::NO_CONTENT, StatusCode::LOCKED));
}

/// A malformed `If` header is 400.
#[tokio::test]
async fn malformed_if_is_400() {
    let (_dir, share) = share();
    let (status, _) = send(&share, "PUT", "/docs/a.txt", &[("if", "(urn:x)")], "b").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// A tagged list names the resource it is about: the collection's lock token, tagged with
/// the collection's URI, lets a new member be written under a depth-infinity lock.
#[tokio::test]
async fn tagged_list_submits_the_collection_lock() {
    let (_dir, share) = share();
    let (status, token, _) = lock(&share, "/docs/", &[], EXCLUSIVE).await;
    assert_eq!(status, StatusCode::OK);
    let condition = format!("<http://localhost/docs/> (<{token}>)");
    let headers = [("if", condition.as_str()), ("host", "localhost")];
    let (status, _) = send(&share, "PUT", "/docs/new.txt", &headers, "n").await;
    assert_eq!(status, StatusCode::CREATED);
}

/// A depth-infinity lock on a collection covers its members: deleting one needs the token
/// (423 naming the collection), and the member's lockdiscovery shows the collection's lock.
#[tokio::test]
async fn depth_infinity_lock_covers_members() {
    let (_dir, share) = share();
    let (_, token, answer) = lock(&share, "/docs/", &[("depth", "infinity")], EXCLUSIVE).await;
    assert_eq!(texts(&answer, "DAV:", "depth"), ["infinity"]);
    let (status, body) = send(&share, "DELETE", "/docs/a.txt", &[], "").await;
    assert_eq!(status, StatusCode::LOCKED);
    assert_eq!(hrefs(&body), ["/docs/"]);
    assert_eq!(discovered(&share, "/docs/a.txt").await, [token]);
}

/// A depth-0 lock on a collection protects its membership (a new member needs the token)
/// but not its members' content.
#[tokio::test]
async fn depth_zero_collection_lock_protects_membership() {
    let (_dir, share) = share();
    lock(&share, "/docs/", &[("depth", "0")], EXCLUSIVE).await;
    let (created, _) = send(&share, "PUT", "/docs/new.txt", &[], "n").await;
    let (changed, _) = send(&share, "PUT", "/docs/a.txt", &[], "b").await;
    assert_eq!(
        (created, changed),
        (StatusCode::LOCKED, StatusCode::NO_CONTENT)
    );
}

/// Shared locks coexist; an exclusive one then conflicts (423, `DAV:no-conflicting-lock`).
#[tokio::test]
async fn shared_locks_coexist() {
    let (_dir, share) = share();
    let (first, one, _) = lock(&share, "/docs/a.txt", &[("depth", "0")], SHARED).await;
    let (second, two, body) = lock(&share, "/docs/a.txt", &[("depth", "0")], SHARED).await;
    assert_eq!((first, second), (StatusCode::OK, StatusCode::OK));
    let mut reported = lock_tokens(&body);
    reported.sort();
    let mut expected = vec![one, two];
    expected.sort();
    assert_eq!(reported, expected);
    let (status, _, body) = lock(&share, "/docs/a.txt", &[("depth", "0")], EXCLUSIVE).await;
    assert_eq!(status, StatusCode::LOCKED);
    assert_eq!(conditions(&body), ["no-conflicting-lock"]);
}

/// Any one of the shared locks' tokens allows a write.
#[tokio::test]
async fn one_shared_token_is_enough() {
    let (_dir, share) = share();
    let (_, one, _) = lock(&share, "/docs/a.txt", &[("depth", "0")], SHARED).await;
    lock(&share, "/docs/a.txt", &[("depth", "0")], SHARED).await;
    let condition = submitting(&one);
    let (status, _) = send(&share, "PUT", "/docs/a.txt", &[("if", &condition)], "b").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

/// A second exclusive lock is 423; a shared lock under an exclusive depth-infinity lock too.
#[tokio::test]
async fn exclusive_locks_conflict() {
    let (_dir, share) = share();
    lock(&share, "/docs/", &[("depth", "infinity")], EXCLUSIVE).await;
    let (again, _, _) = lock(&share, "/docs/", &[], EXCLUSIVE).await;
    let (member, _, _) = lock(&share, "/docs/a.txt", &[("depth", "0")], SHARED).await;
    assert_eq!((again, member), (StatusCode::LOCKED, StatusCode::LOCKED));
}

/// A LOCK on an unmapped URL creates an empty file (201), locked.
#[tokio::test]
async fn lock_on_unmapped_url_creates_an_empty_file() {
    let (dir, share) = share();
    let (status, token, _) = lock(&share, "/docs/new.txt", &[("depth", "0")], EXCLUSIVE).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        std::fs::read(dir.path().join("docs/new.txt")).expect("created"),
        b""
    );
    assert_eq!(discovered(&share, "/docs/new.txt").await, [token]);
}

/// A LOCK on an unmapped URL whose folder does not exist is 409.
#[tokio::test]
async fn lock_without_parent_is_409() {
    let (_dir, share) = share();
    let (status, _, _) = lock(&share, "/none/new.txt", &[], EXCLUSIVE).await;
    assert_eq!(status, StatusCode::CONFLICT);
}

/// A LOCK with `Depth: 1`, or a body that is not a write lockinfo, is 400.
#[tokio::test]
async fn bad_lock_requests_are_400() {
    let (_dir, share) = share();
    let (depth_one, _, _) = lock(&share, "/docs/", &[("depth", "1")], EXCLUSIVE).await;
    let not_lockinfo = r#"<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>"#;
    let (other_body, _, _) = lock(&share, "/docs/", &[], not_lockinfo).await;
    assert_eq!(
        (depth_one, other_body),
        (StatusCode::BAD_REQUEST, StatusCode::BAD_REQUEST)
    );
}

/// Refreshes the lock `token` through `path`, asking for 1000 seconds.
async fn refresh(share: &Arc<Share>, path: &str, token: &str) -> (StatusCode, String) {
    let condition = submitting(token);
    let headers = [("if", condition.as_str()), ("timeout", "Second-1000")];
    send(share, "LOCK", path, &headers, "").await
}

/// A LOCK without a body refreshes the lock named in the `If` header: the new timeout is
/// reported and the lock outlives its first one.
#[tokio::test]
async fn refresh_extends_the_lock() {
    let (_dir, share) = share();
    let headers = [("depth", "0"), ("timeout", "Second-100")];
    let (_, token, _) = lock(&share, "/docs/a.txt", &headers, EXCLUSIVE).await;
    share.locks.pass(Duration::from_secs(90));
    let (status, body) = refresh(&share, "/docs/a.txt", &token).await;
    assert_eq!(status, StatusCode::OK);
    let timeout = texts(&body, "DAV:", "timeout");
    let seconds: u32 = timeout[0]
        .strip_prefix("Second-")
        .expect("Second-N")
        .parse()
        .expect("N");
    assert!((990..=1000).contains(&seconds), "{seconds}");
    share.locks.pass(Duration::from_secs(20));
    assert_eq!(discovered(&share, "/docs/a.txt").await, [token]);
}

/// A refresh through a member of a depth-infinity lock refreshes the collection's lock.
#[tokio::test]
async fn refresh_through_a_member() {
    let (_dir, share) = share();
    let (_, token, _) = lock(&share, "/docs/", &[("timeout", "Second-100")], EXCLUSIVE).await;
    let (status, body) = refresh(&share, "/docs/a.txt", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(hrefs(&body).last().map(String::as_str), Some("/docs/"));
}

/// A refresh without an `If` header is 400; one naming no lock of the resource is 412.
#[tokio::test]
async fn bad_refreshes_are_refused() {
    let (_dir, share) = share();
    let (no_if, _) = send(&share, "LOCK", "/docs/a.txt", &[], "").await;
    let (unknown, _) = send(
        &share,
        "LOCK",
        "/docs/a.txt",
        &[("if", "(<urn:uuid:none>)")],
        "",
    )
    .await;
    assert_eq!(
        (no_if, unknown),
        (StatusCode::BAD_REQUEST, StatusCode::PRECONDITION_FAILED)
    );
}

/// A lock is gone once its timeout has passed: a write without a token succeeds and
/// lockdiscovery is empty.
#[tokio::test]
async fn lock_expires() {
    let (_dir, share) = share();
    let headers = [("depth", "0"), ("timeout", "Second-60")];
    lock(&share, "/docs/a.txt", &headers, EXCLUSIVE).await;
    share.locks.pass(Duration::from_secs(59));
    let (before, _) = send(&share, "PUT", "/docs/a.txt", &[], "b").await;
    share.locks.pass(Duration::from_secs(2));
    let (after, _) = send(&share, "PUT", "/docs/a.txt", &[], "c").await;
    assert_eq!(
        (before, after),
        (StatusCode::LOCKED, StatusCode::NO_CONTENT)
    );
    assert!(discovered(&share, "/docs/a.txt").await.is_empty());
}

/// `Timeout: Infinite` is granted as the cap, a day.
#[tokio::test]
async fn timeout_is_capped() {
    let (_dir, share) = share();
    let headers = [("depth", "0"), ("timeout", "Infinite, Second-4100000000")];
    let (_, _, body) = lock(&share, "/docs/a.txt", &headers, EXCLUSIVE).await;
    assert_eq!(texts(&body, "DAV:", "timeout"), ["Second-86400"]);
}

/// UNLOCK with the token is 204 and the resource is writable again.
#[tokio::test]
async fn unlock_removes_the_lock() {
    let (_dir, share) = share();
    let token = lock_exclusive(&share, "/docs/a.txt").await;
    let lock_token = format!("<{token}>");
    let (status, _) = send(
        &share,
        "UNLOCK",
        "/docs/a.txt",
        &[("lock-token", &lock_token)],
        "",
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = send(&share, "PUT", "/docs/a.txt", &[], "b").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

/// UNLOCK without a `Lock-Token` is 400; with a token of no lock on the resource, 409 with
/// `DAV:lock-token-matches-request-uri`.
#[tokio::test]
async fn bad_unlocks_are_refused() {
    let (dir, share) = share();
    std::fs::write(dir.path().join("docs/b.txt"), "b").expect("write");
    let token = lock_exclusive(&share, "/docs/a.txt").await;
    let (missing, _) = send(&share, "UNLOCK", "/docs/a.txt", &[], "").await;
    let elsewhere = format!("<{token}>");
    let (other, body) = send(
        &share,
        "UNLOCK",
        "/docs/b.txt",
        &[("lock-token", &elsewhere)],
        "",
    )
    .await;
    assert_eq!(
        (missing, other),
        (StatusCode::BAD_REQUEST, StatusCode::CONFLICT)
    );
    assert_eq!(conditions(&body), ["lock-token-matches-request-uri"]);
}

/// PROPFIND allprop reports lockdiscovery (the active lock) and supportedlock (exclusive and
/// shared write locks).
#[tokio::test]
async fn propfind_reports_lock_properties() {
    let (_dir, share) = share();
    let token = lock_exclusive(&share, "/docs/a.txt").await;
    let (_, body) = send(&share, "PROPFIND", "/docs/", &[("depth", "1")], "").await;
    assert_eq!(lock_tokens(&body), [token]);
    let doc = roxmltree::Document::parse(&body).expect("well-formed");
    let entries: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name(("DAV:", "supportedlock")))
        .map(|n| {
            n.children()
                .filter(|c| c.has_tag_name(("DAV:", "lockentry")))
                .count()
        })
        .collect();
    assert_eq!(entries, [2, 2]);
}

/// A DELETE with the token removes the lock with the resource: a new file at the path is
/// not locked.
#[tokio::test]
async fn delete_removes_the_lock() {
    let (_dir, share) = share();
    let token = lock_exclusive(&share, "/docs/a.txt").await;
    let condition = submitting(&token);
    let (deleted, _) = send(&share, "DELETE", "/docs/a.txt", &[("if", &condition)], "").await;
    let (created, _) = send(&share, "PUT", "/docs/a.txt", &[], "new").await;
    assert_eq!(
        (deleted, created),
        (StatusCode::NO_CONTENT, StatusCode::CREATED)
    );
}

/// A MOVE with the token leaves the lock behind: the moved resource and the old path are
/// unlocked.
#[tokio::test]
async fn move_drops_the_lock() {
    let (_dir, share) = share();
    let token = lock_exclusive(&share, "/docs/a.txt").await;
    let condition = submitting(&token);
    let headers = [("if", condition.as_str()), ("destination", "/moved.txt")];
    let (moved, _) = send(&share, "MOVE", "/docs/a.txt", &headers, "").await;
    assert!(discovered(&share, "/moved.txt").await.is_empty());
    let (recreated, _) = send(&share, "PUT", "/docs/a.txt", &[], "new").await;
    assert_eq!(
        (moved, recreated),
        (StatusCode::CREATED, StatusCode::CREATED)
    );
}

/// A COPY of a locked resource (no token needed) does not copy the lock.
#[tokio::test]
async fn copy_does_not_copy_the_lock() {
    let (_dir, share) = share();
    lock_exclusive(&share, "/docs/a.txt").await;
    let (copied, _) = send(
        &share,
        "COPY",
        "/docs/a.txt",
        &[("destination", "/copy.txt")],
        "",
    )
    .await;
    assert_eq!(copied, StatusCode::CREATED);
    assert!(discovered(&share, "/copy.txt").await.is_empty());
}

/// A LOCK waits for a write under way (the lock check let it through) and is granted once
/// it is done; the write's content is whole; a write that comes after the LOCK without its
/// token is refused.
#[tokio::test]
async fn lock_waits_for_a_write_under_way() {
    let (dir, share) = share();
    let (mut sender, body) = http_body_util::Channel::<axum::body::Bytes>::new(1);
    let put = Request::builder()
        .method("PUT")
        .uri("/docs/a.txt")
        .body(Body::new(body))
        .expect("request");
    let put = tokio::spawn(crate::app(Arc::clone(&share)).oneshot(put));
    // The second chunk goes only once the handler has taken the first: the PUT is under way.
    for chunk in ["one ", "two "] {
        sender.send_data(chunk.into()).await.expect("the PUT reads");
    }
    let locking = tokio::spawn({
        let share = Arc::clone(&share);
        async move { lock(&share, "/docs/a.txt", &[("depth", "0")], EXCLUSIVE).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(!locking.is_finished(), "the LOCK waits for the PUT");
    sender
        .send_data("three".into())
        .await
        .expect("the PUT reads");
    drop(sender);
    let put = put.await.expect("task").expect("infallible");
    assert_eq!(put.status(), StatusCode::NO_CONTENT);
    let (status, token, _) = locking.await.expect("task");
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("docs/a.txt")).expect("read"),
        "one two three"
    );
    let (status, _) = send(&share, "PUT", "/docs/a.txt", &[], "late").await;
    assert_eq!(status, StatusCode::LOCKED);
    let (status, _) = send(
        &share,
        "PUT",
        "/docs/a.txt",
        &[("if", &submitting(&token))],
        "late",
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}
