//! `flatten` and `namespace` cannot go together: the flattened set names its own properties.

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Basic {
    displayname: String,
}

#[derive(PropertySet)]
struct Props {
    #[dav(flatten, namespace = "urn:example")]
    basic: Basic,
}

fn main() {}
