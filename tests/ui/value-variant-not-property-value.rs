//! A variant of a `PropertyValue` enum holding a type that is not a property value: one
//! error, on the type, without the internals of the writer in its notes.

use multistatus::PropertyValue;

struct Color;

#[derive(PropertyValue)]
enum Shade {
    Named(String),
    Custom(Color),
}

fn main() {}
