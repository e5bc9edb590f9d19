//! Hostile 207 bodies: what a client reading a server it does not trust meets. Every body
//! is read from a slice and from streams (`support::read_all`), which must agree; nothing
//! panics, every refusal is a typed error with a position.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod support;

use multistatus::client::{MultistatusReader, ParseLimits, ParsedResponse};
use multistatus::reader::{ReadError, ReadErrorKind};
use multistatus::values::NoProperties;
use multistatus::{PropertySet, Status};
use support::{Trickle, read_all, read_all_with};

#[derive(PropertySet, Debug, PartialEq)]
struct Props {
    displayname: Option<String>,
    getcontentlength: Option<u64>,
}

type Item = Result<ParsedResponse<Props>, ReadError>;

/// The error the body ends with.
fn last_error(items: &[Item]) -> &ReadError {
    match items.last() {
        Some(Err(e)) => e,
        other => panic!("no error at the end: {other:?}"),
    }
}

fn response(i: usize) -> String {
    format!(
        "<D:response><D:href>/r{i}</D:href><D:propstat><D:prop><D:displayname>R{i}</D:displayname></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"
    )
}

fn body_of(responses: &str) -> String {
    format!("<D:multistatus xmlns:D=\"DAV:\">{responses}</D:multistatus>")
}

/// A DOCTYPE is refused, entity declarations and all (billion laughs, external entities).
#[test]
fn doctype_is_refused() {
    for body in [
        r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><D:multistatus xmlns:D="DAV:">&lol2;</D:multistatus>"#,
        r#"<!DOCTYPE x SYSTEM "file:///etc/passwd"><D:multistatus xmlns:D="DAV:"/>"#,
    ] {
        let items = read_all::<Props>(body.as_bytes());
        assert_eq!(last_error(&items).kind(), &ReadErrorKind::Doctype);
    }
    let items = read_all::<Props>(br#"<D:multistatus xmlns:D="DAV:">&ext;</D:multistatus>"#);
    assert!(matches!(
        last_error(&items).kind(),
        ReadErrorKind::UndefinedEntity { .. }
    ));
}

/// Nesting deeper than the limit is refused where it goes too deep, also inside a value.
#[test]
fn deep_nesting_is_refused() {
    let depth = 100_000;
    let body = body_of(&format!(
        "<D:response><D:href>/</D:href><D:propstat><D:prop><D:displayname>{}{}</D:displayname></D:prop></D:propstat></D:response>",
        "<x>".repeat(depth),
        "</x>".repeat(depth)
    ));
    let items = read_all::<Props>(body.as_bytes());
    let e = last_error(&items);
    assert_eq!(e.kind(), &ReadErrorKind::TooDeep { max_depth: 64 });
    assert_eq!(e.http_status(), Status::CONTENT_TOO_LARGE);
}

/// An element with a huge number of attributes is refused at the first one past the limit.
#[test]
fn attribute_count_is_bounded() {
    let attributes: String = (0..100_000).map(|i| format!(" a{i}=\"{i}\"")).collect();
    let body = body_of(&format!(
        "<D:response{attributes}><D:href>/</D:href></D:response>"
    ));
    let items = read_all::<Props>(body.as_bytes());
    let e = last_error(&items);
    assert_eq!(
        e.kind(),
        &ReadErrorKind::TooManyAttributes {
            max_attributes: 128
        }
    );
    assert_eq!(Some(e.position()), body.find(" a128=").map(|i| i + 1));
}

/// A response larger than its limit is refused, for a slice and a stream alike; smaller
/// ones before it read.
#[test]
fn response_size_is_bounded() {
    let big = format!(
        "<D:response><D:href>/big</D:href><D:propstat><D:prop><D:displayname>{}</D:displayname></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>",
        "x".repeat(5_000)
    );
    let body = body_of(&format!("{}{big}{}", response(0), response(1)));
    let limits = ParseLimits {
        max_response_bytes: 4_096,
        ..ParseLimits::default()
    };
    let items = read_all_with::<Props>(body.as_bytes(), &limits);
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    let e = last_error(&items);
    assert_eq!(
        e.kind(),
        &ReadErrorKind::ResponseTooLarge {
            max_response_bytes: 4_096
        }
    );
    assert_eq!(
        Some(e.position()),
        body.find("<D:response><D:href>/big").map(|at| at + 4_096)
    );
    // Many small responses, however many, are fine.
    let many: String = (0..2_000).map(response).collect();
    assert_eq!(
        read_all_with::<Props>(body_of(&many).as_bytes(), &limits).len(),
        2_000
    );
}

/// The elements of each response are counted from zero: many responses read, one too
/// large is refused.
#[test]
fn elements_are_bounded_per_response() {
    let limits = ParseLimits {
        max_response_elements: 20,
        ..ParseLimits::default()
    };
    let many: String = (0..100).map(response).collect();
    assert_eq!(
        read_all_with::<Props>(body_of(&many).as_bytes(), &limits).len(),
        100
    );
    let crowded = body_of(&format!(
        "<D:response><D:href>/</D:href><D:propstat><D:prop><D:displayname>{}</D:displayname></D:prop></D:propstat></D:response>",
        "<x/>".repeat(30)
    ));
    let items = read_all_with::<Props>(crowded.as_bytes(), &limits);
    assert_eq!(
        last_error(&items).kind(),
        &ReadErrorKind::TooManyElements { max_elements: 20 }
    );
}

/// A name longer than the limit is refused.
#[test]
fn name_length_is_bounded() {
    let name = "n".repeat(2_000);
    let body = body_of(&format!(
        "<D:response><D:href>/</D:href><{name}/></D:response>"
    ));
    let items = read_all::<Props>(body.as_bytes());
    assert_eq!(
        last_error(&items).kind(),
        &ReadErrorKind::NameTooLong { max_name_len: 1024 }
    );
}

/// Unknown properties declare the bindings in scope: many long namespaces over many
/// properties are bounded by the tree budget, though the body is small.
#[test]
fn declaration_amplification_is_bounded() {
    let namespace = format!("urn:{}", "n".repeat(1_000));
    let declarations: String = (0..100)
        .map(|i| format!(" xmlns:n{i}=\"{namespace}{i}\""))
        .collect();
    let properties = "<n0:p/>".repeat(1_000);
    let body = format!(
        "<D:multistatus xmlns:D=\"DAV:\"{declarations}><D:response><D:href>/</D:href><D:propstat><D:prop>{properties}</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>"
    );
    assert!(body.len() < 200_000);
    let limits = ParseLimits {
        max_tree_bytes: 10 << 20,
        ..ParseLimits::default()
    };
    let items = read_all_with::<Props>(body.as_bytes(), &limits);
    assert!(matches!(
        last_error(&items).kind(),
        ReadErrorKind::TreeTooLarge { .. }
    ));
}

/// A bound on the whole body, when asked for.
#[test]
fn body_size_bound() {
    let many: String = (0..10).map(response).collect();
    let body = body_of(&many);
    let limits = ParseLimits {
        max_bytes: 1_000,
        ..ParseLimits::default()
    };
    let items = read_all_with::<Props>(body.as_bytes(), &limits);
    assert_eq!(
        last_error(&items).kind(),
        &ReadErrorKind::TooLarge { max_bytes: 1_000 }
    );
    assert!(items.len() > 1, "the responses before it read");
}

/// Invalid UTF-8 and characters XML cannot carry are refused where they are, in a stream
/// whose reads end in the middle of characters too.
#[test]
fn bad_characters_are_refused_where_they_are() {
    let head = "<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/é</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response><D:response><D:href>/a";
    for (bad, kind) in [
        (&b"\xC0\xAF"[..], ReadErrorKind::InvalidUtf8),
        (b"\xED\xA0\x80", ReadErrorKind::InvalidUtf8),
        (b"\x01", ReadErrorKind::IllegalChar { found: '\u{1}' }),
        (
            b"\xEF\xBF\xBF",
            ReadErrorKind::IllegalChar { found: '\u{FFFF}' },
        ),
    ] {
        let mut body = head.as_bytes().to_vec();
        body.extend_from_slice(bad);
        body.extend_from_slice(b"</D:href></D:response></D:multistatus>");
        let e = MultistatusReader::<Props, _>::from_slice(&body)
            .find_map(Result::err)
            .unwrap();
        assert_eq!(e.kind(), &kind);
        assert_eq!(e.position(), head.len());
        for chunk in [1, 2, 3] {
            let e = MultistatusReader::<Props, _>::new(Trickle {
                bytes: &body,
                chunk,
            })
            .find_map(Result::err)
            .unwrap();
            assert_eq!(
                (e.kind(), e.position()),
                (&kind, head.len()),
                "chunks of {chunk}"
            );
        }
    }
}

/// Text before the root that an encoding fault cuts short: the fault is reported (where
/// the text would go on), not the text, from a slice as from a stream (found by fuzzing).
#[test]
fn text_cut_by_a_fault_reports_the_fault() {
    let head = "<?xml version=\"1.0\"?>ab";
    let mut body = head.as_bytes().to_vec();
    body.extend_from_slice(b"\xDE\xDE<D:multistatus xmlns:D=\"DAV:\"/>");
    let items = read_all::<Props>(&body);
    let e = last_error(&items);
    assert_eq!(
        (e.kind(), e.position()),
        (&ReadErrorKind::InvalidUtf8, head.len())
    );
}

/// Markup quick-xml refuses without reading on (`<!/`, `<?>`, an end tag that closes
/// nothing), just before an encoding fault: the slice and the streams report the same
/// error at the same place (`read_all` checks; found by fuzzing).
#[test]
fn markup_just_before_a_fault_agrees() {
    for head in [&b"<!/"[..], b"<?>\n<D:a>", b"</D:href>"] {
        let mut body = head.to_vec();
        body.extend_from_slice(b"\xFF<D:multistatus xmlns:D=\"DAV:\"/>");
        let items = read_all::<Props>(&body);
        assert!(last_error(&items).position() <= head.len(), "{items:?}");
    }
}

/// A DTD is refused at its start even when an encoding fault follows: quick-xml reads
/// `<!D…` to what it takes for its end, how far depending on where its reads end, so the
/// fault was reported from a slice and the DTD from a stream of 2-byte reads (found by
/// fuzzing). Every read size agrees.
#[test]
fn doctype_before_a_fault_is_the_error() {
    let mut body =
        br#"<!D-=-<![CDATA<!--<xx-7-E->  E    ]]  xmlns:C="urn:ietf:params:xml:ns:carddav">
  <D:response>
    <D:href>/home/ber!!!!!!!!!!/>en""#
            .to_vec();
    body.extend_from_slice(b"\xC2p");
    let from_slice: Vec<Item> = MultistatusReader::from_slice(&body).collect();
    let e = last_error(&from_slice);
    assert_eq!((e.kind(), e.position()), (&ReadErrorKind::Doctype, 0));
    for chunk in 1..=16 {
        let streamed: Vec<Item> = MultistatusReader::new(Trickle {
            bytes: &body,
            chunk,
        })
        .collect();
        assert_eq!(streamed, from_slice, "reads of {chunk} bytes");
    }
}

/// A small body cut at every byte offset: a typed error or a complete read, never a
/// panic; slices and streams agree (`read_all`).
#[test]
fn truncated_at_every_offset() {
    let body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:multistatus xmlns:D=\"DAV:\" xmlns:é=\"urn:é\">\
        <D:response><D:href>/a%20b</D:href><D:propstat><D:prop><D:displayname>Ünï &amp; <![CDATA[x]]></D:displayname>\
        <é:x>1</é:x><D:getcontentlength>12</D:getcontentlength></D:prop><D:status>HTTP/1.1 200 OK</D:status>\
        </D:propstat></D:response><D:sync-token>t</D:sync-token></D:multistatus>";
    let utf16: Vec<u8> = std::iter::once(0xFEFF)
        .chain(body.replace("utf-8", "UTF-16").encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect();
    for bytes in [body.as_bytes(), &utf16] {
        for cut in 0..bytes.len() {
            let items = read_all::<Props>(&bytes[..cut]);
            for item in &items {
                if let Err(e) = item {
                    assert!(e.line() >= 1 && e.column() >= 1, "{e}");
                    assert!(e.position() <= cut, "cut at {cut}: {e}");
                }
            }
            assert!(
                items.last().is_some_and(Result::is_err),
                "cut at {cut}: a truncated body ends with an error"
            );
        }
        let items = read_all::<Props>(bytes);
        assert!(items.iter().all(Result::is_ok));
    }
}

/// A tiny xorshift generator, so the test needs no dependency and repeats exactly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n).unwrap()).unwrap()
    }
}

/// Random mutations of a valid body (bytes replaced, inserted, removed, markup spliced in)
/// never panic; slices and streams read them alike.
#[test]
fn random_mutations_never_panic() {
    let seed = body_of(&format!(
        "<D:sync-token>t</D:sync-token>{}<D:response xmlns:Z=\"urn:z\" xml:lang=\"en\"><D:href>/a</D:href><D:propstat><D:prop><Z:x a=\"1\">&#13;<Z:y/></Z:x><D:getcontentlength/></D:prop><D:status>HTTP/1.1 404 Nope</D:status><D:error><D:e/></D:error></D:propstat><D:responsedescription>d</D:responsedescription></D:response>",
        response(0)
    ));
    let pieces: [&[u8]; 8] = [
        b"<",
        b">",
        b"</D:prop>",
        b"&amp;",
        b"<![CDATA[",
        b"xmlns:D=\"\"",
        b"\xFF",
        b"<D:response>",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..2_000 {
        let mut body = seed.clone().into_bytes();
        for _ in 0..=rng.below(4) {
            let at = rng.below(body.len() + 1);
            match rng.below(4) {
                0 if at < body.len() => body[at] = u8::try_from(rng.below(256)).unwrap(),
                1 => body.insert(at, b"<>&\"'/= x"[rng.below(9)]),
                2 if at < body.len() => {
                    body.remove(at);
                }
                _ => {
                    let piece = pieces[rng.below(pieces.len())];
                    body.splice(at..at, piece.iter().copied());
                }
            }
        }
        let _ = read_all::<Props>(&body);
        let _ = read_all::<NoProperties>(&body);
    }
}
