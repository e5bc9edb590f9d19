//! `crate = "..."` must hold a path; the error is on the string and says what is expected.

use multistatus::PropertySet;

#[derive(PropertySet)]
#[dav(crate = "my crate")]
struct Props {
    displayname: String,
}

fn main() {}
