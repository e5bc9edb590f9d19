//! Removing and copying trees member by member, keeping going past a member that fails and
//! reporting each failure: what DELETE, COPY and MOVE answer in a 207 (RFC 4918 §9.6.1,
//! §9.8.8, §9.9.4). The folder holding a member that failed is not reported: its failure
//! follows from the member's.

use std::fs;
use std::io;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use multistatus::http::MultistatusBody;
use multistatus::{Href, Namespaces, Status};

use crate::io_refusal;
use crate::share::{Resource, Share};

/// A member that could not be removed or copied, and the status that says why.
pub struct Failure {
    pub href: String,
    pub status: StatusCode,
}

impl Failure {
    fn new(resource: &Resource, collection: bool, error: &io::Error) -> Self {
        Self {
            href: resource.href_path(collection),
            status: io_refusal(error).0,
        }
    }
}

/// A 207 with a status response per failure.
pub fn failures_response(failures: Vec<Failure>) -> Response {
    MultistatusBody::stream(Namespaces::new(), failures, |writer, failure| {
        let status = Status::new(failure.status.as_u16())?;
        writer
            .status_response(&Href::from_path(failure.href)?, status)?
            .end()
    })
    .into_response()
}

/// Removes `resource` and everything under it (a link is removed, not followed); returns
/// the members that could not be.
pub fn remove_tree(share: &Share, resource: &Resource, is_dir: bool) -> Vec<Failure> {
    let mut failures = Vec::new();
    remove(share, resource, is_dir, &mut failures);
    failures
}

fn remove(share: &Share, resource: &Resource, is_dir: bool, failures: &mut Vec<Failure>) -> bool {
    let removed = if is_dir {
        let members = match fs::read_dir(&resource.path) {
            Ok(members) => members,
            Err(e) => {
                failures.push(Failure::new(resource, true, &e));
                return false;
            }
        };
        let mut all = true;
        for member in members.flatten() {
            let Ok(name) = member.file_name().into_string() else {
                // A name no href can carry: the folder cannot be emptied.
                all = false;
                continue;
            };
            let member_is_dir = member.file_type().is_ok_and(|t| t.is_dir());
            all &= remove(share, &share.child(resource, name), member_is_dir, failures);
        }
        if !all {
            return false;
        }
        fs::remove_dir(&resource.path)
    } else {
        fs::remove_file(&resource.path)
    };
    match removed {
        Ok(()) => true,
        Err(e) => {
            failures.push(Failure::new(resource, is_dir, &e));
            false
        }
    }
}

/// Copies `from` to `to` (which does not exist): a file's content, or a folder and, when
/// `deep`, everything under it. Links are copied as what they point to, when that is
/// inside the share; members that cannot be copied (sockets, devices, unreadable files,
/// links out of the share) are reported.
pub fn copy_tree(share: &Share, from: &Resource, to: &Resource, deep: bool) -> Vec<Failure> {
    let mut failures = Vec::new();
    copy(share, from, to, deep, &mut failures);
    failures
}

fn copy(share: &Share, from: &Resource, to: &Resource, deep: bool, failures: &mut Vec<Failure>) {
    if share.leads_out(&from.path) {
        let refused = io::Error::from(io::ErrorKind::PermissionDenied);
        failures.push(Failure::new(from, false, &refused));
        return;
    }
    let meta = match fs::metadata(&from.path) {
        Ok(meta) => meta,
        Err(e) => return failures.push(Failure::new(from, false, &e)),
    };
    if !meta.is_dir() {
        // A FIFO would block the copy, a socket or device has no content to copy.
        let copied = if meta.is_file() {
            fs::copy(&from.path, &to.path).map(drop)
        } else {
            Err(io::Error::from(io::ErrorKind::Unsupported))
        };
        if let Err(e) = copied {
            failures.push(Failure::new(from, false, &e));
        }
        return;
    }
    if let Err(e) = fs::create_dir(&to.path) {
        return failures.push(Failure::new(from, true, &e));
    }
    if !deep {
        return;
    }
    let members = match fs::read_dir(&from.path) {
        Ok(members) => members,
        Err(e) => return failures.push(Failure::new(from, true, &e)),
    };
    for member in members.flatten() {
        let Ok(name) = member.file_name().into_string() else {
            continue;
        };
        let source = share.child(from, name.clone());
        copy(share, &source, &share.child(to, name), deep, failures);
    }
}
