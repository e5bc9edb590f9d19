//! Parsed responses written back: what a client that relays or stores a 207 body needs, and
//! what shows that parsing loses nothing (the RFC bodies read and written back are equal,
//! namespace-aware).

use std::io::Write;

use crate::Error;
use crate::client::{ParsedBody, ParsedResponse, PropstatsOf, Reported};
use crate::model::{Propstat, Response, ResponseBody};
use crate::prop::{ParseSet, PropertyName};
use crate::write::{MultistatusWriter, PropContent, Sink};

/// The properties of one propstat of a parsed response, in document order.
struct PropstatProps<'a, P: ParseSet> {
    set: &'a PropstatsOf<P>,
    properties: &'a [(usize, Reported<'a, P::Name>)],
    propstat: usize,
}

impl<P: ParseSet> PropContent for PropstatProps<'_, P> {
    fn write_prop(&self, sink: &mut Sink) -> Result<(), Error> {
        let status = self
            .set
            .propstats()
            .get(self.propstat)
            .map(|p| p.status.status());
        let success = status.is_some_and(|s| (200..300).contains(&u16::from(s)));
        for (_, property) in self.properties.iter().filter(|(p, _)| *p == self.propstat) {
            match property {
                Reported::Unknown(kept) | Reported::Repeated(kept) => {
                    sink.dead_property(&kept.property);
                }
                Reported::Known(name) => match self.set.invalid.iter().find(|i| i.name == *name) {
                    Some(invalid) => sink.dead_property(&invalid.raw),
                    None if success => self.set.props.write_property(*name, sink)?,
                    None => sink.empty(name.tag()),
                },
            }
        }
        Ok(())
    }

    fn for_each_namespace(&self, f: &mut dyn FnMut(&str)) {
        P::NAME_TREE.for_each(&mut |tag| f(tag.namespace()));
    }
}

impl<P: ParseSet> ParsedResponse<P> {
    /// Writes the response back with `writer`: each propstat's properties in the order they
    /// were read (a known property with its value, or empty with an error status; one whose
    /// value did not parse, a known one reported again, and every unknown one, as they were
    /// received), its status,
    /// error and description, then the response's error, description and location.
    ///
    /// ```
    /// use multistatus_core::client::MultistatusReader;
    /// use multistatus_core::values::NoProperties;
    /// use multistatus_core::{MultistatusWriter, Namespaces};
    /// let body = br#"<multistatus xmlns="DAV:"><response><href>/a</href>
    ///   <propstat><prop><getetag>"1"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat>
    /// </response></multistatus>"#;
    /// let mut writer = MultistatusWriter::new(Vec::new(), Namespaces::new());
    /// for response in MultistatusReader::<NoProperties, _>::from_slice(body) {
    ///     response?.write_to(&mut writer)?;
    /// }
    /// let xml = String::from_utf8(writer.finish()?)?;
    /// assert!(xml.ends_with(concat!(
    ///     r#"<D:response><D:href>/a</D:href><D:propstat><D:prop><getetag xmlns="DAV:">"1"</getetag>"#,
    ///     "</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>",
    /// )));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// What the writer reports ([`Error`]); a response without an href is refused.
    pub fn write_to<W: Write>(&self, writer: &mut MultistatusWriter<W>) -> Result<(), Error> {
        let Some(href) = self.hrefs.first() else {
            return Err(Error::Value("a response needs an href".into()));
        };
        match &self.body {
            ParsedBody::Status(status) => {
                let body = ResponseBody::Status {
                    hrefs: self.hrefs.clone(),
                    status: status.clone(),
                };
                self.with_body::<Vec<crate::Element>, W>(body, writer)
            }
            ParsedBody::Propstats(set) => {
                let properties = set.properties();
                let propstats = set
                    .propstats()
                    .iter()
                    .enumerate()
                    .map(|(propstat, p)| Propstat {
                        prop: PropstatProps {
                            set,
                            properties: &properties,
                            propstat,
                        },
                        status: p.status.clone(),
                        error: p.error.clone(),
                        description: p.description.clone(),
                    })
                    .collect();
                let body = ResponseBody::Propstats {
                    href: href.clone(),
                    propstats,
                };
                self.with_body(body, writer)
            }
        }
    }

    /// Writes this response's `body` with its error, description and location.
    fn with_body<C: PropContent, W: Write>(
        &self,
        body: ResponseBody<'_, C>,
        writer: &mut MultistatusWriter<W>,
    ) -> Result<(), Error> {
        let mut response = Response::from_body(body);
        response.error.clone_from(&self.error);
        response.description.clone_from(&self.description);
        response.location.clone_from(&self.location);
        response.write_to(writer)
    }
}
