//! What the derives generate, one behaviour per test, checked on exact output.

mod support;

use multistatus::name::{CALDAV, Name};
use multistatus::values::RawValue;
use multistatus::{
    AllProp, Href, Names, Namespaces, PropContent, PropState, PropertyName, PropertySet,
    PropertyValue, Sink, Status,
};

fn render(f: impl FnOnce(&mut Sink) -> Result<(), multistatus::Error>, ns: Namespaces) -> String {
    let mut sink = Sink::new(ns);
    f(&mut sink).unwrap();
    sink.as_str().to_owned()
}

fn allprop<P: PropertySet>(p: &P) -> String {
    let mut ns = Namespaces::new();
    P::declare_namespaces(&mut ns);
    render(|s| AllProp(p).write_prop(s), ns)
}

/// A choice value: `resourcetype` as a list of kinds, e.g. a CalDAV calendar collection.
#[derive(PropertyValue, Clone, Copy)]
enum Kind {
    Collection,
    #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
    Calendar,
    #[dav(namespace = "urn:ietf:params:xml:ns:carddav", rename = "addressbook")]
    AddressBook,
}

#[derive(PropertySet)]
struct Typed {
    resourcetype: Vec<Kind>,
}

#[test]
fn enum_choices_as_resourcetype() {
    let mut ns = Namespaces::new();
    ns.declare(CALDAV).unwrap();
    let calendar = Typed {
        resourcetype: vec![Kind::Collection, Kind::Calendar],
    };
    assert_eq!(
        render(|s| AllProp(&calendar).write_prop(s), ns),
        "<D:resourcetype><D:collection/><C:calendar/></D:resourcetype>"
    );
    let plain = Typed {
        resourcetype: vec![],
    };
    assert_eq!(allprop(&plain), "<D:resourcetype/>");
    let book = Typed {
        resourcetype: vec![Kind::Collection, Kind::AddressBook],
    };
    assert_eq!(
        allprop(&book),
        r#"<D:resourcetype><D:collection/><CARD:addressbook xmlns:CARD="urn:ietf:params:xml:ns:carddav"/></D:resourcetype>"#
    );
}

/// A value struct writes one child per field, skipping absent ones; newtype variants hold a
/// value in an element, flattened ones write it bare.
#[derive(PropertyValue)]
enum Principal {
    #[dav(flatten)]
    Href(Href<'static>),
    Unauthenticated,
    Other(String),
}

#[derive(PropertyValue)]
#[dav(namespace = "urn:example", rename_all = "camelCase")]
struct Owner {
    full_name: String,
    email_address: Option<String>,
    /// `Href` writes its own `DAV:href` element: flatten it into the parent.
    #[dav(flatten)]
    href: Href<'static>,
    #[dav(skip)]
    _cache: u32,
}

/// A newtype is its field's value.
#[derive(PropertyValue)]
struct Etag(String);

#[derive(PropertySet)]
#[dav(allprop)]
struct Values {
    current_user_principal: Principal,
    #[dav(namespace = "urn:example")]
    owner: Owner,
    getetag: Etag,
}

#[test]
fn value_structs_enums_and_newtypes() {
    let v = Values {
        current_user_principal: Principal::Unauthenticated,
        owner: Owner {
            full_name: "Ana <A>".into(),
            email_address: None,
            href: Href::from_path("/p/ana").unwrap(),
            _cache: 0,
        },
        getetag: Etag("\"e\"".into()),
    };
    assert_eq!(
        allprop(&v),
        concat!(
            "<D:current-user-principal><D:unauthenticated/></D:current-user-principal>",
            "<ns1:owner><ns1:fullName>Ana &lt;A&gt;</ns1:fullName>",
            "<D:href>/p/ana</D:href></ns1:owner>",
            "<D:getetag>\"e\"</D:getetag>",
        )
    );
    let p = Values {
        current_user_principal: Principal::Href(Href::from_path("/p/ana").unwrap()),
        ..v
    };
    assert!(allprop(&p).starts_with(
        "<D:current-user-principal><D:href>/p/ana</D:href></D:current-user-principal>"
    ));
    let o = Values {
        current_user_principal: Principal::Other("x".into()),
        ..p
    };
    assert!(
        allprop(&o).starts_with(
            "<D:current-user-principal><D:other>x</D:other></D:current-user-principal>"
        )
    );
}

/// Generic value structs get the bounds they need.
#[derive(PropertyValue)]
struct Pair<A, B> {
    first: A,
    second: B,
}

#[test]
fn generic_values() {
    #[derive(PropertySet)]
    struct S {
        pair: Pair<u8, String>,
    }
    let s = S {
        pair: Pair {
            first: 1,
            second: "two".into(),
        },
    };
    let mut ns = Namespaces::new();
    S::declare_namespaces(&mut ns);
    assert_eq!(
        render(|sink| s.write_property(SName::Pair, sink), ns),
        "<D:pair><D:first>1</D:first><D:second>two</D:second></D:pair>"
    );
}

/// Names: `rename_all`, `rename`, `no_namespace`, per-field namespaces, `skip`; allprop
/// membership by default, at the container, and per field.
#[derive(PropertySet)]
#[dav(namespace = "http://example.com/ns", rename_all = "camelCase")]
#[allow(dead_code, reason = "only its typed names are used")]
struct Names1 {
    last_seen: Option<u32>,
    #[dav(rename = "X-Custom")]
    custom: Option<u32>,
    #[dav(no_namespace)]
    bare_name: Option<u32>,
    #[dav(namespace = "DAV:", rename = "getetag")]
    etag: Option<u32>,
    #[dav(namespace = "DAV:", allprop = false)]
    displayname: Option<u32>,
    #[dav(allprop)]
    dead: Option<u32>,
    #[dav(skip)]
    _internal: (),
}

#[test]
fn naming_rules() {
    let names: Vec<String> = {
        let mut v = Vec::new();
        Names1Name::for_each(&mut |n| v.push(n.name().to_string()));
        v
    };
    assert_eq!(
        names,
        [
            "{http://example.com/ns}lastSeen",
            "{http://example.com/ns}X-Custom",
            "bareName",
            "{DAV:}getetag",
            "{DAV:}displayname",
            "{http://example.com/ns}dead",
        ]
    );
    let allprop: Vec<bool> = [
        Names1Name::LastSeen,
        Names1Name::Custom,
        Names1Name::BareName,
        Names1Name::Etag,
        Names1Name::Displayname,
        Names1Name::Dead,
    ]
    .iter()
    .map(|n| n.in_allprop())
    .collect();
    assert_eq!(allprop, [false, false, false, true, false, true]);
    assert_eq!(
        Names1Name::from_name("", "bareName"),
        Some(Names1Name::BareName)
    );
    assert_eq!(Names1Name::from_name("DAV:", "bareName"), None);
}

/// States follow the field types: `Option` absent, `Result` with a status.
#[test]
fn states() {
    #[derive(PropertySet)]
    struct S {
        a: Option<String>,
        b: Result<String, Status>,
        c: String,
    }
    let s = S {
        a: None,
        b: Err(Status::FORBIDDEN),
        c: String::new(),
    };
    assert_eq!(s.state(SName::A), PropState::Absent);
    assert_eq!(s.state(SName::B), PropState::Status(Status::FORBIDDEN));
    assert_eq!(s.state(SName::C), PropState::Present);
    let names = [SName::A, SName::B, SName::C];
    assert_eq!(
        render(|sink| Names(&names).write_prop(sink), Namespaces::new()),
        "<D:a/><D:b/><D:c/>"
    );
}

/// A dead property held as raw XML keeps its namespaces and `xml:lang`.
#[test]
fn raw_dead_property_with_lang() {
    #[derive(PropertySet)]
    #[dav(namespace = "urn:z", allprop)]
    struct Dead {
        title: Option<RawValue>,
    }
    let child = multistatus::Element::new(Name::new("urn:q", "em").unwrap()).with_text("x");
    let d = Dead {
        title: Some(
            RawValue::new()
                .with_text("A ")
                .with_child(child)
                .with_lang("en"),
        ),
    };
    let xml = allprop(&d);
    assert_eq!(
        xml,
        r#"<ns1:title xml:lang="en">A <ns2:em xmlns:ns2="urn:q">x</ns2:em></ns1:title>"#
    );
}

/// `#[dav(crate = "...")]` is honoured (here the facade under its own name).
#[test]
fn crate_path_override() {
    #[derive(PropertySet)]
    #[dav(crate = "multistatus")]
    #[allow(dead_code, reason = "only its typed names are used")]
    struct S {
        displayname: String,
    }
    assert_eq!(SName::Displayname.name(), Name::dav("displayname"));
}

/// A client builds its PROPFIND from typed names; the server resolves the parsed names back
/// to the same typed names.
#[test]
fn typed_names_build_requests() {
    use multistatus::request::Propfind;
    let request = Propfind::typed(&[Names1Name::LastSeen, Names1Name::BareName, Names1Name::Etag]);
    let body = request.to_xml().unwrap();
    support::parse_ok(&body);
    let parsed = Propfind::parse(body.as_bytes()).unwrap();
    assert_eq!(parsed, request);
    let Propfind::Prop(names) = parsed else {
        panic!("a prop request")
    };
    let typed: Vec<_> = names
        .iter()
        .map(|n| Names1Name::from_name(n.namespace(), n.local()))
        .collect();
    assert_eq!(
        typed,
        [
            Some(Names1Name::LastSeen),
            Some(Names1Name::BareName),
            Some(Names1Name::Etag)
        ]
    );
}

/// A set that borrows its values (a database row): `&str`, `Cow<str>` and `&T` fields, its
/// typed-name enum without a lifetime, answered by a `PropfindAnswer` of the borrowed type.
#[test]
fn borrowed_set() {
    use multistatus::MultistatusWriter;
    use multistatus::propfind::PropfindAnswer;
    use multistatus::request::Propfind;
    use std::borrow::Cow;

    #[derive(PropertySet)]
    struct Row<'a> {
        displayname: &'a str,
        getetag: Cow<'a, str>,
        getcontentlength: &'a u64,
        #[dav(rename = "owner")]
        owner: Option<&'a Href<'a>>,
    }

    /// The typed names outlive any row.
    fn keep<T: 'static>(name: T) -> T {
        name
    }

    let request = Propfind::parse(
        br#"<D:propfind xmlns:D="DAV:"><D:prop><D:displayname/><D:getetag/><D:getcontentlength/><D:owner/></D:prop></D:propfind>"#,
    )
    .unwrap();
    let answer = PropfindAnswer::<Row<'_>>::new(&request);
    let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
    let (name, etag, size) = (String::from("Q1 & Q2"), String::from("\"e\""), 4525u64);
    let owner = Href::from_path("/p/ana/").unwrap();
    let row = Row {
        displayname: &name,
        getetag: Cow::Borrowed(&etag),
        getcontentlength: &size,
        owner: Some(&owner),
    };
    answer
        .write(&mut ms, &Href::from_path("/d/").unwrap(), &row)
        .unwrap();
    let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
    support::parse_ok(&xml);
    assert!(
        xml.contains(concat!(
            "<D:propstat><D:prop><D:displayname>Q1 &amp; Q2</D:displayname>",
            "<D:getetag>\"e\"</D:getetag><D:getcontentlength>4525</D:getcontentlength>",
            "<D:owner><D:href>/p/ana/</D:href></D:owner></D:prop>",
        )),
        "{xml}"
    );
    assert_eq!(keep(RowName::Getetag).name(), Name::dav("getetag"));
}

/// A store of dead properties for the tests: empty, told apart by its address.
struct Store;

impl multistatus::DeadProperties for Store {
    fn get(&self, _: &Name<'_>) -> Option<&multistatus::DeadProperty> {
        None
    }
    fn for_each(&self, _: &mut dyn FnMut(&multistatus::DeadProperty)) {}
}

/// Whether `dead` is `store`.
fn is_store(dead: Option<&dyn multistatus::DeadProperties>, store: &Store) -> bool {
    dead.is_some_and(|d| std::ptr::eq((d as *const dyn multistatus::DeadProperties).cast(), store))
}

#[derive(PropertySet)]
struct WithStore {
    displayname: String,
    #[dav(dead)]
    stored: Store,
}

/// `#[dav(dead)]` is the set's store (`PropertySet::dead`), not a property: it has no typed
/// name and no element.
#[test]
fn dead_field_is_the_store() {
    let s = WithStore {
        displayname: "d".into(),
        stored: Store,
    };
    assert!(is_store(s.dead(), &s.stored));
    let mut names = Vec::new();
    WithStoreName::for_each(&mut |n| names.push(n));
    assert_eq!(names, [WithStoreName::Displayname]);
    assert_eq!(WithStoreName::from_name("DAV:", "stored"), None);
    assert_eq!(allprop(&s), "<D:displayname>d</D:displayname>");
}

/// A set without a store of its own uses its flattened set's; without any, it has none.
#[test]
fn flattened_store() {
    #[derive(PropertySet)]
    struct Outer {
        getetag: String,
        #[dav(flatten)]
        inner: WithStore,
    }
    #[derive(PropertySet)]
    struct Bare {
        getetag: String,
    }
    let outer = Outer {
        getetag: "e".into(),
        inner: WithStore {
            displayname: "d".into(),
            stored: Store,
        },
    };
    assert!(is_store(outer.dead(), &outer.inner.stored));
    assert!(
        Bare {
            getetag: "e".into()
        }
        .dead()
        .is_none()
    );
}

/// `#[dav(name_enum = "...")]` names the typed-name enum (when `<Struct>Name` is taken).
#[test]
fn renamed_name_enum() {
    #[allow(dead_code, reason = "an item that takes the default name")]
    struct KeyedName;

    #[derive(PropertySet)]
    #[dav(name_enum = "KeyedKey")]
    #[allow(dead_code, reason = "only its typed names are used")]
    struct Keyed {
        getetag: String,
    }
    assert_eq!(KeyedKey::Getetag.name(), Name::dav("getetag"));
}
