//! `namespace` and `no_namespace` contradict each other: reported as a conflict on the
//! second, not as a repeat.

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Props {
    #[dav(namespace = "urn:example", no_namespace)]
    color: String,
}

fn main() {}
