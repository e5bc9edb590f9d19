//! Property values: implementations of [`PropertyValue`] for std types, and the value types of
//! RFC 4918 (`resourcetype`, `supportedlock`, `lockdiscovery`), RFC 5842 (`resource-id`), dates,
//! and raw XML for dead properties.

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;
use std::time::SystemTime;

use crate::model::href::Href;
use crate::model::xml::{Attribute, Element, Node, set_attribute};
use crate::name::{DAV, Name, Tag, XML_LANG};
use crate::prop::{
    AttributeValue, ListItem, NameTree, ParseField, ParseListItem, ParseSet, ParseText, ParseValue,
    Plain, PropState, PropertyName, PropertySet, PropertyValue, Slots,
};
use crate::read::events::{shared_local, shared_namespace};
use crate::read::value::{ValueError, ValueErrorKind, ValueReader};
use crate::request::SetProperty;
use crate::write::{Attributes, Sink, TextSink};
use crate::{Error, Status};

macro_rules! text_value {
    ($($t:ty),*) => {$(
        impl PropertyValue for $t {
            fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
                sink.text(self)
            }

            #[inline]
            fn write_plain(&self, sink: &mut Sink) -> Plain {
                if sink.plain_text(self) {
                    Plain::Written
                } else {
                    Plain::NotPlain
                }
            }
        }
    )*};
}
text_value!(str, String, Cow<'_, str>);

macro_rules! text_attribute {
    ($($t:ty),*) => {$(
        impl AttributeValue for $t {
            #[inline]
            fn write_text(&self, out: &mut TextSink<'_>) -> Result<(), Error> {
                out.text(self)
            }
        }
    )*};
}
text_attribute!(str, String, Cow<'_, str>);

macro_rules! integer_value {
    ($($t:ty),*) => {$(
        impl PropertyValue for $t {
            #[inline]
            fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
                let mut buf = itoa::Buffer::new();
                sink.ascii(buf.format(*self).as_bytes());
                Ok(())
            }
        }

        impl AttributeValue for $t {
            #[inline]
            fn write_text(&self, out: &mut TextSink<'_>) -> Result<(), Error> {
                let mut buf = itoa::Buffer::new();
                out.ascii(buf.format(*self).as_bytes());
                Ok(())
            }
        }
    )*};
}
integer_value!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize
);

/// No content: a placeholder value.
impl PropertyValue for () {
    fn write_value(&self, _: &mut Sink) -> Result<(), Error> {
        Ok(())
    }
}

/// `true` or `false`.
impl PropertyValue for bool {
    fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
        sink.text_value(self)
    }
}

/// `true` or `false`.
impl AttributeValue for bool {
    #[inline]
    fn write_text(&self, out: &mut TextSink<'_>) -> Result<(), Error> {
        out.ascii(if *self { b"true" } else { b"false" });
        Ok(())
    }
}

macro_rules! deref_value {
    ($($t:ty),*) => {$(
        impl<T: PropertyValue + ?Sized> PropertyValue for $t {
            fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
                (**self).write_value(sink)
            }
            fn state(&self) -> PropState {
                (**self).state()
            }
            fn lang(&self) -> Option<&str> {
                (**self).lang()
            }
            #[inline]
            fn write_attributes(&self, attributes: &mut Attributes<'_>) -> Result<(), Error> {
                (**self).write_attributes(attributes)
            }
            #[inline]
            fn write_plain(&self, sink: &mut Sink) -> Plain {
                (**self).write_plain(sink)
            }
        }

        impl<T: ListItem + ?Sized> ListItem for $t {}

        impl<T: AttributeValue + ?Sized> AttributeValue for $t {
            #[inline]
            fn write_text(&self, out: &mut TextSink<'_>) -> Result<(), Error> {
                (**self).write_text(out)
            }
            #[inline]
            fn is_present(&self) -> bool {
                (**self).is_present()
            }
        }
    )*};
}
deref_value!(&T, Box<T>, Rc<T>, Arc<T>);

/// `None` is a property not defined on the resource.
impl<T: PropertyValue> PropertyValue for Option<T> {
    fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
        match self {
            Some(v) => v.write_value(sink),
            None => Ok(()),
        }
    }
    fn state(&self) -> PropState {
        match self {
            Some(v) => v.state(),
            None => PropState::Absent,
        }
    }
    fn lang(&self) -> Option<&str> {
        self.as_ref().and_then(T::lang)
    }
    #[inline]
    fn write_attributes(&self, attributes: &mut Attributes<'_>) -> Result<(), Error> {
        match self {
            Some(v) => v.write_attributes(attributes),
            None => Ok(()),
        }
    }
    #[inline]
    fn write_plain(&self, sink: &mut Sink) -> Plain {
        match self {
            Some(v) => v.write_plain(sink),
            None => Plain::Absent,
        }
    }
}

/// An element or none, in a list.
impl<T: ListItem> ListItem for Option<T> {}

/// `None` omits the attribute (or writes no text).
impl<T: AttributeValue> AttributeValue for Option<T> {
    #[inline]
    fn write_text(&self, out: &mut TextSink<'_>) -> Result<(), Error> {
        match self {
            Some(v) => v.write_text(out),
            None => Ok(()),
        }
    }
    #[inline]
    fn is_present(&self) -> bool {
        self.as_ref().is_some_and(T::is_present)
    }
}

/// `Err(status)` reports the property with that status (403 for a property the user may not
/// read, 500 for one that failed to compute, …), in the propstat of that status; 404 is the
/// property being absent (the one 404 propstat). A success status is not an error: writing
/// `Err(Status::OK)` (or any 2xx) is [`Error::StatusNotAllowed`].
impl<T: PropertyValue> PropertyValue for Result<T, Status> {
    fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
        match self {
            Ok(v) => v.write_value(sink),
            Err(_) => Ok(()),
        }
    }
    fn state(&self) -> PropState {
        match self {
            Ok(v) => v.state(),
            Err(s) => PropState::Status(*s),
        }
    }
    fn lang(&self) -> Option<&str> {
        self.as_ref().ok().and_then(T::lang)
    }
    #[inline]
    fn write_attributes(&self, attributes: &mut Attributes<'_>) -> Result<(), Error> {
        match self {
            Ok(v) => v.write_attributes(attributes),
            Err(_) => Ok(()),
        }
    }
    #[inline]
    fn write_plain(&self, sink: &mut Sink) -> Plain {
        match self {
            Ok(v) => v.write_plain(sink),
            Err(_) => Plain::NotPlain,
        }
    }
}

/// The elements one after the other: `Vec<Href>` writes a `DAV:href` element each. Only
/// for items that write elements ([`ListItem`]): a list of text would run together.
impl<T: ListItem> PropertyValue for [T] {
    fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
        self.iter().try_for_each(|v| v.write_value(sink))
    }
}

/// The elements one after the other (see `[T]`).
impl<T: ListItem> PropertyValue for Vec<T> {
    fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
        self.as_slice().write_value(sink)
    }
}

/// A `DAV:href` element.
impl PropertyValue for Href<'_> {
    fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
        sink.href(self);
        Ok(())
    }
}

impl ListItem for Href<'_> {}

/// The element itself, as the one child of the property element.
impl PropertyValue for Element {
    fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
        sink.raw(self)
    }
}

impl ListItem for Element {}

/// A date-time written as RFC 3339 (`1997-12-01T17:42:21-08:00`), as `DAV:creationdate`
/// requires (RFC 4918 §15.1); a bare date-time is written as RFC 1123 instead, as
/// `DAV:getlastmodified` requires.
///
/// `Rfc3339<SystemTime>` (the default) is written in UTC (`Z`). With the `time`, `chrono` or
/// `jiff` feature, `Rfc3339` also wraps their date-time types (`time::OffsetDateTime`,
/// `time::UtcDateTime`, `chrono::DateTime<Tz>`, `jiff::Timestamp`, `jiff::ZonedDateTime`),
/// which are written in their own UTC offset. Fractions of a second are dropped, as in the RFC's
/// examples; a year outside 0 to 9999 is an
/// [`Error::Value`].
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use multistatus_core::{Namespaces, Sink, values::Rfc3339, name::{Tag, DAV}};
/// const CREATIONDATE: Tag = Tag::new(DAV, "creationdate");
/// let mut sink = Sink::new(Namespaces::new());
/// let t = UNIX_EPOCH + Duration::from_secs(881_026_941);
/// sink.property(&CREATIONDATE, &Rfc3339(t)).unwrap();
/// assert_eq!(sink.as_str(), "<D:creationdate>1997-12-02T01:42:21Z</D:creationdate>");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Rfc3339<T = SystemTime>(pub T);

/// Raw XML content: the value of a dead property, kept with its child elements, their
/// namespaces, the attributes of the property element and its `xml:lang` (RFC 4918 §4.3), so
/// that it is written back equivalent.
///
/// ```
/// use multistatus_core::{Element, Namespaces, Sink, values::RawValue, name::{Name, Tag}};
/// const AUTHOR: Tag = Tag::new("http://ns.example.com/boxschema/", "author");
/// let value = RawValue::new()
///     .with_child(Element::new(Name::new("http://ns.example.com/boxschema/", "Name").unwrap()).with_text("Hadrian"))
///     .with_lang("en");
/// let mut sink = Sink::new(Namespaces::new());
/// sink.property(&AUTHOR, &value).unwrap();
/// assert_eq!(
///     sink.as_str(),
///     r#"<ns1:author xmlns:ns1="http://ns.example.com/boxschema/" xml:lang="en"><ns1:Name>Hadrian</ns1:Name></ns1:author>"#
/// );
/// ```
///
/// The property element's own attributes are kept too, and written on it: iOS sets
/// `<calendar-color symbolic-color="custom">`.
///
/// ```
/// use multistatus_core::{Namespaces, Sink, values::RawValue, name::{Name, Tag}};
/// const COLOR: Tag = Tag::new("http://apple.com/ns/ical/", "calendar-color");
/// let value = RawValue::new()
///     .with_attribute(Name::new("", "symbolic-color").unwrap(), "custom")
///     .with_text("#FF2968FF");
/// let mut sink = Sink::new(Namespaces::new());
/// sink.property(&COLOR, &value).unwrap();
/// assert_eq!(
///     sink.as_str(),
///     r#"<ICAL:calendar-color xmlns:ICAL="http://apple.com/ns/ical/" symbolic-color="custom">#FF2968FF</ICAL:calendar-color>"#
/// );
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct RawValue {
    /// The content: elements and text.
    pub children: Vec<Node>,
    /// The language of the value.
    pub lang: Option<String>,
    /// The attributes of the property element, `xml:lang` aside (it is [`RawValue::lang`]),
    /// in document order.
    pub attributes: Vec<Attribute>,
}

impl RawValue {
    /// An empty value.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The content, attributes and language of a property element (as parsed from a
    /// PROPPATCH `set`).
    #[must_use]
    pub fn from_element(element: &Element) -> Self {
        Self {
            children: element.children().to_vec(),
            lang: element.lang().map(str::to_owned),
            attributes: element
                .attributes()
                .iter()
                .filter(|a| a.name != XML_LANG)
                .cloned()
                .collect(),
        }
    }

    /// Sets an attribute of the property element, replacing one of the same name.
    #[must_use]
    pub fn with_attribute(mut self, name: Name<'static>, value: impl Into<String>) -> Self {
        set_attribute(&mut self.attributes, name, value.into());
        self
    }

    /// Adds text.
    #[must_use]
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.children.push(Node::Text(text.into()));
        self
    }

    /// Adds a child element.
    #[must_use]
    pub fn with_child(mut self, child: Element) -> Self {
        self.children.push(Node::Element(child));
        self
    }

    /// Sets the language.
    #[must_use]
    pub fn with_lang(mut self, lang: impl Into<String>) -> Self {
        self.lang = Some(lang.into());
        self
    }
}

impl PropertyValue for RawValue {
    fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
        sink.nodes(&self.children)
    }
    fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }
    fn write_attributes(&self, attributes: &mut Attributes<'_>) -> Result<(), Error> {
        self.attributes
            .iter()
            .try_for_each(|a| attributes.named(&a.name, a.value.as_str()))
    }
}

/// A value with its language, written with `xml:lang` on the property element (RFC 4918
/// §4.3: a property keeps the language it was set with). A `displayname` set by PROPPATCH
/// inside `<D:set xml:lang="fr">` comes back with `xml:lang="fr"`:
///
/// ```
/// use multistatus_core::{Namespaces, Sink, values::Lang, name::{Tag, DAV}};
/// use multistatus_core::request::{Instruction, PropertyUpdate};
/// const DISPLAYNAME: Tag = Tag::new(DAV, "displayname");
/// let update = PropertyUpdate::parse(br#"<D:propertyupdate xmlns:D="DAV:">
///   <D:set xml:lang="fr"><D:prop><D:displayname>Travail</D:displayname></D:prop></D:set>
/// </D:propertyupdate>"#).unwrap();
/// let Instruction::Set(set) = &update.instructions[0] else { unreachable!() };
/// let displayname = Lang::text_of(set);
/// assert_eq!(displayname, Lang::new("Travail".to_owned()).with_lang("fr"));
/// let mut sink = Sink::new(Namespaces::new());
/// sink.property(&DISPLAYNAME, &displayname).unwrap();
/// sink.property(&DISPLAYNAME, &Lang::new("Work")).unwrap();
/// assert_eq!(sink.as_str(), concat!(
///     r#"<D:displayname xml:lang="fr">Travail</D:displayname>"#,
///     "<D:displayname>Work</D:displayname>",
/// ));
/// ```
///
/// Without a language it is written as its value alone (through the pre-rendered PROPFIND
/// path, which leaves values with a language to the general one).
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct Lang<T = String> {
    /// The value.
    pub value: T,
    /// Its language (`xml:lang`), if it has one.
    pub lang: Option<String>,
}

impl<T> Lang<T> {
    /// A value without a language.
    pub fn new(value: T) -> Self {
        Self { value, lang: None }
    }

    /// Sets the language.
    #[must_use]
    pub fn with_lang(mut self, lang: impl Into<String>) -> Self {
        self.lang = Some(lang.into());
        self
    }
}

impl Lang<String> {
    /// The text of a PROPPATCH `set` and the language in scope where the client wrote it
    /// (its own `xml:lang` or an ancestor's).
    #[must_use]
    pub fn text_of(set: &SetProperty) -> Self {
        Self {
            value: set.text().into_owned(),
            lang: set.lang().map(str::to_owned),
        }
    }
}

impl<T> From<T> for Lang<T> {
    fn from(value: T) -> Self {
        Self::new(value)
    }
}

impl<T: PropertyValue> PropertyValue for Lang<T> {
    fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
        self.value.write_value(sink)
    }

    fn state(&self) -> PropState {
        self.value.state()
    }

    fn lang(&self) -> Option<&str> {
        self.lang.as_deref().or_else(|| self.value.lang())
    }

    fn write_attributes(&self, attributes: &mut Attributes<'_>) -> Result<(), Error> {
        self.value.write_attributes(attributes)
    }

    #[inline]
    fn write_plain(&self, sink: &mut Sink) -> Plain {
        match (&self.lang, self.value.state()) {
            (None, _) => self.value.write_plain(sink),
            (Some(_), PropState::Absent) => Plain::Absent,
            (Some(_), _) => Plain::NotPlain,
        }
    }
}

const COLLECTION: Name<'static> = Name::dav("collection");

/// `DAV:resourcetype` (RFC 4918 §15.9): empty elements naming what the resource is.
///
/// ```
/// use multistatus_core::{Namespaces, Sink, values::ResourceType, name::{Name, Tag, DAV, CALDAV}};
/// const RESOURCETYPE: Tag = Tag::new(DAV, "resourcetype");
/// let mut ns = Namespaces::new();
/// ns.declare(CALDAV).unwrap();
/// let mut sink = Sink::new(ns);
/// sink.property(&RESOURCETYPE, &ResourceType::COLLECTION).unwrap();
/// sink.property(&RESOURCETYPE, &ResourceType::RESOURCE).unwrap();
/// let calendar = ResourceType::collection().with(Name::new_const(CALDAV, "calendar"));
/// sink.property(&RESOURCETYPE, &calendar).unwrap();
/// assert_eq!(sink.as_str(), concat!(
///     "<D:resourcetype><D:collection/></D:resourcetype><D:resourcetype/>",
///     "<D:resourcetype><D:collection/><C:calendar/></D:resourcetype>",
/// ));
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ResourceType(pub Cow<'static, [Name<'static>]>);

impl ResourceType {
    /// A plain (non-collection) resource: an empty `resourcetype`.
    pub const RESOURCE: Self = Self(Cow::Borrowed(&[]));
    /// A collection.
    pub const COLLECTION: Self = Self(Cow::Borrowed(&[COLLECTION]));

    /// A collection, to which more types can be added.
    #[must_use]
    pub fn collection() -> Self {
        Self::COLLECTION
    }

    /// Adds a type, such as CalDAV's `calendar`.
    #[must_use]
    pub fn with(mut self, kind: Name<'static>) -> Self {
        self.0.to_mut().push(kind);
        self
    }

    /// Whether `DAV:collection` is among the types.
    #[must_use]
    pub fn is_collection(&self) -> bool {
        self.0.contains(&COLLECTION)
    }
}

impl PropertyValue for ResourceType {
    fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
        for kind in self.0.iter() {
            sink.empty_named(kind);
        }
        Ok(())
    }
}

const LOCKENTRY: Tag = Tag::new(DAV, "lockentry");
const LOCKSCOPE: Tag = Tag::new(DAV, "lockscope");
const LOCKTYPE: Tag = Tag::new(DAV, "locktype");
const EXCLUSIVE: Tag = Tag::new(DAV, "exclusive");
const SHARED: Tag = Tag::new(DAV, "shared");
const WRITE: Tag = Tag::new(DAV, "write");
const ACTIVELOCK: Tag = Tag::new(DAV, "activelock");
const DEPTH: Tag = Tag::new(DAV, "depth");
const OWNER: Tag = Tag::new(DAV, "owner");
const TIMEOUT: Tag = Tag::new(DAV, "timeout");
const LOCKTOKEN: Tag = Tag::new(DAV, "locktoken");
const LOCKROOT: Tag = Tag::new(DAV, "lockroot");

/// `DAV:lockscope`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum LockScope {
    /// `DAV:exclusive`.
    Exclusive,
    /// `DAV:shared`.
    Shared,
}

impl ListItem for LockScope {}

impl PropertyValue for LockScope {
    fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
        sink.empty(match self {
            Self::Exclusive => &EXCLUSIVE,
            Self::Shared => &SHARED,
        });
        Ok(())
    }
}

/// `DAV:locktype`: RFC 4918 defines only write locks.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum LockType {
    /// `DAV:write`.
    Write,
}

impl ListItem for LockType {}

impl PropertyValue for LockType {
    fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
        match self {
            Self::Write => sink.empty(&WRITE),
        }
        Ok(())
    }
}

/// `DAV:lockentry`: a kind of lock the resource supports.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct LockEntry {
    /// Exclusive or shared.
    pub scope: LockScope,
    /// Write.
    pub kind: LockType,
}

/// `DAV:supportedlock` (RFC 4918 §15.10).
///
/// ```
/// use multistatus_core::{Namespaces, Sink, values::SupportedLock, name::{Tag, DAV}};
/// const SUPPORTEDLOCK: Tag = Tag::new(DAV, "supportedlock");
/// let mut sink = Sink::new(Namespaces::new());
/// sink.property(&SUPPORTEDLOCK, &SupportedLock::WRITE).unwrap();
/// assert_eq!(sink.as_str(), concat!(
///     "<D:supportedlock>",
///     "<D:lockentry><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockentry>",
///     "<D:lockentry><D:lockscope><D:shared/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockentry>",
///     "</D:supportedlock>",
/// ));
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SupportedLock(pub Cow<'static, [LockEntry]>);

impl SupportedLock {
    /// No locking: an empty `supportedlock`.
    pub const NONE: Self = Self(Cow::Borrowed(&[]));
    /// Exclusive and shared write locks.
    pub const WRITE: Self = Self(Cow::Borrowed(&[
        LockEntry {
            scope: LockScope::Exclusive,
            kind: LockType::Write,
        },
        LockEntry {
            scope: LockScope::Shared,
            kind: LockType::Write,
        },
    ]));
}

impl PropertyValue for SupportedLock {
    fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
        for entry in self.0.iter() {
            sink.element(&LOCKENTRY, |s| {
                s.property(&LOCKSCOPE, &entry.scope)?;
                s.property(&LOCKTYPE, &entry.kind)
            })?;
        }
        Ok(())
    }
}

/// The `DAV:depth` of a lock: `0` or `infinity`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum LockDepth {
    /// The resource only.
    Zero,
    /// The resource and all its members.
    Infinity,
}

/// A lock's `DAV:timeout`: `Infinite` or `Second-N`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Timeout {
    /// `Infinite`.
    Infinite,
    /// `Second-N`.
    Seconds(u32),
}

/// `DAV:activelock` (RFC 4918 §14.1).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ActiveLock {
    /// Exclusive or shared.
    pub scope: LockScope,
    /// Write.
    pub kind: LockType,
    /// `0` or `infinity`.
    pub depth: LockDepth,
    /// The owner, as the client gave it.
    pub owner: Option<RawValue>,
    /// The timeout.
    pub timeout: Option<Timeout>,
    /// The lock token (a URI).
    pub token: Option<Href<'static>>,
    /// The root of the lock: the resource the LOCK request named. RFC 4918 requires it (a
    /// server sets it); RFC 2518 had no `DAV:lockroot`, and servers that still follow it
    /// (Apache's mod_dav among them) leave it out, so a lock read from them has `None`, and
    /// `None` is written without the element.
    pub root: Option<Href<'static>>,
}

impl ListItem for ActiveLock {}

impl PropertyValue for ActiveLock {
    fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
        sink.element(&ACTIVELOCK, |s| {
            s.property(&LOCKTYPE, &self.kind)?;
            s.property(&LOCKSCOPE, &self.scope)?;
            s.text_element(
                &DEPTH,
                match self.depth {
                    LockDepth::Zero => "0",
                    LockDepth::Infinity => "infinity",
                },
            )?;
            if let Some(owner) = &self.owner {
                s.property(&OWNER, owner)?;
            }
            match self.timeout {
                Some(Timeout::Infinite) => s.text_element(&TIMEOUT, "Infinite")?,
                Some(Timeout::Seconds(n)) => s.element(&TIMEOUT, |s| {
                    s.text("Second-")?;
                    n.write_value(s)
                })?,
                None => {}
            }
            if let Some(token) = &self.token {
                s.property(&LOCKTOKEN, token)?;
            }
            match &self.root {
                Some(root) => s.property(&LOCKROOT, root),
                None => Ok(()),
            }
        })
    }
}

/// `DAV:lockdiscovery` (RFC 4918 §15.8): the active locks; empty when there are none.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct LockDiscovery(pub Vec<ActiveLock>);

impl PropertyValue for LockDiscovery {
    fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
        self.0.write_value(sink)
    }
}

/// `DAV:resource-id` (RFC 5842 §3.1): a URI that identifies the resource across its bindings.
///
/// ```
/// use multistatus_core::{Href, Namespaces, Sink, values::ResourceId, name::{Tag, DAV}};
/// const RESOURCE_ID: Tag = Tag::new(DAV, "resource-id");
/// let mut sink = Sink::new(Namespaces::new());
/// let id = ResourceId(Href::from_encoded("urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf8").unwrap());
/// sink.property(&RESOURCE_ID, &id).unwrap();
/// assert_eq!(
///     sink.as_str(),
///     "<D:resource-id><D:href>urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf8</D:href></D:resource-id>"
/// );
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct ResourceId<'a>(pub Href<'a>);

impl ListItem for ResourceId<'_> {}

impl PropertyValue for ResourceId<'_> {
    fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
        sink.href(&self.0);
        Ok(())
    }
}

// Parsing: the mirror of each value above ([`ParseValue`], [`ParseField`], …).

/// XML whitespace around a value's text, which numbers, booleans, dates and hrefs ignore.
fn trim(text: &str) -> &str {
    text.trim_matches([' ', '\t', '\r', '\n'])
}

macro_rules! text_parse {
    ($($t:ty => $from:expr),*) => {$(
        /// All the text, as XML reads it.
        impl ParseText for $t {
            fn parse_text(text: &str) -> Result<Self, ValueErrorKind> {
                Ok($from(text))
            }
        }

        /// All the text, as XML reads it (whitespace included).
        impl ParseValue for $t {
            #[inline]
            fn parse_value(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
                Ok($from(value.text()?))
            }
        }

        /// Empty when absent.
        impl ParseField for $t {
            fn absent() -> Self {
                $from("")
            }
            #[inline]
            fn parse_field(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
                Self::parse_value(value)
            }
        }
    )*};
}
text_parse!(
    String => String::from,
    Cow<'_, str> => |s: &str| Cow::Owned(s.to_owned()),
    Box<str> => Box::from,
    Rc<str> => Rc::from,
    Arc<str> => Arc::from
);

macro_rules! integer_parse {
    ($($t:ty),*) => {$(
        /// Decimal, XML whitespace around it ignored.
        impl ParseText for $t {
            fn parse_text(text: &str) -> Result<Self, ValueErrorKind> {
                trim(text).parse().map_err(|_| ValueErrorKind::invalid("an integer", text))
            }
        }

        /// Decimal, XML whitespace around it ignored; no text is an error (an `Option`
        /// field is `None` then).
        impl ParseValue for $t {
            #[inline]
            fn parse_value(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
                value.parse_text()
            }
        }

        /// 0 when absent.
        impl ParseField for $t {
            fn absent() -> Self {
                0
            }
            #[inline]
            fn parse_field(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
                value.parse_text()
            }
        }
    )*};
}
integer_parse!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize
);

/// `true`, `false` (in any case), `1` or `0`, XML whitespace around it ignored.
impl ParseText for bool {
    fn parse_text(text: &str) -> Result<Self, ValueErrorKind> {
        match trim(text) {
            "1" => Ok(true),
            "0" => Ok(false),
            t if t.eq_ignore_ascii_case("true") => Ok(true),
            t if t.eq_ignore_ascii_case("false") => Ok(false),
            _ => Err(ValueErrorKind::invalid("a boolean", text)),
        }
    }
}

/// `true`, `false` (in any case), `1` or `0`.
impl ParseValue for bool {
    fn parse_value(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        value.parse_text()
    }
}

/// `false` when absent.
impl ParseField for bool {
    fn absent() -> Self {
        false
    }
    fn parse_field(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        value.parse_text()
    }
}

/// Whatever the element holds is skipped.
impl ParseValue for () {
    fn parse_value(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        value.skip()
    }
}

/// Whatever the element holds is skipped.
impl ParseField for () {
    fn absent() -> Self {}
    fn parse_field(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        value.skip()
    }
}

/// A value and `None`: an attribute that is absent, or text that is.
impl<T: ParseText> ParseText for Option<T> {
    fn parse_text(text: &str) -> Result<Self, ValueErrorKind> {
        T::parse_text(text).map(Some)
    }
    fn absent() -> Option<Self> {
        Some(None)
    }
}

/// `None` when the property is not reported, reported with an error status, or reported
/// empty where `T` needs content (an empty `<D:getcontentlength/>`, as servers send for
/// collections). Content that does not parse is an error.
impl<T: ParseValue> ParseField for Option<T> {
    fn absent() -> Self {
        None
    }

    #[inline]
    fn parse_field(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        match T::parse_value(value) {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.is_fatal() => Err(e),
            Err(e) => {
                value.skip()?;
                if value.has_content() {
                    Err(e)
                } else {
                    Ok(None)
                }
            }
        }
    }
}

/// `Ok` with a value; `Err(status)` when reported with an error status, `Err(404)` when not
/// reported at all.
impl<T: ParseValue> ParseField for Result<T, Status> {
    fn absent() -> Self {
        Err(Status::NOT_FOUND)
    }
    fn parse_field(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        T::parse_value(value).map(Ok)
    }
    fn with_status(status: Status) -> Self {
        Err(status)
    }
}

/// `None` when not reported; `Some(Err(status))` when reported with an error status.
impl<T: ParseValue> ParseField for Option<Result<T, Status>> {
    fn absent() -> Self {
        None
    }
    fn parse_field(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        T::parse_value(value).map(|v| Some(Ok(v)))
    }
    fn with_status(status: Status) -> Self {
        Some(Err(status))
    }
}

macro_rules! boxed_parse {
    ($($t:ident),*) => {$(
        impl<T: ParseValue> ParseValue for $t<T> {
            fn parse_value(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
                T::parse_value(value).map($t::new)
            }
        }

        impl<T: ParseField> ParseField for $t<T> {
            fn absent() -> Self {
                $t::new(T::absent())
            }
            fn parse_field(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
                T::parse_field(value).map($t::new)
            }
            fn with_status(status: Status) -> Self {
                $t::new(T::with_status(status))
            }
        }

        impl<T: ParseListItem> ParseListItem for $t<T> {
            fn parse_item(element: &mut ValueReader<'_>) -> Result<Option<Self>, ValueError> {
                T::parse_item(element).map(|item| item.map($t::new))
            }
        }
    )*};
}
boxed_parse!(Box, Rc, Arc);

/// The items among the child elements, others skipped: `Vec<Href>` reads each `DAV:href`.
impl<T: ParseListItem> ParseValue for Vec<T> {
    fn parse_value(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        let mut items = Vec::new();
        while let Some(mut child) = value.next_child()? {
            if let Some(item) = T::parse_item(&mut child)? {
                items.push(item);
            }
        }
        Ok(items)
    }
}

/// Empty when absent.
impl<T: ParseListItem> ParseField for Vec<T> {
    fn absent() -> Self {
        Vec::new()
    }
    fn parse_field(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        Self::parse_value(value)
    }
}

/// The first item among the child elements; none is an error.
fn first_item<T: ParseListItem>(
    value: &mut ValueReader<'_>,
    expected: &'static str,
) -> Result<T, ValueError> {
    while let Some(mut child) = value.next_child()? {
        if let Some(item) = T::parse_item(&mut child)? {
            return Ok(item);
        }
    }
    Err(value.error(ValueErrorKind::Missing { expected }))
}

/// The `DAV:href` child element (others are skipped), as the server sent it: an absolute
/// path or an absolute URI, kept as sent; characters a URI cannot hold (a space, non-ASCII
/// characters) are percent-encoded.
impl ParseValue for Href<'_> {
    fn parse_value(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        first_item(value, "a DAV:href element")
    }
}

/// A `DAV:href` element.
impl ParseListItem for Href<'_> {
    fn parse_item(element: &mut ValueReader<'_>) -> Result<Option<Self>, ValueError> {
        if !element.is(DAV, "href") {
            return Ok(None);
        }
        let at = element.position();
        let text = element.text()?;
        Href::from_received(text)
            .map(Some)
            .map_err(|_| ValueError::new(ValueErrorKind::invalid("a URI", text), at))
    }
}

/// The first child element, as a tree.
impl ParseValue for Element {
    fn parse_value(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        match value.next_child()? {
            Some(mut child) => child.tree(),
            None => Err(value.error(ValueErrorKind::Missing {
                expected: "an element",
            })),
        }
    }
}

/// Any element, as a tree.
impl ParseListItem for Element {
    fn parse_item(element: &mut ValueReader<'_>) -> Result<Option<Self>, ValueError> {
        element.tree().map(Some)
    }
}

/// The content (elements, text, whitespace), the attributes of the property element and
/// the language in scope.
impl ParseValue for RawValue {
    fn parse_value(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        let lang = value.lang().map(str::to_owned);
        let mut element = value.tree()?;
        let mut raw = Self::from_element(&element);
        raw.children = std::mem::take(element.children_mut());
        raw.lang = lang;
        Ok(raw)
    }
}

/// Empty when absent.
impl ParseField for RawValue {
    fn absent() -> Self {
        Self::new()
    }
    fn parse_field(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        Self::parse_value(value)
    }
}

/// The value and the language in scope (the property element's `xml:lang`, or an
/// ancestor's).
impl<T: ParseValue> ParseValue for Lang<T> {
    fn parse_value(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        let lang = value.lang().map(str::to_owned);
        Ok(Self {
            value: T::parse_value(value)?,
            lang,
        })
    }
}

/// The value's own absent value, without a language.
impl<T: ParseField> ParseField for Lang<T> {
    fn absent() -> Self {
        Self::new(T::absent())
    }
    fn parse_field(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        let lang = value.lang().map(str::to_owned);
        Ok(Self {
            value: T::parse_field(value)?,
            lang,
        })
    }
    fn with_status(status: Status) -> Self {
        Self::new(T::with_status(status))
    }
}

/// An HTTP date, in any of its three forms (RFC 9110 §5.6.7: `Sun, 06 Nov 1994 08:49:37
/// GMT`, the RFC 850 and asctime forms); an RFC 3339 date, which some servers send, too.
impl ParseValue for SystemTime {
    fn parse_value(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        let text = value.text()?;
        crate::read::dates::parse_http_date(text)
            .or_else(|| crate::read::dates::parse_rfc3339(text))
            .and_then(crate::read::dates::Moment::system_time)
            .ok_or_else(|| value.invalid("an HTTP date"))
    }
}

/// The Unix epoch when absent.
impl ParseField for SystemTime {
    fn absent() -> Self {
        std::time::UNIX_EPOCH
    }
    fn parse_field(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        Self::parse_value(value)
    }
}

/// An RFC 3339 date-time (`1997-12-01T17:42:21-08:00`, fractions kept); an HTTP date, which
/// some servers send, too.
impl ParseValue for Rfc3339<SystemTime> {
    fn parse_value(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        let text = value.text()?;
        crate::read::dates::parse_rfc3339(text)
            .or_else(|| crate::read::dates::parse_http_date(text))
            .and_then(crate::read::dates::Moment::system_time)
            .map(Rfc3339)
            .ok_or_else(|| value.invalid("an RFC 3339 date"))
    }
}

/// The Unix epoch when absent.
impl ParseField for Rfc3339<SystemTime> {
    fn absent() -> Self {
        Self(std::time::UNIX_EPOCH)
    }
    fn parse_field(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        Self::parse_value(value)
    }
}

/// The names of the child elements, in any namespace (unknown types are kept).
impl ParseValue for ResourceType {
    fn parse_value(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        let mut kinds = Vec::new();
        while let Some(child) = value.next_child()? {
            let (namespace, local) = child.name();
            kinds.push(Name::new_unchecked(
                shared_namespace(namespace),
                shared_local(namespace, local),
            ));
        }
        Ok(match kinds.as_slice() {
            [] => Self::RESOURCE,
            [only] if *only == COLLECTION => Self::COLLECTION,
            _ => Self(Cow::Owned(kinds)),
        })
    }
}

/// A plain resource when absent.
impl ParseField for ResourceType {
    fn absent() -> Self {
        Self::RESOURCE
    }
    fn parse_field(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        Self::parse_value(value)
    }
}

/// `DAV:exclusive` or `DAV:shared`.
impl ParseListItem for LockScope {
    fn parse_item(element: &mut ValueReader<'_>) -> Result<Option<Self>, ValueError> {
        Ok(match element.name() {
            (DAV, "exclusive") => Some(Self::Exclusive),
            (DAV, "shared") => Some(Self::Shared),
            _ => None,
        })
    }
}

/// The `DAV:exclusive` or `DAV:shared` child.
impl ParseValue for LockScope {
    fn parse_value(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        first_item(value, "DAV:exclusive or DAV:shared")
    }
}

/// `DAV:write`.
impl ParseListItem for LockType {
    fn parse_item(element: &mut ValueReader<'_>) -> Result<Option<Self>, ValueError> {
        Ok(element.is(DAV, "write").then_some(Self::Write))
    }
}

/// The `DAV:write` child.
impl ParseValue for LockType {
    fn parse_value(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        first_item(value, "DAV:write")
    }
}

/// The `DAV:lockentry` children; an entry of a scope or type this crate does not know is
/// skipped.
impl ParseValue for SupportedLock {
    fn parse_value(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        let mut entries = Vec::new();
        while let Some(mut entry) = value.next_child()? {
            if !entry.is(DAV, "lockentry") {
                continue;
            }
            let (mut scope, mut kind) = (None, None);
            while let Some(mut part) = entry.next_child()? {
                match part.name() {
                    (DAV, "lockscope") => scope = first_item(&mut part, "a lock scope").ok(),
                    (DAV, "locktype") => kind = first_item(&mut part, "a lock type").ok(),
                    _ => {}
                }
            }
            if let (Some(scope), Some(kind)) = (scope, kind) {
                entries.push(LockEntry { scope, kind });
            }
        }
        Ok(if entries == *Self::WRITE.0 {
            Self::WRITE
        } else if entries.is_empty() {
            Self::NONE
        } else {
            Self(Cow::Owned(entries))
        })
    }
}

/// No locking when absent.
impl ParseField for SupportedLock {
    fn absent() -> Self {
        Self::NONE
    }
    fn parse_field(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        Self::parse_value(value)
    }
}

/// A `DAV:activelock` element: its scope, type and depth (`0` or `infinity`) are needed;
/// the owner, timeout (`Infinite` or `Second-N`), token and root are kept when there (an
/// RFC 2518 server sends no root).
impl ParseListItem for ActiveLock {
    fn parse_item(element: &mut ValueReader<'_>) -> Result<Option<Self>, ValueError> {
        if !element.is(DAV, "activelock") {
            return Ok(None);
        }
        let (mut scope, mut kind, mut depth) = (None, None, None);
        let (mut owner, mut timeout, mut token, mut root) = (None, None, None, None);
        while let Some(mut part) = element.next_child()? {
            match part.name() {
                (DAV, "lockscope") => scope = Some(LockScope::parse_value(&mut part)?),
                (DAV, "locktype") => kind = Some(LockType::parse_value(&mut part)?),
                (DAV, "depth") => {
                    depth = Some(match trim(part.text()?) {
                        "0" => LockDepth::Zero,
                        d if d.eq_ignore_ascii_case("infinity") => LockDepth::Infinity,
                        _ => return Err(part.invalid("a lock depth (0 or infinity)")),
                    });
                }
                (DAV, "owner") => owner = Some(RawValue::parse_value(&mut part)?),
                (DAV, "timeout") => {
                    let text = trim(part.text()?);
                    timeout = Some(if text.eq_ignore_ascii_case("Infinite") {
                        Timeout::Infinite
                    } else {
                        let seconds = text
                            .get(..7)
                            .filter(|p| p.eq_ignore_ascii_case("Second-"))
                            .and_then(|_| text.get(7..))
                            .and_then(|n| n.parse().ok());
                        match seconds {
                            Some(n) => Timeout::Seconds(n),
                            None => return Err(part.invalid("a timeout (Infinite or Second-N)")),
                        }
                    });
                }
                (DAV, "locktoken") => token = Some(Href::parse_value(&mut part)?.into_owned()),
                (DAV, "lockroot") => root = Some(Href::parse_value(&mut part)?.into_owned()),
                _ => {}
            }
        }
        let missing = |expected| element.error(ValueErrorKind::Missing { expected });
        Ok(Some(Self {
            scope: scope.ok_or_else(|| missing("DAV:lockscope"))?,
            kind: kind.ok_or_else(|| missing("DAV:locktype"))?,
            depth: depth.ok_or_else(|| missing("DAV:depth"))?,
            owner,
            timeout,
            token,
            root,
        }))
    }
}

/// The `DAV:activelock` children.
impl ParseValue for LockDiscovery {
    fn parse_value(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        Vec::parse_value(value).map(Self)
    }
}

/// No lock when absent.
impl ParseField for LockDiscovery {
    fn absent() -> Self {
        Self::default()
    }
    fn parse_field(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        Self::parse_value(value)
    }
}

/// The `DAV:href` child.
impl ParseValue for ResourceId<'_> {
    fn parse_value(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
        Href::parse_value(value).map(Self)
    }
}

/// A `DAV:href` element.
impl ParseListItem for ResourceId<'_> {
    fn parse_item(element: &mut ValueReader<'_>) -> Result<Option<Self>, ValueError> {
        Href::parse_item(element).map(|h| h.map(Self))
    }
}

/// A property set that knows no property: every property a response reports is kept in
/// [`unknown`](crate::client::PropstatsOf::unknown), as self-contained XML with its status.
/// For the 207 bodies of DELETE, COPY, MOVE and LOCK, whose responses carry statuses, or to
/// see a body's properties as they are.
///
/// ```
/// use multistatus_core::client::MultistatusReader;
/// use multistatus_core::values::NoProperties;
/// let body = br#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>/a</D:href>
///   <D:propstat><D:prop><D:getetag>"1"</D:getetag></D:prop>
///   <D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>"#;
/// let response = MultistatusReader::<NoProperties, _>::from_slice(body).next().unwrap().unwrap();
/// let unknown = &response.propstats().unwrap().unknown;
/// assert_eq!(unknown[0].property.xml(), r#"<D:getetag xmlns:D="DAV:">"1"</D:getetag>"#);
/// assert_eq!(unknown[0].status.status().code(), 200);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct NoProperties;

/// The typed names of [`NoProperties`]: none.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum NoName {}

impl PropertyName for NoName {
    fn tag(self) -> &'static Tag {
        match self {}
    }
    fn from_name(_: &str, _: &str) -> Option<Self> {
        None
    }
    fn in_allprop(self) -> bool {
        match self {}
    }
    fn for_each(_: &mut dyn FnMut(Self)) {}
}

impl PropertySet for NoProperties {
    type Name = NoName;
    const NAME_TREE: NameTree = NameTree {
        own: &[],
        flattened: &[],
    };
    fn state(&self, name: NoName) -> PropState {
        match name {}
    }
    fn write_property(&self, name: NoName, _: &mut Sink) -> Result<(), Error> {
        match name {}
    }
    fn value(&self, name: NoName) -> &dyn PropertyValue {
        match name {}
    }
    fn write_allprop(&self, _: &mut Sink) -> Result<(), Error> {
        Ok(())
    }
}

impl ParseSet for NoProperties {
    type Statuses = Slots<0>;
    fn unreported() -> Self {
        Self
    }
    fn parse_property(&mut self, name: NoName, _: &mut ValueReader<'_>) -> Result<(), ValueError> {
        match name {}
    }
    fn property_status(&mut self, name: NoName, _: Status) {
        match name {}
    }
    fn slot(name: NoName) -> usize {
        match name {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::Namespaces;
    use std::time::{Duration, UNIX_EPOCH};

    const P: Tag = Tag::new(DAV, "p");

    fn write<V: PropertyValue + ?Sized>(v: &V) -> Result<String, Error> {
        let mut sink = Sink::new(Namespaces::new());
        sink.property(&P, v)?;
        Ok(sink.as_str().to_owned())
    }

    #[test]
    fn scalars() {
        assert_eq!(write("a<b").ok().as_deref(), Some("<D:p>a&lt;b</D:p>"));
        assert_eq!(write("").ok().as_deref(), Some("<D:p/>"));
        assert_eq!(write(&-42i64).ok().as_deref(), Some("<D:p>-42</D:p>"));
        assert_eq!(
            write(&u64::MAX).ok().as_deref(),
            Some("<D:p>18446744073709551615</D:p>")
        );
        assert_eq!(write(&true).ok().as_deref(), Some("<D:p>true</D:p>"));
    }

    #[test]
    fn dates() {
        let t = UNIX_EPOCH + Duration::from_secs(884_597_156);
        assert_eq!(
            write(&t).ok().as_deref(),
            Some("<D:p>Mon, 12 Jan 1998 09:25:56 GMT</D:p>")
        );
        assert_eq!(
            write(&Rfc3339(t + Duration::from_millis(999)))
                .ok()
                .as_deref(),
            Some("<D:p>1998-01-12T09:25:56Z</D:p>")
        );
        let before = UNIX_EPOCH.checked_sub(Duration::from_millis(500));
        if let Some(before) = before {
            assert_eq!(
                write(&before).ok().as_deref(),
                Some("<D:p>Wed, 31 Dec 1969 23:59:59 GMT</D:p>")
            );
            assert_eq!(
                write(&Rfc3339(before)).ok().as_deref(),
                Some("<D:p>1969-12-31T23:59:59Z</D:p>")
            );
        }
        // 10000-01-01T00:00:00Z cannot be written; the second before can.
        let last = UNIX_EPOCH.checked_add(Duration::from_secs(253_402_300_799));
        if let Some(last) = last {
            assert_eq!(
                write(&Rfc3339(last)).ok().as_deref(),
                Some("<D:p>9999-12-31T23:59:59Z</D:p>")
            );
            assert!(write(&(last + Duration::from_secs(1))).is_err());
        }
        // Leap days, and the far past.
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(
            write(&Rfc3339(leap)).ok().as_deref(),
            Some("<D:p>2000-02-29T00:00:00Z</D:p>")
        );
        if let Some(old) = UNIX_EPOCH.checked_sub(Duration::from_secs(62_135_596_800)) {
            assert_eq!(
                write(&old).ok().as_deref(),
                Some("<D:p>Mon, 01 Jan 0001 00:00:00 GMT</D:p>")
            );
        }
    }

    #[test]
    fn states() {
        assert_eq!(None::<String>.state(), PropState::Absent);
        assert_eq!(Some("x").state(), PropState::Present);
        assert_eq!(
            Err::<String, _>(Status::FORBIDDEN).state(),
            PropState::Status(Status::FORBIDDEN)
        );
        assert_eq!(
            Some(Err::<u8, _>(Status::FORBIDDEN)).state(),
            PropState::Status(Status::FORBIDDEN)
        );
    }

    #[test]
    fn hrefs() {
        let hs = vec![Href::from_path("/a b").ok(), Href::from_path("/c").ok()];
        let hs: Vec<Href<'_>> = hs.into_iter().flatten().collect();
        assert_eq!(
            write(&hs).ok().as_deref(),
            Some("<D:p><D:href>/a%20b</D:href><D:href>/c</D:href></D:p>")
        );
    }

    #[test]
    fn lockdiscovery() {
        let (Ok(token), Ok(root)) = (
            Href::from_encoded("urn:uuid:f81de2ad-7f3d-a1b2-4f3c-00a0c91a9d76"),
            Href::from_encoded("http://www.example.com/container/"),
        ) else {
            return;
        };
        let lock = ActiveLock {
            scope: LockScope::Exclusive,
            kind: LockType::Write,
            depth: LockDepth::Zero,
            owner: Some(RawValue::new().with_text("Jane Smith")),
            timeout: Some(Timeout::Seconds(3600)),
            token: Some(token),
            root: Some(root),
        };
        assert_eq!(
            write(&LockDiscovery(vec![lock])).ok().as_deref(),
            Some(concat!(
                "<D:p><D:activelock><D:locktype><D:write/></D:locktype><D:lockscope><D:exclusive/></D:lockscope>",
                "<D:depth>0</D:depth><D:owner>Jane Smith</D:owner><D:timeout>Second-3600</D:timeout>",
                "<D:locktoken><D:href>urn:uuid:f81de2ad-7f3d-a1b2-4f3c-00a0c91a9d76</D:href></D:locktoken>",
                "<D:lockroot><D:href>http://www.example.com/container/</D:href></D:lockroot></D:activelock></D:p>"
            ))
        );
        assert_eq!(
            write(&LockDiscovery::default()).ok().as_deref(),
            Some("<D:p/>")
        );
    }
}
