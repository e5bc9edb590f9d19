//! Parsing a `207 Multi-Status` body: the reader behind [`crate::client`], whose
//! documentation says what it accepts.

use std::io::BufRead;
use std::marker::PhantomData;

use crate::model::dead::DeadProperty;
use crate::model::href::Href;
use crate::model::status::{Status, StatusLine};
use crate::model::{DavError, Description, Propstat};
use crate::name::{DAV, Name};
use crate::prop::{ParseSet, ParseValue, Place, PropertyName, StatusSlots};
use crate::reader::{MAX_DEPTH, ReadError, ReadErrorKind};

use super::events::{Bounds, Core, NAME_SETS_LOG2, Token, shared_local, shared_namespace};
use super::source::{Input, Slice, Stream};
use super::value::{ValueError, ValueErrorKind, ValueReader};

/// Bounds on what a 207 body may cost to read. There is no bound on the whole body by
/// default (a listing can be hundreds of megabytes, read as a stream); each response is
/// bounded instead.
///
/// ```
/// use multistatus_core::client::{MultistatusReader, ParseLimits};
/// use multistatus_core::reader::ReadErrorKind;
/// use multistatus_core::values::NoProperties;
/// let limits = ParseLimits { max_depth: 3, ..ParseLimits::default() };
/// let body = br#"<D:multistatus xmlns:D="DAV:"><D:response><D:propstat><D:prop/>
///   </D:propstat></D:response></D:multistatus>"#;
/// let mut reader = MultistatusReader::<NoProperties, _>::from_slice_with(body, &limits);
/// let err = reader.next().unwrap().unwrap_err();
/// assert_eq!(err.kind(), &ReadErrorKind::TooDeep { max_depth: 3 });
/// assert_eq!((err.line(), err.column()), (1, 55)); // `<D:prop/>`
/// assert!(reader.next().is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseLimits {
    /// The largest body read, in bytes (of text: after a byte order mark, transcoded to
    /// UTF-8). Default: none (`usize::MAX`).
    pub max_bytes: usize,
    /// The most bytes a response may take, with what precedes it since the previous one
    /// (whitespace, the document's `sync-token`, …). Default: 64 MiB.
    pub max_response_bytes: usize,
    /// The deepest element nesting, the root at 1 (at most [`MAX_DEPTH`]). Default: 64.
    pub max_depth: usize,
    /// The most elements a response may hold. Default: 100 000.
    pub max_response_elements: usize,
    /// The most attributes one element may carry, namespace declarations included.
    /// Default: 128.
    pub max_attributes: usize,
    /// The longest element or attribute name, prefix included, in bytes. Default: 1 024.
    pub max_name_len: usize,
    /// The most bytes of names, text and raw XML the trees and dead properties of a
    /// response may hold: namespaces are copied into every element of a tree and the
    /// bindings in scope onto every dead property, so this bounds that amplification.
    /// Default: 64 MiB.
    pub max_tree_bytes: usize,
}

impl ParseLimits {
    /// The default limits, usable in constants.
    pub const DEFAULT: Self = Self {
        max_bytes: usize::MAX,
        max_response_bytes: 64 << 20,
        max_depth: 64,
        max_response_elements: 100_000,
        max_attributes: 128,
        max_name_len: 1024,
        max_tree_bytes: 64 << 20,
    };

    fn bounds(&self) -> Bounds {
        Bounds {
            max_depth: self.max_depth.min(MAX_DEPTH),
            max_elements: self.max_response_elements,
            max_attributes: self.max_attributes,
            max_name_len: self.max_name_len,
            max_tree_bytes: self.max_tree_bytes,
            max_bytes: self.max_bytes,
        }
    }
}

impl Default for ParseLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// A response of a 207 body: its hrefs, then either its properties (propstat form) or one
/// status for all its hrefs (status form), and what RFC 4918 §14.24 allows beside.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedResponse<P: ParseSet> {
    /// The hrefs: one in the propstat form (as servers send; more are kept), one or more in
    /// the status form. Never empty.
    pub hrefs: Vec<Href<'static>>,
    /// The properties, or the status.
    pub body: ParsedBody<P>,
    /// `DAV:error`: the conditions that failed.
    pub error: Option<DavError>,
    /// `DAV:responsedescription`, with its language.
    pub description: Option<Description<'static>>,
    /// `DAV:location` (a 3xx status).
    pub location: Option<Href<'static>>,
}

impl<P: ParseSet> ParsedResponse<P> {
    /// The first href.
    #[must_use]
    pub fn href(&self) -> Option<&Href<'static>> {
        self.hrefs.first()
    }

    /// The properties, in the propstat form.
    #[must_use]
    pub fn propstats(&self) -> Option<&PropstatsOf<P>> {
        match &self.body {
            ParsedBody::Propstats(p) => Some(p),
            ParsedBody::Status(_) => None,
        }
    }

    /// The properties of the set, in the propstat form.
    #[must_use]
    pub fn props(&self) -> Option<&P> {
        self.propstats().map(|p| &p.props)
    }

    /// The status, in the status form.
    #[must_use]
    pub fn status(&self) -> Option<&StatusLine<'static>> {
        match &self.body {
            ParsedBody::Status(s) => Some(s),
            ParsedBody::Propstats(_) => None,
        }
    }
}

/// The two shapes of a response (RFC 4918 §14.24).
#[derive(Clone, Debug, PartialEq)]
pub enum ParsedBody<P: ParseSet> {
    /// Properties, grouped by status in the body, merged into one value here.
    Propstats(PropstatsOf<P>),
    /// One status for every href.
    Status(StatusLine<'static>),
}

/// The properties of a response: one value of the set, each known property in its field
/// whatever propstat carried it, with the status it came back with; the others kept.
#[derive(Clone, Debug, PartialEq)]
pub struct PropstatsOf<P: ParseSet> {
    /// The values. A field's type says what it holds for a property reported with an
    /// error status or not reported ([`ParseField`](crate::ParseField)).
    pub props: P,
    /// Where each typed name was reported.
    places: P::Statuses,
    /// The properties read so far in the response.
    count: u32,
    propstats: Vec<Propstat<'static, ()>>,
    /// Every property the set does not know, as self-contained XML, with its status, in
    /// document order.
    pub unknown: Vec<UnknownProperty>,
    /// Every report of a known property after its first in the response (a server that
    /// lists a name twice, in one propstat or in two), kept as it was received: the first
    /// report fills the field and gives the status ([`status`](Self::status)), the others
    /// are kept here, in document order, and written back as they came.
    pub repeated: Vec<UnknownProperty>,
    /// Every known property reported with a success status whose value did not parse: its
    /// field holds what it holds when absent.
    pub invalid: Vec<InvalidValue<P::Name>>,
}

/// A property kept as it was received: one the set does not know
/// ([`PropstatsOf::unknown`]), or a known one reported again ([`PropstatsOf::repeated`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownProperty {
    /// The property element, as self-contained XML.
    pub property: DeadProperty,
    /// The status it came back with.
    pub status: StatusLine<'static>,
    /// Its propstat: an index into [`PropstatsOf::propstats`].
    pub propstat: usize,
    /// Its position among the response's properties, in document order.
    pub position: usize,
}

/// A property of a response, in document order ([`PropstatsOf::properties`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reported<'a, N> {
    /// A property of the set (its value is in [`PropstatsOf::props`], or in
    /// [`PropstatsOf::invalid`] when it did not parse).
    Known(N),
    /// A property the set does not know.
    Unknown(&'a UnknownProperty),
    /// A known property reported again, after its first report
    /// ([`PropstatsOf::repeated`]).
    Repeated(&'a UnknownProperty),
}

impl<P: ParseSet> PropstatsOf<P> {
    /// The status `name` came back with (that of the propstat that listed it first: a later
    /// report is in [`repeated`](Self::repeated)); `None` when the response does not report
    /// it.
    #[must_use]
    pub fn status(&self, name: P::Name) -> Option<&StatusLine<'static>> {
        let place = self.places.get(P::slot(name));
        let at = usize::try_from(place.propstat).ok()?.checked_sub(1)?;
        self.propstats.get(at).map(|p| &p.status)
    }

    /// Every property of the response in document order, each with the index of its
    /// propstat ([`propstats`](Self::propstats)): what writing the response back needs.
    #[must_use]
    pub fn properties(&self) -> Vec<(usize, Reported<'_, P::Name>)> {
        let kept = |u: &UnknownProperty| u32::try_from(u.position).unwrap_or(u32::MAX);
        let mut all: Vec<(u32, usize, Reported<'_, P::Name>)> = self
            .unknown
            .iter()
            .map(|u| (kept(u), u.propstat, Reported::Unknown(u)))
            .chain(
                self.repeated
                    .iter()
                    .map(|u| (kept(u), u.propstat, Reported::Repeated(u))),
            )
            .collect();
        P::Name::for_each(&mut |name| {
            let place = self.places.get(P::slot(name));
            if let Some(propstat) = usize::try_from(place.propstat)
                .ok()
                .and_then(|p| p.checked_sub(1))
            {
                all.push((place.position, propstat, Reported::Known(name)));
            }
        });
        all.sort_by_key(|(position, ..)| *position);
        all.into_iter()
            .map(|(_, propstat, r)| (propstat, r))
            .collect()
    }

    /// The propstats in document order: each one's status, `DAV:error` and
    /// `DAV:responsedescription` (the properties are in [`props`](Self::props)).
    #[must_use]
    pub fn propstats(&self) -> &[Propstat<'static, ()>] {
        &self.propstats
    }
}

/// A known property whose value did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidValue<N> {
    /// Its typed name.
    pub name: N,
    /// What is wrong, and where.
    pub error: ValueError,
    /// The property element, as self-contained XML.
    pub raw: DeadProperty,
    /// The status it came back with.
    pub status: StatusLine<'static>,
}

/// Where the reader is in the document.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Stage {
    /// Before the root element.
    Start,
    /// Inside `DAV:multistatus`.
    Body,
    /// After it, or after a fatal error.
    Done,
}

/// Reads a `207 Multi-Status` body one response at a time: an iterator of
/// [`ParsedResponse`]s of the set `P`. See [the module](crate::client) for what it accepts.
///
/// ```
/// use multistatus_core::client::MultistatusReader;
/// use multistatus_core::values::NoProperties;
/// let body = br#"<?xml version="1.0" encoding="utf-8"?>
/// <multistatus xmlns="DAV:">
///   <response><href>/a</href><href>/b</href><status>HTTP/1.1 423 Locked</status></response>
///   <sync-token>http://example.com/ns/sync/1234</sync-token>
/// </multistatus>"#;
/// let mut reader = MultistatusReader::<NoProperties, _>::from_slice(body);
/// let response = reader.next().unwrap().unwrap();
/// assert_eq!(response.hrefs.len(), 2);
/// assert_eq!(response.status().unwrap().status().code(), 423);
/// assert!(reader.next().is_none());
/// assert_eq!(reader.sync_token(), Some("http://example.com/ns/sync/1234"));
/// ```
pub struct MultistatusReader<P: ParseSet, S> {
    core: Core<S>,
    /// What the propstat being read held, kept until its status is read (reused).
    pending: Pending<P::Name>,
    limits: ParseLimits,
    place: Stage,
    sync_token: Option<String>,
    description: Option<Description<'static>>,
    set: PhantomData<fn() -> P>,
}

impl<P: ParseSet, S> std::fmt::Debug for MultistatusReader<P, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MultistatusReader")
            .field("limits", &self.limits)
            .field("sync_token", &self.sync_token)
            .field("description", &self.description)
            .finish_non_exhaustive()
    }
}

impl<'a, P: ParseSet> MultistatusReader<P, Slice<'a>> {
    /// Reads a body in memory with the default [`ParseLimits`]: its events borrow it (UTF-8;
    /// a UTF-16 body, with its byte order mark, is transcoded as it is read).
    pub fn from_slice(body: &'a [u8]) -> Self {
        Self::from_slice_with(body, &ParseLimits::DEFAULT)
    }

    /// Reads a body in memory with the given [`ParseLimits`].
    pub fn from_slice_with(body: &'a [u8], limits: &ParseLimits) -> Self {
        with_input(Slice::new(body, limits.max_bytes), limits)
    }
}

impl<P: ParseSet, R: BufRead> MultistatusReader<P, Stream<R>> {
    /// Reads a body from `reader` with the default [`ParseLimits`], one response at a time:
    /// memory stays flat in the number of responses.
    pub fn new(reader: R) -> Self {
        Self::with_limits(reader, &ParseLimits::DEFAULT)
    }

    /// Reads a body from `reader` with the given [`ParseLimits`].
    pub fn with_limits(reader: R, limits: &ParseLimits) -> Self {
        with_input(Stream::new(reader, limits.max_bytes), limits)
    }
}

impl<P: ParseSet, S> MultistatusReader<P, S> {
    /// The document's `DAV:sync-token` (RFC 6578), wherever it is in the body: once the
    /// responses are read (it may follow them), or as soon as it was met.
    #[must_use]
    pub fn sync_token(&self) -> Option<&str> {
        self.sync_token.as_deref()
    }

    /// The document's `DAV:responsedescription`, with its language.
    #[must_use]
    pub fn description(&self) -> Option<&Description<'static>> {
        self.description.as_ref()
    }
}

/// A reader of `input`. (Free functions: the input trait is the crate's own.)
fn with_input<P: ParseSet, S: Input>(input: S, limits: &ParseLimits) -> MultistatusReader<P, S> {
    let mut core = Core::new(input, limits.bounds());
    // A 207 body repeats its element names, response after response.
    core.remember_names(NAME_SETS_LOG2);
    MultistatusReader {
        core,
        pending: Pending::default(),
        limits: limits.clone(),
        place: Stage::Start,
        sync_token: None,
        description: None,
        set: PhantomData,
    }
}

/// The next response, or `None` at the end of the body (or after a fatal error).
fn next_response<P: ParseSet, S: Input>(
    reader: &mut MultistatusReader<P, S>,
) -> Option<Result<ParsedResponse<P>, ReadError>> {
    let core = &mut reader.core;
    if reader.place == Stage::Start {
        if let Err(e) = root(core) {
            reader.place = Stage::Done;
            return Some(Err(e));
        }
        reader.place = Stage::Body;
    }
    if reader.place == Stage::Done {
        return None;
    }
    let result = body(
        core,
        &reader.limits,
        &mut reader.pending,
        &mut reader.sync_token,
        &mut reader.description,
    );
    match result {
        Ok(Some(response)) => Some(response),
        Ok(None) => {
            reader.place = Stage::Done;
            None
        }
        Err(e) => {
            reader.place = Stage::Done;
            Some(Err(e))
        }
    }
}

impl<P: ParseSet> Iterator for MultistatusReader<P, Slice<'_>> {
    type Item = Result<ParsedResponse<P>, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        next_response(self)
    }
}

impl<P: ParseSet, R: BufRead> Iterator for MultistatusReader<P, Stream<R>> {
    type Item = Result<ParsedResponse<P>, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        next_response(self)
    }
}

impl<P: ParseSet> std::iter::FusedIterator for MultistatusReader<P, Slice<'_>> {}

impl<P: ParseSet, R: BufRead> std::iter::FusedIterator for MultistatusReader<P, Stream<R>> {}

/// Reads up to the root element, which must be `DAV:multistatus`.
fn root<I: Input>(core: &mut Core<I>) -> Result<(), ReadError> {
    loop {
        match core.next(false)? {
            Token::Start => break,
            Token::Text { .. } | Token::End => {}
            Token::Eof => return Err(core.error(ReadErrorKind::NoRoot, core.position())),
        }
    }
    let (namespace, local) = core.name();
    if (namespace, local) == (DAV, "multistatus") {
        return Ok(());
    }
    let found = Name::new_unchecked(shared_namespace(namespace), shared_local(namespace, local));
    Err(core.error(
        ReadErrorKind::UnexpectedRoot {
            expected: Name::dav("multistatus"),
            found,
        },
        core.start_at(),
    ))
}

/// Reads the children of `DAV:multistatus` up to the next response (`Ok(None)` at its end):
/// the document's `sync-token` and `responsedescription` on the way, other elements skipped.
/// Each response starts a new budget ([`ParseLimits`]).
fn body<P: ParseSet, I: Input>(
    core: &mut Core<I>,
    limits: &ParseLimits,
    pending: &mut Pending<P::Name>,
    sync_token: &mut Option<String>,
    description: &mut Option<Description<'static>>,
) -> Result<Option<Result<ParsedResponse<P>, ReadError>>, ReadError> {
    loop {
        let at = core.position();
        core.mark(at, limits.max_response_bytes);
        core.reset_count();
        match core.next(false)? {
            Token::Text { .. } => {}
            Token::End => {
                // The end of `DAV:multistatus`: only comments and whitespace may follow.
                while core.next(false)? != Token::Eof {}
                return Ok(None);
            }
            Token::Eof => return Ok(None),
            Token::Start => {
                let (namespace, local) = core.name();
                match (namespace, local) {
                    (DAV, "response") => return response(core, pending).map(Some),
                    (DAV, "sync-token") => {
                        let tree = ValueReader::new(core).tree().map_err(fatal)?;
                        *sync_token = Some(tree.text().trim_matches(XML_SPACE).to_owned());
                    }
                    (DAV, "responsedescription") => {
                        let mut value = ValueReader::new(core);
                        *description = Some(read_description(&mut value).map_err(fatal)?);
                    }
                    _ => ValueReader::new(core).skip().map_err(fatal)?,
                }
            }
        }
    }
}

/// XML whitespace, around the text of structural elements.
const XML_SPACE: [char; 4] = [' ', '\t', '\r', '\n'];

/// The fatal error a value error carries ([`ValueErrorKind::Read`]): only the document
/// itself fails while reading its structure, as what can be wrong in a response's content
/// is a [`Wrong`] of its own.
fn fatal(e: ValueError) -> ReadError {
    match e.kind() {
        ValueErrorKind::Read(e) => (**e).clone(),
        other => ReadError::located(
            ReadErrorKind::Malformed {
                message: other.to_string(),
            },
            e.position(),
            "",
        ),
    }
}

/// What is wrong with a response's content: found at a text offset, turned into a
/// [`ReadError`] once the response is read.
type Wrong = Option<(ReadErrorKind, usize)>;

/// Keeps the first content error.
fn wrong(first: &mut Wrong, kind: ReadErrorKind, at: usize) {
    if first.is_none() {
        *first = Some((kind, at));
    }
}

/// The text of `value` (a structural element: `element` its `DAV:` name), or `None` when
/// it holds elements (a content error).
fn read_text<'v>(
    value: &'v mut ValueReader<'_>,
    element: &'static str,
    found: &mut Wrong,
) -> Result<Option<(&'v str, usize)>, ValueError> {
    let at = value.text_start();
    match value.text() {
        Ok(text) => Ok(Some((text, at))),
        Err(e) if e.is_fatal() => Err(e),
        Err(e) => {
            let kind = ReadErrorKind::InvalidContent {
                element: Name::dav(element),
                message: e.kind().to_string(),
            };
            wrong(found, kind, at);
            Ok(None)
        }
    }
}

/// A `DAV:href`'s text, as the server sent it.
fn read_href(
    value: &mut ValueReader<'_>,
    found: &mut Wrong,
) -> Result<Option<Href<'static>>, ValueError> {
    let Some((text, at)) = read_text(value, "href", found)? else {
        return Ok(None);
    };
    match Href::from_received(text) {
        Ok(href) => Ok(Some(href)),
        Err(e) => {
            let kind = ReadErrorKind::InvalidContent {
                element: Name::dav("href"),
                message: e.to_string(),
            };
            wrong(found, kind, at);
            Ok(None)
        }
    }
}

/// A `DAV:status`'s status line, as the server sent it (reason phrase included).
fn read_status(
    value: &mut ValueReader<'_>,
    found: &mut Wrong,
) -> Result<Option<StatusLine<'static>>, ValueError> {
    let Some((text, at)) = read_text(value, "status", found)? else {
        return Ok(None);
    };
    match StatusLine::parse(text) {
        Ok(status) => Ok(Some(status.into_owned())),
        Err(e) => {
            let kind = ReadErrorKind::InvalidContent {
                element: Name::dav("status"),
                message: e.to_string(),
            };
            wrong(found, kind, at);
            Ok(None)
        }
    }
}

/// A `DAV:responsedescription`: its text (elements in it, such as XHTML some servers send,
/// are left out) and the language in scope.
fn read_description(value: &mut ValueReader<'_>) -> Result<Description<'static>, ValueError> {
    let lang = value.lang().map(str::to_owned);
    let tree = value.tree()?;
    let description = Description::new(tree.text().into_owned());
    Ok(match lang {
        Some(lang) => description.with_lang(lang),
        None => description,
    })
}

/// A `DAV:error`: its child elements, as trees.
fn read_error(value: &mut ValueReader<'_>) -> Result<DavError, ValueError> {
    let mut conditions = Vec::new();
    while let Some(mut condition) = value.next_child()? {
        conditions.push(condition.tree()?);
    }
    Ok(DavError { conditions })
}

/// What a response collects as it is read.
struct Collected<P: ParseSet> {
    hrefs: Vec<Href<'static>>,
    status: Option<StatusLine<'static>>,
    props: Option<PropstatsOf<P>>,
    error: Option<DavError>,
    description: Option<Description<'static>>,
    location: Option<Href<'static>>,
}

/// Reads a `DAV:response` (just started).
fn response<P: ParseSet, I: Input>(
    core: &mut Core<I>,
    pending: &mut Pending<P::Name>,
) -> Result<Result<ParsedResponse<P>, ReadError>, ReadError> {
    let start = core.start_at();
    let mut found: Wrong = None;
    let mut got = Collected::<P> {
        hrefs: Vec::with_capacity(1),
        status: None,
        props: None,
        error: None,
        description: None,
        location: None,
    };
    read_response(&mut ValueReader::new(core), &mut got, pending, &mut found).map_err(fatal)?;
    if let Some((kind, at)) = found {
        return Ok(Err(core.error(kind, at)));
    }
    let missing = |expected| ReadErrorKind::MissingContent {
        element: Name::dav("response"),
        expected,
    };
    if got.hrefs.is_empty() {
        return Ok(Err(core.error(missing("a DAV:href"), start)));
    }
    let body = match (got.props, got.status) {
        (Some(props), _) => ParsedBody::Propstats(props),
        (None, Some(status)) => ParsedBody::Status(status),
        (None, None) => {
            return Ok(Err(
                core.error(missing("a DAV:propstat or a DAV:status"), start)
            ));
        }
    };
    Ok(Ok(ParsedResponse {
        hrefs: got.hrefs,
        body,
        error: got.error,
        description: got.description,
        location: got.location,
    }))
}

fn read_response<P: ParseSet>(
    value: &mut ValueReader<'_>,
    got: &mut Collected<P>,
    pending: &mut Pending<P::Name>,
    found: &mut Wrong,
) -> Result<(), ValueError> {
    while let Some(mut child) = value.next_child()? {
        match child.name() {
            (DAV, "href") => {
                if let Some(href) = read_href(&mut child, found)? {
                    got.hrefs.push(href);
                }
            }
            (DAV, "propstat") => {
                let props = got.props.get_or_insert_with(|| PropstatsOf {
                    props: P::unreported(),
                    places: P::Statuses::empty(),
                    count: 0,
                    propstats: Vec::with_capacity(2),
                    unknown: Vec::new(),
                    repeated: Vec::new(),
                    invalid: Vec::new(),
                });
                read_propstat(&mut child, props, pending, found)?;
            }
            (DAV, "status") => got.status = read_status(&mut child, found)?,
            (DAV, "error") => got.error = Some(read_error(&mut child)?),
            (DAV, "responsedescription") => got.description = Some(read_description(&mut child)?),
            (DAV, "location") => {
                let at = child.text_start();
                match Href::parse_value(&mut child) {
                    Ok(href) => got.location = Some(href.into_owned()),
                    Err(e) if e.is_fatal() => return Err(e),
                    Err(e) => {
                        let kind = ReadErrorKind::InvalidContent {
                            element: Name::dav("location"),
                            message: e.kind().to_string(),
                        };
                        wrong(found, kind, at);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// What a propstat's `DAV:prop` held, each with its position, kept until its status is
/// known (it follows); reused from propstat to propstat.
struct Pending<N> {
    names: Vec<N>,
    invalid: Vec<(N, ValueError, DeadProperty)>,
    unknown: Vec<(DeadProperty, u32)>,
    repeated: Vec<(DeadProperty, u32)>,
}

impl<N> Default for Pending<N> {
    fn default() -> Self {
        Self {
            names: Vec::new(),
            invalid: Vec::new(),
            unknown: Vec::new(),
            repeated: Vec::new(),
        }
    }
}

/// Reads a `DAV:propstat` into `props`: each known property's value into its field (reset
/// when the status turns out to be an error), the others kept with the status.
fn read_propstat<P: ParseSet>(
    propstat: &mut ValueReader<'_>,
    props: &mut PropstatsOf<P>,
    pending: &mut Pending<P::Name>,
    found: &mut Wrong,
) -> Result<(), ValueError> {
    let start = propstat.text_start();
    pending.names.clear();
    pending.invalid.clear();
    pending.unknown.clear();
    pending.repeated.clear();
    // The index this propstat gets once its status is read (without one, the response is
    // an error).
    let index = props.propstats.len();
    let propstat_number = u32::try_from(index + 1).unwrap_or(u32::MAX);
    let mut status = None;
    let mut error = None;
    let mut description = None;
    while let Some(mut child) = propstat.next_child()? {
        match child.name() {
            (DAV, "prop") => read_prop(&mut child, props, propstat_number, pending)?,
            (DAV, "status") => {
                let at = child.text_start();
                status = read_status(&mut child, found)?;
                if status
                    .as_ref()
                    .is_some_and(|s| s.status() == Status::MULTI_STATUS)
                {
                    let kind = ReadErrorKind::InvalidContent {
                        element: Name::dav("status"),
                        message: "207 Multi-Status is the status of the whole body, never of \
                                  a propstat"
                            .to_owned(),
                    };
                    wrong(found, kind, at);
                }
            }
            (DAV, "error") => error = Some(read_error(&mut child)?),
            (DAV, "responsedescription") => description = Some(read_description(&mut child)?),
            _ => {}
        }
    }
    let Some(status) = status else {
        if found.is_none() {
            let kind = ReadErrorKind::MissingContent {
                element: Name::dav("propstat"),
                expected: "a DAV:status",
            };
            wrong(found, kind, start);
        }
        return Ok(());
    };
    let success = (200..300).contains(&u16::from(status.status()));
    if !success {
        for &name in &pending.names {
            props.props.property_status(name, status.status());
        }
    }
    if success {
        for (name, error, raw) in pending.invalid.drain(..) {
            props.invalid.push(InvalidValue {
                name,
                error,
                raw,
                status: status.clone(),
            });
        }
    }
    let kept = |(property, position): (DeadProperty, u32)| UnknownProperty {
        property,
        status: status.clone(),
        propstat: index,
        position: usize::try_from(position).unwrap_or(usize::MAX),
    };
    for (property, position) in pending.unknown.drain(..) {
        if success {
            props.props.keep_dead(&property);
        }
        props.unknown.push(kept((property, position)));
    }
    props.repeated.extend(pending.repeated.drain(..).map(kept));
    let mut propstat = Propstat::new(status, ());
    propstat.error = error;
    propstat.description = description;
    props.propstats.push(propstat);
    Ok(())
}

/// Reads the properties of a `DAV:prop` (of the propstat numbered `propstat`, from 1):
/// known ones into their fields, others raw; a known one reported before in the response
/// raw too.
fn read_prop<P: ParseSet>(
    prop: &mut ValueReader<'_>,
    props: &mut PropstatsOf<P>,
    propstat: u32,
    pending: &mut Pending<P::Name>,
) -> Result<(), ValueError> {
    while let Some(mut property) = prop.next_child()? {
        let position = props.count;
        props.count = props.count.saturating_add(1);
        let (namespace, local) = property.name();
        let Some(name) = P::Name::from_name(namespace, local) else {
            pending.unknown.push((property.raw()?, position));
            continue;
        };
        let slot = P::slot(name);
        if props.places.get(slot).propstat != 0 {
            pending.repeated.push((property.raw()?, position));
            continue;
        }
        props.places.set(slot, Place { propstat, position });
        pending.names.push(name);
        match props.props.parse_property(name, &mut property) {
            Ok(()) => property.skip()?,
            Err(e) if e.is_fatal() => return Err(e),
            Err(e) => pending.invalid.push((name, e, property.raw()?)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::NoProperties;

    /// Each unknown property declares the bindings in scope where it is, also when the
    /// bindings change between two of them (the core reuses the declarations of the last
    /// capture while they stay the same).
    #[test]
    fn captured_declarations_follow_the_bindings() {
        let body = br#"<D:multistatus xmlns:D="DAV:" xmlns:x="urn:1">
<D:response><D:href>/a</D:href><D:propstat><D:prop><x:p/><x:q xml:lang="en"/><x:r/></D:prop>
<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>
<D:response xmlns:x="urn:2"><D:href>/b</D:href><D:propstat><D:prop><x:p/>
<y:p xmlns:y="urn:3"/><x:p/></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>
<D:response><D:href>/c</D:href><D:propstat><D:prop><x:p/></D:prop>
<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>
</D:multistatus>"#;
        let mut xml = Vec::new();
        for response in MultistatusReader::<NoProperties, _>::from_slice(body) {
            let response = response.map_err(|e| e.to_string());
            let Ok(response) = response else {
                return assert!(response.is_ok(), "{response:?}");
            };
            for unknown in response
                .propstats()
                .map(|p| &p.unknown[..])
                .unwrap_or_default()
            {
                xml.push(unknown.property.xml().to_owned());
            }
        }
        let in_scope = |ns: &str| format!(r#" xmlns:D="DAV:" xmlns:x="{ns}""#);
        assert_eq!(
            xml,
            [
                format!("<x:p{}/>", in_scope("urn:1")),
                format!(r#"<x:q{} xml:lang="en"/>"#, in_scope("urn:1")),
                format!("<x:r{}/>", in_scope("urn:1")),
                format!("<x:p{}/>", in_scope("urn:2")),
                format!(r#"<y:p{} xmlns:y="urn:3"/>"#, in_scope("urn:2")),
                format!("<x:p{}/>", in_scope("urn:2")),
                format!("<x:p{}/>", in_scope("urn:1")),
            ]
        );
    }
}
