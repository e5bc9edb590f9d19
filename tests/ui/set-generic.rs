//! A property set cannot be generic: reported on the generic parameters.

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Props<T> {
    displayname: T,
}

fn main() {}
