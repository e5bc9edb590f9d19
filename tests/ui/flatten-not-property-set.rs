//! `#[dav(flatten)]` on a field whose type is not a property set: reported on the type.

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Props {
    displayname: String,
    #[dav(flatten)]
    extra: String,
}

fn main() {}
