//! Answering PROPFIND (RFC 4918 §9.1): one `DAV:response` per resource, from a parsed request
//! and a property set.
//!
//! A [`PropfindAnswer`] resolves the request against the set's typed names once; then each
//! resource is written without allocating: requested properties that are present go in a
//! 200 propstat, properties carrying a status (403, 500, …) in one propstat per status, and
//! requested properties that are absent or unknown — in any namespace — in a 404 propstat,
//! which `Prefer: return=minimal` (RFC 8144) leaves out.
//!
//! A name the set does not know is looked up in the resource's dead properties
//! ([`PropertySet::dead`]): stored, it is reported in the 200 propstat with its XML as the
//! client sent it; `allprop` lists every stored one and `propname` every stored name. A
//! typed name never consults the store.

use std::io::Write;
use std::sync::OnceLock;

use crate::model::Description;
use crate::model::dead::DeadProperties;
use crate::model::href::Href;
use crate::name::Name;
use crate::prop::{Plain, PropState, PropertyName, PropertySet};
use crate::request::Propfind;
use crate::write::sink::CHUNK;
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
///
/// A resource that keeps dead properties ([`PropertySet::dead`]) answers for the names the
/// set does not know from its store:
///
/// ```
/// # use multistatus_core::{Error, NameTree, PropState, PropertyName, PropertyValue, Sink, name::{Tag, DAV}};
/// # #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)] enum N { Displayname }
/// # const T: Tag = Tag::new(DAV, "displayname");
/// # impl PropertyName for N {
/// #     fn tag(self) -> &'static Tag { &T }
/// #     fn from_name(ns: &str, l: &str) -> Option<Self> { (ns == DAV && l == "displayname").then_some(N::Displayname) }
/// #     fn in_allprop(self) -> bool { true }
/// #     fn for_each(f: &mut dyn FnMut(Self)) { f(N::Displayname) }
/// # }
/// use multistatus_core::{DeadMap, DeadProperties, DeadProperty, Href, MultistatusWriter, PropertySet};
/// use multistatus_core::{propfind::PropfindAnswer, request::Propfind};
///
/// struct Calendar { displayname: String, dead: DeadMap }
/// impl PropertySet for Calendar {
///     // … as the derive writes it, with `#[dav(dead)] dead: DeadMap`:
/// #   type Name = N;
/// #   const NAME_TREE: NameTree = NameTree { own: &[T], flattened: &[] };
/// #   fn state(&self, _: N) -> PropState { self.displayname.state() }
/// #   fn write_property(&self, _: N, s: &mut Sink) -> Result<(), Error> { s.property(&T, &self.displayname) }
/// #   fn value(&self, _: N) -> &dyn PropertyValue { &self.displayname }
/// #   fn write_allprop(&self, s: &mut Sink) -> Result<(), Error> { s.property(&T, &self.displayname) }
///     fn dead(&self) -> Option<&dyn DeadProperties> {
///         Some(&self.dead)
///     }
/// }
/// let calendar = Calendar {
///     displayname: "Work".into(),
///     dead: [DeadProperty::parse(
///         r#"<A:calendar-color xmlns:A="http://apple.com/ns/ical/">#FF2968</A:calendar-color>"#,
///     ).unwrap()].into_iter().collect(),
/// };
/// let request = Propfind::parse(br#"<propfind xmlns="DAV:" xmlns:A="http://apple.com/ns/ical/">
///     <prop><displayname/><A:calendar-color/><A:calendar-order/></prop>
/// </propfind>"#).unwrap();
/// let answer = PropfindAnswer::<Calendar>::new(&request);
/// let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
/// answer.write(&mut ms, &Href::from_path("/cal/work/").unwrap(), &calendar).unwrap();
/// let body = String::from_utf8(ms.finish().unwrap()).unwrap();
/// assert_eq!(body, concat!(
///     "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
///     r#"<D:multistatus xmlns:D="DAV:" xmlns:ICAL="http://apple.com/ns/ical/">"#,
///     "<D:response><D:href>/cal/work/</D:href>",
///     "<D:propstat><D:prop><D:displayname>Work</D:displayname>",
///     r#"<A:calendar-color xmlns:A="http://apple.com/ns/ical/">#FF2968</A:calendar-color></D:prop>"#,
///     "<D:status>HTTP/1.1 200 OK</D:status></D:propstat>",
///     "<D:propstat><D:prop><ICAL:calendar-order/></D:prop>",
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
    /// The same for resources that keep dead properties, when they are answered otherwise
    /// (a `prop` request naming properties the set does not know, or `allprop`): built
    /// when the first such resource is written.
    fast_dead: OnceLock<Option<Fast<P::Name>>>,
}

/// A `prop` answer rendered once around its values, against the answer's own namespace
/// table. The markup between the values comes as one segment per name plus a last one:
/// `</D:href><D:propstat><D:prop>` + `<D:a>`, `</D:a>` + `<D:b>`, …, `</D:z>` + `</D:prop><D:status>…`
/// with the 404 propstat of the unknown names and `</D:response>`. Each segment is split
/// after its first part (the end tag of the previous name, or the opening), so that an
/// empty value (`<D:a/>`) or an absent one (left out) skips the end tag that follows it,
/// and dead properties go between the parts. Absent names go to a 404 propstat rendered
/// from pieces, in request order with the unknown names. Used through
/// [`MultistatusWriter::raw_response`], which writes the response's start and href (up to
/// `</D:href>`, which starts the first segment) and removes the response if a value is not
/// plain.
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
    /// The segments before the names, each copied out into fixed-size chunks with its name,
    /// when every one fits in [`CHUNK`] bytes (empty otherwise): see [`Chunked`].
    chunked: Vec<Chunked<N>>,
    /// The last segment whole (the end of the 200 propstat, the 404 propstat of the unknown
    /// names, `</D:response>`), from its start and from its split, in fixed-size chunks with
    /// its length: what most responses end with, copied without bounds checks.
    last: [(Vec<[u8; CHUNK]>, usize); 2],
    /// `</D:prop><D:status>…200…</D:status></D:propstat>`.
    close_ok: (usize, usize),
    /// The 404 propstat written when a reported name is absent; `None` with `return=minimal`.
    not_found: Option<NotFound>,
    /// For resources with dead properties (empty otherwise): what goes between the two parts
    /// of a segment, in segment order: `(segment, what)`.
    inserts: Vec<(usize, Insert)>,
    /// The names looked up in the store: those of [`Insert::Lookup`] and of the 404 propstat,
    /// at most [`TRACKED`].
    lookups: Vec<Name<'static>>,
    /// The indexes in `lookups` of the names looked up only for the 404 propstat (the
    /// unknown names an `allprop` includes: a stored one is listed with the others).
    unstored: Vec<usize>,
}

/// The segment before a name's value, and the name: its two forms (with the end tag of the
/// previous name, and without) as fixed-size chunks, so that [`Fast::write`] copies one with
/// a constant-size copy and no bounds check nor length test, and the name and its segment
/// come from one slice.
#[derive(Clone, Debug)]
struct Chunked<N> {
    name: N,
    /// `bytes[start..end]` then zeros.
    full: [u8; CHUNK],
    /// `bytes[split..end]` (the start tag alone) then zeros.
    short: [u8; CHUNK],
    full_len: usize,
    short_len: usize,
}

impl<N: Copy> Chunked<N> {
    /// Adds the segment `(start, split, end)` of `bytes` before `name` to `to`, filled in
    /// place (no copy of the chunks through the stack); false, and nothing added, when it
    /// does not fit.
    fn push(
        to: &mut Vec<Self>,
        name: N,
        bytes: &[u8],
        (start, split, end): (usize, usize, usize),
    ) -> bool {
        let (Some(full), Some(short)) = (bytes.get(start..end), bytes.get(split..end)) else {
            return false;
        };
        if full.len() > CHUNK || short.len() > CHUNK {
            return false;
        }
        to.push(Self {
            name,
            full: [0; CHUNK],
            short: [0; CHUNK],
            full_len: full.len(),
            short_len: short.len(),
        });
        if let Some(c) = to.last_mut() {
            if let Some(head) = c.full.get_mut(..full.len()) {
                head.copy_from_slice(full);
            }
            if let Some(head) = c.short.get_mut(..short.len()) {
                head.copy_from_slice(short);
            }
        }
        true
    }
}

/// The inserts of a [`Fast`] still to write.
type Inserts<'a> = &'a [(usize, Insert)];

/// Dead properties written into a pre-rendered answer.
#[derive(Clone, Copy, Debug)]
enum Insert {
    /// The stored property `lookups[i]`, or nothing (then reported 404).
    Lookup(usize),
    /// Every stored property whose name the set does not know (`allprop`).
    Listing,
}

/// When a name of the pre-rendered 404 propstat is written: when the state of the absent
/// names (bit `i`: `names[i]`, with [`ALWAYS`] set) meets the first mask, or the state of the
/// names not stored (bit `i`: `lookups[i]`) meets the second. An unknown name on a resource
/// without a store has [`ALWAYS`]; a known name past [`TRACKED`] has nothing (were it absent,
/// the general path would answer). Two masks and an `and` each: this is checked for every
/// reported name of every response with an absent one.
#[derive(Clone, Copy, Debug)]
struct Report {
    absent: u64,
    missing: u64,
}

/// The bit of the absent names' state that is always set, past the [`TRACKED`] ones.
const ALWAYS: u64 = 1 << TRACKED;

impl Report {
    /// Whether the name is written, with `absent` and `missing` as the writer has them.
    #[inline(always)]
    fn written(self, absent: u64, missing: u64) -> bool {
        ((absent | ALWAYS) & self.absent) | (missing & self.missing) != 0
    }
}

/// The mask of bit `i`, none past [`TRACKED`].
fn bit(i: usize) -> u64 {
    if i < TRACKED { 1 << i } else { 0 }
}

/// A 404 propstat in pieces: its opening, the empty element of each reported name in request
/// order with when it is written, and its end up to `</D:response>`.
#[derive(Clone, Debug)]
struct NotFound {
    open: (usize, usize),
    names: Vec<(Report, (usize, usize))>,
    close: (usize, usize),
}

/// The most names whose absence the pre-rendered path tracks (a bit each, beside
/// [`ALWAYS`]).
const TRACKED: usize = 63;

/// What a pre-rendered answer writes, in order: the known names, with what goes before each
/// (and after the last), and the names reported 404 when absent.
struct Plan<'r, N> {
    names: Vec<N>,
    inserts: Vec<(usize, Insert)>,
    /// With a store, the unknown names of `reported`, in order, looked up.
    lookups: Vec<Name<'static>>,
    /// The names reported when absent: the request's (for `allprop`, the included ones).
    reported: &'r [Requested<N>],
    /// Whether the resources keep dead properties.
    dead: bool,
}

/// A name of the 404 propstat, as planned.
enum Reported<'r, N> {
    Known(N),
    /// Not in the set, on a resource without a store: always 404.
    Unknown(&'r Name<'static>),
    /// `lookups[i]`: 404 when not stored.
    Lookup(usize),
}

impl<'r, N: PropertyName> Plan<'r, N> {
    /// `prop`: the request's names in order; with `dead`, the unknown ones looked up where
    /// they are requested.
    fn prop(requested: &'r [Requested<N>], dead: bool) -> Self {
        let mut plan = Self::new(requested, dead);
        for q in requested {
            match q {
                Requested::Known(n) => plan.names.push(*n),
                Requested::Unknown(name) if dead => {
                    let i = plan.lookup(name);
                    plan.inserts.push((plan.names.len(), Insert::Lookup(i)));
                }
                Requested::Unknown(_) => {}
            }
        }
        plan
    }

    /// `allprop`: the members, (with `dead`, every stored dead property,) then the included
    /// names that are not members; the included names reported when absent.
    fn allprop(include: &'r [Requested<N>], dead: bool) -> Self {
        let mut plan = Self::new(include, dead);
        N::for_each(&mut |n| {
            if n.in_allprop() {
                plan.names.push(n);
            }
        });
        if dead {
            plan.inserts.push((plan.names.len(), Insert::Listing));
        }
        for q in include {
            match q {
                Requested::Known(n) if !n.in_allprop() => plan.names.push(*n),
                Requested::Unknown(name) if dead => {
                    plan.lookup(name);
                }
                _ => {}
            }
        }
        plan
    }

    fn new(reported: &'r [Requested<N>], dead: bool) -> Self {
        Self {
            names: Vec::with_capacity(reported.len()),
            inserts: Vec::new(),
            lookups: Vec::new(),
            reported,
            dead,
        }
    }

    fn lookup(&mut self, name: &Name<'static>) -> usize {
        self.lookups.push(name.clone());
        self.lookups.len() - 1
    }

    /// The names of the 404 propstat, in request order: with a store, the `i`th unknown
    /// one is `lookups[i]`.
    fn reported(&self) -> impl Iterator<Item = Reported<'r, N>> + Clone + use<'r, N> {
        let dead = self.dead;
        let mut unknown = 0;
        self.reported.iter().map(move |q| match q {
            Requested::Known(n) => Reported::Known(*n),
            Requested::Unknown(_) if dead => {
                unknown += 1;
                Reported::Lookup(unknown - 1)
            }
            Requested::Unknown(name) => Reported::Unknown(name),
        })
    }
}

impl<N: PropertyName> Fast<N> {
    fn build(plan: Plan<'_, N>, namespaces: &Namespaces, minimal: bool) -> Option<Self> {
        if plan.names.is_empty() || plan.lookups.len() > TRACKED {
            return None;
        }
        let reported = plan.reported();
        let Plan {
            names,
            inserts,
            lookups,
            reported: requested,
            ..
        } = plan;
        let index = |n: &N| names.iter().position(|m| m == n);
        let mut mask = 0;
        for q in requested {
            if let Requested::Known(n) = q
                && let Some(i) = index(n).filter(|&i| i < TRACKED)
            {
                mask |= 1 << i;
            }
        }
        // About what the markup takes (two tags of a name, the propstats around them): one
        // allocation rather than a growth per few names.
        let capacity = 256 + 64 * (names.len() + requested.len());
        let mut sink = Sink::with_buffer(namespaces.clone(), Vec::with_capacity(capacity));
        let mut segments = Vec::with_capacity(names.len() + 1);
        sink.markup("</D:href><D:propstat><D:prop>");
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
        let mut unknown = reported
            .clone()
            .filter_map(|q| match q {
                Reported::Unknown(n) => Some(n),
                Reported::Known(_) | Reported::Lookup(_) => None,
            })
            .peekable();
        if !minimal && unknown.peek().is_some() {
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
            let mut pieces = Vec::with_capacity(requested.len());
            for q in reported {
                let mark = sink.position();
                let when = match q {
                    Reported::Known(n) => {
                        sink.empty(n.tag());
                        Report {
                            absent: bit(index(&n)?),
                            missing: 0,
                        }
                    }
                    Reported::Unknown(n) => {
                        sink.empty_named(n);
                        Report {
                            absent: ALWAYS,
                            missing: 0,
                        }
                    }
                    Reported::Lookup(i) => {
                        sink.empty_named(lookups.get(i)?);
                        Report {
                            absent: 0,
                            missing: bit(i),
                        }
                    }
                };
                pieces.push((when, (mark, sink.position())));
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
        let unstored = (0..lookups.len())
            .filter(|&i| {
                !inserts
                    .iter()
                    .any(|&(_, insert)| matches!(insert, Insert::Lookup(j) if j == i))
            })
            .collect();
        // Room for the last chunk of `Sink::bytes_chunked`.
        sink.bytes(&[0; CHUNK]);
        let bytes = sink.into_bytes();
        // Sized up front (collecting into an `Option` knows no size, and grew twice), each
        // filled in place.
        let mut chunked: Vec<Chunked<N>> = Vec::with_capacity(names.len());
        for (&n, &segment) in names.iter().zip(&segments) {
            if !Chunked::push(&mut chunked, n, &bytes, segment) {
                chunked = Vec::new();
                break;
            }
        }
        let &(start, split, end) = segments.last()?;
        let in_chunks = |from: usize| {
            let src = bytes.get(from..end).unwrap_or_default();
            let chunks = src
                .chunks(CHUNK)
                .map(|c| {
                    let mut chunk = [0; CHUNK];
                    if let Some(head) = chunk.get_mut(..c.len()) {
                        head.copy_from_slice(c);
                    }
                    chunk
                })
                .collect();
            (chunks, src.len())
        };
        let last = [in_chunks(start), in_chunks(split)];
        Some(Self {
            namespaces: namespaces.id(),
            names,
            reported: mask,
            bytes,
            segments,
            chunked,
            last,
            close_ok,
            not_found,
            inserts,
            lookups,
            unstored,
        })
    }

    /// Writes the rest of a response after its href — the propstats and `</D:response>` —
    /// if every value of `resource` is plain or absent and one at least is written, and says
    /// whether it did (the caller removes what was written when it did not).
    #[inline]
    fn write<R: PropertySet<Name = N> + ?Sized>(&self, sink: &mut Sink, resource: &R) -> bool {
        // Whether the next segment starts after its first part: the end tag of a name
        // written empty (`<D:a/>`) or left out.
        let mut skip = false;
        let mut written = false;
        // Bit `i` set when `names[i]` is absent.
        let mut absent: u64 = 0;
        if self.chunked.is_empty() {
            for (i, (&n, &(start, split, end))) in self.names.iter().zip(&self.segments).enumerate()
            {
                // One copy: the end tag before (unless skipped) and the start tag.
                self.piece(sink, (if skip { split } else { start }, end));
                if !value(
                    sink,
                    resource,
                    n,
                    i,
                    end - split,
                    &mut skip,
                    &mut written,
                    &mut absent,
                ) {
                    return false;
                }
            }
        } else {
            for (i, c) in self.chunked.iter().enumerate() {
                let (chunk, len) = if skip {
                    (&c.short, c.short_len)
                } else {
                    (&c.full, c.full_len)
                };
                sink.chunk(chunk, len);
                if !value(
                    sink,
                    resource,
                    c.name,
                    i,
                    c.short_len,
                    &mut skip,
                    &mut written,
                    &mut absent,
                ) {
                    return false;
                }
            }
        }
        // An empty 200 propstat is never written: the general path answers then.
        let Some(&(start, split, _)) = self.segments.last().filter(|_| written) else {
            return false;
        };
        if absent & self.reported == 0 {
            let (chunks, len) = &self.last[usize::from(skip)];
            sink.chunks(chunks, *len);
            return true;
        }
        self.piece(sink, (if skip { split } else { start }, split));
        self.not_found(sink, absent, 0);
        true
    }

    /// [`Fast::write`] for a resource with dead properties in `store`: looked up between the
    /// known names, listed for `allprop`, and reported 404 when not stored.
    fn write_dead<R: PropertySet<Name = N> + ?Sized>(
        &self,
        sink: &mut Sink,
        resource: &R,
        store: &dyn DeadProperties,
    ) -> bool {
        let mut at = At::default();
        // The next insert.
        let mut next = 0;
        for (i, (&n, &segment)) in self.names.iter().zip(&self.segments).enumerate() {
            let (start, split, end) = segment;
            let from = if at.skip { split } else { start };
            if self.inserts.get(next).is_some_and(|&(s, _)| s == i) {
                self.piece(sink, (from, split));
                while let Some(&(_, insert)) = self.inserts.get(next).filter(|&&(s, _)| s == i) {
                    self.insert(sink, store, insert, &mut at);
                    next += 1;
                }
                self.piece(sink, (split, end));
            } else {
                self.piece(sink, (from, end));
            }
            if !value(
                sink,
                resource,
                n,
                i,
                end - split,
                &mut at.skip,
                &mut at.written,
                &mut at.absent,
            ) {
                return false;
            }
        }
        let last = self.inserts.get(next..).unwrap_or_default();
        self.close(sink, at, store, last)
    }

    /// Writes what `insert` says.
    fn insert(&self, sink: &mut Sink, store: &dyn DeadProperties, insert: Insert, at: &mut At) {
        // Nothing to skip after a dead property: it is written whole.
        at.skip = false;
        match insert {
            Insert::Lookup(i) => match self.lookups.get(i).and_then(|n| store.get(n)) {
                Some(property) => {
                    sink.dead_property(property);
                    at.written = true;
                }
                None => at.missing |= 1 << i,
            },
            Insert::Listing => store.for_each(&mut |property| {
                let name = property.name();
                if N::from_name(name.namespace(), name.local()).is_none() {
                    sink.dead_property(property);
                    at.written = true;
                }
            }),
        }
    }

    /// Ends the response of [`Fast::write_dead`] after the last name: the dead properties
    /// that go after it, the end of the 200 propstat, and the 404 propstat when a reported
    /// name is absent or not stored. Whether the response could be written: not with an
    /// empty 200 propstat.
    fn close(
        &self,
        sink: &mut Sink,
        mut at: At,
        store: &dyn DeadProperties,
        inserts: Inserts<'_>,
    ) -> bool {
        let Some(&(start, split, end)) = self.segments.last() else {
            return false;
        };
        self.piece(sink, (if at.skip { split } else { start }, split));
        for &(_, insert) in inserts {
            self.insert(sink, store, insert, &mut at);
        }
        for &i in &self.unstored {
            if self.lookups.get(i).is_none_or(|n| store.get(n).is_none()) {
                at.missing |= 1 << i;
            }
        }
        if !at.written {
            return false;
        }
        if at.absent & self.reported == 0 && at.missing == 0 {
            self.piece(sink, (split, end));
        } else {
            self.not_found(sink, at.absent, at.missing);
        }
        true
    }

    /// After the 200 propstat's properties: its end, the 404 propstat of the names `absent`
    /// (bit `i`: `names[i]`) and `missing` (bit `i`: `lookups[i]`) and the unknown ones, and
    /// `</D:response>`.
    #[inline(always)]
    fn not_found(&self, sink: &mut Sink, absent: u64, missing: u64) {
        self.piece(sink, self.close_ok);
        match &self.not_found {
            Some(nf) => {
                self.piece(sink, nf.open);
                for &(when, range) in &nf.names {
                    if when.written(absent, missing) {
                        self.piece(sink, range);
                    }
                }
                self.piece(sink, nf.close);
            }
            None => sink.markup("</D:response>"),
        }
    }

    #[inline]
    fn piece(&self, sink: &mut Sink, (from, to): (usize, usize)) {
        sink.bytes_chunked(&self.bytes, from, to);
    }
}

/// Where writing a pre-rendered answer for a resource with a store stands.
#[derive(Default)]
struct At {
    /// Whether the next segment starts after its first part: the end tag of a name written
    /// empty (`<D:a/>`) or left out.
    skip: bool,
    /// Whether a property went into the 200 propstat.
    written: bool,
    /// Bit `i` set when `names[i]` is absent.
    absent: u64,
    /// Bit `i` set when `lookups[i]` is not stored.
    missing: u64,
}

/// Writes the value of the `i`th name, `n`, after its start tag (`tag` bytes long), and
/// whether the pre-rendered path can go on: not for a value with a status or a language, one
/// that fails, or an absent one past what is tracked. `skip`: whether the next segment
/// starts after its first part (the end tag of a name written empty or left out); `written`:
/// whether a property went into the 200 propstat; `absent`: bit `i` when `names[i]` is.
#[inline(always)]
#[allow(
    clippy::too_many_arguments,
    reason = "the pre-rendered path's state, kept in registers by inlining"
)]
fn value<R: PropertySet + ?Sized>(
    sink: &mut Sink,
    resource: &R,
    n: R::Name,
    i: usize,
    tag: usize,
    skip: &mut bool,
    written: &mut bool,
    absent: &mut u64,
) -> bool {
    let value = sink.position();
    match resource.write_plain(n, sink) {
        Plain::Written => {
            *written = true;
            *skip = sink.position() == value;
            if *skip {
                sink.collapse_last();
            }
            true
        }
        Plain::Absent if i < TRACKED => {
            // The start tag cut back out.
            sink.truncate_to(value - tag);
            *absent |= 1 << i;
            *skip = true;
            true
        }
        // With a status or a language, failing, or past what is tracked: the general path
        // answers (and reports the error).
        Plain::Absent | Plain::NotPlain => false,
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
            if let Requested::Unknown(n) = r
                && ns.prefix(n.namespace()).is_none()
            {
                // Requested names come from parsed XML; a namespace the table refuses is
                // simply declared where it is used instead. Copied only when new.
                let _ = ns.declare(n.namespace().to_owned());
            }
        }
        let mut answer = Self {
            mode,
            minimal: false,
            namespaces: ns,
            fast: None,
            fast_dead: OnceLock::new(),
        };
        answer.prepare();
        answer
    }

    /// Pre-renders the fast path for the current mode, `minimal` and namespace table. An
    /// `allprop` answer pre-renders as the `prop` answer for the allprop members followed by
    /// the included names that are not members: the same bytes when every member is
    /// present, and the fast path gives way to the general one when one is not. The
    /// rendering for resources with dead properties is left to the first of them.
    fn prepare(&mut self) {
        self.fast = self.build(false);
        self.fast_dead = OnceLock::new();
    }

    /// The pre-rendered answer for resources without (`dead == false`) or with a store.
    fn build(&self, dead: bool) -> Option<Fast<P::Name>> {
        let plan = match &self.mode {
            Mode::Prop(requested) => Plan::prop(requested, dead),
            Mode::AllProp { include } => Plan::allprop(include, dead),
            Mode::PropName => return None,
        };
        Fast::build(plan, &self.namespaces, self.minimal)
    }

    /// The pre-rendered answer for a resource that keeps dead properties in `store`, or
    /// none.
    #[inline]
    fn fast_for(&self, store: Option<&dyn DeadProperties>) -> Option<&Fast<P::Name>> {
        if store.is_none() {
            return self.fast.as_ref();
        }
        let differs = match &self.mode {
            Mode::Prop(requested) => requested.iter().any(|q| matches!(q, Requested::Unknown(_))),
            Mode::AllProp { .. } => true,
            Mode::PropName => false,
        };
        if !differs {
            return self.fast.as_ref();
        }
        self.fast_dead.get_or_init(|| self.build(true)).as_ref()
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

    /// Makes this answer and `other` (for another property set, in the same body) use one
    /// namespace table, the union of theirs, so that both write through the pre-rendered
    /// path into a body started with either's [`namespaces`](Self::namespaces): a CalDAV
    /// `Depth: 1` answer mixes the collection's set and its items'. Without it, the answer
    /// whose table the body was not started with writes through the general path, declaring
    /// the namespaces it misses on each element.
    ///
    /// For more answers, share each with the first one, then the first one with each again
    /// (an answer whose namespaces are all in the table already just takes it).
    ///
    /// ```
    /// # use multistatus_core::{Error, NameTree, PropState, PropertyName, PropertySet, PropertyValue, Sink, name::Tag};
    /// # macro_rules! set {
    /// #     ($set:ident, $name:ident, $ns:literal, $local:literal) => {
    /// #         #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)] enum $name { Only }
    /// #         impl PropertyName for $name {
    /// #             fn tag(self) -> &'static Tag { const T: Tag = Tag::new($ns, $local); &T }
    /// #             fn from_name(ns: &str, l: &str) -> Option<Self> { (ns == $ns && l == $local).then_some(Self::Only) }
    /// #             fn in_allprop(self) -> bool { false }
    /// #             fn for_each(f: &mut dyn FnMut(Self)) { f(Self::Only) }
    /// #         }
    /// #         struct $set(String);
    /// #         impl PropertySet for $set {
    /// #             type Name = $name;
    /// #             const NAME_TREE: NameTree = NameTree { own: &[Tag::new($ns, $local)], flattened: &[] };
    /// #             fn state(&self, _: $name) -> PropState { PropState::Present }
    /// #             fn write_property(&self, n: $name, s: &mut Sink) -> Result<(), Error> { s.property(n.tag(), &self.0) }
    /// #             fn value(&self, _: $name) -> &dyn PropertyValue { &self.0 }
    /// #             fn write_allprop(&self, _: &mut Sink) -> Result<(), Error> { Ok(()) }
    /// #         }
    /// #     };
    /// # }
    /// # set!(Collection, CollectionName, "urn:ietf:params:xml:ns:caldav", "calendar-description");
    /// # set!(Item, ItemName, "http://calendarserver.org/ns/", "getctag");
    /// use multistatus_core::{Href, MultistatusWriter, propfind::PropfindAnswer, request::Propfind};
    /// let request = Propfind::parse(br#"<propfind xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"
    ///     xmlns:CS="http://calendarserver.org/ns/"><prop><C:calendar-description/><CS:getctag/></prop></propfind>"#).unwrap();
    /// let mut collection = PropfindAnswer::<Collection>::new(&request);
    /// let mut items = PropfindAnswer::<Item>::new(&request);
    /// collection.share_namespaces(&mut items);
    /// let mut ms = MultistatusWriter::new(Vec::new(), collection.namespaces());
    /// collection.write(&mut ms, &Href::from_path("/cal/").unwrap(), &Collection("Work".into())).unwrap();
    /// items.write(&mut ms, &Href::from_path("/cal/1.ics").unwrap(), &Item("42".into())).unwrap();
    /// let body = String::from_utf8(ms.finish().unwrap()).unwrap();
    /// // Every namespace declared once, on the root.
    /// assert_eq!(body.matches("xmlns:").count(), 3);
    /// assert!(body.contains("<CS:getctag>42</CS:getctag>"));
    /// ```
    pub fn share_namespaces<Q: PropertySet>(&mut self, other: &mut PropfindAnswer<Q>) {
        let mut union = self.namespaces.clone();
        for (namespace, _) in other.namespaces.iter() {
            if union.prefix(namespace).is_none() {
                // Every entry of `other`'s table was accepted by a table already.
                let _ = union.declare(namespace.to_owned());
            }
        }
        if union.id() != self.namespaces.id() {
            self.namespaces = union.clone();
            self.prepare();
        }
        if union.id() != other.namespaces.id() {
            other.namespaces = union;
            other.prepare();
        }
    }

    /// Writes the `DAV:response` for the resource at `href`. The resource may be of any
    /// property set with the same names as `P` (the same set borrowing rows of another
    /// lifetime, say), so that an answer built once serves them all.
    pub fn write<W: Write, R: PropertySet<Name = P::Name> + ?Sized>(
        &self,
        ms: &mut MultistatusWriter<W>,
        href: &Href<'_>,
        resource: &R,
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
    /// use multistatus_core::{Description, Href, MultistatusWriter, Status};
    /// use multistatus_core::propfind::{Adjust, PropfindAnswer};
    /// use multistatus_core::request::Propfind;
    ///
    /// let answer = PropfindAnswer::<File>::new(&Propfind::AllProp { include: vec![] });
    /// let mut ms = MultistatusWriter::new(Vec::new(), answer.namespaces());
    /// let file = File { getetag: "\"x\"".into() };
    /// // This user may not see etags: 403, by typed name, with an explanation.
    /// let adjust = Adjust {
    ///     status: Some(&|n| (n == N::Getetag).then_some(Status::FORBIDDEN)),
    ///     describe: Some(&|s| (s == Status::FORBIDDEN).then(|| Description::new("pas à vous").with_lang("fr"))),
    /// };
    /// answer.write_adjusted(&mut ms, &Href::from_path("/f").unwrap(), &file, &adjust).unwrap();
    /// // Already reported (RFC 5842 §7.1): a success status other than 200 keeps the value.
    /// let again = Adjust { status: Some(&|_| Some(Status::ALREADY_REPORTED)), describe: None };
    /// answer.write_adjusted(&mut ms, &Href::from_path("/g").unwrap(), &file, &again).unwrap();
    /// let body = String::from_utf8(ms.finish().unwrap()).unwrap();
    /// assert!(body.ends_with(concat!(
    ///     "<D:propstat><D:prop><D:getetag/></D:prop><D:status>HTTP/1.1 403 Forbidden</D:status>",
    ///     r#"<D:responsedescription xml:lang="fr">pas à vous</D:responsedescription></D:propstat>"#,
    ///     "</D:response><D:response><D:href>/g</D:href>",
    ///     "<D:propstat><D:prop><D:getetag>\"x\"</D:getetag></D:prop>",
    ///     "<D:status>HTTP/1.1 208 Already Reported</D:status></D:propstat>",
    ///     "</D:response></D:multistatus>",
    /// )));
    /// ```
    ///
    /// # Errors
    /// What a value fails with; [`Error::StatusNotAllowed`] for a value with a success
    /// status as its error (`Err(Status::OK)`) or 207 Multi-Status anywhere. Nothing of the
    /// response is written then.
    pub fn write_adjusted<W: Write, R: PropertySet<Name = P::Name> + ?Sized>(
        &self,
        ms: &mut MultistatusWriter<W>,
        href: &Href<'_>,
        resource: &R,
        adjust: &Adjust<'_, P::Name>,
    ) -> Result<(), Error> {
        if adjust.status.is_none() {
            let store = resource.dead();
            if let Some(fast) = self.fast_for(store)
                && ms.namespaces_id() == fast.namespaces
                && ms.raw_response(href, |sink| match store {
                    Some(store) if !(fast.inserts.is_empty() && fast.lookups.is_empty()) => {
                        fast.write_dead(sink, resource, store)
                    }
                    _ => fast.write(sink, resource),
                })?
            {
                return Ok(());
            }
        }
        let view = View { resource, adjust };
        let mut r = ms.begin_propstats(href);
        match &self.mode {
            Mode::Prop(requested) => self.write_requested(&mut r, &view, requested, false)?,
            Mode::AllProp { include } => self.write_requested(&mut r, &view, include, true)?,
            Mode::PropName => {
                r.propstat_if_any(Status::OK, |s| {
                    P::Name::for_each(&mut |n| {
                        if view.state(n) != State::Absent {
                            s.empty(n.tag());
                        }
                    });
                    if let Some(store) = resource.dead() {
                        store.for_each(&mut |property| {
                            if !known::<P::Name>(property.name()) {
                                s.empty_named(property.name());
                            }
                        });
                    }
                    Ok(())
                })?;
            }
        }
        r.end()
    }

    fn write_requested<W: Write, R: PropertySet<Name = P::Name> + ?Sized>(
        &self,
        r: &mut PropstatResponse<'_, W>,
        view: &View<'_, '_, R>,
        requested: &[Requested<P::Name>],
        allprop: bool,
    ) -> Result<(), Error> {
        let store = view.resource.dead();
        // Included names already in allprop are reported there, not twice.
        let extra = |n: P::Name| !(allprop && n.in_allprop());
        // Each requested name's state, computed once for the first `CACHED` names (enough
        // for any real request; later ones are asked again), so the three propstats cost one
        // walk of the resource.
        const CACHED: usize = 32;
        let mut cache = [State::Absent; CACHED];
        let mut any_status = allprop;
        r.propstat_if_any(Status::OK, |s| {
            if allprop {
                view.write_allprop(s)?;
                if let Some(store) = store {
                    // Every stored property the set does not shadow (RFC 4918 §9.1).
                    store.for_each(&mut |property| {
                        if !known::<P::Name>(property.name()) {
                            s.dead_property(property);
                        }
                    });
                }
            }
            for (i, q) in requested.iter().enumerate() {
                match q {
                    Requested::Known(n) => {
                        let state = view.state(*n);
                        if let Some(slot) = cache.get_mut(i) {
                            *slot = state;
                        }
                        match state {
                            State::Ok if extra(*n) => view.resource.write_property(*n, s)?,
                            State::Valued(_) | State::Empty(_) => any_status = true,
                            State::Wrong(status) => return Err(wrong(status)),
                            _ => {}
                        }
                    }
                    // Listed with the others for `allprop`.
                    Requested::Unknown(name) if !allprop => {
                        if let Some(property) = store.and_then(|d| d.get(name)) {
                            s.dead_property(property);
                        }
                    }
                    Requested::Unknown(_) => {}
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
                            if state == State::Absent {
                                s.empty(n.tag());
                            }
                        }
                        Requested::Unknown(name) => {
                            if store.and_then(|d| d.get(name)).is_none() {
                                s.empty_named(name);
                            }
                        }
                    }
                }
                Ok(())
            })?;
        }
        Ok(())
    }
}

/// Whether the set whose names are `N` has the property `name`: then a dead property of that
/// name is stale, shadowed by the typed one.
fn known<N: PropertyName>(name: &Name<'_>) -> bool {
    N::from_name(name.namespace(), name.local()).is_some()
}

/// The error for a status that cannot be a property's.
fn wrong(status: Status) -> Error {
    Error::StatusNotAllowed {
        status,
        reason: if status == Status::MULTI_STATUS {
            "207 Multi-Status is the status of the whole body, never of a property"
        } else {
            "a success status is not an error: a property with a value is reported with it"
        },
    }
}

/// Per-resource adjustments of a PROPFIND answer; [`Adjust::default`] changes nothing.
pub struct Adjust<'a, N> {
    /// A status for a property, by typed name, overriding what the resource says. An error
    /// status (403 for a property this user may not read, …) reports the property empty in
    /// a propstat of that status, 404 in the 404 propstat with the absent ones. A success
    /// status other than 200 reports a present property with its value in a propstat of
    /// that status (RFC 5842 §7.1: 208 Already Reported for a resource met again through
    /// another binding); an absent one stays absent. 207 is an error
    /// ([`Error::StatusNotAllowed`]).
    pub status: Option<&'a dyn Fn(N) -> Option<Status>>,
    /// A `DAV:responsedescription` for the propstat of a status (RFC 4918 §9.1.3 explains a
    /// 403 this way), with its language if it has one.
    pub describe: Option<&'a dyn Fn(Status) -> Option<Description<'a>>>,
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

/// How a property is reported, once the resource's state and the adjustments are combined.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    /// In the 200 propstat, with its value.
    Ok,
    /// In a propstat of its own success status (not 200), with its value.
    Valued(Status),
    /// In a propstat of its own error status, empty.
    Empty(Status),
    /// Not defined: in the 404 propstat when requested, else left out.
    Absent,
    /// A status that cannot be a property's: the response is an error.
    Wrong(Status),
}

impl State {
    /// The state a resource reports: a 404 status is the property being absent (one 404
    /// propstat), a success is no error.
    fn of(state: PropState) -> Self {
        match state {
            PropState::Present => Self::Ok,
            PropState::Absent => Self::Absent,
            PropState::Status(Status::NOT_FOUND) => Self::Absent,
            PropState::Status(s) if s.is_success() => Self::Wrong(s),
            PropState::Status(s) => Self::Empty(s),
        }
    }
}

/// A resource seen through its adjustments.
struct View<'a, 'b, R: PropertySet + ?Sized> {
    resource: &'a R,
    adjust: &'a Adjust<'b, R::Name>,
}

impl<R: PropertySet + ?Sized> View<'_, '_, R> {
    fn state(&self, n: R::Name) -> State {
        let own = self.resource.state(n);
        match self.adjust.status.and_then(|f| f(n)) {
            None => State::of(own),
            Some(Status::MULTI_STATUS) => State::Wrong(Status::MULTI_STATUS),
            Some(s) if s.is_success() => match State::of(own) {
                State::Ok if s != Status::OK => State::Valued(s),
                other => other,
            },
            Some(s) => State::of(PropState::Status(s)),
        }
    }

    fn describe(&self, status: Status) -> Option<Description<'_>> {
        self.adjust.describe.and_then(|f| f(status))
    }

    /// The present allprop members: the generated fast path, unless statuses are adjusted.
    fn write_allprop(&self, s: &mut Sink) -> Result<(), Error> {
        if self.adjust.status.is_none() {
            return self.resource.write_allprop(s);
        }
        let mut result = Ok(());
        R::Name::for_each(&mut |n| {
            if result.is_ok() && n.in_allprop() && self.state(n) == State::Ok {
                result = self.resource.write_property(n, s);
            }
        });
        result
    }
}

/// One propstat per status other than 200 and 404, in the order the statuses first appear:
/// allprop members (when answering allprop), then the requested names. A success status
/// (from [`Adjust`]) reports its properties with their values, an error status empty.
fn write_status_groups<R: PropertySet + ?Sized, W: Write>(
    r: &mut PropstatResponse<'_, W>,
    view: &View<'_, '_, R>,
    requested: &[Requested<R::Name>],
    allprop: bool,
    extra: &dyn Fn(R::Name) -> bool,
) -> Result<(), Error> {
    // Every name that carries a status, in reporting order, without allocating: a callback
    // walk over allprop members then requested names.
    let walk = |f: &mut dyn FnMut(R::Name, State)| {
        let mut each = |n: R::Name| match view.state(n) {
            state @ (State::Valued(_) | State::Empty(_) | State::Wrong(_)) => f(n, state),
            State::Ok | State::Absent => {}
        };
        if allprop {
            R::Name::for_each(&mut |n| {
                if n.in_allprop() {
                    each(n);
                }
            });
        }
        for q in requested {
            if let Requested::Known(n) = *q
                && extra(n)
            {
                each(n);
            }
        }
    };
    // The i-th status-carrying name opens a propstat when no earlier one had its status.
    let mut index = 0;
    let mut result = Ok(());
    walk(&mut |_, state| {
        let i = index;
        index += 1;
        if result.is_err() {
            return;
        }
        let status = match state {
            State::Valued(s) | State::Empty(s) => s,
            State::Wrong(s) => {
                result = Err(wrong(s));
                return;
            }
            State::Ok | State::Absent => return,
        };
        let mut seen_before = false;
        let mut j = 0;
        walk(&mut |_, other| {
            seen_before |= j < i && other == state;
            j += 1;
        });
        if seen_before {
            return;
        }
        let description = view.describe(status);
        result = r
            .propstat_if_any_with(
                status,
                |s: &mut Sink| {
                    let mut written = Ok(());
                    walk(&mut |n, other| {
                        if other != state || written.is_err() {
                            return;
                        }
                        written = match state {
                            State::Valued(_) => view.resource.write_property(n, s),
                            _ => {
                                s.empty(n.tag());
                                Ok(())
                            }
                        };
                    });
                    written
                },
                description.as_ref(),
            )
            .map(|_| ());
    });
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dead::{DeadMap, DeadProperty};
    use crate::name::{CALDAV, CALENDARSERVER, DAV, Tag};
    use crate::prop::{NameTree, PropertyValue};

    /// A hand-written set of one text property, with a dead property store: what the derive
    /// writes for a struct with one field and `#[dav(dead)] dead: Option<DeadMap>`.
    macro_rules! set {
        ($set:ident, $name:ident, $ns:expr, $local:literal) => {
            #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
            pub(super) enum $name {
                Only,
            }
            const TAG: Tag = Tag::new($ns, $local);
            impl PropertyName for $name {
                fn tag(self) -> &'static Tag {
                    &TAG
                }
                fn from_name(ns: &str, l: &str) -> Option<Self> {
                    (ns == $ns && l == $local).then_some(Self::Only)
                }
                fn in_allprop(self) -> bool {
                    true
                }
                fn for_each(f: &mut dyn FnMut(Self)) {
                    f(Self::Only)
                }
            }
            pub(super) struct $set {
                pub(super) value: Option<String>,
                pub(super) dead: Option<DeadMap>,
            }
            impl PropertySet for $set {
                type Name = $name;
                const NAME_TREE: NameTree = NameTree {
                    own: &[TAG],
                    flattened: &[],
                };
                fn state(&self, _: $name) -> PropState {
                    self.value.state()
                }
                fn write_property(&self, _: $name, s: &mut Sink) -> Result<(), Error> {
                    s.property(&TAG, &self.value)
                }
                fn value(&self, _: $name) -> &dyn PropertyValue {
                    &self.value
                }
                fn write_allprop(&self, s: &mut Sink) -> Result<(), Error> {
                    if self.value.is_some() {
                        s.property(&TAG, &self.value)?;
                    }
                    Ok(())
                }
                fn dead(&self) -> Option<&dyn DeadProperties> {
                    self.dead.as_ref().map(|d| d as &dyn DeadProperties)
                }
            }
        };
    }

    mod collection {
        use super::*;
        set!(Collection, CollectionName, CALDAV, "calendar-description");
    }
    mod item {
        use super::*;
        set!(Item, ItemName, CALENDARSERVER, "getctag");
    }
    use collection::Collection;
    use item::Item;

    fn store(xml: &[&str]) -> Option<DeadMap> {
        Some(
            xml.iter()
                .filter_map(|x| DeadProperty::parse(x).ok())
                .collect(),
        )
    }

    /// Whether `answer` writes `resource` through the pre-rendered path into a body started
    /// with `namespaces`, and what it writes.
    fn pre_rendered<P: PropertySet>(
        answer: &PropfindAnswer<P>,
        namespaces: &Namespaces,
        resource: &P,
    ) -> (bool, String) {
        let Some(fast) = answer.fast_for(resource.dead()) else {
            return (false, String::new());
        };
        if fast.namespaces != namespaces.id() {
            return (false, String::new());
        }
        let mut sink = Sink::new(namespaces.clone());
        let written = match resource.dead() {
            Some(store) => fast.write_dead(&mut sink, resource, store),
            None => fast.write(&mut sink, resource),
        };
        // The pre-rendered markup starts with the end of the href, whose start the writer
        // wrote (`MultistatusWriter::raw_response`).
        let out = sink.as_str();
        if written {
            assert!(out.starts_with("</D:href>"), "{out}");
        }
        (
            written,
            out.strip_prefix("</D:href>").unwrap_or(out).to_owned(),
        )
    }

    fn request(body: &str) -> Propfind {
        Propfind::parse(body.as_bytes()).unwrap_or(Propfind::PropName)
    }

    /// Dead properties found, missing, listed and shadowed all go through the pre-rendered
    /// path, in `prop` and `allprop` answers alike.
    #[test]
    fn dead_properties_take_the_pre_rendered_path() {
        let resource = Collection {
            value: Some("Work".into()),
            dead: store(&[
                r#"<Z:a xmlns:Z="urn:z">1</Z:a>"#,
                r#"<C:calendar-description xmlns:C="urn:ietf:params:xml:ns:caldav">stale</C:calendar-description>"#,
            ]),
        };
        let prop = request(
            r#"<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:Z="urn:z"><D:prop><Z:a/><C:calendar-description/><Z:b/></D:prop></D:propfind>"#,
        );
        let answer = PropfindAnswer::<Collection>::new(&prop);
        let (taken, xml) = pre_rendered(&answer, &answer.namespaces(), &resource);
        assert!(taken);
        assert_eq!(
            xml,
            concat!(
                r#"<D:propstat><D:prop><Z:a xmlns:Z="urn:z">1</Z:a><C:calendar-description>Work</C:calendar-description></D:prop>"#,
                "<D:status>HTTP/1.1 200 OK</D:status></D:propstat>",
                "<D:propstat><D:prop><ns1:b/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>",
                "</D:response>"
            )
        );
        let allprop = request(
            r#"<D:propfind xmlns:D="DAV:" xmlns:Z="urn:z"><D:allprop/><D:include><Z:a/><Z:b/></D:include></D:propfind>"#,
        );
        let answer = PropfindAnswer::<Collection>::new(&allprop);
        let (taken, xml) = pre_rendered(&answer, &answer.namespaces(), &resource);
        assert!(taken);
        assert_eq!(
            xml,
            concat!(
                r#"<D:propstat><D:prop><C:calendar-description>Work</C:calendar-description><Z:a xmlns:Z="urn:z">1</Z:a></D:prop>"#,
                "<D:status>HTTP/1.1 200 OK</D:status></D:propstat>",
                "<D:propstat><D:prop><ns1:b/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>",
                "</D:response>"
            )
        );
        // Without a store, the answer rendered for resources without one.
        let bare = Collection {
            value: Some("Work".into()),
            dead: None,
        };
        let (taken, xml) = pre_rendered(&answer, &answer.namespaces(), &bare);
        assert!(taken, "{xml}");
        assert!(answer.fast_dead.get().is_some());
    }

    /// Two answers sharing their namespaces both write through the pre-rendered path into a
    /// body started with either's table; without sharing, the second cannot.
    #[test]
    fn shared_namespaces_keep_both_on_the_pre_rendered_path() {
        let body = request(
            r#"<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/" xmlns:Z="urn:z"><D:prop><C:calendar-description/><CS:getctag/><Z:x/></D:prop></D:propfind>"#,
        );
        let collection = Collection {
            value: Some("Work".into()),
            dead: None,
        };
        let item = Item {
            value: Some("42".into()),
            dead: None,
        };
        let mut coll = PropfindAnswer::<Collection>::new(&body);
        let mut items = PropfindAnswer::<Item>::new(&body);
        let table = coll.namespaces();
        assert!(pre_rendered(&coll, &table, &collection).0);
        assert!(!pre_rendered(&items, &table, &item).0);
        coll.share_namespaces(&mut items);
        assert_eq!(coll.namespaces().id(), items.namespaces().id());
        let table = coll.namespaces();
        assert!(pre_rendered(&coll, &table, &collection).0);
        assert!(pre_rendered(&items, &table, &item).0);
        assert!(pre_rendered(&items, &items.namespaces(), &item).0);
        // Sharing again changes nothing.
        let id = table.id();
        coll.share_namespaces(&mut items);
        assert_eq!((coll.namespaces().id(), items.namespaces().id()), (id, id));
        assert_eq!(table.prefix(DAV), Some("D"));
    }
}
