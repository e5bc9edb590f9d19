//! The derives' output compiles where nothing is in scope: no prelude (so an unqualified
//! `Option`, `Ok` or `assert!` in generated code fails), items named like the prelude's and
//! like the generated code's locals (so a local that a user's item can shadow fails), and no
//! trait imported (so a method call that needs one fails).
//!
//! `tests/reexport` checks the other half: a crate that knows the runtime under another name.
#![no_implicit_prelude]

/// Items named like the prelude's, like the runtime's traits, and like the generated locals.
mod shadows {
    #![allow(dead_code, non_camel_case_types, non_upper_case_globals)]

    pub struct Option;
    pub struct Some;
    pub struct None;
    pub struct Result;
    pub struct Ok;
    pub struct Err;
    pub struct Clone;
    pub struct Copy;
    pub struct PartialEq;
    pub struct Eq;
    pub struct Hash;
    pub struct Debug;
    pub struct From;
    pub struct Into;
    pub struct FnMut;
    pub struct PropertySet;
    pub struct PropertyValue;
    pub struct PropertyName;
    pub struct AttributeValue;
    pub struct Attributes;
    pub struct ListItem;
    pub struct DeadProperties;
    pub struct NameEnumOf;
    pub struct Sink;
    pub struct Tag;
    pub struct core;
    pub struct std;
    pub struct str;
    pub struct bool;

    pub const f: () = ();
    pub const n: () = ();
    pub const v: () = ();
    pub const name: () = ();
    pub const sink: () = ();
    pub const namespace: () = ();
    pub const local: () = ();
}

mod props {
    // Skipped fields are never read, and some shadows never used: that is the point.
    #![allow(dead_code, unused_imports)]
    use super::shadows::*;

    /// A value struct: child elements.
    #[derive(::multistatus::PropertyValue)]
    pub struct Principal {
        #[dav(flatten)]
        pub href: ::multistatus::Href<'static>,
        #[dav(skip)]
        pub cached: u8,
    }

    /// A newtype value.
    #[derive(::multistatus::PropertyValue)]
    pub struct Etag(pub ::std::string::String);

    /// A choice: unit, renamed, namespaced, newtype and flattened variants.
    #[derive(::multistatus::PropertyValue, ::core::default::Default)]
    pub enum Kind {
        #[default]
        Collection,
        #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
        Calendar,
        #[dav(rename = "named-thing")]
        Named(::std::string::String),
        #[dav(flatten)]
        Raw(::multistatus::values::RawValue),
    }

    /// A generic value.
    #[derive(::multistatus::PropertyValue, ::core::default::Default)]
    pub struct Wrapper<T> {
        pub inner: ::std::option::Option<T>,
    }

    /// A flattened set with a namespace, a rename rule and a field in no namespace.
    #[derive(::multistatus::PropertySet)]
    #[dav(namespace = "urn:example:hygiene", rename_all = "camelCase")]
    pub struct Extra {
        pub color_name: ::std::option::Option<::std::string::String>,
        #[dav(no_namespace)]
        pub plain: u32,
    }

    /// The set.
    #[derive(::multistatus::PropertySet)]
    pub struct Props {
        pub getetag: Etag,
        #[dav(rename = "resourcetype")]
        pub kind: Kind,
        #[dav(allprop = false)]
        pub current_user_principal: ::std::option::Option<Principal>,
        pub displayname: ::std::result::Result<::std::string::String, ::multistatus::Status>,
        pub wrapped: Wrapper<u8>,
        #[dav(flatten)]
        pub extra: Extra,
        #[dav(skip)]
        pub internal: u8,
    }

    /// A set with nothing in it.
    #[derive(::multistatus::PropertySet)]
    pub struct Empty {}

    /// A value with attributes, repeated children and an optional one.
    #[derive(::multistatus::PropertyValue)]
    #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
    pub struct Comp<'a> {
        #[dav(attribute)]
        pub name: &'a ::core::primitive::str,
        #[dav(attribute, namespace = "urn:example:hygiene")]
        pub size: ::std::option::Option<u32>,
        pub comp: ::std::vec::Vec<Comp<'a>>,
        pub note: ::std::option::Option<::std::string::String>,
    }

    /// A value with attributes and text.
    #[derive(::multistatus::PropertyValue)]
    pub struct Data<'a> {
        #[dav(attribute)]
        pub content_type: &'static ::core::primitive::str,
        #[dav(text)]
        pub data: &'a ::core::primitive::str,
    }

    /// A store of dead properties that holds none.
    pub struct Store;

    impl ::multistatus::DeadProperties for Store {
        fn get(
            &self,
            _: &::multistatus::name::Name<'_>,
        ) -> ::std::option::Option<&::multistatus::DeadProperty> {
            ::std::option::Option::None
        }
        fn for_each(&self, _: &mut dyn ::std::ops::FnMut(&::multistatus::DeadProperty)) {}
    }

    /// A borrowed set, with a store, a flattened set and its typed-name enum renamed.
    #[derive(::multistatus::PropertySet)]
    #[dav(name_enum = "RowKey")]
    pub struct Row<'a> {
        #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
        pub supported_calendar_component_set: Comp<'a>,
        #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
        pub calendar_data: Data<'a>,
        #[dav(flatten)]
        pub extra: Extra,
        #[dav(dead)]
        pub dead: Store,
    }
}

use props::{Etag, Extra, ExtraName, Kind, Principal, Props, PropsName, Wrapper};

/// Without the prelude, `String::from` needs its trait named.
fn string(s: &str) -> ::std::string::String {
    ::std::borrow::ToOwned::to_owned(s)
}

fn props() -> ::std::result::Result<Props, ::multistatus::Error> {
    ::std::result::Result::Ok(Props {
        getetag: Etag(string("\"x\"")),
        kind: Kind::Calendar,
        current_user_principal: ::std::option::Option::Some(Principal {
            href: ::multistatus::Href::from_path("/principals/jane/")?,
            cached: 0,
        }),
        displayname: ::std::result::Result::Err(::multistatus::Status::FORBIDDEN),
        wrapped: Wrapper {
            inner: ::std::option::Option::Some(7),
        },
        extra: Extra {
            color_name: ::std::option::Option::Some(string("red")),
            plain: 3,
        },
        internal: 0,
    })
}

fn sink_for<P: ::multistatus::PropertySet>() -> ::multistatus::Sink {
    let mut namespaces = ::multistatus::Namespaces::new();
    <P as ::multistatus::PropertySet>::declare_namespaces(&mut namespaces);
    ::multistatus::Sink::new(namespaces)
}

#[test]
fn allprop() -> ::std::result::Result<(), ::multistatus::Error> {
    let mut sink = sink_for::<Props>();
    ::multistatus::PropertySet::write_allprop(&props()?, &mut sink)?;
    // getetag and resourcetype are live RFC 4918 properties; displayname has a status, so it
    // is not part of the 200 propstat; the flattened set's properties are dead properties.
    ::std::assert_eq!(
        sink.as_str(),
        ::std::concat!(
            "<D:getetag>\"x\"</D:getetag>",
            // The set does not know its values' namespaces: declared where used.
            "<D:resourcetype><C:calendar xmlns:C=\"urn:ietf:params:xml:ns:caldav\"/></D:resourcetype>",
        )
    );
    ::std::result::Result::Ok(())
}

#[test]
fn named_properties() -> ::std::result::Result<(), ::multistatus::Error> {
    let p = props()?;
    let mut sink = sink_for::<Props>();
    for name in [
        PropsName::CurrentUserPrincipal,
        PropsName::Wrapped,
        PropsName::Extra(ExtraName::ColorName),
        PropsName::Extra(ExtraName::Plain),
    ] {
        ::multistatus::PropertySet::write_property(&p, name, &mut sink)?;
    }
    ::std::assert_eq!(
        sink.as_str(),
        ::std::concat!(
            "<D:current-user-principal><D:href>/principals/jane/</D:href></D:current-user-principal>",
            "<D:wrapped><D:inner>7</D:inner></D:wrapped>",
            "<ns1:colorName>red</ns1:colorName>",
            "<plain>3</plain>",
        )
    );
    ::std::assert_eq!(
        ::multistatus::PropertySet::state(&p, PropsName::Displayname),
        ::multistatus::PropState::Status(::multistatus::Status::FORBIDDEN)
    );
    ::std::result::Result::Ok(())
}

#[test]
fn value_enum_variants() -> ::std::result::Result<(), ::multistatus::Error> {
    const KIND: ::multistatus::name::Tag = ::multistatus::name::Tag::new("DAV:", "k");
    let raw = ::multistatus::values::RawValue::new().with_text("raw");
    let mut sink = ::multistatus::Sink::new(::multistatus::Namespaces::new());
    for kind in [Kind::Collection, Kind::Named(string("n")), Kind::Raw(raw)] {
        sink.property(&KIND, &kind)?;
    }
    ::std::assert_eq!(
        sink.as_str(),
        "<D:k><D:collection/></D:k><D:k><D:named-thing>n</D:named-thing></D:k><D:k>raw</D:k>"
    );
    ::std::result::Result::Ok(())
}

#[test]
fn typed_names() {
    use ::multistatus::PropertyName as _;
    ::std::assert_eq!(
        <PropsName as ::multistatus::PropertyName>::from_name("urn:example:hygiene", "colorName"),
        ::std::option::Option::Some(PropsName::Extra(ExtraName::ColorName))
    );
    ::std::assert_eq!(
        <PropsName as ::multistatus::PropertyName>::from_name("", "plain"),
        ::std::option::Option::Some(PropsName::Extra(ExtraName::Plain))
    );
    ::std::assert_eq!(
        <PropsName as ::multistatus::PropertyName>::from_name("DAV:", "internal"),
        ::std::option::Option::None
    );
    ::std::assert!(PropsName::Getetag.in_allprop());
    ::std::assert!(!PropsName::CurrentUserPrincipal.in_allprop());
    ::std::assert_eq!(PropsName::Kind.tag().local(), "resourcetype");

    let mut count = 0;
    <PropsName as ::multistatus::PropertyName>::for_each(&mut |_| count += 1);
    ::std::assert_eq!(count, 7);

    let mut none = 0;
    <props::EmptyName as ::multistatus::PropertyName>::for_each(&mut |_| none += 1);
    ::std::assert_eq!(none, 0);
}

#[test]
fn values_with_structure_in_a_borrowed_set() -> ::std::result::Result<(), ::multistatus::Error> {
    use props::{Comp, Data, Row, RowKey, Store};
    let store = Store;
    let row = Row {
        supported_calendar_component_set: Comp {
            name: "",
            size: ::std::option::Option::None,
            comp: ::std::vec![Comp {
                name: "VEVENT",
                size: ::std::option::Option::Some(3),
                comp: ::std::vec::Vec::new(),
                note: ::std::option::Option::None,
            },],
            note: ::std::option::Option::Some(string("n")),
        },
        calendar_data: Data {
            content_type: "text/calendar",
            data: "BEGIN",
        },
        extra: Extra {
            color_name: ::std::option::Option::None,
            plain: 1,
        },
        dead: store,
    };
    let mut sink = sink_for::<Row<'_>>();
    for name in [RowKey::SupportedCalendarComponentSet, RowKey::CalendarData] {
        ::multistatus::PropertySet::write_property(&row, name, &mut sink)?;
    }
    ::std::assert_eq!(
        sink.as_str(),
        ::std::concat!(
            "<C:supported-calendar-component-set name=\"\">",
            // The flattened set's namespace is declared on the root: the attribute uses it.
            "<C:comp name=\"VEVENT\" ns1:size=\"3\"/>",
            "<C:note>n</C:note></C:supported-calendar-component-set>",
            "<C:calendar-data content-type=\"text/calendar\">BEGIN</C:calendar-data>",
        )
    );
    ::std::assert!(::multistatus::PropertySet::dead(&row).is_some());
    ::std::result::Result::Ok(())
}

#[test]
fn parsed_back() -> ::std::result::Result<(), ::multistatus::reader::ReadError> {
    let body = br#"<D:multistatus xmlns:D="DAV:" xmlns:H="urn:example:hygiene"><D:response>
      <D:href>/a</D:href><D:propstat><D:prop><D:getetag>"x"</D:getetag>
        <D:resourcetype><D:named-thing>n</D:named-thing></D:resourcetype>
        <D:current-user-principal><D:href>/p/</D:href></D:current-user-principal>
        <D:wrapped><D:inner>7</D:inner></D:wrapped><H:colorName>red</H:colorName><plain>3</plain>
      </D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>
      <D:propstat><D:prop><D:displayname/></D:prop><D:status>HTTP/1.1 403 Forbidden</D:status>
      </D:propstat></D:response></D:multistatus>"#;
    let mut reader = ::multistatus::client::MultistatusReader::<Props, _>::from_slice(body);
    let response = match ::std::iter::Iterator::next(&mut reader) {
        ::std::option::Option::Some(response) => response?,
        ::std::option::Option::None => ::std::panic!("no response"),
    };
    let ::std::option::Option::Some(p) = response.props() else {
        ::std::panic!("no properties")
    };
    ::std::assert_eq!(p.getetag.0, "\"x\"");
    ::std::assert!(::std::matches!(&p.kind, Kind::Named(n) if n == "n"));
    ::std::assert!(::std::matches!(
        &p.current_user_principal,
        ::std::option::Option::Some(Principal { cached: 0, .. })
    ));
    ::std::assert_eq!(p.wrapped.inner, ::std::option::Option::Some(7));
    ::std::assert_eq!(
        p.extra.color_name.as_deref(),
        ::std::option::Option::Some("red")
    );
    ::std::assert_eq!(p.extra.plain, 3);
    ::std::assert!(::std::matches!(
        p.displayname,
        ::std::result::Result::Err(::multistatus::Status::FORBIDDEN)
    ));
    ::std::result::Result::Ok(())
}
