//! The dead-property store is not a property: a key that names one is refused with it.

use multistatus::{DeadProperties, DeadProperty, PropertySet};
use multistatus::name::Name;

struct Store;

impl DeadProperties for Store {
    fn get(&self, _: &Name<'_>) -> Option<&DeadProperty> {
        None
    }
    fn for_each(&self, _: &mut dyn FnMut(&DeadProperty)) {}
}

#[derive(PropertySet)]
struct Props {
    #[dav(dead, rename = "dead-properties")]
    stored: Store,
}

fn main() {}
