//! PROPFIND: the resource, then (`Depth: 1`) its members or (`Depth: infinity`) everything
//! under it, streamed. The request is resolved once against `FileProps`
//! (`PropfindAnswer`: the answer's markup is rendered once, each resource then costs one
//! `stat` and its values); members are read from the directory one by one as the body is
//! sent, so a listing of 100 000 files takes the memory of one chunk. The locks that may
//! apply are copied from the lock table once (none, most of the time).

use std::fs::{self, Metadata, ReadDir};
use std::sync::Arc;
use std::time::Instant;

use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::IntoResponse;
use multistatus::axum::{DepthHeader, PropfindRequest, ReturnMinimal};
use multistatus::http::MultistatusBody;
use multistatus::propfind::PropfindAnswer;
use multistatus::request::Depth;
use multistatus::{DeadMap, Href};

use crate::locks::discovery;
use crate::props::FileProps;
use crate::share::{Resource, STORE_FILE, Share};
use crate::store::Reader;
use crate::{Reply, blocking, io_refusal};

pub async fn propfind(
    State(share): State<Arc<Share>>,
    uri: Uri,
    DepthHeader(depth): DepthHeader,
    ReturnMinimal(minimal): ReturnMinimal,
    PropfindRequest(request): PropfindRequest,
) -> Reply {
    let target = share.resolve(uri.path())?;
    let answer = PropfindAnswer::<FileProps>::new(&request).minimal(minimal);
    blocking(move || {
        let meta = fs::metadata(&target.path).map_err(|e| io_refusal(&e))?;
        let store = share
            .store
            .read()
            .map_err(|_| (StatusCode::INTERNAL_SERVER_ERROR, "the store failed"))?;
        let locks = share.locks.snapshot(&target);
        let walk = Walk::new(share, store, target, meta, depth.unwrap_or(Depth::Infinity));
        let namespaces = answer.namespaces();
        let now = Instant::now();
        let body = MultistatusBody::stream(namespaces, walk, move |writer, entry| {
            let name = entry.resource.segments.last().map_or("", String::as_str);
            let held = discovery(&locks, &entry.resource.segments, now);
            let props = FileProps::new(name, &entry.meta, held, entry.dead);
            let href = Href::from_path(entry.resource.href_path(entry.meta.is_dir()))?;
            answer.write(writer, &href, &props)
        });
        Ok(body.into_response())
    })
    .await
}

/// A resource met by the walk.
pub struct Entry {
    resource: Resource,
    meta: Metadata,
    dead: Option<DeadMap>,
}

/// The resources a PROPFIND reports, in document order: the target, then its members
/// (depth first for `infinity`). Members that are neither files nor folders (sockets,
/// devices), links that lead out of the share, names that are not UTF-8 and the store's
/// file are left out.
struct Walk {
    share: Arc<Share>,
    store: Reader,
    /// The target, until it is reported.
    first: Option<Entry>,
    /// The folders being listed, innermost last, each with whether its members have dead
    /// properties.
    open: Vec<(Resource, ReadDir, bool)>,
    depth: Depth,
}

impl Walk {
    fn new(
        share: Arc<Share>,
        store: Reader,
        resource: Resource,
        meta: Metadata,
        depth: Depth,
    ) -> Self {
        let dead = store.get(&resource.key()).ok().flatten();
        Self {
            share,
            store,
            first: Some(Entry {
                resource,
                meta,
                dead,
            }),
            open: Vec::new(),
            depth,
        }
    }

    /// Starts listing `folder`'s members (unreadable: reported without them).
    fn open(&mut self, folder: &Resource) {
        if let Ok(members) = fs::read_dir(&folder.path) {
            let dead = self.store.any_below(&folder.key()).unwrap_or(true);
            self.open.push((folder.clone(), members, dead));
        }
    }
}

impl Iterator for Walk {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        if let Some(first) = self.first.take() {
            if first.meta.is_dir() && self.depth != Depth::Zero {
                self.open(&first.resource);
            }
            return Some(first);
        }
        loop {
            let (folder, members, any_dead) = self.open.last_mut()?;
            let any_dead = *any_dead;
            let Some(member) = members.next() else {
                self.open.pop();
                continue;
            };
            let Ok(member) = member else { continue };
            let Ok(name) = member.file_name().into_string() else {
                continue;
            };
            if folder.is_root() && name == STORE_FILE {
                continue;
            }
            let Ok(kind) = member.file_type() else {
                continue;
            };
            let resource = self.share.child(folder, name);
            // A link is reported as what it points to, when that is inside the share.
            let meta = if kind.is_symlink() {
                if self.share.leads_out(&resource.path) {
                    continue;
                }
                fs::metadata(&resource.path)
            } else {
                member.metadata()
            };
            let Ok(meta) = meta else { continue };
            if !meta.is_dir() && !meta.is_file() {
                continue;
            }
            let dead = if any_dead {
                self.store.get(&resource.key()).ok().flatten()
            } else {
                None
            };
            // Links are not followed down: a link to an ancestor would never end.
            if meta.is_dir() && self.depth == Depth::Infinity && !kind.is_symlink() {
                self.open(&resource);
            }
            return Some(Entry {
                resource,
                meta,
                dead,
            });
        }
    }
}
