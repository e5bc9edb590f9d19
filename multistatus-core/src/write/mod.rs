//! The write side: the namespace table, escaping, dates, the [`Sink`] values write into and
//! the streaming [`MultistatusWriter`]; also the bodies of the model's values and of the
//! requests a client sends.

pub(crate) mod attributes;
pub(crate) mod dates;
mod dead;
pub mod escape;
mod model;
pub(crate) mod namespaces;
mod parsed;
mod requests;
pub(crate) mod sink;
pub(crate) mod writer;

pub use attributes::{Attributes, TextSink};
pub use namespaces::Namespaces;
pub use sink::{Open, PropContent, Sink};
pub use writer::{MultistatusWriter, PropstatResponse, StatusResponse};
