//! A set keeps its dead properties in one store: a second `#[dav(dead)]` field is refused,
//! on its key.

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
    displayname: String,
    #[dav(dead)]
    stored: Store,
    #[dav(dead)]
    cached: Store,
}

fn main() {}
