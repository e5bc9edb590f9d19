//! The writer under hostile input and failing outputs (SPEC §4): tens of thousands of
//! namespaces, a writer that refuses further work after an I/O error, and no silently wrong
//! output (tags built at run time, tables past 65 536 namespaces, hrefs that would leave the
//! request's host, reason phrases). Output is read back with roxmltree, and hrefs are
//! resolved with the `url` crate, both independent of this crate.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod support;

use std::cell::{Cell, RefCell};
use std::io::{self, Write};
use std::rc::Rc;

use multistatus::name::{DAV, Name, Tag};
use multistatus::propfind::PropfindAnswer;
use multistatus::reader::Limits;
use multistatus::request::Propfind;
use multistatus::{
    Element, Error, Href, MultistatusWriter, Namespaces, PropertySet, Response, Status, StatusLine,
};
use proptest::prelude::*;
use roxmltree::Document;
use support::{dav_texts, elements, parse_ok, percent_decode};

fn path(p: &str) -> Href<'static> {
    Href::from_path(p.to_owned()).unwrap()
}

/// The child elements of `node`, as `(namespace, local name)`.
fn children(node: roxmltree::Node<'_, '_>) -> Vec<(String, String)> {
    node.children()
        .filter(roxmltree::Node::is_element)
        .map(|c| {
            let name = c.tag_name();
            (
                name.namespace().unwrap_or_default().to_owned(),
                name.name().to_owned(),
            )
        })
        .collect()
}

// ---- Tags built at run time ----

/// Tags built at run time in a loop (so in one stack slot) in a namespace whose prefix is
/// known only at run time each come out under their own name and namespace.
#[test]
fn tags_built_at_run_time_keep_their_names() {
    let mut ns = Namespaces::new();
    ns.declare("urn:x").unwrap();
    ns.declare("urn:y").unwrap();
    let mut ms = MultistatusWriter::new(Vec::new(), ns);
    let names = ["alpha", "beta", "gamma", "delta"];
    ms.response(&path("/r"), Status::OK, |sink| {
        for namespace in ["urn:x", "urn:y"] {
            for name in names {
                let tag = Tag::new(namespace, name);
                sink.text_element(&tag, name)?;
                let tag = Tag::new(namespace, name);
                sink.element(&tag, |_| Ok(()))?;
            }
        }
        Ok(())
    })
    .unwrap()
    .end()
    .unwrap();
    let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
    let doc = parse_ok(&xml);
    let got = children(elements(&doc, DAV, "prop")[0]);
    let want: Vec<(String, String)> = ["urn:x", "urn:y"]
        .iter()
        .flat_map(|ns| {
            names.iter().flat_map(move |n| {
                let pair = (ns.to_string(), n.to_string());
                [pair.clone(), pair]
            })
        })
        .collect();
    assert_eq!(got, want);
    let texts: Vec<_> = elements(&doc, DAV, "prop")[0]
        .children()
        .filter_map(|c| c.text())
        .collect();
    assert_eq!(texts, [names, names].concat());
}

// ---- Many namespaces ----

#[derive(PropertySet)]
struct Props {
    displayname: Option<String>,
}

fn props() -> Props {
    Props {
        displayname: Some("x".into()),
    }
}

/// A string that lives as long as the program, as a [`Tag`] needs.
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// A PROPFIND of 50 000 properties, each in a namespace of its own (a body the default
/// limits accept once `max_names` is raised to that count): the answer declares each once, under its own prefix, and every resource
/// lists each in its 404 propstat in its own namespace.
///
/// The body is written against a table without them, so each is declared on its element:
/// roxmltree takes time quadratic in the declarations on one element (29 s for 50 000 on
/// the root). Root declarations at that scale are read back by
/// `namespaces_on_a_large_root_keep_their_prefixes`.
#[test]
fn fifty_thousand_namespaces_in_a_propfind() {
    const N: usize = 50_000;
    let mut body = String::from(r#"<D:propfind xmlns:D="DAV:"><D:prop>"#);
    for i in 0..N {
        body.push_str(&format!(r#"<a xmlns="u:{i}"/>"#));
    }
    body.push_str("</D:prop></D:propfind>");
    let limits = Limits {
        max_names: N,
        ..Limits::DEFAULT
    };
    let request = Propfind::parse_with(body.as_bytes(), &limits).unwrap();
    let answer = PropfindAnswer::<Props>::new(&request);

    let table = answer.namespaces();
    assert_eq!(table.iter().count(), N + 1);
    for i in 0..N {
        assert_eq!(
            table.prefix(&format!("u:{i}")),
            Some(format!("ns{}", i + 1).as_str())
        );
    }

    let mut ms = MultistatusWriter::new(Vec::new(), Namespaces::new());
    for r in ["/a", "/b"] {
        answer.write(&mut ms, &path(r), &props()).unwrap();
    }
    let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
    let doc = parse_ok(&xml);
    let props = elements(&doc, DAV, "prop");
    assert_eq!(props.len(), 2, "a 404 propstat per resource");
    for prop in props {
        let names = children(prop);
        assert_eq!(names.len(), N);
        for (i, (ns, local)) in names.iter().enumerate() {
            assert_eq!(
                (ns.as_str(), local.as_str()),
                (format!("u:{i}").as_str(), "a")
            );
        }
    }
}

/// The namespace table of `ns`, as `(namespace, prefix)` in declaration order.
fn table_of(ns: &Namespaces) -> Vec<(String, String)> {
    ns.iter()
        .map(|(n, p)| (n.to_owned(), p.to_owned()))
        .collect()
}

/// `xml` with the declarations on its root cut down to those at positions `keep` of
/// `table`, after checking that the root declares exactly `table`, in order.
///
/// roxmltree takes time quadratic in the declarations on one element (29 s for 50 000) and
/// refuses documents with more than 65 536 namespaces. A sample of elements is read back
/// with the declarations of its namespaces, and of those a wrong index would point at: a
/// prefix outside them is unbound, a wrong one inside them puts the element in the wrong
/// namespace.
fn with_root_declarations(
    xml: &str,
    table: &[(String, String)],
    keep: impl IntoIterator<Item = usize>,
) -> String {
    let declare =
        |(namespace, prefix): &(String, String)| format!(r#" xmlns:{prefix}="{namespace}""#);
    let start = xml.find("<D:multistatus").unwrap() + "<D:multistatus".len();
    let end = start + xml[start..].find('>').unwrap();
    let all: String = table.iter().map(declare).collect();
    assert!(
        xml[start..end] == all,
        "the root does not declare the table"
    );
    let mut kept: Vec<usize> = keep.into_iter().collect();
    kept.sort_unstable();
    kept.dedup();
    let some: String = kept.iter().map(|&at| declare(&table[at])).collect();
    format!("{}{some}{}", &xml[..start], &xml[end..])
}

/// With 50 000 namespaces on the root, each gets its own prefix, and elements written by
/// name, by tag, as raw values and as attributes each come out in their own namespace, with
/// no declaration but the root's (a sample of them, around the point where the table
/// starts hashing and at both ends: see [`with_root_declarations`]).
#[test]
fn namespaces_on_a_large_root_keep_their_prefixes() {
    const N: usize = 50_000;
    let namespace = |i: usize| format!("urn:t:{i}");
    let mut ns = Namespaces::new();
    for i in 0..N {
        assert_eq!(ns.declare(namespace(i)).unwrap(), format!("ns{}", i + 1));
    }
    for i in 0..N {
        assert_eq!(
            ns.prefix(&namespace(i)),
            Some(format!("ns{}", i + 1).as_str())
        );
    }
    let table = table_of(&ns);
    let sample: Vec<usize> = (0..40)
        .chain((N - 20)..N)
        .chain((0..N).step_by(997))
        .collect();

    let mut ms = MultistatusWriter::new(Vec::new(), ns);
    ms.response(&path("/r"), Status::OK, |sink| {
        for &i in &sample {
            sink.empty_named(&Name::new(namespace(i), format!("n{i}"))?);
            let tag = Tag::new(leak(namespace(i)), leak(format!("t{i}")));
            sink.text_element(&tag, "v")?;
            let attribute = Name::new(namespace(N - 1 - i), "at")?;
            let raw = Element::new(Name::new(namespace(i), format!("r{i}"))?)
                .with_attribute(attribute, "1");
            sink.raw(&raw)?;
        }
        Ok(())
    })
    .unwrap()
    .end()
    .unwrap();
    let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
    assert_eq!(xml.matches("xmlns:").count(), N + 1, "declared elsewhere");
    // Positions in the table: `DAV:` first, then `namespace(i)` at i + 1.
    let keep = sample.iter().flat_map(|&i| [0, i + 1, N - i]);
    let xml = with_root_declarations(&xml, &table, keep);
    let doc = parse_ok(&xml);
    let prop = elements(&doc, DAV, "prop")[0];
    let got: Vec<_> = prop
        .children()
        .filter(roxmltree::Node::is_element)
        .collect();
    assert_eq!(got.len(), 3 * sample.len());
    for (k, &i) in sample.iter().enumerate() {
        let ns = namespace(i);
        assert!(got[3 * k].has_tag_name((ns.as_str(), format!("n{i}").as_str())));
        assert!(got[3 * k + 1].has_tag_name((ns.as_str(), format!("t{i}").as_str())));
        assert!(got[3 * k + 2].has_tag_name((ns.as_str(), format!("r{i}").as_str())));
        assert_eq!(
            got[3 * k + 2].attribute((namespace(N - 1 - i).as_str(), "at")),
            Some("1")
        );
    }
}

/// A raw value 64 levels deep whose every element declares 32 namespaces of its own (as
/// attributes) and is named in a namespace its parent declared: 2 048 local declarations in
/// scope at the bottom, each attribute and element in its own namespace. (The reader lets
/// through 128 attributes an element; roxmltree takes 15 s to read that back, 1 s this.)
#[test]
fn deep_raw_value_with_many_local_namespaces() {
    const DEPTH: usize = 64;
    const WIDTH: usize = 32;
    let namespace = |d: usize, k: usize| format!("urn:l:{d}:{k}");
    let mut element: Option<Element> = None;
    for d in (0..DEPTH).rev() {
        // Named in a namespace its parent declares (the root's own: one of its attributes).
        let owner = if d == 0 {
            namespace(0, 0)
        } else {
            namespace(d - 1, d % WIDTH)
        };
        let mut e = Element::new(Name::new(owner, format!("e{d}")).unwrap());
        for k in 0..WIDTH {
            e = e.with_attribute(Name::new(namespace(d, k), format!("a{k}")).unwrap(), "v");
        }
        if let Some(child) = element.take() {
            e = e.with_child(child);
        }
        element = Some(e);
    }
    let element = element.unwrap();

    let mut ms = MultistatusWriter::new(Vec::new(), Namespaces::new());
    ms.response(&path("/deep"), Status::OK, |sink| sink.raw(&element))
        .unwrap()
        .end()
        .unwrap();
    let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
    let doc = parse_ok(&xml);
    let mut node = elements(&doc, DAV, "prop")[0].first_element_child();
    for d in 0..DEPTH {
        let e = node.unwrap_or_else(|| panic!("no element at depth {d}"));
        let owner = if d == 0 {
            namespace(0, 0)
        } else {
            namespace(d - 1, d % WIDTH)
        };
        assert!(e.has_tag_name((owner.as_str(), format!("e{d}").as_str())));
        assert_eq!(e.attributes().len(), WIDTH);
        for k in 0..WIDTH {
            let ns = namespace(d, k);
            assert_eq!(
                e.attribute((ns.as_str(), format!("a{k}").as_str())),
                Some("v")
            );
        }
        node = e.first_element_child();
    }
    assert!(node.is_none());
    // Each namespace declared once, where first used.
    assert_eq!(xml.matches("xmlns:").count(), 1 + DEPTH * WIDTH);
}

/// With 65 540 namespaces on the root, past what a 16-bit index holds, elements in the
/// last ones are still written with their own prefix, not that of the namespace 65 536
/// places before (read back as in [`with_root_declarations`]).
#[test]
fn prefixes_past_65536_namespaces() {
    const N: usize = 65_540;
    let mut ns = Namespaces::new();
    for i in 0..N {
        ns.declare(format!("urn:w:{i}")).unwrap();
    }
    let table = table_of(&ns);
    assert_eq!(table.len(), N + 1);
    // Positions in the table, `DAV:` at 0.
    let sample: Vec<usize> = (1..6).chain(65_530..=N).collect();

    let mut ms = MultistatusWriter::new(Vec::new(), ns);
    ms.response(&path("/r"), Status::OK, |sink| {
        for &at in &sample {
            let (namespace, _) = &table[at];
            sink.empty_named(&Name::new(namespace.clone(), "n")?);
            sink.text_element(&Tag::new(leak(namespace.clone()), "t"), "v")?;
        }
        Ok(())
    })
    .unwrap()
    .end()
    .unwrap();
    let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
    let keep = sample.iter().flat_map(|&at| [0, at, at % 65_536]);
    let xml = with_root_declarations(&xml, &table, keep);
    let doc = parse_ok(&xml);
    let got = children(elements(&doc, DAV, "prop")[0]);
    let want: Vec<(String, String)> = sample
        .iter()
        .flat_map(|&at| {
            let (namespace, _) = &table[at];
            [
                (namespace.clone(), "n".into()),
                (namespace.clone(), "t".into()),
            ]
        })
        .collect();
    assert_eq!(got, want);
}

// ---- Failing outputs ----

const DISPLAYNAME: Tag = Tag::new(DAV, "displayname");

/// What an output does on its calls to `write`.
#[derive(Clone, Copy)]
enum Behaviour {
    /// Fails on this call (counted from 1), works otherwise.
    FailOn(usize),
    /// Fails on every call, and on `flush`.
    FailAlways,
    /// Takes at most this many bytes per call.
    Short(usize),
    /// Returns `ErrorKind::Interrupted` on the first call, works afterwards.
    InterruptFirst,
}

/// An output behaving as told, keeping what it accepted and counting calls, shared with the
/// test while the writer owns it.
#[derive(Clone)]
struct Output {
    behaviour: Behaviour,
    accepted: Rc<RefCell<Vec<u8>>>,
    calls: Rc<Cell<usize>>,
}

impl Output {
    fn new(behaviour: Behaviour) -> Self {
        Self {
            behaviour,
            accepted: Rc::default(),
            calls: Rc::default(),
        }
    }

    fn accepted(&self) -> String {
        String::from_utf8(self.accepted.borrow().clone()).unwrap()
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.calls.set(self.calls.get() + 1);
        let take = match self.behaviour {
            Behaviour::FailOn(n) if n == self.calls.get() => {
                return Err(io::Error::new(io::ErrorKind::BrokenPipe, "once"));
            }
            Behaviour::FailAlways => return Err(io::Error::other("always")),
            Behaviour::InterruptFirst if self.calls.get() == 1 => {
                return Err(io::ErrorKind::Interrupted.into());
            }
            Behaviour::Short(n) => n.min(buf.len()),
            _ => buf.len(),
        };
        self.accepted.borrow_mut().extend_from_slice(&buf[..take]);
        Ok(take)
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.behaviour {
            Behaviour::FailAlways => Err(io::Error::other("always")),
            _ => Ok(()),
        }
    }
}

/// How many responses the failing-output tests write: about ten buffers' worth.
const RESPONSES: usize = 2_000;

/// Writes response `i`: a propstat response with one property.
fn write_response<W: Write>(ms: &mut MultistatusWriter<W>, i: usize) -> Result<(), Error> {
    ms.response(&path(&format!("/files/{i}")), Status::OK, |p| {
        p.text_element(&DISPLAYNAME, &format!("file {i} & co"))
    })?
    .end()
}

/// Every way of going on with a writer whose output failed: each must fail with
/// `Error::OutputFailed`.
fn assert_refuses_everything<W: Write>(ms: &mut MultistatusWriter<W>) {
    let answer = PropfindAnswer::<Props>::new(&Propfind::AllProp {
        include: Vec::new(),
    });
    let response: Response<'_, Vec<Element>> = Response::status(path("/m"), Status::OK);
    for i in 0..100 {
        let href = path(&format!("/after/{i}"));
        let results = [
            write_response(ms, i),
            ms.response(&href, Status::OK, |_| Ok(())).map(drop),
            ms.status_response(&href, Status::OK).map(drop),
            ms.write(&response),
            answer.write(ms, &href, &props()),
        ];
        for r in results {
            assert!(matches!(r, Err(Error::OutputFailed)), "{r:?}");
        }
    }
}

/// An output that fails once, on its third write: that call reports the I/O error, every
/// later one `Error::OutputFailed`, and the output gets nothing more (no response of the
/// failed buffer is sent again, no later one is sent at all).
#[test]
fn output_failing_once_gets_nothing_more() {
    let out = Output::new(Behaviour::FailOn(3));
    let mut ms = MultistatusWriter::new(out.clone(), Namespaces::new());
    let mut first_error = None;
    for i in 0..RESPONSES {
        match write_response(&mut ms, i) {
            Ok(()) => assert!(first_error.is_none(), "response {i} written after an error"),
            Err(e) if first_error.is_none() => {
                assert!(
                    matches!(&e, Error::Io(io) if io.kind() == io::ErrorKind::BrokenPipe),
                    "{e:?}"
                );
                first_error = Some(i);
            }
            Err(e) => assert!(matches!(e, Error::OutputFailed), "{e:?}"),
        }
    }
    assert!(first_error.is_some(), "the output never failed");
    let (calls, accepted) = (out.calls.get(), out.accepted());
    assert_eq!(calls, 3);
    assert_refuses_everything(&mut ms);
    assert!(matches!(
        ms.finish_with(Some(&"d".into()), None),
        Err(Error::OutputFailed)
    ));
    assert_eq!(out.calls.get(), calls, "the output was called again");
    assert_eq!(out.accepted(), accepted);
    // What went out before the failure, each response once, cut off.
    let hrefs: Vec<_> = accepted.match_indices("<D:href>").collect();
    assert!(!hrefs.is_empty() && hrefs.len() < RESPONSES);
    for (i, (at, _)) in hrefs.iter().enumerate() {
        assert!(accepted[*at..].starts_with(&format!("<D:href>/files/{i}</D:href>")));
    }
    assert!(!accepted.ends_with("</D:multistatus>"));
}

/// An output that always fails: the first write reports it, then no call succeeds nor
/// reaches the output, `finish` included.
#[test]
fn output_failing_always_is_called_once() {
    let out = Output::new(Behaviour::FailAlways);
    let mut ms = MultistatusWriter::new(out.clone(), Namespaces::new());
    let failed_at = (0..RESPONSES)
        .find(|&i| write_response(&mut ms, i).is_err())
        .expect("the output never failed");
    assert!(failed_at > 0, "the first buffer is not full yet");
    assert_eq!(out.calls.get(), 1);
    assert_refuses_everything(&mut ms);
    assert!(matches!(ms.finish(), Err(Error::OutputFailed)));
    assert_eq!(out.calls.get(), 1);
    assert!(out.accepted().is_empty());
}

/// A failing `flush` at the end is reported as `Error::Io`.
#[test]
fn failing_flush_at_the_end_is_reported() {
    let out = Output::new(Behaviour::FailAlways);
    let ms = MultistatusWriter::new(out, Namespaces::new());
    assert!(matches!(ms.finish(), Err(Error::Io(_))));
}

/// Reads `body` back and checks it holds responses `/files/0` … in order, `n` of them.
fn assert_whole_body(body: &str, n: usize) {
    let doc = parse_ok(body);
    let hrefs = dav_texts(&doc, "href");
    assert_eq!(hrefs.len(), n);
    for (i, h) in hrefs.iter().enumerate() {
        assert_eq!(h, &format!("/files/{i}"));
    }
    assert_eq!(dav_texts(&doc, "displayname").len(), n);
}

/// An output that takes at most 7 bytes a call still gets the whole body, once.
#[test]
fn short_writes_deliver_the_whole_body() {
    let out = Output::new(Behaviour::Short(7));
    let mut ms = MultistatusWriter::new(out.clone(), Namespaces::new());
    for i in 0..RESPONSES {
        write_response(&mut ms, i).unwrap();
    }
    ms.finish().unwrap();
    let body = out.accepted();
    assert_whole_body(&body, RESPONSES);
    assert!(out.calls.get() >= body.len() / 7);
}

/// A write interrupted once (`ErrorKind::Interrupted`) is retried: the body is whole.
#[test]
fn interrupted_write_is_retried() {
    let out = Output::new(Behaviour::InterruptFirst);
    let mut ms = MultistatusWriter::new(out.clone(), Namespaces::new());
    for i in 0..RESPONSES {
        write_response(&mut ms, i).unwrap();
    }
    ms.finish().unwrap();
    assert_whole_body(&out.accepted(), RESPONSES);
}

// ---- Hrefs stay on the request's host ----

const BASE: &str = "http://dav.example/base/dir/";

/// The host `href` resolves to against [`BASE`], as a WHATWG URL parser sees it.
fn resolved_host(href: &str) -> Option<String> {
    let base = url::Url::parse(BASE).unwrap();
    base.join(href)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
}

/// Writes each href in a body and reads them back with roxmltree.
fn written(hrefs: &[Href<'_>]) -> Vec<String> {
    let mut ms = MultistatusWriter::new(Vec::new(), Namespaces::new());
    for h in hrefs {
        ms.status_response(h, Status::OK).unwrap().end().unwrap();
    }
    let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
    dav_texts(&Document::parse(&xml).unwrap(), "href")
}

/// Paths that a client would resolve to another host if written as they are (`//host`,
/// and `\` that WHATWG parsers read as `/`) resolve to the request's host, and decode back
/// to the path given.
#[test]
fn path_hrefs_resolve_to_the_request_host() {
    let hostile = [
        "//evil.example/x",
        "//evil.example",
        "///evil.example/x",
        "//",
        "/\\evil.example/x",
        "/\\\\evil.example/x",
        "\\\\evil.example/x",
        "/%2F%2Fevil.example/x",
        "/\t/evil.example/x",
        "/\n/evil.example/x",
        "/ //evil.example/x",
        "/..//evil.example/x",
        "/.//evil.example/x",
    ];
    let paths: Vec<&str> = hostile
        .iter()
        .copied()
        .filter(|p| p.starts_with('/'))
        .collect();
    assert!(Href::from_path("\\\\evil.example/x").is_err());
    let hrefs: Vec<Href<'_>> = paths.iter().map(|p| Href::from_path(*p).unwrap()).collect();
    for (p, h) in paths.iter().zip(written(&hrefs)) {
        assert_eq!(
            resolved_host(&h).as_deref(),
            Some("dav.example"),
            "{p:?} → {h:?}"
        );
        assert_eq!(percent_decode(&h).as_deref(), Some(*p), "{h:?}");
    }
    assert_eq!(written(&hrefs[..1]), ["/%2Fevil.example/x"]);
}

/// With an origin, the href names the origin's host, whatever the path.
#[test]
fn origin_hrefs_resolve_to_the_origin_host() {
    for p in ["//evil.example/x", "/\\evil.example", "///x"] {
        let h = Href::from_origin_and_path("https://own.example:8443", p).unwrap();
        let got = written(&[h]);
        let url = url::Url::parse(&got[0]).unwrap();
        assert_eq!(url.host_str(), Some("own.example"), "{p:?} → {got:?}");
        assert_eq!(url.port(), Some(8443));
    }
}

/// Already-encoded text that is a network-path reference (`//host`) is refused; text that
/// WHATWG parsers would turn into one (`/\host`) is not URI text and is refused too; what
/// is accepted resolves to the request's host.
#[test]
fn encoded_hrefs_cannot_name_another_host() {
    for bad in ["//evil.example/x", "///x", "//", "/\\evil.example", "/\t/x"] {
        assert!(
            matches!(Href::from_encoded(bad), Err(Error::InvalidHref { .. })),
            "{bad:?}"
        );
    }
    let ok = ["/%2F%2Fevil.example/x", "/%2Fx", "/a//b"];
    let hrefs: Vec<Href<'_>> = ok.iter().map(|u| Href::from_encoded(*u).unwrap()).collect();
    for h in written(&hrefs) {
        assert_eq!(resolved_host(&h).as_deref(), Some("dav.example"), "{h:?}");
    }
}

/// The decoded path of a URI whose path starts with `//` (legal after an authority) can be
/// turned back into a path href safely.
#[test]
fn decoded_paths_make_safe_hrefs() {
    let uri = Href::from_encoded("http://dav.example//evil.example/x").unwrap();
    let decoded = uri.decoded_path().unwrap().into_owned();
    assert_eq!(decoded, "//evil.example/x");
    let again = written(&[Href::from_path(decoded).unwrap()]);
    assert_eq!(resolved_host(&again[0]).as_deref(), Some("dav.example"));
}

proptest! {
    /// Any path, written as a href and read back, resolves to the request's host and
    /// decodes back to itself.
    #[test]
    fn any_path_href_stays_on_the_host(rest in "[/\\\\%.a-z \t?#:@-]{0,12}|\\PC{0,24}") {
        let p = format!("/{rest}");
        let h = Href::from_path(p.as_str()).unwrap();
        let got = written(&[h]);
        let host = resolved_host(&got[0]);
        prop_assert_eq!(host.as_deref(), Some("dav.example"), "{:?} → {:?}", p, got);
        prop_assert_eq!(percent_decode(&got[0]), Some(p));
    }
}

// ---- Status lines ----

/// `parse` and `with_reason` accept the same reason phrases: tab, space, visible ASCII and
/// non-ASCII text, but no line break, C0 or C1 control, DEL, U+FFFE or U+FFFF.
#[test]
fn parse_and_with_reason_accept_the_same_phrases() {
    let ok = [
        "Not Found",
        "a\tb",
        "très bien",
        "日本",
        "~!",
        "a\u{A0}b",
        "a\u{2028}b",
    ];
    let bad = [
        "a\nb",
        "a\rb",
        "a\u{85}b",
        "a\u{80}b",
        "a\u{9F}b",
        "a\u{0}b",
        "a\u{7}b",
        "a\u{7F}b",
        "a\u{FFFE}b",
        "a\u{FFFF}b",
        "a\u{1B}[31mb",
    ];
    for (phrase, accepted) in ok
        .iter()
        .map(|p| (p, true))
        .chain(bad.iter().map(|p| (p, false)))
    {
        let with_reason = StatusLine::with_reason(Status::OK, *phrase);
        let line = format!("HTTP/1.1 200 {phrase}");
        let parsed = StatusLine::parse(&line);
        assert_eq!(with_reason.is_ok(), accepted, "with_reason {phrase:?}");
        assert_eq!(parsed.is_ok(), accepted, "parse {phrase:?}");
        if !accepted {
            assert!(
                matches!(parsed, Err(Error::InvalidReason { .. })),
                "{phrase:?}"
            );
        }
    }
}

/// Writes `line` in a status response and reads the `DAV:status` text back.
fn written_status(line: &StatusLine<'_>) -> String {
    let mut ms = MultistatusWriter::new(Vec::new(), Namespaces::new());
    ms.status_response(&path("/s"), line.clone())
        .unwrap()
        .end()
        .unwrap();
    let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
    let doc = Document::parse(&xml).unwrap();
    dav_texts(&doc, "status").remove(0)
}

/// A code with no reason phrase is written with the space RFC 9112 §4 requires before
/// the absent phrase (`HTTP/1.1 599 `), and the parser reads that, and the line without
/// the space, as the same status.
#[test]
fn absent_reason_phrase_keeps_its_space_both_ways() {
    let status = Status::new(599).unwrap();
    let written = written_status(&status.into());
    assert_eq!(written, "HTTP/1.1 599 ");
    for line in [written.as_str(), "HTTP/1.1 599", "  HTTP/1.1 599 \r\n"] {
        let parsed = StatusLine::parse(line).unwrap();
        assert_eq!(parsed, StatusLine::from(status), "{line:?}");
        assert_eq!(written_status(&parsed), "HTTP/1.1 599 ");
    }
}

proptest! {
    /// Whatever `parse` accepts is written as its `Display` form, which roxmltree reads back
    /// and `parse` reads as the same line.
    #[test]
    fn parsed_status_lines_are_written_as_parsed(
        line in "HTTP/1\\.[01] [1-6][0-9][0-9]( \\PC{0,16})?|\\PC{0,24}|HTTP/1\\.1 2[0-9][0-9] [\\x00-\\x{A0}]{0,8}"
    ) {
        if let Ok(parsed) = StatusLine::parse(&line) {
            let written = written_status(&parsed);
            prop_assert_eq!(&written, &parsed.to_string());
            prop_assert_eq!(StatusLine::parse(&written).unwrap(), parsed);
        }
    }

    /// Whatever `with_reason` accepts is written as is and read back the same.
    #[test]
    fn custom_reasons_are_written_as_given(code in 200u16..600, reason in "\\PC{0,16}|[\\x00-\\x{A0}]{0,8}") {
        if let Ok(line) = StatusLine::with_reason(Status::new(code).unwrap(), reason.as_str()) {
            prop_assert_eq!(written_status(&line), format!("HTTP/1.1 {code} {reason}"));
        }
    }
}
