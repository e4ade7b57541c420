//! The accept loop: hyper over tokio, one task per connection. Our own loop (rather
//! than `axum::serve`) lets a request end its connection without an answer, which is
//! what a client sees when a server goes away: used by the offline fault (API requests
//! are dropped, `/_faults` and the static files still answer) and by apply-then-fail's
//! `drop` mode (the change commits, the answer never leaves).

use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tower::ServiceExt;

use crate::faults::{Counter, Faults};

/// Put in a response's extensions by a handler: close the connection instead of
/// answering.
#[derive(Clone, Copy, Debug)]
pub struct DropConnection;

/// A response that is never sent: its connection is closed instead.
pub fn dropped() -> axum::response::Response {
    let mut response = axum::response::Response::default();
    response.extensions_mut().insert(DropConnection);
    response
}

/// The error that makes hyper close a connection without writing an answer.
#[derive(Debug)]
pub struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped on purpose (fault injection)")
    }
}

impl std::error::Error for Dropped {}

/// Whether `path` is part of the API (what "offline" refuses).
///
/// ```
/// use server::serve::is_api;
/// assert!(is_api("/api/lists/groceries"));
/// assert!(!is_api("/_faults"));
/// assert!(!is_api("/apiary.html"));
/// ```
pub fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// Serves `router` on `listener` until `stop` turns true; then closes every connection.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    faults: Faults,
    open: Arc<AtomicUsize>,
    mut stop: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    // Out of file descriptors and the like: wait a moment, keep serving.
                    Err(_) => {
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let (router, faults) = (router.clone(), faults.clone());
                let service = service_fn(move |req: Request<Incoming>| {
                    let (router, faults) = (router.clone(), faults.clone());
                    async move {
                        if faults.offline() && is_api(req.uri().path()) {
                            faults.count(Counter::DroppedOffline);
                            return Err(Dropped);
                        }
                        let api = is_api(req.uri().path());
                        let read = matches!(*req.method(), Method::GET | Method::HEAD);
                        let response = router
                            .oneshot(req)
                            .await
                            .unwrap_or_else(|never: Infallible| match never {});
                        if api {
                            faults.count(if read { Counter::Reads } else { Counter::Writes });
                            if response.status().is_client_error() && !read {
                                faults.count(Counter::Refused);
                            }
                        }
                        if response.extensions().get::<DropConnection>().is_some() {
                            return Err(Dropped);
                        }
                        Ok(response)
                    }
                });
                open.fetch_add(1, Ordering::Relaxed);
                let open = Arc::clone(&open);
                connections.spawn(async move {
                    let _open = OpenConnection(open);
                    // Errors here are the client going away or our own drops: nothing to do.
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        }
    }
    connections.shutdown().await;
}

/// Counts a connection as open until dropped (its task ended or was aborted).
struct OpenConnection(Arc<AtomicUsize>);

impl Drop for OpenConnection {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}
