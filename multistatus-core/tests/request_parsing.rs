//! Request parsing: the hardened reader, PROPFIND and PROPPATCH bodies (RFC 4918 examples
//! included), and the Depth, Prefer and Brief headers.

use std::fmt::Debug;

use multistatus_core::name::{DAV, Name, XML};
use multistatus_core::reader::{self, Limits, ReadError, ReadErrorKind};
use multistatus_core::request::{
    Depth, DepthRefused, Instruction, PropertyUpdate, Propfind, return_minimal,
};
use multistatus_core::{Element, Node, Status};
use proptest::prelude::*;

/// A request body printed in an RFC, from `tests/requests/` (the facade's RFC tests read the
/// same files).
macro_rules! request {
    ($file:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/requests/",
            $file
        ))
    };
}

const BOX: &str = "http://ns.example.com/boxschema/";
const Z3950: &str = "http://ns.example.com/standards/z39.50/";

#[allow(clippy::panic, reason = "test helper: reports the unexpected error")]
fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    match result {
        Ok(v) => v,
        Err(e) => panic!("unexpected error: {e}"),
    }
}

#[allow(clippy::panic, reason = "test helper: reports the unexpected success")]
fn err<T: Debug>(result: Result<T, ReadError>) -> ReadError {
    match result {
        Ok(v) => panic!("unexpectedly parsed: {v:?}"),
        Err(e) => e,
    }
}

fn name(namespace: &'static str, local: &'static str) -> Name<'static> {
    Name::new_const(namespace, local)
}

/// Asserts the message says what and where.
fn says(e: &ReadError, what: &str) {
    let message = e.to_string();
    assert!(
        message.contains(what),
        "{message:?} should mention {what:?}"
    );
    assert!(
        message.contains(&format!("at byte {}", e.position())),
        "{message:?} should say where"
    );
}

fn propfind_err(body: &[u8]) -> ReadError {
    err(Propfind::parse(body))
}

fn update_err(body: &[u8]) -> ReadError {
    err(PropertyUpdate::parse(body))
}

fn update(body: &[u8]) -> Vec<Instruction> {
    ok(PropertyUpdate::parse(body)).instructions
}

/// The one `Set` instruction of a body.
fn set_element(body: &[u8]) -> Element {
    let mut instructions = update(body);
    assert_eq!(instructions.len(), 1, "{instructions:?}");
    match instructions.pop() {
        Some(Instruction::Set(e)) => e.into_parts().0,
        other => {
            assert!(matches!(other, Some(Instruction::Set(_))), "{other:?}");
            Element::new(name(DAV, "unreachable"))
        }
    }
}

// ---------------------------------------------------------------------------------------
// Hardening: one test per case.

#[test]
fn doctype_is_refused() {
    let e = propfind_err(
        br#"<?xml version="1.0"?>
<!DOCTYPE propfind>
<propfind xmlns="DAV:"><allprop/></propfind>"#,
    );
    assert_eq!(e.kind(), &ReadErrorKind::Doctype);
    assert_eq!((e.position(), e.line(), e.column()), (22, 2, 1));
    assert_eq!(e.http_status(), Status::BAD_REQUEST);
    says(&e, "DOCTYPE is not allowed");
}

#[test]
fn external_entity_is_refused() {
    let e = update_err(
        br#"<?xml version="1.0"?>
<!DOCTYPE propertyupdate [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<propertyupdate xmlns="DAV:"><set><prop><x xmlns="urn:x">&xxe;</x></prop></set></propertyupdate>"#,
    );
    assert_eq!(e.kind(), &ReadErrorKind::Doctype);
    says(&e, "external entities are refused");
}

#[test]
fn billion_laughs_is_refused() {
    let e = update_err(
        br#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<propertyupdate xmlns="DAV:"><set><prop><lolz xmlns="urn:x">&lol9;</lolz></prop></set></propertyupdate>"#,
    );
    assert_eq!(e.kind(), &ReadErrorKind::Doctype);
    says(&e, "entity declarations");
}

#[test]
fn custom_entity_is_refused() {
    let e = update_err(
        br#"<propertyupdate xmlns="DAV:"><set><prop><x xmlns="urn:x">&custom;</x></prop></set></propertyupdate>"#,
    );
    assert_eq!(
        e.kind(),
        &ReadErrorKind::UndefinedEntity {
            name: "custom".into()
        }
    );
    assert_eq!(e.position(), 57);
    says(&e, "undefined entity `&custom;`");

    let e = update_err(
        br#"<propertyupdate xmlns="DAV:"><set><prop><x xmlns="urn:x" a="&nbsp;"/></prop></set></propertyupdate>"#,
    );
    assert!(matches!(e.kind(), ReadErrorKind::UndefinedEntity { name } if name == "nbsp"));
}

#[test]
fn invalid_utf8_is_refused() {
    let e = propfind_err(
        b"<propfind xmlns=\"DAV:\"><prop><x xmlns=\"urn:x\">caf\xE9</x></prop></propfind>",
    );
    assert_eq!(e.kind(), &ReadErrorKind::InvalidUtf8);
    assert_eq!(e.position(), 49);
    says(&e, "not valid UTF-8");
}

#[test]
fn mismatched_tags_are_refused() {
    let e = propfind_err(b"<D:propfind xmlns:D=\"DAV:\">\n  <D:prop><D:getetag/></D:propfind>");
    assert!(matches!(
        e.kind(),
        ReadErrorKind::MismatchedEndTag { expected, found } if expected == "D:prop" && found == "D:propfind"
    ));
    assert_eq!(e.line(), 2);
    says(
        &e,
        "mismatched end tag: expected `</D:prop>`, found `</D:propfind>`",
    );
}

#[test]
fn unclosed_tag_is_refused() {
    let e = propfind_err(b"<D:propfind xmlns:D=\"DAV:\"><D:allprop/>");
    assert!(
        matches!(e.kind(), ReadErrorKind::UnclosedElement { name } if name == "{DAV:}propfind")
    );
    assert_eq!(e.position(), 39);
    says(&e, "unclosed element");

    let e = propfind_err(b"<D:propfind xmlns:D=\"DAV:\"><D:allprop");
    assert!(matches!(e.kind(), ReadErrorKind::Malformed { .. }));
    says(&e, "tag not closed");
}

#[test]
fn unbound_prefix_is_refused() {
    let e = propfind_err(b"<D:propfind xmlns:D=\"DAV:\"><D:prop><Z:author/></D:prop></D:propfind>");
    assert_eq!(
        e.kind(),
        &ReadErrorKind::UnboundPrefix { prefix: "Z".into() }
    );
    assert_eq!(e.position(), 35);
    says(&e, "prefix `Z` is not declared");

    // On an attribute too.
    let e = propfind_err(b"<propfind xmlns=\"DAV:\" Z:x=\"1\"><allprop/></propfind>");
    assert_eq!(
        e.kind(),
        &ReadErrorKind::UnboundPrefix { prefix: "Z".into() }
    );
}

#[test]
fn empty_prefixed_namespace_is_refused() {
    let e = propfind_err(
        b"<D:propfind xmlns:D=\"DAV:\"><D:prop><D:x xmlns:Z=\"\"/></D:prop></D:propfind>",
    );
    assert_eq!(
        e.kind(),
        &ReadErrorKind::EmptyPrefixedNamespace { prefix: "Z".into() }
    );
    says(&e, "`xmlns:Z=\"\"` is not allowed");
}

#[test]
fn wrong_root_is_refused() {
    let e = propfind_err(b"<D:propertyupdate xmlns:D=\"DAV:\"><D:set/></D:propertyupdate>");
    assert_eq!(
        e.kind(),
        &ReadErrorKind::UnexpectedRoot {
            expected: name(DAV, "propfind"),
            found: name(DAV, "propertyupdate"),
        }
    );
    assert_eq!(e.http_status(), Status::BAD_REQUEST);
    says(
        &e,
        "the root element is {DAV:}propertyupdate, expected {DAV:}propfind",
    );

    // Same local name, other namespace.
    let e = update_err(b"<propertyupdate xmlns=\"urn:not-dav\"/>");
    assert!(
        matches!(e.kind(), ReadErrorKind::UnexpectedRoot { found, .. } if found.is("urn:not-dav", "propertyupdate"))
    );
}

#[test]
fn depth_limit_is_enforced() {
    let depth = Limits::default().max_depth;
    let value = format!("{}{}", "<x>".repeat(depth), "</x>".repeat(depth));
    let body =
        format!("<propertyupdate xmlns=\"DAV:\"><set><prop>{value}</prop></set></propertyupdate>");
    let e = update_err(body.as_bytes());
    assert_eq!(e.kind(), &ReadErrorKind::TooDeep { max_depth: 64 });
    // A limit, like the others: 413.
    assert_eq!(e.http_status(), Status::CONTENT_TOO_LARGE);
    says(&e, "nested deeper than the limit of 64");

    let limits = Limits {
        max_depth: 1000,
        ..Limits::default()
    };
    assert!(PropertyUpdate::parse_with(body.as_bytes(), &limits).is_ok());
}

#[test]
fn size_limit_maps_to_413() {
    let max = Limits::default().max_bytes;
    let padding = " ".repeat(max);
    let body = format!("<propfind xmlns=\"DAV:\"><allprop/></propfind>{padding}");
    let e = propfind_err(body.as_bytes());
    assert_eq!(e.kind(), &ReadErrorKind::TooLarge { max_bytes: max });
    assert_eq!(e.http_status(), Status::CONTENT_TOO_LARGE);
    says(&e, "larger than the limit of 1048576 bytes");

    // Even a body of whitespace, which would mean allprop, is refused when too large.
    let e = propfind_err(format!("{padding} ").as_bytes());
    assert!(Propfind::parse(padding.as_bytes()).is_ok());
    assert_eq!(e.http_status(), Status::CONTENT_TOO_LARGE);

    let small = Limits {
        max_bytes: 10,
        ..Limits::default()
    };
    let e = err(PropertyUpdate::parse_with(body.as_bytes(), &small));
    assert_eq!(e.kind(), &ReadErrorKind::TooLarge { max_bytes: 10 });
}

#[test]
fn trailing_garbage_is_refused() {
    let e = propfind_err(b"<propfind xmlns=\"DAV:\"><allprop/></propfind>\ngarbage");
    assert_eq!(e.kind(), &ReadErrorKind::ContentOutsideRoot);
    assert_eq!((e.line(), e.column()), (2, 1));
    says(&e, "outside the root element");

    let e =
        propfind_err(b"<propfind xmlns=\"DAV:\"><allprop/></propfind><propfind xmlns=\"DAV:\"/>");
    assert_eq!(e.kind(), &ReadErrorKind::MultipleRoots);
    says(&e, "second root element");

    let e = propfind_err(b"text<propfind xmlns=\"DAV:\"><allprop/></propfind>");
    assert_eq!(e.kind(), &ReadErrorKind::ContentOutsideRoot);

    // Comments, processing instructions and whitespace around the root are fine.
    let p = Propfind::parse(b"<?xml version=\"1.0\"?>\n<!-- c -->\n<propfind xmlns=\"DAV:\"><allprop/></propfind>\n<?pi x?>\n<!-- d -->\n");
    assert_eq!(ok(p), Propfind::AllProp { include: vec![] });
}

#[test]
fn illegal_characters_are_refused() {
    let e = update_err(b"<propertyupdate xmlns=\"DAV:\"><set><prop><x xmlns=\"urn:x\">&#1;</x></prop></set></propertyupdate>");
    assert_eq!(e.kind(), &ReadErrorKind::IllegalChar { found: '\u{1}' });
    says(&e, "U+0001 is not allowed");
    let e = update_err(b"<propertyupdate xmlns=\"DAV:\"><set><prop><x xmlns=\"urn:x\">\x1b</x></prop></set></propertyupdate>");
    assert_eq!(e.kind(), &ReadErrorKind::IllegalChar { found: '\u{1b}' });
    let e = update_err(b"<propertyupdate xmlns=\"DAV:\"><set><prop><x xmlns=\"urn:x\">&#xD800;</x></prop></set></propertyupdate>");
    assert!(matches!(e.kind(), ReadErrorKind::InvalidCharRef { .. }));
}

#[test]
fn other_encodings_are_refused() {
    let e = propfind_err(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><propfind xmlns=\"DAV:\"><allprop/></propfind>");
    assert!(
        matches!(e.kind(), ReadErrorKind::UnsupportedEncoding { encoding } if encoding == "ISO-8859-1")
    );
    says(&e, "only UTF-8");
    // A byte order mark and a declared UTF-8 in any case are fine.
    let body = b"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?><propfind xmlns=\"DAV:\"><propname/></propfind>";
    assert_eq!(ok(Propfind::parse(body)), Propfind::PropName);
}

#[test]
fn reserved_namespaces_are_refused() {
    let e = propfind_err(b"<propfind xmlns=\"DAV:\" xmlns:xml=\"urn:x\"><allprop/></propfind>");
    assert!(matches!(e.kind(), ReadErrorKind::ReservedNamespace { .. }));
    let e =
        propfind_err(b"<propfind xmlns=\"DAV:\"><prop><x xmlns=\"not a uri\"/></prop></propfind>");
    assert!(matches!(e.kind(), ReadErrorKind::InvalidNamespace { .. }));
}

// ---------------------------------------------------------------------------------------
// Encodings, declarations and positions.

/// `text` in UTF-16, little or big endian, after a byte order mark.
fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    std::iter::once(0xFEFF)
        .chain(text.encode_utf16())
        .flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}

/// UTF-16 bodies with a byte order mark are read, in either byte order, with or without a
/// declaration naming UTF-16 (XML 1.0 §4.3.3: processors must accept UTF-16).
#[test]
fn utf16_bodies_are_read() {
    let request = "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:getetag/><Z:é xmlns:Z=\"urn:z\"/></D:prop></D:propfind>";
    let expected = Propfind::Prop(vec![name(DAV, "getetag"), name("urn:z", "é")]);
    for (declaration, big_endian) in [
        ("", false),
        ("", true),
        ("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n", false),
        ("<?xml version='1.0' encoding='utf-16'?>", true),
        ("<?xml version=\"1.0\" encoding=\"UTF-16LE\"?>", false),
        ("<?xml version=\"1.0\" encoding=\"UTF-16BE\"?>", true),
    ] {
        let body = utf16(&format!("{declaration}{request}"), big_endian);
        assert_eq!(ok(Propfind::parse(&body)), expected, "{declaration}");
    }
}

/// An error in a UTF-16 body is reported at its offset in the UTF-16 bytes, with the line
/// and column in characters.
#[test]
fn utf16_error_positions_are_offsets_of_the_body() {
    let body = utf16("<a>\n é<b></c></a>", false);
    let e = err(reader::read(&body));
    assert!(matches!(e.kind(), ReadErrorKind::MismatchedEndTag { .. }));
    // `</c>` is the 10th character after the byte order mark.
    assert_eq!((e.position(), e.line(), e.column()), (2 + 2 * 9, 2, 6));
}

/// A UTF-16 body with an unpaired surrogate or an odd number of bytes is refused where the
/// bad unit is.
#[test]
fn invalid_utf16_is_refused() {
    let mut body = utf16("<a>x", true);
    body.extend_from_slice(&[0xD8, 0x00]);
    body.extend_from_slice(&utf16("</a>", true)[2..]);
    let e = err(reader::read(&body));
    assert_eq!(e.kind(), &ReadErrorKind::InvalidUtf16);
    assert_eq!(e.position(), 10);
    says(&e, "not valid UTF-16");

    let mut body = utf16("<a/>", false);
    body.push(b' ');
    let e = err(reader::read(&body));
    assert_eq!(e.kind(), &ReadErrorKind::InvalidUtf16);
    assert_eq!(e.position(), 10);
}

/// The declared encoding must be the body's: another encoding XML knows is a mismatch that
/// names both, an unknown one is unsupported, named.
#[test]
fn declared_encoding_must_agree() {
    let decl = |encoding: &str| format!("<?xml version=\"1.0\" encoding=\"{encoding}\"?><a/>");
    let e = err(reader::read(decl("UTF-16").as_bytes()));
    assert_eq!(
        e.kind(),
        &ReadErrorKind::EncodingMismatch {
            declared: "UTF-16".into(),
            detected: "UTF-8"
        }
    );
    assert_eq!(e.position(), 30);
    says(&e, "names encoding \"UTF-16\", but the body is UTF-8");
    for (encoding, big_endian, detected) in [
        ("utf-8", false, "UTF-16LE"),
        ("UTF-16BE", false, "UTF-16LE"),
        ("UTF-16LE", true, "UTF-16BE"),
    ] {
        let e = err(reader::read(&utf16(&decl(encoding), big_endian)));
        assert_eq!(
            e.kind(),
            &ReadErrorKind::EncodingMismatch {
                declared: encoding.into(),
                detected
            }
        );
    }
    let e = err(reader::read(decl("Shift_JIS").as_bytes()));
    assert_eq!(
        e.kind(),
        &ReadErrorKind::UnsupportedEncoding {
            encoding: "Shift_JIS".into()
        }
    );
    says(&e, "encoding \"Shift_JIS\"");
    assert!(reader::read(decl("UTF-8").as_bytes()).is_ok());
}

/// A body of only a byte order mark, with or without whitespace, is `allprop` like an
/// empty one.
#[test]
fn byte_order_mark_only_is_allprop() {
    let allprop = Propfind::AllProp { include: vec![] };
    for body in [
        &b"\xEF\xBB\xBF"[..],
        b"\xEF\xBB\xBF \r\n\t",
        b"\xFF\xFE",
        b"\xFF\xFE \0\n\0",
        b"\xFE\xFF\0 \0\n",
    ] {
        assert_eq!(ok(Propfind::parse(body)), allprop, "{body:?}");
    }
    // Anything else after the mark is read.
    let e = propfind_err(b"\xEF\xBB\xBF x");
    assert_eq!(e.kind(), &ReadErrorKind::ContentOutsideRoot);
}

/// Malformed XML declarations that quick-xml lets through are refused where they go wrong
/// (XML 1.0 §2.8); well-formed ones in all their forms are read.
#[test]
fn malformed_xml_declaration_is_refused() {
    for (decl, at, what) in [
        (
            "<?xml version=\"1.0\" encoding<!--=\"utf-8\"?>",
            28,
            "expected `=` after `encoding`",
        ),
        (
            "<?xml version=\"1.0\"encoding=\"utf-8\"?>",
            19,
            "expected `?>`",
        ),
        ("<?xml encoding=\"utf-8\"?>", 6, "then `version`"),
        ("<?xml version=1.0?>", 14, "expected a quoted value"),
        ("<?xml version=\"1.0' ?>", 14, "closing `\"`"),
        (
            "<?xml version=\"1.0\" standalone=\"maybe\"?>",
            32,
            "must be \"yes\" or \"no\"",
        ),
        (
            "<?xml version=\"1.0\" encoding=\"8bit\"?>",
            30,
            "not an encoding name",
        ),
        (
            "<?xml version=\"1.0\" standalone=\"yes\" encoding=\"utf-8\"?>",
            37,
            "expected `?>`",
        ),
    ] {
        let e = err(reader::read(format!("{decl}<a/>").as_bytes()));
        assert!(
            matches!(e.kind(), ReadErrorKind::Malformed { .. }),
            "{decl}: {e}"
        );
        assert_eq!(e.position(), at, "{decl}: {e}");
        says(&e, what);
    }
    for decl in [
        "<?xml version=\"1.0\"?>",
        "<?xml version = '1.0' ?>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>",
        "<?xml\tversion='1.0'\nstandalone='yes'?>",
    ] {
        assert!(
            reader::read(format!("{decl}<a/>").as_bytes()).is_ok(),
            "{decl}"
        );
    }
}

/// Attributes with no whitespace between them are refused at the second (XML 1.0 §3.1).
#[test]
fn attributes_need_whitespace_between_them() {
    let e = propfind_err(br#"<D:propfind xmlns="DAV:"ns="DAV:"><D:allprop/></D:propfind>"#);
    assert!(matches!(e.kind(), ReadErrorKind::Malformed { .. }));
    assert_eq!(e.position(), 24);
    says(&e, "separated by whitespace");
    let e = err(reader::read(b"<a b='1'c='2'/>"));
    assert_eq!(e.position(), 8);
    assert!(reader::read(b"<a b='1'\tc='2'/>").is_ok());
}

/// Errors about an attribute point at it (or at the wrong character in its value), not at
/// the start of its element.
#[test]
fn attribute_errors_point_at_the_attribute() {
    let e = propfind_err(br#"<D:propfind xmlns:D="DAV:" xml:lang="&quot;><x">"#);
    assert!(matches!(e.kind(), ReadErrorKind::Malformed { .. }));
    assert_eq!((e.position(), e.line(), e.column()), (44, 1, 45));
    for (body, at) in [
        (&b"<a b='1' c='&bad;'/>"[..], 12),
        (b"<a b='1' c='x&#0;'/>", 13),
        (b"<a b='1' c='a & b'/>", 14),
        (b"<a b='1' b='2'/>", 9),
        (b"<a\n  p:b='1'/>", 5),
        (b"<a xmlns:p='urn:p' p:b='1' xmlns:q='urn:p' q:b='2'/>", 43),
        (b"<a b='1' 1c='2'/>", 9),
    ] {
        let e = err(reader::read(body));
        assert_eq!(e.position(), at, "{}: {e}", String::from_utf8_lossy(body));
    }
}

/// Every limit answers 413 Content Too Large.
#[test]
fn every_limit_is_413() {
    let small = Limits {
        max_bytes: 64,
        max_depth: 2,
        max_elements: 3,
        max_attributes: 1,
        max_tree_bytes: 8,
        max_names: 1,
    };
    for body in [
        " ".repeat(65),
        "<a><b><c/></b></a>".to_owned(),
        "<a><b/><b/><b/></a>".to_owned(),
        "<a b='1' c='2'/>".to_owned(),
        "<abcdefghi/>".to_owned(),
    ] {
        let e = err(reader::read_with(body.as_bytes(), &small));
        assert_eq!(e.http_status(), Status::CONTENT_TOO_LARGE, "{e}");
    }
    let namespaces: String = (0..129).map(|i| format!(" xmlns:p{i}='urn:{i}'")).collect();
    let e = err(reader::read(format!("<a{namespaces}/>").as_bytes()));
    assert_eq!(e.kind(), &ReadErrorKind::TooManyNamespaces { max: 128 });
    assert_eq!(e.http_status(), Status::CONTENT_TOO_LARGE);
    let e = err(Propfind::parse_with(
        b"<propfind xmlns='DAV:'><prop><a/><b/></prop></propfind>",
        &Limits {
            max_names: 1,
            ..Limits::default()
        },
    ));
    assert_eq!(e.kind(), &ReadErrorKind::TooManyNames { max_names: 1 });
    assert_eq!(e.http_status(), Status::CONTENT_TOO_LARGE);
    says(&e, "lists more than 1 property names");
}

/// `max_names` counts every name a request lists, repeated ones included: `prop` and
/// `include` together in a PROPFIND, the instructions of a PROPPATCH. 1 000 by default.
#[test]
fn max_names_counts_listed_names() {
    let limits = Limits {
        max_names: 3,
        ..Limits::default()
    };
    let propfind = |content: &str| format!("<propfind xmlns='DAV:'>{content}</propfind>");
    let names = |body: String| Propfind::parse_with(body.as_bytes(), &limits);
    assert!(names(propfind("<prop><a/><a/><b/></prop>")).is_ok());
    assert!(names(propfind("<allprop/><include><a/><b/><c/></include>")).is_ok());
    for content in [
        "<prop><a/><a/><b/><c/></prop>",
        "<allprop/><include><a/><b/><c/><d/></include>",
        "<prop><a/><b/></prop><include><c/><d/></include>",
    ] {
        let e = err(names(propfind(content)));
        assert_eq!(
            e.kind(),
            &ReadErrorKind::TooManyNames { max_names: 3 },
            "{content}"
        );
    }

    let update = |n: usize| {
        let props: String = (0..n).map(|i| format!("<p{i}/>")).collect();
        format!(
            "<propertyupdate xmlns='DAV:'><set><prop>{props}</prop></set><remove><prop><p0/></prop></remove></propertyupdate>"
        )
    };
    assert_eq!(
        ok(PropertyUpdate::parse_with(update(2).as_bytes(), &limits))
            .instructions
            .len(),
        3
    );
    let e = err(PropertyUpdate::parse_with(update(3).as_bytes(), &limits));
    assert_eq!(e.kind(), &ReadErrorKind::TooManyNames { max_names: 3 });
    let body = update(3);
    assert_eq!(Some(e.position()), body.find("<p0/></prop></remove>"));

    assert_eq!(Limits::default().max_names, 1_000);
    let prop: String = (0..1_000).map(|i| format!("<p{i}/>")).collect();
    let body = format!("<propfind xmlns='DAV:'><prop>{prop}</prop></propfind>");
    assert_eq!(ok(Propfind::parse(body.as_bytes())).names().len(), 1_000);
    let body = body.replace("</prop>", "<p0/></prop>");
    let e = propfind_err(body.as_bytes());
    assert_eq!(e.kind(), &ReadErrorKind::TooManyNames { max_names: 1_000 });
}

/// A relative namespace (`xmlns:z="zzz"`, deprecated by Namespaces in XML but not an error)
/// is read, and written back in the same namespace.
#[test]
fn relative_namespaces_are_accepted() {
    let value = set_element(
        br#"<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><z:a xmlns:z="zzz" z:b="1">t</z:a></D:prop></D:set></D:propertyupdate>"#,
    );
    assert!(value.name().is("zzz", "a"));
    assert_eq!(value.attribute("zzz", "b"), Some("1"));
    let mut sink = multistatus_core::Sink::new(multistatus_core::Namespaces::new());
    ok(sink.raw(&value));
    let doc = ok(roxmltree::Document::parse(sink.as_str()));
    let root = doc.root_element();
    assert!(root.has_tag_name(("zzz", "a")), "{}", sink.as_str());
    assert_eq!(root.attribute(("zzz", "b")), Some("1"));
    assert_eq!(root.text(), Some("t"));
    // Names given in code keep the strict rule.
    assert!(Name::new("zzz", "a").is_err());
}

// ---------------------------------------------------------------------------------------
// PROPFIND (RFC 4918 §9.1).

#[test]
fn rfc4918_9_1_3_named_properties() {
    let body = request!("rfc4918-9.1.3-propfind.xml");
    assert_eq!(
        ok(Propfind::parse(body)),
        Propfind::Prop(vec![
            name(BOX, "bigbox"),
            name(BOX, "author"),
            name(BOX, "DingALing"),
            name(BOX, "Random"),
        ])
    );
}

#[test]
fn named_properties_in_dav_and_other_namespaces() {
    let body = br#"<?xml version="1.0" encoding="utf-8" ?>
     <D:propfind xmlns:D="DAV:" xmlns:R="http://ns.example.com/boxschema/">
       <D:prop>
         <D:getetag/>
         <R:bigbox/>
         <D:displayname/>
         <R:author/>
       </D:prop>
     </D:propfind>"#;
    assert_eq!(
        ok(Propfind::parse(body)),
        Propfind::Prop(vec![
            name(DAV, "getetag"),
            name(BOX, "bigbox"),
            name(DAV, "displayname"),
            name(BOX, "author"),
        ])
    );
}

#[test]
fn rfc4918_9_1_4_propname() {
    let body = request!("rfc4918-9.1.4-propfind.xml");
    assert_eq!(ok(Propfind::parse(body)), Propfind::PropName);
}

#[test]
fn rfc4918_9_1_5_allprop() {
    let body = request!("rfc4918-9.1.5-propfind.xml");
    assert_eq!(
        ok(Propfind::parse(body)),
        Propfind::AllProp { include: vec![] }
    );
}

#[test]
fn rfc4918_9_1_6_allprop_with_include() {
    let body = request!("rfc4918-9.1.6-propfind.xml");
    assert_eq!(
        ok(Propfind::parse(body)),
        Propfind::AllProp {
            include: vec![
                name(DAV, "supported-live-property-set"),
                name(DAV, "supported-report-set"),
            ]
        }
    );
}

#[test]
fn empty_body_is_allprop() {
    assert_eq!(
        ok(Propfind::parse(b"")),
        Propfind::AllProp { include: vec![] }
    );
    assert_eq!(
        ok(Propfind::parse(b" \r\n\t\n")),
        Propfind::AllProp { include: vec![] }
    );
}

#[test]
fn default_namespace_and_redeclarations() {
    // Default namespace, a prefix rebound on a child, and a default namespace changed
    // on a property.
    let body = br#"<a:propfind xmlns:a="DAV:" xmlns="urn:default">
       <a:prop>
         <a:getetag/>
         <a:foo xmlns:a="urn:rebound"/>
         <bar/>
         <baz xmlns="urn:other"/>
         <a:displayname/>
       </a:prop>
     </a:propfind>"#;
    assert_eq!(
        ok(Propfind::parse(body)),
        Propfind::Prop(vec![
            name(DAV, "getetag"),
            name("urn:rebound", "foo"),
            name("urn:default", "bar"),
            name("urn:other", "baz"),
            name(DAV, "displayname"),
        ])
    );
}

#[test]
fn no_namespace_property_names() {
    let body = br#"<propfind xmlns="DAV:"><prop><foo xmlns=""/><getetag/><bar xmlns=""></bar></prop></propfind>"#;
    let parsed = ok(Propfind::parse(body));
    assert_eq!(
        parsed,
        Propfind::Prop(vec![name("", "foo"), name(DAV, "getetag"), name("", "bar")])
    );
    assert!(parsed.names()[0].namespace().is_empty());
}

#[test]
fn unknown_elements_are_ignored() {
    let body = br#"<D:propfind xmlns:D="DAV:" xmlns:X="urn:x">
       <X:extension><D:allprop/></X:extension>
       <D:future-element/>
       <D:prop><D:getetag/></D:prop>
       <X:another/>
     </D:propfind>"#;
    assert_eq!(
        ok(Propfind::parse(body)),
        Propfind::Prop(vec![name(DAV, "getetag")])
    );
}

#[test]
fn duplicate_names_keep_the_first() {
    let body = br#"<propfind xmlns="DAV:" xmlns:R="http://ns.example.com/boxschema/">
       <prop><R:author/><getetag/><R:author/><getetag/><R:bigbox/></prop>
     </propfind>"#;
    assert_eq!(
        ok(Propfind::parse(body)),
        Propfind::Prop(vec![
            name(BOX, "author"),
            name(DAV, "getetag"),
            name(BOX, "bigbox"),
        ])
    );
}

/// Past the sixteen names compared one by one, duplicates are found through a hash set: the
/// order and the first occurrence are kept the same way.
#[test]
fn many_duplicate_names_keep_the_first() {
    let locals: Vec<String> = (0..40).map(|i| format!("p{}", i % 25)).collect();
    let mut body = String::from(r#"<propfind xmlns="DAV:" xmlns:R="urn:r"><prop>"#);
    for local in &locals {
        body.push_str(&format!("<R:{local}/>"));
    }
    body.push_str("</prop></propfind>");
    let expected: Vec<Name<'static>> = (0..25)
        .map(|i| Name::new("urn:r", format!("p{i}")).unwrap())
        .collect();
    assert_eq!(
        ok(Propfind::parse(body.as_bytes())),
        Propfind::Prop(expected)
    );
}

#[test]
fn propfind_without_a_request_is_400() {
    let e = propfind_err(b"<propfind xmlns=\"DAV:\"><unknown/></propfind>");
    assert!(
        matches!(e.kind(), ReadErrorKind::MissingContent { element, .. } if element.is(DAV, "propfind"))
    );
    assert_eq!(e.http_status(), Status::BAD_REQUEST);
    says(
        &e,
        "must contain one of DAV:allprop, DAV:propname or DAV:prop",
    );

    let e = propfind_err(b"<propfind xmlns=\"DAV:\"><allprop/><prop><getetag/></prop></propfind>");
    assert!(matches!(e.kind(), ReadErrorKind::ConflictingContent { .. }));
    assert_eq!(e.position(), 33);
    says(&e, "only one of");
}

// ---------------------------------------------------------------------------------------
// PROPPATCH (RFC 4918 §9.2).

#[test]
fn rfc4918_9_2_2_proppatch() {
    let body = request!("rfc4918-9.2.2-proppatch.xml");
    // The value keeps its characters, the indentation between its children included
    // (RFC 4918 §4.3).
    let expected = Element::new(name(Z3950, "Authors"))
        .with_text("\n             ")
        .with_child(Element::new(name(Z3950, "Author")).with_text("Jim Whitehead"))
        .with_text("\n             ")
        .with_child(Element::new(name(Z3950, "Author")).with_text("Roy Fielding"))
        .with_text("\n           ");
    assert_eq!(
        update(body),
        [
            ok(Instruction::set(expected)),
            Instruction::Remove(name(Z3950, "Copyright-Owner")),
        ]
    );
}

#[test]
fn instructions_keep_document_order() {
    let body = br#"<propertyupdate xmlns="DAV:" xmlns:Z="urn:z">
       <remove><prop><Z:a/><Z:b/></prop></remove>
       <set><prop><Z:c>1</Z:c></prop><prop><Z:d>2</Z:d></prop></set>
       <Z:ignored/>
       <remove><prop><Z:e/></prop></remove>
     </propertyupdate>"#;
    let names: Vec<(bool, String)> = update(body)
        .iter()
        .map(|i| {
            (
                matches!(i, Instruction::Set(_)),
                i.name().local().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            (false, "a".into()),
            (false, "b".into()),
            (true, "c".into()),
            (true, "d".into()),
            (false, "e".into()),
        ]
    );
}

#[test]
fn empty_set_or_remove_is_400() {
    for body in [
        &b"<propertyupdate xmlns=\"DAV:\"><set/></propertyupdate>"[..],
        b"<propertyupdate xmlns=\"DAV:\"><set><prop/></set></propertyupdate>",
        b"<propertyupdate xmlns=\"DAV:\"><set><prop><x xmlns='urn:x'/></prop></set><remove><prop> </prop></remove></propertyupdate>",
    ] {
        let e = update_err(body);
        assert!(matches!(e.kind(), ReadErrorKind::MissingContent { .. }), "{e}");
        assert_eq!(e.http_status(), Status::BAD_REQUEST);
        says(&e, "must contain a DAV:prop holding at least one property");
    }
    let e = update_err(b"<propertyupdate xmlns=\"DAV:\"><other/></propertyupdate>");
    says(
        &e,
        "{DAV:}propertyupdate must contain at least one DAV:set or DAV:remove",
    );
    let e = update_err(b"");
    assert_eq!(e.kind(), &ReadErrorKind::NoRoot);
}

#[test]
fn xml_lang_is_inherited_onto_properties() {
    let body = br#"<D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:z" xml:lang="en">
       <D:set xml:lang="de">
         <D:prop>
           <Z:a>Hallo</Z:a>
           <Z:b xml:lang="fr">Bonjour</Z:b>
         </D:prop>
       </D:set>
       <D:set>
         <D:prop xml:lang="">
           <Z:c>none</Z:c>
         </D:prop>
         <D:prop>
           <Z:d>Hello</Z:d>
         </D:prop>
       </D:set>
     </D:propertyupdate>"#;
    let langs: Vec<(String, Option<String>)> = update(body)
        .into_iter()
        .filter_map(|i| match i {
            Instruction::Set(e) => Some((e.name().local().to_owned(), e.lang().map(str::to_owned))),
            Instruction::Remove(_) => None,
        })
        .collect();
    assert_eq!(
        langs,
        [
            ("a".into(), Some("de".into())),
            ("b".into(), Some("fr".into())),
            ("c".into(), None),
            ("d".into(), Some("en".into())),
        ]
    );
}

#[test]
fn carriage_return_is_preserved() {
    let e = set_element(
        b"<propertyupdate xmlns=\"DAV:\"><set><prop><x xmlns=\"urn:x\">line1&#13;\r\nline2\rline3&#13;&#10;</x></prop></set></propertyupdate>",
    );
    // `&#13;` is a CR; a literal CRLF or CR is an LF (XML end-of-line handling).
    assert_eq!(e.text(), "line1\r\nline2\nline3\r\n");
    assert_eq!(e.children().len(), 1);
}

#[test]
fn whitespace_text_is_kept_in_leaves_and_mixed_content() {
    let e = set_element(b"<propertyupdate xmlns=\"DAV:\"><set><prop><x xmlns=\"urn:x\">  </x></prop></set></propertyupdate>");
    assert_eq!(e.text(), "  ");
    let e = set_element(
        b"<propertyupdate xmlns=\"DAV:\"><set><prop><x xmlns=\"urn:x\">a <b>bold</b> <i>it</i></x></prop></set></propertyupdate>",
    );
    let texts: Vec<&str> = e
        .children()
        .iter()
        .filter_map(|n| match n {
            Node::Text(t) => Some(t.as_str()),
            Node::Element(_) => None,
        })
        .collect();
    assert_eq!(texts, ["a ", " "]);
    assert_eq!(e.children().len(), 4);
}

#[test]
fn rfc4918_4_3_1_mixed_content_value() {
    let body = br#"<?xml version="1.0" encoding="utf-8" ?>
<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop>
<x:author xmlns:x='http://example.com/ns'
          xmlns:D="DAV:">
  <x:name>Jane Doe</x:name>
  <!-- Jane's contact info -->
  <x:uri type='email'
         added='2005-11-26'>mailto:jane.doe@example.com</x:uri>
  <x:uri type='web'
         added='2005-11-27'>http://www.example.com</x:uri>
  <x:notes xmlns:h='http://www.w3.org/1999/xhtml'>
    Jane has been working way <h:em>too</h:em> long on the
    long-awaited revision of <![CDATA[<RFC2518>]]>.
  </x:notes>
</x:author>
</D:prop></D:set></D:propertyupdate>"#;
    let author = set_element(body);
    assert!(author.name().is("http://example.com/ns", "author"));
    let children: Vec<&Element> = author.child_elements().collect();
    assert_eq!(children.len(), 4);
    // Whitespace between the children is kept (RFC 4918 §4.3: every character of the
    // value); the comment is not part of the value, and the text around it is one node.
    let texts: Vec<&str> = author
        .children()
        .iter()
        .filter_map(|n| match n {
            Node::Text(t) => Some(t.as_str()),
            Node::Element(_) => None,
        })
        .collect();
    assert_eq!(
        texts,
        ["\n  ", "\n  \n  ", "\n  ", "\n  ", "\n"],
        "{author:#?}"
    );
    assert_eq!(author.children().len(), 9);
    assert_eq!(children[1].attribute("", "type"), Some("email"));
    assert_eq!(children[1].attribute("", "added"), Some("2005-11-26"));
    assert!(children[1].attribute(XML, "lang").is_none());
    assert_eq!(
        children[1].attributes().len(),
        2,
        "xmlns declarations are not attributes"
    );
    let notes = children[3];
    assert!(notes.name().is("http://example.com/ns", "notes"));
    let em = notes.child_elements().next();
    assert!(
        matches!(em, Some(em) if em.name().is("http://www.w3.org/1999/xhtml", "em") && em.text() == "too")
    );
    assert_eq!(
        notes.text(),
        "\n    Jane has been working way  long on the\n    long-awaited revision of <RFC2518>.\n  "
    );
}

#[test]
fn attributes_are_expanded_and_normalized() {
    let e = set_element(
        br#"<propertyupdate xmlns="DAV:" xmlns:p="urn:p"><set><prop><x xmlns="urn:x" p:a="1&amp;2" b="x&#13;y
z" xml:space="preserve"> <y/> </x></prop></set></propertyupdate>"#,
    );
    assert_eq!(e.attribute("urn:p", "a"), Some("1&2"));
    assert_eq!(e.attribute("", "b"), Some("x\ry z"));
    assert_eq!(e.attribute(XML, "space"), Some("preserve"));
    assert_eq!(
        e.children().len(),
        3,
        "xml:space=\"preserve\" keeps whitespace"
    );
}

// ---------------------------------------------------------------------------------------
// The reader on its own.

#[test]
fn reader_gives_positions_lines_and_columns() {
    let e = err(reader::read("<a>\n  <é></b></a>".as_bytes()));
    assert!(matches!(e.kind(), ReadErrorKind::MismatchedEndTag { .. }));
    assert_eq!(e.line(), 2);
    assert_eq!(e.column(), 6);
    assert!(
        e.to_string().ends_with("(at byte 10, line 2, column 6)"),
        "{e}"
    );
}

#[test]
fn reader_limits_elements_and_tree_size() {
    let limits = Limits {
        max_elements: 3,
        ..Limits::default()
    };
    let e = err(reader::read_with(b"<a><b/><c/><d/></a>", &limits));
    assert_eq!(
        e.kind(),
        &ReadErrorKind::TooManyElements { max_elements: 3 }
    );
    assert_eq!(e.http_status(), Status::CONTENT_TOO_LARGE);

    let attributes: String = (0..129).map(|i| format!(" a{i}=''")).collect();
    let e = err(reader::read(format!("<a{attributes}/>").as_bytes()));
    assert_eq!(
        e.kind(),
        &ReadErrorKind::TooManyAttributes {
            max_attributes: 128
        }
    );
    assert_eq!(e.http_status(), Status::CONTENT_TOO_LARGE);
    says(&e, "more than 128 attributes");

    // A long namespace repeated on many elements is bounded by max_tree_bytes.
    let ns = format!("urn:{}", "n".repeat(10_000));
    let body = format!("<a xmlns=\"{ns}\">{}</a>", "<b/>".repeat(20_000));
    let e = err(reader::read(body.as_bytes()));
    assert!(matches!(e.kind(), ReadErrorKind::TreeTooLarge { .. }));
    assert_eq!(e.http_status(), Status::CONTENT_TOO_LARGE);
}

// ---------------------------------------------------------------------------------------
// Headers.

#[test]
fn depth_header() {
    assert_eq!(ok(Depth::for_propfind(None)), Depth::Infinity);
    assert_eq!(ok(Depth::for_propfind(Some("0"))), Depth::Zero);
    assert_eq!(ok(Depth::for_propfind(Some(" 1 "))), Depth::One);
    assert_eq!(ok(Depth::for_propfind(Some("INFINITY"))), Depth::Infinity);
    assert_eq!(ok(Depth::parse(None, Depth::Zero)), Depth::Zero);
    for bad in ["", "2", "-1", "infinite", "0,1", "one"] {
        let e = Depth::for_propfind(Some(bad));
        assert!(
            matches!(&e, Err(e) if e.value() == bad && e.http_status() == Status::BAD_REQUEST),
            "{bad:?}: {e:?}"
        );
    }
}

#[test]
fn depth_infinity_can_be_refused() {
    assert_eq!(Depth::Zero.require_finite(), Ok(Depth::Zero));
    assert_eq!(Depth::One.require_finite(), Ok(Depth::One));
    let refused = Depth::Infinity.require_finite();
    assert_eq!(refused, Err(DepthRefused));
    assert_eq!(DepthRefused.http_status(), Status::FORBIDDEN);
    let error = DepthRefused.dav_error();
    assert_eq!(error.conditions().len(), 1);
    assert!(error.has(DAV, "propfind-finite-depth"));
}

#[test]
fn prefer_return_minimal() {
    assert!(return_minimal(["return=minimal"], None));
    assert!(return_minimal(["Return=Minimal"], None));
    assert!(return_minimal(["  return = minimal  "], None));
    assert!(return_minimal(["return=\"minimal\""], None));
    assert!(return_minimal(
        ["respond-async, return=minimal; foo=\"a,b\"; bar"],
        None
    ));
    assert!(return_minimal(
        ["wait=100", "handling=lenient, return=minimal"],
        None
    ));
    assert!(!return_minimal(["return=representation"], None));
    assert!(!return_minimal(["respond-async"], None));
    assert!(!return_minimal(["foo=\"return=minimal\""], None));
    assert!(!return_minimal(std::iter::empty(), None));
    // Only the first `return` counts (RFC 7240 §2).
    assert!(!return_minimal(
        ["return=representation, return=minimal"],
        None
    ));
    // The legacy Brief header.
    assert!(return_minimal(std::iter::empty(), Some("t")));
    assert!(return_minimal(std::iter::empty(), Some(" T ")));
    assert!(!return_minimal(std::iter::empty(), Some("f")));
    assert!(return_minimal(["wait=1"], Some("t")));
    // Owned header values work too.
    let headers = [String::from("return=minimal")];
    assert!(return_minimal(headers.iter().map(String::as_str), None));
}

// ---------------------------------------------------------------------------------------
// Never a panic.

const FRAGMENTS: &[&str] = &[
    "<propfind xmlns=\"DAV:\">",
    "</propfind>",
    "<propertyupdate xmlns='DAV:'>",
    "</propertyupdate>",
    "<D:prop xmlns:D=\"DAV:\">",
    "<prop>",
    "</prop>",
    "<set>",
    "</set>",
    "<remove>",
    "<allprop/>",
    "<propname/>",
    "<include>",
    "<x xmlns=''>",
    "</x>",
    "<p:y xmlns:p='urn:p' p:a='1'/>",
    "<z:q/>",
    "xmlns:p=''",
    " a='&amp;' ",
    "&lt;",
    "&#13;",
    "&#x1F600;",
    "&#0;",
    "&foo;",
    "&",
    "<![CDATA[x]]>",
    "<!-- c -->",
    "<?pi x?>",
    "<?xml version='1.0'?>",
    "<!DOCTYPE x>",
    "text",
    " ",
    "\r\n",
    ">",
    "<",
    "/>",
    "\"",
    "'",
    "=",
    ":",
    "\u{FEFF}",
    "é",
    "\u{1}",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = reader::read(&body);
        let _ = Propfind::parse(&body);
        let _ = PropertyUpdate::parse(&body);
    }

    #[test]
    fn xml_like_input_never_panics(
        parts in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..60),
        cut in any::<usize>(),
    ) {
        let body = parts.concat();
        let limits = Limits { max_depth: 6, max_elements: 20, ..Limits::default() };
        for body in [body.as_bytes(), &body.as_bytes()[..cut % (body.len() + 1)]] {
            if let Err(e) = reader::read_with(body, &limits) {
                prop_assert!(e.position() <= body.len());
                prop_assert!(!e.to_string().is_empty());
            }
            let _ = Propfind::parse_with(body, &limits);
            let _ = PropertyUpdate::parse_with(body, &limits);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Requests read without a tree: shape errors wait for the end of the body.

/// Malformed XML after a wrong root is reported, not the root: the body is read to its end
/// before the request's shape is judged.
#[test]
fn malformed_xml_comes_before_a_wrong_root() {
    let body = b"<a xmlns='DAV:'><b></c></a>";
    let e = propfind_err(body);
    assert!(
        matches!(e.kind(), ReadErrorKind::MismatchedEndTag { .. }),
        "{e}"
    );
    let e = update_err(body);
    assert!(
        matches!(e.kind(), ReadErrorKind::MismatchedEndTag { .. }),
        "{e}"
    );
}

/// Malformed XML after too many names is reported, not the names' limit.
#[test]
fn malformed_xml_comes_before_too_many_names() {
    let limits = Limits {
        max_names: 1,
        ..Limits::default()
    };
    let body = b"<propfind xmlns='DAV:'><prop><a/><b/></prop></propfind><x/>";
    let e = err(Propfind::parse_with(body, &limits));
    assert_eq!(e.kind(), &ReadErrorKind::MultipleRoots);
}

/// The content of a requested name (which PROPFIND ignores) is read and checked, not kept.
#[test]
fn propfind_name_content_is_checked_not_kept() {
    let body = b"<propfind xmlns='DAV:'><prop><getetag><x>t</x></getetag><a/></prop></propfind>";
    assert_eq!(
        ok(Propfind::parse(body)),
        Propfind::Prop(vec![Name::dav("getetag"), Name::dav("a")])
    );
    let body = b"<propfind xmlns='DAV:'><prop><getetag><p:x/></getetag></prop></propfind>";
    let e = propfind_err(body);
    assert!(
        matches!(e.kind(), ReadErrorKind::UnboundPrefix { .. }),
        "{e}"
    );
}
