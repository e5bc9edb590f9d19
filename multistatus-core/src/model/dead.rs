//! Dead properties whose names are known only at run time (what clients PROPPATCH), and the
//! stores that keep them.
//!
//! A [`DeadProperty`] is a whole property element as self-contained XML: every namespace
//! binding in scope where the client wrote it is declared on its start tag, so it is written
//! back as it was received (prefixes, attributes, whitespace, `xml:lang`; RFC 4918 §4.3)
//! with one copy, anywhere in a document.
//!
//! Where they come from: a PROPPATCH ([`SetProperty::property`](crate::request::SetProperty::property)),
//! storage ([`DeadProperty::parse`]), or code ([`DeadProperty::from_element`]). Where they go:
//! a store ([`DeadProperties`], [`DeadPropertiesMut`]; [`DeadMap`] in memory) that a property
//! set hands to PROPFIND answers through [`PropertySet::dead`](crate::PropertySet::dead).

use std::borrow::{Borrow, Cow};
use std::hash::{Hash, Hasher};
use std::rc::Rc;
use std::sync::Arc;

use crate::distinct::Distinct;
use crate::name::Name;
use crate::proppatch::PatchFailure;

/// A dead property: its expanded name and its element as self-contained XML, such as
/// `<Z:author xmlns:Z="http://ns.example.com/z/" xml:lang="en"><Z:Name>Jane</Z:Name></Z:author>`.
///
/// Only built from XML that was checked (a request body read by the hardened reader, a stored
/// value read back with the same checks, or a tree written by this crate's writer), so
/// writing it verbatim keeps a document well-formed.
///
/// ```
/// use multistatus_core::DeadProperty;
/// let color = DeadProperty::parse(
///     r#"<A:calendar-color xmlns:A="http://apple.com/ns/ical/" symbolic-color="custom">#FF2968</A:calendar-color>"#,
/// ).unwrap();
/// assert!(color.name().is("http://apple.com/ns/ical/", "calendar-color"));
/// assert_eq!(color.to_element().unwrap().attribute("", "symbolic-color"), Some("custom"));
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DeadProperty {
    pub(crate) name: Name<'static>,
    pub(crate) xml: Box<str>,
    /// The `xml:lang` of the property element, as its start tag sets it.
    pub(crate) lang: Option<Box<str>>,
}

impl DeadProperty {
    /// The property's expanded name.
    #[must_use]
    pub fn name(&self) -> &Name<'static> {
        &self.name
    }

    /// The property element as self-contained XML: what a store saves, and what is written.
    #[must_use]
    pub fn xml(&self) -> &str {
        &self.xml
    }

    /// The language of the value: the `xml:lang` on the property element (the one the
    /// client set on it, or the one in scope where it wrote it).
    ///
    /// ```
    /// use multistatus_core::DeadProperty;
    /// let p = DeadProperty::parse(r#"<t xml:lang="fr">Titre</t>"#).unwrap();
    /// assert_eq!(p.lang(), Some("fr"));
    /// ```
    #[must_use]
    pub fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }

    /// `xml`, the text of an element that starts with `<qname`, with `declarations` (each
    /// ` xmlns…="…"` or ` xml:lang="…"`, escaped) inserted right after `<qname`, and its line
    /// ends normalized as XML 1.0 §2.11 does before any parsing (CR LF and a lone CR become
    /// LF): the same characters to every parser, and no literal CR in a document (a CR in a
    /// value is a reference, `&#13;`, which is kept).
    pub(crate) fn assemble(
        name: Name<'static>,
        xml: &str,
        declarations: &str,
        lang: Option<Box<str>>,
    ) -> Self {
        let xml = line_ends(xml);
        let xml = &*xml;
        let at = name_end(xml);
        let (head, tail) = xml.split_at(at);
        let mut text = String::with_capacity(xml.len() + declarations.len());
        text.push_str(head);
        text.push_str(declarations);
        text.push_str(tail);
        Self {
            name,
            xml: text.into_boxed_str(),
            lang,
        }
    }
}

/// `text` with its line ends normalized (XML 1.0 §2.11): CR LF and a lone CR become LF.
fn line_ends(text: &str) -> Cow<'_, str> {
    if !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Where the qualified name of the start tag that `xml` begins with (`<p:name …`) ends: at
/// the first whitespace, `>` or `/`, as no name holds one.
fn name_end(xml: &str) -> usize {
    xml.bytes()
        .skip(1)
        .position(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/'))
        .map_or(xml.len(), |i| i + 1)
}

/// Where a resource's dead properties are kept: a map in memory ([`DeadMap`]), or rows of a
/// database, extended attributes, … A property set holds one in a field marked
/// `#[dav(dead)]`; PROPFIND answers consult it for every name the set does not know.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a store of dead properties",
    label = "a `#[dav(dead)]` field holds a store of dead properties",
    note = "use `multistatus::DeadMap` (in memory), or implement `multistatus::DeadProperties` for a store backed by a database or extended attributes"
)]
pub trait DeadProperties {
    /// The property `name`, if it is stored.
    fn get(&self, name: &Name<'_>) -> Option<&DeadProperty>;

    /// Calls `f` with every stored property, in a stable order (`allprop`, `propname`).
    fn for_each(&self, f: &mut dyn FnMut(&DeadProperty));
}

/// A store of dead properties that PROPPATCH can change
/// ([`PatchAnswer::evaluate_set`](crate::proppatch::PatchAnswer::evaluate_set)).
///
/// A store backed by a database or by extended attributes can refuse a change with the
/// status to report for that property (507 Insufficient Storage when full, …). PROPPATCH
/// is all or nothing: changes go to a working copy (a clone of a [`DeadMap`]) or a
/// transaction, kept only when every instruction succeeded.
pub trait DeadPropertiesMut: DeadProperties {
    /// Stores `property`, replacing one of the same name.
    ///
    /// # Errors
    /// When the store refuses it; the failure is the property's status in the answer.
    fn set(&mut self, property: DeadProperty) -> Result<(), PatchFailure>;

    /// Removes the property `name`. Removing a property that is not stored is not an error
    /// (RFC 4918 §14.23).
    ///
    /// # Errors
    /// When the store refuses it; the failure is the property's status in the answer.
    fn remove(&mut self, name: &Name<'_>) -> Result<(), PatchFailure>;
}

/// The dead properties of one resource in memory: in the order they were first set, found by
/// name in constant time (compared one by one while there are few, hashed past that).
///
/// A server keeping them elsewhere loads a resource's into a `DeadMap`
/// ([`DeadProperty::parse`] on each saved [`xml`](DeadProperty::xml)), or implements
/// [`DeadProperties`] itself.
///
/// ```
/// use multistatus_core::{DeadMap, DeadProperties, DeadPropertiesMut, DeadProperty, name::Name};
/// let mut map: DeadMap = [
///     DeadProperty::parse(r#"<Z:a xmlns:Z="urn:z">1</Z:a>"#).unwrap(),
///     DeadProperty::parse(r#"<Z:b xmlns:Z="urn:z">2</Z:b>"#).unwrap(),
/// ].into_iter().collect();
/// map.set(DeadProperty::parse(r#"<y:a xmlns:y="urn:z">3</y:a>"#).unwrap()).unwrap();
/// map.remove(&Name::new("urn:z", "b").unwrap()).unwrap();
/// let xml: Vec<&str> = map.iter().map(|p| p.xml()).collect();
/// assert_eq!(xml, [r#"<y:a xmlns:y="urn:z">3</y:a>"#]);
/// assert!(map.get(&Name::new("urn:z", "a").unwrap()).is_some());
/// ```
#[derive(Clone, Default)]
pub struct DeadMap {
    /// The names, at the positions of their properties.
    names: Distinct<Key>,
    properties: Vec<DeadProperty>,
}

impl DeadMap {
    /// An empty map.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// How many properties are stored.
    #[must_use]
    pub fn len(&self) -> usize {
        self.properties.len()
    }

    /// Whether none is.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.properties.is_empty()
    }

    /// The stored properties, in the order they were first set.
    pub fn iter(&self) -> std::slice::Iter<'_, DeadProperty> {
        self.properties.iter()
    }

    /// The property `name`, if it is stored.
    #[must_use]
    pub fn get(&self, name: &Name<'_>) -> Option<&DeadProperty> {
        let at = self.names.position(name as &dyn Parts)?;
        self.properties.get(at)
    }

    /// Stores `property`; one of the same name is replaced in place (it keeps its position)
    /// and returned.
    pub fn insert(&mut self, property: DeadProperty) -> Option<DeadProperty> {
        match self.names.position(property.name() as &dyn Parts) {
            Some(at) => self
                .properties
                .get_mut(at)
                .map(|slot| std::mem::replace(slot, property)),
            None => {
                self.names.push_new(Key(property.name.clone()));
                self.properties.push(property);
                None
            }
        }
    }

    /// Removes the property `name` and returns it; the later ones move up. Linear in the
    /// number of properties.
    pub fn remove(&mut self, name: &Name<'_>) -> Option<DeadProperty> {
        let at = self.names.position(name as &dyn Parts)?;
        self.names.remove_at(at);
        (at < self.properties.len()).then(|| self.properties.remove(at))
    }
}

impl std::fmt::Debug for DeadMap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.properties).finish()
    }
}

/// Equal when they hold the same properties in the same order.
impl PartialEq for DeadMap {
    fn eq(&self, other: &Self) -> bool {
        self.properties == other.properties
    }
}

impl Eq for DeadMap {}

/// Later properties replace earlier ones of the same name, in place.
impl FromIterator<DeadProperty> for DeadMap {
    fn from_iter<I: IntoIterator<Item = DeadProperty>>(iter: I) -> Self {
        let mut map = Self::new();
        map.extend(iter);
        map
    }
}

impl Extend<DeadProperty> for DeadMap {
    fn extend<I: IntoIterator<Item = DeadProperty>>(&mut self, iter: I) {
        for property in iter {
            self.insert(property);
        }
    }
}

impl IntoIterator for DeadMap {
    type Item = DeadProperty;
    type IntoIter = std::vec::IntoIter<DeadProperty>;

    fn into_iter(self) -> Self::IntoIter {
        self.properties.into_iter()
    }
}

impl<'a> IntoIterator for &'a DeadMap {
    type Item = &'a DeadProperty;
    type IntoIter = std::slice::Iter<'a, DeadProperty>;

    fn into_iter(self) -> Self::IntoIter {
        self.properties.iter()
    }
}

impl DeadProperties for DeadMap {
    fn get(&self, name: &Name<'_>) -> Option<&DeadProperty> {
        DeadMap::get(self, name)
    }

    fn for_each(&self, f: &mut dyn FnMut(&DeadProperty)) {
        self.properties.iter().for_each(f);
    }
}

/// Never refuses a change.
impl DeadPropertiesMut for DeadMap {
    fn set(&mut self, property: DeadProperty) -> Result<(), PatchFailure> {
        self.insert(property);
        Ok(())
    }

    fn remove(&mut self, name: &Name<'_>) -> Result<(), PatchFailure> {
        DeadMap::remove(self, name);
        Ok(())
    }
}

/// Nothing stored.
impl DeadProperties for () {
    fn get(&self, _: &Name<'_>) -> Option<&DeadProperty> {
        None
    }

    fn for_each(&self, _: &mut dyn FnMut(&DeadProperty)) {}
}

/// `None`: nothing stored.
impl<T: DeadProperties> DeadProperties for Option<T> {
    fn get(&self, name: &Name<'_>) -> Option<&DeadProperty> {
        self.as_ref().and_then(|t| t.get(name))
    }

    fn for_each(&self, f: &mut dyn FnMut(&DeadProperty)) {
        if let Some(t) = self {
            t.for_each(f);
        }
    }
}

/// Setting a property on `None` starts a store (`T::default()`); removing from `None` is
/// nothing to do.
impl<T: DeadPropertiesMut + Default> DeadPropertiesMut for Option<T> {
    fn set(&mut self, property: DeadProperty) -> Result<(), PatchFailure> {
        self.get_or_insert_with(T::default).set(property)
    }

    fn remove(&mut self, name: &Name<'_>) -> Result<(), PatchFailure> {
        match self {
            Some(t) => t.remove(name),
            None => Ok(()),
        }
    }
}

macro_rules! deref_store {
    ($($t:ty),*) => {$(
        impl<T: DeadProperties + ?Sized> DeadProperties for $t {
            fn get(&self, name: &Name<'_>) -> Option<&DeadProperty> {
                (**self).get(name)
            }

            fn for_each(&self, f: &mut dyn FnMut(&DeadProperty)) {
                (**self).for_each(f);
            }
        }
    )*};
}
deref_store!(&T, &mut T, Box<T>, Rc<T>, Arc<T>);

macro_rules! deref_store_mut {
    ($($t:ty),*) => {$(
        impl<T: DeadPropertiesMut + ?Sized> DeadPropertiesMut for $t {
            fn set(&mut self, property: DeadProperty) -> Result<(), PatchFailure> {
                (**self).set(property)
            }

            fn remove(&mut self, name: &Name<'_>) -> Result<(), PatchFailure> {
                (**self).remove(name)
            }
        }
    )*};
}
deref_store_mut!(&mut T, Box<T>);

/// A name's namespace and local name: what the map's index hashes and compares, so that a
/// stored `Name<'static>` is found with a borrowed `Name<'_>` without copying it.
trait Parts {
    fn parts(&self) -> (&str, &str);
}

impl Parts for Name<'_> {
    fn parts(&self) -> (&str, &str) {
        (self.namespace(), self.local())
    }
}

/// A stored name, as the index's key.
#[derive(Clone)]
struct Key(Name<'static>);

impl Parts for Key {
    fn parts(&self) -> (&str, &str) {
        self.0.parts()
    }
}

impl Hash for dyn Parts + '_ {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let (namespace, local) = self.parts();
        namespace.hash(state);
        local.hash(state);
    }
}

impl PartialEq for dyn Parts + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.parts() == other.parts()
    }
}

impl Eq for dyn Parts + '_ {}

// `Key` hashes and compares as the `dyn Parts` it borrows as, which `Borrow` requires.
impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self as &dyn Parts).hash(state);
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        self.parts() == other.parts()
    }
}

impl Eq for Key {}

impl<'a> Borrow<dyn Parts + 'a> for Key {
    fn borrow(&self) -> &(dyn Parts + 'a) {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn property(namespace: &'static str, local: &'static str, xml: &str) -> DeadProperty {
        DeadProperty {
            name: Name::new_const(namespace, local),
            xml: xml.into(),
            lang: None,
        }
    }

    /// Past the few names compared one by one, names are found through the hash index,
    /// with borrowed names; removing one moves the later ones up.
    #[test]
    fn many_properties_found_by_name() {
        let names: Vec<String> = (0..40).map(|i| format!("p{i}")).collect();
        let mut map = DeadMap::new();
        for n in &names {
            let name = Name::new("urn:x", n.clone()).ok();
            let Some(name) = name else { return };
            map.insert(DeadProperty {
                name: name.into_owned(),
                xml: format!("<{n}/>").into(),
                lang: None,
            });
        }
        assert_eq!(map.len(), 40);
        for (i, n) in names.iter().enumerate() {
            let found = map.get(&Name::new_const("urn:x", n.as_str()));
            assert_eq!(
                found.map(DeadProperty::xml),
                Some(format!("<{n}/>").as_str())
            );
            assert_eq!(map.iter().position(|p| p.name().local() == n), Some(i));
        }
        assert!(map.get(&Name::new_const("urn:y", "p1")).is_none());
        assert!(map.remove(&Name::new_const("urn:x", "p3")).is_some());
        assert!(map.remove(&Name::new_const("urn:x", "p3")).is_none());
        assert_eq!(map.len(), 39);
        let p30 = map.get(&Name::new_const("urn:x", "p30"));
        assert_eq!(p30.map(DeadProperty::xml), Some("<p30/>"));
    }

    /// Setting a stored name replaces its value in place.
    #[test]
    fn insert_replaces_in_place() {
        let mut map: DeadMap = [
            property("urn:x", "a", "<a>1</a>"),
            property("urn:x", "b", "<b/>"),
        ]
        .into_iter()
        .collect();
        let old = map.insert(property("urn:x", "a", "<a>2</a>"));
        assert_eq!(old.map(|p| p.xml), Some("<a>1</a>".into()));
        let xml: Vec<&str> = map.iter().map(DeadProperty::xml).collect();
        assert_eq!(xml, ["<a>2</a>", "<b/>"]);
    }

    /// `Option`: `None` stores nothing, and setting on it starts a map.
    #[test]
    fn option_store() {
        let mut store: Option<DeadMap> = None;
        assert!(DeadProperties::get(&store, &Name::new_const("urn:x", "a")).is_none());
        assert_eq!(
            DeadPropertiesMut::remove(&mut store, &Name::new_const("urn:x", "a")),
            Ok(())
        );
        assert_eq!(store.set(property("urn:x", "a", "<a/>")), Ok(()));
        assert_eq!(store.as_ref().map(DeadMap::len), Some(1));
    }

    /// Line ends become LF, as XML reads them; a lone CR too, CR LF once.
    #[test]
    fn line_ends_normalized() {
        assert_eq!(line_ends("a\r\nb\rc\r\r\nd"), "a\nb\nc\n\nd");
        assert!(matches!(line_ends("a\nb"), Cow::Borrowed("a\nb")));
    }

    /// The start tag's name ends at whitespace, `>` or `/`.
    #[test]
    fn name_ends() {
        assert_eq!(name_end("<a:b>"), 4);
        assert_eq!(name_end("<a\n x='1'/>"), 2);
        assert_eq!(name_end("<ab/>"), 3);
        assert_eq!(name_end("<ab"), 3);
    }
}
