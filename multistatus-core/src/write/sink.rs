//! [`Sink`]: the XML output of one document, where property values write their content.
//! Start tags come pre-rendered from [`Tag`]s or are written with the prefix the namespace
//! table (or a declaration on an open element) gives; text is escaped.

use crate::Error;
use crate::distinct::{Distinct, Keyed};
use crate::model::href::Href;
use crate::model::status::StatusLine;
use crate::model::xml::{Element, Node};
use crate::model::{DavError, Description};
use crate::name::{Name, Tag, WELL_KNOWN, XML};
use crate::prop::AttributeValue;
use crate::write::attributes::TextSink;
use crate::write::escape::escape_into;
use crate::write::namespaces::{DECLARATION, Namespaces};
/// Where a start tag's prefix came from, so that [`Sink::end`] can write the same one.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
#[must_use]
pub struct Open {
    prefix: PrefixRef,
    /// Namespaces this element declared for its descendants.
    pushed: u32,
}

impl Open {
    /// This element, with `n` more namespaces declared on it (by its attributes).
    #[inline]
    pub(crate) fn pushing(mut self, n: u32) -> Self {
        self.pushed += n;
        self
    }
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
    /// The names of the attributes on the start tag being written, once a value has
    /// written many ([`Attributes`](crate::Attributes)); here rather than in the [`Sink`],
    /// which stays small.
    attribute_names: Distinct<Box<[u8]>>,
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
    pub(super) buf: Vec<u8>,
    pub(super) namespaces: Namespaces,
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

    /// Back to the state of a new sink on the same table, its output (cleared by the caller)
    /// and its rendered tags kept: for a writer that starts another body.
    #[inline]
    pub(crate) fn restart(&mut self) {
        self.close_scopes(0);
        self.next_local = self.namespaces.generated;
    }

    /// The output, and the set of attribute names [`Attributes`](crate::Attributes) keeps
    /// when a value writes many (made on first use).
    #[cold]
    pub(super) fn attribute_names(&mut self) -> (&[u8], &mut Distinct<Box<[u8]>>) {
        let scopes = self.scopes.get_or_insert_with(Box::default);
        (&self.buf, &mut scopes.attribute_names)
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
        push_short(&mut self.buf, text);
    }

    /// [`Sink::ascii`] of `text[..len]`: the whole array is copied (a fixed-size copy) and
    /// cut back.
    #[inline]
    pub(crate) fn ascii_prefix<const N: usize>(&mut self, text: &[u8; N], len: usize) {
        debug_assert!(len <= N);
        let base = self.buf.len();
        self.buf.extend_from_slice(text);
        self.buf.truncate(base + len);
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
        let mark = self.buf.len();
        display_into(&mut self.buf, value, false).inspect_err(|_| self.buf.truncate(mark))
    }

    /// Writes a text value (a `#[dav(text)]` field): escaped, nothing when it is absent
    /// (`None`), and nothing at all when it fails.
    ///
    /// ```
    /// use multistatus_core::{Namespaces, Sink};
    /// let mut sink = Sink::new(Namespaces::new());
    /// sink.text_value(&Some("a < b")).unwrap();
    /// sink.text_value(&None::<&str>).unwrap();
    /// sink.text_value(&42u8).unwrap();
    /// assert_eq!(sink.as_str(), "a &lt; b42");
    /// ```
    pub fn text_value<V: AttributeValue + ?Sized>(&mut self, value: &V) -> Result<(), Error> {
        if !value.is_present() {
            return Ok(());
        }
        let mark = self.buf.len();
        value
            .write_text(&mut TextSink::new(&mut self.buf, false))
            .inspect_err(|_| self.buf.truncate(mark))
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
        impl<'e> crate::model::xml::Visit<'e> for Raw<'_> {
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
                    let (pushed, _) = sink.attribute_name(ns, local);
                    // Only a tree built in code can get near: the reader accepts 128
                    // namespaces in scope.
                    open.pushed = open.pushed.checked_add(pushed).ok_or_else(|| {
                        Error::Value(
                            "an element's attributes use more than 65 535 namespaces".into(),
                        )
                    })?;
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

    /// Writes ` p:local` of an attribute of the start tag being written, declaring its
    /// namespace there first (` xmlns:ns3="…"`) when it is not in scope. Returns how many
    /// scopes that pushed (0 or 1: the element closes them when it ends) and where
    /// ` p:local` starts.
    pub(super) fn attribute_name(&mut self, namespace: &str, local: &str) -> (u32, usize) {
        let mut pushed = 0;
        let at = if namespace == XML {
            let at = self.buf.len();
            self.buf.extend_from_slice(b" xml:");
            at
        } else if namespace.is_empty() {
            let at = self.buf.len();
            self.buf.push(b' ');
            at
        } else {
            let prefix = match self.lookup(namespace) {
                Some(p) => p,
                None => {
                    pushed = 1;
                    let p = self.declare_local(namespace);
                    self.write_declaration(namespace, p);
                    p
                }
            };
            let at = self.buf.len();
            self.buf.push(b' ');
            self.write_prefix(prefix);
            self.buf.push(b':');
            at
        };
        self.buf.extend_from_slice(local.as_bytes());
        (pushed, at)
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

    /// Writes `<D:responsedescription>…</D:responsedescription>`, with `xml:lang` when the
    /// description has a language.
    ///
    /// ```
    /// use multistatus_core::{Description, Namespaces, Sink};
    /// let mut sink = Sink::new(Namespaces::new());
    /// sink.description(&"plain".into()).unwrap();
    /// sink.description(&Description::new("Seulement deux").with_lang("fr")).unwrap();
    /// assert_eq!(sink.as_str(), concat!(
    ///     "<D:responsedescription>plain</D:responsedescription>",
    ///     r#"<D:responsedescription xml:lang="fr">Seulement deux</D:responsedescription>"#,
    /// ));
    /// ```
    pub fn description(&mut self, description: &Description<'_>) -> Result<(), Error> {
        let mark = self.buf.len();
        self.buf.extend_from_slice(b"<D:responsedescription");
        if let Some(lang) = description.lang() {
            self.buf.extend_from_slice(b" xml:lang=\"");
            if let Err(found) = escape_into(&mut self.buf, lang, true) {
                self.buf.truncate(mark);
                return Err(Error::IllegalChar { found });
            }
            self.buf.push(b'"');
        }
        self.buf.push(b'>');
        if let Err(e) = self.text(description.text()) {
            self.buf.truncate(mark);
            return Err(e);
        }
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
    pub(crate) fn scopes_len(&self) -> usize {
        self.scopes.as_ref().map_or(0, |s| s.open.len())
    }

    /// Closes the scopes from position `len` on, keeping their strings for reuse.
    #[inline]
    pub(crate) fn close_scopes(&mut self, len: usize) {
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
        let mark = self.open_response(href);
        self.markup("</D:href>");
        mark
    }

    /// [`Sink::begin_response`] without `</D:href>`, which the caller writes (the
    /// pre-rendered PROPFIND path has it at the start of its markup): one copy fewer.
    #[inline]
    pub(crate) fn open_response(&mut self, href: &Href<'_>) -> usize {
        let mark = self.position();
        self.close_scopes(0);
        // Local declarations end with their element: prefixes can start over.
        self.next_local = self.namespaces.generated;
        self.markup("<D:response><D:href>");
        href.write_escaped(&mut self.buf);
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
        // Most segments (`</D:a><D:b>`) fit in one chunk: one copy, no loop.
        if end - from <= CHUNK
            && let Some(chunk) = src.get(from..from + CHUNK)
        {
            self.buf.extend_from_slice(chunk);
            self.buf.truncate(base + (end - from));
            return;
        }
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

    /// Appends `chunk[..len]`: the whole chunk (a constant-size copy) cut back to `len`.
    #[inline(always)]
    pub(crate) fn chunk(&mut self, chunk: &[u8; CHUNK], len: usize) {
        let base = self.buf.len();
        self.buf.extend_from_slice(chunk);
        self.buf.truncate(base + len);
    }

    /// Appends the first `len` bytes of `chunks`: each chunk whole (a constant-size copy),
    /// the end cut back.
    #[inline(always)]
    pub(crate) fn chunks(&mut self, chunks: &[[u8; CHUNK]], len: usize) {
        let base = self.buf.len();
        for chunk in chunks {
            self.buf.extend_from_slice(chunk);
        }
        self.buf.truncate(base + len);
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

/// Appends the [`Display`](std::fmt::Display) form of `value` to `buf`, escaped as text or
/// as an attribute value, without allocating. On error `buf` holds a partial write.
pub(crate) fn display_into(
    buf: &mut Vec<u8>,
    value: &dyn std::fmt::Display,
    attribute: bool,
) -> Result<(), Error> {
    struct Escaper<'a> {
        buf: &'a mut Vec<u8>,
        attribute: bool,
        illegal: Option<char>,
    }
    impl std::fmt::Write for Escaper<'_> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            escape_into(self.buf, s, self.attribute).map_err(|c| {
                self.illegal = Some(c);
                std::fmt::Error
            })
        }
    }
    let mut w = Escaper {
        buf,
        attribute,
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

/// Appends `b` without a `memcpy` call when it is at most 32 bytes long (digits, say): two
/// fixed-size copies of its first and last 16, 8 or 4 bytes, the second overlapping the
/// first. A copy of a length known only at run time is otherwise a call into the C library.
#[inline(always)]
fn push_short(buf: &mut Vec<u8>, b: &[u8]) {
    fn overlapping<const K: usize>(buf: &mut Vec<u8>, b: &[u8]) {
        if let (Some(first), Some(last)) = (b.first_chunk::<K>(), b.last_chunk::<K>()) {
            let base = buf.len();
            buf.extend_from_slice(first);
            buf.truncate(base + b.len() - K);
            buf.extend_from_slice(last);
        }
    }
    match b.len() {
        16..=32 => overlapping::<16>(buf, b),
        8..=15 => overlapping::<8>(buf, b),
        4..=7 => overlapping::<4>(buf, b),
        _ => buf.extend_from_slice(b),
    }
}

/// The unit of [`Sink::bytes_chunked`]: most pre-rendered segments (`</D:a><D:b>`) fit in
/// one; with 32-byte chunks a one-resource answer took 3 249 instructions, with 64 3 125.
pub(crate) const CHUNK: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::name;

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

    /// ASCII of every length up to 40 is copied exactly, by the overlapping fixed-size
    /// copies or the plain one; a prefix of an array too.
    #[test]
    fn short_copies_are_exact() {
        let text: Vec<u8> = (b'!'..=b'~').filter(|b| !b"<>&".contains(b)).collect();
        for len in 0..=40 {
            let mut sink = Sink::new(Namespaces::new());
            sink.ascii(b"x");
            sink.ascii(&text[..len]);
            sink.ascii(b"y");
            assert_eq!(sink.buf[1..len + 1], text[..len], "{len}");
            assert_eq!(sink.buf.len(), len + 2, "{len}");
            let mut sink = Sink::new(Namespaces::new());
            sink.ascii_prefix(b"0123456789", len.min(10));
            assert_eq!(sink.as_str(), &"0123456789"[..len.min(10)]);
        }
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
        // Relative namespaces are declared (d3b939d); text no URI can hold is refused.
        assert!(ns.declare("urn:has space").is_err());
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
}
