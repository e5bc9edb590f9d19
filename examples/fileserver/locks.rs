//! Write locks (RFC 4918 §6, §7): the lock table, LOCK (§9.10) and UNLOCK (§9.11).
//!
//! The table is in memory: a restart forgets every lock (a client whose lock is gone gets
//! 412 or 423 on its next conditional write, and locks again). Expired locks are dropped
//! when the table is next used, not by a timer. Exclusive and shared write locks, depth `0`
//! or `infinity`; a lock applies to its root and, for `infinity`, to everything under it,
//! by path: a resource later created under a locked collection is locked too (§7.4).

use std::fs;
use std::io::{self, Read as _};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt as _;
use multistatus::axum::{DepthHeader, Rejection};
use multistatus::name::{DAV, Name, Tag};
use multistatus::reader::{self, Limits};
use multistatus::request::Depth;
use multistatus::values::{
    ActiveLock, LockDepth, LockDiscovery, LockScope, LockType, RawValue, Timeout,
};
use multistatus::{Element, Href, Namespaces, Sink};

use crate::conditions::{self, Denied, IfHeader, Protected};
use crate::share::{Refusal, Resource, Share};
use crate::{Reply, blocking, io_refusal};

/// The timeout granted when the client asks for none.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(3600);
/// The longest timeout granted (`Infinite` included): a client that vanishes holding a lock
/// blocks others for a day at most.
const MAX_TIMEOUT: Duration = Duration::from_secs(24 * 3600);

/// An active lock.
#[derive(Clone, Debug)]
pub struct Lock {
    /// Its token, `urn:uuid:…`.
    pub token: String,
    /// The decoded segments of its root.
    pub root: Vec<String>,
    /// The root as an href path (`/` at the end for a collection).
    pub root_href: String,
    pub scope: LockScope,
    pub depth: LockDepth,
    /// The `DAV:owner` the client sent, echoed in `lockdiscovery`.
    pub owner: Option<RawValue>,
    pub expires: Instant,
}

impl Lock {
    /// Whether it applies to the resource at `segments`: its root, or a member of it for a
    /// depth-infinity lock.
    pub fn applies_to(&self, segments: &[String]) -> bool {
        segments == self.root
            || (self.depth == LockDepth::Infinity && segments.starts_with(&self.root))
    }

    /// Whether its root is `segments` or under it.
    fn rooted_in(&self, segments: &[String]) -> bool {
        self.root.starts_with(segments)
    }

    /// Its `DAV:activelock`, with the seconds left at `now`.
    pub fn active(&self, now: Instant) -> Option<ActiveLock> {
        let left = self.expires.saturating_duration_since(now);
        // Rounded up: a lock with 0.5 s left is not announced as expired.
        let seconds = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        Some(ActiveLock {
            scope: self.scope,
            kind: LockType::Write,
            depth: self.depth,
            owner: self.owner.clone(),
            timeout: Some(Timeout::Seconds(u32::try_from(seconds).unwrap_or(u32::MAX))),
            token: Some(Href::from_encoded(self.token.clone()).ok()?),
            root: Some(Href::from_path(self.root_href.clone()).ok()?),
        })
    }
}

/// The lock table.
#[derive(Default)]
pub struct Locks {
    table: Mutex<Vec<Lock>>,
}

impl Locks {
    /// The live locks (expired ones dropped).
    fn live(&self) -> MutexGuard<'_, Vec<Lock>> {
        let mut table = self.table.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        table.retain(|lock| lock.expires > now);
        table
    }

    /// The locks that apply to `resource` or to anything under it: what a PROPFIND of it
    /// may report (empty, and free, when nothing is locked).
    pub fn snapshot(&self, resource: &Resource) -> Vec<Lock> {
        let table = self.live();
        table
            .iter()
            .filter(|l| l.applies_to(&resource.segments) || l.rooted_in(&resource.segments))
            .cloned()
            .collect()
    }

    /// The locks that apply to the resource at `segments`.
    pub fn applying(&self, segments: &[String]) -> Vec<Lock> {
        let table = self.live();
        table
            .iter()
            .filter(|l| l.applies_to(segments))
            .cloned()
            .collect()
    }

    /// The locks a write to `protected` must hold a token of.
    pub fn protecting(&self, protected: &Protected) -> Vec<Lock> {
        let table = self.live();
        let selected = |lock: &&Lock| match protected {
            Protected::Resource(r) => lock.applies_to(&r.segments),
            Protected::Tree(r) => lock.applies_to(&r.segments) || lock.rooted_in(&r.segments),
            // Adding or removing a member changes the collection: its own locks (a
            // depth-infinity lock above it applies to the member already).
            Protected::Members(r) => r.parent().is_some_and(|p| lock.root == p.segments),
        };
        table.iter().filter(selected).cloned().collect()
    }

    /// Adds `lock` unless a lock in the way conflicts (an exclusive one, or any for an
    /// exclusive request): then the roots of those in the way.
    fn acquire(&self, lock: Lock) -> Result<(), Vec<String>> {
        let mut table = self.live();
        let in_way: Vec<String> = table
            .iter()
            .filter(|l| {
                l.applies_to(&lock.root)
                    || (lock.depth == LockDepth::Infinity && l.rooted_in(&lock.root))
            })
            .filter(|l| l.scope == LockScope::Exclusive || lock.scope == LockScope::Exclusive)
            .map(|l| l.root_href.clone())
            .collect();
        if !in_way.is_empty() {
            return Err(in_way);
        }
        table.push(lock);
        Ok(())
    }

    /// Gives the locks among `tokens` that apply to `segments` a new timeout; whether any did.
    fn refresh(&self, segments: &[String], tokens: &[&str], timeout: Duration) -> bool {
        let mut table = self.live();
        let expires = Instant::now() + timeout;
        let mut any = false;
        for lock in table.iter_mut() {
            if lock.applies_to(segments) && tokens.contains(&lock.token.as_str()) {
                lock.expires = expires;
                any = true;
            }
        }
        any
    }

    /// Removes the lock `token` if it applies to `segments`; whether it did.
    fn release(&self, segments: &[String], token: &str) -> bool {
        let mut table = self.live();
        let before = table.len();
        table.retain(|l| !(l.token == token && l.applies_to(segments)));
        table.len() < before
    }

    /// Forgets the locks rooted at `resource` or under it: it was replaced (COPY or MOVE
    /// over it) or moved away.
    pub fn forget_tree(&self, resource: &Resource) {
        self.live().retain(|l| !l.rooted_in(&resource.segments));
    }

    /// Forgets the locks rooted at `resource` or under it whose root no longer exists
    /// (after a DELETE, members that could not be removed keep theirs).
    pub fn forget_missing(&self, resource: &Resource, share_root: &std::path::Path) {
        self.live().retain(|l| {
            !l.rooted_in(&resource.segments) || share_root.join(l.root.join("/")).exists()
        });
    }

    /// Makes every lock `elapsed` older: the tests' clock.
    #[cfg(test)]
    pub fn pass(&self, elapsed: Duration) {
        let mut table = self.table.lock().unwrap_or_else(PoisonError::into_inner);
        for lock in table.iter_mut() {
            lock.expires = lock
                .expires
                .checked_sub(elapsed)
                .unwrap_or_else(Instant::now);
        }
    }
}

/// The `DAV:lockdiscovery` of a resource from locks that may apply to it.
pub fn discovery(locks: &[Lock], segments: &[String], now: Instant) -> LockDiscovery {
    LockDiscovery(
        locks
            .iter()
            .filter(|l| l.applies_to(segments))
            .filter_map(|l| l.active(now))
            .collect(),
    )
}

const LOCKDISCOVERY: Tag = Tag::new(DAV, "lockdiscovery");

/// A small XML document whose root element is `D:{root}` holding what `content` writes.
fn document(
    root: &str,
    content: impl FnOnce(&mut Sink) -> Result<(), multistatus::Error>,
) -> Reply {
    let mut sink = Sink::new(Namespaces::new());
    content(&mut sink).map_err(|_| {
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            "the answer could not be written",
        )
    })?;
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:{root} xmlns:D=\"DAV:\">{}</D:{root}>",
        sink.as_str()
    );
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/xml; charset=\"utf-8\""),
        )],
        body,
    )
        .into_response())
}

/// A `DAV:error` answer: `status`, and the precondition `condition` naming `hrefs` (href
/// paths, decoded).
pub fn error_response(status: StatusCode, condition: &'static str, hrefs: &[String]) -> Response {
    let mut element = Element::new(Name::dav(condition));
    for href in hrefs {
        if let Ok(href) = Href::from_path(href.as_str()) {
            element =
                element.with_child(Element::new(Name::dav("href")).with_text(href.to_string()));
        }
    }
    let mut response =
        document("error", |sink| sink.raw(&element)).unwrap_or_else(IntoResponse::into_response);
    *response.status_mut() = status;
    response
}

/// The `DAV:prop` answer of a LOCK: the resource's `lockdiscovery`.
fn lockdiscovery_answer(share: &Share, target: &Resource) -> Reply {
    let locks = share.locks.applying(&target.segments);
    let value = discovery(&locks, &target.segments, Instant::now());
    document("prop", |sink| sink.property(&LOCKDISCOVERY, &value))
}

/// The timeout asked for by the `Timeout` header (§10.7: `Infinite`, `Second-N`, the first
/// understood one), within [`MAX_TIMEOUT`].
fn requested_timeout(headers: &HeaderMap) -> Duration {
    let requested = headers
        .get("timeout")
        .and_then(|v| v.to_str().ok())
        .and_then(|value| {
            value.split(',').find_map(|t| {
                let t = t.trim();
                if t.eq_ignore_ascii_case("infinite") {
                    return Some(MAX_TIMEOUT);
                }
                let seconds = t
                    .get(..7)?
                    .eq_ignore_ascii_case("second-")
                    .then(|| &t[7..])?;
                // More digits than a u64 holds is a very long time.
                let seconds = seconds.parse::<u64>().unwrap_or(u64::MAX);
                Some(Duration::from_secs(seconds.max(1)))
            })
        });
    requested.unwrap_or(DEFAULT_TIMEOUT).min(MAX_TIMEOUT)
}

/// A new lock token: a random (version 4) UUID.
fn new_token() -> io::Result<String> {
    let mut b = [0u8; 16];
    fs::File::open("/dev/urandom")?.read_exact(&mut b)?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|byte| format!("{byte:02x}")).collect();
    Ok(format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    ))
}

/// What a `DAV:lockinfo` body asks for.
struct LockInfo {
    scope: LockScope,
    owner: Option<RawValue>,
}

/// Reads a `DAV:lockinfo` (§14.11) with the library's hardened reader: `lockscope` and a
/// `write` `locktype` are required, `owner` is kept as it was sent.
fn lock_info(body: &[u8], limits: &Limits) -> Result<LockInfo, Denied> {
    let bad =
        |reason: &'static str| Err(Box::new((StatusCode::BAD_REQUEST, reason).into_response()));
    let root = reader::read_with(body, limits)
        .map_err(|e| Box::new(Rejection::from(e).into_response()))?;
    if !root.name().is("DAV:", "lockinfo") {
        return bad("the body is not a DAV:lockinfo");
    }
    let child = |local: &str| root.child_elements().find(|e| e.name().is("DAV:", local));
    let scope = match child("lockscope").and_then(|s| s.child_elements().next()) {
        Some(s) if s.name().is("DAV:", "exclusive") => LockScope::Exclusive,
        Some(s) if s.name().is("DAV:", "shared") => LockScope::Shared,
        _ => return bad("the lockinfo needs a lockscope: exclusive or shared"),
    };
    let write = child("locktype")
        .and_then(|t| t.child_elements().next())
        .is_some_and(|t| t.name().is("DAV:", "write"));
    if !write {
        return bad("the lockinfo needs a locktype: write");
    }
    Ok(LockInfo {
        scope,
        owner: child("owner").map(RawValue::from_element),
    })
}

/// Reads a request body of at most `limits.max_bytes` (413 past it).
async fn small_body(request: Request, limits: &Limits) -> Result<Vec<u8>, Refusal> {
    let mut body = request.into_body();
    let mut bytes = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| (StatusCode::BAD_REQUEST, "the body could not be read"))?;
        if let Ok(data) = frame.into_data() {
            if bytes.len() + data.len() > limits.max_bytes {
                return Err((StatusCode::PAYLOAD_TOO_LARGE, "the body is too large"));
            }
            bytes.extend_from_slice(&data);
        }
    }
    Ok(bytes)
}

/// LOCK: a new lock (a `lockinfo` body), or the refresh of one named in the `If` header (no
/// body). A new lock on an unmapped URL creates an empty file (201, §7.3); a conflicting
/// lock is 423 with `DAV:no-conflicting-lock`. The answer is the resource's
/// `lockdiscovery`, and a new lock's token in `Lock-Token`.
pub async fn lock(
    State(share): State<Arc<Share>>,
    uri: Uri,
    headers: HeaderMap,
    DepthHeader(depth): DepthHeader,
    request: Request,
) -> Reply {
    let target = share.resolve(uri.path())?;
    let limits = Limits::default();
    let body = small_body(request, &limits).await?;
    let timeout = requested_timeout(&headers);
    blocking(move || {
        let condition = match IfHeader::from_headers(&headers) {
            Ok(condition) => condition,
            Err(refused) => return Ok(*refused),
        };
        if body.iter().all(u8::is_ascii_whitespace) {
            return refresh(&share, &headers, &target, condition, timeout);
        }
        let info = match lock_info(&body, &limits) {
            Ok(info) => info,
            Err(refused) => return Ok(*refused),
        };
        let depth = match depth.unwrap_or(Depth::Infinity) {
            Depth::Zero => LockDepth::Zero,
            Depth::Infinity => LockDepth::Infinity,
            Depth::One => return Err((StatusCode::BAD_REQUEST, "a lock's Depth is 0 or infinity")),
        };
        // Followed: `resolve` refused links that lead out, so this is what the link names.
        let existing = fs::metadata(&target.path).ok();
        // Locks on the resource are conflicts or not (below), not locks to hold a token of.
        let mut protected = Vec::new();
        if existing.is_none() {
            if target.is_root() || !crate::files::parent_is_folder_sync(&target.path) {
                return Err((StatusCode::CONFLICT, "the parent folder does not exist"));
            }
            protected.push(Protected::Members(target.clone()));
        }
        if let Err(refused) =
            conditions::check_with(&share, &headers, &target, condition.as_ref(), &protected)
        {
            return Ok(*refused);
        }
        let token = new_token().map_err(|e| io_refusal(&e))?;
        let is_dir = existing.as_ref().is_some_and(fs::Metadata::is_dir);
        let lock = Lock {
            token: token.clone(),
            root: target.segments.clone(),
            root_href: target.href_path(is_dir),
            scope: info.scope,
            depth,
            owner: info.owner,
            expires: Instant::now() + timeout,
        };
        if let Err(in_way) = share.locks.acquire(lock) {
            return Ok(error_response(
                StatusCode::LOCKED,
                "no-conflicting-lock",
                &in_way,
            ));
        }
        let status = if existing.is_some() {
            StatusCode::OK
        } else {
            // The lock is held before the file exists: no other client can take it between.
            let created = share
                .store
                .delete_tree(&target.key())
                .map_err(|_| io::Error::other("the store failed"))
                .and_then(|()| {
                    fs::OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .open(&target.path)
                });
            if let Err(e) = created {
                share.locks.release(&target.segments, &token);
                return Err(io_refusal(&e));
            }
            StatusCode::CREATED
        };
        let mut response = lockdiscovery_answer(&share, &target)?;
        *response.status_mut() = status;
        if let Ok(value) = HeaderValue::from_str(&format!("<{token}>")) {
            response.headers_mut().insert("lock-token", value);
        }
        Ok(response)
    })
    .await
}

/// A LOCK without a body: the lock whose token the `If` header holds, applying to the
/// request's resource, gets the timeout asked for (§9.10.2).
fn refresh(
    share: &Share,
    headers: &HeaderMap,
    target: &Resource,
    condition: Option<IfHeader>,
    timeout: Duration,
) -> Reply {
    let Some(condition) = condition else {
        return Err((
            StatusCode::BAD_REQUEST,
            "a LOCK without a body refreshes the lock named in an If header",
        ));
    };
    let refreshed = condition.holds(share, headers, target)
        && share
            .locks
            .refresh(&target.segments, &condition.tokens(), timeout);
    if !refreshed {
        return Ok(error_response(
            StatusCode::PRECONDITION_FAILED,
            "lock-token-matches-request-uri",
            &[],
        ));
    }
    lockdiscovery_answer(share, target)
}

/// UNLOCK: removes the lock named by `Lock-Token` (204); 400 without a token, 409 with
/// `DAV:lock-token-matches-request-uri` when no such lock applies to the resource.
pub async fn unlock(State(share): State<Arc<Share>>, uri: Uri, headers: HeaderMap) -> Reply {
    let target = share.resolve(uri.path())?;
    let token = headers
        .get("lock-token")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .and_then(|v| v.strip_prefix('<')?.strip_suffix('>'))
        .ok_or((
            StatusCode::BAD_REQUEST,
            "UNLOCK needs a Lock-Token header: <token>",
        ))?;
    if share.locks.release(&target.segments, token) {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Ok(error_response(
            StatusCode::CONFLICT,
            "lock-token-matches-request-uri",
            &[],
        ))
    }
}
