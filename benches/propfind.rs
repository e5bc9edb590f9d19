//! SPEC §5: rendering a `Depth: 1` PROPFIND answer for N resources, three ways, in one run,
//! and what a request costs before that.
//!
//! - `derive`: a `#[derive(PropertySet)]` struct answered through
//!   `PropfindAnswer::new(&Propfind::parse(body))` and a `MultistatusWriter` (the user path);
//!   `derive_reused_writer` is the same through one writer restarted for each document
//!   (`MultistatusWriter::finish_and_restart`);
//! - `hand_tuned` (`propfind/hand_tuned.rs`): the fastest renderer of this workload we could
//!   write in safe Rust, the baseline of the SPEC's 1.3× — output written at a position into
//!   zero-filled room with fixed-size stores, text escaped 8 bytes at a time, paths encoded
//!   through a table of words, digits and dates from tables, no validation;
//! - `quick_xml_writer`: quick-xml's `Writer` builder (`create_element(..)
//!   .write_inner_content(..)`), prefixes written by hand, hrefs encoded with
//!   `percent-encoding`.
//!
//! Beside them, rows for what the derive does in other shapes: `allprop`, collections that
//! lack properties, dead properties kept per resource (`derive_dead_100`) and a `Depth: 1`
//! body mixing two sets (`derive_depth_one_101`, before and after `share_namespaces`).
//!
//! All of them produce the same bytes (checked, untimed, before the benches run, for the
//! workload and, derive against hand_tuned, for 3 037 resources that take every case of the
//! hand-tuned code). Only rendering into a reused, cleared `Vec<u8>` is timed; resources are
//! built outside the timed region, and so is the derive's per-request work, which the
//! per-request rows time: `derive_per_request` (`Propfind::parse` + `PropfindAnswer::new`),
//! `derive_per_request_parse_only`, `derive_per_request_answer_only`, and their baseline
//! `per_request_minimal_ns_reader` (the least a parser must do with quick-xml's `NsReader`).
//!
//! Before the benches, `main` prints a streaming check: 10 000 and 1 000 000 resources
//! rendered through the derive into a byte-counting `io::Write`, with the growth of the peak
//! RSS (`VmHWM`, reset before each run) of each.
//!
//! Allocations: the global allocator is divan's `AllocProfiler`, a counting wrapper around
//! `System`; the `alloc`/`grow` rows under each bench are per iteration, i.e. per rendered
//! document (or request), so allocations per resource are those counts divided by N.
//!
//! `PROPFIND_PROFILE=derive|derive_reused_writer|hand_tuned|quick_xml_writer` (and optionally
//! `PROPFIND_ROUNDS`, `PROPFIND_N`) turns the binary into a driver for `perf record` or
//! valgrind: it renders N = 10 000 (or `PROPFIND_N`) resources `PROPFIND_ROUNDS` times and
//! exits; `PROPFIND_PROFILE=per_request|per_request_parse_only|per_request_minimal_ns_reader`
//! parses the request body (and sets up the answer) `PROPFIND_ROUNDS` times.
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

// The SPEC workload (request, set, resources, the derive's rendering): shared with
// benches/parse.rs, which parses the document rendered here.
#[path = "workload/mod.rs"]
mod workload;
use workload::*;

// ---- 1. The derive: `render_derive` (in `workload`) ----

/// [`render_derive`] with one writer for every document: `finish_and_restart` hands the body
/// over in `out` and starts the next one, so a document does not build (and drop) a writer.
fn render_derive_reused(
    answer: &PropfindAnswer<FileProps>,
    files: &[File],
    ms: &mut MultistatusWriter<Vec<u8>>,
    out: &mut Vec<u8>,
) -> Result<(), Error> {
    for f in files {
        answer.write(ms, &Href::from_path(f.path.as_str())?, &f.props)?;
    }
    ms.finish_and_restart(out)
}

// ---- 2. Hand-tuned (see `hand_tuned.rs`) ----

#[path = "propfind/hand_tuned.rs"]
mod hand_tuned;

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
                            let mut digits = [0u8; 24];
                            w.create_element("D:getcontentlength")
                                .write_text_content(ascii(hand_tuned::digits(
                                    p.getcontentlength,
                                    &mut digits,
                                )))?;
                            w.create_element("D:getcontenttype")
                                .write_text_content(text(&p.getcontenttype))?;
                            w.create_element("D:getetag")
                                .write_text_content(text(&p.getetag))?;
                            w.create_element("D:getlastmodified")
                                .write_text_content(ascii(&hand_tuned::http_date(
                                    p.getlastmodified,
                                )))?;
                            w.create_element("D:creationdate")
                                .write_text_content(ascii(&hand_tuned::rfc3339(
                                    p.creationdate.0,
                                )))?;
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

/// [`derive`] through one writer restarted for each document (`finish_and_restart`).
#[divan::bench(args = NS, max_time = 3)]
fn derive_reused_writer(bencher: Bencher, n: usize) {
    let files = files(n);
    let Ok(answer) = answer() else { return };
    let mut ms = MultistatusWriter::in_memory(Vec::new(), answer.namespaces());
    let mut out = Vec::new();
    bencher.counter(ItemsCount::new(n)).bench_local(|| {
        let r = render_derive_reused(&answer, &files, &mut ms, &mut out);
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
        hand_tuned::render(&files, &mut out);
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
/// The hand-written variants have no counterpart: they answer one fixed request; the
/// baseline of the parsing is `per_request_minimal_ns_reader`.
#[divan::bench(max_time = 3)]
fn derive_per_request(bencher: Bencher) {
    bencher.bench_local(|| {
        let answer = answer();
        assert!(answer.is_ok());
        black_box(answer)
    });
}

/// `derive_per_request` without the answer: `Propfind::parse` alone.
#[divan::bench(max_time = 3)]
fn derive_per_request_parse_only(bencher: Bencher) {
    bencher.bench_local(|| {
        let request = Propfind::parse(black_box(REQUEST));
        assert!(request.is_ok());
        black_box(request)
    });
}

/// The baseline of the per-request rows: [`minimal_propfind_names`] over the same body.
#[divan::bench(max_time = 3)]
fn per_request_minimal_ns_reader(bencher: Bencher) {
    bencher.bench_local(|| {
        let names = minimal_propfind_names(black_box(REQUEST));
        assert!(names.is_ok());
        black_box(names)
    });
}

/// The property names of a PROPFIND body, owned: the text of every namespace and local name
/// in one string, and per name the ends of its namespace and of its local name there.
struct MinimalNames {
    text: String,
    ends: Vec<(usize, usize)>,
}

impl MinimalNames {
    fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        let mut start = 0;
        self.ends.iter().map(move |&(ns, local)| {
            let name = (&self.text[start..ns], &self.text[ns..local]);
            start = local;
            name
        })
    }
}

/// The least a PROPFIND parser must do, as the baseline of `Propfind::parse`: read the body
/// with quick-xml's `NsReader` (borrowing events from the input, no event buffer; it checks
/// UTF-8, tag syntax, end names and namespace declarations), check that the root is
/// `DAV:propfind` and find its `DAV:prop`, and resolve each property element in it to its
/// namespace and local name, kept as owned text. Only the elements it looks at are
/// resolved (`read_event`, then `resolve_element` for the root, its children and the
/// names: `read_resolved_event` also resolves every end tag). The names go into one string
/// (two allocations of ours, made once; the reader makes its own), where a parser that
/// hands out a `Name` per property allocates per name. No limits, no refusal of DOCTYPEs
/// or entities, no check of names or characters, no `allprop`, `propname` or `include`:
/// only what every answer needs.
fn minimal_propfind_names(body: &[u8]) -> Result<MinimalNames, Box<dyn std::error::Error>> {
    use quick_xml::NsReader;
    use quick_xml::name::ResolveResult;
    let mut reader = NsReader::from_reader(body);
    let mut names = MinimalNames {
        text: String::with_capacity(256),
        ends: Vec::with_capacity(16),
    };
    let (mut depth, mut in_prop) = (0usize, false);
    loop {
        let (start, empty) = match reader.read_event()? {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => {
                depth -= 1;
                in_prop &= depth >= 2;
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        if depth <= 1 || (depth == 2 && in_prop) {
            let (ns, local) = reader.resolver().resolve_element(start.name());
            let ns = match ns {
                ResolveResult::Bound(ns) => ns.into_inner(),
                ResolveResult::Unbound => "",
                ResolveResult::Unknown(p) => return Err(format!("unbound prefix {p}").into()),
            };
            let local = local.into_inner();
            match depth {
                0 if (ns, local) != ("DAV:", "propfind") => return Err("not a propfind".into()),
                1 if (ns, local) == ("DAV:", "prop") => in_prop = !empty,
                2 => {
                    names.text.push_str(ns);
                    let ns_end = names.text.len();
                    names.text.push_str(local);
                    names.ends.push((ns_end, names.text.len()));
                }
                _ => {}
            }
        }
        depth += usize::from(!empty);
    }
    Ok(names)
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

/// The minimal parser finds the names `Propfind::parse` finds.
fn check_minimal_parser() -> Result<(), Box<dyn std::error::Error>> {
    let Propfind::Prop(parsed) = Propfind::parse(REQUEST)? else {
        return Err("the request is a prop request".into());
    };
    let minimal = minimal_propfind_names(REQUEST)?;
    let minimal: Vec<_> = minimal.iter().collect();
    let parsed: Vec<_> = parsed.iter().map(|n| (n.namespace(), n.local())).collect();
    assert_eq!(minimal, parsed);
    println!(
        "per request: the minimal NsReader loop finds the {} names Propfind::parse finds",
        parsed.len()
    );
    Ok(())
}

/// The three variants write the same bytes, and the document is well-formed.
fn check_same_output() -> Result<(), Box<dyn std::error::Error>> {
    let answer = answer()?;
    for n in NS {
        let files = files(n);
        let (mut d, mut h, mut q) = (Vec::new(), Vec::new(), Vec::new());
        render_derive(&answer, &files, &mut d)?;
        hand_tuned::render(&files, &mut h);
        let mut reused = MultistatusWriter::in_memory(Vec::new(), answer.namespaces());
        let mut r = Vec::new();
        for _ in 0..2 {
            render_derive_reused(&answer, &files, &mut reused, &mut r)?;
            assert!(
                d == r,
                "derive with a new and a reused writer differ for N = {n}"
            );
        }
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
    let tricky = tricky_files();
    let (mut d, mut h) = (Vec::new(), Vec::new());
    render_derive(&answer, &tricky, &mut d)?;
    hand_tuned::render(&tricky, &mut h);
    if let Some(i) = d.iter().zip(&h).position(|(a, b)| a != b) {
        panic!(
            "derive and hand_tuned differ on the tricky resources at {i}:\n{:?}\n{:?}",
            String::from_utf8_lossy(&d[i.saturating_sub(100)..(i + 100).min(d.len())]),
            String::from_utf8_lossy(&h[i.saturating_sub(100)..(i + 100).min(h.len())])
        );
    }
    assert!(
        d == h,
        "derive and hand_tuned differ on the tricky resources"
    );
    println!(
        "{} resources with a character to escape or encode at every position of every length up to 24, and extreme numbers and dates: identical in derive and hand_tuned",
        tricky.len()
    );
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

/// Resources that take the hand-tuned escaping, encoding and formatting through every case
/// its word-at-a-time code has: each character to escape or encode at every position of
/// values of every length up to 24 (whole words, the shifted last word, the short loads),
/// multi-byte characters, a path starting with `//`, and the extreme numbers and dates.
/// Text with a carriage return or a control character is left out: the hand-tuned code does
/// not handle them (the derive writes `&#13;` and refuses control characters).
fn tricky_files() -> Vec<File> {
    let mut out = Vec::new();
    let times = [
        UNIX_EPOCH,
        UNIX_EPOCH + Duration::from_secs(951_782_400), // 2000-02-29
        UNIX_EPOCH + Duration::from_secs(253_402_300_799), // 9999-12-31T23:59:59
    ];
    let mut k = 0;
    for special in [
        "<", ">", "&", "é", "😀", "\u{FFFD}", " ", "#", "%", "\"", "\t",
    ] {
        for len in 1..24 {
            for at in 0..len {
                let text: String = (0..len)
                    .map(|i| if i == at { special } else { "x" })
                    .collect();
                let mut f = file(k);
                f.path = format!("/{text}");
                f.props.displayname = text.clone();
                f.props.getcontenttype = text.clone();
                f.props.getetag = text.clone();
                f.props.color = text;
                f.props.getcontentlength = [0, 9, 10, 99, 100, 12_345, u64::MAX][k % 7];
                f.props.getlastmodified = times[k % 3];
                f.props.creationdate = Rfc3339(times[(k + 1) % 3]);
                out.push(f);
                k += 1;
            }
        }
    }
    let mut f = file(k);
    f.path = "//host/a&b".to_owned();
    out.push(f);
    out
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

/// `PROPFIND_PROFILE=<variant>`: the driver for `perf record` or valgrind described at the top.
fn profile(variant: &str) -> Result<(), Box<dyn std::error::Error>> {
    let var = |name: &str, default: u32| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let rounds = var("PROPFIND_ROUNDS", 500);
    // Per request: parsing the body (and setting up the answer), `PROPFIND_ROUNDS` times.
    let per_request: Option<fn() -> bool> = match variant {
        "per_request" => Some(|| answer().is_ok()),
        "per_request_parse_only" => Some(|| Propfind::parse(black_box(REQUEST)).is_ok()),
        "per_request_minimal_ns_reader" => {
            Some(|| minimal_propfind_names(black_box(REQUEST)).is_ok())
        }
        _ => None,
    };
    if let Some(once) = per_request {
        for _ in 0..rounds {
            black_box(once());
        }
        return Ok(());
    }
    let answer = answer()?;
    let files = files(var("PROPFIND_N", 10_000) as usize);
    let (mut out, mut href) = (Vec::new(), String::new());
    let mut ms = MultistatusWriter::in_memory(Vec::new(), answer.namespaces());
    for _ in 0..rounds {
        out.clear();
        match variant {
            "derive" => render_derive(&answer, &files, &mut out)?,
            "derive_reused_writer" => render_derive_reused(&answer, &files, &mut ms, &mut out)?,
            "hand_tuned" => hand_tuned::render(&files, &mut out),
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
    check_minimal_parser()?;
    println!();
    divan::main();
    Ok(())
}
