//! An item already named `PropsName` takes the typed-name enum's name: one error, on the
//! set, saying how to rename the enum (the enum is glob-imported, so the item shadows it and
//! nothing else fails).

use multistatus::PropertySet;

#[derive(Debug, Clone, Copy, PartialEq)]
struct PropsName;

#[derive(PropertySet)]
struct Props {
    displayname: String,
}

fn main() {}
