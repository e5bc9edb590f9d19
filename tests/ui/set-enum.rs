//! An enum cannot be a property set; the message suggests `PropertyValue` for choices.

use multistatus::PropertySet;

#[derive(PropertySet)]
enum Props {
    Collection,
    Principal,
}

fn main() {}
