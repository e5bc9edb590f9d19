//! A tuple struct cannot be a property set: its fields have no names.

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Props(String, u64);

fn main() {}
