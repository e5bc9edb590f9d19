//! The 207 model: `multistatus`, `response`, `propstat`, `error` as values (RFC 4918 §14).
//!
//! These are the types a client gets from parsing, and a convenient way for a server to build
//! small bodies. Their constructors only build the shapes RFC 4918 §14.24 allows: a response
//! is either one href with one or more propstats, or one or more hrefs with one status.
//! Large bodies are better streamed with [`MultistatusWriter`](crate::MultistatusWriter)
//! directly. The model knows neither bytes nor parsers: `write_to` and `to_xml` come from the
//! write side.

use std::borrow::Cow;

use crate::Error;
use crate::name::Name;

pub(crate) mod dead;
pub(crate) mod href;
pub(crate) mod status;
pub(crate) mod xml;

use href::Href;
use status::StatusLine;
use xml::Element;

/// `DAV:error` (RFC 4918 §16): the pre- or postconditions that failed.
///
/// ```
/// use multistatus_core::DavError;
/// let e = DavError::dav("lock-token-submitted");
/// assert_eq!(e.conditions()[0].name().local(), "lock-token-submitted");
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct DavError {
    pub(crate) conditions: Vec<Element>,
}

impl DavError {
    /// An error with one condition element, e.g. `<D:lock-token-submitted>` holding hrefs.
    #[must_use]
    pub fn new(condition: Element) -> Self {
        Self {
            conditions: vec![condition],
        }
    }

    /// An error with one empty `DAV:` condition, such as `cannot-modify-protected-property`.
    ///
    /// # Panics
    /// When `local` is not an XML name (a programming error: these are literals).
    #[must_use]
    pub fn dav(local: &'static str) -> Self {
        Self::new(Element::new(Name::dav(local)))
    }

    /// Adds a condition.
    #[must_use]
    pub fn with_condition(mut self, condition: Element) -> Self {
        self.conditions.push(condition);
        self
    }

    /// The condition elements.
    #[must_use]
    pub fn conditions(&self) -> &[Element] {
        &self.conditions
    }

    /// Whether a condition with this name is present.
    #[must_use]
    pub fn has(&self, namespace: &str, local: &str) -> bool {
        self.conditions
            .iter()
            .any(|c| c.name().is(namespace, local))
    }
}

/// `DAV:responsedescription` (RFC 4918 §14.25): text for a human, with its language
/// (`xml:lang`, as in RFC 6352 §8.6.5's example). Built from a string, the common case:
/// `"not yours".into()`.
///
/// ```
/// use multistatus_core::model::Description;
/// let plain: Description = "Copyright Owner cannot be deleted".into();
/// assert_eq!(plain.lang(), None);
/// let en = Description::new("Only two matching records were returned").with_lang("en");
/// assert_eq!((en.text(), en.lang()), ("Only two matching records were returned", Some("en")));
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Description<'a> {
    text: Cow<'a, str>,
    lang: Option<Cow<'a, str>>,
}

impl<'a> Description<'a> {
    /// A description without a language.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Self {
        Self {
            text: text.into(),
            lang: None,
        }
    }

    /// Sets the language (`xml:lang`).
    #[must_use]
    pub fn with_lang(mut self, lang: impl Into<Cow<'a, str>>) -> Self {
        self.lang = Some(lang.into());
        self
    }

    /// The text.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The language.
    #[must_use]
    pub fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }

    /// The same description, owning its text.
    #[must_use]
    pub fn into_owned(self) -> Description<'static> {
        Description {
            text: Cow::Owned(self.text.into_owned()),
            lang: self.lang.map(|l| Cow::Owned(l.into_owned())),
        }
    }
}

impl<'a> From<&'a str> for Description<'a> {
    fn from(text: &'a str) -> Self {
        Self::new(text)
    }
}

impl From<String> for Description<'_> {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl<'a> From<Cow<'a, str>> for Description<'a> {
    fn from(text: Cow<'a, str>) -> Self {
        Self::new(text)
    }
}

/// `DAV:propstat`: properties sharing one status.
#[derive(Clone, PartialEq, Debug)]
pub struct Propstat<'a, P> {
    /// The content of `DAV:prop`.
    pub prop: P,
    /// The status of every property in `prop`.
    pub status: StatusLine<'a>,
    /// Why, when the status is an error with a precondition.
    pub error: Option<DavError>,
    /// Human-readable text.
    pub description: Option<Description<'a>>,
}

impl<'a, P> Propstat<'a, P> {
    /// A propstat of `prop` with `status`.
    pub fn new(status: impl Into<StatusLine<'a>>, prop: P) -> Self {
        Self {
            prop,
            status: status.into(),
            error: None,
            description: None,
        }
    }

    /// Sets the `DAV:error`.
    #[must_use]
    pub fn with_error(mut self, error: DavError) -> Self {
        self.error = Some(error);
        self
    }

    /// Sets the `DAV:responsedescription` (a string, or a [`Description`] with a language).
    #[must_use]
    pub fn with_description(mut self, description: impl Into<Description<'a>>) -> Self {
        self.description = Some(description.into());
        self
    }
}

/// The two shapes of a `DAV:response` (RFC 4918 §14.24).
#[derive(Clone, PartialEq, Debug)]
pub enum ResponseBody<'a, P> {
    /// One href and its properties, grouped by status (never empty).
    Propstats {
        /// The resource.
        href: Href<'a>,
        /// One or more propstats.
        propstats: Vec<Propstat<'a, P>>,
    },
    /// One or more hrefs sharing a status (never empty).
    Status {
        /// The resources.
        hrefs: Vec<Href<'a>>,
        /// Their status.
        status: StatusLine<'a>,
    },
}

/// `DAV:response`.
///
/// ```
/// use multistatus_core::{DavError, Href, Response, Status};
/// let r: Response<'_, Vec<multistatus_core::Element>> =
///     Response::status(Href::from_path("/locked").unwrap(), Status::LOCKED)
///         .with_error(DavError::dav("lock-token-submitted"));
/// assert_eq!(r.hrefs().count(), 1);
/// ```
#[derive(Clone, PartialEq, Debug)]
pub struct Response<'a, P> {
    pub(crate) body: ResponseBody<'a, P>,
    /// `DAV:error`.
    pub error: Option<DavError>,
    /// `DAV:responsedescription`.
    pub description: Option<Description<'a>>,
    /// `DAV:location` (for a 3xx status).
    pub location: Option<Href<'a>>,
}

impl<'a, P> Response<'a, P> {
    /// A propstat response with its first propstat.
    pub fn propstat(href: Href<'a>, propstat: Propstat<'a, P>) -> Self {
        Self::from_body(ResponseBody::Propstats {
            href,
            propstats: vec![propstat],
        })
    }

    /// A status response for one href.
    pub fn status(href: Href<'a>, status: impl Into<StatusLine<'a>>) -> Self {
        Self::from_body(ResponseBody::Status {
            hrefs: vec![href],
            status: status.into(),
        })
    }

    pub(crate) fn from_body(body: ResponseBody<'a, P>) -> Self {
        Self {
            body,
            error: None,
            description: None,
            location: None,
        }
    }

    /// Adds a propstat. On a status response this is refused: the shapes do not mix.
    pub fn with_propstat(mut self, propstat: Propstat<'a, P>) -> Result<Self, Error> {
        match &mut self.body {
            ResponseBody::Propstats { propstats, .. } => propstats.push(propstat),
            ResponseBody::Status { .. } => {
                return Err(Error::Value(
                    "a status response cannot also have propstats (RFC 4918 §14.24)".into(),
                ));
            }
        }
        Ok(self)
    }

    /// Adds an href sharing the status. On a propstat response this is refused.
    pub fn with_href(mut self, href: Href<'a>) -> Result<Self, Error> {
        match &mut self.body {
            ResponseBody::Status { hrefs, .. } => hrefs.push(href),
            ResponseBody::Propstats { .. } => {
                return Err(Error::Value(
                    "a propstat response has exactly one href (RFC 4918 §14.24)".into(),
                ));
            }
        }
        Ok(self)
    }

    /// Sets the `DAV:error`.
    #[must_use]
    pub fn with_error(mut self, error: DavError) -> Self {
        self.error = Some(error);
        self
    }

    /// Sets the `DAV:responsedescription` (a string, or a [`Description`] with a language).
    #[must_use]
    pub fn with_description(mut self, description: impl Into<Description<'a>>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the `DAV:location`.
    #[must_use]
    pub fn with_location(mut self, location: Href<'a>) -> Self {
        self.location = Some(location);
        self
    }

    /// The shape and its content.
    #[must_use]
    pub fn body(&self) -> &ResponseBody<'a, P> {
        &self.body
    }

    /// The hrefs: one for a propstat response, one or more for a status response.
    pub fn hrefs(&self) -> impl Iterator<Item = &Href<'a>> {
        let (one, many) = match &self.body {
            ResponseBody::Propstats { href, .. } => (Some(href), &[][..]),
            ResponseBody::Status { hrefs, .. } => (None, &hrefs[..]),
        };
        one.into_iter().chain(many)
    }

    /// The propstats (empty for a status response).
    #[must_use]
    pub fn propstats(&self) -> &[Propstat<'a, P>] {
        match &self.body {
            ResponseBody::Propstats { propstats, .. } => propstats,
            ResponseBody::Status { .. } => &[],
        }
    }

    /// The status of a status response.
    #[must_use]
    pub fn response_status(&self) -> Option<&StatusLine<'a>> {
        match &self.body {
            ResponseBody::Status { status, .. } => Some(status),
            ResponseBody::Propstats { .. } => None,
        }
    }
}

/// `DAV:multistatus`: the body of a 207 response.
///
/// ```
/// use multistatus_core::{Element, Href, Multistatus, Propstat, Response, Status, name::Name};
/// let mut ms = Multistatus::new();
/// ms.responses.push(Response::propstat(
///     Href::from_path("/file").unwrap(),
///     Propstat::new(Status::OK, vec![Element::new(Name::new("urn:x", "color").unwrap()).with_text("red")]),
/// ));
/// let xml = ms.to_xml().unwrap();
/// assert_eq!(xml, concat!(
///     "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
///     r#"<D:multistatus xmlns:D="DAV:" xmlns:ns1="urn:x"><D:response><D:href>/file</D:href>"#,
///     "<D:propstat><D:prop><ns1:color>red</ns1:color></D:prop>",
///     "<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>",
/// ));
/// ```
#[derive(Clone, PartialEq, Debug)]
pub struct Multistatus<'a, P> {
    /// The responses, in order.
    pub responses: Vec<Response<'a, P>>,
    /// The multistatus-level `DAV:responsedescription`.
    pub description: Option<Description<'a>>,
    /// The RFC 6578 `DAV:sync-token`.
    pub sync_token: Option<Cow<'a, str>>,
}

impl<P> Default for Multistatus<'_, P> {
    fn default() -> Self {
        Self::new()
    }
}

impl<P> Multistatus<'_, P> {
    /// An empty multistatus.
    #[must_use]
    pub fn new() -> Self {
        Self {
            responses: Vec::new(),
            description: None,
            sync_token: None,
        }
    }
}
