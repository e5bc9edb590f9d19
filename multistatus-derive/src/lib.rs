//! Derive macros of the `multistatus` crate. Use them through the facade:
//! `#[derive(multistatus::PropertySet)]` and `#[derive(multistatus::PropertyValue)]`; the
//! attributes are documented there.
//!
//! Stages, as in thiserror and serde_derive: `ast` reads the input and its attributes
//! (with `attr`), `check` applies the rules that span several fields, `expand` and
//! `value` generate code, and `fallback` emits a stub impl next to the errors so that a
//! mistake produces one precise message instead of a cascade. `run` chains them, the same
//! for both derives.
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
use quote::quote;
use syn::{DeriveInput, parse_macro_input};

use crate::ast::{Container, Derive};
use crate::ctxt::Ctxt;

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

/// One derive from start to end: read the container, apply the rules that span several
/// fields, and `expand` it; on any error, every error with the `fallback` stub instead.
fn run(
    input: &DeriveInput,
    derive: Derive,
    expand: fn(&Container<'_>) -> proc_macro2::TokenStream,
    fallback: fn(&DeriveInput) -> proc_macro2::TokenStream,
) -> proc_macro2::TokenStream {
    let cx = Ctxt::new();
    let cont = Container::from_ast(&cx, input, derive);
    if let Some(cont) = &cont {
        check::check(&cx, cont);
    }
    match (cx.check(), cont) {
        (Ok(()), Some(cont)) => expand(&cont),
        (result, _) => {
            let errors = result
                .err()
                .map(|e| e.to_compile_error())
                .unwrap_or_default();
            let stub = fallback(input);
            quote!(#errors #stub)
        }
    }
}
