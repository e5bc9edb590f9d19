//! Dates as WebDAV writes them: `SystemTime`, and the date types of the `time`, `chrono` and
//! `jiff` crates (each behind the feature of the same name).
//!
//! A bare date-time is written as an RFC 1123 date in GMT (`Mon, 12 Jan 1998 09:25:56 GMT`),
//! as `DAV:getlastmodified` requires (RFC 4918 §15.7); wrapped in
//! [`Rfc3339`] it is written as RFC 3339 (`1997-12-01T17:42:21-08:00`), as
//! `DAV:creationdate` requires (RFC 4918 §15.1), keeping the value's own UTC offset.
//!
//! Every type goes through one formatter here rather than each crate's own: the three crates'
//! formatters disagree at the edges (chrono's `%Y` writes `+10000`, jiff's RFC 9110 printer and
//! time's format descriptions each need their own setup and features), while WebDAV wants one
//! output whatever the crate. The crates still do the calendar work: converting to UTC, the
//! civil fields and the weekday. Writing allocates nothing.
//!
//! The formatter fills a fixed byte array and copies it without escaping (dates are ASCII
//! digits and letters). It replaced `httpdate` and `humantime` for `SystemTime`: in the
//! PROPFIND benchmark (`benches/propfind.rs`) their `Display` path through `core::fmt` and the
//! escaper cost 1 802 instructions per resource for the two dates, against 534 for a
//! hand-written formatter.

use std::fmt;

use crate::Error;
use crate::prop::{Plain, PropertyValue};
use crate::values::Rfc3339;
use crate::write::Sink;

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A date and time of day in whole seconds (fractions are dropped, as in the RFCs' examples),
/// with the UTC offset it is in, as read from a date-time type.
#[derive(Clone, Copy, Debug)]
struct Civil {
    year: i32,
    /// 1 to 12.
    month: u8,
    day: u8,
    /// 0 (Monday) to 6 (Sunday).
    weekday: u8,
    hour: u8,
    minute: u8,
    second: u8,
    /// Local time minus UTC, in seconds.
    offset: i32,
}

/// What the date-time types provide: their date in UTC, and in their own offset.
trait DateTime {
    /// The date in UTC; `None` when it is outside the type's range (a local date at the very
    /// end of it, pushed over by the offset).
    fn utc(&self) -> Option<Civil>;

    /// The date in the value's own offset.
    fn local(&self) -> Civil;
}

/// RFC 3339 (`1997-12-01T17:42:21-08:00`) when the year is 0 to 9999 and the offset whole
/// minutes, which the writers check first; beyond that, for error messages, a wider form
/// (`-0001-…`, `12345-…`, `+00:17:30`).
impl fmt::Display for Civil {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.year < 0 {
            write!(f, "{:05}", self.year)?;
        } else {
            write!(f, "{:04}", self.year)?;
        }
        write!(
            f,
            "-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.month, self.day, self.hour, self.minute, self.second
        )?;
        if self.offset == 0 {
            return f.write_str("Z");
        }
        let sign = if self.offset < 0 { '-' } else { '+' };
        let secs = self.offset.unsigned_abs();
        write!(f, "{sign}{:02}:{:02}", secs / 3600, secs / 60 % 60)?;
        if !secs.is_multiple_of(60) {
            write!(f, ":{:02}", secs % 60)?;
        }
        Ok(())
    }
}

/// Seconds from 1970 to 10000-01-01T00:00:00Z: the `SystemTime`s [`civil_from_days`] handles.
const FAST_SECS: u64 = 253_402_300_800;

/// Days since 1970-01-01 (0 to 2 932 896, i.e. up to 9999-12-31) to the proleptic Gregorian
/// `(year, month, day)`, by the Euclidean affine functions of C. Neri and L. Schneider
/// ("Euclidean affine functions and their application to calendar algorithms", Software:
/// Practice and Experience 53(4), 2023): multiplications and shifts in 32-bit arithmetic, no
/// division instruction and no signed fix-ups. In the PROPFIND benchmark the conversion took
/// 22 ns per date through H. Hinnant's algorithm on `i64` (still used below for dates out of
/// this range, and before 1970); with this one and the digit-pair table, a resource's two dates
/// take about 50 ns, formatting included. `utc_matches_the_general_algorithm` checks the two
/// algorithms agree on every day of years 1970 to 9999.
#[inline]
fn civil_from_days(days: u32) -> (u32, u32, u32) {
    // Shifting the count by 82 eras keeps every intermediate value unsigned.
    const ERAS: u32 = 82;
    const SHIFT: u32 = 719_468 + 146_097 * ERAS;
    let n = days + SHIFT;
    // The century, and the day within it.
    let n1 = 4 * n + 3;
    let century = n1 / 146_097;
    let day_of_century = n1 % 146_097 / 4;
    // The year within the century, and the day within that year (counted from March 1).
    let n2 = u64::from(4 * day_of_century + 3) * 2_939_745;
    let year_of_century = (n2 >> 32) as u32;
    let day_of_year = (n2 as u32) / 2_939_745 / 4;
    // The month (March is 3) and day, from the day of the year.
    let n3 = 2_141 * day_of_year + 197_913;
    let (month, day) = (n3 >> 16, (n3 & 0xFFFF) / 2_141 + 1);
    // January and February belong to the next civil year.
    let january = day_of_year >= 306;
    let year = 100 * century + year_of_century + u32::from(january) - 400 * ERAS;
    (year, if january { month - 12 } else { month }, day)
}

/// `SystemTime` in UTC. From 1970 to 9999, [`civil_from_days`]; otherwise (dates before 1970,
/// and those out of range reported in errors) the days-to-civil algorithm of H. Hinnant
/// (proleptic Gregorian, exact for every `i64` day count the range check lets through).
impl DateTime for std::time::SystemTime {
    fn utc(&self) -> Option<Civil> {
        utc_fast(self).or_else(|| utc_general(self))
    }

    fn local(&self) -> Civil {
        // UTC is a `SystemTime`'s own offset. Out of `i32` years, a stand-in for the error
        // message: the far past or future.
        self.utc().unwrap_or(Civil {
            year: if self < &std::time::UNIX_EPOCH {
                i32::MIN
            } else {
                i32::MAX
            },
            month: 1,
            day: 1,
            weekday: 0,
            hour: 0,
            minute: 0,
            second: 0,
            offset: 0,
        })
    }
}

/// `t` in UTC if it is from 1970 to 9999, through [`civil_from_days`].
#[inline]
fn utc_fast(t: &std::time::SystemTime) -> Option<Civil> {
    if let Ok(d) = t.duration_since(std::time::UNIX_EPOCH)
        && d.as_secs() < FAST_SECS
    {
        let secs = d.as_secs();
        // Below 2 932 897 days and 86 400 seconds: both fit in u32.
        let (days, rem) = ((secs / 86_400) as u32, (secs % 86_400) as u32);
        let (year, month, day) = civil_from_days(days);
        Some(Civil {
            year: year as i32,
            month: month as u8,
            day: day as u8,
            // 1970-01-01 was a Thursday (3 when Monday is 0).
            weekday: ((days + 3) % 7) as u8,
            hour: (rem / 3600) as u8,
            minute: (rem / 60 % 60) as u8,
            second: (rem % 60) as u8,
            offset: 0,
        })
    } else {
        None
    }
}

/// `t` in UTC by H. Hinnant's days-to-civil algorithm, for every date `i64` seconds hold.
fn utc_general(t: &std::time::SystemTime) -> Option<Civil> {
    let secs = match t.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).ok()?,
        Err(e) => {
            // Whole seconds, rounded down: 0.5 s before the epoch is 23:59:59.
            let d = e.duration();
            let whole = i64::try_from(d.as_secs()).ok()?;
            -whole - i64::from(d.subsec_nanos() > 0)
        }
    };
    let days = secs.div_euclid(86_400);
    // 0 to 86 399: the time of day fits in u32 arithmetic.
    let rem = u32::try_from(secs.rem_euclid(86_400)).ok()?;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    // 0 to 146 096: the rest of the computation fits in u32 too.
    let doe = u32::try_from(z.rem_euclid(146_097)).ok()?;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = i64::from(yoe) + era * 400 + i64::from(month <= 2);
    let byte = |v: u32| u8::try_from(v).unwrap_or(0);
    Some(Civil {
        year: i32::try_from(year).ok()?,
        month: byte(month),
        day: byte(day),
        // 1970-01-01 was a Thursday (3 when Monday is 0).
        weekday: u8::try_from((days + 3).rem_euclid(7)).ok()?,
        hour: byte(rem / 3600),
        minute: byte(rem / 60 % 60),
        second: byte(rem % 60),
        offset: 0,
    })
}

/// "00" to "99".
const PAIRS: [[u8; 2]; 100] = {
    let mut t = [[0; 2]; 100];
    let mut i = 0;
    while i < 100 {
        t[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
        i += 1;
    }
    t
};

/// Two ASCII digits of `n` (0 to 99; the last two digits of larger numbers).
#[inline]
fn two(n: u8) -> [u8; 2] {
    PAIRS[usize::from(n % 100)]
}

/// Four ASCII digits of `n` (0 to 9999).
#[inline]
fn four(n: i32) -> [u8; 4] {
    let n = n.clamp(0, 9999).unsigned_abs() as usize;
    let ([a, b], [c, d]) = (PAIRS[n / 100 % 100], PAIRS[n % 100]);
    [a, b, c, d]
}

/// `what` names the format and the year it needs: "an RFC 1123 date: its year in UTC".
fn out_of_range(date: Civil, what: &str) -> Error {
    Error::Value(format!("cannot write {date} as {what} must be 0 to 9999"))
}

/// `utc` as an RFC 1123 date; `None` when its year is not 0 to 9999 (or a date-time crate
/// reported an impossible weekday or month).
#[inline]
fn rfc1123_bytes(utc: &Civil) -> Option<[u8; 29]> {
    if !(0..=9999).contains(&utc.year) {
        return None;
    }
    let weekday = WEEKDAYS.get(usize::from(utc.weekday))?;
    let month = MONTHS.get(usize::from(utc.month).wrapping_sub(1))?;
    let mut b = *b"Mon, 01 Jan 1970 00:00:00 GMT";
    b[..3].copy_from_slice(weekday.as_bytes());
    b[5..7].copy_from_slice(&two(utc.day));
    b[8..11].copy_from_slice(month.as_bytes());
    b[12..16].copy_from_slice(&four(utc.year));
    b[17..19].copy_from_slice(&two(utc.hour));
    b[20..22].copy_from_slice(&two(utc.minute));
    b[23..25].copy_from_slice(&two(utc.second));
    Some(b)
}

/// `c` as an RFC 3339 date-time in its offset, and how many of the bytes are used (20 with
/// `Z`, 25 with an offset); `None` when its year is not 0 to 9999.
#[inline]
fn rfc3339_bytes(c: &Civil) -> Option<([u8; 25], usize)> {
    if !(0..=9999).contains(&c.year) {
        return None;
    }
    let mut b = *b"1970-01-01T00:00:00+00:00";
    b[..4].copy_from_slice(&four(c.year));
    b[5..7].copy_from_slice(&two(c.month));
    b[8..10].copy_from_slice(&two(c.day));
    b[11..13].copy_from_slice(&two(c.hour));
    b[14..16].copy_from_slice(&two(c.minute));
    b[17..19].copy_from_slice(&two(c.second));
    if c.offset == 0 {
        b[19] = b'Z';
        return Some((b, 20));
    }
    let secs = c.offset.unsigned_abs();
    b[19] = if c.offset < 0 { b'-' } else { b'+' };
    let hours = u8::try_from(secs / 3600).unwrap_or(99);
    let minutes = u8::try_from(secs / 60 % 60).unwrap_or(0);
    b[20..22].copy_from_slice(&two(hours));
    b[23..25].copy_from_slice(&two(minutes));
    Some((b, 25))
}

/// Writes `value` as an RFC 1123 date in GMT.
fn write_rfc1123(value: &impl DateTime, sink: &mut Sink) -> Result<(), Error> {
    let Some(utc) = value.utc().filter(|utc| (0..=9999).contains(&utc.year)) else {
        return Err(out_of_range(
            value.local(),
            "an RFC 1123 date: its year in UTC",
        ));
    };
    let b = rfc1123_bytes(&utc).ok_or_else(|| {
        Error::Value(format!(
            "a date-time type reported an invalid date: {utc:?}"
        ))
    })?;
    sink.ascii(&b);
    Ok(())
}

/// Writes `value` as an RFC 3339 date-time in its own offset. RFC 3339 offsets are whole
/// minutes: a value in an offset with seconds (a historical local mean time) is written in UTC.
fn write_rfc3339(value: &impl DateTime, sink: &mut Sink) -> Result<(), Error> {
    let local = value.local();
    let civil = if local.offset % 60 == 0 {
        Some(local)
    } else {
        value.utc()
    };
    match civil.as_ref().and_then(rfc3339_bytes) {
        Some((b, len)) => {
            sink.ascii_prefix(&b, len);
            Ok(())
        }
        None => Err(out_of_range(local, "an RFC 3339 date-time: its year")),
    }
}

/// A `SystemTime` from 1970 to 9999, as the fast formatters below take it: seconds since 1970.
#[inline(always)]
fn fast_secs(t: &std::time::SystemTime) -> Option<u64> {
    match t.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) if d.as_secs() < FAST_SECS => Some(d.as_secs()),
        _ => None,
    }
}

/// "00" to "99" as little-endian `u16`s, and unused entries up to 127, so that `n & 127`
/// needs no bounds check.
static PAIRS_16: [u16; 128] = {
    let mut t = [0; 128];
    let mut i = 0;
    while i < 100 {
        t[i] = u16::from_le_bytes(PAIRS[i]);
        i += 1;
    }
    t
};

/// Two digits of `n` (below 100) as bits 0 to 15 of a word, shifted left by `at` bytes.
#[inline(always)]
fn pair(n: u32, at: u32) -> u64 {
    u64::from(PAIRS_16[n as usize & 127]) << (8 * at)
}

/// Little-endian words of text, with the bytes of `text` where the first word has byte 0.
const fn words<const N: usize>(text: &[u8]) -> [u64; N] {
    let mut w = [0u64; N];
    let mut i = 0;
    while i < text.len() {
        w[i / 8] |= (text[i] as u64) << (8 * (i % 8));
        i += 1;
    }
    w
}

/// The words as bytes, for one fixed-size copy.
#[inline(always)]
fn bytes<const N: usize>(words: [u64; N]) -> [u8; 32] {
    let mut b = [0; 32];
    for (i, w) in words.iter().enumerate() {
        if let Some(chunk) = b.get_mut(8 * i..8 * i + 8) {
            chunk.copy_from_slice(&w.to_le_bytes());
        }
    }
    b
}

/// The day count, the civil date and the seconds into the day of `secs` since 1970 (below
/// [`FAST_SECS`]).
#[inline(always)]
fn split(secs: u64) -> (u32, (u32, u32, u32), u32) {
    // Below 2 932 897 days and 86 400 seconds: both fit in u32.
    let (days, rem) = ((secs / 86_400) as u32, (secs % 86_400) as u32);
    (days, civil_from_days(days), rem)
}

/// `secs` since 1970 (below [`FAST_SECS`]) as an RFC 1123 date in four words (29 bytes),
/// each a template with names and digit pairs from tables OR-ed in: no broken-down
/// [`Civil`], no checks and no byte-by-byte stores as in the general path. In the PROPFIND
/// benchmark the two dates of a resource went from 386 instructions to about 345 this way
/// (`SystemTime::duration_since`, 56 each, included), and to about 280 inlined.
#[inline(always)]
fn rfc1123_fast(secs: u64) -> [u64; 4] {
    // `Www, ` by days since 1970 modulo 7: 1970-01-01 was a Thursday.
    const DAYS: [u32; 7] = [
        u32::from_le_bytes(*b"Thu,"),
        u32::from_le_bytes(*b"Fri,"),
        u32::from_le_bytes(*b"Sat,"),
        u32::from_le_bytes(*b"Sun,"),
        u32::from_le_bytes(*b"Mon,"),
        u32::from_le_bytes(*b"Tue,"),
        u32::from_le_bytes(*b"Wed,"),
    ];
    // `Mmm ` by month (1 to 12; the rest never used).
    const MONTHS_4: [u32; 16] = {
        let names = *b"JanJanFebMarAprMayJunJulAugSepOctNovDecDecDecDec";
        let mut t = [0; 16];
        let mut i = 0;
        while i < 16 {
            t[i] = u32::from_le_bytes([names[3 * i], names[3 * i + 1], names[3 * i + 2], b' ']);
            i += 1;
        }
        t
    };
    // Zeros where the fields are OR-ed in.
    const T: [u64; 4] = words(b"\0\0\0\0 \0\0 \0\0\0\0\0\0\0\0 \0\0:\0\0:\0\0 GMT");
    let (days, (year, month, day), rem) = split(secs);
    let (h, m, s) = (rem / 3_600, rem / 60 % 60, rem % 60);
    [
        T[0] | u64::from(DAYS[(days % 7) as usize]) | pair(day, 5),
        u64::from(MONTHS_4[month as usize & 15]) | pair(year / 100, 4) | pair(year % 100, 6),
        // The seconds straddle two words: the tens digit is the top byte of this one.
        T[2] | pair(h, 1) | pair(m, 4) | pair(s, 7),
        T[3] | pair(s, 0) >> 8,
    ]
}

/// `secs` since 1970 (below [`FAST_SECS`]) as RFC 3339 in UTC in three words (20 bytes), as
/// [`rfc1123_fast`].
#[inline(always)]
fn rfc3339_fast(secs: u64) -> [u64; 3] {
    const T: [u64; 3] = words(b"\0\0\0\0-\0\0-\0\0T\0\0:\0\0:\0\0Z");
    let (_, (year, month, day), rem) = split(secs);
    let (h, m, s) = (rem / 3_600, rem / 60 % 60, rem % 60);
    [
        T[0] | pair(year / 100, 0) | pair(year % 100, 2) | pair(month, 5),
        T[1] | pair(day, 0) | pair(h, 3) | pair(m, 6),
        T[2] | pair(s, 1),
    ]
}

/// RFC 1123, as `DAV:getlastmodified` requires (RFC 4918 §15.7).
impl PropertyValue for std::time::SystemTime {
    #[inline]
    fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
        // Dates from 1970 to 9999 formatted inline; the rest (and errors) out of line.
        match fast_secs(self) {
            Some(secs) => {
                sink.ascii_prefix(&bytes(rfc1123_fast(secs)), 29);
                Ok(())
            }
            None => write_rfc1123(self, sink),
        }
    }

    // Inlined into the pre-rendered PROPFIND path: 25 instructions fewer per date (a call).
    #[inline(always)]
    fn write_plain(&self, sink: &mut Sink) -> Plain {
        match fast_secs(self) {
            Some(secs) => {
                sink.ascii_prefix(&bytes(rfc1123_fast(secs)), 29);
                Plain::Written
            }
            None => Plain::NotPlain,
        }
    }
}

impl PropertyValue for Rfc3339<std::time::SystemTime> {
    #[inline]
    fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
        match fast_secs(&self.0) {
            Some(secs) => {
                sink.ascii_prefix(&bytes(rfc3339_fast(secs)), 20);
                Ok(())
            }
            None => write_rfc3339(&self.0, sink),
        }
    }

    #[inline(always)]
    fn write_plain(&self, sink: &mut Sink) -> Plain {
        match fast_secs(&self.0) {
            Some(secs) => {
                sink.ascii_prefix(&bytes(rfc3339_fast(secs)), 20);
                Plain::Written
            }
            None => Plain::NotPlain,
        }
    }
}

/// `PropertyValue` for a date-time type and for [`Rfc3339`] of it (chrono's generic `DateTime`
/// is written out by hand).
#[cfg(any(feature = "time", feature = "jiff"))]
macro_rules! date_value {
    ($(#[$bare:meta])* $t:ty, $(#[$wrapped:meta])*) => {
        $(#[$bare])*
        impl PropertyValue for $t {
            fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
                write_rfc1123(self, sink)
            }
        }

        $(#[$wrapped])*
        impl PropertyValue for Rfc3339<$t> {
            fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
                write_rfc3339(&self.0, sink)
            }
        }
    };
}

#[cfg(feature = "time")]
mod time_impls {
    use super::{
        Civil, DateTime, Error, PropertyValue, Rfc3339, Sink, write_rfc1123, write_rfc3339,
    };
    use time::{OffsetDateTime, UtcDateTime};

    /// The civil fields of a `time` date-time: both types have the same accessors.
    macro_rules! civil {
        ($t:expr, ($hour:expr, $minute:expr, $second:expr), $offset:expr) => {
            Civil {
                year: $t.year(),
                month: $t.month().into(),
                day: $t.day(),
                weekday: $t.weekday().number_days_from_monday(),
                hour: $hour,
                minute: $minute,
                second: $second,
                offset: $offset,
            }
        };
    }

    impl DateTime for OffsetDateTime {
        fn utc(&self) -> Option<Civil> {
            self.checked_to_utc().as_ref().map(DateTime::local)
        }

        fn local(&self) -> Civil {
            let (h, m, s) = self.to_hms();
            civil!(self, (h, m, s), self.offset().whole_seconds())
        }
    }

    impl DateTime for UtcDateTime {
        fn utc(&self) -> Option<Civil> {
            Some(self.local())
        }

        fn local(&self) -> Civil {
            let (h, m, s) = self.as_hms();
            civil!(self, (h, m, s), 0)
        }
    }

    date_value!(
        /// An RFC 1123 date in GMT (`Mon, 12 Jan 1998 09:25:56 GMT`), as `DAV:getlastmodified`
        /// requires; wrap it in [`Rfc3339`] for `DAV:creationdate`. Fractions of a second are
        /// dropped; a date whose year in UTC is not 0 to 9999 is an [`Error::Value`].
        ///
        /// ```
        /// # #[cfg(feature = "time")] {
        /// use multistatus_core::{Namespaces, Sink, values::Rfc3339, name::{Tag, DAV}};
        /// use time::{Date, Month, OffsetDateTime, Time, UtcOffset};
        /// const GETLASTMODIFIED: Tag = Tag::new(DAV, "getlastmodified");
        /// const CREATIONDATE: Tag = Tag::new(DAV, "creationdate");
        /// let date = Date::from_calendar_date(1997, Month::December, 1).unwrap();
        /// let time = Time::from_hms(17, 42, 21).unwrap();
        /// let offset = UtcOffset::from_hms(-8, 0, 0).unwrap();
        /// let t = OffsetDateTime::new_in_offset(date, time, offset);
        /// let mut sink = Sink::new(Namespaces::new());
        /// sink.property(&GETLASTMODIFIED, &t).unwrap();
        /// sink.property(&CREATIONDATE, &Rfc3339(t)).unwrap();
        /// assert_eq!(sink.as_str(), concat!(
        ///     "<D:getlastmodified>Tue, 02 Dec 1997 01:42:21 GMT</D:getlastmodified>",
        ///     "<D:creationdate>1997-12-01T17:42:21-08:00</D:creationdate>",
        /// ));
        /// # }
        /// ```
        OffsetDateTime,
        /// An RFC 3339 date-time in the value's own UTC offset (`1997-12-01T17:42:21-08:00`;
        /// `Z` for UTC), as `DAV:creationdate` requires. Fractions of a second are dropped; an
        /// offset with seconds, which RFC 3339 cannot write, is replaced by UTC.
    );

    date_value!(
        /// An RFC 1123 date (`Mon, 12 Jan 1998 09:25:56 GMT`), as `DAV:getlastmodified`
        /// requires; wrap it in [`Rfc3339`] for `DAV:creationdate`.
        ///
        /// ```
        /// # #[cfg(feature = "time")] {
        /// use multistatus_core::{Namespaces, Sink, values::Rfc3339, name::{Tag, DAV}};
        /// use time::UtcDateTime;
        /// const GETLASTMODIFIED: Tag = Tag::new(DAV, "getlastmodified");
        /// const CREATIONDATE: Tag = Tag::new(DAV, "creationdate");
        /// let t = UtcDateTime::from_unix_timestamp(884_597_156).unwrap();
        /// let mut sink = Sink::new(Namespaces::new());
        /// sink.property(&GETLASTMODIFIED, &t).unwrap();
        /// sink.property(&CREATIONDATE, &Rfc3339(t)).unwrap();
        /// assert_eq!(sink.as_str(), concat!(
        ///     "<D:getlastmodified>Mon, 12 Jan 1998 09:25:56 GMT</D:getlastmodified>",
        ///     "<D:creationdate>1998-01-12T09:25:56Z</D:creationdate>",
        /// ));
        /// # }
        /// ```
        UtcDateTime,
        /// An RFC 3339 date-time in UTC (`1998-01-12T09:25:56Z`), as `DAV:creationdate`
        /// requires.
    );
}

#[cfg(feature = "chrono")]
mod chrono_impls {
    use super::{
        Civil, DateTime, Error, PropertyValue, Rfc3339, Sink, write_rfc1123, write_rfc3339,
    };
    use chrono::{Datelike, NaiveDateTime, Offset, TimeZone, Timelike};

    fn civil(t: &NaiveDateTime, offset: i32) -> Civil {
        // chrono's fields are in range by construction: the conversions cannot truncate.
        let narrow = |n: u32| u8::try_from(n).unwrap_or(u8::MAX);
        Civil {
            year: t.year(),
            month: narrow(t.month()),
            day: narrow(t.day()),
            weekday: narrow(t.weekday().num_days_from_monday()),
            hour: narrow(t.hour()),
            minute: narrow(t.minute()),
            second: narrow(t.second()),
            offset,
        }
    }

    impl<Tz: TimeZone> DateTime for chrono::DateTime<Tz> {
        fn utc(&self) -> Option<Civil> {
            Some(civil(&self.naive_utc(), 0))
        }

        fn local(&self) -> Civil {
            civil(&self.naive_local(), self.offset().fix().local_minus_utc())
        }
    }

    /// An RFC 1123 date in GMT (`Mon, 12 Jan 1998 09:25:56 GMT`), as `DAV:getlastmodified`
    /// requires, whatever the time zone; wrap it in [`Rfc3339`] for `DAV:creationdate`.
    /// Fractions of a second are dropped; a date whose year in UTC is not 0 to 9999 is an
    /// [`Error::Value`].
    ///
    /// ```
    /// # #[cfg(feature = "chrono")] {
    /// use chrono::{FixedOffset, TimeZone, Utc};
    /// use multistatus_core::{Namespaces, Sink, values::Rfc3339, name::{Tag, DAV}};
    /// const GETLASTMODIFIED: Tag = Tag::new(DAV, "getlastmodified");
    /// const CREATIONDATE: Tag = Tag::new(DAV, "creationdate");
    /// let pst = FixedOffset::west_opt(8 * 3600).unwrap();
    /// let t = pst.with_ymd_and_hms(1997, 12, 1, 17, 42, 21).unwrap();
    /// let mut sink = Sink::new(Namespaces::new());
    /// sink.property(&GETLASTMODIFIED, &t).unwrap();
    /// sink.property(&CREATIONDATE, &Rfc3339(t)).unwrap();
    /// sink.property(&CREATIONDATE, &Rfc3339(t.with_timezone(&Utc))).unwrap();
    /// assert_eq!(sink.as_str(), concat!(
    ///     "<D:getlastmodified>Tue, 02 Dec 1997 01:42:21 GMT</D:getlastmodified>",
    ///     "<D:creationdate>1997-12-01T17:42:21-08:00</D:creationdate>",
    ///     "<D:creationdate>1997-12-02T01:42:21Z</D:creationdate>",
    /// ));
    /// # }
    /// ```
    impl<Tz: TimeZone> PropertyValue for chrono::DateTime<Tz> {
        fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
            write_rfc1123(self, sink)
        }
    }

    /// An RFC 3339 date-time in the value's own UTC offset (`1997-12-01T17:42:21-08:00`; `Z`
    /// for UTC), as `DAV:creationdate` requires. Fractions of a second are dropped; an offset
    /// with seconds, which RFC 3339 cannot write, is replaced by UTC.
    impl<Tz: TimeZone> PropertyValue for Rfc3339<chrono::DateTime<Tz>> {
        fn write_value(&self, sink: &mut Sink) -> Result<(), Error> {
            write_rfc3339(&self.0, sink)
        }
    }
}

#[cfg(feature = "jiff")]
mod jiff_impls {
    use super::{
        Civil, DateTime, Error, PropertyValue, Rfc3339, Sink, write_rfc1123, write_rfc3339,
    };
    use jiff::tz::Offset;
    use jiff::{Timestamp, ZonedDateTime, civil};

    fn civil(t: civil::DateTime, offset: Offset) -> Civil {
        // jiff's fields are in range by construction: the conversions cannot truncate.
        let narrow = |n: i8| u8::try_from(n).unwrap_or(u8::MAX);
        Civil {
            year: t.year().into(),
            month: narrow(t.month()),
            day: narrow(t.day()),
            weekday: narrow(t.weekday().to_monday_zero_offset()),
            hour: narrow(t.hour()),
            minute: narrow(t.minute()),
            second: narrow(t.second()),
            offset: offset.seconds(),
        }
    }

    impl DateTime for Timestamp {
        fn utc(&self) -> Option<Civil> {
            Some(self.local())
        }

        fn local(&self) -> Civil {
            civil(Offset::UTC.to_datetime(*self), Offset::UTC)
        }
    }

    impl DateTime for ZonedDateTime {
        fn utc(&self) -> Option<Civil> {
            Some(self.timestamp().local())
        }

        fn local(&self) -> Civil {
            civil(self.datetime(), self.offset())
        }
    }

    date_value!(
        /// An RFC 1123 date (`Mon, 12 Jan 1998 09:25:56 GMT`), as `DAV:getlastmodified`
        /// requires; wrap it in [`Rfc3339`] for `DAV:creationdate`. Fractions of a second are
        /// dropped; a date before year 0 is an [`Error::Value`].
        ///
        /// ```
        /// # #[cfg(feature = "jiff")] {
        /// use jiff::Timestamp;
        /// use multistatus_core::{Namespaces, Sink, values::Rfc3339, name::{Tag, DAV}};
        /// const GETLASTMODIFIED: Tag = Tag::new(DAV, "getlastmodified");
        /// const CREATIONDATE: Tag = Tag::new(DAV, "creationdate");
        /// let t = Timestamp::from_second(884_597_156).unwrap();
        /// let mut sink = Sink::new(Namespaces::new());
        /// sink.property(&GETLASTMODIFIED, &t).unwrap();
        /// sink.property(&CREATIONDATE, &Rfc3339(t)).unwrap();
        /// assert_eq!(sink.as_str(), concat!(
        ///     "<D:getlastmodified>Mon, 12 Jan 1998 09:25:56 GMT</D:getlastmodified>",
        ///     "<D:creationdate>1998-01-12T09:25:56Z</D:creationdate>",
        /// ));
        /// # }
        /// ```
        Timestamp,
        /// An RFC 3339 date-time in UTC (`1998-01-12T09:25:56Z`), as `DAV:creationdate`
        /// requires.
    );

    date_value!(
        /// An RFC 1123 date in GMT (`Mon, 12 Jan 1998 09:25:56 GMT`), as `DAV:getlastmodified`
        /// requires, whatever the time zone; wrap it in [`Rfc3339`] for `DAV:creationdate`.
        /// Fractions of a second are dropped; a date whose year in UTC is not 0 to 9999 is an
        /// [`Error::Value`].
        ///
        /// ```
        /// # #[cfg(feature = "jiff")] {
        /// use jiff::{ZonedDateTime, civil::date, tz::{Offset, TimeZone}};
        /// use multistatus_core::{Namespaces, Sink, values::Rfc3339, name::{Tag, DAV}};
        /// const GETLASTMODIFIED: Tag = Tag::new(DAV, "getlastmodified");
        /// const CREATIONDATE: Tag = Tag::new(DAV, "creationdate");
        /// let pst = TimeZone::fixed(Offset::constant(-8));
        /// let t = date(1997, 12, 1).at(17, 42, 21, 0).to_zoned_datetime(pst).unwrap();
        /// let mut sink = Sink::new(Namespaces::new());
        /// sink.property(&GETLASTMODIFIED, &t).unwrap();
        /// sink.property(&CREATIONDATE, &Rfc3339(t)).unwrap();
        /// assert_eq!(sink.as_str(), concat!(
        ///     "<D:getlastmodified>Tue, 02 Dec 1997 01:42:21 GMT</D:getlastmodified>",
        ///     "<D:creationdate>1997-12-01T17:42:21-08:00</D:creationdate>",
        /// ));
        /// # }
        /// ```
        ZonedDateTime,
        /// An RFC 3339 date-time in the value's own UTC offset (`1997-12-01T17:42:21-08:00`;
        /// `Z` for UTC), as `DAV:creationdate` requires. Fractions of a second are dropped; an
        /// offset with seconds, which RFC 3339 cannot write, is replaced by UTC.
    );
}

#[cfg(test)]
mod civil_tests {
    use super::{Civil, DateTime, FAST_SECS, utc_general};
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    fn fields(c: Civil) -> (i32, u8, u8, u8, u8, u8, u8, i32) {
        let Civil {
            year,
            month,
            day,
            weekday,
            hour,
            minute,
            second,
            offset,
        } = c;
        (year, month, day, weekday, hour, minute, second, offset)
    }

    /// The fast conversion and H. Hinnant's agree on every day it handles, at a time of day
    /// that walks through every hour, minute and second.
    #[test]
    fn utc_matches_the_general_algorithm() {
        let last_day = (FAST_SECS - 1) / 86_400;
        for day in 0..=last_day {
            let t = UNIX_EPOCH + Duration::from_secs(day * 86_400 + day * 7_919 % 86_400);
            assert_eq!(
                t.utc().map(fields),
                utc_general(&t).map(fields),
                "day {day}"
            );
        }
    }

    /// The fast formatters of `SystemTime` write what the general path writes for the same
    /// date, on every day they handle, at a time of day that walks through every hour,
    /// minute and second, and at the ends of the range.
    #[test]
    fn fast_formats_match_the_general_path() {
        let last_day = (FAST_SECS - 1) / 86_400;
        let secs = (0..=last_day)
            .map(|day| day * 86_400 + day * 7_919 % 86_400)
            .chain([0, 59, 86_399, FAST_SECS - 1]);
        for secs in secs {
            let general = utc_general(&(UNIX_EPOCH + Duration::from_secs(secs)));
            let Some(general) = general else {
                panic!("no civil date for {secs}")
            };
            let rfc1123 = super::bytes(super::rfc1123_fast(secs));
            assert_eq!(
                rfc1123.get(..29),
                super::rfc1123_bytes(&general).as_ref().map(|b| &b[..]),
                "{secs}"
            );
            let rfc3339 = super::bytes(super::rfc3339_fast(secs));
            let expected = super::rfc3339_bytes(&general);
            assert_eq!(
                Some(&rfc3339[..20]),
                expected.as_ref().map(|(b, len)| &b[..*len]),
                "{secs}"
            );
        }
    }

    #[test]
    fn range_edges() {
        let last = UNIX_EPOCH + Duration::from_secs(FAST_SECS - 1);
        assert_eq!(
            last.utc().map(fields),
            Some((9999, 12, 31, 4, 23, 59, 59, 0))
        );
        let after = UNIX_EPOCH + Duration::from_secs(FAST_SECS);
        assert_eq!(after.utc().map(fields), Some((10000, 1, 1, 5, 0, 0, 0, 0)));
        let epoch: SystemTime = UNIX_EPOCH;
        assert_eq!(epoch.utc().map(fields), Some((1970, 1, 1, 3, 0, 0, 0, 0)));
        let before = UNIX_EPOCH - Duration::from_millis(500);
        assert_eq!(
            before.utc().map(fields),
            Some((1969, 12, 31, 2, 23, 59, 59, 0))
        );
    }
}

#[cfg(all(test, any(feature = "time", feature = "chrono", feature = "jiff")))]
mod tests {
    use super::*;
    use crate::name::{DAV, Tag};
    use crate::write::Namespaces;

    const P: Tag = Tag::new(DAV, "p");

    /// The property's content, or the error's message.
    fn write<V: PropertyValue + ?Sized>(v: &V) -> String {
        let mut sink = Sink::new(Namespaces::new());
        match sink.property(&P, v) {
            Ok(()) => sink
                .as_str()
                .trim_start_matches("<D:p>")
                .trim_end_matches("</D:p>")
                .to_owned(),
            Err(Error::Value(msg)) => msg,
            Err(e) => format!("unexpected error: {e}"),
        }
    }

    /// The value written as itself (an RFC 1123 date), if the crate could build it.
    fn rfc1123<T: PropertyValue>(t: &Option<T>) -> Option<String> {
        t.as_ref().map(write)
    }

    /// The value written as an RFC 3339 date-time, if the crate could build it.
    fn rfc3339<T: Clone>(t: &Option<T>) -> Option<String>
    where
        Rfc3339<T>: PropertyValue,
    {
        t.clone().map(|t| write(&Rfc3339(t)))
    }

    /// The tests every date-time crate passes alike, for the module that invokes it, which
    /// brings `rfc1123`, `rfc3339` and its crate's constructor
    /// `at(offset_secs, (year, month, day), (hour, minute, second, nanosecond))` into scope.
    macro_rules! shared_tests {
        () => {
            /// RFC 4918 §9.1.5's creationdate, in its own offset, and in GMT.
            #[test]
            fn negative_offset() {
                let t = at(-8 * 3600, (1997, 12, 1), (17, 42, 21, 0));
                assert_eq!(
                    rfc1123(&t).as_deref(),
                    Some("Tue, 02 Dec 1997 01:42:21 GMT")
                );
                assert_eq!(rfc3339(&t).as_deref(), Some("1997-12-01T17:42:21-08:00"));
            }

            #[test]
            fn positive_offset_and_fractions() {
                let t = at(5 * 3600 + 30 * 60, (1998, 1, 12), (14, 55, 56, 999_999_999));
                assert_eq!(
                    rfc1123(&t).as_deref(),
                    Some("Mon, 12 Jan 1998 09:25:56 GMT")
                );
                assert_eq!(rfc3339(&t).as_deref(), Some("1998-01-12T14:55:56+05:30"));
                let utc = at(0, (1998, 1, 12), (9, 25, 56, 0));
                assert_eq!(rfc3339(&utc).as_deref(), Some("1998-01-12T09:25:56Z"));
            }

            /// An offset with seconds (a local mean time) cannot be written in RFC 3339: UTC is.
            #[test]
            fn offset_with_seconds() {
                let t = at(17 * 60 + 30, (1850, 6, 1), (12, 0, 0, 0));
                assert_eq!(rfc3339(&t).as_deref(), Some("1850-06-01T11:42:30Z"));
            }
        };
    }

    #[cfg(feature = "time")]
    mod time {
        use super::{rfc1123, rfc3339, write};
        use time::{Date, Month, OffsetDateTime, Time, UtcDateTime, UtcOffset};

        fn at(
            offset_secs: i32,
            (y, m, d): (i32, u8, u8),
            (h, mi, s, nano): (u8, u8, u8, u32),
        ) -> Option<OffsetDateTime> {
            let date = Date::from_calendar_date(y, Month::try_from(m).ok()?, d).ok()?;
            let time = Time::from_hms_nano(h, mi, s, nano).ok()?;
            let offset = UtcOffset::from_whole_seconds(offset_secs).ok()?;
            Some(OffsetDateTime::new_in_offset(date, time, offset))
        }

        shared_tests!();

        #[test]
        fn range() {
            let old = at(0, (1900, 1, 1), (0, 0, 0, 0));
            assert_eq!(
                rfc1123(&old).as_deref(),
                Some("Mon, 01 Jan 1900 00:00:00 GMT")
            );
            let zero = at(0, (0, 1, 1), (0, 0, 0, 0));
            assert_eq!(
                rfc1123(&zero).as_deref(),
                Some("Sat, 01 Jan 0000 00:00:00 GMT")
            );
            assert_eq!(rfc3339(&zero).as_deref(), Some("0000-01-01T00:00:00Z"));
            let last = at(0, (9999, 12, 31), (23, 59, 59, 0));
            assert_eq!(
                rfc1123(&last).as_deref(),
                Some("Fri, 31 Dec 9999 23:59:59 GMT")
            );
            // Year 10000 in UTC, still 9999 in its own offset.
            let late = at(-5 * 3600, (9999, 12, 31), (23, 0, 0, 0));
            assert_eq!(
                rfc1123(&late).as_deref(),
                Some(
                    "cannot write 9999-12-31T23:00:00-05:00 as an RFC 1123 date: its year in UTC must be 0 to 9999"
                )
            );
            assert_eq!(rfc3339(&late).as_deref(), Some("9999-12-31T23:00:00-05:00"));
            let negative = at(0, (-1, 12, 31), (23, 59, 59, 0));
            assert_eq!(
                rfc3339(&negative).as_deref(),
                Some(
                    "cannot write -0001-12-31T23:59:59Z as an RFC 3339 date-time: its year must be 0 to 9999"
                )
            );
        }

        #[test]
        fn utc_date_time() {
            let t = UtcDateTime::from_unix_timestamp(-1).ok();
            assert_eq!(
                rfc1123(&t).as_deref(),
                Some("Wed, 31 Dec 1969 23:59:59 GMT")
            );
            assert_eq!(rfc3339(&t).as_deref(), Some("1969-12-31T23:59:59Z"));
            let min = UtcDateTime::MIN;
            assert_eq!(
                write(&min),
                "cannot write -9999-01-01T00:00:00Z as an RFC 1123 date: its year in UTC must be 0 to 9999"
            );
        }
    }

    #[cfg(feature = "chrono")]
    mod chrono {
        use super::{rfc1123, rfc3339};
        use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

        fn at(
            offset_secs: i32,
            (y, m, d): (i32, u32, u32),
            (h, mi, s, nano): (u32, u32, u32, u32),
        ) -> Option<DateTime<FixedOffset>> {
            let naive = NaiveDate::from_ymd_opt(y, m, d)?.and_hms_nano_opt(h, mi, s, nano)?;
            FixedOffset::east_opt(offset_secs)?
                .from_local_datetime(&naive)
                .single()
        }

        shared_tests!();

        #[test]
        fn utc_and_fractions() {
            let t = at(0, (1998, 1, 12), (9, 25, 56, 500_000_000)).map(|t| t.with_timezone(&Utc));
            assert_eq!(
                rfc1123(&t).as_deref(),
                Some("Mon, 12 Jan 1998 09:25:56 GMT")
            );
            assert_eq!(rfc3339(&t).as_deref(), Some("1998-01-12T09:25:56Z"));
            let ist = at(5 * 3600 + 30 * 60, (1998, 1, 12), (14, 55, 56, 0));
            assert_eq!(rfc3339(&ist).as_deref(), Some("1998-01-12T14:55:56+05:30"));
        }

        #[test]
        fn range() {
            let old = at(0, (1601, 1, 1), (0, 0, 0, 0));
            assert_eq!(
                rfc1123(&old).as_deref(),
                Some("Mon, 01 Jan 1601 00:00:00 GMT")
            );
            let late = at(-3600, (9999, 12, 31), (23, 30, 0, 0));
            assert_eq!(
                rfc1123(&late).as_deref(),
                Some(
                    "cannot write 9999-12-31T23:30:00-01:00 as an RFC 1123 date: its year in UTC must be 0 to 9999"
                )
            );
            assert_eq!(rfc3339(&late).as_deref(), Some("9999-12-31T23:30:00-01:00"));
            let far = at(0, (12345, 1, 1), (0, 0, 0, 0));
            assert_eq!(
                rfc3339(&far).as_deref(),
                Some(
                    "cannot write 12345-01-01T00:00:00Z as an RFC 3339 date-time: its year must be 0 to 9999"
                )
            );
        }
    }

    #[cfg(feature = "jiff")]
    mod jiff {
        use super::{rfc1123, rfc3339, write};
        use crate::values::Rfc3339;
        use jiff::civil::date;
        use jiff::tz::{Offset, TimeZone};
        use jiff::{Timestamp, ZonedDateTime};

        fn at(
            offset_secs: i32,
            (y, m, d): (i16, i8, i8),
            (h, mi, s, nano): (i8, i8, i8, i32),
        ) -> Option<ZonedDateTime> {
            let tz = TimeZone::fixed(Offset::from_seconds(offset_secs).ok()?);
            date(y, m, d).at(h, mi, s, nano).to_zoned_datetime(tz).ok()
        }

        shared_tests!();

        #[test]
        fn timestamp() {
            let t = Timestamp::new(884_597_156, 999_999_999).ok();
            assert_eq!(
                rfc1123(&t).as_deref(),
                Some("Mon, 12 Jan 1998 09:25:56 GMT")
            );
            assert_eq!(rfc3339(&t).as_deref(), Some("1998-01-12T09:25:56Z"));
            let before = Timestamp::new(-1, 0).ok();
            assert_eq!(rfc3339(&before).as_deref(), Some("1969-12-31T23:59:59Z"));
            assert_eq!(
                write(&Timestamp::MIN),
                "cannot write -9999-01-02T01:59:59Z as an RFC 1123 date: its year in UTC must be 0 to 9999"
            );
            assert_eq!(write(&Rfc3339(Timestamp::MAX)), "9999-12-30T22:00:00Z");
        }

        #[test]
        fn range() {
            let old = at(0, (1000, 3, 1), (8, 0, 0, 0));
            assert_eq!(
                rfc1123(&old).as_deref(),
                Some("Sat, 01 Mar 1000 08:00:00 GMT")
            );
            let negative = at(3600, (0, 1, 1), (0, 30, 0, 0));
            assert_eq!(
                rfc1123(&negative).as_deref(),
                Some(
                    "cannot write 0000-01-01T00:30:00+01:00 as an RFC 1123 date: its year in UTC must be 0 to 9999"
                )
            );
            assert_eq!(
                rfc3339(&negative).as_deref(),
                Some("0000-01-01T00:30:00+01:00")
            );
        }
    }
}
