//! The writer under hostile input (SPEC §4): no silently wrong output (tags built at run
//! time). Output is read back with roxmltree, independent of this crate.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod support;

use multistatus::name::{DAV, Tag};
use multistatus::{Href, MultistatusWriter, Namespaces, Status};
use support::{elements, parse_ok};

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
