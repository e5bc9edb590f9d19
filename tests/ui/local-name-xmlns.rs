//! The local name `xmlns` is refused (as an attribute it would declare a namespace).

use multistatus::PropertySet;

#[derive(PropertySet)]
#[dav(namespace = "urn:example")]
struct Props {
    #[dav(rename = "xmlns")]
    namespaces: String,
}

fn main() {}
