//! Dates read back: the three HTTP date forms (`DAV:getlastmodified`, RFC 9110 §5.6.7) and
//! RFC 3339 (`DAV:creationdate`), as seconds since the Unix epoch.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A moment read from text: seconds since the Unix epoch (UTC), nanoseconds, and the UTC
/// offset it was written in, in seconds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Moment {
    pub(crate) seconds: i64,
    pub(crate) nanos: u32,
    pub(crate) offset: i32,
}

impl Moment {
    /// The moment as a `SystemTime`; `None` when the platform cannot hold it.
    pub(crate) fn system_time(self) -> Option<SystemTime> {
        let whole = Duration::from_secs(self.seconds.unsigned_abs());
        let t = if self.seconds >= 0 {
            UNIX_EPOCH.checked_add(whole)?
        } else {
            UNIX_EPOCH.checked_sub(whole)?
        };
        t.checked_add(Duration::from_nanos(u64::from(self.nanos)))
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Seconds since the epoch of a checked date and time; `None` when a field is out of range
/// (a second of 60, a leap second, is accepted and counts as the next).
fn moment(year: i64, month: u32, day: u32, (h, m, s): (u32, u32, u32)) -> Option<i64> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    if h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + i64::from(h * 3600 + m * 60 + s))
}

/// A number of exactly `digits` ASCII digits.
fn number(s: &str, digits: std::ops::RangeInclusive<usize>) -> Option<u32> {
    if !digits.contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn month(s: &str) -> Option<u32> {
    let i = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(s))?;
    u32::try_from(i + 1).ok()
}

/// `HH:MM:SS`.
fn time_of_day(s: &str) -> Option<(u32, u32, u32)> {
    let mut parts = s.split(':');
    let h = number(parts.next()?, 2..=2)?;
    let m = number(parts.next()?, 2..=2)?;
    let s = number(parts.next()?, 2..=2)?;
    parts.next().is_none().then_some((h, m, s))
}

fn weekday(s: &str) -> bool {
    (3..=9).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
}

fn utc_zone(s: &str) -> bool {
    ["GMT", "UTC", "UT", "Z", "+0000", "-0000"]
        .iter()
        .any(|z| z.eq_ignore_ascii_case(s))
}

/// An HTTP date in any of the three forms of RFC 9110 §5.6.7, surrounding whitespace
/// allowed:
///
/// - IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT` (a one-digit day, and `UTC`, tolerated);
/// - RFC 850, `Sunday, 06-Nov-94 08:49:37 GMT` (a two-digit year more than 50 years in the
///   future is read in the past century);
/// - asctime, `Sun Nov  6 08:49:37 1994`.
pub(crate) fn parse_http_date(text: &str) -> Option<Moment> {
    let text = text.trim_matches([' ', '\t', '\r', '\n']);
    let (year, month, day, time) = match text.split_once(',') {
        Some((name, rest)) => {
            if !weekday(name.trim()) {
                return None;
            }
            let mut words = rest.split_ascii_whitespace();
            let date = words.next()?;
            let (year, month, day, time) = if date.contains('-') {
                // RFC 850: 06-Nov-94.
                let mut parts = date.split('-');
                let day = number(parts.next()?, 1..=2)?;
                let month = month(parts.next()?)?;
                let yy = number(parts.next()?, 2..=2)?;
                if parts.next().is_some() {
                    return None;
                }
                (two_digit_year(yy), month, day, words.next()?)
            } else {
                let day = number(date, 1..=2)?;
                let month = month(words.next()?)?;
                let year = i64::from(number(words.next()?, 4..=4)?);
                (year, month, day, words.next()?)
            };
            if !utc_zone(words.next()?) || words.next().is_some() {
                return None;
            }
            (year, month, day, time)
        }
        None => {
            // asctime: Sun Nov  6 08:49:37 1994.
            let mut words = text.split_ascii_whitespace();
            if !weekday(words.next()?) {
                return None;
            }
            let month = month(words.next()?)?;
            let day = number(words.next()?, 1..=2)?;
            let time = words.next()?;
            let year = i64::from(number(words.next()?, 4..=4)?);
            if words.next().is_some() {
                return None;
            }
            (year, month, day, time)
        }
    };
    let seconds = moment(year, month, day, time_of_day(time)?)?;
    Some(Moment {
        seconds,
        nanos: 0,
        offset: 0,
    })
}

/// A two-digit year of an RFC 850 date: the most recent year in the past with those digits
/// when it would otherwise be more than 50 years in the future (RFC 9110 §5.6.7).
fn two_digit_year(yy: u32) -> i64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let this_year = 1970 + i64::try_from(now / 31_556_952).unwrap_or(0);
    let century = this_year - this_year % 100;
    let year = century + i64::from(yy);
    if year > this_year + 50 {
        year - 100
    } else {
        year
    }
}

/// An RFC 3339 date-time (`1997-12-01T17:42:21-08:00`, `2025-01-05T10:00:00.123Z`),
/// surrounding whitespace allowed; `t`, `z` and a space for `T` are accepted, and a missing
/// offset is read as UTC.
pub(crate) fn parse_rfc3339(text: &str) -> Option<Moment> {
    let text = text.trim_matches([' ', '\t', '\r', '\n']);
    let b = text.as_bytes();
    let (date, rest) = (text.get(..10)?, text.get(11..)?);
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let mut parts = date.split('-');
    let year = i64::from(number(parts.next()?, 4..=4)?);
    let month = number(parts.next()?, 2..=2)?;
    let day = number(parts.next()?, 2..=2)?;
    let time = time_of_day(rest.get(..8)?)?;
    let mut rest = rest.get(8..)?;
    let mut nanos = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let mut scale = 100_000_000;
        for d in frac.bytes().take(digits.min(9)) {
            nanos += u32::from(d - b'0') * scale;
            scale /= 10;
        }
        rest = frac.get(digits..)?;
    }
    let offset = match rest.as_bytes() {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), ..] => {
            let (h, m) = rest.get(1..)?.split_once(':')?;
            let minutes = i32::try_from(number(h, 2..=2)? * 60 + number(m, 2..=2)?).ok()?;
            if minutes >= 24 * 60 {
                return None;
            }
            if *sign == b'-' {
                -minutes * 60
            } else {
                minutes * 60
            }
        }
        _ => return None,
    };
    let local = moment(year, month, day, time)?;
    Some(Moment {
        seconds: local - i64::from(offset),
        nanos,
        offset,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(m: Option<Moment>) -> Option<i64> {
        m.map(|m| m.seconds)
    }

    /// The three forms of RFC 9110 §5.6.7's example are the same moment.
    #[test]
    fn http_date_forms() {
        let expected = Some(784_111_777);
        assert_eq!(
            secs(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT")),
            expected
        );
        assert_eq!(
            secs(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT")),
            expected
        );
        assert_eq!(secs(parse_http_date("Sun Nov  6 08:49:37 1994")), expected);
        assert_eq!(
            secs(parse_http_date(" Sun, 6 nov 1994 08:49:37 UTC\n")),
            expected
        );
        for bad in [
            "",
            "Sun, 06 Nov 1994 08:49:37",
            "Sun, 31 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:49:37 PST",
            "06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 94 08:49:37 GMT",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad:?}");
        }
    }

    /// Dates before the epoch and leap days.
    #[test]
    fn http_date_range() {
        assert_eq!(
            secs(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT")),
            Some(0)
        );
        assert_eq!(
            secs(parse_http_date("Wed, 31 Dec 1969 23:59:59 GMT")),
            Some(-1)
        );
        assert_eq!(
            secs(parse_http_date("Tue, 29 Feb 2000 00:00:00 GMT")),
            Some(951_782_400)
        );
        assert_eq!(parse_http_date("Tue, 29 Feb 1900 00:00:00 GMT"), None);
    }

    /// RFC 3339 with offsets and fractions.
    #[test]
    fn rfc3339() {
        let m = parse_rfc3339("1997-12-01T17:42:21-08:00");
        assert_eq!(
            m,
            Some(Moment {
                seconds: 881_026_941,
                nanos: 0,
                offset: -8 * 3600
            })
        );
        let m = parse_rfc3339("2025-01-05t10:00:00.123z");
        assert_eq!(m.map(|m| (m.nanos, m.offset)), Some((123_000_000, 0)));
        assert_eq!(secs(parse_rfc3339("1970-01-01 00:00:00")), Some(0));
        for bad in [
            "1997-12-01",
            "1997-12-01T17:42",
            "1997-13-01T17:42:21Z",
            "1997-12-01T17:42:21.Z",
            "1997-12-01T17:42:21+8:00",
            "1997-12-01T17:42:21Zjunk",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad:?}");
        }
    }
}
