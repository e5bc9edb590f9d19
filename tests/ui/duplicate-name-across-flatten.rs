//! Two flattened sets that both have `DAV:displayname`: a generated constant fails to
//! evaluate, and the error points at the flattened field.

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Basic {
    displayname: String,
}

#[derive(PropertySet)]
struct Extra {
    displayname: String,
    getetag: String,
}

#[derive(PropertySet)]
struct Props {
    #[dav(flatten)]
    basic: Basic,
    #[dav(flatten)]
    extra: Extra,
}

fn main() {}
