//! A key given twice is reported at its second occurrence.

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Props {
    #[dav(rename = "a", rename = "b")]
    getetag: String,
}

fn main() {}
