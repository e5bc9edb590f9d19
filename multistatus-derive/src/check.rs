//! Rules that span several fields, one function each.

use std::collections::{HashMap, HashSet};

use quote::ToTokens;

use crate::ast::{Body, Container, Field, FieldKind, XmlName};
use crate::case::variant_name;
use crate::ctxt::Ctxt;
use crate::xmlname::{local_name_error, namespace_error};

pub fn check(cx: &Ctxt, cont: &Container<'_>) {
    let elements = element_names(cont);
    let attributes = attribute_names(cont);
    names_are_xml(cx, elements.iter().chain(&attributes));
    names_are_unique(cx, &elements, "property name");
    names_are_unique(cx, &attributes, "attribute");
    typed_names_are_unique(cx, cont);
    if let Body::Struct(fields) = &cont.body {
        one_store(cx, fields);
        text_alone(cx, fields);
    }
}

fn element_names<'c>(cont: &'c Container<'_>) -> Vec<(&'c XmlName, String)> {
    match &cont.body {
        Body::Struct(fields) => fields
            .iter()
            .filter_map(|f| Some((f.element_name()?, format!("field `{}`", f.ident))))
            .collect(),
        Body::Enum(variants) => variants
            .iter()
            .map(|v| (&v.name, format!("variant `{}`", v.ident)))
            .collect(),
        Body::Newtype(_) => Vec::new(),
    }
}

fn attribute_names<'c>(cont: &'c Container<'_>) -> Vec<(&'c XmlName, String)> {
    let Body::Struct(fields) = &cont.body else {
        return Vec::new();
    };
    fields
        .iter()
        .filter_map(|f| match &f.kind {
            FieldKind::Attribute(n) => Some((n, format!("field `{}`", f.ident))),
            _ => None,
        })
        .collect()
}

/// Every local name is an XML NCName other than `xmlns`, and every namespace an absolute URI
/// (or none, when `no_namespace` says so, and for attributes by default). A bad container
/// namespace is reported once.
fn names_are_xml<'n>(cx: &Ctxt, names: impl Iterator<Item = &'n (&'n XmlName, String)>) {
    let mut reported = HashSet::new();
    for (name, _) in names {
        if let Some(msg) = local_name_error(&name.local) {
            cx.syn_error(syn::Error::new(name.local_span, msg));
        }
        if name.no_namespace {
            continue;
        }
        if let Some(msg) = namespace_error(&name.namespace)
            && reported.insert(name.namespace.clone())
        {
            cx.syn_error(syn::Error::new(name.namespace_span, msg));
        }
    }
}

/// No two properties of a set (or two child elements of a value, or two choices of an enum;
/// or two attributes of a value) share a namespace and local name once renames are applied.
/// Flattened sets are checked by generated constants.
fn names_are_unique(cx: &Ctxt, names: &[(&XmlName, String)], what: &str) {
    let mut seen: HashMap<(&str, &str), &str> = HashMap::new();
    for (name, owner) in names {
        let key = (name.namespace.as_str(), name.local.as_str());
        if let Some(first) = seen.get(&key) {
            let shown = if name.namespace.is_empty() {
                name.local.clone()
            } else {
                format!("{{{}}}{}", name.namespace, name.local)
            };
            cx.syn_error(syn::Error::new(
                name.local_span,
                format!("duplicate {what} {shown}: {first} already has it"),
            ));
        } else {
            seen.insert(key, owner);
        }
    }
}

/// The typed-name enum of a property set has one variant per property or flattened set,
/// named in UpperCamelCase; two fields must not map to the same variant.
fn typed_names_are_unique(cx: &Ctxt, cont: &Container<'_>) {
    let Body::Struct(fields) = &cont.body else {
        return;
    };
    let mut seen = HashMap::new();
    for f in fields
        .iter()
        .filter(|f| matches!(f.kind, FieldKind::Property(_) | FieldKind::Flatten))
    {
        let v = variant_name(&f.ident.to_string());
        if let Some(first) = seen.insert(v.clone(), f.ident) {
            cx.error_spanned_by(
                f.ident,
                format!(
                    "fields `{first}` and `{}` would both be the typed name `{v}`; rename a field",
                    f.ident
                ),
            );
        }
    }
}

/// A set keeps its dead properties in one store: a second `#[dav(dead)]` field would never
/// be consulted. (Across flattened sets, a generated constant checks it.)
fn one_store(cx: &Ctxt, fields: &[Field<'_>]) {
    at_most_one(
        cx,
        fields,
        |k| matches!(k, FieldKind::Dead),
        |first| {
            format!(
                "a property set has one store of dead properties: field `{first}` is `#[dav(dead)]` already"
            )
        },
    );
}

/// `#[dav(text)]` is the whole content of the element beside its attributes: one field at
/// most, and no child elements (XML mixed content, whose whitespace and order a reader
/// cannot tell apart from formatting).
fn text_alone(cx: &Ctxt, fields: &[Field<'_>]) {
    let text = at_most_one(
        cx,
        fields,
        |k| matches!(k, FieldKind::Text),
        |first| format!("a value has one text at most: field `{first}` is `#[dav(text)]` already"),
    );
    if let Some(text) = text
        && let Some(child) = fields.iter().find(|f| f.writes_children())
    {
        cx.error_spanned_by(
            key_or_ident(text),
            format!(
                "`text` cannot be combined with child elements (field `{}`): mixed content is not supported; make the text a child element, or the children attributes",
                child.ident
            ),
        );
    }
}

/// Refuses every field of a kind after the first, on its key, with `message(first)`; returns
/// the first.
fn at_most_one<'f, 'a>(
    cx: &Ctxt,
    fields: &'f [Field<'a>],
    kind: fn(&FieldKind<'_>) -> bool,
    message: impl Fn(&syn::Ident) -> String,
) -> Option<&'f Field<'a>> {
    let mut of_kind = fields.iter().filter(|f| kind(&f.kind));
    let first = of_kind.next()?;
    for f in of_kind {
        cx.error_spanned_by(key_or_ident(f), message(first.ident));
    }
    Some(first)
}

fn key_or_ident(f: &Field<'_>) -> proc_macro2::TokenStream {
    match &f.kind_key {
        Some(key) => key.to_token_stream(),
        None => f.ident.to_token_stream(),
    }
}
