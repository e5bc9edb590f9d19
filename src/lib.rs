//! `multistatus`: WebDAV `207 Multi-Status` bodies from Rust values.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use multistatus_core::*;

#[cfg(feature = "derive")]
pub use multistatus_derive::{PropertySet, PropertyValue};

/// What generated code uses; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use core::option::Option;
    pub use core::result::Result;
    pub use multistatus_core::name::Tag;
    pub use multistatus_core::{
        Error, NameTree, PropState, PropertyName, PropertySet, PropertyValue, Sink,
    };
}
