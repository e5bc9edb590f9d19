//! PROPFIND answers, one rule per test: what goes in the 200, per-status and 404 propstats,
//! `propname`, `allprop` + `include`, `return=minimal`, and `Depth`.

mod support;

use multistatus::propfind::PropfindAnswer;
use multistatus::request::{Depth, Propfind, return_minimal};
use multistatus::{Href, MultistatusWriter, Namespaces, PropertySet, Status};
use proptest::prelude::*;
use support::parse_ok;

#[derive(PropertySet)]
struct Props {
    displayname: Option<String>,
    getetag: Option<String>,
    getcontentlength: Option<u64>,
    #[dav(namespace = "urn:example:secret")]
    salary: Option<Result<u64, Status>>,
    #[dav(namespace = "urn:example:secret")]
    broken: Option<Result<u64, Status>>,
    #[dav(namespace = "urn:example:secret")]
    hidden: Option<Result<u64, Status>>,
    #[dav(no_namespace)]
    plain: Option<String>,
    #[dav(rename = "supported-report-set")]
    reports: Option<String>,
}

fn props() -> Props {
    Props {
        displayname: Some("Doc".into()),
        getetag: Some("\"1\"".into()),
        getcontentlength: None,
        salary: Some(Err(Status::FORBIDDEN)),
        broken: Some(Err(Status::INTERNAL_SERVER_ERROR)),
        hidden: Some(Err(Status::FORBIDDEN)),
        plain: Some("p".into()),
        reports: Some("r".into()),
    }
}

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

fn run(body: &str, minimal: bool, namespaces: Option<Namespaces>) -> String {
    let answer =
        PropfindAnswer::<Props>::new(&Propfind::parse(body.as_bytes()).unwrap()).minimal(minimal);
    let ns = namespaces.unwrap_or_else(|| answer.namespaces());
    let mut ms = MultistatusWriter::new(Vec::new(), ns);
    answer
        .write(&mut ms, &Href::from_path("/d").unwrap(), &props())
        .unwrap();
    let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
    parse_ok(&xml);
    xml
}

fn prop(names: &str) -> String {
    format!(r#"<D:propfind xmlns:D="DAV:"><D:prop>{names}</D:prop></D:propfind>"#)
}

/// Requested properties that are present are reported with their values in one 200 propstat.
#[test]
fn present_properties_in_200() {
    let xml = run(&prop("<D:getetag/><D:displayname/>"), false, None);
    assert_eq!(
        xml,
        format!(
            "{HEAD}<D:multistatus xmlns:D=\"DAV:\" xmlns:ns1=\"urn:example:secret\"><D:response><D:href>/d</D:href>\
             <D:propstat><D:prop><D:getetag>\"1\"</D:getetag><D:displayname>Doc</D:displayname></D:prop>\
             <D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>"
        )
    );
}

/// Requested properties that are absent (`None`) or unknown, in any namespace or none, are
/// reported empty in one 404 propstat, in request order.
#[test]
fn absent_and_unknown_properties_in_404() {
    let xml = run(
        &prop(r#"<D:getcontentlength/><x:color xmlns:x="urn:x"/><nons xmlns=""/><D:nope/>"#),
        false,
        None,
    );
    assert!(
        xml.contains(
            "<D:propstat><D:prop><D:getcontentlength/><ns2:color/><nons/><D:nope/></D:prop>\
             <D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>"
        ),
        "{xml}"
    );
    assert!(
        xml.contains(r#"xmlns:ns2="urn:x""#),
        "declared on the root: {xml}"
    );
    assert!(
        !xml.contains("200 OK"),
        "nothing present: no 200 propstat: {xml}"
    );
}

/// An unknown property's namespace that is not on the root is declared on the element.
#[test]
fn unknown_namespace_declared_on_the_element() {
    let xml = run(
        &prop(r#"<x:color xmlns:x="urn:x"/>"#),
        false,
        Some(Namespaces::new()),
    );
    assert!(
        xml.contains(r#"<D:prop><ns1:color xmlns:ns1="urn:x"/></D:prop>"#),
        "{xml}"
    );
}

/// Properties carrying a status get one propstat per status, grouped, in order of first
/// appearance, written empty.
#[test]
fn one_propstat_per_status() {
    let xml = run(
        &prop(
            r#"<S:salary xmlns:S="urn:example:secret"/><S:broken xmlns:S="urn:example:secret"/><S:hidden xmlns:S="urn:example:secret"/><D:displayname/>"#,
        ),
        false,
        None,
    );
    assert!(
        xml.contains(
            "<D:propstat><D:prop><ns1:salary/><ns1:hidden/></D:prop><D:status>HTTP/1.1 403 Forbidden</D:status></D:propstat>\
             <D:propstat><D:prop><ns1:broken/></D:prop><D:status>HTTP/1.1 500 Internal Server Error</D:status></D:propstat>"
        ),
        "{xml}"
    );
    assert_eq!(xml.matches("<D:propstat>").count(), 3, "{xml}");
}

/// `propname` lists every defined property (statuses included, absent ones not), empty.
#[test]
fn propname_lists_defined_properties() {
    let xml = run(
        r#"<propfind xmlns="DAV:"><propname/></propfind>"#,
        false,
        None,
    );
    assert!(
        xml.contains(
            "<D:prop><D:displayname/><D:getetag/><ns1:salary/><ns1:broken/><ns1:hidden/><plain/><D:supported-report-set/></D:prop>\
             <D:status>HTTP/1.1 200 OK</D:status>"
        ),
        "{xml}"
    );
}

/// `allprop` reports the allprop members that are present (here the RFC 4918 live ones),
/// plus what `include` names; an included unknown property is 404.
#[test]
fn allprop_with_include() {
    let xml = run(
        r#"<propfind xmlns="DAV:"><allprop/><include><supported-report-set/><getetag/><unknown/></include></propfind>"#,
        false,
        None,
    );
    assert!(
        xml.contains(
            "<D:prop><D:displayname>Doc</D:displayname><D:getetag>\"1\"</D:getetag>\
             <D:supported-report-set>r</D:supported-report-set></D:prop><D:status>HTTP/1.1 200 OK</D:status>"
        ),
        "{xml}"
    );
    assert!(
        xml.contains("<D:prop><D:unknown/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status>"),
        "{xml}"
    );
    assert!(!xml.contains("plain"), "not in allprop: {xml}");
    assert!(!xml.contains("salary"), "not in allprop: {xml}");
}

/// `Prefer: return=minimal` drops the 404 propstat (RFC 8144).
#[test]
fn return_minimal_drops_404() {
    let xml = run(&prop("<D:displayname/><D:nope/>"), true, None);
    assert!(!xml.contains("404"), "{xml}");
    assert!(xml.contains("200 OK"), "{xml}");
}

/// When `return=minimal` leaves nothing, the response keeps one empty 200 propstat
/// (RFC 8144 §2.1), so its shape stays valid.
#[test]
fn return_minimal_with_nothing_found() {
    let xml = run(&prop("<D:nope/>"), true, None);
    assert!(
        xml.contains(
            "<D:response><D:href>/d</D:href><D:propstat><D:prop></D:prop>\
             <D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"
        ),
        "{xml}"
    );
}

/// The headers that ask for a minimal answer.
#[test]
fn prefer_and_brief_headers() {
    assert!(return_minimal(["return=minimal"], None));
    assert!(return_minimal(["handling=lenient, return=minimal"], None));
    assert!(return_minimal([], Some("t")));
    assert!(!return_minimal(["return=representation"], Some("t")));
    assert!(!return_minimal([], None));
}

/// `Depth`: 0, 1, infinity; absent is infinity for PROPFIND; a server may refuse infinity
/// with 403 and the `propfind-finite-depth` precondition.
#[test]
fn depth_header() {
    assert_eq!(Depth::for_propfind(None).unwrap(), Depth::Infinity);
    assert_eq!(Depth::for_propfind(Some("0")).unwrap(), Depth::Zero);
    assert_eq!(
        Depth::for_propfind(Some(" Infinity ")).unwrap(),
        Depth::Infinity
    );
    assert!(Depth::for_propfind(Some("2")).is_err());
    let refused = Depth::Infinity.require_finite().unwrap_err();
    assert_eq!(refused.http_status(), Status::FORBIDDEN);
    let body = refused.dav_error().to_xml().unwrap();
    let doc = parse_ok(&body);
    let root = doc.root_element();
    assert!(root.has_tag_name(("DAV:", "error")));
    assert!(
        root.first_element_child()
            .unwrap()
            .has_tag_name(("DAV:", "propfind-finite-depth"))
    );
}

/// The names a property test draws from: the set's, in several namespaces, and unknown ones.
const POOL: &[(&str, &str)] = &[
    ("DAV:", "displayname"),
    ("DAV:", "getetag"),
    ("DAV:", "getcontentlength"),
    ("urn:example:secret", "salary"),
    ("urn:example:secret", "broken"),
    ("urn:example:secret", "hidden"),
    ("", "plain"),
    ("DAV:", "supported-report-set"),
    ("DAV:", "unknown"),
    ("urn:x", "color"),
    ("", "nons"),
    ("urn:example:secret", "displayname"),
];

proptest! {
    /// Whatever is requested, each requested name is reported exactly once, with the status
    /// its state gives.
    #[test]
    fn every_requested_name_reported_once(
        picks in proptest::collection::vec(0..POOL.len(), 0..20),
        minimal in any::<bool>(),
    ) {
        let mut body = String::from(r#"<D:propfind xmlns:D="DAV:"><D:prop>"#);
        for &i in &picks {
            let (ns, local) = POOL[i];
            body.push_str(&format!(r#"<{local} xmlns="{ns}"/>"#));
        }
        body.push_str("</D:prop></D:propfind>");
        let xml = run(&body, minimal, None);
        let doc = parse_ok(&xml);
        let mut reported: Vec<(String, String, String)> = Vec::new();
        for propstat in doc.descendants().filter(|n| n.has_tag_name(("DAV:", "propstat"))) {
            let status = propstat
                .children()
                .find(|n| n.has_tag_name(("DAV:", "status")))
                .and_then(|n| n.text())
                .unwrap_or_default()
                .to_owned();
            let prop = propstat.children().find(|n| n.has_tag_name(("DAV:", "prop"))).unwrap();
            for p in prop.children().filter(roxmltree::Node::is_element) {
                reported.push((
                    p.tag_name().namespace().unwrap_or("").to_owned(),
                    p.tag_name().name().to_owned(),
                    status.clone(),
                ));
            }
        }
        let mut expected: Vec<(&str, &str)> = Vec::new();
        for &i in &picks {
            if !expected.contains(&POOL[i]) {
                expected.push(POOL[i]);
            }
        }
        for (ns, local) in &expected {
            let found: Vec<_> = reported.iter().filter(|(n, l, _)| n == ns && l == local).collect();
            let is_404 = matches!(*local, "getcontentlength" | "unknown" | "color" | "nons")
                || (*ns == "urn:example:secret" && *local == "displayname");
            if minimal && is_404 {
                prop_assert!(found.is_empty(), "{ns} {local} in {xml}");
            } else {
                prop_assert_eq!(found.len(), 1, "{} {} in {}", ns, local, xml);
                let want = match *local {
                    _ if is_404 => "HTTP/1.1 404 Not Found",
                    "salary" | "hidden" => "HTTP/1.1 403 Forbidden",
                    "broken" => "HTTP/1.1 500 Internal Server Error",
                    _ => "HTTP/1.1 200 OK",
                };
                prop_assert_eq!(&found[0].2, want);
            }
        }
        prop_assert!(reported.len() <= expected.len());
    }
}

/// A per-property status set by typed name overrides the resource's value, in `prop` and in
/// `allprop` answers alike.
#[test]
fn status_set_by_typed_name() {
    use multistatus::propfind::Adjust;
    let forbid = |n: PropsName| (n == PropsName::Getetag).then_some(Status::FORBIDDEN);
    let adjust = Adjust {
        status: Some(&forbid),
        describe: None,
    };
    for body in [
        prop("<D:getetag/><D:displayname/>"),
        r#"<propfind xmlns="DAV:"><allprop/></propfind>"#.to_owned(),
    ] {
        let answer = PropfindAnswer::<Props>::new(&Propfind::parse(body.as_bytes()).unwrap());
        let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
        answer
            .write_adjusted(&mut ms, &Href::from_path("/d").unwrap(), &props(), &adjust)
            .unwrap();
        let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
        parse_ok(&xml);
        assert!(
            xml.contains(
                "<D:prop><D:displayname>Doc</D:displayname></D:prop><D:status>HTTP/1.1 200 OK</D:status>"
            ),
            "{xml}"
        );
        assert!(
            xml.contains(
                "<D:prop><D:getetag/></D:prop><D:status>HTTP/1.1 403 Forbidden</D:status>"
            ),
            "{xml}"
        );
    }
}

/// A set with the cases the pre-rendered path must get right: empty values (`<x/>`), values
/// with a language (raw, and `Lang` with or without one), a custom namespace, no namespace, dates it formats itself or leaves to
/// the general path (before 1970) or cannot write (after 9999), and a flattened set between
/// its own properties (its `allprop` member written in declaration order).
#[derive(PropertySet)]
struct Mixed {
    displayname: String,
    #[dav(flatten)]
    inner: Inner,
    getlastmodified: std::time::SystemTime,
    creationdate: multistatus::values::Rfc3339,
    #[dav(rename = "resourcetype")]
    empty: String,
    #[dav(namespace = "urn:example:m")]
    color: Option<String>,
    #[dav(no_namespace)]
    bare: Option<u32>,
    #[dav(namespace = "urn:example:m")]
    title: multistatus::values::RawValue,
    #[dav(namespace = "urn:example:m")]
    label: multistatus::values::Lang,
}

/// Flattened into [`Mixed`].
#[derive(PropertySet)]
struct Inner {
    getcontentlength: Option<u64>,
    #[dav(namespace = "urn:example:i")]
    level: Option<u8>,
}

const MIXED_POOL: &[(&str, &str)] = &[
    ("DAV:", "getcontentlength"),
    ("urn:example:i", "level"),
    ("DAV:", "displayname"),
    ("DAV:", "resourcetype"),
    ("urn:example:m", "color"),
    ("", "bare"),
    ("urn:example:m", "title"),
    ("DAV:", "unknown"),
    ("urn:x", "other"),
    ("DAV:", "getlastmodified"),
    ("DAV:", "creationdate"),
    ("urn:example:d", "tag"),
    ("", "note"),
    ("urn:example:m", "label"),
];

/// Dead properties a resource may keep: names of the pool the set does not know, one it does
/// (shadowed by the typed property) and one nobody asks for; with attributes, a language,
/// whitespace and a default namespace.
const DEAD_POOL: &[&str] = &[
    r#"<x:other xmlns:x="urn:x" a="1"> <x:c/> </x:other>"#,
    r#"<d:tag xmlns:d="urn:example:d" xml:lang="fr">étiquette</d:tag>"#,
    r#"<note>n</note>"#,
    r#"<D:displayname xmlns:D="DAV:">stale</D:displayname>"#,
    r#"<never xmlns="urn:example:never"><asked/></never>"#,
    r#"<D:unknown xmlns:D="DAV:"/>"#,
];

/// Seconds from 1970, before and after it, up to past the end of year 9999.
fn unix_time() -> impl Strategy<Value = std::time::SystemTime> {
    use std::time::{Duration, UNIX_EPOCH};
    prop_oneof![
        (0..253_402_300_800_u64).prop_map(|s| UNIX_EPOCH + Duration::from_secs(s)),
        (1..62_167_219_200_u64).prop_map(|s| UNIX_EPOCH - Duration::from_secs(s)),
        (253_402_300_800..253_402_400_000_u64).prop_map(|s| UNIX_EPOCH + Duration::from_secs(s)),
    ]
}

proptest! {
    /// The pre-rendered path writes exactly what the general path writes, whatever is
    /// requested (`prop`, or `allprop` with `include`) and whatever the resource has — dead
    /// properties included, stored or not, shadowed or not; a value neither can write is the
    /// same error on both, with nothing of the response left.
    #[test]
    fn pre_rendered_answer_equals_general_answer(
        picks in proptest::collection::vec(0..MIXED_POOL.len(), 1..10),
        displayname in "[a-z&<\u{1}]{0,4}",
        color in proptest::option::of("[a-z<&]{0,3}"),
        bare in proptest::option::of(0..1000_u32),
        length in proptest::option::of(any::<u64>()),
        level in proptest::option::of(any::<u8>()),
        lang in any::<bool>(),
        label_lang in proptest::option::of("[a-z]{2}"),
        minimal in any::<bool>(),
        allprop in any::<bool>(),
        modified in unix_time(),
        created in unix_time(),
        with_store in any::<bool>(),
        stored in proptest::collection::vec(any::<bool>(), DEAD_POOL.len()),
    ) {
        use multistatus::propfind::Adjust;
        // The picks as a `prop` request, or as the `include` of an `allprop` one.
        let (open, close) = if allprop {
            ("<D:allprop/><D:include>", "</D:include>")
        } else {
            ("<D:prop>", "</D:prop>")
        };
        let mut body = format!(r#"<D:propfind xmlns:D="DAV:">{open}"#);
        for &i in &picks {
            let (ns, local) = MIXED_POOL[i];
            body.push_str(&format!(r#"<{local} xmlns="{ns}"/>"#));
        }
        body.push_str(close);
        body.push_str("</D:propfind>");
        let title = multistatus::values::RawValue::new().with_text("T");
        let m = Mixed {
            displayname,
            inner: Inner {
                getcontentlength: length,
                level,
            },
            getlastmodified: modified,
            creationdate: multistatus::values::Rfc3339(created),
            empty: String::new(),
            color,
            bare,
            title: if lang { title.with_lang("en") } else { title },
            label: multistatus::values::Lang {
                value: "L".to_owned(),
                lang: label_lang,
            },
        };
        let answer = PropfindAnswer::<Mixed>::new(&Propfind::parse(body.as_bytes()).unwrap())
            .minimal(minimal);
        // The same set with a dead property store (a resource type of its own, answered by
        // the same answer), or without.
        let dead: multistatus::DeadMap = DEAD_POOL
            .iter()
            .zip(&stored)
            .filter(|(_, s)| **s)
            .map(|(xml, _)| multistatus::DeadProperty::parse(xml).unwrap())
            .collect();
        let m = support::WithDead { set: m, dead };
        let render = |adjust: &Adjust<'_, MixedName>| {
            let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
            let href = Href::from_path("/m").unwrap();
            let result = if with_store {
                answer.write_adjusted(&mut ms, &href, &m, adjust)
            } else {
                answer.write_adjusted(&mut ms, &href, &m.set, adjust)
            };
            (result.map_err(|e| e.to_string()), String::from_utf8(ms.finish().unwrap()).unwrap())
        };
        let fast = render(&Adjust::default());
        // A status override that changes nothing forces the general path.
        let general = render(&Adjust { status: Some(&|_| None), describe: None });
        parse_ok(&fast.1);
        if fast.0.is_err() {
            prop_assert!(!fast.1.contains("<D:response>"), "{}", fast.1);
        }
        prop_assert_eq!(fast, general);
    }
}

/// An unknown property in a relative namespace (deprecated, not an error) is declared on the
/// root like any other, so the pre-rendered and general paths write the same bytes (found by
/// the `propfind` fuzz target: the pre-rendered pieces had their own local prefixes).
#[test]
fn unknown_name_in_relative_namespace_declared_on_the_root() {
    let body = prop(r#"<D:getcontentlength/><z:a xmlns:z="zzz"/>"#);
    let request = Propfind::parse(body.as_bytes()).unwrap();
    let answer = PropfindAnswer::<Props>::new(&request);
    assert_eq!(answer.namespaces().prefix("zzz"), Some("ns2"));
    let write = |adjust: bool| {
        let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
        let none = |_| None;
        let adjusted = multistatus::propfind::Adjust {
            status: adjust.then_some(&none as &dyn Fn(PropsName) -> Option<Status>),
            describe: None,
        };
        for path in ["/a", "/b"] {
            answer
                .write_adjusted(
                    &mut ms,
                    &Href::from_path(path).unwrap(),
                    &props(),
                    &adjusted,
                )
                .unwrap();
        }
        String::from_utf8(ms.finish().unwrap()).unwrap()
    };
    let (fast, general) = (write(false), write(true));
    assert_eq!(fast, general);
    parse_ok(&fast);
    assert!(
        fast.contains(r#"xmlns:ns2="zzz""#)
            && fast.contains("<ns2:a/>")
            && !fast.contains("<ns2:a xmlns"),
        "{fast}"
    );
}

// ---- Statuses that make sense ----

/// A set whose values carry statuses, for the tests below.
#[derive(PropertySet)]
struct Statuses {
    displayname: Option<String>,
    getetag: Result<String, Status>,
    #[dav(namespace = "urn:example:secret")]
    salary: Result<u64, Status>,
}

/// Writes `resource` for a `prop` request of `names`, through the pre-rendered path and the
/// general one: the result of each, and the body.
fn statuses(resource: &Statuses, names: &str) -> Vec<(Result<(), String>, String)> {
    let answer = PropfindAnswer::<Statuses>::new(&Propfind::parse(prop(names).as_bytes()).unwrap());
    [false, true]
        .into_iter()
        .map(|general| {
            let same = |_: StatusesName| None;
            let adjust = multistatus::propfind::Adjust {
                status: general.then_some(&same as &dyn Fn(StatusesName) -> Option<Status>),
                describe: None,
            };
            let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
            let result = answer
                .write_adjusted(&mut ms, &Href::from_path("/s").unwrap(), resource, &adjust)
                .map_err(|e| e.to_string());
            let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
            parse_ok(&xml);
            (result, xml)
        })
        .collect()
}

/// `Err(Status::NOT_FOUND)` is the property being absent: it joins the one 404 propstat, in
/// request order with the absent and unknown names, on both paths.
#[test]
fn not_found_status_joins_the_404_propstat() {
    let resource = Statuses {
        displayname: None,
        getetag: Err(Status::NOT_FOUND),
        salary: Ok(10),
    };
    let out = statuses(
        &resource,
        r#"<D:displayname/><S:salary xmlns:S="urn:example:secret"/><D:getetag/><D:nope/>"#,
    );
    assert_eq!(out[0], out[1]);
    let (result, xml) = &out[0];
    assert!(result.is_ok());
    assert_eq!(xml.matches("404 Not Found").count(), 1, "{xml}");
    assert!(
        xml.contains(
            "<D:propstat><D:prop><D:displayname/><D:getetag/><D:nope/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>"
        ),
        "{xml}"
    );
}

/// A success status as a value's error (`Err(Status::OK)`, `Err(Status::MULTI_STATUS)`) is
/// a typed error, on both paths, and nothing of the response is written.
#[test]
fn success_status_as_an_error_is_refused() {
    for status in [Status::OK, Status::MULTI_STATUS, Status::ALREADY_REPORTED] {
        let resource = Statuses {
            displayname: Some("d".into()),
            getetag: Err(status),
            salary: Ok(1),
        };
        for (result, xml) in statuses(&resource, "<D:displayname/><D:getetag/>") {
            let err = result.unwrap_err();
            assert!(err.contains(&format!("status {}", status.code())), "{err}");
            assert!(!xml.contains("<D:response>"), "{xml}");
        }
    }
}

/// A success status other than 200 set by `Adjust` keeps the value (RFC 5842 §7.1); 207 is
/// refused; an error status empties it; 404 joins the absent ones.
#[test]
fn adjusted_statuses() {
    use multistatus::propfind::Adjust;
    let resource = Statuses {
        displayname: Some("d".into()),
        getetag: Ok("\"e\"".into()),
        salary: Ok(1),
    };
    let answer = PropfindAnswer::<Statuses>::new(
        &Propfind::parse(
            prop(r#"<D:displayname/><D:getetag/><S:salary xmlns:S="urn:example:secret"/>"#)
                .as_bytes(),
        )
        .unwrap(),
    );
    let write = |status: &dyn Fn(StatusesName) -> Option<Status>| {
        let adjust = Adjust {
            status: Some(status),
            describe: None,
        };
        let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
        let result =
            answer.write_adjusted(&mut ms, &Href::from_path("/s").unwrap(), &resource, &adjust);
        let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
        parse_ok(&xml);
        (result.map_err(|e| e.to_string()), xml)
    };
    let (result, xml) = write(&|n| match n {
        StatusesName::Getetag => Some(Status::ALREADY_REPORTED),
        StatusesName::Salary => Some(Status::NOT_FOUND),
        StatusesName::Displayname => Some(Status::FORBIDDEN),
    });
    assert!(result.is_ok());
    assert!(
        xml.contains(
            "<D:propstat><D:prop><D:getetag>\"e\"</D:getetag></D:prop><D:status>HTTP/1.1 208 Already Reported</D:status></D:propstat>"
        ),
        "{xml}"
    );
    assert!(
        xml.contains("<D:propstat><D:prop><D:displayname/></D:prop><D:status>HTTP/1.1 403 Forbidden</D:status></D:propstat>"),
        "{xml}"
    );
    assert!(
        xml.contains("<D:prop><ns1:salary/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status>"),
        "{xml}"
    );
    assert!(!xml.contains("200 OK"), "{xml}");
    let (result, xml) = write(&|_| Some(Status::MULTI_STATUS));
    assert!(result.unwrap_err().contains("207"));
    assert!(!xml.contains("<D:response>"), "{xml}");
}

// ---- Several sets in one body ----

/// A calendar collection's properties.
#[derive(PropertySet)]
struct CalendarCollection {
    displayname: String,
    resourcetype: multistatus::values::ResourceType,
    #[dav(namespace = "http://calendarserver.org/ns/")]
    getctag: String,
    #[dav(namespace = "http://apple.com/ns/ical/")]
    calendar_color: Option<String>,
}

/// A calendar object's properties.
#[derive(PropertySet)]
struct CalendarObject {
    getetag: String,
    getcontenttype: String,
    #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
    calendar_data: String,
    #[dav(namespace = "urn:example:item", allprop)]
    flag: Option<String>,
}

/// A CalDAV `Depth: 1` PROPFIND mixing the collection's properties and its items'.
const DEPTH_ONE: &str = r#"<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/" xmlns:A="http://apple.com/ns/ical/" xmlns:I="urn:example:item">
  <D:prop><D:displayname/><D:resourcetype/><CS:getctag/><A:calendar-color/><D:getetag/><D:getcontenttype/><C:calendar-data/><I:flag/></D:prop>
</D:propfind>"#;

/// The collection and three items in one body, through `coll` and `items`, the body started
/// with the collection's table; `general` forces the general path.
fn depth_one(
    coll: &PropfindAnswer<CalendarCollection>,
    items: &PropfindAnswer<CalendarObject>,
    general: bool,
) -> String {
    use multistatus::propfind::Adjust;
    let collection = CalendarCollection {
        displayname: "Work".into(),
        resourcetype: multistatus::values::ResourceType::COLLECTION,
        getctag: "c1".into(),
        calendar_color: Some("#FF2968".into()),
    };
    let mut ms = MultistatusWriter::new(Vec::new(), coll.namespaces());
    let none_c = |_: CalendarCollectionName| None;
    let none_i = |_: CalendarObjectName| None;
    coll.write_adjusted(
        &mut ms,
        &Href::from_path("/cal/work/").unwrap(),
        &collection,
        &Adjust {
            status: general.then_some(&none_c as &dyn Fn(_) -> _),
            describe: None,
        },
    )
    .unwrap();
    for i in 0..3 {
        let item = CalendarObject {
            getetag: format!("\"{i}\""),
            getcontenttype: "text/calendar".into(),
            calendar_data: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".into(),
            flag: (i == 1).then(|| "x".to_owned()),
        };
        items
            .write_adjusted(
                &mut ms,
                &Href::from_path(format!("/cal/work/{i}.ics")).unwrap(),
                &item,
                &Adjust {
                    status: general.then_some(&none_i as &dyn Fn(_) -> _),
                    describe: None,
                },
            )
            .unwrap();
    }
    let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
    parse_ok(&xml);
    xml
}

/// Two answers for two sets share one namespace table: the body declares every namespace
/// once, on the root, and writes what the general path writes — for a `prop` request naming
/// both sets' properties, and for `allprop`, where the items' namespace is in no request.
#[test]
fn shared_namespaces_for_a_collection_and_its_items() {
    for body in [DEPTH_ONE, ""] {
        let request = Propfind::parse(body.as_bytes()).unwrap();
        let mut coll = PropfindAnswer::<CalendarCollection>::new(&request);
        let mut items = PropfindAnswer::<CalendarObject>::new(&request);
        if body.is_empty() {
            // Without sharing, the items' namespace missing from the collection's table is
            // declared on its elements, again in every response.
            let unshared = depth_one(&coll, &items, false);
            let root_end = unshared.find("<D:response>").unwrap();
            assert_eq!(
                unshared[root_end..]
                    .matches(r#"="urn:example:item""#)
                    .count(),
                1,
                "{unshared}"
            );
        }
        coll.share_namespaces(&mut items);
        let fast = depth_one(&coll, &items, false);
        let general = depth_one(&coll, &items, true);
        assert_eq!(fast, general);
        let root_end = fast.find("<D:response>").unwrap();
        assert!(!fast[root_end..].contains("xmlns"), "{fast}");
        for ns in ["DAV:", "http://calendarserver.org/ns/", "urn:example:item"] {
            assert_eq!(
                fast[..root_end].matches(&format!("=\"{ns}\"")).count(),
                1,
                "{fast}"
            );
        }
        assert!(fast.contains(":flag>x</"), "{fast}");
        assert_eq!(fast.matches("<D:response>").count(), 4);
    }
}

// ---- Wide requests ----

/// A set of 70 properties: more than the pre-rendered path tracks one by one (63).
macro_rules! wide {
    ($($field:ident)*) => {
        #[derive(PropertySet)]
        #[dav(namespace = "urn:example:wide")]
        struct Wide {
            $($field: Option<u8>,)*
        }

        /// Every property present but the first.
        fn wide() -> Wide {
            let mut w = Wide { $($field: Some(1),)* };
            w.p00 = None;
            w
        }
    };
}

wide!(p00 p01 p02 p03 p04 p05 p06 p07 p08 p09 p10 p11 p12 p13 p14 p15 p16 p17 p18 p19 p20 p21 p22 p23 p24 p25 p26 p27 p28 p29 p30 p31 p32 p33 p34 p35 p36 p37 p38 p39 p40 p41 p42 p43 p44 p45 p46 p47 p48 p49 p50 p51 p52 p53 p54 p55 p56 p57 p58 p59 p60 p61 p62 p63 p64 p65 p66 p67 p68 p69);

/// A request of 70 names, the first absent and the last ones past what the pre-rendered path
/// tracks present: the 404 propstat holds the first alone, on both paths (the names past 63
/// were once tested against a bit beyond the 64 bits of the state).
#[test]
fn absent_name_among_more_than_tracked() {
    let names: String = (0..70)
        .map(|i| format!(r#"<W:p{i:02} xmlns:W="urn:example:wide"/>"#))
        .collect();
    let answer = PropfindAnswer::<Wide>::new(&Propfind::parse(prop(&names).as_bytes()).unwrap());
    let render = |general: bool| {
        let same = |_: WideName| None;
        let adjust = multistatus::propfind::Adjust {
            status: general.then_some(&same as &dyn Fn(WideName) -> Option<Status>),
            describe: None,
        };
        let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
        answer
            .write_adjusted(&mut ms, &Href::from_path("/w").unwrap(), &wide(), &adjust)
            .unwrap();
        String::from_utf8(ms.finish().unwrap()).unwrap()
    };
    let fast = render(false);
    assert_eq!(fast, render(true));
    parse_ok(&fast);
    assert!(
        fast.contains("<D:propstat><D:prop><ns1:p00/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>"),
        "{fast}"
    );
    assert_eq!(fast.matches("<ns1:p").count(), 70);
}
