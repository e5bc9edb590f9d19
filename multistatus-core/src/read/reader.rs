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
//! The tree keeps attributes (`xml:lang` included, in the [`XML`](crate::name::XML) namespace) with expanded
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

use std::fmt;

pub(crate) use crate::distinct::Distinct;

use crate::Status;
use crate::model::dead::DeadProperty;
use crate::model::xml::{Element, Node};
use crate::name::{DAV, Name};

use super::events::{Bounds, Core, Token, is_space, shared_namespace};
use super::source::{Encoding, Input, Slice, text_of};

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
    /// its [`DeadProperty`](crate::DeadProperty)). Request parsers build no tree of the
    /// whole body: what they keep is charged (a PROPFIND's names, a PROPPATCH's removed
    /// names and the trees and dead properties of its `set` values). Default: 16 MiB.
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
    /// A response of a 207 body, with what precedes it since the previous one, is larger
    /// than [`ParseLimits::max_response_bytes`](crate::client::ParseLimits::max_response_bytes).
    ResponseTooLarge {
        /// The limit.
        max_response_bytes: usize,
    },
    /// An element or attribute name is longer than
    /// [`ParseLimits::max_name_len`](crate::client::ParseLimits::max_name_len).
    NameTooLong {
        /// The limit, in bytes.
        max_name_len: usize,
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
    /// An element's text is not what it must be (a 207 body's `DAV:href` that is not a
    /// URI, a `DAV:status` that is not a status line).
    InvalidContent {
        /// The element.
        element: Name<'static>,
        /// What is wrong.
        message: String,
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
            Self::ResponseTooLarge { max_response_bytes } => write!(
                f,
                "a response is larger than the limit of {max_response_bytes} bytes"
            ),
            Self::NameTooLong { max_name_len } => {
                write!(f, "a name is longer than the limit of {max_name_len} bytes")
            }
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
            Self::InvalidContent { element, message } => write!(f, "{element}: {message}"),
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
    pub(crate) fn located(kind: ReadErrorKind, position: usize, before: &str) -> Self {
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = 1 + before.bytes().filter(|&b| b == b'\n').count();
        let column = 1 + before.get(line_start..).unwrap_or_default().chars().count();
        Self::at(kind, position, line, column)
    }

    /// An error at byte `position` of the body, on `line` at `column` (both from 1).
    pub(crate) fn at(kind: ReadErrorKind, position: usize, line: usize, column: usize) -> Self {
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
            | ReadErrorKind::TooManyNames { .. }
            | ReadErrorKind::ResponseTooLarge { .. }
            | ReadErrorKind::NameTooLong { .. } => Status::CONTENT_TOO_LARGE,
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
/// root's, then its first child's, and so on, depth first), and, when asked, the root
/// captured as a dead property ([`read_document`]).
pub(crate) struct Document<'b> {
    pub(crate) root: Element,
    starts: Vec<usize>,
    input: Slice<'b>,
    /// The elements captured, each with its document-order index.
    captured: Vec<(usize, DeadProperty)>,
}

impl Document<'_> {
    /// An error at the start tag of the element with document-order `index`.
    pub(crate) fn error_at(&self, index: usize, kind: ReadErrorKind) -> ReadError {
        let at = self.starts.get(index).copied().unwrap_or(0);
        self.input.error(kind, at)
    }

    /// The dead property captured for the element with document-order `index`.
    pub(crate) fn take_captured(&mut self, index: usize) -> Option<DeadProperty> {
        let at = self.captured.iter().position(|(i, _)| *i == index)?;
        Some(self.captured.swap_remove(at).1)
    }
}

/// Whether a body holds nothing but a byte order mark and whitespace, in any encoding the
/// reader accepts.
pub(crate) fn is_blank(body: &[u8]) -> bool {
    // UTF-8 (the usual body): blank when every byte after the byte order mark is
    // whitespace, which stops at the first `<` without decoding the rest.
    if let (Encoding::Utf8, bom) = Encoding::detect(body) {
        return body
            .get(bom..)
            .unwrap_or_default()
            .iter()
            .all(|&b| is_space(b));
    }
    text_of(body).is_some_and(|text| text.bytes().all(is_space))
}

/// The checked event stream over `body`, read up to the root's start tag
/// ([`Token::Start`]: its name is the core's); a body larger than [`Limits::max_bytes`] is
/// refused before any parsing.
fn open_root<'b>(body: &'b [u8], limits: &Limits) -> Result<Core<Slice<'b>>, ReadError> {
    check_size(body, limits)?;
    let mut core = Core::new(Slice::new(body, usize::MAX), limits.bounds());
    read_to_root(&mut core)?;
    Ok(core)
}

/// A body larger than [`Limits::max_bytes`] is refused before any parsing.
fn check_size(body: &[u8], limits: &Limits) -> Result<(), ReadError> {
    if body.len() > limits.max_bytes {
        return Err(ReadError::new(
            ReadErrorKind::TooLarge {
                max_bytes: limits.max_bytes,
            },
            body,
            limits.max_bytes,
        ));
    }
    Ok(())
}

/// Reads up to the root's start tag ([`Token::Start`]: its name is the core's).
fn read_to_root(core: &mut Core<Slice<'_>>) -> Result<(), ReadError> {
    loop {
        match core.next(false)? {
            Token::Start => return Ok(()),
            Token::Text { .. } | Token::End => {}
            Token::Eof => {
                return Err(core.error(ReadErrorKind::NoRoot, core.position()));
            }
        }
    }
}

/// Reads `body` into a tree and keeps where each element starts, for error positions; with
/// `capture`, the root is also captured as a dead property ([`Core::capture`]), its copies
/// counted in the tree's budget.
pub(crate) fn read_document<'b>(
    body: &'b [u8],
    limits: &Limits,
    capture: bool,
) -> Result<Document<'b>, ReadError> {
    let mut core = open_root(body, limits)?;
    let mut tree = Tree::new(true);
    tree.capture = capture;
    let root = tree.read(&mut core)?;
    while core.next(false)? != Token::Eof {}
    let Tree {
        starts, captured, ..
    } = tree;
    Ok(Document {
        root,
        starts,
        input: core.input,
        captured,
    })
}

/// A request body read as checked events by a parser that keeps only what it needs
/// (`Propfind::parse`, `PropertyUpdate::parse`): no tree of the whole body is built, so a
/// request costs the events and its names (and the trees of the values a PROPPATCH sets),
/// and memory stays flat with the number of elements it holds.
///
/// An error about the request's shape (an unexpected root, a missing or conflicting
/// element, too many names) is kept ([`RequestEvents::refuse`]) and reported once the body
/// has been read to its end ([`RequestEvents::finish`]): malformed XML anywhere in the body
/// comes first, as it did when the whole tree was read before its shape was checked.
pub(crate) struct RequestEvents<'b> {
    pub(crate) core: Core<Slice<'b>>,
    /// The first error about the request's shape.
    refused: Option<ReadError>,
    /// Property names listed so far, and the most allowed ([`Limits::max_names`]).
    names: usize,
    max_names: usize,
}

impl<'b> RequestEvents<'b> {
    /// The events of `body`, read up to the root's start tag; the request is refused
    /// unless the root is `DAV:` + `root`.
    pub(crate) fn open(
        body: &'b [u8],
        limits: &Limits,
        root: &'static str,
    ) -> Result<Self, ReadError> {
        check_size(body, limits)?;
        // Read to the root in place: the core is large, and each move of it is a copy.
        let mut events = Self {
            core: Core::new(Slice::new(body, usize::MAX), limits.bounds()),
            refused: None,
            names: 0,
            max_names: limits.max_names,
        };
        read_to_root(&mut events.core)?;
        if !events.is_dav(root) {
            let kind = ReadErrorKind::UnexpectedRoot {
                expected: Name::new_unchecked(DAV, root),
                found: events.name(),
            };
            events.refuse(kind, events.core.start_at());
        }
        Ok(events)
    }

    /// Whether the element read last is `DAV:` + `local`.
    pub(crate) fn is_dav(&self, local: &str) -> bool {
        self.core.name() == (DAV, local)
    }

    /// The local name of the element read last when it is in `DAV:`.
    pub(crate) fn dav_local(&self) -> Option<&str> {
        let (namespace, local) = self.core.name();
        (namespace == DAV).then_some(local)
    }

    /// The name of the element read last, as the crate keeps names (well-known namespaces
    /// and common `DAV:` names shared, others copied).
    pub(crate) fn name(&self) -> Name<'static> {
        self.core.shared_name()
    }

    /// Refuses the request with `kind` at offset `at`, unless it was refused already.
    pub(crate) fn refuse(&mut self, kind: ReadErrorKind, at: usize) {
        if self.refused.is_none() {
            self.refused = Some(self.core.error(kind, at));
        }
    }

    /// Whether the request was refused: nothing more needs keeping.
    pub(crate) fn refused(&self) -> bool {
        self.refused.is_some()
    }

    /// Counts a property name (the element read last) against [`Limits::max_names`]; false,
    /// and the request refused, past it.
    pub(crate) fn count_name(&mut self) -> bool {
        self.names += 1;
        if self.names > self.max_names {
            let kind = ReadErrorKind::TooManyNames {
                max_names: self.max_names,
            };
            self.refuse(kind, self.core.start_at());
            return false;
        }
        true
    }

    /// A name the request keeps, charged to the tree's budget ([`Limits::max_tree_bytes`]):
    /// its local name and the namespace it copies (well-known ones are shared).
    pub(crate) fn charge_name(&mut self, name: &Name<'_>) -> Result<(), ReadError> {
        let at = self.core.start_at();
        self.core.charge(name.local().len() + owned_len(name), at)
    }

    /// Reads the body to its end; then the error the request was refused with, if any.
    pub(crate) fn finish(&mut self) -> Result<(), ReadError> {
        // Borrowed, not taken: the events are large, and a move of them is a copy.
        while self.core.next(false)? != Token::Eof {}
        match self.refused.take() {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}

impl Limits {
    /// What the checked event reader enforces of these limits.
    pub(crate) fn bounds(&self) -> Bounds {
        Bounds {
            max_depth: self.max_depth,
            max_elements: self.max_elements,
            max_attributes: self.max_attributes,
            max_name_len: usize::MAX,
            max_tree_bytes: self.max_tree_bytes,
            // Checked before reading.
            max_bytes: usize::MAX,
        }
    }
}

/// An element being read into a tree.
struct Open {
    element: Element,
    /// Its document-order index, and where its start tag is.
    index: usize,
    at: usize,
}

/// Reads elements into trees, from the checked event stream, without recursion. Text is
/// kept exactly as XML defines it, whitespace between child elements included.
pub(crate) struct Tree {
    /// Where each element read starts, in document order (when `record`).
    pub(crate) starts: Vec<usize>,
    record: bool,
    /// Whether each element [`Tree::read`] is called on is also captured as a dead
    /// property, into `captured`.
    pub(crate) capture: bool,
    pub(crate) captured: Vec<(usize, DeadProperty)>,
    /// Document-order index of the next element.
    next_index: usize,
}

impl Tree {
    pub(crate) fn new(record: bool) -> Self {
        Self {
            starts: Vec::new(),
            record,
            capture: false,
            captured: Vec::new(),
            next_index: 0,
        }
    }

    /// The element the core has just started, with its attributes, charged.
    fn element<I: Input>(&mut self, core: &mut Core<I>) -> Result<Open, ReadError> {
        let at = core.start_at();
        let name = core.shared_name();
        let mut cost = name.local().len() + owned_len(&name);
        let mut element = Element::new(name);
        for (namespace, local, value) in core.attributes() {
            let name = Name::new_unchecked(shared_namespace(namespace), local.to_owned());
            cost += name.local().len() + owned_len(&name) + value.len();
            element.push_attribute(name, value.to_owned());
        }
        core.charge(cost, at)?;
        let index = self.next_index;
        self.next_index += 1;
        if self.record {
            self.starts.push(at);
        }
        Ok(Open { element, index, at })
    }

    /// Reads the element the core has just started ([`Token::Start`]) and everything in
    /// it into a tree; the core is then just past its end.
    pub(crate) fn read<I: Input>(&mut self, core: &mut Core<I>) -> Result<Element, ReadError> {
        let first = self.element(core)?;
        let mut stack: Vec<Open> = Vec::with_capacity(8);
        stack.push(first);
        core.text.clear();
        loop {
            let at = core.position();
            let before = core.text.len();
            match core.next(true)? {
                Token::Text { .. } => {
                    let added = core.text.len() - before;
                    core.charge(added, at)?;
                }
                Token::Start => {
                    flush_text(core, &mut stack);
                    let open = self.element(core)?;
                    stack.push(open);
                }
                Token::End => {
                    flush_text(core, &mut stack);
                    let Some(open) = stack.pop() else {
                        return Err(core.error(ReadErrorKind::NoRoot, at));
                    };
                    match stack.last_mut() {
                        Some(parent) => parent
                            .element
                            .children_mut()
                            .push(Node::Element(open.element)),
                        None => {
                            if self.capture {
                                self.capture(core, &open)?;
                            }
                            return Ok(open.element);
                        }
                    }
                }
                Token::Eof => return Err(core.error(ReadErrorKind::NoRoot, at)),
            }
        }
    }

    /// Captures the element that has just ended as a dead property, charging what it copies
    /// (the namespace bindings and language it declares).
    fn capture<I: Input>(&mut self, core: &mut Core<I>, open: &Open) -> Result<(), ReadError> {
        let Some((property, declared)) = core.capture(open.at) else {
            return Ok(());
        };
        core.charge(declared, open.at)?;
        self.captured.push((open.index, property));
        Ok(())
    }
}

/// Text read since the last child element becomes a node of the innermost open element.
fn flush_text<I: Input>(core: &mut Core<I>, stack: &mut [Open]) {
    if !core.text.is_empty() {
        let text = std::mem::take(&mut core.text);
        if let Some(open) = stack.last_mut() {
            open.element.children_mut().push(Node::Text(text));
        }
    }
}

/// The bytes of a name's namespace that the tree owns (well-known ones are shared).
fn owned_len(name: &Name<'_>) -> usize {
    // The reader's names share their namespace exactly when it is a well-known one
    // (`shared_namespace`): what they own is what they copied.
    name.owned_namespace_len()
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

    /// A name met again is resolved with the bindings in scope where it is met again: the
    /// core remembers resolved names only while the bindings stay the same.
    #[test]
    fn repeated_names_follow_their_bindings() {
        let body = br#"<r xmlns:p="urn:1" xmlns="urn:d"><p:x/><s xmlns:p="urn:2"><p:x/><t xmlns="urn:e"><p:x/><y/></t><y/></s><p:x/><y/><q:x xmlns:q="urn:1"/></r>"#;
        let Ok(root) = read(body) else {
            return assert!(read(body).is_ok());
        };
        let mut names = Vec::new();
        let mut stack = vec![&root];
        while let Some(e) = stack.pop() {
            names.push(e.name().to_string());
            let children: Vec<_> = e.child_elements().collect();
            stack.extend(children.into_iter().rev());
        }
        assert_eq!(
            names,
            [
                "{urn:d}r", "{urn:1}x", "{urn:d}s", "{urn:2}x", "{urn:e}t", "{urn:2}x", "{urn:e}y",
                "{urn:d}y", "{urn:1}x", "{urn:d}y", "{urn:1}x",
            ]
        );
        // A prefix bound only inside an element is unbound again after it.
        let err = read(br#"<r><a xmlns:p="urn:1"><p:x/></a><p:x/></r>"#).err();
        assert!(
            matches!(err.as_ref().map(|e| &e.kind), Some(ReadErrorKind::UnboundPrefix { prefix }) if prefix == "p"),
            "{err:?}"
        );
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
