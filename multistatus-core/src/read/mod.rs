//! The read side: the input and the checked event stream every body is read with, the
//! hardened reader and what is read with it (request bodies), and 207 bodies a client
//! receives.

pub(crate) mod dates;
mod dead;
pub(crate) mod events;
pub mod multistatus;
pub mod reader;
pub mod request;
pub(crate) mod source;
pub(crate) mod value;
