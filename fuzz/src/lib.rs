//! The checks behind the fuzz targets of `multistatus`: one function per target, taking the
//! fuzzer's bytes and panicking when a property of the library does not hold.
//!
//! - [`propfind::check`]: a PROPFIND body is parsed, answered for a few resources and
//!   rendered; the output must be well-formed and report every requested name exactly once,
//!   in its namespace, with the status the resource gives it.
//! - [`proppatch::check`]: a PROPPATCH body is parsed and evaluated; every `set` value is
//!   written back, re-read by the project's reader and by roxmltree, and compared with what
//!   was parsed; the PROPPATCH answers are rendered and checked.
//! - [`writer::check`]: arbitrary text, attribute values, paths, languages and reason phrases
//!   are written; each either fails with the documented error, leaving nothing, or reads back
//!   exactly.
//!
//! The binaries in `fuzz_targets/` are one [`target!`] each. Built by `cargo fuzz` (with
//! `--cfg fuzzing`) they are libFuzzer targets; built by plain cargo they replay the files
//! they are given, which is how `tests/replay.rs` and a developer without libFuzzer run them.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub mod multistatus;
pub mod propfind;
pub mod proppatch;
pub mod writer;
mod xml;

#[cfg(fuzzing)]
#[doc(hidden)]
pub use libfuzzer_sys;

/// What a check made of an input.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Outcome {
    /// The library refused the input up front (a request body that does not parse), as
    /// documented: nothing further to check.
    Rejected,
    /// The input went all the way through and every property held.
    Checked,
}

/// A target's check: panics when a property fails.
pub type Check = fn(&[u8]) -> Outcome;

/// The targets by name, with their checks.
pub const TARGETS: &[(&str, Check)] = &[
    ("propfind", propfind::check),
    ("multistatus", multistatus::check),
    ("proppatch", proppatch::check),
    ("writer", writer::check),
];

/// The body of a fuzz target binary: a libFuzzer target under `cargo fuzz`, a replayer of
/// the files and directories named on its command line otherwise. The binary's crate root
/// also needs `#![cfg_attr(fuzzing, no_main)]`.
#[macro_export]
macro_rules! target {
    ($check:path) => {
        #[cfg(fuzzing)]
        $crate::libfuzzer_sys::fuzz_target!(|data: &[u8]| {
            let _ = $check(data);
        });

        #[cfg(not(fuzzing))]
        fn main() -> ::std::process::ExitCode {
            $crate::replay_main($check)
        }
    };
}

/// Runs `check` on every file named on the command line (directories: every file below).
pub fn replay_main(check: Check) -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if args.is_empty() {
        eprintln!("usage: <target> FILE|DIR...  (replays each input through the target's check)");
        return ExitCode::FAILURE;
    }
    for path in args.iter().flat_map(|p| files(p)) {
        match std::fs::read(&path) {
            Ok(data) => println!("{}: {:?}", path.display(), check(&data)),
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

/// `path` if it is a file, else every file below it (none if it does not exist), sorted.
#[must_use]
pub fn files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_owned()];
    }
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(path) {
        for entry in entries.flatten() {
            out.extend(files(&entry.path()));
        }
    }
    out.sort();
    out
}

/// The request a body parsed to, or `None` when the reader refused it, as documented: with
/// a 400 or 413 status and a position inside the body.
fn parsed<T>(data: &[u8], result: Result<T, ::multistatus::reader::ReadError>) -> Option<T> {
    match result {
        Ok(request) => Some(request),
        Err(e) => {
            let status = e.http_status().code();
            assert!(matches!(status, 400 | 413), "{e}: status {status}");
            assert!(e.position() <= data.len(), "{e}: position {}", e.position());
            None
        }
    }
}

/// The first character XML 1.0 cannot carry (production `Char`), written from the XML
/// specification rather than taken from the library, so that the checks stay independent.
#[must_use]
pub fn first_non_xml_char(s: &str) -> Option<char> {
    s.chars().find(|&c| {
        !matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
    })
}
