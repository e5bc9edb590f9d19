//! How the model's values are written: [`Multistatus::write_to`], [`Response::write_to`],
//! [`DavError::to_xml`]. The model itself knows neither bytes nor parsers.

use std::io::Write;

use crate::Error;
use crate::model::{DavError, Multistatus, Response, ResponseBody};
use crate::write::namespaces::Namespaces;
use crate::write::sink::{PropContent, Sink};
use crate::write::writer::MultistatusWriter;

impl DavError {
    fn for_each_namespace(&self, f: &mut dyn FnMut(&str)) {
        for c in &self.conditions {
            c.for_each_namespace(&mut |n| f(n));
        }
    }

    /// The error as a response body of its own (RFC 4918 §16), as sent with a 403 or 409
    /// when a precondition fails outside a multistatus.
    ///
    /// ```
    /// use multistatus_core::request::Depth;
    /// let refused = Depth::Infinity.require_finite().unwrap_err();
    /// assert_eq!(refused.http_status().code(), 403);
    /// assert_eq!(
    ///     refused.dav_error().to_xml().unwrap(),
    ///     "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:error xmlns:D=\"DAV:\"><D:propfind-finite-depth/></D:error>",
    /// );
    /// ```
    pub fn to_xml(&self) -> Result<String, Error> {
        let namespaces = declare_all(|f| self.for_each_namespace(f))?;
        let mut sink = Sink::new(namespaces);
        sink.document_start("<D:error");
        for c in &self.conditions {
            sink.raw(c)?;
        }
        sink.markup("</D:error>");
        Ok(sink.into_string())
    }
}

/// A namespace table declaring every namespace `walk` reports.
fn declare_all(walk: impl FnOnce(&mut dyn FnMut(&str))) -> Result<Namespaces, Error> {
    let mut namespaces = Namespaces::new();
    let mut failed = None;
    walk(&mut |n| {
        if let Err(e) = namespaces.declare(n.to_owned()) {
            failed.get_or_insert(e);
        }
    });
    failed.map_or(Ok(namespaces), Err)
}

impl<P: PropContent> Response<'_, P> {
    /// Writes this response with `writer`.
    pub fn write_to<W: Write>(&self, writer: &mut MultistatusWriter<W>) -> Result<(), Error> {
        let (error, description, location) = (
            self.error.as_ref(),
            self.description.as_ref(),
            self.location.as_ref(),
        );
        match &self.body {
            ResponseBody::Propstats { href, propstats } => {
                let mut iter = propstats.iter();
                let Some(first) = iter.next() else {
                    return Err(Error::Value("a response needs a propstat".into()));
                };
                let mut r = writer.response_with(
                    href,
                    &first.status,
                    |sink| first.prop.write_prop(sink),
                    first.error.as_ref(),
                    first.description.as_ref(),
                )?;
                for p in iter {
                    r.propstat_with(
                        &p.status,
                        |sink| p.prop.write_prop(sink),
                        p.error.as_ref(),
                        p.description.as_ref(),
                    )?;
                }
                r.end_with(error, description, location)
            }
            ResponseBody::Status { hrefs, status } => {
                let mut iter = hrefs.iter();
                let Some(first) = iter.next() else {
                    return Err(Error::Value("a response needs an href".into()));
                };
                let mut r = writer.status_response(first, status.clone())?;
                for h in iter {
                    r.href(h);
                }
                r.end_with(error, description, location)
            }
        }
    }

    fn for_each_namespace(&self, f: &mut dyn FnMut(&str)) {
        for p in self.propstats() {
            p.prop.for_each_namespace(f);
            if let Some(e) = &p.error {
                e.for_each_namespace(f);
            }
        }
        if let Some(e) = &self.error {
            e.for_each_namespace(f);
        }
    }
}

impl<P: PropContent> Multistatus<'_, P> {
    /// Writes the body to `out`, declaring every namespace it uses on the root.
    pub fn write_to<W: Write>(&self, out: W) -> Result<W, Error> {
        let namespaces = declare_all(|f| {
            for r in &self.responses {
                r.for_each_namespace(f);
            }
        })?;
        let mut w = MultistatusWriter::new(out, namespaces);
        for r in &self.responses {
            r.write_to(&mut w)?;
        }
        w.finish_with(self.description.as_ref(), self.sync_token.as_deref())
    }

    /// The body as a string.
    pub fn to_xml(&self) -> Result<String, Error> {
        let bytes = self.write_to(Vec::new())?;
        String::from_utf8(bytes).map_err(|e| Error::Value(e.to_string()))
    }
}
