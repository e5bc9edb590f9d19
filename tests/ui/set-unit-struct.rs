//! A unit struct cannot be a property set: it has no properties.

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Props;

fn main() {}
