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
        Some(Instruction::Set(e)) => e,
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
    assert_eq!(e.http_status(), Status::BAD_REQUEST);
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
    let expected = Element::new(name(Z3950, "Authors"))
        .with_child(Element::new(name(Z3950, "Author")).with_text("Jim Whitehead"))
        .with_child(Element::new(name(Z3950, "Author")).with_text("Roy Fielding"));
    assert_eq!(
        update(body),
        [
            Instruction::Set(expected),
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
    assert_eq!(
        author.children().len(),
        4,
        "indentation and the comment are dropped"
    );
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
