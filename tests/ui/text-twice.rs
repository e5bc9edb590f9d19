//! An element has one text: a second `#[dav(text)]` field is refused.

use multistatus::PropertyValue;

#[derive(PropertyValue)]
struct Note {
    #[dav(text)]
    body: String,
    #[dav(text)]
    signature: String,
}

fn main() {}
