//! Rules that span several fields, one function each.

use std::collections::{HashMap, HashSet};

use crate::ast::{Body, Container, FieldKind, XmlName};
use crate::case::variant_name;
use crate::ctxt::Ctxt;
use crate::xmlname::{local_name_error, namespace_error};

pub fn check(cx: &Ctxt, cont: &Container<'_>) {
    let names = element_names(cont);
    names_are_xml(cx, &names);
    names_are_unique(cx, &names);
    typed_names_are_unique(cx, cont);
}

fn element_names<'c>(cont: &'c Container<'_>) -> Vec<(&'c XmlName, String)> {
    match &cont.body {
        Body::Struct(fields) => fields
            .iter()
            .filter_map(|f| match &f.kind {
                FieldKind::Property(n) => Some((n, format!("field `{}`", f.ident))),
                _ => None,
            })
            .collect(),
        Body::Enum(variants) => variants
            .iter()
            .map(|v| (&v.name, format!("variant `{}`", v.ident)))
            .collect(),
        Body::Newtype(_) => Vec::new(),
    }
}

/// Every local name is an XML NCName and every namespace an absolute URI (or none, when
/// `no_namespace` says so). A bad container namespace is reported once.
fn names_are_xml(cx: &Ctxt, names: &[(&XmlName, String)]) {
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

/// No two properties of a set (or two choices of a value) share a namespace and local name
/// once renames are applied. Flattened sets are checked by a generated constant.
fn names_are_unique(cx: &Ctxt, names: &[(&XmlName, String)]) {
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
                format!("duplicate property name {shown}: {first} already has it"),
            ));
        } else {
            seen.insert(key, owner);
        }
    }
}

/// The typed-name enum of a property set has one variant per field, named in UpperCamelCase;
/// two fields must not map to the same variant.
fn typed_names_are_unique(cx: &Ctxt, cont: &Container<'_>) {
    let Body::Struct(fields) = &cont.body else {
        return;
    };
    let mut seen = HashMap::new();
    for f in fields.iter().filter(|f| !matches!(f.kind, FieldKind::Skip)) {
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
