//! Parsing of WebDAV request bodies and headers (PROPFIND, PROPPATCH, Depth, Prefer).
//!
//! Bodies are read with the hardened [`reader`](crate::reader), so every rule there (no
//! DTD, limits, namespace checks) applies; errors are [`ReadError`]s that map to
//! `400 Bad Request` (or `413 Content Too Large` for the limits, [`Limits::max_names`]
//! included). Unknown elements are ignored, as RFC 4918 §17 requires.
//!
//! ```
//! use multistatus_core::request::{Depth, Propfind};
//! use multistatus_core::name::Name;
//!
//! let body = br#"<?xml version="1.0" encoding="utf-8" ?>
//! <D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>"#;
//! assert_eq!(Propfind::parse(body).unwrap(), Propfind::Prop(vec![Name::dav("getetag")]));
//! assert_eq!(Depth::for_propfind(Some("1")).unwrap(), Depth::One);
//! ```

use std::borrow::Cow;
use std::fmt;

use crate::model::dead::DeadProperty;
use crate::model::xml::Element;
use crate::name::Name;
use crate::reader::{Distinct, Limits, ReadError, ReadErrorKind, RequestEvents, Tree, is_blank};

use super::events::Token;
use crate::{DavError, Error, Status};

/// A parsed `PROPFIND` body (RFC 4918 §9.1, §14.20).
///
/// Property names keep document order; a name listed twice is kept once, at its first
/// occurrence.
///
/// ```
/// use multistatus_core::request::Propfind;
/// assert_eq!(Propfind::parse(b"").unwrap(), Propfind::AllProp { include: vec![] });
/// assert_eq!(
///     Propfind::parse(br#"<propfind xmlns="DAV:"><propname/></propfind>"#).unwrap(),
///     Propfind::PropName,
/// );
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Propfind {
    /// `DAV:allprop`: the dead properties and the live properties the server puts in
    /// `allprop`, plus those named in `DAV:include`. An empty body means this, with no
    /// `include` (RFC 4918 §9.1).
    AllProp {
        /// The properties named in `DAV:include`, in document order.
        include: Vec<Name<'static>>,
    },
    /// `DAV:propname`: the names of all properties, without values.
    PropName,
    /// `DAV:prop`: these properties, in document order, in any namespace (or none).
    Prop(Vec<Name<'static>>),
}

impl Propfind {
    /// Parses a `PROPFIND` body with the default [`Limits`].
    ///
    /// An empty body (no bytes, or only whitespace, after a byte order mark if there is one)
    /// is `allprop`. The root must be
    /// `DAV:propfind` and hold exactly one of `DAV:allprop` (optionally with
    /// `DAV:include`), `DAV:propname` or `DAV:prop`; other elements are ignored.
    ///
    /// ```
    /// use multistatus_core::name::Name;
    /// use multistatus_core::request::Propfind;
    /// let body = br#"<D:propfind xmlns:D="DAV:">
    ///   <D:allprop/>
    ///   <D:include><D:supported-report-set/></D:include>
    /// </D:propfind>"#;
    /// assert_eq!(
    ///     Propfind::parse(body).unwrap(),
    ///     Propfind::AllProp { include: vec![Name::dav("supported-report-set")] },
    /// );
    /// ```
    pub fn parse(body: &[u8]) -> Result<Self, ReadError> {
        Self::parse_with(body, &Limits::DEFAULT)
    }

    /// Parses a `PROPFIND` body with the given [`Limits`]; the names of `DAV:prop` and
    /// `DAV:include` count against [`Limits::max_names`].
    ///
    /// ```
    /// use multistatus_core::reader::{Limits, ReadErrorKind};
    /// use multistatus_core::request::Propfind;
    /// let limits = Limits { max_bytes: 8, ..Limits::default() };
    /// let err = Propfind::parse_with(b"<propfind xmlns='DAV:'><allprop/></propfind>", &limits)
    ///     .unwrap_err();
    /// assert_eq!(err.kind(), &ReadErrorKind::TooLarge { max_bytes: 8 });
    ///
    /// let limits = Limits { max_names: 2, ..Limits::default() };
    /// let body = b"<propfind xmlns='DAV:'><prop><a/><b/><c/></prop></propfind>";
    /// let err = Propfind::parse_with(body, &limits).unwrap_err();
    /// assert_eq!(err.kind(), &ReadErrorKind::TooManyNames { max_names: 2 });
    /// assert_eq!(err.position(), 37); // the third name, `<c/>`
    /// ```
    pub fn parse_with(body: &[u8], limits: &Limits) -> Result<Self, ReadError> {
        if body.len() <= limits.max_bytes && is_blank(body) {
            return Ok(Self::AllProp {
                include: Vec::new(),
            });
        }
        let mut events = RequestEvents::open(body, limits, "propfind")?;
        // The text of a PROPFIND means nothing (it is still checked).
        events.core.skip_text = true;
        let root_at = events.core.start_at();
        let mut kind: Option<Kind> = None;
        // The child of the root being read (what it is, where it starts).
        let mut child: Option<(Child, usize)> = None;
        // Room for what clients send (iOS asks for 10 to 20 names): no growth on the way.
        let mut props = Distinct::with_capacity(16);
        let mut include = Distinct::new();
        loop {
            match events.core.next(false)? {
                Token::Start if events.refused() => {}
                Token::Start => match events.core.depth() {
                    2 => {
                        let found = match events.dav_local() {
                            Some("allprop") => Child::Kind(Kind::AllProp),
                            Some("propname") => Child::Kind(Kind::PropName),
                            Some("prop") => Child::Kind(Kind::Prop),
                            Some("include") => Child::Include,
                            _ => Child::Other,
                        };
                        child = Some((found, events.core.start_at()));
                    }
                    // A property name: its content, if any, is ignored.
                    3 => {
                        let names = match child {
                            Some((Child::Kind(Kind::Prop), _)) => &mut props,
                            Some((Child::Include, _)) => &mut include,
                            _ => continue,
                        };
                        if events.count_name() {
                            let name = events.name();
                            if names.position(&name).is_none() {
                                events.charge_name(&name)?;
                                names.push_new(name);
                            }
                        }
                    }
                    _ => {}
                },
                // A child of the root ended: one kind of request only (checked at its end,
                // after its names, as they come first in the document).
                Token::End if events.core.depth() == 1 && !events.refused() => {
                    if let Some((Child::Kind(found), at)) = child.take() {
                        match kind {
                            None => kind = Some(found),
                            Some(seen) if seen == found => {}
                            Some(_) => events.refuse(
                                ReadErrorKind::ConflictingContent {
                                    element: Name::dav("propfind"),
                                    message: "it must hold only one of DAV:allprop, DAV:propname or DAV:prop",
                                },
                                at,
                            ),
                        }
                    }
                }
                Token::Eof => break,
                Token::End | Token::Text { .. } => {}
            }
        }
        if kind.is_none() {
            events.refuse(
                ReadErrorKind::MissingContent {
                    element: Name::dav("propfind"),
                    expected: "one of DAV:allprop, DAV:propname or DAV:prop",
                },
                root_at,
            );
        }
        events.finish()?;
        Ok(match kind {
            Some(Kind::AllProp) => Self::AllProp {
                include: include.into_vec(),
            },
            Some(Kind::PropName) => Self::PropName,
            _ => Self::Prop(props.into_vec()),
        })
    }

    /// The property names this request lists: those of `prop`, or the `include` of
    /// `allprop`; empty for `propname`.
    ///
    /// ```
    /// use multistatus_core::name::Name;
    /// use multistatus_core::request::Propfind;
    /// let p = Propfind::Prop(vec![Name::dav("getetag")]);
    /// assert_eq!(p.names(), &[Name::dav("getetag")]);
    /// assert!(Propfind::PropName.names().is_empty());
    /// ```
    #[must_use]
    pub fn names(&self) -> &[Name<'static>] {
        match self {
            Self::AllProp { include } => include,
            Self::PropName => &[],
            Self::Prop(names) => names,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    AllProp,
    PropName,
    Prop,
}

/// A child of `DAV:propfind`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Child {
    Kind(Kind),
    Include,
    Other,
}

/// A parsed `PROPPATCH` body (RFC 4918 §9.2, §14.19): the `set` and `remove` instructions,
/// in document order, to be applied all or nothing.
///
/// ```
/// use multistatus_core::request::{Instruction, PropertyUpdate};
/// let body = br#"<D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:z">
///   <D:set><D:prop><Z:color xml:lang="en">red</Z:color></D:prop></D:set>
///   <D:remove><D:prop><Z:size/></D:prop></D:remove>
/// </D:propertyupdate>"#;
/// let update = PropertyUpdate::parse(body).unwrap();
/// let Instruction::Set(color) = &update.instructions[0] else { panic!() };
/// assert!(color.name().is("urn:z", "color"));
/// assert_eq!(color.text(), "red");
/// assert_eq!(color.lang(), Some("en"));
/// // As a dead property: the client's bytes, with the namespaces in scope declared.
/// assert_eq!(
///     color.property().xml(),
///     r#"<Z:color xmlns:D="DAV:" xmlns:Z="urn:z" xml:lang="en">red</Z:color>"#,
/// );
/// assert!(matches!(&update.instructions[1], Instruction::Remove(n) if n.is("urn:z", "size")));
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct PropertyUpdate {
    /// The instructions, in document order; each `set` or `remove` of several properties
    /// becomes one instruction per property.
    pub instructions: Vec<Instruction>,
}

/// One instruction of a [`PropertyUpdate`].
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Instruction {
    /// Set the property to this value: as a tree (for typed properties) and as the client's
    /// XML (for a dead property store).
    Set(SetProperty),
    /// Remove the property with this name.
    Remove(Name<'static>),
}

impl Instruction {
    /// The name of the property this instruction is about.
    ///
    /// ```
    /// use multistatus_core::name::Name;
    /// use multistatus_core::request::Instruction;
    /// assert_eq!(Instruction::Remove(Name::dav("x")).name(), &Name::dav("x"));
    /// ```
    #[must_use]
    pub fn name(&self) -> &Name<'static> {
        match self {
            Self::Set(set) => set.name(),
            Self::Remove(name) => name,
        }
    }

    /// A `set` instruction built in code (a client's request), from the property element:
    /// see [`SetProperty::new`].
    ///
    /// # Errors
    /// When the element cannot be written ([`DeadProperty::from_element`]).
    pub fn set(element: Element) -> Result<Self, Error> {
        SetProperty::new(element).map(Self::Set)
    }
}

/// The property of a `set` instruction, in the two forms a server needs:
///
/// - [`element`](Self::element): a tree with expanded names, to read a typed property's
///   value from ([`text`](Self::text), [`lang`](Self::lang), attributes). It keeps the
///   value's text, whitespace included, and an `xml:lang` in scope on an ancestor in the
///   request is copied onto it (RFC 4918 §4.3);
/// - [`property`](Self::property): the same element as a [`DeadProperty`], the client's own
///   bytes (prefixes, attributes, whitespace, comments, character references) with every
///   namespace binding in scope and the `xml:lang` in scope declared on its start tag, for a
///   dead property store.
///
/// Two are equal when their trees are (the client's choice of prefixes is not compared).
///
/// ```
/// use multistatus_core::request::{Instruction, PropertyUpdate};
/// let body = br#"<D:propertyupdate xmlns:D="DAV:" xmlns:A="http://apple.com/ns/ical/">
///   <D:set xml:lang="fr"><D:prop>
///     <A:calendar-color symbolic-color="custom">#FF2968</A:calendar-color>
///   </D:prop></D:set>
/// </D:propertyupdate>"#;
/// let update = PropertyUpdate::parse(body).unwrap();
/// let Instruction::Set(color) = &update.instructions[0] else { panic!() };
/// assert_eq!(color.element().attribute("", "symbolic-color"), Some("custom"));
/// assert_eq!(color.lang(), Some("fr"));
/// assert_eq!(
///     color.property().xml(),
///     concat!(
///         r#"<A:calendar-color xmlns:D="DAV:" xmlns:A="http://apple.com/ns/ical/" xml:lang="fr""#,
///         r#" symbolic-color="custom">#FF2968</A:calendar-color>"#,
///     ),
/// );
/// ```
#[derive(Clone, Debug)]
pub struct SetProperty {
    element: Element,
    property: DeadProperty,
}

impl SetProperty {
    /// A `set` of `element`, built in code: its dead property is the element as this crate's
    /// writer writes it ([`DeadProperty::from_element`]).
    ///
    /// # Errors
    /// When the element cannot be written ([`DeadProperty::from_element`]).
    pub fn new(element: Element) -> Result<Self, Error> {
        let property = DeadProperty::from_element(&element)?;
        Ok(Self { element, property })
    }

    /// The property's name.
    #[must_use]
    pub fn name(&self) -> &Name<'static> {
        self.element.name()
    }

    /// The property element as a tree.
    #[must_use]
    pub fn element(&self) -> &Element {
        &self.element
    }

    /// The property element as a dead property: the client's bytes, self-contained.
    #[must_use]
    pub fn property(&self) -> &DeadProperty {
        &self.property
    }

    /// The text of the value (its direct text children), for a typed text property.
    #[must_use]
    pub fn text(&self) -> Cow<'_, str> {
        self.element.text()
    }

    /// The language in scope where the client wrote the property: its own `xml:lang`, or
    /// the nearest ancestor's.
    #[must_use]
    pub fn lang(&self) -> Option<&str> {
        self.element.lang()
    }

    /// The dead property, for a store.
    #[must_use]
    pub fn into_property(self) -> DeadProperty {
        self.property
    }

    /// The tree and the dead property.
    #[must_use]
    pub fn into_parts(self) -> (Element, DeadProperty) {
        (self.element, self.property)
    }
}

impl PartialEq for SetProperty {
    fn eq(&self, other: &Self) -> bool {
        self.element == other.element
    }
}

impl Eq for SetProperty {}

impl PropertyUpdate {
    /// Parses a `PROPPATCH` body with the default [`Limits`].
    ///
    /// The root must be `DAV:propertyupdate` holding at least one `DAV:set` or
    /// `DAV:remove`, and each of those a `DAV:prop` with at least one property; other
    /// elements are ignored.
    ///
    /// ```
    /// use multistatus_core::reader::ReadErrorKind;
    /// use multistatus_core::request::PropertyUpdate;
    /// let err = PropertyUpdate::parse(br#"<propertyupdate xmlns="DAV:"><set/></propertyupdate>"#)
    ///     .unwrap_err();
    /// assert!(matches!(err.kind(), ReadErrorKind::MissingContent { .. }));
    /// assert!(err.to_string().contains("{DAV:}set must contain"), "{err}");
    /// ```
    pub fn parse(body: &[u8]) -> Result<Self, ReadError> {
        Self::parse_with(body, &Limits::DEFAULT)
    }

    /// Parses a `PROPPATCH` body with the given [`Limits`].
    ///
    /// ```
    /// use multistatus_core::reader::{Limits, ReadErrorKind};
    /// use multistatus_core::request::PropertyUpdate;
    /// let limits = Limits { max_depth: 3, ..Limits::default() };
    /// let body = br#"<propertyupdate xmlns="DAV:"><set><prop><a><b/></a></prop></set></propertyupdate>"#;
    /// let err = PropertyUpdate::parse_with(body, &limits).unwrap_err();
    /// assert_eq!(err.kind(), &ReadErrorKind::TooDeep { max_depth: 3 });
    /// ```
    pub fn parse_with(body: &[u8], limits: &Limits) -> Result<Self, ReadError> {
        let mut events = RequestEvents::open(body, limits, "propertyupdate")?;
        let root_at = events.core.start_at();
        // Each property a `set` holds is read into a tree and captured as a dead property.
        let mut tree = Tree::new(false);
        tree.capture = true;
        let mut instructions = Vec::new();
        let mut any = false;
        // The `set` or `remove` being read (whether it is a `set`, where it starts, the
        // instructions before it), and whether a `DAV:prop` in it is open.
        let mut instruction: Option<(bool, usize, usize)> = None;
        let mut in_prop = false;
        loop {
            match events.core.next(false)? {
                Token::Start if events.refused() => {}
                Token::Start => match events.core.depth() {
                    2 => {
                        instruction = match events.dav_local() {
                            Some("set") => Some((true, events.core.start_at(), instructions.len())),
                            Some("remove") => {
                                Some((false, events.core.start_at(), instructions.len()))
                            }
                            _ => None,
                        };
                        any |= instruction.is_some();
                    }
                    3 => in_prop = instruction.is_some() && events.is_dav("prop"),
                    4 if in_prop => {
                        if !events.count_name() {
                            continue;
                        }
                        match instruction {
                            Some((true, ..)) => {
                                let set = set_property(&mut events, &mut tree)?;
                                instructions.push(Instruction::Set(set));
                            }
                            _ => {
                                let name = events.name();
                                events.charge_name(&name)?;
                                instructions.push(Instruction::Remove(name));
                            }
                        }
                    }
                    _ => {}
                },
                Token::End if !events.refused() => match events.core.depth() {
                    2 => in_prop = false,
                    // A `set` or `remove` ended: it must have held a property.
                    1 => {
                        if let Some((set, at, before)) = instruction.take()
                            && instructions.len() == before
                        {
                            let element = Name::dav(if set { "set" } else { "remove" });
                            events.refuse(
                                ReadErrorKind::MissingContent {
                                    element,
                                    expected: "a DAV:prop holding at least one property",
                                },
                                at,
                            );
                        }
                    }
                    _ => {}
                },
                Token::Eof => break,
                Token::End | Token::Text { .. } => {}
            }
        }
        if !any {
            events.refuse(
                ReadErrorKind::MissingContent {
                    element: Name::dav("propertyupdate"),
                    expected: "at least one DAV:set or DAV:remove",
                },
                root_at,
            );
        }
        events.finish()?;
        Ok(Self { instructions })
    }
}

/// The property of a `set` the events have just started, read whole: its tree, and its
/// XML captured as a dead property. The language in scope where the client wrote the
/// property, when it sets none, is copied onto the tree, first among its attributes (where
/// its dead property declares it too); the copy counts against the tree's budget, or a long
/// language over many properties would multiply (the capture counted the dead property's).
fn set_property(events: &mut RequestEvents<'_>, tree: &mut Tree) -> Result<SetProperty, ReadError> {
    let at = events.core.start_at();
    let mut element = tree.read(&mut events.core)?;
    let Some((_, property)) = tree.captured.pop() else {
        return Err(events.core.error(
            ReadErrorKind::Malformed {
                message: "a property the reader did not capture".into(),
            },
            at,
        ));
    };
    if element.lang().is_none()
        && let Some(lang) = property.lang()
    {
        events.core.charge(lang.len(), at)?;
        element.inherit_lang(lang);
    }
    Ok(SetProperty { element, property })
}

/// The `Depth` request header (RFC 4918 §10.2).
///
/// ```
/// use multistatus_core::request::Depth;
/// assert_eq!(Depth::parse(Some(" Infinity "), Depth::Zero).unwrap(), Depth::Infinity);
/// assert_eq!(Depth::parse(None, Depth::Zero).unwrap(), Depth::Zero);
/// assert!(Depth::parse(Some("2"), Depth::Zero).is_err());
/// assert_eq!(Depth::One.to_string(), "1");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Depth {
    /// `Depth: 0`: the resource only.
    Zero,
    /// `Depth: 1`: the resource and its internal members.
    One,
    /// `Depth: infinity`: the resource and all its descendants.
    Infinity,
}

impl Depth {
    /// Parses the header's value, or gives `default` when the header is absent.
    /// Surrounding whitespace is ignored and `infinity` is matched case-insensitively;
    /// anything but `0`, `1` or `infinity` is an error (400 Bad Request).
    ///
    /// ```
    /// use multistatus_core::request::Depth;
    /// assert_eq!(Depth::parse(Some("0"), Depth::Infinity).unwrap(), Depth::Zero);
    /// let err = Depth::parse(Some("0, 1"), Depth::Infinity).unwrap_err();
    /// assert_eq!(err.value(), "0, 1");
    /// ```
    pub fn parse(header: Option<&str>, default: Depth) -> Result<Depth, InvalidDepth> {
        let Some(value) = header else {
            return Ok(default);
        };
        match value.trim_matches([' ', '\t']) {
            "0" => Ok(Self::Zero),
            "1" => Ok(Self::One),
            v if v.eq_ignore_ascii_case("infinity") => Ok(Self::Infinity),
            _ => Err(InvalidDepth {
                value: value.to_owned(),
            }),
        }
    }

    /// The depth of a `PROPFIND`: an absent header means `infinity` (RFC 4918 §9.1).
    ///
    /// ```
    /// use multistatus_core::request::Depth;
    /// assert_eq!(Depth::for_propfind(None).unwrap(), Depth::Infinity);
    /// assert_eq!(Depth::for_propfind(Some("1")).unwrap(), Depth::One);
    /// ```
    pub fn for_propfind(header: Option<&str>) -> Result<Depth, InvalidDepth> {
        Self::parse(header, Self::Infinity)
    }

    /// Refuses `infinity`, for a server that does not answer `Depth: infinity` PROPFIND
    /// requests: it must then answer `403 Forbidden` with the `DAV:propfind-finite-depth`
    /// precondition in a `DAV:error` body (RFC 4918 §9.1), which [`DepthRefused`] gives.
    ///
    /// ```
    /// use multistatus_core::request::Depth;
    /// use multistatus_core::Status;
    /// assert_eq!(Depth::One.require_finite().unwrap(), Depth::One);
    /// let refused = Depth::Infinity.require_finite().unwrap_err();
    /// assert_eq!(refused.http_status(), Status::FORBIDDEN);
    /// assert!(refused.dav_error().has("DAV:", "propfind-finite-depth"));
    /// ```
    pub fn require_finite(self) -> Result<Depth, DepthRefused> {
        match self {
            Self::Infinity => Err(DepthRefused),
            finite => Ok(finite),
        }
    }

    /// The header value: `0`, `1` or `infinity`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Zero => "0",
            Self::One => "1",
            Self::Infinity => "infinity",
        }
    }
}

impl fmt::Display for Depth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A `Depth` header that is not `0`, `1` or `infinity`: answer `400 Bad Request`.
///
/// ```
/// use multistatus_core::request::Depth;
/// use multistatus_core::Status;
/// let err = Depth::for_propfind(Some("2")).unwrap_err();
/// assert_eq!(err.http_status(), Status::BAD_REQUEST);
/// assert_eq!(err.to_string(), "invalid Depth header \"2\": expected 0, 1 or infinity");
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct InvalidDepth {
    value: String,
}

impl InvalidDepth {
    /// The header value as received.
    #[must_use]
    pub fn value(&self) -> &str {
        &self.value
    }

    /// `400 Bad Request`.
    #[must_use]
    pub fn http_status(&self) -> Status {
        Status::BAD_REQUEST
    }
}

impl fmt::Display for InvalidDepth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid Depth header {:?}: expected 0, 1 or infinity",
            self.value
        )
    }
}

impl std::error::Error for InvalidDepth {}

/// A `Depth: infinity` PROPFIND the server refuses: answer [`http_status`](Self::http_status)
/// (403 Forbidden) with [`dav_error`](Self::dav_error) (`DAV:propfind-finite-depth`) as body.
///
/// ```
/// use multistatus_core::request::DepthRefused;
/// assert_eq!(
///     DepthRefused.to_string(),
///     "PROPFIND with Depth: infinity is not supported (DAV:propfind-finite-depth)",
/// );
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct DepthRefused;

impl DepthRefused {
    /// `403 Forbidden` (RFC 4918 §9.1).
    #[must_use]
    pub fn http_status(&self) -> Status {
        Status::FORBIDDEN
    }

    /// The `DAV:error` to send: `<D:error><D:propfind-finite-depth/></D:error>`.
    #[must_use]
    pub fn dav_error(&self) -> DavError {
        DavError::dav("propfind-finite-depth")
    }
}

impl fmt::Display for DepthRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PROPFIND with Depth: infinity is not supported (DAV:propfind-finite-depth)")
    }
}

impl std::error::Error for DepthRefused {}

/// Whether the client asked for a minimal answer: `Prefer: return=minimal` (RFC 7240 §4.2,
/// as RFC 8144 §2 applies it to PROPFIND and PROPPATCH: leave out the 404 propstats), or the
/// legacy `Brief: t` header.
///
/// `prefer` is every `Prefer` header value received (a header may be repeated, and each
/// value may hold several comma-separated preferences with `;` parameters). Names and
/// the `minimal` token are matched case-insensitively, whitespace is tolerated and the
/// value may be quoted. As RFC 7240 §2 says, when `return` is given more than once only
/// the first counts; when it is absent, `Brief: t` (case-insensitive) asks for minimal.
///
/// ```
/// use multistatus_core::request::return_minimal;
/// assert!(return_minimal(["return=minimal"], None));
/// assert!(return_minimal(["respond-async, RETURN = \"Minimal\"; foo=bar"], None));
/// assert!(return_minimal(["wait=10", "return=minimal"], None));
/// assert!(!return_minimal(["return=representation", "return=minimal"], None));
/// assert!(!return_minimal([], None));
/// assert!(return_minimal([], Some(" T ")));
/// assert!(!return_minimal([], Some("f")));
/// ```
pub fn return_minimal<'a>(prefer: impl IntoIterator<Item = &'a str>, brief: Option<&str>) -> bool {
    for value in prefer {
        for preference in split_unquoted(value, ',') {
            let token = split_unquoted(preference, ';').next().unwrap_or_default();
            let (name, value) = match token.split_once('=') {
                Some((name, value)) => (name.trim(), unquote(value.trim())),
                None => (token.trim(), String::new()),
            };
            if name.eq_ignore_ascii_case("return") {
                return value.eq_ignore_ascii_case("minimal");
            }
        }
    }
    brief.is_some_and(|b| b.trim().eq_ignore_ascii_case("t"))
}

/// Splits `s` on `separator` outside double-quoted strings (which may hold `\` escapes).
fn split_unquoted(s: &str, separator: char) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let current = rest?;
        let mut quoted = false;
        let mut escaped = false;
        for (i, c) in current.char_indices() {
            if escaped {
                escaped = false;
            } else if quoted && c == '\\' {
                escaped = true;
            } else if c == '"' {
                quoted = !quoted;
            } else if c == separator && !quoted {
                rest = current.get(i + c.len_utf8()..);
                return current.get(..i);
            }
        }
        rest = None;
        Some(current)
    })
}

/// The content of an RFC 9110 quoted-string, or `s` itself when not quoted.
fn unquote(s: &str) -> String {
    let Some(inner) = s.strip_prefix('"').and_then(|s| s.strip_suffix('"')) else {
        return s.to_owned();
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_respects_quotes() {
        let parts: Vec<&str> = split_unquoted(r#"a="x,y", b"#, ',').collect();
        assert_eq!(parts, [r#"a="x,y""#, " b"]);
        let parts: Vec<&str> = split_unquoted(r#"a="x\",y", b"#, ',').collect();
        assert_eq!(parts, [r#"a="x\",y""#, " b"]);
        assert_eq!(split_unquoted("", ',').collect::<Vec<_>>(), [""]);
        assert_eq!(unquote(r#""a\"b""#), "a\"b");
        assert_eq!(unquote("\""), "\"");
    }

    #[test]
    fn prefer_edge_cases() {
        assert!(!return_minimal(["return"], Some("t")));
        assert!(!return_minimal(["return-minimal"], None));
        assert!(return_minimal(["return-x=1, return=minimal"], None));
        assert!(!return_minimal([r#"foo="return=minimal""#], None));
        assert!(return_minimal(["", " , return=minimal ;x"], None));
    }

    #[test]
    fn positions_follow_document_order() {
        let body = b"<propertyupdate xmlns='DAV:'><x><y/></x><set><prop/></set></propertyupdate>";
        let err = PropertyUpdate::parse(body).err();
        assert!(
            matches!(&err, Some(e) if e.position() == 40),
            "{err:?} {}",
            String::from_utf8_lossy(body.get(40..).unwrap_or_default())
        );
    }
}
