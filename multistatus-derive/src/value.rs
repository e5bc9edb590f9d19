//! Code generation for `#[derive(PropertyValue)]`: structs of child elements, one-field
//! wrappers, and enums of choices.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, parse_quote};

use crate::ast::{Body, Container, Derive, FieldKind, VariantKind};
use crate::fallback;

pub fn derive(input: &DeriveInput) -> TokenStream {
    crate::run(
        input,
        Derive::PropertyValue,
        expand,
        fallback::property_value,
    )
}

fn expand(cont: &Container<'_>) -> TokenStream {
    let krate = &cont.krate;
    let p = quote!(#krate::__private);
    let input = cont.input;
    let ident = &input.ident;

    // Every field or variant type must be a value: bound it, so generic values work.
    let mut generics = input.generics.clone();
    let value_types: Vec<&syn::Type> = match &cont.body {
        Body::Struct(fields) => fields
            .iter()
            .filter(|f| !matches!(f.kind, FieldKind::Skip))
            .map(|f| f.ty)
            .collect(),
        Body::Newtype(f) => vec![&f.ty],
        Body::Enum(variants) => variants
            .iter()
            .filter_map(|v| match v.kind {
                VariantKind::Newtype(ty) => Some(ty),
                VariantKind::Unit => None,
            })
            .collect(),
    };
    if !input.generics.params.is_empty() {
        let where_clause = generics.make_where_clause();
        for ty in &value_types {
            where_clause
                .predicates
                .push(parse_quote!(#ty: #p::PropertyValue));
        }
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();

    let mut tags = Vec::new();
    let mut tag_for = |ns: &str, local: &str, span: proc_macro2::Span| {
        let t = format_ident!("__TAG_{}", tags.len());
        tags.push(quote_spanned!(span=> const #t: #p::Tag = #p::Tag::new(#ns, #local);));
        t
    };

    let body = match &cont.body {
        Body::Newtype(f) => {
            let ty = &f.ty;
            return quote! {
                #[allow(non_upper_case_globals, clippy::all, clippy::pedantic)]
                const _: () = {
                    #[automatically_derived]
                    impl #impl_generics #p::PropertyValue for #ident #ty_generics #where_clause {
                        #[inline]
                        fn write_value(&self, __sink: &mut #p::Sink) -> #p::Result<(), #p::Error> {
                            <#ty as #p::PropertyValue>::write_value(&self.0, __sink)
                        }
                        #[inline]
                        fn state(&self) -> #p::PropState {
                            <#ty as #p::PropertyValue>::state(&self.0)
                        }
                        #[inline]
                        fn lang(&self) -> #p::Option<&::core::primitive::str> {
                            <#ty as #p::PropertyValue>::lang(&self.0)
                        }
                    }
                };
            };
        }
        Body::Struct(fields) => {
            let writes = fields.iter().filter_map(|f| {
                let (fi, ty) = (f.ident, f.ty);
                match &f.kind {
                    FieldKind::Property(n) => {
                        let t = tag_for(&n.namespace, &n.local, n.local_span);
                        Some(quote_spanned! {ty.span()=>
                            if #p::PropState::Absent != <#ty as #p::PropertyValue>::state(&self.#fi) {
                                __sink.property::<#ty>(&#t, &self.#fi)?;
                            }
                        })
                    }
                    FieldKind::Flatten => Some(quote_spanned! {ty.span()=>
                        <#ty as #p::PropertyValue>::write_value(&self.#fi, __sink)?;
                    }),
                    FieldKind::Skip => None,
                }
            });
            let writes: Vec<_> = writes.collect();
            quote!(#(#writes)* #p::Result::Ok(()))
        }
        Body::Enum(variants) => {
            let arms: Vec<_> = variants
                .iter()
                .map(|v| {
                    let vi = v.ident;
                    match (&v.kind, v.flatten) {
                        (VariantKind::Unit, _) => {
                            let t = tag_for(&v.name.namespace, &v.name.local, v.name.local_span);
                            quote!(Self::#vi => { __sink.empty(&#t); #p::Result::Ok(()) })
                        }
                        (VariantKind::Newtype(ty), true) => quote_spanned! {ty.span()=>
                            Self::#vi(__v) => <#ty as #p::PropertyValue>::write_value(__v, __sink),
                        },
                        (VariantKind::Newtype(ty), false) => {
                            let t = tag_for(&v.name.namespace, &v.name.local, v.name.local_span);
                            // The trait is named first, so that a type that is not a value
                            // gets the error of `<T as PropertyValue>` (see `expand.rs`).
                            quote_spanned! {ty.span()=> Self::#vi(__v) => {
                                let _ = <#ty as #p::PropertyValue>::write_value;
                                __sink.property::<#ty>(&#t, __v)
                            }}
                        }
                    }
                })
                .collect();
            if arms.is_empty() {
                quote!(match *self {})
            } else {
                quote!(match self { #(#arms)* })
            }
        }
    };

    quote! {
        #[allow(non_upper_case_globals, clippy::all, clippy::pedantic)]
        const _: () = {
            #(#tags)*

            #[automatically_derived]
            impl #impl_generics #p::PropertyValue for #ident #ty_generics #where_clause {
                fn write_value(&self, __sink: &mut #p::Sink) -> #p::Result<(), #p::Error> {
                    #body
                }
            }
        };
    }
}
