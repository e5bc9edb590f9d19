//! Answering PROPPATCH (RFC 4918 §9.2): all instructions succeed, or none does.
//!
//! [`PatchAnswer::evaluate`] hands each instruction of a parsed [`PropertyUpdate`] to the
//! application, in document order, and records what it says. If any instruction fails, the
//! application must not keep any change (apply to a copy, or in a transaction, and commit only
//! when [`PatchAnswer::succeeded`]); the answer then reports each failed property with its own
//! status — 403 with `DAV:cannot-modify-protected-property` for a protected one — and every
//! other with 424 Failed Dependency. When all succeed, every property is reported 200.

use std::io::Write;

use crate::href::Href;
use crate::model::DavError;
use crate::name::Name;
use crate::prop::PropertyName;
use crate::request::{Instruction, PropertyUpdate};
use crate::writer::MultistatusWriter;
use crate::{Error, Status};

/// Why an instruction failed, as the application says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatchFailure {
    /// A protected (live) property: 403 with the `DAV:cannot-modify-protected-property`
    /// precondition (RFC 4918 §9.2, §16).
    Protected,
    /// Another failure, with its status (409 for a value the server cannot accept, 507 when
    /// out of space, …) and an optional `DAV:error` body.
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
        let mut results: Vec<(Name<'static>, Outcome)> = Vec::new();
        for instruction in &update.instructions {
            let outcome = match apply(instruction) {
                Ok(()) => Outcome::Ok,
                Err(f) => Outcome::Failed(f),
            };
            match results.iter_mut().find(|(n, _)| n == instruction.name()) {
                Some((_, existing)) => {
                    if *existing == Outcome::Ok {
                        *existing = outcome;
                    }
                }
                None => results.push((instruction.name().clone(), outcome)),
            }
        }
        if results.iter().any(|(_, o)| matches!(o, Outcome::Failed(_))) {
            for (_, o) in &mut results {
                if *o == Outcome::Ok {
                    *o = Outcome::Dependency;
                }
            }
        }
        Self { results }
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
    pub fn write_with<W: Write>(
        &self,
        ms: &mut MultistatusWriter<W>,
        href: &Href<'_>,
        description: Option<&str>,
    ) -> Result<(), Error> {
        let protected = DavError::dav("cannot-modify-protected-property");
        let mut r = ms.begin_propstats(href);
        // One propstat per distinct outcome, in order of first appearance.
        for (i, (_, outcome)) in self.results.iter().enumerate() {
            if self.results[..i].iter().any(|(_, o)| o == outcome) {
                continue;
            }
            let error = match outcome {
                Outcome::Failed(PatchFailure::Protected) => Some(&protected),
                Outcome::Failed(PatchFailure::Status(_, e)) => e.as_ref(),
                _ => None,
            };
            r.propstat_with(
                &status_of(outcome).into(),
                |s| {
                    for (n, o) in &self.results[i..] {
                        if o == outcome {
                            s.empty_named(n);
                        }
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
