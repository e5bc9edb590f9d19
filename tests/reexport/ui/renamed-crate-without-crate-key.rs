//! This crate knows the runtime as `dav` (`dav = { package = "multistatus" }`): without
//! `#[dav(crate = "dav")]` the generated code cannot reach it.

#[derive(dav::PropertySet)]
pub struct Props {
    pub displayname: String,
    #[dav(flatten)]
    pub extra: Extra,
}

#[derive(dav::PropertySet)]
#[dav(crate = "dav")]
pub struct Extra {
    pub getetag: String,
}

#[derive(dav::PropertyValue)]
pub struct Comp {
    #[dav(attribute)]
    pub name: String,
}

fn main() {}
