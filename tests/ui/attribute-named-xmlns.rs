//! An attribute named `xmlns` would be read as a namespace declaration: refused.

use multistatus::PropertyValue;

#[derive(PropertyValue)]
struct Comp {
    #[dav(attribute)]
    xmlns: String,
}

fn main() {}
