//! The runtime of [`multistatus`](https://docs.rs/multistatus): the WebDAV `207 Multi-Status`
//! model (RFC 4918 §13–14), its namespace table, status lines, hrefs and a streaming writer.
//!
//! Users depend on the `multistatus` facade, which re-exports this crate and the derive.
//!
//! How a body is made:
//! - a [`Namespaces`] table is filled with every namespace the body will use, and
//!   [`MultistatusWriter::new`] declares them all on the root element;
//! - each `DAV:response` is written with [`MultistatusWriter::response`] (propstat form) or
//!   [`MultistatusWriter::status_response`] (status form); property values write their content
//!   into a [`Sink`], which escapes text and manages prefixes;
//! - [`MultistatusWriter::finish`] closes the root and returns the output.
//!
//! The [`model`] types ([`Multistatus`], [`Response`], [`Propstat`]) are values for small
//! bodies and for what a client parses.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// Library code never panics on input: no unwrap, expect or panic outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

// The model (shapes only: no bytes, no parser), the write side, the read side, the answers;
// the traits that tie property sets to both sides, and the value types. ARCHITECTURE.md has
// the map.
mod answer;
mod distinct;
mod error;
pub mod model;
pub mod name;
mod prop;
mod read;
pub mod values;
mod write;

pub use answer::{propfind, proppatch};
pub use error::Error;
pub use model::dead::{DeadMap, DeadProperties, DeadPropertiesMut, DeadProperty};
pub use model::href::Href;
#[doc(hidden)]
pub use model::href::PATH_SET;
pub use model::status::{Status, StatusLine};
pub use model::xml::{Attribute, Element, Node};
pub use model::{DavError, Description, Multistatus, Propstat, Response, ResponseBody};
pub use prop::{
    AllProp, AttributeValue, ListItem, Names, ParseField, ParseListItem, ParseSet, ParseText,
    ParseValue, PropState, PropertyName, PropertySet, PropertyValue, Selected,
};
#[doc(hidden)]
pub use prop::{
    Message, NameEnumOf, NameTree, Place, Plain, Slots, StatusSlots, as_dead, as_value,
};
pub use read::value::{BufferedValue, ValueError, ValueErrorKind, ValueReader};
pub use read::{reader, request};

pub mod client {
    //! Parsing a `207 Multi-Status` body: a [`MultistatusReader`] reads one response at a
    //! time into a [`ParsedResponse`] of a parseable property set
    //! ([`ParseSet`](crate::ParseSet), derived with `#[derive(PropertySet)]`).
    //!
    //! - **Streaming.** A body in memory
    //!   ([`from_slice`](MultistatusReader::from_slice): events borrow it, nothing is
    //!   copied) or any `io::BufRead` ([`new`](MultistatusReader::new)): memory stays
    //!   flat in the number of responses.
    //! - **Namespace-correct.** Elements are matched by expanded name (namespace URI and local
    //!   name), never by prefix: any prefix, default namespaces, prefixes redeclared in each
    //!   response, `xmlns=""`.
    //! - **Tolerant** of what real servers send: unknown elements are ignored everywhere (RFC
    //!   4918 §17), whitespace and comments anywhere, a property in several propstats or
    //!   several propstats with one status, non-standard reason phrases (`HTTP/1.1 404
    //!   Resource not found`), absolute-URI and path hrefs (kept as sent; characters a URI
    //!   cannot hold are percent-encoded), the document's `sync-token` before or after the
    //!   responses, an empty element for a numeric property (an `Option` field is `None`
    //!   then).
    //! - **Nothing dropped.** A property the set does not know is kept as a
    //!   [`DeadProperty`](crate::DeadProperty) (self-contained XML) with its status; a known
    //!   property whose value does not parse is reported ([`InvalidValue`]: the error with
    //!   its position, and the element kept raw); a known property reported again (some
    //!   servers list a name twice) keeps its first report in the field and the later ones
    //!   raw ([`PropstatsOf::repeated`]).
    //! - **Hardened** as request bodies are (no DTD, no entities but the predefined ones,
    //!   checked names, characters and namespaces), with limits per response
    //!   ([`ParseLimits`]) rather than on the body, which may be hundreds of megabytes.
    //!
    //! Errors are [`ReadError`](crate::reader::ReadError)s with a byte position, line and
    //! column. Malformed XML and a limit end the iteration (the body cannot be read
    //! further); a response whose content is wrong (no `DAV:href`, a `DAV:status` that is
    //! not a status line) is an error for that response only, and the next one is read.

    pub use crate::read::multistatus::{
        InvalidValue, MultistatusReader, ParseLimits, ParsedBody, ParsedResponse, PropstatsOf,
        Reported, UnknownProperty,
    };
    pub use crate::read::source::{Slice, Stream};
}
#[doc(hidden)]
pub use write::Open;
pub use write::escape;
pub use write::{
    Attributes, MultistatusWriter, Namespaces, PropContent, PropstatResponse, Sink, StatusResponse,
    TextSink,
};
