//! Request bodies a client sends: PROPFIND and PROPPATCH built from typed names and values,
//! written with the same writer as the answers (namespaces declared once, text escaped).

use crate::Error;
use crate::name::Name;
use crate::prop::PropertyName;
use crate::request::{Instruction, PropertyUpdate, Propfind};
use crate::write::{Namespaces, Sink};

/// A sink for a request document whose root declares every namespace `names` use.
fn document<'a, 'b: 'a>(
    root: &str,
    names: impl Iterator<Item = &'a Name<'b>>,
) -> Result<Sink, Error> {
    let mut ns = Namespaces::new();
    for n in names {
        ns.declare(n.namespace().to_owned())?;
    }
    let mut sink = Sink::new(ns);
    sink.document_start(root);
    Ok(sink)
}

impl Propfind {
    /// A `prop` request for typed names: a misspelled property does not compile.
    ///
    /// ```
    /// # use multistatus_core::{PropertyName, name::{Tag, DAV}};
    /// # #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)] enum FileName { Getetag }
    /// # const T: Tag = Tag::new(DAV, "getetag");
    /// # impl PropertyName for FileName {
    /// #     fn tag(self) -> &'static Tag { &T }
    /// #     fn from_name(_: &str, _: &str) -> Option<Self> { None }
    /// #     fn in_allprop(self) -> bool { true }
    /// #     fn for_each(f: &mut dyn FnMut(Self)) { f(FileName::Getetag) }
    /// # }
    /// use multistatus_core::request::Propfind;
    /// let request = Propfind::typed(&[FileName::Getetag]);
    /// assert_eq!(
    ///     request.to_xml().unwrap(),
    ///     "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:propfind xmlns:D=\"DAV:\"><D:prop><D:getetag/></D:prop></D:propfind>",
    /// );
    /// ```
    #[must_use]
    pub fn typed<N: PropertyName>(names: &[N]) -> Self {
        Self::Prop(names.iter().map(|n| n.name()).collect())
    }

    /// The request body.
    pub fn to_xml(&self) -> Result<String, Error> {
        let names: &[Name<'static>] = match self {
            Self::AllProp { include } => include,
            Self::PropName => &[],
            Self::Prop(names) => names,
        };
        let mut sink = document("<D:propfind", names.iter())?;
        let list = |sink: &mut Sink, open: &'static str, close: &'static str| {
            sink.markup(open);
            for n in names {
                sink.empty_named(n);
            }
            sink.markup(close);
        };
        match self {
            Self::AllProp { include } => {
                sink.markup("<D:allprop/>");
                if !include.is_empty() {
                    list(&mut sink, "<D:include>", "</D:include>");
                }
            }
            Self::PropName => sink.markup("<D:propname/>"),
            Self::Prop(_) => list(&mut sink, "<D:prop>", "</D:prop>"),
        }
        sink.markup("</D:propfind>");
        Ok(sink.into_string())
    }
}

impl PropertyUpdate {
    /// The request body: each instruction in its own `set` or `remove`, in order.
    ///
    /// ```
    /// use multistatus_core::{Element, name::Name};
    /// use multistatus_core::request::{Instruction, PropertyUpdate};
    /// let update = PropertyUpdate {
    ///     instructions: vec![
    ///         Instruction::set(Element::new(Name::new("urn:z", "color").unwrap()).with_text("red")).unwrap(),
    ///         Instruction::Remove(Name::new("urn:z", "size").unwrap()),
    ///     ],
    /// };
    /// assert_eq!(update.to_xml().unwrap(), concat!(
    ///     "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
    ///     r#"<D:propertyupdate xmlns:D="DAV:" xmlns:ns1="urn:z">"#,
    ///     "<D:set><D:prop><ns1:color>red</ns1:color></D:prop></D:set>",
    ///     "<D:remove><D:prop><ns1:size/></D:prop></D:remove></D:propertyupdate>",
    /// ));
    /// assert_eq!(PropertyUpdate::parse(update.to_xml().unwrap().as_bytes()).unwrap(), update);
    /// ```
    pub fn to_xml(&self) -> Result<String, Error> {
        let mut sink = document(
            "<D:propertyupdate",
            self.instructions.iter().map(Instruction::name),
        )?;
        for i in &self.instructions {
            match i {
                Instruction::Set(e) => {
                    sink.markup("<D:set><D:prop>");
                    sink.raw(e.element())?;
                    sink.markup("</D:prop></D:set>");
                }
                Instruction::Remove(n) => {
                    sink.markup("<D:remove><D:prop>");
                    sink.empty_named(n);
                    sink.markup("</D:prop></D:remove>");
                }
            }
        }
        sink.markup("</D:propertyupdate>");
        Ok(sink.into_string())
    }
}
