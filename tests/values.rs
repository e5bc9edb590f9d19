//! Values with structure, derived: attributes, text beside them, repeated and optional child
//! elements, in the shapes CalDAV and CardDAV use; raw values that keep the property
//! element's attributes. One behaviour per test; a set's answer is written on both PROPFIND
//! paths (pre-rendered and general) and compared, and output is read back with roxmltree.

mod caldav;
mod support;

use caldav::{CalendarData, ComponentSet, SupportedAddressData, address_data, components};
use multistatus::name::{CALDAV, CARDDAV, DAV, Name};
use multistatus::propfind::{Adjust, PropfindAnswer};
use multistatus::request::Propfind;
use multistatus::values::RawValue;
use multistatus::{Element, PropContent};
use multistatus::{
    Error, Href, MultistatusWriter, Namespaces, PropertySet, PropertyValue, Selected, Sink,
};
use support::parse_ok;

#[derive(PropertySet)]
#[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
struct Calendar<'a> {
    supported_calendar_component_set: ComponentSet,
    calendar_data: Option<CalendarData<'a>>,
    #[dav(namespace = "urn:ietf:params:xml:ns:carddav")]
    supported_address_data: SupportedAddressData,
}

fn calendar(data: &str) -> Calendar<'_> {
    Calendar {
        supported_calendar_component_set: components(),
        calendar_data: Some(CalendarData {
            content_type: "text/calendar",
            version: Some("2.0"),
            data,
        }),
        supported_address_data: address_data(),
    }
}

const ICAL: &str = "http://apple.com/ns/ical/";

const ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";

/// The PROPFIND body asking for `names` (`<C:x/>`, `<CARD:y/>`).
fn propfind(names: &str) -> Propfind {
    let body = format!(
        r#"<D:propfind xmlns:D="DAV:" xmlns:C="{CALDAV}" xmlns:CARD="{CARDDAV}"><D:prop>{names}</D:prop></D:propfind>"#
    );
    Propfind::parse(body.as_bytes()).unwrap()
}

/// The response for `resource`, through the pre-rendered path and through the general path
/// (forced by a status hook that changes nothing); both must be the same bytes.
fn answer<P: PropertySet>(request: &Propfind, resource: &P) -> Result<String, Error> {
    let answer = PropfindAnswer::<P>::new(request);
    let render = |adjusted: bool| -> Result<String, Error> {
        let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
        let href = Href::from_path("/cal/").unwrap();
        if adjusted {
            let unchanged = |_: P::Name| None;
            let adjust = Adjust {
                status: Some(&unchanged),
                describe: None,
            };
            answer.write_adjusted(&mut ms, &href, resource, &adjust)?;
        } else {
            answer.write(&mut ms, &href, resource)?;
        }
        Ok(String::from_utf8(ms.finish()?).unwrap())
    };
    let fast = render(false)?;
    let general = render(true)?;
    assert_eq!(fast, general, "the two paths differ");
    parse_ok(&fast);
    Ok(fast)
}

/// What lies between `<D:prop>` and `</D:prop>` of the first propstat.
fn first_prop(xml: &str) -> &str {
    let start = xml.find("<D:prop>").unwrap() + "<D:prop>".len();
    let end = xml.find("</D:prop>").unwrap();
    &xml[start..end]
}

/// A `Vec<T>` field of a value struct writes one element per item, named by the field, and
/// attributes-only items are empty elements: `<C:comp name="VEVENT"/><C:comp name="VTODO"/>`.
#[test]
fn supported_calendar_component_set() {
    let xml = answer(
        &propfind("<C:supported-calendar-component-set/>"),
        &calendar(ICS),
    )
    .unwrap();
    assert_eq!(
        first_prop(&xml),
        concat!(
            "<C:supported-calendar-component-set>",
            r#"<C:comp name="VEVENT"/><C:comp name="VTODO"/>"#,
            "</C:supported-calendar-component-set>"
        )
    );
    let doc = parse_ok(&xml);
    let names: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name((CALDAV, "comp")))
        .map(|n| n.attribute("name").unwrap())
        .collect();
    assert_eq!(names, ["VEVENT", "VTODO"]);
}

/// `#[dav(text)]` beside attributes: `<C:calendar-data content-type=… version=…>` and the
/// calendar, its CRLFs kept (`\r` as `&#13;`).
#[test]
fn calendar_data_with_attributes_and_text() {
    let xml = answer(&propfind("<C:calendar-data/>"), &calendar(ICS)).unwrap();
    assert_eq!(
        first_prop(&xml),
        concat!(
            r#"<C:calendar-data content-type="text/calendar" version="2.0">"#,
            "BEGIN:VCALENDAR&#13;\nVERSION:2.0&#13;\nEND:VCALENDAR&#13;\n</C:calendar-data>"
        )
    );
    let doc = parse_ok(&xml);
    let data = doc
        .descendants()
        .find(|n| n.has_tag_name((CALDAV, "calendar-data")))
        .unwrap();
    assert_eq!(data.attribute("content-type"), Some("text/calendar"));
    assert_eq!(data.attribute("version"), Some("2.0"));
    assert_eq!(data.text(), Some(ICS));
}

/// An attribute whose value is `None` is left out.
#[test]
fn absent_attribute_is_omitted() {
    let mut cal = calendar("x");
    if let Some(data) = &mut cal.calendar_data {
        data.version = None;
    }
    let xml = answer(&propfind("<C:calendar-data/>"), &cal).unwrap();
    assert_eq!(
        first_prop(&xml),
        r#"<C:calendar-data content-type="text/calendar">x</C:calendar-data>"#
    );
}

/// Attributes and no text: the property element is empty, `<x a="1"/>`, on both paths.
#[test]
fn attributes_without_text_are_an_empty_element() {
    let cal = calendar("");
    let xml = answer(
        &propfind("<C:calendar-data/><C:supported-calendar-component-set/>"),
        &cal,
    )
    .unwrap();
    assert_eq!(
        first_prop(&xml),
        concat!(
            r#"<C:calendar-data content-type="text/calendar" version="2.0"/>"#,
            "<C:supported-calendar-component-set>",
            r#"<C:comp name="VEVENT"/><C:comp name="VTODO"/>"#,
            "</C:supported-calendar-component-set>"
        )
    );
}

/// `CARD:supported-address-data` (RFC 6352 §6.2.2's example).
#[test]
fn supported_address_data() {
    let xml = answer(&propfind("<CARD:supported-address-data/>"), &calendar(ICS)).unwrap();
    assert_eq!(
        first_prop(&xml),
        concat!(
            "<CARD:supported-address-data>",
            r#"<CARD:address-data-type content-type="text/vcard" version="3.0"/>"#,
            "</CARD:supported-address-data>"
        )
    );
}

/// An `Option` child is written when `Some` and left out when `None`; an empty `Vec` writes
/// no element.
#[test]
fn optional_and_repeated_children() {
    #[derive(PropertyValue)]
    struct Schedule {
        #[dav(attribute)]
        kind: &'static str,
        comment: Option<String>,
        href: Vec<Href<'static>>,
    }
    #[derive(PropertySet)]
    struct S {
        schedule: Schedule,
    }
    let request = propfind("<D:schedule/>");
    let with = S {
        schedule: Schedule {
            kind: "a",
            comment: Some("c".into()),
            href: vec![Href::from_path("/x").unwrap()],
        },
    };
    assert_eq!(
        first_prop(&answer(&request, &with).unwrap()),
        concat!(
            r#"<D:schedule kind="a"><D:comment>c</D:comment>"#,
            "<D:href><D:href>/x</D:href></D:href></D:schedule>"
        )
    );
    let without = S {
        schedule: Schedule {
            kind: "a",
            comment: None,
            href: vec![],
        },
    };
    assert_eq!(
        first_prop(&answer(&request, &without).unwrap()),
        r#"<D:schedule kind="a"/>"#
    );
}

/// Attribute values are escaped so that a parser reads them back exactly: quotes, markup,
/// and tab, line feed and carriage return as references (attribute-value normalisation
/// would turn them into spaces).
#[test]
fn attribute_values_are_escaped() {
    #[derive(PropertyValue)]
    struct Label {
        #[dav(attribute)]
        title: String,
    }
    #[derive(PropertySet)]
    struct S {
        label: Label,
    }
    let tricky = "a \"quoted\" <b> & 'c'\tand\nlines\r\n";
    let xml = answer(
        &propfind("<D:label/>"),
        &S {
            label: Label {
                title: tricky.into(),
            },
        },
    )
    .unwrap();
    assert_eq!(
        first_prop(&xml),
        r#"<D:label title="a &quot;quoted&quot; &lt;b&gt; &amp; 'c'&#9;and&#10;lines&#13;&#10;"/>"#
    );
    let doc = parse_ok(&xml);
    let label = doc
        .descendants()
        .find(|n| n.has_tag_name((DAV, "label")))
        .unwrap();
    assert_eq!(label.attribute("title"), Some(tricky));
}

/// A character XML cannot carry in an attribute value is `Error::IllegalChar`, and nothing
/// of the property is left in the sink.
#[test]
fn illegal_char_in_attribute_leaves_nothing() {
    const CDATA: multistatus::name::Tag = multistatus::name::Tag::new(CALDAV, "calendar-data");
    let data = CalendarData {
        content_type: "text/\u{1}calendar",
        version: None,
        data: "x",
    };
    let mut sink = Sink::new(Namespaces::new());
    sink.text("before").unwrap();
    let err = sink.property(&CDATA, &data).unwrap_err();
    assert!(
        matches!(err, Error::IllegalChar { found: '\u{1}' }),
        "{err:?}"
    );
    assert_eq!(sink.as_str(), "before");
}

/// An attribute in a namespace: its namespace is declared on the element when the body did
/// not declare it.
#[test]
fn namespaced_attribute() {
    #[derive(PropertyValue)]
    struct Color {
        #[dav(attribute, namespace = "urn:example:attrs", rename = "symbolic")]
        symbolic: &'static str,
        #[dav(text)]
        rgb: &'static str,
    }
    #[derive(PropertySet)]
    #[dav(namespace = "http://apple.com/ns/ical/")]
    struct S {
        calendar_color: Color,
    }
    let request = propfind(r#"<I:calendar-color xmlns:I="http://apple.com/ns/ical/"/>"#);
    let xml = answer(
        &request,
        &S {
            calendar_color: Color {
                symbolic: "custom",
                rgb: "#FF2968FF",
            },
        },
    )
    .unwrap();
    assert_eq!(
        first_prop(&xml),
        r#"<ICAL:calendar-color xmlns:ns1="urn:example:attrs" ns1:symbolic="custom">#FF2968FF</ICAL:calendar-color>"#
    );
    let doc = parse_ok(&xml);
    let color = doc
        .descendants()
        .find(|n| n.has_tag_name(("http://apple.com/ns/ical/", "calendar-color")))
        .unwrap();
    assert_eq!(
        color.attribute(("urn:example:attrs", "symbolic")),
        Some("custom")
    );
}

/// A raw value keeps the attributes of the property element, as iOS sends them
/// (`<calendar-color symbolic-color="custom">`), and writes them on the property's start tag.
#[test]
fn raw_value_keeps_property_element_attributes() {
    // The element the request reader makes of
    // `<I:calendar-color symbolic-color="custom" xml:lang="en">#FF2968FF</I:calendar-color>`.
    let element = Element::new(Name::new(ICAL, "calendar-color").unwrap())
        .with_attribute(Name::new("", "symbolic-color").unwrap(), "custom")
        .with_lang("en")
        .with_text("#FF2968FF");
    let raw = RawValue::from_element(&element);
    assert_eq!(raw.lang.as_deref(), Some("en"));
    assert_eq!(raw.attributes.len(), 1);

    #[derive(PropertySet)]
    #[dav(namespace = "http://apple.com/ns/ical/")]
    struct S {
        calendar_color: RawValue,
    }
    let mut s = S {
        calendar_color: raw,
    };
    let request = propfind(r#"<I:calendar-color xmlns:I="http://apple.com/ns/ical/"/>"#);
    assert_eq!(
        first_prop(&answer(&request, &s).unwrap()),
        r##"<ICAL:calendar-color xml:lang="en" symbolic-color="custom">#FF2968FF</ICAL:calendar-color>"##
    );
    // Without a language, on the pre-rendered path too.
    s.calendar_color.lang = None;
    assert_eq!(
        first_prop(&answer(&request, &s).unwrap()),
        r##"<ICAL:calendar-color symbolic-color="custom">#FF2968FF</ICAL:calendar-color>"##
    );
}

/// A raw value whose attributes name `xmlns`, or one attribute twice, cannot be written:
/// an error, and nothing of the property in the output.
#[test]
fn raw_value_attributes_that_would_break_the_document() {
    const P: multistatus::name::Tag = multistatus::name::Tag::new(DAV, "p");
    let xmlns = RawValue {
        attributes: vec![multistatus::Attribute {
            name: Name::new("", "xmlns").unwrap(),
            value: "urn:x".into(),
        }],
        ..RawValue::new()
    };
    let twice = RawValue::new()
        .with_attribute(Name::new("", "a").unwrap(), "1")
        .with_lang("en");
    let twice = RawValue {
        attributes: [twice.attributes.clone(), twice.attributes].concat(),
        ..twice
    };
    for (value, what) in [(xmlns, "xmlns"), (twice, "twice")] {
        let mut sink = Sink::new(Namespaces::new());
        let err = sink.property(&P, &value).unwrap_err();
        match what {
            "xmlns" => assert!(matches!(err, Error::InvalidName { .. }), "{err:?}"),
            _ => assert!(matches!(err, Error::Value(_)), "{err:?}"),
        }
        assert_eq!(sink.as_str(), "", "{what}");
    }
}

/// A set's typed properties written with `Selected`: the values' attributes come along on the
/// general path's other entry points too.
#[test]
fn selected_properties_carry_attributes() {
    let cal = calendar("x");
    let mut ns = Namespaces::new();
    Calendar::declare_namespaces(&mut ns);
    let mut sink = Sink::new(ns);
    Selected {
        set: &cal,
        names: &[CalendarName::CalendarData],
    }
    .write_prop(&mut sink)
    .unwrap();
    assert_eq!(
        sink.as_str(),
        r#"<C:calendar-data content-type="text/calendar" version="2.0">x</C:calendar-data>"#
    );
}

/// The pre-rendered path's own entry point, `write_plain` after a pre-rendered start tag:
/// values with attributes are written there (not handed to the general path); one with
/// attributes and no content, a rare shape, is left to the general path (`Plain::NotPlain`),
/// which writes `<x a="1"/>`.
#[test]
fn attributes_on_the_pre_rendered_path() {
    use multistatus::Plain;
    const SET: multistatus::name::Tag =
        multistatus::name::Tag::new(CALDAV, "supported-calendar-component-set");
    const DATA: multistatus::name::Tag = multistatus::name::Tag::new(CALDAV, "calendar-data");
    let mut ns = Namespaces::new();
    Calendar::declare_namespaces(&mut ns);
    let cases = [
        (
            &SET,
            CalendarName::SupportedCalendarComponentSet,
            "x",
            Plain::Written,
            r#"<C:supported-calendar-component-set><C:comp name="VEVENT"/><C:comp name="VTODO"/>"#,
        ),
        (
            &DATA,
            CalendarName::CalendarData,
            "x",
            Plain::Written,
            r#"<C:calendar-data content-type="text/calendar" version="2.0">x"#,
        ),
        (
            &DATA,
            CalendarName::CalendarData,
            "",
            Plain::NotPlain,
            r#"<C:calendar-data content-type="text/calendar" version="2.0">"#,
        ),
    ];
    for (tag, name, data, plain, written) in cases {
        let mut sink = Sink::new(ns.clone());
        let _open = sink.start(tag);
        assert_eq!(calendar(data).write_plain(name, &mut sink), plain);
        assert_eq!(sink.as_str(), written);
    }
}

/// A property named at run time carries its value's attributes too, after its language.
#[test]
fn named_property_with_attributes() {
    let name = Name::new(ICAL, "calendar-color").unwrap();
    let value = RawValue::new()
        .with_attribute(Name::new("", "symbolic-color").unwrap(), "custom")
        .with_lang("en")
        .with_text("#FF2968FF");
    let mut sink = Sink::new(Namespaces::new());
    sink.named_property(&name, &value).unwrap();
    assert_eq!(
        sink.as_str(),
        concat!(
            r#"<ICAL:calendar-color xmlns:ICAL="http://apple.com/ns/ical/" xml:lang="en" "#,
            r##"symbolic-color="custom">#FF2968FF</ICAL:calendar-color>"##
        )
    );
    let doc = parse_ok(sink.as_str());
    let color = doc.root_element();
    assert_eq!(color.attribute("symbolic-color"), Some("custom"));
    assert_eq!(
        color.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("en")
    );
}

/// What the `Vec<String>` error advises: a value struct whose `Vec` field names the elements.
#[test]
fn a_list_of_text_named_by_a_field() {
    #[derive(PropertyValue)]
    #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
    struct Components {
        comp: Vec<String>,
    }
    #[derive(PropertySet)]
    #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
    struct S {
        supported_calendar_component_set: Components,
    }
    let s = S {
        supported_calendar_component_set: Components {
            comp: vec!["VEVENT".into(), "VTODO".into()],
        },
    };
    let xml = answer(&propfind("<C:supported-calendar-component-set/>"), &s).unwrap();
    assert_eq!(
        first_prop(&xml),
        concat!(
            "<C:supported-calendar-component-set><C:comp>VEVENT</C:comp><C:comp>VTODO</C:comp>",
            "</C:supported-calendar-component-set>"
        )
    );
}
