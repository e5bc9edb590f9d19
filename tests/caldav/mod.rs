//! CalDAV and CardDAV values with structure, derived, for the tests that write them
//! (`values.rs`, `allocations.rs`, `caldav_collection.rs`): attributes, text beside them,
//! repeated children.
//!
//! Use it from a test file with `mod caldav;`.
#![allow(
    dead_code,
    reason = "each test file uses a different subset of the values"
)]

use multistatus::PropertyValue;

/// `C:comp` (RFC 4791 §9.6.1): an empty element named by its attribute.
#[derive(PropertyValue, Clone)]
#[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
pub struct Comp {
    #[dav(attribute)]
    pub name: &'static str,
}

/// `C:supported-calendar-component-set` (RFC 4791 §5.2.3): one `C:comp` per component.
#[derive(PropertyValue, Clone)]
#[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
pub struct ComponentSet {
    pub comp: Vec<Comp>,
}

/// `C:calendar-data` (RFC 4791 §9.6): attributes and the calendar as text.
#[derive(PropertyValue)]
pub struct CalendarData<'a> {
    #[dav(attribute)]
    pub content_type: &'static str,
    #[dav(attribute)]
    pub version: Option<&'static str>,
    #[dav(text)]
    pub data: &'a str,
}

/// `CARD:address-data-type` (RFC 6352 §6.2.2): attributes only.
#[derive(PropertyValue)]
#[dav(namespace = "urn:ietf:params:xml:ns:carddav")]
pub struct AddressDataType {
    #[dav(attribute)]
    pub content_type: &'static str,
    #[dav(attribute)]
    pub version: &'static str,
}

/// `CARD:supported-address-data`.
#[derive(PropertyValue)]
#[dav(namespace = "urn:ietf:params:xml:ns:carddav")]
pub struct SupportedAddressData {
    pub address_data_type: Vec<AddressDataType>,
}

/// The components of an event calendar: `VEVENT`, `VTODO`.
pub fn components() -> ComponentSet {
    ComponentSet {
        comp: vec![Comp { name: "VEVENT" }, Comp { name: "VTODO" }],
    }
}

/// vCard 3.0, as RFC 6352 §6.2.2's example.
pub fn address_data() -> SupportedAddressData {
    SupportedAddressData {
        address_data_type: vec![AddressDataType {
            content_type: "text/vcard",
            version: "3.0",
        }],
    }
}
