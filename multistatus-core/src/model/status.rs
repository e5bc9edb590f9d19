//! HTTP status codes as they appear in `DAV:status`, never 1xx.

use std::borrow::Cow;
use std::fmt;
use std::num::NonZeroU16;

/// An HTTP status code that may appear in a multistatus body: 200 to 599.
///
/// RFC 4918 §13 forbids 1xx codes in a 207 body, so a `Status` cannot hold one: the only
/// constructor, [`Status::new`], rejects them, as it rejects anything outside 200–599.
///
/// ```
/// use multistatus_core::Status;
/// assert_eq!(Status::new(404).unwrap(), Status::NOT_FOUND);
/// assert_eq!(Status::OK.line(), "HTTP/1.1 200 OK");
/// assert!(Status::new(102).is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Status(NonZeroU16);

macro_rules! statuses {
    ($($(#[$doc:meta])* $name:ident = $code:literal $reason:literal;)*) => {
        impl Status {
            $(
                $(#[$doc])*
                pub const $name: Status = Status::from_valid($code);
            )*
        }

        /// The registered reason phrase, status line and pre-rendered `DAV:status` element
        /// of `code`.
        const fn registered(code: u16) -> Option<(&'static str, &'static str, &'static str)> {
            match code {
                $($code => Some((
                    $reason,
                    concat!("HTTP/1.1 ", $code, " ", $reason),
                    concat!("<D:status>HTTP/1.1 ", $code, " ", $reason, "</D:status>"),
                )),)*
                _ => None,
            }
        }
    };
}

statuses! {
    /// 200 OK.
    OK = 200 "OK";
    /// 201 Created.
    CREATED = 201 "Created";
    /// 202 Accepted.
    ACCEPTED = 202 "Accepted";
    /// 203 Non-Authoritative Information.
    NON_AUTHORITATIVE_INFORMATION = 203 "Non-Authoritative Information";
    /// 204 No Content.
    NO_CONTENT = 204 "No Content";
    /// 205 Reset Content.
    RESET_CONTENT = 205 "Reset Content";
    /// 206 Partial Content.
    PARTIAL_CONTENT = 206 "Partial Content";
    /// 207 Multi-Status (RFC 4918).
    MULTI_STATUS = 207 "Multi-Status";
    /// 208 Already Reported (RFC 5842).
    ALREADY_REPORTED = 208 "Already Reported";
    /// 226 IM Used (RFC 3229).
    IM_USED = 226 "IM Used";
    /// 300 Multiple Choices.
    MULTIPLE_CHOICES = 300 "Multiple Choices";
    /// 301 Moved Permanently.
    MOVED_PERMANENTLY = 301 "Moved Permanently";
    /// 302 Found.
    FOUND = 302 "Found";
    /// 303 See Other.
    SEE_OTHER = 303 "See Other";
    /// 304 Not Modified.
    NOT_MODIFIED = 304 "Not Modified";
    /// 305 Use Proxy.
    USE_PROXY = 305 "Use Proxy";
    /// 307 Temporary Redirect.
    TEMPORARY_REDIRECT = 307 "Temporary Redirect";
    /// 308 Permanent Redirect.
    PERMANENT_REDIRECT = 308 "Permanent Redirect";
    /// 400 Bad Request.
    BAD_REQUEST = 400 "Bad Request";
    /// 401 Unauthorized.
    UNAUTHORIZED = 401 "Unauthorized";
    /// 402 Payment Required.
    PAYMENT_REQUIRED = 402 "Payment Required";
    /// 403 Forbidden.
    FORBIDDEN = 403 "Forbidden";
    /// 404 Not Found.
    NOT_FOUND = 404 "Not Found";
    /// 405 Method Not Allowed.
    METHOD_NOT_ALLOWED = 405 "Method Not Allowed";
    /// 406 Not Acceptable.
    NOT_ACCEPTABLE = 406 "Not Acceptable";
    /// 407 Proxy Authentication Required.
    PROXY_AUTHENTICATION_REQUIRED = 407 "Proxy Authentication Required";
    /// 408 Request Timeout.
    REQUEST_TIMEOUT = 408 "Request Timeout";
    /// 409 Conflict.
    CONFLICT = 409 "Conflict";
    /// 410 Gone.
    GONE = 410 "Gone";
    /// 411 Length Required.
    LENGTH_REQUIRED = 411 "Length Required";
    /// 412 Precondition Failed.
    PRECONDITION_FAILED = 412 "Precondition Failed";
    /// 413 Content Too Large (RFC 9110; formerly Payload Too Large).
    CONTENT_TOO_LARGE = 413 "Content Too Large";
    /// 414 URI Too Long.
    URI_TOO_LONG = 414 "URI Too Long";
    /// 415 Unsupported Media Type.
    UNSUPPORTED_MEDIA_TYPE = 415 "Unsupported Media Type";
    /// 416 Range Not Satisfiable.
    RANGE_NOT_SATISFIABLE = 416 "Range Not Satisfiable";
    /// 417 Expectation Failed.
    EXPECTATION_FAILED = 417 "Expectation Failed";
    /// 421 Misdirected Request.
    MISDIRECTED_REQUEST = 421 "Misdirected Request";
    /// 422 Unprocessable Content (RFC 9110; formerly Unprocessable Entity).
    UNPROCESSABLE_CONTENT = 422 "Unprocessable Content";
    /// 423 Locked (RFC 4918).
    LOCKED = 423 "Locked";
    /// 424 Failed Dependency (RFC 4918).
    FAILED_DEPENDENCY = 424 "Failed Dependency";
    /// 425 Too Early.
    TOO_EARLY = 425 "Too Early";
    /// 426 Upgrade Required.
    UPGRADE_REQUIRED = 426 "Upgrade Required";
    /// 428 Precondition Required.
    PRECONDITION_REQUIRED = 428 "Precondition Required";
    /// 429 Too Many Requests.
    TOO_MANY_REQUESTS = 429 "Too Many Requests";
    /// 431 Request Header Fields Too Large.
    REQUEST_HEADER_FIELDS_TOO_LARGE = 431 "Request Header Fields Too Large";
    /// 451 Unavailable For Legal Reasons.
    UNAVAILABLE_FOR_LEGAL_REASONS = 451 "Unavailable For Legal Reasons";
    /// 500 Internal Server Error.
    INTERNAL_SERVER_ERROR = 500 "Internal Server Error";
    /// 501 Not Implemented.
    NOT_IMPLEMENTED = 501 "Not Implemented";
    /// 502 Bad Gateway.
    BAD_GATEWAY = 502 "Bad Gateway";
    /// 503 Service Unavailable.
    SERVICE_UNAVAILABLE = 503 "Service Unavailable";
    /// 504 Gateway Timeout.
    GATEWAY_TIMEOUT = 504 "Gateway Timeout";
    /// 505 HTTP Version Not Supported.
    HTTP_VERSION_NOT_SUPPORTED = 505 "HTTP Version Not Supported";
    /// 506 Variant Also Negotiates.
    VARIANT_ALSO_NEGOTIATES = 506 "Variant Also Negotiates";
    /// 507 Insufficient Storage (RFC 4918).
    INSUFFICIENT_STORAGE = 507 "Insufficient Storage";
    /// 508 Loop Detected (RFC 5842).
    LOOP_DETECTED = 508 "Loop Detected";
    /// 511 Network Authentication Required.
    NETWORK_AUTHENTICATION_REQUIRED = 511 "Network Authentication Required";
}

impl Status {
    /// A status for `code`, which must be in 200–599: 1xx codes never appear in a body
    /// (RFC 4918 §13) and anything else is not an HTTP status.
    ///
    /// ```
    /// use multistatus_core::Status;
    /// assert_eq!(Status::new(208).unwrap().line(), "HTTP/1.1 208 Already Reported");
    /// assert!(Status::new(100).is_err());
    /// assert!(Status::new(600).is_err());
    /// ```
    pub const fn new(code: u16) -> Result<Self, crate::Error> {
        if code < 200 || code > 599 {
            return Err(crate::Error::InvalidStatus { code });
        }
        Ok(Self::from_valid(code))
    }

    #[allow(clippy::panic, reason = "only reached in constants with literal codes")]
    const fn from_valid(code: u16) -> Self {
        match NonZeroU16::new(code) {
            Some(n) => Self(n),
            None => panic!("status code 0"),
        }
    }

    /// The numeric code.
    #[must_use]
    pub const fn code(self) -> u16 {
        self.0.get()
    }

    /// The registered reason phrase (IANA HTTP status code registry), if the code has one.
    ///
    /// ```
    /// use multistatus_core::Status;
    /// assert_eq!(Status::FAILED_DEPENDENCY.reason(), Some("Failed Dependency"));
    /// assert_eq!(Status::new(599).unwrap().reason(), None);
    /// ```
    #[must_use]
    pub const fn reason(self) -> Option<&'static str> {
        match registered(self.code()) {
            Some((reason, _, _)) => Some(reason),
            None => None,
        }
    }

    /// The status line as written in `DAV:status`: `HTTP/1.1 NNN Reason`.
    ///
    /// An unregistered code has no reason phrase and is written `HTTP/1.1 599 `, with the
    /// space: RFC 9112 §4 (`status-line = HTTP-version SP status-code SP [ reason-phrase ]`)
    /// requires it even when the phrase is absent. Use [`StatusLine::with_reason`] to give
    /// one.
    ///
    /// ```
    /// use multistatus_core::Status;
    /// assert_eq!(Status::new(599).unwrap().line(), "HTTP/1.1 599 ");
    /// ```
    #[must_use]
    pub fn line(self) -> Cow<'static, str> {
        match registered(self.code()) {
            Some((_, line, _)) => Cow::Borrowed(line),
            None => Cow::Owned(format!("HTTP/1.1 {} ", self.code())),
        }
    }

    /// Whether this is a 2xx code.
    #[must_use]
    pub const fn is_success(self) -> bool {
        self.code() < 300
    }

    /// `<D:status>HTTP/1.1 NNN Reason</D:status>` for a registered code.
    #[inline]
    pub(crate) fn registered_element(self) -> Option<&'static str> {
        match registered(self.code()) {
            Some((_, _, element)) => Some(element),
            None => None,
        }
    }
}

impl fmt::Debug for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Status({})", self.code())
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.reason() {
            Some(r) => write!(f, "{} {r}", self.code()),
            None => write!(f, "{}", self.code()),
        }
    }
}

impl TryFrom<u16> for Status {
    type Error = crate::Error;
    fn try_from(code: u16) -> Result<Self, Self::Error> {
        Self::new(code)
    }
}

impl From<Status> for u16 {
    fn from(s: Status) -> u16 {
        s.code()
    }
}

/// A status with, optionally, a reason phrase other than the registered one.
///
/// Servers send non-standard phrases and clients must keep them; the writer uses the
/// registered phrase unless one is given here.
///
/// A reason phrase is what RFC 9112 §4 allows (`reason-phrase = 1*( HTAB / SP / VCHAR /
/// obs-text )`), read as text: tab, space, visible ASCII, and non-ASCII characters (their
/// UTF-8 bytes are `obs-text`) except the C1 controls U+0080–U+009F (U+0085 is a line
/// break) and U+FFFE/U+FFFF, which XML 1.0 cannot carry. So every phrase accepted, by
/// [`StatusLine::with_reason`] or [`StatusLine::parse`] alike, can be written in
/// `DAV:status` and reads back the same.
///
/// ```
/// use multistatus_core::{Status, StatusLine};
/// let s = StatusLine::with_reason(Status::FORBIDDEN, "Nope").unwrap();
/// assert_eq!(s.to_string(), "HTTP/1.1 403 Nope");
/// assert_eq!(StatusLine::from(Status::OK).to_string(), "HTTP/1.1 200 OK");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct StatusLine<'a> {
    status: Status,
    reason: Option<Cow<'a, str>>,
}

impl<'a> StatusLine<'a> {
    /// A status line with a custom reason phrase.
    ///
    /// The phrase may hold what RFC 9112 allows (see [`StatusLine`]): tab, space, visible
    /// ASCII and non-ASCII text; a line break or another control character is an error.
    ///
    /// ```
    /// use multistatus_core::{Status, StatusLine};
    /// assert!(StatusLine::with_reason(Status::OK, "Très bien\t!").is_ok());
    /// assert!(StatusLine::with_reason(Status::OK, "a\nb").is_err());
    /// assert!(StatusLine::with_reason(Status::OK, "next\u{85}line").is_err());
    /// ```
    pub fn with_reason(
        status: Status,
        reason: impl Into<Cow<'a, str>>,
    ) -> Result<Self, crate::Error> {
        let reason = reason.into();
        check_reason(&reason)?;
        Ok(Self {
            status,
            reason: Some(reason),
        })
    }

    /// The status code.
    #[must_use]
    pub fn status(&self) -> Status {
        self.status
    }

    /// The reason phrase: the custom one, else the registered one, else empty.
    #[must_use]
    pub fn reason(&self) -> &str {
        match &self.reason {
            Some(r) => r,
            None => self.status.reason().unwrap_or(""),
        }
    }

    /// Whether a custom reason phrase was given.
    #[must_use]
    pub fn has_custom_reason(&self) -> bool {
        self.reason.is_some()
    }

    /// An owned copy that borrows nothing.
    #[must_use]
    pub fn into_owned(self) -> StatusLine<'static> {
        StatusLine {
            status: self.status,
            reason: self.reason.map(|r| Cow::Owned(r.into_owned())),
        }
    }

    /// Parses `HTTP/1.1 207 Multi-Status` the way real servers write it: any `HTTP/x.y`
    /// version, surrounding XML whitespace (space, tab, CR, LF), a reason phrase (kept
    /// when it differs from the registered one) or none, with or without the space before
    /// it. 1xx codes and malformed lines are errors, and so is a reason phrase that
    /// [`StatusLine::with_reason`] refuses.
    ///
    /// ```
    /// use multistatus_core::{Status, StatusLine};
    /// let s = StatusLine::parse("  HTTP/1.1 404 Not Found\n").unwrap();
    /// assert_eq!(s.status(), Status::NOT_FOUND);
    /// assert!(!s.has_custom_reason());
    /// let s = StatusLine::parse("HTTP/1.0 404 Nicht gefunden").unwrap();
    /// assert_eq!(s.reason(), "Nicht gefunden");
    /// assert_eq!(StatusLine::parse("HTTP/1.1 599").unwrap().to_string(), "HTTP/1.1 599 ");
    /// assert!(StatusLine::parse("HTTP/1.1 102 Processing").is_err());
    /// assert!(StatusLine::parse("HTTP/1.1 200 O\nK").is_err());
    /// ```
    pub fn parse(line: &'a str) -> Result<Self, crate::Error> {
        let bad = || crate::Error::InvalidStatusLine {
            line: line.to_owned(),
        };
        let rest = trim_xml_space(line).strip_prefix("HTTP/").ok_or_else(bad)?;
        let (version, rest) = rest.split_once(' ').ok_or_else(bad)?;
        if !version.bytes().all(|b| b.is_ascii_digit() || b == b'.') || version.is_empty() {
            return Err(bad());
        }
        let rest = rest.trim_start_matches([' ', '\t']);
        let (code, reason) = rest.split_once(' ').unwrap_or((rest, ""));
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let code: u16 = code.parse().map_err(|_| bad())?;
        let status = Status::new(code)?;
        let reason = trim_xml_space(reason);
        check_reason(reason)?;
        if reason.is_empty() || Some(reason) == status.reason() {
            Ok(Self::from(status))
        } else {
            Ok(Self {
                status,
                reason: Some(Cow::Borrowed(reason)),
            })
        }
    }
}

/// Refuses a reason phrase with a character RFC 9112 does not allow in one (see
/// [`StatusLine`]): the one check of [`StatusLine::with_reason`] and [`StatusLine::parse`].
fn check_reason(reason: &str) -> Result<(), crate::Error> {
    let allowed =
        |c: char| matches!(c, '\t' | ' '..='~') || c > '\u{9F}' && crate::escape::is_xml_char(c);
    if reason.chars().all(allowed) {
        Ok(())
    } else {
        Err(crate::Error::InvalidReason {
            reason: reason.to_owned(),
        })
    }
}

/// `s` without the XML whitespace (space, tab, CR, LF) around it: what surrounds the text
/// of a `DAV:status` in an indented body. Other Unicode spaces are part of the text.
fn trim_xml_space(s: &str) -> &str {
    s.trim_matches([' ', '\t', '\r', '\n'])
}

impl From<Status> for StatusLine<'_> {
    fn from(status: Status) -> Self {
        Self {
            status,
            reason: None,
        }
    }
}

impl fmt::Display for StatusLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP/1.1 {} {}", self.status.code(), self.reason())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_1xx_and_range() {
        for c in [0, 1, 99, 100, 101, 102, 103, 199, 600, 999, u16::MAX] {
            assert!(Status::new(c).is_err(), "{c}");
        }
        for c in [200, 207, 208, 299, 424, 507, 599] {
            assert_eq!(Status::new(c).map(Status::code).ok(), Some(c));
        }
    }

    #[test]
    fn lines() {
        assert_eq!(Status::MULTI_STATUS.line(), "HTTP/1.1 207 Multi-Status");
        assert_eq!(
            Status::ALREADY_REPORTED.line(),
            "HTTP/1.1 208 Already Reported"
        );
        assert_eq!(
            Status::FAILED_DEPENDENCY.line(),
            "HTTP/1.1 424 Failed Dependency"
        );
        assert_eq!(
            Status::new(299).map(Status::line).ok().as_deref(),
            Some("HTTP/1.1 299 ")
        );
    }

    #[test]
    fn reason_with_newline_is_rejected() {
        assert!(StatusLine::with_reason(Status::OK, "a\nb").is_err());
        assert!(StatusLine::with_reason(Status::OK, "fine\tphrase").is_ok());
    }

    /// `parse` refuses the reason phrases `with_reason` refuses, and trims only XML
    /// whitespace around the line and the phrase.
    #[test]
    fn parse_checks_the_reason_as_with_reason_does() {
        for bad in ["a\nb", "a\u{85}b", "a\u{7f}b", "a\u{FFFF}b"] {
            assert!(StatusLine::with_reason(Status::OK, bad).is_err(), "{bad:?}");
            let line = format!("HTTP/1.1 200 {bad}");
            assert!(
                matches!(
                    StatusLine::parse(&line),
                    Err(crate::Error::InvalidReason { .. })
                ),
                "{bad:?}"
            );
        }
        let s = StatusLine::parse("\r\n HTTP/1.1 200 Fine\u{3000}\t\n").ok();
        assert_eq!(s.as_ref().map(StatusLine::reason), Some("Fine\u{3000}"));
    }

    #[test]
    fn parse_lines() {
        for bad in [
            "",
            "HTTP/1.1",
            "HTTP/1.1 20 OK",
            "HTTPS/1.1 200 OK",
            "HTTP/1.1 abc OK",
            "HTTP/x 200 OK",
        ] {
            assert!(StatusLine::parse(bad).is_err(), "{bad}");
        }
        let s = StatusLine::parse("HTTP/1.1 599").ok();
        assert_eq!(s.map(|s| s.status().code()), Some(599));
    }
}
