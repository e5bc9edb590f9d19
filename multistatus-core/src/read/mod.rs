//! The read side: the hardened reader and what is read with it (request bodies).

mod dead;
pub mod reader;
pub mod request;
