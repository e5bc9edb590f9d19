//! The writer's round trip: arbitrary text, attribute values, paths, languages and reason
//! phrases are written through the public API; each write either fails with the documented
//! error and leaves nothing, or roxmltree reads exactly the input back.

use arbitrary::{Arbitrary, Unstructured};
use multistatus::name::{DAV, Name, Tag, XML};
use multistatus::values::RawValue;
use multistatus::{Element, Error, Href, MultistatusWriter, Namespaces, Status, StatusLine};

use crate::{Outcome, first_non_xml_char, xml};

/// What the fuzzer's bytes are read as.
#[derive(Arbitrary, Debug)]
pub struct Input {
    /// Element text.
    pub text: String,
    /// An attribute value.
    pub attribute: String,
    /// Whether the attribute is in a namespace (declared on its element) or in none.
    pub attribute_namespaced: bool,
    /// A decoded path for [`Href::from_path`].
    pub path: String,
    /// An `xml:lang`.
    pub lang: String,
    /// A reason phrase, with the status code it goes with (taken modulo 400, plus 200).
    pub reason: String,
    /// The status code.
    pub code: u16,
    /// Whether the body streams to an `io::Write` rather than into memory.
    pub streaming: bool,
}

const DISPLAYNAME: Tag = Tag::new(DAV, "displayname");
/// In a namespace declared on the root, so written with a prefix known at run time.
const TITLE: Tag = Tag::new(ROOT_NS, "title");
const ROOT_NS: &str = "http://example.com/ns";
/// In namespaces the root does not declare: declared where used.
const DEAD: Name<'static> = Name::new_const("urn:x-fuzz:dead", "title");
const RAW: Name<'static> = Name::new_const("urn:x-fuzz:raw", "e");
const ATTRIBUTE_NS: &str = "urn:x-fuzz:attribute";

/// What a response that was written must read back as.
#[derive(Debug)]
enum Expect {
    Text(String),
    Attribute(Name<'static>, String),
    Href(String),
    Lang(String),
    Reason(String),
}

/// The check: see the module documentation.
pub fn check(data: &[u8]) -> Outcome {
    let input = match Input::arbitrary_take_rest(Unstructured::new(data)) {
        Ok(input) => input,
        Err(_) => return Outcome::Rejected,
    };
    let mut namespaces = Namespaces::new();
    if let Err(e) = namespaces.declare(ROOT_NS) {
        panic!("{ROOT_NS}: {e}");
    }
    let mut ms = if input.streaming {
        MultistatusWriter::new(Vec::new(), namespaces)
    } else {
        MultistatusWriter::in_memory(Vec::new(), namespaces)
    };
    let status = match Status::new(200 + input.code % 400) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    let href = |path: &str| match Href::from_path(path.to_owned()) {
        Ok(h) => h,
        Err(e) => panic!("{path}: {e}"),
    };
    let mut expect = Vec::new();
    // A propstat never carries 207: every propstat response below is refused with it, before
    // its content is written.
    let multi = status == Status::MULTI_STATUS;
    let illegal = |s: &str| match multi {
        true => Some(Error::StatusNotAllowed { status, reason: "" }),
        false => first_non_xml_char(s).map(|found| Error::IllegalChar { found }),
    };

    // Text.
    let result = ms
        .response(&href("/text"), status, |s| {
            s.text_element(&DISPLAYNAME, &input.text)
        })
        .and_then(|r| r.end());
    outcome(
        result,
        illegal(&input.text),
        &mut expect,
        Expect::Text(input.text.clone()),
    );

    // An attribute value.
    let name = match input.attribute_namespaced {
        true => Name::new_const(ATTRIBUTE_NS, "a"),
        false => Name::new_const("", "a"),
    };
    let element = Element::new(RAW).with_attribute(name.clone(), input.attribute.clone());
    let result = ms
        .response(&href("/attribute"), status, |s| s.raw(&element))
        .and_then(|r| r.end());
    let expected = Expect::Attribute(name, input.attribute.clone());
    outcome(result, illegal(&input.attribute), &mut expect, expected);

    // A path.
    let result = Href::from_path(input.path.as_str())
        .and_then(|h| ms.status_response(&h, status))
        .and_then(|r| r.end());
    let refused = (!input.path.starts_with('/')).then(|| Error::InvalidHref {
        href: input.path.clone(),
        reason: "",
    });
    outcome(
        result,
        refused,
        &mut expect,
        Expect::Href(input.path.clone()),
    );

    // A language, on a property named by a tag and on one named at run time.
    let value = RawValue::new().with_text("x").with_lang(input.lang.clone());
    let result = ms
        .response(&href("/lang"), status, |s| {
            s.property(&TITLE, &value)?;
            s.named_property(&DEAD, &value)
        })
        .and_then(|r| r.end());
    outcome(
        result,
        illegal(&input.lang),
        &mut expect,
        Expect::Lang(input.lang.clone()),
    );

    // A reason phrase: control characters (C0 but tab, DEL, C1) and characters XML cannot
    // carry are refused when the line is built.
    let control = input.reason.chars().any(|c| c.is_control() && c != '\t')
        || first_non_xml_char(&input.reason).is_some();
    let result = StatusLine::with_reason(status, input.reason.as_str()).and_then(|line| {
        ms.response(&href("/reason"), line, |s| {
            s.empty(&DISPLAYNAME);
            Ok(())
        })
        .and_then(|r| r.end())
    });
    let refused = match control {
        true => Some(Error::InvalidReason {
            reason: input.reason.clone(),
        }),
        false => illegal(""),
    };
    let line = format!("HTTP/1.1 {} {}", status.code(), input.reason);
    outcome(result, refused, &mut expect, Expect::Reason(line));

    let out = match ms.finish() {
        Ok(out) => out,
        Err(e) => panic!("finish: {e}"),
    };
    read_back(&out, &expect, &input);
    Outcome::Checked
}

/// Checks a write's result against the error expected (`None`: success), and records what a
/// successful one must read back as.
fn outcome(
    result: Result<(), Error>,
    refused: Option<Error>,
    expect: &mut Vec<Expect>,
    ok: Expect,
) {
    match (result, refused) {
        (Ok(()), None) => expect.push(ok),
        (Err(Error::IllegalChar { found }), Some(Error::IllegalChar { found: c }))
            if found == c => {}
        (Err(Error::InvalidReason { reason }), Some(Error::InvalidReason { reason: r }))
            if reason == r => {}
        (Err(Error::InvalidHref { href, .. }), Some(Error::InvalidHref { href: h, .. }))
            if href == h => {}
        (
            Err(Error::StatusNotAllowed { status, .. }),
            Some(Error::StatusNotAllowed { status: s, .. }),
        ) if status == s => {}
        (result, refused) => panic!("{ok:?}: got {result:?}, expected {refused:?}"),
    }
}

/// Parses the output and checks each response against what was written, in order: a failed
/// write left no response behind.
fn read_back(out: &[u8], expect: &[Expect], input: &Input) {
    let text = xml::utf8(out);
    let doc = xml::parse(text);
    let responses = xml::responses(&doc);
    assert_eq!(
        responses.len(),
        expect.len(),
        "{input:#?}\n{expect:#?}\n{text}"
    );
    for (response, expected) in responses.into_iter().zip(expect) {
        let props = || {
            let propstat = xml::dav_child(response, "propstat");
            xml::elements(xml::dav_child(propstat, "prop")).collect::<Vec<_>>()
        };
        match expected {
            Expect::Text(t) => {
                let [p] = props()[..] else {
                    panic!("one property expected\n{text}")
                };
                assert!(xml::is(p, DAV, "displayname"), "{text}");
                assert_eq!(&xml::text(p), t, "{text}");
            }
            Expect::Attribute(name, value) => {
                let [p] = props()[..] else {
                    panic!("one property expected\n{text}")
                };
                assert!(xml::is_name(p, &RAW), "{text}");
                let found = match name.namespace() {
                    "" => p.attribute(name.local()),
                    ns => p.attribute((ns, name.local())),
                };
                assert_eq!(found, Some(value.as_str()), "{text}");
                assert_eq!(p.attributes().len(), 1, "{text}");
            }
            Expect::Href(path) => assert_eq!(&xml::decoded_href(response), path, "{text}"),
            Expect::Lang(lang) => {
                let [title, dead] = props()[..] else {
                    panic!("two properties expected\n{text}")
                };
                assert!(xml::is(title, ROOT_NS, "title"), "{text}");
                assert!(xml::is_name(dead, &DEAD), "{text}");
                for p in [title, dead] {
                    assert_eq!(p.attribute((XML, "lang")), Some(lang.as_str()), "{text}");
                    assert_eq!(xml::text(p), "x", "{text}");
                }
            }
            Expect::Reason(line) => {
                let propstat = xml::dav_child(response, "propstat");
                assert_eq!(
                    &xml::text(xml::dav_child(propstat, "status")),
                    line,
                    "{text}"
                );
            }
        }
    }
}
