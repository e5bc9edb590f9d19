//! A `#[dav(dead)]` field whose type is not a store of dead properties: one error, on the
//! type.

use std::collections::HashMap;

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Props {
    displayname: String,
    #[dav(dead)]
    stored: HashMap<String, String>,
}

fn main() {}
