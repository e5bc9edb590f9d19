//! `DAV:href` values: absolute paths and absolute URIs, percent-encoded per RFC 3986.

use std::borrow::Cow;
use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str};

/// The bytes a path keeps as they are besides ASCII letters and digits: the rest of RFC 3986
/// `pchar` (unreserved, sub-delims, `:` and `@`) and the `/` that separates segments.
const PATH_KEEP: &[u8] = b"-._~!$&'()*+,;=:@/";

/// [`PATH_KEEP`] as the `percent-encoding` crate's set: what `Href::from_path` encodes. The
/// hand-written encoder is tested against the crate with it, and the benchmark's quick-xml
/// variant encodes with it.
#[doc(hidden)]
pub const PATH_SET: &AsciiSet = &path_set();

const fn path_set() -> AsciiSet {
    let mut set = NON_ALPHANUMERIC.remove(PATH_KEEP[0]);
    let mut i = 1;
    while i < PATH_KEEP.len() {
        set = set.remove(PATH_KEEP[i]);
        i += 1;
    }
    set
}

/// What happens to each byte of a path: 0 written as it is (letters, digits and
/// [`PATH_KEEP`]), 1 percent-encoded, 2 (`&`) written as it is in a URI and as `&amp;` in XML.
const fn path_classes() -> [u8; 256] {
    let mut t = [1u8; 256];
    let mut c = 0;
    while c < 128 {
        if (c as u8).is_ascii_alphanumeric() {
            t[c] = 0;
        }
        c += 1;
    }
    let mut i = 0;
    while i < PATH_KEEP.len() {
        t[PATH_KEEP[i] as usize] = 0;
        i += 1;
    }
    t[b'&' as usize] = 2;
    t
}

static PATH_CLASS: [u8; 256] = path_classes();

/// Per byte of a path, what [`encode_path`] writes for it as the low bytes of a word, with
/// their count in the top 3 bits: the byte itself, `%XX`, or (with `XML`) `&amp;` for `&`.
/// A count below 8 lets the compiler bound the window offsets of a whole chunk (16 × 7)
/// without a mask per byte.
const fn path_words(xml: bool) -> [u64; 256] {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let classes = path_classes();
    let mut t = [0u64; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = match classes[c] {
            0 => c as u64 | 1 << LEN,
            2 if xml => u64::from_le_bytes(*b"&amp;\0\0\0") | 5 << LEN,
            2 => c as u64 | 1 << LEN,
            _ => u64::from_le_bytes([b'%', HEX[c >> 4], HEX[c & 15], 0, 0, 0, 0, 0]) | 3 << LEN,
        };
        c += 1;
    }
    t
}

/// Where a table word's byte count starts.
const LEN: u32 = 61;

static PATH_XML: [u64; 256] = path_words(true);
static PATH_URI: [u64; 256] = path_words(false);

/// How many path bytes are encoded into the window at a time.
const IN: usize = 16;

/// What [`IN`] path bytes can become ([`IN`] × `&amp;`) and the last word written: at an
/// offset the compiler bounds without a check, at most 15 × 7 (a whole chunk, whose words
/// count at most 7 bytes each) or `o & 127` (the last bytes), + 8 bytes.
const WINDOW: usize = 136;

/// The most [`IN`] path bytes encode to ([`IN`] × `&amp;`, 80 bytes, whole 16-byte moves):
/// what is copied out of the window per chunk.
const OUT: usize = 80;

/// Percent-encodes a decoded path into `out`; with `XML`, also writes `&` as `&amp;`.
///
/// A second `/` at the start is encoded (`//x` → `/%2Fx`): see [`Href::from_path`].
///
/// Hand-written rather than the `percent-encoding` crate's iterator (still used to decode):
/// in the PROPFIND benchmark the iterator yields each `%XX` as its own chunk, and escaping
/// chunk by chunk cost 2 056 instructions per href. A single pass with a byte class table, a
/// compare per byte and a copy per run cost 695; with no branch per byte, into zero-filled
/// room in the output, 436. Now 16 bytes at a time into a window on the stack: each byte's
/// word from the table is stored whole at the window's current position, which moves by
/// its length (a load, a shift, a store and an add per byte, whatever the byte; the
/// length is in the word's top 3 bits, so that the offsets in a chunk are bounded without
/// a mask — 1 924 -> 1 867 instructions per resource in the benchmark), and the window is
/// appended as a fixed-size copy cut back to what was written — no zero-filling of the
/// output for the worst case (5 bytes per byte, through `memset`).
#[inline]
fn encode_path<const XML: bool>(out: &mut Vec<u8>, path: &str) {
    let table = if XML { &PATH_XML } else { &PATH_URI };
    let mut b = path.as_bytes();
    if let [b'/', b'/', rest @ ..] = b {
        out.extend_from_slice(b"/%2F");
        b = rest;
    }
    let mut window = [0u8; WINDOW];
    let chunks = b.as_chunks::<IN>();
    for chunk in chunks.0 {
        let written = encode_full(&mut window, table, chunk);
        append(out, &window, written);
    }
    if !chunks.1.is_empty() {
        let written = encode_chunk(&mut window, table, chunks.1);
        append(out, &window, written);
    }
}

/// [`encode_chunk`] of a whole chunk: its length known, the offsets are bounded without a
/// mask (at most 7 bytes per byte).
#[inline(always)]
fn encode_full(window: &mut [u8; WINDOW], table: &[u64; 256], chunk: &[u8; IN]) -> usize {
    let mut o = 0;
    for &c in chunk {
        let word = table[usize::from(c)];
        window[o..o + 8].copy_from_slice(&word.to_le_bytes());
        o += (word >> LEN) as usize;
    }
    o
}

/// Appends `window[..written]` (at most [`OUT`] bytes): a fixed-size copy, cut back.
#[inline(always)]
fn append(out: &mut Vec<u8>, window: &[u8; WINDOW], written: usize) {
    let base = out.len();
    if let Some(head) = window.first_chunk::<OUT>() {
        out.extend_from_slice(head);
    }
    out.truncate(base + written);
}

/// The last bytes of a path (fewer than [`IN`]), encoded into `window` in groups of 8, 4, 2
/// and 1 bytes, each of a known length (no test per byte, the offsets bounded without a
/// mask); returns how many bytes were written.
#[inline(always)]
fn encode_chunk(window: &mut [u8; WINDOW], table: &[u64; 256], chunk: &[u8]) -> usize {
    #[inline(always)]
    fn group<const K: usize>(
        window: &mut [u8; WINDOW],
        table: &[u64; 256],
        rest: &mut &[u8],
        mut o: usize,
    ) -> usize {
        if let Some((bytes, tail)) = rest.split_first_chunk::<K>() {
            for &c in bytes {
                let word = table[usize::from(c)];
                window[o..o + 8].copy_from_slice(&word.to_le_bytes());
                o += (word >> LEN) as usize;
            }
            *rest = tail;
        }
        o
    }
    debug_assert!(chunk.len() < IN);
    let mut rest = chunk;
    let mut o = group::<8>(window, table, &mut rest, 0);
    o = group::<4>(window, table, &mut rest, o);
    o = group::<2>(window, table, &mut rest, o);
    group::<1>(window, table, &mut rest, o)
}

/// A `DAV:href`: an absolute path (`/files/a%20b`) or an absolute URI
/// (`http://example.com/files/a%20b`, `urn:uuid:…`).
///
/// Build it from a *decoded* path with [`Href::from_path`] (the usual case on a server: the
/// path of a file), from an origin and a decoded path with [`Href::from_origin_and_path`], or
/// from text that is already a URI with [`Href::from_encoded`]. Paths are percent-encoded when
/// the href is written, straight into the output, so a href costs no allocation.
///
/// ```
/// use multistatus_core::Href;
/// let h = Href::from_path("/docs/a b/ünï#1?.txt").unwrap();
/// assert_eq!(h.encoded(), "/docs/a%20b/%C3%BCn%C3%AF%231%3F.txt");
/// assert_eq!(Href::from_encoded("urn:uuid:f81d4fae").unwrap().encoded(), "urn:uuid:f81d4fae");
/// ```
#[derive(Clone)]
pub struct Href<'a>(Repr<'a>);

#[derive(Clone)]
enum Repr<'a> {
    /// Already a URI reference, checked to contain only URI characters.
    Encoded(Cow<'a, str>),
    /// An origin (`scheme://authority`, possibly empty) and a decoded absolute path.
    Path {
        origin: Cow<'a, str>,
        path: Cow<'a, str>,
    },
}

impl<'a> Href<'a> {
    /// A href for a decoded absolute path; it must start with `/`.
    ///
    /// Every byte outside RFC 3986's `pchar` and `/` is percent-encoded, including `%`,
    /// `#` and `?`, so `/100% #1?` names the resource called `100% #1?`.
    ///
    /// A path starting with `//` has its second slash encoded: `//host/x` is written
    /// `/%2Fhost/x`. Written as it is, it would be a network-path reference (RFC 3986
    /// §4.2), which a client resolves to the server `host` instead of the request's: a path
    /// always resolves to the authority of the request it answers. Encoding keeps such a
    /// path usable (it decodes back to `//host/x`, [`Href::decoded_path`]) where refusing
    /// it would fail a whole listing over one badly joined path.
    ///
    /// ```
    /// use multistatus_core::Href;
    /// assert_eq!(Href::from_path("/100% #1?").unwrap().encoded(), "/100%25%20%231%3F");
    /// assert_eq!(Href::from_path("//evil.example/x").unwrap().encoded(), "/%2Fevil.example/x");
    /// assert!(Href::from_path("relative").is_err());
    /// ```
    #[inline]
    pub fn from_path(path: impl Into<Cow<'a, str>>) -> Result<Self, crate::Error> {
        // Inline: a server builds one per resource, and the origin's checks are not needed.
        let path = path.into();
        check_path(&path)?;
        Ok(Self(Repr::Path {
            origin: Cow::Borrowed(""),
            path,
        }))
    }

    /// A href for an origin (`http://example.com`, no path) and a decoded absolute path,
    /// encoded as by [`Href::from_path`].
    ///
    /// ```
    /// use multistatus_core::Href;
    /// let h = Href::from_origin_and_path("http://www.example.com", "/a b").unwrap();
    /// assert_eq!(h.encoded(), "http://www.example.com/a%20b");
    /// assert!(Href::from_origin_and_path("http://x/path", "/a").is_err());
    /// ```
    pub fn from_origin_and_path(
        origin: impl Into<Cow<'a, str>>,
        path: impl Into<Cow<'a, str>>,
    ) -> Result<Self, crate::Error> {
        let (origin, path) = (origin.into(), path.into());
        check_path(&path)?;
        if !origin.is_empty() {
            let rest = scheme_rest(&origin)
                .and_then(|r| r.strip_prefix("//"))
                .ok_or_else(|| invalid(&origin, "an origin must look like `scheme://host`"))?;
            if rest.is_empty() || rest.contains(['/', '?', '#']) || !is_uri_text(rest) {
                return Err(invalid(
                    &origin,
                    "an origin must look like `scheme://host[:port]`",
                ));
            }
        }
        Ok(Self(Repr::Path { origin, path }))
    }

    /// A href from text that is already a URI: an absolute URI (`scheme:…`) or an absolute
    /// path, made only of URI characters with well-formed `%HH` escapes.
    ///
    /// Text starting with `//` is refused: it is not an absolute path but a network-path
    /// reference (RFC 3986 §4.2), resolved to another server (see [`Href::from_path`]).
    /// Give the server as an absolute URI (`https://host/x`) if that is what is meant.
    ///
    /// ```
    /// use multistatus_core::Href;
    /// assert!(Href::from_encoded("/a%20b").is_ok());
    /// assert!(Href::from_encoded("/a b").is_err());
    /// assert!(Href::from_encoded("/bad%zz").is_err());
    /// assert!(Href::from_encoded("//evil.example/x").is_err());
    /// ```
    pub fn from_encoded(uri: impl Into<Cow<'a, str>>) -> Result<Self, crate::Error> {
        let uri = uri.into();
        if !(uri.starts_with('/') || scheme_rest(&uri).is_some()) {
            return Err(invalid(
                &uri,
                "a href must be an absolute path or an absolute URI",
            ));
        }
        if uri.starts_with("//") {
            return Err(invalid(
                &uri,
                "a href starting with `//` names another server (a network-path reference); give an absolute URI or a path",
            ));
        }
        if !is_uri_text(&uri) {
            return Err(invalid(
                &uri,
                "a URI may only hold RFC 3986 characters and %HH escapes; build it with Href::from_path to encode a path",
            ));
        }
        Ok(Self(Repr::Encoded(uri)))
    }

    /// A href as a server sent it (the text of a `DAV:href`, XML whitespace around it
    /// ignored): kept as it is when it is URI text ([`Href::from_encoded`]); characters a
    /// URI cannot hold (spaces, non-ASCII characters of an IRI, a `%` that starts no
    /// escape) are percent-encoded first, as servers that forget to encode them mean.
    pub(crate) fn from_received(text: &str) -> Result<Href<'static>, crate::Error> {
        let text = text.trim_matches([' ', '\t', '\r', '\n']);
        if is_uri_text(text) {
            return Href::from_encoded(text.to_owned());
        }
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let b = text.as_bytes();
        let mut out = String::with_capacity(text.len() + 16);
        for (i, &c) in b.iter().enumerate() {
            let escape = c == b'%'
                && b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
            if escape || c.is_ascii_alphanumeric() || URI_PUNCTUATION.contains(&c) {
                out.push(char::from(c));
            } else {
                out.push('%');
                out.push(char::from(HEX[usize::from(c >> 4)]));
                out.push(char::from(HEX[usize::from(c & 15)]));
            }
        }
        Href::from_encoded(out)
    }

    /// The href as written: percent-encoded.
    #[must_use]
    pub fn encoded(&self) -> Cow<'_, str> {
        match &self.0 {
            Repr::Encoded(s) => Cow::Borrowed(s),
            Repr::Path { origin, path } => {
                if origin.is_empty()
                    && !path.starts_with("//")
                    && path.bytes().all(|c| PATH_CLASS[usize::from(c)] != 1)
                {
                    return Cow::Borrowed(path);
                }
                let mut out = Vec::with_capacity(origin.len() + path.len() + 16);
                out.extend_from_slice(origin.as_bytes());
                encode_path::<false>(&mut out, path);
                // Only ASCII was added to UTF-8 text.
                Cow::Owned(String::from_utf8(out).unwrap_or_default())
            }
        }
    }

    /// The percent-decoded path of this href (the part after `scheme://authority`), without
    /// query or fragment; `None` when it does not decode to UTF-8 or has no path.
    ///
    /// It may start with `//` (`http://host//x`, or `/%2Fx`); [`Href::from_path`] turns it
    /// back into a href that stays on the request's host.
    ///
    /// ```
    /// use multistatus_core::Href;
    /// let h = Href::from_encoded("http://example.com/a%20b/c?x#y").unwrap();
    /// assert_eq!(h.decoded_path().as_deref(), Some("/a b/c"));
    /// ```
    #[must_use]
    pub fn decoded_path(&self) -> Option<Cow<'_, str>> {
        match &self.0 {
            Repr::Path { path, .. } => Some(Cow::Borrowed(path)),
            Repr::Encoded(s) => {
                let path = match scheme_rest(s) {
                    Some(rest) => {
                        let after = rest.strip_prefix("//")?;
                        &after[after.find('/')?..]
                    }
                    None => s,
                };
                let path = path.split(['?', '#']).next().unwrap_or(path);
                percent_decode_str(path).decode_utf8().ok()
            }
        }
    }

    /// An owned copy that borrows nothing.
    #[must_use]
    pub fn into_owned(self) -> Href<'static> {
        Href(match self.0 {
            Repr::Encoded(s) => Repr::Encoded(Cow::Owned(s.into_owned())),
            Repr::Path { origin, path } => Repr::Path {
                origin: Cow::Owned(origin.into_owned()),
                path: Cow::Owned(path.into_owned()),
            },
        })
    }

    /// Writes the encoded href, XML-escaped, without allocating.
    pub(crate) fn write_escaped(&self, out: &mut Vec<u8>) {
        // Encoded hrefs and origins hold only URI characters, of which XML escapes only `&`:
        // escaping cannot fail.
        match &self.0 {
            Repr::Encoded(s) => {
                let _ = crate::escape::escape_into(out, s, false);
            }
            Repr::Path { origin, path } => {
                if !origin.is_empty() {
                    let _ = crate::escape::escape_into(out, origin, false);
                }
                encode_path::<true>(out, path);
            }
        }
    }
}

/// A decoded path must be absolute.
#[inline]
fn check_path(path: &str) -> Result<(), crate::Error> {
    if path.starts_with('/') {
        Ok(())
    } else {
        Err(invalid(path, "a path must start with `/`"))
    }
}

#[cold]
fn invalid(text: &str, reason: &'static str) -> crate::Error {
    crate::Error::InvalidHref {
        href: text.to_owned(),
        reason,
    }
}

/// The text after `scheme:` when `s` starts with an RFC 3986 scheme.
fn scheme_rest(s: &str) -> Option<&str> {
    let (scheme, rest) = s.split_once(':')?;
    let mut bytes = scheme.bytes();
    let first = bytes.next()?;
    (first.is_ascii_alphabetic()
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))
    .then_some(rest)
}

/// RFC 3986's unreserved and reserved characters besides letters and digits.
const URI_PUNCTUATION: &[u8] = b"-._~:/?#[]@!$&'()*+,;=";

/// Whether `s` holds only unreserved and reserved URI characters and valid `%HH` escapes.
fn is_uri_text(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                if !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
                {
                    return false;
                }
                i += 3;
            }
            c if c.is_ascii_alphanumeric() || URI_PUNCTUATION.contains(&c) => i += 1,
            _ => return false,
        }
    }
    true
}

impl PartialEq for Href<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.encoded() == other.encoded()
    }
}

impl Eq for Href<'_> {}

impl std::hash::Hash for Href<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.encoded().hash(state);
    }
}

impl fmt::Display for Href<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encoded())
    }
}

impl fmt::Debug for Href<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Href({:?})", self.encoded())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(p: &str) -> String {
        Href::from_path(p)
            .map(|h| h.encoded().into_owned())
            .unwrap_or_default()
    }

    #[test]
    fn encodes_paths() {
        assert_eq!(enc("/"), "/");
        assert_eq!(enc("/a b"), "/a%20b");
        assert_eq!(enc("/é"), "/%C3%A9");
        assert_eq!(enc("/日本"), "/%E6%97%A5%E6%9C%AC");
        assert_eq!(enc("/a&b"), "/a&b");
        assert_eq!(enc("/50%"), "/50%25");
        assert_eq!(enc("/a#b"), "/a%23b");
        assert_eq!(enc("/a?b"), "/a%3Fb");
        assert_eq!(enc("/a\"<>b"), "/a%22%3C%3Eb");
        assert_eq!(enc("/keep-._~!$'()*+,;=:@/"), "/keep-._~!$'()*+,;=:@/");
    }

    /// A path never starts with `//` (a network-path reference): the second slash is
    /// encoded, in the text form and in the XML form, and the path decodes back.
    #[test]
    fn second_leading_slash_is_encoded() {
        assert_eq!(enc("//x/y"), "/%2Fx/y");
        assert_eq!(enc("///x"), "/%2F/x");
        assert_eq!(enc("//"), "/%2F");
        assert_eq!(enc("/x//y"), "/x//y");
        let h = Href::from_origin_and_path("http://a.example", "//x&y").ok();
        let mut out = Vec::new();
        if let Some(h) = &h {
            h.write_escaped(&mut out);
        }
        assert_eq!(out, b"http://a.example/%2Fx&amp;y");
        let h = Href::from_encoded("/%2Fx").ok();
        assert_eq!(
            h.as_ref().and_then(Href::decoded_path).as_deref(),
            Some("//x")
        );
    }

    /// The hand-written encoder agrees with the `percent-encoding` crate on every ASCII byte
    /// and on multi-byte characters.
    #[test]
    fn agrees_with_percent_encoding_crate() {
        use percent_encoding::utf8_percent_encode;
        let mut all: String = (0u8..128).map(char::from).collect();
        all.push_str("é日本😀\u{7FF}\u{FFFF}");
        for p in [all.as_str(), "/a b/c", "", "%%%", "/ü/"] {
            let mut ours = Vec::new();
            encode_path::<false>(&mut ours, p);
            assert_eq!(
                String::from_utf8(ours).unwrap_or_default(),
                utf8_percent_encode(p, PATH_SET).to_string()
            );
        }
    }

    proptest::proptest! {
        /// Paths of any length up to 60 characters, made of bytes kept, encoded and escaped:
        /// the 8-byte chunks and the last partial one write what the `percent-encoding`
        /// crate writes, with `&` escaped for XML.
        #[test]
        fn chunks_agree_with_percent_encoding_crate(
            chars in proptest::collection::vec(
                proptest::sample::select(&['a', '/', '-', ' ', '%', '&', '#', '?', 'é', '😀', '\u{7F}'][..]),
                0..60,
            ),
        ) {
            use percent_encoding::utf8_percent_encode;
            // Never `//` at the start, which is encoded on purpose (tested above).
            let path: String = "/a".chars().chain(chars).collect();
            let crate_form = utf8_percent_encode(&path, PATH_SET).to_string();
            let mut uri = Vec::new();
            encode_path::<false>(&mut uri, &path);
            proptest::prop_assert_eq!(String::from_utf8(uri).unwrap_or_default(), crate_form.clone());
            let mut xml = Vec::new();
            encode_path::<true>(&mut xml, &path);
            proptest::prop_assert_eq!(
                String::from_utf8(xml).unwrap_or_default(),
                crate_form.replace('&', "&amp;")
            );
        }
    }

    #[test]
    fn escaped_for_xml() {
        let mut out = Vec::new();
        if let Ok(h) = Href::from_path("/a&b c") {
            h.write_escaped(&mut out);
        }
        assert_eq!(out, b"/a&amp;b%20c");
    }

    #[test]
    fn encoded_validation() {
        for ok in [
            "/",
            "/a%20b",
            "http://example.com/x?y#z",
            "urn:uuid:1-2",
            "mailto:a@b",
        ] {
            assert!(Href::from_encoded(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "a/b",
            "/a b",
            "/%",
            "/%4",
            "/%4g",
            "/é",
            "1http://x/",
            "/<x>",
            "//x",
            "//",
        ] {
            assert!(Href::from_encoded(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn equality_is_on_encoded_form() {
        let a = Href::from_path("/a b").ok();
        let b = Href::from_encoded("/a%20b").ok();
        assert!(a.is_some() && a == b);
    }

    #[test]
    fn decoded_path() {
        let h = Href::from_encoded("/x%2Fy/%C3%A9").ok();
        assert_eq!(
            h.as_ref().and_then(Href::decoded_path).as_deref(),
            Some("/x/y/é")
        );
        let h = Href::from_encoded("urn:uuid:1").ok();
        assert_eq!(h.as_ref().and_then(Href::decoded_path), None);
    }
}
