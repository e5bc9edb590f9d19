//! `rename` with a prefix (`a:b`) is refused: a local name has no colon, the namespace is
//! given separately.

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Props {
    #[dav(rename = "D:getetag")]
    getetag: String,
}

fn main() {}
