//! A field is one kind of thing: `attribute` and `flatten` together are refused on the
//! second.

use multistatus::PropertyValue;

#[derive(PropertyValue)]
struct Comp {
    #[dav(attribute, flatten)]
    name: String,
}

fn main() {}
