//! `multistatus`: WebDAV `207 Multi-Status` bodies from Rust values.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use multistatus_core::*;

#[cfg(feature = "derive")]
pub use multistatus_derive::*;

#[doc(hidden)]
pub mod __private {
    pub use multistatus_core;
}
