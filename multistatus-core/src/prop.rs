//! The traits the derive implements: property sets, their typed names, and property values,
//! written ([`PropertySet`], [`PropertyValue`]) and parsed back ([`ParseSet`],
//! [`ParseValue`], [`ParseField`]).

use std::fmt::Debug;
use std::hash::Hash;

use crate::model::dead::{DeadProperties, DeadProperty};
use crate::name::{Name, Tag};
use crate::read::value::{ValueError, ValueErrorKind, ValueReader};
use crate::write::{Attributes, Namespaces, Open, PropContent, Sink, TextSink};
use crate::{Error, Status};

/// What a property set reports for one of its properties on one resource.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PropState {
    /// The property has a value: reported in the 200 propstat.
    Present,
    /// The property is not defined on this resource: 404 when requested, left out of
    /// `allprop` and `propname`.
    Absent,
    /// The property is reported, without a value, with this status (403, 500, …; 404 is
    /// reported as [`Absent`](Self::Absent) is, and a success status is an error).
    Status(Status),
}

/// The value of a WebDAV property: writes the content of the property element.
///
/// Implemented for strings, integers, `bool`, [`SystemTime`](std::time::SystemTime)
/// (RFC 1123, as `getlastmodified` wants), [`Href`](crate::Href) (a `DAV:href` element), lists
/// of elements (`Vec<T>` for a [`ListItem`] `T`), `Option` (absent when `None`),
/// `Result<T, Status>` (a per-property status), raw XML and the RFC 4918 value types of
/// [`values`](crate::values); `#[derive(PropertyValue)]` implements it for structs of
/// attributes, text and child elements and for enums of choices.
///
/// ```
/// use multistatus_core::{Namespaces, PropertyValue, Sink, name::{Tag, DAV}};
/// struct Celsius(f32);
/// impl PropertyValue for Celsius {
///     fn write_value(&self, sink: &mut Sink) -> Result<(), multistatus_core::Error> {
///         sink.text(&format!("{:.1}", self.0))
///     }
/// }
/// const TEMP: Tag = Tag::new("urn:example:weather", "temperature");
/// let mut ns = Namespaces::new();
/// ns.declare("urn:example:weather").unwrap();
/// let mut sink = Sink::new(ns);
/// sink.property(&TEMP, &Celsius(21.5)).unwrap();
/// assert_eq!(sink.as_str(), "<ns1:temperature>21.5</ns1:temperature>");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a WebDAV property value",
    label = "this type does not implement `multistatus::PropertyValue`",
    note = "derive it with `#[derive(multistatus::PropertyValue)]`, implement `multistatus::PropertyValue` by hand, or use a supported type (strings, integers, bool, SystemTime, Href, Vec<Href>, Option<_>, Result<_, Status>, RawValue)"
)]
pub trait PropertyValue {
    /// Writes the content of the property element (text or child elements).
    fn write_value(&self, sink: &mut Sink) -> Result<(), Error>;

    /// Writes the attributes of the element that holds the value, before its content
    /// (`content-type="text/calendar"` on `C:calendar-data`, `name="VEVENT"` on `C:comp`).
    /// None by default. [`Attributes`] has the example.
    #[inline]
    fn write_attributes(&self, attributes: &mut Attributes<'_>) -> Result<(), Error> {
        let _ = attributes;
        Ok(())
    }

    /// Whether the property is defined, and with what status. Values are present unless
    /// they say otherwise (`Option::None` is absent; `Err(status)` has that status).
    fn state(&self) -> PropState {
        PropState::Present
    }

    /// The `xml:lang` of the value, written on the property element.
    fn lang(&self) -> Option<&str> {
        None
    }

    /// Writes the value if it is present and has no language — what the pre-rendered
    /// PROPFIND path can put between its tags — or says why not ([`Plain`]).
    #[doc(hidden)]
    #[inline]
    fn write_plain(&self, sink: &mut Sink) -> Plain {
        match self.state() {
            PropState::Absent => Plain::Absent,
            PropState::Status(_) => Plain::NotPlain,
            PropState::Present if self.lang().is_some() => Plain::NotPlain,
            PropState::Present => {
                // The start tag, pre-rendered, ends with `>`: attributes reopen it. For a value
                // without attributes (the default `write_attributes`) all of this folds away
                // and the value is written as before.
                let start = sink.position();
                let mut attributes = Attributes::reopen(sink);
                let result = self.write_attributes(&mut attributes);
                let pushed = attributes.pushed();
                // Errors moved out and dropped in their arms: with `is_ok` or `Err(_)` the
                // whole `Result` is dropped after the match, an out-of-line call on every
                // value.
                if let Err(e) = result {
                    drop(e);
                    return Plain::NotPlain;
                }
                let content = sink.position();
                if let Err(e) = self.write_value(sink) {
                    drop(e);
                    return Plain::NotPlain;
                }
                if content != start {
                    // Namespaces the attributes declared end with the element, whose end
                    // tag is the caller's.
                    sink.close_scopes(sink.scopes_len().saturating_sub(pushed as usize));
                    if sink.position() == content {
                        // Attributes and no content: the caller would take `<x a="1">` for
                        // content. The general path writes `<x a="1"/>`; a rare shape, not
                        // worth a fourth answer here (an arm more in the pre-rendered loop
                        // cost every resource 18 instructions).
                        return Plain::NotPlain;
                    }
                }
                Plain::Written
            }
        }
    }
}

/// A value written as text: an attribute's value (`#[dav(attribute)]`) or the text of an
/// element beside its attributes (`#[dav(text)]`).
///
/// Implemented for strings, integers, `bool`, references and `Option` (`None` omits the
/// attribute, or writes no text).
///
/// ```
/// use multistatus_core::{AttributeValue, Error, TextSink};
/// struct Version(u8, u8);
/// impl AttributeValue for Version {
///     fn write_text(&self, out: &mut TextSink<'_>) -> Result<(), Error> {
///         out.display(&format_args!("{}.{}", self.0, self.1))
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be written as an attribute value or as text",
    label = "this type does not implement `multistatus::AttributeValue`",
    note = "`#[dav(attribute)]` and `#[dav(text)]` fields hold text: strings, integers, bool, or an `Option` of one (omitted when `None`); implement `multistatus::AttributeValue` for other types"
)]
pub trait AttributeValue {
    /// Writes the value as text; the sink escapes it.
    fn write_text(&self, out: &mut TextSink<'_>) -> Result<(), Error>;

    /// Whether there is a value to write: `None` omits the attribute.
    #[inline]
    fn is_present(&self) -> bool {
        true
    }
}

/// A value that writes whole elements, its own name included (`DAV:href`, a derived enum of
/// empty elements, …), so that a list of it is a property value: `Vec<Href>` writes
/// `<D:href>/a</D:href><D:href>/b</D:href>`.
///
/// Text is not a list item: `Vec<String>` would run its items together (`<x>AB</x>`). Name
/// the elements with a value struct instead, whose `Vec<T>` field writes one element per item,
/// named after the field.
///
/// Implemented for [`Href`](crate::Href), [`Element`](crate::Element), the lock values of
/// [`values`](crate::values) that write elements, references and `Option`s of those, and by
/// `#[derive(PropertyValue)]` for enums whose every variant is an element (unit variants and
/// variants holding a value, not `flatten`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not write an element of its own, so a list of it is not a property value",
    label = "a `Vec<{Self}>` would run its items together, as in `<x>AB</x>`",
    note = "name the elements: a `#[derive(PropertyValue)]` struct with a `Vec<{Self}>` field writes one child element per item, named after the field (`<C:comp>A</C:comp><C:comp>B</C:comp>`); a list of hrefs is `Vec<Href>`"
)]
pub trait ListItem: PropertyValue {}

/// What [`PropertyValue::write_plain`] did: a small enum rather than a `Result`, so that the
/// pre-rendered PROPFIND path returns in a register.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plain {
    /// The value was written.
    Written,
    /// The property is not defined on this resource; nothing was written.
    Absent,
    /// The value carries a status or a language, has attributes and no content, or could
    /// not be written (the general path reports the error): the caller discards what was
    /// written and answers through the general path.
    NotPlain,
}

/// `value` as a trait object; generated code calls this so that a field type that is not a
/// value is reported once, on the type.
#[doc(hidden)]
#[inline]
pub fn as_value<T: PropertyValue>(value: &T) -> &dyn PropertyValue {
    value
}

/// `store` as a trait object; generated code calls this so that a `#[dav(dead)]` field whose
/// type is not a store is reported once, on the type.
#[doc(hidden)]
#[inline]
pub fn as_dead<T: DeadProperties>(store: &T) -> &dyn DeadProperties {
    store
}

/// Implemented by the derive for the typed-name enum of the set `S`, so that an item that
/// takes its name (and shadows it) is one clear error.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not the typed-name enum of `{S}`: another item already has its name",
    label = "the typed-name enum of `{S}` would be `{Self}`, the name of another item",
    note = "rename that item, or give the typed-name enum another name with `#[dav(name_enum = \"...\")]` on `{S}`"
)]
pub trait NameEnumOf<S: ?Sized> {
    /// Evaluated by the derive's check.
    const OK: () = ();
}

/// The typed names of a property set: one variant per property, generated by the derive.
///
/// Code refers to properties through these, so a misspelled property does not compile.
pub trait PropertyName: Copy + Eq + Hash + Debug + Send + Sync + 'static {
    /// The pre-rendered tag of the property.
    fn tag(self) -> &'static Tag;

    /// The property's expanded name.
    fn name(self) -> Name<'static> {
        self.tag().name()
    }

    /// The typed name for an expanded name, if the set has that property. Generated as a
    /// `match` on the namespace and then the local name.
    fn from_name(namespace: &str, local: &str) -> Option<Self>;

    /// Whether `allprop` reports this property.
    fn in_allprop(self) -> bool;

    /// Calls `f` with every name, in declaration order (flattened sets in place).
    fn for_each(f: &mut dyn FnMut(Self));
}

/// A struct of WebDAV properties, usually derived with `#[derive(PropertySet)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a WebDAV property set",
    label = "this type does not implement `multistatus::PropertySet`",
    note = "`#[dav(flatten)]` takes a property set: derive it with `#[derive(multistatus::PropertySet)]` on a struct of properties"
)]
pub trait PropertySet {
    /// The typed property names.
    type Name: PropertyName;

    /// Every property name of the set, for compile-time checks (duplicate names across
    /// flattened sets) and namespace declaration.
    #[doc(hidden)]
    const NAME_TREE: NameTree;

    /// Whether the set (or a set flattened into it) has a `#[dav(dead)]` field, for the
    /// compile-time check that a set has one store at most.
    #[doc(hidden)]
    const HAS_DEAD: bool = false;

    /// What this resource reports for `name`.
    fn state(&self, name: Self::Name) -> PropState;

    /// Writes the property element with its value (`<D:getetag>"x"</D:getetag>`).
    fn write_property(&self, name: Self::Name, sink: &mut Sink) -> Result<(), Error>;

    /// The value of `name`: what generic code (the PROPFIND fast path) writes between tags
    /// it has pre-rendered.
    fn value(&self, name: Self::Name) -> &dyn PropertyValue;

    /// Writes the value of `name` if it is present without a language, or says why not
    /// ([`PropertyValue::write_plain`]). The derive implements it with a `match`, so that
    /// the pre-rendered PROPFIND path makes no call through a trait object.
    #[doc(hidden)]
    #[inline]
    fn write_plain(&self, name: Self::Name, sink: &mut Sink) -> Plain {
        self.value(name).write_plain(sink)
    }

    /// Writes every present property that belongs to `allprop`, in declaration order.
    fn write_allprop(&self, sink: &mut Sink) -> Result<(), Error>;

    /// The resource's dead properties: the field marked `#[dav(dead)]` (or a flattened set's),
    /// consulted for every name the set does not know. `None` when the set keeps none.
    fn dead(&self) -> Option<&dyn DeadProperties> {
        None
    }

    /// Declares every namespace of the set, so that a body declares each once on its root.
    fn declare_namespaces(namespaces: &mut Namespaces) {
        Self::NAME_TREE.for_each(&mut |tag| {
            // Tags were validated at compile time: declaring cannot fail.
            let _ = namespaces.declare(tag.namespace());
        });
    }
}

/// The compile-time list of a set's property tags: its own, then its flattened sets'.
#[doc(hidden)]
#[derive(Debug)]
pub struct NameTree {
    /// The set's own properties.
    pub own: &'static [Tag],
    /// The flattened sets.
    pub flattened: &'static [&'static NameTree],
}

impl NameTree {
    /// Calls `f` with every tag.
    pub fn for_each(&self, f: &mut dyn FnMut(&'static Tag)) {
        self.own.iter().for_each(&mut *f);
        for t in self.flattened {
            t.for_each(f);
        }
    }

    /// The number of tags.
    #[must_use]
    pub const fn len(&self) -> usize {
        let mut n = self.own.len();
        let mut i = 0;
        while i < self.flattened.len() {
            n += self.flattened[i].len();
            i += 1;
        }
        n
    }

    /// Whether there are no tags.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`th tag in [`NameTree::for_each`] order.
    const fn get(&self, mut i: usize) -> Option<&Tag> {
        if i < self.own.len() {
            return Some(&self.own[i]);
        }
        i -= self.own.len();
        let mut j = 0;
        while j < self.flattened.len() {
            let n = self.flattened[j].len();
            if i < n {
                return self.flattened[j].get(i);
            }
            i -= n;
            j += 1;
        }
        None
    }

    /// The first name `first` and `second` share, as the message of a compile error that
    /// says who has it: `first_owners` describes the owner of each tag of `first`
    /// (`"field `getetag`"`), or has one entry for all of them (a flattened set), and
    /// `second_owner` owns `second`. The derive evaluates this in a constant and panics there
    /// with the message.
    #[must_use]
    pub const fn clash(
        first: &NameTree,
        first_owners: &[&str],
        second: &NameTree,
        second_owner: &str,
    ) -> Option<Message> {
        let mut i = 0;
        while i < first.len() {
            let mut j = 0;
            while j < second.len() {
                if let (Some(a), Some(b)) = (first.get(i), second.get(j))
                    && crate::name::str_eq(a.local(), b.local())
                    && crate::name::str_eq(a.namespace(), b.namespace())
                {
                    let owner = if first_owners.len() == 1 {
                        first_owners[0]
                    } else if i < first_owners.len() {
                        first_owners[i]
                    } else {
                        "a property of the set"
                    };
                    let (open, close) = if a.namespace().is_empty() {
                        ("", "")
                    } else {
                        ("{", "}")
                    };
                    return Some(Message::new(&[
                        "duplicate property name ",
                        open,
                        a.namespace(),
                        close,
                        a.local(),
                        ": ",
                        owner,
                        " and ",
                        second_owner,
                        " both have it",
                    ]));
                }
                j += 1;
            }
            i += 1;
        }
        None
    }
}

/// A message built at compile time, for a constant to panic with: `panic!` in a constant
/// takes one `&str`. Parts that do not fit are cut, at a character boundary.
#[doc(hidden)]
#[derive(Debug)]
pub struct Message {
    buf: [u8; Message::CAP],
    len: usize,
}

impl Message {
    const CAP: usize = 512;

    /// The parts, one after the other.
    #[must_use]
    pub const fn new(parts: &[&str]) -> Self {
        let mut buf = [0u8; Self::CAP];
        let mut len = 0;
        let mut p = 0;
        while p < parts.len() {
            let bytes = parts[p].as_bytes();
            let mut i = 0;
            while i < bytes.len() && len < Self::CAP {
                buf[len] = bytes[i];
                len += 1;
                i += 1;
            }
            p += 1;
        }
        Self { buf, len }
    }

    /// The message.
    #[must_use]
    pub const fn as_str(&self) -> &str {
        let (bytes, _) = self.buf.split_at(self.len);
        match core::str::from_utf8(bytes) {
            Ok(message) => message,
            // The buffer cut a character: keep what comes before it.
            Err(e) => match core::str::from_utf8(bytes.split_at(e.valid_up_to()).0) {
                Ok(message) => message,
                Err(_) => "",
            },
        }
    }
}

impl Sink {
    /// Writes a property element `<tag>value</tag>` (`<tag/>` when the value writes nothing),
    /// with `xml:lang` when the value has one.
    #[inline]
    pub fn property<V: PropertyValue + ?Sized>(
        &mut self,
        tag: &Tag,
        value: &V,
    ) -> Result<(), Error> {
        let undo = self.checkpoint();
        let open = match value.lang() {
            None => Ok(self.start(tag)),
            Some(lang) => self.start_with_lang(tag, lang),
        };
        let open = match open.and_then(|open| self.value_attributes(value, open)) {
            Ok(open) => open,
            Err(e) => {
                self.rollback(undo);
                return Err(e);
            }
        };
        let mark = self.position();
        if let Err(e) = value.write_value(self) {
            self.rollback(undo);
            return Err(e);
        }
        self.end_or_collapse(tag, open, mark);
        Ok(())
    }

    /// Writes `value`'s attributes on the start tag just written (`open`); the namespaces
    /// they declare stay in scope until the element ends. On error the caller rolls back.
    #[inline]
    fn value_attributes<V: PropertyValue + ?Sized>(
        &mut self,
        value: &V,
        open: Open,
    ) -> Result<Open, Error> {
        let mut attributes = Attributes::reopen(self);
        value.write_attributes(&mut attributes)?;
        Ok(open.pushing(attributes.pushed()))
    }
}

impl Sink {
    /// Writes a property whose name is known only at run time (a dead property), with its
    /// value's `xml:lang`.
    ///
    /// ```
    /// use multistatus_core::{Namespaces, Sink, name::Name, values::RawValue};
    /// let mut sink = Sink::new(Namespaces::new());
    /// let name = Name::new("urn:z", "title").unwrap();
    /// sink.named_property(&name, &RawValue::new().with_text("Titre").with_lang("fr")).unwrap();
    /// assert_eq!(sink.as_str(), r#"<ns1:title xmlns:ns1="urn:z" xml:lang="fr">Titre</ns1:title>"#);
    /// ```
    pub fn named_property<V: PropertyValue + ?Sized>(
        &mut self,
        name: &Name<'_>,
        value: &V,
    ) -> Result<(), Error> {
        let undo = self.checkpoint();
        let result = self.start_named(name, value.lang()).and_then(|open| {
            let open = self.value_attributes(value, open)?;
            let mark = self.position();
            value.write_value(self)?;
            self.end_named(name, open, mark);
            Ok(())
        });
        if result.is_err() {
            self.rollback(undo);
        }
        result
    }
}

/// Writes the properties of a set selected by `names`, as the content of one `DAV:prop`.
#[derive(Debug, Clone, Copy)]
pub struct Selected<'a, P: PropertySet> {
    /// The property set.
    pub set: &'a P,
    /// What to write.
    pub names: &'a [P::Name],
}

impl<P: PropertySet> PropContent for Selected<'_, P> {
    fn write_prop(&self, sink: &mut Sink) -> Result<(), Error> {
        for &n in self.names {
            self.set.write_property(n, sink)?;
        }
        Ok(())
    }

    fn for_each_namespace(&self, f: &mut dyn FnMut(&str)) {
        for n in self.names {
            f(n.tag().namespace());
        }
    }
}

/// The names of a set written as empty elements (a `propname` answer, or a non-200 propstat).
#[derive(Debug, Clone, Copy)]
pub struct Names<'a, N: PropertyName>(pub &'a [N]);

impl<N: PropertyName> PropContent for Names<'_, N> {
    fn write_prop(&self, sink: &mut Sink) -> Result<(), Error> {
        for n in self.0 {
            sink.empty(n.tag());
        }
        Ok(())
    }

    fn for_each_namespace(&self, f: &mut dyn FnMut(&str)) {
        for n in self.0 {
            f(n.tag().namespace());
        }
    }
}

/// Every present `allprop` property of a set (the 200 propstat of an `allprop` answer).
#[derive(Debug, Clone, Copy)]
pub struct AllProp<'a, P: PropertySet>(pub &'a P);

impl<P: PropertySet> PropContent for AllProp<'_, P> {
    fn write_prop(&self, sink: &mut Sink) -> Result<(), Error> {
        self.0.write_allprop(sink)
    }

    fn for_each_namespace(&self, f: &mut dyn FnMut(&str)) {
        P::NAME_TREE.for_each(&mut |t| f(t.namespace()));
    }
}

/// A value read back from the content of an element: the mirror of [`PropertyValue`].
///
/// Implemented for strings, integers, `bool`, [`SystemTime`](std::time::SystemTime) (the
/// three HTTP date forms), [`Href`](crate::Href) (a `DAV:href` element), lists of elements
/// (`Vec<T>` for a [`ParseListItem`] `T`), raw XML and the value types of
/// [`values`](crate::values); `#[derive(PropertyValue)]` implements it beside the write side.
/// Whatever the value does not read is skipped: unknown elements are ignored (RFC 4918 §17).
///
/// ```
/// use multistatus_core::{ParseValue, ValueError, ValueReader};
/// struct Celsius(f32);
/// impl ParseValue for Celsius {
///     fn parse_value(value: &mut ValueReader<'_>) -> Result<Self, ValueError> {
///         let text = value.text()?.trim();
///         text.parse().map(Celsius).map_err(|_| value.invalid("a temperature"))
///     }
/// }
/// let element = multistatus_core::reader::read(b"<t> 21.5 </t>").unwrap();
/// let t: Celsius = ValueReader::parse_element(&element).unwrap();
/// assert_eq!(t.0, 21.5);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be parsed as a WebDAV property value",
    label = "this type does not implement `multistatus::ParseValue`",
    note = "derive it with `#[derive(multistatus::PropertyValue)]` (on owned types), implement `multistatus::ParseValue` by hand, or use a supported type (String, integers, bool, SystemTime, Href, Vec<Href>, RawValue, …)"
)]
pub trait ParseValue: Sized {
    /// Reads the value from the content of its element (and its attributes).
    fn parse_value(value: &mut ValueReader<'_>) -> Result<Self, ValueError>;
}

/// A field of a parsed property set or value struct: what it holds when its element came
/// back with a value, when it came back with an error status, and when it is absent.
///
/// - `Option<T>` (for a [`ParseValue`] `T`): `None` when absent, reported with an error, or
///   reported empty where `T` needs content (`<D:getcontentlength/>` for an
///   `Option<u64>`, as real servers send for collections);
/// - `Result<T, Status>`: `Ok` with a value, `Err(status)` when reported with another
///   status, `Err(404)` when not reported at all;
/// - `Option<Result<T, Status>>`: `None` when not reported;
/// - the std and value types of this crate, with a value for "absent": `""`, `0`, `false`,
///   the Unix epoch for dates, an empty list, a plain resource type, …;
/// - a derived value that implements `Default` (the derive implements this then).
///
/// A type that implements [`ParseValue`] by hand can be used in an `Option` as it is; as a
/// plain field, implement this too.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a field of a parsed property set or value",
    label = "this type does not implement `multistatus::ParseField`",
    note = "use `Option<T>` or `Result<T, Status>` of a parseable value, an owned std type (String, integers, bool, SystemTime, …), or a derived value that implements `Default`; borrowed types (`&str`) can only be written"
)]
pub trait ParseField: Sized {
    /// The value of a field whose element is absent: a property the response does not
    /// report, a child element that is not there.
    fn absent() -> Self;

    /// The value of the element: a property reported with a success status, a child element.
    fn parse_field(value: &mut ValueReader<'_>) -> Result<Self, ValueError>;

    /// The value of a property reported with an error status (403, 404, 424, …):
    /// [`absent`](Self::absent) unless the type keeps the status (`Result<T, Status>`).
    fn with_status(status: Status) -> Self {
        let _ = status;
        Self::absent()
    }
}

/// A value read back from a whole element, its name included: the mirror of [`ListItem`], so
/// that a list of it is parsed (`Vec<Href>`: one per `DAV:href` child).
///
/// Implemented for [`Href`](crate::Href), [`Element`](crate::Element), the lock values of
/// [`values`](crate::values), and by `#[derive(PropertyValue)]` for enums of elements.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not read an element of its own, so a list of it cannot be parsed",
    label = "this type does not implement `multistatus::ParseListItem`",
    note = "a list of hrefs is `Vec<Href>`; a `#[derive(PropertyValue)]` enum of elements, or a struct with a `Vec<T>` field (one child element per item, named after the field), reads lists of other values"
)]
pub trait ParseListItem: Sized {
    /// The item `element` is; `None` when it is not one (it is skipped, as unknown elements
    /// are).
    fn parse_item(element: &mut ValueReader<'_>) -> Result<Option<Self>, ValueError>;
}

/// Text read back: an attribute's value or the text of an element beside its attributes
/// (`#[dav(attribute)]`, `#[dav(text)]`); the mirror of [`AttributeValue`].
///
/// Implemented for strings, integers, `bool` and `Option` of those.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be parsed from an attribute value or from text",
    label = "this type does not implement `multistatus::ParseText`",
    note = "`#[dav(attribute)]` and `#[dav(text)]` fields of a parsed value hold owned text: String, integers, bool, or an `Option` of one"
)]
pub trait ParseText: Sized {
    /// The value of `text` (an attribute's value as XML normalizes it, or an element's
    /// whole text).
    fn parse_text(text: &str) -> Result<Self, ValueErrorKind>;

    /// The value of an attribute that is not there; `None`: the value needs it
    /// ([`ValueErrorKind::Missing`]). `Option<T>` is `None` then.
    fn absent() -> Option<Self> {
        None
    }
}

/// A property set read back from a 207 body: one value per response, each known
/// property's value in its field whatever propstat carried it. Implemented by
/// `#[derive(PropertySet)]` when every field can be parsed: see
/// [`client`](crate::client) for how a response fills it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be parsed from a 207 body",
    label = "this property set does not implement `multistatus::ParseSet`",
    note = "`#[derive(PropertySet)]` makes a set parseable when every property's type implements `multistatus::ParseField` (owned std types, `Option<T>` or `Result<T, Status>` of a `ParseValue` type, a derived value that implements `Default`), every flattened set is parseable, the `#[dav(dead)]` field is `DeadPropertiesMut + Default` and skipped fields are `Default`; a set that borrows (`&'a str`) can only be written"
)]
pub trait ParseSet: PropertySet + Sized {
    /// Where the status of each property is kept: one slot per typed name.
    #[doc(hidden)]
    type Statuses: StatusSlots;

    /// The set with every property absent (not reported).
    fn unreported() -> Self;

    /// Reads the value of `name`, reported with a success status, into its field.
    fn parse_property(
        &mut self,
        name: Self::Name,
        value: &mut ValueReader<'_>,
    ) -> Result<(), ValueError>;

    /// `name` was reported with an error status: its field says so
    /// ([`ParseField::with_status`]).
    fn property_status(&mut self, name: Self::Name, status: Status);

    /// Keeps a dead property (one the set does not know, reported with a value) in the
    /// set's `#[dav(dead)]` store; whether there is one that took it.
    fn keep_dead(&mut self, property: &DeadProperty) -> bool {
        let _ = property;
        false
    }

    /// The slot of `name` in [`ParseSet::Statuses`]: its position in
    /// [`PropertySet::NAME_TREE`] order.
    #[doc(hidden)]
    fn slot(name: Self::Name) -> usize;
}

/// Fixed-size storage of where each typed name was reported (the propstat and the position
/// in the response), so that a response keeps it without allocating.
#[doc(hidden)]
pub trait StatusSlots: Clone + Debug + PartialEq + Eq + Send + Sync + 'static {
    /// Every slot empty (not reported).
    fn empty() -> Self;
    /// Slot `i` (empty when there is none).
    fn get(&self, i: usize) -> Place;
    /// Sets slot `i` (nothing when there is none).
    fn set(&mut self, i: usize, place: Place);
}

/// Where a property was reported in a response: its propstat (from 1; 0 when it was not
/// reported) and its position among the response's properties.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Place {
    /// The propstat, from 1; 0: not reported.
    pub propstat: u32,
    /// The position among the response's properties, in document order.
    pub position: u32,
}

/// `N` slots, `N` the number of typed names of a set.
#[doc(hidden)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slots<const N: usize>(pub [Place; N]);

impl<const N: usize> StatusSlots for Slots<N> {
    #[inline]
    fn empty() -> Self {
        Self([Place::default(); N])
    }

    #[inline]
    fn get(&self, i: usize) -> Place {
        self.0.get(i).copied().unwrap_or_default()
    }

    #[inline]
    fn set(&mut self, i: usize, place: Place) {
        if let Some(slot) = self.0.get_mut(i) {
            *slot = place;
        }
    }
}
