//! Raw XML: element trees for dead properties, `DAV:error` conditions and anything the
//! typed layer does not model. Namespaces are kept as expanded names, so a tree written
//! back is namespace-equivalent to the one read, whatever prefixes either side used.

use std::borrow::Cow;

use crate::name::{Name, XML, XML_LANG as LANG};

/// An XML element with expanded names: the value of a dead property, a precondition in
/// `DAV:error`, or any content kept verbatim.
///
/// ```
/// use multistatus_core::{Element, name::Name};
/// let author = Element::new(Name::new("http://ns.example.com/boxschema/", "author").unwrap())
///     .with_child(
///         Element::new(Name::new("http://ns.example.com/boxschema/", "Name").unwrap())
///             .with_text("J.J. Johnson"),
///     )
///     .with_lang("en");
/// assert_eq!(author.lang(), Some("en"));
/// assert_eq!(author.children().len(), 1);
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Element {
    name: Name<'static>,
    attributes: Vec<Attribute>,
    children: Vec<Node>,
}

/// An attribute of an [`Element`], with an expanded name (`xml:lang` is in the
/// [`XML`] namespace).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Attribute {
    /// The attribute's expanded name; unprefixed attributes are in no namespace.
    pub name: Name<'static>,
    /// The attribute's value, unescaped.
    pub value: String,
}

/// A child of an [`Element`].
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Node {
    /// A child element.
    Element(Element),
    /// Character data, unescaped.
    Text(String),
}

impl Element {
    /// An element with no attributes and no children.
    #[must_use]
    pub fn new(name: Name<'static>) -> Self {
        Self {
            name,
            attributes: Vec::new(),
            children: Vec::new(),
        }
    }

    /// Adds a text child.
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

    /// Sets an attribute, replacing one of the same name.
    #[must_use]
    pub fn with_attribute(mut self, name: Name<'static>, value: impl Into<String>) -> Self {
        let value = value.into();
        match self.attributes.iter_mut().find(|a| a.name == name) {
            Some(a) => a.value = value,
            None => self.attributes.push(Attribute { name, value }),
        }
        self
    }

    /// Appends an attribute the caller knows is not there yet (the reader, which refuses
    /// duplicates itself): no search, so reading k attributes is O(k).
    pub(crate) fn push_attribute(&mut self, name: Name<'static>, value: String) {
        self.attributes.push(Attribute { name, value });
    }

    /// Sets `xml:lang` (RFC 4918 §4.3: a dead property's language is kept with it).
    #[must_use]
    pub fn with_lang(self, lang: impl Into<String>) -> Self {
        self.with_attribute(LANG, lang)
    }

    /// The element's name.
    #[must_use]
    pub fn name(&self) -> &Name<'static> {
        &self.name
    }

    /// The attributes, in document order.
    #[must_use]
    pub fn attributes(&self) -> &[Attribute] {
        &self.attributes
    }

    /// The children, in document order.
    #[must_use]
    pub fn children(&self) -> &[Node] {
        &self.children
    }

    /// Mutable access to the children.
    pub fn children_mut(&mut self) -> &mut Vec<Node> {
        &mut self.children
    }

    /// The child elements, skipping text.
    pub fn child_elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The concatenated text of the direct text children.
    #[must_use]
    pub fn text(&self) -> Cow<'_, str> {
        let mut texts = self.children.iter().filter_map(|n| match n {
            Node::Text(t) => Some(t.as_str()),
            Node::Element(_) => None,
        });
        match (texts.next(), texts.next()) {
            (None, _) => Cow::Borrowed(""),
            (Some(one), None) => Cow::Borrowed(one),
            (Some(a), Some(b)) => {
                let mut s = format!("{a}{b}");
                s.extend(texts);
                Cow::Owned(s)
            }
        }
    }

    /// The value of `xml:lang` on this element, if set.
    #[must_use]
    pub fn lang(&self) -> Option<&str> {
        self.attribute(XML, "lang")
    }

    /// The value of an attribute.
    #[must_use]
    pub fn attribute(&self, namespace: &str, local: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.name.is(namespace, local))
            .map(|a| a.value.as_str())
    }

    /// Calls `f` with every namespace used in this tree (elements and attributes).
    pub(crate) fn for_each_namespace<'s>(&'s self, f: &mut impl FnMut(&'s str)) {
        f(self.name.namespace());
        for a in &self.attributes {
            f(a.name.namespace());
        }
        for c in self.child_elements() {
            c.for_each_namespace(f);
        }
    }
}
