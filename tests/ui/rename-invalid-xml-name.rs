//! `rename` to a string that is not an XML name (it starts with a digit) is reported on the
//! string.

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Props {
    #[dav(rename = "1st")]
    first: String,
}

fn main() {}
