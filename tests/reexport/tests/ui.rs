//! Compile-fail tests of the derives in a crate that knows the runtime under another name
//! (`dav`): `tests/ui.rs` at the root cannot have one, as its cases see the runtime as
//! `multistatus`. Pinned to stable 1.95, as there; re-bless with
//! `TRYBUILD=overwrite cargo test -p multistatus-reexport-test --test ui`.

#[rustversion::attr(not(stable(1.95)), ignore = "UI output is pinned to stable 1.95")]
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/*.rs");
}
