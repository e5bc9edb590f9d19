//! The `207 Multi-Status` examples of RFC 4918, RFC 5842 and RFC 6352 (`tests/rfc-examples/`)
//! parsed into a derived set of the RFC 4918 live properties (and RFC 5842's `resource-id`),
//! everything else kept raw, and written back: equal to the RFC's body, namespace-aware.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod support;

use std::time::{Duration, UNIX_EPOCH};

use multistatus::client::MultistatusReader;
use multistatus::values::{
    LockDepth, LockDiscovery, LockScope, LockType, ResourceId, ResourceType, Rfc3339,
    SupportedLock, Timeout,
};
use multistatus::{MultistatusWriter, Namespaces, PropertySet, Status};
use support::{RFC_EXAMPLES, assert_xml_eq, responses};

/// The live properties of RFC 4918 §15 and RFC 5842's `resource-id`. `creationdate` is
/// kept as its text, which a date type would write back in UTC.
#[derive(PropertySet, Debug, PartialEq)]
struct Live {
    creationdate: Option<String>,
    displayname: Option<String>,
    getcontentlanguage: Option<String>,
    getcontentlength: Option<u64>,
    getcontenttype: Option<String>,
    getetag: Option<String>,
    getlastmodified: Option<std::time::SystemTime>,
    lockdiscovery: Option<LockDiscovery>,
    resourcetype: Option<ResourceType>,
    supportedlock: Option<SupportedLock>,
    resource_id: Option<ResourceId<'static>>,
}

/// `body` read into `Live` and written back.
fn written_back(body: &str) -> String {
    let mut namespaces = Namespaces::new();
    Live::declare_namespaces(&mut namespaces);
    let mut writer = MultistatusWriter::new(Vec::new(), namespaces);
    let mut reader = MultistatusReader::<Live, _>::from_slice(body.as_bytes());
    for response in &mut reader {
        response.unwrap().write_to(&mut writer).unwrap();
    }
    let out = writer
        .finish_with(reader.description(), reader.sync_token())
        .unwrap();
    String::from_utf8(out).unwrap()
}

/// Every RFC example reads without an invalid value and is written back unchanged,
/// namespace-aware.
#[test]
fn every_rfc_example_is_written_back_unchanged() {
    for (file, body) in RFC_EXAMPLES {
        for response in responses::<Live>(body.as_bytes()) {
            if let Some(set) = response.propstats() {
                assert!(set.invalid.is_empty(), "{file}: {:?}", set.invalid);
            }
        }
        let back = written_back(body);
        if let Err(diff) = support::xml_diff(&back, body) {
            panic!("{file}: {diff}\n--- written back ---\n{back}");
        }
    }
    assert_xml_eq(&written_back(RFC_EXAMPLES[0].1), RFC_EXAMPLES[0].1);
}

fn example(name: &str) -> String {
    support::rfc_example(name)
}

/// RFC 4918 §9.1.5: the live properties of a collection and a file, typed.
#[test]
fn rfc4918_9_1_5_values() {
    let all = responses::<Live>(example("rfc4918-9.1.5.xml").as_bytes());
    let file = all[1].props().unwrap();
    assert_eq!(file.displayname.as_deref(), Some("Example HTML resource"));
    assert_eq!(file.getcontentlength, Some(4525));
    assert_eq!(file.getetag.as_deref(), Some("\"zzyzx\""));
    assert_eq!(
        file.getlastmodified,
        Some(UNIX_EPOCH + Duration::from_secs(884_597_156))
    );
    assert_eq!(file.resourcetype, Some(ResourceType::RESOURCE));
    assert_eq!(file.supportedlock, Some(SupportedLock::WRITE));
    assert!(
        all[0]
            .props()
            .unwrap()
            .resourcetype
            .as_ref()
            .unwrap()
            .is_collection()
    );
    // The creation date, read as a date: 17:42:21 at -08:00 is 01:42:21 UTC the next day.
    let date: Rfc3339 = multistatus::ValueReader::parse_element(
        &multistatus::reader::read(b"<d>1997-12-01T17:42:21-08:00</d>").unwrap(),
    )
    .unwrap();
    assert_eq!(date, Rfc3339(UNIX_EPOCH + Duration::from_secs(881_026_941)));
    // The dead properties, as the server wrote them, with the namespaces in scope.
    let unknown = &all[1].propstats().unwrap().unknown;
    assert_eq!(
        unknown[0].property.xml(),
        "<R:bigbox xmlns:D=\"DAV:\" xmlns:R=\"http://ns.example.com/boxschema/\"><R:BoxType>Box type B</R:BoxType>\n        </R:bigbox>"
    );
}

/// RFC 4918 §15.8.1: an active lock, typed.
#[test]
fn rfc4918_15_8_1_lockdiscovery() {
    let all = responses::<Live>(example("rfc4918-15.8.1.xml").as_bytes());
    let locks = all[0].props().unwrap().lockdiscovery.as_ref().unwrap();
    let [lock] = locks.0.as_slice() else {
        panic!("{locks:?}")
    };
    assert_eq!(
        (lock.scope, lock.kind, lock.depth, lock.timeout),
        (
            LockScope::Exclusive,
            LockType::Write,
            LockDepth::Zero,
            Some(Timeout::Infinite)
        )
    );
    assert_eq!(
        lock.token.as_ref().unwrap().encoded(),
        "urn:uuid:f81de2ad-7f3d-a1b2-4f3c-00a0c91a9d76"
    );
    assert_eq!(
        lock.root.as_ref().unwrap().encoded(),
        "http://www.example.com/container/"
    );
    assert_eq!(
        lock.owner.as_ref().unwrap().children,
        [multistatus::Node::Text("Jane Smith".into())]
    );
}

/// RFC 5842 §7.1.1: resource ids, and 208 Already Reported reporting values.
#[test]
fn rfc5842_7_1_1_resource_ids() {
    let all = responses::<Live>(example("rfc5842-7.1.1.xml").as_bytes());
    let ids: Vec<String> = all
        .iter()
        .map(|r| {
            r.props()
                .unwrap()
                .resource_id
                .as_ref()
                .unwrap()
                .0
                .encoded()
                .into_owned()
        })
        .collect();
    assert_eq!(ids[0], ids[2]);
    assert_ne!(ids[0], ids[1]);
    let set = all[2].propstats().unwrap();
    assert_eq!(
        set.status(LiveName::ResourceId).unwrap().status(),
        Status::ALREADY_REPORTED
    );
    assert_eq!(set.props.displayname.as_deref(), Some("Loop Demo"));
}

/// RFC 4918 §9.1.3: properties refused with 403, and descriptions at every level.
#[test]
fn rfc4918_9_1_3_forbidden_and_descriptions() {
    let body = example("rfc4918-9.1.3.xml");
    let mut reader = MultistatusReader::<Live, _>::from_slice(body.as_bytes());
    let response = reader.next().unwrap().unwrap();
    assert!(reader.next().is_none());
    let set = response.propstats().unwrap();
    let forbidden: Vec<String> = set
        .unknown
        .iter()
        .filter(|u| u.status.status() == Status::FORBIDDEN)
        .map(|u| u.property.name().to_string())
        .collect();
    assert_eq!(
        forbidden,
        [
            "{http://ns.example.com/boxschema/}DingALing",
            "{http://ns.example.com/boxschema/}Random"
        ]
    );
    let description = set.propstats()[1].description.as_ref().unwrap();
    assert_eq!(
        description.text(),
        " The user does not have access to the\n DingALing property.\n      "
    );
    assert_eq!(
        reader.description().unwrap().text(),
        " There has been an access violation error.\n  "
    );
}
