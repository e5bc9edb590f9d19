//! A `PropertyValue` tuple struct must wrap exactly one value.

use multistatus::PropertyValue;

#[derive(PropertyValue)]
struct Range(u64, u64);

fn main() {}
