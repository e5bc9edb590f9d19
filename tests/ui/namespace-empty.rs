//! `namespace = ""` is refused and the message points to `no_namespace`.

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Props {
    #[dav(namespace = "")]
    color: String,
}

fn main() {}
