//! A set with a store, and a flattened set with one too: only one would be consulted, so a
//! generated constant refuses it, naming both fields.

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
struct Item {
    getetag: String,
    #[dav(dead)]
    stored: Store,
}

#[derive(PropertySet)]
struct Props {
    #[dav(dead)]
    dead: Store,
    #[dav(flatten)]
    item: Item,
}

fn main() {}
