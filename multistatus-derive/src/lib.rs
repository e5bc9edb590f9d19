//! Derive macros of the `multistatus` crate. Use them through the facade:
//! `#[derive(multistatus::PropertySet)]` and `#[derive(multistatus::PropertyValue)]`; the
//! attributes are documented there.
//!
//! Stages, as in thiserror and serde_derive: `ast` reads the input and its attributes
//! (with `attr`), `check` applies the rules that span several fields, `expand` and
//! `value` generate code, and `fallback` emits a stub impl next to the errors so that a
//! mistake produces one precise message instead of a cascade.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// Library code never panics on input: no unwrap, expect or panic outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod ast;
mod attr;
mod case;
mod check;
mod ctxt;
mod expand;
mod fallback;
#[cfg(test)]
mod output_tests;
mod value;
mod xmlname;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Derives `multistatus::PropertySet` and a typed-name enum `<Struct>Name`; see the facade's
/// documentation.
#[proc_macro_derive(PropertySet, attributes(dav))]
pub fn derive_property_set(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}

/// Derives `multistatus::PropertyValue`; see the facade's documentation.
#[proc_macro_derive(PropertyValue, attributes(dav))]
pub fn derive_property_value(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    value::derive(&input).into()
}
