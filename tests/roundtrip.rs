//! Whatever text and paths a server holds, the body is well-formed and an independent parser
//! (roxmltree) reads back exactly what was written — or the writer refuses, with
//! `Error::IllegalChar`, only text XML 1.0 cannot carry.

mod support;

use multistatus::escape::first_illegal_char;
use multistatus::propfind::PropfindAnswer;
use multistatus::request::Propfind;
use multistatus::values::RawValue;
use multistatus::{Element, Error, Href, MultistatusWriter, PropertySet, name::Name};
use proptest::prelude::*;

#[derive(PropertySet)]
struct Props {
    displayname: String,
    #[dav(namespace = "urn:example:rt", allprop)]
    note: RawValue,
}

/// Any text, weighted towards what escaping must get right.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            prop_oneof![
                Just('<'),
                Just('>'),
                Just('&'),
                Just('"'),
                Just('\''),
                Just('\r'),
                Just('\n'),
                Just('\t'),
                Just(']'),
                Just('\u{1}'),
                Just('\u{FFFE}'),
                Just('\u{FFFF}'),
                Just('é'),
                Just('😀'),
                any::<char>(),
            ],
            0..24
        )
        .prop_map(|v| v.into_iter().collect())
    ]
}

proptest! {
    #[test]
    fn text_round_trips_or_is_refused(displayname in text(), note in text(), lang in text()) {
        let props = Props {
            displayname: displayname.clone(),
            note: RawValue::new()
                .with_child(
                    Element::new(Name::new("urn:example:rt", "p").unwrap())
                        .with_attribute(Name::new("", "title").unwrap(), note.clone())
                        .with_text(note.clone()),
                )
                .with_lang(lang.clone()),
        };
        let answer = PropfindAnswer::<Props>::new(&Propfind::AllProp { include: vec![] });
        let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
        let result = answer.write(&mut ms, &Href::from_path("/x").unwrap(), &props);
        let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
        let doc = support::parse_ok(&xml);
        let illegal = [&displayname, &note, &lang]
            .iter()
            .find_map(|s| first_illegal_char(s));
        match (result, illegal) {
            (Ok(()), None) => {
                let find = |local: &str| {
                    doc.descendants()
                        .find(|n| n.tag_name().name() == local)
                        .unwrap()
                };
                let got = find("displayname").text().unwrap_or("");
                prop_assert_eq!(got, displayname.as_str());
                let p = find("p");
                prop_assert_eq!(p.text().unwrap_or(""), note.as_str());
                prop_assert_eq!(p.attribute("title"), Some(note.as_str()));
                let lang_read = find("note")
                    .attribute(("http://www.w3.org/XML/1998/namespace", "lang"));
                prop_assert_eq!(lang_read, Some(lang.as_str()));
            }
            (Err(Error::IllegalChar { found }), Some(c)) => {
                prop_assert!(!multistatus::escape::is_xml_char(found));
                prop_assert!(!multistatus::escape::is_xml_char(c));
                // Nothing of the refused response is in the body.
                prop_assert!(!xml.contains("<D:response>"), "{}", xml);
            }
            (result, illegal) => {
                prop_assert!(false, "result {:?} for illegal {:?}", result, illegal);
            }
        }
    }

    #[test]
    fn paths_round_trip(segments in proptest::collection::vec(any::<String>(), 0..4)) {
        let path = format!("/{}", segments.join("/"));
        let mut ms = MultistatusWriter::new(Vec::new(), multistatus::Namespaces::new());
        ms.status_response(&Href::from_path(path.clone()).unwrap(), multistatus::Status::OK)
            .unwrap()
            .end()
            .unwrap();
        let xml = String::from_utf8(ms.finish().unwrap()).unwrap();
        let doc = support::parse_ok(&xml);
        let href = doc
            .descendants()
            .find(|n| n.has_tag_name(("DAV:", "href")))
            .and_then(|n| n.text())
            .unwrap()
            .to_owned();
        prop_assert!(href.bytes().all(|b| b.is_ascii_graphic()), "{}", href);
        let decoded = Href::from_encoded(href).unwrap().decoded_path().unwrap().into_owned();
        // The query and fragment characters are encoded, so the whole path comes back.
        prop_assert_eq!(decoded, path);
    }
}
