//! The derives' output passes strict lints: public types derived in a crate that denies
//! warnings, missing docs and clippy's default set, and warns (here: denies, through
//! `warnings`) clippy's pedantic set. The typed-name enums are public items too: they must
//! carry docs and pass the same lints.
#![deny(
    warnings,
    missing_docs,
    missing_debug_implementations,
    rust_2018_idioms,
    unused_qualifications,
    trivial_casts,
    trivial_numeric_casts
)]
#![deny(clippy::all)]
#![warn(clippy::pedantic)]
// Restriction lints that crates commonly turn on: generated code must not trip them either.
#![deny(
    clippy::allow_attributes_without_reason,
    clippy::missing_docs_in_private_items,
    clippy::indexing_slicing,
    clippy::as_conversions,
    clippy::unwrap_used,
    clippy::panic
)]

/// Properties and values as a library would publish them.
pub mod dav {
    use multistatus::values::{ResourceType, Rfc3339};
    use multistatus::{Href, PropertySet, PropertyValue, Status};
    use std::time::SystemTime;

    /// `DAV:current-user-principal` (RFC 5397): a href.
    #[derive(PropertyValue, Debug, Clone)]
    pub struct CurrentUserPrincipal {
        /// The principal.
        #[dav(flatten)]
        pub href: Href<'static>,
    }

    /// A value in its own namespace, with a renamed child and a skipped cache.
    #[derive(PropertyValue, Debug, Clone)]
    #[dav(namespace = "urn:example:lints")]
    pub struct Quota {
        /// Bytes used.
        #[dav(rename = "used-bytes")]
        pub used: u64,
        /// Bytes free, when known.
        pub free: Option<u64>,
        /// Not written.
        #[dav(skip)]
        pub cached: bool,
    }

    /// A newtype value.
    #[derive(PropertyValue, Debug, Clone, PartialEq, Eq)]
    pub struct Etag(pub String);

    /// A generic value.
    #[derive(PropertyValue, Debug, Clone, Default)]
    pub struct Labelled<T> {
        /// The label.
        pub label: T,
    }

    /// A choice.
    #[derive(PropertyValue, Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Privilege {
        /// `DAV:read`.
        Read,
        /// `DAV:write`.
        Write,
        /// `C:read-free-busy`.
        #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
        ReadFreeBusy,
    }

    /// A choice with values.
    #[derive(PropertyValue, Debug, Clone)]
    pub enum Owner {
        /// A principal URL.
        Principal(Href<'static>),
        /// Free text, written as is.
        #[dav(flatten)]
        Text(String),
    }

    /// An enum with no variant cannot be built, but derives.
    #[derive(PropertyValue, Debug, Clone, Copy)]
    pub enum Never {}

    /// Custom properties, flattened into [`Props`].
    #[derive(PropertySet, Debug, Clone)]
    #[dav(namespace = "urn:example:lints", rename_all = "camelCase")]
    pub struct Custom {
        /// `urn:example:lints` `quota`.
        pub quota: Option<Quota>,
        /// `urn:example:lints` `labelled`.
        pub labelled: Labelled<u32>,
        /// A property in no namespace.
        #[dav(no_namespace)]
        pub plain_text: String,
    }

    /// The properties of a resource.
    #[derive(PropertySet, Debug, Clone)]
    pub struct Props {
        /// `DAV:getetag`.
        pub getetag: Etag,
        /// `DAV:getlastmodified`.
        pub getlastmodified: SystemTime,
        /// `DAV:creationdate`.
        pub creationdate: Rfc3339,
        /// `DAV:resourcetype`.
        pub resourcetype: ResourceType,
        /// `DAV:displayname`, or the status that hides it.
        pub displayname: Result<String, Status>,
        /// `DAV:current-user-principal`.
        #[dav(allprop = false)]
        pub current_user_principal: Option<CurrentUserPrincipal>,
        /// `DAV:current-user-privilege-set`.
        #[dav(allprop = false)]
        pub current_user_privilege_set: Vec<Privilege>,
        /// `DAV:owner`.
        pub owner: Option<Owner>,
        /// The custom properties.
        #[dav(flatten)]
        pub custom: Custom,
        /// Not a property.
        #[dav(skip)]
        pub path: String,
    }

    /// A set with no properties.
    #[derive(PropertySet, Debug, Clone, Copy)]
    pub struct Nothing {}

    /// `C:comp`: an attribute and repeated children.
    #[derive(PropertyValue, Debug, Clone)]
    #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
    pub struct Comp<'a> {
        /// The component's name.
        #[dav(attribute)]
        pub name: &'a str,
        /// Sub-components.
        pub comp: Vec<Comp<'a>>,
        /// A note, when there is one.
        pub note: Option<String>,
    }

    /// `C:calendar-data`: attributes and text.
    #[derive(PropertyValue, Debug, Clone)]
    pub struct CalendarData<'a> {
        /// The media type.
        #[dav(attribute)]
        pub content_type: &'static str,
        /// The iCalendar version.
        #[dav(attribute)]
        pub version: Option<&'static str>,
        /// The calendar.
        #[dav(text)]
        pub data: &'a str,
    }

    /// A store of dead properties that holds none.
    #[derive(Debug, Clone, Copy)]
    pub struct Store;

    impl multistatus::DeadProperties for Store {
        fn get(&self, _: &multistatus::name::Name<'_>) -> Option<&multistatus::DeadProperty> {
            None
        }
        fn for_each(&self, _: &mut dyn FnMut(&multistatus::DeadProperty)) {}
    }

    /// A calendar row, borrowed, with its store of dead properties.
    #[derive(PropertySet, Debug, Clone)]
    #[dav(
        namespace = "urn:ietf:params:xml:ns:caldav",
        name_enum = "CalendarRowKey"
    )]
    pub struct CalendarRow<'a> {
        /// `DAV:displayname`.
        #[dav(namespace = "DAV:")]
        pub displayname: &'a str,
        /// `C:supported-calendar-component-set`.
        pub supported_calendar_component_set: Comp<'a>,
        /// `C:calendar-data`.
        pub calendar_data: Option<CalendarData<'a>>,
        /// The custom properties.
        #[dav(flatten)]
        pub custom: Custom,
        /// The dead properties.
        #[dav(dead)]
        pub dead: Store,
    }
}

use dav::{CustomName, Privilege, Props, PropsName};
use multistatus::{Namespaces, PropertyName, PropertySet, Sink, Status};
use std::time::{Duration, UNIX_EPOCH};

fn props() -> Result<Props, multistatus::Error> {
    Ok(Props {
        getetag: dav::Etag("\"1\"".to_owned()),
        getlastmodified: UNIX_EPOCH + Duration::from_secs(884_597_156),
        creationdate: multistatus::values::Rfc3339(UNIX_EPOCH + Duration::from_secs(881_026_941)),
        resourcetype: multistatus::values::ResourceType::COLLECTION,
        displayname: Err(Status::FORBIDDEN),
        current_user_principal: Some(dav::CurrentUserPrincipal {
            href: multistatus::Href::from_path("/principals/jane/")?.into_owned(),
        }),
        current_user_privilege_set: vec![Privilege::Read, Privilege::ReadFreeBusy],
        owner: Some(dav::Owner::Text("Jane".to_owned())),
        custom: dav::Custom {
            quota: Some(dav::Quota {
                used: 10,
                free: None,
                cached: false,
            }),
            labelled: dav::Labelled { label: 7 },
            plain_text: "x".to_owned(),
        },
        path: "/".to_owned(),
    })
}

#[test]
fn derived_under_strict_lints() -> Result<(), multistatus::Error> {
    let p = props()?;
    let mut namespaces = Namespaces::new();
    Props::declare_namespaces(&mut namespaces);
    let mut sink = Sink::new(namespaces);
    p.write_allprop(&mut sink)?;
    assert_eq!(
        sink.as_str(),
        concat!(
            "<D:getetag>\"1\"</D:getetag>",
            "<D:getlastmodified>Mon, 12 Jan 1998 09:25:56 GMT</D:getlastmodified>",
            "<D:creationdate>1997-12-02T01:42:21Z</D:creationdate>",
            "<D:resourcetype><D:collection/></D:resourcetype>",
        )
    );

    let mut sink = Sink::new(Namespaces::new());
    for name in [
        PropsName::CurrentUserPrincipal,
        PropsName::CurrentUserPrivilegeSet,
        PropsName::Owner,
        PropsName::Custom(CustomName::Quota),
        PropsName::Custom(CustomName::PlainText),
    ] {
        p.write_property(name, &mut sink)?;
    }
    assert_eq!(
        sink.as_str(),
        concat!(
            "<D:current-user-principal><D:href>/principals/jane/</D:href></D:current-user-principal>",
            "<D:current-user-privilege-set><D:read/>",
            "<C:read-free-busy xmlns:C=\"urn:ietf:params:xml:ns:caldav\"/></D:current-user-privilege-set>",
            "<D:owner>Jane</D:owner>",
            "<ns1:quota xmlns:ns1=\"urn:example:lints\"><ns1:used-bytes>10</ns1:used-bytes></ns1:quota>",
            "<plainText>x</plainText>",
        )
    );
    assert_eq!(
        PropsName::from_name("urn:example:lints", "labelled"),
        Some(PropsName::Custom(CustomName::Labelled))
    );
    assert!(!PropsName::CurrentUserPrincipal.in_allprop());
    Ok(())
}

#[test]
fn values_with_structure_under_strict_lints() -> Result<(), multistatus::Error> {
    use dav::{CalendarData, CalendarRow, CalendarRowKey, Comp, Store};
    let row = CalendarRow {
        displayname: "Work",
        supported_calendar_component_set: Comp {
            name: "",
            comp: vec![Comp {
                name: "VEVENT",
                comp: Vec::new(),
                note: None,
            }],
            note: None,
        },
        calendar_data: Some(CalendarData {
            content_type: "text/calendar",
            version: Some("2.0"),
            data: "BEGIN",
        }),
        custom: props()?.custom,
        dead: Store,
    };
    let mut namespaces = Namespaces::new();
    CalendarRow::declare_namespaces(&mut namespaces);
    let mut sink = Sink::new(namespaces);
    for name in [
        CalendarRowKey::SupportedCalendarComponentSet,
        CalendarRowKey::CalendarData,
    ] {
        row.write_property(name, &mut sink)?;
    }
    assert_eq!(
        sink.as_str(),
        concat!(
            r#"<C:supported-calendar-component-set name=""><C:comp name="VEVENT"/></C:supported-calendar-component-set>"#,
            r#"<C:calendar-data content-type="text/calendar" version="2.0">BEGIN</C:calendar-data>"#,
        )
    );
    assert!(row.dead().is_some());
    Ok(())
}

/// The derived parsing passes the same lints, and reads the set back.
#[test]
fn parsed_under_strict_lints() -> Result<(), Box<dyn std::error::Error>> {
    use multistatus::client::MultistatusReader;
    let body = br#"<D:multistatus xmlns:D="DAV:" xmlns:L="urn:example:lints"><D:response>
      <D:href>/a</D:href><D:propstat><D:prop>
        <D:getetag>"1"</D:getetag><D:resourcetype><D:collection/></D:resourcetype>
        <D:current-user-privilege-set><D:read/><D:write/></D:current-user-privilege-set>
        <D:owner>Jane</D:owner><L:labelled><D:label>7</D:label></L:labelled>
        <L:quota><L:used-bytes>10</L:used-bytes></L:quota><plainText>x</plainText>
      </D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>
      <D:propstat><D:prop><D:displayname/></D:prop><D:status>HTTP/1.1 403 Forbidden</D:status>
      </D:propstat></D:response></D:multistatus>"#;
    let mut reader = MultistatusReader::<Props, _>::from_slice(body);
    let response = reader.next().ok_or("no response")??;
    let p = response.props().ok_or("no properties")?;
    assert_eq!(p.getetag, dav::Etag("\"1\"".to_owned()));
    assert!(p.resourcetype.is_collection());
    assert_eq!(p.displayname, Err(Status::FORBIDDEN));
    assert_eq!(
        p.current_user_privilege_set,
        [Privilege::Read, Privilege::Write]
    );
    assert!(matches!(&p.owner, Some(dav::Owner::Text(t)) if t == "Jane"));
    assert_eq!(p.custom.labelled.label, 7);
    assert_eq!(p.custom.quota.as_ref().map(|q| q.used), Some(10));
    assert_eq!(p.custom.plain_text, "x");
    assert!(reader.next().is_none());
    Ok(())
}
