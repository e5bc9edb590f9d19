//! `skip` and `rename` cannot go together: a skipped field is not a property.

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Props {
    displayname: String,
    #[dav(skip, rename = "cache")]
    cache: Vec<u8>,
}

fn main() {}
