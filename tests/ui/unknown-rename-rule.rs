//! An unknown `rename_all` rule is reported on the string, with the valid rules listed.

use multistatus::PropertySet;

#[derive(PropertySet)]
#[dav(rename_all = "kebab")]
struct Props {
    getetag: String,
}

fn main() {}
