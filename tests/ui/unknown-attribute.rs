//! An unknown key in `#[dav(...)]` is reported on the key, with the valid keys listed.

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Props {
    #[dav(renamed = "getetag")]
    etag: String,
}

fn main() {}
