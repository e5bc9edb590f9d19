//! SPEC §4: every request body the limits accept costs time linear in its size. Hostile
//! bodies of N property names, for N = 1 000 (what the default `Limits::max_names` allows),
//! 10 000 and the most the other default limits allow (`max_names` raised for those two):
//!
//! - `proppatch`: `<D:remove><D:prop><p0/>…<pN/></D:prop></D:remove>`, parsed, evaluated
//!   (every instruction accepted) and answered (one response);
//! - `propfind_unknown`: a PROPFIND of N unknown names, parsed, answered
//!   (`PropfindAnswer::new`) and one response written (every name echoed in its 404 propstat);
//! - `propfind_namespaces`: the same with each name in a namespace of its own
//!   (`<a xmlns="u:N"/>`), so the answer's namespace table holds N + 1 entries.
//!
//! Each row counts N items, so divan's throughput column is properties per second, and the
//! time per property is the median divided by N: flat across the rows means linear.
//!
//! Run with `cargo bench --bench hostile`; `scripts/bench-instructions.sh hostile` counts the
//! instructions per name of each row (callgrind, through the `HOSTILE_PROFILE` driver below).

use divan::counter::ItemsCount;
use divan::{Bencher, black_box};
use multistatus::propfind::PropfindAnswer;
use multistatus::proppatch::PatchAnswer;
use multistatus::reader::Limits;
use multistatus::request::{PropertyUpdate, Propfind};
use multistatus::{Href, MultistatusWriter, PropertySet};

/// A small set: the hostile names are all unknown to it.
#[derive(PropertySet)]
struct Props {
    displayname: String,
}

/// The largest count of names of `width` bytes each that a default-limits body can hold:
/// what fits in `max_bytes` beside the elements around them, and at most `max_elements`
/// elements in all.
const fn largest(width: usize) -> usize {
    let by_bytes = (Limits::DEFAULT.max_bytes - 200) / width;
    let by_elements = Limits::DEFAULT.max_elements - 3;
    if by_bytes < by_elements {
        by_bytes
    } else {
        by_elements
    }
}

/// 1 000 (the default names limit), 10 000, and the most names of each body shape the
/// other default limits allow once `max_names` is raised: `<pNNNNN/>` takes at most 9 bytes
/// (100 000 elements come first), `<a xmlns="u:NNNNN"/>` 20 (1 MiB comes first).
const PLAIN: &[usize] = &[1_000, 10_000, largest(10)];
const NAMESPACED: &[usize] = &[1_000, 10_000, largest(20)];

fn limits(n: usize) -> Limits {
    Limits {
        max_names: n.max(Limits::DEFAULT.max_names),
        ..Limits::DEFAULT
    }
}

fn proppatch_body(n: usize) -> Vec<u8> {
    let mut body = String::from(r#"<D:propertyupdate xmlns:D="DAV:"><D:remove><D:prop>"#);
    for i in 0..n {
        body.push_str(&format!("<p{i}/>"));
    }
    body.push_str("</D:prop></D:remove></D:propertyupdate>");
    body.into_bytes()
}

fn propfind_body(n: usize, namespace_each: bool) -> Vec<u8> {
    let mut body = String::from(r#"<D:propfind xmlns:D="DAV:"><D:prop>"#);
    for i in 0..n {
        if namespace_each {
            body.push_str(&format!(r#"<a xmlns="u:{i}"/>"#));
        } else {
            body.push_str(&format!("<p{i}/>"));
        }
    }
    body.push_str("</D:prop></D:propfind>");
    body.into_bytes()
}

fn resource() -> Props {
    Props {
        displayname: "x".into(),
    }
}

/// The PROPPATCH of `body` (N names), answered: the length of the answer.
fn run_proppatch(body: &[u8], limits: &Limits) -> usize {
    let update = PropertyUpdate::parse_with(body, limits).unwrap_or_else(|e| panic!("{e}"));
    let answer = PatchAnswer::evaluate(&update, |_| Ok(()));
    let mut ms = MultistatusWriter::in_memory(Vec::new(), answer.namespaces());
    answer
        .write(&mut ms, &href())
        .unwrap_or_else(|e| panic!("{e}"));
    ms.finish().unwrap_or_else(|e| panic!("{e}")).len()
}

/// The PROPFIND of `body` (N names), answered for one resource: the length of the answer.
fn run_propfind(body: &[u8], limits: &Limits) -> usize {
    let request = Propfind::parse_with(body, limits).unwrap_or_else(|e| panic!("{e}"));
    let answer = PropfindAnswer::<Props>::new(&request);
    let mut ms = MultistatusWriter::in_memory(Vec::new(), answer.namespaces());
    answer
        .write(&mut ms, &href(), &resource())
        .unwrap_or_else(|e| panic!("{e}"));
    ms.finish().unwrap_or_else(|e| panic!("{e}")).len()
}

fn href() -> Href<'static> {
    Href::from_path("/r").unwrap_or_else(|e| panic!("{e}"))
}

/// The body of a row and the limits it is read with.
fn row(kind: &str, n: usize) -> (Vec<u8>, Limits) {
    let body = match kind {
        "proppatch" => proppatch_body(n),
        "propfind_unknown" => propfind_body(n, false),
        "propfind_namespaces" => propfind_body(n, true),
        other => panic!("no row {other}"),
    };
    assert!(body.len() <= Limits::DEFAULT.max_bytes);
    (body, limits(n))
}

fn bench(bencher: Bencher, kind: &str, n: usize) {
    let (body, limits) = row(kind, n);
    let run = if kind == "proppatch" {
        run_proppatch
    } else {
        run_propfind
    };
    bencher
        .counter(ItemsCount::new(n))
        .bench(|| run(black_box(&body), &limits));
}

#[divan::bench(args = PLAIN, max_time = 5)]
fn proppatch(bencher: Bencher, n: usize) {
    bench(bencher, "proppatch", n);
}

#[divan::bench(args = PLAIN, max_time = 5)]
fn propfind_unknown(bencher: Bencher, n: usize) {
    bench(bencher, "propfind_unknown", n);
}

#[divan::bench(args = NAMESPACED, max_time = 5)]
fn propfind_namespaces(bencher: Bencher, n: usize) {
    bench(bencher, "propfind_namespaces", n);
}

/// `HOSTILE_PROFILE=<row>:<n>` runs that row once instead of the benches: a driver for
/// `valgrind --tool=callgrind`, whose instruction counts per property are steadier than
/// times on a shared machine.
fn main() {
    if let Ok(spec) = std::env::var("HOSTILE_PROFILE") {
        let (kind, n) = spec
            .split_once(':')
            .and_then(|(k, n)| Some((k.to_owned(), n.parse().ok()?)))
            .unwrap_or_else(|| panic!("HOSTILE_PROFILE=<row>:<n>, not {spec:?}"));
        let (body, limits) = row(&kind, n);
        let run = if kind == "proppatch" {
            run_proppatch
        } else {
            run_propfind
        };
        println!("{kind} {n}: {} bytes answered", run(&body, &limits));
        return;
    }
    divan::main();
}
