//! The streaming writer: a namespace table declared once on the root, a [`Sink`] that
//! property values write into, and [`MultistatusWriter`], which emits one `DAV:response` at a
//! time to any [`std::io::Write`].
//!
//! Each response is rendered into an internal buffer and only handed to the output once it is
//! complete, so an error in a value (an illegal character, say) leaves no partial response
//! behind, and the buffer is reused: memory stays flat however many responses are written.
//!
//! An error from the output itself (a broken pipe, say) poisons the writer: that call
//! returns [`Error::Io`], the buffer is dropped (part of it may have gone out, so sending it
//! again could repeat responses), and every later call returns [`Error::OutputFailed`] at
//! once, buffering nothing. The body is cut off; the caller ends the HTTP response abnormally.
//! Short writes and [`Interrupted`](std::io::ErrorKind::Interrupted) are not errors: they
//! are retried, as [`Write::write_all`] does.
//!
//! Namespaces are found by hash past a few (the table of the root and the declarations on
//! open elements alike), so a body with tens of thousands of them costs time linear in its
//! size.

use std::borrow::Cow;
use std::io::Write;
use std::sync::Arc;

use crate::Error;
use crate::distinct::{Distinct, Keyed};
use crate::escape::escape_into;
use crate::href::Href;
use crate::model::DavError;
use crate::name::{self, DAV, Name, Tag, WELL_KNOWN, XML};
use crate::status::StatusLine;
use crate::xml::{Element, Node};

/// The namespaces declared on the root `DAV:multistatus` element, with their prefixes.
///
/// `DAV:` is always declared with prefix `D`; [well-known](name::WELL_KNOWN) namespaces get
/// their conventional prefix; others get `ns1`, `ns2`, …. Declare every namespace the
/// response will use up front and the whole body declares each once; one met later is
/// declared on the element that uses it, so output never has an undeclared prefix.
///
/// ```
/// use multistatus_core::{Namespaces, name::CALDAV};
/// let mut ns = Namespaces::new();
/// assert_eq!(ns.declare(CALDAV).unwrap(), "C");
/// assert_eq!(ns.declare("http://ns.example.com/boxschema/").unwrap(), "ns1");
/// assert_eq!(ns.prefix("DAV:"), Some("D"));
/// ```
#[derive(Clone, Debug)]
pub struct Namespaces {
    /// Which table this is: new for every table and every change, kept by `clone`, so that
    /// output rendered against one table is reused only with the same table.
    id: u64,
    /// Shared by clones (a writer per request takes a clone of its answer's table): cloning
    /// allocates nothing, and declaring copies the entries if they are shared.
    table: Arc<Table>,
    /// Bit `i` set when `WELL_KNOWN[i]` is declared.
    well_known: u32,
    generated: u32,
}

/// The declared namespaces of a [`Namespaces`].
#[derive(Clone, Debug)]
struct Table {
    /// The namespaces with their prefixes, in declaration order, found by namespace in
    /// constant time however many there are.
    entries: Distinct<Keyed<Cow<'static, str>, Cow<'static, str>>>,
    /// The start of a multistatus body, rendered as entries are declared, so that starting
    /// one is one copy: the XML declaration, `<D:multistatus`, every entry's declaration
    /// (` xmlns:D="DAV:" …`, see [`Table::xmlns`]) and `>`.
    multistatus: Vec<u8>,
}

/// The XML declaration every document starts with.
const DECLARATION: &[u8] = b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

impl Table {
    fn new() -> Self {
        let mut multistatus = DECLARATION.to_vec();
        multistatus.extend_from_slice(MULTISTATUS.as_bytes());
        multistatus.push(b'>');
        Self {
            entries: Distinct::with_capacity(4),
            multistatus,
        }
    }

    fn push(&mut self, namespace: Cow<'static, str>, prefix: Cow<'static, str>) {
        let declaration = &mut self.multistatus;
        declaration.pop();
        declaration.extend_from_slice(b" xmlns:");
        declaration.extend_from_slice(prefix.as_bytes());
        declaration.extend_from_slice(b"=\"");
        // Namespaces were validated: only `&` may need escaping, which cannot fail.
        let _ = escape_into(declaration, &namespace, true);
        declaration.extend_from_slice(b"\">");
        // Callers push only namespaces they did not find.
        self.entries.push_new(Keyed {
            key: namespace,
            value: prefix,
        });
    }

    /// The position of `namespace`. Tags look their namespace up with the same
    /// `&'static str` it was declared from: addresses are compared before text.
    #[inline]
    fn position(&self, namespace: &str) -> Option<usize> {
        self.entries.position_by(namespace, |e| {
            std::ptr::eq(e.key.as_ptr(), namespace.as_ptr()) && e.key.len() == namespace.len()
        })
    }

    /// The prefix at `position`.
    #[inline]
    fn prefix(&self, position: usize) -> &str {
        self.entries.items().get(position).map_or("", |e| &e.value)
    }

    /// Every entry's declaration, as written on a root element.
    fn xmlns(&self) -> &[u8] {
        let start = DECLARATION.len() + MULTISTATUS.len();
        let end = self.multistatus.len().saturating_sub(1);
        self.multistatus.get(start..end).unwrap_or_default()
    }
}

/// The root of a multistatus body, without its `>`.
const MULTISTATUS: &str = "<D:multistatus";

/// A new [`Namespaces`] identity.
fn next_table_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Default for Namespaces {
    fn default() -> Self {
        Self::new()
    }
}

impl Namespaces {
    /// A table holding `DAV:` only.
    #[must_use]
    pub fn new() -> Self {
        Self {
            id: next_table_id(),
            table: {
                let mut table = Table::new();
                table.push(Cow::Borrowed(DAV), Cow::Borrowed("D"));
                Arc::new(table)
            },
            well_known: 1,
            generated: 0,
        }
    }

    /// Declares `namespace` (no effect when already declared, or for no namespace) and returns
    /// its prefix.
    pub fn declare(&mut self, namespace: impl Into<Cow<'static, str>>) -> Result<&str, Error> {
        let namespace = namespace.into();
        if namespace.is_empty() {
            return Ok("");
        }
        if namespace == XML {
            // Bound to `xml` in every document; never declared.
            return Ok("xml");
        }
        if let Some(i) = self.table.position(&namespace) {
            return Ok(self.table.prefix(i));
        }
        if let Some(why) = name::namespace_error(&namespace) {
            return Err(Error::InvalidNamespace {
                namespace: namespace.into_owned(),
                reason: why,
            });
        }
        let prefix = match WELL_KNOWN.iter().position(|(n, _)| *n == namespace) {
            Some(i) => {
                self.well_known |= 1 << i;
                Cow::Borrowed(WELL_KNOWN[i].1)
            }
            None => {
                self.generated += 1;
                Cow::Owned(format!("ns{}", self.generated))
            }
        };
        Arc::make_mut(&mut self.table).push(namespace, prefix);
        self.id = next_table_id();
        Ok(self
            .table
            .prefix(self.table.entries.len().saturating_sub(1)))
    }

    /// The prefix of a declared namespace; `""` for no namespace.
    #[must_use]
    pub fn prefix(&self, namespace: &str) -> Option<&str> {
        if namespace.is_empty() {
            return Some("");
        }
        self.table.position(namespace).map(|i| self.table.prefix(i))
    }

    /// The declared namespaces and their prefixes, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.table
            .entries
            .items()
            .iter()
            .map(|e| (&*e.key, &*e.value))
    }

    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    fn has_well_known(&self, index: u8) -> bool {
        index < 32 && self.well_known & (1 << index) != 0
    }
}

/// Where a start tag's prefix came from, so that [`Sink::end`] can write the same one.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
#[must_use]
pub struct Open {
    prefix: PrefixRef,
    /// Namespaces this element declared for its descendants.
    pushed: u32,
}

#[derive(Clone, Copy, Debug)]
enum PrefixRef {
    /// A pre-rendered tag, or an unprefixed one.
    Fixed,
    /// Entry of the root table (as wide as its positions: a narrower index would wrap
    /// round to another namespace's prefix).
    Root(usize),
    /// A local declaration `ns<N>`.
    Local(u32),
    /// A local declaration of a well-known namespace under its conventional prefix.
    LocalWellKnown(&'static str),
    /// Entry of the sink's rendered tags.
    Rendered(u16),
}

/// A namespace declared on an element below the root, in scope for its descendants, with
/// its prefix. A namespace in scope is never declared again, so the scopes in force are a
/// [`Distinct`] found by namespace.
type Scope = Keyed<String, PrefixRef>;

/// The namespaces declared on open elements below the root, allocated on first use: most
/// documents declare none, and a small [`Sink`] is cheaper to move (a writer per document is
/// moved into and out of calls).
#[derive(Debug, Default)]
struct Scopes {
    /// The scopes in force, outermost first.
    open: Distinct<Scope>,
    /// The namespace strings of closed scopes, reused by the next ones.
    spare: Vec<String>,
}

/// What identifies a [`Tag`] in [`Sink::rendered`]: the addresses and lengths of its
/// namespace and local name. They are `&'static str`s, never freed nor reused, so equal
/// keys are equal names (a tag's own address is not: two tags built at run time can share
/// a stack slot).
type TagKey = [usize; 4];

fn tag_key(tag: &Tag) -> TagKey {
    let (ns, local) = (tag.namespace(), tag.local());
    [
        ns.as_ptr() as usize,
        ns.len(),
        local.as_ptr() as usize,
        local.len(),
    ]
}

/// The XML output of one document: where property values write their content.
///
/// Every method produces well-formed, namespace-correct XML: names come from validated
/// [`Tag`]s or [`Name`]s, prefixes from the namespace table (or a declaration on the element
/// itself), and text is escaped, refusing characters XML 1.0 cannot carry.
///
/// ```
/// use multistatus_core::{Namespaces, Sink, name::{Tag, DAV}};
/// const DISPLAYNAME: Tag = Tag::new(DAV, "displayname");
/// let mut sink = Sink::new(Namespaces::new());
/// sink.text_element(&DISPLAYNAME, "Tom & Jerry").unwrap();
/// sink.element(&DISPLAYNAME, |_| Ok(())).unwrap();
/// assert_eq!(sink.as_str(), "<D:displayname>Tom &amp; Jerry</D:displayname><D:displayname/>");
/// ```
#[derive(Debug)]
pub struct Sink {
    buf: Vec<u8>,
    namespaces: Namespaces,
    /// The namespaces declared on the open elements below the root.
    scopes: Option<Box<Scopes>>,
    next_local: u32,
    /// Tags whose prefix is only known at run time (a namespace declared on the root as
    /// `ns1`, …), rendered on first use: the tag's [key](TagKey), `<p:local></p:local>`,
    /// and the length of the start tag. Root prefixes do not change, so an entry stays right.
    rendered: Vec<(TagKey, Box<[u8]>, usize)>,
}

/// How many run-time-rendered tags a sink keeps.
const RENDERED_MAX: usize = 64;

impl Sink {
    /// A sink whose namespace table is `namespaces` (assumed declared by the caller on an
    /// enclosing element).
    #[must_use]
    pub fn new(namespaces: Namespaces) -> Self {
        Self::with_buffer(namespaces, Vec::with_capacity(16 * 1024))
    }

    /// A sink writing into `buf`.
    #[inline]
    pub(crate) fn with_buffer(namespaces: Namespaces, buf: Vec<u8>) -> Self {
        let next_local = namespaces.generated;
        Self {
            buf,
            namespaces,
            scopes: None,
            next_local,
            rendered: Vec::new(),
        }
    }

    /// What has been written, as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Everything written is valid UTF-8: slices of `str`s and ASCII markup.
        std::str::from_utf8(&self.buf).unwrap_or_default()
    }

    /// The namespace table.
    #[must_use]
    pub fn namespaces(&self) -> &Namespaces {
        &self.namespaces
    }

    /// Writes escaped text. `\r` is written `&#13;`; a character XML 1.0 cannot carry is
    /// an error.
    #[inline]
    pub fn text(&mut self, text: &str) -> Result<(), Error> {
        let mark = self.buf.len();
        escape_into(&mut self.buf, text, false).map_err(|found| {
            self.buf.truncate(mark);
            Error::IllegalChar { found }
        })
    }

    /// [`Sink::text`] for the pre-rendered PROPFIND path: whether the text could be written,
    /// without building an error (the path falls back to the general one, which reports it)
    /// and without truncating (the path truncates the whole response itself).
    #[inline]
    pub(crate) fn plain_text(&mut self, text: &str) -> bool {
        escape_into(&mut self.buf, text, false).is_ok()
    }

    /// Writes text known to need no escaping (digits, dates): ASCII without `<`, `>`, `&`
    /// and control characters. Checked in debug builds.
    #[inline]
    pub(crate) fn ascii(&mut self, text: &[u8]) {
        debug_assert!(
            text.iter()
                .all(|&b| b.is_ascii_graphic() && !matches!(b, b'<' | b'>' | b'&') || b == b' ')
        );
        self.buf.extend_from_slice(text);
    }

    /// Writes the [`Display`](std::fmt::Display) form of `value` as escaped text, without
    /// allocating.
    ///
    /// ```
    /// use multistatus_core::{Namespaces, Sink};
    /// let mut sink = Sink::new(Namespaces::new());
    /// sink.display(&format_args!("{} < {}", 1, 2)).unwrap();
    /// assert_eq!(sink.as_str(), "1 &lt; 2");
    /// ```
    pub fn display(&mut self, value: &dyn std::fmt::Display) -> Result<(), Error> {
        struct Escaper<'a> {
            buf: &'a mut Vec<u8>,
            illegal: Option<char>,
        }
        impl std::fmt::Write for Escaper<'_> {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                escape_into(self.buf, s, false).map_err(|c| {
                    self.illegal = Some(c);
                    std::fmt::Error
                })
            }
        }
        let mut w = Escaper {
            buf: &mut self.buf,
            illegal: None,
        };
        match std::fmt::write(&mut w, format_args!("{value}")) {
            Ok(()) => Ok(()),
            Err(_) => Err(match w.illegal {
                Some(found) => Error::IllegalChar { found },
                None => Error::Value("a value's Display implementation failed".into()),
            }),
        }
    }

    /// Writes `<tag>`, then what `content` writes, then `</tag>`; `<tag/>` when `content`
    /// writes nothing.
    pub fn element(
        &mut self,
        tag: &Tag,
        content: impl FnOnce(&mut Self) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let undo = self.checkpoint();
        let open = self.start(tag);
        let mark = self.buf.len();
        if let Err(e) = content(self) {
            self.rollback(undo);
            return Err(e);
        }
        self.end_or_collapse(tag, open, mark);
        Ok(())
    }

    /// Writes `<tag>text</tag>`.
    pub fn text_element(&mut self, tag: &Tag, text: &str) -> Result<(), Error> {
        self.element(tag, |s| s.text(text))
    }

    /// Writes the empty element `<tag/>`.
    #[inline]
    pub fn empty(&mut self, tag: &Tag) {
        let open = self.start(tag);
        self.collapse(open);
    }

    /// Writes `<D:href>…</D:href>`.
    #[inline]
    pub fn href(&mut self, href: &Href<'_>) {
        self.buf.extend_from_slice(b"<D:href>");
        href.write_escaped(&mut self.buf);
        self.buf.extend_from_slice(b"</D:href>");
    }

    /// Writes an element named at run time: `<name>`, `content`, `</name>` (or `<name/>`).
    pub fn named_element(
        &mut self,
        name: &Name<'_>,
        content: impl FnOnce(&mut Self) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let undo = self.checkpoint();
        let result = self.start_named(name, None).and_then(|open| {
            let mark = self.buf.len();
            content(self)?;
            self.end_named(name, open, mark);
            Ok(())
        });
        if result.is_err() {
            self.rollback(undo);
        }
        result
    }

    /// Writes `<name xml:lang="…">` (without `xml:lang` when `lang` is `None`).
    pub(crate) fn start_named(
        &mut self,
        name: &Name<'_>,
        lang: Option<&str>,
    ) -> Result<Open, Error> {
        let open = self.start_dynamic(name.namespace(), name.local());
        if let Some(lang) = lang {
            self.buf.extend_from_slice(b" xml:lang=\"");
            escape_into(&mut self.buf, lang, true).map_err(|found| Error::IllegalChar { found })?;
            self.buf.push(b'"');
        }
        self.buf.push(b'>');
        Ok(open)
    }

    /// Ends an element opened by [`Sink::start_named`]: `<x/>` when nothing was written
    /// since `mark`.
    pub(crate) fn end_named(&mut self, name: &Name<'_>, open: Open, mark: usize) {
        if self.buf.len() == mark {
            self.collapse(open);
        } else {
            self.end_dynamic(name.namespace(), name.local(), open);
        }
    }

    /// Writes the empty element `<name/>`, as the names in a `propname` answer or a 404
    /// propstat.
    pub fn empty_named(&mut self, name: &Name<'_>) {
        let open = self.start_dynamic(name.namespace(), name.local());
        self.buf.extend_from_slice(b"/>");
        self.pop_scopes(open);
    }

    /// Writes a raw XML tree with its attributes (`xml:lang` included) and namespaces.
    ///
    /// On error (an illegal character, an attribute named `xmlns`) nothing of the element is
    /// left in the output.
    pub fn raw(&mut self, element: &Element) -> Result<(), Error> {
        let undo = self.checkpoint();
        let result = self.raw_inner(element);
        if result.is_err() {
            self.rollback(undo);
        }
        result
    }

    /// Writes a tree without recursing (its depth comes from a request body): the open
    /// elements are on the walk's heap stack.
    fn raw_inner(&mut self, element: &Element) -> Result<(), Error> {
        struct Raw<'s>(&'s mut Sink);
        impl<'e> crate::xml::Visit<'e> for Raw<'_> {
            type Open = Open;
            type Error = Error;
            fn start(&mut self, element: &'e Element) -> Result<Open, Error> {
                let sink = &mut *self.0;
                let name = element.name();
                if let Some(a) = element
                    .attributes()
                    .iter()
                    .find(|a| a.name.namespace().is_empty() && a.name.local() == "xmlns")
                {
                    return Err(Error::InvalidName {
                        name: a.name.local().to_owned(),
                        reason: "`xmlns` declares a namespace and cannot be written as an attribute",
                    });
                }
                let mut open = sink.start_dynamic(name.namespace(), name.local());
                for attribute in element.attributes() {
                    let (ns, local) = (attribute.name.namespace(), attribute.name.local());
                    if ns == XML {
                        sink.buf.extend_from_slice(b" xml:");
                    } else if !ns.is_empty() {
                        let prefix = match sink.lookup(ns) {
                            Some(p) => p,
                            None => {
                                // Only a tree built in code can get here: the reader
                                // accepts 128 namespaces in scope.
                                open.pushed = open.pushed.checked_add(1).ok_or_else(|| {
                                    Error::Value(
                                        "an element's attributes use more than 65 535 namespaces"
                                            .into(),
                                    )
                                })?;
                                let p = sink.declare_local(ns);
                                sink.write_declaration(ns, p);
                                p
                            }
                        };
                        sink.buf.push(b' ');
                        sink.write_prefix(prefix);
                        sink.buf.push(b':');
                    } else {
                        sink.buf.push(b' ');
                    }
                    sink.buf.extend_from_slice(local.as_bytes());
                    sink.buf.extend_from_slice(b"=\"");
                    escape_into(&mut sink.buf, &attribute.value, true)
                        .map_err(|found| Error::IllegalChar { found })?;
                    sink.buf.push(b'"');
                }
                if element.children().is_empty() {
                    sink.buf.extend_from_slice(b"/>");
                    sink.pop_scopes(open);
                } else {
                    sink.buf.push(b'>');
                }
                Ok(open)
            }
            fn text(&mut self, text: &'e str) -> Result<(), Error> {
                self.0.text(text)
            }
            fn end(&mut self, element: &'e Element, open: Open) {
                if !element.children().is_empty() {
                    let name = element.name();
                    self.0.end_dynamic(name.namespace(), name.local(), open);
                }
            }
        }
        element.walk(&mut Raw(self))
    }

    /// Writes raw content: elements and text. On error the caller rolls back (as
    /// [`Sink::raw`] and [`Sink::property`] do).
    pub(crate) fn nodes(&mut self, nodes: &[Node]) -> Result<(), Error> {
        nodes.iter().try_for_each(|node| match node {
            Node::Element(e) => self.raw_inner(e),
            Node::Text(t) => self.text(t),
        })
    }

    /// Writes `<D:error>` with the given conditions.
    pub fn error(&mut self, error: &DavError) -> Result<(), Error> {
        self.buf.extend_from_slice(b"<D:error>");
        for c in error.conditions() {
            self.raw(c)?;
        }
        self.buf.extend_from_slice(b"</D:error>");
        Ok(())
    }

    /// Writes `<D:status>HTTP/1.1 NNN Reason</D:status>`.
    #[inline]
    pub fn status(&mut self, status: &StatusLine<'_>) -> Result<(), Error> {
        match status.status().registered_element() {
            Some(element) if !status.has_custom_reason() => {
                self.buf.extend_from_slice(element.as_bytes());
            }
            _ => {
                self.buf.extend_from_slice(b"<D:status>HTTP/1.1 ");
                self.write_u32(u32::from(status.status().code()));
                self.buf.push(b' ');
                self.text(status.reason())?;
                self.buf.extend_from_slice(b"</D:status>");
            }
        }
        Ok(())
    }

    /// Writes `<D:responsedescription>…</D:responsedescription>`.
    pub fn description(&mut self, text: &str) -> Result<(), Error> {
        self.buf.extend_from_slice(b"<D:responsedescription>");
        self.text(text)?;
        self.buf.extend_from_slice(b"</D:responsedescription>");
        Ok(())
    }

    // ---- Low-level API for generated code. Start and end tags must pair up. ----

    /// Writes the start tag of `tag`. Generated code pairs it with [`Sink::end`].
    #[doc(hidden)]
    #[inline]
    pub fn start(&mut self, tag: &Tag) -> Open {
        if let Some(bytes) = tag.start_bytes() {
            let wk = tag.well_known_index();
            if wk == Tag::NOT_WELL_KNOWN || self.namespaces.has_well_known(wk) {
                self.buf.extend_from_slice(bytes);
                return Open {
                    prefix: PrefixRef::Fixed,
                    pushed: 0,
                };
            }
        }
        self.start_rendered(tag)
    }

    /// The start tag of a tag whose prefix is known at run time only: from the cache of
    /// rendered tags, rendering it there on first use.
    #[inline(never)]
    fn start_rendered(&mut self, tag: &Tag) -> Open {
        let key = tag_key(tag);
        let cached = match self.rendered.iter().position(|(k, ..)| *k == key) {
            Some(i) => Some(i),
            None => match self.lookup(tag.namespace()) {
                Some(PrefixRef::Root(r)) if self.rendered.len() < RENDERED_MAX => {
                    let prefix = self.namespaces.table.prefix(r);
                    let (p, l) = (prefix.as_bytes(), tag.local().as_bytes());
                    let mut bytes = Vec::with_capacity(2 * (p.len() + l.len()) + 5);
                    for part in [&b"<"[..], p, b":", l, b">", b"</", p, b":", l, b">"] {
                        bytes.extend_from_slice(part);
                    }
                    let start_len = p.len() + l.len() + 3;
                    self.rendered
                        .push((key, bytes.into_boxed_slice(), start_len));
                    Some(self.rendered.len() - 1)
                }
                _ => None,
            },
        };
        match cached {
            Some(i) => {
                let (_, bytes, start_len) = &self.rendered[i];
                self.buf.extend_from_slice(&bytes[..*start_len]);
                Open {
                    // At most RENDERED_MAX entries.
                    prefix: PrefixRef::Rendered(i as u16),
                    pushed: 0,
                }
            }
            None => {
                let open = self.start_dynamic(tag.namespace(), tag.local());
                self.buf.push(b'>');
                open
            }
        }
    }

    /// Writes the start tag of `tag` with an `xml:lang` attribute.
    #[doc(hidden)]
    pub fn start_with_lang(&mut self, tag: &Tag, lang: &str) -> Result<Open, Error> {
        let open = self.start(tag);
        self.buf.pop();
        self.buf.extend_from_slice(b" xml:lang=\"");
        escape_into(&mut self.buf, lang, true).map_err(|found| Error::IllegalChar { found })?;
        self.buf.extend_from_slice(b"\">");
        Ok(open)
    }

    /// Writes the end tag of `tag`, opened by [`Sink::start`].
    #[doc(hidden)]
    #[inline]
    pub fn end(&mut self, tag: &Tag, open: Open) {
        match (open.prefix, tag.end_bytes()) {
            (PrefixRef::Fixed, Some(bytes)) => self.buf.extend_from_slice(bytes),
            _ => self.end_slow(tag, open),
        }
    }

    /// The end tag of a tag rendered at run time or written dynamically.
    #[inline(never)]
    fn end_slow(&mut self, tag: &Tag, open: Open) {
        if let PrefixRef::Rendered(i) = open.prefix
            && let Some((_, bytes, start_len)) = self.rendered.get(usize::from(i))
        {
            self.buf.extend_from_slice(&bytes[*start_len..]);
        } else {
            self.end_dynamic(tag.namespace(), tag.local(), open);
        }
    }

    /// Position in the output, for [`Sink::collapse_since`].
    #[doc(hidden)]
    #[must_use]
    #[inline]
    pub fn position(&self) -> usize {
        self.buf.len()
    }

    /// Ends an element opened by [`Sink::start`]: as `<x/>` when nothing was written since
    /// `mark`, else with its end tag.
    #[doc(hidden)]
    #[inline]
    pub fn end_or_collapse(&mut self, tag: &Tag, open: Open, mark: usize) {
        if self.buf.len() == mark {
            self.collapse(open);
        } else {
            self.end(tag, open);
        }
    }

    /// Appends a pre-validated literal of markup; for generated code only.
    #[doc(hidden)]
    #[inline]
    pub fn markup(&mut self, markup: &'static str) {
        self.buf.extend_from_slice(markup.as_bytes());
    }

    /// Writes the XML declaration and the start tag `root` (`<D:name`) of a document with
    /// every namespace of the table declared on it.
    pub(crate) fn document_start(&mut self, root: &str) {
        self.buf.extend_from_slice(DECLARATION);
        self.buf.extend_from_slice(root.as_bytes());
        self.buf.extend_from_slice(self.namespaces.table.xmlns());
        self.buf.push(b'>');
    }

    /// [`Sink::document_start`] of a multistatus body: one copy, rendered with the table.
    #[inline]
    pub(crate) fn multistatus_start(&mut self) {
        self.buf
            .extend_from_slice(&self.namespaces.table.multistatus);
    }

    /// The output, consumed.
    pub(crate) fn into_string(self) -> String {
        // Everything written is valid UTF-8: slices of `str`s and ASCII markup.
        String::from_utf8(self.buf).unwrap_or_default()
    }

    /// Where the output and the namespace scopes stand, to undo a failed element.
    #[inline]
    pub(crate) fn checkpoint(&self) -> (usize, usize) {
        (self.buf.len(), self.scopes_len())
    }

    #[inline]
    pub(crate) fn rollback(&mut self, (len, scopes): (usize, usize)) {
        self.buf.truncate(len);
        self.close_scopes(scopes);
    }

    /// How many local declarations are in scope.
    #[inline]
    fn scopes_len(&self) -> usize {
        self.scopes.as_ref().map_or(0, |s| s.open.len())
    }

    /// Closes the scopes from position `len` on, keeping their strings for reuse.
    #[inline]
    fn close_scopes(&mut self, len: usize) {
        if let Some(scopes) = &mut self.scopes
            && scopes.open.len() > len
        {
            let spare = &mut scopes.spare;
            scopes.open.truncate_with(len, |s| spare.push(s.key));
        }
    }

    /// Starts a `DAV:response` with its href (`<D:response><D:href>…</D:href>`); returns
    /// where it starts.
    #[inline]
    pub(crate) fn begin_response(&mut self, href: &Href<'_>) -> usize {
        let mark = self.position();
        self.close_scopes(0);
        // Local declarations end with their element: prefixes can start over.
        self.next_local = self.namespaces.generated;
        self.markup("<D:response>");
        self.href(href);
        mark
    }

    /// Drops what was written after `mark` (no element may have been opened since).
    #[inline]
    pub(crate) fn truncate_to(&mut self, mark: usize) {
        self.buf.truncate(mark);
    }

    /// Drops what was written after `mark`, restoring local namespace scopes.
    pub(crate) fn truncate(&mut self, mark: usize) {
        self.buf.truncate(mark);
        self.close_scopes(0);
    }

    /// Appends pre-rendered markup (made by this crate's own writer).
    #[inline]
    pub(crate) fn bytes(&mut self, markup: &[u8]) {
        self.buf.extend_from_slice(markup);
    }

    /// Appends `src[from..end]`, where `src` has at least [`CHUNK`] bytes after `end`, in
    /// fixed-size chunks: copies of a constant size are inlined vector moves, where a copy of
    /// a length known only at run time is a call into the C library's `memcpy`. The bytes
    /// copied past `end` are cut off again.
    #[inline]
    pub(crate) fn bytes_chunked(&mut self, src: &[u8], from: usize, end: usize) {
        let base = self.buf.len();
        let mut at = from;
        while at < end {
            match src.get(at..at + CHUNK) {
                Some(chunk) => self.buf.extend_from_slice(chunk),
                None => {
                    self.buf
                        .extend_from_slice(src.get(at..end).unwrap_or_default());
                    break;
                }
            }
            at += CHUNK;
        }
        self.buf.truncate(base + (end - from));
    }

    /// Turns the start tag just written (`…>`) into an empty element (`…/>`).
    #[inline]
    pub(crate) fn collapse_last(&mut self) {
        self.buf.pop();
        self.buf.extend_from_slice(b"/>");
    }

    /// The output so far.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// Turns the start tag just written (`…>`) into an empty element (`…/>`).
    #[inline]
    fn collapse(&mut self, open: Open) {
        self.buf.pop();
        self.buf.extend_from_slice(b"/>");
        self.pop_scopes(open);
    }

    #[inline]
    fn pop_scopes(&mut self, open: Open) {
        let pushed = usize::try_from(open.pushed).unwrap_or(usize::MAX);
        self.close_scopes(self.scopes_len().saturating_sub(pushed));
    }

    /// Writes `<prefix:local` (declaring the namespace if it is not in scope), without `>`.
    fn start_dynamic(&mut self, namespace: &str, local: &str) -> Open {
        self.buf.push(b'<');
        if namespace.is_empty() {
            self.buf.extend_from_slice(local.as_bytes());
            return Open {
                prefix: PrefixRef::Fixed,
                pushed: 0,
            };
        }
        let (prefix, pushed) = match self.lookup(namespace) {
            Some(p) => (p, 0),
            None => (self.declare_local(namespace), 1),
        };
        self.write_prefix(prefix);
        self.buf.push(b':');
        self.buf.extend_from_slice(local.as_bytes());
        if pushed == 1 {
            self.write_declaration(namespace, prefix);
        }
        Open { prefix, pushed }
    }

    fn end_dynamic(&mut self, namespace: &str, local: &str, open: Open) {
        self.buf.extend_from_slice(b"</");
        if !namespace.is_empty() {
            self.write_prefix(open.prefix);
            self.buf.push(b':');
        }
        self.buf.extend_from_slice(local.as_bytes());
        self.buf.push(b'>');
        self.pop_scopes(open);
    }

    /// Declares `namespace` for the element being started: pushes a scope and returns its
    /// prefix. The caller writes the `xmlns:` attribute (attributes) or lets
    /// [`Sink::start_dynamic`] write it.
    fn declare_local(&mut self, namespace: &str) -> PrefixRef {
        let prefix = match WELL_KNOWN.iter().find(|(n, _)| *n == namespace) {
            Some((_, p)) => PrefixRef::LocalWellKnown(p),
            None => {
                self.next_local += 1;
                PrefixRef::Local(self.next_local)
            }
        };
        let scopes = self.scopes.get_or_insert_with(Box::default);
        let mut text = scopes.spare.pop().unwrap_or_default();
        text.clear();
        text.push_str(namespace);
        // Only called for a namespace not in scope (see `lookup`): always added.
        scopes.open.push_new(Keyed {
            key: text,
            value: prefix,
        });
        prefix
    }

    /// The prefix of `namespace` in scope: declared on an open element, else on the root.
    /// Constant time however many namespaces are declared (see [`Distinct`]).
    fn lookup(&self, namespace: &str) -> Option<PrefixRef> {
        if let Some(scopes) = &self.scopes
            && let Some(i) = scopes.open.position(namespace)
        {
            return scopes.open.items().get(i).map(|s| s.value);
        }
        self.namespaces
            .table
            .position(namespace)
            .map(PrefixRef::Root)
    }

    fn write_prefix(&mut self, prefix: PrefixRef) {
        match prefix {
            PrefixRef::Fixed => {}
            PrefixRef::Root(i) => {
                let p = self.namespaces.table.prefix(i);
                self.buf.extend_from_slice(p.as_bytes());
            }
            PrefixRef::Local(n) => {
                self.buf.extend_from_slice(b"ns");
                self.write_u32(n);
            }
            PrefixRef::LocalWellKnown(p) => self.buf.extend_from_slice(p.as_bytes()),
            PrefixRef::Rendered(i) => {
                if let Some((_, bytes, start_len)) = self.rendered.get(usize::from(i)) {
                    // `<p:local>`: the prefix is between `<` and `:`.
                    let start = &bytes[1..*start_len];
                    let colon = start.iter().position(|&b| b == b':').unwrap_or(0);
                    self.buf.extend_from_slice(&start[..colon]);
                }
            }
        }
    }

    fn write_u32(&mut self, mut n: u32) {
        let mut digits = [0u8; 10];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.buf.extend_from_slice(&digits[i..]);
    }

    /// Writes ` xmlns:prefix="namespace"`.
    fn write_declaration(&mut self, namespace: &str, prefix: PrefixRef) {
        self.buf.extend_from_slice(b" xmlns:");
        self.write_prefix(prefix);
        self.buf.extend_from_slice(b"=\"");
        // Namespaces reaching here were validated: only `&` may need escaping, which
        // cannot fail.
        let _ = escape_into(&mut self.buf, namespace, true);
        self.buf.push(b'"');
    }
}

/// The content of a `DAV:prop` element: what a propstat reports.
///
/// Implemented for lists of raw [`Element`]s and of [`Name`]s (empty elements, as in a
/// `propname` answer or a 404 propstat); the derive implements it for property sets.
pub trait PropContent {
    /// Writes the property elements.
    fn write_prop(&self, sink: &mut Sink) -> Result<(), Error>;

    /// Calls `f` with each namespace the content uses, so that they can be declared on the
    /// root once. The default reports none (undeclared namespaces are then declared where used).
    fn for_each_namespace(&self, f: &mut dyn FnMut(&str)) {
        let _ = f;
    }
}

impl PropContent for [Element] {
    fn write_prop(&self, sink: &mut Sink) -> Result<(), Error> {
        self.iter().try_for_each(|e| sink.raw(e))
    }

    fn for_each_namespace(&self, f: &mut dyn FnMut(&str)) {
        for e in self {
            e.for_each_namespace(&mut |n| f(n));
        }
    }
}

impl PropContent for Vec<Element> {
    fn write_prop(&self, sink: &mut Sink) -> Result<(), Error> {
        self.as_slice().write_prop(sink)
    }

    fn for_each_namespace(&self, f: &mut dyn FnMut(&str)) {
        self.as_slice().for_each_namespace(f);
    }
}

impl PropContent for [Name<'_>] {
    fn write_prop(&self, sink: &mut Sink) -> Result<(), Error> {
        for n in self {
            sink.empty_named(n);
        }
        Ok(())
    }

    fn for_each_namespace(&self, f: &mut dyn FnMut(&str)) {
        for n in self {
            f(n.namespace());
        }
    }
}

impl PropContent for Vec<Name<'_>> {
    fn write_prop(&self, sink: &mut Sink) -> Result<(), Error> {
        self.as_slice().write_prop(sink)
    }

    fn for_each_namespace(&self, f: &mut dyn FnMut(&str)) {
        self.as_slice().for_each_namespace(f);
    }
}

impl<T: PropContent + ?Sized> PropContent for &T {
    fn write_prop(&self, sink: &mut Sink) -> Result<(), Error> {
        (**self).write_prop(sink)
    }

    fn for_each_namespace(&self, f: &mut dyn FnMut(&str)) {
        (**self).for_each_namespace(f);
    }
}

/// Flush the buffer to the output once it holds this much.
const FLUSH_AT: usize = 32 * 1024;

/// Writes a `207 Multi-Status` body to any [`Write`], one response at a time.
///
/// The root element and its namespace declarations are written first, then each response
/// as it is given, then the end. Memory does not grow with the number of responses: each is
/// rendered into a reused buffer and passed on once complete. A response that fails (an
/// illegal character in a value, say) leaves nothing in the output.
///
/// When the output fails (that call returns [`Error::Io`]), the writer refuses further
/// work: its buffer is dropped, since part of it may have gone out and sending it again
/// could repeat responses, and every later call, [`finish`](Self::finish) included, is
/// [`Error::OutputFailed`] at once, buffering and writing nothing. The body is cut off: end
/// the HTTP response abnormally. Short writes and interrupted writes are retried
/// ([`Write::write_all`]), not errors.
///
/// The shape rules of RFC 4918 §14.24 hold by construction: [`MultistatusWriter::response`]
/// takes the first propstat, and a status response takes its status, so a response is never
/// empty and never mixes the two forms.
///
/// ```
/// use multistatus_core::{Href, MultistatusWriter, Namespaces, Status, name::{Tag, DAV}};
/// const DISPLAYNAME: Tag = Tag::new(DAV, "displayname");
///
/// let mut ms = MultistatusWriter::new(Vec::new(), Namespaces::new());
/// let href = Href::from_path("/a b/").unwrap();
/// ms.response(&href, Status::OK, |prop| prop.text_element(&DISPLAYNAME, "A & B"))?
///     .end()?;
/// ms.status_response(&Href::from_path("/locked").unwrap(), Status::LOCKED)?.end()?;
/// let body = String::from_utf8(ms.finish()?).unwrap();
/// assert_eq!(body, concat!(
///     r#"<?xml version="1.0" encoding="utf-8"?>"#, "\n",
///     r#"<D:multistatus xmlns:D="DAV:">"#,
///     "<D:response><D:href>/a%20b/</D:href><D:propstat><D:prop>",
///     "<D:displayname>A &amp; B</D:displayname></D:prop>",
///     "<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>",
///     "<D:response><D:href>/locked</D:href><D:status>HTTP/1.1 423 Locked</D:status></D:response>",
///     "</D:multistatus>",
/// ));
/// # Ok::<(), multistatus_core::Error>(())
/// ```
#[derive(Debug)]
pub struct MultistatusWriter<W: Write> {
    out: Output<W>,
    sink: Sink,
}

/// Where finished responses go.
#[derive(Debug)]
enum Output<W> {
    /// Handed to a writer once the buffer is large.
    Writer(W),
    /// The buffer is the output: nothing is copied (see [`MultistatusWriter::in_memory`]).
    /// The function turns the buffer into `W` (which is `Vec<u8>`) at the end.
    Buffer(fn(Vec<u8>) -> W),
    /// Handed back by [`MultistatusWriter::finish`].
    Finished,
    /// A write to the output failed: the output and the buffer were dropped, and every
    /// later call is [`Error::OutputFailed`].
    Failed,
}

impl<W: Write> MultistatusWriter<W> {
    /// Starts a body: the XML declaration and `<D:multistatus>` with every namespace of
    /// `namespaces` declared.
    pub fn new(out: W, namespaces: Namespaces) -> Self {
        let mut sink = Sink::new(namespaces);
        sink.multistatus_start();
        Self {
            out: Output::Writer(out),
            sink,
        }
    }

    /// Starts a propstat response for `href` with its first propstat: `status` and the
    /// property elements `prop` writes.
    pub fn response<'s>(
        &mut self,
        href: &Href<'_>,
        status: impl Into<StatusLine<'s>>,
        prop: impl FnOnce(&mut Sink) -> Result<(), Error>,
    ) -> Result<PropstatResponse<'_, W>, Error> {
        self.response_with(href, &status.into(), prop, None, None)
    }

    /// Like [`MultistatusWriter::response`], with the first propstat's `DAV:error` and
    /// `DAV:responsedescription`.
    pub fn response_with(
        &mut self,
        href: &Href<'_>,
        status: &StatusLine<'_>,
        prop: impl FnOnce(&mut Sink) -> Result<(), Error>,
        error: Option<&DavError>,
        description: Option<&str>,
    ) -> Result<PropstatResponse<'_, W>, Error> {
        self.check()?;
        let mut response = self.begin_propstats(href);
        response.propstat_with(status, prop, error, description)?;
        Ok(response)
    }

    /// Starts a propstat response with no propstat yet. Crate code that uses it writes
    /// propstats with [`PropstatResponse::propstat_if_any`]; if none was written when it
    /// ends, an empty 200 propstat keeps the shape valid (RFC 8144 §2.1).
    pub(crate) fn begin_propstats(&mut self, href: &Href<'_>) -> PropstatResponse<'_, W> {
        PropstatResponse {
            pending: Pending::start(self, href),
            propstats: 0,
        }
    }

    /// Starts a status response (RFC 4918 §14.24: `href+, status`), such as a 423 for a
    /// locked member in a DELETE; add more hrefs with [`StatusResponse::href`].
    pub fn status_response<'s>(
        &mut self,
        href: &Href<'_>,
        status: impl Into<StatusLine<'s>>,
    ) -> Result<StatusResponse<'_, W>, Error> {
        self.check()?;
        let pending = Pending::start(self, href);
        Ok(StatusResponse {
            pending,
            status: status.into().into_owned(),
        })
    }

    /// The identity of the namespace table the body is written against: output pre-rendered
    /// against a table is only used with the same one.
    pub(crate) fn namespaces_id(&self) -> u64 {
        self.sink.namespaces.id
    }

    /// Writes a response whose content after the href comes pre-rendered: `body` writes the
    /// rest, up to and including `</D:response>`, and says whether it could. When it could
    /// not, nothing of the response is left and `false` is returned.
    #[inline]
    pub(crate) fn raw_response(
        &mut self,
        href: &Href<'_>,
        body: impl FnOnce(&mut Sink) -> bool,
    ) -> Result<bool, Error> {
        self.check()?;
        let mark = self.sink.begin_response(href);
        if !body(&mut self.sink) {
            self.sink.truncate(mark);
            return Ok(false);
        }
        self.commit()?;
        Ok(true)
    }

    /// Writes a whole [`Response`](crate::Response) value.
    pub fn write<P: PropContent>(
        &mut self,
        response: &crate::Response<'_, P>,
    ) -> Result<(), Error> {
        self.check()?;
        response.write_to(self)
    }

    /// Ends the body with no `responsedescription` nor `sync-token` and returns the output.
    #[inline]
    pub fn finish(mut self) -> Result<W, Error> {
        self.end()
    }

    /// [`MultistatusWriter::finish`] in place: the writer is not moved (a copy of every
    /// field) to be ended.
    fn end(&mut self) -> Result<W, Error> {
        self.check()?;
        self.sink.markup("</D:multistatus>");
        match std::mem::replace(&mut self.out, Output::Finished) {
            Output::Writer(mut out) => {
                let written = out.write_all(&self.sink.buf).and_then(|()| out.flush());
                if let Err(e) = written {
                    self.fail();
                    return Err(e.into());
                }
                Ok(out)
            }
            Output::Buffer(into) => Ok(into(std::mem::take(&mut self.sink.buf))),
            Output::Finished => Err(Error::Value("this body was already finished".into())),
            Output::Failed => Err(Error::OutputFailed),
        }
    }

    /// Ends the body with the multistatus-level `DAV:responsedescription` and the RFC 6578
    /// `DAV:sync-token`, flushes, and returns the output.
    pub fn finish_with(
        mut self,
        description: Option<&str>,
        sync_token: Option<&str>,
    ) -> Result<W, Error> {
        self.check()?;
        if let Some(d) = description {
            self.sink.description(d)?;
        }
        if let Some(t) = sync_token {
            self.sink.markup("<D:sync-token>");
            self.sink.text(t)?;
            self.sink.markup("</D:sync-token>");
        }
        self.finish()
    }

    /// Hands the buffer to the output once it is large.
    #[inline]
    fn commit(&mut self) -> Result<(), Error> {
        if let Output::Writer(out) = &mut self.out
            && self.sink.buf.len() >= FLUSH_AT
        {
            if let Err(e) = out.write_all(&self.sink.buf) {
                self.fail();
                return Err(e.into());
            }
            self.sink.buf.clear();
        }
        Ok(())
    }

    /// [`Error::OutputFailed`] once a write to the output has failed.
    #[inline]
    fn check(&self) -> Result<(), Error> {
        match self.out {
            Output::Failed => Err(Error::OutputFailed),
            _ => Ok(()),
        }
    }

    /// After a failed write: what was handed over is unknown (`write_all` may have written
    /// part of the buffer), so sending the buffer again could repeat responses, and keeping
    /// it would grow it with every later response. Both are dropped; every later call fails.
    #[cold]
    fn fail(&mut self) {
        self.out = Output::Failed;
        self.sink.buf = Vec::new();
        self.sink.close_scopes(0);
    }
}

impl MultistatusWriter<Vec<u8>> {
    /// A writer whose output is built in memory, in `buffer` (cleared first, its capacity
    /// reused): responses are rendered straight into it, with no copy, and
    /// [`finish`](MultistatusWriter::finish) returns it. A failed response is still
    /// removed whole.
    ///
    /// ```
    /// use multistatus_core::{Href, MultistatusWriter, Namespaces, Status};
    /// let mut ms = MultistatusWriter::in_memory(Vec::with_capacity(4096), Namespaces::new());
    /// ms.status_response(&Href::from_path("/x").unwrap(), Status::NOT_FOUND)?.end()?;
    /// let body = ms.finish()?;
    /// assert!(body.ends_with(b"<D:status>HTTP/1.1 404 Not Found</D:status></D:response></D:multistatus>"));
    /// # Ok::<(), multistatus_core::Error>(())
    /// ```
    #[must_use]
    #[inline]
    pub fn in_memory(mut buffer: Vec<u8>, namespaces: Namespaces) -> Self {
        buffer.clear();
        let mut sink = Sink::with_buffer(namespaces, buffer);
        sink.multistatus_start();
        Self {
            out: Output::Buffer(|buf| buf),
            sink,
        }
    }
}

/// The unit of [`Sink::bytes_chunked`]: most pre-rendered segments (`</D:a><D:b>`) fit in
/// one; with 32-byte chunks a one-resource answer took 3 249 instructions, with 64 3 125.
pub(crate) const CHUNK: usize = 64;

/// A response being written: its bytes are dropped unless it is ended.
#[derive(Debug)]
struct Pending<'w, W: Write> {
    writer: &'w mut MultistatusWriter<W>,
    mark: usize,
    done: bool,
}

impl<'w, W: Write> Pending<'w, W> {
    /// Starts a response; on a failed writer, one that writes nothing and whose every call
    /// is [`Error::OutputFailed`].
    fn start(writer: &'w mut MultistatusWriter<W>, href: &Href<'_>) -> Self {
        if writer.check().is_err() {
            return Self {
                writer,
                mark: 0,
                done: true,
            };
        }
        let mark = writer.sink.begin_response(href);
        Self {
            writer,
            mark,
            done: false,
        }
    }

    /// Whether the response can go on: not after an error in it, nor on a failed writer.
    fn usable(&self) -> Result<(), Error> {
        self.writer.check()?;
        if self.done {
            return Err(Error::Value(
                "this response was abandoned after an error".into(),
            ));
        }
        Ok(())
    }

    /// Runs `f`; on error, drops the whole response and returns the error.
    fn guard(&mut self, f: impl FnOnce(&mut Sink) -> Result<(), Error>) -> Result<(), Error> {
        let result = f(&mut self.writer.sink);
        if result.is_err() {
            self.writer.sink.truncate(self.mark);
            self.done = true;
        }
        result
    }

    fn end(
        mut self,
        error: Option<&DavError>,
        description: Option<&str>,
        location: Option<&Href<'_>>,
    ) -> Result<(), Error> {
        self.usable()?;
        self.guard(|sink| {
            if let Some(e) = error {
                sink.error(e)?;
            }
            if let Some(d) = description {
                sink.description(d)?;
            }
            if let Some(l) = location {
                sink.markup("<D:location>");
                sink.href(l);
                sink.markup("</D:location>");
            }
            sink.markup("</D:response>");
            Ok(())
        })?;
        self.done = true;
        self.writer.commit()
    }
}

impl<W: Write> Drop for Pending<'_, W> {
    fn drop(&mut self) {
        if !self.done {
            self.writer.sink.truncate(self.mark);
        }
    }
}

/// A response of the propstat form being written (RFC 4918 §14.24: `href, propstat+`).
///
/// Dropping it without [`PropstatResponse::end`] discards the response.
#[derive(Debug)]
#[must_use = "a response is only written when ended"]
pub struct PropstatResponse<'w, W: Write> {
    pending: Pending<'w, W>,
    propstats: usize,
}

impl<W: Write> PropstatResponse<'_, W> {
    /// Adds a propstat: `status` and the property elements `prop` writes.
    pub fn propstat<'s>(
        &mut self,
        status: impl Into<StatusLine<'s>>,
        prop: impl FnOnce(&mut Sink) -> Result<(), Error>,
    ) -> Result<&mut Self, Error> {
        self.propstat_with(&status.into(), prop, None, None)
    }

    /// Adds a propstat with its `DAV:error` and `DAV:responsedescription`.
    pub fn propstat_with(
        &mut self,
        status: &StatusLine<'_>,
        prop: impl FnOnce(&mut Sink) -> Result<(), Error>,
        error: Option<&DavError>,
        description: Option<&str>,
    ) -> Result<&mut Self, Error> {
        self.write_propstat(status, prop, error, description, false)?;
        Ok(self)
    }

    /// Adds a propstat only if `prop` writes at least one property; returns whether it did.
    pub(crate) fn propstat_if_any(
        &mut self,
        status: impl Into<StatusLine<'static>>,
        prop: impl FnOnce(&mut Sink) -> Result<(), Error>,
    ) -> Result<bool, Error> {
        self.write_propstat(&status.into(), prop, None, None, true)
    }

    /// [`PropstatResponse::propstat_if_any`] with a `DAV:responsedescription`.
    pub(crate) fn propstat_if_any_with(
        &mut self,
        status: impl Into<StatusLine<'static>>,
        prop: impl FnOnce(&mut Sink) -> Result<(), Error>,
        description: Option<&str>,
    ) -> Result<bool, Error> {
        self.write_propstat(&status.into(), prop, None, description, true)
    }

    fn write_propstat(
        &mut self,
        status: &StatusLine<'_>,
        prop: impl FnOnce(&mut Sink) -> Result<(), Error>,
        error: Option<&DavError>,
        description: Option<&str>,
        skip_empty: bool,
    ) -> Result<bool, Error> {
        self.pending.usable()?;
        let mut written = true;
        self.pending.guard(|sink| {
            let mark = sink.position();
            sink.markup("<D:propstat><D:prop>");
            let content = sink.position();
            prop(sink)?;
            if skip_empty && sink.position() == content {
                sink.buf.truncate(mark);
                written = false;
                return Ok(());
            }
            sink.markup("</D:prop>");
            sink.status(status)?;
            if let Some(e) = error {
                sink.error(e)?;
            }
            if let Some(d) = description {
                sink.description(d)?;
            }
            sink.markup("</D:propstat>");
            Ok(())
        })?;
        self.propstats += usize::from(written);
        Ok(written)
    }

    /// Ends the response.
    pub fn end(self) -> Result<(), Error> {
        self.end_with(None, None, None)
    }

    /// Ends the response with its `DAV:error`, `DAV:responsedescription` and `DAV:location`.
    pub fn end_with(
        self,
        error: Option<&DavError>,
        description: Option<&str>,
        location: Option<&Href<'_>>,
    ) -> Result<(), Error> {
        let mut this = self;
        if this.propstats == 0 {
            this.write_propstat(
                &StatusLine::from(crate::Status::OK),
                |_| Ok(()),
                None,
                None,
                false,
            )?;
        }
        this.pending.end(error, description, location)
    }
}

/// A response of the status form being written (RFC 4918 §14.24: `href+, status`).
///
/// Dropping it without [`StatusResponse::end`] discards the response.
#[derive(Debug)]
#[must_use = "a response is only written when ended"]
pub struct StatusResponse<'w, W: Write> {
    pending: Pending<'w, W>,
    status: StatusLine<'static>,
}

impl<W: Write> StatusResponse<'_, W> {
    /// Adds another href sharing the status.
    pub fn href(&mut self, href: &Href<'_>) -> &mut Self {
        if self.pending.usable().is_ok() {
            self.pending.writer.sink.href(href);
        }
        self
    }

    /// Ends the response.
    pub fn end(self) -> Result<(), Error> {
        self.end_with(None, None, None)
    }

    /// Ends the response with its `DAV:error`, `DAV:responsedescription` and `DAV:location`.
    pub fn end_with(
        mut self,
        error: Option<&DavError>,
        description: Option<&str>,
        location: Option<&Href<'_>>,
    ) -> Result<(), Error> {
        self.pending.usable()?;
        let status = &self.status;
        self.pending.guard(|sink| sink.status(status))?;
        self.pending.end(error, description, location)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(ns: &'static str, local: &'static str) -> Name<'static> {
        Name::new_const(ns, local)
    }

    /// Clones share the table until one declares more: the other keeps its entries, its
    /// identity and its rendered body start; other roots use the same declarations.
    #[test]
    fn shared_table_is_copied_on_declare() {
        let mut first = Namespaces::new();
        assert_eq!(first.declare("urn:a&b").ok(), Some("ns1"));
        let mut second = first.clone();
        assert_eq!(second.id(), first.id());
        assert_eq!(second.declare("urn:c").ok(), Some("ns2"));
        assert_ne!(second.id(), first.id());
        assert_eq!(first.prefix("urn:c"), None);
        assert_eq!(first.iter().count(), 2);
        let start = |ns: &Namespaces, root: Option<&str>| {
            let mut sink = Sink::new(ns.clone());
            match root {
                Some(root) => sink.document_start(root),
                None => sink.multistatus_start(),
            }
            sink.into_string()
        };
        let decl = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
        let xmlns = r#" xmlns:D="DAV:" xmlns:ns1="urn:a&amp;b""#;
        assert_eq!(start(&first, None), format!("{decl}<D:multistatus{xmlns}>"));
        assert_eq!(
            start(&second, None),
            format!(r#"{decl}<D:multistatus{xmlns} xmlns:ns2="urn:c">"#)
        );
        assert_eq!(
            start(&first, Some("<D:error")),
            format!("{decl}<D:error{xmlns}>")
        );
    }

    #[test]
    fn prefixes() {
        let mut ns = Namespaces::new();
        assert_eq!(ns.declare("urn:a").ok(), Some("ns1"));
        assert_eq!(ns.declare(name::CARDDAV).ok(), Some("CARD"));
        assert_eq!(ns.declare("urn:b").ok(), Some("ns2"));
        assert_eq!(ns.declare("urn:a").ok(), Some("ns1"));
        assert_eq!(ns.declare(name::CALENDARSERVER).ok(), Some("CS"));
        assert_eq!(ns.declare("").ok(), Some(""));
        assert!(ns.declare("bad").is_err());
        let all: Vec<_> = ns.iter().collect();
        assert_eq!(all.len(), 5);
    }

    #[test]
    fn undeclared_namespace_is_declared_on_the_element() {
        let mut sink = Sink::new(Namespaces::new());
        sink.empty_named(&name("urn:x", "a"));
        sink.empty_named(&name("urn:x", "b"));
        assert_eq!(
            sink.as_str(),
            r#"<ns1:a xmlns:ns1="urn:x"/><ns2:b xmlns:ns2="urn:x"/>"#
        );
    }

    #[test]
    fn undeclared_well_known_tag_gets_a_declaration() {
        const T: Tag = Tag::new(name::CALDAV, "calendar-data");
        let mut sink = Sink::new(Namespaces::new());
        let _ = sink.text_element(&T, "x");
        assert_eq!(
            sink.as_str(),
            r#"<C:calendar-data xmlns:C="urn:ietf:params:xml:ns:caldav">x</C:calendar-data>"#
        );
        let mut ns = Namespaces::new();
        let _ = ns.declare(name::CALDAV);
        let mut sink = Sink::new(ns);
        let _ = sink.text_element(&T, "x");
        assert_eq!(sink.as_str(), "<C:calendar-data>x</C:calendar-data>");
    }

    #[test]
    fn raw_tree_with_nested_scope_and_attributes() {
        let e = Element::new(name("urn:x", "a"))
            .with_attribute(name("urn:y", "attr"), "v\"")
            .with_attribute(name("", "plain"), "1")
            .with_lang("en")
            .with_child(Element::new(name("urn:x", "b")).with_text("t\r"))
            .with_child(Element::new(name("", "c")));
        let mut sink = Sink::new(Namespaces::new());
        assert!(sink.raw(&e).is_ok());
        assert_eq!(
            sink.as_str(),
            concat!(
                r#"<ns1:a xmlns:ns1="urn:x" xmlns:ns2="urn:y" ns2:attr="v&quot;" plain="1" xml:lang="en">"#,
                "<ns1:b>t&#13;</ns1:b><c/></ns1:a>"
            )
        );
        // The scopes are closed: a sibling declares again.
        sink.empty_named(&name("urn:x", "z"));
        assert!(sink.as_str().ends_with(r#"<ns3:z xmlns:ns3="urn:x"/>"#));
    }

    /// An element that fails after declaring more namespaces than are compared one by one
    /// leaves none of them in scope: its siblings declare them again.
    #[test]
    fn failed_element_closes_its_many_scopes() {
        let mut e = Element::new(name("urn:s:0", "a"));
        for k in 0..40 {
            e = e.with_attribute(Name::new(format!("urn:s:{k}"), "x").unwrap(), "v");
        }
        let bad = e
            .clone()
            .with_child(Element::new(name("", "b")).with_text("\u{1}"));
        let mut sink = Sink::new(Namespaces::new());
        assert!(sink.raw(&bad).is_err());
        assert_eq!(sink.as_str(), "");
        assert_eq!(sink.scopes_len(), 0);
        assert!(sink.raw(&e).is_ok());
        assert_eq!(sink.as_str().matches("xmlns:").count(), 40);
        // Local prefixes are not reused within a response: 40 went to each element.
        sink.empty_named(&name("urn:s:39", "z"));
        assert!(
            sink.as_str()
                .ends_with(r#"<ns81:z xmlns:ns81="urn:s:39"/>"#)
        );
    }

    /// An output that always fails.
    struct Broken;

    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Once the output has failed, the buffer is freed and stays empty whatever is asked of
    /// the writer: every call fails at once.
    #[test]
    fn failed_output_buffers_nothing() {
        const T: Tag = Tag::new(DAV, "displayname");
        let Ok(href) = Href::from_path("/a") else {
            return;
        };
        let mut ms = MultistatusWriter::new(Broken, Namespaces::new());
        let mut written = 0;
        loop {
            let r = ms
                .response(&href, crate::Status::OK, |s| s.text_element(&T, "x"))
                .and_then(PropstatResponse::end);
            match r {
                Ok(()) => written += 1,
                Err(Error::Io(_)) => break,
                Err(e) => panic!("{e:?}"),
            }
            assert!(written < 10_000, "the output was never written to");
        }
        assert_eq!(ms.sink.buf.capacity(), 0);
        for _ in 0..10_000 {
            let mut results = Vec::new();
            results.push(
                ms.response(&href, crate::Status::OK, |s| s.text_element(&T, "x"))
                    .map(drop),
            );
            results.push(ms.status_response(&href, crate::Status::OK).map(drop));
            results.push(
                ms.raw_response(&href, |s| {
                    s.markup("</D:response>");
                    true
                })
                .map(drop),
            );
            let mut r = ms.begin_propstats(&href);
            results.push(
                r.propstat_if_any(crate::Status::OK, |s| s.text_element(&T, "x"))
                    .map(drop),
            );
            results.push(r.end());
            for r in results {
                assert!(matches!(r, Err(Error::OutputFailed)), "{r:?}");
            }
            assert_eq!(ms.sink.buf.capacity(), 0);
        }
        assert!(matches!(
            ms.finish_with(Some("d"), Some("t")),
            Err(Error::OutputFailed)
        ));
    }

    #[test]
    fn failed_response_leaves_nothing() {
        const T: Tag = Tag::new(DAV, "displayname");
        let mut ms = MultistatusWriter::new(Vec::new(), Namespaces::new());
        let href = Href::from_path("/a").ok();
        let Some(href) = href else { return };
        {
            let r = ms.response(&href, crate::Status::OK, |s| s.text_element(&T, "bad\u{1}"));
            assert!(matches!(r, Err(Error::IllegalChar { found: '\u{1}' })));
        }
        if let Ok(mut r) = ms.response(&href, crate::Status::OK, |s| s.text_element(&T, "ok")) {
            assert!(
                r.propstat(crate::Status::NOT_FOUND, |s| s.text_element(&T, "\u{0}"))
                    .is_err()
            );
            // Abandoned: ending now is an error and writes nothing.
            assert!(r.end().is_err());
        }
        {
            let _dropped = ms.response(&href, crate::Status::OK, |s| s.text_element(&T, "x"));
        }
        let out = ms.finish().map(String::from_utf8);
        let Ok(Ok(out)) = out else {
            panic!("finish failed")
        };
        assert!(
            out.ends_with(r#"<D:multistatus xmlns:D="DAV:"></D:multistatus>"#),
            "{out}"
        );
    }
}
