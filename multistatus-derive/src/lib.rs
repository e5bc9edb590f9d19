//! Derive macros of the `multistatus` crate; use them through the facade.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
