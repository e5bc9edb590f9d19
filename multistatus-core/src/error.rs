//! The one error type of the runtime.

use std::fmt;

/// Everything that can go wrong while building, writing or parsing a multistatus.
///
/// Errors about request bodies map to `400 Bad Request` (or `413` for the size limit): see
/// [`Error::http_status`].
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A status code outside 200–599 (1xx codes never appear in a body, RFC 4918 §13).
    InvalidStatus {
        /// The rejected code.
        code: u16,
    },
    /// A reason phrase with a character RFC 9112 does not allow in one: a line break or
    /// another control character (see [`StatusLine`](crate::StatusLine)).
    InvalidReason {
        /// The rejected phrase.
        reason: String,
    },
    /// A `DAV:status` text that is not `HTTP/x.y NNN reason`.
    InvalidStatusLine {
        /// The rejected text.
        line: String,
    },
    /// A local name that is not an XML `NCName`.
    InvalidName {
        /// The rejected name.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A namespace that is not an absolute URI, or is reserved.
    InvalidNamespace {
        /// The rejected namespace.
        namespace: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A href that is neither an absolute path nor an absolute URI.
    InvalidHref {
        /// The rejected href.
        href: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Text holding a character XML 1.0 cannot carry (U+0000–U+0008, U+000B, U+000C,
    /// U+000E–U+001F, U+FFFE, U+FFFF). Nothing of the response being written was output.
    IllegalChar {
        /// The character.
        found: char,
    },
    /// A status where it has no meaning: a success (2xx) as a property's or a PROPPATCH
    /// instruction's failure (`Err(Status::OK)`, `PatchFailure::Status(Status::OK, _)`), or
    /// 207 Multi-Status in a propstat. A programming error of the server: nothing of the
    /// response being written was output.
    StatusNotAllowed {
        /// The status.
        status: crate::Status,
        /// Where it was found.
        reason: &'static str,
    },
    /// A request body could not be read: malformed, over a limit, or not what the method
    /// expects. Answer with [`Error::http_status`] (400, or 413 for a limit). Boxed, so that
    /// every `Result` of the writer stays small.
    Request(Box<crate::reader::ReadError>),
    /// A value could not be written; the message says why.
    Value(String),
    /// The underlying writer failed. The body is cut off where it failed: the writer drops
    /// its buffer and refuses further work ([`Error::OutputFailed`]); end the HTTP response
    /// abnormally (close the connection) rather than send more.
    Io(std::io::Error),
    /// A write to the output failed earlier (that call returned [`Error::Io`]): the body is
    /// incomplete, and a [`MultistatusWriter`](crate::MultistatusWriter) writes and buffers
    /// nothing more.
    OutputFailed,
}

impl Error {
    /// The HTTP status a server should answer when this error comes from a request.
    #[must_use]
    pub fn http_status(&self) -> crate::Status {
        match self {
            Self::Io(_) | Self::OutputFailed | Self::Value(_) | Self::StatusNotAllowed { .. } => {
                crate::Status::INTERNAL_SERVER_ERROR
            }
            Self::Request(e) => e.http_status(),
            _ => crate::Status::BAD_REQUEST,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidStatus { code } => write!(
                f,
                "status {code} cannot appear in a multistatus body: codes must be 200 to 599 (RFC 4918 §13)"
            ),
            Self::InvalidReason { reason } => {
                write!(
                    f,
                    "reason phrase {reason:?} contains a line break or another control character (RFC 9112 §4)"
                )
            }
            Self::InvalidStatusLine { line } => {
                write!(f, "{line:?} is not a status line like `HTTP/1.1 200 OK`")
            }
            Self::InvalidName { name, reason } => write!(f, "invalid XML name {name:?}: {reason}"),
            Self::InvalidNamespace { namespace, reason } => {
                write!(f, "invalid namespace {namespace:?}: {reason}")
            }
            Self::InvalidHref { href, reason } => write!(f, "invalid href {href:?}: {reason}"),
            Self::IllegalChar { found } => write!(
                f,
                "character U+{:04X} cannot be written in XML 1.0",
                u32::from(*found)
            ),
            Self::StatusNotAllowed { status, reason } => {
                write!(f, "status {} cannot be used here: {reason}", status.code())
            }
            Self::Request(e) => write!(f, "invalid request body: {e}"),
            Self::Value(msg) => f.write_str(msg),
            Self::Io(e) => write!(f, "writing the multistatus failed: {e}"),
            Self::OutputFailed => f.write_str(
                "writing the multistatus failed earlier: the body is incomplete and the writer refuses further work",
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io(e) => Some(e),
            Self::Request(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

impl From<crate::reader::ReadError> for Error {
    fn from(e: crate::reader::ReadError) -> Self {
        Self::Request(Box::new(e))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e)
    }
}
