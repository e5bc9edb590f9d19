//! Two fields with the same (namespace, local name) once `rename` is applied: reported on
//! the second name.

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Props {
    getetag: String,
    #[dav(rename = "getetag")]
    etag: String,
}

fn main() {}
