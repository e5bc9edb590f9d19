//! SPEC §5: rendering a `Depth: 1` PROPFIND answer for N resources, three ways, in one run.
//!
//! - `derive`: a `#[derive(PropertySet)]` struct answered through
//!   `PropfindAnswer::new(&Propfind::parse(body))` and a `MultistatusWriter` (the user path);
//! - `hand_tuned`: literal tags pushed with `Vec::extend_from_slice`, hand-written escaping,
//!   percent-encoding and number/date formatting, no validation;
//! - `quick_xml_writer`: quick-xml's `Writer` builder (`create_element(..)
//!   .write_inner_content(..)`), prefixes written by hand, hrefs encoded with
//!   `percent-encoding`.
//!
//! Beside them, rows for what the derive does in other shapes: `allprop`, collections that
//! lack properties, dead properties kept per resource (`derive_dead_100`) and a `Depth: 1`
//! body mixing two sets (`derive_depth_one_101`, before and after `share_namespaces`).
//!
//! All three produce the same bytes (checked, untimed, before the benches run). Only rendering
//! into a reused, cleared `Vec<u8>` is timed; resources are built outside the timed region,
//! and so is the derive's per-request work (parsing the request, `PropfindAnswer::new`), which
//! `derive_per_request` times on its own.
//!
//! Before the benches, `main` prints a streaming check: 10 000 and 1 000 000 resources
//! rendered through the derive into a byte-counting `io::Write`, with the growth of the peak
//! RSS (`VmHWM`, reset before each run) of each.
//!
//! Allocations: the global allocator is divan's `AllocProfiler`, a counting wrapper around
//! `System`; the `alloc`/`grow` rows under each bench are per iteration, i.e. per rendered
//! document, so allocations per resource are those counts divided by N.
//!
//! `PROPFIND_PROFILE=derive|hand_tuned|quick_xml_writer` (and optionally `PROPFIND_ROUNDS`,
//! `PROPFIND_N`) turns the binary into a driver for `perf record`: it renders N = 10 000 (or
//! `PROPFIND_N`) resources in a loop and exits.
//!
//! Run with `cargo bench --bench propfind`.

use std::fmt::Write as _;
use std::io;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use divan::counter::ItemsCount;
use divan::{AllocProfiler, Bencher, black_box};
use multistatus::propfind::{Adjust, PropfindAnswer};
use multistatus::request::Propfind;
use multistatus::values::{ResourceType, Rfc3339};
use multistatus::{
    DeadMap, DeadProperties, DeadProperty, Error, Href, MultistatusWriter, NameTree, PATH_SET,
    Plain, PropState, PropertySet, PropertyValue, Sink,
};
use percent_encoding::utf8_percent_encode;
use quick_xml::Writer;
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesText, Event};

// The workspace forbids `unsafe` (also on the command line, so a bench cannot `allow` it):
// divan's profiler is the counting wrapper around `System`, and it reports the allocations of
// every bench iteration in the table.
#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

const CUSTOM_NS: &str = "http://example.com/ns";
const UNKNOWN_NS: &str = "urn:x-unknown";

/// The request: every property of the workload, plus one the server does not know.
const REQUEST: &[u8] = br#"<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:" xmlns:E="http://example.com/ns" xmlns:U="urn:x-unknown">
  <D:prop>
    <D:displayname/><D:getcontentlength/><D:getcontenttype/><D:getetag/>
    <D:getlastmodified/><D:creationdate/><D:resourcetype/><E:color/><U:nope/>
  </D:prop>
</D:propfind>"#;

/// What the server knows about a file.
#[derive(PropertySet)]
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

/// One resource: its decoded path and its properties.
struct File {
    path: String,
    props: FileProps,
}

const COLORS: [&str; 3] = ["red", "green", "blue"];
const TYPES: [&str; 2] = ["text/plain", "application/pdf"];

fn file(i: usize) -> File {
    let t = UNIX_EPOCH + Duration::from_secs(884_597_156 + 3_607 * i as u64);
    File {
        path: format!("/files/report 2024/Ünïcode #{i}.txt"),
        props: FileProps {
            displayname: format!("Tom & Jerry <{i}>"),
            getcontentlength: 1_000 + 37 * i as u64,
            getcontenttype: TYPES[i % 2].to_owned(),
            getetag: format!("\"{:x}-{i}\"", 0x5eed_0000 + i),
            getlastmodified: t,
            creationdate: Rfc3339(t - Duration::from_secs(86_400 * 30)),
            resourcetype: ResourceType::RESOURCE,
            color: COLORS[i % 3].to_owned(),
        },
    }
}

fn files(n: usize) -> Vec<File> {
    (0..n).map(file).collect()
}

fn answer() -> Result<PropfindAnswer<FileProps>, Box<dyn std::error::Error>> {
    Ok(PropfindAnswer::new(&Propfind::parse(REQUEST)?))
}

// ---- 1. The derive ----

fn render_derive(
    answer: &PropfindAnswer<FileProps>,
    files: &[File],
    out: &mut Vec<u8>,
) -> Result<(), Error> {
    // Rendered straight into `out`, reusing its capacity, as a server building a body in
    // memory would.
    let mut ms = MultistatusWriter::in_memory(std::mem::take(out), answer.namespaces());
    for f in files {
        answer.write(&mut ms, &Href::from_path(f.path.as_str())?, &f.props)?;
    }
    *out = ms.finish()?;
    Ok(())
}

// ---- Formatting shared by the two hand-written variants ----

/// `n` in decimal, into the end of `buf`; returns where the digits start.
fn format_u64(mut n: u64, buf: &mut [u8; 20]) -> usize {
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
        2021222324252627282930313233343536373839\
        4041424344454647484950515253545556575859\
        6061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899";
    let mut i = buf.len();
    while n >= 100 {
        let d = (n % 100) as usize * 2;
        n /= 100;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[d..d + 2]);
    }
    if n >= 10 {
        let d = n as usize * 2;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[d..d + 2]);
    } else {
        i -= 1;
        buf[i] = b'0' + n as u8;
    }
    i
}

/// A UTC time broken down.
struct Civil {
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    weekday: usize,
}

/// Days since 1970 to a civil date (H. Hinnant's algorithm), for times after 1970.
fn civil(t: SystemTime) -> Civil {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, (secs % 86_400) as u32);
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400) as u32 + u32::from(month <= 2);
    Civil {
        year,
        month,
        day,
        hour: rem / 3_600,
        minute: rem / 60 % 60,
        second: rem % 60,
        weekday: ((days + 4) % 7) as usize,
    }
}

fn two(out: &mut [u8], n: u32) {
    out[0] = b'0' + (n / 10) as u8;
    out[1] = b'0' + (n % 10) as u8;
}

fn four(out: &mut [u8], n: u32) {
    two(&mut out[..2], n / 100);
    two(&mut out[2..], n % 100);
}

/// RFC 1123: `Mon, 12 Jan 1998 09:25:56 GMT`.
fn http_date(t: SystemTime) -> [u8; 29] {
    const DAYS: [&[u8; 3]; 7] = [b"Sun", b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat"];
    const MONTHS: [&[u8; 3]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    let c = civil(t);
    let mut b = *b"Sun, 00 Jan 0000 00:00:00 GMT";
    b[..3].copy_from_slice(DAYS[c.weekday]);
    two(&mut b[5..7], c.day);
    b[8..11].copy_from_slice(MONTHS[c.month as usize - 1]);
    four(&mut b[12..16], c.year);
    two(&mut b[17..19], c.hour);
    two(&mut b[20..22], c.minute);
    two(&mut b[23..25], c.second);
    b
}

/// RFC 3339 in UTC, whole seconds: `1998-01-12T09:25:56Z`.
fn rfc3339(t: SystemTime) -> [u8; 20] {
    let c = civil(t);
    let mut b = *b"0000-00-00T00:00:00Z";
    four(&mut b[..4], c.year);
    two(&mut b[5..7], c.month);
    two(&mut b[8..10], c.day);
    two(&mut b[11..13], c.hour);
    two(&mut b[14..16], c.minute);
    two(&mut b[17..19], c.second);
    b
}

// ---- 2. Hand-tuned ----

/// Per byte of text: 0 copy, else the index of its reference in `TEXT_REFS`.
static TEXT_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b'&' as usize] = 1;
    t[b'<' as usize] = 2;
    t[b'>' as usize] = 3;
    t
};
const TEXT_REFS: [&[u8]; 4] = [b"", b"&amp;", b"&lt;", b"&gt;"];

/// Text content, escaped: runs of plain bytes are copied as one slice.
fn push_text(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        let class = TEXT_CLASS[c as usize];
        if class != 0 {
            out.extend_from_slice(&b[start..i]);
            out.extend_from_slice(TEXT_REFS[class as usize]);
            start = i + 1;
        }
    }
    out.extend_from_slice(&b[start..]);
}

/// Per byte of a path: 0 copy (RFC 3986 `pchar` and `/`), 1 percent-encode, 2 `&amp;`.
static PATH_CLASS: [u8; 256] = {
    let mut t = [1u8; 256];
    let mut c = 0;
    while c < 128 {
        if (c as u8).is_ascii_alphanumeric() {
            t[c] = 0;
        }
        c += 1;
    }
    let keep = b"-._~!$'()*+,;=:@/";
    let mut i = 0;
    while i < keep.len() {
        t[keep[i] as usize] = 0;
        i += 1;
    }
    t[b'&' as usize] = 2;
    t
};

/// A decoded path, percent-encoded and XML-escaped in one pass.
fn push_path(out: &mut Vec<u8>, path: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let b = path.as_bytes();
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        match PATH_CLASS[c as usize] {
            0 => continue,
            1 => {
                out.extend_from_slice(&b[start..i]);
                out.extend_from_slice(&[b'%', HEX[usize::from(c >> 4)], HEX[usize::from(c & 15)]]);
            }
            _ => {
                out.extend_from_slice(&b[start..i]);
                out.extend_from_slice(b"&amp;");
            }
        }
        start = i + 1;
    }
    out.extend_from_slice(&b[start..]);
}

const HEAD: &[u8] = concat!(
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
    r#"<D:multistatus xmlns:D="DAV:" xmlns:ns1="http://example.com/ns" xmlns:ns2="urn:x-unknown">"#
)
.as_bytes();

fn render_hand_tuned(files: &[File], out: &mut Vec<u8>) {
    out.extend_from_slice(HEAD);
    for f in files {
        let p = &f.props;
        out.extend_from_slice(b"<D:response><D:href>");
        push_path(out, &f.path);
        out.extend_from_slice(b"</D:href><D:propstat><D:prop><D:displayname>");
        push_text(out, &p.displayname);
        out.extend_from_slice(b"</D:displayname><D:getcontentlength>");
        let mut digits = [0u8; 20];
        let start = format_u64(p.getcontentlength, &mut digits);
        out.extend_from_slice(&digits[start..]);
        out.extend_from_slice(b"</D:getcontentlength><D:getcontenttype>");
        push_text(out, &p.getcontenttype);
        out.extend_from_slice(b"</D:getcontenttype><D:getetag>");
        push_text(out, &p.getetag);
        out.extend_from_slice(b"</D:getetag><D:getlastmodified>");
        out.extend_from_slice(&http_date(p.getlastmodified));
        out.extend_from_slice(b"</D:getlastmodified><D:creationdate>");
        out.extend_from_slice(&rfc3339(p.creationdate.0));
        out.extend_from_slice(b"</D:creationdate><D:resourcetype/><ns1:color>");
        push_text(out, &p.color);
        out.extend_from_slice(
            concat!(
                "</ns1:color></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>",
                "<D:propstat><D:prop><ns2:nope/></D:prop>",
                "<D:status>HTTP/1.1 404 Not Found</D:status></D:propstat></D:response>"
            )
            .as_bytes(),
        );
    }
    out.extend_from_slice(b"</D:multistatus>");
}

// ---- 3. quick-xml's Writer builder ----

/// Text content with `<`, `>`, `&` escaped (`BytesText::new` would also escape quotes).
fn text(s: &str) -> BytesText<'_> {
    BytesText::from_escaped(partial_escape(s))
}

/// Pre-escaped ASCII (numbers, dates).
fn ascii(b: &[u8]) -> BytesText<'_> {
    BytesText::from_escaped(std::str::from_utf8(b).unwrap_or_default())
}

fn render_quick_xml(files: &[File], out: &mut Vec<u8>, href: &mut String) -> io::Result<()> {
    let mut w = Writer::new(out);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    w.write_event(Event::Text(BytesText::from_escaped("\n")))?;
    w.create_element("D:multistatus")
        .with_attribute(("xmlns:D", "DAV:"))
        .with_attribute(("xmlns:ns1", CUSTOM_NS))
        .with_attribute(("xmlns:ns2", UNKNOWN_NS))
        .write_inner_content(|w| {
            for f in files {
                let p = &f.props;
                href.clear();
                href.extend(utf8_percent_encode(&f.path, PATH_SET));
                w.create_element("D:response").write_inner_content(|w| {
                    w.create_element("D:href").write_text_content(text(href))?;
                    w.create_element("D:propstat").write_inner_content(|w| {
                        w.create_element("D:prop").write_inner_content(|w| {
                            w.create_element("D:displayname")
                                .write_text_content(text(&p.displayname))?;
                            let mut digits = [0u8; 20];
                            let start = format_u64(p.getcontentlength, &mut digits);
                            w.create_element("D:getcontentlength")
                                .write_text_content(ascii(&digits[start..]))?;
                            w.create_element("D:getcontenttype")
                                .write_text_content(text(&p.getcontenttype))?;
                            w.create_element("D:getetag")
                                .write_text_content(text(&p.getetag))?;
                            w.create_element("D:getlastmodified")
                                .write_text_content(ascii(&http_date(p.getlastmodified)))?;
                            w.create_element("D:creationdate")
                                .write_text_content(ascii(&rfc3339(p.creationdate.0)))?;
                            w.create_element("D:resourcetype").write_empty()?;
                            w.create_element("ns1:color")
                                .write_text_content(text(&p.color))?;
                            Ok(())
                        })?;
                        w.create_element("D:status")
                            .write_text_content(BytesText::from_escaped("HTTP/1.1 200 OK"))?;
                        Ok(())
                    })?;
                    w.create_element("D:propstat").write_inner_content(|w| {
                        w.create_element("D:prop").write_inner_content(|w| {
                            w.create_element("ns2:nope").write_empty()?;
                            Ok(())
                        })?;
                        w.create_element("D:status").write_text_content(
                            BytesText::from_escaped("HTTP/1.1 404 Not Found"),
                        )?;
                        Ok(())
                    })?;
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(())
}

// ---- The benches ----

const NS: [usize; 3] = [1, 100, 10_000];

#[divan::bench(args = NS, max_time = 3)]
fn derive(bencher: Bencher, n: usize) {
    let files = files(n);
    let Ok(answer) = answer() else { return };
    let mut out = Vec::new();
    bencher.counter(ItemsCount::new(n)).bench_local(|| {
        out.clear();
        let r = render_derive(&answer, &files, &mut out);
        assert!(r.is_ok());
        black_box(out.len())
    });
}

#[divan::bench(args = NS, max_time = 3)]
fn hand_tuned(bencher: Bencher, n: usize) {
    let files = files(n);
    let mut out = Vec::new();
    bencher.counter(ItemsCount::new(n)).bench_local(|| {
        out.clear();
        render_hand_tuned(&files, &mut out);
        black_box(out.len())
    });
}

#[divan::bench(args = NS, max_time = 3)]
fn quick_xml_writer(bencher: Bencher, n: usize) {
    let files = files(n);
    let mut out = Vec::new();
    let mut href = String::new();
    bencher.counter(ItemsCount::new(n)).bench_local(|| {
        out.clear();
        let r = render_quick_xml(&files, &mut out, &mut href);
        assert!(r.is_ok());
        black_box(out.len())
    });
}

/// The derive answering `allprop` (an empty PROPFIND body) for N = 100: the seven live
/// properties of the set, which the pre-rendered path writes as it writes a `prop` answer.
/// No hand-written counterpart; compare with `derive` at N = 100.
#[divan::bench(max_time = 3)]
fn derive_allprop_100(bencher: Bencher) {
    let files = files(100);
    let answer = PropfindAnswer::<FileProps>::new(&Propfind::AllProp { include: vec![] });
    let mut out = Vec::new();
    bencher.counter(ItemsCount::new(100_usize)).bench_local(|| {
        out.clear();
        let r = render_derive(&answer, &files, &mut out);
        assert!(r.is_ok());
        black_box(out.len())
    });
}

/// A collection: no content length or type.
#[derive(PropertySet)]
struct DirProps {
    displayname: String,
    getcontentlength: Option<u64>,
    getcontenttype: Option<String>,
    getetag: String,
    getlastmodified: SystemTime,
    creationdate: Rfc3339,
    resourcetype: ResourceType,
    #[dav(namespace = "http://example.com/ns")]
    color: String,
}

fn dirs(n: usize) -> Vec<(String, DirProps)> {
    (0..n)
        .map(|i| {
            let File { path, props } = file(i);
            let props = DirProps {
                displayname: props.displayname,
                getcontentlength: None,
                getcontenttype: None,
                getetag: props.getetag,
                getlastmodified: props.getlastmodified,
                creationdate: props.creationdate,
                resourcetype: ResourceType::COLLECTION,
                color: props.color,
            };
            (path, props)
        })
        .collect()
}

/// The benchmark's request answered for 100 collections, which lack two of the requested
/// properties (404): through the pre-rendered path (`general = false`) and, for comparison,
/// through the general path (`true`, forced by a status override that changes nothing).
#[divan::bench(args = [false, true], max_time = 3)]
fn derive_collections_100(bencher: Bencher, general: bool) {
    let dirs = dirs(100);
    let Ok(request) = Propfind::parse(REQUEST) else {
        return;
    };
    let answer = PropfindAnswer::<DirProps>::new(&request);
    let same = |_| None;
    let adjust = Adjust {
        status: general.then_some(&same as &dyn Fn(_) -> _),
        describe: None,
    };
    let mut out = Vec::new();
    bencher.counter(ItemsCount::new(100_usize)).bench_local(|| {
        let mut ms = MultistatusWriter::in_memory(std::mem::take(&mut out), answer.namespaces());
        for (path, props) in &dirs {
            let r = Href::from_path(path.as_str())
                .and_then(|href| answer.write_adjusted(&mut ms, &href, props, &adjust));
            assert!(r.is_ok());
        }
        out = ms.finish().unwrap_or_default();
        black_box(out.len())
    });
}

// ---- Dead properties ----

/// The request of the benchmark and three names the set does not know: dead properties an
/// iOS client stores on each resource.
const DEAD_REQUEST: &[u8] = br#"<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:" xmlns:E="http://example.com/ns" xmlns:U="urn:x-unknown" xmlns:A="http://apple.com/ns/ical/">
  <D:prop>
    <D:displayname/><D:getcontentlength/><D:getcontenttype/><D:getetag/>
    <D:getlastmodified/><D:creationdate/><D:resourcetype/><E:color/><U:nope/>
    <A:calendar-color/><A:calendar-order/><A:refreshrate/>
  </D:prop>
</D:propfind>"#;

/// [`FileProps`] with a dead property store: a wrapper delegating to the derived set, as a
/// field `#[dav(dead)]` makes the derive generate.
struct WithDead {
    props: FileProps,
    dead: DeadMap,
}

impl PropertySet for WithDead {
    type Name = FilePropsName;
    const NAME_TREE: NameTree = FileProps::NAME_TREE;

    fn state(&self, name: FilePropsName) -> PropState {
        self.props.state(name)
    }

    fn write_property(&self, name: FilePropsName, sink: &mut Sink) -> Result<(), Error> {
        self.props.write_property(name, sink)
    }

    fn value(&self, name: FilePropsName) -> &dyn PropertyValue {
        self.props.value(name)
    }

    #[inline(always)]
    fn write_plain(&self, name: FilePropsName, sink: &mut Sink) -> Plain {
        self.props.write_plain(name, sink)
    }

    fn write_allprop(&self, sink: &mut Sink) -> Result<(), Error> {
        self.props.write_allprop(sink)
    }

    fn dead(&self) -> Option<&dyn DeadProperties> {
        Some(&self.dead)
    }
}

/// Resource `i` with its three dead properties, as a PROPPATCH would have stored them.
fn with_dead(i: usize) -> (String, WithDead) {
    let File { path, props } = file(i);
    let dead = [
        format!(
            r##"<A:calendar-color xmlns:D="DAV:" xmlns:A="http://apple.com/ns/ical/" symbolic-color="custom">#FF{:04X}FF</A:calendar-color>"##,
            i
        ),
        format!(r#"<A:calendar-order xmlns:D="DAV:" xmlns:A="http://apple.com/ns/ical/">{i}</A:calendar-order>"#),
        r#"<A:refreshrate xmlns:D="DAV:" xmlns:A="http://apple.com/ns/ical/">PT4H</A:refreshrate>"#.to_owned(),
    ]
    .iter()
    .filter_map(|xml| DeadProperty::parse(xml).ok())
    .collect();
    (path, WithDead { props, dead })
}

/// The request above for 100 resources: each with its three dead properties (`true`: found
/// in its store and written between the typed values) or keeping none (`false`: the three
/// names are 404, pre-rendered). Both through the pre-rendered path.
#[divan::bench(args = [false, true], max_time = 3)]
fn derive_dead_100(bencher: Bencher, stored: bool) {
    let resources: Vec<(String, WithDead)> = (0..100).map(with_dead).collect();
    let Ok(request) = Propfind::parse(DEAD_REQUEST) else {
        return;
    };
    let answer = PropfindAnswer::<FileProps>::new(&request);
    let mut out = Vec::new();
    bencher.counter(ItemsCount::new(100_usize)).bench_local(|| {
        let mut ms = MultistatusWriter::in_memory(std::mem::take(&mut out), answer.namespaces());
        for (path, r) in &resources {
            let r = Href::from_path(path.as_str()).and_then(|href| match stored {
                true => answer.write(&mut ms, &href, r),
                false => answer.write(&mut ms, &href, &r.props),
            });
            assert!(r.is_ok());
        }
        out = ms.finish().unwrap_or_default();
        black_box(out.len())
    });
}

// ---- Several sets in one body ----

/// A `Depth: 1` answer mixing two sets: one collection ([`DirProps`]) and 100 files
/// ([`FileProps`]), the body started with the collection's table. `shared = false`: the
/// files' answer has a table of its own, so they go through the general path (before
/// `share_namespaces`); `true`: the two answers share one table, both pre-rendered.
#[divan::bench(args = [false, true], max_time = 3)]
fn derive_depth_one_101(bencher: Bencher, shared: bool) {
    let dir = dirs(1).pop();
    let files = files(100);
    let (Some((dir_path, dir)), Ok(request)) = (dir, Propfind::parse(REQUEST)) else {
        return;
    };
    let mut coll = PropfindAnswer::<DirProps>::new(&request);
    let mut items = PropfindAnswer::<FileProps>::new(&request);
    if shared {
        coll.share_namespaces(&mut items);
    }
    let mut out = Vec::new();
    bencher.counter(ItemsCount::new(101_usize)).bench_local(|| {
        out = render_depth_one(
            &coll,
            &items,
            &dir_path,
            &dir,
            &files,
            std::mem::take(&mut out),
        )
        .unwrap_or_default();
        black_box(out.len())
    });
}

/// The collection then its files, into `out`.
fn render_depth_one(
    coll: &PropfindAnswer<DirProps>,
    items: &PropfindAnswer<FileProps>,
    dir_path: &str,
    dir: &DirProps,
    files: &[File],
    out: Vec<u8>,
) -> Result<Vec<u8>, Error> {
    let mut ms = MultistatusWriter::in_memory(out, coll.namespaces());
    coll.write(&mut ms, &Href::from_path(dir_path)?, dir)?;
    for f in files {
        items.write(&mut ms, &Href::from_path(f.path.as_str())?, &f.props)?;
    }
    ms.finish()
}

/// What the derive path does once per request, outside the rendering timed above: parsing the
/// request body and resolving it against the set's names, pre-rendering the answer's markup.
/// The hand-written variants have no counterpart: they answer one fixed request.
#[divan::bench(max_time = 3)]
fn derive_per_request(bencher: Bencher) {
    bencher.bench_local(|| {
        let answer = answer();
        assert!(answer.is_ok());
        black_box(answer)
    });
}

/// `derive_per_request` without the parsing: `PropfindAnswer::new` alone.
#[divan::bench(max_time = 3)]
fn derive_per_request_answer_only(bencher: Bencher) {
    let Ok(request) = Propfind::parse(REQUEST) else {
        return;
    };
    bencher.bench_local(|| black_box(PropfindAnswer::<FileProps>::new(&request)));
}

// ---- Untimed checks, run before the benches ----

/// The three variants write the same bytes, and the document is well-formed.
fn check_same_output() -> Result<(), Box<dyn std::error::Error>> {
    let answer = answer()?;
    for n in NS {
        let files = files(n);
        let (mut d, mut h, mut q) = (Vec::new(), Vec::new(), Vec::new());
        render_derive(&answer, &files, &mut d)?;
        render_hand_tuned(&files, &mut h);
        render_quick_xml(&files, &mut q, &mut String::new())?;
        let doc = std::str::from_utf8(&d)?;
        if n == 1 {
            println!("one resource, as all three variants write it:\n{doc}\n");
        }
        assert!(d == h, "derive and hand_tuned differ for N = {n}");
        assert!(d == q, "derive and quick_xml_writer differ for N = {n}");
        let parsed = roxmltree::Document::parse(doc)?;
        let responses = parsed
            .root_element()
            .children()
            .filter(|c| c.has_tag_name(("DAV:", "response")))
            .count();
        assert_eq!(responses, n);
        println!(
            "N = {n:>6}: {} bytes, identical in all three variants",
            d.len()
        );
    }
    Ok(())
}

/// The rows with dead properties and with two sets write what they should: the depth-one
/// body is the same shared or not, and the dead properties are found.
fn check_new_rows() -> Result<(), Box<dyn std::error::Error>> {
    let request = Propfind::parse(REQUEST)?;
    let mut coll = PropfindAnswer::<DirProps>::new(&request);
    let mut items = PropfindAnswer::<FileProps>::new(&request);
    let files = files(100);
    let Some((dir_path, dir)) = dirs(1).pop() else {
        return Ok(());
    };
    let before = render_depth_one(&coll, &items, &dir_path, &dir, &files, Vec::new())?;
    coll.share_namespaces(&mut items);
    let after = render_depth_one(&coll, &items, &dir_path, &dir, &files, Vec::new())?;
    assert!(before == after, "sharing namespaces changed the body");
    roxmltree::Document::parse(std::str::from_utf8(&after)?)?;

    let answer = PropfindAnswer::<FileProps>::new(&Propfind::parse(DEAD_REQUEST)?);
    let mut ms = MultistatusWriter::in_memory(Vec::new(), answer.namespaces());
    let (path, r) = with_dead(7);
    answer.write(&mut ms, &Href::from_path(path.as_str())?, &r)?;
    let body = String::from_utf8(ms.finish()?)?;
    roxmltree::Document::parse(&body)?;
    assert!(body.contains("<A:refreshrate"), "{body}");
    Ok(())
}

/// An `io::Write` that only counts.
struct Counter(u64);

impl io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// `VmHWM` (peak RSS) or `VmRSS` in KiB.
fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with(field))?;
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

/// Resets `VmHWM` to the current RSS (Linux ≥ 4.0); whether it could.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Streams `n` resources through the derive into a counter: each resource is produced on the
/// fly into one reused struct, as a server walking a directory would.
fn stream(answer: &PropfindAnswer<FileProps>, n: usize) -> Result<u64, Box<dyn std::error::Error>> {
    let mut ms = MultistatusWriter::new(Counter(0), answer.namespaces());
    let mut f = file(0);
    for i in 0..n {
        f.path.clear();
        write!(f.path, "/files/report 2024/Ünïcode #{i}.txt")?;
        f.props.displayname.clear();
        write!(f.props.displayname, "Tom & Jerry <{i}>")?;
        f.props.getetag.clear();
        write!(f.props.getetag, "\"{:x}-{i}\"", 0x5eed_0000 + i)?;
        f.props.getcontentlength = 1_000 + 37 * i as u64;
        let t = UNIX_EPOCH + Duration::from_secs(884_597_156 + 3_607 * (i as u64 % 10_000_000));
        f.props.getlastmodified = t;
        f.props.creationdate = Rfc3339(t);
        answer.write(&mut ms, &Href::from_path(f.path.as_str())?, &f.props)?;
    }
    Ok(ms.finish()?.0)
}

fn check_streaming() -> Result<(), Box<dyn std::error::Error>> {
    let answer = answer()?;
    println!("\nstreaming through the derive into a byte-counting io::Write:");
    for n in [10_000, 1_000_000] {
        let resettable = reset_peak();
        let (rss, hwm) = (status_kib("VmRSS:"), status_kib("VmHWM:"));
        let started = std::time::Instant::now();
        let bytes = stream(&answer, n)?;
        let elapsed = started.elapsed();
        let after = status_kib("VmHWM:");
        println!(
            "N = {n:>9}: {bytes:>11} bytes in {elapsed:>9.2?}; VmRSS before {rss} KiB, VmHWM {hwm} -> {after} KiB (+{} KiB){}",
            after.saturating_sub(hwm),
            if resettable {
                ""
            } else {
                " (VmHWM could not be reset)"
            }
        );
    }
    Ok(())
}

/// `PROPFIND_PROFILE=derive|hand_tuned|quick_xml_writer` renders N = 10 000 (`PROPFIND_N`)
/// that way `PROPFIND_ROUNDS` times and exits: a driver for `perf record` or valgrind.
fn profile(variant: &str) -> Result<(), Box<dyn std::error::Error>> {
    let var = |name: &str, default: u32| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let answer = answer()?;
    let files = files(var("PROPFIND_N", 10_000) as usize);
    let (mut out, mut href) = (Vec::new(), String::new());
    let rounds = var("PROPFIND_ROUNDS", 500);
    for _ in 0..rounds {
        out.clear();
        match variant {
            "derive" => render_derive(&answer, &files, &mut out)?,
            "hand_tuned" => render_hand_tuned(&files, &mut out),
            _ => render_quick_xml(&files, &mut out, &mut href)?,
        }
        black_box(&out);
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    if let Ok(variant) = std::env::var("PROPFIND_PROFILE") {
        return profile(&variant);
    }
    check_streaming()?;
    check_same_output()?;
    check_new_rows()?;
    println!();
    divan::main();
    Ok(())
}
