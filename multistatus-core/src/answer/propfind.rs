//! Answering PROPFIND (RFC 4918 §9.1): one `DAV:response` per resource, from a parsed request
//! and a property set.
//!
//! A [`PropfindAnswer`] resolves the request against the set's typed names once; then each
//! resource is written without allocating: requested properties that are present go in a
//! 200 propstat, properties carrying a status (403, 500, …) in one propstat per status, and
//! requested properties that are absent or unknown — in any namespace — in a 404 propstat,
//! which `Prefer: return=minimal` (RFC 8144) leaves out.

use std::io::Write;

use crate::model::href::Href;
use crate::name::Name;
use crate::prop::{Plain, PropState, PropertyName, PropertySet};
use crate::request::Propfind;
use crate::write::{MultistatusWriter, Namespaces, PropstatResponse, Sink};
use crate::{Error, Status};

/// A requested property: one of the set's, or a name it does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Requested<N> {
    Known(N),
    Unknown(Name<'static>),
}

#[derive(Clone, Debug)]
enum Mode<N> {
    AllProp { include: Vec<Requested<N>> },
    PropName,
    Prop(Vec<Requested<N>>),
}

/// How to answer one PROPFIND request for resources described by the property set `P`.
///
/// ```
/// use multistatus_core::{
///     Href, MultistatusWriter, PropertySet, PropertyValue,
///     propfind::PropfindAnswer, request::Propfind,
/// };
/// # // A hand-written set, as the derive would generate it.
/// # use multistatus_core::{Error, NameTree, PropState, PropertyName, Sink, name::{Tag, DAV}};
/// # #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)] enum N { Displayname }
/// # const T: Tag = Tag::new(DAV, "displayname");
/// # impl PropertyName for N {
/// #     fn tag(self) -> &'static Tag { &T }
/// #     fn from_name(ns: &str, l: &str) -> Option<Self> { (ns == DAV && l == "displayname").then_some(N::Displayname) }
/// #     fn in_allprop(self) -> bool { true }
/// #     fn for_each(f: &mut dyn FnMut(Self)) { f(N::Displayname) }
/// # }
/// # struct File { displayname: Option<String> }
/// # impl PropertySet for File {
/// #     type Name = N;
/// #     const NAME_TREE: NameTree = NameTree { own: &[T], flattened: &[] };
/// #     fn state(&self, _: N) -> PropState { self.displayname.state() }
/// #     fn write_property(&self, _: N, s: &mut Sink) -> Result<(), Error> { s.property(&T, &self.displayname) }
/// #     fn value(&self, _: N) -> &dyn PropertyValue { &self.displayname }
/// #     fn write_allprop(&self, s: &mut Sink) -> Result<(), Error> { s.property(&T, &self.displayname) }
/// # }
/// let request = Propfind::parse(br#"<propfind xmlns="DAV:"><prop>
///     <displayname/><getetag/><x:color xmlns:x="urn:example"/>
/// </prop></propfind>"#).unwrap();
/// let answer = PropfindAnswer::<File>::new(&request);
/// let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
/// let file = File { displayname: Some("Report".into()) };
/// answer.write(&mut ms, &Href::from_path("/report.txt").unwrap(), &file).unwrap();
/// let body = String::from_utf8(ms.finish().unwrap()).unwrap();
/// assert_eq!(body, concat!(
///     "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
///     r#"<D:multistatus xmlns:D="DAV:" xmlns:ns1="urn:example"><D:response><D:href>/report.txt</D:href>"#,
///     "<D:propstat><D:prop><D:displayname>Report</D:displayname></D:prop>",
///     "<D:status>HTTP/1.1 200 OK</D:status></D:propstat>",
///     "<D:propstat><D:prop><D:getetag/><ns1:color/></D:prop>",
///     "<D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>",
///     "</D:response></D:multistatus>",
/// ));
/// ```
#[derive(Clone, Debug)]
pub struct PropfindAnswer<P: PropertySet> {
    mode: Mode<P::Name>,
    minimal: bool,
    /// The table [`PropfindAnswer::namespaces`] hands out.
    namespaces: Namespaces,
    /// The answer pre-rendered around its values, for resources that have every requested
    /// property of the set (the common case).
    fast: Option<Fast<P::Name>>,
}

/// A `prop` answer rendered once around its values, against the answer's own namespace
/// table. The markup between the values comes as one segment per name plus a last one:
/// `<D:propstat><D:prop>` + `<D:a>`, `</D:a>` + `<D:b>`, …, `</D:z>` + `</D:prop><D:status>…`
/// with the 404 propstat of the unknown names and `</D:response>`. Each segment is split
/// after its first part (the end tag of the previous name, or the opening), so that an
/// empty value (`<D:a/>`) or an absent one (left out) skips the end tag that follows it.
/// Absent names go to a 404 propstat rendered from pieces, in request order with the
/// unknown names. Used through [`MultistatusWriter::raw_response`], which writes the
/// response's start and href and removes the response if a value is not plain.
#[derive(Clone, Debug)]
struct Fast<N> {
    namespaces: u64,
    /// The known names in the order they are written.
    names: Vec<N>,
    /// Bit `i` set when `names[i]`, absent, goes in the 404 propstat (every requested name;
    /// for `allprop`, the included ones: members are just left out).
    reported: u64,
    bytes: Vec<u8>,
    /// `(start, split, end)` per segment, one more than names: `bytes[start..split]` is
    /// skipped after an empty or absent value.
    segments: Vec<(usize, usize, usize)>,
    /// `</D:prop><D:status>…200…</D:status></D:propstat>`.
    close_ok: (usize, usize),
    /// The 404 propstat written when a reported name is absent; `None` with `return=minimal`.
    not_found: Option<NotFound>,
}

/// A 404 propstat in pieces: its opening, the empty element of each reported name in request
/// order (with the index in [`Fast::names`] of the known ones, written only when absent; the
/// unknown ones always), and its end up to `</D:response>`.
#[derive(Clone, Debug)]
struct NotFound {
    open: (usize, usize),
    names: Vec<(Option<usize>, (usize, usize))>,
    close: (usize, usize),
}

/// The most names whose absence the pre-rendered path tracks (a bit each).
const TRACKED: usize = 64;

impl<N: PropertyName> Fast<N> {
    /// `order`: the names to write, in order; `reported`: the names whose absence is reported
    /// (404), in request order. For a `prop` request both are the request.
    fn build(
        order: &[Requested<N>],
        reported: &[Requested<N>],
        namespaces: &Namespaces,
        minimal: bool,
    ) -> Option<Self> {
        let names: Vec<N> = order
            .iter()
            .filter_map(|q| match q {
                Requested::Known(n) => Some(*n),
                Requested::Unknown(_) => None,
            })
            .collect();
        if names.is_empty() {
            return None;
        }
        let index = |n: &N| names.iter().position(|m| m == n);
        let mut mask = 0;
        for q in reported {
            if let Requested::Known(n) = q
                && let Some(i) = index(n).filter(|&i| i < TRACKED)
            {
                mask |= 1 << i;
            }
        }
        // About what the markup takes (two tags of a name, the propstats around them): one
        // allocation rather than a growth per few names.
        let capacity = 256 + 64 * (names.len() + reported.len());
        let mut sink = Sink::with_buffer(namespaces.clone(), Vec::with_capacity(capacity));
        let mut segments = Vec::with_capacity(names.len() + 1);
        sink.markup("<D:propstat><D:prop>");
        let (mut start, mut split) = (0, sink.position());
        for n in &names {
            let open = sink.start(n.tag());
            segments.push((start, split, sink.position()));
            start = sink.position();
            sink.end(n.tag(), open);
            split = sink.position();
        }
        sink.markup("</D:prop>");
        sink.status(&Status::OK.into()).ok()?;
        sink.markup("</D:propstat>");
        let close_ok = (split, sink.position());
        let unknown: Vec<&Name<'static>> = reported
            .iter()
            .filter_map(|q| match q {
                Requested::Unknown(n) => Some(n),
                Requested::Known(_) => None,
            })
            .collect();
        if !minimal && !unknown.is_empty() {
            sink.markup("<D:propstat><D:prop>");
            for n in unknown {
                sink.empty_named(n);
            }
            sink.markup("</D:prop>");
            sink.status(&Status::NOT_FOUND.into()).ok()?;
            sink.markup("</D:propstat>");
        }
        sink.markup("</D:response>");
        segments.push((start, split, sink.position()));
        let not_found = if minimal {
            None
        } else {
            let mark = sink.position();
            sink.markup("<D:propstat><D:prop>");
            let open = (mark, sink.position());
            let mut pieces = Vec::with_capacity(reported.len());
            for q in reported {
                let mark = sink.position();
                let known = match q {
                    Requested::Known(n) => {
                        sink.empty(n.tag());
                        Some(index(n)?)
                    }
                    Requested::Unknown(n) => {
                        sink.empty_named(n);
                        None
                    }
                };
                pieces.push((known, (mark, sink.position())));
            }
            let mark = sink.position();
            sink.markup("</D:prop>");
            sink.status(&Status::NOT_FOUND.into()).ok()?;
            sink.markup("</D:propstat></D:response>");
            Some(NotFound {
                open,
                names: pieces,
                close: (mark, sink.position()),
            })
        };
        // Room for the last chunk of `Sink::bytes_chunked`.
        sink.bytes(&[0; crate::write::sink::CHUNK]);
        Some(Self {
            namespaces: namespaces.id(),
            names,
            reported: mask,
            bytes: sink.into_bytes(),
            segments,
            close_ok,
            not_found,
        })
    }

    /// Writes the rest of a response after its href — the propstats and `</D:response>` —
    /// if every value of `resource` is plain or absent and one at least is written, and says
    /// whether it did (the caller removes what was written when it did not).
    #[inline]
    fn write<P: PropertySet<Name = N>>(&self, sink: &mut Sink, resource: &P) -> bool {
        // Whether the next segment starts after its first part: the end tag of a name
        // written empty (`<D:a/>`) or left out.
        let mut skip = false;
        let mut written = false;
        // Bit `i` set when `names[i]` is absent.
        let mut absent: u64 = 0;
        for (i, (&n, &(start, split, end))) in self.names.iter().zip(&self.segments).enumerate() {
            // One copy: the end tag before (unless skipped) and the start tag.
            self.piece(sink, (if skip { split } else { start }, end));
            let value = sink.position();
            match resource.write_plain(n, sink) {
                Plain::Written => {
                    written = true;
                    skip = sink.position() == value;
                    if skip {
                        sink.collapse_last();
                    }
                }
                Plain::Absent if i < TRACKED => {
                    // The start tag cut back out.
                    sink.truncate_to(value - (end - split));
                    absent |= 1 << i;
                    skip = true;
                }
                // With a status or a language, failing, or past what is tracked: the general
                // path answers (and reports the error).
                Plain::Absent | Plain::NotPlain => return false,
            }
        }
        // An empty 200 propstat is never written: the general path answers then.
        let Some(&(start, split, end)) = self.segments.last().filter(|_| written) else {
            return false;
        };
        let from = if skip { split } else { start };
        if absent & self.reported == 0 {
            self.piece(sink, (from, end));
            return true;
        }
        self.piece(sink, (from, split));
        self.piece(sink, self.close_ok);
        match &self.not_found {
            Some(nf) => {
                self.piece(sink, nf.open);
                for &(known, range) in &nf.names {
                    if known.is_none_or(|i| absent & (1 << i) != 0) {
                        self.piece(sink, range);
                    }
                }
                self.piece(sink, nf.close);
            }
            None => sink.markup("</D:response>"),
        }
        true
    }

    #[inline]
    fn piece(&self, sink: &mut Sink, (from, to): (usize, usize)) {
        sink.bytes_chunked(&self.bytes, from, to);
    }
}

fn resolve<N: PropertyName>(names: &[Name<'static>]) -> Vec<Requested<N>> {
    names
        .iter()
        .map(|n| match N::from_name(n.namespace(), n.local()) {
            Some(k) => Requested::Known(k),
            None => Requested::Unknown(n.clone()),
        })
        .collect()
}

impl<P: PropertySet> PropfindAnswer<P> {
    /// Resolves `request` against the names of `P`.
    #[must_use]
    pub fn new(request: &Propfind) -> Self {
        let mode = match request {
            Propfind::AllProp { include } => Mode::AllProp {
                include: resolve(include),
            },
            Propfind::PropName => Mode::PropName,
            Propfind::Prop(names) => Mode::Prop(resolve(names)),
        };
        let mut ns = Namespaces::new();
        P::declare_namespaces(&mut ns);
        let requested = match &mode {
            Mode::AllProp { include } | Mode::Prop(include) => include.as_slice(),
            Mode::PropName => &[],
        };
        for r in requested {
            if let Requested::Unknown(n) = r {
                // Requested names come from parsed XML; a namespace the table refuses is
                // simply declared where it is used instead.
                let _ = ns.declare(n.namespace().to_owned());
            }
        }
        let mut answer = Self {
            mode,
            minimal: false,
            namespaces: ns,
            fast: None,
        };
        answer.prepare();
        answer
    }

    /// Pre-renders the fast path for the current mode and `minimal`. An `allprop` answer
    /// pre-renders as the `prop` answer for the allprop members followed by the included names
    /// that are not members: the same bytes when every member is present, and the fast path
    /// gives way to the general one when one is not.
    fn prepare(&mut self) {
        self.fast = match &self.mode {
            Mode::Prop(requested) => {
                Fast::build(requested, requested, &self.namespaces, self.minimal)
            }
            Mode::AllProp { include } => {
                let mut requested = Vec::new();
                P::Name::for_each(&mut |n| {
                    if n.in_allprop() {
                        requested.push(Requested::Known(n));
                    }
                });
                requested.extend(
                    include
                        .iter()
                        .filter(|q| !matches!(q, Requested::Known(n) if n.in_allprop()))
                        .cloned(),
                );
                Fast::build(&requested, include, &self.namespaces, self.minimal)
            }
            Mode::PropName => None,
        };
    }

    /// Answers as `Prefer: return=minimal` asks (RFC 8144 §2.1): without the 404 propstat.
    /// See [`request::return_minimal`](crate::request::return_minimal) to read the headers.
    #[must_use]
    pub fn minimal(mut self, minimal: bool) -> Self {
        self.minimal = minimal;
        self.prepare();
        self
    }

    /// The namespaces to declare on the root: those of `P` and of every requested name, so
    /// that the body declares each once.
    #[must_use]
    pub fn namespaces(&self) -> Namespaces {
        self.namespaces.clone()
    }

    /// Writes the `DAV:response` for the resource at `href`.
    pub fn write<W: Write>(
        &self,
        ms: &mut MultistatusWriter<W>,
        href: &Href<'_>,
        resource: &P,
    ) -> Result<(), Error> {
        self.write_adjusted(ms, href, resource, &Adjust::default())
    }

    /// Like [`PropfindAnswer::write`], with per-resource [`Adjust`]ments: statuses set by
    /// typed name, and descriptions of the propstats.
    ///
    /// ```
    /// # use multistatus_core::{Error, NameTree, PropState, PropertyName, PropertySet, PropertyValue, Sink, name::{Tag, DAV}};
    /// # #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)] enum N { Getetag }
    /// # const T: Tag = Tag::new(DAV, "getetag");
    /// # impl PropertyName for N {
    /// #     fn tag(self) -> &'static Tag { &T }
    /// #     fn from_name(ns: &str, l: &str) -> Option<Self> { (ns == DAV && l == "getetag").then_some(N::Getetag) }
    /// #     fn in_allprop(self) -> bool { true }
    /// #     fn for_each(f: &mut dyn FnMut(Self)) { f(N::Getetag) }
    /// # }
    /// # struct File { getetag: String }
    /// # impl PropertySet for File {
    /// #     type Name = N;
    /// #     const NAME_TREE: NameTree = NameTree { own: &[T], flattened: &[] };
    /// #     fn state(&self, _: N) -> PropState { self.getetag.state() }
    /// #     fn write_property(&self, _: N, s: &mut Sink) -> Result<(), Error> { s.property(&T, &self.getetag) }
    /// #     fn value(&self, _: N) -> &dyn PropertyValue { &self.getetag }
    /// #     fn write_allprop(&self, s: &mut Sink) -> Result<(), Error> { s.property(&T, &self.getetag) }
    /// # }
    /// use multistatus_core::{Href, MultistatusWriter, Status};
    /// use multistatus_core::propfind::{Adjust, PropfindAnswer};
    /// use multistatus_core::request::Propfind;
    ///
    /// let answer = PropfindAnswer::<File>::new(&Propfind::AllProp { include: vec![] });
    /// let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
    /// let file = File { getetag: "\"x\"".into() };
    /// // This user may not see etags: 403, by typed name, with an explanation.
    /// let adjust = Adjust {
    ///     status: Some(&|n| (n == N::Getetag).then_some(Status::FORBIDDEN)),
    ///     describe: Some(&|s| (s == Status::FORBIDDEN).then_some("not yours")),
    /// };
    /// answer.write_adjusted(&mut ms, &Href::from_path("/f").unwrap(), &file, &adjust).unwrap();
    /// let body = String::from_utf8(ms.finish().unwrap()).unwrap();
    /// assert!(body.ends_with(concat!(
    ///     "<D:propstat><D:prop><D:getetag/></D:prop><D:status>HTTP/1.1 403 Forbidden</D:status>",
    ///     "<D:responsedescription>not yours</D:responsedescription></D:propstat>",
    ///     "</D:response></D:multistatus>",
    /// )));
    /// ```
    pub fn write_adjusted<W: Write>(
        &self,
        ms: &mut MultistatusWriter<W>,
        href: &Href<'_>,
        resource: &P,
        adjust: &Adjust<'_, P::Name>,
    ) -> Result<(), Error> {
        if adjust.status.is_none()
            && let Some(fast) = &self.fast
            && ms.namespaces_id() == fast.namespaces
            && ms.raw_response(href, |sink| fast.write(sink, resource))?
        {
            return Ok(());
        }
        let view = View { resource, adjust };
        let mut r = ms.begin_propstats(href);
        match &self.mode {
            Mode::Prop(requested) => self.write_requested(&mut r, &view, requested, false)?,
            Mode::AllProp { include } => self.write_requested(&mut r, &view, include, true)?,
            Mode::PropName => {
                r.propstat_if_any(Status::OK, |s| {
                    P::Name::for_each(&mut |n| {
                        if view.state(n) != PropState::Absent {
                            s.empty(n.tag());
                        }
                    });
                    Ok(())
                })?;
            }
        }
        r.end()
    }

    fn write_requested<W: Write>(
        &self,
        r: &mut PropstatResponse<'_, W>,
        view: &View<'_, '_, P>,
        requested: &[Requested<P::Name>],
        allprop: bool,
    ) -> Result<(), Error> {
        // Included names already in allprop are reported there, not twice.
        let extra = |n: P::Name| !(allprop && n.in_allprop());
        // Each requested name's state, computed once for the first `CACHED` names (enough
        // for any real request; later ones are asked again), so the three propstats cost one
        // walk of the resource.
        const CACHED: usize = 32;
        let mut cache = [PropState::Absent; CACHED];
        let mut any_status = allprop;
        r.propstat_if_any(Status::OK, |s| {
            if allprop {
                view.write_allprop(s)?;
            }
            for (i, q) in requested.iter().enumerate() {
                if let Requested::Known(n) = *q {
                    let state = view.state(n);
                    if let Some(slot) = cache.get_mut(i) {
                        *slot = state;
                    }
                    match state {
                        PropState::Present if extra(n) => view.resource.write_property(n, s)?,
                        PropState::Status(_) => any_status = true,
                        _ => {}
                    }
                }
            }
            Ok(())
        })?;
        if any_status {
            write_status_groups(r, view, requested, allprop, &extra)?;
        }
        if !self.minimal {
            r.propstat_if_any(Status::NOT_FOUND, |s| {
                for (i, q) in requested.iter().enumerate() {
                    match q {
                        Requested::Known(n) => {
                            let state = cache.get(i).copied().unwrap_or_else(|| view.state(*n));
                            if state == PropState::Absent {
                                s.empty(n.tag());
                            }
                        }
                        Requested::Unknown(name) => s.empty_named(name),
                    }
                }
                Ok(())
            })?;
        }
        Ok(())
    }
}

/// Per-resource adjustments of a PROPFIND answer; [`Adjust::default`] changes nothing.
pub struct Adjust<'a, N> {
    /// A status for a property, by typed name, overriding what the resource says (403 for a
    /// property this user may not read, …). The property is reported empty in a propstat of
    /// that status.
    pub status: Option<&'a dyn Fn(N) -> Option<Status>>,
    /// A `DAV:responsedescription` for the propstat of a status (RFC 4918 §9.1.3 explains a
    /// 403 this way).
    pub describe: Option<&'a dyn Fn(Status) -> Option<&'a str>>,
}

impl<N> Default for Adjust<'_, N> {
    fn default() -> Self {
        Self {
            status: None,
            describe: None,
        }
    }
}

impl<N> std::fmt::Debug for Adjust<'_, N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Adjust")
            .field("status", &self.status.is_some())
            .field("describe", &self.describe.is_some())
            .finish()
    }
}

/// A resource seen through its adjustments.
struct View<'a, 'b, P: PropertySet> {
    resource: &'a P,
    adjust: &'a Adjust<'b, P::Name>,
}

impl<P: PropertySet> View<'_, '_, P> {
    fn state(&self, n: P::Name) -> PropState {
        match self.adjust.status.and_then(|f| f(n)) {
            Some(s) => PropState::Status(s),
            None => self.resource.state(n),
        }
    }

    fn describe(&self, status: Status) -> Option<&str> {
        self.adjust.describe.and_then(|f| f(status))
    }

    /// The present allprop members: the generated fast path, unless statuses are adjusted.
    fn write_allprop(&self, s: &mut Sink) -> Result<(), Error> {
        if self.adjust.status.is_none() {
            return self.resource.write_allprop(s);
        }
        let mut result = Ok(());
        P::Name::for_each(&mut |n| {
            if result.is_ok() && n.in_allprop() && self.state(n) == PropState::Present {
                result = self.resource.write_property(n, s);
            }
        });
        result
    }
}

/// One propstat per status other than 200 and 404, in the order the statuses first appear:
/// allprop members (when answering allprop), then the requested names.
fn write_status_groups<P: PropertySet, W: Write>(
    r: &mut PropstatResponse<'_, W>,
    view: &View<'_, '_, P>,
    requested: &[Requested<P::Name>],
    allprop: bool,
    extra: &dyn Fn(P::Name) -> bool,
) -> Result<(), Error> {
    // Every name that carries a status, in reporting order, without allocating: a callback
    // walk over allprop members then requested names.
    let walk = |f: &mut dyn FnMut(P::Name, Status)| {
        if allprop {
            P::Name::for_each(&mut |n| {
                if n.in_allprop()
                    && let PropState::Status(st) = view.state(n)
                {
                    f(n, st);
                }
            });
        }
        for q in requested {
            if let Requested::Known(n) = *q
                && extra(n)
                && let PropState::Status(st) = view.state(n)
            {
                f(n, st);
            }
        }
    };
    // The i-th status-carrying name opens a propstat when no earlier one had its status.
    let mut index = 0;
    let mut result = Ok(());
    walk(&mut |_, status| {
        let i = index;
        index += 1;
        if result.is_err() {
            return;
        }
        let mut seen_before = false;
        let mut j = 0;
        walk(&mut |_, st| {
            seen_before |= j < i && st == status;
            j += 1;
        });
        if seen_before {
            return;
        }
        result = r
            .propstat_if_any_with(
                status,
                |s: &mut Sink| {
                    walk(&mut |n, st| {
                        if st == status {
                            s.empty(n.tag());
                        }
                    });
                    Ok(())
                },
                view.describe(status),
            )
            .map(|_| ());
    });
    result
}
