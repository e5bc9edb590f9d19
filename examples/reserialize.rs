//! Reads a `207 Multi-Status` body on stdin, parses it into the live properties of RFC 4918
//! (everything else kept raw) and writes it back with the writer on stdout: the same
//! document, namespace-aware (prefixes may change; a `sync-token` sent before the
//! responses comes back last, where RFC 6578 §6.2 puts it). On stderr, one line
//! `raw {namespace}local-name` per property kept raw; a body it cannot read is an error
//! with its position, and a nonzero exit status.
//!
//! ```sh
//! curl -s -X PROPFIND -H 'Depth: 1' http://127.0.0.1:4918/ | cargo run --example reserialize
//! ```

use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::time::SystemTime;

use multistatus::client::{MultistatusReader, ParsedResponse, Reported};
use multistatus::values::{LockDiscovery, ResourceType, SupportedLock};
use multistatus::{MultistatusWriter, Namespaces, PropertySet};

/// The live properties of RFC 4918 §15. `creationdate` is kept as its text: a date type
/// would write it back in UTC, another text than the server's.
#[derive(PropertySet, Debug, PartialEq)]
pub struct Live {
    creationdate: Option<String>,
    displayname: Option<String>,
    getcontentlanguage: Option<String>,
    getcontentlength: Option<u64>,
    getcontenttype: Option<String>,
    getetag: Option<String>,
    getlastmodified: Option<SystemTime>,
    lockdiscovery: Option<LockDiscovery>,
    resourcetype: Option<ResourceType>,
    supportedlock: Option<SupportedLock>,
}

/// Reads the body from `input`, writes it back to `out` one response at a time (memory
/// stays flat however many responses there are), and names each property kept raw on
/// `log`.
///
/// # Errors
/// The first error reading the body (its message says where: byte, line and column), or
/// writing `out` or `log`.
pub fn run(
    input: impl BufRead,
    out: impl Write,
    log: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut namespaces = Namespaces::new();
    Live::declare_namespaces(&mut namespaces);
    let mut writer = MultistatusWriter::new(out, namespaces);
    let mut reader = MultistatusReader::<Live, _>::new(input);
    for response in &mut reader {
        let response = response.map_err(|e| format!("the body cannot be read: {e}"))?;
        log_raw(&response, log)?;
        response.write_to(&mut writer)?;
    }
    let mut out = writer.finish_with(reader.description(), reader.sync_token())?;
    // A line end after the root, for terminals; XML allows whitespace there.
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

/// One line per property of `response` kept raw, in document order: the unknown ones, known
/// ones whose value did not parse (with why), and known ones reported a second time.
fn log_raw(response: &ParsedResponse<Live>, log: &mut impl Write) -> std::io::Result<()> {
    let Some(set) = response.propstats() else {
        return Ok(());
    };
    for (_, property) in set.properties() {
        match property {
            Reported::Unknown(unknown) => writeln!(log, "raw {}", unknown.property.name())?,
            Reported::Repeated(again) => {
                writeln!(log, "raw {} (reported again)", again.property.name())?;
            }
            Reported::Known(name) => {
                if let Some(invalid) = set.invalid.iter().find(|i| i.name == name) {
                    let name = invalid.raw.name();
                    writeln!(log, "raw {name} (invalid value: {})", invalid.error)?;
                }
            }
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut stderr = std::io::stderr();
    match run(stdin.lock(), stdout.lock(), &mut stderr) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("reserialize: {e}");
            ExitCode::FAILURE
        }
    }
}
