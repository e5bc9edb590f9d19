//! A union cannot be a property set.

use multistatus::PropertySet;

#[derive(PropertySet)]
union Props {
    size: u64,
    count: u32,
}

fn main() {}
