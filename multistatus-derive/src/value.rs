//! Code generation for `#[derive(PropertyValue)]`: structs of attributes, text and child
//! elements, one-field wrappers, and enums of choices.

use proc_macro2::{Span, TokenStream};
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

/// The constants of a value's names, numbered in the order asked for.
#[derive(Default)]
struct Names {
    consts: Vec<TokenStream>,
}

impl Names {
    /// A `Tag` constant, spanned on the name so that its (backstop) compile-time validation
    /// points there.
    fn tag(&mut self, p: &TokenStream, ns: &str, local: &str, span: Span) -> syn::Ident {
        let t = format_ident!("__TAG_{}", self.consts.len());
        self.consts
            .push(quote_spanned!(span=> const #t: #p::Tag = #p::Tag::new(#ns, #local);));
        t
    }

    /// An `AttributeName` constant.
    fn attribute(&mut self, p: &TokenStream, ns: &str, local: &str, span: Span) -> syn::Ident {
        let t = format_ident!("__ATTRIBUTE_{}", self.consts.len());
        self.consts.push(
            quote_spanned!(span=> const #t: #p::AttributeName = #p::AttributeName::new(#ns, #local);),
        );
        t
    }
}

fn expand(cont: &Container<'_>) -> TokenStream {
    let krate = &cont.krate;
    // One import for the runtime, as in `expand.rs`.
    let p = quote!(__multistatus);
    let input = cont.input;
    let ident = &input.ident;

    // Every field or variant type that names a type parameter must be a value (or, for
    // attributes and text, an attribute value): bound it, so that generic values work. Other
    // types are checked where they are used (a bound on `Self` would be a cycle).
    let mut generics = input.generics.clone();
    let params: Vec<&syn::Ident> = input.generics.type_params().map(|t| &t.ident).collect();
    if !params.is_empty() {
        let where_clause = generics.make_where_clause();
        let mut bound = |ty: &syn::Type, by: TokenStream| {
            if mentions(quote!(#ty), &params) {
                where_clause.predicates.push(parse_quote!(#ty: #by));
            }
        };
        match &cont.body {
            Body::Struct(fields) => {
                for f in fields {
                    match &f.kind {
                        FieldKind::Property(_) | FieldKind::Flatten => {
                            bound(f.ty, quote!(#p::PropertyValue));
                        }
                        FieldKind::Repeated { item, .. } => bound(item, quote!(#p::PropertyValue)),
                        FieldKind::Attribute(_) | FieldKind::Text => {
                            bound(f.ty, quote!(#p::AttributeValue));
                        }
                        FieldKind::Skip | FieldKind::Dead => {}
                    }
                }
            }
            Body::Newtype(f) => bound(&f.ty, quote!(#p::PropertyValue)),
            Body::Enum(variants) => {
                for v in variants {
                    if let VariantKind::Newtype(ty) = v.kind {
                        bound(ty, quote!(#p::PropertyValue));
                    }
                }
            }
        }
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();

    let mut names = Names::default();
    let methods = match &cont.body {
        Body::Newtype(f) => newtype(&p, &f.ty),
        Body::Struct(fields) => {
            let mut attributes = Vec::new();
            let mut content = Vec::new();
            for f in fields {
                let (fi, ty) = (f.ident, f.ty);
                match &f.kind {
                    FieldKind::Property(n) => {
                        let t = names.tag(&p, &n.namespace, &n.local, n.local_span);
                        content.push(quote_spanned! {ty.span()=>
                            if #p::PropState::Absent != <#ty as #p::PropertyValue>::state(&self.#fi) {
                                __sink.property::<#ty>(&#t, &self.#fi)?;
                            }
                        });
                    }
                    FieldKind::Repeated { name: n, item } => {
                        let t = names.tag(&p, &n.namespace, &n.local, n.local_span);
                        // The trait is named first, so that an item type that is not a value
                        // gets the error of `<T as PropertyValue>` (see `expand.rs`).
                        content.push(quote_spanned! {item.span()=>
                            for __item in <[#item]>::iter(&self.#fi) {
                                if #p::PropState::Absent != <#item as #p::PropertyValue>::state(__item) {
                                    __sink.property::<#item>(&#t, __item)?;
                                }
                            }
                        });
                    }
                    FieldKind::Attribute(n) => {
                        let a = names.attribute(&p, &n.namespace, &n.local, n.local_span);
                        // The trait is named first, so that a type that is not an attribute
                        // value gets the error of `<T as AttributeValue>`, not of a bound.
                        attributes.push(quote_spanned! {ty.span()=>
                            let _ = <#ty as #p::AttributeValue>::write_text;
                            __attributes.attribute::<#ty>(&#a, &self.#fi)?;
                        });
                    }
                    FieldKind::Text => content.push(quote_spanned! {ty.span()=>
                        let _ = <#ty as #p::AttributeValue>::write_text;
                        __sink.text_value::<#ty>(&self.#fi)?;
                    }),
                    FieldKind::Flatten => content.push(quote_spanned! {ty.span()=>
                        <#ty as #p::PropertyValue>::write_value(&self.#fi, __sink)?;
                    }),
                    FieldKind::Skip | FieldKind::Dead => {}
                }
            }
            let write_attributes = (!attributes.is_empty()).then(|| {
                quote! {
                    fn write_attributes(
                        &self,
                        __attributes: &mut #p::Attributes<'_>,
                    ) -> #p::Result<(), #p::Error> {
                        #(#attributes)*
                        #p::Result::Ok(())
                    }
                }
            });
            quote! {
                fn write_value(&self, __sink: &mut #p::Sink) -> #p::Result<(), #p::Error> {
                    #(#content)*
                    #p::Result::Ok(())
                }
                #write_attributes
            }
        }
        Body::Enum(variants) => {
            let mut flattened = Vec::new();
            let arms: Vec<_> = variants
                .iter()
                .map(|v| {
                    let vi = v.ident;
                    match (&v.kind, v.flatten) {
                        (VariantKind::Unit, _) => {
                            let t = names.tag(&p, &v.name.namespace, &v.name.local, v.name.local_span);
                            quote!(Self::#vi => { __sink.empty(&#t); #p::Result::Ok(()) })
                        }
                        (VariantKind::Newtype(ty), true) => {
                            flattened.push(quote_spanned! {ty.span()=>
                                Self::#vi(__v) => <#ty as #p::PropertyValue>::write_attributes(__v, __attributes),
                            });
                            quote_spanned! {ty.span()=>
                                Self::#vi(__v) => <#ty as #p::PropertyValue>::write_value(__v, __sink),
                            }
                        }
                        (VariantKind::Newtype(ty), false) => {
                            let t = names.tag(&p, &v.name.namespace, &v.name.local, v.name.local_span);
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
            let body = if arms.is_empty() {
                quote!(match *self {})
            } else {
                quote!(match self { #(#arms)* })
            };
            // A flattened variant is its value: its attributes are the element's.
            let others =
                (flattened.len() < variants.len()).then(|| quote!(_ => #p::Result::Ok(()),));
            let write_attributes = (!flattened.is_empty()).then(|| {
                quote! {
                    fn write_attributes(
                        &self,
                        __attributes: &mut #p::Attributes<'_>,
                    ) -> #p::Result<(), #p::Error> {
                        match self {
                            #(#flattened)*
                            #others
                        }
                    }
                }
            });
            quote! {
                fn write_value(&self, __sink: &mut #p::Sink) -> #p::Result<(), #p::Error> {
                    #body
                }
                #write_attributes
            }
        }
    };

    // An enum whose every variant is an element is a list item: `Vec<Kind>` is a value.
    let list_item = match &cont.body {
        Body::Enum(variants) if variants.iter().all(|v| !v.flatten) => quote! {
            #[automatically_derived]
            impl #impl_generics #p::ListItem for #ident #ty_generics #where_clause {}
        },
        _ => TokenStream::new(),
    };
    let consts = &names.consts;

    quote! {
        #[allow(non_upper_case_globals, clippy::all, clippy::pedantic)]
        const _: () = {
            use #krate::__private as __multistatus;

            #(#consts)*

            #[automatically_derived]
            impl #impl_generics #p::PropertyValue for #ident #ty_generics #where_clause {
                #methods
            }

            #list_item
        };
    }
}

/// A one-field tuple struct is its field's value: every method forwards, the pre-rendered
/// path's included (a `String`'s writes text without building a `Result`).
fn newtype(p: &TokenStream, ty: &syn::Type) -> TokenStream {
    quote! {
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
        #[inline]
        fn write_attributes(
            &self,
            __attributes: &mut #p::Attributes<'_>,
        ) -> #p::Result<(), #p::Error> {
            <#ty as #p::PropertyValue>::write_attributes(&self.0, __attributes)
        }
        #[inline]
        fn write_plain(&self, __sink: &mut #p::Sink) -> #p::Plain {
            <#ty as #p::PropertyValue>::write_plain(&self.0, __sink)
        }
    }
}

/// Whether `tokens` name one of `params`.
fn mentions(tokens: TokenStream, params: &[&syn::Ident]) -> bool {
    tokens.into_iter().any(|tt| match tt {
        proc_macro2::TokenTree::Ident(i) => params.iter().any(|p| **p == i),
        proc_macro2::TokenTree::Group(g) => mentions(g.stream(), params),
        _ => false,
    })
}
