//! What the checked event reader ([`Core`](super::events::Core)) reads: the text of a body
//! and where its bytes are.
//!
//! Two inputs, one contract: the parser (quick-xml's `NsReader`) only ever sees text that is
//! valid UTF-8 and holds no character XML 1.0 cannot carry, so that those errors have one
//! place and an exact position.
//!
//! - [`TextInput`]: a UTF-8 body in memory, checked whole before parsing; events borrow it
//!   (no copy). Requests and [`MultistatusReader::from_slice`](crate::client::MultistatusReader::from_slice).
//! - [`Stream`]: a body streamed from an `io::BufRead` (or a UTF-16 body, transcoded as it
//!   is read) through a window: bytes are checked as they enter it, and it keeps what was read
//!   since the last [`Input::mark`] (a 207 reader marks each response), so that a response's
//!   raw XML (dead properties) can be sliced and memory stays flat. Positions of errors are
//!   counted as the window drops what it no longer needs.

use std::borrow::Cow;
use std::io::{self, BufRead};

use quick_xml::NsReader;
use quick_xml::errors::Error as XmlError;
use quick_xml::events::Event;
use quick_xml::name::NamespaceResolver;
use quick_xml::reader::Config;

use crate::escape::find_illegal;
use crate::reader::{ReadError, ReadErrorKind};

/// The encoding of a body, from its byte order mark (XML 1.0 §4.3.3 and Appendix F): an
/// entity in UTF-16 must start with one; without, the body is UTF-8.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    /// The encoding of `body` and the length of its byte order mark.
    pub(crate) fn detect(body: &[u8]) -> (Self, usize) {
        match body {
            [0xEF, 0xBB, 0xBF, ..] => (Self::Utf8, 3),
            [0xFF, 0xFE, ..] => (Self::Utf16Le, 2),
            [0xFE, 0xFF, ..] => (Self::Utf16Be, 2),
            _ => (Self::Utf8, 0),
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Utf16Le => "UTF-16LE",
            Self::Utf16Be => "UTF-16BE",
        }
    }

    /// A UTF-16 code unit from two bytes.
    pub(crate) fn unit(self, pair: [u8; 2]) -> u16 {
        match self {
            Self::Utf16Be => u16::from_be_bytes(pair),
            Self::Utf8 | Self::Utf16Le => u16::from_le_bytes(pair),
        }
    }

    /// Whether an XML declaration may name `declared` for a body in this encoding.
    pub(crate) fn agrees(self, declared: &str) -> bool {
        let is = |name: &str| declared.eq_ignore_ascii_case(name);
        match self {
            Self::Utf8 => is("UTF-8"),
            Self::Utf16Le => is("UTF-16") || is("UTF-16LE"),
            Self::Utf16Be => is("UTF-16") || is("UTF-16BE"),
        }
    }
}

/// What the checked event reader reads from. Offsets (`at`) are into the text the parser
/// sees: the body after its byte order mark, transcoded to UTF-8 when it was UTF-16.
pub(crate) trait Input {
    /// The parser's configuration, set once before reading.
    fn config_mut(&mut self) -> &mut Config;

    /// The next event. A start tag's content stays available through [`Input::start`]
    /// until the next call.
    fn read(&mut self) -> Result<Event<'_>, XmlError>;

    /// The start tag read last (its text between `<` and `>` or `/>`, and the length of
    /// its name), and the namespace resolver; `None` when the last event was not a start tag.
    fn start(&mut self) -> Option<(&str, usize, &mut NamespaceResolver)>;

    /// The namespace bindings in scope.
    fn resolver(&self) -> &NamespaceResolver;

    /// Where the parser is: just after the last event.
    fn position(&self) -> usize;

    /// Where the parser puts its last error.
    fn error_position(&self) -> usize;

    /// The text from `from` to `to`, when the input still holds it (always for text in
    /// memory; since the last mark for a window).
    fn slice(&self, from: usize, to: usize) -> Option<&str>;

    /// An error at offset `at`, with its position in the body as received and its line
    /// and column.
    fn error(&self, kind: ReadErrorKind, at: usize) -> ReadError;

    /// Offset `at` as a byte offset of the body as received, without counting lines.
    fn body_position(&self, at: usize) -> usize;

    /// The error that made the input stop (a character XML cannot carry, invalid UTF-8 or
    /// UTF-16, a limit), which the parser only saw as an I/O error or as the end of its
    /// input (`at_end`: the parser ran out of text, within markup or at the end).
    fn take_failure(&mut self, at_end: bool) -> Option<(ReadErrorKind, usize)>;

    /// What comes before `at` is no longer needed ([`Input::slice`]); `limit`: the input
    /// stops with [`ReadErrorKind::ResponseTooLarge`] past this offset.
    fn mark(&mut self, at: usize, limit: usize);

    /// The encoding of the body.
    fn encoding(&self) -> Encoding;
}

/// The quick-xml settings every input reads with: strict (comments, end tags, `&`),
/// nothing trimmed, empty elements as they are.
pub(crate) fn configure(config: &mut Config) {
    config.check_comments = true;
    config.check_end_names = true;
    config.expand_empty_elements = false;
    config.allow_dangling_amp = false;
    config.allow_unmatched_ends = false;
    config.trim_text(false);
}

/// `at`, moved back to the start of the character it falls in.
fn char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// [`find_illegal`] over a whole body: blocks of 32 bytes where no such character can start
/// (no control character but tab, LF and CR, no 0xEF) are skipped in one pass the compiler
/// turns into vector instructions; from the first block with one, `find_illegal` decides.
fn first_illegal(text: &str) -> Option<(usize, char)> {
    const BLOCK: usize = 32;
    let suspect = |block: &[u8]| {
        block.iter().fold(false, |acc, &c| {
            acc | ((c < 0x20) & (c != b'\t') & (c != b'\n') & (c != b'\r')) | (c == 0xEF)
        })
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    for block in bytes.chunks_exact(BLOCK) {
        if suspect(block) {
            break;
        }
        at += BLOCK;
    }
    // The bytes after the last whole block, as the last 32 bytes (overlapping the block
    // before): when clean, the whole text is.
    if at + BLOCK > bytes.len()
        && let Some(last) = bytes.last_chunk::<BLOCK>()
        && !suspect(last)
    {
        return None;
    }
    // Every character that starts before `at` can be carried.
    let from = char_boundary(text, at);
    let (i, found) = find_illegal(text.get(from..)?)?;
    Some((from + i, found))
}

/// A UTF-8 body in memory, read in place: events borrow it. It is checked before parsing
/// (valid UTF-8, only characters XML can carry) and the parser is given the part before the
/// first fault, which is reported when the parser needs what follows: as a stream reports
/// it, so that an error earlier in the document comes first, whatever the input.
pub(crate) struct TextInput<'i> {
    reader: NsReader<&'i [u8]>,
    text: &'i str,
    /// The length of the byte order mark before `text`.
    bom: usize,
    /// The start tag read last: its text and the length of its name.
    start: Option<(&'i str, usize)>,
    /// What is wrong at the end of `text`, where the body goes on.
    fault: Option<(ReadErrorKind, usize)>,
}

impl<'i> TextInput<'i> {
    /// Checks `body` (UTF-8, after a byte order mark of `bom` bytes) and reads it in place.
    pub(crate) fn new(body: &'i [u8], bom: usize) -> Self {
        let rest = body.get(bom..).unwrap_or_default();
        let (text, mut fault) = match std::str::from_utf8(rest) {
            Ok(text) => (text, None),
            Err(e) => {
                let valid = rest.get(..e.valid_up_to()).unwrap_or_default();
                let text = std::str::from_utf8(valid).unwrap_or_default();
                (text, Some((ReadErrorKind::InvalidUtf8, text.len())))
            }
        };
        let text = match first_illegal(text) {
            Some((at, found)) => {
                fault = Some((ReadErrorKind::IllegalChar { found }, at));
                text.get(..at).unwrap_or_default()
            }
            None => text,
        };
        Self {
            reader: NsReader::from_str(text),
            text,
            bom,
            start: None,
            fault,
        }
    }

    /// Where `s`, a slice of the text, starts.
    fn offset_of(&self, s: &str) -> Option<usize> {
        let at = s.as_ptr().addr().checked_sub(self.text.as_ptr().addr())?;
        (at + s.len() <= self.text.len()).then_some(at)
    }
}

impl Input for TextInput<'_> {
    fn config_mut(&mut self) -> &mut Config {
        self.reader.config_mut()
    }

    #[inline]
    fn read(&mut self) -> Result<Event<'_>, XmlError> {
        let event = self.reader.read_event()?;
        self.start = match &event {
            Event::Start(e) | Event::Empty(e) => {
                let content: &str = e;
                // The slice reader's events borrow the text: the tag is found in it again
                // with the text's lifetime.
                self.offset_of(content)
                    .and_then(|at| self.text.get(at..at + content.len()))
                    .map(|tag| (tag, e.name().into_inner().len()))
            }
            _ => None,
        };
        Ok(event)
    }

    #[inline]
    fn start(&mut self) -> Option<(&str, usize, &mut NamespaceResolver)> {
        let (tag, name_len) = self.start?;
        Some((tag, name_len, self.reader.resolver_mut()))
    }

    #[inline]
    fn resolver(&self) -> &NamespaceResolver {
        self.reader.resolver()
    }

    #[inline]
    fn position(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    fn error_position(&self) -> usize {
        usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX)
    }

    fn slice(&self, from: usize, to: usize) -> Option<&str> {
        self.text.get(from..to)
    }

    fn error(&self, kind: ReadErrorKind, at: usize) -> ReadError {
        let at = char_boundary(self.text, at);
        let before = self.text.get(..at).unwrap_or_default();
        ReadError::located(kind, self.bom + at, before)
    }

    fn body_position(&self, at: usize) -> usize {
        self.bom + at
    }

    fn take_failure(&mut self, at_end: bool) -> Option<(ReadErrorKind, usize)> {
        // The parser needed what follows the checked text only if it ran out of it.
        if at_end || self.position() >= self.text.len() {
            return self.fault.take();
        }
        None
    }

    fn mark(&mut self, _at: usize, _limit: usize) {}

    fn encoding(&self) -> Encoding {
        Encoding::Utf8
    }
}

/// A body in memory, as a reader reads it: UTF-8 in place (events borrow the body, nothing
/// is copied), UTF-16 transcoded as it is read.
pub struct Slice<'i>(SliceKind<'i>);

#[allow(
    clippy::large_enum_variant,
    reason = "the UTF-8 input is the hot path, read without an indirection; one per body"
)]
enum SliceKind<'i> {
    /// UTF-8, read in place.
    Text(TextInput<'i>),
    /// UTF-16, transcoded through a window that keeps everything (it is never marked), or
    /// a body with a fault, read as a stream.
    Utf16(Box<Stream<&'i [u8]>>),
}

impl<'i> Slice<'i> {
    /// The input for `body`, by its byte order mark; `max_bytes` bounds what is read.
    pub(crate) fn new(body: &'i [u8], max_bytes: usize) -> Self {
        Self(match Encoding::detect(body) {
            (Encoding::Utf8, bom) => match TextInput::new(body, bom) {
                // A body with an encoding fault or a character XML cannot carry is read as a
                // stream is: where its error is found then depends on how far quick-xml's
                // buffered parser reads, which its slice parser does not always match
                // (`<?>`, `<!x`, an end tag just before the fault: found by fuzzing).
                input if input.fault.is_some() => {
                    SliceKind::Utf16(Box::new(Stream::new(body, max_bytes)))
                }
                input => SliceKind::Text(input),
            },
            _ => SliceKind::Utf16(Box::new(Stream::new(body, max_bytes))),
        })
    }
}

/// Calls the same method on either input.
macro_rules! either {
    ($self:ident, $input:ident => $e:expr) => {
        match &mut $self.0 {
            SliceKind::Text($input) => $e,
            SliceKind::Utf16($input) => $e,
        }
    };
    (ref $self:ident, $input:ident => $e:expr) => {
        match &$self.0 {
            SliceKind::Text($input) => $e,
            SliceKind::Utf16($input) => $e,
        }
    };
}

impl Input for Slice<'_> {
    fn config_mut(&mut self) -> &mut Config {
        either!(self, input => input.config_mut())
    }

    #[inline]
    fn read(&mut self) -> Result<Event<'_>, XmlError> {
        either!(self, input => input.read())
    }

    #[inline]
    fn start(&mut self) -> Option<(&str, usize, &mut NamespaceResolver)> {
        either!(self, input => input.start())
    }

    #[inline]
    fn resolver(&self) -> &NamespaceResolver {
        either!(ref self, input => input.resolver())
    }

    #[inline]
    fn position(&self) -> usize {
        either!(ref self, input => input.position())
    }

    fn error_position(&self) -> usize {
        either!(ref self, input => input.error_position())
    }

    fn slice(&self, from: usize, to: usize) -> Option<&str> {
        either!(ref self, input => input.slice(from, to))
    }

    fn error(&self, kind: ReadErrorKind, at: usize) -> ReadError {
        either!(ref self, input => input.error(kind, at))
    }

    fn body_position(&self, at: usize) -> usize {
        either!(ref self, input => input.body_position(at))
    }

    fn take_failure(&mut self, at_end: bool) -> Option<(ReadErrorKind, usize)> {
        either!(self, input => input.take_failure(at_end))
    }

    fn mark(&mut self, at: usize, limit: usize) {
        either!(self, input => input.mark(at, limit));
    }

    fn encoding(&self) -> Encoding {
        either!(ref self, input => input.encoding())
    }
}

/// A body streamed from an `io::BufRead`, as a reader reads it: through a window that
/// checks the characters as they arrive and keeps what a response needs; events are copied
/// into a buffer, as quick-xml reads a stream.
pub struct Stream<R> {
    reader: NsReader<Window<R>>,
    buf: Vec<u8>,
    /// The start tag read last: where its text is in `buf`, its length and its name's.
    start: Option<(usize, usize, usize)>,
}

impl<R: BufRead> Stream<R> {
    /// Reads `inner`; past `max_bytes` of text the input stops ([`ReadErrorKind::TooLarge`]).
    pub(crate) fn new(inner: R, max_bytes: usize) -> Self {
        Self {
            reader: NsReader::from_reader(Window::new(inner, max_bytes)),
            buf: Vec::new(),
            start: None,
        }
    }
}

impl<R: BufRead> Input for Stream<R> {
    fn config_mut(&mut self) -> &mut Config {
        self.reader.config_mut()
    }

    #[inline]
    fn read(&mut self) -> Result<Event<'_>, XmlError> {
        self.buf.clear();
        let event = self.reader.read_event_into(&mut self.buf)?;
        // The buffer holds the whole tag, `<` included.
        self.start = match &event {
            Event::Start(e) | Event::Empty(e) => Some((1, e.len(), e.name().into_inner().len())),
            _ => None,
        };
        Ok(event)
    }

    #[inline]
    fn start(&mut self) -> Option<(&str, usize, &mut NamespaceResolver)> {
        let (at, len, name_len) = self.start?;
        // Checked when the window took it in, and by the parser: only its lifetime is new.
        let tag = std::str::from_utf8(self.buf.get(at..at + len)?).ok()?;
        Some((tag, name_len, self.reader.resolver_mut()))
    }

    #[inline]
    fn resolver(&self) -> &NamespaceResolver {
        self.reader.resolver()
    }

    #[inline]
    fn position(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    fn error_position(&self) -> usize {
        usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX)
    }

    fn slice(&self, from: usize, to: usize) -> Option<&str> {
        self.reader.get_ref().slice(from, to)
    }

    fn error(&self, kind: ReadErrorKind, at: usize) -> ReadError {
        self.reader.get_ref().error(kind, at)
    }

    fn body_position(&self, at: usize) -> usize {
        self.reader.get_ref().body_position(at)
    }

    fn take_failure(&mut self, _at_end: bool) -> Option<(ReadErrorKind, usize)> {
        let window = self.reader.get_mut();
        if window.stopped {
            window.failure.take()
        } else {
            None
        }
    }

    fn mark(&mut self, at: usize, limit: usize) {
        self.reader.get_mut().mark(at, limit);
    }

    fn encoding(&self) -> Encoding {
        self.reader.get_ref().encoding
    }
}

/// The text of a stream, as the parser reads it: bytes from the inner reader, the byte order
/// mark removed, UTF-16 transcoded, each character checked as it enters; what was read since
/// the last mark is kept.
pub(crate) struct Window<R> {
    inner: R,
    /// The text from offset `base` on.
    data: Vec<u8>,
    base: usize,
    /// What the parser has taken, in `data`.
    pos: usize,
    /// What is checked, in `data`: the parser is handed nothing past it.
    checked: usize,
    /// Undecoded bytes of a UTF-16 body: an odd byte, or a high surrogate awaiting its pair.
    pending: Vec<u8>,
    /// Known once the first bytes are in.
    encoding: Encoding,
    bom: Option<usize>,
    eof: bool,
    /// The text past which nothing is handed out, and the error then.
    limit: usize,
    limit_error: ReadErrorKind,
    max_bytes: usize,
    /// Where `data[0]` is: its line, the characters before it on that line, and (UTF-16)
    /// the code units before it.
    line: usize,
    column: usize,
    units: usize,
    failure: Option<(ReadErrorKind, usize)>,
    /// Whether the parser was refused bytes because of `failure`: only then is it the
    /// error (an error of the parser before that place comes first).
    stopped: bool,
}

/// How much the window reads from the inner reader at once, at most.
const CHUNK: usize = 64 << 10;

impl<R: BufRead> Window<R> {
    fn new(inner: R, max_bytes: usize) -> Self {
        Self {
            inner,
            data: Vec::new(),
            base: 0,
            pos: 0,
            checked: 0,
            pending: Vec::new(),
            encoding: Encoding::Utf8,
            bom: None,
            eof: false,
            limit: max_bytes,
            limit_error: ReadErrorKind::TooLarge { max_bytes },
            max_bytes,
            line: 1,
            column: 0,
            units: 0,
            failure: None,
            stopped: false,
        }
    }

    fn slice(&self, from: usize, to: usize) -> Option<&str> {
        let from = from.checked_sub(self.base)?;
        let to = to.checked_sub(self.base).filter(|&to| to <= self.checked)?;
        std::str::from_utf8(self.data.get(from..to)?).ok()
    }

    fn body_position(&self, at: usize) -> usize {
        let bom = self.bom.unwrap_or(0);
        match self.encoding {
            Encoding::Utf8 => bom + at,
            Encoding::Utf16Le | Encoding::Utf16Be => {
                let checked = self.data.get(..self.checked).unwrap_or_default();
                let text = std::str::from_utf8(checked).unwrap_or_default();
                let at = char_boundary(text, at.saturating_sub(self.base));
                let before = text.get(..at).unwrap_or_default();
                bom + 2 * (self.units + before.encode_utf16().count())
            }
        }
    }

    fn error(&self, kind: ReadErrorKind, at: usize) -> ReadError {
        let checked = self.data.get(..self.checked).unwrap_or_default();
        let text = std::str::from_utf8(checked).unwrap_or_default();
        let at = char_boundary(text, at.saturating_sub(self.base));
        let before = text.get(..at).unwrap_or_default();
        let bom = self.bom.unwrap_or(0);
        let position = match self.encoding {
            Encoding::Utf8 => bom + self.base + at,
            Encoding::Utf16Le | Encoding::Utf16Be => {
                bom + 2 * (self.units + before.encode_utf16().count())
            }
        };
        let (line, column) = match before.rfind('\n') {
            Some(i) => (
                self.line + before.bytes().filter(|&b| b == b'\n').count(),
                before.get(i + 1..).unwrap_or_default().chars().count(),
            ),
            None => (self.line, self.column + before.chars().count()),
        };
        ReadError::at(kind, position, line, column + 1)
    }

    /// Drops what comes before `at` once that is worth the copy of what is kept (at least
    /// as much as is kept), counting lines and columns in it; past `limit` the window
    /// stops with [`ReadErrorKind::ResponseTooLarge`].
    fn mark(&mut self, at: usize, limit: usize) {
        let (limit, error) = if limit < self.max_bytes {
            (
                limit,
                ReadErrorKind::ResponseTooLarge {
                    max_response_bytes: limit.saturating_sub(at),
                },
            )
        } else {
            (
                self.max_bytes,
                ReadErrorKind::TooLarge {
                    max_bytes: self.max_bytes,
                },
            )
        };
        self.limit = limit;
        self.limit_error = error;
        let drop = at.saturating_sub(self.base).min(self.pos);
        if drop < CHUNK || drop < self.data.len() - drop {
            return;
        }
        let gone = std::str::from_utf8(self.data.get(..drop).unwrap_or_default()).unwrap_or("");
        match gone.rfind('\n') {
            Some(i) => {
                self.line += gone.bytes().filter(|&b| b == b'\n').count();
                self.column = gone.get(i + 1..).unwrap_or_default().chars().count();
            }
            None => self.column += gone.chars().count(),
        }
        if self.encoding != Encoding::Utf8 {
            self.units += gone.encode_utf16().count();
        }
        self.data.drain(..drop);
        self.base += drop;
        self.pos -= drop;
        self.checked -= drop;
    }

    /// Reads more text into the window (or learns that the stream ended).
    fn refill(&mut self) -> io::Result<()> {
        let chunk = loop {
            match self.inner.fill_buf() {
                Ok(chunk) => break chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        let n = chunk.len().min(CHUNK);
        let chunk = chunk.get(..n).unwrap_or_default();
        if n == 0 {
            self.eof = true;
        } else if self.bom.is_some() && self.encoding == Encoding::Utf8 {
            // The common case: one copy, from the inner reader's buffer into the window.
            self.data.extend_from_slice(chunk);
            self.inner.consume(n);
            return Ok(());
        } else {
            self.pending.extend_from_slice(chunk);
            self.inner.consume(n);
        }
        if self.bom.is_none() {
            // The byte order mark needs the first three bytes (or all there are).
            if self.pending.len() < 3 && !self.eof {
                return Ok(());
            }
            let (encoding, bom) = Encoding::detect(&self.pending);
            self.encoding = encoding;
            self.bom = Some(bom);
            self.pending.drain(..bom.min(self.pending.len()));
            if encoding == Encoding::Utf8 {
                self.data.append(&mut self.pending);
                return Ok(());
            }
        }
        self.transcode();
        Ok(())
    }

    /// Decodes the pending bytes of a UTF-16 body into the text; an odd byte, or a high
    /// surrogate at the end, waits for what follows.
    fn transcode(&mut self) {
        let mut used = 0;
        let mut buf = [0; 4];
        loop {
            let unit = |at: usize| {
                let pair = [*self.pending.get(at)?, *self.pending.get(at + 1)?];
                Some(self.encoding.unit(pair))
            };
            let Some(first) = unit(used) else { break };
            let (c, len) = match first {
                0xD800..=0xDBFF => match unit(used + 2) {
                    Some(low @ 0xDC00..=0xDFFF) => {
                        let c = 0x10000
                            + ((u32::from(first) - 0xD800) << 10)
                            + (u32::from(low) - 0xDC00);
                        (char::from_u32(c), 4)
                    }
                    None => break,
                    Some(_) => (None, 2),
                },
                0xDC00..=0xDFFF => (None, 2),
                unit => (char::from_u32(u32::from(unit)), 2),
            };
            let Some(c) = c else {
                let at = self.base + self.data.len();
                self.failure
                    .get_or_insert((ReadErrorKind::InvalidUtf16, at));
                self.pending.clear();
                return;
            };
            used += len;
            self.data
                .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
        self.pending.drain(..used);
    }

    /// Checks the text that came in (UTF-8, then the characters XML can carry); an
    /// incomplete character at the end waits for the rest unless the stream ended.
    fn check(&mut self) {
        let new = self.data.get(self.checked..).unwrap_or_default();
        let (valid, error) = match std::str::from_utf8(new) {
            Ok(s) => (s, None),
            Err(e) => {
                let valid = std::str::from_utf8(new.get(..e.valid_up_to()).unwrap_or_default())
                    .unwrap_or_default();
                let kind = if self.encoding == Encoding::Utf8 {
                    ReadErrorKind::InvalidUtf8
                } else {
                    ReadErrorKind::InvalidUtf16
                };
                let failed = e.error_len().is_some() || self.eof;
                (valid, failed.then_some(kind))
            }
        };
        if let Some((at, found)) = first_illegal(valid) {
            // The parser is given what comes before it.
            self.checked += at;
            self.failure = Some((
                ReadErrorKind::IllegalChar { found },
                self.base + self.checked,
            ));
            return;
        }
        let len = valid.len();
        self.checked += len;
        if let Some(kind) = error {
            self.failure = Some((kind, self.base + self.checked));
        }
        if self.eof && self.encoding != Encoding::Utf8 && !self.pending.is_empty() {
            // An odd byte, or a high surrogate without its pair.
            self.failure
                .get_or_insert((ReadErrorKind::InvalidUtf16, self.base + self.data.len()));
        }
    }
}

/// The error a window's failure reaches the parser as; the reader asks the window for the
/// real one ([`Input::take_failure`]).
fn stopped(window: &mut Window<impl BufRead>) -> io::Error {
    window.stopped = true;
    io::Error::other("the input stopped")
}

impl<R: BufRead> io::Read for Window<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        if let (Some(to), Some(from)) = (out.get_mut(..n), available.get(..n)) {
            to.copy_from_slice(from);
        }
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Window<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        loop {
            if self.pos < self.checked {
                if self.base + self.pos >= self.limit {
                    let error = (self.limit_error.clone(), self.limit);
                    self.failure.get_or_insert(error);
                    return Err(stopped(self));
                }
                break;
            }
            if self.failure.is_some() {
                return Err(stopped(self));
            }
            if self.eof {
                return Ok(&[]);
            }
            self.refill()?;
            self.check();
        }
        let end = self.checked.min(self.limit - self.base);
        Ok(self.data.get(self.pos..end).unwrap_or_default())
    }

    fn consume(&mut self, amount: usize) {
        self.pos = (self.pos + amount).min(self.checked);
    }
}

/// The text of `body` without its byte order mark, for checks that need it whole (an empty
/// PROPFIND body). UTF-16 is transcoded; `None` when it is not valid UTF-16.
pub(crate) fn text_of(body: &[u8]) -> Option<Cow<'_, str>> {
    let (encoding, bom) = Encoding::detect(body);
    let rest = body.get(bom..).unwrap_or_default();
    match encoding {
        Encoding::Utf8 => std::str::from_utf8(rest).ok().map(Cow::Borrowed),
        Encoding::Utf16Le | Encoding::Utf16Be => {
            if rest.len() % 2 != 0 {
                return None;
            }
            let units = rest
                .chunks_exact(2)
                .map(|pair| encoding.unit(<[u8; 2]>::try_from(pair).unwrap_or_default()));
            char::decode_utf16(units)
                .collect::<Result<String, _>>()
                .ok()
                .map(Cow::Owned)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::first_illegal;

    /// The block scan finds a character XML cannot carry wherever it is: in a whole block,
    /// in the bytes after the last one, in texts shorter than a block.
    #[test]
    fn first_illegal_anywhere() {
        for len in 0..100 {
            let plain = "a".repeat(len);
            assert_eq!(first_illegal(&plain), None, "{len}");
            for at in 0..len {
                let mut text = plain.clone().into_bytes();
                if let Some(b) = text.get_mut(at) {
                    *b = 0x01;
                }
                let text = String::from_utf8(text).unwrap();
                assert_eq!(first_illegal(&text), Some((at, '\u{1}')), "{len} {at}");
            }
        }
        // A noncharacter (its UTF-8 starts with 0xEF) at the very end.
        let text = format!("{}\u{FFFE}", "a".repeat(40));
        assert_eq!(first_illegal(&text), Some((40, '\u{FFFE}')));
    }
}
