//! A field-only key on the container is reported with the container's valid keys.

use multistatus::PropertySet;

#[derive(PropertySet)]
#[dav(rename = "props")]
struct Props {
    getetag: String,
}

fn main() {}
