//! A const parameter is refused on the parameter; the message says lifetimes are fine.

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Props<'a, const N: usize> {
    displayname: &'a str,
}

fn main() {}
