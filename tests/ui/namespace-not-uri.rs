//! A container namespace without a scheme is not an absolute URI: reported once on the
//! string, although every field inherits it.

use multistatus::PropertySet;

#[derive(PropertySet)]
#[dav(namespace = "not a uri")]
struct Props {
    color: String,
    size: u64,
}

fn main() {}
