//! A type parameter is refused on the parameter; the message says lifetimes are fine.

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Props<T> {
    displayname: T,
}

fn main() {}
