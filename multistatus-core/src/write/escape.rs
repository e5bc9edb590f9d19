//! XML escaping of text and attribute values, refusing what XML 1.0 cannot carry.
//!
//! One pass over the bytes with a lookup table; runs of plain bytes are copied as one slice,
//! so text that needs no escaping costs one `memchr`-like scan and one copy.

/// What a byte means to the escaper.
const PLAIN: u8 = 0;
/// Must be replaced by a reference.
const ESCAPE: u8 = 1;
/// A control character XML 1.0 cannot carry in any form.
const ILLEGAL: u8 = 2;
/// 0xEF: the lead byte of U+FFFE / U+FFFF, checked with what follows.
const CHECK_EF: u8 = 3;

const fn table(attribute: bool) -> [u8; 256] {
    let mut t = [PLAIN; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = ILLEGAL;
        i += 1;
    }
    t[b'\n' as usize] = if attribute { ESCAPE } else { PLAIN };
    t[b'\t' as usize] = if attribute { ESCAPE } else { PLAIN };
    t[b'\r' as usize] = ESCAPE;
    t[b'<' as usize] = ESCAPE;
    t[b'>' as usize] = ESCAPE;
    t[b'&' as usize] = ESCAPE;
    if attribute {
        t[b'"' as usize] = ESCAPE;
    }
    t[0xEF] = CHECK_EF;
    t
}

static TEXT: [u8; 256] = table(false);
static ATTRIBUTE: [u8; 256] = table(true);

/// Appends the reference for a byte the tables mark [`ESCAPE`]. One constant-length copy per
/// arm: each is a couple of inlined stores, where a table of references of different lengths
/// would be a `memcpy` call per escaped byte.
#[inline]
fn push_reference(out: &mut Vec<u8>, b: u8) {
    match b {
        b'<' => out.extend_from_slice(b"&lt;"),
        b'>' => out.extend_from_slice(b"&gt;"),
        b'&' => out.extend_from_slice(b"&amp;"),
        b'"' => out.extend_from_slice(b"&quot;"),
        b'\r' => out.extend_from_slice(b"&#13;"),
        b'\n' => out.extend_from_slice(b"&#10;"),
        _ => out.extend_from_slice(b"&#9;"),
    }
}

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

/// [`escape_into`] for one kind of content, so that the table is a constant.
fn escape<const ATTR: bool>(out: &mut Vec<u8>, s: &str) -> Result<(), char> {
    let table = if ATTR { &ATTRIBUTE } else { &TEXT };
    let b = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    loop {
        // The run of plain bytes: one load and one compare per byte.
        while let Some(&c) = b.get(i)
            && table[usize::from(c)] == PLAIN
        {
            i += 1;
        }
        let Some(&c) = b.get(i) else { break };
        match table[usize::from(c)] {
            ESCAPE => {
                out.extend_from_slice(&b[start..i]);
                push_reference(out, c);
                start = i + 1;
            }
            _ => {
                if let Some(illegal) = illegal_at(b, i) {
                    return Err(illegal);
                }
            }
        }
        i += 1;
    }
    out.extend_from_slice(&b[start..]);
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
/// scan of bytes through the table, as valid UTF-8 needs no decoding to find them.
pub(crate) fn find_illegal(s: &str) -> Option<(usize, char)> {
    let b = s.as_bytes();
    b.iter()
        .enumerate()
        .filter(|&(_, &c)| TEXT[usize::from(c)] >= ILLEGAL)
        .find_map(|(i, _)| illegal_at(b, i).map(|c| (i, c)))
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
