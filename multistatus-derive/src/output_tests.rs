//! Expansion snapshots, as zerocopy-derive keeps them: each case runs a derive on a
//! representative input, pretty-prints the output with prettyplease and compares it with
//! `src/output_tests/<case>.expanded.rs`.
//!
//! After a deliberate change to the generated code, re-bless with
//! `BLESS=1 cargo test -p multistatus-derive output_tests` and review the diff of the
//! `.expanded.rs` files: they should read as the code a careful engineer would write by hand.
//!
//! The snapshots are read, never compiled: `tests/` compiles the same shapes.
#![allow(clippy::panic, reason = "a failing test panics with its explanation")]

use std::path::PathBuf;

use proc_macro2::TokenStream;
use syn::{DeriveInput, parse_quote};

/// Expands `input` with `derive` and compares the pretty-printed output with the snapshot
/// `name`, or writes the snapshot when `BLESS` is set.
fn check(name: &str, derive: fn(&DeriveInput) -> TokenStream, input: &DeriveInput) {
    let tokens = derive(input);
    let file = match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => file,
        Err(e) => {
            // Not valid Rust at all: show the raw tokens.
            panic!("{name}: the expansion does not parse as a file ({e}):\n{tokens}")
        }
    };
    let actual = prettyplease::unparse(&file);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src/output_tests")
        .join(format!("{name}.expanded.rs"));

    if std::env::var_os("BLESS").is_some() {
        if let Err(e) = std::fs::write(&path, &actual) {
            panic!("{name}: cannot write {}: {e}", path.display());
        }
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if actual != expected {
        let line = actual
            .lines()
            .zip(expected.lines())
            .position(|(a, e)| a != e)
            .unwrap_or_else(|| actual.lines().count().min(expected.lines().count()));
        let at = |text: &str| text.lines().nth(line).unwrap_or("<end of file>").to_owned();
        panic!(
            "{name}: the expansion differs from {} at line {}:\n  expected: {}\n  actual:   {}\n\
             Re-bless with `BLESS=1 cargo test -p multistatus-derive output_tests` and review \
             the diff.",
            path.display(),
            line + 1,
            at(&expected),
            at(&actual),
        );
    }
}

/// The common case: properties in `DAV:`, an `Option`, a live and a dead property.
#[test]
fn set_plain() {
    check(
        "set_plain",
        crate::expand::derive,
        &parse_quote! {
            pub struct Props {
                getetag: String,
                displayname: Option<String>,
                color: u8,
            }
        },
    );
}

/// Container and field attributes: namespace, `rename_all`, `allprop`, `rename`, a field
/// namespace, `no_namespace`, and `crate`: nothing in the output names `::multistatus`.
#[test]
fn set_attributes() {
    let input = parse_quote! {
        #[dav(crate = "::dav", namespace = "urn:example:ns", rename_all = "camelCase", allprop)]
        pub(crate) struct Custom {
            color_name: String,
            #[dav(rename = "size-in-bytes", allprop = false)]
            size: u64,
            #[dav(namespace = "urn:example:other")]
            other_thing: bool,
            #[dav(no_namespace)]
            plain: u32,
        }
    };
    check("set_attributes", crate::expand::derive, &input);
    let output = crate::expand::derive(&input);
    assert!(
        !names_ident(output.clone(), "multistatus"),
        "`crate = \"::dav\"` must replace every path to the runtime: {output}"
    );
}

/// Whether `tokens` hold the identifier `ident` (the runtime's own name, say; not
/// `__multistatus`, the local name generated code gives it).
fn names_ident(tokens: TokenStream, ident: &str) -> bool {
    tokens.into_iter().any(|tt| match tt {
        proc_macro2::TokenTree::Ident(i) => i == ident,
        proc_macro2::TokenTree::Group(g) => names_ident(g.stream(), ident),
        _ => false,
    })
}

/// Two flattened sets (typed-name variants wrapping theirs, `From` impls, the duplicate-name
/// checks) and a skipped field.
#[test]
fn set_flatten_skip() {
    check(
        "set_flatten_skip",
        crate::expand::derive,
        &parse_quote! {
            pub struct Props {
                getetag: String,
                #[dav(flatten)]
                live: LiveProps,
                #[dav(flatten)]
                caldav: CalendarProps,
                #[dav(skip)]
                path: PathBuf,
            }
        },
    );
}

/// A value struct: child elements, a renamed one in another namespace, a flattened field, a
/// skipped one, and a type parameter (bounded through a `where` clause).
#[test]
fn value_struct() {
    check(
        "value_struct",
        crate::value::derive,
        &parse_quote! {
            #[dav(namespace = "urn:example:ns")]
            pub struct Quota<T> {
                #[dav(rename = "used-bytes")]
                used: u64,
                free: Option<T>,
                #[dav(flatten)]
                href: Href<'static>,
                #[dav(skip)]
                cached: bool,
            }
        },
    );
}

/// A value enum: unit variants (empty elements, one in another namespace), a newtype variant
/// (an element holding the value) and a flattened one (the value alone).
#[test]
fn value_enum() {
    check(
        "value_enum",
        crate::value::derive,
        &parse_quote! {
            pub enum Privilege {
                Read,
                #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
                ReadFreeBusy,
                #[dav(rename = "grant")]
                Named(String),
                #[dav(flatten)]
                Other(RawValue),
            }
        },
    );
}

/// A one-field tuple struct: the value of its field, state and language included.
#[test]
fn value_newtype() {
    check(
        "value_newtype",
        crate::value::derive,
        &parse_quote! {
            pub struct Etag(String);
        },
    );
}

/// A value struct with attributes (one renamed into a namespace, one optional), repeated
/// child elements (`Vec<T>`, `&[T]`) and an optional child: what `C:comp` and
/// `C:supported-calendar-component-set` need.
#[test]
fn value_struct_attributes() {
    check(
        "value_struct_attributes",
        crate::value::derive,
        &parse_quote! {
            #[dav(namespace = "urn:ietf:params:xml:ns:caldav")]
            pub struct Comp<'a> {
                #[dav(attribute)]
                name: &'a str,
                #[dav(attribute, rename = "max-size", namespace = "urn:example:ns")]
                max_size: Option<u64>,
                comp: Vec<Comp<'a>>,
                prop: &'a [Prop],
                description: Option<String>,
            }
        },
    );
}

/// A value struct with attributes and text: `C:calendar-data` in a REPORT.
#[test]
fn value_struct_text() {
    check(
        "value_struct_text",
        crate::value::derive,
        &parse_quote! {
            pub struct CalendarData<'a> {
                #[dav(attribute)]
                content_type: &'static str,
                #[dav(attribute)]
                version: &'static str,
                #[dav(text)]
                data: &'a str,
            }
        },
    );
}

/// An enum of elements only: a list item too (`Vec<Privilege>` is a value).
#[test]
fn value_enum_list_item() {
    check(
        "value_enum_list_item",
        crate::value::derive,
        &parse_quote! {
            pub enum Privilege {
                Read,
                Write,
                #[dav(rename = "grant")]
                Named(String),
            }
        },
    );
}

/// A borrowed set (a database row) with a store of dead properties and a flattened set: the
/// typed-name enum has no lifetime, the flattened set's names are named with `'static`, and
/// `dead()` returns the field.
#[test]
fn set_borrowed_dead() {
    check(
        "set_borrowed_dead",
        crate::expand::derive,
        &parse_quote! {
            pub struct Row<'a> {
                displayname: &'a str,
                getetag: Cow<'a, str>,
                #[dav(flatten)]
                caldav: CalendarRow<'a>,
                #[dav(dead)]
                dead: &'a DeadMap,
            }
        },
    );
}
