//! Dead properties whose names are known only at run time (what clients PROPPATCH), and the
//! stores that keep them.
//!
//! A [`DeadProperty`] is a whole property element as self-contained XML: every namespace
//! binding in scope where the client wrote it is declared on its start tag, so it is written
//! back as it was received (prefixes, attributes, whitespace, `xml:lang`; RFC 4918 §4.3)
//! with one copy, anywhere in a document.

use crate::name::Name;

/// A dead property: its expanded name and its element as self-contained XML, such as
/// `<Z:author xmlns:Z="http://ns.example.com/z/" xml:lang="en"><Z:Name>Jane</Z:Name></Z:author>`.
///
/// Only built from XML that was checked (a request body read by the hardened reader, a stored
/// value read back with the same checks, or a tree written by this crate's writer), so
/// writing it verbatim keeps a document well-formed.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DeadProperty {
    pub(crate) name: Name<'static>,
    pub(crate) xml: Box<str>,
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
}

/// Where a resource's dead properties are kept: a map in memory, or
/// rows of a database, extended attributes, … A property set holds one in a field marked
/// `#[dav(dead)]`; PROPFIND answers consult it for every name the set does not know.
pub trait DeadProperties {
    /// The property `name`, if it is stored.
    fn get(&self, name: &Name<'_>) -> Option<&DeadProperty>;

    /// Calls `f` with every stored property, in a stable order (`allprop`, `propname`).
    fn for_each(&self, f: &mut dyn FnMut(&DeadProperty));
}
