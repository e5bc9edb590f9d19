//! A variant of a `PropertyValue` enum is an empty element or holds one value; a struct
//! variant is neither.

use multistatus::PropertyValue;

#[derive(PropertyValue)]
enum ResourceType {
    Collection,
    Calendar { color: String },
}

fn main() {}
