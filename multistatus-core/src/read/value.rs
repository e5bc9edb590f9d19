//! [`ValueReader`]: the content of one element, read as a value ([`ParseValue`]) straight
//! from the document's checked event stream, or from a tree.
//!
//! A value reads what it needs (its attributes, its text, its child elements by expanded
//! name) and whatever it leaves is skipped, so values are tolerant by construction:
//! unknown elements are ignored (RFC 4918 §17).

use std::fmt;

use crate::model::dead::DeadProperty;
use crate::model::xml::{Element, Node};
use crate::name::Name;
use crate::prop::{ParseText, ParseValue};
use crate::reader::{ReadError, Tree};

use super::events::{Attrs, Core, Token};
use super::source::Input;

/// What is wrong with a value: the kind and where ([`ValueError::position`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValueErrorKind {
    /// Text that is not what the value needs.
    Invalid {
        /// What the value needs (`"an integer"`).
        expected: &'static str,
        /// The text found (the first 100 characters).
        found: String,
    },
    /// No text where the value needs some (an empty element for a number).
    Empty {
        /// What the value needs.
        expected: &'static str,
    },
    /// A child element where the value needs text.
    UnexpectedElement {
        /// Its expanded name, in Clark notation (`{DAV:}href`).
        name: String,
    },
    /// Something the value needs is not there (a child element, an attribute).
    Missing {
        /// What.
        expected: &'static str,
    },
    /// The document itself cannot be read (malformed XML, a limit): nothing more is read.
    Read(Box<ReadError>),
    /// What a value's own parser says.
    Custom(String),
}

impl fmt::Display for ValueErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid { expected, found } => write!(f, "expected {expected}, found {found:?}"),
            Self::Empty { expected } => write!(f, "expected {expected}, found no text"),
            Self::UnexpectedElement { name } => {
                write!(f, "expected text, found the element {name}")
            }
            Self::Missing { expected } => write!(f, "{expected} is missing"),
            Self::Read(e) => write!(f, "{e}"),
            Self::Custom(message) => f.write_str(message),
        }
    }
}

impl ValueErrorKind {
    /// `found` is not `expected` (an empty text: [`ValueErrorKind::Empty`]).
    ///
    /// ```
    /// use multistatus_core::ValueErrorKind;
    /// assert_eq!(
    ///     ValueErrorKind::invalid("an integer", " "),
    ///     ValueErrorKind::Empty { expected: "an integer" },
    /// );
    /// ```
    #[must_use]
    pub fn invalid(expected: &'static str, found: &str) -> Self {
        if found
            .bytes()
            .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        {
            return Self::Empty { expected };
        }
        Self::Invalid {
            expected,
            found: found.chars().take(100).collect(),
        }
    }
}

/// A value that could not be read: what is wrong, and the byte offset in the body (as
/// received) of the element or text that is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueError {
    kind: ValueErrorKind,
    position: usize,
}

impl ValueError {
    /// An error of `kind` at byte `position` of the body.
    #[must_use]
    pub fn new(kind: ValueErrorKind, position: usize) -> Self {
        Self { kind, position }
    }

    /// What is wrong.
    #[must_use]
    pub fn kind(&self) -> &ValueErrorKind {
        &self.kind
    }

    /// The byte offset in the body where the value (or the text that is wrong) starts.
    #[must_use]
    pub fn position(&self) -> usize {
        self.position
    }

    /// Whether the document itself cannot be read ([`ValueErrorKind::Read`]).
    #[must_use]
    pub fn is_fatal(&self) -> bool {
        matches!(self.kind, ValueErrorKind::Read(_))
    }

    fn read(e: ReadError) -> Self {
        let position = e.position();
        Self::new(ValueErrorKind::Read(Box::new(e)), position)
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ValueErrorKind::Read(e) => write!(f, "{e}"),
            kind => write!(f, "{kind} (at byte {})", self.position),
        }
    }
}

impl std::error::Error for ValueError {}

/// Where a [`ValueReader`] reads from: the checked event stream of a document, or a tree.
pub(crate) trait Pull {
    /// The next token; text is appended to [`Pull::text`] when `keep`.
    fn next(&mut self, keep: bool) -> Result<Token, ValueError>;
    /// Open elements.
    fn depth(&self) -> usize;
    /// Where kept text goes.
    fn text(&mut self) -> &mut String;
    /// The expanded name of the element started last.
    fn name(&self) -> (&str, &str);
    /// Where the element started last begins.
    fn start_at(&self) -> usize;
    /// The `xml:lang` in scope.
    fn lang(&self) -> Option<&str>;
    /// The attributes of the element started last.
    fn attributes(&mut self) -> Attrs<'_>;
    /// The element that ended last (it started at `start`) as a dead property.
    fn capture(&mut self, start: usize) -> Result<DeadProperty, ValueError>;
    /// The element started last, whole, as a tree; the reader is then past its end.
    fn tree(&mut self) -> Result<Element, ValueError>;
    /// Offset `at` of the text as a byte offset of the body.
    fn body_position(&self, at: usize) -> usize;
}

impl<I: Input> Pull for Core<I> {
    #[inline]
    fn next(&mut self, keep: bool) -> Result<Token, ValueError> {
        Core::next(self, keep).map_err(ValueError::read)
    }

    #[inline]
    fn depth(&self) -> usize {
        Core::depth(self)
    }

    #[inline]
    fn text(&mut self) -> &mut String {
        &mut self.text
    }

    #[inline]
    fn name(&self) -> (&str, &str) {
        Core::name(self)
    }

    #[inline]
    fn start_at(&self) -> usize {
        Core::start_at(self)
    }

    fn lang(&self) -> Option<&str> {
        Core::lang(self)
    }

    fn attributes(&mut self) -> Attrs<'_> {
        Core::attributes(self)
    }

    fn capture(&mut self, start: usize) -> Result<DeadProperty, ValueError> {
        let Some((property, _)) = Core::capture(self, start) else {
            let error = self.error(
                crate::reader::ReadErrorKind::Malformed {
                    message: "an element the reader no longer holds".into(),
                },
                start,
            );
            return Err(ValueError::read(error));
        };
        self.charge(property.xml().len() + property.name().local().len(), start)
            .map_err(ValueError::read)?;
        Ok(property)
    }

    fn tree(&mut self) -> Result<Element, ValueError> {
        Tree::new(false).read(self).map_err(ValueError::read)
    }

    fn body_position(&self, at: usize) -> usize {
        self.input.body_position(at)
    }
}

/// Reads a tree as if it were a document: what a value needs to be read twice (a
/// flattened value, a choice tried variant by variant).
struct TreeReader<'e> {
    /// The open elements, each with the index of its next child.
    stack: Vec<(&'e Element, usize)>,
    started: &'e Element,
    ended: Option<&'e Element>,
    text: String,
    attr_text: String,
    attr_ends: Vec<[usize; 3]>,
    /// Where the tree was in the body, for errors.
    position: usize,
    /// The language in scope around the tree.
    lang: Option<&'e str>,
}

impl Pull for TreeReader<'_> {
    fn next(&mut self, keep: bool) -> Result<Token, ValueError> {
        let Some(&(element, next)) = self.stack.last() else {
            return Ok(Token::Eof);
        };
        let child = element.children().get(next);
        if let (Some(_), Some(top)) = (child, self.stack.last_mut()) {
            top.1 += 1;
        }
        match child {
            Some(Node::Text(t)) => {
                if keep {
                    self.text.push_str(t);
                }
                Ok(Token::Text {
                    blank: t.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')),
                })
            }
            Some(Node::Element(child)) => {
                self.stack.push((child, 0));
                self.started = child;
                Ok(Token::Start)
            }
            None => {
                self.ended = self.stack.pop().map(|(e, _)| e);
                Ok(Token::End)
            }
        }
    }

    fn depth(&self) -> usize {
        self.stack.len()
    }

    fn text(&mut self) -> &mut String {
        &mut self.text
    }

    fn name(&self) -> (&str, &str) {
        let name = self.started.name();
        (name.namespace(), name.local())
    }

    fn start_at(&self) -> usize {
        0
    }

    fn lang(&self) -> Option<&str> {
        self.stack
            .iter()
            .rev()
            .find_map(|(e, _)| e.lang())
            .or(self.lang)
    }

    fn attributes(&mut self) -> Attrs<'_> {
        self.attr_text.clear();
        self.attr_ends.clear();
        for a in self.started.attributes() {
            self.attr_text.push_str(a.name.namespace());
            let ns = self.attr_text.len();
            self.attr_text.push_str(a.name.local());
            let local = self.attr_text.len();
            self.attr_text.push_str(&a.value);
            self.attr_ends.push([ns, local, self.attr_text.len()]);
        }
        Attrs {
            text: &self.attr_text,
            ends: &self.attr_ends,
            from: 0,
        }
    }

    fn capture(&mut self, _start: usize) -> Result<DeadProperty, ValueError> {
        let element = self.ended.ok_or_else(|| {
            ValueError::new(
                ValueErrorKind::Missing {
                    expected: "an element",
                },
                self.position,
            )
        })?;
        DeadProperty::from_element(element)
            .map_err(|e| ValueError::new(ValueErrorKind::Custom(e.to_string()), self.position))
    }

    fn tree(&mut self) -> Result<Element, ValueError> {
        let element = self.started;
        // The element is the innermost open one, nothing of it read: it ends here.
        if let Some((top, _)) = self.stack.last()
            && std::ptr::eq(*top, element)
        {
            self.stack.pop();
        }
        self.ended = Some(element);
        Ok(element.clone())
    }

    fn body_position(&self, _at: usize) -> usize {
        self.position
    }
}

/// Where a [`ValueReader`] is in its element.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    /// Just inside the start tag: the name, language and attributes are the element's.
    Fresh,
    /// Some content was read.
    Reading,
    /// The end tag was read.
    Done,
}

/// The content of one element, read as a value: its attributes, its text, its child
/// elements by expanded name (each a nested `ValueReader`), or the whole of it as raw XML.
///
/// Read the name, the language and the attributes first: once content is read they are no
/// longer the element's. What a value does not read is skipped.
///
/// ```
/// use multistatus_core::{ValueReader, reader};
/// let element = reader::read(br#"<D:lockentry xmlns:D="DAV:" xmlns:x="urn:x">
///     <x:unknown/><D:lockscope><D:shared/></D:lockscope>
/// </D:lockentry>"#).unwrap();
/// let scope = ValueReader::read_element(&element, 0, |entry| {
///     while let Some(mut child) = entry.next_child()? {
///         if child.is("DAV:", "lockscope") {
///             let kind = child.next_child()?.map(|k| k.name().1.to_owned());
///             return Ok(kind);
///         }
///     }
///     Ok(None)
/// }).unwrap();
/// assert_eq!(scope.as_deref(), Some("shared"));
/// ```
pub struct ValueReader<'r> {
    pull: &'r mut dyn Pull,
    /// The depth of the element: the reader's depth while inside it.
    depth: usize,
    /// Where its start tag is, in the text.
    start: usize,
    state: State,
    /// Whether a child element or text other than whitespace was met.
    content: bool,
}

impl fmt::Debug for ValueReader<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ValueReader")
            .field("depth", &self.depth)
            .field("start", &self.start)
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

impl<'r> ValueReader<'r> {
    /// A reader of the element `pull` has just started.
    pub(crate) fn new(pull: &'r mut dyn Pull) -> Self {
        let depth = pull.depth();
        let start = pull.start_at();
        Self {
            pull,
            depth,
            start,
            state: State::Fresh,
            content: false,
        }
    }

    /// Reads `element` (found at byte `position` of a body, for errors) with `f`: what a
    /// value read from a tree needs (a PROPPATCH `set` value, a buffered value).
    ///
    /// ```
    /// use multistatus_core::{ValueReader, reader};
    /// let element = reader::read(b"<a>42</a>").unwrap();
    /// let n: u32 = ValueReader::read_element(&element, 0, |v| v.parse_text()).unwrap();
    /// assert_eq!(n, 42);
    /// ```
    pub fn read_element<T>(
        element: &Element,
        position: usize,
        f: impl FnOnce(&mut ValueReader<'_>) -> Result<T, ValueError>,
    ) -> Result<T, ValueError> {
        Self::read_element_in(element, position, None, f)
    }

    fn read_element_in<T>(
        element: &Element,
        position: usize,
        lang: Option<&str>,
        f: impl FnOnce(&mut ValueReader<'_>) -> Result<T, ValueError>,
    ) -> Result<T, ValueError> {
        let mut tree = TreeReader {
            stack: vec![(element, 0)],
            started: element,
            ended: None,
            text: String::new(),
            attr_text: String::new(),
            attr_ends: Vec::new(),
            position,
            lang,
        };
        let mut reader = ValueReader::new(&mut tree);
        f(&mut reader)
    }

    /// Parses `element`'s content as a `T`: a value held as a tree (a PROPPATCH `set`, a
    /// stored [`RawValue`](crate::values::RawValue)).
    ///
    /// ```
    /// use multistatus_core::{Href, ValueReader, reader};
    /// let element = reader::read(br#"<p xmlns:D="DAV:"><D:href>/a%20b</D:href></p>"#).unwrap();
    /// let href: Href = ValueReader::parse_element(&element).unwrap();
    /// assert_eq!(href.decoded_path().as_deref(), Some("/a b"));
    /// ```
    pub fn parse_element<T: ParseValue>(element: &Element) -> Result<T, ValueError> {
        Self::read_element(element, 0, T::parse_value)
    }

    /// The element's expanded name: `(namespace, local name)`, the namespace empty when
    /// there is none. Read it before the content.
    #[must_use]
    pub fn name(&self) -> (&str, &str) {
        match self.state {
            State::Fresh => self.pull.name(),
            State::Reading | State::Done => ("", ""),
        }
    }

    /// Whether the element is `namespace` + `local`.
    #[must_use]
    pub fn is(&self, namespace: &str, local: &str) -> bool {
        self.name() == (namespace, local)
    }

    /// The `xml:lang` in scope: the element's own or its nearest ancestor's. Read it before
    /// the content.
    #[must_use]
    pub fn lang(&self) -> Option<&str> {
        match self.state {
            State::Fresh => self.pull.lang(),
            State::Reading | State::Done => None,
        }
    }

    /// The element's attributes, namespace declarations left out: `(namespace, local name,
    /// value)`, the value as XML normalizes it. Read them before the content (after, there
    /// are none).
    pub fn attributes(&mut self) -> impl Iterator<Item = (&str, &str, &str)> {
        let attrs = self.pull.attributes();
        let fresh = self.state == State::Fresh;
        attrs.filter(move |_| fresh)
    }

    /// The value of the attribute `namespace` + `local` (namespace empty for an unprefixed
    /// one), if the element has it. Read it before the content.
    pub fn attribute(&mut self, namespace: &str, local: &str) -> Option<&str> {
        self.attributes()
            .find(|&(ns, l, _)| ns == namespace && l == local)
            .map(|(_, _, value)| value)
    }

    /// Where the element starts: a byte offset of the body.
    #[must_use]
    pub fn position(&self) -> usize {
        self.pull.body_position(self.start)
    }

    /// An error of `kind` about this value.
    #[must_use]
    pub fn error(&self, kind: ValueErrorKind) -> ValueError {
        ValueError::new(kind, self.position())
    }

    /// The text of the element is not `expected`: an error with the text read last.
    #[must_use]
    pub fn invalid(&mut self, expected: &'static str) -> ValueError {
        let kind = ValueErrorKind::invalid(expected, self.pull.text());
        self.error(kind)
    }

    /// The whole text of the element: text and CDATA, references resolved, line ends as XML
    /// reads them (a `&#13;` is kept as `\r`). A child element is an error
    /// ([`ValueErrorKind::UnexpectedElement`]); comments are skipped.
    pub fn text(&mut self) -> Result<&str, ValueError> {
        self.pull.text().clear();
        if self.state == State::Done {
            return Ok(self.pull.text());
        }
        self.state = State::Reading;
        loop {
            match self.pull.next(true)? {
                Token::Text { blank } => self.content |= !blank,
                Token::End => {
                    self.state = State::Done;
                    return Ok(self.pull.text());
                }
                Token::Start => {
                    self.content = true;
                    let (namespace, local) = self.pull.name();
                    let name = Name::new_unchecked(namespace, local).to_string();
                    let at = self.pull.body_position(self.pull.start_at());
                    return Err(ValueError::new(
                        ValueErrorKind::UnexpectedElement { name },
                        at,
                    ));
                }
                Token::Eof => {
                    return Err(self.error(ValueErrorKind::Missing {
                        expected: "the end tag",
                    }));
                }
            }
        }
    }

    /// The text of the element parsed as a `T` ([`ParseText`]).
    pub fn parse_text<T: ParseText>(&mut self) -> Result<T, ValueError> {
        let at = self.position();
        let text = self.text()?;
        T::parse_text(text).map_err(|kind| ValueError::new(kind, at))
    }

    /// The next child element, skipping text and what is left of the previous child; `None`
    /// at the end of the element.
    pub fn next_child(&mut self) -> Result<Option<ValueReader<'_>>, ValueError> {
        if self.state == State::Done {
            return Ok(None);
        }
        self.state = State::Reading;
        // What is left of the previous child.
        while self.pull.depth() > self.depth {
            if self.pull.next(false)? == Token::Eof {
                return Err(self.error(ValueErrorKind::Missing {
                    expected: "the end tag",
                }));
            }
        }
        loop {
            match self.pull.next(false)? {
                Token::Text { blank } => self.content |= !blank,
                Token::Start => {
                    self.content = true;
                    return Ok(Some(ValueReader::new(&mut *self.pull)));
                }
                Token::End => {
                    self.state = State::Done;
                    return Ok(None);
                }
                Token::Eof => {
                    return Err(self.error(ValueErrorKind::Missing {
                        expected: "the end tag",
                    }));
                }
            }
        }
    }

    /// Skips what is left of the element, up to and including its end tag.
    pub fn skip(&mut self) -> Result<(), ValueError> {
        if self.state == State::Done {
            return Ok(());
        }
        self.state = State::Reading;
        while self.pull.depth() >= self.depth {
            match self.pull.next(false)? {
                Token::Text { blank } => {
                    self.content |= !blank && self.pull.depth() == self.depth;
                }
                Token::Start => self.content = true,
                Token::End => {}
                Token::Eof => {
                    return Err(self.error(ValueErrorKind::Missing {
                        expected: "the end tag",
                    }));
                }
            }
        }
        self.state = State::Done;
        Ok(())
    }

    /// The whole element as a [`DeadProperty`]: self-contained XML (every namespace
    /// binding in scope it does not make itself declared on it, and the language in scope
    /// when it sets none), whatever was read of it already.
    pub fn raw(&mut self) -> Result<DeadProperty, ValueError> {
        self.skip()?;
        self.pull.capture(self.start)
    }

    /// The element as a tree, with its attributes and content. Read it before the content.
    pub fn tree(&mut self) -> Result<Element, ValueError> {
        if self.state != State::Fresh {
            return Err(self.error(ValueErrorKind::Custom(
                "the element was partly read already".into(),
            )));
        }
        let tree = self.pull.tree()?;
        self.state = State::Done;
        self.content = !tree.children().is_empty();
        Ok(tree)
    }

    /// The element held in memory, to be read more than once (a flattened value, a choice
    /// tried variant by variant), with its language and position. Read it before the content.
    pub fn buffer(&mut self) -> Result<BufferedValue, ValueError> {
        let lang = self.lang().map(str::to_owned);
        let position = self.position();
        let element = self.tree()?;
        Ok(BufferedValue {
            element,
            lang,
            position,
        })
    }

    /// Where the element starts, in the text the reader parses.
    pub(crate) fn text_start(&self) -> usize {
        self.start
    }

    /// Whether a child element or text other than whitespace was met so far.
    pub(crate) fn has_content(&self) -> bool {
        self.content
    }
}

/// An element held in memory ([`ValueReader::buffer`]), read as many times as needed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BufferedValue {
    element: Element,
    lang: Option<String>,
    position: usize,
}

impl BufferedValue {
    /// The element.
    #[must_use]
    pub fn element(&self) -> &Element {
        &self.element
    }

    /// Reads the element again with `f`.
    pub fn read<T>(
        &self,
        f: impl FnOnce(&mut ValueReader<'_>) -> Result<T, ValueError>,
    ) -> Result<T, ValueError> {
        ValueReader::read_element_in(&self.element, self.position, self.lang.as_deref(), f)
    }

    /// Parses the element's content as a `T`.
    pub fn parse<T: ParseValue>(&self) -> Result<T, ValueError> {
        self.read(T::parse_value)
    }
}
