//! PROPPATCH: dead properties are set and removed in one redb transaction, committed
//! (durably) before the 207 is sent; live properties are protected (403), and then nothing
//! changes (RFC 4918 §9.2: all or nothing). A locked resource needs its lock's token.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::IntoResponse;
use multistatus::axum::ProppatchRequest;
use multistatus::http::MultistatusBody;
use multistatus::proppatch::{PatchAnswer, PatchFailure};
use multistatus::{Href, MultistatusWriter};

use crate::conditions::{Protected, check};
use crate::props::FilePropsName;
use crate::share::Share;
use crate::{Reply, blocking, io_refusal};

pub async fn proppatch(
    State(share): State<Arc<Share>>,
    uri: Uri,
    headers: HeaderMap,
    ProppatchRequest(update): ProppatchRequest,
) -> Reply {
    let target = share.resolve(uri.path())?;
    blocking(move || {
        let meta = std::fs::metadata(&target.path).map_err(|e| io_refusal(&e))?;
        let protected = [Protected::Resource(target.clone())];
        if let Err(denied) = check(&share, &headers, &target, &protected) {
            return Ok(*denied);
        }
        let answer = share
            .store
            .update(&target.key(), |properties| {
                let answer =
                    PatchAnswer::evaluate_set(&update, properties, |_live: FilePropsName, _| {
                        Err(PatchFailure::Protected)
                    });
                (answer.succeeded(), answer)
            })
            .map_err(|_| (StatusCode::INTERNAL_SERVER_ERROR, "the store failed"))?;
        let href = Href::from_path(target.href_path(meta.is_dir()))
            .map_err(|_| (StatusCode::BAD_REQUEST, "the path cannot be an href"))?;
        let mut writer = MultistatusWriter::in_memory(Vec::new(), answer.namespaces());
        answer
            .write(&mut writer, &href)
            .and_then(|()| writer.finish())
            .map(|body| MultistatusBody::full(body).into_response())
            .map_err(|_| {
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the answer could not be written",
                )
            })
    })
    .await
}
