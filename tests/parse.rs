//! Reading 207 bodies into derived sets, one behaviour per test. Every body is read from a
//! slice and from streams that end their reads anywhere (`support::read_all`), which must
//! agree.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use multistatus::client::{MultistatusReader, ParsedResponse, Reported};
use multistatus::name::{CALDAV, Name};
use multistatus::reader::ReadErrorKind;
use multistatus::values::{Lang, NoProperties, RawValue, ResourceType, Rfc3339};
use multistatus::{
    DeadMap, Href, PropertyName, PropertySet, PropertyValue, Status, ValueErrorKind, ValueReader,
};
use support::{read_all, responses};

/// The properties of a file listing, as a client asks for them.
#[derive(PropertySet, Debug, PartialEq)]
struct FileProps {
    displayname: String,
    getcontentlength: Option<u64>,
    getcontenttype: Option<String>,
    getetag: Result<String, Status>,
    getlastmodified: Option<SystemTime>,
    creationdate: Option<Rfc3339>,
    resourcetype: ResourceType,
    #[dav(namespace = "http://example.com/ns")]
    color: Option<Result<String, Status>>,
}

fn only<P: multistatus::ParseSet + PartialEq + std::fmt::Debug>(body: &str) -> ParsedResponse<P> {
    let mut all = responses::<P>(body.as_bytes());
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

fn props(response: &ParsedResponse<FileProps>) -> &FileProps {
    response.props().expect("a propstat response")
}

/// Every known property lands in its field, parsed, with the status of its propstat.
#[test]
fn values_by_name_with_their_status() {
    let r = only::<FileProps>(
        r#"<D:multistatus xmlns:D="DAV:" xmlns:E="http://example.com/ns"><D:response>
        <D:href>/docs/Q1%20%26%20Q2.pdf</D:href>
        <D:propstat><D:prop>
          <D:displayname>Q1 &amp; Q2</D:displayname>
          <D:getcontentlength>4525</D:getcontentlength>
          <D:getcontenttype>application/pdf</D:getcontenttype>
          <D:getetag>"zzyzx"</D:getetag>
          <D:getlastmodified>Mon, 12 Jan 1998 09:25:56 GMT</D:getlastmodified>
          <D:creationdate>1997-12-01T17:42:21-08:00</D:creationdate>
          <D:resourcetype/>
          <E:color>red</E:color>
        </D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>
        </D:response></D:multistatus>"#,
    );
    assert_eq!(r.hrefs[0].encoded(), "/docs/Q1%20%26%20Q2.pdf");
    assert_eq!(
        r.hrefs[0].decoded_path().as_deref(),
        Some("/docs/Q1 & Q2.pdf")
    );
    assert_eq!(
        props(&r),
        &FileProps {
            displayname: "Q1 & Q2".into(),
            getcontentlength: Some(4525),
            getcontenttype: Some("application/pdf".into()),
            getetag: Ok("\"zzyzx\"".into()),
            getlastmodified: Some(UNIX_EPOCH + Duration::from_secs(884_597_156)),
            creationdate: Some(Rfc3339(UNIX_EPOCH + Duration::from_secs(881_026_941))),
            resourcetype: ResourceType::RESOURCE,
            color: Some(Ok("red".into())),
        }
    );
    let set = r.propstats().unwrap();
    assert_eq!(
        set.status(FilePropsName::Getetag).unwrap().status(),
        Status::OK
    );
    assert!(set.unknown.is_empty() && set.invalid.is_empty());
}

/// A property reported with an error status is `Err(status)` in a `Result`, the type's
/// absent value otherwise; one not reported is `Err(404)`, `None`, or absent, and has no
/// status.
#[test]
fn error_status_and_not_reported() {
    let r = only::<FileProps>(
        r#"<multistatus xmlns="DAV:"><response><href>/a</href>
        <propstat><prop><displayname>A</displayname></prop><status>HTTP/1.1 200 OK</status></propstat>
        <propstat><prop><getetag/><color xmlns="http://example.com/ns"/><getcontentlength/></prop>
          <status>HTTP/1.1 403 Forbidden</status></propstat>
        </response></multistatus>"#,
    );
    let p = props(&r);
    assert_eq!(p.getetag, Err(Status::FORBIDDEN));
    assert_eq!(p.color, Some(Err(Status::FORBIDDEN)));
    assert_eq!(p.getcontentlength, None);
    assert_eq!(p.getcontenttype, None);
    let set = r.propstats().unwrap();
    assert_eq!(
        set.status(FilePropsName::Getcontentlength)
            .unwrap()
            .status(),
        Status::FORBIDDEN
    );
    assert_eq!(set.status(FilePropsName::Getcontenttype), None);

    let r = only::<FileProps>(
        r#"<multistatus xmlns="DAV:"><response><href>/a</href>
        <propstat><prop><displayname>A</displayname></prop><status>HTTP/1.1 200 OK</status></propstat>
        </response></multistatus>"#,
    );
    assert_eq!(props(&r).getetag, Err(Status::NOT_FOUND));
    assert_eq!(props(&r).color, None);
}

/// Several propstats with one status are merged into the one value; each is kept in the
/// propstats view, in order.
#[test]
fn several_propstats_with_one_status() {
    let r = only::<FileProps>(
        r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>/a</D:href>
        <D:propstat><D:prop><D:displayname>A</D:displayname></D:prop>
          <D:status>HTTP/1.1 200 OK</D:status></D:propstat>
        <D:propstat><D:prop><D:getcontentlength>3</D:getcontentlength></D:prop>
          <D:status>HTTP/1.1 200 OK</D:status></D:propstat>
        </D:response></D:multistatus>"#,
    );
    assert_eq!(props(&r).displayname, "A");
    assert_eq!(props(&r).getcontentlength, Some(3));
    let statuses: Vec<u16> = r
        .propstats()
        .unwrap()
        .propstats()
        .iter()
        .map(|p| p.status.status().code())
        .collect();
    assert_eq!(statuses, [200, 200]);
}

/// The status form: several hrefs sharing a status, with the response's error,
/// description (and its language) and location.
#[test]
fn status_form() {
    let r = only::<NoProperties>(
        r#"<D:multistatus xmlns:D="DAV:"><D:response>
        <D:href>/a</D:href><D:href>http://example.com/b</D:href>
        <D:status>HTTP/1.1 301 Moved Permanently</D:status>
        <D:error><D:lock-token-submitted><D:href>/locked</D:href></D:lock-token-submitted></D:error>
        <D:responsedescription xml:lang="fr">Déplacé</D:responsedescription>
        <D:location><D:href>/elsewhere/</D:href></D:location>
        </D:response></D:multistatus>"#,
    );
    assert_eq!(r.hrefs.len(), 2);
    assert_eq!(r.hrefs[1].encoded(), "http://example.com/b");
    assert_eq!(r.status().unwrap().status(), Status::MOVED_PERMANENTLY);
    let error = r.error.as_ref().unwrap();
    assert!(error.has("DAV:", "lock-token-submitted"));
    assert_eq!(
        error.conditions()[0]
            .child_elements()
            .next()
            .unwrap()
            .text(),
        "/locked"
    );
    let description = r.description.as_ref().unwrap();
    assert_eq!(
        (description.text(), description.lang()),
        ("Déplacé", Some("fr"))
    );
    assert_eq!(r.location.as_ref().unwrap().encoded(), "/elsewhere/");
    assert!(r.props().is_none());
}

/// Each propstat keeps its own error and description.
#[test]
fn propstat_error_and_description() {
    let r = only::<FileProps>(
        r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>/a</D:href>
        <D:propstat><D:prop><D:displayname/></D:prop><D:status>HTTP/1.1 403 Forbidden</D:status>
          <D:error><D:cannot-modify-protected-property/></D:error>
          <D:responsedescription>protected</D:responsedescription></D:propstat>
        </D:response></D:multistatus>"#,
    );
    let propstat = &r.propstats().unwrap().propstats()[0];
    assert!(
        propstat
            .error
            .as_ref()
            .unwrap()
            .has("DAV:", "cannot-modify-protected-property")
    );
    assert_eq!(propstat.description.as_ref().unwrap().text(), "protected");
    assert_eq!(props(&r).displayname, "");
}

/// The document's `sync-token` is read wherever it is: before the responses (as one
/// CalDAV server sends it) or after them.
#[test]
fn sync_token_before_or_after_the_responses() {
    for body in [
        r#"<multistatus xmlns="DAV:"><sync-token> http://example.com/sync/1 </sync-token>
           <response><href>/a</href><status>HTTP/1.1 404 Not Found</status></response></multistatus>"#,
        r#"<multistatus xmlns="DAV:"><response><href>/a</href><status>HTTP/1.1 404 Not Found</status>
           </response><sync-token>http://example.com/sync/1</sync-token></multistatus>"#,
    ] {
        let mut reader = MultistatusReader::<NoProperties, _>::from_slice(body.as_bytes());
        let all: Vec<_> = (&mut reader).collect();
        assert_eq!(all.len(), 1);
        assert_eq!(reader.sync_token(), Some("http://example.com/sync/1"));
        assert_eq!(read_all::<NoProperties>(body.as_bytes()).len(), 1);
    }
    let body = br#"<multistatus xmlns="DAV:"><sync-token>t</sync-token><response><href>/a</href><status>HTTP/1.1 200 OK</status></response></multistatus>"#;
    let mut reader = MultistatusReader::<NoProperties, _>::from_slice(body);
    assert!(reader.next().is_some());
    assert_eq!(
        reader.sync_token(),
        Some("t"),
        "known as soon as it was read"
    );
}

/// The document's own description, with its language.
#[test]
fn multistatus_description() {
    let body = br#"<D:multistatus xmlns:D="DAV:" xml:lang="en"><D:response><D:href>/a</D:href>
        <D:status>HTTP/1.1 403 Forbidden</D:status></D:response>
        <D:responsedescription>There has been an access violation error.</D:responsedescription>
        </D:multistatus>"#;
    let mut reader = MultistatusReader::<NoProperties, _>::from_slice(body);
    assert_eq!(reader.by_ref().count(), 1);
    let d = reader.description().unwrap();
    assert_eq!(
        (d.text(), d.lang()),
        ("There has been an access violation error.", Some("en"))
    );
}

/// Names are matched by namespace and local name: any prefix, a default namespace, the
/// `DAV:` namespace bound to several prefixes at once, read the same.
#[test]
fn any_prefix_reads_the_same() {
    let prefixed = only::<FileProps>(
        r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>/a</D:href><D:propstat><D:prop>
        <D:displayname>A</D:displayname><D:resourcetype><D:collection/></D:resourcetype>
        </D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>"#,
    );
    let default = only::<FileProps>(
        r#"<multistatus xmlns="DAV:"><response><href>/a</href><propstat><prop>
        <displayname>A</displayname><resourcetype><collection/></resourcetype>
        </prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>"#,
    );
    let mixed = only::<FileProps>(
        r#"<a:multistatus xmlns:a="DAV:" xmlns:b="DAV:"><b:response><a:href>/a</a:href>
        <propstat xmlns="DAV:"><b:prop><a:displayname>A</a:displayname>
        <resourcetype><b:collection/></resourcetype></b:prop><status>HTTP/1.1 200 OK</status>
        </propstat></b:response></a:multistatus>"#,
    );
    assert!(props(&prefixed).resourcetype.is_collection());
    assert_eq!(prefixed, default);
    assert_eq!(prefixed, mixed);
}

/// Prefixes declared on each response (Apache's `lp1:`, `g0:`) and one prefix bound to
/// different namespaces in different responses: each response reads with its own.
#[test]
fn prefixes_redeclared_per_response() {
    let all = responses::<FileProps>(
        br#"<D:multistatus xmlns:D="DAV:" xmlns:ns0="DAV:">
        <D:response xmlns:lp1="DAV:" xmlns:g0="http://example.com/ns"><D:href>/a</D:href>
          <D:propstat><D:prop><lp1:getcontentlength>1</lp1:getcontentlength><g0:color>red</g0:color>
          </D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>
        <D:response xmlns:lp1="http://example.com/ns" xmlns:g0="DAV:"><D:href>/b</D:href>
          <D:propstat><D:prop><g0:getcontentlength>2</g0:getcontentlength><lp1:color>blue</lp1:color>
          <ns0:displayname>B</ns0:displayname></D:prop>
          <D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>
        </D:multistatus>"#,
    );
    assert_eq!(props(&all[0]).getcontentlength, Some(1));
    assert_eq!(props(&all[0]).color, Some(Ok("red".into())));
    assert_eq!(props(&all[1]).getcontentlength, Some(2));
    assert_eq!(props(&all[1]).color, Some(Ok("blue".into())));
    assert_eq!(props(&all[1]).displayname, "B");
}

/// A property in no namespace (`xmlns=""` inside a default namespace) is matched as such,
/// and a `DAV:` name undeclared that way is not `DAV:`.
#[test]
fn no_namespace_properties() {
    #[derive(PropertySet, Debug, PartialEq)]
    struct Plain {
        #[dav(no_namespace)]
        size: Option<u64>,
        displayname: Option<String>,
    }
    let r = only::<Plain>(
        r#"<multistatus xmlns="DAV:"><response><href>/a</href><propstat><prop>
        <size xmlns="">7</size><displayname xmlns="">not DAV:</displayname>
        </prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>"#,
    );
    let set = r.propstats().unwrap();
    assert_eq!(set.props.size, Some(7));
    assert_eq!(set.props.displayname, None);
    assert_eq!(set.unknown.len(), 1);
    assert!(set.unknown[0].property.name().is("", "displayname"));
    assert_eq!(
        set.unknown[0].property.xml(),
        r#"<displayname xmlns="">not DAV:</displayname>"#
    );
}

/// A property the set does not know is kept as self-contained XML (the bindings in scope
/// and the language declared on it) with its status, in document order.
#[test]
fn unknown_properties_are_kept() {
    let r = only::<FileProps>(
        r#"<D:multistatus xmlns:D="DAV:" xml:lang="en"><D:response xmlns:Z="urn:z">
        <D:href>/a</D:href>
        <D:propstat><D:prop><Z:author><Z:name>Jane</Z:name></Z:author><D:displayname>A</D:displayname>
        </D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>
        <D:propstat><D:prop><Z:missing/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>
        </D:response></D:multistatus>"#,
    );
    let set = r.propstats().unwrap();
    let unknown: Vec<(&str, u16, usize)> = set
        .unknown
        .iter()
        .map(|u| (u.property.xml(), u.status.status().code(), u.propstat))
        .collect();
    assert_eq!(
        unknown,
        [
            (
                r#"<Z:author xmlns:D="DAV:" xmlns:Z="urn:z" xml:lang="en"><Z:name>Jane</Z:name></Z:author>"#,
                200,
                0
            ),
            (
                r#"<Z:missing xmlns:D="DAV:" xmlns:Z="urn:z" xml:lang="en"/>"#,
                404,
                1
            ),
        ]
    );
    assert_eq!(set.unknown[0].property.lang(), Some("en"));
    let order: Vec<String> = set
        .properties()
        .iter()
        .map(|(_, p)| match p {
            Reported::Known(name) => name.name().to_string(),
            Reported::Unknown(u) | Reported::Repeated(u) => u.property.name().to_string(),
        })
        .collect();
    assert_eq!(
        order,
        ["{urn:z}author", "{DAV:}displayname", "{urn:z}missing"]
    );
}

/// A known property whose value does not parse is reported with its position and kept
/// raw; its field holds its absent value, and the rest of the response reads.
#[test]
fn invalid_value_is_reported_and_kept() {
    let body = r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>/a</D:href>
        <D:propstat><D:prop><D:getcontentlength>many</D:getcontentlength><D:displayname>A</D:displayname>
        </D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>"#;
    let r = only::<FileProps>(body);
    let set = r.propstats().unwrap();
    assert_eq!(set.props.getcontentlength, None);
    assert_eq!(set.props.displayname, "A");
    let [invalid] = set.invalid.as_slice() else {
        panic!("{:?}", set.invalid)
    };
    assert_eq!(invalid.name, FilePropsName::Getcontentlength);
    assert_eq!(
        invalid.error.kind(),
        &ValueErrorKind::Invalid {
            expected: "an integer",
            found: "many".into()
        }
    );
    assert_eq!(
        Some(invalid.error.position()),
        body.find("<D:getcontentlength")
    );
    assert_eq!(
        invalid.raw.xml(),
        r#"<D:getcontentlength xmlns:D="DAV:">many</D:getcontentlength>"#
    );
    assert_eq!(invalid.status.status(), Status::OK);
    assert_eq!(
        invalid.error.to_string(),
        format!(
            "expected an integer, found \"many\" (at byte {})",
            invalid.error.position()
        )
    );
}

/// A known property reported twice (in one propstat or in two): the first report fills the
/// field and gives the status, the later ones are kept as received in `repeated`, and the
/// response written back and read again is the same.
#[test]
fn repeated_property_first_report_counts() {
    let body = r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>/a</D:href>
        <D:propstat><D:prop><D:getcontentlength>many</D:getcontentlength><D:displayname>A</D:displayname>
        <D:getcontentlength>12</D:getcontentlength></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>
        <D:propstat><D:prop><D:displayname/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>
        </D:response></D:multistatus>"#;
    let r = only::<FileProps>(body);
    let set = r.propstats().unwrap();
    assert_eq!(
        set.props.getcontentlength, None,
        "the first, invalid, report"
    );
    assert_eq!(set.props.displayname, "A");
    assert_eq!(
        set.status(FilePropsName::Displayname).unwrap().status(),
        Status::OK
    );
    assert_eq!(set.invalid.len(), 1);
    let again: Vec<_> = set
        .repeated
        .iter()
        .map(|k| (k.property.xml(), k.status.status(), k.propstat, k.position))
        .collect();
    assert_eq!(
        again,
        [
            (
                r#"<D:getcontentlength xmlns:D="DAV:">12</D:getcontentlength>"#,
                Status::OK,
                0,
                2
            ),
            (
                r#"<D:displayname xmlns:D="DAV:"/>"#,
                Status::NOT_FOUND,
                1,
                3
            ),
        ]
    );
    let order: Vec<_> = set
        .properties()
        .into_iter()
        .map(|(propstat, r)| match r {
            Reported::Known(name) => format!("{propstat} known {name:?}"),
            Reported::Unknown(u) => format!("{propstat} unknown {}", u.property.name()),
            Reported::Repeated(u) => format!("{propstat} again {}", u.property.name()),
        })
        .collect();
    assert_eq!(
        order,
        [
            "0 known Getcontentlength",
            "0 known Displayname",
            "0 again {DAV:}getcontentlength",
            "1 again {DAV:}displayname",
        ]
    );
    let mut writer =
        multistatus::MultistatusWriter::new(Vec::new(), multistatus::Namespaces::new());
    r.write_to(&mut writer).unwrap();
    let written = writer.finish().unwrap();
    let back = only::<FileProps>(std::str::from_utf8(&written).unwrap());
    let back_set = back.propstats().unwrap();
    assert_eq!(back_set.props, set.props);
    assert_eq!(back_set.propstats(), set.propstats());
    let xml = |list: &[multistatus::client::UnknownProperty]| -> Vec<(String, usize, usize)> {
        list.iter()
            .map(|k| (k.property.name().to_string(), k.propstat, k.position))
            .collect()
    };
    assert_eq!(xml(&back_set.repeated), xml(&set.repeated));
    assert_eq!(back_set.invalid.len(), 1);
}

/// A propstat never carries 207 (RFC 4918 §13: it is the status of the whole body): such a
/// response is an error of its own, at the `DAV:status`, and the next one is read.
#[test]
fn multi_status_in_a_propstat_is_refused() {
    let body = r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>/a</D:href>
        <D:propstat><D:prop><D:displayname>A</D:displayname></D:prop><D:status>HTTP/1.1 207 Multi-Status</D:status></D:propstat>
        </D:response><D:response><D:href>/b</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response></D:multistatus>"#;
    let all = read_all::<FileProps>(body.as_bytes());
    let e = all[0].as_ref().unwrap_err();
    assert_eq!(
        e.kind().to_string(),
        "{DAV:}status: 207 Multi-Status is the status of the whole body, never of a propstat"
    );
    assert_eq!(e.position(), body.find("<D:status>HTTP/1.1 207").unwrap());
    assert_eq!(all[1].as_ref().unwrap().hrefs[0].encoded(), "/b");
}

/// An empty element for a numeric property (what servers send for a collection's
/// `getcontentlength`) is `None` in an `Option`, not an error; a plain integer field
/// reports it.
#[test]
fn empty_numeric_element() {
    let body = r#"<multistatus xmlns="DAV:"><response><href>/c/</href><propstat><prop>
        <getcontentlength/><getlastmodified>  </getlastmodified></prop>
        <status>HTTP/1.1 200 OK</status></propstat></response></multistatus>"#;
    let r = only::<FileProps>(body);
    let set = r.propstats().unwrap();
    assert_eq!(set.props.getcontentlength, None);
    assert_eq!(set.props.getlastmodified, None);
    assert!(set.invalid.is_empty());
    assert_eq!(
        set.status(FilePropsName::Getcontentlength)
            .unwrap()
            .status(),
        Status::OK
    );

    #[derive(PropertySet, Debug, PartialEq)]
    struct Strict {
        getcontentlength: u64,
    }
    let r = only::<Strict>(body);
    let set = r.propstats().unwrap();
    assert_eq!(set.props.getcontentlength, 0);
    assert_eq!(
        set.invalid[0].error.kind(),
        &ValueErrorKind::Empty {
            expected: "an integer"
        }
    );
}

/// Unknown elements are ignored everywhere (RFC 4918 §17): in the multistatus, a response,
/// a propstat, and in values.
#[test]
fn unknown_elements_are_ignored() {
    let r = only::<FileProps>(
        r#"<D:multistatus xmlns:D="DAV:" xmlns:X="urn:x"><X:extension/>
        <D:response><X:note>hi</X:note><D:href>/a</D:href>
          <D:propstat><X:note/><D:prop><D:displayname>A</D:displayname>
            <D:resourcetype><X:thing/><D:collection/></D:resourcetype></D:prop>
            <D:status>HTTP/1.1 200 OK</D:status><X:note/></D:propstat>
          <D:x-unknown/></D:response>
        <X:trailer>text</X:trailer></D:multistatus>"#,
    );
    let p = props(&r);
    assert_eq!(p.displayname, "A");
    assert!(p.resourcetype.is_collection());
    assert!(
        p.resourcetype
            .0
            .contains(&Name::new("urn:x", "thing").unwrap())
    );
}

/// Pretty-printing, comments and whitespace around status lines and hrefs change nothing.
#[test]
fn pretty_printed_bodies() {
    let compact = only::<FileProps>(
        r#"<multistatus xmlns="DAV:"><response><href>/a</href><propstat><prop><displayname>A</displayname></prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>"#,
    );
    let pretty = only::<FileProps>(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- listing -->\n<multistatus xmlns=\"DAV:\">\n  <response>\n    <href>\n      /a\n    </href>\n    <!-- one propstat -->\n    <propstat>\n      <prop>\n        <displayname>A</displayname>\n      </prop>\n      <status>\n        HTTP/1.1 200 OK\n      </status>\n    </propstat>\n  </response>\n</multistatus>\n",
    );
    assert_eq!(compact, pretty);
}

/// Reason phrases are kept as the server wrote them, and any HTTP version is read.
#[test]
fn nonstandard_reason_phrases_are_kept() {
    let r = only::<FileProps>(
        r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>/a</D:href>
        <D:propstat><D:prop><D:getetag/></D:prop><D:status>HTTP/1.1 404 Resource not found</D:status></D:propstat>
        <D:propstat><D:prop><D:displayname>A</D:displayname></D:prop><D:status>HTTP/1.0 200 OK</D:status></D:propstat>
        </D:response></D:multistatus>"#,
    );
    let status = r
        .propstats()
        .unwrap()
        .status(FilePropsName::Getetag)
        .unwrap();
    assert_eq!(status.status(), Status::NOT_FOUND);
    assert_eq!(status.reason(), "Resource not found");
    assert_eq!(props(&r).getetag, Err(Status::NOT_FOUND));
    assert_eq!(props(&r).displayname, "A");
}

/// Hrefs are kept as sent, absolute URIs and paths alike, and decoded on request;
/// characters a URI cannot hold are percent-encoded.
#[test]
fn hrefs_are_kept_as_sent() {
    let all = responses::<NoProperties>(
        "<multistatus xmlns=\"DAV:\">\
         <response><href>http://example.com/a%20b/</href><status>HTTP/1.1 200 OK</status></response>\
         <response><href>/a%2Fb</href><status>HTTP/1.1 200 OK</status></response>\
         <response><href>/ünï code/x</href><status>HTTP/1.1 200 OK</status></response>\
         </multistatus>"
            .as_bytes(),
    );
    let href = |i: usize| all[i].hrefs[0].clone();
    assert_eq!(href(0).encoded(), "http://example.com/a%20b/");
    assert_eq!(href(0).decoded_path().as_deref(), Some("/a b/"));
    assert_eq!(href(1).encoded(), "/a%2Fb");
    assert_eq!(href(1).decoded_path().as_deref(), Some("/a/b"));
    assert_eq!(href(2).encoded(), "/%C3%BCn%C3%AF%20code/x");
    assert_eq!(href(2).decoded_path().as_deref(), Some("/ünï code/x"));
}

/// Text as XML reads it: `&#13;` is a carriage return, kept; a literal CR LF or CR is a
/// line feed; CDATA and references are text.
#[test]
fn text_as_xml_reads_it() {
    let r = only::<FileProps>(
        "<multistatus xmlns=\"DAV:\"><response><href>/a</href><propstat><prop>\
         <displayname>a&#13;\r\nb\rc<![CDATA[<d> & ]]>&lt;&#x45;</displayname>\
         </prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>",
    );
    assert_eq!(props(&r).displayname, "a\r\nb\nc<d> & <E");
}

/// A response whose content is wrong (no href) is an error of its own; the next one reads.
#[test]
fn content_error_ends_only_its_response() {
    let body = br#"<multistatus xmlns="DAV:">
        <response><status>HTTP/1.1 200 OK</status></response>
        <response><href>/b</href><status>HTTP/1.1 bad</status></response>
        <response><href>//evil.example/x</href><status>HTTP/1.1 200 OK</status></response>
        <response><href>/c</href><status>HTTP/1.1 200 OK</status></response>
        </multistatus>"#;
    let all = read_all::<NoProperties>(body);
    assert_eq!(all.len(), 4);
    let kinds: Vec<String> = all[..3]
        .iter()
        .map(|r| r.as_ref().unwrap_err().kind().to_string())
        .collect();
    assert_eq!(kinds[0], "{DAV:}response must contain a DAV:href");
    assert!(kinds[1].starts_with("{DAV:}status: "), "{}", kinds[1]);
    assert!(kinds[2].starts_with("{DAV:}href: "), "{}", kinds[2]);
    let e = all[1].as_ref().unwrap_err();
    assert_eq!((e.line(), e.column()), (3, 34), "at the `<D:status>`");
    assert_eq!(all[3].as_ref().unwrap().hrefs[0].encoded(), "/c");
}

/// Malformed XML ends the iteration with an error saying where.
#[test]
fn malformed_xml_ends_the_iteration() {
    let body = b"<multistatus xmlns=\"DAV:\">\n<response><href>/a</href><status>HTTP/1.1 200 OK</status></response>\n<response><href>/b</hre></response></multistatus>";
    let all = read_all::<NoProperties>(body);
    assert_eq!(all.len(), 2);
    assert!(all[0].is_ok());
    let e = all[1].as_ref().unwrap_err();
    assert!(
        matches!(e.kind(), ReadErrorKind::MismatchedEndTag { .. }),
        "{e}"
    );
    assert_eq!((e.line(), e.column()), (3, 19), "at the `</hre>`");
    let mut reader = MultistatusReader::<NoProperties, _>::from_slice(body);
    assert_eq!(reader.by_ref().count(), 2);
    assert!(reader.next().is_none(), "fused");
}

/// The root must be `DAV:multistatus`.
#[test]
fn root_must_be_multistatus() {
    let all =
        read_all::<NoProperties>(br#"<D:error xmlns:D="DAV:"><D:lock-token-submitted/></D:error>"#);
    let [Err(e)] = all.as_slice() else {
        panic!("{all:?}")
    };
    assert_eq!(
        e.kind(),
        &ReadErrorKind::UnexpectedRoot {
            expected: Name::dav("multistatus"),
            found: Name::dav("error"),
        }
    );
}

/// Bodies in UTF-16 with a byte order mark read as the same text.
#[test]
fn utf16_bodies() {
    let body = r#"<?xml version="1.0" encoding="UTF-16"?><multistatus xmlns="DAV:"><response><href>/é</href><propstat><prop><displayname>Ünï 😀</displayname></prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>"#;
    for big_endian in [false, true] {
        let bytes: Vec<u8> = std::iter::once(0xFEFF)
            .chain(body.encode_utf16())
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect();
        let r = responses::<FileProps>(&bytes);
        assert_eq!(props(&r[0]).displayname, "Ünï 😀");
        assert_eq!(r[0].hrefs[0].decoded_path().as_deref(), Some("/é"));
    }
}

/// A `#[dav(dead)]` store receives the unknown properties reported with a value; those
/// reported with an error status are only in `unknown`.
#[test]
fn dead_store_receives_unknown_properties() {
    #[derive(PropertySet, Debug, PartialEq)]
    struct Stored {
        displayname: Option<String>,
        #[dav(dead)]
        dead: DeadMap,
    }
    let r = only::<Stored>(
        r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>/a</D:href>
        <D:propstat><D:prop><A:color xmlns:A="http://apple.com/ns/ical/" symbolic-color="red">#F00</A:color>
        </D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>
        <D:propstat><D:prop><A:order xmlns:A="http://apple.com/ns/ical/"/></D:prop>
        <D:status>HTTP/1.1 404 Not Found</D:status></D:propstat></D:response></D:multistatus>"#,
    );
    let set = r.propstats().unwrap();
    let stored: Vec<&str> = set.props.dead.iter().map(|p| p.xml()).collect();
    assert_eq!(
        stored,
        [
            r#"<A:color xmlns:D="DAV:" xmlns:A="http://apple.com/ns/ical/" symbolic-color="red">#F00</A:color>"#
        ]
    );
    assert_eq!(set.unknown.len(), 2);
    assert!(set.props.dead().is_some());
}

/// Flattened sets are filled through the outer one, by typed name.
#[test]
fn flattened_sets() {
    #[derive(PropertySet, Debug, PartialEq)]
    #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
    struct Calendar {
        calendar_description: Option<Lang>,
    }
    #[derive(PropertySet, Debug, PartialEq)]
    struct Props {
        displayname: Option<String>,
        #[dav(flatten)]
        calendar: Calendar,
    }
    let r = only::<Props>(
        r#"<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:response>
        <D:href>/cal/</D:href><D:propstat><D:prop><D:displayname>Work</D:displayname>
        <C:calendar-description xml:lang="de">Arbeit</C:calendar-description></D:prop>
        <D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>"#,
    );
    let set = r.propstats().unwrap();
    assert_eq!(
        set.props.calendar.calendar_description,
        Some(Lang::new("Arbeit".to_owned()).with_lang("de"))
    );
    let name = PropsName::Calendar(CalendarName::CalendarDescription);
    assert_eq!(set.status(name).unwrap().status(), Status::OK);
}

/// `C:comp`: an attribute.
#[derive(PropertyValue, Debug, PartialEq, Default)]
#[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
struct Comp {
    #[dav(attribute)]
    name: String,
}

/// `C:supported-calendar-component-set`: repeated children.
#[derive(PropertyValue, Debug, PartialEq, Default)]
#[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
struct Components {
    comp: Vec<Comp>,
}

/// `C:calendar-data`: attributes and text.
#[derive(PropertyValue, Debug, PartialEq, Default)]
struct CalendarData {
    #[dav(attribute)]
    content_type: Option<String>,
    #[dav(attribute)]
    version: Option<String>,
    #[dav(text)]
    data: String,
}

/// `DAV:current-user-principal`: a href or `unauthenticated`.
#[derive(PropertyValue, Debug, PartialEq)]
enum Principal {
    #[dav(flatten)]
    Href(Href<'static>),
    Unauthenticated,
}

/// A quota: optional and required children in another namespace.
#[derive(PropertyValue, Debug, PartialEq, Default)]
#[dav(namespace = "urn:example:quota")]
struct Quota {
    used: u64,
    free: Option<u64>,
    #[dav(skip)]
    cached: bool,
}

/// A newtype.
#[derive(PropertyValue, Debug, PartialEq)]
struct Etag(String);

/// Choices of elements, as a list.
#[derive(PropertyValue, Debug, PartialEq, Clone, Copy)]
enum Kind {
    Collection,
    #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
    Calendar,
}

#[derive(PropertySet, Debug, PartialEq)]
#[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
struct Event {
    supported_calendar_component_set: Components,
    calendar_data: Option<CalendarData>,
    #[dav(namespace = "DAV:")]
    current_user_principal: Option<Principal>,
    #[dav(namespace = "urn:example:quota")]
    quota: Quota,
    #[dav(namespace = "DAV:")]
    getetag: Option<Etag>,
    #[dav(namespace = "DAV:")]
    resourcetype: Vec<Kind>,
}

const EVENT: &str = r#"<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"
    xmlns:Q="urn:example:quota"><D:response><D:href>/cal/e.ics</D:href><D:propstat><D:prop>
  <C:supported-calendar-component-set><C:comp name="VEVENT"/><D:x/><C:comp name="VTODO"/>
  </C:supported-calendar-component-set>
  <C:calendar-data content-type="text/calendar" version="2.0">BEGIN:VCALENDAR&#13;
END:VCALENDAR&#13;
</C:calendar-data>
  <D:current-user-principal><D:href>/principals/ana/</D:href></D:current-user-principal>
  <Q:quota><Q:used> 10 </Q:used></Q:quota>
  <D:getetag>"e1"</D:getetag>
  <D:resourcetype><D:collection/><C:calendar/><C:other/></D:resourcetype>
</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>"#;

/// Derived values read back: attributes, text, repeated children (unknown ones skipped),
/// a choice with a flattened variant, optional and defaulted children, a newtype, a list
/// of choices.
#[test]
fn derived_values() {
    let r = only::<Event>(EVENT);
    let set = r.propstats().unwrap();
    assert!(set.invalid.is_empty(), "{:?}", set.invalid);
    assert_eq!(
        set.props,
        Event {
            supported_calendar_component_set: Components {
                comp: vec![
                    Comp {
                        name: "VEVENT".into()
                    },
                    Comp {
                        name: "VTODO".into()
                    }
                ],
            },
            calendar_data: Some(CalendarData {
                content_type: Some("text/calendar".into()),
                version: Some("2.0".into()),
                data: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".into(),
            }),
            current_user_principal: Some(Principal::Href(
                Href::from_path("/principals/ana/").unwrap()
            )),
            quota: Quota {
                used: 10,
                free: None,
                cached: false
            },
            getetag: Some(Etag("\"e1\"".into())),
            resourcetype: vec![Kind::Collection, Kind::Calendar],
        }
    );
}

/// A choice is read by the name of its element; a unit variant is just the name.
#[test]
fn choice_by_element_name() {
    let body = EVENT.replace("<D:href>/principals/ana/</D:href>", "<D:unauthenticated/>");
    let r = only::<Event>(&body);
    assert_eq!(
        r.props().unwrap().current_user_principal,
        Some(Principal::Unauthenticated)
    );
}

/// A required attribute that is missing makes the value invalid; an absent child element
/// takes its default.
#[test]
fn missing_attribute_and_absent_child() {
    let body = EVENT
        .replace(r#"<C:comp name="VTODO"/>"#, "<C:comp/>")
        .replace("<Q:used> 10 </Q:used>", "<Q:free>5</Q:free>");
    let r = only::<Event>(&body);
    let set = r.propstats().unwrap();
    assert_eq!(set.invalid.len(), 1);
    assert_eq!(
        set.invalid[0].name,
        EventName::SupportedCalendarComponentSet
    );
    assert_eq!(
        set.invalid[0].error.kind(),
        &ValueErrorKind::Missing {
            expected: "the attribute `name`"
        }
    );
    assert_eq!(
        set.props.supported_calendar_component_set,
        Components::default()
    );
    assert_eq!(
        set.props.quota,
        Quota {
            used: 0,
            free: Some(5),
            cached: false
        }
    );
}

/// A value with its language, and raw XML with the property element's attributes and
/// the language in scope.
#[test]
fn language_and_raw_values() {
    #[derive(PropertySet, Debug, PartialEq)]
    struct Described {
        displayname: Lang,
        #[dav(namespace = "http://apple.com/ns/ical/")]
        calendar_color: Option<RawValue>,
    }
    let r = only::<Described>(
        r#"<D:multistatus xmlns:D="DAV:"><D:response xml:lang="fr"><D:href>/a</D:href>
        <D:propstat><D:prop><D:displayname>Travail</D:displayname>
        <A:calendar-color xmlns:A="http://apple.com/ns/ical/" symbolic-color="custom" xml:lang="en"
        ><A:hex>#FF2968</A:hex></A:calendar-color></D:prop>
        <D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>"#,
    );
    let set = r.propstats().unwrap();
    assert_eq!(
        set.props.displayname,
        Lang::new("Travail".to_owned()).with_lang("fr")
    );
    let color = set.props.calendar_color.as_ref().unwrap();
    assert_eq!(color.lang.as_deref(), Some("en"));
    assert_eq!(color.attributes.len(), 1);
    assert_eq!(color.attributes[0].value, "custom");
    assert_eq!(color.children.len(), 1);
}

/// A value is read from a tree too: the value of a PROPPATCH `set`.
#[test]
fn value_from_a_proppatch_element() {
    use multistatus::request::{Instruction, PropertyUpdate};
    let update = PropertyUpdate::parse(
        br#"<D:propertyupdate xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>
        <C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set>
        </D:prop></D:set></D:propertyupdate>"#,
    )
    .unwrap();
    let Instruction::Set(set) = &update.instructions[0] else {
        panic!()
    };
    assert!(set.name().is(CALDAV, "supported-calendar-component-set"));
    let components: Components = ValueReader::parse_element(set.element()).unwrap();
    assert_eq!(
        components.comp,
        [Comp {
            name: "VEVENT".into()
        }]
    );
}

/// The response reads whole when its values are left unread by the set (no property of
/// `NoProperties` is known): every property is kept raw, in order, with its propstat.
#[test]
fn a_set_that_knows_nothing_keeps_everything() {
    let r = only::<NoProperties>(
        r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>/a</D:href>
        <D:propstat><D:prop><D:displayname>A</D:displayname><D:getetag>"1"</D:getetag></D:prop>
        <D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>"#,
    );
    let set = r.propstats().unwrap();
    let names: Vec<String> = set
        .unknown
        .iter()
        .map(|u| u.property.name().to_string())
        .collect();
    assert_eq!(names, ["{DAV:}displayname", "{DAV:}getetag"]);
    assert_eq!(set.unknown[1].position, 1);
}

/// A value struct whose repeated children borrow for `'static` (`Vec<Href<'static>>`) is
/// parsed: the derive's bound names one lifetime on both sides of `FromIterator`. (Each item
/// is an `href` child holding an `Href` value, as the writer writes it.)
#[test]
fn repeated_static_hrefs_in_a_value() {
    #[derive(PropertyValue, Debug, PartialEq, Default)]
    struct Members {
        href: Vec<Href<'static>>,
    }
    #[derive(PropertySet, Debug, PartialEq)]
    struct Group {
        group_member_set: Option<Members>,
    }
    let r = only::<Group>(
        r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>/g</D:href><D:propstat><D:prop>
        <D:group-member-set><D:href><D:href>/u/a</D:href></D:href><D:href><D:href>/u/b</D:href></D:href>
        </D:group-member-set>
        </D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>"#,
    );
    assert!(r.propstats().unwrap().invalid.is_empty(), "{r:?}");
    let members = r.props().unwrap().group_member_set.as_ref().unwrap();
    let paths: Vec<_> = members
        .href
        .iter()
        .map(|h| h.decoded_path().unwrap())
        .collect();
    assert_eq!(paths, ["/u/a", "/u/b"]);
}
