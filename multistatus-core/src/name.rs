//! XML names: namespaces, qualified property names, validation and pre-rendered tags.
//!
//! Validation is written as `const fn` so that the derive can check names at compile time by
//! evaluating these very functions in generated constants: one source of truth for what an
//! XML name is, at compile time and at run time.

use std::borrow::Cow;
use std::fmt;

/// The `DAV:` namespace of RFC 4918.
pub const DAV: &str = "DAV:";
/// The CalDAV namespace (RFC 4791).
pub const CALDAV: &str = "urn:ietf:params:xml:ns:caldav";
/// The CardDAV namespace (RFC 6352).
pub const CARDDAV: &str = "urn:ietf:params:xml:ns:carddav";
/// The CalendarServer namespace used by Apple and most CalDAV servers.
pub const CALENDARSERVER: &str = "http://calendarserver.org/ns/";
/// The namespace bound to the `xml` prefix (`xml:lang`, `xml:space`).
pub const XML: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace of namespace declarations themselves; never usable for elements.
pub const XMLNS: &str = "http://www.w3.org/2000/xmlns/";

/// Well-known namespaces and the conventional prefix the writer always gives them.
///
/// Generated prefixes (`ns1`, `ns2`, …) never collide with these.
pub const WELL_KNOWN: &[(&str, &str)] = &[
    (DAV, "D"),
    (CALDAV, "C"),
    (CARDDAV, "CARD"),
    (CALENDARSERVER, "CS"),
    ("http://apple.com/ns/ical/", "ICAL"),
    ("http://me.com/_namespace/", "ME"),
    ("http://sabredav.org/ns", "s"),
    ("http://owncloud.org/ns", "oc"),
    ("http://nextcloud.org/ns", "nc"),
    ("urn:ietf:params:xml:ns:xcal", "xcal"),
    ("http://www.w3.org/2005/Atom", "atom"),
];

/// The conventional prefix of a well-known namespace, if it is one.
///
/// ```
/// use multistatus_core::name::{well_known_prefix, CALDAV, DAV};
/// assert_eq!(well_known_prefix(DAV), Some("D"));
/// assert_eq!(well_known_prefix(CALDAV), Some("C"));
/// assert_eq!(well_known_prefix("urn:example"), None);
/// ```
#[must_use]
pub const fn well_known_prefix(namespace: &str) -> Option<&'static str> {
    let mut i = 0;
    while i < WELL_KNOWN.len() {
        if str_eq(WELL_KNOWN[i].0, namespace) {
            return Some(WELL_KNOWN[i].1);
        }
        i += 1;
    }
    None
}

/// `a == b`, usable in constants.
#[must_use]
pub const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Decodes the UTF-8 scalar starting at byte `i` of a valid UTF-8 string.
/// Returns the scalar and its length in bytes.
const fn decode_utf8(b: &[u8], i: usize) -> (u32, usize) {
    let c = b[i] as u32;
    if c < 0x80 {
        (c, 1)
    } else if c < 0xE0 {
        (((c & 0x1F) << 6) | (b[i + 1] as u32 & 0x3F), 2)
    } else if c < 0xF0 {
        let v = ((c & 0x0F) << 12) | ((b[i + 1] as u32 & 0x3F) << 6) | (b[i + 2] as u32 & 0x3F);
        (v, 3)
    } else {
        let v = ((c & 0x07) << 18)
            | ((b[i + 1] as u32 & 0x3F) << 12)
            | ((b[i + 2] as u32 & 0x3F) << 6)
            | (b[i + 3] as u32 & 0x3F);
        (v, 4)
    }
}

/// XML 1.0 (fifth edition) `NameStartChar`, without `:` (namespaces forbid it in local names).
const fn is_name_start(c: u32) -> bool {
    matches!(c,
        0x41..=0x5A | 0x5F | 0x61..=0x7A | 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x2FF
        | 0x370..=0x37D | 0x37F..=0x1FFF | 0x200C..=0x200D | 0x2070..=0x218F
        | 0x2C00..=0x2FEF | 0x3001..=0xD7FF | 0xF900..=0xFDCF | 0xFDF0..=0xFFFD
        | 0x10000..=0xEFFFF)
}

/// XML 1.0 `NameChar`, without `:`.
const fn is_name_char(c: u32) -> bool {
    is_name_start(c)
        || matches!(c, 0x2D | 0x2E | 0x30..=0x39 | 0xB7 | 0x300..=0x36F | 0x203F..=0x2040)
}

/// Why a local name is not an XML `NCName`, or `None` when it is one.
///
/// ```
/// use multistatus_core::name::local_name_error;
/// assert_eq!(local_name_error("getetag"), None);
/// assert_eq!(local_name_error("Copyright-Owner"), None);
/// assert!(local_name_error("").is_some());
/// assert!(local_name_error("1st").is_some());
/// assert!(local_name_error("a:b").is_some());
/// assert!(local_name_error("has space").is_some());
/// ```
#[must_use]
pub const fn local_name_error(local: &str) -> Option<&'static str> {
    let b = local.as_bytes();
    if b.is_empty() {
        return Some("an XML name cannot be empty");
    }
    // The common case first: ASCII letters, digits, `-`, `.`, `_`, starting with a letter or
    // `_`, checked without decoding (the request reader checks every element's name).
    let mut i = 0;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'-' | b'.' | b'_')) {
        i += 1;
    }
    if i == b.len() && (b[0].is_ascii_alphabetic() || b[0] == b'_') {
        return None;
    }
    let (first, mut i) = decode_utf8(b, 0);
    if first == b':' as u32 {
        return Some("a local name cannot contain `:` (namespaces are given separately)");
    }
    if !is_name_start(first) {
        return Some("an XML name must start with a letter or `_`");
    }
    while i < b.len() {
        let (c, len) = decode_utf8(b, i);
        if c == b':' as u32 {
            return Some("a local name cannot contain `:` (namespaces are given separately)");
        }
        if !is_name_char(c) {
            return Some(
                "an XML name may only contain letters, digits, `-`, `.`, `_` and combining marks",
            );
        }
        i += len;
    }
    None
}

/// Why a namespace name is not usable, or `None` when it is.
///
/// The empty string is *no namespace* and is accepted here; it is the derive's and the
/// model's business to decide where "no namespace" is allowed. Anything else must be an
/// absolute URI (`scheme:rest`, RFC 3986 §3.1) of characters that may appear in a URI, and
/// must not be one of the two namespaces XML reserves.
///
/// ```
/// use multistatus_core::name::namespace_error;
/// assert_eq!(namespace_error("DAV:"), None);
/// assert_eq!(namespace_error("http://ns.example.com/boxschema/"), None);
/// assert_eq!(namespace_error(""), None);
/// assert!(namespace_error("no-scheme").is_some());
/// assert!(namespace_error("urn:has space").is_some());
/// ```
#[must_use]
pub const fn namespace_error(namespace: &str) -> Option<&'static str> {
    let b = namespace.as_bytes();
    if b.is_empty() {
        return None;
    }
    if is_reserved(namespace) {
        return Some(RESERVED);
    }
    if !b[0].is_ascii_alphabetic() {
        return Some("a namespace must be an absolute URI that starts with a scheme, like `DAV:`");
    }
    let mut i = 1;
    let mut has_scheme = false;
    while i < b.len() {
        let c = b[i];
        if c == b':' {
            has_scheme = true;
            break;
        }
        if !(c.is_ascii_alphanumeric() || c == b'+' || c == b'-' || c == b'.') {
            break;
        }
        i += 1;
    }
    if !has_scheme {
        return Some("a namespace must be an absolute URI that starts with a scheme, like `DAV:`");
    }
    uri_chars_error(b)
}

/// Why a namespace read from a request body is not acceptable, or `None` when it is: the
/// rule of [`namespace_error`] without the scheme. Namespaces in XML 1.0 §2.2 allows any
/// URI reference; relative ones (`xmlns:z="zzz"`) are deprecated but not an error, and the
/// writer declares them as they are. Names given in code keep the strict rule.
pub(crate) const fn read_namespace_error(namespace: &str) -> Option<&'static str> {
    if is_reserved(namespace) {
        return Some(RESERVED);
    }
    uri_chars_error(namespace.as_bytes())
}

const RESERVED: &str = "this namespace is reserved by XML and cannot name a property";

const fn is_reserved(namespace: &str) -> bool {
    str_eq(namespace, XML) || str_eq(namespace, XMLNS)
}

/// Per byte, whether a URI reference cannot hold it (RFC 3986 §2; non-ASCII is left to
/// IRIs): spaces, control characters and `"` `<` `>` `\\` `^` `` ` `` `{` `|` `}`.
const URI_REFUSED: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b <= b' '
            || b == 0x7F
            || matches!(
                b,
                b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}'
            );
        c += 1;
    }
    t
};

/// Characters a URI reference cannot hold (RFC 3986 §2; non-ASCII is left to IRIs): one
/// table lookup a byte (every namespace a request declares is checked).
const fn uri_chars_error(b: &[u8]) -> Option<&'static str> {
    let mut i = 0;
    while i < b.len() {
        if URI_REFUSED[b[i] as usize] {
            return Some(
                "a namespace cannot contain spaces, control characters or any of \" < > \\ ^ ` { | }",
            );
        }
        i += 1;
    }
    None
}

/// Panics when `namespace` or `local` is invalid: the check of the names built in constants
/// ([`Name::new_const`], [`Tag::new`], [`AttributeName::new`]), where a panic is a compile
/// error.
#[allow(
    clippy::panic,
    reason = "meant for constants, where a panic is a compile error"
)]
const fn assert_valid(namespace: &str, local: &str) {
    if namespace_error(namespace).is_some() {
        panic!("invalid XML namespace name");
    }
    if local_name_error(local).is_some() {
        panic!("invalid XML local name");
    }
}

/// `xml:lang`, the attribute that carries a dead property's language (RFC 4918 §4.3).
pub const XML_LANG: Name<'static> = Name {
    namespace: Cow::Borrowed(XML),
    local: Cow::Borrowed("lang"),
};

/// A namespace-qualified XML name, such as `DAV:` + `getetag`.
///
/// An empty namespace means the name is in no namespace. Names are validated when built
/// from run-time strings; the derive validates its names at compile time.
#[derive(Clone, PartialOrd, Ord)]
pub struct Name<'a> {
    namespace: Cow<'a, str>,
    local: Cow<'a, str>,
}

// Equality compares the local names first: the names a body lists mostly share a namespace
// and differ in their local part, which rules them out sooner. It is the same relation as
// the derived one (both parts equal), so it agrees with `Ord` and with `Hash`, which hashes
// as the derive would (namespace, then local name).
impl PartialEq for Name<'_> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.local == other.local && self.namespace == other.namespace
    }
}

impl Eq for Name<'_> {}

impl std::hash::Hash for Name<'_> {
    #[inline]
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.namespace.hash(state);
        self.local.hash(state);
    }
}

impl<'a> Name<'a> {
    /// A validated name.
    ///
    /// ```
    /// use multistatus_core::name::{Name, DAV};
    /// let n = Name::new(DAV, "getetag").unwrap();
    /// assert_eq!(n.to_string(), "{DAV:}getetag");
    /// assert!(Name::new(DAV, "bad name").is_err());
    /// assert!(Name::new("not a uri", "x").is_err());
    /// ```
    pub fn new(
        namespace: impl Into<Cow<'a, str>>,
        local: impl Into<Cow<'a, str>>,
    ) -> Result<Self, crate::Error> {
        let (namespace, local) = (namespace.into(), local.into());
        if let Some(why) = namespace_error(&namespace) {
            return Err(crate::Error::InvalidNamespace {
                namespace: namespace.into_owned(),
                reason: why,
            });
        }
        if let Some(why) = local_name_error(&local) {
            return Err(crate::Error::InvalidName {
                name: local.into_owned(),
                reason: why,
            });
        }
        Ok(Self { namespace, local })
    }

    /// A name in the `DAV:` namespace, checked when evaluated in a constant.
    ///
    /// ```
    /// use multistatus_core::name::Name;
    /// const GETETAG: Name<'static> = Name::dav("getetag");
    /// assert_eq!(GETETAG.namespace(), "DAV:");
    /// ```
    ///
    /// # Panics
    /// When `local` is not an XML name; in a constant that is a compile error.
    #[must_use]
    pub const fn dav(local: &'a str) -> Self {
        Self::new_const(DAV, local)
    }

    /// A name from constant parts, checked when evaluated in a constant.
    ///
    /// ```
    /// use multistatus_core::name::{Name, CALDAV};
    /// const DATA: Name<'static> = Name::new_const(CALDAV, "calendar-data");
    /// assert_eq!(DATA.local(), "calendar-data");
    /// ```
    ///
    /// # Panics
    /// When either part is invalid; in a constant that is a compile error.
    #[must_use]
    pub const fn new_const(namespace: &'a str, local: &'a str) -> Self {
        assert_valid(namespace, local);
        Self {
            namespace: Cow::Borrowed(namespace),
            local: Cow::Borrowed(local),
        }
    }

    /// Builds a name whose parts were checked elsewhere (the parser, which has validated them).
    pub(crate) fn new_unchecked(
        namespace: impl Into<Cow<'a, str>>,
        local: impl Into<Cow<'a, str>>,
    ) -> Self {
        Self {
            namespace: namespace.into(),
            local: local.into(),
        }
    }

    /// The namespace URI; empty for no namespace.
    #[must_use]
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The bytes of the namespace this name owns a copy of: 0 when it is shared (borrowed).
    pub(crate) fn owned_namespace_len(&self) -> usize {
        match &self.namespace {
            Cow::Owned(namespace) => namespace.len(),
            Cow::Borrowed(_) => 0,
        }
    }

    /// The local name.
    #[must_use]
    pub fn local(&self) -> &str {
        &self.local
    }

    /// Whether this name is `namespace` + `local`.
    ///
    /// ```
    /// use multistatus_core::name::{Name, DAV};
    /// assert!(Name::dav("href").is(DAV, "href"));
    /// ```
    #[must_use]
    pub fn is(&self, namespace: &str, local: &str) -> bool {
        self.local == local && self.namespace == namespace
    }

    /// An owned copy that borrows nothing.
    #[must_use]
    pub fn into_owned(self) -> Name<'static> {
        Name {
            namespace: Cow::Owned(self.namespace.into_owned()),
            local: Cow::Owned(self.local.into_owned()),
        }
    }

    /// A copy borrowing from `self`.
    #[must_use]
    pub fn borrowed(&self) -> Name<'_> {
        Name {
            namespace: Cow::Borrowed(&self.namespace),
            local: Cow::Borrowed(&self.local),
        }
    }
}

/// Clark notation: `{namespace}local`, or `local` in no namespace.
impl fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.namespace.is_empty() {
            f.write_str(&self.local)
        } else {
            write!(f, "{{{}}}{}", self.namespace, self.local)
        }
    }
}

impl fmt::Debug for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Name({self})")
    }
}

/// Capacity of a [`Tag`]'s pre-rendered bytes.
const TAG_CAP: usize = 160;

/// A compile-time element name with its start and end tags pre-rendered.
///
/// Built in a constant by [`Tag::new`]; the derive emits one per property. When the namespace
/// has a fixed prefix (a [well-known](WELL_KNOWN) namespace, or no namespace), the writer
/// copies `<D:getetag>` and `</D:getetag>` as single slices; otherwise it looks the prefix up
/// in the document's namespace table.
#[derive(Clone, Copy)]
pub struct Tag {
    namespace: &'static str,
    local: &'static str,
    /// `<p:local></p:local>` when the prefix is fixed and it fits, else empty.
    bytes: [u8; TAG_CAP],
    /// Length of the start tag in `bytes` (0 when not pre-rendered).
    start_len: u8,
    /// Length of the start and end tags in `bytes`.
    total_len: u8,
    /// Index of the namespace in [`WELL_KNOWN`], or [`Tag::NOT_WELL_KNOWN`].
    well_known: u8,
}

impl Tag {
    pub(crate) const NOT_WELL_KNOWN: u8 = u8::MAX;

    /// Builds and validates a tag; meant for constants.
    ///
    /// ```
    /// use multistatus_core::name::{Tag, DAV};
    /// const ETAG: Tag = Tag::new(DAV, "getetag");
    /// assert_eq!(ETAG.local(), "getetag");
    /// assert_eq!(ETAG.prerendered(), Some(("<D:getetag>", "</D:getetag>")));
    /// ```
    ///
    /// # Panics
    /// When the namespace or local name is invalid; in a constant, a compile error.
    #[must_use]
    pub const fn new(namespace: &'static str, local: &'static str) -> Self {
        assert_valid(namespace, local);
        let mut tag = Self {
            namespace,
            local,
            bytes: [0; TAG_CAP],
            start_len: 0,
            total_len: 0,
            well_known: Self::NOT_WELL_KNOWN,
        };
        let prefix = if namespace.is_empty() {
            ""
        } else {
            let mut i = 0;
            while i < WELL_KNOWN.len() && !str_eq(WELL_KNOWN[i].0, namespace) {
                i += 1;
            }
            if i == WELL_KNOWN.len() {
                return tag;
            }
            tag.well_known = i as u8;
            WELL_KNOWN[i].1
        };
        let colon = if prefix.is_empty() { 0 } else { 1 };
        let qlen = prefix.len() + colon + local.len();
        // `<q>` + `</q>`
        if 2 * qlen + 5 > TAG_CAP {
            return tag;
        }
        let mut n = 0;
        n = push(&mut tag.bytes, n, "<");
        n = push(&mut tag.bytes, n, prefix);
        if colon == 1 {
            n = push(&mut tag.bytes, n, ":");
        }
        n = push(&mut tag.bytes, n, local);
        n = push(&mut tag.bytes, n, ">");
        tag.start_len = n as u8;
        n = push(&mut tag.bytes, n, "</");
        n = push(&mut tag.bytes, n, prefix);
        if colon == 1 {
            n = push(&mut tag.bytes, n, ":");
        }
        n = push(&mut tag.bytes, n, local);
        n = push(&mut tag.bytes, n, ">");
        tag.total_len = n as u8;
        tag
    }

    /// The namespace URI.
    #[must_use]
    pub const fn namespace(&self) -> &'static str {
        self.namespace
    }

    /// The local name.
    #[must_use]
    pub const fn local(&self) -> &'static str {
        self.local
    }

    /// The name as a [`Name`].
    #[must_use]
    pub const fn name(&self) -> Name<'static> {
        Name {
            namespace: Cow::Borrowed(self.namespace),
            local: Cow::Borrowed(self.local),
        }
    }

    /// The pre-rendered start and end tags, when the prefix is fixed.
    #[must_use]
    pub fn prerendered(&self) -> Option<(&str, &str)> {
        if self.start_len == 0 {
            return None;
        }
        let start = std::str::from_utf8(&self.bytes[..self.start_len as usize]).ok()?;
        let end =
            std::str::from_utf8(&self.bytes[self.start_len as usize..self.total_len as usize])
                .ok()?;
        Some((start, end))
    }

    #[inline]
    pub(crate) fn well_known_index(&self) -> u8 {
        self.well_known
    }

    #[inline]
    pub(crate) fn start_bytes(&self) -> Option<&[u8]> {
        (self.start_len != 0).then(|| &self.bytes[..self.start_len as usize])
    }

    #[inline]
    pub(crate) fn end_bytes(&self) -> Option<&[u8]> {
        (self.start_len != 0).then(|| &self.bytes[self.start_len as usize..self.total_len as usize])
    }
}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tag({})", self.name())
    }
}

/// A compile-time attribute name: `name` in `<C:comp name="VEVENT"/>`.
///
/// Built in a constant by [`AttributeName::new`]; the derive emits one per
/// `#[dav(attribute)]` field. Attributes are in no namespace unless one is given (an
/// unprefixed attribute is in no namespace, whatever the element's).
///
/// ```
/// use multistatus_core::name::AttributeName;
/// const NAME: AttributeName = AttributeName::new("", "content-type");
/// assert_eq!(NAME.local(), "content-type");
/// assert_eq!(NAME.namespace(), "");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct AttributeName {
    namespace: &'static str,
    local: &'static str,
}

impl AttributeName {
    /// Builds and validates an attribute name; meant for constants.
    ///
    /// # Panics
    /// When the namespace or local name is invalid, or the name is `xmlns` in no namespace
    /// (a namespace declaration, not an attribute); in a constant, a compile error.
    #[must_use]
    #[allow(
        clippy::panic,
        reason = "meant for constants, where a panic is a compile error"
    )]
    pub const fn new(namespace: &'static str, local: &'static str) -> Self {
        assert_valid(namespace, local);
        if is_xmlns(namespace, local) {
            panic!("`xmlns` declares a namespace and cannot name an attribute");
        }
        Self { namespace, local }
    }

    /// The namespace URI; empty for no namespace.
    #[must_use]
    pub const fn namespace(&self) -> &'static str {
        self.namespace
    }

    /// The local name.
    #[must_use]
    pub const fn local(&self) -> &'static str {
        self.local
    }

    /// The name as a [`Name`].
    #[must_use]
    pub const fn name(&self) -> Name<'static> {
        Name {
            namespace: Cow::Borrowed(self.namespace),
            local: Cow::Borrowed(self.local),
        }
    }
}

impl fmt::Debug for AttributeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AttributeName({})", self.name())
    }
}

/// Whether an attribute named `namespace` + `local` would be read as a namespace
/// declaration: `xmlns` in no namespace, or anything in the namespace of `xmlns:p`.
pub(crate) const fn is_xmlns(namespace: &str, local: &str) -> bool {
    (namespace.is_empty() && str_eq(local, "xmlns")) || str_eq(namespace, XMLNS)
}

const fn push(buf: &mut [u8; TAG_CAP], mut at: usize, s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        buf[at] = b[i];
        at += 1;
        i += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_names() {
        for ok in [
            "a",
            "_x",
            "getetag",
            "Copyright-Owner",
            "a.b",
            "é",
            "x·y",
            "日本",
        ] {
            assert_eq!(local_name_error(ok), None, "{ok}");
        }
        for bad in ["", "-a", ".a", "1a", "a b", "a:b", ":a", "a<b", "a\u{0}"] {
            assert!(local_name_error(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn namespaces() {
        for ok in [
            "",
            "DAV:",
            "urn:ietf:params:xml:ns:caldav",
            "http://x/y?z#w",
        ] {
            assert_eq!(namespace_error(ok), None, "{ok}");
        }
        for bad in [
            "x",
            "1a:b",
            ":a",
            "urn:a b",
            "urn:<x>",
            XML,
            XMLNS,
            "http://a\tb",
        ] {
            assert!(namespace_error(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn tags() {
        const T: Tag = Tag::new(CALDAV, "calendar-data");
        assert_eq!(
            T.prerendered(),
            Some(("<C:calendar-data>", "</C:calendar-data>"))
        );
        const U: Tag = Tag::new("", "plain");
        assert_eq!(U.prerendered(), Some(("<plain>", "</plain>")));
        const V: Tag = Tag::new("urn:x", "custom");
        assert_eq!(V.prerendered(), None);
        const LONG: Tag = Tag::new(
            DAV,
            "a123456789a123456789a123456789a123456789a123456789a123456789a123456789a123456789",
        );
        assert_eq!(LONG.prerendered(), None);
    }
}
