//! XML name rules, checked while expanding so that a mistake is reported on its token with
//! a precise message.
//!
//! The runtime has the same rules as `const fn`s (`multistatus_core::name`), and generated
//! constants evaluate them too, as a backstop; they are written again here because a
//! proc-macro crate that depended on the runtime would put quick-xml into every user's
//! macro build.

/// Why `local` is not an XML NCName.
pub fn local_name_error(local: &str) -> Option<String> {
    let mut chars = local.chars();
    let Some(first) = chars.next() else {
        return Some("an XML name cannot be empty".into());
    };
    if local == "xmlns" {
        return Some(
            "`xmlns` cannot be a local name: as an attribute it declares a namespace; choose another name with `rename = \"...\"`"
                .into(),
        );
    }
    if let Some(c) = local.chars().find(|&c| c == ':') {
        return Some(format!(
            "a local name cannot contain `{c}`: give the namespace with `namespace = \"...\"`"
        ));
    }
    if !is_start(first) {
        return Some(format!(
            "invalid XML name {local:?}: it must start with a letter or `_`, not {first:?}"
        ));
    }
    if let Some(c) = chars.find(|&c| !is_start(c) && !is_rest(c)) {
        return Some(format!(
            "invalid XML name {local:?}: {c:?} cannot appear in an XML name (letters, digits, `-`, `.` and `_` can)"
        ));
    }
    None
}

/// XML 1.0 `NameStartChar` without `:`.
fn is_start(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// The rest of XML 1.0 `NameChar`.
fn is_rest(c: char) -> bool {
    matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// Why `namespace` is not usable as a property namespace.
pub fn namespace_error(namespace: &str) -> Option<String> {
    if namespace.is_empty() {
        return Some(
            "a namespace cannot be empty; for a property in no namespace write `no_namespace`"
                .into(),
        );
    }
    // `dav:` names another namespace than `DAV:`: namespace names compare as strings.
    if namespace != "DAV:" && namespace.eq_ignore_ascii_case("DAV:") {
        return Some(format!(
            "namespace {namespace:?} is not the WebDAV namespace: namespace names are case-sensitive; did you mean \"DAV:\"?"
        ));
    }
    if namespace == "http://www.w3.org/XML/1998/namespace"
        || namespace == "http://www.w3.org/2000/xmlns/"
    {
        return Some(format!("namespace {namespace:?} is reserved by XML"));
    }
    let scheme = namespace.split(':').next().unwrap_or("");
    let scheme_ok = namespace.contains(':')
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if !scheme_ok {
        return Some(format!(
            "namespace {namespace:?} is not an absolute URI: it must start with a scheme, like \"DAV:\" or \"urn:ietf:params:xml:ns:caldav\""
        ));
    }
    if let Some(c) = namespace
        .chars()
        .find(|&c| c <= ' ' || c == '\u{7F}' || "\"<>\\^`{|}".contains(c))
    {
        return Some(format!(
            "namespace {namespace:?} contains {c:?}, which a URI cannot"
        ));
    }
    None
}
