//! The `207 Multi-Status` examples printed in RFC 4918 and RFC 5842, rebuilt through the
//! public API and compared namespace-aware with the bodies in `tests/rfc-examples/`.
//!
//! Both ways of making a body are used: the streaming [`MultistatusWriter`] with a [`Sink`]
//! (tags, raw elements, hrefs), and the [`Multistatus`] / [`Response`] / [`Propstat`] values.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod support;

use multistatus::name::{DAV, Name, Tag};
use multistatus::{
    DavError, Description, Element, Error, Href, Multistatus, MultistatusWriter, Namespaces,
    Propstat, Response, Sink, Status, StatusLine,
};
use support::{assert_xml_eq, parse_ok, rfc_example, xml_diff};

const R: &str = "http://ns.example.com/boxschema/";
const Z: &str = "http://ns.example.com/standards/z39.50/";

const CREATIONDATE: Tag = Tag::new(DAV, "creationdate");
const DISPLAYNAME: Tag = Tag::new(DAV, "displayname");
const GETCONTENTLENGTH: Tag = Tag::new(DAV, "getcontentlength");
const GETCONTENTTYPE: Tag = Tag::new(DAV, "getcontenttype");
const GETETAG: Tag = Tag::new(DAV, "getetag");
const GETLASTMODIFIED: Tag = Tag::new(DAV, "getlastmodified");
const RESOURCETYPE: Tag = Tag::new(DAV, "resourcetype");
const COLLECTION: Tag = Tag::new(DAV, "collection");
const SUPPORTEDLOCK: Tag = Tag::new(DAV, "supportedlock");
const LOCKENTRY: Tag = Tag::new(DAV, "lockentry");
const LOCKSCOPE: Tag = Tag::new(DAV, "lockscope");
const LOCKTYPE: Tag = Tag::new(DAV, "locktype");
const EXCLUSIVE: Tag = Tag::new(DAV, "exclusive");
const SHARED: Tag = Tag::new(DAV, "shared");
const WRITE: Tag = Tag::new(DAV, "write");
const LOCKDISCOVERY: Tag = Tag::new(DAV, "lockdiscovery");
const ACTIVELOCK: Tag = Tag::new(DAV, "activelock");
const DEPTH: Tag = Tag::new(DAV, "depth");
const OWNER: Tag = Tag::new(DAV, "owner");
const TIMEOUT: Tag = Tag::new(DAV, "timeout");
const LOCKTOKEN: Tag = Tag::new(DAV, "locktoken");
const LOCKROOT: Tag = Tag::new(DAV, "lockroot");
const RESOURCE_ID: Tag = Tag::new(DAV, "resource-id");

fn r(local: &'static str) -> Name<'static> {
    Name::new(R, local).unwrap()
}

fn dav(local: &'static str) -> Element {
    Element::new(Name::dav(local))
}

fn href(uri: &'static str) -> Href<'static> {
    Href::from_encoded(uri).unwrap()
}

/// Ends the body and checks it against the RFC example `file`.
fn check(output: Vec<u8>, file: &str) {
    let xml = String::from_utf8(output).expect("the writer writes UTF-8");
    parse_ok(&xml);
    assert_xml_eq(&xml, &rfc_example(file));
}

/// `<D:supportedlock>` with the exclusive and shared write lock entries, written with tags.
fn supportedlock(sink: &mut Sink) -> Result<(), Error> {
    sink.element(&SUPPORTEDLOCK, |s| {
        for scope in [&EXCLUSIVE, &SHARED] {
            s.element(&LOCKENTRY, |s| {
                s.element(&LOCKSCOPE, |s| {
                    s.empty(scope);
                    Ok(())
                })?;
                s.element(&LOCKTYPE, |s| {
                    s.empty(&WRITE);
                    Ok(())
                })
            })?;
        }
        Ok(())
    })
}

/// `<D:supportedlock>` as a raw element tree.
fn supportedlock_element() -> Element {
    let entry = |scope: &'static str| {
        dav("lockentry")
            .with_child(dav("lockscope").with_child(dav(scope)))
            .with_child(dav("locktype").with_child(dav("write")))
    };
    dav("supportedlock")
        .with_child(entry("exclusive"))
        .with_child(entry("shared"))
}

/// RFC 4918 §9.1.3: two propstats (200 with dead properties holding child elements, 403 with
/// a responsedescription), a multistatus-level responsedescription, an absolute-URI href.
#[test]
fn rfc4918_9_1_3_propfind_named_properties() {
    let mut ns = Namespaces::new();
    ns.declare(R).unwrap();
    let mut ms = MultistatusWriter::new(Vec::new(), ns);
    let mut response = ms
        .response(&href("http://www.example.com/file"), Status::OK, |p| {
            p.raw(
                &Element::new(r("bigbox"))
                    .with_child(Element::new(r("BoxType")).with_text("Box type A")),
            )?;
            p.raw(
                &Element::new(r("author"))
                    .with_child(Element::new(r("Name")).with_text("J.J. Johnson")),
            )
        })
        .unwrap();
    response
        .propstat_with(
            &Status::FORBIDDEN.into(),
            |p| {
                p.empty_named(&r("DingALing"));
                p.empty_named(&r("Random"));
                Ok(())
            },
            None,
            Some(&" The user does not have access to the\n DingALing property.\n      ".into()),
        )
        .unwrap();
    response.end().unwrap();
    let out = ms
        .finish_with(
            Some(&" There has been an access violation error.\n  ".into()),
            None,
        )
        .unwrap();
    check(out, "rfc4918-9.1.3.xml");
}

/// RFC 4918 §9.1.4: a `propname` answer (empty elements only) for two resources, built as
/// `Multistatus` values of `Name` lists; the example uses a default `xmlns="DAV:"`.
#[test]
fn rfc4918_9_1_4_propfind_propname() {
    let container: Vec<Name<'static>> = vec![
        r("bigbox"),
        r("author"),
        Name::dav("creationdate"),
        Name::dav("displayname"),
        Name::dav("resourcetype"),
        Name::dav("supportedlock"),
    ];
    let front: Vec<Name<'static>> = vec![
        r("bigbox"),
        Name::dav("creationdate"),
        Name::dav("displayname"),
        Name::dav("getcontentlength"),
        Name::dav("getcontenttype"),
        Name::dav("getetag"),
        Name::dav("getlastmodified"),
        Name::dav("resourcetype"),
        Name::dav("supportedlock"),
    ];
    let origin = "http://www.example.com";
    let mut ms = Multistatus::new();
    ms.responses.push(Response::propstat(
        Href::from_origin_and_path(origin, "/container/").unwrap(),
        Propstat::new(Status::OK, container),
    ));
    ms.responses.push(Response::propstat(
        Href::from_origin_and_path(origin, "/container/front.html").unwrap(),
        Propstat::new(Status::OK, front),
    ));
    let xml = ms.to_xml().unwrap();
    parse_ok(&xml);
    assert_xml_eq(&xml, &rfc_example("rfc4918-9.1.4.xml"));
}

/// RFC 4918 §9.1.5: `allprop` at Depth 1 with every RFC 4918 live property written through
/// `Tag`s (supportedlock, resourcetype, quoted etag, dates) and dead properties as raw trees.
#[test]
fn rfc4918_9_1_5_propfind_allprop() {
    let mut ns = Namespaces::new();
    ns.declare(R).unwrap();
    let mut ms = MultistatusWriter::new(Vec::new(), ns);
    ms.response(&Href::from_path("/container/").unwrap(), Status::OK, |p| {
        p.raw(
            &Element::new(r("bigbox"))
                .with_child(Element::new(r("BoxType")).with_text("Box type A")),
        )?;
        p.raw(&Element::new(r("author")).with_child(Element::new(r("Name")).with_text("Hadrian")))?;
        p.text_element(&CREATIONDATE, "1997-12-01T17:42:21-08:00")?;
        p.text_element(&DISPLAYNAME, "Example collection")?;
        p.element(&RESOURCETYPE, |s| {
            s.empty(&COLLECTION);
            Ok(())
        })?;
        supportedlock(p)
    })
    .unwrap()
    .end()
    .unwrap();
    ms.response(
        &Href::from_path("/container/front.html").unwrap(),
        Status::OK,
        |p| {
            p.raw(
                &Element::new(r("bigbox"))
                    .with_child(Element::new(r("BoxType")).with_text("Box type B")),
            )?;
            p.text_element(&CREATIONDATE, "1997-12-01T18:27:21-08:00")?;
            p.text_element(&DISPLAYNAME, "Example HTML resource")?;
            p.text_element(&GETCONTENTLENGTH, "4525")?;
            p.text_element(&GETCONTENTTYPE, "text/html")?;
            p.text_element(&GETETAG, "\"zzyzx\"")?;
            p.text_element(&GETLASTMODIFIED, "Mon, 12 Jan 1998 09:25:56 GMT")?;
            p.empty(&RESOURCETYPE);
            supportedlock(p)
        },
    )
    .unwrap()
    .end()
    .unwrap();
    check(ms.finish().unwrap(), "rfc4918-9.1.5.xml");
}

/// RFC 4918 §9.2.2: PROPPATCH answered with propstats 424 and 409 and a response-level
/// responsedescription, built as `Response` / `Propstat` values of raw elements.
#[test]
fn rfc4918_9_2_2_proppatch() {
    let z = |local: &'static str| Element::new(Name::new(Z, local).unwrap());
    let response = Response::propstat(
        href("http://www.example.com/bar.html"),
        Propstat::new(Status::FAILED_DEPENDENCY, vec![z("Authors")]),
    )
    .with_propstat(Propstat::new(Status::CONFLICT, vec![z("Copyright-Owner")]))
    .unwrap()
    .with_description(" Copyright Owner cannot be deleted or\n      altered.");
    let mut ms = Multistatus::new();
    ms.responses.push(response);
    let xml = ms.to_xml().unwrap();
    parse_ok(&xml);
    assert_xml_eq(&xml, &rfc_example("rfc4918-9.2.2.xml"));
}

/// RFC 4918 §9.6.2: DELETE answered with a status-only 423 response carrying
/// `DAV:error` / `lock-token-submitted`, as a `Response` value.
#[test]
fn rfc4918_9_6_2_delete_locked() {
    let mut ms: Multistatus<'_, Vec<Element>> = Multistatus::new();
    ms.responses.push(
        Response::status(
            href("http://www.example.com/container/resource3"),
            Status::LOCKED,
        )
        .with_error(DavError::dav("lock-token-submitted")),
    );
    let xml = ms.to_xml().unwrap();
    parse_ok(&xml);
    assert_xml_eq(&xml, &rfc_example("rfc4918-9.6.2.xml"));
}

/// RFC 4918 §9.8.8: COPY answered with a status-only 423 and its `DAV:error`, streamed with
/// `MultistatusWriter::status_response`.
#[test]
fn rfc4918_9_8_8_copy_locked() {
    let mut ms = MultistatusWriter::new(Vec::new(), Namespaces::new());
    ms.status_response(
        &href("http://www.example.com/othercontainer/R2/"),
        Status::LOCKED,
    )
    .unwrap()
    .end_with(Some(&DavError::dav("lock-token-submitted")), None, None)
    .unwrap();
    check(ms.finish().unwrap(), "rfc4918-9.8.8.xml");
}

/// RFC 4918 §9.9.6: MOVE answered with a status-only 423 and its `DAV:error` (the example
/// declares its namespace with single quotes), the error condition built as an `Element`.
#[test]
fn rfc4918_9_9_6_move_locked() {
    let mut ms = MultistatusWriter::new(Vec::new(), Namespaces::new());
    let error = DavError::new(dav("lock-token-submitted"));
    ms.status_response(
        &Href::from_origin_and_path("http://www.example.com", "/othercontainer/C2/").unwrap(),
        StatusLine::from(Status::LOCKED),
    )
    .unwrap()
    .end_with(Some(&error), None, None)
    .unwrap();
    check(ms.finish().unwrap(), "rfc4918-9.9.6.xml");
}

/// RFC 4918 §9.10.9: LOCK on a collection answered with two status-only responses, 403 and
/// 424 Failed Dependency.
#[test]
fn rfc4918_9_10_9_lock_failed() {
    let mut ms = MultistatusWriter::new(Vec::new(), Namespaces::new());
    ms.status_response(&href("http://example.com/webdav/secret"), Status::FORBIDDEN)
        .unwrap()
        .end()
        .unwrap();
    ms.status_response(
        &href("http://example.com/webdav/"),
        Status::new(424).unwrap(),
    )
    .unwrap()
    .end()
    .unwrap();
    check(ms.finish().unwrap(), "rfc4918-9.10.9.xml");
}

/// RFC 4918 §15.8.1: `DAV:lockdiscovery` with an activelock (locktype, lockscope, depth,
/// owner, timeout, locktoken and lockroot hrefs) written through tags and `Sink::href`.
#[test]
fn rfc4918_15_8_1_lockdiscovery() {
    let mut ms = MultistatusWriter::new(Vec::new(), Namespaces::new());
    let container = href("http://www.example.com/container/");
    ms.response(&container, Status::OK, |p| {
        p.element(&LOCKDISCOVERY, |s| {
            s.element(&ACTIVELOCK, |s| {
                s.element(&LOCKTYPE, |s| {
                    s.empty(&WRITE);
                    Ok(())
                })?;
                s.element(&LOCKSCOPE, |s| {
                    s.empty(&EXCLUSIVE);
                    Ok(())
                })?;
                s.text_element(&DEPTH, "0")?;
                s.text_element(&OWNER, "Jane Smith")?;
                s.text_element(&TIMEOUT, "Infinite")?;
                s.element(&LOCKTOKEN, |s| {
                    s.href(&href("urn:uuid:f81de2ad-7f3d-a1b2-4f3c-00a0c91a9d76"));
                    Ok(())
                })?;
                s.element(&LOCKROOT, |s| {
                    s.href(&container);
                    Ok(())
                })
            })
        })
    })
    .unwrap()
    .end()
    .unwrap();
    check(ms.finish().unwrap(), "rfc4918-15.8.1.xml");
}

/// RFC 4918 §15.10.1: `DAV:supportedlock` with exclusive and shared lock entries, as a
/// `Multistatus` value holding a raw `DAV:` element tree.
#[test]
fn rfc4918_15_10_1_supportedlock() {
    let mut ms = Multistatus::new();
    ms.responses.push(Response::propstat(
        href("http://www.example.com/container/"),
        Propstat::new(Status::OK, vec![supportedlock_element()]),
    ));
    let xml = ms.to_xml().unwrap();
    parse_ok(&xml);
    assert_xml_eq(&xml, &rfc_example("rfc4918-15.10.1.xml"));
}

/// RFC 5842 §7.1.1: PROPFIND Depth infinity over a bind loop: `DAV:resource-id` hrefs and
/// the 208 Already Reported propstat.
#[test]
fn rfc5842_7_1_1_already_reported() {
    let mut ms = MultistatusWriter::new(Vec::new(), Namespaces::new());
    let resources = [
        (
            "/Coll/",
            "Loop Demo",
            "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf8",
            Status::OK,
        ),
        (
            "/Coll/Foo",
            "Bird Inventory",
            "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf9",
            Status::OK,
        ),
        (
            "/Coll/Bar",
            "Loop Demo",
            "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf8",
            Status::ALREADY_REPORTED,
        ),
    ];
    for (path, name, id, status) in resources {
        let h = Href::from_origin_and_path("http://www.example.com", path).unwrap();
        ms.response(&h, status, |p| {
            p.text_element(&DISPLAYNAME, name)?;
            p.element(&RESOURCE_ID, |s| {
                s.href(&href(id));
                Ok(())
            })
        })
        .unwrap()
        .end()
        .unwrap();
    }
    let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
    assert!(
        xml.contains("<D:status>HTTP/1.1 208 Already Reported</D:status>"),
        "{xml}"
    );
    parse_ok(&xml);
    assert_xml_eq(&xml, &rfc_example("rfc5842-7.1.1.xml"));
}

/// RFC 6352 §8.6.5: a CardDAV query truncated by the server — a status response with a
/// `DAV:error` and a `DAV:responsedescription` in English (`xml:lang="en"`), then the
/// results.
#[test]
fn rfc6352_8_6_5_description_with_language() {
    let mut ns = Namespaces::new();
    ns.declare(multistatus::name::CARDDAV).unwrap();
    let mut ms = MultistatusWriter::new(Vec::new(), ns);
    ms.status_response(
        &href("/home/bernard/addressbook/"),
        Status::INSUFFICIENT_STORAGE,
    )
    .unwrap()
    .end_with(
        Some(&DavError::dav("number-of-matches-within-limits")),
        Some(
            &Description::new("\n      Only two matching records were returned\n    ")
                .with_lang("en"),
        ),
        None,
    )
    .unwrap();
    for (path, etag) in [
        ("/home/bernard/addressbook/v102.vcf", "\"23ba4d-ff11fb\""),
        ("/home/bernard/addressbook/v104.vcf", "\"23ba4d-ff11fc\""),
    ] {
        ms.response(&href(path), Status::OK, |p| p.text_element(&GETETAG, etag))
            .unwrap()
            .end()
            .unwrap();
    }
    let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
    assert!(
        xml.contains(r#"<D:responsedescription xml:lang="en">"#),
        "{xml}"
    );
    parse_ok(&xml);
    assert_xml_eq(&xml, &rfc_example("rfc6352-8.6.5.xml"));
}

/// RFC 6352 §8.6.5 again, as values: the model's description carries its language too.
#[test]
fn rfc6352_8_6_5_as_values() {
    let mut ms: Multistatus<'_, Vec<Element>> = Multistatus::new();
    ms.responses.push(
        Response::status(
            href("/home/bernard/addressbook/"),
            Status::INSUFFICIENT_STORAGE,
        )
        .with_error(DavError::dav("number-of-matches-within-limits"))
        .with_description(
            Description::new("\n      Only two matching records were returned\n    ")
                .with_lang("en"),
        ),
    );
    for (path, etag) in [
        ("/home/bernard/addressbook/v102.vcf", "\"23ba4d-ff11fb\""),
        ("/home/bernard/addressbook/v104.vcf", "\"23ba4d-ff11fc\""),
    ] {
        ms.responses.push(Response::propstat(
            href(path),
            Propstat::new(
                Status::OK,
                vec![Element::new(Name::dav("getetag")).with_text(etag)],
            ),
        ));
    }
    let xml = ms.to_xml().unwrap();
    parse_ok(&xml);
    assert_xml_eq(&xml, &rfc_example("rfc6352-8.6.5.xml"));
}

/// Every body in the examples folder has its test above, and is compiled into the tests: a
/// new file must get both.
#[test]
fn every_example_file_is_covered() {
    let mut files: Vec<String> = std::fs::read_dir(support::RFC_EXAMPLES_DIR)
        .expect("tests/rfc-examples/ is readable")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xml"))
        .collect();
    files.sort();
    let expected = [
        "rfc4918-15.10.1.xml",
        "rfc4918-15.8.1.xml",
        "rfc4918-9.1.3.xml",
        "rfc4918-9.1.4.xml",
        "rfc4918-9.1.5.xml",
        "rfc4918-9.10.9.xml",
        "rfc4918-9.2.2.xml",
        "rfc4918-9.6.2.xml",
        "rfc4918-9.8.8.xml",
        "rfc4918-9.9.6.xml",
        "rfc5842-7.1.1.xml",
        "rfc6352-8.6.5.xml",
    ];
    assert_eq!(files, expected);
    let mut compiled: Vec<&str> = support::RFC_EXAMPLES.iter().map(|(f, _)| *f).collect();
    compiled.sort_unstable();
    assert_eq!(compiled, expected);
    for f in &files {
        parse_ok(&rfc_example(f));
    }
}

// ---- The comparator itself: it must see real differences and only those. ----

fn differs(actual: &str, expected: &str) -> String {
    match xml_diff(actual, expected) {
        Ok(()) => panic!("no difference seen between\n{actual}\nand\n{expected}"),
        Err(msg) => msg,
    }
}

/// The comparator accepts the same document with other prefixes, a default namespace,
/// declarations moved, and other whitespace between elements.
#[test]
fn comparator_accepts_prefix_and_whitespace_changes() {
    let a = r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>/a</D:href><D:propstat><D:prop><R:x xmlns:R="urn:r" R:k="v" plain="p">t</R:x></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>"#;
    let b = "<?xml version=\"1.0\"?>\n<multistatus xmlns=\"DAV:\" xmlns:q='urn:r'>\n  <response>\n    <href>/a</href>\n    <propstat>\n      <prop>\n        <q:x plain='p' q:k='v'>t</q:x>\n      </prop>\n      <status>HTTP/1.1 200 OK</status>\n    </propstat>\n  </response>\n</multistatus>\n";
    assert_xml_eq(a, b);
    assert_xml_eq(b, a);
    // The same document against itself, and an RFC body against a reformatting of it.
    assert_xml_eq(a, a);
    assert_xml_eq(
        &rfc_example("rfc4918-9.6.2.xml"),
        r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>http://www.example.com/container/resource3</D:href><D:status>HTTP/1.1 423 Locked</D:status><D:error><D:lock-token-submitted/></D:error></D:response></D:multistatus>"#,
    );
}

/// A different namespace on the same local name is a difference, with its path.
#[test]
fn comparator_detects_namespace() {
    let msg = differs(
        r#"<D:a xmlns:D="DAV:"><D:b><x:c xmlns:x="urn:one"/></D:b></D:a>"#,
        r#"<D:a xmlns:D="DAV:"><D:b><x:c xmlns:x="urn:two"/></D:b></D:a>"#,
    );
    assert!(msg.starts_with("/a/b[1]/c[1]: namespace"), "{msg}");
    // No namespace versus a namespace.
    let msg = differs(
        r#"<a xmlns="DAV:"><c/></a>"#,
        r#"<a xmlns="DAV:"><c xmlns=""/></a>"#,
    );
    assert!(msg.contains("namespace"), "{msg}");
}

/// A different local name is a difference.
#[test]
fn comparator_detects_local_name() {
    let msg = differs(
        r#"<D:a xmlns:D="DAV:"><D:getetag/></D:a>"#,
        r#"<D:a xmlns:D="DAV:"><D:getEtag/></D:a>"#,
    );
    assert!(msg.starts_with("/a/getEtag[1]: local name"), "{msg}");
}

/// Different text is a difference, and text is compared exactly (leading and trailing
/// whitespace, line breaks, whitespace-only text in a leaf element).
#[test]
fn comparator_detects_text() {
    let doc = |s1: &str, s2: &str| {
        format!(
            r#"<D:multistatus xmlns:D="DAV:"><D:response><D:propstat><D:status>{s1}</D:status></D:propstat><D:propstat><D:status>{s2}</D:status></D:propstat></D:response></D:multistatus>"#
        )
    };
    let msg = differs(&doc("A", "X"), &doc("A", "Y"));
    assert_eq!(
        msg,
        r#"/multistatus/response[1]/propstat[2]/status[1]: text "X" != "Y""#
    );
    assert!(xml_diff(&doc("A", " X"), &doc("A", "X")).is_err());
    assert!(xml_diff(&doc("A", "X\n"), &doc("A", "X")).is_err());
    assert!(xml_diff(&doc("A", " "), &doc("A", "")).is_err());
    // A carriage return survives only as `&#13;`: a literal CR LF is read as LF (XML 1.0
    // §2.11), so only the escaped form differs from a bare line feed.
    assert!(xml_diff(&doc("A", "a&#13;\nb"), &doc("A", "a\nb")).is_err());
    assert_xml_eq(&doc("A", "a\r\nb"), &doc("A", "a\nb"));
    // Character references and entities are the text they stand for.
    assert_xml_eq(
        &doc("&lt;&amp;&gt;", "&#13;"),
        &doc("<![CDATA[<&>]]>", "&#xD;"),
    );
    // Text beside elements counts too.
    assert!(xml_diff("<a>x<b/></a>", "<a><b/></a>").is_err());
}

/// A missing element, an extra element and a missing text are differences.
#[test]
fn comparator_detects_missing_element() {
    let full = r#"<D:a xmlns:D="DAV:"><D:b/><D:c/></D:a>"#;
    let short = r#"<D:a xmlns:D="DAV:"><D:b/></D:a>"#;
    let msg = differs(short, full);
    assert_eq!(msg, "/a: missing element {DAV:}c");
    let msg = differs(full, short);
    assert_eq!(msg, "/a: extra element {DAV:}c");
    assert!(xml_diff("<a/>", "<a>t</a>").is_err());
    // Order matters.
    assert!(xml_diff(r#"<D:a xmlns:D="DAV:"><D:c/><D:b/></D:a>"#, full).is_err());
}

/// An extra, missing or different attribute is a difference; namespace declarations are not
/// attributes.
#[test]
fn comparator_detects_attributes() {
    let msg = differs(r#"<a x="1" y="2"/>"#, r#"<a x="1"/>"#);
    assert!(msg.contains("extra attribute y=\"2\""), "{msg}");
    let msg = differs(r#"<a/>"#, r#"<a x="1"/>"#);
    assert!(msg.contains("missing attribute x=\"1\""), "{msg}");
    assert!(xml_diff(r#"<a x="1"/>"#, r#"<a x="2"/>"#).is_err());
    // Same local name, different namespace.
    assert!(
        xml_diff(
            r#"<a xmlns:p="urn:p" p:x="1"/>"#,
            r#"<a xmlns:p="urn:q" p:x="1"/>"#
        )
        .is_err()
    );
    assert!(xml_diff(r#"<a xmlns:p="urn:p" p:x="1"/>"#, r#"<a x="1"/>"#).is_err());
    // xml:lang is an attribute like any other.
    assert!(xml_diff(r#"<a xml:lang="en"/>"#, r#"<a/>"#).is_err());
    // Declarations only: equal.
    assert_xml_eq(r#"<a xmlns:p="urn:p"/>"#, r#"<a/>"#);
}

/// A document that does not parse is never equal to anything, and `parse_ok` rejects
/// unbound prefixes.
#[test]
fn comparator_rejects_malformed() {
    assert!(xml_diff("<a>", "<a/>").is_err());
    assert!(xml_diff("<a/>", "<p:a/>").is_err());
    let unbound = std::panic::catch_unwind(|| {
        parse_ok("<D:multistatus/>");
    });
    assert!(unbound.is_err());
}
