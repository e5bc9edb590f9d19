//! `#[dav(text)]` beside child elements would be mixed content: refused, naming the child.

use multistatus::PropertyValue;

#[derive(PropertyValue)]
#[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
struct CalendarData {
    #[dav(attribute)]
    content_type: String,
    #[dav(text)]
    data: String,
    comp: Option<String>,
}

fn main() {}
