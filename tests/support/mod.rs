//! Helpers shared by the integration tests: a namespace-aware XML comparison built on
//! roxmltree (a parser independent of ours), a well-formedness check, and access to the RFC
//! example bodies in `tests/rfc-examples/`.
//!
//! Use it from a test file with `mod support;`. Not every file uses every helper.
#![allow(
    dead_code,
    reason = "each test file uses a different subset of the helpers"
)]
#![allow(clippy::panic, reason = "test helpers report failures by panicking")]

use std::fmt::Write as _;

use roxmltree::{Document, Node, NodeType};

/// Where the RFC example bodies live in the repository (`tests/rfc-examples/`).
pub const RFC_EXAMPLES_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/rfc-examples/");

/// The RFC example bodies, compiled in: a test cannot fail for a missing file.
pub const RFC_EXAMPLES: &[(&str, &str)] = &[
    (
        "rfc4918-15.10.1.xml",
        include_str!("../rfc-examples/rfc4918-15.10.1.xml"),
    ),
    (
        "rfc4918-15.8.1.xml",
        include_str!("../rfc-examples/rfc4918-15.8.1.xml"),
    ),
    (
        "rfc4918-9.1.3.xml",
        include_str!("../rfc-examples/rfc4918-9.1.3.xml"),
    ),
    (
        "rfc4918-9.1.4.xml",
        include_str!("../rfc-examples/rfc4918-9.1.4.xml"),
    ),
    (
        "rfc4918-9.1.5.xml",
        include_str!("../rfc-examples/rfc4918-9.1.5.xml"),
    ),
    (
        "rfc4918-9.10.9.xml",
        include_str!("../rfc-examples/rfc4918-9.10.9.xml"),
    ),
    (
        "rfc4918-9.2.2.xml",
        include_str!("../rfc-examples/rfc4918-9.2.2.xml"),
    ),
    (
        "rfc4918-9.6.2.xml",
        include_str!("../rfc-examples/rfc4918-9.6.2.xml"),
    ),
    (
        "rfc4918-9.8.8.xml",
        include_str!("../rfc-examples/rfc4918-9.8.8.xml"),
    ),
    (
        "rfc4918-9.9.6.xml",
        include_str!("../rfc-examples/rfc4918-9.9.6.xml"),
    ),
    (
        "rfc5842-7.1.1.xml",
        include_str!("../rfc-examples/rfc5842-7.1.1.xml"),
    ),
    (
        "rfc6352-8.6.5.xml",
        include_str!("../rfc-examples/rfc6352-8.6.5.xml"),
    ),
];

/// Where the 207 bodies written in the style of real servers live (`tests/fixtures/multistatus/`).
pub const FIXTURES_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/multistatus/");

/// The 207 bodies written in the style of real servers, compiled in as bytes (one has raw
/// CR LF line ends, which must reach the parser unchanged).
pub const FIXTURES: &[(&str, &[u8])] = &[
    (
        "apache-allprop.xml",
        include_bytes!("../fixtures/multistatus/apache-allprop.xml"),
    ),
    (
        "apache-named.xml",
        include_bytes!("../fixtures/multistatus/apache-named.xml"),
    ),
    (
        "caldav-calendar-query.xml",
        include_bytes!("../fixtures/multistatus/caldav-calendar-query.xml"),
    ),
    (
        "caldav-raw-crlf.xml",
        include_bytes!("../fixtures/multistatus/caldav-raw-crlf.xml"),
    ),
    (
        "default-namespace.xml",
        include_bytes!("../fixtures/multistatus/default-namespace.xml"),
    ),
    (
        "go-webdav.xml",
        include_bytes!("../fixtures/multistatus/go-webdav.xml"),
    ),
    (
        "nextcloud.xml",
        include_bytes!("../fixtures/multistatus/nextcloud.xml"),
    ),
    (
        "sync-collection.xml",
        include_bytes!("../fixtures/multistatus/sync-collection.xml"),
    ),
];

/// The bytes of the fixture `name` (e.g. `"nextcloud.xml"`).
///
/// # Panics
/// When there is no such fixture.
pub fn fixture(name: &str) -> &'static [u8] {
    match FIXTURES.iter().find(|(file, _)| *file == name) {
        Some((_, bytes)) => bytes,
        None => panic!("no fixture {name:?} in tests/fixtures/multistatus/"),
    }
}

/// The text of the RFC example body `name` (e.g. `"rfc4918-9.1.3.xml"`).
///
/// # Panics
/// When there is no such example.
pub fn rfc_example(name: &str) -> String {
    match RFC_EXAMPLES.iter().find(|(file, _)| *file == name) {
        Some((_, text)) => (*text).to_owned(),
        None => panic!("no RFC example {name:?} in tests/rfc-examples/"),
    }
}

/// Parses `xml` with roxmltree and returns the document.
///
/// roxmltree refuses malformed XML, DTDs, unbound prefixes and `xmlns:p=""`, so this checks
/// that the output is well-formed and that every prefix it uses is declared.
///
/// # Panics
/// When roxmltree rejects the document; the message holds the error and the document.
pub fn parse_ok(xml: &str) -> Document<'_> {
    match Document::parse(xml) {
        Ok(doc) => doc,
        Err(e) => panic!("roxmltree rejects the document: {e}\n--- document ---\n{xml}"),
    }
}

/// Asserts that `actual` and `expected` are the same XML document, namespace-aware.
///
/// Compared: element names as expanded names (namespace URI + local name), attributes as a
/// set of expanded name and value (namespace declarations themselves are not attributes),
/// and text exactly. Ignored: the choice of prefixes and where namespaces are declared,
/// whitespace-only text between elements (in an element that has element children),
/// comments, processing instructions and the XML declaration.
///
/// # Panics
/// On the first difference, with a path like
/// `/multistatus/response[1]/propstat[2]/status: text "X" != "Y"`, followed by both documents.
pub fn assert_xml_eq(actual: &str, expected: &str) {
    if let Err(diff) = xml_diff(actual, expected) {
        panic!(
            "XML documents differ:\n{diff}\n--- actual ---\n{actual}\n--- expected ---\n{expected}"
        );
    }
}

/// The first difference between two documents, as [`assert_xml_eq`] sees them, or `Ok` when
/// they are equal. Either side failing to parse is a difference.
pub fn xml_diff(actual: &str, expected: &str) -> Result<(), String> {
    let a = Document::parse(actual).map_err(|e| format!("actual does not parse: {e}"))?;
    let e = Document::parse(expected).map_err(|e| format!("expected does not parse: {e}"))?;
    let (ra, re) = (a.root_element(), e.root_element());
    let path = format!("/{}", re.tag_name().name());
    compare_elements(ra, re, &path)
}

/// A child that matters for comparison.
enum Item<'a, 'input> {
    Element(Node<'a, 'input>),
    Text(String),
}

/// The children of `node` that matter: elements and text, adjacent text merged, and
/// whitespace-only text dropped when the element also has element children.
fn items<'a, 'input>(node: Node<'a, 'input>) -> Vec<Item<'a, 'input>> {
    let mut out: Vec<Item<'a, 'input>> = Vec::new();
    for child in node.children() {
        match child.node_type() {
            NodeType::Element => out.push(Item::Element(child)),
            NodeType::Text => {
                let text = child.text().unwrap_or_default();
                if let Some(Item::Text(prev)) = out.last_mut() {
                    prev.push_str(text);
                } else {
                    out.push(Item::Text(text.to_owned()));
                }
            }
            NodeType::Comment | NodeType::PI | NodeType::Root => {}
        }
    }
    if out.iter().any(|i| matches!(i, Item::Element(_))) {
        out.retain(|i| match i {
            Item::Text(t) => !t.chars().all(|c| matches!(c, ' ' | '\t' | '\n' | '\r')),
            Item::Element(_) => true,
        });
    }
    out
}

fn expanded(node: Node<'_, '_>) -> String {
    let name = node.tag_name();
    match name.namespace() {
        Some(ns) => format!("{{{ns}}}{}", name.name()),
        None => name.name().to_owned(),
    }
}

fn describe(item: &Item<'_, '_>) -> String {
    match item {
        Item::Element(n) => format!("element {}", expanded(*n)),
        Item::Text(t) => format!("text {t:?}"),
    }
}

fn attributes(node: Node<'_, '_>) -> Vec<(String, String)> {
    let mut attrs: Vec<(String, String)> = node
        .attributes()
        .map(|a| {
            let name = match a.namespace() {
                Some(ns) => format!("{{{ns}}}{}", a.name()),
                None => a.name().to_owned(),
            };
            (name, a.value().to_owned())
        })
        .collect();
    attrs.sort();
    attrs
}

fn compare_elements(a: Node<'_, '_>, e: Node<'_, '_>, path: &str) -> Result<(), String> {
    let (an, en) = (a.tag_name(), e.tag_name());
    if an.namespace() != en.namespace() {
        return Err(format!(
            "{path}: namespace {:?} != {:?} (element {} != {})",
            an.namespace().unwrap_or(""),
            en.namespace().unwrap_or(""),
            expanded(a),
            expanded(e)
        ));
    }
    if an.name() != en.name() {
        return Err(format!(
            "{path}: local name {:?} != {:?} (element {} != {})",
            an.name(),
            en.name(),
            expanded(a),
            expanded(e)
        ));
    }

    let (aa, ea) = (attributes(a), attributes(e));
    if aa != ea {
        let mut msg = format!("{path}: attributes differ:");
        for (name, value) in &aa {
            match ea.iter().find(|(n, _)| n == name) {
                None => {
                    let _ = write!(msg, " extra attribute {name}={value:?};");
                }
                Some((_, v)) if v != value => {
                    let _ = write!(msg, " attribute {name}: {value:?} != {v:?};");
                }
                Some(_) => {}
            }
        }
        for (name, value) in &ea {
            if !aa.iter().any(|(n, _)| n == name) {
                let _ = write!(msg, " missing attribute {name}={value:?};");
            }
        }
        return Err(msg);
    }

    let (ai, ei) = (items(a), items(e));
    // Path segments count same-named element siblings, 1-based, like XPath.
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (i, expected_item) in ei.iter().enumerate() {
        let Some(actual_item) = ai.get(i) else {
            return Err(format!("{path}: missing {}", describe(expected_item)));
        };
        match (actual_item, expected_item) {
            (Item::Text(at), Item::Text(et)) => {
                if at != et {
                    return Err(format!("{path}: text {at:?} != {et:?}"));
                }
            }
            (Item::Element(ac), Item::Element(ec)) => {
                let key = expanded(*ec);
                let n = match seen.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, n)) => {
                        *n += 1;
                        *n
                    }
                    None => {
                        seen.push((key, 1));
                        1
                    }
                };
                let child_path = format!("{path}/{}[{n}]", ec.tag_name().name());
                compare_elements(*ac, *ec, &child_path)?;
            }
            (ac, ec) => {
                return Err(format!("{path}: {} != {}", describe(ac), describe(ec)));
            }
        }
    }
    if let Some(extra) = ai.get(ei.len()) {
        return Err(format!("{path}: extra {}", describe(extra)));
    }
    Ok(())
}

/// Decodes `%HH` escapes of an href into a string; `None` on a malformed escape or bytes that
/// are not UTF-8. Written here rather than taken from the crate under test.
pub fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            if !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The elements of `doc` with this namespace and local name, in document order.
pub fn elements<'a, 'input>(
    doc: &'a Document<'input>,
    namespace: &str,
    local: &str,
) -> Vec<Node<'a, 'input>> {
    doc.descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == local)
        .filter(|n| n.tag_name().namespace().unwrap_or("") == namespace)
        .collect()
}

/// The text of every `DAV:` element named `local`, in document order.
pub fn dav_texts(doc: &Document<'_>, local: &str) -> Vec<String> {
    elements(doc, "DAV:", local)
        .iter()
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect()
}

/// Asserts that two elements are the same value exactly, namespace-aware, as RFC 4918 §4.3
/// asks a dead property to be kept: expanded names, attributes (as a set), and every child in
/// order — text exact, whitespace included, comments too. Prefixes are not compared.
///
/// # Panics
/// On the first difference, with the path to it.
pub fn assert_same_value(actual: Node<'_, '_>, expected: Node<'_, '_>) {
    if let Err(diff) = same_value(
        actual,
        expected,
        &format!("/{}", expected.tag_name().name()),
    ) {
        panic!("values differ: {diff}");
    }
}

fn same_value(a: Node<'_, '_>, e: Node<'_, '_>, path: &str) -> Result<(), String> {
    if expanded(a) != expanded(e) {
        return Err(format!(
            "{path}: element {} != {}",
            expanded(a),
            expanded(e)
        ));
    }
    if attributes(a) != attributes(e) {
        return Err(format!(
            "{path}: attributes {:?} != {:?}",
            attributes(a),
            attributes(e)
        ));
    }
    let (ac, ec): (Vec<Node<'_, '_>>, Vec<Node<'_, '_>>) =
        (a.children().collect(), e.children().collect());
    if ac.len() != ec.len() {
        return Err(format!("{path}: {} children != {}", ac.len(), ec.len()));
    }
    for (i, (x, y)) in ac.iter().zip(&ec).enumerate() {
        match (x.node_type(), y.node_type()) {
            (NodeType::Element, NodeType::Element) => {
                same_value(*x, *y, &format!("{path}/{}", y.tag_name().name()))?;
            }
            (tx, ty) if tx == ty && x.text() == y.text() => {}
            _ => {
                return Err(format!(
                    "{path}: child {i}: {:?} {:?} != {:?} {:?}",
                    x.node_type(),
                    x.text(),
                    y.node_type(),
                    y.text()
                ));
            }
        }
    }
    Ok(())
}

/// A property set with dead properties: `set`'s properties, and `dead` for every name it does
/// not know — what a field `#[dav(dead)] dead: DeadMap` makes the derive generate.
pub struct WithDead<S> {
    /// The typed properties.
    pub set: S,
    /// The dead properties.
    pub dead: multistatus::DeadMap,
}

impl<S: multistatus::PropertySet> multistatus::PropertySet for WithDead<S> {
    type Name = S::Name;
    const NAME_TREE: multistatus::NameTree = S::NAME_TREE;

    fn state(&self, name: S::Name) -> multistatus::PropState {
        self.set.state(name)
    }

    fn write_property(
        &self,
        name: S::Name,
        sink: &mut multistatus::Sink,
    ) -> Result<(), multistatus::Error> {
        self.set.write_property(name, sink)
    }

    fn value(&self, name: S::Name) -> &dyn multistatus::PropertyValue {
        self.set.value(name)
    }

    fn write_plain(&self, name: S::Name, sink: &mut multistatus::Sink) -> multistatus::Plain {
        self.set.write_plain(name, sink)
    }

    fn write_allprop(&self, sink: &mut multistatus::Sink) -> Result<(), multistatus::Error> {
        self.set.write_allprop(sink)
    }

    fn dead(&self) -> Option<&dyn multistatus::DeadProperties> {
        Some(&self.dead)
    }
}

/// A `BufRead` that hands out its bytes `chunk` at a time: a stream whose reads end
/// anywhere, inside a tag or a character.
pub struct Trickle<'a> {
    pub bytes: &'a [u8],
    pub chunk: usize,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        use std::io::BufRead;
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl std::io::BufRead for Trickle<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        Ok(&self.bytes[..self.chunk.min(self.bytes.len())])
    }

    fn consume(&mut self, amount: usize) {
        self.bytes = &self.bytes[amount.min(self.bytes.len())..];
    }
}

/// Every item a 207 body reads as, with `from_slice`: checked to be what a stream handing
/// out one byte at a time, and one of 7 bytes, reads (same responses, same errors at the
/// same positions), and what the reader says of the document after.
pub fn read_all<P>(
    body: &[u8],
) -> Vec<Result<multistatus::client::ParsedResponse<P>, multistatus::reader::ReadError>>
where
    P: multistatus::ParseSet + PartialEq + std::fmt::Debug,
{
    read_all_with(body, &multistatus::client::ParseLimits::default())
}

/// [`read_all`] with limits.
pub fn read_all_with<P>(
    body: &[u8],
    limits: &multistatus::client::ParseLimits,
) -> Vec<Result<multistatus::client::ParsedResponse<P>, multistatus::reader::ReadError>>
where
    P: multistatus::ParseSet + PartialEq + std::fmt::Debug,
{
    use multistatus::client::MultistatusReader;
    let mut slice = MultistatusReader::<P, _>::from_slice_with(body, limits);
    let items: Vec<_> = (&mut slice).collect();
    for chunk in [1, 7] {
        let mut stream =
            MultistatusReader::<P, _>::with_limits(Trickle { bytes: body, chunk }, limits);
        let streamed: Vec<_> = (&mut stream).collect();
        assert_eq!(
            streamed, items,
            "a stream in chunks of {chunk} reads otherwise"
        );
        assert_eq!(stream.sync_token(), slice.sync_token());
        assert_eq!(stream.description(), slice.description());
    }
    items
}

/// The responses of a 207 body, every one read without error ([`read_all`]).
pub fn responses<P>(body: &[u8]) -> Vec<multistatus::client::ParsedResponse<P>>
where
    P: multistatus::ParseSet + PartialEq + std::fmt::Debug,
{
    read_all(body)
        .into_iter()
        .map(|r| match r {
            Ok(r) => r,
            Err(e) => panic!(
                "the body does not read: {e}\n{}",
                String::from_utf8_lossy(body)
            ),
        })
        .collect()
}
