//! A hardened, namespace-aware XML reader for request bodies.
//!
//! [`read`] turns a request body into an [`Element`] tree with expanded names, so that what
//! a client wrote is understood whatever prefixes it chose. It is built for untrusted input
//! (RFC 4918 §20.6, "Implications of XML Entities"):
//!
//! - any `<!DOCTYPE>` is refused, so there is no DTD, no entity declaration (general or
//!   parameter) and no external entity; only the five predefined entities (`&lt;` `&gt;`
//!   `&amp;` `&apos;` `&quot;`) and character references are expanded, any other reference
//!   is an error;
//! - the body is UTF-8, or UTF-16 (little or big endian) when it starts with a UTF-16 byte
//!   order mark, as XML 1.0 §4.3.3 requires of processors; an XML declaration's `encoding`
//!   must agree (`UTF-8`; `UTF-16`, `UTF-16LE` or `UTF-16BE` as the mark says), any other
//!   is refused;
//! - refused with `400 Bad Request`, each with what was wrong and where ([`ReadError`]):
//!   malformed XML (including a malformed XML declaration, attributes not separated by
//!   whitespace, `]]>` in text), invalid UTF-8 (overlong forms and surrogates included)
//!   or UTF-16, characters XML 1.0 cannot carry, an unbound prefix, an empty prefixed
//!   namespace declaration (`xmlns:p=""`, forbidden by Namespaces in XML 1.0), binding the
//!   `xml` or `xmlns` prefix or namespace otherwise than XML defines them, a namespace
//!   that no URI reference can be (spaces, `<`, …; relative references such as `zzz` are
//!   accepted, as Namespaces in XML only deprecates them), names that are not XML names,
//!   repeated attributes, anything after the root element but comments, processing
//!   instructions and whitespace;
//! - bounded by [`Limits`], each refused with `413 Content Too Large`: the body's size, the
//!   nesting depth (never more than [`MAX_DEPTH`]), the number of elements, of attributes
//!   on one element, of namespace declarations in scope (128), the bytes the tree holds,
//!   and the property names a request lists.
//!
//! Every body the limits accept is read in time and memory linear in its size: duplicate
//! checks go through hash maps past a few items, nothing is copied per level of nesting,
//! and nothing recurses (trees are read, walked, written, cloned and dropped with a stack
//! on the heap), so a deep body cannot overflow a thread's stack either.
//!
//! Error positions are byte offsets into the body as received (for a UTF-16 body, into the
//! UTF-16 bytes), with the line and the column in characters.
//!
//! The tree keeps attributes (`xml:lang` included, in the [`XML`] namespace) with expanded
//! names; namespace declarations are not attributes of the tree, they are folded into the
//! names. Comments and processing instructions are skipped. Text is kept exactly as XML
//! defines it (literal CRLF becomes LF by end-of-line normalization, `&#13;` stays a `\r`),
//! whitespace-only text between child elements included: a dead property's value keeps its
//! whitespace (RFC 4918 §4.3), whatever `xml:space` says (an attribute like any other, kept
//! in the tree for the application).
//!
//! ```
//! use multistatus_core::reader;
//! let root = reader::read(br#"<D:prop xmlns:D="DAV:"><D:displayname xml:lang="en"
//!     >Report&#13;</D:displayname></D:prop>"#).unwrap();
//! assert!(root.name().is("DAV:", "prop"));
//! let name = root.child_elements().next().unwrap();
//! assert_eq!(name.text(), "Report\r");
//! assert_eq!(name.lang(), Some("en"));
//! ```

use std::borrow::Cow;
use std::fmt;

pub(crate) use crate::distinct::Distinct;

use quick_xml::NsReader;
use quick_xml::errors::{Error as XmlError, IllFormedError, SyntaxError};
use quick_xml::events::attributes::{AttrError, Attributes};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, NamespaceError, PrefixDeclaration, QName, ResolveResult};

use crate::Status;
use crate::escape::{find_illegal, is_xml_char};
use crate::model::xml::{Element, Node};
use crate::name::{DAV, Name, WELL_KNOWN, XML, XMLNS, local_name_error, read_namespace_error};

/// Bounds on what a request body may cost to read. The defaults suit WebDAV request bodies
/// (PROPFIND, PROPPATCH, REPORT): they are small documents.
///
/// ```
/// use multistatus_core::reader::{read_with, Limits, ReadErrorKind};
/// let limits = Limits { max_depth: 2, ..Limits::default() };
/// let err = read_with(b"<a><b><c/></b></a>", &limits).unwrap_err();
/// assert!(matches!(err.kind(), ReadErrorKind::TooDeep { max_depth: 2 }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest body accepted, in bytes; a larger one is refused with
    /// `413 Content Too Large` before any parsing. Default: 1 MiB.
    pub max_bytes: usize,
    /// The deepest element nesting accepted; the root element is at depth 1. Default: 64.
    /// A value above [`MAX_DEPTH`] acts as [`MAX_DEPTH`]. Nothing recurses over a tree
    /// (reading, writing, dropping, cloning, comparing), so the depth costs heap, not stack.
    pub max_depth: usize,
    /// The most elements a body may hold. Default: 100 000.
    pub max_elements: usize,
    /// The most attributes one element may carry, namespace declarations included.
    /// Default: 128.
    pub max_attributes: usize,
    /// The most bytes of names, attribute values and text the tree may hold. Namespace
    /// names are copied into every element and attribute that uses one (except well-known
    /// namespaces such as `DAV:`, which are shared), so a long namespace used by many
    /// elements costs many times its length: this bounds that amplification, and the
    /// copies of an inherited `xml:lang` and of the namespace declarations in scope that
    /// [`PropertyUpdate`](crate::request::PropertyUpdate) puts on each property (its tree and
    /// its [`DeadProperty`](crate::DeadProperty)). Default: 16 MiB.
    pub max_tree_bytes: usize,
    /// The most property names one request may list: the children of `DAV:prop` and
    /// `DAV:include` in a PROPFIND, the properties of the `set` and `remove` instructions of
    /// a PROPPATCH, each counted as it is read, repeated ones included. Default: 1 000.
    ///
    /// Real clients ask for well under 100. The bound matters because a PROPFIND's names
    /// are echoed in every response of the answer: with `Depth: 1` over a collection of
    /// n members, a request of k names costs n × k in the answer, whatever its own size.
    pub max_names: usize,
}

/// The deepest nesting the reader can accept, whatever [`Limits::max_depth`] says: the
/// namespace resolver of the XML parser (quick-xml) counts levels in 16 bits.
pub const MAX_DEPTH: usize = u16::MAX as usize;

impl Limits {
    /// The default limits, usable in constants.
    pub const DEFAULT: Self = Self {
        max_bytes: 1 << 20,
        max_depth: 64,
        max_elements: 100_000,
        max_attributes: 128,
        max_tree_bytes: 16 << 20,
        max_names: 1_000,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// What is wrong with a request body. See [`ReadError`] for where.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReadErrorKind {
    /// The body is larger than [`Limits::max_bytes`] (413 Content Too Large).
    TooLarge {
        /// The limit.
        max_bytes: usize,
    },
    /// Elements are nested deeper than [`Limits::max_depth`] (or [`MAX_DEPTH`]; 413 Content
    /// Too Large).
    TooDeep {
        /// The limit.
        max_depth: usize,
    },
    /// The body holds more than [`Limits::max_elements`] elements (413 Content Too Large).
    TooManyElements {
        /// The limit.
        max_elements: usize,
    },
    /// An element carries more than [`Limits::max_attributes`] attributes
    /// (413 Content Too Large).
    TooManyAttributes {
        /// The limit.
        max_attributes: usize,
    },
    /// The tree would take more than [`Limits::max_tree_bytes`] (413 Content Too Large).
    TreeTooLarge {
        /// The limit.
        max_tree_bytes: usize,
    },
    /// More namespace declarations in scope at once than the reader accepts (128; 413
    /// Content Too Large).
    TooManyNamespaces {
        /// The limit.
        max: usize,
    },
    /// The request lists more property names than [`Limits::max_names`] (413 Content Too
    /// Large).
    TooManyNames {
        /// The limit.
        max_names: usize,
    },
    /// The body is not valid UTF-8.
    InvalidUtf8,
    /// The body starts with a UTF-16 byte order mark but is not valid UTF-16 (an odd
    /// number of bytes, or an unpaired surrogate).
    InvalidUtf16,
    /// The XML declaration names an encoding other than UTF-8 and UTF-16.
    UnsupportedEncoding {
        /// The declared encoding.
        encoding: String,
    },
    /// The XML declaration names an encoding the body is not in: UTF-16 in a body with no
    /// UTF-16 byte order mark, UTF-8 in one with, or the other byte order.
    EncodingMismatch {
        /// The declared encoding.
        declared: String,
        /// The encoding of the body: `UTF-8`, `UTF-16LE` or `UTF-16BE`.
        detected: &'static str,
    },
    /// The XML declaration names a version other than 1.0.
    UnsupportedVersion {
        /// The declared version.
        version: String,
    },
    /// A `<!DOCTYPE>`: DTDs (and with them entity declarations and external entities) are
    /// refused.
    Doctype,
    /// A reference to an entity other than the five XML predefines (`&lt;` `&gt;` `&amp;`
    /// `&apos;` `&quot;`).
    UndefinedEntity {
        /// The entity's name.
        name: String,
    },
    /// A character reference that is malformed or names no character.
    InvalidCharRef {
        /// The reference, without `&` and `;`.
        reference: String,
    },
    /// A character XML 1.0 cannot carry (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F,
    /// U+FFFE, U+FFFF), literally or through a character reference.
    IllegalChar {
        /// The character.
        found: char,
    },
    /// A prefix used without a namespace declaration in scope.
    UnboundPrefix {
        /// The prefix.
        prefix: String,
    },
    /// `xmlns:p=""`: Namespaces in XML 1.0 forbids undeclaring a prefix (only the default
    /// namespace may be undeclared, with `xmlns=""`).
    EmptyPrefixedNamespace {
        /// The prefix.
        prefix: String,
    },
    /// A namespace declaration that XML forbids, such as binding the `xml` prefix to
    /// another namespace.
    ReservedNamespace {
        /// What is wrong.
        message: String,
    },
    /// An element or attribute in a namespace that is reserved (the `xmlns` namespace, or
    /// the `xml` one for an element) or that holds characters a URI reference cannot
    /// (spaces, `<`, …). Relative references (`xmlns:z="zzz"`) are accepted.
    InvalidNamespace {
        /// The namespace.
        namespace: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An element, attribute or prefix that is not an XML name.
    InvalidName {
        /// The name as written.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The same attribute twice on one element (after namespace expansion).
    DuplicateAttribute {
        /// The attribute, as written.
        name: String,
    },
    /// An end tag that does not match the open element.
    MismatchedEndTag {
        /// The name of the open element.
        expected: String,
        /// The name in the end tag.
        found: String,
    },
    /// An end tag with no open element.
    UnexpectedEndTag {
        /// The name in the end tag.
        name: String,
    },
    /// The body ends before this element is closed.
    UnclosedElement {
        /// The name of the open element.
        name: String,
    },
    /// The body holds no element at all.
    NoRoot,
    /// A second top-level element: a document has exactly one root.
    MultipleRoots,
    /// Text, a reference or CDATA outside the root element.
    ContentOutsideRoot,
    /// Any other malformation; the message says which.
    Malformed {
        /// What is wrong.
        message: String,
    },
    /// The root element is not the one the request needs.
    UnexpectedRoot {
        /// The element expected.
        expected: Name<'static>,
        /// The element found.
        found: Name<'static>,
    },
    /// An element lacks content the request requires.
    MissingContent {
        /// The element.
        element: Name<'static>,
        /// What it must contain.
        expected: &'static str,
    },
    /// An element holds content that contradicts itself.
    ConflictingContent {
        /// The element.
        element: Name<'static>,
        /// What is contradictory.
        message: &'static str,
    },
}

impl fmt::Display for ReadErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { max_bytes } => {
                write!(f, "the body is larger than the limit of {max_bytes} bytes")
            }
            Self::TooDeep { max_depth } => write!(
                f,
                "elements are nested deeper than the limit of {max_depth} levels"
            ),
            Self::TooManyElements { max_elements } => {
                write!(f, "the body holds more than {max_elements} elements")
            }
            Self::TooManyAttributes { max_attributes } => write!(
                f,
                "an element carries more than {max_attributes} attributes"
            ),
            Self::TreeTooLarge { max_tree_bytes } => write!(
                f,
                "the names and text of the body would take more than {max_tree_bytes} bytes"
            ),
            Self::TooManyNamespaces { max } => {
                write!(f, "more than {max} namespace declarations are in scope")
            }
            Self::TooManyNames { max_names } => write!(
                f,
                "the request lists more than {max_names} property names"
            ),
            Self::InvalidUtf8 => f.write_str("the body is not valid UTF-8"),
            Self::InvalidUtf16 => f.write_str(
                "the body starts with a UTF-16 byte order mark but is not valid UTF-16",
            ),
            Self::UnsupportedEncoding { encoding } => write!(
                f,
                "the XML declaration names encoding {encoding:?}; only UTF-8 and UTF-16 are accepted"
            ),
            Self::EncodingMismatch { declared, detected } => write!(
                f,
                "the XML declaration names encoding {declared:?}, but the body is {detected}"
            ),
            Self::UnsupportedVersion { version } => write!(
                f,
                "the XML declaration names version {version:?}; only 1.0 is accepted"
            ),
            Self::Doctype => f.write_str(
                "a DOCTYPE is not allowed: DTDs, entity declarations and external entities are refused",
            ),
            Self::UndefinedEntity { name } => write!(
                f,
                "undefined entity `&{name};`: only &lt; &gt; &amp; &apos; &quot; and character references are allowed"
            ),
            Self::InvalidCharRef { reference } => {
                write!(f, "invalid character reference `&{reference};`")
            }
            Self::IllegalChar { found } => write!(
                f,
                "character U+{:04X} is not allowed in XML 1.0",
                u32::from(*found)
            ),
            Self::UnboundPrefix { prefix } => {
                write!(f, "namespace prefix `{prefix}` is not declared (unbound prefix)")
            }
            Self::EmptyPrefixedNamespace { prefix } => write!(
                f,
                "`xmlns:{prefix}=\"\"` is not allowed: a prefixed namespace declaration cannot be empty (Namespaces in XML 1.0)"
            ),
            Self::ReservedNamespace { message } => write!(f, "reserved namespace: {message}"),
            Self::InvalidNamespace { namespace, reason } => {
                write!(f, "invalid namespace {namespace:?}: {reason}")
            }
            Self::InvalidName { name, reason } => write!(f, "invalid XML name {name:?}: {reason}"),
            Self::DuplicateAttribute { name } => write!(f, "duplicate attribute `{name}`"),
            Self::MismatchedEndTag { expected, found } => write!(
                f,
                "mismatched end tag: expected `</{expected}>`, found `</{found}>`"
            ),
            Self::UnexpectedEndTag { name } => {
                write!(f, "end tag `</{name}>` does not close any open element")
            }
            Self::UnclosedElement { name } => {
                write!(f, "unclosed element: the body ends before `</{name}>`")
            }
            Self::NoRoot => f.write_str("the body holds no XML element"),
            Self::MultipleRoots => f.write_str(
                "a second root element: an XML document has exactly one root element",
            ),
            Self::ContentOutsideRoot => f.write_str(
                "text or garbage outside the root element: only comments, processing instructions and whitespace may surround it",
            ),
            Self::Malformed { message } => write!(f, "malformed XML: {message}"),
            Self::UnexpectedRoot { expected, found } => {
                write!(f, "the root element is {found}, expected {expected}")
            }
            Self::MissingContent { element, expected } => {
                write!(f, "{element} must contain {expected}")
            }
            Self::ConflictingContent { element, message } => write!(f, "{element}: {message}"),
        }
    }
}

/// Why a request body was refused, and where: a byte offset into the body as received,
/// with the line and column (in characters, from 1; a byte order mark is not a column) it
/// falls on. Errors about an attribute point at the attribute, or at the character of its
/// value that is wrong.
///
/// ```
/// use multistatus_core::{reader, Status};
/// let err = reader::read(b"<a>\n  <b></c>\n</a>").unwrap_err();
/// assert!(matches!(err.kind(), reader::ReadErrorKind::MismatchedEndTag { .. }));
/// assert_eq!(err.line(), 2);
/// assert_eq!(err.http_status(), Status::BAD_REQUEST);
/// assert!(err.to_string().contains("expected `</b>`, found `</c>`"), "{err}");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    kind: ReadErrorKind,
    position: usize,
    line: usize,
    column: usize,
}

impl ReadError {
    /// An error at byte `position` of `body`, read as UTF-8 up to there.
    fn new(kind: ReadErrorKind, body: &[u8], position: usize) -> Self {
        let end = position.min(body.len());
        let before = String::from_utf8_lossy(body.get(..end).unwrap_or_default());
        Self::located(kind, position, &before)
    }

    /// An error at byte `position` of the body, which `before` is the text before: the
    /// line and column are counted in it.
    fn located(kind: ReadErrorKind, position: usize, before: &str) -> Self {
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = 1 + before.bytes().filter(|&b| b == b'\n').count();
        let column = 1 + before.get(line_start..).unwrap_or_default().chars().count();
        Self {
            kind,
            position,
            line,
            column,
        }
    }

    /// What is wrong.
    #[must_use]
    pub fn kind(&self) -> &ReadErrorKind {
        &self.kind
    }

    /// The byte offset in the body where the problem was found: in the body as received,
    /// so for a UTF-16 body an offset into its UTF-16 bytes (the byte order mark counted).
    #[must_use]
    pub fn position(&self) -> usize {
        self.position
    }

    /// The line (from 1) of [`position`](Self::position).
    #[must_use]
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column (from 1, in characters) of [`position`](Self::position).
    #[must_use]
    pub fn column(&self) -> usize {
        self.column
    }

    /// The status a server answers: `413 Content Too Large` for every limit (the body's
    /// size, depth, elements, attributes, namespace declarations, tree size and property
    /// names: [`Limits`]), `400 Bad Request` for everything else.
    ///
    /// ```
    /// use multistatus_core::{reader, Status};
    /// let limits = reader::Limits { max_bytes: 4, ..Default::default() };
    /// let err = reader::read_with(b"<abc/>", &limits).unwrap_err();
    /// assert_eq!(err.http_status(), Status::CONTENT_TOO_LARGE);
    /// let limits = reader::Limits { max_depth: 1, ..Default::default() };
    /// let err = reader::read_with(b"<a><b/></a>", &limits).unwrap_err();
    /// assert_eq!(err.http_status(), Status::CONTENT_TOO_LARGE);
    /// assert_eq!(reader::read(b"<a>").unwrap_err().http_status(), Status::BAD_REQUEST);
    /// ```
    #[must_use]
    pub fn http_status(&self) -> Status {
        match self.kind {
            ReadErrorKind::TooLarge { .. }
            | ReadErrorKind::TooDeep { .. }
            | ReadErrorKind::TooManyElements { .. }
            | ReadErrorKind::TooManyAttributes { .. }
            | ReadErrorKind::TreeTooLarge { .. }
            | ReadErrorKind::TooManyNamespaces { .. }
            | ReadErrorKind::TooManyNames { .. } => Status::CONTENT_TOO_LARGE,
            _ => Status::BAD_REQUEST,
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (at byte {}, line {}, column {})",
            self.kind, self.position, self.line, self.column
        )
    }
}

impl std::error::Error for ReadError {}

/// Reads a request body into an element tree with the default [`Limits`].
///
/// ```
/// use multistatus_core::reader::{read, ReadErrorKind};
/// let root = read(br#"<propfind xmlns="DAV:"><prop><foo xmlns=""/></prop></propfind>"#).unwrap();
/// let prop = root.child_elements().next().unwrap();
/// assert!(prop.name().is("DAV:", "prop"));
/// assert!(prop.child_elements().next().unwrap().name().is("", "foo"));
///
/// let err = read(br#"<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>"#).unwrap_err();
/// assert_eq!(err.kind(), &ReadErrorKind::Doctype);
/// ```
pub fn read(body: &[u8]) -> Result<Element, ReadError> {
    read_with(body, &Limits::DEFAULT)
}

/// Reads a request body into an element tree with the given [`Limits`].
///
/// ```
/// use multistatus_core::reader::{read_with, Limits, ReadErrorKind};
/// let limits = Limits { max_bytes: 16, ..Limits::default() };
/// let err = read_with(b"<propfind xmlns='DAV:'/>", &limits).unwrap_err();
/// assert_eq!(err.kind(), &ReadErrorKind::TooLarge { max_bytes: 16 });
/// ```
pub fn read_with(body: &[u8], limits: &Limits) -> Result<Element, ReadError> {
    read_document(body, limits, false).map(|doc| doc.root)
}

/// A tree with where each element's start tag is, in document order (`starts[0]` is the
/// root's, then its first child's, and so on, depth first), as offsets into the text.
pub(crate) struct Document<'b> {
    pub(crate) root: Element,
    starts: Vec<usize>,
    /// What the tree's names, attribute values and text take ([`Limits::max_tree_bytes`]).
    pub(crate) tree_bytes: usize,
    source: Source<'b>,
    /// Where each element ends and what it declares, when asked for ([`read_document`]).
    spans: Spans,
}

/// What a document records beside its tree for the elements whose bytes are kept (dead
/// properties, [`DeadProperty`](crate::DeadProperty)): where each element ends, and the
/// namespace declarations made on each. Empty unless [`read_document`] is asked to record.
#[derive(Default)]
struct Spans {
    /// Per element in document order, the offset just past its end tag (or `/>`).
    ends: Vec<usize>,
    /// Every namespace declaration, in document order (so sorted by element).
    declarations: Vec<Declaration>,
}

/// A namespace declaration made on an element: `xmlns:p="…"` or `xmlns="…"`.
#[derive(Clone, Debug)]
pub(crate) struct Declaration {
    /// The document-order index of the element that makes it.
    element: usize,
    /// The prefix; `None` for the default namespace.
    pub(crate) prefix: Option<Box<str>>,
    /// The namespace, references expanded; empty for `xmlns=""`.
    pub(crate) namespace: Box<str>,
}

impl Document<'_> {
    /// An error at the start tag of the element with document-order `index`.
    pub(crate) fn error_at(&self, index: usize, kind: ReadErrorKind) -> ReadError {
        let at = self.starts.get(index).copied().unwrap_or(0);
        self.source.error(kind, at)
    }

    /// The text of the element with document-order `index`, from its `<` to the end of its
    /// end tag, as it is in the (UTF-8, possibly transcoded) body; `None` unless the
    /// document was read recording.
    pub(crate) fn element_text(&self, index: usize) -> Option<&str> {
        let start = *self.starts.get(index)?;
        let end = *self.spans.ends.get(index)?;
        self.source.text.get(start..end)
    }

    /// The namespace declarations made on the element with document-order `index`, in
    /// document order; empty unless the document was read recording.
    pub(crate) fn declarations(&self, index: usize) -> &[Declaration] {
        let all = &self.spans.declarations;
        let from = all.partition_point(|d| d.element < index);
        let to = all.partition_point(|d| d.element <= index);
        all.get(from..to).unwrap_or_default()
    }
}

/// Whether `s` is only XML whitespace (space, tab, CR, LF).
fn is_xml_whitespace(s: &[u8]) -> bool {
    s.iter().all(|&b| is_space(b))
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Whether a body holds nothing but a byte order mark and whitespace, in any encoding the
/// reader accepts.
pub(crate) fn is_blank(body: &[u8]) -> bool {
    let (encoding, bom) = Encoding::detect(body);
    let rest = body.get(bom..).unwrap_or_default();
    match encoding {
        Encoding::Utf8 => is_xml_whitespace(rest),
        Encoding::Utf16Le | Encoding::Utf16Be => {
            rest.len() % 2 == 0
                && rest
                    .chunks_exact(2)
                    .all(|pair| u8::try_from(encoding.unit(pair)).is_ok_and(is_space))
        }
    }
}

/// The encoding of a body, from its byte order mark (XML 1.0 §4.3.3 and Appendix F): an
/// entity in UTF-16 must start with one; without, the body is UTF-8.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    /// The encoding of `body` and the length of its byte order mark.
    fn detect(body: &[u8]) -> (Self, usize) {
        match body {
            [0xEF, 0xBB, 0xBF, ..] => (Self::Utf8, 3),
            [0xFF, 0xFE, ..] => (Self::Utf16Le, 2),
            [0xFE, 0xFF, ..] => (Self::Utf16Be, 2),
            _ => (Self::Utf8, 0),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Utf16Le => "UTF-16LE",
            Self::Utf16Be => "UTF-16BE",
        }
    }

    /// A UTF-16 code unit from two bytes.
    fn unit(self, pair: &[u8]) -> u16 {
        let pair = [
            pair.first().copied().unwrap_or(0),
            pair.get(1).copied().unwrap_or(0),
        ];
        match self {
            Self::Utf16Be => u16::from_be_bytes(pair),
            Self::Utf8 | Self::Utf16Le => u16::from_le_bytes(pair),
        }
    }

    /// Whether an XML declaration may name `declared` for a body in this encoding.
    fn agrees(self, declared: &str) -> bool {
        let is = |name: &str| declared.eq_ignore_ascii_case(name);
        match self {
            Self::Utf8 => is("UTF-8"),
            Self::Utf16Le => is("UTF-16") || is("UTF-16LE"),
            Self::Utf16Be => is("UTF-16") || is("UTF-16BE"),
        }
    }
}

/// A body as the XML parser reads it: its text, without the byte order mark, transcoded
/// to UTF-8 when the body is UTF-16; and the way back from offsets in that text to offsets
/// in the body, for errors.
struct Source<'b> {
    text: Cow<'b, str>,
    encoding: Encoding,
    bom: usize,
}

impl<'b> Source<'b> {
    fn decode(body: &'b [u8]) -> Result<Self, ReadError> {
        let (encoding, bom) = Encoding::detect(body);
        let rest = body.get(bom..).unwrap_or_default();
        let text = if encoding == Encoding::Utf8 {
            match std::str::from_utf8(rest) {
                Ok(text) => Cow::Borrowed(text),
                Err(e) => {
                    let valid = rest.get(..e.valid_up_to()).unwrap_or_default();
                    let before = std::str::from_utf8(valid).unwrap_or_default();
                    return Err(ReadError::located(
                        ReadErrorKind::InvalidUtf8,
                        bom + before.len(),
                        before,
                    ));
                }
            }
        } else {
            let pairs = rest.chunks_exact(2);
            let odd = !pairs.remainder().is_empty();
            let mut text = String::with_capacity(rest.len());
            let mut valid = true;
            for c in char::decode_utf16(pairs.map(|pair| encoding.unit(pair))) {
                match c {
                    Ok(c) => text.push(c),
                    Err(_) => {
                        valid = false;
                        break;
                    }
                }
            }
            if !valid || odd {
                let at = text.len();
                let source = Self {
                    text: Cow::Owned(text),
                    encoding,
                    bom,
                };
                return Err(source.error(ReadErrorKind::InvalidUtf16, at));
            }
            Cow::Owned(text)
        };
        Ok(Self {
            text,
            encoding,
            bom,
        })
    }

    /// An error at offset `at` of the text: its position is mapped back to the body, and
    /// its line and column counted in characters of the text.
    fn error(&self, kind: ReadErrorKind, at: usize) -> ReadError {
        let mut at = at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let before = self.text.get(..at).unwrap_or_default();
        let position = match self.encoding {
            Encoding::Utf8 => self.bom + at,
            Encoding::Utf16Le | Encoding::Utf16Be => self.bom + 2 * before.encode_utf16().count(),
        };
        ReadError::located(kind, position, before)
    }
}

/// Reads `body` and keeps where each element starts, for error positions; with `record`,
/// also where each element ends and the namespace declarations made on it
/// ([`Document::element_text`], [`Document::declarations`]).
pub(crate) fn read_document<'b>(
    body: &'b [u8],
    limits: &Limits,
    record: bool,
) -> Result<Document<'b>, ReadError> {
    if body.len() > limits.max_bytes {
        return Err(ReadError::new(
            ReadErrorKind::TooLarge {
                max_bytes: limits.max_bytes,
            },
            body,
            limits.max_bytes,
        ));
    }
    let source = Source::decode(body)?;
    if let Some((at, found)) = find_illegal(&source.text) {
        return Err(source.error(ReadErrorKind::IllegalChar { found }, at));
    }
    let mut state = State {
        source: &source,
        limits,
        max_depth: limits.max_depth.min(MAX_DEPTH),
        reader: NsReader::from_str(&source.text),
        stack: Vec::with_capacity(8),
        starts: Vec::with_capacity(32),
        root: None,
        tree_bytes: 0,
        record,
        spans: Spans::default(),
    };
    let config = state.reader.config_mut();
    config.check_comments = true;
    config.check_end_names = true;
    config.expand_empty_elements = false;
    config.allow_dangling_amp = false;
    config.allow_unmatched_ends = false;
    config.trim_text(false);
    state.run()?;
    let (Some(root), starts, tree_bytes, spans) =
        (state.root, state.starts, state.tree_bytes, state.spans)
    else {
        return Err(source.error(ReadErrorKind::NoRoot, source.text.len()));
    };
    Ok(Document {
        root,
        starts,
        tree_bytes,
        source,
        spans,
    })
}

/// An element being read.
struct Open {
    element: Element,
    /// Text read since the last child element, not yet a node.
    text: String,
    /// Its document-order index.
    index: usize,
}

/// The reader's state. Offsets (`at`) are into the text, as the XML parser counts them.
struct State<'i, 'l> {
    source: &'i Source<'i>,
    limits: &'l Limits,
    /// [`Limits::max_depth`], at most [`MAX_DEPTH`].
    max_depth: usize,
    reader: NsReader<&'i [u8]>,
    stack: Vec<Open>,
    starts: Vec<usize>,
    root: Option<Element>,
    tree_bytes: usize,
    /// Whether to fill `spans`.
    record: bool,
    spans: Spans,
}

impl State<'_, '_> {
    fn error(&self, kind: ReadErrorKind, at: usize) -> ReadError {
        self.source.error(kind, at)
    }

    /// Where the reader is.
    fn here(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    /// Where `s`, a slice of the text (what the parser hands out borrows it), starts.
    fn offset_of(&self, s: &str) -> Option<usize> {
        let at = s
            .as_ptr()
            .addr()
            .checked_sub(self.source.text.as_ptr().addr())?;
        (at + s.len() <= self.source.text.len()).then_some(at)
    }

    fn charge(&mut self, bytes: usize, at: usize) -> Result<(), ReadError> {
        self.tree_bytes = self.tree_bytes.saturating_add(bytes);
        if self.tree_bytes > self.limits.max_tree_bytes {
            return Err(self.error(
                ReadErrorKind::TreeTooLarge {
                    max_tree_bytes: self.limits.max_tree_bytes,
                },
                at,
            ));
        }
        Ok(())
    }

    fn run(&mut self) -> Result<(), ReadError> {
        let mut first = true;
        loop {
            let at = self.here();
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(e) => return Err(self.xml_error(e, at)),
            };
            let was_first = std::mem::replace(&mut first, false);
            match event {
                Event::Start(e) => {
                    let element = self.start(&e, at)?;
                    self.stack.push(Open {
                        element,
                        text: String::new(),
                        index: self.starts.len() - 1,
                    });
                }
                Event::Empty(e) => {
                    let element = self.start(&e, at)?;
                    self.ended(self.starts.len() - 1);
                    self.close(element);
                }
                Event::End(_) => match self.stack.pop() {
                    Some(open) => {
                        self.ended(open.index);
                        let element = finish(open);
                        self.close(element);
                    }
                    None => {
                        return Err(self.error(
                            ReadErrorKind::Malformed {
                                message: "an end tag with no open element".into(),
                            },
                            at,
                        ));
                    }
                },
                Event::Text(t) => {
                    if t.contains("]]>") {
                        return Err(self.error(
                            ReadErrorKind::Malformed {
                                message: "`]]>` is not allowed in text".into(),
                            },
                            at,
                        ));
                    }
                    if self.stack.is_empty() {
                        if let Some(i) = t.bytes().position(|b| !is_xml_whitespace(&[b])) {
                            return Err(self.error(ReadErrorKind::ContentOutsideRoot, at + i));
                        }
                        continue;
                    }
                    let content = t.xml10_content();
                    self.text(&content, at)?;
                }
                Event::CData(c) => {
                    self.outside_root(at)?;
                    let content = c.xml10_content();
                    self.text(&content, at)?;
                }
                Event::GeneralRef(r) => {
                    self.outside_root(at)?;
                    let c = self.reference(&r, at)?;
                    let mut buf = [0; 4];
                    self.text(c.encode_utf8(&mut buf), at)?;
                }
                Event::Decl(_) => {
                    if !was_first || at != 0 {
                        return Err(self.error(
                            ReadErrorKind::Malformed {
                                message: "an XML declaration is only allowed at the very start of the body".into(),
                            },
                            at,
                        ));
                    }
                    self.declaration()?;
                }
                Event::PI(pi) => {
                    let target = pi.target();
                    if target.eq_ignore_ascii_case("xml") {
                        return Err(self.error(
                            ReadErrorKind::Malformed {
                                message: "an XML declaration is only allowed at the very start of the body".into(),
                            },
                            at,
                        ));
                    }
                    if let Some(reason) = local_name_error(target) {
                        return Err(self.error(
                            ReadErrorKind::InvalidName {
                                name: target.to_owned(),
                                reason,
                            },
                            at,
                        ));
                    }
                }
                Event::Comment(_) => {}
                Event::DocType(_) => return Err(self.error(ReadErrorKind::Doctype, at)),
                Event::Eof => {
                    return match self.stack.last() {
                        Some(open) => {
                            let name = open.element.name().to_string();
                            Err(self.error(ReadErrorKind::UnclosedElement { name }, at))
                        }
                        None => Ok(()),
                    };
                }
            }
        }
    }

    /// Records that the element with document-order `index` ends where the reader is.
    fn ended(&mut self, index: usize) {
        let end = self.here();
        if let Some(slot) = self.spans.ends.get_mut(index) {
            *slot = end;
        }
    }

    /// Text, a reference or CDATA before or after the root element is an error.
    fn outside_root(&self, at: usize) -> Result<(), ReadError> {
        if self.stack.is_empty() {
            return Err(self.error(ReadErrorKind::ContentOutsideRoot, at));
        }
        Ok(())
    }

    fn text(&mut self, content: &str, at: usize) -> Result<(), ReadError> {
        if self.stack.is_empty() {
            if is_xml_whitespace(content.as_bytes()) {
                return Ok(());
            }
            return Err(self.error(ReadErrorKind::ContentOutsideRoot, at));
        }
        self.charge(content.len(), at)?;
        if let Some(open) = self.stack.last_mut() {
            open.text.push_str(content);
        }
        Ok(())
    }

    /// The character an entity or character reference stands for.
    fn reference(&self, r: &str, at: usize) -> Result<char, ReadError> {
        let c = match r {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "apos" => '\'',
            "quot" => '"',
            _ => {
                let Some(number) = r.strip_prefix('#') else {
                    return Err(
                        self.error(ReadErrorKind::UndefinedEntity { name: r.to_owned() }, at)
                    );
                };
                let code = match number.strip_prefix('x') {
                    Some(hex) if hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                        u32::from_str_radix(hex, 16).ok()
                    }
                    None if number.bytes().all(|b| b.is_ascii_digit()) => number.parse().ok(),
                    _ => None,
                };
                let Some(c) = code.and_then(char::from_u32) else {
                    return Err(self.error(
                        ReadErrorKind::InvalidCharRef {
                            reference: r.to_owned(),
                        },
                        at,
                    ));
                };
                c
            }
        };
        if !is_xml_char(c) {
            return Err(self.error(ReadErrorKind::IllegalChar { found: c }, at));
        }
        Ok(c)
    }

    /// Checks the XML declaration that starts the text and ends where the reader is, by
    /// the grammar of XML 1.0 §2.8 (`XMLDecl`: quick-xml lets malformed ones through), and
    /// its version and encoding.
    fn declaration(&self) -> Result<(), ReadError> {
        let end = self.here();
        let decl = self.source.text.get(..end).unwrap_or_default();
        let fields = XmlDecl::parse(decl)
            .map_err(|(at, message)| self.error(ReadErrorKind::Malformed { message }, at))?;
        if fields.version.1 != "1.0" {
            return Err(self.error(
                ReadErrorKind::UnsupportedVersion {
                    version: fields.version.1.to_owned(),
                },
                fields.version.0,
            ));
        }
        let Some((at, declared)) = fields.encoding else {
            return Ok(());
        };
        let encoding = self.source.encoding;
        if encoding.agrees(declared) {
            return Ok(());
        }
        let kind = if ["UTF-8", "UTF-16", "UTF-16LE", "UTF-16BE"]
            .iter()
            .any(|known| declared.eq_ignore_ascii_case(known))
        {
            ReadErrorKind::EncodingMismatch {
                declared: declared.to_owned(),
                detected: encoding.name(),
            }
        } else {
            ReadErrorKind::UnsupportedEncoding {
                encoding: declared.to_owned(),
            }
        };
        Err(self.error(kind, at))
    }

    /// An attribute value as XML normalizes it (XML 1.0 §3.3.3): references expanded,
    /// each literal tab, CR, LF or CRLF becomes a space. `at` is where `raw` starts.
    fn attribute_value<'v>(&self, raw: &'v str, at: usize) -> Result<Cow<'v, str>, ReadError> {
        if !raw.contains(['&', '\t', '\r', '\n']) {
            return Ok(Cow::Borrowed(raw));
        }
        let mut value = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(i) = rest.find(['&', '\t', '\r', '\n']) {
            let (plain, tail) = rest.split_at(i);
            value.push_str(plain);
            let here = at + (raw.len() - tail.len());
            if let Some(reference) = tail.strip_prefix('&') {
                let Some((name, after)) = reference.split_once(';') else {
                    return Err(self.error(
                        ReadErrorKind::Malformed {
                            message:
                                "`&` in an attribute value must start a reference ending with `;`"
                                    .into(),
                        },
                        here,
                    ));
                };
                value.push(self.reference(name, here)?);
                rest = after;
            } else {
                value.push(' ');
                rest = tail
                    .strip_prefix("\r\n")
                    .unwrap_or_else(|| tail.get(1..).unwrap_or_default());
            }
        }
        value.push_str(rest);
        Ok(Cow::Owned(value))
    }

    /// Reads a start tag into an element with no children yet. Errors about an attribute
    /// are reported where the attribute (or the offending character in its value) is.
    fn start(&mut self, e: &BytesStart<'_>, at: usize) -> Result<Element, ReadError> {
        if self.root.is_some() {
            return Err(self.error(ReadErrorKind::MultipleRoots, at));
        }
        let depth = self.stack.len() + 1;
        if depth > self.max_depth {
            return Err(self.error(
                ReadErrorKind::TooDeep {
                    max_depth: self.max_depth,
                },
                at,
            ));
        }
        if self.starts.len() >= self.limits.max_elements {
            return Err(self.error(
                ReadErrorKind::TooManyElements {
                    max_elements: self.limits.max_elements,
                },
                at,
            ));
        }
        self.starts.push(at);
        if self.record {
            self.spans.ends.push(at);
        }

        let qname = e.name().into_inner();
        self.check_qname(qname, at)?;

        // Attributes, split into namespace declarations and the rest. quick-xml's own
        // duplicate check is quadratic; ours is not (`Distinct`).
        let mut attributes: Vec<(&str, usize, Cow<'_, str>)> = Vec::new();
        let mut seen: Distinct<&str> = Distinct::new();
        for attribute in e.attributes().with_checks(false) {
            let attribute = attribute.map_err(|err| self.attribute_error(&err, at))?;
            let key = attribute.key.into_inner();
            let key_at = self.offset_of(key).unwrap_or(at);
            if seen.len() >= self.limits.max_attributes {
                return Err(self.error(
                    ReadErrorKind::TooManyAttributes {
                        max_attributes: self.limits.max_attributes,
                    },
                    key_at,
                ));
            }
            if !seen.insert(&key) {
                return Err(self.error(
                    ReadErrorKind::DuplicateAttribute {
                        name: key.to_owned(),
                    },
                    key_at,
                ));
            }
            let raw_at = self.offset_of(&attribute.value);
            if let Some(i) = attribute.value.find('<') {
                return Err(self.error(
                    ReadErrorKind::Malformed {
                        message: format!("`<` is not allowed in the value of attribute `{key}`"),
                    },
                    raw_at.map_or(key_at, |a| a + i),
                ));
            }
            if let Some(raw_at) = raw_at {
                self.separated(raw_at + attribute.value.len())?;
            }
            let value = match &attribute.value {
                Cow::Borrowed(raw) => self.attribute_value(raw, raw_at.unwrap_or(key_at))?,
                Cow::Owned(raw) => Cow::Owned(self.attribute_value(raw, key_at)?.into_owned()),
            };
            match attribute.key.as_namespace_binding() {
                Some(declaration) => {
                    if let PrefixDeclaration::Named(prefix) = declaration {
                        if let Some(reason) = local_name_error(prefix) {
                            return Err(self.error(
                                ReadErrorKind::InvalidName {
                                    name: key.to_owned(),
                                    reason,
                                },
                                key_at,
                            ));
                        }
                        if value.is_empty() {
                            return Err(self.error(
                                ReadErrorKind::EmptyPrefixedNamespace {
                                    prefix: prefix.to_owned(),
                                },
                                key_at,
                            ));
                        }
                    }
                    if self.record {
                        self.spans.declarations.push(Declaration {
                            element: self.starts.len() - 1,
                            prefix: match declaration {
                                PrefixDeclaration::Named(prefix) => Some(prefix.into()),
                                PrefixDeclaration::Default => None,
                            },
                            namespace: (*value).into(),
                        });
                    }
                    // quick-xml bound the raw value; when references changed it, bind the
                    // real namespace name over it, in the same scope.
                    if *value != *attribute.value {
                        self.reader
                            .resolver_mut()
                            .add(declaration, Namespace(&value))
                            .map_err(|err| self.namespace_error(err, key_at))?;
                    }
                }
                None => {
                    self.check_qname(key, key_at)?;
                    attributes.push((key, key_at, value));
                }
            }
        }

        let name = match self.reader.resolver().resolve_element(QName(qname)) {
            (ResolveResult::Unknown(prefix), _) => {
                return Err(self.error(ReadErrorKind::UnboundPrefix { prefix }, at));
            }
            (resolved, local) => {
                let namespace = self.namespace(&resolved, false, at)?;
                let local = local.into_inner();
                let local = match &namespace {
                    Cow::Borrowed(DAV) => dav_local_name(local),
                    _ => Cow::Owned(local.to_owned()),
                };
                Name::new_unchecked(namespace, local)
            }
        };
        let mut element = Element::new(name);
        let mut cost = element.name().local().len() + owned_len(element.name());
        let mut names = Distinct::new();
        for (key, key_at, value) in attributes {
            let name = match self.reader.resolver().resolve_attribute(QName(key)) {
                (ResolveResult::Unknown(prefix), _) => {
                    return Err(self.error(ReadErrorKind::UnboundPrefix { prefix }, key_at));
                }
                (resolved, local) => {
                    let namespace = self.namespace(&resolved, true, key_at)?;
                    Name::new_unchecked(namespace, local.into_inner().to_owned())
                }
            };
            cost += name.local().len() + owned_len(&name) + value.len();
            // Two prefixes bound to one namespace can still name one attribute twice.
            if !names.insert(&name) {
                return Err(self.error(
                    ReadErrorKind::DuplicateAttribute {
                        name: name.to_string(),
                    },
                    key_at,
                ));
            }
            element.push_attribute(name, value.into_owned());
        }
        self.charge(cost, at)?;
        if let Some(parent) = self.stack.last_mut() {
            flush_text(parent);
        }
        Ok(element)
    }

    /// After an attribute's value (`end` is where its closing quote is), XML 1.0 §3.1
    /// requires whitespace before another attribute; quick-xml does not check it.
    fn separated(&self, end: usize) -> Result<(), ReadError> {
        match self.source.text.as_bytes().get(end + 1) {
            Some(&b) if !is_space(b) && b != b'>' && b != b'/' => Err(self.error(
                ReadErrorKind::Malformed {
                    message: "attributes must be separated by whitespace".into(),
                },
                end + 1,
            )),
            _ => Ok(()),
        }
    }

    /// A malformed attribute; quick-xml counts positions from the byte after `<`.
    fn attribute_error(&self, err: &AttrError, at: usize) -> ReadError {
        let (position, message) = match *err {
            AttrError::ExpectedEq(p) => (p, "an attribute name must be followed by `=`".into()),
            AttrError::ExpectedValue(p) => (p, "an attribute has no value".into()),
            AttrError::UnquotedValue(p) => (p, "an attribute value must be quoted".into()),
            AttrError::ExpectedQuote(p, quote) => (
                p,
                format!("an attribute value must end with `{}`", char::from(quote)),
            ),
            AttrError::Duplicated(p, _) => (p, "duplicate attribute".into()),
        };
        self.error(
            ReadErrorKind::Malformed { message },
            at.saturating_add(1).saturating_add(position),
        )
    }

    /// Checks that a qualified name is `NCName` or `NCName:NCName`.
    fn check_qname(&self, qname: &str, at: usize) -> Result<(), ReadError> {
        let (prefix, local) = match qname.split_once(':') {
            Some((prefix, local)) => (Some(prefix), local),
            None => (None, qname),
        };
        let reason = prefix
            .and_then(local_name_error)
            .or_else(|| local_name_error(local));
        match reason {
            Some(reason) => Err(self.error(
                ReadErrorKind::InvalidName {
                    name: qname.to_owned(),
                    reason,
                },
                at,
            )),
            None => Ok(()),
        }
    }

    /// The namespace of a resolved name, shared when it is well known.
    fn namespace(
        &self,
        resolved: &ResolveResult<'_>,
        attribute: bool,
        at: usize,
    ) -> Result<Cow<'static, str>, ReadError> {
        let namespace = match resolved {
            ResolveResult::Bound(ns) => ns.into_inner(),
            ResolveResult::Unbound | ResolveResult::Unknown(_) => "",
        };
        if namespace.is_empty() {
            return Ok(Cow::Borrowed(NO_NAMESPACE));
        }
        if attribute && namespace == XML {
            return Ok(Cow::Borrowed(XML));
        }
        if let Some(reason) = read_namespace_error(namespace) {
            return Err(self.error(
                ReadErrorKind::InvalidNamespace {
                    namespace: namespace.to_owned(),
                    reason,
                },
                at,
            ));
        }
        if namespace == DAV {
            return Ok(Cow::Borrowed(DAV));
        }
        Ok(match WELL_KNOWN.iter().find(|(ns, _)| *ns == namespace) {
            Some((ns, _)) => Cow::Borrowed(ns),
            None => Cow::Owned(namespace.to_owned()),
        })
    }

    /// Attaches a finished element to its parent, or makes it the root.
    fn close(&mut self, element: Element) {
        match self.stack.last_mut() {
            Some(parent) => parent.element.children_mut().push(Node::Element(element)),
            None => self.root = Some(element),
        }
    }

    fn namespace_error(&self, err: NamespaceError, at: usize) -> ReadError {
        let kind = match err {
            NamespaceError::UnknownPrefix(prefix) => ReadErrorKind::UnboundPrefix { prefix },
            NamespaceError::TooManyBindings(max) => ReadErrorKind::TooManyNamespaces { max },
            NamespaceError::TooDeeplyNested(max_depth) => ReadErrorKind::TooDeep { max_depth },
            other => ReadErrorKind::ReservedNamespace {
                message: other.to_string(),
            },
        };
        self.error(kind, at)
    }

    /// Where the namespace declaration that quick-xml refused is, in the start tag at `at`
    /// (which the reader has just read): the first one binding the reserved prefix or
    /// namespace the error is about.
    fn declaration_at(&self, at: usize, err: &NamespaceError) -> Option<usize> {
        let tag = self.source.text.get(at + 1..self.here().checked_sub(1)?)?;
        let name_len = tag.bytes().take_while(|&b| !is_space(b)).count();
        for attribute in Attributes::new(tag, name_len).with_checks(false) {
            let attribute = attribute.ok()?;
            let Some(PrefixDeclaration::Named(prefix)) = attribute.key.as_namespace_binding()
            else {
                continue;
            };
            let value = &*attribute.value;
            let refused = match err {
                NamespaceError::InvalidXmlPrefixBind(_) => prefix == "xml" && value != XML,
                NamespaceError::InvalidXmlnsPrefixBind(_) => prefix == "xmlns",
                NamespaceError::InvalidPrefixForXml(p) => prefix == p && value == XML,
                NamespaceError::InvalidPrefixForXmlns(p) => prefix == p && value == XMLNS,
                _ => return None,
            };
            if refused {
                return self.offset_of(attribute.key.into_inner());
            }
        }
        None
    }

    /// Maps a quick-xml error; `at` is where the event being read started.
    fn xml_error(&self, err: XmlError, at: usize) -> ReadError {
        let error_at = usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX);
        let (kind, position) = match err {
            XmlError::Namespace(err) => {
                let position = self.declaration_at(at, &err).unwrap_or(at);
                return self.namespace_error(err, position);
            }
            XmlError::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => (
                ReadErrorKind::MismatchedEndTag { expected, found },
                error_at,
            ),
            XmlError::IllFormed(IllFormedError::UnmatchedEndTag(name)) => {
                (ReadErrorKind::UnexpectedEndTag { name }, error_at)
            }
            XmlError::IllFormed(IllFormedError::MissingEndTag(name)) => {
                (ReadErrorKind::UnclosedElement { name }, error_at)
            }
            XmlError::Syntax(SyntaxError::UnclosedDoctype) => (ReadErrorKind::Doctype, at),
            XmlError::IllFormed(IllFormedError::MissingDoctypeName) => (ReadErrorKind::Doctype, at),
            XmlError::Syntax(e) => (
                ReadErrorKind::Malformed {
                    message: e.to_string(),
                },
                error_at.max(at),
            ),
            other => (
                ReadErrorKind::Malformed {
                    message: other.to_string(),
                },
                at,
            ),
        };
        self.error(kind, position)
    }
}

/// The fields of an XML declaration, each with its offset.
struct XmlDecl<'d> {
    version: (usize, &'d str),
    encoding: Option<(usize, &'d str)>,
}

impl<'d> XmlDecl<'d> {
    /// Parses `<?xml … ?>` by XML 1.0 §2.8:
    ///
    /// ```text
    /// XMLDecl      ::= '<?xml' VersionInfo EncodingDecl? SDDecl? S? '?>'
    /// VersionInfo  ::= S 'version' Eq ("'" VersionNum "'" | '"' VersionNum '"')
    /// EncodingDecl ::= S 'encoding' Eq ('"' EncName '"' | "'" EncName "'")
    /// SDDecl       ::= S 'standalone' Eq (("'" ('yes' | 'no') "'") | ('"' ('yes' | 'no') '"'))
    /// Eq           ::= S? '=' S?
    /// EncName      ::= [A-Za-z] ([A-Za-z0-9._] | '-')*
    /// ```
    ///
    /// The version is only checked to be quoted (any other than 1.0 is refused as
    /// unsupported). An error is where and what.
    fn parse(decl: &'d str) -> Result<Self, (usize, String)> {
        let mut c = Cursor { text: decl, at: 0 };
        if !c.eat("<?xml") {
            return Err((0, "an XML declaration must start with `<?xml`".into()));
        }
        let space = c.space();
        if !(space && c.eat("version")) {
            return Err(c.expected("whitespace then `version` to open the XML declaration"));
        }
        let version = c.value("version")?;
        let mut space = c.space();
        let mut encoding = None;
        if space && c.eat("encoding") {
            let (at, name) = c.value("encoding")?;
            let mut bytes = name.bytes();
            let valid = bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
                && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
            if !valid {
                return Err((at, format!("{name:?} is not an encoding name")));
            }
            encoding = Some((at, name));
            space = c.space();
        }
        if space && c.eat("standalone") {
            let (at, standalone) = c.value("standalone")?;
            if !matches!(standalone, "yes" | "no") {
                return Err((at, "`standalone` must be \"yes\" or \"no\"".into()));
            }
            c.space();
        }
        if !c.eat("?>") || c.at != decl.len() {
            return Err(c.expected("`?>` or another field of the XML declaration"));
        }
        Ok(Self { version, encoding })
    }
}

/// A position in an XML declaration.
struct Cursor<'d> {
    text: &'d str,
    at: usize,
}

impl<'d> Cursor<'d> {
    fn rest(&self) -> &'d str {
        self.text.get(self.at..).unwrap_or_default()
    }

    fn eat(&mut self, literal: &str) -> bool {
        let found = self.rest().starts_with(literal);
        if found {
            self.at += literal.len();
        }
        found
    }

    /// Skips whitespace; whether there was any.
    fn space(&mut self) -> bool {
        let n = self.rest().bytes().take_while(|&b| is_space(b)).count();
        self.at += n;
        n > 0
    }

    /// `Eq` and a quoted value, with the value's offset.
    fn value(&mut self, field: &str) -> Result<(usize, &'d str), (usize, String)> {
        self.space();
        if !self.eat("=") {
            return Err(self.expected(&format!("`=` after `{field}`")));
        }
        self.space();
        let rest = self.rest();
        let quote = match rest.as_bytes().first() {
            Some(&q @ (b'"' | b'\'')) => char::from(q),
            _ => return Err(self.expected(&format!("a quoted value for `{field}`"))),
        };
        let inner = rest.get(1..).unwrap_or_default();
        let Some(len) = inner.find(quote) else {
            return Err(self.expected(&format!("the closing `{quote}` of `{field}`")));
        };
        let start = self.at + 1;
        self.at = start + len + 1;
        Ok((start, inner.get(..len).unwrap_or_default()))
    }

    fn expected(&self, what: &str) -> (usize, String) {
        (self.at, format!("expected {what}"))
    }
}

/// The empty namespace, as an empty slice of a string in static memory.
///
/// An empty `""` literal points at a dangling address, and comparing two of them calls
/// `memcmp` with length 0 on it; glibc's AVX-512 `memcmp` then does a masked load from an
/// unmapped page, which costs a microcode assist each time (measured: ~100× slower than a
/// real comparison). Attribute names are compared with every earlier attribute of their
/// element, so that cost multiplies; an empty slice of mapped memory avoids it.
const NO_NAMESPACE: &str = DAV.split_at(0).0;

/// The bytes of a name's namespace that the tree owns (well-known ones are shared).
fn owned_len(name: &Name<'_>) -> usize {
    let ns = name.namespace();
    if ns.is_empty() || ns == XML || WELL_KNOWN.iter().any(|(w, _)| *w == ns) {
        0
    } else {
        ns.len()
    }
}

fn flush_text(open: &mut Open) {
    if !open.text.is_empty() {
        let text = std::mem::take(&mut open.text);
        open.element.children_mut().push(Node::Text(text));
    }
}

/// Closes an element: pending text becomes a node.
fn finish(mut open: Open) -> Element {
    flush_text(&mut open);
    open.element
}

/// A `DAV:` element's local name: shared for the elements of RFC 4918 requests and the
/// properties clients ask for most, so that reading them allocates nothing.
fn dav_local_name(local: &str) -> Cow<'static, str> {
    const SHARED: &[&str] = &[
        "propfind",
        "prop",
        "allprop",
        "propname",
        "include",
        "propertyupdate",
        "set",
        "remove",
        "creationdate",
        "displayname",
        "getcontentlanguage",
        "getcontentlength",
        "getcontenttype",
        "getetag",
        "getlastmodified",
        "lockdiscovery",
        "resourcetype",
        "supportedlock",
        "quota-available-bytes",
        "quota-used-bytes",
        "current-user-principal",
        "current-user-privilege-set",
        "owner",
        "sync-token",
        "supported-report-set",
        "href",
        "lockinfo",
        "lockscope",
        "locktype",
        "exclusive",
        "shared",
        "write",
    ];
    match SHARED.iter().find(|s| **s == local) {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(local.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(body: &[u8]) -> ReadErrorKind {
        match read(body) {
            Ok(e) => ReadErrorKind::Malformed {
                message: format!("unexpectedly parsed: {e:?}"),
            },
            Err(e) => e.kind,
        }
    }

    #[test]
    fn simple_tree() {
        let root = read(b"<?xml version='1.0' encoding='utf-8'?>\n<!-- c --><a xmlns='urn:x' b='1'>\n  <c>t&amp;&#x41;&#66;<![CDATA[<x>]]></c>\n</a>\n<?pi data?>\n")
            .ok();
        let Some(root) = root else {
            return assert!(root.is_some());
        };
        assert!(root.name().is("urn:x", "a"));
        assert_eq!(root.attribute("", "b"), Some("1"));
        // The indentation around `c` is text like any other.
        assert_eq!(root.children().len(), 3);
        assert!(matches!(&root.children()[0], Node::Text(t) if t == "\n  "));
        assert!(matches!(&root.children()[2], Node::Text(t) if t == "\n"));
        let c = root.child_elements().next();
        assert_eq!(c.map(|c| c.text().into_owned()), Some("t&AB<x>".to_owned()));
    }

    /// Whitespace-only text is kept, in mixed content and between child elements alike, and
    /// `xml:space` changes nothing (RFC 4918 §4.3: a dead property keeps its characters).
    #[test]
    fn whitespace_kept_everywhere() {
        let root = read(b"<a>1<b>x</b> <b>y</b></a>");
        assert!(matches!(root, Ok(ref r) if r.children().len() == 4));
        for body in [
            &b"<a><b>x</b> <b>y</b></a>"[..],
            b"<a xml:space='default'><b>x</b> <b>y</b></a>",
            b"<a xml:space='preserve'><b>x</b> <b>y</b></a>",
        ] {
            let root = read(body);
            assert!(
                matches!(root, Ok(ref r) if r.children().len() == 3 && r.text() == " "),
                "{root:?}"
            );
        }
        let root = read(b"<a> </a>");
        assert!(matches!(root, Ok(ref r) if r.text() == " "));
    }

    /// A repeated attribute is found among a few (compared one by one) and among many (past
    /// `Distinct::LINEAR`, through a hash set), by qualified name and by expanded name.
    #[test]
    fn duplicate_attributes_few_and_many() {
        let many = |dup: &str| {
            let attrs: String = (0..30).map(|i| format!(" a{i}=\"{i}\"")).collect();
            format!("<r xmlns:x=\"urn:x\" xmlns:y=\"urn:x\"{attrs}{dup}/>")
        };
        for body in [
            "<r a=\"1\" b=\"2\" a=\"3\"/>".to_owned(),
            "<r xmlns:x=\"urn:x\" xmlns:y=\"urn:x\" x:a=\"1\" y:a=\"2\"/>".to_owned(),
            many(" a7=\"again\""),
            many(" x:b=\"1\" y:b=\"2\""),
        ] {
            assert!(
                matches!(
                    kind(body.as_bytes()),
                    ReadErrorKind::DuplicateAttribute { .. }
                ),
                "{body}"
            );
        }
        assert!(read(many("").as_bytes()).is_ok());
    }

    #[test]
    fn errors() {
        macro_rules! check {
            ($body:expr, $pat:pat) => {{
                let k = kind($body);
                assert!(
                    matches!(k, $pat),
                    "{:?}: {k:?}",
                    String::from_utf8_lossy($body)
                );
            }};
        }
        check!(b"", ReadErrorKind::NoRoot);
        check!(b"  <!-- x -->  ", ReadErrorKind::NoRoot);
        check!(b"<a></b>", ReadErrorKind::MismatchedEndTag { .. });
        check!(b"<a>", ReadErrorKind::UnclosedElement { .. });
        check!(
            b"<a/></a>",
            ReadErrorKind::UnexpectedEndTag { .. } | ReadErrorKind::Malformed { .. }
        );
        check!(b"<a/><b/>", ReadErrorKind::MultipleRoots);
        check!(b"<a/>x", ReadErrorKind::ContentOutsideRoot);
        check!(b"x<a/>", ReadErrorKind::ContentOutsideRoot);
        check!(b"<a/>&amp;", ReadErrorKind::ContentOutsideRoot);
        check!(b"<a>&foo;</a>", ReadErrorKind::UndefinedEntity { .. });
        check!(b"<a b='&foo;'/>", ReadErrorKind::UndefinedEntity { .. });
        check!(b"<a>&#0;</a>", ReadErrorKind::IllegalChar { found: '\0' });
        check!(
            b"<a>&#1;</a>",
            ReadErrorKind::IllegalChar { found: '\u{1}' }
        );
        check!(b"<a>&#xD800;</a>", ReadErrorKind::InvalidCharRef { .. });
        check!(b"<a>&#X41;</a>", ReadErrorKind::InvalidCharRef { .. });
        check!(
            b"<a b='&#1;'/>",
            ReadErrorKind::IllegalChar { .. } | ReadErrorKind::InvalidCharRef { .. }
        );
        check!(b"<a>\x01</a>", ReadErrorKind::IllegalChar { .. });
        check!(b"<a>& b</a>", ReadErrorKind::Malformed { .. });
        check!(b"<p:a/>", ReadErrorKind::UnboundPrefix { .. });
        check!(b"<a p:b='1'/>", ReadErrorKind::UnboundPrefix { .. });
        check!(
            b"<a xmlns:p=''/>",
            ReadErrorKind::EmptyPrefixedNamespace { .. }
        );
        check!(
            b"<a xmlns:xml='urn:x'/>",
            ReadErrorKind::ReservedNamespace { .. }
        );
        // A relative namespace (`xmlns='foo'`) is accepted; one no URI can hold is not.
        check!(b"<a xmlns='f o'/>", ReadErrorKind::InvalidNamespace { .. });
        check!(b"<1a/>", ReadErrorKind::InvalidName { .. });
        check!(
            b"<a b='1' b='2'/>",
            ReadErrorKind::DuplicateAttribute { .. }
        );
        check!(
            b"<a xmlns:p='urn:x' xmlns:q='urn:x' p:b='1' q:b='2'/>",
            ReadErrorKind::DuplicateAttribute { .. }
        );
        check!(b"<a b='<'/>", ReadErrorKind::Malformed { .. });
        check!(b"<a>]]></a>", ReadErrorKind::Malformed { .. });
        check!(
            b"<a/><?xml version='1.0'?>",
            ReadErrorKind::Malformed { .. }
        );
        check!(
            b" <?xml version='1.0'?><a/>",
            ReadErrorKind::Malformed { .. }
        );
        check!(
            b"<?xml version='1.0' encoding='latin1'?><a/>",
            ReadErrorKind::UnsupportedEncoding { .. }
        );
        check!(
            b"<?xml version='1.1'?><a/>",
            ReadErrorKind::UnsupportedVersion { .. }
        );
        check!(b"<!DOCTYPE a><a/>", ReadErrorKind::Doctype);
        check!(b"<a><!-- a -- b --></a>", ReadErrorKind::Malformed { .. });
        check!(b"<a b></a>", ReadErrorKind::Malformed { .. });
        check!(b"<a", ReadErrorKind::Malformed { .. });
        check!(b"\xff", ReadErrorKind::InvalidUtf8);
    }

    #[test]
    fn escaped_namespace_declaration_is_expanded() {
        let root = read(b"<p:a xmlns:p='urn:x?a=1&amp;b=2'/>");
        assert!(
            matches!(root, Ok(ref r) if r.name().is("urn:x?a=1&b=2", "a")),
            "{root:?}"
        );
    }

    #[test]
    fn bom_and_positions() {
        let root = read(b"\xEF\xBB\xBF<a/>");
        assert!(root.is_ok());
        let err = read(b"\xEF\xBB\xBF<a>\n <b></c></a>").err();
        assert!(matches!(&err, Some(e) if e.line() == 2), "{err:?}");
    }

    #[test]
    fn element_limit() {
        let limits = Limits {
            max_elements: 2,
            ..Limits::default()
        };
        let err = read_with(b"<a><b/><c/></a>", &limits).err();
        assert!(matches!(
            err.as_ref().map(ReadError::kind),
            Some(ReadErrorKind::TooManyElements { max_elements: 2 })
        ));
        assert!(matches!(
            err.map(|e| e.http_status()),
            Some(Status::CONTENT_TOO_LARGE)
        ));
    }

    #[test]
    fn tree_budget() {
        let ns = "urn:".to_owned() + &"x".repeat(1000);
        let body = format!("<a xmlns='{ns}'>{}</a>", "<b/>".repeat(100));
        let limits = Limits {
            max_tree_bytes: 50_000,
            ..Limits::default()
        };
        let err = read_with(body.as_bytes(), &limits).err();
        assert!(matches!(
            err.as_ref().map(ReadError::kind),
            Some(ReadErrorKind::TreeTooLarge { .. })
        ));
        assert!(read(body.as_bytes()).is_ok());
    }
}
