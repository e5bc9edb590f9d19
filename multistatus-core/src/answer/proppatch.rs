//! Answering PROPPATCH (RFC 4918 §9.2): all instructions succeed, or none does.
//!
//! [`PatchAnswer::evaluate`] hands each instruction of a parsed [`PropertyUpdate`] to the
//! application, in document order, and records what it says. If any instruction fails, the
//! application must not keep any change (apply to a copy, or in a transaction, and commit only
//! when [`PatchAnswer::succeeded`]); the answer then reports each failed property with its own
//! status — 403 with `DAV:cannot-modify-protected-property` for a protected one — and every
//! other with 424 Failed Dependency. When all succeed, every property is reported 200.

use std::hash::{Hash, Hasher};
use std::io::Write;

use crate::model::dead::DeadPropertiesMut;
use crate::model::href::Href;
use crate::model::{DavError, Description};
use crate::name::Name;
use crate::prop::PropertyName;
use crate::reader::Distinct;
use crate::request::{Instruction, PropertyUpdate};
use crate::write::MultistatusWriter;
use crate::{Error, Status};

/// Why an instruction failed, as the application says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatchFailure {
    /// A protected (live) property: 403 with the `DAV:cannot-modify-protected-property`
    /// precondition (RFC 4918 §9.2, §16).
    Protected,
    /// Another failure, with its status (409 for a value the server cannot accept, 507 when
    /// out of space, …) and an optional `DAV:error` body. A success status (2xx) is not a
    /// failure: writing an answer holding one is [`Error::StatusNotAllowed`].
    Status(Status, Option<DavError>),
}

/// The result of one property in a PROPPATCH answer.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    Ok,
    Failed(PatchFailure),
    Dependency,
}

/// The RFC 4918 §9.2 answer to a PROPPATCH, built by [`PatchAnswer::evaluate`].
///
/// ```
/// use multistatus_core::{Href, MultistatusWriter, Namespaces, Status};
/// use multistatus_core::proppatch::{PatchAnswer, PatchFailure};
/// use multistatus_core::request::{Instruction, PropertyUpdate};
///
/// let update = PropertyUpdate::parse(br#"<D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:z">
///   <D:set><D:prop><Z:color>red</Z:color><D:getetag>x</D:getetag></D:prop></D:set>
/// </D:propertyupdate>"#).unwrap();
/// let answer = PatchAnswer::evaluate(&update, |instruction| {
///     match instruction.name().namespace() {
///         "DAV:" => Err(PatchFailure::Protected),
///         _ => Ok(()),
///     }
/// });
/// assert!(!answer.succeeded());
/// let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
/// answer.write(&mut ms, &Href::from_path("/doc").unwrap()).unwrap();
/// let body = String::from_utf8(ms.finish().unwrap()).unwrap();
/// assert_eq!(body, concat!(
///     "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
///     r#"<D:multistatus xmlns:D="DAV:" xmlns:ns1="urn:z"><D:response><D:href>/doc</D:href>"#,
///     "<D:propstat><D:prop><ns1:color/></D:prop>",
///     "<D:status>HTTP/1.1 424 Failed Dependency</D:status></D:propstat>",
///     "<D:propstat><D:prop><D:getetag/></D:prop><D:status>HTTP/1.1 403 Forbidden</D:status>",
///     "<D:error><D:cannot-modify-protected-property/></D:error></D:propstat>",
///     "</D:response></D:multistatus>",
/// ));
/// ```
#[derive(Clone, Debug)]
pub struct PatchAnswer {
    /// One entry per property, in order of first appearance.
    results: Vec<(Name<'static>, Outcome)>,
}

impl PatchAnswer {
    /// Asks `apply` about every instruction, in document order, and builds the answer.
    ///
    /// `apply` is called for every instruction even after one failed, so that each failing
    /// property gets its own status; a property named by several instructions is reported
    /// once, failed if any of its instructions failed. Removing a property that does not
    /// exist is not an error (RFC 4918 §14.23): `apply` should return `Ok` for it.
    pub fn evaluate(
        update: &PropertyUpdate,
        mut apply: impl FnMut(&Instruction) -> Result<(), PatchFailure>,
    ) -> Self {
        // Each name's entry found by `Distinct` (hashed past a few names), not by a scan:
        // linear in the number of instructions.
        let mut names = Distinct::new();
        let mut outcomes: Vec<Outcome> = Vec::new();
        for instruction in &update.instructions {
            let outcome = match apply(instruction) {
                Ok(()) => Outcome::Ok,
                Err(f) => Outcome::Failed(f),
            };
            match names.insert_full(instruction.name()) {
                (_, true) => outcomes.push(outcome),
                (at, false) => {
                    if let Some(existing) = outcomes.get_mut(at)
                        && *existing == Outcome::Ok
                    {
                        *existing = outcome;
                    }
                }
            }
        }
        let mut results: Vec<(Name<'static>, Outcome)> =
            names.into_vec().into_iter().zip(outcomes).collect();
        if results.iter().any(|(_, o)| matches!(o, Outcome::Failed(_))) {
            for (_, o) in &mut results {
                if *o == Outcome::Ok {
                    *o = Outcome::Dependency;
                }
            }
        }
        Self { results }
    }

    /// Routes every instruction, in document order: a name of the property set whose typed
    /// names are `N` goes to `typed`, with its typed name (a protected live property is
    /// refused there, and never reaches the store); every other one is a dead property,
    /// set in or removed from `store`.
    ///
    /// All or nothing: `store` is a working copy (a clone of a [`DeadMap`](crate::DeadMap))
    /// or a transaction, and `typed` changes a copy of the live state too; keep both only
    /// when [`succeeded`](Self::succeeded). Every instruction is applied even after one
    /// failed, so that each failing property gets its own status, as with
    /// [`evaluate`](Self::evaluate).
    ///
    /// ```
    /// # use multistatus_core::{PropertyName, name::{Tag, DAV}};
    /// # #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)] enum FileName { Displayname, Getetag }
    /// # const T: [Tag; 2] = [Tag::new(DAV, "displayname"), Tag::new(DAV, "getetag")];
    /// # impl PropertyName for FileName {
    /// #     fn tag(self) -> &'static Tag { &T[self as usize] }
    /// #     fn from_name(ns: &str, l: &str) -> Option<Self> {
    /// #         match (ns, l) { (DAV, "displayname") => Some(Self::Displayname), (DAV, "getetag") => Some(Self::Getetag), _ => None }
    /// #     }
    /// #     fn in_allprop(self) -> bool { true }
    /// #     fn for_each(f: &mut dyn FnMut(Self)) { f(Self::Displayname); f(Self::Getetag) }
    /// # }
    /// use multistatus_core::{DeadMap, DeadProperties, Href, MultistatusWriter, name::Name};
    /// use multistatus_core::proppatch::{PatchAnswer, PatchFailure};
    /// use multistatus_core::request::{Instruction, PropertyUpdate};
    ///
    /// let update = PropertyUpdate::parse(br#"<D:propertyupdate xmlns:D="DAV:" xmlns:A="http://apple.com/ns/ical/">
    ///   <D:set><D:prop>
    ///     <D:displayname>Work</D:displayname>
    ///     <A:calendar-color>#FF2968</A:calendar-color>
    ///   </D:prop></D:set>
    /// </D:propertyupdate>"#).unwrap();
    /// let mut displayname = String::new();
    /// let mut dead = DeadMap::new(); // the resource's, cloned
    /// let answer = PatchAnswer::evaluate_set(&update, &mut dead, |name: FileName, instruction| {
    ///     match (name, instruction) {
    ///         (FileName::Displayname, Instruction::Set(set)) => {
    ///             displayname = set.text().into_owned();
    ///             Ok(())
    ///         }
    ///         (FileName::Displayname, Instruction::Remove(_)) => {
    ///             displayname.clear();
    ///             Ok(())
    ///         }
    ///         (FileName::Getetag, _) => Err(PatchFailure::Protected),
    ///     }
    /// });
    /// assert!(answer.succeeded());
    /// assert_eq!(displayname, "Work");
    /// let color = dead.get(&Name::new("http://apple.com/ns/ical/", "calendar-color").unwrap());
    /// assert_eq!(
    ///     color.unwrap().xml(),
    ///     r#"<A:calendar-color xmlns:D="DAV:" xmlns:A="http://apple.com/ns/ical/">#FF2968</A:calendar-color>"#,
    /// );
    /// ```
    pub fn evaluate_set<N, S>(
        update: &PropertyUpdate,
        store: &mut S,
        mut typed: impl FnMut(N, &Instruction) -> Result<(), PatchFailure>,
    ) -> Self
    where
        N: PropertyName,
        S: DeadPropertiesMut + ?Sized,
    {
        Self::evaluate(update, |instruction| match instruction.typed::<N>() {
            Some(name) => typed(name, instruction),
            None => match instruction {
                Instruction::Set(set) => store.set(set.property().clone()),
                Instruction::Remove(name) => store.remove(name),
            },
        })
    }

    /// Whether every instruction succeeded: only then may the changes be kept.
    #[must_use]
    pub fn succeeded(&self) -> bool {
        self.results.iter().all(|(_, o)| *o == Outcome::Ok)
    }

    /// The status each property is reported with, in order.
    pub fn statuses(&self) -> impl Iterator<Item = (&Name<'static>, Status)> {
        self.results.iter().map(|(n, o)| (n, status_of(o)))
    }

    /// The namespaces of the answer, to declare on the root.
    #[must_use]
    pub fn namespaces(&self) -> crate::Namespaces {
        let mut ns = crate::Namespaces::new();
        for (n, _) in &self.results {
            // Names come from parsed XML; one the table refuses is declared where used.
            let _ = ns.declare(n.namespace().to_owned());
        }
        ns
    }

    /// Writes the `DAV:response` for the resource at `href`.
    pub fn write<W: Write>(
        &self,
        ms: &mut MultistatusWriter<W>,
        href: &Href<'_>,
    ) -> Result<(), Error> {
        self.write_with(ms, href, None)
    }

    /// Like [`PatchAnswer::write`], with a response-level `DAV:responsedescription`.
    ///
    /// ```
    /// use multistatus_core::{Description, Href, MultistatusWriter, Status};
    /// use multistatus_core::proppatch::{PatchAnswer, PatchFailure};
    /// use multistatus_core::request::PropertyUpdate;
    /// let update = PropertyUpdate::parse(br#"<D:propertyupdate xmlns:D="DAV:">
    ///   <D:remove><D:prop><D:getetag/></D:prop></D:remove>
    /// </D:propertyupdate>"#).unwrap();
    /// let answer = PatchAnswer::evaluate(&update, |_| Err(PatchFailure::Protected));
    /// let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
    /// let why = Description::new("ETags are computed").with_lang("en");
    /// answer.write_with(&mut ms, &Href::from_path("/doc").unwrap(), Some(&why)).unwrap();
    /// let body = String::from_utf8(ms.finish().unwrap()).unwrap();
    /// assert!(body.ends_with(concat!(
    ///     r#"<D:responsedescription xml:lang="en">ETags are computed</D:responsedescription>"#,
    ///     "</D:response></D:multistatus>",
    /// )));
    ///
    /// // A success is not a failure.
    /// let answer = PatchAnswer::evaluate(&update, |_| Err(PatchFailure::Status(Status::OK, None)));
    /// let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
    /// assert!(answer.write(&mut ms, &Href::from_path("/doc").unwrap()).is_err());
    /// ```
    ///
    /// # Errors
    /// [`Error::StatusNotAllowed`] when an instruction failed with a success status; what
    /// the writer reports.
    pub fn write_with<W: Write>(
        &self,
        ms: &mut MultistatusWriter<W>,
        href: &Href<'_>,
        description: Option<&Description<'_>>,
    ) -> Result<(), Error> {
        if let Some(status) = self.results.iter().find_map(|(_, o)| match o {
            Outcome::Failed(PatchFailure::Status(s, _)) if s.is_success() => Some(*s),
            _ => None,
        }) {
            return Err(Error::StatusNotAllowed {
                status,
                reason: "a PROPPATCH instruction cannot fail with a success status",
            });
        }
        let protected = DavError::dav("cannot-modify-protected-property");
        // One propstat per distinct outcome, in order of first appearance, with its names in
        // order: grouped in one pass (`Distinct` finds each outcome's group).
        let mut groups = Distinct::new();
        let mut members: Vec<Vec<&Name<'static>>> = Vec::new();
        for (name, outcome) in &self.results {
            let (group, new) = groups.insert_full(&Group(outcome));
            if new {
                members.push(Vec::new());
            }
            if let Some(names) = members.get_mut(group) {
                names.push(name);
            }
        }
        let mut r = ms.begin_propstats(href);
        for (Group(outcome), names) in groups.into_vec().into_iter().zip(&members) {
            let error = match outcome {
                Outcome::Failed(PatchFailure::Protected) => Some(&protected),
                Outcome::Failed(PatchFailure::Status(_, e)) => e.as_ref(),
                _ => None,
            };
            r.propstat_with(
                &status_of(outcome).into(),
                |s| {
                    for n in names {
                        s.empty_named(n);
                    }
                    Ok(())
                },
                error,
                None,
            )?;
        }
        r.end_with(None, description, None)
    }
}

/// An outcome as the key of its propstat: equal outcomes are one group. The hash covers the
/// status and the names in the `DAV:error` conditions, which tells groups apart in practice;
/// equality decides.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Group<'a>(&'a Outcome);

impl Hash for Group<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        status_of(self.0).code().hash(state);
        if let Outcome::Failed(PatchFailure::Status(_, Some(error))) = self.0 {
            for condition in error.conditions() {
                condition.for_each_element(|e| e.name().hash(state));
            }
        }
    }
}

fn status_of(outcome: &Outcome) -> Status {
    match outcome {
        Outcome::Ok => Status::OK,
        Outcome::Failed(PatchFailure::Protected) => Status::FORBIDDEN,
        Outcome::Failed(PatchFailure::Status(s, _)) => *s,
        Outcome::Dependency => Status::FAILED_DEPENDENCY,
    }
}

impl Instruction {
    /// The typed name of this instruction's property in the set whose names are `N`, to
    /// `match` on; `None` for a property the set does not have (a dead property).
    #[must_use]
    pub fn typed<N: PropertyName>(&self) -> Option<N> {
        let name = self.name();
        N::from_name(name.namespace(), name.local())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Element;

    fn update(names: &[&str]) -> PropertyUpdate {
        PropertyUpdate {
            instructions: names
                .iter()
                .map(|n| Instruction::Remove(Name::new_unchecked("urn:x", n.to_string())))
                .collect(),
        }
    }

    /// The propstats of an answer: each status code with its property names, in order.
    fn propstats(answer: &PatchAnswer) -> Vec<(String, Vec<String>)> {
        let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
        let href = Href::from_path("/r");
        assert!(href.is_ok());
        let written = href.map(|href| answer.write(&mut ms, &href));
        assert!(matches!(written, Ok(Ok(()))), "{written:?}");
        let xml = ms.finish().map(String::from_utf8);
        let Ok(Ok(xml)) = xml else {
            return Vec::new();
        };
        let doc = roxmltree::Document::parse(&xml);
        assert!(doc.is_ok(), "{xml}");
        let Ok(doc) = doc else { return Vec::new() };
        doc.descendants()
            .filter(|n| n.has_tag_name(("DAV:", "propstat")))
            .map(|propstat| {
                let status = propstat
                    .children()
                    .find(|n| n.has_tag_name(("DAV:", "status")))
                    .and_then(|n| n.text())
                    .unwrap_or_default()
                    .to_owned();
                let names = propstat
                    .descendants()
                    .filter(|n| n.tag_name().namespace() == Some("urn:x"))
                    .map(|n| n.tag_name().name().to_owned())
                    .collect();
                (status, names)
            })
            .collect()
    }

    /// One propstat per distinct outcome, in order of first appearance, each with its names
    /// in order; equal `DAV:error` bodies group, different ones with the same status do not.
    #[test]
    fn outcomes_group_by_first_appearance() {
        let condition = |local: &str| {
            Some(DavError::new(Element::new(Name::new_unchecked(
                "urn:c",
                local.to_owned(),
            ))))
        };
        let conflict = |local: &str| PatchFailure::Status(Status::CONFLICT, condition(local));
        let answer = PatchAnswer::evaluate(&update(&["a", "b", "c", "d", "e", "f", "g"]), |i| {
            match i.name().local() {
                "b" | "e" => Err(conflict("x")),
                "d" => Err(conflict("y")),
                "c" | "g" => Err(PatchFailure::Protected),
                "f" => Err(PatchFailure::Status(Status::INSUFFICIENT_STORAGE, None)),
                _ => Ok(()),
            }
        });
        let line = |s: &str| format!("HTTP/1.1 {s}");
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            propstats(&answer),
            [
                (line("424 Failed Dependency"), names(&["a"])),
                (line("409 Conflict"), names(&["b", "e"])),
                (line("403 Forbidden"), names(&["c", "g"])),
                (line("409 Conflict"), names(&["d"])),
                (line("507 Insufficient Storage"), names(&["f"])),
            ]
        );
    }

    /// Past a few names (looked up by hash), a name given twice is reported once, at its
    /// first place, failed if either of its instructions failed.
    #[test]
    fn repeated_names_among_many() {
        let names: Vec<String> = (0..40).map(|i| format!("p{i}")).collect();
        let mut order: Vec<&str> = names.iter().map(String::as_str).collect();
        order.extend(["p3", "p30"]);
        let mut seen = 0;
        let answer = PatchAnswer::evaluate(&update(&order), |_| {
            seen += 1;
            // The second instruction for p30 fails.
            if seen == 42 {
                Err(PatchFailure::Protected)
            } else {
                Ok(())
            }
        });
        let statuses: Vec<(String, Status)> = answer
            .statuses()
            .map(|(n, s)| (n.local().to_owned(), s))
            .collect();
        assert_eq!(statuses.len(), 40);
        for (i, (name, status)) in statuses.iter().enumerate() {
            assert_eq!(name, &format!("p{i}"));
            let expected = if i == 30 {
                Status::FORBIDDEN
            } else {
                Status::FAILED_DEPENDENCY
            };
            assert_eq!(*status, expected, "{name}");
        }
    }
}
