//! `flatten` on a unit variant of a value enum: there is no value to flatten.

use multistatus::PropertyValue;

#[derive(PropertyValue)]
enum ResourceType {
    #[dav(flatten)]
    Collection,
    Principal,
}

fn main() {}
