//! PROPFIND: body → [`Propfind::parse`] → [`PropfindAnswer`] → a rendered multistatus,
//! checked with roxmltree against what the request and the resources say. Some resources keep
//! dead properties: a name the set does not know is answered from their store.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use multistatus::name::{CALDAV, Name};
use multistatus::propfind::{Adjust, PropfindAnswer};
use multistatus::request::Propfind;
use multistatus::values::{RawValue, ResourceType, Rfc3339};
use multistatus::{
    DeadMap, DeadProperties, DeadProperty, Element, Error, Href, MultistatusWriter, NameTree,
    Plain, PropState, PropertyName, PropertySet, PropertyValue, Sink, Status,
};

use crate::{Outcome, xml};

/// The property set answered for: DAV: live properties, a CalDAV one, a custom-namespace
/// one and one in no namespace (both in `allprop`), and properties carrying a status.
#[derive(PropertySet)]
pub struct Props {
    displayname: Option<String>,
    getcontentlength: Option<u64>,
    getcontenttype: Option<String>,
    getetag: Option<String>,
    getlastmodified: Option<SystemTime>,
    creationdate: Option<Rfc3339>,
    resourcetype: ResourceType,
    #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
    calendar_description: Option<RawValue>,
    #[dav(namespace = "http://example.com/ns", allprop)]
    color: Option<String>,
    /// Not in `allprop` (a DAV: live property of RFC 4331).
    quota_used_bytes: Result<u64, Status>,
    #[dav(namespace = "http://example.com/ns", allprop)]
    secret: Option<Result<String, Status>>,
    #[dav(no_namespace, allprop)]
    note: Option<String>,
}

/// A resource's path and properties, and its dead properties if it keeps any.
struct Resource {
    path: &'static str,
    props: Props,
    dead: Option<DeadMap>,
}

/// [`Props`] with a dead property store: what `#[dav(dead)]` makes the derive generate, a
/// resource type of its own that the same answer writes.
struct Stored<'a> {
    props: &'a Props,
    dead: &'a DeadMap,
}

impl PropertySet for Stored<'_> {
    type Name = PropsName;
    const NAME_TREE: NameTree = Props::NAME_TREE;

    fn state(&self, name: PropsName) -> PropState {
        self.props.state(name)
    }

    fn write_property(&self, name: PropsName, sink: &mut Sink) -> Result<(), Error> {
        self.props.write_property(name, sink)
    }

    fn value(&self, name: PropsName) -> &dyn PropertyValue {
        self.props.value(name)
    }

    fn write_plain(&self, name: PropsName, sink: &mut Sink) -> Plain {
        self.props.write_plain(name, sink)
    }

    fn write_allprop(&self, sink: &mut Sink) -> Result<(), Error> {
        self.props.write_allprop(sink)
    }

    fn dead(&self) -> Option<&dyn DeadProperties> {
        Some(self.dead)
    }
}

/// A store of the given properties.
fn store(xml: &[&str]) -> Option<DeadMap> {
    let parsed = xml.iter().map(|x| match DeadProperty::parse(x) {
        Ok(p) => p,
        Err(e) => panic!("{x}: {e}"),
    });
    Some(parsed.collect())
}

/// Whether the set has a property of this name: a stored one of the name is shadowed.
fn known(name: &Name<'_>) -> bool {
    PropsName::from_name(name.namespace(), name.local()).is_some()
}

/// The stored property `name` of a resource, unless the set shadows it.
fn stored<'a>(dead: Option<&'a DeadMap>, name: &Name<'_>) -> Option<&'a DeadProperty> {
    dead.filter(|_| !known(name)).and_then(|d| d.get(name))
}

/// A resource with no property but its type and `quota-used-bytes`.
fn bare(quota_used_bytes: Result<u64, Status>) -> Props {
    Props {
        displayname: None,
        getcontentlength: None,
        getcontenttype: None,
        getetag: None,
        getlastmodified: None,
        creationdate: None,
        resourcetype: ResourceType::RESOURCE,
        calendar_description: None,
        color: None,
        quota_used_bytes,
        secret: None,
        note: None,
    }
}

/// The resources every request is answered for: paths that need percent-encoding, values
/// that need escaping (`\r` included), empty, absent and status-carrying properties, a value
/// with a language (which the pre-rendered path hands to the general one), and, third, a
/// value XML cannot carry, which must fail the response whenever it is reported.
fn resources() -> Vec<Resource> {
    let t = UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    let description = RawValue::new()
        .with_text("Family & friends\r\n")
        .with_child(Element::new(Name::new_const("urn:x-fuzz:other", "tag")).with_text("<b>"))
        .with_lang("en");
    let resource = |path, props, dead| Resource { path, props, dead };
    vec![
        resource(
            "/docs/Q1 & Q2 ü%#?.txt",
            Props {
                displayname: Some("Q1 & Q2 <draft>\r\n".into()),
                getcontentlength: Some(4525),
                getcontenttype: Some("text/plain; charset=\"utf-8\"".into()),
                getetag: Some("\"e1\"".into()),
                getlastmodified: Some(t),
                creationdate: Some(Rfc3339(t)),
                color: Some("red]]>".into()),
                secret: Some(Err(Status::FORBIDDEN)),
                note: Some(String::new()),
                ..bare(Err(Status::FORBIDDEN))
            },
            store(&[
                r#"<x:refreshrate xmlns:x="http://apple.com/ns/ical/">PT4H</x:refreshrate>"#,
                r#"<D:displayname xmlns:D="DAV:">stale</D:displayname>"#,
                r#"<Z:tag xmlns:Z="urn:x-fuzz:dead" xml:lang="fr" a="1"> a <Z:b/> </Z:tag>"#,
                r#"<plain>p</plain>"#,
            ]),
        ),
        resource(
            "/cal/home calendar/",
            Props {
                displayname: Some("Home".into()),
                resourcetype: ResourceType::collection().with(Name::new_const(CALDAV, "calendar")),
                calendar_description: Some(description),
                ..bare(Ok(42))
            },
            store(&[]),
        ),
        resource(
            "/bad",
            Props {
                displayname: Some("bell\u{7}".into()),
                getcontentlength: Some(0),
                secret: Some(Ok("s".into())),
                ..bare(Err(Status::INTERNAL_SERVER_ERROR))
            },
            None,
        ),
        resource(
            "/ü/😀",
            Props {
                secret: Some(Ok("s".into())),
                note: Some("n".into()),
                ..bare(Ok(0))
            },
            store(&[
                r#"<D:quota-available-bytes xmlns:D="DAV:">5</D:quota-available-bytes>"#,
                r#"<n:note xmlns:n="urn:x-fuzz:dead">n&amp;m</n:note>"#,
            ]),
        ),
    ]
}

/// The text a present property's element must hold, for the properties whose value is text.
fn text_value(props: &Props, name: PropsName) -> Option<String> {
    match name {
        PropsName::Displayname => props.displayname.clone(),
        PropsName::Getcontentlength => props.getcontentlength.map(|n| n.to_string()),
        PropsName::Getcontenttype => props.getcontenttype.clone(),
        PropsName::Getetag => props.getetag.clone(),
        PropsName::Color => props.color.clone(),
        PropsName::QuotaUsedBytes => props.quota_used_bytes.ok().map(|n| n.to_string()),
        PropsName::Secret => props.secret.clone().and_then(Result::ok),
        PropsName::Note => props.note.clone(),
        _ => None,
    }
}

/// The status a requested (or included) name must be reported with; `None`: not at all.
fn requested_status(
    props: &Props,
    dead: Option<&DeadMap>,
    name: &Name<'_>,
    minimal: bool,
) -> Option<u16> {
    let code = match PropsName::from_name(name.namespace(), name.local()).map(|n| props.state(n)) {
        Some(PropState::Present) => 200,
        Some(PropState::Status(s)) => s.code(),
        Some(PropState::Absent) => 404,
        None if stored(dead, name).is_some() => 200,
        None => 404,
    };
    (!(minimal && code == 404)).then_some(code)
}

/// Every name the response for `props` (and its dead properties) must report, with its
/// status.
fn expected(
    request: &Propfind,
    props: &Props,
    dead: Option<&DeadMap>,
    minimal: bool,
) -> Vec<(Name<'static>, u16)> {
    let mut out = Vec::new();
    // Every stored property the set does not shadow, as `allprop` and `propname` list them.
    let listed = |out: &mut Vec<(Name<'static>, u16)>| {
        for p in dead.into_iter().flatten() {
            if !known(p.name()) {
                out.push((p.name().clone(), 200));
            }
        }
    };
    let members = |out: &mut Vec<(Name<'static>, u16)>, all: bool| {
        PropsName::for_each(&mut |n| {
            let code = match props.state(n) {
                PropState::Present => 200,
                PropState::Status(s) => s.code(),
                PropState::Absent => return,
            };
            if all || n.in_allprop() {
                out.push((n.name(), if all { 200 } else { code }));
            }
        });
    };
    match request {
        Propfind::PropName => {
            members(&mut out, true);
            listed(&mut out);
        }
        Propfind::AllProp { include } => {
            members(&mut out, false);
            listed(&mut out);
            for name in include {
                let member = PropsName::from_name(name.namespace(), name.local())
                    .is_some_and(|n| n.in_allprop() && props.state(n) != PropState::Absent);
                if !member
                    && stored(dead, name).is_none()
                    && let Some(code) = requested_status(props, dead, name, minimal)
                {
                    out.push((name.clone(), code));
                }
            }
        }
        Propfind::Prop(names) => out.extend(
            names
                .iter()
                .filter_map(|n| requested_status(props, dead, n, minimal).map(|c| (n.clone(), c))),
        ),
    }
    out
}

/// Whether writing `props` must fail: a value XML cannot carry is reported with 200.
fn must_fail(request: &Propfind, props: &Props, minimal: bool) -> Option<char> {
    if *request == Propfind::PropName {
        return None;
    }
    let display = PropsName::Displayname.name();
    expected(request, props, None, minimal)
        .iter()
        .any(|(n, code)| *n == display && *code == 200)
        .then(|| {
            props
                .displayname
                .as_deref()
                .and_then(crate::first_non_xml_char)
        })
        .flatten()
}

/// Renders the answer for every resource, through the pre-rendered path when it applies
/// (`general == false`) or always through the general one, and returns the output and which
/// resources were written.
fn render(
    answer: &PropfindAnswer<Props>,
    request: &Propfind,
    resources: &[Resource],
    minimal: bool,
    general: bool,
) -> (Vec<u8>, Vec<usize>) {
    let no_status = |_: PropsName| None;
    let adjust = Adjust {
        status: general.then_some(&no_status as &dyn Fn(PropsName) -> Option<Status>),
        describe: None,
    };
    let mut ms = MultistatusWriter::in_memory(Vec::new(), answer.namespaces());
    let mut written = Vec::new();
    for (i, r) in resources.iter().enumerate() {
        let href = match Href::from_path(r.path) {
            Ok(h) => h,
            Err(e) => panic!("{}: {e}", r.path),
        };
        let result = match &r.dead {
            Some(dead) => {
                let stored = Stored {
                    props: &r.props,
                    dead,
                };
                answer.write_adjusted(&mut ms, &href, &stored, &adjust)
            }
            None => answer.write_adjusted(&mut ms, &href, &r.props, &adjust),
        };
        match (result, must_fail(request, &r.props, minimal)) {
            (Ok(()), None) => written.push(i),
            (Err(Error::IllegalChar { found }), Some(c)) if found == c => {}
            (result, expected) => panic!(
                "{} (general path: {general}): wrote {result:?}, expected a failure on {expected:?}",
                r.path
            ),
        }
    }
    match ms.finish() {
        Ok(out) => (out, written),
        Err(e) => panic!("finish: {e}"),
    }
}

/// The check: see the module documentation. The first byte's low bit asks for
/// `return=minimal`.
pub fn check(data: &[u8]) -> Outcome {
    let Some(request) = crate::parsed(data, Propfind::parse(data)) else {
        return Outcome::Rejected;
    };
    let minimal = data.first().is_some_and(|b| b & 1 == 1);
    let answer = PropfindAnswer::<Props>::new(&request).minimal(minimal);
    let resources = resources();
    let (out, written) = render(&answer, &request, &resources, minimal, false);
    let (general, _) = render(&answer, &request, &resources, minimal, true);
    let text = xml::utf8(&out);
    assert!(
        out == general,
        "the pre-rendered and general paths differ:\n{text}\n{}",
        String::from_utf8_lossy(&general)
    );
    let doc = xml::parse(text);
    let responses = xml::responses(&doc);
    assert_eq!(responses.len(), written.len(), "responses written\n{text}");
    for (response, &i) in responses.into_iter().zip(&written) {
        let resource = &resources[i];
        assert_eq!(xml::decoded_href(response), resource.path, "\n{text}");
        check_response(response, &request, resource, minimal, text);
    }
    Outcome::Checked
}

/// Every expected name reported once, in its namespace, with its status; nothing else; text
/// values as the resource has them (a dead property's as stored, its attributes too);
/// non-200 and `propname` elements empty.
fn check_response(
    response: roxmltree::Node<'_, '_>,
    request: &Propfind,
    resource: &Resource,
    minimal: bool,
    text: &str,
) {
    let (props, dead) = (&resource.props, resource.dead.as_ref());
    let expected = expected(request, props, dead, minimal);
    let reported = xml::reported(response);
    for (name, code) in &expected {
        let element = xml::reported_once(&reported, name, *code, text);
        if let Some(property) = stored(dead, name).filter(|_| *request != Propfind::PropName) {
            let value = xml::parse(property.xml());
            let value = value.root_element();
            assert_eq!(xml::text(element), xml::text(value), "{name}\n{text}");
            let attributes = |n: roxmltree::Node<'_, '_>| {
                let mut all: Vec<String> = n
                    .attributes()
                    .map(|a| format!("{:?} {} {}", a.namespace(), a.name(), a.value()))
                    .collect();
                all.sort();
                all
            };
            assert_eq!(attributes(element), attributes(value), "{name}\n{text}");
            continue;
        }
        let value = PropsName::from_name(name.namespace(), name.local())
            .filter(|_| *code == 200 && *request != Propfind::PropName)
            .map(|n| text_value(props, n));
        match value {
            Some(Some(value)) => assert_eq!(xml::text(element), value, "{name}\n{text}"),
            Some(None) => {}
            None => assert!(!element.has_children(), "{name} is not empty\n{text}"),
        }
    }
    assert_eq!(reported.len(), expected.len(), "names reported\n{text}");
}
