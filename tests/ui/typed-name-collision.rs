//! Two fields that map to the same typed-name variant (`GetEtag`) are refused on the second
//! field, and the stub typed-name enum does not define the variant twice.

use multistatus::PropertySet;

#[derive(PropertySet)]
struct Props {
    get_etag: String,
    #[dav(rename = "etag")]
    get__etag: String,
}

fn main() {}
