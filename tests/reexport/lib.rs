//! The derives used from a crate that knows the runtime under another name, as a framework
//! that re-exports it would: `::multistatus` does not resolve here, so generated code that
//! hard-coded it would not compile. Without the prelude too, as `tests/hygiene.rs`.
#![no_implicit_prelude]

/// A framework's re-export of the runtime.
pub mod webdav {
    pub use ::dav::*;
}

/// Through the dependency's own name.
#[derive(::dav::PropertyValue)]
#[dav(crate = "::dav")]
pub enum Color {
    /// `<DAV:red/>`.
    Red,
    /// A named color.
    Named(::std::string::String),
}

/// Through a re-export path.
#[derive(::dav::PropertySet)]
#[dav(crate = "crate::webdav", namespace = "urn:example:reexport")]
pub struct Extra {
    /// `urn:example:reexport` `color`.
    pub color: Color,
    /// A newtype value.
    pub size: Size,
}

/// A newtype value, through the re-export.
#[derive(webdav::PropertyValue)]
#[dav(crate = "crate::webdav")]
pub struct Size(pub u64);

/// A set flattening one declared with another path.
#[derive(::dav::PropertySet)]
#[dav(crate = "::dav")]
pub struct Props {
    /// `DAV:getetag`.
    pub getetag: ::std::option::Option<::std::string::String>,
    /// The extra properties.
    #[dav(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use super::{Color, Extra, ExtraName, Props, PropsName, Size};

    #[test]
    fn writes_through_the_renamed_crate() -> ::std::result::Result<(), ::dav::Error> {
        let props = Props {
            getetag: ::std::option::Option::None,
            extra: Extra {
                color: Color::Named(::std::borrow::ToOwned::to_owned("teal")),
                size: Size(3),
            },
        };
        let mut namespaces = ::dav::Namespaces::new();
        <Props as ::dav::PropertySet>::declare_namespaces(&mut namespaces);
        let mut sink = ::dav::Sink::new(namespaces);
        for name in [
            PropsName::Extra(ExtraName::Color),
            PropsName::Extra(ExtraName::Size),
        ] {
            ::dav::PropertySet::write_property(&props, name, &mut sink)?;
        }
        ::std::assert_eq!(
            sink.as_str(),
            "<ns1:color><D:named>teal</D:named></ns1:color><ns1:size>3</ns1:size>"
        );
        ::std::assert_eq!(
            ::dav::PropertySet::state(&props, PropsName::Getetag),
            ::dav::PropState::Absent
        );
        ::std::assert_eq!(
            <PropsName as ::dav::PropertyName>::from_name("urn:example:reexport", "size"),
            ::std::option::Option::Some(PropsName::Extra(ExtraName::Size))
        );
        ::std::result::Result::Ok(())
    }
}
