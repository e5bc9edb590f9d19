//! `rename` to a string with a space is reported on the string, naming the bad character.

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Props {
    #[dav(rename = "display name")]
    displayname: String,
}

fn main() {}
