//! A property of the set itself and one of a flattened set share a name: reported at the
//! flattened field, naming the property.

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Basic {
    getetag: String,
}

#[derive(PropertySet)]
struct Props {
    getetag: String,
    #[dav(flatten)]
    basic: Basic,
}

fn main() {}
