//! The accept loop: hyper over tokio, one task per connection. Our own loop (rather
//! than `axum::serve`) lets a request end its connection without an answer, which is
//! what a client sees when a server goes away: used by the offline fault (API requests
//! are dropped, `/_faults` and the static files still answer) and by apply-then-fail's
//! `drop` mode (the change commits, the answer never leaves).
//!
//! It also keeps slow and stalled clients from holding the server: hyper gets a timer,
//! so a request head must arrive within the header timeout (hyper starts that timer
//! whenever it waits for a request, on a new connection and between kept-alive
//! requests); a connection with no request in progress is closed after the idle
//! timeout; and at most `max_connections` are served at once, so the process never
//! runs out of descriptors (which stops it answering anyone). At the cap, a newly
//! accepted client takes the place of the connection idle the longest (one stalled
//! before finishing its request head, or kept alive with nothing to do): a client that
//! reconnects as fast as it is dropped cannot keep everyone else waiting for the
//! timeouts. When every connection has a request in progress, the new one waits for a
//! slot.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tower::ServiceExt;

use crate::config::Timeouts;

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

/// How connections are bounded: their timeouts and how many are served at once.
#[derive(Clone, Debug)]
pub struct ConnectionLimits {
    /// The header and idle timeouts (the body timeout is applied where bodies are read).
    pub timeouts: Timeouts,
    /// The most connections served at once.
    pub max_connections: usize,
    /// How many are open now (read by [`RunningServer::open_connections`](crate::RunningServer::open_connections)).
    pub open: Arc<AtomicUsize>,
}

/// Serves `router` on `listener` until `stop` turns true; then closes every connection.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    faults: Faults,
    limits: ConnectionLimits,
    mut stop: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let registry = Arc::new(Registry::default());
    loop {
        // Ended connections are reaped here rather than raced in the select below: a
        // client accepted and waiting for a slot must not be dropped when one ends.
        while connections.try_join_next().is_some() {}
        let next = async {
            let accepted = listener.accept().await;
            let slot = slot(&slots, &registry).await;
            (slot, accepted)
        };
        tokio::select! {
            _ = stop.changed() => break,
            (slot, accepted) = next => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    // Out of file descriptors and the like: wait a moment, keep serving.
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let (router, faults) = (router.clone(), faults.clone());
                let activity = Arc::new(Activity::new());
                let id = registry.add(&activity);
                let seen = Arc::clone(&activity);
                let service = service_fn(move |req: Request<Incoming>| {
                    let (router, faults) = (router.clone(), faults.clone());
                    let busy = Busy::start(&seen);
                    async move {
                        let _busy = busy;
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
                limits.open.fetch_add(1, Ordering::Relaxed);
                let open = OpenConnection {
                    open: Arc::clone(&limits.open),
                    registry: Arc::clone(&registry),
                    id,
                    _slot: slot,
                };
                let timeouts = limits.timeouts;
                connections.spawn(async move {
                    let _open = open;
                    let mut builder = http1::Builder::new();
                    builder
                        .timer(TokioTimer::new())
                        .header_read_timeout(timeouts.header);
                    let connection = builder.serve_connection(TokioIo::new(stream), service);
                    // Errors here are the client going away or our own drops: nothing to do.
                    let _ = close_when_idle(connection, &activity, timeouts.idle).await;
                });
            }
        }
    }
    connections.shutdown().await;
}

/// Drives `connection` to its end, closing it once no request has been in progress
/// for `idle` (a graceful shutdown: a response being written is finished first).
///
/// Also ends it (`None`) when it is evicted at the cap while no request is in progress.
async fn close_when_idle<F>(connection: F, activity: &Activity, idle: Duration) -> Option<F::Output>
where
    F: std::future::Future + GracefulShutdown,
{
    tokio::pin!(connection);
    loop {
        let wake = activity.idle_deadline(idle);
        tokio::select! {
            done = connection.as_mut() => return Some(done),
            _ = activity.evict.notified() => {
                if activity.in_progress.load(Ordering::Acquire) == 0 {
                    // Dropping the connection closes it; there is no answer to finish.
                    return None;
                }
                // A request started meanwhile: it stays, another one is picked.
                activity.evicted.store(false, Ordering::Release);
            }
            _ = tokio::time::sleep_until(wake) => {
                if activity.idle_deadline(idle) <= Instant::now() {
                    connection.as_mut().shutdown_gracefully();
                    return Some(connection.await);
                }
            }
        }
    }
}

/// The one method of hyper's connection this module needs, so [`close_when_idle`] reads
/// without hyper's long generic types.
trait GracefulShutdown {
    fn shutdown_gracefully(self: std::pin::Pin<&mut Self>);
}

impl<I, S> GracefulShutdown for http1::Connection<I, S>
where
    S: hyper::service::HttpService<Incoming>,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    I: hyper::rt::Read + hyper::rt::Write + Unpin,
    S::ResBody: hyper::body::Body + 'static,
    <S::ResBody as hyper::body::Body>::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    fn shutdown_gracefully(self: std::pin::Pin<&mut Self>) {
        self.graceful_shutdown();
    }
}

/// When a connection last finished a request, and how many it has in progress.
struct Activity {
    in_progress: AtomicUsize,
    last: Mutex<Instant>,
    /// Asks the connection to close if it is idle (at the cap, for a new client).
    evict: Notify,
    /// Whether it was asked already (so the next eviction picks another).
    evicted: AtomicBool,
}

impl Activity {
    fn new() -> Self {
        Activity {
            in_progress: AtomicUsize::new(0),
            last: Mutex::new(Instant::now()),
            evict: Notify::new(),
            evicted: AtomicBool::new(false),
        }
    }

    fn last(&self) -> Instant {
        *self.last.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// When the connection will have been idle for `idle`, if nothing happens: later
    /// than now while a request is in progress.
    fn idle_deadline(&self, idle: Duration) -> Instant {
        if self.in_progress.load(Ordering::Acquire) > 0 {
            return Instant::now() + idle;
        }
        // A plain Instant: a panic while it was held cannot leave it half-written.
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) + idle
    }
}

/// A request in progress on a connection; its end (or its cancellation) is activity.
struct Busy(Arc<Activity>);

impl Busy {
    fn start(activity: &Arc<Activity>) -> Busy {
        activity.in_progress.fetch_add(1, Ordering::AcqRel);
        Busy(Arc::clone(activity))
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        *self.0.last.lock().unwrap_or_else(|p| p.into_inner()) = Instant::now();
        self.0.in_progress.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A slot under the cap: a free one, or the one of the connection idle the longest,
/// evicted for it. With every connection busy, waits until one ends (asking again now
/// and then, as busy connections become idle).
async fn slot(slots: &Arc<Semaphore>, registry: &Registry) -> OwnedSemaphorePermit {
    loop {
        if let Ok(slot) = Arc::clone(slots).try_acquire_owned() {
            return slot;
        }
        registry.evict_longest_idle();
        let wait = Arc::clone(slots).acquire_owned();
        // The semaphore is never closed, so only the timeout ends a wait without a slot.
        if let Ok(Ok(slot)) = tokio::time::timeout(Duration::from_millis(100), wait).await {
            return slot;
        }
    }
}

/// The open connections' activity, to pick one to evict at the cap.
#[derive(Default)]
struct Registry {
    next: AtomicU64,
    connections: Mutex<HashMap<u64, Arc<Activity>>>,
}

impl Registry {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Arc<Activity>>> {
        // Each insert or remove leaves the map whole, so a poisoned lock is still usable.
        self.connections.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn add(&self, activity: &Arc<Activity>) -> u64 {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        self.lock().insert(id, Arc::clone(activity));
        id
    }

    fn remove(&self, id: u64) {
        self.lock().remove(&id);
    }

    /// Asks the connection idle the longest (no request in progress, not asked yet) to
    /// close. Only runs at the cap, so a scan of the open connections is fine.
    fn evict_longest_idle(&self) {
        let connections = self.lock();
        let victim = connections
            .values()
            .filter(|a| {
                a.in_progress.load(Ordering::Acquire) == 0 && !a.evicted.load(Ordering::Acquire)
            })
            .min_by_key(|a| a.last());
        if let Some(victim) = victim {
            victim.evicted.store(true, Ordering::Release);
            victim.evict.notify_one();
        }
    }
}

/// Counts a connection as open, and holds its slot under the cap, until dropped (its
/// task ended or was aborted).
struct OpenConnection {
    open: Arc<AtomicUsize>,
    registry: Arc<Registry>,
    id: u64,
    _slot: OwnedSemaphorePermit,
}

impl Drop for OpenConnection {
    fn drop(&mut self) {
        self.registry.remove(self.id);
        self.open.fetch_sub(1, Ordering::Relaxed);
    }
}
