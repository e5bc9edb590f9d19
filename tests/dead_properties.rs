//! Dead properties end to end: what a client PROPPATCHes is kept as it sent it (RFC 4918
//! §4.3: names, attributes, whitespace, language, prefixes) and comes back through PROPFIND
//! — `prop`, `allprop`, `propname` — byte for byte, and equal namespace-aware. Outputs are
//! read with roxmltree.

mod support;

use multistatus::name::{Name, XML};
use multistatus::propfind::{Adjust, PropfindAnswer};
use multistatus::proppatch::PatchAnswer;
use multistatus::reader::{Limits, ReadErrorKind};
use multistatus::request::{Instruction, PropertyUpdate, Propfind, SetProperty};
use multistatus::{
    DeadMap, DeadProperties, DeadPropertiesMut, DeadProperty, Element, Href, MultistatusWriter,
    PropertySet,
};
use roxmltree::{Document, Node};
use support::{WithDead, assert_same_value, parse_ok};

/// The typed properties of the resources below: the store is consulted for every other name.
#[derive(PropertySet)]
struct Live {
    displayname: Option<String>,
    getetag: Option<String>,
}

fn live() -> Live {
    Live {
        displayname: Some("Doc".into()),
        getetag: Some("\"1\"".into()),
    }
}

/// The `set` properties of a PROPPATCH body.
fn sets(body: &str) -> Vec<SetProperty> {
    PropertyUpdate::parse(body.as_bytes())
        .unwrap()
        .instructions
        .into_iter()
        .filter_map(|i| match i {
            Instruction::Set(set) => Some(set),
            Instruction::Remove(_) => None,
        })
        .collect()
}

/// The one `set` property of a PROPPATCH body.
fn set(body: &str) -> SetProperty {
    let mut all = sets(body);
    assert_eq!(all.len(), 1);
    all.remove(0)
}

/// A resource holding what `body` sets, applied as a server would (typed names accepted).
fn patched(body: &str) -> WithDead<Live> {
    let update = PropertyUpdate::parse(body.as_bytes()).unwrap();
    let mut dead = DeadMap::new();
    let answer = PatchAnswer::evaluate_set(&update, &mut dead, |_: LiveName, _| Ok(()));
    assert!(answer.succeeded());
    WithDead { set: live(), dead }
}

/// The 207 body answering `request` for `resource` at `/r`, checked to be the same through
/// the pre-rendered and the general path, and well-formed.
fn propfind(resource: &WithDead<Live>, request: &str) -> String {
    let answer =
        PropfindAnswer::<WithDead<Live>>::new(&Propfind::parse(request.as_bytes()).unwrap());
    let render = |general: bool| {
        let same = |_: LiveName| None;
        let adjust = Adjust {
            status: general.then_some(&same as &dyn Fn(LiveName) -> _),
            describe: None,
        };
        let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
        answer
            .write_adjusted(&mut ms, &Href::from_path("/r").unwrap(), resource, &adjust)
            .unwrap();
        String::from_utf8(ms.finish().unwrap()).unwrap()
    };
    let (fast, general) = (render(false), render(true));
    assert_eq!(fast, general, "the two paths differ");
    parse_ok(&fast);
    fast
}

fn prop(names: &str) -> String {
    format!(r#"<D:propfind xmlns:D="DAV:"><D:prop>{names}</D:prop></D:propfind>"#)
}

/// The element `{namespace}local` of a document.
fn find<'a, 'i>(doc: &'a Document<'i>, namespace: &str, local: &str) -> Node<'a, 'i> {
    doc.descendants()
        .find(|n| n.has_tag_name((namespace, local)))
        .unwrap_or_else(|| panic!("no {{{namespace}}}{local}"))
}

/// The status of the propstat that reports `{namespace}local`.
fn status_of(doc: &Document<'_>, namespace: &str, local: &str) -> String {
    let propstat = find(doc, namespace, local)
        .ancestors()
        .find(|n| n.has_tag_name(("DAV:", "propstat")))
        .unwrap();
    let status = propstat
        .children()
        .find(|n| n.has_tag_name(("DAV:", "status")))
        .unwrap();
    status.text().unwrap().to_owned()
}

const OK: &str = "HTTP/1.1 200 OK";
const NOT_FOUND: &str = "HTTP/1.1 404 Not Found";

// ---- RFC 4918 examples ----

/// RFC 4918 §4.3.1, "Example - Property with Mixed Content": the dead property `author`
/// "created by the client as follows" (the RFC's `DAV:prop`, here inside the PROPPATCH that
/// creates it).
const RFC4918_4_3_1: &str = r#"<?xml version="1.0" encoding="utf-8" ?>
<D:propertyupdate xmlns:D="DAV:"><D:set>
     <D:prop xml:lang="en" xmlns:D="DAV:">
       <x:author xmlns:x='http://example.com/ns'>
         <x:name>Jane Doe</x:name>
         <!-- Jane's contact info -->
         <x:uri type='email'
                added='2005-11-26'>mailto:jane.doe@example.com</x:uri>
         <x:uri type='web'
                added='2005-11-27'>http://www.example.com</x:uri>
         <x:notes xmlns:h='http://www.w3.org/1999/xhtml'>
           Jane has been working way <h:em>too</h:em> long on the
           long-awaited revision of <![CDATA[<RFC2518>]]>.
         </x:notes>
       </x:author>
     </D:prop>
</D:set></D:propertyupdate>"#;

/// RFC 4918 §4.3.1: the mixed-content value comes back with the client's bytes — its
/// prefixes, comment, CDATA section, single quotes and line breaks — and the language in
/// scope (`en`) and the `D` binding declared on it.
#[test]
fn rfc4918_4_3_1_prefix_exact() {
    let resource = patched(RFC4918_4_3_1);
    let xml = propfind(
        &resource,
        &prop(r#"<x:author xmlns:x="http://example.com/ns"/>"#),
    );
    let start = RFC4918_4_3_1.find("<x:author").unwrap();
    let end = RFC4918_4_3_1.find("</x:author>").unwrap() + "</x:author>".len();
    let sent = &RFC4918_4_3_1[start..end];
    let expected = sent.replacen("<x:author", r#"<x:author xmlns:D="DAV:" xml:lang="en""#, 1);
    assert!(xml.contains(&expected), "{xml}");
}

/// RFC 4918 §4.3.1: the value read back is the value sent, namespace-aware, whitespace and
/// all, with the language in scope on the property element.
#[test]
fn rfc4918_4_3_1_namespace_aware() {
    let resource = patched(RFC4918_4_3_1);
    let xml = propfind(
        &resource,
        &prop(r#"<x:author xmlns:x="http://example.com/ns"/>"#),
    );
    let out = parse_ok(&xml);
    let sent = parse_ok(RFC4918_4_3_1);
    let author = find(&out, "http://example.com/ns", "author");
    assert_eq!(author.attribute((XML, "lang")), Some("en"));
    assert_eq!(status_of(&out, "http://example.com/ns", "author"), OK);
    let original = find(&sent, "http://example.com/ns", "author");
    assert_eq!(original.attributes().count(), 0);
    for (got, want) in author.children().zip(original.children()) {
        if got.is_element() {
            assert_same_value(got, want);
        } else {
            assert_eq!(
                (got.node_type(), got.text()),
                (want.node_type(), want.text())
            );
        }
    }
    assert_eq!(author.children().count(), original.children().count());
}

/// RFC 4918 §9.2.2, the PROPPATCH request: sets `Z:Authors`, removes `Z:Copyright-Owner`.
const RFC4918_9_2_2: &str = r#"<?xml version="1.0" encoding="utf-8" ?>
<D:propertyupdate xmlns:D="DAV:"
        xmlns:Z="http://ns.example.com/standards/z39.50/">
  <D:set>
    <D:prop>
      <Z:Authors>
        <Z:Author>Jim Whitehead</Z:Author>
        <Z:Author>Roy Fielding</Z:Author>
      </Z:Authors>
    </D:prop>
  </D:set>
  <D:remove>
    <D:prop><Z:Copyright-Owner/></D:prop>
  </D:remove>
</D:propertyupdate>"#;

const Z3950: &str = "http://ns.example.com/standards/z39.50/";

/// RFC 4918 §9.2.2: applied to a resource that had a `Copyright-Owner`, the store ends with
/// `Authors` alone, which comes back prefix-exact and namespace-aware; the removed one is 404.
#[test]
fn rfc4918_9_2_2_round_trip() {
    let update = PropertyUpdate::parse(RFC4918_9_2_2.as_bytes()).unwrap();
    let mut dead: DeadMap = [DeadProperty::parse(&format!(
        r#"<Z:Copyright-Owner xmlns:Z="{Z3950}">Jim</Z:Copyright-Owner>"#
    ))
    .unwrap()]
    .into_iter()
    .collect();
    let answer = PatchAnswer::evaluate_set(&update, &mut dead, |_: LiveName, _| Ok(()));
    assert!(answer.succeeded());
    let names: Vec<String> = dead.iter().map(|p| p.name().to_string()).collect();
    assert_eq!(names, [format!("{{{Z3950}}}Authors")]);

    let resource = WithDead { set: live(), dead };
    let xml = propfind(
        &resource,
        &prop(&format!(
            r#"<Z:Authors xmlns:Z="{Z3950}"/><Z:Copyright-Owner xmlns:Z="{Z3950}"/>"#
        )),
    );
    assert!(
        xml.contains(concat!(
            r#"<Z:Authors xmlns:D="DAV:" xmlns:Z="http://ns.example.com/standards/z39.50/">"#,
            "\n        <Z:Author>Jim Whitehead</Z:Author>",
            "\n        <Z:Author>Roy Fielding</Z:Author>",
            "\n      </Z:Authors>"
        )),
        "{xml}"
    );
    let out = parse_ok(&xml);
    let sent = parse_ok(RFC4918_9_2_2);
    assert_same_value(find(&out, Z3950, "Authors"), find(&sent, Z3950, "Authors"));
    assert_eq!(status_of(&out, Z3950, "Authors"), OK);
    assert_eq!(status_of(&out, Z3950, "Copyright-Owner"), NOT_FOUND);
}

// ---- What a client sends, kept ----

/// An attribute on the property element itself is kept (iOS' `calendar-color`).
#[test]
fn attribute_on_the_property_element_is_kept() {
    let body = r##"<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><A:calendar-color xmlns:A="http://apple.com/ns/ical/" symbolic-color="custom">#FF2968</A:calendar-color></D:prop></D:set></D:propertyupdate>"##;
    let resource = patched(body);
    let xml = propfind(
        &resource,
        &prop(r#"<A:calendar-color xmlns:A="http://apple.com/ns/ical/"/>"#),
    );
    assert!(
        xml.contains(r##"<A:calendar-color xmlns:D="DAV:" xmlns:A="http://apple.com/ns/ical/" symbolic-color="custom">#FF2968</A:calendar-color>"##),
        "{xml}"
    );
    let out = parse_ok(&xml);
    let color = find(&out, "http://apple.com/ns/ical/", "calendar-color");
    assert_eq!(color.attribute("symbolic-color"), Some("custom"));
    assert_eq!(color.text(), Some("#FF2968"));
}

/// Prefixes used in attribute values (`xsi:type="xs:string"`), declared on the request's
/// root, still resolve where the value is written into a multistatus.
#[test]
fn prefixes_in_attribute_values_still_resolve() {
    const XS: &str = "http://www.w3.org/2001/XMLSchema";
    const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
    let body = format!(
        r#"<D:propertyupdate xmlns:D="DAV:" xmlns:xs="{XS}" xmlns:xsi="{XSI}" xmlns:Z="urn:z"><D:set><D:prop><Z:limit xsi:type="xs:string">10</Z:limit></D:prop></D:set></D:propertyupdate>"#
    );
    let resource = patched(&body);
    let xml = propfind(&resource, &prop(r#"<Z:limit xmlns:Z="urn:z"/>"#));
    let out = parse_ok(&xml);
    let limit = find(&out, "urn:z", "limit");
    assert_eq!(limit.attribute((XSI, "type")), Some("xs:string"));
    assert_eq!(limit.lookup_namespace_uri(Some("xs")), Some(XS));
    assert!(
        limit
            .namespaces()
            .any(|ns| ns.name() == Some("xs") && ns.uri() == XS)
    );
}

/// Whitespace between a value's children is kept, whatever `xml:space` says.
#[test]
fn whitespace_between_children_is_kept() {
    for space in ["", r#" xml:space="default""#, r#" xml:space="preserve""#] {
        let value = format!("<Z:tree{space}>\n  <Z:a/> <Z:b/>\n</Z:tree>");
        let body = format!(
            r#"<D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:z"><D:set><D:prop>{value}</D:prop></D:set></D:propertyupdate>"#
        );
        let resource = patched(&body);
        let xml = propfind(&resource, &prop(r#"<Z:tree xmlns:Z="urn:z"/>"#));
        let expected = value.replacen("<Z:tree", r#"<Z:tree xmlns:D="DAV:" xmlns:Z="urn:z""#, 1);
        assert!(xml.contains(&expected), "{xml}");
        let out = parse_ok(&xml);
        let texts: Vec<&str> = find(&out, "urn:z", "tree")
            .children()
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(texts, ["\n  ", " ", "\n"]);
    }
}

/// A default namespace in scope from the request's root is declared on the value, so its
/// unprefixed names stay in it.
#[test]
fn default_namespace_from_the_root_is_kept() {
    let body = r#"<D:propertyupdate xmlns:D="DAV:" xmlns="urn:example:default"><D:set><D:prop><color>red<shade>dark</shade></color></D:prop></D:set></D:propertyupdate>"#;
    let set = set(body);
    assert_eq!(
        set.property().xml(),
        r#"<color xmlns:D="DAV:" xmlns="urn:example:default">red<shade>dark</shade></color>"#
    );
    let resource = patched(body);
    let xml = propfind(&resource, &prop(r#"<color xmlns="urn:example:default"/>"#));
    let out = parse_ok(&xml);
    let color = find(&out, "urn:example:default", "color");
    assert!(
        color
            .children()
            .any(|c| c.has_tag_name(("urn:example:default", "shade")))
    );
}

/// `xmlns=""` on the property element undeclares the default namespace: nothing is injected
/// for it, and the value stays in no namespace.
#[test]
fn undeclared_default_namespace_stays_undeclared() {
    let body = r#"<D:propertyupdate xmlns:D="DAV:" xmlns="urn:x"><D:set><D:prop><plain xmlns="">1<sub/></plain></D:prop></D:set></D:propertyupdate>"#;
    let set = set(body);
    assert!(set.name().is("", "plain"));
    assert_eq!(
        set.property().xml(),
        r#"<plain xmlns:D="DAV:" xmlns="">1<sub/></plain>"#
    );
    let resource = patched(body);
    let xml = propfind(&resource, &prop(r#"<plain xmlns=""/>"#));
    let out = parse_ok(&xml);
    let plain = find(&out, "", "plain");
    assert!(plain.children().any(|c| c.has_tag_name(("", "sub"))));
}

/// A property element that binds a prefix an ancestor also binds keeps its own binding,
/// declared once.
#[test]
fn redeclared_prefix_is_not_declared_twice() {
    let body = r#"<D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:one"><D:set><D:prop><Z:a xmlns:Z="urn:two"><Z:b/></Z:a></D:prop></D:set></D:propertyupdate>"#;
    let set = set(body);
    assert_eq!(
        set.property().xml(),
        r#"<Z:a xmlns:D="DAV:" xmlns:Z="urn:two"><Z:b/></Z:a>"#
    );
    let resource = patched(body);
    let xml = propfind(&resource, &prop(r#"<Z:a xmlns:Z="urn:two"/>"#));
    let out = parse_ok(&xml);
    assert!(
        find(&out, "urn:two", "a")
            .children()
            .any(|c| c.has_tag_name(("urn:two", "b")))
    );
}

/// The language in scope where the property was set (`<D:set xml:lang="fr">`) lands on the
/// property element; one the element sets itself is kept as it is.
#[test]
fn language_in_scope_lands_on_the_property() {
    let body = r#"<D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:z"><D:set xml:lang="fr"><D:prop><Z:title>Titre</Z:title><Z:name xml:lang="de">Name</Z:name></D:prop></D:set></D:propertyupdate>"#;
    let all = sets(body);
    assert_eq!(
        all[0].property().xml(),
        r#"<Z:title xmlns:D="DAV:" xmlns:Z="urn:z" xml:lang="fr">Titre</Z:title>"#
    );
    assert_eq!(all[0].property().lang(), Some("fr"));
    assert_eq!(
        all[1].property().xml(),
        r#"<Z:name xmlns:D="DAV:" xmlns:Z="urn:z" xml:lang="de">Name</Z:name>"#
    );
    let resource = patched(body);
    let xml = propfind(
        &resource,
        &prop(r#"<Z:title xmlns:Z="urn:z"/><Z:name xmlns:Z="urn:z"/>"#),
    );
    let out = parse_ok(&xml);
    assert_eq!(
        find(&out, "urn:z", "title").attribute((XML, "lang")),
        Some("fr")
    );
    assert_eq!(
        find(&out, "urn:z", "name").attribute((XML, "lang")),
        Some("de")
    );
}

/// Character references stay as the client wrote them, and line ends are what XML makes of
/// them before any parsing (CR LF and a lone CR are LF, in text and attribute values alike):
/// read again, the value is the same characters as the parsed tree holds.
#[test]
fn line_ends_and_references() {
    let body = "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:z\"><D:set><D:prop><Z:note a=\"x&#9;y\r\nz\">line\r\n&#13;&#x41;&amp;\r</Z:note></D:prop></D:set></D:propertyupdate>";
    let set = set(body);
    assert_eq!(
        set.property().xml(),
        "<Z:note xmlns:D=\"DAV:\" xmlns:Z=\"urn:z\" a=\"x&#9;y\nz\">line\n&#13;&#x41;&amp;\n</Z:note>"
    );
    assert_eq!(&set.property().to_element().unwrap(), set.element());
    assert_eq!(set.text(), "line\n\rA&\n");
    assert_eq!(set.element().attribute("", "a"), Some("x\ty z"));
    // What another parser reads of it in a multistatus (roxmltree keeps a literal CR before
    // a reference: there is none to keep).
    let xml = propfind(&patched(body), &prop(r#"<Z:note xmlns:Z="urn:z"/>"#));
    let out = parse_ok(&xml);
    assert_eq!(find(&out, "urn:z", "note").text(), Some("line\n\rA&\n"));
}

/// A UTF-16 body: the value is sliced from the text the reader decoded.
#[test]
fn utf16_body() {
    let body = r#"<D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:z"><D:set><D:prop><Z:word>Grüße 😀</Z:word></D:prop></D:set></D:propertyupdate>"#;
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(body.encode_utf16().flat_map(u16::to_le_bytes));
    let update = PropertyUpdate::parse(&bytes).unwrap();
    let Instruction::Set(set) = &update.instructions[0] else {
        panic!("a set")
    };
    assert_eq!(
        set.property().xml(),
        r#"<Z:word xmlns:D="DAV:" xmlns:Z="urn:z">Grüße 😀</Z:word>"#
    );
    assert_eq!(&set.property().to_element().unwrap(), set.element());
}

/// Every `set` value of a body reads back, from its dead property, as the tree the request
/// gave (the language in scope included).
#[test]
fn dead_property_reads_back_as_the_tree() {
    let attributes_and_language = r#"<D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:z"><D:set xml:lang="fr"><D:prop><Z:a q="1" Z:r="2">x</Z:a></D:prop></D:set></D:propertyupdate>"#;
    for body in [RFC4918_4_3_1, RFC4918_9_2_2, attributes_and_language] {
        for set in sets(body) {
            assert_eq!(&set.property().to_element().unwrap(), set.element());
            let stored = DeadProperty::parse(set.property().xml()).unwrap();
            assert_eq!(&stored, set.property());
        }
    }
}

// ---- Storage and code ----

/// A stored value must be one self-contained, well-formed element within limits.
#[test]
fn stored_values_are_checked() {
    let kind = |xml: &str| DeadProperty::parse(xml).unwrap_err().kind().clone();
    assert!(matches!(
        kind("<Z:a>1</Z:a>"),
        ReadErrorKind::UnboundPrefix { .. }
    ));
    assert!(matches!(kind("<a/><b/>"), ReadErrorKind::MultipleRoots));
    assert!(matches!(kind("text"), ReadErrorKind::ContentOutsideRoot));
    assert!(matches!(kind(""), ReadErrorKind::NoRoot));
    assert!(matches!(kind("<a>"), ReadErrorKind::UnclosedElement { .. }));
    let limits = Limits {
        max_bytes: 8,
        ..Limits::default()
    };
    let err = DeadProperty::parse_with("<a>long value</a>", &limits).unwrap_err();
    assert!(matches!(err.kind(), ReadErrorKind::TooLarge { .. }));
    // What surrounds the element is not kept.
    let p = DeadProperty::parse("<?xml version=\"1.0\"?>\n<!-- c --><a>1</a>\n").unwrap();
    assert_eq!(p.xml(), "<a>1</a>");
}

/// A tree built in code becomes a self-contained value that reads back as the same tree.
#[test]
fn built_in_code() {
    let tree = Element::new(Name::new("urn:z", "a").unwrap())
        .with_attribute(Name::new("urn:attr", "x").unwrap(), "1")
        .with_child(Element::new(Name::new("urn:other", "b").unwrap()).with_text("t & u"));
    let p = DeadProperty::from_element(&tree).unwrap();
    assert_eq!(
        p.xml(),
        r#"<ns1:a xmlns:ns1="urn:z" xmlns:ns2="urn:attr" xmlns:ns3="urn:other" ns2:x="1"><ns3:b>t &amp; u</ns3:b></ns1:a>"#
    );
    assert_eq!(p.to_element().unwrap(), tree);
    let bad = Element::new(Name::new("urn:z", "a").unwrap()).with_text("\u{1}");
    assert!(DeadProperty::from_element(&bad).is_err());
}

/// The map keeps insertion order, replaces in place, removes, and is cloned, compared and
/// iterated as a collection; `Box` and `Option` stores behave as the map.
#[test]
fn dead_map_as_a_collection() {
    let p = |xml: &str| DeadProperty::parse(xml).unwrap();
    let mut map: DeadMap = [
        p(r#"<a xmlns="urn:z">1</a>"#),
        p(r#"<b xmlns="urn:z">2</b>"#),
    ]
    .into_iter()
    .collect();
    let copy = map.clone();
    map.set(p(r#"<a xmlns="urn:z">3</a>"#)).unwrap();
    assert_ne!(map, copy);
    assert_eq!(map.len(), 2);
    let a = Name::new("urn:z", "a").unwrap();
    assert_eq!(
        map.get(&a).map(DeadProperty::xml),
        Some(r#"<a xmlns="urn:z">3</a>"#)
    );
    DeadPropertiesMut::remove(&mut map, &a).unwrap();
    assert!(map.get(&a).is_none());
    assert!(!map.is_empty());
    let names: Vec<String> = (&map)
        .into_iter()
        .map(|p| p.name().local().to_owned())
        .collect();
    assert_eq!(names, ["b"]);
    let owned: Vec<DeadProperty> = map.clone().into_iter().collect();
    assert_eq!(owned.len(), 1);
    assert_eq!(DeadMap::default(), DeadMap::new());

    let mut boxed: Box<DeadMap> = Box::default();
    boxed.set(p("<c/>")).unwrap();
    assert!(DeadProperties::get(&boxed, &Name::new("", "c").unwrap()).is_some());
    let none: Option<DeadMap> = None;
    let mut count = 0;
    none.for_each(&mut |_| count += 1);
    assert_eq!(count, 0);
}

// ---- PROPFIND ----

/// The resource of the PROPFIND tests: two dead properties and a stale dead `displayname`
/// (shadowed by the typed one).
fn resource() -> WithDead<Live> {
    let p = |xml: &str| DeadProperty::parse(xml).unwrap();
    WithDead {
        set: live(),
        dead: [
            p(r#"<Z:color xmlns:Z="urn:z">red</Z:color>"#),
            p(r#"<D:displayname xmlns:D="DAV:">stale</D:displayname>"#),
            p(r#"<t xml:lang="fr">Titre</t>"#),
        ]
        .into_iter()
        .collect(),
    }
}

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

/// `prop`: a stored name is reported 200 with its XML, in request order with the typed ones;
/// a typed name never consults the store; a name neither has is 404.
#[test]
fn prop_reports_stored_names() {
    let xml = propfind(
        &resource(),
        &prop(
            r#"<Z:color xmlns:Z="urn:z"/><D:displayname/><Z:size xmlns:Z="urn:z"/><t xmlns=""/>"#,
        ),
    );
    assert_eq!(
        xml,
        format!(
            "{HEAD}<D:multistatus xmlns:D=\"DAV:\" xmlns:ns1=\"urn:z\"><D:response><D:href>/r</D:href>\
             <D:propstat><D:prop><Z:color xmlns:Z=\"urn:z\">red</Z:color><D:displayname>Doc</D:displayname>\
             <t xml:lang=\"fr\">Titre</t></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>\
             <D:propstat><D:prop><ns1:size/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>\
             </D:response></D:multistatus>"
        )
    );
}

/// `allprop` (RFC 4918 §9.1): the allprop members, then every stored dead property except
/// those the set shadows, then the included names; an included stored name is not repeated,
/// an included name that is nowhere is 404.
#[test]
fn allprop_lists_dead_properties() {
    let xml = propfind(
        &resource(),
        r#"<D:propfind xmlns:D="DAV:" xmlns:Z="urn:z"><D:allprop/><D:include><Z:color/><Z:size/></D:include></D:propfind>"#,
    );
    assert_eq!(
        xml,
        format!(
            "{HEAD}<D:multistatus xmlns:D=\"DAV:\" xmlns:ns1=\"urn:z\"><D:response><D:href>/r</D:href>\
             <D:propstat><D:prop><D:displayname>Doc</D:displayname><D:getetag>\"1\"</D:getetag>\
             <Z:color xmlns:Z=\"urn:z\">red</Z:color><t xml:lang=\"fr\">Titre</t></D:prop>\
             <D:status>HTTP/1.1 200 OK</D:status></D:propstat>\
             <D:propstat><D:prop><ns1:size/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>\
             </D:response></D:multistatus>"
        )
    );
}

/// `propname`: the typed names present, then every stored name the set does not shadow,
/// all empty.
#[test]
fn propname_lists_dead_names() {
    let xml = propfind(
        &resource(),
        r#"<propfind xmlns="DAV:"><propname/></propfind>"#,
    );
    assert!(
        xml.contains(
            "<D:prop><D:displayname/><D:getetag/><ns1:color xmlns:ns1=\"urn:z\"/><t/></D:prop>\
             <D:status>HTTP/1.1 200 OK</D:status>"
        ),
        "{xml}"
    );
}

/// A resource whose store holds none of the requested names, and none of the set's present:
/// every requested name in one 404 propstat, on both paths.
#[test]
fn nothing_stored_nothing_present() {
    let mut resource = resource();
    resource.set = Live {
        displayname: None,
        getetag: None,
    };
    let xml = propfind(
        &resource,
        &prop(r#"<D:displayname/><Z:size xmlns:Z="urn:z"/>"#),
    );
    assert!(
        xml.contains(
            "<D:propstat><D:prop><D:displayname/><ns1:size/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>"
        ),
        "{xml}"
    );
    assert!(!xml.contains("200 OK"), "{xml}");
}

/// `return=minimal`: the 404 propstat is left out, dead properties or not.
#[test]
fn minimal_with_dead_properties() {
    let answer = PropfindAnswer::<WithDead<Live>>::new(
        &Propfind::parse(prop(r#"<Z:color xmlns:Z="urn:z"/><Z:size xmlns:Z="urn:z"/>"#).as_bytes())
            .unwrap(),
    )
    .minimal(true);
    let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
    answer
        .write(&mut ms, &Href::from_path("/r").unwrap(), &resource())
        .unwrap();
    let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
    parse_ok(&xml);
    assert!(
        xml.contains("<Z:color xmlns:Z=\"urn:z\">red</Z:color>"),
        "{xml}"
    );
    assert!(!xml.contains("404"), "{xml}");
}
