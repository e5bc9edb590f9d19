//! The derive's view of its input: syn's tree plus what the attributes say, with the XML name
//! of every property worked out (explicit `rename` beats `rename_all`) and spans kept for
//! errors.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::{Data, DeriveInput, Fields, Ident, Type};

use crate::attr::{self, Attrs, Position};
use crate::case::RenameRule;
use crate::ctxt::Ctxt;

/// RFC 4918 §9.1: `allprop` returns "the live properties defined in this document".
const RFC4918_LIVE: &[&str] = &[
    "creationdate",
    "displayname",
    "getcontentlanguage",
    "getcontentlength",
    "getcontenttype",
    "getetag",
    "getlastmodified",
    "lockdiscovery",
    "resourcetype",
    "supportedlock",
];

/// Which derive is running.
#[derive(Copy, Clone, PartialEq, Eq)]
pub enum Derive {
    PropertySet,
    PropertyValue,
}

pub struct Container<'a> {
    pub input: &'a DeriveInput,
    /// Path of the facade: `::multistatus`, or what `crate = "..."` says.
    pub krate: TokenStream,
    pub body: Body<'a>,
}

pub enum Body<'a> {
    /// A struct with named fields.
    Struct(Vec<Field<'a>>),
    /// A one-field tuple struct (`PropertyValue` only): the value of its field.
    Newtype(&'a syn::Field),
    /// An enum of choices (`PropertyValue` only).
    Enum(Vec<Variant<'a>>),
}

/// An element name with the spans to report problems at.
pub struct XmlName {
    pub namespace: String,
    pub namespace_span: Span,
    /// Set by `no_namespace`: an empty namespace that is meant.
    pub no_namespace: bool,
    pub local: String,
    pub local_span: Span,
}

pub enum FieldKind {
    Property(XmlName),
    Flatten,
    Skip,
}

pub struct Field<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub kind: FieldKind,
    /// Whether `allprop` reports it (property sets).
    pub allprop: bool,
}

pub enum VariantKind<'a> {
    /// An empty element.
    Unit,
    /// An element holding the value of the one field.
    Newtype(&'a Type),
}

pub struct Variant<'a> {
    pub ident: &'a Ident,
    pub kind: VariantKind<'a>,
    pub flatten: bool,
    pub name: XmlName,
}

fn ident_text(ident: &Ident) -> String {
    let s = ident.to_string();
    s.strip_prefix("r#").map(str::to_owned).unwrap_or(s)
}

/// The name of a field or variant: `rename`, else `rename_all` applied to the identifier.
fn xml_name(
    ident: &Ident,
    attrs: &Attrs,
    rule: RenameRule,
    default_ns: &(String, Span, bool),
) -> XmlName {
    let (local, local_span) = match &attrs.rename {
        Some(r) => (r.value.value(), r.value.span()),
        None => (rule.apply(&ident_text(ident)), ident.span()),
    };
    let (namespace, namespace_span, no_namespace) = match &attrs.namespace {
        Some(ns) => ns.resolve(),
        None => default_ns.clone(),
    };
    XmlName {
        namespace,
        namespace_span,
        no_namespace,
        local,
        local_span,
    }
}

impl<'a> Container<'a> {
    /// Reads the input; `None` (with errors in `cx`) when its shape is not supported at all.
    pub fn from_ast(cx: &Ctxt, input: &'a DeriveInput, derive: Derive) -> Option<Self> {
        let position = match derive {
            Derive::PropertySet => Position::SetContainer,
            Derive::PropertyValue => Position::ValueContainer,
        };
        let attrs = attr::parse(cx, &input.attrs, position);
        let krate = match &attrs.krate {
            Some(k) => k.value.to_token_stream(),
            None => quote!(::multistatus),
        };
        let default_ns = match &attrs.namespace {
            Some(ns) => ns.resolve(),
            None => ("DAV:".to_owned(), input.ident.span(), false),
        };
        let rule = attrs
            .rename_all
            .as_ref()
            .map_or(RenameRule::KebabCase, |r| r.value);
        let container_allprop = attrs.allprop.as_ref().map(|a| a.value);

        let body = match (&input.data, derive) {
            (Data::Struct(s), _) => match &s.fields {
                Fields::Named(named) => {
                    let field_position = match derive {
                        Derive::PropertySet => Position::SetField,
                        Derive::PropertyValue => Position::ValueField,
                    };
                    Body::Struct(
                        named
                            .named
                            .iter()
                            .filter_map(|f| {
                                Field::from_ast(
                                    cx,
                                    f,
                                    field_position,
                                    rule,
                                    &default_ns,
                                    container_allprop,
                                )
                            })
                            .collect(),
                    )
                }
                Fields::Unnamed(unnamed)
                    if derive == Derive::PropertyValue && unnamed.unnamed.len() == 1 =>
                {
                    Body::Newtype(&unnamed.unnamed[0])
                }
                Fields::Unnamed(unnamed) => {
                    let msg = match derive {
                        Derive::PropertySet => {
                            "a property set must be a struct with named fields: each field is a property named after it"
                        }
                        Derive::PropertyValue => {
                            "a tuple struct value must have exactly one field, whose value it is; use named fields for child elements"
                        }
                    };
                    cx.error_spanned_by(&unnamed.unnamed, msg);
                    return None;
                }
                Fields::Unit => {
                    cx.error_spanned_by(
                        &input.ident,
                        match derive {
                            Derive::PropertySet => "a property set must be a struct with named fields; a unit struct has no properties",
                            Derive::PropertyValue => "a unit struct has no content to write; use an enum variant or a struct with fields",
                        },
                    );
                    return None;
                }
            },
            (Data::Enum(e), Derive::PropertyValue) => Body::Enum(
                e.variants
                    .iter()
                    .filter_map(|v| Variant::from_ast(cx, v, rule, &default_ns))
                    .collect(),
            ),
            (Data::Enum(e), Derive::PropertySet) => {
                cx.error_spanned_by(
                    e.enum_token,
                    "a property set must be a struct with named fields; to write a choice of elements as a value, derive `PropertyValue` on the enum",
                );
                return None;
            }
            (Data::Union(u), _) => {
                cx.error_spanned_by(
                    u.union_token,
                    "unions are not supported: use a struct with named fields",
                );
                return None;
            }
        };
        if derive == Derive::PropertySet && !input.generics.params.is_empty() {
            cx.error_spanned_by(
                &input.generics,
                "a property set cannot be generic: its typed-name enum is generated from its concrete fields",
            );
        }
        Some(Self { input, krate, body })
    }
}

impl<'a> Field<'a> {
    fn from_ast(
        cx: &Ctxt,
        field: &'a syn::Field,
        position: Position,
        rule: RenameRule,
        default_ns: &(String, Span, bool),
        container_allprop: Option<bool>,
    ) -> Option<Self> {
        let ident = field.ident.as_ref()?;
        let attrs = attr::parse(cx, &field.attrs, position);
        let kind = if attrs.skip.is_some() {
            FieldKind::Skip
        } else if attrs.flatten.is_some() {
            FieldKind::Flatten
        } else {
            FieldKind::Property(xml_name(ident, &attrs, rule, default_ns))
        };
        let allprop = match (
            &kind,
            attrs.allprop.as_ref().map(|a| a.value),
            container_allprop,
        ) {
            (FieldKind::Property(_), Some(explicit), _) => explicit,
            (FieldKind::Property(_), None, Some(container)) => container,
            (FieldKind::Property(name), None, None) => {
                name.namespace == "DAV:" && RFC4918_LIVE.contains(&name.local.as_str())
            }
            _ => false,
        };
        Some(Self {
            ident,
            ty: &field.ty,
            kind,
            allprop,
        })
    }
}

impl<'a> Variant<'a> {
    fn from_ast(
        cx: &Ctxt,
        variant: &'a syn::Variant,
        rule: RenameRule,
        default_ns: &(String, Span, bool),
    ) -> Option<Self> {
        let attrs = attr::parse(cx, &variant.attrs, Position::Variant);
        let kind = match &variant.fields {
            Fields::Unit => VariantKind::Unit,
            Fields::Unnamed(f) if f.unnamed.len() == 1 => VariantKind::Newtype(&f.unnamed[0].ty),
            other => {
                cx.error_spanned_by(
                    other,
                    "a value enum variant must be a unit variant (an empty element) or hold exactly one value",
                );
                return None;
            }
        };
        if let Some(f) = &attrs.flatten
            && matches!(kind, VariantKind::Unit)
        {
            cx.error_spanned_by(&f.key, "`flatten` needs a variant holding a value");
        }
        Some(Self {
            ident: &variant.ident,
            kind,
            flatten: attrs.flatten.is_some(),
            name: xml_name(&variant.ident, &attrs, rule, default_ns),
        })
    }
}
