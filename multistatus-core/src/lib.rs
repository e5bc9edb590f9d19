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

/// The client side: reading `207 Multi-Status` bodies into typed responses.
pub mod client {
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
