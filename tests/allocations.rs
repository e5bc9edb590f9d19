//! Writing values with structure allocates nothing per resource on the pre-rendered PROPFIND
//! path: attributes, text beside them, repeated and optional children, a borrowed set.
//!
//! A test binary of its own, as `allocation-counter` replaces the global allocator (it counts
//! per thread, so the test harness's other threads do not disturb the count).

mod caldav;

use std::io;

use multistatus::propfind::PropfindAnswer;
use multistatus::request::Propfind;
use multistatus::{Href, MultistatusWriter, PropertySet, PropertyValue};

use caldav::{CalendarData, ComponentSet, SupportedAddressData, address_data, components};

/// An optional child beside repeated ones.
#[derive(PropertyValue)]
struct Schedule {
    href: Vec<Href<'static>>,
    comment: Option<&'static str>,
}

/// A value whose attribute is in a namespace the body does not declare: declared on the
/// element, its scope reused from one resource to the next.
#[derive(PropertyValue)]
struct Color {
    #[dav(attribute, namespace = "urn:example:attrs")]
    symbolic: &'static str,
    #[dav(text)]
    rgb: &'static str,
}

/// A row of a calendar table, borrowed.
#[derive(PropertySet)]
#[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
struct Row<'a> {
    #[dav(namespace = "DAV:")]
    displayname: &'a str,
    supported_calendar_component_set: &'a ComponentSet,
    calendar_data: Option<CalendarData<'a>>,
    #[dav(namespace = "urn:ietf:params:xml:ns:carddav")]
    supported_address_data: &'a SupportedAddressData,
    #[dav(namespace = "http://apple.com/ns/ical/")]
    calendar_color: Color,
    #[dav(namespace = "DAV:")]
    schedule: &'a Schedule,
}

const REQUEST: &str = concat!(
    r#"<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" "#,
    r#"xmlns:CARD="urn:ietf:params:xml:ns:carddav" xmlns:I="http://apple.com/ns/ical/"><D:prop>"#,
    "<D:displayname/><C:supported-calendar-component-set/><C:calendar-data/>",
    "<CARD:supported-address-data/><I:calendar-color/><D:schedule/><D:getetag/>",
    "</D:prop></D:propfind>"
);

/// Many resources written after a warm-up (the writer's buffer has reached its size) make
/// no allocation.
#[test]
fn no_allocation_per_resource() {
    let (set, address) = (components(), address_data());
    let schedule = Schedule {
        href: vec![Href::from_path("/principals/ana/").unwrap()],
        comment: Some("inbox"),
    };
    let names: Vec<String> = (0..100).map(|i| format!("Calendar {i} & co")).collect();
    let rows: Vec<Row<'_>> = names
        .iter()
        .enumerate()
        .map(|(i, name)| Row {
            displayname: name,
            supported_calendar_component_set: &set,
            calendar_data: Some(CalendarData {
                content_type: "text/calendar",
                version: (i % 2 == 0).then_some("2.0"),
                data: if i % 3 == 0 {
                    ""
                } else {
                    "BEGIN:VCALENDAR\r\n"
                },
            }),
            supported_address_data: &address,
            calendar_color: Color {
                symbolic: "custom",
                rgb: "#FF2968FF",
            },
            schedule: &schedule,
        })
        .collect();
    let hrefs: Vec<Href<'_>> = (0..rows.len())
        .map(|i| Href::from_path(format!("/cal/{i}/")).unwrap())
        .collect();
    let answer = PropfindAnswer::<Row<'_>>::new(&Propfind::parse(REQUEST.as_bytes()).unwrap());
    let mut ms = MultistatusWriter::new(io::sink(), answer.namespaces());
    let write_all = |ms: &mut MultistatusWriter<io::Sink>| {
        for (row, href) in rows.iter().zip(&hrefs) {
            answer.write(ms, href, row).unwrap();
        }
    };
    // Warm-up: the writer's buffer fills and is handed on several times.
    for _ in 0..20 {
        write_all(&mut ms);
    }
    let counted = allocation_counter::measure(|| write_all(&mut ms));
    assert_eq!(counted.count_total, 0, "{counted:?}");
    // The counter counts: one allocation is seen.
    let one =
        allocation_counter::measure(|| drop(std::hint::black_box(Vec::<u8>::with_capacity(8))));
    assert_eq!(one.count_total, 1);
    ms.finish().unwrap();
}
