//! Code generation for `#[derive(PropertySet)]`.
//!
//! For a struct `Props` it emits a public typed-name enum `PropsName` (one variant per
//! property, one wrapping variant per flattened set) and, inside `const _: () = { ... };`,
//! one pre-rendered `Tag` constant per property and the `PropertyName` / `PropertySet` impls.
//! Every path is absolute and goes through `<crate>::__private`.

use std::collections::BTreeMap;

use proc_macro2::{Group, Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::DeriveInput;
use syn::spanned::Spanned;

use crate::ast::{Body, Container, Derive, Field, FieldKind};
use crate::case::variant_name;
use crate::fallback;

pub fn derive(input: &DeriveInput) -> TokenStream {
    crate::run(input, Derive::PropertySet, expand, fallback::property_set)
}

/// The std derives of the typed-name enum, on the real enum and on the fallback stub alike:
/// a typed name is a small key that is copied, compared, hashed and printed.
pub fn name_enum_derives() -> TokenStream {
    quote! {
        #[derive(
            ::core::clone::Clone,
            ::core::marker::Copy,
            ::core::cmp::PartialEq,
            ::core::cmp::Eq,
            ::core::hash::Hash,
            ::core::fmt::Debug
        )]
    }
}

struct Prop<'a> {
    field: &'a Field<'a>,
    variant: syn::Ident,
    tag: syn::Ident,
    namespace: String,
    local: String,
    span: Span,
}

/// `ty` with the set's lifetimes replaced by `'static`, for where no lifetime is in scope
/// (the typed-name enum, its impls, constants). A flattened set's `Name` is `'static`, so it
/// is the same type whatever the lifetimes.
fn statik(ty: &syn::Type, lifetimes: &[&syn::Ident]) -> TokenStream {
    fn replace(tokens: TokenStream, lifetimes: &[&syn::Ident]) -> TokenStream {
        let mut out = Vec::new();
        let mut tokens = tokens.into_iter().peekable();
        while let Some(tt) = tokens.next() {
            match tt {
                TokenTree::Punct(p) if p.as_char() == '\'' => match tokens.peek() {
                    Some(TokenTree::Ident(i)) if lifetimes.contains(&i) => {
                        let span = i.span();
                        tokens.next();
                        out.push(TokenTree::Punct(p));
                        out.push(TokenTree::Ident(proc_macro2::Ident::new("static", span)));
                    }
                    _ => out.push(TokenTree::Punct(p)),
                },
                TokenTree::Group(g) => {
                    let mut group = Group::new(g.delimiter(), replace(g.stream(), lifetimes));
                    group.set_span(g.span());
                    out.push(TokenTree::Group(group));
                }
                other => out.push(other),
            }
        }
        out.into_iter().collect()
    }
    replace(ty.to_token_stream(), lifetimes)
}

/// `ty` with every lifetime (`'a`, `'static`) replaced by `'__x`, the lifetime of the
/// higher-ranked bounds of the parse impls (`for<'__x> &'__x str: ParseText`): two fields
/// `&'static str` and `&'a str` would otherwise give two where clauses that match one type
/// modulo lifetimes, which the compiler refuses as ambiguous.
pub fn any_lifetime(ty: TokenStream) -> TokenStream {
    let mut out = Vec::new();
    let mut tokens = ty.into_iter().peekable();
    while let Some(tt) = tokens.next() {
        match tt {
            TokenTree::Punct(p) if p.as_char() == '\'' => match tokens.peek() {
                Some(TokenTree::Ident(i)) => {
                    let span = i.span();
                    tokens.next();
                    out.push(TokenTree::Punct(p));
                    out.push(TokenTree::Ident(proc_macro2::Ident::new("__x", span)));
                }
                _ => out.push(TokenTree::Punct(p)),
            },
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), any_lifetime(g.stream()));
                group.set_span(g.span());
                out.push(TokenTree::Group(group));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

/// `vis`, written one module down: the visibility of the typed-name enum in its module, the
/// set's own (a wider one would make the impls naming the set's private types an error).
fn one_module_down(vis: &syn::Visibility) -> TokenStream {
    match vis {
        syn::Visibility::Public(_) => quote!(#vis),
        syn::Visibility::Inherited => quote!(pub(super)),
        syn::Visibility::Restricted(r) => {
            let path = &r.path;
            let first = path.segments.first().map(|s| s.ident.to_string());
            match first.as_deref() {
                Some("crate") if path.leading_colon.is_none() && path.segments.len() == 1 => {
                    quote!(#vis)
                }
                Some("self") => {
                    let rest = path.segments.iter().skip(1);
                    quote!(pub(in super #(::#rest)*))
                }
                Some("super") => quote!(pub(in super::#path)),
                _ => quote!(#vis),
            }
        }
    }
}

fn expand(cont: &Container<'_>) -> TokenStream {
    let Body::Struct(fields) = &cont.body else {
        return TokenStream::new();
    };
    let krate = &cont.krate;
    // Generated code reaches the runtime through one import, so that a runtime it cannot
    // find (a renamed dependency without `crate = "..."`) is one error, not one per path.
    let p = quote!(__multistatus);
    let input = cont.input;
    let ident = &input.ident;
    let vis = &input.vis;
    let name_enum = &cont.name_enum;
    let module = format_ident!("__dav_{}", name_enum);
    // The enum where generated code names it: through its module (see `check` below).
    let names = quote!(#module::#name_enum);
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let lifetimes: Vec<&syn::Ident> = input
        .generics
        .lifetimes()
        .map(|l| &l.lifetime.ident)
        .collect();
    let statik = |ty: &syn::Type| statik(ty, &lifetimes);

    let mut props = Vec::new();
    let mut flats = Vec::new();
    let mut dead = None;
    for f in fields {
        let variant = format_ident!(
            "{}",
            variant_name(&f.ident.to_string()),
            span = f.ident.span()
        );
        match &f.kind {
            FieldKind::Property(n) => props.push(Prop {
                field: f,
                tag: format_ident!("__TAG_{}", props.len()),
                variant,
                namespace: n.namespace.clone(),
                local: n.local.clone(),
                span: n.local_span,
            }),
            FieldKind::Flatten => flats.push((f, variant)),
            FieldKind::Dead => dead = Some(f),
            _ => {}
        }
    }

    // The enum.
    let doc = format!(
        " Typed names of the properties of [`{ident}`], generated by `#[derive(PropertySet)]`."
    );
    let prop_variants = props.iter().map(|pr| {
        let v = &pr.variant;
        let doc = if pr.namespace.is_empty() {
            format!(" The property `{}` (no namespace).", pr.local)
        } else {
            format!(
                " The property `{}` in namespace `{}`.",
                pr.local, pr.namespace
            )
        };
        quote!(#[doc = #doc] #v,)
    });
    // A flattened set's typed name, through an impl beside the set (`flattened_names`): the
    // enum is in a module of its own, which cannot name a type declared in a function body.
    let flat_variants = flats.iter().enumerate().map(|(k, (f, v))| {
        let ty = f.ty;
        let doc = format!(
            " A property of the flattened set `{}` in field `{}`.",
            ty.to_token_stream().to_string().replace(' ', ""),
            f.ident
        );
        let k = proc_macro2::Literal::usize_unsuffixed(k);
        let name = quote_spanned!(f.ty.span()=> <#name_enum as __Flattened<#k>>::Name);
        quote!(#[doc = #doc] #v(#name),)
    });
    let flattened_names = flats.iter().enumerate().map(|(k, (f, _))| {
        let k = proc_macro2::Literal::usize_unsuffixed(k);
        let ty = statik(f.ty);
        quote_spanned! {f.ty.span()=>
            impl #module::__Flattened<#k> for #names {
                type Name = <#ty as #p::PropertySet>::Name;
            }
        }
    });
    let enum_vis = one_module_down(vis);
    let set_static = statik(&syn::parse_quote!(#ident #ty_generics));

    // Tags, spanned on the name so that the (backstop) compile-time validation points there.
    let tags = props.iter().map(|pr| {
        let (t, ns, local) = (&pr.tag, &pr.namespace, &pr.local);
        quote_spanned!(pr.span=> const #t: #p::Tag = #p::Tag::new(#ns, #local);)
    });

    let tag_arms = props.iter().map(|pr| {
        let (v, t) = (&pr.variant, &pr.tag);
        quote!(Self::#v => &#t,)
    });
    let flat_tag_arms = flats
        .iter()
        .map(|(f, v)| quote_spanned!(f.ty.span()=> Self::#v(__n) => #p::PropertyName::tag(__n),));

    // from_name: match the namespace, then the local name.
    let mut by_ns: BTreeMap<&str, Vec<&Prop<'_>>> = BTreeMap::new();
    for pr in &props {
        by_ns.entry(pr.namespace.as_str()).or_default().push(pr);
    }
    let ns_arms = by_ns.iter().map(|(ns, prs)| {
        let local_arms = prs.iter().map(|pr| {
            let (v, local) = (&pr.variant, &pr.local);
            quote!(#local => return #p::Option::Some(Self::#v),)
        });
        quote!(#ns => match __local { #(#local_arms)* _ => {} },)
    });
    let flat_lookups = flats.iter().map(|(f, v)| {
        let ty = statik(f.ty);
        quote_spanned! {f.ty.span()=>
            if let #p::Option::Some(__n) =
                <<#ty as #p::PropertySet>::Name as #p::PropertyName>::from_name(__namespace, __local)
            {
                return #p::Option::Some(Self::#v(__n));
            }
        }
    });

    let allprop_arms = props.iter().map(|pr| {
        let (v, a) = (&pr.variant, pr.field.allprop);
        quote!(Self::#v => #a,)
    });
    let flat_allprop_arms = flats.iter().map(
        |(f, v)| quote_spanned!(f.ty.span()=> Self::#v(__n) => #p::PropertyName::in_allprop(__n),),
    );

    // for_each in declaration order, flattened sets in place.
    let for_each = fields.iter().filter_map(|f| {
        let v = format_ident!("{}", variant_name(&f.ident.to_string()), span = f.ident.span());
        match f.kind {
            FieldKind::Property(_) => Some(quote!(__f(Self::#v);)),
            FieldKind::Flatten => {
                let ty = statik(f.ty);
                Some(quote_spanned! {f.ty.span()=>
                    <<#ty as #p::PropertySet>::Name as #p::PropertyName>::for_each(&mut |__n| __f(Self::#v(__n)));
                })
            }
            _ => None,
        }
    });

    let flat_trees = flats.iter().map(|(f, _)| {
        let ty = statik(f.ty);
        quote_spanned!(f.ty.span()=> &<#ty as #p::PropertySet>::NAME_TREE)
    });

    // Each use of a field's value is spanned on its type, so that a type that is not a
    // property value is reported there, once: the compiler merges identical diagnostics, and
    // within a function it drops a repeat of an error at the same span. So every function
    // names the trait as `<T as PropertyValue>` first; the `let _` in a write arm is there
    // for that, else `Sink::property`'s bound would be reported a second time, differently.
    let state_arms = props.iter().map(|pr| {
        let (v, fi, ty) = (&pr.variant, pr.field.ident, pr.field.ty);
        let call = quote_spanned!(ty.span()=> <#ty as #p::PropertyValue>::state(&self.#fi));
        quote!(#names::#v => #call,)
    });
    let flat_state_arms = flats.iter().map(|(f, v)| {
        let (fi, ty) = (f.ident, f.ty);
        quote_spanned!(ty.span()=> #names::#v(__n) => <#ty as #p::PropertySet>::state(&self.#fi, __n),)
    });
    let write_arms = props.iter().map(|pr| {
        let (v, t, fi, ty) = (&pr.variant, &pr.tag, pr.field.ident, pr.field.ty);
        let call = quote_spanned!(ty.span()=> {
            let _ = <#ty as #p::PropertyValue>::write_value;
            __sink.property::<#ty>(&#t, &self.#fi)
        });
        quote!(#names::#v => #call,)
    });
    let flat_write_arms = flats.iter().map(|(f, v)| {
        let (fi, ty) = (f.ident, f.ty);
        quote_spanned!(ty.span()=> #names::#v(__n) => <#ty as #p::PropertySet>::write_property(&self.#fi, __n, __sink),)
    });
    let value_arms = props.iter().map(|pr| {
        let (v, fi, ty) = (&pr.variant, pr.field.ident, pr.field.ty);
        let call = quote_spanned!(ty.span()=> {
            let _ = <#ty as #p::PropertyValue>::write_value;
            #p::as_value::<#ty>(&self.#fi)
        });
        quote!(#names::#v => #call,)
    });
    let flat_value_arms = flats.iter().map(|(f, v)| {
        let (fi, ty) = (f.ident, f.ty);
        quote_spanned!(ty.span()=> #names::#v(__n) => <#ty as #p::PropertySet>::value(&self.#fi, __n),)
    });
    let plain_arms = props.iter().map(|pr| {
        let (v, fi, ty) = (&pr.variant, pr.field.ident, pr.field.ty);
        let call =
            quote_spanned!(ty.span()=> <#ty as #p::PropertyValue>::write_plain(&self.#fi, __sink));
        quote!(#names::#v => #call,)
    });
    let flat_plain_arms = flats.iter().map(|(f, v)| {
        let (fi, ty) = (f.ident, f.ty);
        quote_spanned!(ty.span()=> #names::#v(__n) => <#ty as #p::PropertySet>::write_plain(&self.#fi, __n, __sink),)
    });
    let allprop_writes = fields.iter().filter_map(|f| {
        let (fi, ty) = (f.ident, f.ty);
        match &f.kind {
            FieldKind::Property(_) if f.allprop => {
                let pr = props.iter().find(|pr| pr.field.ident == f.ident)?;
                let t = &pr.tag;
                Some(quote_spanned! {ty.span()=>
                    if #p::PropState::Present == <#ty as #p::PropertyValue>::state(&self.#fi) {
                        __sink.property::<#ty>(&#t, &self.#fi)?;
                    }
                })
            }
            FieldKind::Flatten => Some(quote_spanned! {ty.span()=>
                <#ty as #p::PropertySet>::write_allprop(&self.#fi, __sink)?;
            }),
            _ => None,
        }
    });

    // `From` a flattened set's names, so `LiveName::Getetag.into()` names it here. Skipped
    // for a type flattened twice, where it would be ambiguous.
    let from_impls = flats.iter().filter_map(|(f, v)| {
        let ty = statik(f.ty);
        let key = ty.to_string();
        let twice = flats
            .iter()
            .filter(|(g, _)| statik(g.ty).to_string() == key)
            .count()
            > 1;
        (!twice).then(|| {
            quote_spanned! {f.ty.span()=>
                #[automatically_derived]
                impl ::core::convert::From<<#ty as #p::PropertySet>::Name> for #names {
                    #[inline]
                    fn from(__name: <#ty as #p::PropertySet>::Name) -> Self {
                        Self::#v(__name)
                    }
                }
            }
        })
    });

    let own_tags: Vec<_> = props.iter().map(|pr| &pr.tag).collect();
    let checks = flatten_checks(&p, &props, &flats, dead, &statik);
    let parse = parse_set(cont, fields, &props, &flats, &statik);
    let (dead_fn, has_dead) = dead_store(&p, dead, &flats, &statik);

    let state_match = if props.is_empty() && flats.is_empty() {
        quote!(match __name {})
    } else {
        quote!(match __name { #(#state_arms)* #(#flat_state_arms)* })
    };
    let write_match = if props.is_empty() && flats.is_empty() {
        quote!(match __name {})
    } else {
        quote!(match __name { #(#write_arms)* #(#flat_write_arms)* })
    };
    let value_match = if props.is_empty() && flats.is_empty() {
        quote!(match __name {})
    } else {
        quote!(match __name { #(#value_arms)* #(#flat_value_arms)* })
    };
    let plain_match = if props.is_empty() && flats.is_empty() {
        quote!(match __name {})
    } else {
        quote!(match __name { #(#plain_arms)* #(#flat_plain_arms)* })
    };
    let self_match = |arms: TokenStream| {
        if props.is_empty() && flats.is_empty() {
            quote!(match self {})
        } else {
            quote!(match self { #arms })
        }
    };
    let tag_match = self_match(quote!(#(#tag_arms)* #(#flat_tag_arms)*));
    let allprop_match = self_match(quote!(#(#allprop_arms)* #(#flat_allprop_arms)*));
    let derives = name_enum_derives();

    // The enum is defined in a module and brought in by a glob import, which an item of the
    // same name shadows without an error: generated code names it through the module, and a
    // check (last) makes the clash one error that says what to do.
    let check = quote_spanned! {name_enum.span()=>
        const _: () = <#name_enum as #p::NameEnumOf<#set_static>>::OK;
    };
    let flattened_trait = (!flats.is_empty()).then(|| {
        quote! {
            /// The typed names of the flattened sets, named where the set is (a module
            /// cannot name a type declared in a function body).
            #[doc(hidden)]
            #enum_vis trait __Flattened<const N: ::core::primitive::usize> {
                /// The typed name of the `N`th flattened set.
                type Name;
            }
        }
    });
    quote! {
        #[allow(non_snake_case)]
        mod #module {
            #[allow(unused_imports)]
            use super::*;

            #flattened_trait

            #[doc = #doc]
            #derives
            #[allow(clippy::enum_variant_names)]
            #enum_vis enum #name_enum {
                #(#prop_variants)*
                #(#flat_variants)*
            }
        }
        #[allow(unused_imports)]
        #vis use #module::*;

        // `unused_qualifications`: the enum is named through its module, where its bare name
        // may resolve to the same enum (see `check`).
        #[allow(
            non_upper_case_globals,
            unused_qualifications,
            clippy::all,
            clippy::pedantic
        )]
        const _: () = {
            use #krate::__private as __multistatus;

            #(#tags)*

            #(#flattened_names)*

            // (`#[diagnostic::do_not_recommend]` would keep this impl out of the clash's
            // error, but diagnostic attributes do not resolve under `no_implicit_prelude`.)
            #[automatically_derived]
            impl #p::NameEnumOf<#set_static> for #names {}

            #[automatically_derived]
            impl #p::PropertyName for #names {
                #[inline]
                fn tag(self) -> &'static #p::Tag {
                    #tag_match
                }

                fn from_name(
                    __namespace: &::core::primitive::str,
                    __local: &::core::primitive::str,
                ) -> #p::Option<Self> {
                    match __namespace {
                        #(#ns_arms)*
                        _ => {}
                    }
                    #(#flat_lookups)*
                    #p::Option::None
                }

                #[inline]
                fn in_allprop(self) -> ::core::primitive::bool {
                    #allprop_match
                }

                fn for_each(__f: &mut dyn ::core::ops::FnMut(Self)) {
                    #(#for_each)*
                }
            }

            #[automatically_derived]
            impl #impl_generics #p::PropertySet for #ident #ty_generics #where_clause {
                type Name = #names;

                const NAME_TREE: #p::NameTree = #p::NameTree {
                    own: &[#(#own_tags),*],
                    flattened: &[#(#flat_trees),*],
                };

                #has_dead

                #[inline]
                fn state(&self, __name: #names) -> #p::PropState {
                    #state_match
                }

                #[inline]
                fn write_property(
                    &self,
                    __name: #names,
                    __sink: &mut #p::Sink,
                ) -> #p::Result<(), #p::Error> {
                    #write_match
                }

                #[inline]
                fn value(&self, __name: #names) -> &dyn #p::PropertyValue {
                    #value_match
                }

                // Inlined into the one loop that calls it (the pre-rendered PROPFIND path):
                // with `#[inline]` alone it stayed a call per property, and the benchmark's
                // resources took 248 ns against 226 ns inlined.
                #[allow(clippy::inline_always)]
                #[inline(always)]
                fn write_plain(
                    &self,
                    __name: #names,
                    __sink: &mut #p::Sink,
                ) -> #p::Plain {
                    #plain_match
                }

                fn write_allprop(&self, __sink: &mut #p::Sink) -> #p::Result<(), #p::Error> {
                    #(#allprop_writes)*
                    #p::Result::Ok(())
                }

                #dead_fn
            }

            #parse

            #(#from_impls)*

            #(#checks)*

            #check
        };
    }
}

/// `ParseSet`: the set read back from a 207 body, each property's value parsed into its
/// field. Bounded with higher-ranked trivial bounds (`for<'__x> T: ParseField`), so that a
/// set whose fields cannot be parsed (borrowed values) still compiles for writing: the impl
/// is then absent, and using the set to parse is one error on `ParseSet`.
fn parse_set(
    cont: &Container<'_>,
    fields: &[Field<'_>],
    props: &[Prop<'_>],
    flats: &[(&Field<'_>, syn::Ident)],
    statik: &dyn Fn(&syn::Type) -> TokenStream,
) -> TokenStream {
    let p = quote!(__multistatus);
    let input = cont.input;
    let ident = &input.ident;
    let module = format_ident!("__dav_{}", cont.name_enum);
    let name_enum = &cont.name_enum;
    let names = quote!(#module::#name_enum);
    let mut generics = input.generics.clone();
    let where_clause = generics.make_where_clause();
    for f in fields {
        let ty = f.ty;
        let bound: Option<TokenStream> = match f.kind {
            FieldKind::Property(_) => Some(quote!(#p::ParseField)),
            FieldKind::Flatten => Some(quote!(#p::ParseSet)),
            FieldKind::Dead => Some(quote!(#p::DeadPropertiesMut + ::core::default::Default)),
            FieldKind::Skip => Some(quote!(::core::default::Default)),
            _ => None,
        };
        if let Some(bound) = bound {
            let ty = any_lifetime(ty.to_token_stream());
            where_clause
                .predicates
                .push(syn::parse_quote_spanned!(f.ty.span()=> for<'__x> #ty: #bound));
        }
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();

    let inits = fields.iter().map(|f| {
        let (fi, ty) = (f.ident, f.ty);
        let value = match f.kind {
            FieldKind::Property(_) => quote!(<#ty as #p::ParseField>::absent()),
            FieldKind::Flatten => quote!(<#ty as #p::ParseSet>::unreported()),
            _ => quote!(<#ty as ::core::default::Default>::default()),
        };
        quote_spanned!(ty.span()=> #fi: #value,)
    });
    let parse_arms = props.iter().map(|pr| {
        let (v, fi, ty) = (&pr.variant, pr.field.ident, pr.field.ty);
        quote_spanned! {ty.span()=>
            #names::#v => {
                self.#fi = <#ty as #p::ParseField>::parse_field(__value)?;
                #p::Result::Ok(())
            }
        }
    });
    let flat_parse_arms = flats.iter().map(|(f, v)| {
        let (fi, ty) = (f.ident, f.ty);
        quote_spanned! {ty.span()=>
            #names::#v(__n) => <#ty as #p::ParseSet>::parse_property(&mut self.#fi, __n, __value),
        }
    });
    let status_arms = props.iter().map(|pr| {
        let (v, fi, ty) = (&pr.variant, pr.field.ident, pr.field.ty);
        quote_spanned! {ty.span()=>
            #names::#v => self.#fi = <#ty as #p::ParseField>::with_status(__status),
        }
    });
    let flat_status_arms = flats.iter().map(|(f, v)| {
        let (fi, ty) = (f.ident, f.ty);
        quote_spanned! {ty.span()=>
            #names::#v(__n) => <#ty as #p::ParseSet>::property_status(&mut self.#fi, __n, __status),
        }
    });
    // Slots in `NAME_TREE` order: the set's own properties, then each flattened set's.
    let own = props.len();
    let mut offset = quote!(#own);
    let mut flat_slot_arms = Vec::new();
    for (f, v) in flats {
        let (ty, st) = (f.ty, statik(f.ty));
        flat_slot_arms.push(quote_spanned! {ty.span()=>
            #names::#v(__n) => #offset + <#ty as #p::ParseSet>::slot(__n),
        });
        offset = quote!(#offset + <#st as #p::PropertySet>::NAME_TREE.len());
    }
    let slot_arms = props.iter().enumerate().map(|(i, pr)| {
        let v = &pr.variant;
        quote!(#names::#v => #i,)
    });
    let dead = fields.iter().find(|f| matches!(f.kind, FieldKind::Dead));
    let keep_dead = match dead {
        Some(f) => {
            let (fi, ty) = (f.ident, f.ty);
            quote_spanned! {ty.span()=>
                fn keep_dead(&mut self, __property: &#p::DeadProperty) -> ::core::primitive::bool {
                    <#ty as #p::DeadPropertiesMut>::set(
                        &mut self.#fi,
                        ::core::clone::Clone::clone(__property),
                    )
                    .is_ok()
                }
            }
        }
        None if !flats.is_empty() => {
            let lookups = flats.iter().map(|(f, _)| {
                let (fi, ty) = (f.ident, f.ty);
                quote_spanned! {ty.span()=>
                    if <#ty as #p::ParseSet>::keep_dead(&mut self.#fi, __property) {
                        return true;
                    }
                }
            });
            quote! {
                fn keep_dead(&mut self, __property: &#p::DeadProperty) -> ::core::primitive::bool {
                    #(#lookups)*
                    false
                }
            }
        }
        None => TokenStream::new(),
    };
    let empty = props.is_empty() && flats.is_empty();
    let by_name = |arms: TokenStream| {
        if empty {
            quote!(match __name {})
        } else {
            quote!(match __name { #arms })
        }
    };
    let parse_match = by_name(quote!(#(#parse_arms)* #(#flat_parse_arms)*));
    let status_match = by_name(quote!(#(#status_arms)* #(#flat_status_arms)*));
    let slot_match = by_name(quote!(#(#slot_arms)* #(#flat_slot_arms)*));
    quote! {
        #[automatically_derived]
        impl #impl_generics #p::ParseSet for #ident #ty_generics #where_clause {
            type Statuses = #p::Slots<{ #offset }>;

            fn unreported() -> Self {
                Self { #(#inits)* }
            }

            #[inline]
            fn parse_property(
                &mut self,
                __name: #names,
                __value: &mut #p::ValueReader<'_>,
            ) -> #p::Result<(), #p::ValueError> {
                #parse_match
            }

            fn property_status(&mut self, __name: #names, __status: #p::Status) {
                #status_match
            }

            #keep_dead

            #[inline]
            fn slot(__name: #names) -> ::core::primitive::usize {
                #slot_match
            }
        }
    }
}

/// The field's name as the checks' messages show it.
fn owner(f: &Field<'_>) -> String {
    match f.kind {
        FieldKind::Flatten => format!("flattened field `{}`", f.ident),
        _ => format!("field `{}`", f.ident),
    }
}

/// Constants evaluated at compile time, for what the derive cannot see: the names of
/// flattened sets, and whether they keep dead properties. Each flattened set is checked
/// against the set's own properties, then against each set flattened before it: a clash is
/// reported once, at the second of the two fields, naming both and the property. The
/// `panic!` is in the constant itself, so that the error is the message alone.
fn flatten_checks(
    p: &TokenStream,
    props: &[Prop<'_>],
    flats: &[(&Field<'_>, syn::Ident)],
    dead: Option<&Field<'_>>,
    statik: &dyn Fn(&syn::Type) -> TokenStream,
) -> Vec<TokenStream> {
    let own_tags: Vec<_> = props.iter().map(|pr| &pr.tag).collect();
    let own_owners: Vec<_> = props.iter().map(|pr| owner(pr.field)).collect();
    let has_dead = |f: &Field<'_>| {
        let ty = statik(f.ty);
        quote!(<#ty as #p::PropertySet>::HAS_DEAD)
    };
    let mut checks = Vec::new();
    for (k, (f, _)) in flats.iter().enumerate() {
        let ty = statik(f.ty);
        let span = f.ident.span();
        let second = owner(f);
        let tree = quote!(&<#ty as #p::PropertySet>::NAME_TREE);
        let mut earlier: Vec<(TokenStream, TokenStream, TokenStream)> = Vec::new();
        if !own_tags.is_empty() {
            earlier.push((
                quote!(&#p::NameTree { own: &[#(#own_tags),*], flattened: &[] }),
                quote!(&[#(#own_owners),*]),
                TokenStream::new(),
            ));
        }
        if let Some(d) = dead {
            let message = format!(
                "{} and {second} both keep dead properties: a property set has one store",
                owner(d)
            );
            let flat_dead = has_dead(f);
            checks.push(quote_spanned! {span=>
                const _: () = if #flat_dead {
                    ::core::panic!("{}", #message)
                };
            });
        }
        for (g, _) in &flats[..k] {
            let gty = statik(g.ty);
            let first = owner(g);
            let message = format!(
                "{first} and {second} both keep dead properties: a property set has one store"
            );
            let (a, b) = (has_dead(g), has_dead(f));
            earlier.push((
                quote!(&<#gty as #p::PropertySet>::NAME_TREE),
                quote!(&[#first]),
                quote_spanned! {span=>
                    const _: () = if #a && #b {
                        ::core::panic!("{}", #message)
                    };
                },
            ));
        }
        for (first, owners, dead_check) in earlier {
            checks.push(quote_spanned! {span=>
                const _: () = if let #p::Option::Some(__message) =
                    #p::NameTree::clash(#first, #owners, #tree, #second)
                {
                    ::core::panic!("{}", __message.as_str())
                };
                #dead_check
            });
        }
    }
    checks
}

/// `PropertySet::dead` and `HAS_DEAD`: the `#[dav(dead)]` field, else the first flattened
/// set's store; nothing generated when there is neither.
fn dead_store(
    p: &TokenStream,
    dead: Option<&Field<'_>>,
    flats: &[(&Field<'_>, syn::Ident)],
    statik: &dyn Fn(&syn::Type) -> TokenStream,
) -> (TokenStream, TokenStream) {
    let signature = quote!(fn dead(&self) -> #p::Option<&dyn #p::DeadProperties>);
    if let Some(f) = dead {
        let (fi, ty) = (f.ident, f.ty);
        // The trait is named first, so that a type that is not a store gets the error of
        // `<T as DeadProperties>`, not of `as_dead`'s bound.
        let store = quote_spanned!(ty.span()=> {
            let _ = <#ty as #p::DeadProperties>::get;
            #p::as_dead::<#ty>(&self.#fi)
        });
        return (
            quote! {
                #[inline]
                #signature {
                    #p::Option::Some(#store)
                }
            },
            quote!(
                const HAS_DEAD: ::core::primitive::bool = true;
            ),
        );
    }
    if flats.is_empty() {
        return (TokenStream::new(), TokenStream::new());
    }
    let lookups = flats.iter().map(|(f, _)| {
        let (fi, ty) = (f.ident, f.ty);
        quote_spanned! {ty.span()=>
            if let #p::Option::Some(__dead) = <#ty as #p::PropertySet>::dead(&self.#fi) {
                return #p::Option::Some(__dead);
            }
        }
    });
    let flags = flats.iter().map(|(f, _)| {
        let ty = statik(f.ty);
        quote_spanned!(f.ty.span()=> <#ty as #p::PropertySet>::HAS_DEAD)
    });
    (
        quote! {
            #signature {
                #(#lookups)*
                #p::Option::None
            }
        },
        quote!(const HAS_DEAD: ::core::primitive::bool = #(#flags)||*;),
    )
}
