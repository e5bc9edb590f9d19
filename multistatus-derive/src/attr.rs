//! Parsing of `#[dav(...)]` attributes.
//!
//! One `parse_nested_meta` dispatch serves every position; each position has its list of
//! valid keys, which an unknown key's error lists. A key given twice is reported at its
//! second occurrence; keys that cannot go together are reported on the second of the two.

use proc_macro2::Span;
use syn::{Ident, LitBool, LitStr, Path};

use crate::case::RenameRule;
use crate::ctxt::Ctxt;

/// Where an attribute stands; decides which keys are valid.
#[derive(Copy, Clone, PartialEq, Eq)]
pub enum Position {
    /// On a `#[derive(PropertySet)]` struct.
    SetContainer,
    /// On a `#[derive(PropertyValue)]` struct or enum.
    ValueContainer,
    /// On a field of a property set.
    SetField,
    /// On a field of a value struct.
    ValueField,
    /// On a variant of a value enum.
    Variant,
}

impl Position {
    fn keys(self) -> &'static [&'static str] {
        match self {
            Self::SetContainer => &[
                "namespace",
                "no_namespace",
                "rename_all",
                "allprop",
                "crate",
                "name_enum",
            ],
            Self::ValueContainer => &["namespace", "no_namespace", "rename_all", "crate"],
            Self::SetField => &[
                "rename",
                "namespace",
                "no_namespace",
                "allprop",
                "flatten",
                "skip",
                "dead",
            ],
            Self::ValueField => &[
                "rename",
                "namespace",
                "no_namespace",
                "flatten",
                "skip",
                "attribute",
                "text",
            ],
            Self::Variant => &["rename", "namespace", "no_namespace", "flatten"],
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Self::SetContainer => "a `PropertySet` struct",
            Self::ValueContainer => "a `PropertyValue` type",
            Self::SetField => "a property set field",
            Self::ValueField => "a value struct field",
            Self::Variant => "a value enum variant",
        }
    }
}

/// A value with the tokens of the key that set it, for spans.
pub struct Spanned<T> {
    pub key: Path,
    pub value: T,
}

/// A namespace given by attribute: a URI, or none.
pub enum Namespace {
    Uri(LitStr),
    None,
}

/// Everything `#[dav(...)]` can say; which keys are allowed depends on the [`Position`].
#[derive(Default)]
pub struct Attrs {
    pub namespace: Option<Spanned<Namespace>>,
    pub rename_all: Option<Spanned<RenameRule>>,
    pub allprop: Option<Spanned<bool>>,
    pub krate: Option<Spanned<Path>>,
    pub rename: Option<Spanned<LitStr>>,
    pub flatten: Option<Spanned<()>>,
    pub skip: Option<Spanned<()>>,
    pub dead: Option<Spanned<()>>,
    pub attribute: Option<Spanned<()>>,
    pub text: Option<Spanned<()>>,
    pub name_enum: Option<Spanned<Ident>>,
    /// The kind keys (`skip`, `flatten`, …) in the order written, so that a conflict is
    /// reported at the second.
    kind_order: Vec<&'static str>,
}

impl Attrs {
    /// The key that makes a field something other than a named element (`skip`, `flatten`,
    /// `dead`, `attribute`, `text`), if any: the first given, as the others are refused.
    pub fn kind_key(&self) -> Option<&Path> {
        self.kinds().first().map(|(key, _)| *key)
    }

    /// The kind keys given, in the order written, each with why it excludes naming keys
    /// (empty when it does not).
    fn kinds(&self) -> Vec<(&Path, &'static str)> {
        fn key<'s>(
            slot: &'s Option<Spanned<()>>,
            why: &'static str,
        ) -> Option<(&'s Path, &'static str)> {
            slot.as_ref().map(|s| (&s.key, why))
        }
        let mut kinds: Vec<_> = [
            key(&self.skip, "a skipped field is not a property"),
            key(
                &self.flatten,
                "the flattened type names its own properties",
            ),
            key(
                &self.dead,
                "the dead-property store is not a property: what it holds keeps the names it was stored with",
            ),
            // An attribute is named like an element: `rename` and `namespace` apply.
            key(&self.attribute, ""),
            key(&self.text, "text is the content of the element and has no name"),
        ]
        .into_iter()
        .flatten()
        .collect();
        kinds.sort_by_key(|(key, _)| {
            let name = ident(key);
            self.kind_order.iter().position(|k| *k == name)
        });
        kinds
    }
}

fn set<T>(cx: &Ctxt, slot: &mut Option<Spanned<T>>, key: &Path, value: T) {
    if let Some(first) = slot {
        let name = key.get_ident().map(ToString::to_string).unwrap_or_default();
        // Two keys share a slot (`namespace`, `no_namespace`): not a repeat but a conflict.
        let message = match first.key.get_ident() {
            Some(first) if *first != name => {
                format!("`{name}` cannot be combined with `{first}`")
            }
            _ => format!("duplicate dav attribute `{name}`"),
        };
        cx.error_spanned_by(key, message);
    } else {
        *slot = Some(Spanned {
            key: key.clone(),
            value,
        });
    }
}

/// Reads every `#[dav(...)]` among `attrs`.
pub fn parse(cx: &Ctxt, attrs: &[syn::Attribute], position: Position) -> Attrs {
    let mut out = Attrs::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("dav")) {
        if let syn::Meta::List(list) = &attr.meta
            && list.tokens.is_empty()
        {
            continue;
        }
        let result = attr.parse_nested_meta(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            let keys = position.keys();
            if !keys.contains(&key.as_str()) {
                let path = quote::ToTokens::to_token_stream(&meta.path)
                    .to_string()
                    .replace(' ', "");
                let list: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
                return Err(meta.error(format!(
                    "unknown dav attribute `{path}` on {}; expected one of {}",
                    position.describe(),
                    list.join(", ")
                )));
            }
            if let Some(kind) = ["skip", "flatten", "dead", "attribute", "text"]
                .into_iter()
                .find(|k| *k == key)
            {
                out.kind_order.push(kind);
            }
            match key.as_str() {
                // namespace = "DAV:"
                "namespace" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    set(cx, &mut out.namespace, &meta.path, Namespace::Uri(lit));
                }
                // no_namespace
                "no_namespace" => set(cx, &mut out.namespace, &meta.path, Namespace::None),
                // rename_all = "kebab-case"
                "rename_all" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    match RenameRule::from_str(&lit.value()) {
                        Ok(rule) => set(cx, &mut out.rename_all, &meta.path, rule),
                        Err(msg) => cx.error_spanned_by(&lit, msg),
                    }
                }
                // allprop, or allprop = false
                "allprop" => {
                    let value = if meta.input.peek(syn::Token![=]) {
                        let lit: LitBool = meta.value()?.parse()?;
                        lit.value
                    } else {
                        true
                    };
                    set(cx, &mut out.allprop, &meta.path, value);
                }
                // crate = "my_reexport::multistatus"
                "crate" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    let path: Path = lit.parse().map_err(|_| {
                        syn::Error::new(
                            lit.span(),
                            format!(
                                "`crate` must be the path of the `multistatus` crate, like \"my_reexport::multistatus\"; {:?} is not a path",
                                lit.value()
                            ),
                        )
                    })?;
                    set(cx, &mut out.krate, &meta.path, path);
                }
                // rename = "getetag"
                "rename" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    set(cx, &mut out.rename, &meta.path, lit);
                }
                // name_enum = "PropsKey"
                "name_enum" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    match lit.parse::<Ident>() {
                        Ok(ident) => set(cx, &mut out.name_enum, &meta.path, ident),
                        Err(_) => cx.error_spanned_by(
                            &lit,
                            format!(
                                "`name_enum` must be a type name, like \"PropsKey\"; {:?} is not one",
                                lit.value()
                            ),
                        ),
                    }
                }
                // flatten
                "flatten" => set(cx, &mut out.flatten, &meta.path, ()),
                // dead
                "dead" => set(cx, &mut out.dead, &meta.path, ()),
                // attribute
                "attribute" => set(cx, &mut out.attribute, &meta.path, ()),
                // text
                "text" => set(cx, &mut out.text, &meta.path, ()),
                // skip
                _ => set(cx, &mut out.skip, &meta.path, ()),
            }
            Ok(())
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    check_conflicts(cx, &out);
    out
}

/// A field is one kind of thing at most (`skip`, `flatten`, `dead`, `attribute`, `text`),
/// and the kinds that are not named elements exclude the keys that name one.
fn check_conflicts(cx: &Ctxt, a: &Attrs) {
    let kinds = a.kinds();
    if let [(first, _), rest @ ..] = kinds.as_slice() {
        for (key, _) in rest {
            cx.error_spanned_by(
                key,
                format!(
                    "`{}` cannot be combined with `{}`",
                    ident(key),
                    ident(first)
                ),
            );
        }
    }
    let Some((kind, why)) = kinds.first() else {
        return;
    };
    let naming: [Option<&Path>; 3] = [
        a.rename.as_ref().map(|s| &s.key),
        a.namespace.as_ref().map(|s| &s.key),
        a.allprop.as_ref().map(|s| &s.key),
    ];
    if why.is_empty() {
        return;
    }
    for key in naming.iter().flatten() {
        cx.error_spanned_by(
            key,
            format!(
                "`{}` cannot be combined with `{}`: {why}",
                ident(key),
                ident(kind)
            ),
        );
    }
}

fn ident(path: &Path) -> String {
    path.get_ident()
        .map(ToString::to_string)
        .unwrap_or_default()
}

impl Spanned<Namespace> {
    /// The namespace string (`""` for none), the span to report it at, and whether it was
    /// `no_namespace`.
    pub fn resolve(&self) -> (String, Span, bool) {
        match &self.value {
            Namespace::Uri(lit) => (lit.value(), lit.span(), false),
            Namespace::None => (String::new(), syn::spanned::Spanned::span(&self.key), true),
        }
    }
}
