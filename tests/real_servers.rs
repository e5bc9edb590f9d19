//! 207 bodies written in the style of real servers (`tests/fixtures/multistatus/`, see its
//! README) read into derived sets, with their exact values. Every fixture is read from a
//! slice, from streams whose reads end anywhere, and through a `BufReader` of capacity 1,
//! which must agree.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod support;

use std::fmt::Debug;
use std::io::BufReader;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use multistatus::client::{MultistatusReader, ParsedResponse, PropstatsOf};
use multistatus::name::{DAV, Tag};
use multistatus::values::{
    LockDepth, LockDiscovery, LockEntry, LockScope, LockType, ResourceType, Rfc3339, SupportedLock,
    Timeout,
};
use multistatus::{Description, Namespaces, ParseSet, PropertySet, Sink, Status};

/// What a file browser asks for: the RFC 4918 live properties and one dead property.
#[derive(PropertySet, Debug, PartialEq)]
struct Files {
    creationdate: Option<Rfc3339>,
    displayname: Option<String>,
    getcontentlength: Option<u64>,
    getcontenttype: Option<String>,
    getetag: Result<String, Status>,
    getlastmodified: Option<SystemTime>,
    lockdiscovery: Option<LockDiscovery>,
    resourcetype: ResourceType,
    supportedlock: Option<SupportedLock>,
    #[dav(namespace = "http://example.com/ns")]
    color: Option<Result<String, Status>>,
}

/// What the Nextcloud clients ask for beside: quota, and the `oc:` and `nc:` properties.
#[derive(PropertySet, Debug, PartialEq)]
struct Nextcloud {
    #[dav(flatten)]
    files: Files,
    quota_used_bytes: Option<u64>,
    quota_available_bytes: Option<i64>,
    #[dav(namespace = "http://owncloud.org/ns")]
    fileid: Option<u64>,
    #[dav(namespace = "http://owncloud.org/ns")]
    permissions: Option<String>,
    #[dav(namespace = "http://owncloud.org/ns")]
    size: Option<u64>,
    #[dav(namespace = "http://nextcloud.org/ns")]
    has_preview: Option<bool>,
}

/// What a CalDAV client asks for in a `calendar-query` or `sync-collection` REPORT.
#[derive(PropertySet, Debug, PartialEq)]
struct Calendar {
    getetag: Option<String>,
    getcontenttype: Option<String>,
    #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
    calendar_data: Option<String>,
}

/// A fixture as read: its responses and what the document says beside.
struct Read<P: ParseSet> {
    responses: Vec<ParsedResponse<P>>,
    sync_token: Option<String>,
    description: Option<Description<'static>>,
}

/// Reads the fixture `name` into `P` from a slice, from streams whose reads end anywhere
/// (`support::read_all`) and through a `BufReader` of capacity 1, checking that they agree.
fn read<P: ParseSet + PartialEq + Debug>(name: &str) -> Read<P> {
    let body = support::fixture(name);
    let mut slice = MultistatusReader::<P, _>::from_slice(body);
    let responses: Vec<_> = (&mut slice)
        .map(|r| r.unwrap_or_else(|e| panic!("{name}: {e}")))
        .collect();
    let mut stream = MultistatusReader::<P, _>::new(BufReader::with_capacity(1, body));
    let streamed: Vec<_> = (&mut stream).map(Result::unwrap).collect();
    assert_eq!(streamed, responses, "{name}: a BufReader of capacity 1");
    assert_eq!(stream.sync_token(), slice.sync_token(), "{name}");
    assert_eq!(stream.description(), slice.description(), "{name}");
    let trickled: Vec<_> = support::read_all::<P>(body)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(trickled, responses, "{name}: streams in chunks");
    Read {
        responses,
        sync_token: slice.sync_token().map(str::to_owned),
        description: slice.description().cloned(),
    }
}

fn set<P: ParseSet>(response: &ParsedResponse<P>) -> &PropstatsOf<P> {
    response.propstats().expect("a propstat response")
}

/// The expanded name, status code and raw XML of every unknown property, in order.
fn unknown<P: ParseSet>(response: &ParsedResponse<P>) -> Vec<(String, u16, &str)> {
    set(response)
        .unknown
        .iter()
        .map(|u| {
            (
                u.property.name().to_string(),
                u.status.status().code(),
                u.property.xml(),
            )
        })
        .collect()
}

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

/// Apache mod_dav, `allprop` at `Depth: 1`: live properties under `lp1:` declared on each
/// response, `ns1:` declared on the root for a dead property, typed values in both
/// responses; a path href decoded on request.
#[test]
fn apache_allprop_values() {
    let read = read::<Files>("apache-allprop.xml");
    let [folder, file] = read.responses.as_slice() else {
        panic!("two responses")
    };
    assert_eq!(folder.hrefs[0].encoded(), "/dav/");
    assert_eq!(
        set(folder).props,
        Files {
            creationdate: Some(Rfc3339(at(1_709_629_964))),
            displayname: None,
            getcontentlength: None,
            getcontenttype: Some("httpd/unix-directory".into()),
            getetag: Ok("\"1000-612e5b8a1c3f0\"".into()),
            getlastmodified: Some(at(1_709_629_964)),
            lockdiscovery: Some(LockDiscovery(Vec::new())),
            resourcetype: ResourceType::COLLECTION,
            supportedlock: Some(SupportedLock::WRITE),
            color: None,
        }
    );
    assert_eq!(file.hrefs[0].encoded(), "/dav/report%202024.pdf");
    assert_eq!(
        file.hrefs[0].decoded_path().as_deref(),
        Some("/dav/report 2024.pdf")
    );
    let p = &set(file).props;
    assert_eq!(p.creationdate, Some(Rfc3339(at(1_709_630_042))));
    assert_eq!(p.getcontentlength, Some(48_213));
    assert_eq!(p.getcontenttype.as_deref(), Some("application/pdf"));
    assert_eq!(p.getetag.as_deref(), Ok("\"bc55-612e5bd6e4a80\""));
    assert_eq!(p.getlastmodified, Some(at(1_709_630_042)));
    assert_eq!(p.resourcetype, ResourceType::RESOURCE);
    assert_eq!(p.supportedlock, Some(SupportedLock::WRITE));
    assert_eq!(p.color, Some(Ok("blue".into())));
    assert_eq!(
        set(file).status(FilesName::Color).unwrap().status(),
        Status::OK
    );
    assert_eq!(read.sync_token, None);
    assert_eq!(read.description, None);
}

/// Apache's `lp2:executable` is kept raw with the bindings in scope (the root's, then the
/// response's).
#[test]
fn apache_executable_is_kept_raw() {
    let read = read::<Files>("apache-allprop.xml");
    assert_eq!(unknown(&read.responses[0]), []);
    assert_eq!(
        unknown(&read.responses[1]),
        [(
            "{http://apache.org/dav/props/}executable".to_owned(),
            200,
            "<lp2:executable xmlns:D=\"DAV:\" xmlns:ns1=\"http://example.com/ns\" \
             xmlns:ns0=\"DAV:\" xmlns:lp1=\"DAV:\" xmlns:lp2=\"http://apache.org/dav/props/\">F\
             </lp2:executable>"
        )]
    );
}

/// Apache (as RFC 2518 had it) sends an active lock without `DAV:lockroot`, which RFC 4918
/// added: the lock is read with no root, its owner (under Apache's `ns0:`) kept as XML, and
/// written back without a `lockroot`.
#[test]
fn apache_lock_without_lockroot() {
    let read = read::<Files>("apache-allprop.xml");
    let set = set(&read.responses[1]);
    assert!(set.invalid.is_empty(), "{:?}", set.invalid);
    let Some(LockDiscovery(locks)) = &set.props.lockdiscovery else {
        panic!("{:?}", set.props.lockdiscovery)
    };
    let [lock] = locks.as_slice() else {
        panic!("{locks:?}")
    };
    assert_eq!(
        (lock.scope, lock.kind, lock.depth, lock.timeout),
        (
            LockScope::Exclusive,
            LockType::Write,
            LockDepth::Zero,
            Some(Timeout::Seconds(3587))
        )
    );
    assert_eq!(
        lock.token
            .as_ref()
            .map(|t| t.encoded().into_owned())
            .as_deref(),
        Some("opaquelocktoken:7e9b3a2c-1f4d-4c8e-9a51-3b6f0d2e8c47")
    );
    assert_eq!(lock.root, None);
    const LOCKDISCOVERY: Tag = Tag::new(DAV, "lockdiscovery");
    let mut sink = Sink::new(Namespaces::new());
    sink.property(&LOCKDISCOVERY, &LockDiscovery(locks.clone()))
        .unwrap();
    assert_eq!(
        sink.as_str(),
        concat!(
            "<D:lockdiscovery><D:activelock><D:locktype><D:write/></D:locktype>",
            "<D:lockscope><D:exclusive/></D:lockscope><D:depth>0</D:depth>",
            "<D:owner><D:href>mailto:alice@example.com</D:href></D:owner>",
            "<D:timeout>Second-3587</D:timeout><D:locktoken>",
            "<D:href>opaquelocktoken:7e9b3a2c-1f4d-4c8e-9a51-3b6f0d2e8c47</D:href>",
            "</D:locktoken></D:activelock></D:lockdiscovery>"
        )
    );
}

/// Apache, named properties: the 404 propstat's names under `g0:`, `g1:`, … declared per
/// response, `g0` bound to `DAV:` in one response and to another namespace in the next.
#[test]
fn apache_named_properties_with_g_prefixes() {
    let read = read::<Files>("apache-named.xml");
    let [file, folder] = read.responses.as_slice() else {
        panic!("two responses")
    };
    let s = set(file);
    assert_eq!(s.props.getcontentlength, Some(1024));
    assert_eq!(s.props.getetag.as_deref(), Ok("\"400-612e5c0f3b2c0\""));
    assert_eq!(s.props.color, Some(Ok("red".into())));
    assert_eq!(s.props.displayname, None);
    let not_found = s.status(FilesName::Displayname).unwrap();
    assert_eq!(
        (not_found.status(), not_found.reason()),
        (Status::NOT_FOUND, "Not Found")
    );
    assert_eq!(
        unknown(file),
        [(
            "{urn:x-example:private}secret".to_owned(),
            404,
            "<g1:secret xmlns:D=\"DAV:\" xmlns:ns1=\"http://example.com/ns\" xmlns:ns0=\"DAV:\" \
             xmlns:lp1=\"DAV:\" xmlns:g0=\"DAV:\" xmlns:g1=\"urn:x-example:private\"/>"
        )]
    );

    assert_eq!(
        folder.hrefs[0].decoded_path().as_deref(),
        Some("/dav/sub dir/")
    );
    let s = set(folder);
    assert_eq!(s.props.getetag.as_deref(), Ok("\"1000-612e5c1a7d900\""));
    assert_eq!(s.props.color, Some(Err(Status::NOT_FOUND)));
    assert_eq!(s.props.getcontentlength, None);
    for name in [
        FilesName::Color,
        FilesName::Displayname,
        FilesName::Getcontentlength,
    ] {
        assert_eq!(
            s.status(name).unwrap().status(),
            Status::NOT_FOUND,
            "{name:?}"
        );
    }
    assert_eq!(s.status(FilesName::Getetag).unwrap().status(), Status::OK);
    assert_eq!(
        unknown(folder),
        [(
            "{urn:x-example:private}secret".to_owned(),
            404,
            "<g2:secret xmlns:D=\"DAV:\" xmlns:ns1=\"http://example.com/ns\" xmlns:ns0=\"DAV:\" \
             xmlns:lp1=\"DAV:\" xmlns:g0=\"http://example.com/ns\" xmlns:g1=\"DAV:\" \
             xmlns:g2=\"urn:x-example:private\"/>"
        )]
    );
}

/// Nextcloud (SabreDAV): `d:` for `DAV:`, the `oc:` and `nc:` properties typed, an etag
/// written with `&quot;`, a negative quota, a property in a namespace of no root binding
/// under a generated `x1:`, missing properties as empty elements with 404.
#[test]
fn nextcloud_values() {
    let read = read::<Nextcloud>("nextcloud.xml");
    let [folder, photo] = read.responses.as_slice() else {
        panic!("two responses")
    };
    assert_eq!(
        folder.hrefs[0].encoded(),
        "/remote.php/dav/files/alice/Photos/"
    );
    assert_eq!(
        set(folder).props,
        Nextcloud {
            files: Files {
                creationdate: None,
                displayname: None,
                getcontentlength: None,
                getcontenttype: None,
                getetag: Ok("\"6596dafb8c4a1\"".into()),
                getlastmodified: Some(at(1_704_385_211)),
                lockdiscovery: None,
                resourcetype: ResourceType::COLLECTION,
                supportedlock: None,
                color: Some(Err(Status::NOT_FOUND)),
            },
            quota_used_bytes: Some(2_301_144),
            quota_available_bytes: Some(-3),
            fileid: Some(187),
            permissions: Some("RGDNVCK".into()),
            size: Some(2_301_144),
            has_preview: Some(false),
        }
    );
    let statuses: Vec<u16> = set(folder)
        .propstats()
        .iter()
        .map(|p| p.status.status().code())
        .collect();
    assert_eq!(statuses, [200, 404]);
    let s = set(folder);
    let name = NextcloudName::Files(FilesName::Getcontenttype);
    assert_eq!(s.status(name).unwrap().status(), Status::NOT_FOUND);

    assert_eq!(
        photo.hrefs[0].encoded(),
        "/remote.php/dav/files/alice/Photos/Caf%C3%A9%20%C3%A0%20Paris.jpg"
    );
    assert_eq!(
        photo.hrefs[0].decoded_path().as_deref(),
        Some("/remote.php/dav/files/alice/Photos/Café à Paris.jpg")
    );
    let p = &set(photo).props;
    assert_eq!(p.files.getcontentlength, Some(2_301_144));
    assert_eq!(p.files.getcontenttype.as_deref(), Some("image/jpeg"));
    assert_eq!(
        p.files.getetag.as_deref(),
        Ok("\"a3f1c2d9e87b6c5d4e3f2a1b0c9d8e7f\"")
    );
    assert_eq!(p.files.resourcetype, ResourceType::RESOURCE);
    assert_eq!(p.files.color, Some(Ok("green".into())));
    assert_eq!((p.fileid, p.has_preview), (Some(201), Some(true)));
    assert_eq!(p.permissions.as_deref(), Some("RGDNVW"));
    assert_eq!((p.quota_used_bytes, p.quota_available_bytes), (None, None));
    assert!(set(photo).unknown.is_empty() && set(photo).invalid.is_empty());
}

/// Read into a set that knows none of them, Nextcloud's `oc:`, `nc:` and quota properties
/// are kept raw, each with the root's bindings and its status, in document order.
#[test]
fn nextcloud_properties_unknown_to_the_set_are_kept() {
    let read = read::<Files>("nextcloud.xml");
    let bindings = "xmlns:d=\"DAV:\" xmlns:s=\"http://sabredav.org/ns\" \
                    xmlns:oc=\"http://owncloud.org/ns\" xmlns:nc=\"http://nextcloud.org/ns\"";
    let expected: Vec<(String, u16, String)> = [
        ("d", "DAV:", "quota-used-bytes", "2301144"),
        ("d", "DAV:", "quota-available-bytes", "-3"),
        ("oc", "http://owncloud.org/ns", "fileid", "187"),
        ("oc", "http://owncloud.org/ns", "permissions", "RGDNVCK"),
        ("oc", "http://owncloud.org/ns", "size", "2301144"),
        ("nc", "http://nextcloud.org/ns", "has-preview", "false"),
    ]
    .iter()
    .map(|(prefix, ns, local, value)| {
        let xml = format!("<{prefix}:{local} {bindings}>{value}</{prefix}:{local}>");
        (format!("{{{ns}}}{local}"), 200, xml)
    })
    .collect();
    let got: Vec<(String, u16, String)> = unknown(&read.responses[0])
        .into_iter()
        .map(|(name, status, xml)| (name, status, xml.to_owned()))
        .collect();
    assert_eq!(got, expected);
    let last = &unknown(&read.responses[1])[5..];
    assert_eq!(
        last,
        [(
            "{DAV:}quota-available-bytes".to_owned(),
            404,
            "<d:quota-available-bytes xmlns:d=\"DAV:\" xmlns:s=\"http://sabredav.org/ns\" \
             xmlns:oc=\"http://owncloud.org/ns\" xmlns:nc=\"http://nextcloud.org/ns\"/>"
        )]
    );
}

/// Go's x/net/webdav: one line, `DAV:` redeclared on nested elements, other namespaces as
/// a default namespace on the property, empty elements written as start and end tags, and
/// quotes written `&#34;`.
#[test]
fn go_webdav_values() {
    let read = read::<Files>("go-webdav.xml");
    let [folder, file] = read.responses.as_slice() else {
        panic!("two responses")
    };
    let exclusive = Some(SupportedLock(
        vec![LockEntry {
            scope: LockScope::Exclusive,
            kind: LockType::Write,
        }]
        .into(),
    ));
    let s = set(folder);
    assert_eq!(s.props.resourcetype, ResourceType::COLLECTION);
    assert_eq!(s.props.displayname.as_deref(), Some("files"));
    assert_eq!(s.props.getlastmodified, Some(at(1_712_907_000)));
    assert_eq!(s.props.supportedlock, exclusive);
    assert_eq!(s.props.getetag, Err(Status::NOT_FOUND));
    assert_eq!(s.status(FilesName::Getetag), None);

    let s = set(file);
    assert_eq!(file.hrefs[0].encoded(), "/files/main.go");
    assert_eq!(
        s.props,
        Files {
            creationdate: None,
            displayname: Some("main.go".into()),
            getcontentlength: Some(1843),
            getcontenttype: Some("text/plain; charset=utf-8".into()),
            getetag: Ok("\"17c5e2b4a3d8f0a4733\"".into()),
            getlastmodified: Some(at(1_712_906_953)),
            lockdiscovery: None,
            resourcetype: ResourceType::RESOURCE,
            supportedlock: exclusive,
            color: Some(Ok("red & white".into())),
        }
    );
    assert_eq!(
        unknown(file),
        [(
            "{urn:x-example}quota".to_owned(),
            404,
            "<quota xmlns:D=\"DAV:\" xmlns=\"urn:x-example\"></quota>"
        )]
    );
}

/// RFC 4918 §9.1.4's style: a default namespace, tab-indented, absolute-URI hrefs, an
/// empty `getcontentlength` for a collection (no value, no error), a custom reason phrase,
/// two propstats with one status merged, a property in no namespace (`xmlns=""`), `&#13;`
/// kept, a comment between responses, the document's description with its language.
#[test]
fn default_namespace_values() {
    let read = read::<Files>("default-namespace.xml");
    let [folder, page] = read.responses.as_slice() else {
        panic!("two responses")
    };
    assert_eq!(
        folder.hrefs[0].encoded(),
        "http://www.example.com/container/"
    );
    assert_eq!(
        folder.hrefs[0].decoded_path().as_deref(),
        Some("/container/")
    );
    let s = set(folder);
    assert_eq!(s.props.displayname.as_deref(), Some("Example collection"));
    assert_eq!(s.props.creationdate, Some(Rfc3339(at(881_026_941))));
    assert_eq!(s.props.getcontentlength, None);
    assert_eq!(
        s.status(FilesName::Getcontentlength).unwrap().status(),
        Status::OK
    );
    assert!(s.invalid.is_empty());
    assert_eq!(s.props.resourcetype, ResourceType::COLLECTION);
    assert_eq!(s.props.getetag, Err(Status::NOT_FOUND));
    let missing = s.status(FilesName::Getetag).unwrap();
    assert_eq!(
        (
            missing.status(),
            missing.reason(),
            missing.has_custom_reason()
        ),
        (Status::NOT_FOUND, "Resource not found", true)
    );
    assert_eq!(
        unknown(folder),
        [
            (
                "{http://ns.example.com/boxschema/}bigbox".to_owned(),
                200,
                "<R:bigbox xmlns=\"DAV:\" xmlns:R=\"http://ns.example.com/boxschema/\">\
                 <R:BoxType>Box type A</R:BoxType></R:bigbox>"
            ),
            (
                "{http://ns.example.com/boxschema/}author".to_owned(),
                404,
                "<R:author xmlns=\"DAV:\" xmlns:R=\"http://ns.example.com/boxschema/\"/>"
            ),
        ]
    );

    assert_eq!(
        page.hrefs[0].decoded_path().as_deref(),
        Some("/container/front page.html")
    );
    let s = set(page);
    let statuses: Vec<u16> = s
        .propstats()
        .iter()
        .map(|p| p.status.status().code())
        .collect();
    assert_eq!(statuses, [200, 200]);
    assert_eq!(
        s.props,
        Files {
            creationdate: None,
            displayname: Some("Front page\r\n(draft)".into()),
            getcontentlength: Some(4525),
            getcontenttype: Some("text/html".into()),
            getetag: Ok("\"zzyzx\"".into()),
            getlastmodified: Some(at(884_597_156)),
            lockdiscovery: None,
            resourcetype: ResourceType::RESOURCE,
            supportedlock: None,
            color: None,
        }
    );
    assert_eq!(
        unknown(page),
        [
            ("flag".to_owned(), 200, "<flag xmlns=\"\">yes</flag>"),
            (
                "{http://ns.example.com/boxschema/}author".to_owned(),
                200,
                "<R:author xmlns=\"DAV:\" xmlns:R=\"http://ns.example.com/boxschema/\">\
                 <R:Name>Jane Doe</R:Name></R:author>"
            ),
        ]
    );
    let description = read.description.unwrap();
    assert_eq!(
        (description.text(), description.lang()),
        ("Two members listed", Some("en"))
    );
}

/// The iCalendar lines of an event, joined by `end`.
fn ics(uid: &str, start: &str, duration: &str, summary: &str, end: &str) -> String {
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Example Corp.//CalDAV Client//EN",
        "BEGIN:VEVENT",
        &format!("UID:{uid}"),
        "DTSTAMP:20240401T090000Z",
        &format!("DTSTART:{start}"),
        &format!("DURATION:{duration}"),
        &format!("SUMMARY:{summary}"),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    .iter()
    .map(|line| format!("{line}{end}"))
    .collect()
}

/// A CalDAV `calendar-query` answer: calendar data with `&#13;` before each line feed
/// (SabreDAV's way to keep iCalendar's CR LF) reads as CR LF, and in CDATA as written.
#[test]
fn caldav_calendar_query() {
    let read = read::<Calendar>("caldav-calendar-query.xml");
    let [lunch, review] = read.responses.as_slice() else {
        panic!("two responses")
    };
    assert_eq!(
        set(lunch).props,
        Calendar {
            getetag: Some("\"3b9f1c0e2d7a4b5c\"".into()),
            getcontenttype: None,
            calendar_data: Some(ics(
                "20240415T120000Z-1@example.com",
                "20240415T120000Z",
                "PT1H",
                "Team lunch",
                "\r\n"
            )),
        }
    );
    assert_eq!(
        set(review).props.calendar_data,
        Some(ics(
            "20240416T090000Z-2@example.com",
            "20240416T090000Z",
            "PT30M",
            "Review <draft> & sign",
            "\n"
        ))
    );
    assert_eq!(
        review.hrefs[0].encoded(),
        "/calendars/alice/work/20240416T090000Z-2.ics"
    );
}

/// A body with raw CR LF line ends and a lone CR in a text: XML 1.0 §2.11 reads both as a
/// line feed before parsing, so the calendar data has LF line ends (only `&#13;` is a CR).
#[test]
fn raw_carriage_returns_are_line_feeds() {
    let body = support::fixture("caldav-raw-crlf.xml");
    assert!(body.windows(2).any(|w| w == b"\r\n"));
    assert!(body.windows(14).any(|w| w == b"SUMMARY:Budget"));
    let read = read::<Calendar>("caldav-raw-crlf.xml");
    let [event] = read.responses.as_slice() else {
        panic!("one response")
    };
    assert_eq!(
        event.hrefs[0].encoded(),
        "http://cal.example.com/calendars/alice/work/20240417T150000Z-3.ics"
    );
    assert_eq!(
        set(event).props,
        Calendar {
            getetag: Some("\"fffff-abcd3\"".into()),
            getcontenttype: None,
            calendar_data: Some(ics(
                "20240417T150000Z-3@example.com",
                "20240417T150000Z",
                "PT1H",
                "Budget\nplanning",
                "\n"
            )),
        }
    );
}

/// A `sync-collection` answer with its `sync-token` before the responses: known as soon as
/// the first response is read; a removed member is a status-form 404.
#[test]
fn sync_collection_token_first() {
    let body = support::fixture("sync-collection.xml");
    let mut reader = MultistatusReader::<Calendar, _>::from_slice(body);
    let changed = reader.next().unwrap().unwrap();
    assert_eq!(
        reader.sync_token(),
        Some("http://example.com/ns/sync/4e71a2")
    );
    assert_eq!(
        set(&changed).props,
        Calendar {
            getetag: Some("\"3b9f1c0e2d7a4b5d\"".into()),
            getcontenttype: Some("text/calendar; charset=utf-8; component=vevent".into()),
            calendar_data: None,
        }
    );

    let read = read::<Calendar>("sync-collection.xml");
    assert_eq!(read.responses[0], changed);
    let removed = &read.responses[1];
    assert_eq!(
        removed.hrefs[0].encoded(),
        "/calendars/alice/work/20240301T100000Z-9.ics"
    );
    assert_eq!(removed.hrefs.len(), 1);
    assert_eq!(removed.status().unwrap().status(), Status::NOT_FOUND);
    assert_eq!(removed.props(), None);
    assert_eq!(
        read.sync_token.as_deref(),
        Some("http://example.com/ns/sync/4e71a2")
    );
}

/// Every fixture reads into every set without a content error, alike from a slice and
/// from streams.
#[test]
fn every_fixture_reads_into_every_set() {
    for (name, _) in support::FIXTURES {
        assert!(!read::<Files>(name).responses.is_empty(), "{name}");
        assert!(!read::<Nextcloud>(name).responses.is_empty(), "{name}");
        assert!(!read::<Calendar>(name).responses.is_empty(), "{name}");
    }
}

/// Every file in `tests/fixtures/multistatus/` is compiled in and listed in its README.
#[test]
fn every_fixture_is_listed() {
    let readme = std::fs::read_to_string(format!("{}README.md", support::FIXTURES_DIR)).unwrap();
    let mut files: Vec<String> = std::fs::read_dir(support::FIXTURES_DIR)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|f| f.ends_with(".xml"))
        .collect();
    files.sort();
    let listed: Vec<&str> = support::FIXTURES.iter().map(|(f, _)| *f).collect();
    assert_eq!(files, listed);
    for file in &files {
        assert!(
            readme.contains(&format!("| {file} |")),
            "{file} not in the README"
        );
    }
}
