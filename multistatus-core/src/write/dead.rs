//! Dead properties written: built from a tree with the crate's writer
//! ([`DeadProperty::from_element`]) and copied into a document ([`Sink::dead_property`]).

use crate::Error;
use crate::model::dead::DeadProperty;
use crate::model::xml::Element;
use crate::name::XML;
use crate::write::namespaces::Namespaces;
use crate::write::sink::Sink;

/// The most namespace bindings the reader accepts in scope (quick-xml's bound): a property
/// declaring more could not be read back.
const MAX_BINDINGS: usize = 128;

impl DeadProperty {
    /// A dead property built in code from a tree: the element written by this crate's
    /// writer, every namespace it uses declared on it (well-known ones under their usual
    /// prefixes, others as `ns1`, `ns2`, …), its `xml:lang` kept.
    ///
    /// ```
    /// use multistatus_core::{DeadProperty, Element, name::Name};
    /// let tree = Element::new(Name::new("urn:z", "author").unwrap())
    ///     .with_lang("en")
    ///     .with_child(Element::new(Name::new("urn:z", "name").unwrap()).with_text("Jane"))
    ///     .with_child(Element::new(Name::new("DAV:", "href").unwrap()).with_text("/jane"));
    /// let p = DeadProperty::from_element(&tree).unwrap();
    /// assert_eq!(p.xml(), concat!(
    ///     r#"<ns1:author xmlns:ns1="urn:z" xmlns:D="DAV:" xml:lang="en">"#,
    ///     "<ns1:name>Jane</ns1:name><D:href>/jane</D:href></ns1:author>",
    /// ));
    /// assert_eq!(p.lang(), Some("en"));
    /// assert_eq!(p.to_element().unwrap(), tree);
    /// ```
    ///
    /// # Errors
    /// What the writer refuses in the tree (a character XML cannot carry, an attribute
    /// named `xmlns`, a namespace no URI can be), and a tree using more than 128
    /// namespaces, which the reader could not read back.
    pub fn from_element(element: &Element) -> Result<Self, Error> {
        let mut table = Namespaces::empty();
        let mut failed = None;
        element.for_each_namespace(&mut |namespace| {
            if failed.is_none() && namespace != XML && table.prefix(namespace).is_none() {
                failed = table.declare(namespace.to_owned()).err();
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        if table.iter().count() > MAX_BINDINGS {
            return Err(Error::Value(format!(
                "a dead property cannot use more than {MAX_BINDINGS} namespaces"
            )));
        }
        let mut sink = Sink::with_buffer(table.clone(), Vec::new());
        sink.raw(element)?;
        let declarations = String::from_utf8_lossy(table.table.xmlns());
        Ok(Self::assemble(
            element.name().clone(),
            sink.as_str(),
            &declarations,
            element.lang().map(Into::into),
        ))
    }
}

impl Sink {
    /// Writes a dead property: one copy of its [`xml`](DeadProperty::xml), which declares
    /// every namespace it uses, so it cannot clash with the document's prefixes.
    ///
    /// ```
    /// use multistatus_core::{DeadProperty, Namespaces, Sink};
    /// let color = DeadProperty::parse(r#"<D:color xmlns:D="urn:not-dav">red</D:color>"#).unwrap();
    /// let mut sink = Sink::new(Namespaces::new());
    /// sink.dead_property(&color);
    /// assert_eq!(sink.as_str(), r#"<D:color xmlns:D="urn:not-dav">red</D:color>"#);
    /// ```
    #[inline]
    pub fn dead_property(&mut self, property: &DeadProperty) {
        self.bytes(property.xml().as_bytes());
    }
}
