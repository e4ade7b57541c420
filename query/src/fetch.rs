//! Running a query's fetch: dedupe, pause while offline, retry, cancel, and land the
//! answer unless a newer write makes it stale.

use crate::client::QueryClient;
use crate::entry::{ErasedError, FetchStatus, QueryStatus};
use crate::error::{AbortReason, FetchError};
use crate::event::CacheEvent;
use crate::key::QueryKey;
use crate::layer::{AnyRc, TypeTag};
use crate::network::NetworkMode;
use crate::retry::RetryPolicy;
use futures::channel::oneshot;
use futures::future::{AbortHandle, Abortable, LocalBoxFuture};
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

#[derive(Default)]
struct SignalState {
    aborted: bool,
    callbacks: Vec<Box<dyn FnOnce()>>,
}

/// Tells a running request that nobody wants its answer any more; browser glue hooks an
/// `AbortController` to it.
///
/// ```
/// use optimistic_query::AbortSignal;
/// use std::{cell::Cell, rc::Rc};
/// let signal = AbortSignal::default();
/// let hit = Rc::new(Cell::new(false));
/// let h = hit.clone();
/// signal.on_abort(move || h.set(true));
/// signal.abort();
/// assert!(signal.is_aborted() && hit.get());
/// ```
#[derive(Clone, Default)]
pub struct AbortSignal(Rc<RefCell<SignalState>>);

impl fmt::Debug for AbortSignal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AbortSignal({})", self.is_aborted())
    }
}

impl AbortSignal {
    /// Whether the request was aborted.
    ///
    /// ```
    /// assert!(!optimistic_query::AbortSignal::default().is_aborted());
    /// ```
    pub fn is_aborted(&self) -> bool {
        self.0.borrow().aborted
    }

    /// Runs `f` when aborted (at once if it already was).
    ///
    /// ```
    /// let s = optimistic_query::AbortSignal::default();
    /// s.on_abort(|| {});
    /// ```
    pub fn on_abort(&self, f: impl FnOnce() + 'static) {
        let mut st = self.0.borrow_mut();
        if st.aborted {
            drop(st);
            f();
        } else {
            st.callbacks.push(Box::new(f));
        }
    }

    /// Aborts; callbacks run once.
    ///
    /// ```
    /// let s = optimistic_query::AbortSignal::default();
    /// s.abort();
    /// s.abort();
    /// assert!(s.is_aborted());
    /// ```
    pub fn abort(&self) {
        let callbacks = {
            let mut st = self.0.borrow_mut();
            st.aborted = true;
            std::mem::take(&mut st.callbacks)
        };
        for c in callbacks {
            c();
        }
    }
}

/// What a query's fetcher is told.
#[derive(Clone, Debug)]
pub struct FetchContext {
    /// The key being fetched.
    pub key: QueryKey,
    /// Fires when the fetch is cancelled.
    pub signal: AbortSignal,
    /// 1 for the first attempt, 2 for the first retry, ...
    pub attempt: u32,
}

pub(crate) type ErasedFetcher =
    Rc<dyn Fn(FetchContext) -> LocalBoxFuture<'static, Result<AnyRc, ErasedError>>>;

/// How to fetch an entry, registered by its observers.
#[derive(Clone)]
pub(crate) struct FetchSpec {
    pub fetch: ErasedFetcher,
    pub retry: RetryPolicy,
    pub network_mode: NetworkMode,
}

impl FetchSpec {
    pub fn new<T, E, F, Fut>(fetcher: F, retry: RetryPolicy, network_mode: NetworkMode) -> Self
    where
        T: 'static,
        E: Clone + fmt::Display + 'static,
        F: Fn(FetchContext) -> Fut + 'static,
        Fut: std::future::Future<Output = Result<T, FetchError<E>>> + 'static,
    {
        let fetch: ErasedFetcher = Rc::new(move |ctx| {
            let fut = fetcher(ctx);
            Box::pin(async move {
                match fut.await {
                    Ok(t) => Ok(Rc::new(t) as AnyRc),
                    Err(e) => Err(ErasedError::new(e)),
                }
            })
        });
        FetchSpec {
            fetch,
            retry,
            network_mode,
        }
    }
}

pub(crate) struct InFlight {
    pub id: u64,
    /// Write sequence when the current attempt was sent: writes after it make the answer
    /// stale.
    pub started_seq: u64,
    pub abort: AbortHandle,
    pub signal: AbortSignal,
    pub waiters: Vec<oneshot::Sender<()>>,
}

enum Step {
    Stop,
    Go(FetchContext, ErasedFetcher, RetryPolicy),
}

impl QueryClient {
    /// Starts fetching `key` with its registered fetcher, unless a fetch is running (then
    /// `restart` decides whether to cancel and restart it). Returns a receiver that fires
    /// when the fetch (new or running) lands, or `None` when there is no fetcher.
    pub(crate) fn start_fetch(
        &self,
        key: &QueryKey,
        restart: bool,
    ) -> Option<oneshot::Receiver<()>> {
        let (tx, rx) = oneshot::channel();
        let mut tx = Some(tx);
        let running = {
            let mut st = self.st();
            let seq = st.seq;
            let e = st.entries.get_mut(key)?;
            e.spec.as_ref()?;
            match &mut e.in_flight {
                // A fetch sent after the last write already sees everything: keep it.
                Some(f) if !restart || f.started_seq == seq => {
                    f.waiters.extend(tx.take());
                    true
                }
                _ => false,
            }
        };
        if running {
            return Some(rx);
        }
        self.cancel_fetch(key, AbortReason::Cancelled);
        let (abort, registration) = AbortHandle::new_pair();
        let (id, network_mode) = {
            let mut st = self.st();
            let id = st.next_id();
            let seq = st.seq;
            let st_online = st.online;
            let e = st.entries.get_mut(key)?;
            let network_mode = e.spec.as_ref()?.network_mode;
            // Observers see "fetching" (or "paused") in the same notification that
            // started the fetch, not one task later.
            let status = if network_mode.waits_for_network(true) && !st_online {
                FetchStatus::Paused
            } else {
                FetchStatus::Fetching
            };
            if e.fetch_status != status {
                e.fetch_status = status;
                QueryClient::mark_dirty(&mut st, key);
            }
            let e = st.entries.get_mut(key)?;
            e.in_flight = Some(InFlight {
                id,
                started_seq: seq,
                abort,
                signal: AbortSignal::default(),
                waiters: tx.into_iter().collect(),
            });
            (id, network_mode)
        };
        let weak = self.downgrade();
        let key2 = key.clone();
        let task = async move {
            let mut failures = 0u32;
            let mut attempts = 0u32;
            loop {
                let Some(client) = weak.upgrade() else { return };
                if network_mode.waits_for_network(attempts == 0) && !client.is_online() {
                    client.set_fetch_status(&key2, id, FetchStatus::Paused);
                    let online = client.wait_online();
                    drop(client);
                    if online.await.is_err() {
                        return;
                    }
                    continue;
                }
                attempts += 1;
                let step = client.begin_attempt(&key2, id, attempts);
                let Step::Go(ctx, fetch, retry) = step else {
                    return;
                };
                drop(client);
                let result = fetch(ctx).await;
                let Some(client) = weak.upgrade() else { return };
                match result {
                    Ok(data) => {
                        client.land(&key2, id, Ok(data));
                        return;
                    }
                    Err(err) => {
                        let offline = network_mode.waits_for_network(false) && !client.is_online();
                        if offline && err.info.kind.is_retryable() {
                            continue; // pauses at the top of the loop, without spending a retry
                        }
                        failures += 1;
                        if retry.should_retry(failures, err.info.kind) {
                            let delay = client.batch(|| {
                                let mut st = client.st();
                                if let Some(e) = st.entries.get_mut(&key2) {
                                    e.failure_count = failures;
                                    QueryClient::mark_dirty(&mut st, &key2);
                                }
                                retry.delay(failures, st.jitter.next_f64())
                            });
                            let sleep = client.runtime().executor.sleep(delay);
                            drop(client);
                            sleep.await;
                        } else {
                            client.land(&key2, id, Err((err, failures)));
                            return;
                        }
                    }
                }
            }
        };
        self.runtime().executor.spawn(Box::pin(async move {
            let _ = Abortable::new(task, registration).await;
        }));
        Some(rx)
    }

    fn set_fetch_status(&self, key: &QueryKey, id: u64, status: FetchStatus) {
        self.batch(|| {
            let mut st = self.st();
            if let Some(e) = st.entries.get_mut(key) {
                if e.in_flight.as_ref().is_some_and(|f| f.id == id) && e.fetch_status != status {
                    e.fetch_status = status;
                    QueryClient::mark_dirty(&mut st, key);
                }
            }
        })
    }

    fn begin_attempt(&self, key: &QueryKey, id: u64, attempt: u32) -> Step {
        self.batch(|| {
            let now = self.now();
            let mut st = self.st();
            let seq = st.seq;
            let Some(e) = st.entries.get_mut(key) else {
                return Step::Stop;
            };
            let Some(f) = e.in_flight.as_mut().filter(|f| f.id == id) else {
                return Step::Stop;
            };
            let Some(spec) = e.spec.clone() else {
                return Step::Stop;
            };
            f.started_seq = seq;
            let ctx = FetchContext {
                key: key.clone(),
                signal: f.signal.clone(),
                attempt,
            };
            let changed = e.fetch_status != FetchStatus::Fetching;
            e.fetch_status = FetchStatus::Fetching;
            st.fetches_started += 1;
            if changed {
                QueryClient::mark_dirty(&mut st, key);
            }
            QueryClient::emit_in(&mut st, now, CacheEvent::FetchStarted { key: key.clone() });
            Step::Go(ctx, spec.fetch, spec.retry)
        })
    }

    /// Lands a fetch result. A result older than the entry's last write is dropped: the
    /// write (a mutation's answer, a `set_query_data`) knows more than it does.
    fn land(&self, key: &QueryKey, id: u64, result: Result<AnyRc, (ErasedError, u32)>) {
        let waiters = self.batch(|| {
            let now = self.now();
            let mut st = self.st();
            let seq = st.next_seq();
            let Some(e) = st.entries.get_mut(key) else {
                return Vec::new();
            };
            let Some(flight) = e.in_flight.take_if(|f| f.id == id) else {
                return Vec::new();
            };
            e.fetch_status = FetchStatus::Idle;
            let event = match result {
                Ok(_) if e.last_write_seq > flight.started_seq => {
                    CacheEvent::StaleResponseDropped { key: key.clone() }
                }
                Ok(data) => {
                    let rebased = e.layers.iter().filter(|l| l.committed_at.is_none()).count();
                    e.write_confirmed(data, seq, flight.started_seq, now);
                    CacheEvent::FetchSucceeded {
                        key: key.clone(),
                        rebased_layers: rebased,
                    }
                }
                Err((err, failures)) => {
                    let info = err.info.clone();
                    e.error = Some(err);
                    e.status = QueryStatus::Error;
                    e.error_updated_at = Some(now);
                    e.failure_count = failures;
                    CacheEvent::FetchFailed {
                        key: key.clone(),
                        error: info,
                    }
                }
            };
            QueryClient::mark_dirty(&mut st, key);
            QueryClient::emit_in(&mut st, now, event);
            flight.waiters
        });
        for w in waiters {
            let _ = w.send(());
        }
    }

    /// Cancels the in-flight fetch of `key`; the entry keeps its data and status.
    pub(crate) fn cancel_fetch(&self, key: &QueryKey, _reason: AbortReason) {
        let flight = self.batch(|| {
            let mut st = self.st();
            let e = st.entries.get_mut(key)?;
            let flight = e.in_flight.take()?;
            e.fetch_status = FetchStatus::Idle;
            QueryClient::mark_dirty(&mut st, key);
            Some(flight)
        });
        if let Some(f) = flight {
            f.abort.abort();
            f.signal.abort();
            for w in f.waiters {
                let _ = w.send(());
            }
        }
    }

    /// Fetches a query unless its data is fresh, and returns the data, as TanStack's
    /// `fetchQuery`. Joins a fetch already running for the key.
    ///
    /// ```
    /// use optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let opts = QueryOptions::new(keys!["n"], |_| async { Ok::<_, FetchError>(5_u32) });
    /// let fut = client.fetch_query(&opts);
    /// let out = std::rc::Rc::new(std::cell::RefCell::new(None));
    /// let o = out.clone();
    /// rt.spawn(Box::pin(async move { *o.borrow_mut() = Some(fut.await); }));
    /// rt.run();
    /// assert_eq!(*out.borrow_mut().take().unwrap().unwrap(), 5);
    /// ```
    pub fn fetch_query<T, E>(
        &self,
        options: &crate::observer::QueryOptions<T, E>,
    ) -> LocalBoxFuture<'static, Result<Rc<T>, FetchError<E>>>
    where
        T: 'static,
        E: Clone + fmt::Display + 'static,
    {
        let key = options.key.clone();
        if let Err(e) = self.register_spec(options) {
            return Box::pin(async move { Err(FetchError::Decode(e.to_string())) });
        }
        let fresh = {
            let now = self.now();
            let st = self.st();
            st.entries.get(&key).is_some_and(|e| !e.is_stale(now))
        };
        let rx = if fresh {
            None
        } else {
            self.start_fetch(&key, false)
        };
        let client = self.clone();
        Box::pin(async move {
            if let Some(rx) = rx {
                let _ = rx.await;
            }
            client.read_result::<T, E>(&key)
        })
    }

    /// Starts a fetch of a query that is not fresh, without waiting (TanStack's
    /// `prefetchQuery`).
    ///
    /// ```
    /// use optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// client.prefetch_query(&QueryOptions::new(keys!["n"], |_| async { Ok::<_, FetchError>(1_u8) }));
    /// rt.run();
    /// assert_eq!(*client.get_query_data::<u8>(&keys!["n"]).unwrap().unwrap(), 1);
    /// ```
    pub fn prefetch_query<T, E>(&self, options: &crate::observer::QueryOptions<T, E>)
    where
        T: 'static,
        E: Clone + fmt::Display + 'static,
    {
        // The fetch starts synchronously; nobody needs to await its outcome.
        drop(self.fetch_query(options));
    }

    pub(crate) fn register_spec<T: 'static, E>(
        &self,
        options: &crate::observer::QueryOptions<T, E>,
    ) -> Result<(), crate::error::CacheError> {
        let mut st = self.st();
        let e = self.entry_mut(&mut st, &options.key);
        QueryClient::check_type(e, TypeTag::of::<T>())?;
        let mut spec = options.spec.clone();
        if !options.retry_set {
            spec.retry = self.config().query_retry;
        }
        if !options.network_mode_set {
            spec.network_mode = self.config().network_mode;
        }
        e.spec = Some(spec);
        if let Some(s) = options.stale_time {
            e.stale_time = s;
        }
        if let Some(g) = options.gc_time {
            e.gc_time = g;
        }
        Ok(())
    }

    fn read_result<T: 'static, E: Clone + 'static>(
        &self,
        key: &QueryKey,
    ) -> Result<Rc<T>, FetchError<E>> {
        let mut st = self.st();
        let Some(e) = st.entries.get_mut(key) else {
            return Err(FetchError::Aborted(AbortReason::Removed));
        };
        if e.status == QueryStatus::Error {
            if let Some(err) = &e.error {
                return Err(err.typed());
            }
        }
        match e.visible() {
            Some(d) => d
                .downcast::<T>()
                .map_err(|_| FetchError::Decode("cached data has another type".into())),
            None => Err(FetchError::Aborted(AbortReason::Cancelled)),
        }
    }
}
