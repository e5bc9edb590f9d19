//! A list of text is not a property value: the items would run together
//! (`<C:supported-calendar-component-set>VEVENTVTODO</…>`). The error says how to name the
//! elements.

use multistatus::PropertySet;

#[derive(PropertySet)]
#[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
struct Props {
    supported_calendar_component_set: Vec<String>,
}

fn main() {}
