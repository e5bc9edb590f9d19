//! The RFC 4918 and RFC 5842 examples, answered from derived property sets: the request bodies
//! printed in the RFCs are parsed, answered with `PropfindAnswer`, and the output compared
//! namespace-aware with the RFC's response bodies.

mod support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use multistatus::propfind::{Adjust, PropfindAnswer};
use multistatus::request::Propfind;
use multistatus::values::{
    ActiveLock, LockDepth, LockDiscovery, LockScope, LockType, RawValue, ResourceId, ResourceType,
    SupportedLock, Timeout,
};
use multistatus::{
    Href, MultistatusWriter, PropContent, PropertyName, PropertySet, PropertyValue, Selected,
    Status,
};
use support::{assert_xml_eq, parse_ok, rfc_example};

/// A request body printed in an RFC, from `multistatus-core/tests/requests/` (shared with the
/// core's request-parsing tests).
macro_rules! request {
    ($file:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/multistatus-core/tests/requests/",
            $file
        ))
    };
}

/// `R:bigbox`: a dead property with a `BoxType` child.
#[derive(PropertyValue)]
#[dav(
    namespace = "http://ns.example.com/boxschema/",
    rename_all = "PascalCase"
)]
struct BigBox {
    box_type: String,
}

/// `R:author`: a dead property with a `Name` child.
#[derive(PropertyValue)]
#[dav(
    namespace = "http://ns.example.com/boxschema/",
    rename_all = "PascalCase"
)]
struct Author {
    name: String,
}

/// The boxschema properties of the RFC's examples; dead properties, so part of `allprop`.
#[derive(PropertySet)]
#[dav(namespace = "http://ns.example.com/boxschema/", allprop)]
struct BoxProps {
    bigbox: Option<BigBox>,
    author: Option<Author>,
    #[dav(rename = "DingALing")]
    ding_a_ling: Option<Result<String, Status>>,
    #[dav(rename = "Random")]
    random: Option<Result<String, Status>>,
}

/// The RFC 4918 live properties, in the order the examples list them.
#[derive(PropertySet)]
struct Live {
    creationdate: Option<String>,
    displayname: Option<String>,
    getcontentlength: Option<u64>,
    getcontenttype: Option<String>,
    getetag: Option<String>,
    getlastmodified: Option<SystemTime>,
    resourcetype: ResourceType,
    supportedlock: Option<SupportedLock>,
    lockdiscovery: Option<LockDiscovery>,
}

/// Everything a resource of the examples has: composed with `flatten`.
#[derive(PropertySet)]
struct Resource {
    #[dav(flatten)]
    boxes: BoxProps,
    #[dav(flatten)]
    live: Live,
    resource_id: Option<ResourceId<'static>>,
}

impl Resource {
    fn new() -> Self {
        Self {
            boxes: BoxProps {
                bigbox: None,
                author: None,
                ding_a_ling: None,
                random: None,
            },
            live: Live {
                creationdate: None,
                displayname: None,
                getcontentlength: None,
                getcontenttype: None,
                getetag: None,
                getlastmodified: None,
                resourcetype: ResourceType::RESOURCE,
                supportedlock: None,
                lockdiscovery: None,
            },
            resource_id: None,
        }
    }
}

fn uri(s: &str) -> Href<'static> {
    Href::from_encoded(s.to_owned()).unwrap()
}

fn answer(request: &[u8], resources: &[(Href<'static>, Resource)]) -> String {
    let answer = PropfindAnswer::<Resource>::new(&Propfind::parse(request).unwrap());
    let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
    for (href, r) in resources {
        answer.write(&mut ms, href, r).unwrap();
    }
    String::from_utf8(ms.finish().unwrap()).unwrap()
}

/// RFC 4918 §9.1.3: named properties, two of them forbidden (one 403 propstat with its
/// description), and a multistatus-level description.
#[test]
fn rfc4918_9_1_3_named_properties_from_a_parsed_request() {
    let request = request!("rfc4918-9.1.3-propfind.xml");
    let mut file = Resource::new();
    file.boxes.bigbox = Some(BigBox {
        box_type: "Box type A".into(),
    });
    file.boxes.author = Some(Author {
        name: "J.J. Johnson".into(),
    });
    file.boxes.ding_a_ling = Some(Err(Status::FORBIDDEN));
    file.boxes.random = Some(Err(Status::FORBIDDEN));

    let answer = PropfindAnswer::<Resource>::new(&Propfind::parse(request).unwrap());
    let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
    let forbidden = " The user does not have access to the\n DingALing property.\n      ";
    let adjust = Adjust {
        status: None,
        describe: Some(&|s| (s == Status::FORBIDDEN).then(|| forbidden.into())),
    };
    answer
        .write_adjusted(&mut ms, &uri("http://www.example.com/file"), &file, &adjust)
        .unwrap();
    let body = ms
        .finish_with(
            Some(&" There has been an access violation error.\n  ".into()),
            None,
        )
        .unwrap();
    let xml = String::from_utf8(body).unwrap();
    parse_ok(&xml);
    assert_xml_eq(&xml, &rfc_example("rfc4918-9.1.3.xml"));
}

/// RFC 4918 §9.1.4: `propname` lists the names of the defined properties, empty.
#[test]
fn rfc4918_9_1_4_propname_from_a_parsed_request() {
    let request = request!("rfc4918-9.1.4-propfind.xml");
    let (container, file) = examples_9_1_5();
    let xml = answer(
        request,
        &[
            (uri("http://www.example.com/container/"), container),
            (uri("http://www.example.com/container/front.html"), file),
        ],
    );
    parse_ok(&xml);
    assert_xml_eq(&xml, &rfc_example("rfc4918-9.1.4.xml"));
}

/// The two resources of §9.1.4 and §9.1.5.
fn examples_9_1_5() -> (Resource, Resource) {
    let mut container = Resource::new();
    container.boxes.bigbox = Some(BigBox {
        box_type: "Box type A".into(),
    });
    container.boxes.author = Some(Author {
        name: "Hadrian".into(),
    });
    container.live.creationdate = Some("1997-12-01T17:42:21-08:00".into());
    container.live.displayname = Some("Example collection".into());
    container.live.resourcetype = ResourceType::COLLECTION;
    container.live.supportedlock = Some(SupportedLock::WRITE);

    let mut file = Resource::new();
    file.boxes.bigbox = Some(BigBox {
        box_type: "Box type B".into(),
    });
    file.live.creationdate = Some("1997-12-01T18:27:21-08:00".into());
    file.live.displayname = Some("Example HTML resource".into());
    file.live.getcontentlength = Some(4525);
    file.live.getcontenttype = Some("text/html".into());
    file.live.getetag = Some("\"zzyzx\"".into());
    file.live.getlastmodified = Some(UNIX_EPOCH + Duration::from_secs(884_597_156));
    file.live.supportedlock = Some(SupportedLock::WRITE);
    (container, file)
}

/// RFC 4918 §9.1.5: `allprop` on a collection and its member: the dead properties and the
/// RFC 4918 live properties, absent ones left out.
#[test]
fn rfc4918_9_1_5_allprop_from_a_parsed_request() {
    let request = request!("rfc4918-9.1.5-propfind.xml");
    let (container, file) = examples_9_1_5();
    let xml = answer(
        request,
        &[
            (Href::from_path("/container/").unwrap(), container),
            (Href::from_path("/container/front.html").unwrap(), file),
        ],
    );
    parse_ok(&xml);
    assert_xml_eq(&xml, &rfc_example("rfc4918-9.1.5.xml"));
}

/// RFC 4918 §9.1.5 again, from an empty body: an empty PROPFIND body is `allprop`.
#[test]
fn rfc4918_9_1_5_allprop_from_an_empty_body() {
    let (container, file) = examples_9_1_5();
    let xml = answer(
        b"",
        &[
            (Href::from_path("/container/").unwrap(), container),
            (Href::from_path("/container/front.html").unwrap(), file),
        ],
    );
    assert_xml_eq(&xml, &rfc_example("rfc4918-9.1.5.xml"));
}

/// RFC 4918 §15.8.1: `lockdiscovery` with one active lock.
#[test]
fn rfc4918_15_8_1_lockdiscovery() {
    let request = br#"<D:propfind xmlns:D="DAV:"><D:prop><D:lockdiscovery/></D:prop></D:propfind>"#;
    let mut r = Resource::new();
    r.live.lockdiscovery = Some(LockDiscovery(vec![ActiveLock {
        kind: LockType::Write,
        scope: LockScope::Exclusive,
        depth: LockDepth::Zero,
        owner: Some(RawValue::new().with_text("Jane Smith")),
        timeout: Some(Timeout::Infinite),
        token: Some(uri("urn:uuid:f81de2ad-7f3d-a1b2-4f3c-00a0c91a9d76")),
        root: Some(uri("http://www.example.com/container/")),
    }]));
    let xml = answer(request, &[(uri("http://www.example.com/container/"), r)]);
    parse_ok(&xml);
    assert_xml_eq(&xml, &rfc_example("rfc4918-15.8.1.xml"));
}

/// RFC 4918 §15.10.1: `supportedlock` with exclusive and shared write locks.
#[test]
fn rfc4918_15_10_1_supportedlock() {
    let request = br#"<D:propfind xmlns:D="DAV:"><D:prop><D:supportedlock/></D:prop></D:propfind>"#;
    let mut r = Resource::new();
    r.live.supportedlock = Some(SupportedLock::WRITE);
    let xml = answer(request, &[(uri("http://www.example.com/container/"), r)]);
    parse_ok(&xml);
    assert_xml_eq(&xml, &rfc_example("rfc4918-15.10.1.xml"));
}

/// The two resources of RFC 5842 §7.1.1: the collection (met again through `/Coll/Bar`) and
/// `/Coll/Foo`.
fn rfc5842_resources() -> (Resource, Resource) {
    let resource = |name: &str, id: &str| {
        let mut r = Resource::new();
        r.live.displayname = Some(name.into());
        r.resource_id = Some(ResourceId(uri(id)));
        r
    };
    (
        resource("Loop Demo", "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf8"),
        resource(
            "Bird Inventory",
            "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf9",
        ),
    )
}

/// RFC 5842 §7.1.1: `resource-id` over a bind loop; the repeated binding's properties are
/// reported with 208 Already Reported.
#[test]
fn rfc5842_7_1_1_already_reported() {
    let names = [
        ResourceName::from(LiveName::Displayname),
        ResourceName::ResourceId,
    ];
    let (coll, foo) = rfc5842_resources();

    let mut ns = multistatus::Namespaces::new();
    Resource::declare_namespaces(&mut ns);
    let mut ms = MultistatusWriter::new(Vec::new(), ns);
    for (href, r, status) in [
        ("http://www.example.com/Coll/", &coll, Status::OK),
        ("http://www.example.com/Coll/Foo", &foo, Status::OK),
        (
            "http://www.example.com/Coll/Bar",
            &coll,
            Status::ALREADY_REPORTED,
        ),
    ] {
        let selected = Selected {
            set: r,
            names: &names,
        };
        ms.response(&uri(href), status, |s| selected.write_prop(s))
            .unwrap()
            .end()
            .unwrap();
    }
    let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
    parse_ok(&xml);
    assert_xml_eq(&xml, &rfc_example("rfc5842-7.1.1.xml"));
}

/// RFC 5842 §7.1.1 answered with `PropfindAnswer`: the client's PROPFIND for `displayname`
/// and `resource-id`, and the binding met again (`/Coll/Bar`) adjusted to 208 Already
/// Reported, which keeps the values (RFC 5842 §7.1).
#[test]
fn rfc5842_7_1_1_already_reported_through_adjust() {
    let request = br#"<D:propfind xmlns:D="DAV:"><D:prop><D:displayname/><D:resource-id/></D:prop></D:propfind>"#;
    let (coll, foo) = rfc5842_resources();
    let answer = PropfindAnswer::<Resource>::new(&Propfind::parse(request).unwrap());
    let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
    let already = |_: ResourceName| Some(Status::ALREADY_REPORTED);
    let seen_again = Adjust {
        status: Some(&already),
        describe: None,
    };
    for (href, r, adjust) in [
        ("http://www.example.com/Coll/", &coll, &Adjust::default()),
        ("http://www.example.com/Coll/Foo", &foo, &Adjust::default()),
        ("http://www.example.com/Coll/Bar", &coll, &seen_again),
    ] {
        answer
            .write_adjusted(&mut ms, &uri(href), r, adjust)
            .unwrap();
    }
    let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
    parse_ok(&xml);
    assert_eq!(
        xml.matches("<D:propstat>").count(),
        3,
        "one propstat each: {xml}"
    );
    assert_xml_eq(&xml, &rfc_example("rfc5842-7.1.1.xml"));
}

/// Typed names resolve both ways, through flattened sets too.
#[test]
fn typed_names_round_trip() {
    let mut all = Vec::new();
    ResourceName::for_each(&mut |n| all.push(n));
    assert_eq!(all.len(), 4 + 9 + 1);
    for n in all {
        let name = n.name();
        assert_eq!(
            ResourceName::from_name(name.namespace(), name.local()),
            Some(n)
        );
    }
    assert_eq!(
        ResourceName::from_name("http://ns.example.com/boxschema/", "DingALing"),
        Some(ResourceName::Boxes(BoxPropsName::DingALing))
    );
    assert_eq!(ResourceName::from_name("DAV:", "dingaling"), None);
    assert_eq!(
        ResourceName::from_name("DAV:", "resource-id"),
        Some(ResourceName::ResourceId)
    );
}

/// A struct declared `allprop` at the container puts its fields in allprop; the RFC 4918
/// live properties are in allprop by default, and other DAV: properties are not.
#[test]
fn allprop_membership() {
    assert!(BoxPropsName::Random.in_allprop());
    assert!(LiveName::Getetag.in_allprop());
    assert!(!ResourceName::ResourceId.in_allprop());
}

/// RFC 4918 §9.2.2: a PROPPATCH whose second instruction fails with 409; the first gets
/// 424 Failed Dependency, and nothing is applied.
#[test]
fn rfc4918_9_2_2_proppatch_all_or_nothing() {
    use multistatus::proppatch::{PatchAnswer, PatchFailure};
    use multistatus::request::{Instruction, PropertyUpdate};

    let request = request!("rfc4918-9.2.2-proppatch.xml");
    let update = PropertyUpdate::parse(request).unwrap();
    let mut applied = Vec::new();
    let answer = PatchAnswer::evaluate(&update, |i| match i {
        Instruction::Remove(n) if n.local() == "Copyright-Owner" => {
            Err(PatchFailure::Status(Status::CONFLICT, None))
        }
        other => {
            applied.push(other.name().clone());
            Ok(())
        }
    });
    assert!(!answer.succeeded());
    assert_eq!(applied.len(), 1, "the application saw the set instruction");
    let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
    answer
        .write_with(
            &mut ms,
            &uri("http://www.example.com/bar.html"),
            Some(&" Copyright Owner cannot be deleted or\n      altered.".into()),
        )
        .unwrap();
    let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
    parse_ok(&xml);
    assert_xml_eq(&xml, &rfc_example("rfc4918-9.2.2.xml"));
}
