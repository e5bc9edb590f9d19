//! What the derives emit next to their errors: stub impls, so that the rest of the user's
//! code still type-checks and the only message is the one about the mistake.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Data, DeriveInput, Fields};

use crate::ast::default_name_enum;
use crate::case::variant_name;
use crate::expand::name_enum_derives;

/// The facade path for stubs (`crate = "..."` when it can still be read, else
/// `::multistatus`) and the typed-name enum (`name_enum = "..."`, else `<Struct>Name`).
fn container(input: &DeriveInput) -> (TokenStream, syn::Ident) {
    let mut path = quote!(::multistatus);
    let mut name_enum = default_name_enum(&input.ident);
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("dav")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                let lit: syn::LitStr = meta.value()?.parse()?;
                let p: syn::Path = lit.parse()?;
                path = quote!(#p);
            } else if meta.path.is_ident("name_enum") {
                let lit: syn::LitStr = meta.value()?.parse()?;
                name_enum = lit.parse()?;
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    (path, name_enum)
}

pub fn property_set(input: &DeriveInput) -> TokenStream {
    let (krate, name_enum) = container(input);
    let p = quote!(#krate::__private);
    let ident = &input.ident;
    let vis = &input.vis;
    let derives = name_enum_derives();
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    // A variant per named field, so that code naming them does not fail too; once per name,
    // for when two fields map to one typed name (an error reported already).
    let mut variants: Vec<syn::Ident> = Vec::new();
    if let Data::Struct(s) = &input.data
        && let Fields::Named(n) = &s.fields
    {
        for i in n.named.iter().filter_map(|f| f.ident.as_ref()) {
            let v = format_ident!("{}", variant_name(&i.to_string()), span = i.span());
            if !variants.contains(&v) {
                variants.push(v);
            }
        }
    }
    quote! {
        #[allow(dead_code, missing_docs)]
        #derives
        #vis enum #name_enum { #(#variants,)* }

        const _: () = {
            const __STUB: #p::Tag = #p::Tag::new("DAV:", "stub");

            impl #p::PropertyName for #name_enum {
                fn tag(self) -> &'static #p::Tag { &__STUB }
                fn from_name(_: &::core::primitive::str, _: &::core::primitive::str) -> #p::Option<Self> { #p::Option::None }
                fn in_allprop(self) -> ::core::primitive::bool { false }
                fn for_each(_: &mut dyn ::core::ops::FnMut(Self)) {}
            }

            impl #impl_generics #p::PropertySet for #ident #ty_generics #where_clause {
                type Name = #name_enum;
                const NAME_TREE: #p::NameTree = #p::NameTree { own: &[], flattened: &[] };
                fn state(&self, _: #name_enum) -> #p::PropState { #p::PropState::Absent }
                fn write_property(&self, _: #name_enum, _: &mut #p::Sink) -> #p::Result<(), #p::Error> {
                    #p::Result::Ok(())
                }
                fn value(&self, _: #name_enum) -> &dyn #p::PropertyValue {
                    &0u8
                }
                fn write_allprop(&self, _: &mut #p::Sink) -> #p::Result<(), #p::Error> {
                    #p::Result::Ok(())
                }
            }

            // Parsing, so that code reading the set does not fail too; it never runs, as
            // the crate does not compile.
            impl #impl_generics #p::ParseSet for #ident #ty_generics #where_clause {
                type Statuses = #p::Slots<0>;
                fn unreported() -> Self {
                    ::core::unreachable!("a set whose derive failed")
                }
                fn parse_property(
                    &mut self,
                    _: #name_enum,
                    _: &mut #p::ValueReader<'_>,
                ) -> #p::Result<(), #p::ValueError> {
                    #p::Result::Ok(())
                }
                fn property_status(&mut self, _: #name_enum, _: #p::Status) {}
                fn slot(_: #name_enum) -> ::core::primitive::usize {
                    0
                }
            }
        };
    }
}

pub fn property_value(input: &DeriveInput) -> TokenStream {
    let (krate, _) = container(input);
    let p = quote!(#krate::__private);
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        const _: () = {
            impl #impl_generics #p::PropertyValue for #ident #ty_generics #where_clause {
                fn write_value(&self, _: &mut #p::Sink) -> #p::Result<(), #p::Error> {
                    #p::Result::Ok(())
                }
            }

            impl #impl_generics #p::ParseValue for #ident #ty_generics #where_clause {
                fn parse_value(
                    __value: &mut #p::ValueReader<'_>,
                ) -> #p::Result<Self, #p::ValueError> {
                    #p::Result::Err(__value.error(#p::ValueErrorKind::Custom(
                        ::std::string::String::from("a value whose derive failed"),
                    )))
                }
            }
        };
    }
}
