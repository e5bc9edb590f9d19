//! The hand-tuned parse of the SPEC workload's 207 body: the baseline of the parse bench, the
//! fastest parse of this document we could write on quick-xml's `NsReader` in safe Rust.
//!
//! - borrowed events from the slice (`read_event`, no copy into a buffer); namespaces are
//!   resolved only for start tags (`resolve_element`), and names matched as bytes on the
//!   resolved namespace, one `match` per level;
//! - a recursive descent that knows where it is (multistatus → response → propstat → prop),
//!   so no depth or state is tracked;
//! - text taken in place: numbers, dates and status codes are parsed from the borrowed bytes;
//!   a string is one allocation of its exact size (from the borrowed run, or through one
//!   reused buffer when entities split it);
//! - dates from fixed offsets (RFC 1123 and the writer's RFC 3339 form), days from a formula;
//! - quick-xml's own checks left on (end names, well-formedness): a parse a client could ship,
//!   not a scanner; it does not check characters, limits or hrefs as the derive does.
//!
//! The owned output is the same data as the derive's: the href, the set's values, the status
//! of the known properties' propstat and the unknown properties' names and statuses.

use std::borrow::Cow;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use multistatus::values::{ResourceType, Rfc3339};
use quick_xml::NsReader;
use quick_xml::events::{BytesRef, Event};
use quick_xml::name::{Namespace, QName, ResolveResult};

use super::FileProps;

/// An error of the hand-tuned parse (it does not say where: it is a baseline).
pub type Error = Box<dyn std::error::Error>;

/// A response of the workload, parsed.
#[derive(Debug, PartialEq)]
pub struct Parsed {
    /// The href as sent.
    pub href: String,
    /// The values.
    pub props: FileProps,
    /// The status code of the propstat that carried the known properties.
    pub status: u16,
    /// The properties the set does not know: namespace, local name, status code.
    pub unknown: Vec<(String, String, u16)>,
}

/// The elements this parse knows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Id {
    Multistatus,
    Response,
    Href,
    Propstat,
    Prop,
    Status,
    Displayname,
    Getcontentlength,
    Getcontenttype,
    Getetag,
    Getlastmodified,
    Creationdate,
    Resourcetype,
    Collection,
    Color,
    Other,
}

type Reader<'i> = NsReader<&'i [u8]>;

/// The element `name` of a start tag, by its resolved namespace and local name.
#[inline(always)]
fn id(r: &Reader<'_>, name: QName<'_>) -> Id {
    let (ns, local) = r.resolver().resolve_element(name);
    match ns {
        ResolveResult::Bound(Namespace("DAV:")) => match local.into_inner() {
            "response" => Id::Response,
            "href" => Id::Href,
            "propstat" => Id::Propstat,
            "prop" => Id::Prop,
            "status" => Id::Status,
            "displayname" => Id::Displayname,
            "getcontentlength" => Id::Getcontentlength,
            "getcontenttype" => Id::Getcontenttype,
            "getetag" => Id::Getetag,
            "getlastmodified" => Id::Getlastmodified,
            "creationdate" => Id::Creationdate,
            "resourcetype" => Id::Resourcetype,
            "collection" => Id::Collection,
            "multistatus" => Id::Multistatus,
            _ => Id::Other,
        },
        ResolveResult::Bound(Namespace("http://example.com/ns"))
            if local.into_inner() == "color" =>
        {
            Id::Color
        }
        _ => Id::Other,
    }
}

/// Parses `doc`, handing each response to `each`.
pub fn parse(doc: &[u8], mut each: impl FnMut(Parsed)) -> Result<(), Error> {
    let mut r = NsReader::from_reader(doc);
    let mut scratch = String::new();
    loop {
        match r.read_event()? {
            Event::Start(e) if id(&r, e.name()) == Id::Multistatus => break,
            Event::Decl(_) | Event::Text(_) | Event::Comment(_) | Event::PI(_) => {}
            _ => return Err("the root is not DAV:multistatus".into()),
        }
    }
    loop {
        match r.read_event()? {
            Event::Start(e) => match id(&r, e.name()) {
                Id::Response => each(response(&mut r, &mut scratch)?),
                _ => skip(&mut r, e.name())?,
            },
            Event::End(_) => return Ok(()),
            Event::Eof => return Err("unexpected end".into()),
            _ => {}
        }
    }
}

/// Skips the content of the element `name` just opened.
#[inline(never)]
fn skip(r: &mut Reader<'_>, name: QName<'_>) -> Result<(), Error> {
    r.read_to_end(name)?;
    Ok(())
}

fn response(r: &mut Reader<'_>, scratch: &mut String) -> Result<Parsed, Error> {
    let mut out = Parsed {
        href: String::new(),
        props: FileProps {
            displayname: String::new(),
            getcontentlength: 0,
            getcontenttype: String::new(),
            getetag: String::new(),
            getlastmodified: UNIX_EPOCH,
            creationdate: Rfc3339(UNIX_EPOCH),
            resourcetype: ResourceType::RESOURCE,
            color: String::new(),
        },
        status: 0,
        unknown: Vec::new(),
    };
    loop {
        match r.read_event()? {
            Event::Start(e) => match id(r, e.name()) {
                Id::Href => out.href = string(r, scratch)?,
                Id::Propstat => propstat(r, scratch, &mut out)?,
                _ => skip(r, e.name())?,
            },
            Event::End(_) => return Ok(out),
            Event::Eof => return Err("unexpected end".into()),
            _ => {}
        }
    }
}

/// A propstat: the values go into their fields; if its status is not 2xx the fields it set
/// are reset (a known property reported with an error status holds its default).
fn propstat(r: &mut Reader<'_>, scratch: &mut String, out: &mut Parsed) -> Result<(), Error> {
    let mut known = 0u16;
    let first_unknown = out.unknown.len();
    let mut code = 0;
    loop {
        match r.read_event()? {
            Event::Start(e) => match id(r, e.name()) {
                Id::Prop => known |= prop(r, scratch, out)?,
                Id::Status => code = status(bytes(r)?)?,
                _ => skip(r, e.name())?,
            },
            Event::End(_) => break,
            Event::Eof => return Err("unexpected end".into()),
            _ => {}
        }
    }
    for u in &mut out.unknown[first_unknown..] {
        u.2 = code;
    }
    if known != 0 {
        out.status = code;
        if !(200..300).contains(&code) {
            reset(&mut out.props, known);
        }
    }
    Ok(())
}

/// The fields of `known` (bits in the order of [`prop`]) back to their defaults.
#[cold]
fn reset(p: &mut FileProps, known: u16) {
    let on = |bit: u16| known & (1 << bit) != 0;
    if on(0) {
        p.displayname.clear();
    }
    if on(1) {
        p.getcontentlength = 0;
    }
    if on(2) {
        p.getcontenttype.clear();
    }
    if on(3) {
        p.getetag.clear();
    }
    if on(4) {
        p.getlastmodified = UNIX_EPOCH;
    }
    if on(5) {
        p.creationdate = Rfc3339(UNIX_EPOCH);
    }
    if on(6) {
        p.resourcetype = ResourceType::RESOURCE;
    }
    if on(7) {
        p.color.clear();
    }
}

/// The properties of a `DAV:prop`; returns the fields set, as bits.
fn prop(r: &mut Reader<'_>, scratch: &mut String, out: &mut Parsed) -> Result<u16, Error> {
    let mut known = 0u16;
    let p = &mut out.props;
    loop {
        let (e, empty) = match r.read_event()? {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => return Ok(known),
            Event::Eof => return Err("unexpected end".into()),
            _ => continue,
        };
        let id = id(r, e.name());
        let bit = match id {
            Id::Displayname => {
                p.displayname = text_of(r, scratch, empty)?;
                0
            }
            Id::Getcontentlength => {
                p.getcontentlength = if empty { 0 } else { number(bytes(r)?)? };
                1
            }
            Id::Getcontenttype => {
                p.getcontenttype = text_of(r, scratch, empty)?;
                2
            }
            Id::Getetag => {
                p.getetag = text_of(r, scratch, empty)?;
                3
            }
            Id::Getlastmodified => {
                p.getlastmodified = if empty {
                    UNIX_EPOCH
                } else {
                    http_date(bytes(r)?)?
                };
                4
            }
            Id::Creationdate => {
                p.creationdate = Rfc3339(if empty {
                    UNIX_EPOCH
                } else {
                    rfc3339(bytes(r)?)?
                });
                5
            }
            Id::Resourcetype => {
                p.resourcetype = if empty {
                    ResourceType::RESOURCE
                } else {
                    resourcetype(r)?
                };
                6
            }
            Id::Color => {
                p.color = text_of(r, scratch, empty)?;
                7
            }
            _ => {
                let (ns, local) = r.resolver().resolve_element(e.name());
                let ns = match ns {
                    ResolveResult::Bound(Namespace(ns)) => ns.to_owned(),
                    ResolveResult::Unbound => String::new(),
                    ResolveResult::Unknown(_) => return Err("unbound prefix".into()),
                };
                let local = local.into_inner().to_owned();
                out.unknown.push((ns, local, 0));
                if !empty {
                    skip(r, e.name())?;
                }
                continue;
            }
        };
        known |= 1 << bit;
    }
}

fn resourcetype(r: &mut Reader<'_>) -> Result<ResourceType, Error> {
    let mut kind = ResourceType::RESOURCE;
    loop {
        match r.read_event()? {
            Event::Start(e) => {
                if id(r, e.name()) == Id::Collection {
                    kind = ResourceType::COLLECTION;
                }
                skip(r, e.name())?;
            }
            Event::Empty(e) if id(r, e.name()) == Id::Collection => {
                kind = ResourceType::COLLECTION;
            }
            Event::End(_) => return Ok(kind),
            Event::Eof => return Err("unexpected end".into()),
            _ => {}
        }
    }
}

/// The text of the element just opened, when it is one run without references (numbers,
/// dates, statuses), borrowed from the document.
#[inline(always)]
fn bytes<'i>(r: &mut Reader<'i>) -> Result<&'i [u8], Error> {
    Ok(text(r)?.as_bytes())
}

/// [`bytes`] as text.
#[inline(always)]
fn text<'i>(r: &mut Reader<'i>) -> Result<&'i str, Error> {
    let text = match r.read_event()? {
        Event::Text(t) => match t.into_inner() {
            Cow::Borrowed(b) => b,
            Cow::Owned(_) => return Err("a slice reader borrows".into()),
        },
        Event::End(_) => return Ok(""),
        _ => return Err("text expected".into()),
    };
    match r.read_event()? {
        Event::End(_) => Ok(text),
        _ => Err("one run of text expected".into()),
    }
}

/// The text of the element just opened as a string of its exact size: the borrowed run
/// when there is one, else assembled in `scratch` (references resolved, CDATA kept).
#[inline(always)]
fn string(r: &mut Reader<'_>, scratch: &mut String) -> Result<String, Error> {
    let first = match r.read_event()? {
        Event::Text(t) => t.into_inner(),
        Event::End(_) => return Ok(String::new()),
        other => {
            scratch.clear();
            return assemble(r, scratch, other);
        }
    };
    let first = match first {
        Cow::Borrowed(b) => b,
        Cow::Owned(_) => return Err("a slice reader borrows".into()),
    };
    match r.read_event()? {
        Event::End(_) => Ok(first.to_owned()),
        other => {
            scratch.clear();
            scratch.push_str(first);
            assemble(r, scratch, other)
        }
    }
}

/// The rest of a text split by references or CDATA, from the event `next` on.
#[inline(never)]
fn assemble<'i>(
    r: &mut Reader<'i>,
    scratch: &mut String,
    mut next: Event<'i>,
) -> Result<String, Error> {
    loop {
        match next {
            Event::Text(t) => scratch.push_str(&t),
            Event::CData(c) => scratch.push_str(&c),
            Event::GeneralRef(g) => scratch.push(reference(&g)?),
            Event::Comment(_) | Event::PI(_) => {}
            Event::End(_) => return Ok(scratch.as_str().to_owned()),
            _ => return Err("text expected".into()),
        }
        next = r.read_event()?;
    }
}

fn reference(g: &BytesRef<'_>) -> Result<char, Error> {
    Ok(match &**g {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => g.resolve_char_ref()?.ok_or("unknown entity")?,
    })
}

/// The text of the element just opened, empty for an empty-element tag.
#[inline(always)]
fn text_of(r: &mut Reader<'_>, scratch: &mut String, empty: bool) -> Result<String, Error> {
    if empty {
        Ok(String::new())
    } else {
        string(r, scratch)
    }
}

/// An unsigned decimal number.
#[inline(always)]
fn number(b: &[u8]) -> Result<u64, Error> {
    if b.is_empty() {
        return Err("empty number".into());
    }
    let mut n: u64 = 0;
    for &c in b {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return Err("not a digit".into());
        }
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(d)))
            .ok_or("overflow")?;
    }
    Ok(n)
}

/// `HTTP/1.1 NNN reason`: the code.
#[inline(always)]
fn status(b: &[u8]) -> Result<u16, Error> {
    match b {
        [
            b'H',
            b'T',
            b'T',
            b'P',
            b'/',
            _,
            b'.',
            _,
            b' ',
            c0,
            c1,
            c2,
            ..,
        ] => {
            let n = number(&[*c0, *c1, *c2])?;
            Ok(n as u16)
        }
        _ => Err("not a status line".into()),
    }
}

/// Two ASCII digits.
#[inline(always)]
fn d2(a: u8, b: u8) -> Result<u32, Error> {
    let (a, b) = (a.wrapping_sub(b'0'), b.wrapping_sub(b'0'));
    if a > 9 || b > 9 {
        return Err("not a digit".into());
    }
    Ok(u32::from(a) * 10 + u32::from(b))
}

/// Days since 1970-01-01 of a civil date (H. Hinnant's `days_from_civil`).
#[inline(always)]
fn days(y: u32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn time(y: u32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Result<SystemTime, Error> {
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return Err("date out of range".into());
    }
    let secs = days(y, mo, d) * 86_400 + i64::from(h * 3600 + mi * 60 + s);
    let secs = u64::try_from(secs).map_err(|_| "before 1970")?;
    Ok(UNIX_EPOCH + Duration::from_secs(secs))
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`.
#[inline(always)]
fn http_date(b: &[u8]) -> Result<SystemTime, Error> {
    let &[
        _,
        _,
        _,
        b',',
        b' ',
        d0,
        d1,
        b' ',
        m0,
        m1,
        m2,
        b' ',
        y0,
        y1,
        y2,
        y3,
        b' ',
        h0,
        h1,
        b':',
        i0,
        i1,
        b':',
        s0,
        s1,
        b' ',
        b'G',
        b'M',
        b'T',
    ] = b
    else {
        return Err("not an RFC 1123 date".into());
    };
    let month = match [m0, m1, m2] {
        [b'J', b'a', b'n'] => 1,
        [b'F', b'e', b'b'] => 2,
        [b'M', b'a', b'r'] => 3,
        [b'A', b'p', b'r'] => 4,
        [b'M', b'a', b'y'] => 5,
        [b'J', b'u', b'n'] => 6,
        [b'J', b'u', b'l'] => 7,
        [b'A', b'u', b'g'] => 8,
        [b'S', b'e', b'p'] => 9,
        [b'O', b'c', b't'] => 10,
        [b'N', b'o', b'v'] => 11,
        [b'D', b'e', b'c'] => 12,
        _ => return Err("not a month".into()),
    };
    let year = d2(y0, y1)? * 100 + d2(y2, y3)?;
    time(
        year,
        month,
        d2(d0, d1)?,
        d2(h0, h1)?,
        d2(i0, i1)?,
        d2(s0, s1)?,
    )
}

/// `1997-12-01T17:42:21Z`, as the writer writes it.
#[inline(always)]
fn rfc3339(b: &[u8]) -> Result<SystemTime, Error> {
    let &[
        y0,
        y1,
        y2,
        y3,
        b'-',
        m0,
        m1,
        b'-',
        d0,
        d1,
        b'T',
        h0,
        h1,
        b':',
        i0,
        i1,
        b':',
        s0,
        s1,
        b'Z',
    ] = b
    else {
        return Err("not an RFC 3339 date in UTC".into());
    };
    let year = d2(y0, y1)? * 100 + d2(y2, y3)?;
    time(
        year,
        d2(m0, m1)?,
        d2(d0, d1)?,
        d2(h0, h1)?,
        d2(i0, i1)?,
        d2(s0, s1)?,
    )
}
