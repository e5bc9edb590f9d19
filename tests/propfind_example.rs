//! `examples/propfind.rs` offline: the command line, the request it sends, and the table it
//! prints for a fixture's answer.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod support;

#[allow(dead_code, reason = "the example's `main` and `run` need a server")]
#[path = "../examples/propfind.rs"]
mod propfind;

use multistatus::client::MultistatusReader;
use multistatus::name::Name;
use multistatus::request::{Depth, Propfind};
use propfind::{Args, Listing, basic_auth, parse_args, parse_prop, request, row, table};

fn args(line: &[&str]) -> Result<Args, String> {
    parse_args(line.iter().map(|a| (*a).to_owned()))
}

/// The table the example prints for the fixture `name`.
fn table_of(name: &str) -> String {
    let rows: Vec<_> = MultistatusReader::<Listing, _>::from_slice(support::fixture(name))
        .map(|r| row(&r.unwrap()))
        .collect();
    table(&rows)
}

/// No option: `Depth: 1` and `allprop`, no authentication.
#[test]
fn defaults() {
    assert_eq!(
        args(&["http://127.0.0.1:4918/"]).unwrap(),
        Args {
            url: "http://127.0.0.1:4918/".into(),
            depth: Depth::One,
            props: Vec::new(),
            user: None,
            password: None,
        }
    );
}

/// Every option, in any order; `--prop` repeats.
#[test]
fn every_option() {
    let a = args(&[
        "--depth",
        "infinity",
        "https://dav.example.com/a/",
        "--prop",
        "displayname",
        "--prop",
        "http://owncloud.org/ns:fileid",
        "--user",
        "alice",
        "--password",
        "s3cret",
    ])
    .unwrap();
    assert_eq!(a.url, "https://dav.example.com/a/");
    assert_eq!(a.depth, Depth::Infinity);
    assert_eq!(
        a.props,
        [
            Name::dav("displayname"),
            Name::new("http://owncloud.org/ns", "fileid").unwrap()
        ]
    );
    assert_eq!(
        (a.user.as_deref(), a.password.as_deref()),
        (Some("alice"), Some("s3cret"))
    );
    assert!(
        args(&["u", "--prop", "getetag", "--allprop"])
            .unwrap()
            .props
            .is_empty()
    );
}

/// Mistakes on the command line are messages, never a request.
#[test]
fn bad_command_lines() {
    assert_eq!(
        args(&["u", "--depth", "2"]).unwrap_err(),
        args(&["u", "--depth", "2"]).unwrap_err()
    );
    assert!(args(&["u", "--depth", "2"]).unwrap_err().contains("\"2\""));
    assert!(
        args(&["u", "--depth"])
            .unwrap_err()
            .contains("--depth needs a value")
    );
    assert!(
        args(&["u", "--verbose"])
            .unwrap_err()
            .starts_with("unknown option --verbose")
    );
    assert!(args(&["u", "v"]).unwrap_err().starts_with("one URL only"));
    assert!(args(&[]).unwrap_err().starts_with("usage: propfind URL"));
    assert_eq!(
        args(&["u", "--password", "p"]).unwrap_err(),
        "--password needs --user"
    );
    assert!(
        args(&["u", "--prop", "bad name"])
            .unwrap_err()
            .starts_with("bad name: ")
    );
}

/// Property names: a namespace URI then the local name after its last colon, Clark
/// notation, or a bare local name in `DAV:`.
#[test]
fn property_names() {
    let name = |text| parse_prop(text).unwrap();
    assert_eq!(name("getetag"), Name::dav("getetag"));
    assert_eq!(name("DAV:getetag"), Name::dav("getetag"));
    assert_eq!(name("{DAV:}getetag"), Name::dav("getetag"));
    assert_eq!(
        name("urn:ietf:params:xml:ns:caldav:calendar-data"),
        Name::new("urn:ietf:params:xml:ns:caldav", "calendar-data").unwrap()
    );
    assert_eq!(
        name("{http://example.com/ns}color"),
        Name::new("http://example.com/ns", "color").unwrap()
    );
    assert!(
        parse_prop("{DAV:getetag")
            .unwrap_err()
            .contains("no closing brace")
    );
}

/// The request: PROPFIND with `Depth`, an XML content type, basic authentication and a
/// `prop` body naming the properties asked for, read back by the crate's request parser.
#[test]
fn the_request() {
    let a = args(&[
        "http://127.0.0.1:4918/docs/",
        "--depth",
        "0",
        "--prop",
        "getetag",
        "--prop",
        "urn:x-example:color",
        "--user",
        "Aladdin",
        "--password",
        "open sesame",
    ])
    .unwrap();
    let r = request(&a).unwrap();
    assert_eq!(r.method().as_str(), "PROPFIND");
    assert_eq!(r.uri(), "http://127.0.0.1:4918/docs/");
    let header = |name| r.headers().get(name).unwrap().to_str().unwrap();
    assert_eq!(header("depth"), "0");
    assert_eq!(header("content-type"), "application/xml; charset=utf-8");
    assert_eq!(
        header("authorization"),
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    );
    assert_eq!(
        Propfind::parse(r.body()).unwrap(),
        Propfind::Prop(vec![
            Name::dav("getetag"),
            Name::new("urn:x-example", "color").unwrap()
        ])
    );
    let all = request(&args(&["http://h/"]).unwrap()).unwrap();
    assert!(all.headers().get("authorization").is_none());
    assert_eq!(
        Propfind::parse(all.body()).unwrap(),
        Propfind::AllProp {
            include: Vec::new()
        }
    );
}

/// Basic authentication: RFC 7617's example, and base64 padding of one, two and no byte.
#[test]
fn basic_authentication() {
    assert_eq!(
        basic_auth("Aladdin", "open sesame"),
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    );
    assert_eq!(basic_auth("a", ""), "Basic YTo=");
    assert_eq!(basic_auth("", ""), "Basic Og==");
    assert_eq!(basic_auth("ab", ""), "Basic YWI6");
    assert_eq!(basic_auth("foo", "bar"), "Basic Zm9vOmJhcg==");
}

/// Nextcloud's answer: hrefs decoded, sizes aligned right, dates in UTC, collections as
/// `dir`, the properties the set does not know (200 only) in the last column.
#[test]
fn nextcloud_table() {
    assert_eq!(
        table_of("nextcloud.xml"),
        concat!(
            "HREF                                                 NAME     SIZE  MODIFIED             TYPE        ETAG                                OTHER\n",
            "/remote.php/dav/files/alice/Photos/                                 2024-01-04 16:20:11  dir         \"6596dafb8c4a1\"                     quota-used-bytes=2301144 quota-available-bytes=-3 fileid=187 permissions=RGDNVCK size=2301144 has-preview=false\n",
            "/remote.php/dav/files/alice/Photos/Café à Paris.jpg        2301144  2024-01-03 08:05:42  image/jpeg  \"a3f1c2d9e87b6c5d4e3f2a1b0c9d8e7f\"  fileid=201 permissions=RGDNVW size=2301144 has-preview=true color=green\n",
        )
    );
}

/// A status-form response shows its status in the last column.
#[test]
fn status_response_row() {
    assert_eq!(
        table_of("sync-collection.xml"),
        concat!(
            "HREF                                          NAME  SIZE  MODIFIED  TYPE                                            ETAG                OTHER\n",
            "/calendars/alice/work/20240415T120000Z-1.ics                        text/calendar; charset=utf-8; component=vevent  \"3b9f1c0e2d7a4b5d\"\n",
            "/calendars/alice/work/20240301T100000Z-9.ics                                                                                            status 404 Not Found\n",
        )
    );
}

/// A value that does not parse is shown as `name=?`; East Asian wide characters take two
/// columns.
#[test]
fn invalid_values_and_wide_characters() {
    let body = "<multistatus xmlns=\"DAV:\"><response><href>/東京/</href><propstat><prop>\
                <getcontentlength>many</getcontentlength><displayname>東京</displayname>\
                </prop><status>HTTP/1.1 200 OK</status></propstat></response>\
                <response><href>/a</href><status>HTTP/1.1 200 OK</status></response></multistatus>";
    let rows: Vec<_> = MultistatusReader::<Listing, _>::from_slice(body.as_bytes())
        .map(|r| row(&r.unwrap()))
        .collect();
    assert_eq!(
        table(&rows),
        concat!(
            "HREF    NAME  SIZE  MODIFIED  TYPE  ETAG  OTHER\n",
            "/東京/  東京                              getcontentlength=?\n",
            "/a                                        status 200 OK\n",
        )
    );
}
