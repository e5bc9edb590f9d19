//! PROPPATCH: body → [`PropertyUpdate::parse`] → [`PatchAnswer::evaluate`]; every `set`
//! value is written back (as a tree, as a stored value, as a dead property), re-read and
//! compared with what was parsed, and the answers are rendered and checked.

use std::collections::HashSet;

use multistatus::name::{DAV, Name, XML_LANG};
use multistatus::proppatch::{PatchAnswer, PatchFailure};
use multistatus::reader::{Limits, read_with};
use multistatus::request::{Instruction, PropertyUpdate, SetProperty};
use multistatus::values::RawValue;
use multistatus::{DeadProperty, Element, Href, MultistatusWriter, Namespaces, Node, Status};

use crate::{Outcome, xml};

/// The check: see the module documentation.
pub fn check(data: &[u8]) -> Outcome {
    let Some(update) = crate::parsed(data, PropertyUpdate::parse(data)) else {
        return Outcome::Rejected;
    };
    assert!(
        !update.instructions.is_empty(),
        "a parsed update has instructions"
    );
    let sets: Vec<&SetProperty> = update
        .instructions
        .iter()
        .filter_map(|i| match i {
            Instruction::Set(set) => Some(set),
            Instruction::Remove(_) => None,
        })
        .collect();
    for set in &sets {
        dead_property(set);
    }
    // The properties' namespaces declared on the root, as a server answering would, or
    // every namespace declared where it is used; the body's length chooses.
    let namespaces = match data.len() % 2 {
        0 => PatchAnswer::evaluate(&update, |_| Ok(())).namespaces(),
        _ => Namespaces::new(),
    };
    if !sets.is_empty() {
        write_back(&sets, namespaces);
    }

    // The distinct names, in order of first appearance, as the answer reports them.
    let mut seen = HashSet::new();
    let names: Vec<&Name<'static>> = update
        .instructions
        .iter()
        .map(Instruction::name)
        .filter(|n| seen.insert(*n))
        .collect();
    let accepted = PatchAnswer::evaluate(&update, |_| Ok(()));
    assert!(accepted.succeeded(), "every instruction was accepted");
    check_answer(&accepted, &names, |_| 200);

    // DAV: properties protected: 403 for them, 424 for the rest (200 when none is in DAV:).
    let protected = |n: &Name<'_>| n.namespace() == DAV;
    let answer = PatchAnswer::evaluate(&update, |i| match protected(i.name()) {
        true => Err(PatchFailure::Protected),
        false => Ok(()),
    });
    let any = names.iter().any(|n| protected(n));
    assert_eq!(answer.succeeded(), !any);
    check_answer(&answer, &names, |n| match (protected(n), any) {
        (true, _) => 403,
        (false, true) => 424,
        (false, false) => 200,
    });
    Outcome::Checked
}

/// A `set`'s dead property is its element: read back as a tree it is the parsed tree, and
/// read back as a stored value it is itself.
fn dead_property(set: &SetProperty) {
    let property = set.property();
    assert_eq!(property.name(), set.name());
    match property.to_element() {
        Ok(tree) => assert!(
            &tree == set.element(),
            "the dead property reads back otherwise\n{}\n{tree:#?}\n{:#?}",
            property.xml(),
            set.element()
        ),
        Err(e) => panic!(
            "the dead property does not read back: {e}\n{}",
            property.xml()
        ),
    }
    match DeadProperty::parse(property.xml()) {
        Ok(stored) => assert_eq!(&stored, property),
        Err(e) => panic!(
            "the dead property is refused as stored: {e}\n{}",
            property.xml()
        ),
    }
    assert_eq!(property.lang(), set.lang());
}

/// Writes every `set` element back three times — whole with [`multistatus::Sink::raw`], as a
/// stored value ([`RawValue::from_element`] through [`multistatus::Sink::named_property`]),
/// and as its dead property ([`multistatus::Sink::dead_property`]) — then re-reads the output
/// with the project's reader and with roxmltree and compares.
fn write_back(sets: &[&SetProperty], namespaces: Namespaces) {
    let href = |path| match Href::from_path(path) {
        Ok(h) => h,
        Err(e) => panic!("{path}: {e}"),
    };
    let elements: Vec<&Element> = sets.iter().map(|s| s.element()).collect();
    let mut ms = MultistatusWriter::in_memory(Vec::new(), namespaces);
    let written = ms
        .response(&href("/raw"), Status::OK, |s| {
            elements.iter().try_for_each(|e| s.raw(e))
        })
        .and_then(|r| r.end())
        .and_then(|()| {
            ms.response(&href("/value"), Status::OK, |s| {
                elements
                    .iter()
                    .try_for_each(|e| s.named_property(e.name(), &RawValue::from_element(e)))
            })
        })
        .and_then(|r| r.end())
        .and_then(|()| {
            ms.response(&href("/dead"), Status::OK, |s| {
                sets.iter().for_each(|set| s.dead_property(set.property()));
                Ok(())
            })
        })
        .and_then(|r| r.end());
    if let Err(e) = written {
        panic!("writing parsed values back failed: {e}\n{elements:#?}");
    }
    let out = match ms.finish() {
        Ok(out) => out,
        Err(e) => panic!("finish: {e}"),
    };
    let text = xml::utf8(&out);

    // As stored: the property element keeps its children (whitespace included), its
    // language, written first, and its other attributes in document order.
    let written: Vec<Element> = elements
        .iter()
        .map(|e| {
            let mut stored = Element::new(e.name().clone());
            if let Some(lang) = e.lang() {
                stored = stored.with_lang(lang);
            }
            for a in e.attributes().iter().filter(|a| a.name != XML_LANG) {
                stored = stored.with_attribute(a.name.clone(), a.value.clone());
            }
            *stored.children_mut() = e.children().to_vec();
            stored
        })
        .collect();
    let sets: Vec<Element> = elements.iter().map(|e| (*e).clone()).collect();

    // The project's reader, with room for the output's extra nesting and escaping.
    let limits = Limits {
        max_bytes: usize::MAX,
        max_depth: Limits::DEFAULT.max_depth + 8,
        max_elements: usize::MAX,
        max_attributes: usize::MAX,
        max_tree_bytes: usize::MAX,
        max_names: usize::MAX,
    };
    let root = match read_with(&out, &limits) {
        Ok(root) => root,
        Err(e) => panic!("the reader refuses the output: {e}\n{text}"),
    };
    let responses: Vec<&Element> = root.child_elements().collect();
    let [raw, value, dead] = responses.as_slice() else {
        panic!("three responses expected\n{text}");
    };
    for (response, expected) in [(raw, &sets), (value, &written), (dead, &sets)] {
        let prop = dav_path(response, &["propstat", "prop"], text);
        let reread: Vec<&Element> = prop.child_elements().collect();
        let expected: Vec<&Element> = expected.iter().collect();
        assert!(
            reread == expected,
            "re-read differs\n--- re-read ---\n{reread:#?}\n--- expected ---\n{expected:#?}\n--- output ---\n{text}"
        );
    }

    // roxmltree: the same elements, namespace-aware.
    let doc = xml::parse(text);
    let responses = xml::responses(&doc);
    for (response, expected) in responses.iter().zip([&sets, &written, &sets]) {
        let prop = xml::dav_child(xml::dav_child(*response, "propstat"), "prop");
        let found: Vec<_> = xml::elements(prop).collect();
        assert_eq!(found.len(), expected.len(), "\n{text}");
        for (node, element) in found.into_iter().zip(expected.iter()) {
            // roxmltree 0.21 reads any attribute named `xmlns` (`p:xmlns="…"`, a plain
            // attribute for Namespaces in XML) as a default namespace declaration: such
            // trees are compared through the project's reader only.
            if has_xmlns_attribute(element) {
                continue;
            }
            if let Err(diff) = same(node, element) {
                panic!(
                    "roxmltree reads {diff}\n--- expected ---\n{element:#?}\n--- output ---\n{text}"
                );
            }
        }
    }
}

/// Whether an element of the tree has an attribute whose local name is `xmlns`.
fn has_xmlns_attribute(element: &Element) -> bool {
    element
        .attributes()
        .iter()
        .any(|a| a.name.local() == "xmlns")
        || element.child_elements().any(has_xmlns_attribute)
}

/// The element reached from `element` through the `DAV:` children named in `path`.
fn dav_path<'e>(element: &'e Element, path: &[&str], text: &str) -> &'e Element {
    path.iter().fold(element, |e, local| {
        match e.child_elements().find(|c| c.name().is(DAV, local)) {
            Some(c) => c,
            None => panic!("no DAV:{local} in {}\n{text}", e.name()),
        }
    })
}

/// Whether roxmltree's `node` is `element`: expanded names, attributes (as a set) and
/// children, text exact.
fn same(node: roxmltree::Node<'_, '_>, element: &Element) -> Result<(), String> {
    let name = element.name();
    if !xml::is_name(node, name) {
        return Err(format!("element {:?} for {name}", node.tag_name()));
    }
    let mut found: Vec<(&str, &str, &str)> = node
        .attributes()
        .map(|a| (a.namespace().unwrap_or(""), a.name(), a.value()))
        .collect();
    let mut expected: Vec<(&str, &str, &str)> = element
        .attributes()
        .iter()
        .map(|a| (a.name.namespace(), a.name.local(), a.value.as_str()))
        .collect();
    found.sort_unstable();
    expected.sort_unstable();
    if found != expected {
        return Err(format!("attributes {found:?} for {expected:?} on {name}"));
    }
    // Adjacent text nodes merged, as the element keeps them; comments and processing
    // instructions (which a dead property keeps, verbatim) are not content.
    let mut children: Vec<Result<roxmltree::Node<'_, '_>, String>> = Vec::new();
    for child in node.children() {
        if child.is_element() {
            children.push(Ok(child));
        } else if let Some(t) = child.text().filter(|_| child.is_text()) {
            match children.last_mut() {
                Some(Err(prev)) => prev.push_str(t),
                _ => children.push(Err(t.to_owned())),
            }
        }
    }
    if children.len() != element.children().len() {
        return Err(format!(
            "{} children for {} in {name}",
            children.len(),
            element.children().len()
        ));
    }
    for (found, expected) in children.iter().zip(element.children()) {
        match (found, expected) {
            (Ok(n), Node::Element(e)) => same(*n, e)?,
            (Err(t), Node::Text(e)) if t == e => {}
            (found, _) => {
                return Err(format!("{found:?} for {expected:?} in {name}"));
            }
        }
    }
    Ok(())
}

/// The answer reports each distinct name once with `status(name)`, in its namespace, a 403
/// with `DAV:cannot-modify-protected-property`; its rendering says the same.
fn check_answer(answer: &PatchAnswer, names: &[&Name<'static>], status: impl Fn(&Name<'_>) -> u16) {
    let statuses: Vec<(&Name<'static>, u16)> =
        answer.statuses().map(|(n, s)| (n, s.code())).collect();
    let expected: Vec<(&Name<'static>, u16)> = names.iter().map(|n| (*n, status(n))).collect();
    assert_eq!(statuses, expected);

    let mut ms = MultistatusWriter::in_memory(Vec::new(), answer.namespaces());
    let out = Href::from_path("/patched")
        .and_then(|href| answer.write(&mut ms, &href))
        .and_then(|()| ms.finish());
    let out = match out {
        Ok(out) => out,
        Err(e) => panic!("writing the answer failed: {e}"),
    };
    let text = xml::utf8(&out);
    let doc = xml::parse(text);
    let [response] = xml::responses(&doc)[..] else {
        panic!("one response expected\n{text}");
    };
    let reported = xml::reported(response);
    for (name, code) in &expected {
        let element = xml::reported_once(&reported, name, *code, text);
        assert!(!element.has_children(), "{name} is not empty\n{text}");
    }
    assert_eq!(reported.len(), expected.len(), "names reported\n{text}");
    for propstat in xml::dav_children(response, "propstat") {
        if xml::status_code(xml::dav_child(propstat, "status")) == 403 {
            let error = xml::dav_child(propstat, "error");
            xml::dav_child(error, "cannot-modify-protected-property");
        }
    }
}
