//! Reading the library's output with roxmltree, a parser independent of the library's own.

use multistatus::name::{DAV, Name};
use roxmltree::{Document, Node};

/// Parses `xml`; roxmltree refuses malformed XML and unbound prefixes, so this checks that
/// the output is well-formed and namespace-correct.
pub fn parse(xml: &str) -> Document<'_> {
    match Document::parse(xml) {
        Ok(doc) => doc,
        Err(e) => panic!("roxmltree rejects the output: {e}\n--- output ---\n{xml}"),
    }
}

/// The output as text: the writer only writes UTF-8.
pub fn utf8(bytes: &[u8]) -> &str {
    match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => panic!(
            "the output is not UTF-8: {e}\n{}",
            String::from_utf8_lossy(bytes)
        ),
    }
}

/// Whether `node` is the element `{namespace}local`.
pub fn is(node: Node<'_, '_>, namespace: &str, local: &str) -> bool {
    node.is_element()
        && node.tag_name().namespace().unwrap_or("") == namespace
        && node.tag_name().name() == local
}

/// Whether `node` is the element `name`.
pub fn is_name(node: Node<'_, '_>, name: &Name<'_>) -> bool {
    is(node, name.namespace(), name.local())
}

/// The element children of `node`.
pub fn elements<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(Node::is_element)
}

/// The `DAV:` element children of `node` named `local`.
pub fn dav_children<'a, 'i>(
    node: Node<'a, 'i>,
    local: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    elements(node).filter(move |n| is(*n, DAV, local))
}

/// The one `DAV:` child `local` of `node`.
pub fn dav_child<'a, 'i>(node: Node<'a, 'i>, local: &'static str) -> Node<'a, 'i> {
    let mut found = dav_children(node, local);
    match (found.next(), found.next()) {
        (Some(one), None) => one,
        _ => panic!("expected one DAV:{local} in {node:?}"),
    }
}

/// The concatenated text children of `node`.
pub fn text(node: Node<'_, '_>) -> String {
    node.children()
        .filter(Node::is_text)
        .filter_map(|t| t.text())
        .collect()
}

/// The root's responses, checking that the root is `DAV:multistatus`.
pub fn responses<'a, 'i>(doc: &'a Document<'i>) -> Vec<Node<'a, 'i>> {
    let root = doc.root_element();
    assert!(
        is(root, DAV, "multistatus"),
        "the root is {:?}",
        root.tag_name()
    );
    dav_children(root, "response").collect()
}

/// The code of a `DAV:status` element: `HTTP/1.1 NNN reason`.
pub fn status_code(status: Node<'_, '_>) -> u16 {
    let text = text(status);
    let code = text
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok());
    match code {
        Some(code) => code,
        None => panic!("not a status line: {text:?}"),
    }
}

/// Every property element of a propstat response with the status of its propstat, checking
/// that each propstat holds one `DAV:prop` and one `DAV:status`.
pub fn reported<'a, 'i>(response: Node<'a, 'i>) -> Vec<(Node<'a, 'i>, u16)> {
    let mut out = Vec::new();
    for propstat in dav_children(response, "propstat") {
        let status = status_code(dav_child(propstat, "status"));
        out.extend(elements(dav_child(propstat, "prop")).map(|p| (p, status)));
    }
    out
}

/// The one element among `reported` named `name`, checking that its status is `code`; the
/// caller also checks that nothing else was reported.
pub fn reported_once<'a, 'i>(
    reported: &[(Node<'a, 'i>, u16)],
    name: &Name<'_>,
    code: u16,
    text: &str,
) -> Node<'a, 'i> {
    let found: Vec<_> = reported.iter().filter(|(n, _)| is_name(*n, name)).collect();
    let [(element, status)] = found.as_slice() else {
        panic!("{name} ({code}) is reported {} times\n{text}", found.len());
    };
    assert_eq!(*status, code, "status of {name}\n{text}");
    *element
}

/// The percent-decoded text of a response's `DAV:href`, checking that it holds only
/// RFC 3986 characters and well-formed `%HH` escapes.
pub fn decoded_href(response: Node<'_, '_>) -> String {
    let href = text(dav_child(response, "href"));
    let bytes = href.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let uri = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?#[]%".contains(&b);
        assert!(uri, "href {href:?}: byte {b:#04x} is not a URI character");
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .filter(|h| h.iter().all(u8::is_ascii_hexdigit));
            assert!(
                hex.is_some(),
                "href {href:?}: a `%` not followed by two hex digits"
            );
        }
    }
    match percent_encoding::percent_decode_str(&href).decode_utf8() {
        Ok(path) => path.into_owned(),
        Err(e) => panic!("href {href:?} does not decode to UTF-8: {e}"),
    }
}
