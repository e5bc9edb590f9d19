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
        let xml = written(&answer);
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

// ---- Routing by typed name, then the dead property store (`evaluate_set`) ----

/// A store that records what reaches it, and refuses properties in `urn:full` (507).
#[derive(Default)]
struct Recording {
    map: multistatus::DeadMap,
    calls: Vec<String>,
}

impl Recording {
    /// A store holding these properties, which nothing has reached yet.
    fn holding(xml: &[&str]) -> Self {
        Self {
            map: xml
                .iter()
                .map(|x| multistatus::DeadProperty::parse(x).unwrap())
                .collect(),
            calls: Vec::new(),
        }
    }
}

impl multistatus::DeadProperties for Recording {
    fn get(&self, name: &Name<'_>) -> Option<&multistatus::DeadProperty> {
        self.map.get(name)
    }

    fn for_each(&self, f: &mut dyn FnMut(&multistatus::DeadProperty)) {
        self.map.iter().for_each(f);
    }
}

impl multistatus::DeadPropertiesMut for Recording {
    fn set(&mut self, property: multistatus::DeadProperty) -> Result<(), PatchFailure> {
        self.calls.push(format!("set {}", property.name()));
        if property.name().namespace() == "urn:full" {
            return Err(PatchFailure::Status(Status::INSUFFICIENT_STORAGE, None));
        }
        self.map.insert(property);
        Ok(())
    }

    fn remove(&mut self, name: &Name<'_>) -> Result<(), PatchFailure> {
        self.calls.push(format!("remove {name}"));
        self.map.remove(name);
        Ok(())
    }
}

/// Applies `body` to a working copy of `store` and of the live `displayname`, routing typed
/// names (displayname settable, the rest protected) and the rest to the store.
fn evaluate_set(
    store: &Recording,
    body: &str,
) -> (PatchAnswer, Recording, Option<multistatus::values::Lang>) {
    let update = PropertyUpdate::parse(body.as_bytes()).unwrap();
    let mut copy = Recording {
        map: store.map.clone(),
        calls: Vec::new(),
    };
    let mut displayname = None;
    let answer =
        PatchAnswer::evaluate_set(&update, &mut copy, |name: LiveName, instruction| {
            match (name, instruction) {
                (LiveName::Displayname, Instruction::Set(set)) => {
                    displayname = Some(multistatus::values::Lang::text_of(set));
                    Ok(())
                }
                (LiveName::Displayname, Instruction::Remove(_)) => Ok(()),
                (_, _) => Err(PatchFailure::Protected),
            }
        });
    (answer, copy, displayname)
}

/// The answer written for `/r`, checked well-formed.
fn written(answer: &PatchAnswer) -> String {
    let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
    answer
        .write(&mut ms, &Href::from_path("/r").unwrap())
        .unwrap();
    let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
    parse_ok(&xml);
    xml
}

/// Typed names go to the closure and the rest to the store, in document order; a protected
/// name is refused there (403 with `cannot-modify-protected-property`) and never reaches the
/// store; every other instruction is then 424, and the working copy is not kept.
#[test]
fn evaluate_set_routes_typed_then_store() {
    let store = Recording::holding(&[r#"<Z:old xmlns:Z="urn:z">1</Z:old>"#]);
    let (answer, copy, displayname) = evaluate_set(
        &store,
        &update(
            "<D:set><D:prop><D:displayname>Doc</D:displayname><Z:a>1</Z:a><D:getetag>x</D:getetag></D:prop></D:set>\
             <D:remove><D:prop><Z:old/></D:prop></D:remove>",
        ),
    );
    assert_eq!(copy.calls, ["set {urn:z}a", "remove {urn:z}old"]);
    assert_eq!(displayname.map(|d| d.value), Some("Doc".to_owned()));
    assert!(!answer.succeeded());
    let xml = written(&answer);
    assert_xml_eq(
        &xml,
        r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>/r</D:href>
           <D:propstat><D:prop><D:displayname/><a xmlns="urn:z"/><old xmlns="urn:z"/></D:prop>
             <D:status>HTTP/1.1 424 Failed Dependency</D:status></D:propstat>
           <D:propstat><D:prop><D:getetag/></D:prop>
             <D:status>HTTP/1.1 403 Forbidden</D:status>
             <D:error><D:cannot-modify-protected-property/></D:error></D:propstat>
           </D:response></D:multistatus>"#,
    );
    // The resource's own store was never touched.
    assert_eq!(store.map.len(), 1);
}

/// When everything is accepted, the working copy holds exactly the changes, each dead
/// property as the client sent it, and the typed value keeps its language.
#[test]
fn evaluate_set_all_accepted_changes_the_store_exactly() {
    let store = Recording::holding(&[
        r#"<Z:old xmlns:Z="urn:z">1</Z:old>"#,
        r#"<Z:kept xmlns:Z="urn:z">k</Z:kept>"#,
    ]);
    let (answer, copy, displayname) = evaluate_set(
        &store,
        &update(
            r#"<D:set xml:lang="fr"><D:prop><D:displayname>Travail</D:displayname><Z:a q="1"> x </Z:a></D:prop></D:set><D:remove><D:prop><Z:old/></D:prop></D:remove>"#,
        ),
    );
    assert!(answer.succeeded());
    assert_eq!(
        displayname,
        Some(multistatus::values::Lang::new("Travail".to_owned()).with_lang("fr"))
    );
    let xml: Vec<&str> = copy.map.iter().map(|p| p.xml()).collect();
    assert_eq!(
        xml,
        [
            r#"<Z:kept xmlns:Z="urn:z">k</Z:kept>"#,
            r#"<Z:a xmlns:D="DAV:" xmlns:Z="urn:z" xmlns:F="urn:full" xml:lang="fr" q="1"> x </Z:a>"#,
        ]
    );
    let written = written(&answer);
    assert!(
        written.contains("200 OK") && !written.contains("424"),
        "{written}"
    );
}

/// A store that refuses a property reports it with the store's status; the others are 424.
#[test]
fn evaluate_set_store_failure_keeps_its_status() {
    let (answer, copy, _) = evaluate_set(
        &Recording::default(),
        &update("<D:set><D:prop><F:big>1</F:big><Z:a>1</Z:a></D:prop></D:set>"),
    );
    assert_eq!(copy.calls, ["set {urn:full}big", "set {urn:z}a"]);
    let statuses: Vec<(String, u16)> = answer
        .statuses()
        .map(|(n, s)| (n.local().to_owned(), s.code()))
        .collect();
    assert_eq!(statuses, [("big".to_owned(), 507), ("a".to_owned(), 424)]);
}

/// The answer's namespaces are declared once, on the root: no element below declares any.
#[test]
fn evaluate_set_answer_declares_namespaces_once() {
    let (answer, _, _) = evaluate_set(
        &Recording::default(),
        r#"<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><a:x xmlns:a="urn:a"/><b:y xmlns:b="urn:b"/><a:z xmlns:a="urn:a"/></D:prop></D:set></D:propertyupdate>"#,
    );
    let xml = written(&answer);
    let root_end = xml.find("<D:response>").unwrap();
    assert_eq!(xml[root_end..].matches("xmlns").count(), 0, "{xml}");
    assert_eq!(xml[..root_end].matches("xmlns:").count(), 3, "{xml}");
}

/// A success status is not a failure: an answer holding one cannot be written.
#[test]
fn success_status_as_a_failure_is_refused() {
    let update =
        PropertyUpdate::parse(update("<D:remove><D:prop><Z:a/></D:prop></D:remove>").as_bytes())
            .unwrap();
    for status in [Status::OK, Status::MULTI_STATUS] {
        let answer = PatchAnswer::evaluate(&update, |_| Err(PatchFailure::Status(status, None)));
        let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
        let result = answer.write(&mut ms, &Href::from_path("/r").unwrap());
        assert!(
            matches!(result, Err(multistatus::Error::StatusNotAllowed { status: s, .. }) if s == status),
            "{result:?}"
        );
        let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
        assert!(!xml.contains("<D:response>"), "{xml}");
    }
}
