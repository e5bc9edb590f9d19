//! XML escaping of text and attribute values, refusing what XML 1.0 cannot carry.
//!
//! Eight bytes at a time: each word is appended as it is, and a SWAR test (a few integer
//! operations on the word) finds its first byte that is not plain, if any, which is handled
//! on its own; text that needs no escaping costs a load, a test and a store per 8 bytes.

/// Per byte, for [`find_illegal`]: 0 for what XML 1.0 can carry, [`ILLEGAL`] for control
/// characters other than tab, line feed and carriage return, [`CHECK_EF`] for 0xEF.
static CARRY: [u8; 256] = {
    let mut t = [0; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = ILLEGAL;
        i += 1;
    }
    t[b'\t' as usize] = 0;
    t[b'\n' as usize] = 0;
    t[b'\r' as usize] = 0;
    t[0xEF] = CHECK_EF;
    t
};
/// A control character XML 1.0 cannot carry in any form.
const ILLEGAL: u8 = 1;
/// 0xEF: the lead byte of U+FFFE / U+FFFF, checked with what follows.
const CHECK_EF: u8 = 2;

/// Appends `s` to `out` escaped as element text (`attribute == false`) or as a
/// double-quoted attribute value. `\r` becomes `&#13;` so that it survives parsing.
///
/// On a character XML 1.0 cannot carry, returns it and leaves `out` with a partial write;
/// callers truncate back to where they started.
#[inline]
pub(crate) fn escape_into(out: &mut Vec<u8>, s: &str, attribute: bool) -> Result<(), char> {
    if attribute {
        escape::<true>(out, s)
    } else {
        escape::<false>(out, s)
    }
}

/// `0x01` in every byte of a word.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of every byte of `x` that is zero. Exact up to the first zero byte: a borrow
/// can only flag bytes above one, and only the first flagged byte is used.
#[inline(always)]
const fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x
}

/// The high bit of each byte of `w` that cannot be copied as it is — `<`, `>`, `&`, every
/// control character, and 0xEF (with 0xF0 to 0xFF, which the byte handler lets through:
/// they start 4-byte characters, or are never in UTF-8), `"` too in attributes; tabs and
/// line feeds in text are also flagged, and let through — exact up to the first one, which
/// is all that is used: a SWAR test of 8 bytes in about 20 instructions.
#[inline(always)]
const fn flags<const ATTR: bool>(w: u64) -> u64 {
    // Control characters and 0xEF to 0xFF in one test: adding 0x11 takes 0xEF..=0xFF round
    // to 0x00..=0x10 and 0x00..=0x1F to 0x11..=0x30, so they are the bytes left below 0x31.
    // Only those carry out of their byte.
    let t = w.wrapping_add(0x11 * ONES);
    // `<` (0x3C) and `>` (0x3E) differ only in bit 1.
    let mut f = (t.wrapping_sub(0x31 * ONES) & !t)
        | zero_bytes((w | (2 * ONES)) ^ (0x3E * ONES))
        | zero_bytes(w ^ (b'&' as u64 * ONES));
    if ATTR {
        f |= zero_bytes(w ^ (b'"' as u64 * ONES));
    }
    f & (0x80 * ONES)
}

/// The bytes of `b` from `i` (fewer than 8, at least 1) as the low bytes of a word, the
/// rest filled with `A`, which is copied as it is: the last 8 bytes shifted down when there
/// are 8, else two overlapping loads (or three bytes) instead of a loop.
#[inline(always)]
fn load_tail(b: &[u8], i: usize) -> u64 {
    let n = b.len();
    let left = n - i;
    let w = if let Some(last) = b.last_chunk::<8>() {
        u64::from_le_bytes(*last) >> (8 * (8 - left))
    } else if left >= 4 {
        let lo = u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        let hi = u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]);
        u64::from(lo) | u64::from(hi) << (8 * (left - 4))
    } else {
        let mid = left / 2;
        u64::from(b[i])
            | u64::from(b[i + mid]) << (8 * mid)
            | u64::from(b[n - 1]) << (8 * (left - 1))
    };
    w | (u64::from(b'A') * ONES) << (8 * left)
}

/// [`escape_into`] for one kind of content, so that the tests are constants.
///
/// 8 bytes at a time: the word is appended as it is (a fixed-size copy, inlined), then, if
/// the SWAR test flags a byte, cut back to it, and that byte is handled on its own. In the
/// PROPFIND benchmark this took the four text values of a resource from 772 instructions
/// (a table lookup and a compare per byte, and a `memcpy` call per run) to about 470 with
/// the `Vec`'s bookkeeping, inlined (571 as a call).
#[inline(always)]
fn escape<const ATTR: bool>(out: &mut Vec<u8>, s: &str) -> Result<(), char> {
    let b = s.as_bytes();
    let mut i = 0;
    // Whole words.
    while let Some(word) = b.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        // Loaded once: the store into `out` could otherwise be taken to alias `s`, and the
        // word loaded again for the test.
        let w = u64::from_le_bytes(*word);
        let base = out.len();
        out.extend_from_slice(&w.to_le_bytes());
        let f = flags::<ATTR>(w);
        if f == 0 {
            i += 8;
            continue;
        }
        let k = (f.trailing_zeros() / 8) as usize;
        out.truncate(base + k);
        i += k;
        special::<ATTR>(out, b, i)?;
        i += 1;
    }
    // The last bytes, fewer than 8.
    while i < b.len() {
        let w = load_tail(b, i);
        let base = out.len();
        out.extend_from_slice(&w.to_le_bytes());
        let f = flags::<ATTR>(w);
        if f == 0 {
            out.truncate(base + (b.len() - i));
            return Ok(());
        }
        let k = (f.trailing_zeros() / 8) as usize;
        out.truncate(base + k);
        i += k;
        special::<ATTR>(out, b, i)?;
        i += 1;
    }
    Ok(())
}

/// Writes the byte at `b[i]`, one the SWAR test flagged: its reference, itself (a tab or a
/// line feed in text, a byte that starts an allowed character), or the error of the
/// character XML 1.0 cannot carry that starts there. The three references text needs are
/// written inline (a constant-length copy each: a couple of stores, where a table of
/// references of different lengths would be a `memcpy` call); the rest out of line.
#[inline(always)]
fn special<const ATTR: bool>(out: &mut Vec<u8>, b: &[u8], i: usize) -> Result<(), char> {
    match b.get(i) {
        Some(b'<') => out.extend_from_slice(b"&lt;"),
        Some(b'>') => out.extend_from_slice(b"&gt;"),
        Some(b'&') => out.extend_from_slice(b"&amp;"),
        Some(_) => return rare::<ATTR>(out, b, i),
        None => {}
    }
    Ok(())
}

/// [`special`] for the other flagged bytes.
#[inline(never)]
fn rare<const ATTR: bool>(out: &mut Vec<u8>, b: &[u8], i: usize) -> Result<(), char> {
    let Some(&c) = b.get(i) else { return Ok(()) };
    match c {
        b'"' if ATTR => out.extend_from_slice(b"&quot;"),
        b'\r' => out.extend_from_slice(b"&#13;"),
        b'\n' if ATTR => out.extend_from_slice(b"&#10;"),
        b'\t' if ATTR => out.extend_from_slice(b"&#9;"),
        b'\t' | b'\n' => out.push(c),
        _ => match illegal_at(b, i) {
            Some(illegal) => return Err(illegal),
            None => out.push(c),
        },
    }
    Ok(())
}

/// The first character of `s` that XML 1.0 cannot carry, if any.
///
/// ```
/// use multistatus_core::escape::first_illegal_char;
/// assert_eq!(first_illegal_char("tab\tand\r\nnewline"), None);
/// assert_eq!(first_illegal_char("bell\u{7}"), Some('\u{7}'));
/// assert_eq!(first_illegal_char("\u{FFFE}"), Some('\u{FFFE}'));
/// ```
#[must_use]
pub fn first_illegal_char(s: &str) -> Option<char> {
    find_illegal(s).map(|(_, c)| c)
}

/// Where the first character of `s` that XML 1.0 cannot carry starts, and which it is: a
/// scan of bytes, as valid UTF-8 needs no decoding to find them. The reader runs it over
/// every body in memory, so words of 8 bytes with no byte below 0x20 and none 0xEF are
/// skipped whole (about 1 instruction a byte instead of 6); a word with one (a newline, a
/// character from U+F000 to U+FFFF) goes through the table byte by byte.
pub(crate) fn find_illegal(s: &str) -> Option<(usize, char)> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let b = s.as_bytes();
    let mut words = b.chunks_exact(8);
    let mut at = 0;
    for word in words.by_ref() {
        let x = u64::from_ne_bytes(word.try_into().unwrap_or([0; 8]));
        // A byte below 0x20 (the high bit of x - 0x20 set where x's is not), or 0xEF
        // (a zero byte in x ^ 0xEF..): possible only then.
        let low = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        let y = x ^ (ONES * 0xEF);
        let ef = y.wrapping_sub(ONES) & !y & HIGH;
        if low | ef != 0
            && let Some(found) = find_in(b, at, at + 8)
        {
            return Some(found);
        }
        at += 8;
    }
    find_in(b, at, b.len())
}

/// [`find_illegal`] in `b[from..to]` (a character may end past `to`).
fn find_in(b: &[u8], from: usize, to: usize) -> Option<(usize, char)> {
    (from..to)
        .filter(|&i| b.get(i).is_some_and(|&c| CARRY[usize::from(c)] != 0))
        .find_map(|i| illegal_at(b, i).map(|c| (i, c)))
}

/// The character XML 1.0 cannot carry that starts at `b[i]`, a byte the tables mark
/// [`ILLEGAL`] or [`CHECK_EF`]. Those are control characters, and 0xEF, which starts U+FFFE
/// (EF BF BE) and U+FFFF (EF BF BF) as well as characters that are allowed.
#[inline]
fn illegal_at(b: &[u8], i: usize) -> Option<char> {
    match (b.get(i), b.get(i + 1), b.get(i + 2)) {
        (Some(0xEF), Some(0xBF), Some(0xBE)) => Some('\u{FFFE}'),
        (Some(0xEF), Some(0xBF), Some(0xBF)) => Some('\u{FFFF}'),
        (Some(&c), ..) if c < 0x20 => Some(char::from(c)),
        _ => None,
    }
}

/// Whether XML 1.0 can carry `c` (production `Char`).
#[must_use]
pub const fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes `s` as XML element text, as the writer does.
///
/// ```
/// use multistatus_core::escape::escape_text;
/// assert_eq!(escape_text("a < b & c\r\n").unwrap(), "a &lt; b &amp; c&#13;\n");
/// assert!(escape_text("nul\0").is_err());
/// ```
pub fn escape_text(s: &str) -> Result<String, crate::Error> {
    let mut out = Vec::with_capacity(s.len());
    escape_into(&mut out, s, false).map_err(|c| crate::Error::IllegalChar { found: c })?;
    String::from_utf8(out).map_err(|_| crate::Error::IllegalChar { found: '\u{FFFD}' })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(s: &str, attr: bool) -> Result<String, char> {
        let mut v = Vec::new();
        escape_into(&mut v, s, attr)?;
        Ok(String::from_utf8(v).unwrap_or_default())
    }

    /// The word-at-a-time scan finds each excluded character at every position of texts of
    /// every length up to 40, after clean words, allowed control and 0xEF characters.
    #[test]
    fn byte_scan_at_every_position() {
        for len in 1..40 {
            for at in 0..len {
                for (bad, c) in [
                    ("\u{1}", '\u{1}'),
                    ("\u{1F}", '\u{1F}'),
                    ("\u{FFFE}", '\u{FFFE}'),
                    ("\u{FFFF}", '\u{FFFF}'),
                ] {
                    for filler in ["x", "\n", "\u{F000}"] {
                        let s: String = (0..len)
                            .map(|i| if i == at { bad } else { filler })
                            .collect();
                        let offset = filler.len() * at;
                        assert_eq!(find_illegal(&s), Some((offset, c)), "{s:?}");
                    }
                }
            }
            let clean: String = (0..len)
                .map(|i| ["a", "\t", "\u{EFFF}", "\r\n"][i % 4])
                .collect();
            assert_eq!(find_illegal(&clean), None, "{clean:?}");
        }
    }

    /// The byte scan finds exactly the characters the `Char` production excludes, at their
    /// position, for every character, and the escaper refuses the same ones.
    #[test]
    fn byte_scan_agrees_with_the_char_production() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let s = format!("ab{c}c");
            let expected = (!is_xml_char(c)).then_some((2, c));
            assert_eq!(find_illegal(&s), expected, "U+{:04X}", u32::from(c));
            assert_eq!(esc(&s, false).err(), expected.map(|(_, c)| c));
            assert_eq!(esc(&s, true).err(), expected.map(|(_, c)| c));
        }
    }

    /// What the escaper must write, a character at a time.
    fn reference(s: &str, attr: bool) -> Result<String, char> {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                _ if !is_xml_char(c) => return Err(c),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '\r' => out.push_str("&#13;"),
                '"' if attr => out.push_str("&quot;"),
                '\n' if attr => out.push_str("&#10;"),
                '\t' if attr => out.push_str("&#9;"),
                _ => out.push(c),
            }
        }
        Ok(out)
    }

    /// Characters the word-at-a-time escaper treats differently: the escaped ones, control
    /// characters, and those whose UTF-8 starts with 0xEF or above (U+FFFE and U+FFFF among
    /// them), or is made of bytes near them.
    const TRICKY: &[char] = &[
        'a',
        'Z',
        ' ',
        '<',
        '>',
        '&',
        '"',
        '\'',
        '=',
        '\t',
        '\n',
        '\r',
        '\0',
        '\u{1}',
        '\u{1F}',
        '\u{7F}',
        '\u{80}',
        'é',
        '\u{E000}',
        '\u{EFFF}',
        '\u{F000}',
        '\u{FEFF}',
        '\u{FFEF}',
        '\u{FFFD}',
        '\u{FFFE}',
        '\u{FFFF}',
        '\u{10000}',
        '😀',
        '\u{10FFFF}',
    ];

    proptest::proptest! {
        /// Text and attribute values of any length up to 40 characters, made of the tricky
        /// characters: the escaper writes what the character-at-a-time reference writes, or
        /// refuses the same first character.
        #[test]
        fn agrees_with_a_character_at_a_time_reference(
            chars in proptest::collection::vec(proptest::sample::select(TRICKY), 0..40),
            attr: bool,
        ) {
            let s: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(esc(&s, attr), reference(&s, attr));
        }
    }

    /// Every length from 0 to 24 with one byte to escape at every position: the whole words,
    /// the last bytes shifted out of the last word, and the short loads all find it.
    #[test]
    fn special_at_every_position_of_every_length() {
        for len in 0..24 {
            for at in 0..len {
                for c in ['<', '&', '\r', '\u{1}'] {
                    let s: String = (0..len).map(|i| if i == at { c } else { 'x' }).collect();
                    assert_eq!(esc(&s, false), reference(&s, false), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn text() {
        assert_eq!(esc("plain", false), Ok("plain".into()));
        assert_eq!(esc("<a>&b", false), Ok("&lt;a&gt;&amp;b".into()));
        assert_eq!(esc("]]>", false), Ok("]]&gt;".into()));
        assert_eq!(esc("a\r\nb\tc", false), Ok("a&#13;\nb\tc".into()));
        assert_eq!(esc("\"q\" 'a'", false), Ok("\"q\" 'a'".into()));
        assert_eq!(
            esc("héllo ☃ \u{10348}", false),
            Ok("héllo ☃ \u{10348}".into())
        );
        assert_eq!(
            esc("\u{FFFD}\u{FFEF}", false),
            Ok("\u{FFFD}\u{FFEF}".into())
        );
    }

    #[test]
    fn attribute() {
        assert_eq!(
            esc("a\"b\n\t\r<", true),
            Ok("a&quot;b&#10;&#9;&#13;&lt;".into())
        );
    }

    #[test]
    fn illegal() {
        for c in (0u32..0x20).filter(|c| ![9, 10, 13].contains(c)) {
            let s = format!("ok{}", char::from_u32(c).unwrap_or('x'));
            assert!(esc(&s, false).is_err(), "{c:#x}");
            assert!(esc(&s, true).is_err(), "{c:#x}");
        }
        assert_eq!(esc("x\u{FFFE}", false), Err('\u{FFFE}'));
        assert_eq!(esc("x\u{FFFF}y", false), Err('\u{FFFF}'));
        assert_eq!(esc("\u{B}", false), Err('\u{B}'));
        assert_eq!(esc("\u{C}", false), Err('\u{C}'));
    }

    #[test]
    fn agrees_with_is_xml_char() {
        for c in [
            '\0',
            '\u{8}',
            '\u{B}',
            '\u{1F}',
            ' ',
            '\u{D7FF}',
            '\u{E000}',
            '\u{FFFD}',
            '\u{FFFE}',
            '\u{FFFF}',
            '\u{10000}',
            '\u{10FFFF}',
        ] {
            assert_eq!(esc(&c.to_string(), false).is_ok(), is_xml_char(c), "{c:?}");
        }
    }
}
