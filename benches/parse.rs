//! SPEC §5: parsing the SPEC workload's `Depth: 1` answer (the document `benches/propfind.rs`
//! renders with the derive, N = 10 000 resources) into the derived `FileProps`, four ways,
//! in one run:
//!
//! - `derive_slice`: `MultistatusReader::<FileProps, _>::from_slice` (the user path for a
//!   body in memory: borrowed events, every check of the reader);
//! - `derive_stream`: `MultistatusReader::new` over a `BufReader` (8 KiB) of the same bytes
//!   (the user path for a body read from a socket or a file);
//! - `hand_tuned` (`parse/hand_tuned.rs`): the fastest parse of this document we could write
//!   on quick-xml's `NsReader` — the baseline of the SPEC's 1.2×;
//! - `serde`: quick-xml's serde deserializer (`quick_xml::de::from_reader`) into serde structs
//!   matched by local names (not namespace-correct), dates kept as strings.
//!
//! Before the benches, `main` checks that the derive (slice and stream) and the hand-tuned
//! parse produce equal data, and that serde reads the same hrefs and values.
//!
//! Every variant's output is owned and dropped response by response (serde's, the whole
//! `Vec`, once per document). Allocations: the global allocator is divan's `AllocProfiler`;
//! its `alloc` rows are per document, so per response they are divided by N
//! (`scripts/plot-bench.py` prints them so).
//!
//! `PARSE_ONLY=<variant>` parses the document `PARSE_ROUNDS` times (default 20) with that
//! variant alone and prints the fastest round in ns per resource: each parser in its own
//! process (the heap left by one parser slows the next). `scripts/bench-parse.sh` runs every
//! variant that way; `scripts/bench-instructions.sh parse` counts instructions with callgrind
//! through the same driver.
//!
//! Run with `cargo bench --bench parse`.

use std::io::BufReader;
use std::time::Instant;

use divan::counter::{BytesCount, ItemsCount};
use divan::{AllocProfiler, Bencher, black_box};
use multistatus::client::{MultistatusReader, ParsedResponse};
use multistatus::reader::ReadError;

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

#[path = "workload/mod.rs"]
mod workload;
use workload::*;

#[path = "parse/hand_tuned.rs"]
mod hand_tuned;

const N: usize = 10_000;

/// The document: the derive's rendering of the answer for N resources.
fn document(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let answer = answer().unwrap_or_else(|e| panic!("{e}"));
    render_derive(&answer, &files(n), &mut out).unwrap_or_else(|e| panic!("{e}"));
    out
}

// ---- The variants: each hands its responses to `each`, owned ----

fn derive_slice(
    doc: &[u8],
    mut each: impl FnMut(ParsedResponse<FileProps>),
) -> Result<(), ReadError> {
    for response in MultistatusReader::<FileProps, _>::from_slice(doc) {
        each(response?);
    }
    Ok(())
}

fn derive_stream(
    doc: &[u8],
    mut each: impl FnMut(ParsedResponse<FileProps>),
) -> Result<(), ReadError> {
    for response in MultistatusReader::<FileProps, _>::new(BufReader::new(doc)) {
        each(response?);
    }
    Ok(())
}

/// quick-xml's serde deserializer: structs matched by local names.
mod serde_structs {
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    pub struct Multistatus {
        #[serde(default)]
        pub response: Vec<Response>,
    }

    #[derive(Deserialize, Debug)]
    pub struct Response {
        pub href: String,
        #[serde(default)]
        pub propstat: Vec<Propstat>,
    }

    #[derive(Deserialize, Debug)]
    pub struct Propstat {
        pub prop: Prop,
        pub status: String,
    }

    #[derive(Deserialize, Debug)]
    pub struct Prop {
        pub displayname: Option<String>,
        pub getcontentlength: Option<u64>,
        pub getcontenttype: Option<String>,
        pub getetag: Option<String>,
        pub getlastmodified: Option<String>,
        pub creationdate: Option<String>,
        pub resourcetype: Option<ResourceType>,
        pub color: Option<String>,
    }

    #[derive(Deserialize, Debug)]
    pub struct ResourceType {
        pub collection: Option<()>,
    }
}

fn serde(doc: &[u8]) -> Result<serde_structs::Multistatus, quick_xml::DeError> {
    quick_xml::de::from_reader(doc)
}

// ---- The benches ----

fn bench(bencher: Bencher, run: impl Fn(&[u8]) -> usize) {
    let doc = document(N);
    bencher
        .counter(ItemsCount::new(N))
        .counter(BytesCount::new(doc.len()))
        .bench_local(|| black_box(run(black_box(&doc))));
}

#[divan::bench(max_time = 5)]
fn parse_derive_slice(bencher: Bencher) {
    bench(bencher, |doc| run("derive_slice", doc));
}

#[divan::bench(max_time = 5)]
fn parse_derive_stream(bencher: Bencher) {
    bench(bencher, |doc| run("derive_stream", doc));
}

#[divan::bench(max_time = 5)]
fn parse_hand_tuned(bencher: Bencher) {
    bench(bencher, |doc| run("hand_tuned", doc));
}

#[divan::bench(max_time = 5)]
fn parse_serde(bencher: Bencher) {
    bench(bencher, |doc| run("serde", doc));
}

const VARIANTS: [&str; 4] = ["derive_slice", "derive_stream", "hand_tuned", "serde"];

/// Parses `doc` with `variant`, dropping each response; the number of responses.
fn run(variant: &str, doc: &[u8]) -> usize {
    let mut n = 0;
    let mut count = |r| {
        black_box(r);
        n += 1;
    };
    let ok = match variant {
        "derive_slice" => derive_slice(doc, |r| count(Some(r))).is_ok(),
        "derive_stream" => derive_stream(doc, |r| count(Some(r))).is_ok(),
        "hand_tuned" => hand_tuned::parse(doc, |r| {
            black_box(r);
            count(None);
        })
        .is_ok(),
        _ => match serde(doc) {
            Ok(all) => {
                n = all.response.len();
                black_box(all);
                true
            }
            Err(_) => false,
        },
    };
    assert!(ok, "{variant} failed");
    n
}

// ---- Untimed checks ----

/// A derive response as the hand-tuned parse's data.
fn as_parsed(r: ParsedResponse<FileProps>) -> hand_tuned::Parsed {
    let href = r
        .hrefs
        .first()
        .map(|h| h.encoded().into_owned())
        .unwrap_or_default();
    let multistatus::client::ParsedBody::Propstats(set) = r.body else {
        panic!("a propstat response");
    };
    let status = set
        .status(FilePropsName::Displayname)
        .map_or(0, |s| s.status().code());
    let unknown = set
        .unknown
        .iter()
        .map(|u| {
            let name = u.property.name();
            (
                name.namespace().to_owned(),
                name.local().to_owned(),
                u.status.status().code(),
            )
        })
        .collect();
    hand_tuned::Parsed {
        href,
        props: set.props,
        status,
        unknown,
    }
}

/// The derive from a slice and from a stream, and the hand-tuned parse, produce equal
/// data; serde reads the same hrefs and strings.
fn check_same_data(doc: &[u8]) -> Result<(), Box<dyn std::error::Error>> {
    let (mut slice, mut stream, mut hand) = (Vec::new(), Vec::new(), Vec::new());
    derive_slice(doc, |r| slice.push(as_parsed(r)))?;
    derive_stream(doc, |r| stream.push(as_parsed(r)))?;
    hand_tuned::parse(doc, |r| hand.push(r))?;
    assert_eq!(slice.len(), N);
    assert!(
        slice == stream,
        "derive from a slice and from a stream differ"
    );
    assert!(slice == hand, "derive and hand_tuned differ");
    let serde = serde(doc)?;
    assert_eq!(serde.response.len(), N);
    for (s, h) in serde.response.iter().zip(&hand) {
        assert_eq!(s.href, h.href);
        let prop = &s.propstat[0].prop;
        assert_eq!(
            prop.displayname.as_deref(),
            Some(h.props.displayname.as_str())
        );
        assert_eq!(prop.getetag.as_deref(), Some(h.props.getetag.as_str()));
        assert_eq!(prop.getcontentlength, Some(h.props.getcontentlength));
        assert_eq!(prop.color.as_deref(), Some(h.props.color.as_str()));
        assert_eq!(
            prop.getcontenttype.as_deref(),
            Some(h.props.getcontenttype.as_str())
        );
        assert!(prop.getlastmodified.is_some() && prop.creationdate.is_some());
        assert!(
            prop.resourcetype
                .as_ref()
                .is_some_and(|t| t.collection.is_none())
        );
        assert!(
            s.propstat
                .iter()
                .map(|p| p.status.as_str())
                .eq(["HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found"])
        );
    }
    println!(
        "first response, as derive_slice, derive_stream and hand_tuned parse it:\n{:?}\n",
        hand[0]
    );
    println!(
        "N = {N}: {} bytes; derive_slice, derive_stream and hand_tuned produce equal data, serde the same hrefs and values",
        doc.len()
    );
    Ok(())
}

/// `PARSE_ONLY=<variant>`: the driver described at the top.
fn only(variant: &str) -> Result<(), Box<dyn std::error::Error>> {
    if !VARIANTS.contains(&variant) {
        return Err(format!("PARSE_ONLY: one of {VARIANTS:?}").into());
    }
    let rounds: u32 = std::env::var("PARSE_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let n = std::env::var("PARSE_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(N);
    let doc = document(n);
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let started = Instant::now();
        black_box(run(variant, black_box(&doc)));
        best = best.min(started.elapsed().as_nanos() as f64 / n as f64);
    }
    if std::env::var_os("PARSE_QUIET").is_none() {
        println!(
            "{variant}: {best:.1} ns per resource (fastest of {rounds} rounds, N = {n}, own process), {:.0} MB/s",
            doc.len() as f64 / n as f64 / best * 1e3
        );
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    if let Ok(variant) = std::env::var("PARSE_ONLY") {
        return only(&variant);
    }
    let doc = document(N);
    check_same_data(&doc)?;
    divan::main();
    Ok(())
}
