//! The hand-tuned baseline: the SPEC §5 workload rendered as fast as we know how to write it
//! in safe Rust, with no library, for `derive` to be measured against.
//!
//! - The output is written at a position into initialised memory: the `Vec` is zero-filled
//!   64 KiB at a time just ahead of the writes (so the block is in L2 when it is written),
//!   and every store has a constant size — literals, 8-byte words, 4-byte `%XX` — which the
//!   compiler turns into a few register moves, where `extend_from_slice` of a run is a call
//!   to `memcpy` and an update of the length each time. Each resource first checks that the
//!   block has room for the most it can take (every text byte escaped, every path byte
//!   encoded, plus a word of slack for the stores that run past the end of what they write).
//! - Text is escaped 8 bytes at a time: a word is loaded and stored as it is, then a SWAR
//!   test finds the first `<`, `>` or `&` in it, if any (no validation of control
//!   characters: this writer trusts its input, which the library cannot).
//! - Paths are percent-encoded (and `&` escaped) through a 256-entry table of the bytes to
//!   write for each input byte, with their length in the word's top 3 bits: one load, one
//!   8-byte store, a shift and an add per byte, no branch.
//! - Integers: digit count from the bit length, then digit pairs from a table, written in
//!   place from the end.
//! - Dates: C. Neri and L. Schneider's days-to-civil conversion (32-bit multiplications and
//!   shifts), digit pairs, weekday and month names from tables, into a fixed template.

use std::time::{SystemTime, UNIX_EPOCH};

use super::File;

/// How far a fixed-size store may run past the end of what it writes.
const SLACK: usize = 16;

const HEAD: &[u8] = concat!(
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
    r#"<D:multistatus xmlns:D="DAV:" xmlns:ns1="http://example.com/ns" xmlns:ns2="urn:x-unknown">"#
)
.as_bytes();
const TAIL: &[u8] = b"</D:multistatus>";

const R0: &[u8] = b"<D:response><D:href>";
const R1: &[u8] = b"</D:href><D:propstat><D:prop><D:displayname>";
const R2: &[u8] = b"</D:displayname><D:getcontentlength>";
const R3: &[u8] = b"</D:getcontentlength><D:getcontenttype>";
const R4: &[u8] = b"</D:getcontenttype><D:getetag>";
const R5: &[u8] = b"</D:getetag><D:getlastmodified>";
const R6: &[u8] = b"</D:getlastmodified><D:creationdate>";
const R7: &[u8] = b"</D:creationdate><D:resourcetype/><ns1:color>";
const R8: &[u8] = b"</ns1:color></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>\
    <D:propstat><D:prop><ns2:nope/></D:prop>\
    <D:status>HTTP/1.1 404 Not Found</D:status></D:propstat></D:response>";

/// The markup of one resource, the values left out.
const FIXED: usize = R0.len()
    + R1.len()
    + R2.len()
    + R3.len()
    + R4.len()
    + R5.len()
    + R6.len()
    + R7.len()
    + R8.len();

/// Renders the document into `out` (cleared first, its capacity reused).
pub fn render(files: &[File], out: &mut Vec<u8>) {
    out.clear();
    let mut pos = 0;
    room(out, pos, HEAD.len());
    out[..HEAD.len()].copy_from_slice(HEAD);
    pos += HEAD.len();
    for f in files {
        let p = &f.props;
        // The most the resource can take: every path byte `&amp;`, every text byte a
        // reference, the longest number and the dates.
        let most = FIXED
            + 5 * (f.path.len()
                + p.displayname.len()
                + p.getcontenttype.len()
                + p.getetag.len()
                + p.color.len())
            + 20
            + 29
            + 20;
        room(out, pos, most);
        pos = resource(out, pos, f);
    }
    room(out, pos, TAIL.len());
    out[pos..pos + TAIL.len()].copy_from_slice(TAIL);
    out.truncate(pos + TAIL.len());
}

/// Makes `out[pos..]` hold at least `need` + [`SLACK`] bytes, zero-filling what is added:
/// called per resource, it zero-fills about what the previous resource wrote, in L1 just
/// before it is written over (a few 32-byte stores, where filling large blocks ahead goes
/// through `rep stosb` and out of L1).
#[inline(always)]
fn room(out: &mut Vec<u8>, pos: usize, need: usize) {
    if out.len() < pos + need + SLACK {
        out.resize(pos + need + SLACK, 0);
    }
}

/// One `DAV:response`, at `pos`; returns where it ends.
#[inline(always)]
fn resource(buf: &mut [u8], pos: usize, f: &File) -> usize {
    let p = &f.props;
    let mut at = put(buf, pos, R0);
    at = path(buf, at, f.path.as_bytes());
    at = put(buf, at, R1);
    at = text(buf, at, p.displayname.as_bytes());
    at = put(buf, at, R2);
    at = decimal(buf, at, p.getcontentlength);
    at = put(buf, at, R3);
    at = text(buf, at, p.getcontenttype.as_bytes());
    at = put(buf, at, R4);
    at = text(buf, at, p.getetag.as_bytes());
    at = put(buf, at, R5);
    at = put(buf, at, &http_date(p.getlastmodified));
    at = put(buf, at, R6);
    at = put(buf, at, &rfc3339(p.creationdate.0));
    at = put(buf, at, R7);
    at = text(buf, at, p.color.as_bytes());
    put(buf, at, R8)
}

#[inline(always)]
fn put(buf: &mut [u8], at: usize, bytes: &[u8]) -> usize {
    // `bytes` is a constant where this is inlined: a fixed-size copy.
    buf[at..at + bytes.len()].copy_from_slice(bytes);
    at + bytes.len()
}

#[inline(always)]
fn put_word(buf: &mut [u8], at: usize, word: u64) {
    buf[at..at + 8].copy_from_slice(&word.to_le_bytes());
}

// ---- Text ----

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `w` that is `<`, `>` or `&`. Exact up to the first one
/// (a borrow can only flag bytes above a match), which is all that is used.
#[inline(always)]
fn specials(w: u64) -> u64 {
    // `<` (0x3C) and `>` (0x3E) differ only in bit 1.
    let angle = (w | (2 * ONES)) ^ (0x3E * ONES);
    let amp = w ^ (0x26 * ONES);
    ((angle.wrapping_sub(ONES) & !angle) | (amp.wrapping_sub(ONES) & !amp)) & HIGH
}

/// The bytes of `s` (fewer than 8) as the low bytes of a word, zeros above: two overlapping
/// loads instead of a loop.
#[inline(always)]
fn load_short(s: &[u8]) -> u64 {
    let n = s.len();
    if n >= 4 {
        let lo = u32::from_le_bytes([s[0], s[1], s[2], s[3]]);
        let hi = u32::from_le_bytes([s[n - 4], s[n - 3], s[n - 2], s[n - 1]]);
        u64::from(lo) | u64::from(hi) << (8 * (n - 4))
    } else if n > 0 {
        u64::from(s[0])
            | u64::from(s[n / 2]) << (8 * (n / 2))
            | u64::from(s[n - 1]) << (8 * (n - 1))
    } else {
        0
    }
}

#[inline(always)]
fn load8(s: &[u8], i: usize) -> u64 {
    let mut w = [0; 8];
    w.copy_from_slice(&s[i..i + 8]);
    u64::from_le_bytes(w)
}

/// `&lt;`, `&gt;` or `&amp;` as a word, and its length.
#[inline(always)]
fn reference(b: u8) -> (u64, usize) {
    match b {
        b'<' => (u64::from_le_bytes(*b"&lt;\0\0\0\0"), 4),
        b'>' => (u64::from_le_bytes(*b"&gt;\0\0\0\0"), 4),
        _ => (u64::from_le_bytes(*b"&amp;\0\0\0"), 5),
    }
}

/// Escaped text at `at`: 8 bytes at a time, each word stored whole and the position
/// advanced to its first special byte.
#[inline(always)]
fn text(buf: &mut [u8], mut at: usize, s: &[u8]) -> usize {
    let n = s.len();
    let mut i = 0;
    while i < n {
        let left = n - i;
        let (w, len) = if left >= 8 {
            (load8(s, i), 8)
        } else if n >= 8 {
            // The last 8 bytes, shifted so that those not yet written come first.
            (load8(s, n - 8) >> (8 * (8 - left)), left)
        } else {
            (load_short(&s[i..]), left)
        };
        put_word(buf, at, w);
        let m = specials(w);
        if m == 0 {
            at += len;
            i += len;
            continue;
        }
        let k = (m.trailing_zeros() / 8) as usize;
        let (r, rlen) = reference(s[i + k]);
        put_word(buf, at + k, r);
        at += k + rlen;
        i += k + 1;
    }
    at
}

// ---- Paths ----

/// Per byte of a path, the bytes to write (low bytes) and how many (top 3 bits): the byte
/// itself for RFC 3986 `pchar` and `/`, `&amp;` for `&`, `%XX` for the rest.
static PATH: [u64; 256] = {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut t = [0u64; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.' | b'_' | b'~' | b'!' | b'$' | b'\'' | b'(' | b')'
            )
            || matches!(b, b'*' | b'+' | b',' | b';' | b'=' | b':' | b'@' | b'/');
        t[c] = if keep {
            b as u64 | 1 << 61
        } else if b == b'&' {
            u64::from_le_bytes(*b"&amp;\0\0\0") | 5 << 61
        } else {
            u64::from_le_bytes([
                b'%',
                HEX[(b >> 4) as usize],
                HEX[(b & 15) as usize],
                0,
                0,
                0,
                0,
                0,
            ]) | 3 << 61
        };
        c += 1;
    }
    t
};

/// A decoded path, percent-encoded and escaped, at `at`.
#[inline(always)]
fn path(buf: &mut [u8], mut at: usize, s: &[u8]) -> usize {
    // A second `/` at the start is encoded, as the library does: `//x` is another host.
    let mut s = s;
    if let [b'/', b'/', rest @ ..] = s {
        at = put(buf, at, b"/%2F");
        s = rest;
    }
    // 16 bytes at a time into a window that holds the offsets the compiler can bound (a
    // count of at most 7 per byte, from the word's top 3 bits: 15 × 7) and the last 8-byte
    // store: one bounds check per 16 bytes instead of one per byte (1 347 -> 1 283
    // instructions per resource; 8 bytes at a time with the count masked by 7, 1 347; 32,
    // 1 397).
    let mut chunks = s.chunks_exact(16);
    for chunk in &mut chunks {
        let window = &mut buf[at..at + 120];
        let mut o = 0;
        for &b in chunk {
            let e = PATH[usize::from(b)];
            window[o..o + 8].copy_from_slice(&e.to_le_bytes());
            o += (e >> 61) as usize;
        }
        at += o;
    }
    // The last bytes (fewer than 16) into the same window, in groups of 8, 4, 2 and 1 of a
    // known length: no bounds check nor end test per byte.
    let window: &mut [u8; 120] = (&mut buf[at..at + 120]).try_into().unwrap();
    let mut rest = chunks.remainder();
    let mut o = 0;
    o = path_group::<8>(window, &mut rest, o);
    o = path_group::<4>(window, &mut rest, o);
    o = path_group::<2>(window, &mut rest, o);
    o = path_group::<1>(window, &mut rest, o);
    at + o
}

#[inline(always)]
fn path_group<const K: usize>(window: &mut [u8; 120], rest: &mut &[u8], mut o: usize) -> usize {
    if let Some((bytes, tail)) = rest.split_first_chunk::<K>() {
        for &b in bytes {
            let e = PATH[usize::from(b)];
            window[o..o + 8].copy_from_slice(&e.to_le_bytes());
            o += (e >> 61) as usize;
        }
        *rest = tail;
    }
    o
}

// ---- Numbers and dates ----

/// "00" to "99" (and unused entries up to 127, so that `n & 127` needs no bounds check).
static PAIRS: [[u8; 2]; 128] = {
    let mut t = [[0; 2]; 128];
    let mut i = 0;
    while i < 100 {
        t[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
        i += 1;
    }
    t
};

static POW10: [u64; 20] = {
    let mut t = [1u64; 20];
    let mut i = 1;
    while i < 20 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// `n` in decimal at `at`: the digit count from the bit length, then pairs from the end.
#[inline(always)]
fn decimal(buf: &mut [u8], at: usize, mut n: u64) -> usize {
    let bits = 64 - (n | 1).leading_zeros() as usize;
    let guess = (bits * 1233) >> 12;
    // `n | 1`: 0 has one digit (powers of ten from 10 up are even, so nothing else moves).
    let len = guess + usize::from(n | 1 >= POW10[guess]);
    let end = at + len;
    let mut i = end;
    while n >= 100 {
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[(n % 100) as usize & 127]);
        n /= 100;
    }
    if n >= 10 {
        buf[i - 2..i].copy_from_slice(&PAIRS[n as usize & 127]);
    } else {
        buf[i - 1] = b'0' + n as u8;
    }
    end
}

/// `n` in decimal, in `buf` (for the quick-xml variant).
pub fn digits(n: u64, buf: &mut [u8; 24]) -> &[u8] {
    let end = decimal(buf, 0, n);
    &buf[..end]
}

/// A UTC time of day and civil date.
struct Civil {
    year: u32,
    month: u32,
    day: u32,
    secs: u32,
    /// 0 is Thursday (1970-01-01).
    days: u32,
}

/// `t` from 1970 to 9999 in UTC, by Neri and Schneider's Euclidean affine functions.
#[inline(always)]
fn civil(t: SystemTime) -> Civil {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        .min(253_402_300_799);
    let (days, rem) = ((secs / 86_400) as u32, (secs % 86_400) as u32);
    const ERAS: u32 = 82;
    let n = days + 719_468 + 146_097 * ERAS;
    let n1 = 4 * n + 3;
    let century = n1 / 146_097;
    let n2 = u64::from((n1 % 146_097) | 3) * 2_939_745;
    let year_of_century = (n2 >> 32) as u32;
    let day_of_year = (n2 as u32) / 11_758_980;
    let n3 = 2_141 * day_of_year + 197_913;
    let (month, day) = (n3 >> 16, (n3 & 0xFFFF) / 2_141 + 1);
    let january = day_of_year >= 306;
    Civil {
        year: 100 * century + year_of_century + u32::from(january) - 400 * ERAS,
        month: if january { month - 12 } else { month },
        day,
        secs: rem,
        days,
    }
}

/// Two digits of `n`, which is below 100.
#[inline(always)]
fn pair(n: u32) -> [u8; 2] {
    PAIRS[n as usize & 127]
}

/// `HH:MM:SS` into `b[0..8]`.
#[inline(always)]
fn clock(b: &mut [u8], secs: u32) {
    let (h, m, s) = (secs / 3_600, secs / 60 % 60, secs % 60);
    b[0..2].copy_from_slice(&pair(h));
    b[3..5].copy_from_slice(&pair(m));
    b[6..8].copy_from_slice(&pair(s));
}

/// RFC 1123, `Mon, 12 Jan 1998 09:25:56 GMT` (the quick-xml variant uses it too).
#[inline(always)]
pub fn http_date(t: SystemTime) -> [u8; 29] {
    const DAYS: [[u8; 3]; 7] = [
        *b"Thu", *b"Fri", *b"Sat", *b"Sun", *b"Mon", *b"Tue", *b"Wed",
    ];
    const MONTHS: [[u8; 3]; 12] = [
        *b"Jan", *b"Feb", *b"Mar", *b"Apr", *b"May", *b"Jun", *b"Jul", *b"Aug", *b"Sep", *b"Oct",
        *b"Nov", *b"Dec",
    ];
    let c = civil(t);
    let mut b = *b"Thu, 01 Jan 1970 00:00:00 GMT";
    b[..3].copy_from_slice(&DAYS[(c.days % 7) as usize]);
    b[5..7].copy_from_slice(&pair(c.day));
    b[8..11].copy_from_slice(&MONTHS[(c.month as usize).wrapping_sub(1) % 12]);
    b[12..14].copy_from_slice(&pair(c.year / 100));
    b[14..16].copy_from_slice(&pair(c.year % 100));
    clock(&mut b[17..25], c.secs);
    b
}

/// RFC 3339 in UTC, whole seconds, `1998-01-12T09:25:56Z` (the quick-xml variant uses it
/// too).
#[inline(always)]
pub fn rfc3339(t: SystemTime) -> [u8; 20] {
    let c = civil(t);
    let mut b = *b"1970-01-01T00:00:00Z";
    b[0..2].copy_from_slice(&pair(c.year / 100));
    b[2..4].copy_from_slice(&pair(c.year % 100));
    b[5..7].copy_from_slice(&pair(c.month));
    b[8..10].copy_from_slice(&pair(c.day));
    clock(&mut b[11..19], c.secs);
    b
}
