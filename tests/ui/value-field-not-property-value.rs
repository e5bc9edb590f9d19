//! A field of a `PropertyValue` struct whose type is not a property value: one error, on the
//! type.

use multistatus::PropertyValue;

struct Color;

#[derive(PropertyValue)]
struct Appearance {
    color: Color,
    label: String,
}

fn main() {}
