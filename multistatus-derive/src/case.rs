//! `rename_all` rules, as serde spells them.

use self::RenameRule::*;

/// A case convention applied to field or variant names.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
#[allow(
    clippy::enum_variant_names,
    reason = "named after the rules they implement, as serde names them"
)]
pub enum RenameRule {
    /// `getcontentlength` stays `getcontentlength`; `current_user_principal` becomes
    /// `current-user-principal`. The default for WebDAV names.
    KebabCase,
    LowerCase,
    UpperCase,
    PascalCase,
    CamelCase,
    SnakeCase,
    ScreamingSnakeCase,
    ScreamingKebabCase,
}

static RULES: &[(&str, RenameRule)] = &[
    ("lowercase", LowerCase),
    ("UPPERCASE", UpperCase),
    ("PascalCase", PascalCase),
    ("camelCase", CamelCase),
    ("snake_case", SnakeCase),
    ("SCREAMING_SNAKE_CASE", ScreamingSnakeCase),
    ("kebab-case", KebabCase),
    ("SCREAMING-KEBAB-CASE", ScreamingKebabCase),
];

impl RenameRule {
    pub fn from_str(rule: &str) -> Result<Self, String> {
        RULES
            .iter()
            .find(|(name, _)| *name == rule)
            .map(|(_, r)| *r)
            .ok_or_else(|| {
                let valid: Vec<String> = RULES.iter().map(|(n, _)| format!("\"{n}\"")).collect();
                format!(
                    "unknown rename rule `rename_all = {rule:?}`; expected one of {}",
                    valid.join(", ")
                )
            })
    }

    /// Splits a Rust identifier (snake_case field or PascalCase variant) into lowercase words.
    fn words(ident: &str) -> Vec<String> {
        let mut words = Vec::new();
        for part in ident.split('_').filter(|p| !p.is_empty()) {
            let mut word = String::new();
            for c in part.chars() {
                if c.is_uppercase() && !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                word.extend(c.to_lowercase());
            }
            if !word.is_empty() {
                words.push(word);
            }
        }
        words
    }

    /// Applies the rule to a field or variant identifier (without `r#`).
    pub fn apply(self, ident: &str) -> String {
        let words = Self::words(ident);
        let capitalized = || {
            words
                .iter()
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect::<String>())
                        .unwrap_or_default()
                })
                .collect::<Vec<_>>()
        };
        match self {
            LowerCase => words.concat(),
            UpperCase => words.concat().to_uppercase(),
            PascalCase => capitalized().concat(),
            CamelCase => {
                let mut s = capitalized().concat();
                if let Some(first) = words.first() {
                    s.replace_range(..first.len(), first);
                }
                s
            }
            SnakeCase => words.join("_"),
            ScreamingSnakeCase => words.join("_").to_uppercase(),
            KebabCase => words.join("-"),
            ScreamingKebabCase => words.join("-").to_uppercase(),
        }
    }
}

/// The UpperCamelCase variant name of the typed-name enum for a field (`r#type` is `Type`).
pub fn variant_name(field: &str) -> String {
    PascalCase.apply(field.strip_prefix("r#").unwrap_or(field))
}

#[cfg(test)]
mod tests {
    use super::RenameRule::*;

    #[test]
    fn fields() {
        assert_eq!(KebabCase.apply("getcontentlength"), "getcontentlength");
        assert_eq!(
            KebabCase.apply("current_user_principal"),
            "current-user-principal"
        );
        assert_eq!(CamelCase.apply("calendar_home_set"), "calendarHomeSet");
        assert_eq!(PascalCase.apply("box_type"), "BoxType");
        assert_eq!(ScreamingKebabCase.apply("a_b"), "A-B");
        assert_eq!(SnakeCase.apply("a_b"), "a_b");
        assert_eq!(LowerCase.apply("a_b"), "ab");
        assert_eq!(UpperCase.apply("a_b"), "AB");
    }

    #[test]
    fn variants() {
        assert_eq!(KebabCase.apply("CalendarHomeSet"), "calendar-home-set");
        assert_eq!(KebabCase.apply("Collection"), "collection");
        assert_eq!(CamelCase.apply("BoxType"), "boxType");
        assert_eq!(SnakeCase.apply("BoxType"), "box_type");
        assert_eq!(PascalCase.apply("BoxType"), "BoxType");
    }

    #[test]
    fn raw_identifiers() {
        assert_eq!(super::variant_name("r#type"), "Type");
        assert_eq!(super::variant_name("r#match_kind"), "MatchKind");
    }

    #[test]
    fn unknown() {
        let e = super::RenameRule::from_str("kebab")
            .err()
            .unwrap_or_default();
        assert!(e.contains("\"kebab-case\""), "{e}");
    }
}
