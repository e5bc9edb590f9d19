//! The `If` header (RFC 4918 §10.4) and the lock check of a write (§7, §9.10.4).
//!
//! A write first evaluates the `If` header, when there is one: false is 412. Then every lock
//! protecting what the request changes must be one whose token the header holds (§10.4.1:
//! a token counts as submitted when it appears in a header that holds), else 423 with
//! `DAV:lock-token-submitted` naming the locks' roots. Shared locks on one root are
//! satisfied by any one of their tokens.
//!
//! No lock is granted between a write's check and its change: the router holds
//! `Share::changes` shared around each write and exclusively around LOCK.

use std::fs;
use std::sync::Arc;

use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use crate::locks::error_response;
use crate::props::etag;
use crate::share::{Resource, Share};

/// A refusal with its answer (boxed: a `Response` is large, and refusals are rare).
pub type Denied = Box<Response>;

/// What a write changes, for the lock check.
#[derive(Clone, Debug)]
pub enum Protected {
    /// The resource (its content or properties): the locks that apply to it.
    Resource(Resource),
    /// The resource and everything under it (DELETE, MOVE, the destination of COPY):
    /// also the locks rooted under it.
    Tree(Resource),
    /// The membership of the resource's collection (it is created or removed): the
    /// collection's locks.
    Members(Resource),
}

/// A parsed `If` header: lists of conditions, each for the request's resource (untagged)
/// or a tagged one.
#[derive(Debug, PartialEq, Eq)]
pub struct IfHeader {
    lists: Vec<List>,
}

#[derive(Debug, PartialEq, Eq)]
struct List {
    /// The Resource-Tag (`None`: the request's resource).
    tag: Option<String>,
    conditions: Vec<Condition>,
}

#[derive(Debug, PartialEq, Eq)]
struct Condition {
    not: bool,
    test: Test,
}

#[derive(Debug, PartialEq, Eq)]
enum Test {
    /// A state token (Coded-URL), without its angle brackets.
    Token(String),
    /// An entity tag, with its quotes.
    ETag(String),
}

impl IfHeader {
    /// The request's `If` header (several are read as one), or `None`; a malformed one is
    /// 400.
    pub fn from_headers(headers: &HeaderMap) -> Result<Option<Self>, Denied> {
        let mut values = Vec::new();
        for value in headers.get_all("if") {
            let value = value.to_str().map_err(|_| malformed())?;
            values.push(value);
        }
        if values.is_empty() {
            return Ok(None);
        }
        Self::parse(&values.join(" "))
            .map(Some)
            .ok_or_else(malformed)
    }

    /// Parses `If` (§10.4: `1*No-tag-list | 1*Tagged-list`, each list `( 1*Condition )`, a
    /// condition `[Not] <state-token>` or `[Not] [entity-tag]`).
    fn parse(value: &str) -> Option<Self> {
        let mut lists = Vec::new();
        let mut tag = None;
        let mut rest = value.trim_start();
        while let Some(c) = rest.chars().next() {
            match c {
                '<' => {
                    let (uri, after) = rest[1..].split_once('>')?;
                    tag = Some(uri.to_owned());
                    rest = after;
                }
                '(' => {
                    let (conditions, after) = parse_list(&rest[1..])?;
                    lists.push(List {
                        tag: tag.clone(),
                        conditions,
                    });
                    rest = after;
                }
                // Several headers joined, or a list separator some clients send.
                ',' => rest = &rest[1..],
                _ => return None,
            }
            rest = rest.trim_start();
        }
        (!lists.is_empty()).then_some(Self { lists })
    }

    /// Whether it holds: some list whose conditions all hold for its resource.
    pub fn holds(&self, share: &Share, headers: &HeaderMap, target: &Resource) -> bool {
        self.lists.iter().any(|list| {
            let resource = match &list.tag {
                None => Some(target.clone()),
                Some(tag) => tagged_resource(share, headers, tag),
            };
            // A resource elsewhere (another server, outside the share) matches nothing.
            resource.is_some_and(|resource| {
                list.conditions
                    .iter()
                    .all(|c| c.not != c.test.matches(share, &resource))
            })
        })
    }

    /// The state tokens it holds, `Not` or not (§10.4.1: they are submitted).
    pub fn tokens(&self) -> Vec<&str> {
        self.lists
            .iter()
            .flat_map(|l| &l.conditions)
            .filter_map(|c| match &c.test {
                Test::Token(token) => Some(token.as_str()),
                Test::ETag(_) => None,
            })
            .collect()
    }
}

fn malformed() -> Denied {
    Box::new((StatusCode::BAD_REQUEST, "the If header is malformed\n").into_response())
}

/// The conditions of a list, after its `(`, and what follows its `)`.
fn parse_list(mut rest: &str) -> Option<(Vec<Condition>, &str)> {
    let mut conditions = Vec::new();
    loop {
        rest = rest.trim_start();
        let not = rest.get(..3).is_some_and(|w| w.eq_ignore_ascii_case("not"));
        if not {
            rest = rest[3..].trim_start();
        }
        let test = match rest.chars().next()? {
            ')' if !not && !conditions.is_empty() => return Some((conditions, &rest[1..])),
            '<' => {
                let (token, after) = rest[1..].split_once('>')?;
                rest = after;
                Test::Token(token.to_owned())
            }
            '[' => {
                // The tag is quoted (a `]` may be inside the quotes), `W/` before it.
                let inner = &rest[1..];
                let open = inner.find('"')?;
                let close = open + 1 + inner[open + 1..].find('"')?;
                let after = inner[close + 1..].trim_start().strip_prefix(']')?;
                let tag = inner[..=close].trim();
                rest = after;
                Test::ETag(tag.to_owned())
            }
            _ => return None,
        };
        conditions.push(Condition { not, test });
    }
}

impl Test {
    /// Whether `resource` is in this state: a lock that applies to it has the token, or its
    /// entity tag is this one (strong comparison: `W/` tags never match).
    fn matches(&self, share: &Share, resource: &Resource) -> bool {
        match self {
            Self::Token(token) => share
                .locks
                .applying(&resource.segments)
                .iter()
                .any(|l| l.token == *token),
            Self::ETag(tag) => {
                fs::metadata(&resource.path).is_ok_and(|meta| meta.is_file() && etag(&meta) == *tag)
            }
        }
    }
}

/// The resource a Resource-Tag names: an absolute URI on this server (the `Host`'s
/// authority) or an absolute path.
fn tagged_resource(share: &Share, headers: &HeaderMap, tag: &str) -> Option<Resource> {
    let uri: Uri = tag.parse().ok()?;
    if let Some(authority) = uri.authority() {
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
        if host.is_some_and(|h| !h.eq_ignore_ascii_case(authority.as_str())) {
            return None;
        }
    } else if !tag.starts_with('/') {
        return None;
    }
    share.resolve(uri.path()).ok()
}

/// Evaluates the `If` header (412 when it does not hold) and the locks protecting
/// `protected` (423 when a token is missing); `target` is the request's resource.
pub fn check(
    share: &Share,
    headers: &HeaderMap,
    target: &Resource,
    protected: &[Protected],
) -> Result<(), Denied> {
    let condition = IfHeader::from_headers(headers)?;
    check_with(share, headers, target, condition.as_ref(), protected)
}

/// [`check`] with the `If` header already parsed.
pub fn check_with(
    share: &Share,
    headers: &HeaderMap,
    target: &Resource,
    condition: Option<&IfHeader>,
    protected: &[Protected],
) -> Result<(), Denied> {
    if let Some(condition) = condition
        && !condition.holds(share, headers, target)
    {
        return Err(Box::new(
            (
                StatusCode::PRECONDITION_FAILED,
                "the If header does not hold\n",
            )
                .into_response(),
        ));
    }
    let submitted = condition.map(IfHeader::tokens).unwrap_or_default();
    let mut missing: Vec<String> = Vec::new();
    for protected in protected {
        let locks = share.locks.protecting(protected);
        for lock in &locks {
            let held = locks
                .iter()
                .filter(|other| other.root == lock.root)
                .any(|other| submitted.contains(&other.token.as_str()));
            if !held && !missing.contains(&lock.root_href) {
                missing.push(lock.root_href.clone());
            }
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Box::new(error_response(
            StatusCode::LOCKED,
            "lock-token-submitted",
            &missing,
        )))
    }
}

/// [`check`] off the runtime's threads (it may `stat` for entity tags), for the handlers
/// that are not on a blocking thread already.
pub async fn guard(
    share: &Arc<Share>,
    headers: &HeaderMap,
    target: &Resource,
    protected: Vec<Protected>,
) -> Result<(), Denied> {
    let (share, headers, target) = (Arc::clone(share), headers.clone(), target.clone());
    tokio::task::spawn_blocking(move || check(&share, &headers, &target, &protected))
        .await
        .unwrap_or_else(|_| {
            Err(Box::new(
                (StatusCode::INTERNAL_SERVER_ERROR, "the request failed").into_response(),
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(t: &str) -> Condition {
        Condition {
            not: false,
            test: Test::Token(t.to_owned()),
        }
    }

    /// Untagged lists, `Not`, a state token and an entity tag holding a `]`.
    #[test]
    fn parses_untagged_lists() {
        let parsed = IfHeader::parse(r#"(<urn:a> ["x]y"]) (Not <DAV:no-lock>)"#);
        let expected = IfHeader {
            lists: vec![
                List {
                    tag: None,
                    conditions: vec![
                        token("urn:a"),
                        Condition {
                            not: false,
                            test: Test::ETag("\"x]y\"".to_owned()),
                        },
                    ],
                },
                List {
                    tag: None,
                    conditions: vec![Condition {
                        not: true,
                        test: Test::Token("DAV:no-lock".to_owned()),
                    }],
                },
            ],
        };
        assert_eq!(parsed, Some(expected));
    }

    /// A tag applies to the lists after it.
    #[test]
    fn parses_tagged_lists() {
        let parsed = IfHeader::parse("<http://h/a> (<urn:a>) (<urn:b>) </b> (<urn:c>)");
        let tags: Vec<_> = parsed
            .expect("parsed")
            .lists
            .into_iter()
            .map(|l| l.tag)
            .collect();
        assert_eq!(
            tags,
            [
                Some("http://h/a".to_owned()),
                Some("http://h/a".to_owned()),
                Some("/b".to_owned())
            ]
        );
    }

    /// Malformed headers: an empty list, a tag without a list, a bare word, an unclosed
    /// token.
    #[test]
    fn refuses_malformed_headers() {
        for value in ["()", "<urn:a>", "urn:a", "(<urn:a)", "(Not)", ""] {
            assert_eq!(IfHeader::parse(value), None, "{value}");
        }
    }
}
