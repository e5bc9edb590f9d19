//! Behaviour of the writer as users of the `multistatus` facade see it: escaping, refused
//! characters, hrefs, status lines, namespace prefixes, the optional parts of a response and
//! of the body, and streaming. Output is read back with roxmltree, an independent parser.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod support;

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;

use multistatus::name::{CALDAV, CALENDARSERVER, CARDDAV, DAV, Name, Tag};
use multistatus::values::RawValue;
use multistatus::{
    DavError, Element, Error, Href, Multistatus, MultistatusWriter, Namespaces, Propstat, Response,
    Status, StatusLine,
};
use roxmltree::{Document, Node};
use support::{assert_xml_eq, dav_texts, elements, parse_ok, percent_decode};

const DISPLAYNAME: Tag = Tag::new(DAV, "displayname");
const RESOURCETYPE: Tag = Tag::new(DAV, "resourcetype");
const COLLECTION: Tag = Tag::new(DAV, "collection");
const GETETAG: Tag = Tag::new(DAV, "getetag");
const CALENDAR_DATA: Tag = Tag::new(CALDAV, "calendar-data");
const ADDRESS_DATA: Tag = Tag::new(CARDDAV, "address-data");
const GETCTAG: Tag = Tag::new(CALENDARSERVER, "getctag");
const BOX: &str = "http://ns.example.com/boxschema/";
const BIGBOX: Tag = Tag::new(BOX, "bigbox");
const PLAIN_TAG: Tag = Tag::new("", "plain-tag");
const LONG_DAV: Tag = Tag::new(
    DAV,
    "a123456789a123456789a123456789a123456789a123456789a123456789a123456789a123456789",
);

fn name(namespace: &'static str, local: &'static str) -> Name<'static> {
    Name::new(namespace, local).unwrap()
}

fn path(p: &str) -> Href<'static> {
    Href::from_path(p.to_owned()).unwrap()
}

fn writer() -> MultistatusWriter<Vec<u8>> {
    MultistatusWriter::new(Vec::new(), Namespaces::new())
}

fn finish(ms: MultistatusWriter<Vec<u8>>) -> String {
    String::from_utf8(ms.finish().unwrap()).unwrap()
}

/// The `DAV:href` children of each `DAV:response`, in order.
fn response_hrefs(doc: &Document<'_>) -> Vec<String> {
    elements(doc, DAV, "response")
        .iter()
        .flat_map(|r| r.children().filter(|c| c.has_tag_name((DAV, "href"))))
        .map(|h| h.text().unwrap_or_default().to_owned())
        .collect()
}

/// The start tag of `node` as written, `<…>` (attribute values never hold a raw `>`: the
/// writer escapes it).
fn start_tag<'a>(doc: &Document<'a>, node: Node<'_, '_>) -> &'a str {
    let rest = &doc.input_text()[node.range().start..];
    &rest[..=rest.find('>').unwrap()]
}

/// The names of the child elements of `node`, as `{ns}local`.
fn child_names(node: Node<'_, '_>) -> Vec<String> {
    node.children()
        .filter(Node::is_element)
        .map(|c| {
            format!(
                "{{{}}}{}",
                c.tag_name().namespace().unwrap_or(""),
                c.tag_name().name()
            )
        })
        .collect()
}

// ---- Escaping ----

/// Text is escaped (`<`, `&`, `>`, `\r` as `&#13;`) and reads back unchanged, in property
/// values, raw elements, attributes, descriptions and reason phrases.
#[test]
fn text_is_escaped_and_reads_back() {
    let text = "a<b & c>d\r\ne\t\"q\" 'a' ]]> héllo ☃ \u{10348}";
    let attr = "v\"<&>\r\n\tw";
    let mut ms = writer();
    ms.response(&path("/x"), Status::OK, |p| {
        p.text_element(&DISPLAYNAME, text)?;
        p.raw(
            &Element::new(name("urn:x", "dead"))
                .with_attribute(name("", "a"), attr)
                .with_text(text),
        )
    })
    .unwrap()
    .end_with(None, Some(&text.into()), None)
    .unwrap();
    let reason = StatusLine::with_reason(Status::FORBIDDEN, "No <&> way").unwrap();
    ms.status_response(&path("/y"), reason)
        .unwrap()
        .end()
        .unwrap();
    let xml = String::from_utf8(ms.finish_with(Some(&text.into()), None).unwrap()).unwrap();

    assert!(
        xml.contains(
            "<D:displayname>a&lt;b &amp; c&gt;d&#13;\ne\t\"q\" 'a' ]]&gt; héllo ☃ \u{10348}</D:displayname>"
        ),
        "{xml}"
    );
    assert!(
        xml.contains(r#" a="v&quot;&lt;&amp;&gt;&#13;&#10;&#9;w""#),
        "{xml}"
    );
    assert!(
        xml.contains("<D:status>HTTP/1.1 403 No &lt;&amp;&gt; way</D:status>"),
        "{xml}"
    );
    assert!(
        !xml.contains('\r'),
        "a raw carriage return would be lost: {xml}"
    );

    let doc = parse_ok(&xml);
    assert_eq!(dav_texts(&doc, "displayname"), [text]);
    let dead = &elements(&doc, "urn:x", "dead")[0];
    assert_eq!(dead.text(), Some(text));
    assert_eq!(dead.attribute("a"), Some(attr));
    assert_eq!(dav_texts(&doc, "responsedescription"), [text, text]);
    assert_eq!(dav_texts(&doc, "status")[1], "HTTP/1.1 403 No <&> way");
}

/// The characters XML 1.0 cannot carry.
fn illegal_chars() -> Vec<char> {
    (0u32..=0x8)
        .chain([0xB, 0xC])
        .chain(0xE..=0x1F)
        .chain([0xFFFE, 0xFFFF])
        .map(|c| char::from_u32(c).unwrap())
        .collect()
}

type Place = fn(&mut MultistatusWriter<Vec<u8>>, &Href<'_>, &str) -> Result<(), Error>;

/// Every place a value can go, each writing one response whose value is `bad`.
fn places() -> Vec<(&'static str, Place)> {
    vec![
        ("text_element", |ms, h, bad| {
            ms.response(h, Status::OK, |p| p.text_element(&DISPLAYNAME, bad))?
                .end()
        }),
        ("nested text", |ms, h, bad| {
            ms.response(h, Status::OK, |p| {
                p.text_element(&GETETAG, "\"fine\"")?;
                p.element(&RESOURCETYPE, |s| {
                    s.empty(&COLLECTION);
                    s.text(bad)
                })
            })?
            .end()
        }),
        ("raw text", |ms, h, bad| {
            ms.response(h, Status::OK, |p| {
                p.raw(
                    &Element::new(name("urn:x", "outer"))
                        .with_child(Element::new(name("urn:y", "inner")).with_text(bad)),
                )
            })?
            .end()
        }),
        ("raw attribute", |ms, h, bad| {
            ms.response(h, Status::OK, |p| {
                p.raw(&Element::new(name("urn:x", "a")).with_attribute(name("urn:y", "b"), bad))
            })?
            .end()
        }),
        ("second propstat", |ms, h, bad| {
            let mut r = ms.response(h, Status::OK, |p| p.text_element(&DISPLAYNAME, "MARK ok"))?;
            let err = r
                .propstat(Status::NOT_FOUND, |p| p.text_element(&GETETAG, bad))
                .map(|_| ())
                .unwrap_err();
            // The response is abandoned: ending it is refused too.
            assert!(r.end().is_err());
            Err(err)
        }),
        ("propstat description", |ms, h, bad| {
            ms.response_with(
                h,
                &Status::FORBIDDEN.into(),
                |p| p.text_element(&DISPLAYNAME, "MARK"),
                None,
                Some(&bad.into()),
            )?
            .end()
        }),
        ("propstat error", |ms, h, bad| {
            let error = DavError::new(Element::new(Name::dav("x")).with_text(bad));
            ms.response_with(
                h,
                &Status::FORBIDDEN.into(),
                |p| p.text_element(&DISPLAYNAME, "MARK"),
                Some(&error),
                None,
            )?
            .end()
        }),
        ("response description", |ms, h, bad| {
            ms.response(h, Status::OK, |p| p.text_element(&DISPLAYNAME, "MARK"))?
                .end_with(None, Some(&bad.into()), None)
        }),
        ("status response description", |ms, h, bad| {
            let mut r = ms.status_response(h, Status::LOCKED)?;
            r.href(&path("/MARK-second-href"));
            r.end_with(None, Some(&bad.into()), None)
        }),
        ("status response error", |ms, h, bad| {
            let error = DavError::dav("lock-token-submitted")
                .with_condition(Element::new(name("urn:x", "why")).with_text(bad));
            ms.status_response(h, Status::LOCKED)?.end_with(
                Some(&error),
                None,
                Some(&path("/MARK-location")),
            )
        }),
        ("model response", |ms, h, bad| {
            let response = Response::propstat(
                h.clone(),
                Propstat::new(
                    Status::OK,
                    vec![Element::new(name("urn:x", "p")).with_text("MARK")],
                ),
            )
            .with_propstat(Propstat::new(
                Status::NOT_FOUND,
                vec![Element::new(name("urn:x", "q")).with_text(bad)],
            ))?;
            ms.write(&response)
        }),
        ("custom reason", |ms, h, bad| {
            let status = StatusLine::with_reason(Status::FORBIDDEN, format!("MARK {bad}"))?;
            ms.status_response(h, status)?.end()
        }),
    ]
}

/// A character XML 1.0 cannot carry, wherever it is, is `Error::IllegalChar`; nothing of
/// that response reaches the output, and the writer goes on with a well-formed body.
#[test]
fn illegal_characters_are_refused_and_leave_nothing() {
    let chars = illegal_chars();
    assert_eq!(chars.len(), 31);
    let mut ms = writer();
    let mut good = Vec::new();
    let mut n = 0;
    for (place, write) in places() {
        for &c in &chars {
            n += 1;
            let ok = format!("/ok/{n}");
            ms.status_response(&path(&ok), Status::OK)
                .unwrap()
                .end()
                .unwrap();
            good.push(ok);
            let bad = format!("MARK{c}tail");
            let result = write(&mut ms, &path(&format!("/bad/{n}")), &bad);
            match (place, c, result) {
                (_, _, Err(Error::IllegalChar { found })) if found == c => {}
                // Already refused in the reason phrase itself: `StatusLine::with_reason`
                // accepts only what `DAV:status` can carry (U+FFFE and U+FFFF included).
                ("custom reason", _, Err(Error::InvalidReason { .. })) => {}
                (_, _, other) => panic!("{place} with U+{:04X}: {other:?}", u32::from(c)),
            }
        }
    }
    let xml = finish(ms);
    let doc = parse_ok(&xml);
    assert!(!xml.contains("/bad/"), "a refused response was written");
    assert!(
        !xml.contains("MARK"),
        "part of a refused response was written"
    );
    assert_eq!(response_hrefs(&doc), good);
}

/// The characters next to the illegal ones are written: tab, line feed, carriage return and
/// the ends of the valid ranges.
#[test]
fn legal_neighbours_of_illegal_characters_are_written() {
    let text = "\t\n\r \u{D7FF}\u{E000}\u{FFFD}\u{10000}\u{10FFFF}";
    let mut ms = writer();
    ms.response(&path("/x"), Status::OK, |p| {
        p.text_element(&DISPLAYNAME, text)
    })
    .unwrap()
    .end()
    .unwrap();
    let xml = finish(ms);
    let doc = parse_ok(&xml);
    assert_eq!(dav_texts(&doc, "displayname"), [text]);
}

/// A whole-body value, the multistatus-level description and the sync-token refuse illegal
/// characters too.
#[test]
fn illegal_characters_in_body_level_values() {
    let mut ms = Multistatus::new();
    ms.responses.push(Response::propstat(
        path("/x"),
        Propstat::new(
            Status::OK,
            vec![Element::new(name("urn:x", "p")).with_text("a\u{0}")],
        ),
    ));
    assert!(matches!(
        ms.to_xml(),
        Err(Error::IllegalChar { found: '\u{0}' })
    ));

    let result = writer().finish_with(Some(&"bell\u{7}".into()), None);
    assert!(matches!(result, Err(Error::IllegalChar { found: '\u{7}' })));
    let result = writer().finish_with(None, Some("token\u{FFFF}"));
    assert!(matches!(
        result,
        Err(Error::IllegalChar { found: '\u{FFFF}' })
    ));
}

/// A property value that ignores the refusal of its text must still leave well-formed
/// output: the refused element is not left open.
#[test]
fn refused_text_leaves_no_open_element() {
    let mut ms = writer();
    ms.response(&path("/x"), Status::OK, |p| {
        let refused = p.text_element(&DISPLAYNAME, "ok\u{1}");
        assert!(refused.is_err());
        p.text_element(&GETETAG, "\"e\"")
    })
    .unwrap()
    .end()
    .unwrap();
    let xml = finish(ms);
    parse_ok(&xml);
}

// ---- Hrefs ----

/// Paths are percent-encoded: space, non-ASCII, `%`, `#`, `?` (and `&` is XML-escaped);
/// roxmltree reads the href back and percent-decoding gives the original path.
#[test]
fn hrefs_are_percent_encoded_and_decode_back() {
    let paths = [
        "/",
        "/a b/c d",
        "/ünïcödé/日本語/😀",
        "/tom&jerry",
        "/100%",
        "/%41",
        "/x#frag",
        "/q?x=1",
        "/mix & 50% #1?.txt",
        "/keep-._~!$'()*+,;=:@/",
        "/quotes\"<>\\^`{|}",
        "/tab\tnl\n",
    ];
    let mut ms = writer();
    for p in paths {
        ms.status_response(&path(p), Status::OK)
            .unwrap()
            .end()
            .unwrap();
        let h = Href::from_origin_and_path("http://example.com:8080", p).unwrap();
        ms.status_response(&h, Status::OK).unwrap().end().unwrap();
    }
    let xml = finish(ms);
    assert!(xml.contains("<D:href>/a%20b/c%20d</D:href>"), "{xml}");
    assert!(xml.contains("<D:href>/tom&amp;jerry</D:href>"), "{xml}");
    assert!(xml.contains("<D:href>/100%25</D:href>"), "{xml}");
    assert!(xml.contains("<D:href>/x%23frag</D:href>"), "{xml}");
    assert!(xml.contains("<D:href>/q%3Fx=1</D:href>"), "{xml}");
    assert!(
        xml.contains("<D:href>/%C3%BCn%C3%AFc%C3%B6d%C3%A9/"),
        "{xml}"
    );

    let doc = parse_ok(&xml);
    let hrefs = response_hrefs(&doc);
    assert_eq!(hrefs.len(), 2 * paths.len());
    for (i, p) in paths.iter().enumerate() {
        for (href, origin) in [
            (&hrefs[2 * i], ""),
            (&hrefs[2 * i + 1], "http://example.com:8080"),
        ] {
            let encoded = href.strip_prefix(origin).unwrap();
            assert!(
                encoded
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && !b"#?\"<>\\^`{|}".contains(&b)),
                "{encoded:?} holds a character a URI path cannot"
            );
            assert_eq!(percent_decode(encoded).as_deref(), Some(*p), "{href}");
        }
    }
}

/// Hrefs given already encoded are written as they are (XML-escaped), and text that is not
/// a URI is refused.
#[test]
fn encoded_hrefs() {
    let mut ms = writer();
    for uri in [
        "http://example.com/a%20b?x=1&y=2#f",
        "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
        "mailto:someone@example.com",
    ] {
        ms.status_response(&Href::from_encoded(uri).unwrap(), Status::OK)
            .unwrap()
            .end()
            .unwrap();
    }
    let xml = finish(ms);
    assert!(xml.contains("<D:href>http://example.com/a%20b?x=1&amp;y=2#f</D:href>"));
    let doc = parse_ok(&xml);
    assert_eq!(
        response_hrefs(&doc),
        [
            "http://example.com/a%20b?x=1&y=2#f",
            "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
            "mailto:someone@example.com",
        ]
    );
    for bad in ["/a b", "relative/path", "/é", "/50%", "/<x>", ""] {
        assert!(
            matches!(Href::from_encoded(bad), Err(Error::InvalidHref { .. })),
            "{bad:?}"
        );
    }
    assert!(Href::from_path("no/slash").is_err());
    assert!(Href::from_origin_and_path("http://x.example/base", "/a").is_err());
}

// ---- Status lines ----

/// No 1xx status can be made, so none can be written (RFC 4918 §13); nor anything outside
/// 200–599.
#[test]
fn informational_statuses_are_rejected() {
    for code in 100..=199 {
        assert!(
            matches!(Status::new(code), Err(Error::InvalidStatus { code: c }) if c == code),
            "{code}"
        );
        assert!(Status::try_from(code).is_err(), "{code}");
        let line = format!("HTTP/1.1 {code} Continue");
        assert!(StatusLine::parse(&line).is_err(), "{line}");
    }
    for code in (0..100).chain([600, 700, 999, u16::MAX]) {
        assert!(Status::new(code).is_err(), "{code}");
    }
    for code in 200..=599 {
        assert_eq!(Status::new(code).unwrap().code(), code);
    }
}

/// Registered codes get their registered phrase; custom phrases (`StatusLine::with_reason`)
/// replace it; an unregistered code without one has an empty phrase; line breaks are refused.
#[test]
fn status_lines_and_custom_reasons() {
    let mut ms = writer();
    let lines: Vec<StatusLine<'static>> = vec![
        Status::OK.into(),
        Status::MULTI_STATUS.into(),
        Status::ALREADY_REPORTED.into(),
        Status::FAILED_DEPENDENCY.into(),
        Status::INSUFFICIENT_STORAGE.into(),
        StatusLine::with_reason(Status::FORBIDDEN, "Verboten").unwrap(),
        StatusLine::with_reason(Status::new(599).unwrap(), "Custom\tPhrase é").unwrap(),
        Status::new(599).unwrap().into(),
        StatusLine::with_reason(Status::OK, "Okay").unwrap(),
    ];
    for (i, line) in lines.iter().enumerate() {
        ms.status_response(&path(&format!("/{i}")), line.clone())
            .unwrap()
            .end()
            .unwrap();
    }
    let xml = finish(ms);
    let doc = parse_ok(&xml);
    assert_eq!(
        dav_texts(&doc, "status"),
        [
            "HTTP/1.1 200 OK",
            "HTTP/1.1 207 Multi-Status",
            "HTTP/1.1 208 Already Reported",
            "HTTP/1.1 424 Failed Dependency",
            "HTTP/1.1 507 Insufficient Storage",
            "HTTP/1.1 403 Verboten",
            "HTTP/1.1 599 Custom\tPhrase é",
            "HTTP/1.1 599 ",
            "HTTP/1.1 200 Okay",
        ]
    );
    for bad in ["a\nb", "a\rb", "nul\0", "del\u{7f}"] {
        assert!(
            matches!(
                StatusLine::with_reason(Status::OK, bad),
                Err(Error::InvalidReason { .. })
            ),
            "{bad:?}"
        );
    }
}

// ---- Namespaces ----

/// `DAV:` is `D`, CalDAV `C`, CardDAV `CARD`, CalendarServer `CS`, others `ns1`, `ns2`…;
/// each is declared once, on the root, however often it is used.
#[test]
fn prefixes_are_allocated_and_declared_once_on_the_root() {
    const TWO: &str = "urn:x-example:two?a&b";
    let mut ns = Namespaces::new();
    assert_eq!(ns.declare(BOX).unwrap(), "ns1");
    assert_eq!(ns.declare(CALDAV).unwrap(), "C");
    assert_eq!(ns.declare(CARDDAV).unwrap(), "CARD");
    assert_eq!(ns.declare(TWO).unwrap(), "ns2");
    assert_eq!(ns.declare(CALENDARSERVER).unwrap(), "CS");
    // Again: same prefixes, no new entries.
    assert_eq!(ns.declare(CALDAV).unwrap(), "C");
    assert_eq!(ns.declare(BOX).unwrap(), "ns1");
    assert_eq!(ns.declare(DAV).unwrap(), "D");
    assert_eq!(ns.prefix(DAV), Some("D"));
    assert_eq!(ns.prefix("urn:never"), None);
    assert_eq!(ns.iter().count(), 6);
    assert!(matches!(
        ns.declare("not a uri"),
        Err(Error::InvalidNamespace { .. })
    ));

    let mut ms = MultistatusWriter::new(Vec::new(), ns);
    for i in 0..3 {
        let mut r = ms
            .response(&path(&format!("/r{i}")), Status::OK, |p| {
                p.text_element(&CALENDAR_DATA, "BEGIN:VCALENDAR")?;
                p.text_element(&ADDRESS_DATA, "BEGIN:VCARD")?;
                p.text_element(&GETCTAG, "42")?;
                p.text_element(&BIGBOX, "box")?;
                // Too long to be pre-rendered: the prefix is looked up.
                p.text_element(&LONG_DAV, "long")?;
                p.raw(
                    &Element::new(name(BOX, "author"))
                        .with_attribute(name(TWO, "attr"), "v")
                        .with_child(Element::new(name(TWO, "thing")).with_text("t")),
                )
            })
            .unwrap();
        r.propstat(Status::NOT_FOUND, |p| {
            p.empty_named(&name(TWO, "missing"));
            p.empty_named(&name(CALDAV, "missing"));
            Ok(())
        })
        .unwrap();
        r.end_with(
            Some(&DavError::new(Element::new(name(CALENDARSERVER, "why")))),
            None,
            None,
        )
        .unwrap();
    }
    let xml = finish(ms);
    let doc = parse_ok(&xml);

    assert_eq!(xml.matches("xmlns").count(), 6, "{xml}");
    let root = start_tag(&doc, doc.root_element());
    for decl in [
        r#"xmlns:D="DAV:""#,
        r#"xmlns:C="urn:ietf:params:xml:ns:caldav""#,
        r#"xmlns:CARD="urn:ietf:params:xml:ns:carddav""#,
        r#"xmlns:CS="http://calendarserver.org/ns/""#,
        r#"xmlns:ns1="http://ns.example.com/boxschema/""#,
        r#"xmlns:ns2="urn:x-example:two?a&amp;b""#,
    ] {
        assert_eq!(root.matches(decl).count(), 1, "{decl} in {root}");
    }
    for tag in [
        "<C:calendar-data>",
        "<CARD:address-data>",
        "<CS:getctag>",
        "<ns1:bigbox>",
        "<ns1:author ns2:attr=\"v\">",
        "<ns2:thing>",
        "<ns2:missing/>",
        "<C:missing/>",
        "<CS:why/>",
        "<D:a123456789a123456789a123456789a123456789a123456789a123456789a123456789a123456789>",
    ] {
        assert_eq!(xml.matches(tag).count(), 3, "{tag} in {xml}");
    }
    // roxmltree resolves every one of them to the right namespace.
    for (ns, local) in [
        (CALDAV, "calendar-data"),
        (CARDDAV, "address-data"),
        (CALENDARSERVER, "getctag"),
        (BOX, "bigbox"),
        (BOX, "author"),
        (TWO, "thing"),
        (TWO, "missing"),
        (CALDAV, "missing"),
        (CALENDARSERVER, "why"),
    ] {
        assert_eq!(elements(&doc, ns, local).len(), 3, "{{{ns}}}{local}");
    }
    let author = &elements(&doc, BOX, "author")[0];
    assert_eq!(author.attribute((TWO, "attr")), Some("v"));
}

/// A `Multistatus` value declares every namespace its responses use once, on the root.
#[test]
fn model_declares_used_namespaces_on_the_root() {
    let mut ms = Multistatus::new();
    for i in 0..3 {
        ms.responses.push(
            Response::propstat(
                path(&format!("/r{i}")),
                Propstat::new(
                    Status::OK,
                    vec![
                        Element::new(name(CALDAV, "calendar-data")).with_text("x"),
                        Element::new(name("urn:a", "one"))
                            .with_child(Element::new(name("urn:b", "two"))),
                        Element::new(Name::dav("displayname")).with_text("d"),
                    ],
                ),
            )
            .with_propstat(
                Propstat::new(
                    Status::FORBIDDEN,
                    vec![Element::new(name("urn:c", "three"))],
                )
                .with_error(DavError::new(Element::new(name("urn:d", "cond")))),
            )
            .unwrap(),
        );
    }
    let xml = ms.to_xml().unwrap();
    let doc = parse_ok(&xml);
    let root = start_tag(&doc, doc.root_element());
    assert_eq!(xml.matches("xmlns:").count(), 6, "{xml}");
    assert_eq!(root.matches("xmlns:").count(), 6, "{root}");
    for (ns, local) in [
        (CALDAV, "calendar-data"),
        ("urn:a", "one"),
        ("urn:b", "two"),
        ("urn:c", "three"),
        ("urn:d", "cond"),
    ] {
        assert_eq!(elements(&doc, ns, local).len(), 3, "{{{ns}}}{local}");
    }
}

/// Properties in no namespace are written in no namespace: unprefixed, with no default
/// namespace anywhere.
#[test]
fn no_namespace_properties_stay_in_no_namespace() {
    let mut ms = writer();
    ms.response(&path("/x"), Status::OK, |p| {
        p.raw(
            &Element::new(name("", "plain"))
                .with_attribute(name("", "k"), "v")
                .with_child(Element::new(name("", "inner")).with_text("x")),
        )?;
        p.raw(
            &Element::new(name("urn:x", "wrapper"))
                .with_child(Element::new(name("", "nested")).with_text("y")),
        )?;
        p.text_element(&PLAIN_TAG, "z")?;
        p.empty_named(&name("", "empty"));
        Ok(())
    })
    .unwrap()
    .end()
    .unwrap();
    let mut model = Multistatus::new();
    model.responses.push(Response::propstat(
        path("/y"),
        Propstat::new(
            Status::NOT_FOUND,
            vec![name("", "unknown"), Name::dav("getetag")],
        ),
    ));
    let xml = finish(ms);
    let model_xml = model.to_xml().unwrap();

    for xml in [&xml, &model_xml] {
        assert!(!xml.contains("xmlns=\""), "no default namespace: {xml}");
        let doc = parse_ok(xml);
        for n in doc.descendants().filter(Node::is_element) {
            let local = n.tag_name().name();
            let expected = match local {
                "plain" | "inner" | "nested" | "plain-tag" | "empty" | "unknown" => None,
                "wrapper" => Some("urn:x"),
                _ => Some(DAV),
            };
            assert_eq!(n.tag_name().namespace(), expected, "{local} in {xml}");
        }
    }
    assert!(
        xml.contains("<plain k=\"v\"><inner>x</inner></plain>"),
        "{xml}"
    );
    assert!(xml.contains("<plain-tag>z</plain-tag><empty/>"), "{xml}");
    assert!(model_xml.contains("<unknown/>"), "{model_xml}");
    let doc = parse_ok(&xml);
    assert_eq!(elements(&doc, "", "plain")[0].attribute("k"), Some("v"));
}

/// A namespace not in the table, met mid-stream, is declared on the element that uses it
/// (with a prefix that cannot clash with the root's), in scope for its descendants, and
/// declared again in the next response.
#[test]
fn undeclared_namespace_is_declared_where_used() {
    let mut ns = Namespaces::new();
    assert_eq!(ns.declare("urn:root").unwrap(), "ns1");
    let mut ms = MultistatusWriter::new(Vec::new(), ns);
    ms.response(&path("/1"), Status::OK, |p| {
        p.raw(
            &Element::new(name("urn:late", "outer"))
                .with_attribute(name("urn:late-attr", "a"), "1")
                .with_child(Element::new(name("urn:root", "inner")))
                .with_child(Element::new(name("urn:late", "again")).with_text("t")),
        )?;
        p.empty_named(&name("urn:late2", "solo"));
        p.text_element(&CALENDAR_DATA, "x")?;
        p.text_element(&CALENDAR_DATA, "y")
    })
    .unwrap()
    .end()
    .unwrap();
    ms.response(&path("/2"), Status::OK, |p| {
        p.raw(&Element::new(name("urn:late", "outer2")))
    })
    .unwrap()
    .end()
    .unwrap();
    let xml = finish(ms);
    let doc = parse_ok(&xml);

    let root = start_tag(&doc, doc.root_element());
    assert_eq!(
        root.matches("xmlns:").count(),
        2,
        "only D and ns1 on the root: {root}"
    );
    assert!(!root.contains("urn:late"), "{root}");

    let expect = |ns: &str, local: &str, declarations: usize| {
        let nodes = elements(&doc, ns, local);
        assert_eq!(nodes.len(), 1, "{{{ns}}}{local} in {xml}");
        let tag = start_tag(&doc, nodes[0]);
        assert_eq!(tag.matches("xmlns:").count(), declarations, "{tag}");
        nodes[0]
    };
    let outer = expect("urn:late", "outer", 2);
    assert_eq!(outer.attribute(("urn:late-attr", "a")), Some("1"));
    assert!(
        !start_tag(&doc, outer).contains("xmlns:ns1="),
        "clashes with the root's ns1"
    );
    expect("urn:root", "inner", 0);
    expect("urn:late", "again", 0);
    expect("urn:late2", "solo", 1);
    expect("urn:late", "outer2", 1);
    // Each calendar-data element declares CalDAV under its conventional prefix.
    let cal = elements(&doc, CALDAV, "calendar-data");
    assert_eq!(cal.len(), 2);
    for c in cal {
        assert_eq!(
            start_tag(&doc, c),
            r#"<C:calendar-data xmlns:C="urn:ietf:params:xml:ns:caldav">"#
        );
    }
}

/// `xml:lang` on a dead property is written and read back (RFC 4918 §4.3), through the
/// writer.
#[test]
fn xml_lang_on_a_dead_property_with_the_writer() {
    let mut ms = writer();
    ms.response(&path("/x"), Status::OK, |p| {
        p.raw(
            &Element::new(name(BOX, "author"))
                .with_lang("en")
                .with_text("J.J."),
        )
    })
    .unwrap()
    .end()
    .unwrap();
    let xml = finish(ms);
    assert_author_lang_en(&xml);
}

/// The document's `author` element (boxschema) has `xml:lang="en"`, as roxmltree reads it.
fn assert_author_lang_en(xml: &str) {
    let doc = parse_ok(xml);
    let author = &elements(&doc, BOX, "author")[0];
    assert_eq!(
        author.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("en")
    );
}

/// `xml:lang` on a dead property held in a `Multistatus` value is written too.
#[test]
fn xml_lang_on_a_dead_property_in_the_model() {
    let mut ms = Multistatus::new();
    ms.responses.push(Response::propstat(
        path("/x"),
        Propstat::new(
            Status::OK,
            vec![
                Element::new(name(BOX, "author"))
                    .with_lang("en")
                    .with_text("J.J."),
            ],
        ),
    ));
    let xml = ms.to_xml().unwrap();
    assert_author_lang_en(&xml);
}

/// An element given the same attribute twice must not produce a duplicate attribute
/// (malformed XML): it is refused or written once.
#[test]
fn duplicate_attribute_is_not_written_twice() {
    let mut ms = writer();
    if let Ok(r) = ms.response(&path("/x"), Status::OK, |p| {
        p.raw(
            &Element::new(name("urn:x", "a"))
                .with_attribute(name("", "k"), "1")
                .with_attribute(name("", "k"), "2"),
        )
    }) {
        r.end().unwrap();
    }
    let xml = finish(ms);
    parse_ok(&xml);
}

/// Attributes whose values end as another attribute's name does (`a="x b="`, `xml:lang`
/// inherited by every element of a dead value) are distinct attributes: all are written
/// (found by the `proppatch` fuzz target: the duplicate check matched ` b="` across the end
/// of the value before it).
#[test]
fn value_ending_like_a_name_is_not_a_duplicate() {
    let element = Element::new(name("urn:x", "a"))
        .with_lang("x colorang=")
        .with_attribute(name("", "k"), "1 b=")
        .with_attribute(name("", "b"), "2 colorang=")
        .with_attribute(name("", "colorang"), "3")
        .with_attribute(name("urn:y", "c"), "4 ns1:c=")
        .with_attribute(name("urn:y", "d"), "5");
    // Written as a tree, and as a stored value (whose attributes go through `Attributes`,
    // which refuses a name written twice).
    let mut ms = writer();
    ms.response(&path("/x"), Status::OK, |p| p.raw(&element))
        .unwrap()
        .end()
        .unwrap();
    ms.response(&path("/y"), Status::OK, |p| {
        p.named_property(element.name(), &RawValue::from_element(&element))
    })
    .unwrap()
    .end()
    .unwrap();
    let xml = finish(ms);
    let doc = parse_ok(&xml);
    let written = elements(&doc, "urn:x", "a");
    assert_eq!(written.len(), 2, "{xml}");
    for a in written {
        let attributes: Vec<(Option<&str>, &str, &str)> = a
            .attributes()
            .map(|at| (at.namespace(), at.name(), at.value()))
            .collect();
        assert_eq!(
            attributes,
            [
                (
                    Some("http://www.w3.org/XML/1998/namespace"),
                    "lang",
                    "x colorang="
                ),
                (None, "k", "1 b="),
                (None, "b", "2 colorang="),
                (None, "colorang", "3"),
                (Some("urn:y"), "c", "4 ns1:c="),
                (Some("urn:y"), "d", "5"),
            ],
            "{xml}"
        );
    }
}

/// An attribute named `xmlns` in no namespace would be a default namespace declaration and
/// move unprefixed descendants into it: it must be refused, not written.
#[test]
fn attribute_named_xmlns_is_refused() {
    let mut ms = writer();
    if let Ok(r) = ms.response(&path("/x"), Status::OK, |p| {
        p.raw(
            &Element::new(name("urn:x", "a"))
                .with_attribute(name("", "xmlns"), "urn:evil")
                .with_child(Element::new(name("", "plain"))),
        )
    }) {
        r.end().unwrap();
    }
    let xml = finish(ms);
    let doc = parse_ok(&xml);
    for plain in doc.descendants().filter(|n| n.has_tag_name("plain")) {
        assert_eq!(plain.tag_name().namespace(), None, "{xml}");
    }
}

// ---- Shapes and optional parts ----

/// A status response can name several resources; they share its one status.
#[test]
fn status_response_with_several_hrefs() {
    let mut ms = writer();
    let mut r = ms.status_response(&path("/a"), Status::LOCKED).unwrap();
    r.href(&path("/b")).href(&path("/c d"));
    r.end().unwrap();
    ms.write(
        &Response::<Vec<Element>>::status(path("/e"), Status::FAILED_DEPENDENCY)
            .with_href(path("/f"))
            .unwrap(),
    )
    .unwrap();
    let xml = finish(ms);
    let doc = parse_ok(&xml);
    let responses = elements(&doc, DAV, "response");
    assert_eq!(responses.len(), 2);
    assert_eq!(
        child_names(responses[0]),
        ["{DAV:}href", "{DAV:}href", "{DAV:}href", "{DAV:}status"]
    );
    assert_eq!(response_hrefs(&doc), ["/a", "/b", "/c%20d", "/e", "/f"]);
    assert_eq!(
        dav_texts(&doc, "status"),
        ["HTTP/1.1 423 Locked", "HTTP/1.1 424 Failed Dependency"]
    );

    // The two shapes do not mix.
    let status: Response<'_, Vec<Element>> = Response::status(path("/a"), Status::OK);
    assert!(
        status
            .with_propstat(Propstat::new(Status::OK, vec![]))
            .is_err()
    );
    let props: Response<'_, Vec<Element>> =
        Response::propstat(path("/a"), Propstat::new(Status::OK, vec![]));
    assert!(props.with_href(path("/b")).is_err());
}

/// `DAV:error`, `DAV:responsedescription` and `DAV:location` on a response, in the order of
/// RFC 4918 §14.24, for both shapes; `DAV:error` on a propstat (§14.22).
#[test]
fn response_error_description_and_location() {
    let error = DavError::dav("lock-token-submitted").with_condition(
        Element::new(name("urn:x", "detail"))
            .with_child(Element::new(Name::dav("href")).with_text("/locked")),
    );
    let mut ms = writer();
    ms.status_response(&path("/moved"), Status::MOVED_PERMANENTLY)
        .unwrap()
        .end_with(
            Some(&error),
            Some(&"moved away".into()),
            Some(&Href::from_origin_and_path("http://example.com", "/new place").unwrap()),
        )
        .unwrap();
    ms.response_with(
        &path("/p"),
        &Status::FORBIDDEN.into(),
        |p| {
            p.empty_named(&Name::dav("getetag"));
            Ok(())
        },
        Some(&DavError::dav("cannot-modify-protected-property")),
        Some(&"protected".into()),
    )
    .unwrap()
    .end_with(
        Some(&error),
        Some(&"whole response".into()),
        Some(&path("/elsewhere")),
    )
    .unwrap();
    let xml = finish(ms);
    let doc = parse_ok(&xml);
    let responses = elements(&doc, DAV, "response");
    assert_eq!(
        child_names(responses[0]),
        [
            "{DAV:}href",
            "{DAV:}status",
            "{DAV:}error",
            "{DAV:}responsedescription",
            "{DAV:}location"
        ]
    );
    assert_eq!(
        child_names(responses[1]),
        [
            "{DAV:}href",
            "{DAV:}propstat",
            "{DAV:}error",
            "{DAV:}responsedescription",
            "{DAV:}location"
        ]
    );
    let propstat = elements(&doc, DAV, "propstat")[0];
    assert_eq!(
        child_names(propstat),
        [
            "{DAV:}prop",
            "{DAV:}status",
            "{DAV:}error",
            "{DAV:}responsedescription"
        ]
    );
    let locations: Vec<String> = elements(&doc, DAV, "location")
        .iter()
        .map(|l| {
            assert_eq!(child_names(*l), ["{DAV:}href"]);
            l.first_element_child().unwrap().text().unwrap().to_owned()
        })
        .collect();
    assert_eq!(locations, ["http://example.com/new%20place", "/elsewhere"]);
    let first_error = elements(&doc, DAV, "error")[0];
    assert_eq!(
        child_names(first_error),
        ["{DAV:}lock-token-submitted", "{urn:x}detail"]
    );
    assert_eq!(
        dav_texts(&doc, "responsedescription"),
        ["moved away", "protected", "whole response"]
    );

    // The same through the model, compared namespace-aware with what the writer wrote.
    let mut model = Multistatus::new();
    model.responses.push(
        Response::<Vec<Element>>::status(path("/moved"), Status::MOVED_PERMANENTLY)
            .with_error(error.clone())
            .with_description("moved away")
            .with_location(Href::from_origin_and_path("http://example.com", "/new place").unwrap()),
    );
    model.responses.push(
        Response::propstat(
            path("/p"),
            Propstat::new(Status::FORBIDDEN, vec![Element::new(Name::dav("getetag"))])
                .with_error(DavError::dav("cannot-modify-protected-property"))
                .with_description("protected"),
        )
        .with_error(error)
        .with_description("whole response")
        .with_location(path("/elsewhere")),
    );
    assert_xml_eq(&model.to_xml().unwrap(), &xml);
}

/// The multistatus-level `DAV:responsedescription` and the RFC 6578 `DAV:sync-token` come
/// after the responses, in that order.
#[test]
fn body_description_and_sync_token() {
    let mut ms = writer();
    ms.status_response(&path("/gone"), Status::NOT_FOUND)
        .unwrap()
        .end()
        .unwrap();
    let out = ms
        .finish_with(
            Some(&"changes since token 1 & more".into()),
            Some("http://example.com/ns/sync/1234"),
        )
        .unwrap();
    let xml = String::from_utf8(out).unwrap();
    assert!(
        xml.ends_with(concat!(
            "</D:response>",
            "<D:responsedescription>changes since token 1 &amp; more</D:responsedescription>",
            "<D:sync-token>http://example.com/ns/sync/1234</D:sync-token>",
            "</D:multistatus>"
        )),
        "{xml}"
    );
    let doc = parse_ok(&xml);
    assert_eq!(
        child_names(doc.root_element()),
        [
            "{DAV:}response",
            "{DAV:}responsedescription",
            "{DAV:}sync-token"
        ]
    );

    // An empty sync-collection answer: only the token. The model writes the same.
    let only_token = String::from_utf8(
        writer()
            .finish_with(None, Some("http://example.com/ns/sync/1235"))
            .unwrap(),
    )
    .unwrap();
    let doc = parse_ok(&only_token);
    assert_eq!(child_names(doc.root_element()), ["{DAV:}sync-token"]);
    assert_eq!(
        dav_texts(&doc, "sync-token"),
        ["http://example.com/ns/sync/1235"]
    );
    let mut model: Multistatus<'_, Vec<Element>> = Multistatus::new();
    model.sync_token = Some("http://example.com/ns/sync/1235".into());
    assert_xml_eq(&model.to_xml().unwrap(), &only_token);
    model.description = Some("d".into());
    let doc_xml = model.to_xml().unwrap();
    let doc = parse_ok(&doc_xml);
    assert_eq!(
        child_names(doc.root_element()),
        ["{DAV:}responsedescription", "{DAV:}sync-token"]
    );
}

/// A response dropped before it is ended, after an error or not, leaves nothing.
#[test]
fn unended_responses_leave_nothing() {
    let mut ms = writer();
    {
        let mut r = ms
            .response(&path("/dropped"), Status::OK, |p| {
                p.text_element(&DISPLAYNAME, "x")
            })
            .unwrap();
        r.propstat(Status::NOT_FOUND, |p| {
            p.empty_named(&name("urn:x", "y"));
            Ok(())
        })
        .unwrap();
    }
    {
        let mut r = ms
            .status_response(&path("/dropped2"), Status::LOCKED)
            .unwrap();
        r.href(&path("/dropped3"));
    }
    ms.status_response(&path("/kept"), Status::OK)
        .unwrap()
        .end()
        .unwrap();
    let xml = finish(ms);
    assert!(!xml.contains("dropped"), "{xml}");
    let doc = parse_ok(&xml);
    assert_eq!(response_hrefs(&doc), ["/kept"]);
}

/// The exact bytes of a small body: declaration, root, one response of each shape.
#[test]
fn exact_small_body() {
    let mut ns = Namespaces::new();
    ns.declare(BOX).unwrap();
    let mut ms = MultistatusWriter::new(Vec::new(), ns);
    ms.response(&path("/a b"), Status::OK, |p| {
        p.text_element(&DISPLAYNAME, "A & B")?;
        p.element(&RESOURCETYPE, |s| {
            s.empty(&COLLECTION);
            Ok(())
        })?;
        p.text_element(&BIGBOX, "x")
    })
    .unwrap()
    .end()
    .unwrap();
    ms.status_response(&path("/locked"), Status::LOCKED)
        .unwrap()
        .end()
        .unwrap();
    assert_eq!(
        finish(ms),
        concat!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
            r#"<D:multistatus xmlns:D="DAV:" xmlns:ns1="http://ns.example.com/boxschema/">"#,
            "<D:response><D:href>/a%20b</D:href><D:propstat><D:prop>",
            "<D:displayname>A &amp; B</D:displayname>",
            "<D:resourcetype><D:collection/></D:resourcetype>",
            "<ns1:bigbox>x</ns1:bigbox></D:prop>",
            "<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>",
            "<D:response><D:href>/locked</D:href>",
            "<D:status>HTTP/1.1 423 Locked</D:status></D:response>",
            "</D:multistatus>",
        )
    );
}

// ---- Streaming ----

#[derive(Default, Debug)]
struct Stats {
    calls: usize,
    bytes: usize,
    max_write: usize,
    flushes: usize,
    head: Vec<u8>,
    tail: Vec<u8>,
}

/// A `Write` that keeps only statistics, shared with the test while the writer owns it.
struct Counting(Rc<RefCell<Stats>>);

impl Write for Counting {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut s = self.0.borrow_mut();
        s.calls += 1;
        s.bytes += buf.len();
        s.max_write = s.max_write.max(buf.len());
        if s.head.len() < 64 {
            let take = buf.len().min(64 - s.head.len());
            s.head.extend_from_slice(&buf[..take]);
        }
        s.tail.extend_from_slice(buf);
        let drop = s.tail.len().saturating_sub(64);
        s.tail.drain(..drop);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.borrow_mut().flushes += 1;
        Ok(())
    }
}

/// 100 000 responses go to the output as they are written, in pieces of bounded size,
/// never as one piece at the end.
#[test]
fn streaming_hands_output_over_incrementally() {
    const N: usize = 100_000;
    let stats = Rc::new(RefCell::new(Stats::default()));
    let mut ms = MultistatusWriter::new(Counting(Rc::clone(&stats)), Namespaces::new());
    let mut handed_at = Vec::new();
    let mut produced = 0usize;
    for i in 0..N {
        let href = path(&format!("/files/file {i}.txt"));
        let name = format!("file {i} & co");
        ms.response(&href, Status::OK, |p| {
            p.text_element(&DISPLAYNAME, &name)?;
            p.text_element(&GETETAG, "\"e\"")
        })
        .unwrap()
        .end()
        .unwrap();
        // At least this much was produced: every response is longer than 150 bytes.
        produced += 150;
        if i % 10_000 == 9_999 {
            handed_at.push((produced, stats.borrow().bytes));
        }
    }
    let before_finish = stats.borrow().bytes;
    let out = ms.finish().unwrap();
    drop(out);
    let s = stats.borrow();

    // Output was handed over while responses were still being written, keeping up with them.
    for (produced, handed) in &handed_at {
        assert!(
            handed + 256 * 1024 >= *produced,
            "only {handed} of at least {produced} bytes handed over: the writer buffers"
        );
    }
    assert!(
        before_finish > s.bytes / 2,
        "most output waited for finish()"
    );
    // In many pieces of bounded size, not one big one.
    assert!(s.calls > 100, "{} write calls", s.calls);
    assert!(
        s.max_write <= 256 * 1024,
        "one write of {} bytes: the buffer grows with the body",
        s.max_write
    );
    assert!(s.bytes > 150 * N);
    assert!(s.flushes >= 1, "finish() flushes");
    assert!(
        s.head
            .starts_with(b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:multistatus")
    );
    assert!(s.tail.ends_with(b"</D:response></D:multistatus>"));
}

/// A writer error from the output is reported as `Error::Io`.
#[test]
fn output_errors_are_reported() {
    struct Failing;
    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::other("disk full"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut ms = MultistatusWriter::new(Failing, Namespaces::new());
    let mut failed = None;
    for i in 0..10_000 {
        let r = ms
            .status_response(&path(&format!("/{i}")), Status::OK)
            .and_then(multistatus::StatusResponse::end);
        if let Err(e) = r {
            failed = Some(e);
            break;
        }
    }
    let err = match failed {
        Some(e) => e,
        None => ms.finish().map(|_| ()).unwrap_err(),
    };
    assert!(matches!(err, Error::Io(_)), "{err:?}");
}

/// 207 Multi-Status is the status of a whole body: a propstat with it is an error, and the
/// response is left out, whether it is the first propstat or a later one, written or a value.
#[test]
fn multi_status_in_a_propstat_is_refused() {
    let mut ms = writer();
    let first = ms.response(&path("/a"), Status::MULTI_STATUS, |p| {
        p.text_element(&DISPLAYNAME, "x")
    });
    assert!(matches!(
        first.map(drop),
        Err(Error::StatusNotAllowed { status, .. }) if status == Status::MULTI_STATUS
    ));
    let mut r = ms
        .response(&path("/b"), Status::OK, |p| {
            p.text_element(&DISPLAYNAME, "x")
        })
        .unwrap();
    assert!(r.propstat(Status::MULTI_STATUS, |_| Ok(())).is_err());
    assert!(r.end().is_err());
    let model: Response<'_, Vec<Element>> = Response::propstat(
        path("/c"),
        Propstat::new(Status::MULTI_STATUS, vec![Element::new(Name::dav("x"))]),
    );
    assert!(ms.write(&model).is_err());
    let xml = finish(ms);
    assert!(!xml.contains("<D:response>"), "{xml}");
}

/// A description's language is written as `xml:lang` on every `responsedescription`: the
/// propstat's, the response's and the body's, streamed or as values.
#[test]
fn descriptions_carry_their_language() {
    let fr = multistatus::Description::new("interdit").with_lang("fr");
    let mut ms = writer();
    ms.response_with(
        &path("/a"),
        &Status::FORBIDDEN.into(),
        |p| {
            p.empty(&DISPLAYNAME);
            Ok(())
        },
        None,
        Some(&fr),
    )
    .unwrap()
    .end_with(None, Some(&"plain".into()), None)
    .unwrap();
    let model: Response<'_, Vec<Element>> = Response::status(path("/b"), Status::LOCKED)
        .with_description(multistatus::Description::new("verrouillé").with_lang("fr"));
    ms.write(&model).unwrap();
    let xml = String::from_utf8(
        ms.finish_with(
            Some(&multistatus::Description::new("fin").with_lang("fr-CA")),
            None,
        )
        .unwrap(),
    )
    .unwrap();
    let doc = parse_ok(&xml);
    let langs: Vec<(Option<&str>, Option<&str>)> = elements(&doc, DAV, "responsedescription")
        .iter()
        .map(|n| (n.text(), n.attribute((multistatus::name::XML, "lang"))))
        .collect();
    assert_eq!(
        langs,
        [
            (Some("interdit"), Some("fr")),
            (Some("plain"), None),
            (Some("verrouillé"), Some("fr")),
            (Some("fin"), Some("fr-CA")),
        ]
    );
}

/// Writes a body that declares a namespace below the root (an undeclared tag) and escapes
/// text, for the restart tests.
fn write_some(ms: &mut MultistatusWriter<Vec<u8>>, i: usize) {
    ms.response(&path(&format!("/d {i}")), Status::OK, |p| {
        p.text_element(&DISPLAYNAME, &format!("<{i}>"))?;
        p.text_element(&BIGBOX, "box")
    })
    .unwrap()
    .end()
    .unwrap();
}

/// A writer restarted after each body writes, body after body, what a new writer writes:
/// same root, same local prefixes (counted from the start again), escaped text.
#[test]
fn restarted_writer_writes_what_new_writers_write() {
    let mut ms = MultistatusWriter::in_memory(Vec::new(), Namespaces::new());
    let mut body = Vec::with_capacity(7);
    for i in 0..3 {
        write_some(&mut ms, i);
        ms.finish_and_restart(&mut body).unwrap();
        let mut fresh = MultistatusWriter::in_memory(Vec::new(), Namespaces::new());
        write_some(&mut fresh, i);
        let expected = String::from_utf8(fresh.finish().unwrap()).unwrap();
        let got = String::from_utf8(body.clone()).unwrap();
        assert_eq!(got, expected);
        let doc = parse_ok(&got);
        assert_eq!(response_hrefs(&doc), [format!("/d%20{i}")]);
        assert_eq!(dav_texts(&doc, "displayname"), [format!("<{i}>")]);
        assert_eq!(elements(&doc, BOX, "bigbox").len(), 1);
    }
    // The body left in the writer is a new, empty one.
    assert_xml_eq(
        &finish(ms),
        r#"<?xml version="1.0" encoding="utf-8"?><D:multistatus xmlns:D="DAV:"/>"#,
    );
}

/// Only an in-memory writer restarts: one over an `io::Write` refuses, and keeps its body.
#[test]
fn restart_needs_an_in_memory_writer() {
    let mut ms = writer();
    write_some(&mut ms, 0);
    let mut body = b"kept".to_vec();
    assert!(matches!(
        ms.finish_and_restart(&mut body),
        Err(Error::Value(_))
    ));
    assert_eq!(body, b"kept");
    let doc_text = finish(ms);
    assert_eq!(response_hrefs(&parse_ok(&doc_text)), ["/d%200"]);
}
