//! Attributes of the element that holds a value (`<C:comp name="VEVENT"/>`), and text
//! written by [`AttributeValue`]s.
//!
//! A value writes its attributes through [`Attributes`], which exists only while the start
//! tag of its element is open: no attribute can be written after content, by construction.

use std::fmt;

use crate::Error;
use crate::distinct::Distinct;
use crate::name::{AttributeName, Name, is_xmlns};
use crate::prop::AttributeValue;
use crate::write::escape::escape_into;
use crate::write::sink::Sink;

/// The attributes of the element whose start tag was just written: what
/// [`PropertyValue::write_attributes`](crate::PropertyValue::write_attributes) receives.
///
/// Each attribute is added to the start tag (which is reopened: it ends with `>` before and
/// after), its value escaped for an attribute (`"`, `<`, `&`, and `\t`, `\n`, `\r` as
/// character references, so that they survive attribute-value normalisation). A namespace not
/// in scope is declared on the element. An attribute that cannot be written (a character XML
/// cannot carry, a name already on the element) leaves the start tag as it was.
///
/// ```
/// use multistatus_core::{Attributes, Namespaces, PropertyValue, Sink};
/// use multistatus_core::name::{AttributeName, Tag, CALDAV};
///
/// struct CalendarData<'a>(&'a str);
/// impl PropertyValue for CalendarData<'_> {
///     fn write_attributes(&self, attributes: &mut Attributes<'_>) -> Result<(), multistatus_core::Error> {
///         const CONTENT_TYPE: AttributeName = AttributeName::new("", "content-type");
///         const VERSION: AttributeName = AttributeName::new("", "version");
///         attributes.attribute(&CONTENT_TYPE, "text/calendar")?;
///         attributes.attribute(&VERSION, "2.0")
///     }
///     fn write_value(&self, sink: &mut Sink) -> Result<(), multistatus_core::Error> {
///         sink.text(self.0)
///     }
/// }
///
/// const DATA: Tag = Tag::new(CALDAV, "calendar-data");
/// let mut namespaces = Namespaces::new();
/// namespaces.declare(CALDAV).unwrap();
/// let mut sink = Sink::new(namespaces);
/// sink.property(&DATA, &CalendarData("BEGIN:VCALENDAR")).unwrap();
/// assert_eq!(
///     sink.as_str(),
///     r#"<C:calendar-data content-type="text/calendar" version="2.0">BEGIN:VCALENDAR</C:calendar-data>"#
/// );
/// ```
pub struct Attributes<'s> {
    sink: &'s mut Sink,
    /// Namespaces declared on the element for its attributes, in scope until it ends.
    pushed: u32,
    /// Attributes written through this value so far. Past [`SCANNED`], the names on the
    /// tag (` p:local=`) are kept in the sink's `attribute_names`, so that the duplicate
    /// check stays linear in the tag however many attributes it has.
    written: u32,
}

/// How many attributes a value writes before their names are kept in a set instead of
/// being looked for in the tag (each look is linear in the tag).
const SCANNED: u32 = 8;

impl fmt::Debug for Attributes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Attributes")
            .field("pushed", &self.pushed)
            .finish_non_exhaustive()
    }
}

impl<'s> Attributes<'s> {
    /// The attributes of the start tag `sink` ends with (`…>`).
    #[inline]
    pub(crate) fn reopen(sink: &'s mut Sink) -> Self {
        debug_assert_eq!(sink.buf.last(), Some(&b'>'));
        Self {
            sink,
            pushed: 0,
            written: 0,
        }
    }

    /// How many namespaces the attributes declared: scopes the element closes when it ends.
    #[inline]
    pub(crate) fn pushed(&self) -> u32 {
        self.pushed
    }

    /// Adds the attribute `name="value"`; nothing when the value is absent (`None`).
    ///
    /// # Errors
    /// [`Error::IllegalChar`] for a character XML 1.0 cannot carry, [`Error::Value`] when
    /// the element has this attribute already; the start tag is left as it was.
    #[inline]
    pub fn attribute<V: AttributeValue + ?Sized>(
        &mut self,
        name: &AttributeName,
        value: &V,
    ) -> Result<(), Error> {
        if !value.is_present() {
            return Ok(());
        }
        self.write(name.namespace(), name.local(), value)
    }

    /// Adds an attribute whose name is known only at run time (a dead property's).
    ///
    /// # Errors
    /// As [`Attributes::attribute`], and [`Error::InvalidName`] for `xmlns` (or a name in
    /// the namespace of `xmlns:p`), which would be read as a namespace declaration.
    pub fn named<V: AttributeValue + ?Sized>(
        &mut self,
        name: &Name<'_>,
        value: &V,
    ) -> Result<(), Error> {
        if is_xmlns(name.namespace(), name.local()) {
            return Err(Error::InvalidName {
                name: name.local().to_owned(),
                reason: "`xmlns` declares a namespace and cannot be written as an attribute",
            });
        }
        if !value.is_present() {
            return Ok(());
        }
        self.write(name.namespace(), name.local(), value)
    }

    fn write<V: AttributeValue + ?Sized>(
        &mut self,
        namespace: &str,
        local: &str,
        value: &V,
    ) -> Result<(), Error> {
        let (len, scopes) = self.sink.checkpoint();
        let sink = &mut *self.sink;
        // Reopen the start tag: the `>` goes back on at the end.
        sink.buf.pop();
        let (pushed, name_at) = sink.attribute_name(namespace, local);
        sink.buf.extend_from_slice(b"=\"");
        let name_end = sink.buf.len() - 1;
        let duplicate = if self.written < SCANNED {
            has_attribute(&sink.buf, name_at)
        } else {
            in_many(sink, self.written == SCANNED, name_at, name_end)
        };
        let result = if duplicate {
            Err(Error::Value(format!(
                "the attribute {} is written twice on one element",
                Name::new_unchecked(namespace, local)
            )))
        } else {
            value.write_text(&mut TextSink::new(&mut sink.buf, true))
        };
        match result {
            Ok(()) => {
                if self.written >= SCANNED {
                    let (buf, names) = sink.attribute_names();
                    names.push_new(buf[name_at..name_end].into());
                }
                sink.buf.extend_from_slice(b"\">");
                self.pushed += pushed;
                self.written += 1;
                Ok(())
            }
            Err(e) => {
                // Back to the start tag as it was, `>` included.
                sink.rollback((len - 1, scopes));
                sink.buf.push(b'>');
                Err(e)
            }
        }
    }
}

/// Whether the start tag before `name_at` has the attribute written from `name_at` on
/// (` p:local="`). The tag starts at the last `<`: none follows it, as attribute values and
/// namespaces written on a tag have theirs escaped or refused. Values are written between
/// `"` and hold none (escaped), so splitting the tag at `"` gives the parts outside values
/// (`<p:name p:local=`, then ` p:local=` after each value) and, between them, the values:
/// only the parts outside are compared, since a value may end as a name does
/// (`a="x b="` before `b`).
fn has_attribute(buf: &[u8], name_at: usize) -> bool {
    let (head, name) = buf.split_at(name_at);
    let Some((b'"', name)) = name.split_last() else {
        return false;
    };
    outside_values(last_tag(head)).any(|outside| outside.ends_with(name))
}

/// The start tag that ends `head` (from its last `<`).
fn last_tag(head: &[u8]) -> &[u8] {
    head.iter()
        .rposition(|&b| b == b'<')
        .map_or(head, |start| &head[start..])
}

/// The parts of a start tag outside its attribute values: `<p:name p:local=`, then
/// ` p:local=` for each attribute after the first (see [`has_attribute`]).
fn outside_values(tag: &[u8]) -> impl Iterator<Item = &[u8]> {
    tag.split(|&b| b == b'"').step_by(2)
}

/// Whether the name at `name_at..name_end` is in the sink's set of the names on the tag
/// being written (see [`Attributes::written`]), filled first from the tag that ends at
/// `name_at` when `fill`.
#[cold]
fn in_many(sink: &mut Sink, fill: bool, name_at: usize, name_end: usize) -> bool {
    let (buf, names) = sink.attribute_names();
    if fill {
        names.truncate_with(0, drop);
        names_on_tag(names, &buf[..name_at]);
    }
    names.position(&buf[name_at..name_end]).is_some()
}

/// Adds to `names` the names of the attributes on the start tag that ends `head`, each as
/// ` p:local=`.
fn names_on_tag(names: &mut Distinct<Box<[u8]>>, head: &[u8]) {
    for outside in outside_values(last_tag(head)) {
        if let (Some(b'='), Some(space)) =
            (outside.last(), outside.iter().rposition(|&b| b == b' '))
        {
            names.insert(&Box::from(&outside[space..]));
        }
    }
}

/// Where an [`AttributeValue`] writes its text: escaped as an attribute value or as the text
/// of an element (`#[dav(text)]`).
pub struct TextSink<'a> {
    buf: &'a mut Vec<u8>,
    attribute: bool,
}

impl fmt::Debug for TextSink<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TextSink")
            .field("attribute", &self.attribute)
            .finish_non_exhaustive()
    }
}

impl<'a> TextSink<'a> {
    #[inline]
    pub(crate) fn new(buf: &'a mut Vec<u8>, attribute: bool) -> Self {
        Self { buf, attribute }
    }

    /// Writes escaped text.
    ///
    /// # Errors
    /// [`Error::IllegalChar`] for a character XML 1.0 cannot carry; the caller (the sink)
    /// removes what was written.
    #[inline]
    pub fn text(&mut self, text: &str) -> Result<(), Error> {
        escape_into(self.buf, text, self.attribute).map_err(|found| Error::IllegalChar { found })
    }

    /// Writes the [`Display`](fmt::Display) form of `value`, escaped, without allocating.
    ///
    /// # Errors
    /// As [`TextSink::text`], and [`Error::Value`] when the `Display` implementation fails.
    pub fn display(&mut self, value: &dyn fmt::Display) -> Result<(), Error> {
        crate::write::sink::display_into(self.buf, value, self.attribute)
    }

    /// Writes text known to need no escaping (digits).
    #[inline]
    pub(crate) fn ascii(&mut self, text: &[u8]) {
        self.buf.extend_from_slice(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PropertyValue;
    use crate::name::{CALDAV, Tag, XML};
    use crate::write::Namespaces;

    const P: Tag = Tag::new(CALDAV, "p");
    const A: AttributeName = AttributeName::new("", "a");
    const B: AttributeName = AttributeName::new("urn:b", "b");

    /// A value with the attributes `f` writes and `text` as content.
    struct With<F>(F, &'static str);

    impl<F: Fn(&mut Attributes<'_>) -> Result<(), Error>> PropertyValue for With<F> {
        fn write_attributes(&self, attributes: &mut Attributes<'_>) -> Result<(), Error> {
            (self.0)(attributes)
        }
        fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
            sink.text(self.1)
        }
    }

    fn write(value: &impl PropertyValue) -> (Result<(), Error>, String) {
        let mut ns = Namespaces::new();
        let _ = ns.declare(CALDAV);
        let mut sink = Sink::new(ns);
        let result = sink.property(&P, value);
        (result, sink.as_str().to_owned())
    }

    /// Attributes go on the start tag, in the order written; an element with attributes and
    /// no content is empty.
    #[test]
    fn on_the_start_tag() {
        let value = With(|a: &mut Attributes<'_>| a.attribute(&A, "1"), "x");
        assert_eq!(write(&value).1, r#"<C:p a="1">x</C:p>"#);
        let empty = With(
            |a: &mut Attributes<'_>| {
                a.attribute(&A, &2u8)?;
                a.attribute(&AttributeName::new("", "c"), &true)
            },
            "",
        );
        assert_eq!(write(&empty).1, r#"<C:p a="2" c="true"/>"#);
    }

    /// `None` writes no attribute.
    #[test]
    fn absent_value() {
        let value = With(|a: &mut Attributes<'_>| a.attribute(&A, &None::<&str>), "x");
        assert_eq!(write(&value).1, "<C:p>x</C:p>");
    }

    /// A namespace not in scope is declared on the element, and stays in scope for its
    /// content only; the `xml` namespace needs no declaration.
    #[test]
    fn namespaces() {
        let value = With(
            |a: &mut Attributes<'_>| {
                a.attribute(&B, "1")?;
                a.named(&Name::new_unchecked(XML, "space"), "preserve")
            },
            "x",
        );
        let mut sink = Sink::new(Namespaces::new());
        assert!(sink.property(&P, &value).is_ok());
        assert_eq!(sink.scopes_len(), 0);
        assert_eq!(
            sink.as_str(),
            concat!(
                r#"<C:p xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:ns1="urn:b" ns1:b="1" "#,
                r#"xml:space="preserve">x</C:p>"#
            )
        );
    }

    /// Many attributes: past the first few, names are kept in a set (the check no longer
    /// scans the tag); duplicates are still refused, with or without a namespace, and values
    /// that end as a name does are not taken for one.
    #[test]
    fn many_attributes_and_their_duplicates() {
        let names: Vec<Name<'static>> = (0..300)
            .map(|i| {
                let namespace = if i % 3 == 0 { "urn:many" } else { "" };
                Name::new_unchecked(namespace, format!("a{i}"))
            })
            .collect();
        let value = With(
            |a: &mut Attributes<'_>| {
                for (i, name) in names.iter().enumerate() {
                    // Each value ends as the next attribute's name does.
                    a.named(name, format!("v a{} ns1:a{}=", i + 1, i + 1).as_str())?;
                }
                for (i, name) in names.iter().enumerate() {
                    match a.named(name, "again") {
                        Err(Error::Value(m)) if m.contains("twice") => {}
                        other => panic!("attribute {i} written twice: {other:?}"),
                    }
                }
                a.named(&Name::new_unchecked("urn:many", "a1"), "new")
            },
            "",
        );
        let (result, written) = write(&value);
        assert!(result.is_ok(), "{result:?}");
        // The sink's table declares `C` on the root it would be written under.
        let document = format!(r#"<r xmlns:C="{CALDAV}">{written}</r>"#);
        let doc = match roxmltree::Document::parse(&document) {
            Ok(doc) => doc,
            Err(e) => panic!("{e}: {written}"),
        };
        let Some(p) = doc.root_element().first_element_child() else {
            panic!("no element: {written}")
        };
        let attributes: Vec<_> = p.attributes().collect();
        assert_eq!(attributes.len(), 301);
        for (i, name) in names.iter().enumerate() {
            let found = attributes.iter().find(|at| {
                at.name() == name.local() && at.namespace().unwrap_or("") == name.namespace()
            });
            assert_eq!(
                found.map(|at| at.value().to_owned()),
                Some(format!("v a{} ns1:a{}=", i + 1, i + 1))
            );
        }
    }

    /// An attribute that fails (an illegal character, a name written twice) leaves the start
    /// tag as it was; `Sink::property` then removes the element.
    #[test]
    fn failures_leave_the_tag_as_it_was() {
        let mut sink = Sink::new(Namespaces::new());
        let _ = sink.start(&Tag::new("", "e"));
        let mut attributes = Attributes::reopen(&mut sink);
        assert!(attributes.attribute(&A, "1").is_ok());
        assert!(matches!(
            attributes.attribute(&B, "\u{0}"),
            Err(Error::IllegalChar { found: '\u{0}' })
        ));
        assert!(matches!(
            attributes.attribute(&A, "2"),
            Err(Error::Value(_))
        ));
        assert!(matches!(
            attributes.named(&Name::new_unchecked("", "xmlns"), "urn:x"),
            Err(Error::InvalidName { .. })
        ));
        assert_eq!(attributes.pushed(), 0);
        assert_eq!(sink.as_str(), r#"<e a="1">"#);
        assert_eq!(sink.scopes_len(), 0);

        let value = With(|a: &mut Attributes<'_>| a.attribute(&A, "\u{1}"), "x");
        let (result, written) = write(&value);
        assert!(result.is_err());
        assert_eq!(written, "");
    }

    /// The same local name in another namespace, or a prefix that ends like it, is another
    /// attribute.
    #[test]
    fn names_told_apart() {
        let value = With(
            |a: &mut Attributes<'_>| {
                a.attribute(&AttributeName::new("", "b"), "1")?;
                a.attribute(&B, "2")?;
                a.attribute(&AttributeName::new("", "xb"), "3")
            },
            "",
        );
        assert_eq!(
            write(&value).1,
            r#"<C:p b="1" xmlns:ns1="urn:b" ns1:b="2" xb="3"/>"#
        );
    }

    /// Text for an element escapes markup and `\r` and keeps tabs and line feeds; for an
    /// attribute, those become references too.
    #[test]
    fn text_sink_escaping() {
        let mut buf = Vec::new();
        assert!(TextSink::new(&mut buf, false).text("<a\t\n\r\"").is_ok());
        assert_eq!(buf, b"&lt;a\t\n&#13;\"");
        buf.clear();
        assert!(
            TextSink::new(&mut buf, true)
                .display(&format_args!("<{}>", "\t"))
                .is_ok()
        );
        assert_eq!(buf, b"&lt;&#9;&gt;");
    }
}
