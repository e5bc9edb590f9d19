//! A field whose type is not a property value: one error, on the type, naming the facade's
//! trait and suggesting the derive.

use multistatus::PropertySet;

struct Color {
    rgb: u32,
}

#[derive(PropertySet)]
struct Props {
    displayname: String,
    color: Color,
}

fn main() {}
