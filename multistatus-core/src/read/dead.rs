//! Dead properties read back from storage ([`DeadProperty::parse`]) and read into trees
//! ([`DeadProperty::to_element`]), with the hardened reader.

use crate::model::dead::DeadProperty;
use crate::model::xml::Element;
use crate::reader::{Limits, MAX_DEPTH, ReadError, ReadErrorKind, read_document, read_with};

/// The limits of [`DeadProperty::parse`]: the defaults, with room on the property element
/// for the namespace declarations and the language a PROPPATCH read with the default limits
/// puts there beside the client's own attributes.
const STORED: Limits = Limits {
    max_attributes: 2 * Limits::DEFAULT.max_attributes + 1,
    ..Limits::DEFAULT
};

/// The limits of [`DeadProperty::to_element`]: none but the reader's nesting bound, as the
/// text was checked when the property was built and is already in memory.
const CHECKED: Limits = Limits {
    max_bytes: usize::MAX,
    max_depth: MAX_DEPTH,
    max_elements: usize::MAX,
    max_attributes: usize::MAX,
    max_tree_bytes: usize::MAX,
    max_names: usize::MAX,
};

impl DeadProperty {
    /// Reads a stored property back: the XML that [`xml`](Self::xml) gave when it was
    /// saved (a database row, an extended attribute). It is read with the hardened reader
    /// and the default [`Limits`] (with room for the declarations a PROPPATCH puts on the
    /// property element): it must be one element, self-contained (a prefix it does not
    /// declare is an error), well-formed. What surrounds the element (an XML declaration,
    /// comments, whitespace) is not kept.
    ///
    /// ```
    /// use multistatus_core::{DeadProperty, reader::ReadErrorKind};
    /// let p = DeadProperty::parse(r#"<Z:author xmlns:Z="urn:z"> <Z:name>Jane</Z:name> </Z:author>"#).unwrap();
    /// assert!(p.name().is("urn:z", "author"));
    /// assert_eq!(p.xml(), r#"<Z:author xmlns:Z="urn:z"> <Z:name>Jane</Z:name> </Z:author>"#);
    ///
    /// let err = DeadProperty::parse("<Z:author>Jane</Z:author>").unwrap_err();
    /// assert!(matches!(err.kind(), ReadErrorKind::UnboundPrefix { .. }));
    /// ```
    ///
    /// # Errors
    /// What the reader refuses ([`ReadError`]).
    pub fn parse(xml: &str) -> Result<Self, ReadError> {
        Self::parse_with(xml, &STORED)
    }

    /// [`DeadProperty::parse`] with the given [`Limits`].
    ///
    /// ```
    /// use multistatus_core::{DeadProperty, reader::{Limits, ReadErrorKind}};
    /// let limits = Limits { max_depth: 1, ..Limits::default() };
    /// let err = DeadProperty::parse_with("<a><b/></a>", &limits).unwrap_err();
    /// assert!(matches!(err.kind(), ReadErrorKind::TooDeep { .. }));
    /// ```
    ///
    /// # Errors
    /// What the reader refuses ([`ReadError`]).
    pub fn parse_with(xml: &str, limits: &Limits) -> Result<Self, ReadError> {
        let mut doc = read_document(xml.as_bytes(), limits, true)?;
        doc.take_captured(0).ok_or_else(|| {
            doc.error_at(
                0,
                ReadErrorKind::Malformed {
                    message: "an element the reader did not capture".into(),
                },
            )
        })
    }

    /// The property element as a tree with expanded names, for a server that inspects a
    /// value. The declarations are folded into the names, as the reader does.
    ///
    /// ```
    /// use multistatus_core::DeadProperty;
    /// let p = DeadProperty::parse(r#"<Z:tags xmlns:Z="urn:z"><Z:t>a</Z:t><Z:t>b</Z:t></Z:tags>"#).unwrap();
    /// let tags: Vec<String> = p.to_element().unwrap()
    ///     .child_elements()
    ///     .map(|t| t.text().into_owned())
    ///     .collect();
    /// assert_eq!(tags, ["a", "b"]);
    /// ```
    ///
    /// # Errors
    /// Only when the reader's fixed bounds are exceeded (more than 128 namespace
    /// declarations in scope, nesting deeper than [`MAX_DEPTH`]), which a property built
    /// from a request or read with [`DeadProperty::parse`] never is.
    pub fn to_element(&self) -> Result<Element, ReadError> {
        read_with(self.xml.as_bytes(), &CHECKED)
    }
}
