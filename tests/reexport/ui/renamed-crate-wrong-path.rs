//! A `crate = "..."` path that does not resolve: one error, on the attribute's string.

#[derive(dav::PropertySet)]
#[dav(crate = "davx")]
pub struct Props {
    pub displayname: String,
    pub getetag: String,
}

fn main() {}
