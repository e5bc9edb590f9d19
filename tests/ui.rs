//! Compile-fail tests of the derives: each `tests/ui/*.rs` is one misuse, and its `.stderr`
//! is the exact diagnostic the compiler prints.
//!
//! The expected output depends on the compiler's wording, so it is pinned to the one stable
//! compiler the project is built with; on any other toolchain the test is ignored. After a
//! deliberate change, re-bless with `TRYBUILD=overwrite cargo test --test ui` and review the
//! diff of the `.stderr` files.

#[rustversion::attr(not(stable(1.95)), ignore = "UI output is pinned to stable 1.95")]
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
