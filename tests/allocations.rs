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

/// The SPEC workload's properties, read back.
#[derive(PropertySet, Debug, PartialEq)]
struct FileProps {
    displayname: String,
    getcontentlength: u64,
    getcontenttype: String,
    getetag: String,
    getlastmodified: std::time::SystemTime,
    creationdate: multistatus::values::Rfc3339,
    resourcetype: multistatus::values::ResourceType,
    #[dav(namespace = "http://example.com/ns")]
    color: String,
}

/// The allocations a response of the SPEC workload owns once parsed: the hrefs' `Vec` and
/// the href, the propstats' `Vec`, four strings (`displayname`, `getcontenttype`, `getetag`,
/// `color`), and the unknown property (the `Vec`, its XML, its namespace and its local name).
const OWNED_PER_RESPONSE: u64 = 11;

/// Reading responses allocates what they own and nothing else (names are matched as bytes,
/// buffers are reused): from a slice and from a stream, once the reader's buffers have
/// grown.
#[test]
fn parsing_allocates_only_the_output() {
    use multistatus::client::MultistatusReader;
    use std::time::{Duration, UNIX_EPOCH};
    let request =
        br#"<D:propfind xmlns:D="DAV:" xmlns:E="http://example.com/ns" xmlns:U="urn:x-unknown">
      <D:prop><D:displayname/><D:getcontentlength/><D:getcontenttype/><D:getetag/>
      <D:getlastmodified/><D:creationdate/><D:resourcetype/><E:color/><U:nope/></D:prop>
    </D:propfind>"#;
    let answer = PropfindAnswer::<FileProps>::new(&Propfind::parse(request).unwrap());
    let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
    let count = 60;
    // Numbers of two digits: the reader's buffers grow to what every response needs during
    // the warm-up.
    for i in 10..10 + count {
        let t = UNIX_EPOCH + Duration::from_secs(884_597_156 + 3_607 * i);
        let props = FileProps {
            displayname: format!("Tom & Jerry <{i}>"),
            getcontentlength: 1_000 + 37 * i,
            getcontenttype: "text/plain".into(),
            getetag: format!("\"{i}\""),
            getlastmodified: t,
            creationdate: multistatus::values::Rfc3339(t),
            resourcetype: multistatus::values::ResourceType::RESOURCE,
            color: "red".into(),
        };
        let href = Href::from_path(format!("/files/report 2024/Ünïcode #{i}.txt")).unwrap();
        answer.write(&mut ms, &href, &props).unwrap();
    }
    let body = ms.finish().unwrap();
    let measured = 50;

    let mut slice = MultistatusReader::<FileProps, _>::from_slice(&body);
    let warm: Vec<_> = slice.by_ref().take(10).collect();
    let mut kept = Vec::with_capacity(measured);
    let counted = allocation_counter::measure(|| kept.extend(slice.by_ref().take(measured)));
    assert!(kept.iter().all(Result::is_ok));
    assert_eq!(counted.count_total, OWNED_PER_RESPONSE * 50, "{counted:?}");

    let mut stream = MultistatusReader::<FileProps, _>::new(&body[..]);
    let warm_stream: Vec<_> = stream.by_ref().take(10).collect();
    assert_eq!(warm, warm_stream);
    let mut kept_stream = Vec::with_capacity(measured);
    let counted =
        allocation_counter::measure(|| kept_stream.extend(stream.by_ref().take(measured)));
    assert_eq!(kept, kept_stream);
    assert_eq!(counted.count_total, OWNED_PER_RESPONSE * 50, "{counted:?}");
}
