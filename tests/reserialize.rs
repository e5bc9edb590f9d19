//! `examples/reserialize.rs`: every RFC example body and every fixture of a real server,
//! written back, is the same document namespace-aware (compared with roxmltree), and the
//! properties it names as kept raw are those that roxmltree finds outside the set.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod support;

#[allow(dead_code, reason = "the example's `main` is not called here")]
#[path = "../examples/reserialize.rs"]
mod reserialize;

use std::io::BufReader;

use multistatus::PropertyName;

/// What the example writes on stdout and stderr for `body`, read through a small buffer.
fn reserialized(body: &[u8]) -> (String, Vec<String>) {
    let (mut out, mut log) = (Vec::new(), Vec::new());
    reserialize::run(BufReader::with_capacity(16, body), &mut out, &mut log).unwrap();
    let log = String::from_utf8(log).unwrap();
    (
        String::from_utf8(out).unwrap(),
        log.lines().map(str::to_owned).collect(),
    )
}

/// Reading the `sync-collection` fixture, whose token comes first, gives it back last.
#[test]
fn sync_token_is_written_last() {
    let body = std::str::from_utf8(support::fixture("sync-collection.xml")).unwrap();
    let (out, _) = reserialized(body.as_bytes());
    assert!(body.find("<d:sync-token>") < body.find("<d:response>"));
    assert!(out.find("<D:sync-token>") > out.rfind("</D:response>"));
}

/// `raw {namespace}local-name` for every property of `body` the set does not know, in
/// document order, found by roxmltree (the names matched by the set's typed-name enum).
fn expected_raw(body: &str) -> Vec<String> {
    let doc = support::parse_ok(body);
    support::elements(&doc, "DAV:", "prop")
        .iter()
        .flat_map(|prop| prop.children().filter(|c| c.is_element()))
        .filter(|p| {
            let ns = p.tag_name().namespace().unwrap_or("");
            reserialize::LiveName::from_name(ns, p.tag_name().name()).is_none()
        })
        .map(
            |p| match p.tag_name().namespace().filter(|ns| !ns.is_empty()) {
                Some(ns) => format!("raw {{{ns}}}{}", p.tag_name().name()),
                None => format!("raw {}", p.tag_name().name()),
            },
        )
        .collect()
}

/// `body` with its `DAV:sync-token` where RFC 6578 §6.2 puts it and the writer writes it:
/// last in the root (some servers send it before the responses).
fn token_last(body: &str) -> String {
    let doc = support::parse_ok(body);
    let Some(token) = support::elements(&doc, "DAV:", "sync-token")
        .first()
        .copied()
    else {
        return body.to_owned();
    };
    let root_end = body.rfind("</").unwrap();
    let range = token.range();
    [
        &body[..range.start],
        &body[range.end..root_end],
        &body[range.clone()],
        &body[root_end..],
    ]
    .concat()
}

/// Writes `body` back and checks it against the original (its sync-token last) and its raw
/// properties.
fn check(file: &str, body: &str, raw: &[String]) {
    let (out, log) = reserialized(body.as_bytes());
    if let Err(diff) = support::xml_diff(&out, &token_last(body)) {
        panic!("{file}: {diff}\n--- written back ---\n{out}");
    }
    assert_eq!(log, raw, "{file}");
}

/// Every RFC example body is written back unchanged, its other properties named raw.
#[test]
fn rfc_examples_are_written_back() {
    for (file, body) in support::RFC_EXAMPLES {
        check(file, body, &expected_raw(body));
    }
}

/// Every fixture of a real server is written back unchanged (raw CR LF read as LF, as
/// roxmltree reads the original; the sync-token last), its other properties named raw.
#[test]
fn fixtures_are_written_back() {
    for (file, bytes) in support::FIXTURES {
        let body = std::str::from_utf8(bytes).unwrap();
        check(file, body, &expected_raw(body));
    }
}

/// A known property whose value does not parse, or reported a second time, is named raw
/// (with why) and written back as received.
#[test]
fn invalid_and_repeated_values_are_written_back() {
    let body = r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>/a</D:href>
        <D:propstat><D:prop><D:getcontentlength>many</D:getcontentlength>
        <D:getetag>"1"</D:getetag><D:getetag>"2"</D:getetag></D:prop>
        <D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>"#;
    let at = body.find("<D:getcontentlength>").unwrap();
    check(
        "inline",
        body,
        &[
            format!(
                "raw {{DAV:}}getcontentlength (invalid value: expected an integer, found \"many\" (at byte {at}))"
            ),
            "raw {DAV:}getetag (reported again)".to_owned(),
        ],
    );
}

/// The raw lines of a fixture, spelled out: a property in no namespace and one in another.
#[test]
fn raw_lines_name_each_property() {
    let (_, log) = reserialized(support::fixture("default-namespace.xml"));
    assert_eq!(
        log,
        [
            "raw {http://ns.example.com/boxschema/}bigbox",
            "raw {http://ns.example.com/boxschema/}author",
            "raw flag",
            "raw {http://ns.example.com/boxschema/}author",
        ]
    );
}

/// A body it cannot read is an error saying where; what was read before is written.
#[test]
fn unreadable_body_is_an_error_with_its_position() {
    let body = b"<D:multistatus xmlns:D=\"DAV:\">\n<D:response><D:href>/a</D:href>\
                 <D:status>HTTP/1.1 200 OK</D:status></D:response>\n<D:response><D:href>/b</D:hre>";
    let (mut out, mut log) = (Vec::new(), Vec::new());
    let err = reserialize::run(&body[..], &mut out, &mut log).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the body cannot be read: mismatched end tag: expected `</D:href>`, found `</D:hre>` \
         (at byte 134, line 3, column 23)"
    );
    assert!(log.is_empty());
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.is_empty(),
        "nothing is written before 32 KiB or the end: {out}"
    );
}
