//! PROPPATCH answers (RFC 4918 §9.2), one rule per test, against a small store of dead
//! properties with two protected live properties.

mod support;

use std::collections::BTreeMap;

use multistatus::name::Name;
use multistatus::proppatch::{PatchAnswer, PatchFailure};
use multistatus::request::{Instruction, PropertyUpdate};
use multistatus::values::RawValue;
use multistatus::{Href, MultistatusWriter, PropertySet, Sink, Status};
use support::{assert_xml_eq, parse_ok};

#[derive(PropertySet)]
struct Live {
    getetag: String,
    getlastmodified: String,
    displayname: Option<String>,
}

/// A resource: live properties plus dead ones stored as raw XML.
struct Resource {
    live: Live,
    dead: BTreeMap<Name<'static>, RawValue>,
}

impl Resource {
    fn new() -> Self {
        Self {
            live: Live {
                getetag: "\"1\"".into(),
                getlastmodified: "Mon, 12 Jan 1998 09:25:56 GMT".into(),
                displayname: None,
            },
            dead: BTreeMap::new(),
        }
    }

    /// Applies `update` all-or-nothing: on a copy, kept only when every instruction succeeds.
    fn patch(&mut self, body: &str) -> (PatchAnswer, String) {
        let update = PropertyUpdate::parse(body.as_bytes()).unwrap();
        let mut dead = self.dead.clone();
        let mut displayname = self.live.displayname.clone();
        let answer = PatchAnswer::evaluate(&update, |i| match (i.typed::<LiveName>(), i) {
            (Some(LiveName::Displayname), Instruction::Set(e)) => {
                displayname = Some(e.text().into_owned());
                Ok(())
            }
            (Some(LiveName::Displayname), Instruction::Remove(_)) => {
                displayname = None;
                Ok(())
            }
            (Some(_), _) => Err(PatchFailure::Protected),
            (None, Instruction::Set(e)) if e.name().namespace() == "urn:full" => {
                Err(PatchFailure::Status(Status::INSUFFICIENT_STORAGE, None))
            }
            (None, Instruction::Set(e)) => {
                dead.insert(e.name().clone(), RawValue::from_element(e.element()));
                Ok(())
            }
            // Removing a property that does not exist succeeds (RFC 4918 §14.23).
            (None, Instruction::Remove(n)) => {
                dead.remove(n);
                Ok(())
            }
        });
        if answer.succeeded() {
            self.dead = dead;
            self.live.displayname = displayname;
        }
        let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
        answer
            .write(&mut ms, &Href::from_path("/r").unwrap())
            .unwrap();
        let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
        parse_ok(&xml);
        (answer, xml)
    }
}

fn update(instructions: &str) -> String {
    format!(
        r#"<D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:z" xmlns:F="urn:full">{instructions}</D:propertyupdate>"#
    )
}

/// When every instruction succeeds, each property is reported 200 and the changes are kept.
#[test]
fn success_reports_200_for_each() {
    let mut r = Resource::new();
    let (answer, xml) = r.patch(&update(
        "<D:set><D:prop><Z:a>1</Z:a><D:displayname>Doc</D:displayname></D:prop></D:set>\
         <D:remove><D:prop><Z:b/></D:prop></D:remove>",
    ));
    assert!(answer.succeeded());
    assert_xml_eq(
        &xml,
        r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>/r</D:href>
           <D:propstat><D:prop><a xmlns="urn:z"/><D:displayname/><b xmlns="urn:z"/></D:prop>
           <D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>"#,
    );
    assert_eq!(r.dead.len(), 1);
    assert_eq!(r.live.displayname.as_deref(), Some("Doc"));
}

/// A protected property fails with 403 and `cannot-modify-protected-property`; every other
/// instruction fails with 424, and nothing is kept.
#[test]
fn protected_property_is_403_and_the_rest_424() {
    let mut r = Resource::new();
    let (answer, xml) = r.patch(&update(
        "<D:set><D:prop><Z:a>1</Z:a><D:getetag>x</D:getetag></D:prop></D:set>",
    ));
    assert!(!answer.succeeded());
    assert_xml_eq(
        &xml,
        r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>/r</D:href>
           <D:propstat><D:prop><a xmlns="urn:z"/></D:prop>
             <D:status>HTTP/1.1 424 Failed Dependency</D:status></D:propstat>
           <D:propstat><D:prop><D:getetag/></D:prop>
             <D:status>HTTP/1.1 403 Forbidden</D:status>
             <D:error><D:cannot-modify-protected-property/></D:error></D:propstat>
           </D:response></D:multistatus>"#,
    );
    assert!(r.dead.is_empty(), "nothing applied");
}

/// Another failure keeps its own status; the rest are 424.
#[test]
fn other_failure_keeps_its_status() {
    let mut r = Resource::new();
    let (_, xml) = r.patch(&update(
        "<D:set><D:prop><F:big>1</F:big></D:prop></D:set><D:remove><D:prop><Z:a/></D:prop></D:remove>",
    ));
    assert!(xml.contains("HTTP/1.1 507 Insufficient Storage"), "{xml}");
    assert!(xml.contains("HTTP/1.1 424 Failed Dependency"), "{xml}");
    assert!(!xml.contains("200 OK"), "{xml}");
}

/// Removing a property that does not exist is a success.
#[test]
fn removing_a_missing_property_succeeds() {
    let mut r = Resource::new();
    let (answer, xml) = r.patch(&update(
        "<D:remove><D:prop><Z:never-set/></D:prop></D:remove>",
    ));
    assert!(answer.succeeded(), "{xml}");
    assert!(xml.contains("200 OK"), "{xml}");
}

/// Instructions apply in document order: a set then a remove of the same property leaves it
/// removed, and the property is reported once.
#[test]
fn document_order_and_one_report_per_property() {
    let mut r = Resource::new();
    let (answer, xml) = r.patch(&update(
        "<D:set><D:prop><Z:a>1</Z:a></D:prop></D:set><D:remove><D:prop><Z:a/></D:prop></D:remove>",
    ));
    assert!(answer.succeeded());
    assert!(r.dead.is_empty());
    assert_eq!(xml.matches(":a/>").count(), 1, "{xml}");
}

/// A dead property set with `xml:lang` and children in other namespaces is stored and
/// written back namespace-equivalent, with its language.
#[test]
fn dead_property_round_trip_keeps_namespaces_and_lang() {
    let mut r = Resource::new();
    let (answer, _) = r.patch(
        r#"<D:propertyupdate xmlns:D="DAV:" xml:lang="fr"><D:set><D:prop>
             <Z:title xmlns:Z="urn:z" xmlns:Q="urn:q">Le <Q:em a="1">titre</Q:em>&#13;</Z:title>
           </D:prop></D:set></D:propertyupdate>"#,
    );
    assert!(answer.succeeded());
    let (name, value) = r.dead.iter().next().unwrap();
    let mut sink = Sink::new(multistatus::Namespaces::new());
    sink.named_property(name, value).unwrap();
    assert_eq!(value.lang.as_deref(), Some("fr"));
    let written = sink.as_str().to_owned();
    assert_xml_eq(
        &written,
        r#"<z:title xmlns:z="urn:z" xmlns:q="urn:q" xml:lang="fr">Le <q:em a="1">titre</q:em>&#13;</z:title>"#,
    );
}
