//! Whatever the writer emits, the parser reads back to equal values (SPEC §3.4): the SPEC
//! workload's PROPFIND answer, and (a property test) arbitrary values — every character
//! that needs escaping, astral-plane characters, CR/LF, attributes, languages, statuses —
//! and hrefs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use multistatus::client::ParsedResponse;
use multistatus::propfind::PropfindAnswer;
use multistatus::request::Propfind;
use multistatus::values::{Lang, ResourceType, Rfc3339};
use multistatus::{Href, MultistatusWriter, PropertySet, PropertyValue, Status};
use proptest::prelude::*;
use support::responses;

/// The SPEC §5 workload's properties.
#[derive(PropertySet, Debug, PartialEq, Clone)]
struct FileProps {
    displayname: String,
    getcontentlength: u64,
    getcontenttype: String,
    getetag: String,
    getlastmodified: SystemTime,
    creationdate: Rfc3339,
    resourcetype: ResourceType,
    #[dav(namespace = "http://example.com/ns")]
    color: String,
}

/// The workload's request: every property, and one the server does not know.
const REQUEST: &[u8] =
    br#"<D:propfind xmlns:D="DAV:" xmlns:E="http://example.com/ns" xmlns:U="urn:x-unknown">
  <D:prop><D:displayname/><D:getcontentlength/><D:getcontenttype/><D:getetag/>
    <D:getlastmodified/><D:creationdate/><D:resourcetype/><E:color/><U:nope/></D:prop>
</D:propfind>"#;

fn file(i: u64) -> (String, FileProps) {
    let t = UNIX_EPOCH + Duration::from_secs(884_597_156 + 3_607 * i);
    (
        format!("/files/report 2024/Ünïcode #{i}.txt"),
        FileProps {
            displayname: format!("Tom & Jerry <{i}>"),
            getcontentlength: 1_000 + 37 * i,
            getcontenttype: ["text/plain", "application/pdf"][usize::from(i % 2 == 1)].to_owned(),
            getetag: format!("\"{:x}-{i}\"", 0x5eed_0000 + i),
            getlastmodified: t,
            creationdate: Rfc3339(t - Duration::from_secs(86_400 * 30)),
            resourcetype: if i.is_multiple_of(10) {
                ResourceType::COLLECTION
            } else {
                ResourceType::RESOURCE
            },
            color: ["red", "green", "blue"][usize::try_from(i % 3).unwrap()].to_owned(),
        },
    )
}

/// The workload's answer, written for `files`.
fn written<P: PropertySet>(request: &[u8], files: &[(String, P)]) -> Vec<u8> {
    let answer = PropfindAnswer::<P>::new(&Propfind::parse(request).unwrap());
    let mut out = MultistatusWriter::new(Vec::new(), answer.namespaces());
    for (path, props) in files {
        answer
            .write(&mut out, &Href::from_path(path.as_str()).unwrap(), props)
            .unwrap();
    }
    out.finish().unwrap()
}

/// The SPEC workload (100 resources) reads back to the values it was written from: paths,
/// properties, the 200 status of each, and the unknown property with its 404.
#[test]
fn spec_workload_reads_back_equal() {
    let files: Vec<_> = (0..100).map(file).collect();
    let body = written(REQUEST, &files);
    let parsed: Vec<ParsedResponse<FileProps>> = responses(&body);
    assert_eq!(parsed.len(), files.len());
    for ((path, props), response) in files.iter().zip(&parsed) {
        assert_eq!(
            response.hrefs[0].decoded_path().as_deref(),
            Some(path.as_str())
        );
        let set = response.propstats().unwrap();
        assert_eq!(&set.props, props);
        assert!(set.invalid.is_empty());
        assert_eq!(
            set.status(FilePropsName::Color).unwrap().status(),
            Status::OK
        );
        let [unknown] = set.unknown.as_slice() else {
            panic!("{:?}", set.unknown)
        };
        assert!(unknown.property.name().is("urn:x-unknown", "nope"));
        assert_eq!(unknown.status.status(), Status::NOT_FOUND);
    }
}

/// An attribute, an optional one, and text: what a value struct reads back.
#[derive(PropertyValue, Debug, PartialEq, Clone, Default)]
#[dav(namespace = "urn:example:rt")]
struct Tagged {
    #[dav(attribute)]
    label: String,
    #[dav(attribute, namespace = "urn:example:attr")]
    weight: Option<u32>,
    #[dav(text)]
    text: String,
}

/// Every kind of field a parsed set holds.
#[derive(PropertySet, Debug, PartialEq, Clone)]
#[dav(namespace = "urn:example:rt")]
struct Row {
    title: Lang,
    size: Option<u64>,
    flag: bool,
    note: Option<String>,
    tagged: Option<Tagged>,
    refs: Vec<Href<'static>>,
    state: Result<String, Status>,
    #[dav(namespace = "DAV:")]
    displayname: String,
}

const ROW_REQUEST: &[u8] = br#"<D:propfind xmlns:D="DAV:" xmlns:R="urn:example:rt"><D:prop>
  <R:title/><R:size/><R:flag/><R:note/><R:tagged/><R:refs/><R:state/><D:displayname/>
</D:prop></D:propfind>"#;

/// Text XML 1.0 can carry, weighted towards what needs care: markup characters, CR, LF,
/// tabs, spaces, astral-plane characters.
fn text() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        '<',
        '>',
        '&',
        '"',
        '\'',
        '\r',
        '\n',
        '\t',
        ' ',
        ']',
        '😀',
        '\u{10FFFD}',
        'é',
        '\u{FFFD}',
    ]);
    let any = any::<char>().prop_filter("a character XML carries", |c| {
        multistatus::escape::is_xml_char(*c)
    });
    prop::collection::vec(prop_oneof![special, any], 0..12).prop_map(String::from_iter)
}

/// A decoded absolute path.
fn path() -> impl Strategy<Value = String> {
    text().prop_map(|t| format!("/{t}"))
}

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(vec![
        Status::FORBIDDEN,
        Status::NOT_FOUND,
        Status::CONFLICT,
        Status::FAILED_DEPENDENCY,
        Status::INTERNAL_SERVER_ERROR,
    ])
}

fn row() -> impl Strategy<Value = Row> {
    let lang = prop::option::of(text());
    let tagged = prop::option::of((text(), prop::option::of(any::<u32>()), text()));
    (
        (text(), lang, prop::option::of(any::<u64>()), any::<bool>()),
        (prop::option::of(text()), tagged),
        (
            prop::collection::vec(path(), 0..3),
            prop_oneof![text().prop_map(Ok), status().prop_map(Err)],
            text(),
        ),
    )
        .prop_map(
            |((title, lang, size, flag), (note, tagged), (refs, state, displayname))| Row {
                title: Lang { value: title, lang },
                size,
                flag,
                note,
                tagged: tagged.map(|(label, weight, text)| Tagged {
                    label,
                    weight,
                    text,
                }),
                refs: refs
                    .iter()
                    .map(|p| Href::from_path(p.clone()).unwrap())
                    .collect(),
                state,
                displayname,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Arbitrary values and hrefs, written with the writer, read back equal.
    #[test]
    fn arbitrary_values_read_back_equal(rows in prop::collection::vec((path(), row()), 1..4)) {
        let body = written(ROW_REQUEST, &rows);
        let parsed: Vec<ParsedResponse<Row>> = responses(&body);
        prop_assert_eq!(parsed.len(), rows.len());
        for ((path, row), response) in rows.iter().zip(&parsed) {
            let decoded = response.hrefs[0].decoded_path();
            prop_assert_eq!(decoded.as_deref(), Some(path.as_str()));
            let set = response.propstats().unwrap();
            prop_assert!(set.invalid.is_empty(), "{:?}", set.invalid);
            prop_assert!(set.unknown.is_empty(), "{:?}", set.unknown);
            prop_assert_eq!(&set.props, row);
        }
    }
}
