//! The checked event stream: quick-xml's `NsReader` with every check the crate makes on XML
//! it reads, once, for request bodies and 207 bodies alike.
//!
//! [`Core::next`] hands out [`Token`]s: start tags (checked: names, attributes, namespace
//! declarations, limits; their expanded name and attributes then available through the
//! core), end tags, text (with references resolved and line ends normalized, appended to
//! [`Core::text`] when asked), and the end of the document. Comments, processing
//! instructions and the XML declaration are checked and skipped; a DTD is refused.
//!
//! An empty element (`<a/>`) is a start then an end, so that consumers see one shape.
//! The scope of an element (its namespace bindings, its `xml:lang`, its name) stays in
//! place until the event after its end, so that an element can be captured whole
//! ([`Core::capture`]) once it has ended.

use std::borrow::Cow;

use quick_xml::errors::{Error as XmlError, IllFormedError, SyntaxError};
use quick_xml::events::Event;
use quick_xml::events::attributes::{AttrError, Attributes};
use quick_xml::name::{
    Namespace, NamespaceError, NamespaceResolver, PrefixDeclaration, QName, ResolveResult,
};

use crate::distinct::Distinct;
use crate::escape::{escape_into, is_xml_char};
use crate::model::dead::DeadProperty;
use crate::name::{DAV, Name, WELL_KNOWN, XML, XMLNS, local_name_error, read_namespace_error};
use crate::reader::{MAX_DEPTH, ReadError, ReadErrorKind};

use super::source::{Encoding, Input, configure};

/// The bounds the core enforces; the rest (sizes of trees, names listed, responses) belong to
/// what is read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Bounds {
    /// The deepest nesting, the root at 1 (at most [`MAX_DEPTH`]).
    pub(crate) max_depth: usize,
    /// Elements between two calls of [`Core::reset_count`].
    pub(crate) max_elements: usize,
    /// Attributes on one element, namespace declarations included.
    pub(crate) max_attributes: usize,
    /// Bytes of a qualified name, of an element or an attribute.
    pub(crate) max_name_len: usize,
    /// Bytes of names, attribute values, text and copies the trees and captures built
    /// between two calls of [`Core::reset_count`] may hold ([`Core::charge`]).
    pub(crate) max_tree_bytes: usize,
    /// Bytes of text read in all ([`ReadErrorKind::TooLarge`]).
    pub(crate) max_bytes: usize,
}

/// What [`Core::next`] read.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Token {
    /// A start tag: [`Core::name`], [`Core::attributes`] and [`Core::start_at`] describe it
    /// until the next token.
    Start,
    /// The end of the element opened last (also for `<a/>`).
    End,
    /// Text, CDATA or a reference; `blank` when it was only whitespace.
    Text {
        /// Only whitespace.
        blank: bool,
    },
    /// The end of the document.
    Eof,
}

/// Whether the root element is still to come, open, or closed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Root {
    Before,
    Open,
    Closed,
}

/// An error at an offset of the text; the input turns it into a [`ReadError`].
type Fail = (ReadErrorKind, usize);

/// The empty namespace, as an empty slice of a string in static memory.
///
/// An empty `""` literal points at a dangling address, and comparing two of them calls
/// `memcmp` with length 0 on it; glibc's AVX-512 `memcmp` then does a masked load from an
/// unmapped page, which costs a microcode assist each time (measured: ~100× slower than a
/// real comparison). Attribute names are compared with every earlier attribute of their
/// element, so that cost multiplies; an empty slice of mapped memory avoids it.
pub(crate) const NO_NAMESPACE: &str = DAV.split_at(0).0;

/// The checked event stream over an [`Input`].
pub(crate) struct Core<I> {
    pub(crate) input: I,
    bounds: Bounds,
    /// Open elements.
    depth: usize,
    root: Root,
    /// Elements since the last [`Core::reset_count`].
    elements: usize,
    /// Bytes charged since the last [`Core::reset_count`].
    tree_bytes: usize,
    /// Past this offset of the text reading stops ([`Core::mark`]), and the limit it is.
    window_end: usize,
    window_max: usize,
    /// The smaller of `window_end` and [`Bounds::max_bytes`]: past it, one of them is.
    limit: usize,
    /// Whether no event was read yet (an XML declaration must be first).
    first: bool,
    /// Where the parser is after the last event read.
    after: usize,
    /// Text is checked but not handed out ([`Token::Text`]): for readers that ignore it.
    pub(crate) skip_text: bool,
    /// An empty element was read: its end is owed.
    owed_end: bool,
    /// An element ended: its scope is left on the next read.
    leave: bool,
    /// The qualified names of the open elements, one after the other, and where each starts.
    names: String,
    name_starts: Vec<usize>,
    /// `xml:lang` values set on open elements: the depth of each, and where its value starts
    /// in `lang_text`.
    langs: Vec<(usize, usize)>,
    lang_text: String,
    /// The start tag read last: where it is, and the slot of `names_seen` that holds its
    /// name, checked and resolved.
    start_at: usize,
    start_slot: usize,
    /// Qualified names already checked and resolved ([`NameCache`]).
    names_seen: NameCache,
    /// The depths of the open elements that declare namespaces: leaving one changes the
    /// bindings in scope. The deepest in place (0: none; most bodies declare on the root
    /// only), those above it in `declaring`.
    declaring_last: usize,
    declaring: Vec<usize>,
    /// The attributes of the start tag read last, once asked for: names and values one after
    /// the other in `attr_text`, and where each part ends.
    attr_text: String,
    attr_ends: Vec<[usize; 3]>,
    attrs_of: Option<usize>,
    /// Where text goes when kept.
    pub(crate) text: String,
    /// The declarations a capture makes, reused.
    declared: Vec<u8>,
    /// The generation of the bindings ([`NameCache`]) `declared` starts with all of, and
    /// the length of those declarations.
    declared_for: Option<(u64, usize)>,
    /// The first fatal error: nothing is read after it.
    failed: Option<ReadError>,
}

impl<I: Input> Core<I> {
    pub(crate) fn new(mut input: I, bounds: Bounds) -> Self {
        configure(input.config_mut());
        let after = input.position();
        Self {
            input,
            bounds: Bounds {
                max_depth: bounds.max_depth.min(MAX_DEPTH),
                ..bounds
            },
            depth: 0,
            root: Root::Before,
            elements: 0,
            tree_bytes: 0,
            window_end: usize::MAX,
            window_max: usize::MAX,
            limit: bounds.max_bytes,
            first: true,
            after,
            skip_text: false,
            owed_end: false,
            leave: false,
            // Room for the names of a few levels at once rather than growing level by level.
            names: String::with_capacity(128),
            name_starts: Vec::with_capacity(8),
            langs: Vec::new(),
            lang_text: String::new(),
            start_at: 0,
            start_slot: 0,
            names_seen: NameCache::new(1),
            declaring_last: 0,
            declaring: Vec::new(),
            attr_text: String::new(),
            attr_ends: Vec::new(),
            attrs_of: None,
            text: String::new(),
            declared: Vec::new(),
            declared_for: None,
            failed: None,
        }
    }

    /// Remembers the element names of `2^log2_sets` sets of two names checked and resolved
    /// (a body that repeats its names: a 207 body); a new core remembers 4.
    pub(crate) fn remember_names(&mut self, log2_sets: u32) {
        self.names_seen = NameCache::new(log2_sets);
    }

    /// Open elements: 1 inside the root.
    pub(crate) fn depth(&self) -> usize {
        self.depth
    }

    /// Where the parser is: just after the last token.
    pub(crate) fn position(&self) -> usize {
        self.input.position()
    }

    /// Where the start tag read last begins (its `<`).
    pub(crate) fn start_at(&self) -> usize {
        self.start_at
    }

    /// The expanded name of the start tag read last.
    #[inline]
    pub(crate) fn name(&self) -> (&str, &str) {
        self.names_seen.name(self.start_slot)
    }

    /// The expanded name of the start tag read last as the crate keeps names
    /// ([`shared_namespace`], [`shared_local`]); a `DAV:` name, known as such from the
    /// name cache, is not compared with the well-known namespaces.
    pub(crate) fn shared_name(&self) -> Name<'static> {
        let (namespace, local) = self.name();
        if std::ptr::eq(namespace, DAV) {
            return Name::new_unchecked(Cow::Borrowed(DAV), shared_dav_local(local));
        }
        Name::new_unchecked(shared_namespace(namespace), shared_local(namespace, local))
    }

    /// Counting elements and tree bytes starts again (each response of a 207 body has its
    /// budget).
    pub(crate) fn reset_count(&mut self) {
        self.elements = 0;
        self.tree_bytes = 0;
    }

    /// What comes before `at` is no longer needed, and at most `max` bytes are read past
    /// it ([`ReadErrorKind::ResponseTooLarge`]): each response of a 207 body.
    pub(crate) fn mark(&mut self, at: usize, max: usize) {
        self.window_end = at.saturating_add(max);
        self.limit = self.window_end.min(self.bounds.max_bytes);
        self.window_max = max;
        self.input.mark(at, self.window_end);
    }

    /// Charges `bytes` that a tree or a capture holds; past [`Bounds::max_tree_bytes`] that
    /// is a fatal error at `at`.
    pub(crate) fn charge(&mut self, bytes: usize, at: usize) -> Result<(), ReadError> {
        self.tree_bytes = self.tree_bytes.saturating_add(bytes);
        if self.tree_bytes > self.bounds.max_tree_bytes {
            let error = self.input.error(
                ReadErrorKind::TreeTooLarge {
                    max_tree_bytes: self.bounds.max_tree_bytes,
                },
                at,
            );
            return Err(self.fail(error));
        }
        Ok(())
    }

    /// An error at offset `at`.
    pub(crate) fn error(&self, kind: ReadErrorKind, at: usize) -> ReadError {
        self.input.error(kind, at)
    }

    /// Records a fatal error: every later read returns it.
    fn fail(&mut self, error: ReadError) -> ReadError {
        self.failed.get_or_insert(error).clone()
    }

    /// The `xml:lang` in scope: on the element read last or its nearest ancestor.
    pub(crate) fn lang(&self) -> Option<&str> {
        let (_, start) = *self.langs.last()?;
        self.lang_text.get(start..)
    }

    /// Reads the next token; text is appended to [`Core::text`] when `keep`.
    pub(crate) fn next(&mut self, keep: bool) -> Result<Token, ReadError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        match self.step(keep) {
            Ok(token) => Ok(token),
            Err((kind, at)) => {
                let error = self.input.error(kind, at);
                Err(self.fail(error))
            }
        }
    }

    /// Leaves the scope of the element that ended last.
    fn leave_scope(&mut self) {
        if !self.leave {
            return;
        }
        self.leave = false;
        let depth = self.depth + 1;
        if let Some(start) = self.name_starts.pop() {
            self.names.truncate(start);
        }
        if let Some(&(at, start)) = self.langs.last()
            && at == depth
        {
            self.langs.pop();
            self.lang_text.truncate(start);
        }
        if self.declaring_last == depth {
            self.declaring_last = self.declaring.pop().unwrap_or(0);
            self.names_seen.bindings_changed();
        }
    }

    fn step(&mut self, keep: bool) -> Result<Token, Fail> {
        if self.owed_end {
            self.owed_end = false;
            return Ok(self.ended());
        }
        self.leave_scope();
        loop {
            // Where the parser stopped after the last event: where this one starts.
            let at = self.after;
            let was_first = std::mem::replace(&mut self.first, false);
            let event = match self.input.read() {
                Ok(event) => event,
                Err(e) => return Err(self.xml_error(e, at)),
            };
            let token = match event {
                Event::Start(_) => {
                    self.start(at, false)?;
                    Some(Token::Start)
                }
                Event::Empty(_) => {
                    self.start(at, true)?;
                    self.owed_end = true;
                    Some(Token::Start)
                }
                Event::End(_) => Some(self.ended()),
                Event::Text(t) => {
                    let token = text_token(&t, at, self.root == Root::Open, &mut self.text, keep);
                    drop(t);
                    // Text that runs to the end of what the input gave is not complete: a
                    // body in memory cut at an encoding fault reports the fault here, where
                    // a stream's window stops the parser (the same error in both inputs).
                    if let Some(failure) = self.input.take_failure(false) {
                        return Err(failure);
                    }
                    token?
                }
                Event::CData(c) => {
                    if self.root != Root::Open {
                        return Err((ReadErrorKind::ContentOutsideRoot, at));
                    }
                    let content = c.xml10_content();
                    Some(take_text(&mut self.text, &content, keep))
                }
                Event::GeneralRef(r) => {
                    if self.root != Root::Open {
                        return Err((ReadErrorKind::ContentOutsideRoot, at));
                    }
                    let c = reference_char(&r, at)?;
                    let mut buf = [0; 4];
                    Some(take_text(&mut self.text, c.encode_utf8(&mut buf), keep))
                }
                Event::Decl(d) => {
                    if !was_first || at != 0 {
                        return Err((
                            ReadErrorKind::Malformed {
                                message: "an XML declaration is only allowed at the very start of the body".into(),
                            },
                            at,
                        ));
                    }
                    drop(d);
                    // The declaration is at the very start: its text is the input's up to
                    // the parser (every input still holds it), read without a copy.
                    let Some(decl) = self.input.slice(0, self.input.position()) else {
                        return Err((
                            ReadErrorKind::Malformed {
                                message: "an XML declaration the reader could not read back".into(),
                            },
                            at,
                        ));
                    };
                    self.declaration(decl)?;
                    None
                }
                Event::PI(pi) => {
                    let target = pi.target();
                    if target.eq_ignore_ascii_case("xml") {
                        return Err((
                            ReadErrorKind::Malformed {
                                message: "an XML declaration is only allowed at the very start of the body".into(),
                            },
                            at,
                        ));
                    }
                    if let Some(reason) = local_name_error(target) {
                        return Err((
                            ReadErrorKind::InvalidName {
                                name: target.to_owned(),
                                reason,
                            },
                            at,
                        ));
                    }
                    None
                }
                Event::Comment(_) => None,
                Event::DocType(_) => return Err((ReadErrorKind::Doctype, at)),
                Event::Eof => {
                    // The input may have stopped the parser before the end (a fault).
                    if let Some(failure) = self.input.take_failure(true) {
                        return Err(failure);
                    }
                    if self.depth > 0 {
                        let name = self.open_name();
                        return Err((ReadErrorKind::UnclosedElement { name }, at));
                    }
                    if self.root == Root::Before {
                        return Err((ReadErrorKind::NoRoot, at));
                    }
                    Some(Token::Eof)
                }
            };
            // A body in memory is read whole: its bounds are checked event by event, where a
            // stream's window stops the parser.
            let position = self.input.position();
            self.after = position;
            if position > self.limit {
                self.over_limit(position)?;
            }
            match token {
                Some(Token::Text { .. }) if self.skip_text => {}
                Some(token) => return Ok(token),
                None => {}
            }
        }
    }

    /// The parser is past [`Bounds::max_bytes`] or the window's end ([`Core::mark`]).
    #[cold]
    fn over_limit(&self, position: usize) -> Result<(), Fail> {
        {
            if position > self.bounds.max_bytes {
                let kind = ReadErrorKind::TooLarge {
                    max_bytes: self.bounds.max_bytes,
                };
                return Err((kind, self.bounds.max_bytes));
            }
            if position > self.window_end {
                let kind = ReadErrorKind::ResponseTooLarge {
                    max_response_bytes: self.window_max,
                };
                return Err((kind, self.window_end));
            }
        }
        Ok(())
    }

    /// The expanded name of the innermost open element, in Clark notation (its scope is
    /// still in place at the end of the document).
    fn open_name(&self) -> String {
        let start = self.name_starts.last().copied().unwrap_or(0);
        let qname = self.names.get(start..).unwrap_or_default();
        match self.input.resolver().resolve_element(QName(qname)) {
            (ResolveResult::Bound(ns), local) => {
                Name::new_unchecked(ns.into_inner(), local.into_inner()).to_string()
            }
            (_, local) => local.into_inner().to_owned(),
        }
    }

    /// An element ended; its scope is left on the next read.
    fn ended(&mut self) -> Token {
        self.depth = self.depth.saturating_sub(1);
        if self.depth == 0 {
            self.root = Root::Closed;
        }
        self.leave = true;
        Token::End
    }

    /// Checks the XML declaration (`decl`, from `<?xml` to `?>`, at the start of the text)
    /// by the grammar of XML 1.0 §2.8 (`XMLDecl`: quick-xml lets malformed ones through),
    /// and its version and encoding.
    fn declaration(&self, decl: &str) -> Result<(), Fail> {
        // What nearly every body starts with, in UTF-8: nothing to parse.
        if COMMON_DECLARATIONS.contains(&decl) && self.input.encoding() == Encoding::Utf8 {
            return Ok(());
        }
        let fields = XmlDecl::parse(decl)
            .map_err(|(at, message)| (ReadErrorKind::Malformed { message }, at))?;
        if fields.version.1 != "1.0" {
            return Err((
                ReadErrorKind::UnsupportedVersion {
                    version: fields.version.1.to_owned(),
                },
                fields.version.0,
            ));
        }
        let Some((at, declared)) = fields.encoding else {
            return Ok(());
        };
        let encoding = self.input.encoding();
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
        Err((kind, at))
    }

    /// Checks a start tag (read at `at`) and enters its element. Errors about an attribute
    /// are reported where the attribute (or the offending character in its value) is.
    fn start(&mut self, at: usize, empty: bool) -> Result<(), Fail> {
        if self.root == Root::Closed {
            return Err((ReadErrorKind::MultipleRoots, at));
        }
        let depth = self.depth + 1;
        if depth > self.bounds.max_depth {
            return Err((
                ReadErrorKind::TooDeep {
                    max_depth: self.bounds.max_depth,
                },
                at,
            ));
        }
        if self.elements >= self.bounds.max_elements {
            return Err((
                ReadErrorKind::TooManyElements {
                    max_elements: self.bounds.max_elements,
                },
                at,
            ));
        }
        self.elements += 1;
        self.start_at = at;
        self.attrs_of = None;
        let Some((tag, name_len, resolver)) = self.input.start() else {
            return Err((
                ReadErrorKind::Malformed {
                    message: "a start tag the reader could not read back".into(),
                },
                at,
            ));
        };
        let qname = tag.get(..name_len).unwrap_or_default();
        // A name met before, with the same bindings in scope, was checked and resolved
        // then: only its slot is looked up.
        let key = NameKey::of(qname);
        let mut seen = self.names_seen.find(&key, qname);
        if seen.is_none() {
            check_qname(qname, at, self.bounds.max_name_len)?;
        }
        // Only a tag with more than its name has attributes.
        let mut attributes = Checked::default();
        if tag.len() > name_len {
            attributes = check_attributes(tag, name_len, at, &self.bounds, resolver)?;
            if attributes.declares {
                // The bindings in scope change here, and again when the element is left.
                self.names_seen.bindings_changed();
                if self.declaring_last != 0 {
                    self.declaring.push(self.declaring_last);
                }
                self.declaring_last = depth;
                seen = None;
            }
        }
        // The element's name, unless known: with the namespace of the name resolved last
        // when it has the same prefix, else resolved.
        if seen.is_none() {
            seen = self.names_seen.insert_same_prefix(key, qname);
        }
        let resolved = match seen {
            Some(_) => None,
            None => match resolver.resolve_element(QName(qname)) {
                (ResolveResult::Unknown(prefix), _) => {
                    return Err((ReadErrorKind::UnboundPrefix { prefix }, at));
                }
                (resolved, local) => Some((
                    element_namespace(&resolved, false, at)?,
                    local.into_inner().len(),
                )),
            },
        };
        // The prefixed attributes' names (two prefixes bound to one namespace can still
        // name one attribute twice).
        if attributes.prefixed > 0 {
            check_prefixed(tag, name_len, at, attributes.prefixed, resolver)?;
        }
        self.start_slot = match resolved {
            Some((namespace, local_len)) => {
                self.names_seen.insert(key, qname, namespace, local_len)
            }
            None => seen.unwrap_or_default(),
        };
        self.name_starts.push(self.names.len());
        self.names.push_str(qname);
        if let Some(lang) = attributes.lang {
            self.langs.push((depth, self.lang_text.len()));
            self.lang_text.push_str(&lang);
        }
        self.depth = depth;
        self.root = Root::Open;
        let _ = empty;
        Ok(())
    }

    /// The attributes of the start tag read last, namespace declarations left out: each
    /// with its expanded name and its value as XML normalizes it.
    pub(crate) fn attributes(&mut self) -> Attrs<'_> {
        if self.attrs_of != Some(self.start_at) {
            self.attrs_of = Some(self.start_at);
            self.attr_text.clear();
            self.attr_ends.clear();
            if let Some((tag, name_len, resolver)) = self.input.start() {
                let start = quick_xml::events::BytesStart::from_content(tag, name_len);
                for attribute in start.attributes().with_checks(false).flatten() {
                    if attribute.key.as_namespace_binding().is_some() {
                        continue;
                    }
                    let namespace = match resolver.resolve_attribute(attribute.key) {
                        (ResolveResult::Bound(ns), _) => ns.into_inner(),
                        _ => "",
                    };
                    let local = attribute.key.local_name().into_inner();
                    // Checked when the tag was read: normalizing cannot fail now.
                    let value = attribute_value(&attribute.value, 0).unwrap_or_default();
                    self.attr_text.push_str(namespace);
                    let a = self.attr_text.len();
                    self.attr_text.push_str(local);
                    let b = self.attr_text.len();
                    self.attr_text.push_str(&value);
                    self.attr_ends.push([a, b, self.attr_text.len()]);
                }
            }
        }
        Attrs {
            text: &self.attr_text,
            ends: &self.attr_ends,
            from: 0,
        }
    }

    /// The element that ended last, from `start` (where its `<` is) to where the parser
    /// is, as a dead property: self-contained XML that declares every namespace binding in
    /// scope it does not make itself and the language in scope when it sets none; with the
    /// length of what was declared. `None` when the input no longer holds its text.
    pub(crate) fn capture(&mut self, start: usize) -> Option<(DeadProperty, usize)> {
        let text = self.input.slice(start, self.position())?;
        let resolver = self.input.resolver();
        let qname = self
            .name_starts
            .last()
            .and_then(|&s| self.names.get(s..))
            .unwrap_or_default();
        let (namespace, local) = match resolver.resolve_element(QName(qname)) {
            (ResolveResult::Bound(ns), local) => (ns.into_inner(), local.into_inner()),
            (_, local) => (NO_NAMESPACE, local.into_inner()),
        };
        // The element has ended: it was one level deeper than what is open now. When it
        // declares nothing, its declarations are every binding in scope, the same as for the
        // last capture while the bindings have not changed.
        let declares = self.declaring_last == self.depth + 1;
        let generation = self.names_seen.generation;
        let declarations = &mut self.declared;
        match self.declared_for {
            Some((g, len)) if !declares && g == generation => declarations.truncate(len),
            _ => {
                let level = resolver.level();
                let own: Vec<PrefixDeclaration<'_>> = resolver
                    .bindings_of(level)
                    .map(|(prefix, _)| prefix)
                    .collect();
                declarations.clear();
                for (prefix, namespace) in resolver.bindings() {
                    if own.contains(&prefix) {
                        continue;
                    }
                    match prefix {
                        PrefixDeclaration::Named(p) => {
                            declarations.extend_from_slice(b" xmlns:");
                            declarations.extend_from_slice(p.as_bytes());
                        }
                        PrefixDeclaration::Default => declarations.extend_from_slice(b" xmlns"),
                    }
                    attribute_text(declarations, namespace.into_inner());
                }
                self.declared_for = (!declares).then_some((generation, declarations.len()));
            }
        }
        // The element's own language is on its tag; an inherited one is declared, unless
        // it is empty (no language).
        let (lang, own_lang) = match self.langs.last() {
            // The element has ended: it was one level deeper than what is open now.
            Some(&(depth, start)) => (self.lang_text.get(start..), depth == self.depth + 1),
            None => (None, false),
        };
        if let Some(lang) = lang.filter(|l| !own_lang && !l.is_empty()) {
            declarations.extend_from_slice(b" xml:lang");
            attribute_text(declarations, lang);
        }
        let lang = lang.filter(|l| own_lang || !l.is_empty());
        // Escaping text only adds ASCII: still UTF-8.
        let declarations = std::str::from_utf8(declarations).unwrap_or_default();
        let name = Name::new_unchecked(shared_namespace(namespace), shared_local(namespace, local));
        let property = DeadProperty::assemble(name, text, declarations, lang.map(Into::into));
        Some((property, declarations.len()))
    }

    /// Maps a quick-xml error; `at` is where the event being read started.
    fn xml_error(&mut self, err: XmlError, at: usize) -> Fail {
        // A DTD is refused at its start, whatever follows. quick-xml reads `<!D…` (`<!d…`)
        // to what it takes for the closing `>`, and how far it gets depends on where its
        // reads end (with 2-byte reads it can stop early where whole reads run on to an
        // encoding fault further on: found by fuzzing); without this, a fault after the
        // DTD would be the error in one input and not in another.
        if self
            .input
            .slice(at, at + 3)
            .is_some_and(|bang| bang.eq_ignore_ascii_case("<!d"))
        {
            return (ReadErrorKind::Doctype, at);
        }
        // Markup left open at the end of the text the input gave: the input may have
        // stopped there.
        let at_end = matches!(err, XmlError::Syntax(_));
        if let Some(failure) = self.input.take_failure(at_end) {
            return failure;
        }
        let error_at = self.input.error_position();
        match err {
            XmlError::Namespace(err) => {
                let position = self.declaration_at(at, &err).unwrap_or(at);
                namespace_error(err, position)
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
            XmlError::Syntax(SyntaxError::UnclosedDoctype)
            | XmlError::IllFormed(IllFormedError::MissingDoctypeName) => {
                (ReadErrorKind::Doctype, at)
            }
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
        }
    }

    /// Where the namespace declaration that quick-xml refused is, in the start tag at `at`
    /// (which the parser has just read): the first one binding the reserved prefix or
    /// namespace the error is about.
    fn declaration_at(&self, at: usize, err: &NamespaceError) -> Option<usize> {
        let end = self.input.position().checked_sub(1)?;
        let tag = self.input.slice(at + 1, end)?;
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
                let key = attribute.key.into_inner();
                let offset = key.as_ptr().addr().checked_sub(tag.as_ptr().addr())?;
                return Some(at + 1 + offset);
            }
        }
        None
    }
}

/// What the attributes of a start tag hold, once checked.
#[derive(Default)]
struct Checked {
    /// Its `xml:lang`.
    lang: Option<String>,
    /// Whether it declares namespaces.
    declares: bool,
    /// How many attributes (not declarations) have a prefix.
    prefixed: usize,
}

/// How many attribute names of a start tag [`check_attributes`] keeps in place.
const FEW_ATTRIBUTES: usize = 8;

/// Checks the attributes of a start tag (`tag`, read at `at`, its name `name_len` bytes
/// long), namespace declarations first (quick-xml bound them already, with their raw
/// values), the others' prefixes left for [`check_prefixed`]. Errors about an attribute are
/// reported where the attribute (or the offending character in its value) is. quick-xml's
/// own duplicate check is quadratic; ours is not (`Distinct`).
fn check_attributes(
    tag: &str,
    name_len: usize,
    at: usize,
    bounds: &Bounds,
    resolver: &mut NamespaceResolver,
) -> Result<Checked, Fail> {
    // Offsets in the tag are one past `at`, after its `<`.
    let tag_at = at + 1;
    let offset = |s: &str| s.as_ptr().addr().wrapping_sub(tag.as_ptr().addr()) + tag_at;
    let mut checked = Checked::default();
    // The names seen: the first few in place (no allocation for the attributes of nearly
    // every tag), the rest in a `Distinct`, so that many attributes stay linear.
    let mut few = [NO_NAMESPACE; FEW_ATTRIBUTES];
    let mut more: Distinct<&str> = Distinct::new();
    let start = quick_xml::events::BytesStart::from_content(tag, name_len);
    for (count, attribute) in start.attributes().with_checks(false).enumerate() {
        let attribute = attribute.map_err(|err| attribute_error(&err, at))?;
        let key = attribute.key.into_inner();
        let key_at = offset(key);
        if count >= bounds.max_attributes {
            return Err((
                ReadErrorKind::TooManyAttributes {
                    max_attributes: bounds.max_attributes,
                },
                key_at,
            ));
        }
        let new = if count < FEW_ATTRIBUTES {
            let (seen, rest) = few.split_at_mut(count);
            if let Some(slot) = rest.first_mut() {
                *slot = key;
            }
            !seen.contains(&key)
        } else {
            !few.contains(&key) && more.insert(&key)
        };
        if !new {
            return Err((
                ReadErrorKind::DuplicateAttribute {
                    name: key.to_owned(),
                },
                key_at,
            ));
        }
        let raw: &str = &attribute.value;
        let raw_at = match &attribute.value {
            Cow::Borrowed(raw) => offset(raw),
            Cow::Owned(_) => key_at,
        };
        // One pass over the value for what needs a closer look: `<` (refused), references
        // and the whitespace XML normalizes.
        let plain = !raw
            .bytes()
            .any(|b| matches!(b, b'<' | b'&' | b'\t' | b'\r' | b'\n'));
        if !plain && let Some(i) = raw.find('<') {
            return Err((
                ReadErrorKind::Malformed {
                    message: format!("`<` is not allowed in the value of attribute `{key}`"),
                },
                raw_at + i,
            ));
        }
        if let Cow::Borrowed(raw) = &attribute.value {
            separated(tag, raw_at + raw.len() - tag_at, tag_at)?;
        }
        let value = if plain {
            Cow::Borrowed(raw)
        } else {
            attribute_value(raw, raw_at)?
        };
        match attribute.key.as_namespace_binding() {
            Some(declaration) => {
                checked.declares = true;
                if let PrefixDeclaration::Named(prefix) = declaration {
                    if let Some(reason) = local_name_error(prefix) {
                        return Err((
                            ReadErrorKind::InvalidName {
                                name: key.to_owned(),
                                reason,
                            },
                            key_at,
                        ));
                    }
                    if value.is_empty() {
                        return Err((
                            ReadErrorKind::EmptyPrefixedNamespace {
                                prefix: prefix.to_owned(),
                            },
                            key_at,
                        ));
                    }
                }
                // quick-xml bound the raw value; when references changed it, bind the
                // real namespace name over it, in the same scope.
                if *value != *raw {
                    resolver
                        .add(declaration, Namespace(&value))
                        .map_err(|err| namespace_error(err, key_at))?;
                }
            }
            None => {
                check_qname(key, key_at, bounds.max_name_len)?;
                if key.contains(':') {
                    checked.prefixed += 1;
                }
                if key == "xml:lang" {
                    checked.lang = Some(value.into_owned());
                }
            }
        }
    }
    Ok(checked)
}

/// Checks the prefixed attributes of a start tag (`prefixed` of them; see
/// [`check_attributes`]): each prefix bound, each namespace valid, no two naming one
/// attribute.
fn check_prefixed(
    tag: &str,
    name_len: usize,
    at: usize,
    prefixed: usize,
    resolver: &NamespaceResolver,
) -> Result<(), Fail> {
    let tag_at = at + 1;
    let offset = |s: &str| s.as_ptr().addr().wrapping_sub(tag.as_ptr().addr()) + tag_at;
    let mut names: Distinct<(&str, &str)> = Distinct::new();
    let start = quick_xml::events::BytesStart::from_content(tag, name_len);
    for attribute in start.attributes().with_checks(false).flatten() {
        let key = attribute.key.into_inner();
        if attribute.key.as_namespace_binding().is_some() || !key.contains(':') {
            continue;
        }
        let key_at = offset(key);
        match resolver.resolve_attribute(QName(key)) {
            (ResolveResult::Unknown(prefix), _) => {
                return Err((ReadErrorKind::UnboundPrefix { prefix }, key_at));
            }
            (resolved, local) => {
                let ns = element_namespace(&resolved, true, key_at)?;
                if prefixed > 1 && !names.insert(&(ns, local.into_inner())) {
                    return Err((
                        ReadErrorKind::DuplicateAttribute {
                            name: Name::new_unchecked(ns, local.into_inner()).to_string(),
                        },
                        key_at,
                    ));
                }
            }
        }
    }
    Ok(())
}

/// What a qualified name is looked up by in a [`NameCache`]: its length and its first and
/// last 8 bytes (which are the whole name up to 16 bytes; below 8, its first and last 4, or
/// its bytes).
#[derive(Clone, Copy, PartialEq, Eq, Default)]
struct NameKey {
    len: usize,
    first: u64,
    last: u64,
}

impl NameKey {
    #[inline]
    fn of(qname: &str) -> Self {
        let b = qname.as_bytes();
        let (first, last) = match (b.first_chunk::<8>(), b.last_chunk::<8>()) {
            (Some(first), Some(last)) => (u64::from_le_bytes(*first), u64::from_le_bytes(*last)),
            _ => match (b.first_chunk::<4>(), b.last_chunk::<4>()) {
                // 4 to 7 bytes: the first 4 and the last 4 (overlapping).
                (Some(first), Some(last)) => (
                    u64::from(u32::from_le_bytes(*first))
                        | (u64::from(u32::from_le_bytes(*last)) << 32),
                    0,
                ),
                _ => {
                    let mut word = 0;
                    for (i, &c) in b.iter().enumerate() {
                        word |= u64::from(c) << (8 * i);
                    }
                    (word, 0)
                }
            },
        };
        Self {
            len: b.len(),
            first,
            last,
        }
    }

    /// Mixed bits of the key: its set is in the top bits.
    #[inline]
    fn hash(&self) -> u64 {
        (self.first ^ self.last.rotate_left(29) ^ self.len as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
}

/// The sets of two slots of the [`NameCache`] of a 207 body, as a power of two: 32 (the
/// element names of RFC 4918 and the properties of a listing).
pub(crate) const NAME_SETS_LOG2: u32 = 5;

/// A qualified name met in a start tag, checked ([`check_qname`]) and resolved: its
/// namespace then itself, at `at` in [`NameCache::text`].
#[derive(Clone, Copy, Default)]
struct NameSlot {
    key: NameKey,
    /// The bindings it was resolved with ([`NameCache::generation`]); 0: empty.
    generation: u64,
    /// Its namespace when that is none or `DAV:` (most names): not in the text
    /// (`namespace_len` 0), no slicing.
    common: Option<&'static str>,
    at: usize,
    namespace_len: usize,
    /// Where its local name starts, and where it ends.
    local_at: usize,
    end: usize,
}

/// How much text a [`NameCache`] keeps before it starts again empty.
const NAME_TEXT: usize = 16 << 10;

/// The qualified names of start tags already checked and resolved, so that a body that
/// repeats few names (every 207 body, every request) checks and resolves each once while
/// the namespace bindings in scope stay the same. Two slots per set, chosen by the name's
/// key: a new name takes a stale slot of its set, or the first, the name there moving to the
/// second. The names' text is kept one after the other in one buffer, emptied (and every
/// slot made stale) when it would grow past [`NAME_TEXT`].
struct NameCache {
    slots: Vec<NameSlot>,
    /// A key's hash shifted right by this is its set.
    shift: u32,
    text: String,
    /// Changes whenever the bindings in scope do: older slots are stale.
    generation: u64,
    /// The slot of the name resolved last ([`NameCache::insert_same_prefix`]).
    last: usize,
}

impl NameCache {
    /// A cache of `2^log2_sets` sets (at least 1, at most 16).
    fn new(log2_sets: u32) -> Self {
        let log2_sets = log2_sets.clamp(1, 16);
        Self {
            slots: vec![NameSlot::default(); 2 << log2_sets],
            shift: 64 - log2_sets,
            text: String::new(),
            generation: 1,
            last: 0,
        }
    }

    /// The first of the two slots of `key`'s set.
    #[inline]
    fn set(&self, key: &NameKey) -> usize {
        usize::try_from(key.hash() >> self.shift).unwrap_or(0) * 2
    }

    /// The namespace bindings in scope changed: what was resolved before is stale.
    fn bindings_changed(&mut self) {
        self.generation += 1;
    }

    /// The slot of `qname` when it was checked and resolved with the bindings in scope.
    #[inline(always)]
    fn find(&self, key: &NameKey, qname: &str) -> Option<usize> {
        let set = self.set(key);
        let hit = |i: usize| {
            self.slots.get(i).is_some_and(|slot| {
                slot.generation == self.generation
                    && slot.key == *key
                    && (key.len <= 16
                        || self.text.get(slot.at + slot.namespace_len..slot.end) == Some(qname))
            })
        };
        if hit(set) {
            Some(set)
        } else if hit(set + 1) {
            Some(set + 1)
        } else {
            None
        }
    }

    /// Keeps `qname`, resolved to `namespace` and a local name of `local_len` bytes, in a
    /// stale slot of its set or else the first (what was there moves to the second); its
    /// slot, which the next name with the same prefix takes its namespace from
    /// ([`NameCache::insert_same_prefix`]).
    fn insert(&mut self, key: NameKey, qname: &str, namespace: &str, local_len: usize) -> usize {
        let len = namespace.len() + qname.len();
        if self.text.len() + len > NAME_TEXT {
            self.text.clear();
            self.generation += 1;
        }
        // Room for a few names at first rather than growing name by name.
        if self.text.capacity() == 0 {
            self.text.reserve(len.max(256));
        }
        let i = self.place(&key);
        let common = if namespace.is_empty() {
            Some(NO_NAMESPACE)
        } else if namespace == DAV {
            Some(DAV)
        } else {
            None
        };
        // A common namespace is not copied.
        let at = self.text.len();
        if common.is_none() {
            self.text.push_str(namespace);
        }
        let namespace_len = self.text.len() - at;
        self.text.push_str(qname);
        let end = self.text.len();
        let slot = NameSlot {
            key,
            generation: self.generation,
            common,
            at,
            namespace_len,
            local_at: end - local_len,
            end,
        };
        if let Some(place) = self.slots.get_mut(i) {
            *place = slot;
        }
        self.last = i;
        i
    }

    /// Keeps `qname` (checked) when the name resolved last ([`NameCache::insert`]) has its
    /// prefix (or none, as it has) and the bindings in scope have not changed since: the
    /// prefix stands for the same namespace, checked then. Its slot; `None` otherwise, the
    /// name then to be resolved. A request's names mostly share one prefix.
    #[inline]
    fn insert_same_prefix(&mut self, key: NameKey, qname: &str) -> Option<usize> {
        // Any slot of this generation holds a name as the bindings in scope resolve it.
        let last = *self.slots.get(self.last)?;
        if last.generation != self.generation {
            return None;
        }
        let qname_at = last.at + last.namespace_len;
        // `p:` or nothing.
        let prefix = self.text.get(qname_at..last.local_at)?;
        let same = if prefix.is_empty() {
            !qname.contains(':')
        } else {
            qname.starts_with(prefix)
        };
        let prefix_len = prefix.len();
        if !same || self.text.len() + last.namespace_len + qname.len() > NAME_TEXT {
            return None;
        }
        let i = self.place(&key);
        let at = self.text.len();
        if last.namespace_len > 0 {
            self.text.extend_from_within(last.at..qname_at);
        }
        self.text.push_str(qname);
        let end = self.text.len();
        let slot = NameSlot {
            key,
            at,
            local_at: at + last.namespace_len + prefix_len,
            end,
            ..last
        };
        if let Some(place) = self.slots.get_mut(i) {
            *place = slot;
        }
        Some(i)
    }

    /// The slot a new name with `key` goes to: a stale one of its set, or else the first,
    /// whose name moves to the second.
    #[inline]
    fn place(&mut self, key: &NameKey) -> usize {
        let set = self.set(key);
        let generation = self.generation;
        let fresh = |slot: Option<&NameSlot>| slot.is_some_and(|s| s.generation == generation);
        if !fresh(self.slots.get(set)) {
            set
        } else if !fresh(self.slots.get(set + 1)) {
            set + 1
        } else {
            // Both taken: the first moves to the second, which it replaces.
            self.slots.swap(set, set + 1);
            set
        }
    }

    /// The expanded name in slot `i`.
    #[inline]
    fn name(&self, i: usize) -> (&str, &str) {
        let Some(slot) = self.slots.get(i) else {
            return (NO_NAMESPACE, "");
        };
        let namespace = match slot.common {
            Some(namespace) => namespace,
            None => match self.text.get(slot.at..slot.at + slot.namespace_len) {
                Some(namespace) if !namespace.is_empty() => namespace,
                _ => NO_NAMESPACE,
            },
        };
        let local = self.text.get(slot.local_at..slot.end).unwrap_or_default();
        (namespace, local)
    }
}

/// The attributes of an element, namespace declarations left out: `(namespace, local name,
/// value)` each, the value as XML normalizes it.
pub(crate) struct Attrs<'a> {
    /// The parts one after the other.
    pub(crate) text: &'a str,
    /// Where each attribute's namespace, local name and value end.
    pub(crate) ends: &'a [[usize; 3]],
    pub(crate) from: usize,
}

impl<'a> Iterator for Attrs<'a> {
    type Item = (&'a str, &'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let (&[a, b, c], rest) = self.ends.split_first()?;
        let part = |x: usize, y: usize| self.text.get(x..y).unwrap_or_default();
        let item = (part(self.from, a), part(a, b), part(b, c));
        self.ends = rest;
        self.from = c;
        Some(item)
    }
}

/// A namespace as the crate keeps it in names: the well-known ones shared, others copied.
pub(crate) fn shared_namespace(namespace: &str) -> Cow<'static, str> {
    if namespace.is_empty() {
        return Cow::Borrowed(NO_NAMESPACE);
    }
    if namespace == DAV {
        return Cow::Borrowed(DAV);
    }
    if namespace == XML {
        return Cow::Borrowed(XML);
    }
    match WELL_KNOWN.iter().find(|(ns, _)| *ns == namespace) {
        Some((ns, _)) => Cow::Borrowed(ns),
        None => Cow::Owned(namespace.to_owned()),
    }
}

/// A local name as the crate keeps it: a `DAV:` element's shared for the elements of RFC 4918
/// requests and responses and the properties clients ask for most, so that reading them
/// allocates nothing.
pub(crate) fn shared_local(namespace: &str, local: &str) -> Cow<'static, str> {
    if namespace != DAV {
        return Cow::Owned(local.to_owned());
    }
    shared_dav_local(local)
}

/// [`shared_local`] of a name in `DAV:`.
fn shared_dav_local(local: &str) -> Cow<'static, str> {
    // A `match`, which the compiler turns into a switch on the length, rather than a search.
    let shared = match local {
        "propfind" => "propfind",
        "prop" => "prop",
        "allprop" => "allprop",
        "propname" => "propname",
        "include" => "include",
        "propertyupdate" => "propertyupdate",
        "set" => "set",
        "remove" => "remove",
        "creationdate" => "creationdate",
        "displayname" => "displayname",
        "getcontentlanguage" => "getcontentlanguage",
        "getcontentlength" => "getcontentlength",
        "getcontenttype" => "getcontenttype",
        "getetag" => "getetag",
        "getlastmodified" => "getlastmodified",
        "lockdiscovery" => "lockdiscovery",
        "resourcetype" => "resourcetype",
        "supportedlock" => "supportedlock",
        "quota-available-bytes" => "quota-available-bytes",
        "quota-used-bytes" => "quota-used-bytes",
        "current-user-principal" => "current-user-principal",
        "current-user-privilege-set" => "current-user-privilege-set",
        "owner" => "owner",
        "sync-token" => "sync-token",
        "supported-report-set" => "supported-report-set",
        "href" => "href",
        "lockinfo" => "lockinfo",
        "lockscope" => "lockscope",
        "locktype" => "locktype",
        "exclusive" => "exclusive",
        "shared" => "shared",
        "write" => "write",
        "collection" => "collection",
        "multistatus" => "multistatus",
        "response" => "response",
        "propstat" => "propstat",
        "status" => "status",
        "error" => "error",
        "responsedescription" => "responsedescription",
        "location" => "location",
        _ => return Cow::Owned(local.to_owned()),
    };
    Cow::Borrowed(shared)
}

/// `="value"`, escaped. The text was read by the reader, which checked its characters:
/// escaping cannot fail.
pub(crate) fn attribute_text(out: &mut Vec<u8>, value: &str) {
    out.extend_from_slice(b"=\"");
    let _ = escape_into(out, value, true);
    out.push(b'"');
}

/// The namespace of a resolved name, checked; `attribute` allows the `xml` namespace.
fn element_namespace<'r>(
    resolved: &ResolveResult<'r>,
    attribute: bool,
    at: usize,
) -> Result<&'r str, Fail> {
    let namespace = match resolved {
        ResolveResult::Bound(ns) => ns.into_inner(),
        ResolveResult::Unbound | ResolveResult::Unknown(_) => "",
    };
    // The common namespaces first: they are valid.
    if namespace.is_empty() {
        return Ok(NO_NAMESPACE);
    }
    if namespace == DAV || (attribute && namespace == XML) {
        return Ok(namespace);
    }
    if let Some(reason) = read_namespace_error(namespace) {
        return Err((
            ReadErrorKind::InvalidNamespace {
                namespace: namespace.to_owned(),
                reason,
            },
            at,
        ));
    }
    Ok(namespace)
}

/// Checks that a qualified name is `NCName` or `NCName:NCName`, and not longer than allowed.
fn check_qname(qname: &str, at: usize, max_len: usize) -> Result<(), Fail> {
    if qname.len() <= max_len && is_plain_qname(qname.as_bytes()) {
        return Ok(());
    }
    if qname.len() > max_len {
        return Err((
            ReadErrorKind::NameTooLong {
                max_name_len: max_len,
            },
            at,
        ));
    }
    let (prefix, local) = match qname.split_once(':') {
        Some((prefix, local)) => (Some(prefix), local),
        None => (None, qname),
    };
    let reason = prefix
        .and_then(local_name_error)
        .or_else(|| local_name_error(local));
    match reason {
        Some(reason) => Err((
            ReadErrorKind::InvalidName {
                name: qname.to_owned(),
                reason,
            },
            at,
        )),
        None => Ok(()),
    }
}

/// Per byte, for [`is_plain_qname`]: [`NAME_CHAR`] for ASCII letters, digits, `-`, `.` and
/// `_`, and [`NAME_START`] too for letters and `_`.
static NAME_CLASS: [u8; 256] = {
    let mut t = [0; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        if b.is_ascii_alphabetic() || b == b'_' {
            t[c] = NAME_CHAR | NAME_START;
        } else if b.is_ascii_digit() || b == b'-' || b == b'.' {
            t[c] = NAME_CHAR;
        }
        c += 1;
    }
    t
};
const NAME_CHAR: u8 = 1;
const NAME_START: u8 = 2;

/// Whether `b` is `[prefix:]local` with both parts ASCII names (letters, digits, `-`, `.`,
/// `_`, starting with a letter or `_`): the names of nearly every body, checked in one pass
/// of table lookups (every start tag's name is checked once per body, see [`NameCache`];
/// [`check_qname`] does the rest the long way).
#[inline]
fn is_plain_qname(b: &[u8]) -> bool {
    let class = |c: &u8| NAME_CLASS[usize::from(*c)];
    if b.first().is_none_or(|c| class(c) & NAME_START == 0) {
        return false;
    }
    let mut colon = None;
    for (i, c) in b.iter().enumerate() {
        if class(c) & NAME_CHAR == 0 {
            if *c != b':' || colon.is_some() {
                return false;
            }
            colon = Some(i);
        }
    }
    colon.is_none_or(|i| b.get(i + 1).is_some_and(|c| class(c) & NAME_START != 0))
}

/// After an attribute's value (`end`, in `tag`, is where its closing quote is), XML 1.0
/// §3.1 requires whitespace before another attribute; quick-xml does not check it. `tag_at`
/// is where `tag` starts in the text.
fn separated(tag: &str, end: usize, tag_at: usize) -> Result<(), Fail> {
    match tag.as_bytes().get(end + 1) {
        Some(&b) if !is_space(b) && b != b'/' => Err((
            ReadErrorKind::Malformed {
                message: "attributes must be separated by whitespace".into(),
            },
            tag_at + end + 1,
        )),
        _ => Ok(()),
    }
}

/// A malformed attribute; quick-xml counts positions from the byte after `<`.
fn attribute_error(err: &AttrError, at: usize) -> Fail {
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
    (
        ReadErrorKind::Malformed { message },
        at.saturating_add(1).saturating_add(position),
    )
}

fn namespace_error(err: NamespaceError, at: usize) -> Fail {
    let kind = match err {
        NamespaceError::UnknownPrefix(prefix) => ReadErrorKind::UnboundPrefix { prefix },
        NamespaceError::TooManyBindings(max) => ReadErrorKind::TooManyNamespaces { max },
        NamespaceError::TooDeeplyNested(max_depth) => ReadErrorKind::TooDeep { max_depth },
        other => ReadErrorKind::ReservedNamespace {
            message: other.to_string(),
        },
    };
    (kind, at)
}

/// An attribute value as XML normalizes it (XML 1.0 §3.3.3): references expanded, each
/// literal tab, CR, LF or CRLF becomes a space. `at` is where `raw` starts.
fn attribute_value(raw: &str, at: usize) -> Result<Cow<'_, str>, Fail> {
    // A byte scan: a search for any of four characters decodes each one.
    if !raw
        .bytes()
        .any(|b| matches!(b, b'&' | b'\t' | b'\r' | b'\n'))
    {
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
                return Err((
                    ReadErrorKind::Malformed {
                        message: "`&` in an attribute value must start a reference ending with `;`"
                            .into(),
                    },
                    here,
                ));
            };
            value.push(reference_char(name, here)?);
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

/// The token of a text event at `at`: `]]>` is refused, and outside the root only
/// whitespace is allowed (no token).
fn text_token(
    t: &quick_xml::events::BytesText<'_>,
    at: usize,
    in_root: bool,
    text: &mut String,
    keep: bool,
) -> Result<Option<Token>, Fail> {
    // `]` and CR are rare in text: one pass looks for both (the searches, whose setup costs
    // more than a short text, run only when there is one).
    let raw: &str = t;
    // Whitespace between tags, not kept (most text of a request): allowed anywhere, blank,
    // and nothing to normalize.
    if !keep && raw.bytes().all(is_space) {
        return Ok(in_root.then_some(Token::Text { blank: true }));
    }
    let (bracket, cr) = bracket_or_cr(raw.as_bytes());
    if bracket && let Some(i) = raw.find("]]>") {
        return Err((
            ReadErrorKind::Malformed {
                message: "`]]>` is not allowed in text".into(),
            },
            at + i,
        ));
    }
    if !in_root {
        if let Some(i) = raw.bytes().position(|b| !is_space(b)) {
            return Err((ReadErrorKind::ContentOutsideRoot, at + i));
        }
        return Ok(None);
    }
    // Line ends normalized (XML 1.0 §2.11): only a CR changes anything.
    let content = if cr {
        t.xml10_content()
    } else {
        Cow::Borrowed(raw)
    };
    Ok(Some(take_text(text, &content, keep)))
}

/// Whether `b` holds a `]`, and whether it holds a CR: 8 bytes at a time (a byte equal to
/// `c` is a zero byte of the word XOR `c` repeated; the last word may overlap the one before).
#[inline]
fn bracket_or_cr(b: &[u8]) -> (bool, bool) {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let Some(&last) = b.last_chunk::<8>() else {
        return (b.contains(&b']'), b.contains(&b'\r'));
    };
    let zero = |y: u64| y.wrapping_sub(ONES) & !y & HIGH;
    let (mut bracket, mut cr) = (0, 0);
    let mut each = |w: [u8; 8]| {
        let x = u64::from_ne_bytes(w);
        bracket |= zero(x ^ (ONES * u64::from(b']')));
        cr |= zero(x ^ (ONES * u64::from(b'\r')));
    };
    let mut words = b.chunks_exact(8);
    for w in words.by_ref() {
        each(w.try_into().unwrap_or([0; 8]));
    }
    if !words.remainder().is_empty() {
        each(last);
    }
    (bracket != 0, cr != 0)
}

/// Text read: appended to `text` when kept.
fn take_text(text: &mut String, content: &str, keep: bool) -> Token {
    if keep {
        text.push_str(content);
    }
    Token::Text {
        blank: content.bytes().all(is_space),
    }
}

/// The character an entity or character reference (its name, without `&` and `;`) stands
/// for: the five predefined entities and character references, nothing else.
fn reference_char(r: &str, at: usize) -> Result<char, Fail> {
    let c = match r {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => {
            let Some(number) = r.strip_prefix('#') else {
                return Err((ReadErrorKind::UndefinedEntity { name: r.to_owned() }, at));
            };
            let code = match number.strip_prefix('x') {
                Some(hex) if hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                    u32::from_str_radix(hex, 16).ok()
                }
                None if number.bytes().all(|b| b.is_ascii_digit()) => number.parse().ok(),
                _ => None,
            };
            let Some(c) = code.and_then(char::from_u32) else {
                return Err((
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
        return Err((ReadErrorKind::IllegalChar { found: c }, at));
    }
    Ok(c)
}

pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// XML declarations of version 1.0 that declare UTF-8 or no encoding, as clients write them:
/// accepted as they are in a UTF-8 body ([`XmlDecl::parse`] accepts each).
const COMMON_DECLARATIONS: [&str; 8] = [
    r#"<?xml version="1.0" encoding="utf-8"?>"#,
    r#"<?xml version="1.0" encoding="UTF-8"?>"#,
    r#"<?xml version="1.0" encoding="utf-8" ?>"#,
    r#"<?xml version="1.0" encoding="UTF-8" ?>"#,
    r#"<?xml version="1.0"?>"#,
    "<?xml version='1.0' encoding='utf-8'?>",
    "<?xml version='1.0' encoding='UTF-8'?>",
    "<?xml version='1.0'?>",
];

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

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time scan finds `]` and CR wherever they are, in texts of any length.
    #[test]
    fn bracket_or_cr_finds_both_anywhere() {
        for len in 0..40 {
            let plain = vec![b'a'; len];
            assert_eq!(bracket_or_cr(&plain), (false, false));
            for at in 0..len {
                for (c, expected) in [(b']', (true, false)), (b'\r', (false, true))] {
                    let mut text = plain.clone();
                    if let Some(b) = text.get_mut(at) {
                        *b = c;
                    }
                    assert_eq!(bracket_or_cr(&text), expected, "{len} {at}");
                }
            }
        }
        // Bytes next to `]` and CR in value, and above 0x80, are not taken for them.
        assert_eq!(
            bracket_or_cr("\\^\x0c\x0e\u{e9}\u{5d5d}x".as_bytes()),
            (false, false)
        );
    }

    /// The table-driven check of plain names agrees with the character classes it stands
    /// for.
    #[test]
    fn plain_qnames() {
        for name in ["a", "_", "D:href", "a-b.c_d:e9", "x:_", "A1:b2"] {
            assert!(is_plain_qname(name.as_bytes()), "{name}");
        }
        for name in [
            "", "1a", "-a", ":a", "a:", "a::b", "a:b:c", "a:1", "a b", "é", "a/b",
        ] {
            assert!(!is_plain_qname(name.as_bytes()), "{name}");
        }
    }

    /// A name takes the namespace of the name resolved before it only for the same prefix
    /// (or none) while the bindings stay the same.
    #[test]
    fn same_prefix_names_follow_the_bindings() {
        use crate::name::Name;
        use crate::request::Propfind;
        let body = br#"<D:propfind xmlns:D="DAV:"><D:prop>
            <D:a/><D:b xmlns:D="urn:x"/><D:c/><DD:g xmlns:DD="urn:w"/><D:h/>
            <x:d xmlns:x="urn:y"/><e xmlns="urn:z"/><f/><D:f/>
            <D:i xmlns:D="urn:v"><D:j/></D:i><D:k/>
        </D:prop></D:propfind>"#;
        let names = [
            ("DAV:", "a"),
            ("urn:x", "b"),
            ("DAV:", "c"),
            ("urn:w", "g"),
            ("DAV:", "h"),
            ("urn:y", "d"),
            ("urn:z", "e"),
            ("", "f"),
            ("DAV:", "f"),
            ("urn:v", "i"),
            ("DAV:", "k"),
        ];
        let expected = names
            .iter()
            .map(|&(ns, local)| Name::new(ns, local).unwrap())
            .collect::<Vec<_>>();
        assert_eq!(Propfind::parse(body).unwrap(), Propfind::Prop(expected));
    }

    /// Keys tell apart every two names of up to 16 bytes, whatever their length.
    #[test]
    fn name_keys_are_exact_up_to_16_bytes() {
        let names = [
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdef",
            "abcdefg",
            "abcdefgh",
            "bbcd",
            "abce",
            "abcdx",
            "xbcde",
            "D:href",
            "D:hreg",
            "D:prop",
            "E:color",
            "U:nope",
            "D:status",
            "D:getetag",
            "D:getetah",
            "D:resourcetype",
            "D:getcontenttype",
            "E:getcontenttype",
        ];
        for (i, a) in names.iter().enumerate() {
            for b in names.iter().skip(i + 1) {
                assert!(NameKey::of(a) != NameKey::of(b), "{a} {b}");
            }
        }
    }
}
