//! A WebDAV client: sends a PROPFIND to a URL, reads the 207 answer as it arrives into a
//! derived property set, and prints it as a table (one row per resource; properties the set
//! does not know in the last column). Works with any WebDAV server, over http or https.
//!
//! ```sh
//! cargo run --example propfind -- http://127.0.0.1:4918/ --depth 1
//! cargo run --example propfind -- https://cloud.example.com/remote.php/dav/files/alice/ \
//!     --user alice --password secret --prop displayname --prop http://owncloud.org/ns:fileid
//! ```
//!
//! Options: `--depth 0|1|infinity` (default 1); `--prop NAME`, repeatable, where NAME is
//! `namespace:local` (the namespace URI, then the local name after its last colon:
//! `DAV:getetag`, `http://owncloud.org/ns:fileid`), `{namespace}local`, or a bare local name
//! in `DAV:`; `--allprop` (the default when no `--prop` is given); `--user` and
//! `--password` for HTTP basic authentication.
//!
//! The HTTP client is ureq 3 (blocking; rustls with the Mozilla roots, default features
//! off: no gzip, no cookies). It sends any method with its body through `Agent::run` once
//! `allow_non_standard_methods` is set, and its dependencies add about 35 s to a first
//! build on two cores. hyper-util over the tokio the file server already uses would need
//! hyper-rustls and an async runtime for what is one request here.

use std::io::BufReader;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use multistatus::client::{MultistatusReader, ParsedBody, ParsedResponse};
use multistatus::name::{DAV, Name};
use multistatus::request::{Depth, Propfind};
use multistatus::values::ResourceType;
use multistatus::{PropertyName, PropertySet};

/// The properties shown in the table's columns.
#[derive(PropertySet, Debug, PartialEq)]
pub struct Listing {
    displayname: Option<String>,
    getcontentlength: Option<u64>,
    getlastmodified: Option<SystemTime>,
    resourcetype: Option<ResourceType>,
    getcontenttype: Option<String>,
    getetag: Option<String>,
}

/// What the command line asks for.
#[derive(Debug, PartialEq)]
pub struct Args {
    /// The resource.
    pub url: String,
    /// The `Depth` header.
    pub depth: Depth,
    /// The properties named; empty for `allprop`.
    pub props: Vec<Name<'static>>,
    /// The user for basic authentication.
    pub user: Option<String>,
    /// Its password.
    pub password: Option<String>,
}

const USAGE: &str = "usage: propfind URL [--depth 0|1|infinity] [--prop NAME]... [--allprop] \
                     [--user USER --password PASSWORD]";

/// Reads the command line (without the program's name).
///
/// # Errors
/// A message for an unknown option, a missing value, a bad depth or property name.
pub fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Args, String> {
    let mut args = args.into_iter();
    let (mut url, mut depth, mut props) = (None, Depth::One, Vec::new());
    let (mut user, mut password) = (None, None);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--depth" => {
                let v = value()?;
                depth = Depth::parse(Some(&v), Depth::One).map_err(|e| e.to_string())?;
            }
            "--prop" => props.push(parse_prop(&value()?)?),
            "--allprop" => props.clear(),
            "--user" => user = Some(value()?),
            "--password" => password = Some(value()?),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            a if a.starts_with('-') => return Err(format!("unknown option {a}\n{USAGE}")),
            _ if url.is_none() => url = Some(arg),
            _ => return Err(format!("one URL only\n{USAGE}")),
        }
    }
    let url = url.ok_or_else(|| USAGE.to_owned())?;
    if password.is_some() && user.is_none() {
        return Err("--password needs --user".to_owned());
    }
    Ok(Args {
        url,
        depth,
        props,
        user,
        password,
    })
}

/// A property name from the command line: `{namespace}local`, `namespace:local` (split at
/// the last colon, as a local name has none; `DAV` is `DAV:`), or a local name in `DAV:`.
///
/// # Errors
/// When the namespace or the local name is not valid XML.
pub fn parse_prop(text: &str) -> Result<Name<'static>, String> {
    let (namespace, local) = if let Some(rest) = text.strip_prefix('{') {
        rest.split_once('}')
            .ok_or_else(|| format!("{text}: no closing brace"))?
    } else {
        match text.rsplit_once(':') {
            Some(("DAV", local)) => (DAV, local),
            Some(split) => split,
            None => (DAV, text),
        }
    };
    Name::new(namespace.to_owned(), local.to_owned()).map_err(|e| format!("{text}: {e}"))
}

/// The PROPFIND request: method, URL, `Depth`, content type, basic authentication, body.
///
/// # Errors
/// When the URL or a header cannot be sent, or the body cannot be written.
pub fn request(args: &Args) -> Result<ureq::http::Request<Vec<u8>>, String> {
    let propfind = if args.props.is_empty() {
        Propfind::AllProp {
            include: Vec::new(),
        }
    } else {
        Propfind::Prop(args.props.clone())
    };
    let body = propfind.to_xml().map_err(|e| e.to_string())?;
    let mut request = ureq::http::Request::builder()
        .method("PROPFIND")
        .uri(&args.url)
        .header("Depth", args.depth.as_str())
        .header("Content-Type", "application/xml; charset=utf-8");
    if let Some(user) = &args.user {
        let password = args.password.as_deref().unwrap_or("");
        request = request.header("Authorization", basic_auth(user, password));
    }
    request
        .body(body.into_bytes())
        .map_err(|e| format!("{}: {e}", args.url))
}

/// The `Authorization` header of HTTP basic authentication (RFC 7617).
#[must_use]
pub fn basic_auth(user: &str, password: &str) -> String {
    format!("Basic {}", base64(format!("{user}:{password}").as_bytes()))
}

/// Standard base64 with padding (RFC 4648 §4).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The columns of the table.
const HEADER: [&str; 7] = ["HREF", "NAME", "SIZE", "MODIFIED", "TYPE", "ETAG", "OTHER"];

/// One row: the href (decoded when it can be), the typed columns, and the other
/// properties reported with a success status as `local-name=text` (an empty one by its
/// name alone; a value that did not parse as `name=?`); a status-form response has its
/// status in the last column.
#[must_use]
pub fn row(response: &ParsedResponse<Listing>) -> [String; 7] {
    let href = response.href().map_or_else(String::new, |h| {
        h.decoded_path()
            .map_or_else(|| h.encoded().into_owned(), |p| p.into_owned())
    });
    let set = match &response.body {
        ParsedBody::Status(status) => {
            let status = format!("status {} {}", status.status().code(), status.reason());
            return [
                href,
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                status,
            ];
        }
        ParsedBody::Propstats(set) => set,
    };
    let p = &set.props;
    let kind = match (&p.resourcetype, &p.getcontenttype) {
        (Some(t), _) if t.is_collection() => "dir".to_owned(),
        (_, Some(t)) => t.clone(),
        _ => String::new(),
    };
    let mut other = Vec::new();
    for unknown in set
        .unknown
        .iter()
        .filter(|u| u.status.status().is_success())
    {
        let name = unknown.property.name().local().to_owned();
        let text = unknown
            .property
            .to_element()
            .map(|e| e.text().split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        other.push(if text.is_empty() {
            name
        } else {
            format!("{name}={text}")
        });
    }
    for invalid in &set.invalid {
        other.push(format!("{}=?", invalid.name.name().local()));
    }
    [
        href,
        p.displayname.clone().unwrap_or_default(),
        p.getcontentlength
            .map(|n| n.to_string())
            .unwrap_or_default(),
        p.getlastmodified.map(utc).unwrap_or_default(),
        kind,
        p.getetag.clone().unwrap_or_default(),
        other.join(" "),
    ]
}

/// `time` as `YYYY-MM-DD hh:mm:ss` in UTC (times before 1970 as the epoch).
fn utc(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm), in unsigned terms
    // from 0000-03-01.
    let z = days + 719_468;
    let (era, doe) = (z / 146_097, z % 146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

/// The columns a terminal gives `text`: two for East Asian wide and full-width characters
/// (the main blocks of Unicode's East Asian Width `W` and `F`), one for the others.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| match u32::from(c) {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x1F300..=0x1F64F
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

/// The rows under their header, each column as wide as its widest cell (SIZE aligned
/// right), two spaces apart, no space at the end of a line.
#[must_use]
pub fn table(rows: &[[String; 7]]) -> String {
    let header = HEADER.map(str::to_owned);
    let all: Vec<&[String; 7]> = std::iter::once(&header).chain(rows).collect();
    let mut widths = [0; 7];
    for row in &all {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(width(cell));
        }
    }
    let mut out = String::new();
    for row in all {
        let mut line = String::new();
        for (i, (cell, column)) in row.iter().zip(widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            let pad = " ".repeat(column - width(cell));
            if i == 2 {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Sends the request and reads the answer, one response at a time, into rows.
fn run(args: &Args) -> Result<Vec<[String; 7]>, Box<dyn std::error::Error>> {
    let agent = ureq::Agent::config_builder()
        .allow_non_standard_methods(true)
        .http_status_as_error(false)
        // A redirect is reported: following it would turn the PROPFIND into a GET.
        .max_redirects(0)
        .build()
        .new_agent();
    let response = agent.run(request(args)?)?;
    let status = response.status();
    if status.as_u16() != 207 {
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(|l| format!(" (Location: {l})"))
            .unwrap_or_default();
        return Err(format!("the server answered {status}{location}, not 207 Multi-Status").into());
    }
    let body = BufReader::new(response.into_body().into_reader());
    let mut rows = Vec::new();
    for response in MultistatusReader::<Listing, _>::new(body) {
        rows.push(row(
            &response.map_err(|e| format!("the answer cannot be read: {e}"))?
        ));
    }
    Ok(rows)
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(rows) => {
            print!("{}", table(&rows));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("propfind: {e}");
            ExitCode::FAILURE
        }
    }
}
