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
    /// The typed-name enum of a property set: `<Struct>Name`, or what `name_enum = "..."`
    /// says.
    pub name_enum: Ident,
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

pub enum FieldKind<'a> {
    /// A property (sets), or a child element (value structs).
    Property(XmlName),
    /// A `Vec<T>` or `&[T]` field of a value struct: one child element per item.
    Repeated {
        name: XmlName,
        item: &'a Type,
    },
    /// `#[dav(attribute)]`: an attribute of the value's element.
    Attribute(XmlName),
    /// `#[dav(text)]`: the text of the value's element.
    Text,
    Flatten,
    Skip,
    /// `#[dav(dead)]`: the set's store of dead properties.
    Dead,
}

pub struct Field<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub kind: FieldKind<'a>,
    /// The key that set the kind (`dead`, `text`, …), for spans.
    pub kind_key: Option<syn::Path>,
    /// Whether `allprop` reports it (property sets).
    pub allprop: bool,
}

impl Field<'_> {
    /// The name of the element the field writes, if it writes named elements.
    pub fn element_name(&self) -> Option<&XmlName> {
        match &self.kind {
            FieldKind::Property(name) | FieldKind::Repeated { name, .. } => Some(name),
            _ => None,
        }
    }

    /// Whether the field writes child elements (or, flattened, content that may be).
    pub fn writes_children(&self) -> bool {
        matches!(
            self.kind,
            FieldKind::Property(_) | FieldKind::Repeated { .. } | FieldKind::Flatten
        )
    }
}

/// The item type of a field written as repeated elements: `Vec<T>` (by its last path
/// segment, as it is spelled) or `&[T]`.
fn repeated_item(ty: &Type) -> Option<&Type> {
    match ty {
        Type::Path(p) if p.qself.is_none() => {
            let last = p.path.segments.last()?;
            let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                return None;
            };
            match (last.ident == "Vec", args.args.first(), args.args.len()) {
                (true, Some(syn::GenericArgument::Type(item)), 1) => Some(item),
                _ => None,
            }
        }
        Type::Reference(r) => match &*r.elem {
            Type::Slice(slice) => Some(&slice.elem),
            _ => None,
        },
        Type::Group(g) => repeated_item(&g.elem),
        _ => None,
    }
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
        let name_enum = match &attrs.name_enum {
            Some(n) => n.value.clone(),
            None => default_name_enum(&input.ident),
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
        if derive == Derive::PropertySet {
            for param in &input.generics.params {
                let what = match param {
                    syn::GenericParam::Lifetime(_) => continue,
                    syn::GenericParam::Type(_) => "type",
                    syn::GenericParam::Const(_) => "const",
                };
                cx.error_spanned_by(
                    param,
                    format!(
                        "a property set cannot have {what} parameters: its typed-name enum is generated from its concrete fields (lifetimes are fine: `struct Row<'a>`)"
                    ),
                );
            }
        }
        Some(Self {
            input,
            krate,
            name_enum,
            body,
        })
    }
}

/// `<Struct>Name`, spanned on the struct's name.
pub fn default_name_enum(ident: &Ident) -> Ident {
    quote::format_ident!("{}Name", ident, span = ident.span())
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
        let kind_key = attrs.kind_key().cloned();
        let key = kind_key
            .as_ref()
            .and_then(|k| k.get_ident())
            .map(ToString::to_string);
        let kind = match key.as_deref() {
            Some("skip") => FieldKind::Skip,
            Some("flatten") => FieldKind::Flatten,
            Some("dead") => FieldKind::Dead,
            Some("text") => FieldKind::Text,
            // An attribute is in no namespace unless it says otherwise.
            Some(_) => FieldKind::Attribute(xml_name(
                ident,
                &attrs,
                rule,
                &(String::new(), ident.span(), true),
            )),
            None => {
                let name = xml_name(ident, &attrs, rule, default_ns);
                match repeated_item(&field.ty) {
                    Some(item) if position == Position::ValueField => {
                        FieldKind::Repeated { name, item }
                    }
                    _ => FieldKind::Property(name),
                }
            }
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
            kind_key,
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
