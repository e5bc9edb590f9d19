//! An attribute field whose type is not text: one error, on the type.

use multistatus::{Href, PropertyValue};

#[derive(PropertyValue)]
struct Link {
    #[dav(attribute)]
    target: Href<'static>,
}

fn main() {}
