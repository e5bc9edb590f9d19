//! A WebDAV file server over a directory, on axum and tokio, built on `multistatus`.
//!
//! ```sh
//! cargo run --example fileserver                          # a fresh sample share
//! cargo run --example fileserver -- --root ~/Documents --port 8080
//! ```
//!
//! OPTIONS, GET, HEAD, PUT, DELETE, MKCOL, COPY, MOVE, PROPFIND (streamed), PROPPATCH,
//! LOCK and UNLOCK (`DAV: 1, 2, 3`). Live properties come from the filesystem through a derived
//! property set (`props.rs`); dead properties are kept in a redb database in the share's
//! root (`store.rs`), hidden from clients. ARCHITECTURE.md explains the choices.
//!
//! | module | what |
//! |---|---|
//! | `main.rs` | arguments, the sample share, the router, the server |
//! | `share.rs` | request paths to files, and the refusal of paths leaving the share |
//! | `props.rs` | the property set |
//! | `store.rs` | dead properties in redb |
//! | `propfind.rs`, `proppatch.rs` | the two property methods |
//! | `files.rs` | OPTIONS, GET, HEAD, PUT, MKCOL, DELETE |
//! | `copymove.rs`, `tree.rs` | COPY and MOVE; tree walks that report partial failures |
//! | `locks.rs` | the lock table (in memory), LOCK and UNLOCK |
//! | `conditions.rs` | the `If` header, and the lock check of every write |
//! | `wire.rs` | TCP_NODELAY, and refusing request targets with a fragment |

mod conditions;
mod copymove;
mod files;
mod locks;
mod propfind;
mod proppatch;
mod props;
mod share;
mod store;
mod tree;
mod wire;

#[cfg(test)]
mod tests;

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use share::{Refusal, Share};

/// The methods the server implements.
const ALLOW: &str =
    "OPTIONS, GET, HEAD, PUT, DELETE, MKCOL, COPY, MOVE, PROPFIND, PROPPATCH, LOCK, UNLOCK";

/// What a handler answers: a response, or a refusal in plain text.
type Reply = Result<Response, Refusal>;

/// The router: every path, each method to its handler.
pub fn app(share: Arc<Share>) -> Router {
    Router::new().fallback(dispatch).with_state(share)
}

/// WebDAV methods are not in axum's `MethodFilter`, so one handler sends each method on.
/// Writes and LOCK are ordered through [`Share::changes`].
async fn dispatch(State(share): State<Arc<Share>>, request: Request) -> Response {
    let held = Arc::clone(&share);
    match request.method().as_str() {
        "OPTIONS" => files::options(),
        "GET" | "HEAD" => files::get.call(request, share).await,
        "PUT" => writing(&held, files::put.call(request, share)).await,
        "DELETE" => writing(&held, files::delete.call(request, share)).await,
        "MKCOL" => writing(&held, files::mkcol.call(request, share)).await,
        "COPY" | "MOVE" => writing(&held, copymove::copy_or_move.call(request, share)).await,
        "PROPFIND" => propfind::propfind.call(request, share).await,
        "PROPPATCH" => writing(&held, proppatch::proppatch.call(request, share)).await,
        "LOCK" => {
            let _locking = held.changes.write().await;
            locks::lock.call(request, share).await
        }
        "UNLOCK" => locks::unlock.call(request, share).await,
        _ => (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, HeaderValue::from_static(ALLOW))],
            "method not allowed\n",
        )
            .into_response(),
    }
}

/// Answers a write (a handler's future, which runs only when awaited) while holding
/// [`Share::changes`] shared.
async fn writing(share: &Share, answer: impl Future<Output = Response>) -> Response {
    let _writing = share.changes.read().await;
    answer.await
}

/// Runs blocking filesystem and database work off the runtime's threads.
async fn blocking(work: impl FnOnce() -> Reply + Send + 'static) -> Reply {
    tokio::task::spawn_blocking(work).await.unwrap_or(Err((
        StatusCode::INTERNAL_SERVER_ERROR,
        "the request failed",
    )))
}

/// The status for a filesystem error.
fn io_refusal(error: &io::Error) -> Refusal {
    use io::ErrorKind::*;
    match error.kind() {
        NotFound => (StatusCode::NOT_FOUND, "not found"),
        PermissionDenied | ReadOnlyFilesystem => (StatusCode::FORBIDDEN, "permission denied"),
        Unsupported => (StatusCode::FORBIDDEN, "not a file or a folder"),
        AlreadyExists => (StatusCode::METHOD_NOT_ALLOWED, "the resource exists"),
        NotADirectory => (StatusCode::CONFLICT, "a file is in the way"),
        DirectoryNotEmpty => (StatusCode::CONFLICT, "the folder is not empty"),
        StorageFull | QuotaExceeded => (StatusCode::INSUFFICIENT_STORAGE, "the disk is full"),
        _ => (StatusCode::INTERNAL_SERVER_ERROR, "the filesystem failed"),
    }
}

/// The command line.
struct Args {
    root: Option<PathBuf>,
    port: Option<u16>,
    bind: IpAddr,
}

const USAGE: &str = "\
usage: fileserver [--root DIR] [--port N] [--bind ADDR]

  --root DIR   the directory to share (default: a fresh sample share in a temporary directory)
  --port N     the port (default: 4918, or a free one if it is taken)
  --bind ADDR  the address to listen on (default: 127.0.0.1; 0.0.0.0 shares with the network)
";

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        root: None,
        port: None,
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--root" => args.root = Some(PathBuf::from(value()?)),
            "--port" => args.port = Some(value()?.parse().map_err(|e| format!("--port: {e}"))?),
            "--bind" => args.bind = value()?.parse().map_err(|e| format!("--bind: {e}"))?,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(args)
}

/// A few files and folders to try a client on, with names that need percent-encoding.
fn sample_share(root: &Path) -> io::Result<()> {
    let files: [(&str, &str); 6] = [
        (
            "README.txt",
            "A sample share served by the multistatus file server example.\n",
        ),
        ("Reports/Q1 & Q2.txt", "Quarterly figures.\n"),
        ("Reports/année 2024.txt", "Une année de chiffres.\n"),
        ("Reports/100% done?.txt", "Finished.\n"),
        (
            "Photos/#1 sunrise.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\"><circle cx=\"32\" cy=\"40\" r=\"20\" fill=\"orange\"/></svg>\n",
        ),
        ("Photos/日本/東京.txt", "Tokyo.\n"),
    ];
    for (path, content) in files {
        let path = root.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, content)?;
    }
    std::fs::create_dir_all(root.join("Empty folder"))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprint!(
                "{}{USAGE}",
                if message.is_empty() {
                    String::new()
                } else {
                    format!("{message}\n\n")
                }
            );
            std::process::exit(if message.is_empty() { 0 } else { 2 });
        }
    };
    // The sample share lives as long as the server: removed when it stops.
    let sample = match &args.root {
        Some(_) => None,
        None => {
            let dir = tempfile::Builder::new()
                .prefix("multistatus-share-")
                .tempdir()?;
            sample_share(dir.path())?;
            Some(dir)
        }
    };
    let root = args.root.clone().unwrap_or_else(|| {
        sample
            .as_ref()
            .map(|d| d.path().to_path_buf())
            .unwrap_or_default()
    });
    let share = Share::open(&root)?;

    let listener =
        match tokio::net::TcpListener::bind(SocketAddr::new(args.bind, args.port.unwrap_or(4918)))
            .await
        {
            Ok(listener) => listener,
            // 4918 is taken: any free port (unless one was asked for).
            Err(e) if args.port.is_none() && e.kind() == io::ErrorKind::AddrInUse => {
                tokio::net::TcpListener::bind(SocketAddr::new(args.bind, 0)).await?
            }
            Err(e) => return Err(e.into()),
        };
    let addr = listener.local_addr()?;
    let host = match addr {
        SocketAddr::V6(_) => format!("[{}]:{}", addr.ip(), addr.port()),
        SocketAddr::V4(_) => addr.to_string(),
    };
    println!("Serving {} at http://{host}/", share.root.display());
    println!(
        "\n  curl http://{host}/README.txt\n  curl -X PROPFIND -H 'Depth: 1' http://{host}/\n  curl -T notes.txt http://{host}/notes.txt\n  cadaver http://{host}/          (or rclone, Finder: Go > Connect to Server, Windows: Map network drive)\n\nStop with Ctrl-C."
    );
    let server = axum::serve(wire::Listener(listener), app(share));
    server
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    drop(sample);
    Ok(())
}
