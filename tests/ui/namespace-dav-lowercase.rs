//! `dav:` is not `DAV:`: namespace names are case-sensitive, so it is refused with a
//! suggestion.

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Props {
    #[dav(namespace = "dav:")]
    getetag: String,
}

fn main() {}
