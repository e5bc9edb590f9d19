//! Two attribute fields with one name once renamed: refused on the second.

use multistatus::PropertyValue;

#[derive(PropertyValue)]
struct Comp {
    #[dav(attribute)]
    name: String,
    #[dav(attribute, rename = "name")]
    label: String,
}

fn main() {}
