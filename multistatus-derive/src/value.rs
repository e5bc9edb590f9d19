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
    let parse = parse_impls(cont, &p);

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

            #parse
        };
    }
}

/// `generics` with `for<'__x> ty: bound` added for each pair: higher-ranked, so that a
/// bound that does not hold leaves the impl absent instead of failing to compile (a value
/// that borrows can be written, not parsed). A type that names the value itself (`Vec<Node>`
/// in `Node`) is left unbounded: the bound would be a cycle the compiler cannot prove, and
/// the impl itself provides it.
fn bounded(
    generics: &syn::Generics,
    this: &syn::Ident,
    bounds: Vec<(TokenStream, TokenStream)>,
) -> syn::Generics {
    let mut generics = generics.clone();
    let where_clause = generics.make_where_clause();
    for (ty, bound) in bounds {
        if mentions(ty.clone(), &[this]) {
            continue;
        }
        // The bound too: `Vec<Href<'static>>: FromIterator<Href<'static>>` must become
        // `for<'__x> Vec<Href<'__x>>: FromIterator<Href<'__x>>`, not a mismatch.
        let ty = crate::expand::any_lifetime(ty);
        let bound = crate::expand::any_lifetime(bound);
        where_clause
            .predicates
            .push(parse_quote!(for<'__x> #ty: #bound));
    }
    generics
}

/// A nested `match` on a child's namespace then its local name, as `from_name` does:
/// `arms` are `(namespace, local, body)`.
fn match_name(
    namespace: &TokenStream,
    local: &TokenStream,
    arms: &[(String, String, TokenStream)],
    otherwise: &TokenStream,
) -> TokenStream {
    let mut by_ns: Vec<(&str, Vec<(&str, &TokenStream)>)> = Vec::new();
    for (ns, l, body) in arms {
        match by_ns.iter_mut().find(|(n, _)| n == ns) {
            Some((_, locals)) => locals.push((l, body)),
            None => by_ns.push((ns, vec![(l, body)])),
        }
    }
    let ns_arms = by_ns.iter().map(|(ns, locals)| {
        let local_arms = locals.iter().map(|(l, body)| quote!(#l => #body,));
        quote!(#ns => match #local { #(#local_arms)* _ => #otherwise },)
    });
    quote!(match #namespace { #(#ns_arms)* _ => #otherwise })
}

/// `ParseValue` (and `ParseField`, and `ParseListItem` for an enum of elements): the value
/// read back, the mirror of what is written.
fn parse_impls(cont: &Container<'_>, p: &TokenStream) -> TokenStream {
    let input = cont.input;
    let ident = &input.ident;
    let (_, ty_generics, _) = input.generics.split_for_impl();
    let this = quote!(#ident #ty_generics);
    match &cont.body {
        Body::Newtype(f) => {
            let ty = &f.ty;
            let value = bounded(
                &input.generics,
                ident,
                vec![(quote!(#ty), quote!(#p::ParseValue))],
            );
            let field = bounded(
                &input.generics,
                ident,
                vec![(quote!(#ty), quote!(#p::ParseField))],
            );
            let (vi, _, vw) = value.split_for_impl();
            let (fi, _, fw) = field.split_for_impl();
            quote! {
                #[automatically_derived]
                impl #vi #p::ParseValue for #this #vw {
                    #[inline]
                    fn parse_value(
                        __value: &mut #p::ValueReader<'_>,
                    ) -> #p::Result<Self, #p::ValueError> {
                        #p::Result::Ok(Self(<#ty as #p::ParseValue>::parse_value(__value)?))
                    }
                }

                #[automatically_derived]
                impl #fi #p::ParseField for #this #fw {
                    #[inline]
                    fn absent() -> Self {
                        Self(<#ty as #p::ParseField>::absent())
                    }
                    #[inline]
                    fn parse_field(
                        __value: &mut #p::ValueReader<'_>,
                    ) -> #p::Result<Self, #p::ValueError> {
                        #p::Result::Ok(Self(<#ty as #p::ParseField>::parse_field(__value)?))
                    }
                    #[inline]
                    fn with_status(__status: #p::Status) -> Self {
                        Self(<#ty as #p::ParseField>::with_status(__status))
                    }
                }
            }
        }
        Body::Struct(fields) => {
            let mut bounds = Vec::new();
            for f in fields {
                let ty = f.ty;
                match &f.kind {
                    FieldKind::Property(_) => bounds.push((quote!(#ty), quote!(#p::ParseField))),
                    FieldKind::Repeated { item, .. } => {
                        bounds.push((quote!(#item), quote!(#p::ParseValue)));
                        bounds.push((quote!(#ty), quote!(::core::iter::FromIterator<#item>)));
                    }
                    FieldKind::Attribute(_) | FieldKind::Text => {
                        bounds.push((quote!(#ty), quote!(#p::ParseText)));
                    }
                    FieldKind::Flatten => bounds.push((quote!(#ty), quote!(#p::ParseValue))),
                    FieldKind::Skip | FieldKind::Dead => {
                        bounds.push((quote!(#ty), quote!(::core::default::Default)));
                    }
                }
            }
            let generics = bounded(&input.generics, ident, bounds);
            let (impl_generics, _, where_clause) = generics.split_for_impl();
            let body = parse_struct(p, fields);
            let field = parse_field_by_default(p, &input.generics, &this);
            quote! {
                #[automatically_derived]
                impl #impl_generics #p::ParseValue for #this #where_clause {
                    fn parse_value(
                        __value: &mut #p::ValueReader<'_>,
                    ) -> #p::Result<Self, #p::ValueError> {
                        #body
                    }
                }

                #field
            }
        }
        Body::Enum(variants) => {
            let bounds = variants
                .iter()
                .filter_map(|v| match v.kind {
                    VariantKind::Newtype(ty) => Some((quote!(#ty), quote!(#p::ParseValue))),
                    VariantKind::Unit => None,
                })
                .collect();
            let generics = bounded(&input.generics, ident, bounds);
            let (impl_generics, _, where_clause) = generics.split_for_impl();
            let named: Vec<_> = variants.iter().filter(|v| !v.flatten).collect();
            let element_arms: Vec<(String, String, TokenStream)> = named
                .iter()
                .map(|v| {
                    let vi = v.ident;
                    let value = match v.kind {
                        VariantKind::Unit => quote!(Self::#vi),
                        VariantKind::Newtype(ty) => quote_spanned! {ty.span()=>
                            Self::#vi(<#ty as #p::ParseValue>::parse_value(__element)?)
                        },
                    };
                    (
                        v.name.namespace.clone(),
                        v.name.local.clone(),
                        quote!(return #p::Result::Ok(#p::Option::Some(#value))),
                    )
                })
                .collect();
            let element_match = match_name(
                &quote!(__namespace),
                &quote!(__local),
                &element_arms,
                &quote!({}),
            );
            let expected = if named.is_empty() {
                "a value".to_owned()
            } else {
                let list: Vec<String> = named
                    .iter()
                    .map(|v| {
                        if v.name.namespace.is_empty() {
                            v.name.local.clone()
                        } else {
                            format!("{{{}}}{}", v.name.namespace, v.name.local)
                        }
                    })
                    .collect();
                format!("one of the elements {}", list.join(", "))
            };
            // The element a choice is, by name: unit variants, and variants holding a value.
            let item = quote! {
                let __choice_of = |__element: &mut #p::ValueReader<'_>|
                    -> #p::Result<#p::Option<Self>, #p::ValueError>
                {
                    let (__namespace, __local) = __element.name();
                    #element_match
                    #p::Result::Ok(#p::Option::None)
                };
            };
            let flattened: Vec<_> = variants.iter().filter(|v| v.flatten).collect();
            let field = parse_field_by_default(p, &input.generics, &this);
            if flattened.is_empty() {
                quote! {
                    #[automatically_derived]
                    impl #impl_generics #p::ParseListItem for #this #where_clause {
                        fn parse_item(
                            __element: &mut #p::ValueReader<'_>,
                        ) -> #p::Result<#p::Option<Self>, #p::ValueError> {
                            #item
                            __choice_of(__element)
                        }
                    }

                    #[automatically_derived]
                    impl #impl_generics #p::ParseValue for #this #where_clause {
                        fn parse_value(
                            __value: &mut #p::ValueReader<'_>,
                        ) -> #p::Result<Self, #p::ValueError> {
                            while let #p::Option::Some(mut __child) = __value.next_child()? {
                                if let #p::Option::Some(__choice) =
                                    <Self as #p::ParseListItem>::parse_item(&mut __child)?
                                {
                                    return #p::Result::Ok(__choice);
                                }
                            }
                            #p::Result::Err(__value.error(#p::ValueErrorKind::Missing {
                                expected: #expected,
                            }))
                        }
                    }

                    #field
                }
            } else {
                // A flattened variant is its value, which may be anything: the element is
                // held in memory, the named variants looked for first, then each flattened
                // one tried in order.
                let tries = flattened.iter().filter_map(|v| {
                    let vi = v.ident;
                    let VariantKind::Newtype(ty) = v.kind else {
                        return None;
                    };
                    Some(quote_spanned! {ty.span()=>
                        match __buffer.parse::<#ty>() {
                            #p::Result::Ok(__v) => return #p::Result::Ok(Self::#vi(__v)),
                            #p::Result::Err(__e) => __error = __e,
                        }
                    })
                });
                quote! {
                    #[automatically_derived]
                    impl #impl_generics #p::ParseValue for #this #where_clause {
                        fn parse_value(
                            __value: &mut #p::ValueReader<'_>,
                        ) -> #p::Result<Self, #p::ValueError> {
                            #item
                            let mut __error = __value.error(#p::ValueErrorKind::Missing {
                                expected: #expected,
                            });
                            let __buffer = __value.buffer()?;
                            let __named = __buffer.read(|__value| {
                                while let #p::Option::Some(mut __child) = __value.next_child()? {
                                    if let #p::Option::Some(__choice) = __choice_of(&mut __child)? {
                                        return #p::Result::Ok(#p::Option::Some(__choice));
                                    }
                                }
                                #p::Result::Ok(#p::Option::None)
                            })?;
                            if let #p::Option::Some(__choice) = __named {
                                return #p::Result::Ok(__choice);
                            }
                            #(#tries)*
                            #p::Result::Err(__error)
                        }
                    }

                    #field
                }
            }
        }
    }
}

/// `ParseField` for a derived struct or enum: `Default` when absent, so the impl is there
/// when the type is `Default`.
fn parse_field_by_default(
    p: &TokenStream,
    generics: &syn::Generics,
    this: &TokenStream,
) -> TokenStream {
    // A bound on the value itself, which `bounded` leaves out: here it is no cycle, as
    // `ParseField` is another trait.
    let mut generics = generics.clone();
    let ty = crate::expand::any_lifetime(this.clone());
    generics
        .make_where_clause()
        .predicates
        .push(parse_quote!(for<'__x> #ty: ::core::default::Default + #p::ParseValue));
    let (impl_generics, _, where_clause) = generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics #p::ParseField for #this #where_clause {
            #[inline]
            fn absent() -> Self {
                <Self as ::core::default::Default>::default()
            }
            #[inline]
            fn parse_field(
                __value: &mut #p::ValueReader<'_>,
            ) -> #p::Result<Self, #p::ValueError> {
                <Self as #p::ParseValue>::parse_value(__value)
            }
        }
    }
}

/// The body of a value struct's `parse_value`: its attributes, then its text or its child
/// elements by expanded name (others skipped), then `Self`. With flattened fields the
/// element is held in memory and read once for the struct's own fields and once for each
/// flattened one.
fn parse_struct(p: &TokenStream, fields: &[crate::ast::Field<'_>]) -> TokenStream {
    let mut decls = Vec::new();
    let mut attribute_arms = Vec::new();
    let mut child_arms = Vec::new();
    let mut text = TokenStream::new();
    let mut inits = Vec::new();
    let flattened = fields.iter().any(|f| matches!(f.kind, FieldKind::Flatten));
    for (i, f) in fields.iter().enumerate() {
        let (fi, ty) = (f.ident, f.ty);
        let local = format_ident!("__f{}", i);
        match &f.kind {
            FieldKind::Attribute(n) => {
                decls.push(quote!(let mut #local: #p::Option<#ty> = #p::Option::None;));
                attribute_arms.push((
                    n.namespace.clone(),
                    n.local.clone(),
                    quote_spanned! {ty.span()=>
                        #local = #p::Option::Some(
                            <#ty as #p::ParseText>::parse_text(__text)
                                .map_err(|__kind| #p::ValueError::new(__kind, __position))?,
                        )
                    },
                ));
                let expected = if n.namespace.is_empty() {
                    format!("the attribute `{}`", n.local)
                } else {
                    format!("the attribute `{{{}}}{}`", n.namespace, n.local)
                };
                inits.push(quote_spanned! {ty.span()=>
                    #fi: match #local {
                        #p::Option::Some(__v) => __v,
                        #p::Option::None => match <#ty as #p::ParseText>::absent() {
                            #p::Option::Some(__v) => __v,
                            #p::Option::None => {
                                return #p::Result::Err(__value.error(
                                    #p::ValueErrorKind::Missing { expected: #expected },
                                ));
                            }
                        },
                    },
                });
            }
            FieldKind::Text => {
                text = quote_spanned! {ty.span()=>
                    let #local = __value.parse_text::<#ty>()?;
                };
                inits.push(quote!(#fi: #local,));
            }
            FieldKind::Property(n) => {
                decls.push(quote!(let mut #local: #p::Option<#ty> = #p::Option::None;));
                child_arms.push((
                    n.namespace.clone(),
                    n.local.clone(),
                    quote_spanned! {ty.span()=>
                        #local = #p::Option::Some(
                            <#ty as #p::ParseField>::parse_field(&mut __child)?,
                        )
                    },
                ));
                inits.push(quote_spanned! {ty.span()=>
                    #fi: match #local {
                        #p::Option::Some(__v) => __v,
                        #p::Option::None => <#ty as #p::ParseField>::absent(),
                    },
                });
            }
            FieldKind::Repeated { name: n, item } => {
                decls
                    .push(quote!(let mut #local: ::std::vec::Vec<#item> = ::std::vec::Vec::new();));
                child_arms.push((
                    n.namespace.clone(),
                    n.local.clone(),
                    quote_spanned! {item.span()=>
                        #local.push(<#item as #p::ParseValue>::parse_value(&mut __child)?)
                    },
                ));
                inits.push(quote_spanned! {ty.span()=>
                    #fi: <#ty as ::core::iter::FromIterator<#item>>::from_iter(#local),
                });
            }
            FieldKind::Flatten => inits.push(quote_spanned! {ty.span()=>
                #fi: __buffer.parse::<#ty>()?,
            }),
            FieldKind::Skip | FieldKind::Dead => inits.push(quote_spanned! {ty.span()=>
                #fi: <#ty as ::core::default::Default>::default(),
            }),
        }
    }
    let attributes = (!attribute_arms.is_empty()).then(|| {
        let arms = match_name(
            &quote!(__namespace),
            &quote!(__local),
            &attribute_arms,
            &quote!({}),
        );
        quote! {
            let __position = __value.position();
            for (__namespace, __local, __text) in __value.attributes() {
                #arms
            }
        }
    });
    let children = (!child_arms.is_empty()).then(|| {
        let arms = match_name(
            &quote!(__namespace),
            &quote!(__local),
            &child_arms,
            &quote!({}),
        );
        quote! {
            while let #p::Option::Some(mut __child) = __value.next_child()? {
                let (__namespace, __local) = __child.name();
                #arms
            }
        }
    });
    let own = quote! {
        #(#decls)*
        #attributes
        #text
        #children
        #p::Result::Ok(Self { #(#inits)* })
    };
    if flattened {
        quote! {
            let __buffer = __value.buffer()?;
            __buffer.read(|__value| { #own })
        }
    } else {
        own
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
