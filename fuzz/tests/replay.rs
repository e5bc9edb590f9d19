//! Replays the committed inputs through the targets' checks, without libFuzzer: the seed
//! corpus (valid bodies, which must go all the way through) and every regression found.

use std::path::Path;

use multistatus_fuzz::{Check, Outcome, TARGETS, files};

/// The check of `target`.
fn check_of(target: &str) -> Check {
    TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .map(|(_, check)| *check)
        .unwrap_or_else(|| panic!("no target {target}"))
}

/// The files under `fuzz/<dir>/<target>/`, with their contents.
fn inputs(dir: &str, target: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir).join(target);
    files(&root)
        .into_iter()
        .map(|path| {
            let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path.display().to_string(), data)
        })
        .collect()
}

/// Runs every file under `fuzz/<dir>/<target>/` through the target's check; returns what
/// each made of its input.
fn replay(dir: &str, target: &str) -> Vec<(String, Outcome)> {
    let check = check_of(target);
    inputs(dir, target)
        .into_iter()
        .map(|(path, data)| (path, check(&data)))
        .collect()
}

/// Every seed is a valid input: checked, not rejected, and there are seeds.
fn seeds(target: &str) {
    let outcomes = replay("corpus-seed", target);
    assert!(!outcomes.is_empty(), "no seeds for {target}");
    for (path, outcome) in outcomes {
        assert_eq!(outcome, Outcome::Checked, "{path}");
    }
}

/// The PROPFIND seeds go through parse, answer, render and the output checks.
#[test]
fn propfind_seeds() {
    seeds("propfind");
}

/// The PROPPATCH seeds go through parse, write-back, re-read and the answer checks.
#[test]
fn proppatch_seeds() {
    seeds("proppatch");
}

/// The 207 seeds (RFC examples and real-server styles) go through slice and stream
/// reading, write-back, roxmltree and the re-read.
#[test]
fn multistatus_seeds() {
    seeds("multistatus");
}

/// The writer seeds go through every write and the read-back checks.
#[test]
fn writer_seeds() {
    seeds("writer");
}

/// Every input a fuzzer once failed on passes its target's check now. All are run, and the
/// failing ones listed together (each check's panic message is printed above the list).
#[test]
fn regressions() {
    let mut failed = Vec::new();
    for (target, check) in TARGETS {
        for (path, data) in inputs("regressions", target) {
            if std::panic::catch_unwind(|| check(&data)).is_err() {
                failed.push(path);
            }
        }
    }
    assert!(
        failed.is_empty(),
        "failing regressions:\n{}",
        failed.join("\n")
    );
}
