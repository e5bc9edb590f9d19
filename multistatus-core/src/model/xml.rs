//! Raw XML: element trees for dead properties, `DAV:error` conditions and anything the
//! typed layer does not model. Namespaces are kept as expanded names, so a tree written
//! back is namespace-equivalent to the one read, whatever prefixes either side used.
//!
//! Trees come from request bodies, so nothing here recurses over them: dropping, cloning,
//! comparing and walking a tree use a stack on the heap, and a tree as deep as the reader
//! accepts ([`reader::MAX_DEPTH`](crate::reader::MAX_DEPTH)) is as safe as a flat one on a
//! thread's default stack. `Debug` prints 32 levels and elides deeper ones.

use std::borrow::Cow;
use std::fmt;

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
///
/// A tree may come from an untrusted request body, so dropping, cloning and comparing one
/// do not recurse: any depth is safe on a thread's default stack. `Debug` prints the first
/// 32 levels and `[..]` for the content below.
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

/// Sets the attribute `name` among `attributes`, replacing one of the same name.
pub(crate) fn set_attribute(attributes: &mut Vec<Attribute>, name: Name<'static>, value: String) {
    match attributes.iter_mut().find(|a| a.name == name) {
        Some(a) => a.value = value,
        None => attributes.push(Attribute { name, value }),
    }
}

/// A child of an [`Element`].
#[derive(Clone, PartialEq, Eq)]
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
        set_attribute(&mut self.attributes, name, value.into());
        self
    }

    /// Appends an attribute the caller knows is not there yet (the reader, which refuses
    /// duplicates itself): no search, so reading k attributes is O(k).
    pub(crate) fn push_attribute(&mut self, name: Name<'static>, value: String) {
        self.attributes.push(Attribute { name, value });
    }

    /// Puts `xml:lang` first among the attributes of an element that has none: the language
    /// in scope where the element was written, as a dead property's start tag carries it
    /// before the element's own attributes, so that the two read the same.
    pub(crate) fn inherit_lang(&mut self, lang: &str) {
        self.attributes.insert(
            0,
            Attribute {
                name: LANG,
                value: lang.to_owned(),
            },
        );
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
        self.for_each_element(|e| {
            f(e.name.namespace());
            for a in &e.attributes {
                f(a.name.namespace());
            }
        });
    }

    /// Calls `f` with this element and each element below it, in document order.
    pub(crate) fn for_each_element<'s>(&'s self, f: impl FnMut(&'s Element)) {
        struct Each<F>(F);
        impl<'s, F: FnMut(&'s Element)> Visit<'s> for Each<F> {
            type Open = ();
            type Error = std::convert::Infallible;
            fn start(&mut self, element: &'s Element) -> Result<(), Self::Error> {
                (self.0)(element);
                Ok(())
            }
            fn text(&mut self, _: &'s str) -> Result<(), Self::Error> {
                Ok(())
            }
            fn end(&mut self, _: &'s Element, (): ()) {}
        }
        let Ok(()) = self.walk(&mut Each(f));
    }

    /// How many elements this tree holds, itself included.
    #[cfg(test)]
    pub(crate) fn element_count(&self) -> usize {
        let mut count = 0;
        self.for_each_element(|_| count += 1);
        count
    }

    /// Walks the tree depth first, in document order: `start` for this element, then its
    /// content (`text` for text, the same walk for each child element), then `end`.
    pub(crate) fn walk<'s, V: Visit<'s>>(&'s self, visitor: &mut V) -> Result<(), V::Error> {
        let open = visitor.start(self)?;
        walk_nodes(&self.children, visitor)?;
        visitor.end(self, open);
        Ok(())
    }

    /// This element's name and attributes with other children.
    fn copy_with(&self, children: Vec<Node>) -> Self {
        Self {
            name: self.name.clone(),
            attributes: self.attributes.clone(),
            children,
        }
    }

    /// Whether every child element is a leaf: then the derived, recursive form of an
    /// operation goes one level down at most, with no stack to allocate.
    fn is_shallow(&self) -> bool {
        self.children.iter().all(|c| match c {
            Node::Element(e) => e.children.is_empty(),
            Node::Text(_) => true,
        })
    }
}

/// What [`Element::walk`] calls as it goes.
pub(crate) trait Visit<'s> {
    /// What `start` hands to the matching `end`.
    type Open;
    /// What stops the walk.
    type Error;
    /// An element's start: its name and attributes.
    fn start(&mut self, element: &'s Element) -> Result<Self::Open, Self::Error>;
    /// A text node.
    fn text(&mut self, text: &'s str) -> Result<(), Self::Error>;
    /// An element's end, after its content.
    fn end(&mut self, element: &'s Element, open: Self::Open);
}

/// Walks `nodes` as [`Element::walk`] walks an element's content. The stack of open elements
/// is on the heap, and only elements with content go on it: a tree of leaves allocates nothing.
pub(crate) fn walk_nodes<'s, V: Visit<'s>>(
    nodes: &'s [Node],
    visitor: &mut V,
) -> Result<(), V::Error> {
    let mut open: Vec<(&'s Element, V::Open, std::slice::Iter<'s, Node>)> = Vec::new();
    let mut current = nodes.iter();
    loop {
        match current.next() {
            Some(Node::Text(t)) => visitor.text(t)?,
            Some(Node::Element(e)) => {
                let state = visitor.start(e)?;
                if e.children.is_empty() {
                    visitor.end(e, state);
                } else {
                    let parent = std::mem::replace(&mut current, e.children.iter());
                    open.push((e, state, parent));
                }
            }
            None => match open.pop() {
                Some((e, state, parent)) => {
                    visitor.end(e, state);
                    current = parent;
                }
                None => return Ok(()),
            },
        }
    }
}

impl Drop for Element {
    /// Without recursion: the descendants are moved onto one list and dropped from there
    /// childless, so a deep tree cannot overflow the stack.
    fn drop(&mut self) {
        if self.is_shallow() {
            return;
        }
        let mut pending = std::mem::take(&mut self.children);
        while let Some(node) = pending.pop() {
            if let Node::Element(mut e) = node {
                pending.append(&mut e.children);
            }
        }
    }
}

impl Clone for Element {
    fn clone(&self) -> Self {
        if self.is_shallow() {
            return self.copy_with(self.children.clone());
        }
        /// Copies of the open elements below the root; each goes to its parent when it ends.
        struct Copier {
            root: Element,
            open: Vec<Element>,
        }
        impl Copier {
            fn innermost(&mut self) -> &mut Vec<Node> {
                match self.open.last_mut() {
                    Some(e) => &mut e.children,
                    None => &mut self.root.children,
                }
            }
        }
        impl<'s> Visit<'s> for Copier {
            type Open = ();
            type Error = std::convert::Infallible;
            fn start(&mut self, element: &'s Element) -> Result<(), Self::Error> {
                let copy = element.copy_with(Vec::with_capacity(element.children.len()));
                self.open.push(copy);
                Ok(())
            }
            fn text(&mut self, text: &'s str) -> Result<(), Self::Error> {
                self.innermost().push(Node::Text(text.to_owned()));
                Ok(())
            }
            fn end(&mut self, _: &'s Element, (): ()) {
                if let Some(done) = self.open.pop() {
                    self.innermost().push(Node::Element(done));
                }
            }
        }
        let mut copier = Copier {
            root: self.copy_with(Vec::with_capacity(self.children.len())),
            open: Vec::new(),
        };
        let Ok(()) = walk_nodes(&self.children, &mut copier);
        copier.root
    }
}

impl PartialEq for Element {
    fn eq(&self, other: &Self) -> bool {
        let same = |a: &Element, b: &Element| {
            a.name == b.name && a.attributes == b.attributes && a.children.len() == b.children.len()
        };
        if !same(self, other) {
            return false;
        }
        // Pairs of children still to compare, one pair of iterators per open level.
        let mut open = Vec::new();
        let mut current = self.children.iter().zip(other.children.iter());
        loop {
            match current.next() {
                Some((Node::Text(a), Node::Text(b))) => {
                    if a != b {
                        return false;
                    }
                }
                Some((Node::Element(a), Node::Element(b))) => {
                    if !same(a, b) {
                        return false;
                    }
                    let children = a.children.iter().zip(b.children.iter());
                    open.push(std::mem::replace(&mut current, children));
                }
                Some(_) => return false,
                None => match open.pop() {
                    Some(parent) => current = parent,
                    None => return true,
                },
            }
        }
    }
}

impl Eq for Element {}

/// How many levels of a tree `Debug` prints; deeper content is shown as `[..]`.
const DEBUG_DEPTH: usize = 32;

impl fmt::Debug for Element {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        DebugElement(self, 0).fmt(f)
    }
}

impl fmt::Debug for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        DebugNode(self, 0).fmt(f)
    }
}

/// The derived `Debug` format, down to [`DEBUG_DEPTH`] levels: formatting recurses.
struct DebugElement<'a>(&'a Element, usize);
struct DebugNode<'a>(&'a Node, usize);
struct DebugChildren<'a>(&'a [Node], usize);

impl fmt::Debug for DebugElement<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self(e, depth) = *self;
        f.debug_struct("Element")
            .field("name", &e.name)
            .field("attributes", &e.attributes)
            .field("children", &DebugChildren(&e.children, depth + 1))
            .finish()
    }
}

impl fmt::Debug for DebugNode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self(Node::Element(e), depth) => f
                .debug_tuple("Element")
                .field(&DebugElement(e, depth))
                .finish(),
            Self(Node::Text(t), _) => f.debug_tuple("Text").field(t).finish(),
        }
    }
}

impl fmt::Debug for DebugChildren<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self(children, depth) = *self;
        if depth >= DEBUG_DEPTH && !children.is_empty() {
            return f.write_str("[..]");
        }
        f.debug_list()
            .entries(children.iter().map(|c| DebugNode(c, depth)))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `depth` nested elements in `urn:x` (built from the inside out, without recursion),
    /// the innermost holding `text`.
    fn chain(depth: usize, text: &str) -> Element {
        let name = || Name::new_unchecked("urn:x", "a");
        let mut e = Element::new(name()).with_text(text);
        for _ in 1..depth {
            e = Element::new(name()).with_child(e);
        }
        e
    }

    /// Runs `f` on a thread with the default 2 MiB stack of spawned threads.
    fn on_small_stack(f: impl FnOnce() + Send + 'static) {
        let thread = std::thread::Builder::new().stack_size(2 << 20).spawn(f);
        assert!(thread.is_ok_and(|t| t.join().is_ok()));
    }

    /// Dropping, cloning, comparing and walking a 100 000-deep tree do not recurse.
    #[test]
    fn deep_trees_on_a_small_stack() {
        on_small_stack(|| {
            let tree = chain(100_000, "x");
            let copy = tree.clone();
            assert!(copy == tree);
            assert!(chain(100_000, "y") != tree);
            assert_eq!(tree.element_count(), 100_000);
            let mut namespaces = 0;
            tree.for_each_namespace(&mut |ns| {
                assert_eq!(ns, "urn:x");
                namespaces += 1;
            });
            assert_eq!(namespaces, 100_000);
            drop(copy);
            drop(tree);
        });
    }

    /// `Debug` prints the first levels as derived `Debug` would, then `[..]`.
    #[test]
    fn debug_is_bounded() {
        on_small_stack(|| {
            let deep = format!("{:?}", chain(100_000, "x"));
            assert_eq!(deep.matches("Element {").count(), DEBUG_DEPTH);
            assert!(deep.contains("children: [..]"), "{deep}");
            let shallow = format!("{:?}", chain(2, "x"));
            assert_eq!(
                shallow,
                "Element { name: Name({urn:x}a), attributes: [], children: \
                 [Element(Element { name: Name({urn:x}a), attributes: [], children: [Text(\"x\")] })] }"
            );
        });
    }

    /// Comparison tells apart trees that differ in text, in structure or in attributes deep
    /// down, and clones keep all of them.
    #[test]
    fn clone_and_eq_are_exact() {
        let a = |last: Element| {
            Element::new(Name::new_unchecked("", "r"))
                .with_text("t")
                .with_child(Element::new(Name::new_unchecked("", "b")).with_child(last))
        };
        let leaf = || Element::new(Name::new_unchecked("", "c"));
        let base = a(leaf().with_text("1"));
        assert!(base.clone() == base);
        assert!(a(leaf().with_text("2")) != base);
        assert!(a(leaf().with_child(leaf())) != base);
        assert!(a(leaf().with_text("1").with_lang("en")) != base);
        assert!(a(leaf()) != base);
        let with_attr = a(leaf().with_text("1").with_lang("en"));
        assert!(with_attr.clone() == with_attr);
    }
}
