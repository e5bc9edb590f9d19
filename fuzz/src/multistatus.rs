//! 207 bodies: body → [`MultistatusReader`] over the slice and over a stream read through a
//! tiny `BufRead` window; both give the same responses, errors and positions; every parsed
//! response is written back with [`ParsedResponse::write_to`], read by roxmltree
//! (well-formed, namespace-correct, the properties where they were read) and parsed back
//! equal.

use std::io::BufReader;
use std::time::SystemTime;

use multistatus::client::{
    MultistatusReader, ParsedBody, ParsedResponse, Reported, UnknownProperty,
};
use multistatus::reader::ReadError;
use multistatus::values::{Lang, LockDiscovery, ResourceType, Rfc3339, SupportedLock};
use multistatus::{
    DeadProperty, Description, Element, Href, MultistatusWriter, Namespaces, PropertySet,
    PropertyValue,
};
use multistatus::{PropertyName, Status};

use crate::{Outcome, xml};

/// A value with an attribute in no namespace, one in a namespace, and text (Apple's
/// `calendar-color` shape).
#[derive(PropertyValue, Debug, PartialEq, Clone, Default)]
pub struct Color {
    #[dav(attribute)]
    symbolic_color: Option<String>,
    #[dav(attribute, namespace = "urn:example:attr")]
    weight: Option<u32>,
    #[dav(text)]
    rgb: String,
}

/// A value of repeated and optional children.
#[derive(PropertyValue, Debug, PartialEq, Clone, Default)]
pub struct Members {
    href: Vec<Href<'static>>,
    comment: Option<String>,
}

/// The RFC 4918 live properties and properties of other namespaces, with every kind of
/// field a parsed set holds: `Option`, `Result<_, Status>`, both, plain (`Default`), values
/// with attributes, languages, repeated children, a property in no namespace.
#[derive(PropertySet, Debug, PartialEq, Clone)]
pub struct Props {
    creationdate: Option<Rfc3339>,
    displayname: Option<String>,
    getcontentlanguage: Option<String>,
    getcontentlength: Option<u64>,
    getcontenttype: Result<String, Status>,
    getetag: Option<Result<String, Status>>,
    getlastmodified: Option<SystemTime>,
    lockdiscovery: Option<LockDiscovery>,
    resourcetype: ResourceType,
    supportedlock: Option<SupportedLock>,
    group_member_set: Option<Members>,
    #[dav(namespace = "http://apple.com/ns/ical/")]
    calendar_color: Option<Color>,
    #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
    calendar_description: Option<Lang>,
    #[dav(namespace = "http://owncloud.org/ns")]
    size: u64,
    #[dav(no_namespace)]
    flag: Option<bool>,
}

/// What a reader made of a body: each item, then the document's sync-token and description.
type Parsed = (
    Vec<Result<ParsedResponse<Props>, ReadError>>,
    Option<String>,
    Option<Description<'static>>,
);

/// The check: see the module documentation.
pub fn check(data: &[u8]) -> Outcome {
    let from_slice = read_slice(data);
    // A window of 1 to 8 bytes: every token crosses refills.
    let capacity = 1 + data.first().map_or(0, |b| usize::from(b >> 5));
    let from_stream = read_stream(data, capacity);
    assert!(
        from_slice == from_stream,
        "slice and stream (capacity {capacity}) differ\n--- slice ---\n{from_slice:#?}\n--- stream ---\n{from_stream:#?}"
    );
    let (items, sync_token, description) = from_slice;
    let responses: Vec<&ParsedResponse<Props>> = items
        .iter()
        .filter_map(|item| match item {
            Ok(response) => Some(response),
            Err(e) => {
                assert!(e.position() <= data.len(), "{e}: position {}", e.position());
                None
            }
        })
        .collect();
    if responses.is_empty() {
        return Outcome::Rejected;
    }
    write_back(&responses, sync_token.as_deref(), description.as_ref());
    Outcome::Checked
}

fn read_slice(data: &[u8]) -> Parsed {
    let mut reader = MultistatusReader::<Props, _>::from_slice(data);
    let items = (&mut reader).collect();
    (
        items,
        reader.sync_token().map(str::to_owned),
        reader.description().cloned(),
    )
}

fn read_stream(data: &[u8], capacity: usize) -> Parsed {
    let mut reader = MultistatusReader::<Props, _>::new(BufReader::with_capacity(capacity, data));
    let items = (&mut reader).collect();
    (
        items,
        reader.sync_token().map(str::to_owned),
        reader.description().cloned(),
    )
}

/// Writes the responses back, reads the output with roxmltree and with the library, and
/// compares.
fn write_back(
    responses: &[&ParsedResponse<Props>],
    sync_token: Option<&str>,
    description: Option<&Description<'static>>,
) {
    let mut namespaces = Namespaces::new();
    Props::declare_namespaces(&mut namespaces);
    let mut writer = MultistatusWriter::new(Vec::new(), namespaces);
    for response in responses {
        if let Err(e) = response.write_to(&mut writer) {
            panic!("writing a parsed response back failed: {e}\n{response:#?}");
        }
    }
    let out = match writer.finish_with(description, sync_token) {
        Ok(out) => out,
        Err(e) => panic!("finish: {e}"),
    };
    let text = xml::utf8(&out);

    let doc = xml::parse(text);
    let nodes = xml::responses(&doc);
    assert_eq!(nodes.len(), responses.len(), "responses\n{text}");
    for (node, response) in nodes.iter().zip(responses) {
        same_response(*node, response, text);
    }

    let (again, token, desc) = read_slice(&out);
    assert_eq!(token.as_deref(), sync_token, "sync-token\n{text}");
    assert_eq!(desc.as_ref(), description, "description\n{text}");
    assert_eq!(again.len(), responses.len(), "responses read back\n{text}");
    for (again, response) in again.iter().zip(responses) {
        let again = match again {
            Ok(r) => r,
            Err(e) => panic!("the output does not parse: {e}\n{text}"),
        };
        same_parsed(again, response, text);
    }
}

/// roxmltree's reading of a written response: its hrefs, and in the propstat form each
/// property in its propstat by expanded name, in document order.
fn same_response(node: roxmltree::Node<'_, '_>, response: &ParsedResponse<Props>, text: &str) {
    let hrefs: Vec<String> = xml::dav_children(node, "href").map(xml::text).collect();
    let expected: Vec<String> = written_hrefs(response)
        .iter()
        .map(|h| h.encoded().into_owned())
        .collect();
    assert_eq!(hrefs, expected, "hrefs\n{text}");
    let ParsedBody::Propstats(set) = &response.body else {
        return;
    };
    let propstats: Vec<_> = xml::dav_children(node, "propstat").collect();
    assert_eq!(propstats.len(), set.propstats().len(), "propstats\n{text}");
    let properties = set.properties();
    for (i, propstat) in propstats.iter().enumerate() {
        let found: Vec<(String, String)> = xml::elements(xml::dav_child(*propstat, "prop"))
            .map(|n| {
                let name = n.tag_name();
                (
                    name.namespace().unwrap_or("").to_owned(),
                    name.name().to_owned(),
                )
            })
            .collect();
        let expected: Vec<(String, String)> = properties
            .iter()
            .filter(|(p, _)| *p == i)
            .map(|(_, r)| {
                let name = match r {
                    Reported::Known(name) => name.name(),
                    Reported::Unknown(u) | Reported::Repeated(u) => u.property.name().clone(),
                };
                (name.namespace().to_owned(), name.local().to_owned())
            })
            .collect();
        assert_eq!(found, expected, "properties of propstat {i}\n{text}");
        let code = xml::status_code(xml::dav_child(*propstat, "status"));
        assert_eq!(
            code,
            u16::from(set.propstats()[i].status.status()),
            "\n{text}"
        );
    }
}

/// The hrefs a response is written with: the propstat form has one (the first).
fn written_hrefs(response: &ParsedResponse<Props>) -> &[Href<'static>] {
    match &response.body {
        ParsedBody::Status(_) => &response.hrefs,
        ParsedBody::Propstats(_) => &response.hrefs[..response.hrefs.len().min(1)],
    }
}

/// A response parsed back from what was written equals the one first parsed, but for the
/// byte positions of invalid values, which are those of the new document.
fn same_parsed(again: &ParsedResponse<Props>, first: &ParsedResponse<Props>, text: &str) {
    let strip = |r: &ParsedResponse<Props>| -> String {
        let mut s = format!(
            "{:?}|{:?}|{:?}|{:?}",
            written_hrefs(r),
            r.error,
            r.description,
            r.location
        );
        match &r.body {
            ParsedBody::Status(status) => s.push_str(&format!("|{status:?}")),
            ParsedBody::Propstats(set) => {
                // Properties kept raw as trees: their XML carries the declarations in scope,
                // which differ between the body and the writer's output.
                let kept = |list: &[UnknownProperty]| -> Vec<_> {
                    list.iter()
                        .map(|u| (tree(&u.property), u.status.clone(), u.propstat, u.position))
                        .collect()
                };
                s.push_str(&format!(
                    "|{:?}|{:?}|{:?}|{:?}|{:?}",
                    whole_seconds(&set.props),
                    set.propstats(),
                    kept(&set.unknown),
                    kept(&set.repeated),
                    set.properties()
                        .iter()
                        .map(|(p, r)| (
                            *p,
                            match r {
                                Reported::Known(_) => 'k',
                                Reported::Unknown(_) => 'u',
                                Reported::Repeated(_) => 'r',
                            }
                        ))
                        .collect::<Vec<_>>()
                ));
                for invalid in &set.invalid {
                    s.push_str(&format!(
                        "|{:?} {:?} {:?} {:?}",
                        invalid.name,
                        invalid.error.kind(),
                        tree(&invalid.raw),
                        invalid.status
                    ));
                }
            }
        }
        s
    };
    let (a, b) = (strip(again), strip(first));
    assert!(
        a == b,
        "parsed back otherwise\n--- back ---\n{again:#?}\n--- first ---\n{first:#?}\n--- output ---\n{text}"
    );
}

/// A dead property as its tree (expanded names, attributes, text).
fn tree(property: &DeadProperty) -> Element {
    match property.to_element() {
        Ok(tree) => tree,
        Err(e) => panic!(
            "a kept property does not read back: {e}\n{}",
            property.xml()
        ),
    }
}

/// `props` with the fraction of a second of `creationdate` dropped, as `Rfc3339` is written
/// (documented).
fn whole_seconds(props: &Props) -> Props {
    let mut props = props.clone();
    if let Some(Rfc3339(t)) = &mut props.creationdate {
        let nanos = match t.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(d) => d.subsec_nanos(),
            // Before 1970 the fraction counts backwards from the next second.
            Err(e) => match e.duration().subsec_nanos() {
                0 => 0,
                n => 1_000_000_000 - n,
            },
        };
        *t -= std::time::Duration::from_nanos(u64::from(nanos));
    }
    props
}
