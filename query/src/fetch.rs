//! Running a query's fetch: dedupe, pause while offline, retry, cancel, and land the
//! answer unless a newer write makes it stale.

use crate::client::{QueryClient, WeakClient};
use crate::entry::{Entry, ErasedError, FetchStatus, HeldAnswer, QueryStatus, Verdict};
use crate::error::{AbortReason, FetchError};
use crate::event::CacheEvent;
use crate::infinite::PageDirection;
use crate::initial::InitialData;
use crate::key::QueryKey;
use crate::layer::{AnyRc, TypeTag};
use crate::meta::Meta;
use crate::network::NetworkMode;
use crate::notify::Notifier;
use crate::query_options::QueryOptions;
use crate::retry::{Retry, RetryDelay, RetryIf, RetryPolicy};
use crate::retryer::{self, Attempts, Turn};
use crate::runtime::Millis;
use crate::version::VersionSlot;
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
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::AbortSignal;
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
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert!(!yew_optimistic::optimistic_query::AbortSignal::default().is_aborted());
    /// ```
    pub fn is_aborted(&self) -> bool {
        self.0.borrow().aborted
    }

    /// Runs `f` when aborted (at once if it already was).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// let s = yew_optimistic::optimistic_query::AbortSignal::default();
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
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// let s = yew_optimistic::optimistic_query::AbortSignal::default();
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
    /// Where the fetcher reports the version of the data it answers (see
    /// [`set_version`](Self::set_version)).
    pub version: VersionSlot,
    /// The query's [`meta`](crate::QueryOptions::meta), if it has one.
    pub meta: Option<Meta>,
}

impl FetchContext {
    /// Reports the version of the resource this answer describes (a sequence number
    /// that grows with every change the server applies, e.g. from an `ETag` header).
    /// With the versions mutations report
    /// ([`MutationContext::set_version`](crate::MutationContext::set_version)), an
    /// answer that travelled while a write was in flight is reconciled exactly: the
    /// write is in it when the write's version is at most the answer's. A fetcher that
    /// reports none keeps the rules without versions.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// client.prefetch_query(&QueryOptions::new(keys!["todos"], |ctx| async move {
    ///     let (body, etag) = (vec!["milk".to_string()], 7); // read from the response
    ///     ctx.set_version(etag);
    ///     Ok::<_, FetchError>(body)
    /// }));
    /// rt.run();
    /// assert_eq!(client.get_query_data::<Vec<String>>(&keys!["todos"]).unwrap().unwrap().len(), 1);
    /// ```
    pub fn set_version(&self, version: u64) {
        self.version.set(version);
    }
}

/// What an entry's fetcher is handed for one attempt.
pub(crate) struct FetchRequest {
    pub ctx: FetchContext,
    /// The confirmed data when the attempt was sent: an infinite query refetches its
    /// pages from their params, and finds the next page's param in the last page.
    pub current: Option<AnyRc>,
    /// A page to add (an infinite query's `fetch_next_page` / `fetch_previous_page`);
    /// the fetcher then answers with that page alone, merged when it lands.
    pub page: Option<PageDirection>,
}

pub(crate) type ErasedFetcher =
    Rc<dyn Fn(FetchRequest) -> LocalBoxFuture<'static, Result<AnyRc, ErasedError>>>;

/// Puts a fetched page into the confirmed pages (the infinite query's own code); `None`
/// when the confirmed data is not pages of the expected type.
pub(crate) type MergePage = Rc<dyn Fn(Option<AnyRc>, AnyRc, PageDirection) -> Option<AnyRc>>;

/// Turns a full answer into the data to land, given the confirmed data:
/// [`QueryOptions::structural_sharing`](crate::QueryOptions::structural_sharing) builds it
/// out of the confirmed data where they agree; a collection query turns fetched rows into
/// its collection.
pub(crate) type FinishFn = Rc<dyn Fn(Option<&AnyRc>, AnyRc) -> AnyRc>;

/// How to fetch an entry, registered by its observers.
#[derive(Clone)]
pub(crate) struct FetchSpec {
    pub fetch: ErasedFetcher,
    pub retry: RetryPolicy,
    pub retry_if: Option<RetryIf<ErasedError>>,
    pub retry_delay: Option<RetryDelay<ErasedError>>,
    pub network_mode: NetworkMode,
    /// Data the entry starts with when it has none (`initial_data`).
    pub initial: Option<InitialData>,
    /// Set for infinite queries: how a fetched page joins the pages.
    pub merge_page: Option<MergePage>,
    /// The app's own value (`meta`), handed to the fetcher and shown by `inspect`.
    pub meta: Option<Meta>,
    /// How a full answer becomes the data to land.
    pub finish: Option<FinishFn>,
}

impl FetchSpec {
    pub fn new<T, E, F, Fut>(fetcher: F, retry: RetryPolicy, network_mode: NetworkMode) -> Self
    where
        T: 'static,
        E: Clone + fmt::Display + 'static,
        F: Fn(FetchContext) -> Fut + 'static,
        Fut: std::future::Future<Output = Result<T, FetchError<E>>> + 'static,
    {
        let fetch: ErasedFetcher = Rc::new(move |req: FetchRequest| {
            let fut = fetcher(req.ctx);
            Box::pin(async move {
                match fut.await {
                    Ok(t) => Ok(Rc::new(t) as AnyRc),
                    Err(e) => Err(ErasedError::new(e)),
                }
            })
        });
        Self::erased(fetch, retry, network_mode)
    }

    pub fn erased(fetch: ErasedFetcher, retry: RetryPolicy, network_mode: NetworkMode) -> Self {
        FetchSpec {
            fetch,
            retry,
            retry_if: None,
            retry_delay: None,
            network_mode,
            initial: None,
            merge_page: None,
            meta: None,
            finish: None,
        }
    }

    /// The retry decision of one fetch.
    pub fn retry(&self) -> Retry<ErasedError> {
        Retry {
            policy: self.retry,
            when: self.retry_if.clone(),
            delay: self.retry_delay.clone(),
        }
    }
}

pub(crate) struct InFlight {
    pub id: u64,
    /// Where on the cache's timeline the current attempt was sent: its answer is judged
    /// against the writes and sends after it.
    pub started_seq: u64,
    pub abort: AbortHandle,
    pub signal: AbortSignal,
    pub waiters: Vec<oneshot::Sender<()>>,
    /// The page it adds, for an infinite query's page fetch; `None` for a (re)fetch.
    pub page: Option<PageDirection>,
    /// Where the current attempt's fetcher reports its answer's version.
    pub version: VersionSlot,
    /// Whether accepted changes waited for the server's copy (succeeded layers) when the
    /// current attempt was sent: a page is asked for after the confirmed pages, which
    /// lack them, so it may hold them.
    pub accepted_waiting: bool,
}

impl InFlight {
    /// Stops the request; the signal's callbacks are user code, so call this with no
    /// borrow held.
    fn abort(self) -> Vec<oneshot::Sender<()>> {
        self.abort.abort();
        self.signal.abort();
        self.waiters
    }
}

/// What the retry loop needs to fetch one entry.
struct FetchAttempts {
    client: WeakClient,
    key: QueryKey,
    id: u64,
    network_mode: NetworkMode,
}

impl FetchAttempts {
    fn client(&self) -> Option<QueryClient> {
        self.client.upgrade()
    }
}

impl Attempts for FetchAttempts {
    fn turn(&mut self, first: bool) -> Turn {
        let Some(client) = self.client() else {
            return Turn::Stop;
        };
        if !self.network_mode.waits_for_network(first) || client.is_online() {
            return Turn::Go;
        }
        client.set_fetch_status(&self.key, self.id, FetchStatus::Paused);
        let online = client.wait_online();
        Turn::Wait(Box::pin(async move { online.await.is_ok() }))
    }

    fn attempt(
        &mut self,
        attempt: u32,
    ) -> Option<LocalBoxFuture<'static, Result<AnyRc, ErasedError>>> {
        let client = self.client()?;
        let (request, fetch) = client.begin_attempt(&self.key, self.id, attempt)?;
        // The fetcher is user code: called with no borrow held.
        Some(fetch(request))
    }

    fn lost_network(&self) -> bool {
        self.network_mode.waits_for_network(false) && self.client().is_some_and(|c| !c.is_online())
    }

    fn failed(&mut self, failures: u32, error: &ErasedError) -> bool {
        let Some(client) = self.client() else {
            return false;
        };
        client.batch(|| {
            let mut guard = client.st();
            let st = &mut *guard;
            if let Some(e) = st.queries.entries.get_mut(&self.key) {
                if e.in_flight.as_ref().is_some_and(|f| f.id == self.id) {
                    e.failure_count = failures;
                    let old = e.failure_reason.replace(error.clone());
                    st.notify.bury(old);
                    QueryClient::mark_dirty(st, &self.key);
                }
            }
        });
        true
    }

    fn random(&mut self) -> f64 {
        self.client().map_or(0.0, |c| c.st().jitter.next_f64())
    }

    fn sleep(&self, ms: Millis) -> LocalBoxFuture<'static, ()> {
        match self.client() {
            Some(c) => c.runtime().executor.sleep(ms),
            None => Box::pin(async {}),
        }
    }
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
        self.start_fetch_for(key, restart, None, vec![tx])?;
        Some(rx)
    }

    /// Fetches one more page of an infinite query in `direction`. A fetch already
    /// running is joined instead (TanStack's `cancelRefetch: false`): a refetch brings
    /// every page anew, and two clicks on "load more" fetch one page. Without data yet,
    /// this is the first load.
    pub(crate) fn fetch_page(
        &self,
        key: &QueryKey,
        direction: PageDirection,
    ) -> Option<oneshot::Receiver<()>> {
        let (tx, rx) = oneshot::channel();
        self.start_fetch_for(key, false, Some(direction), vec![tx])?;
        Some(rx)
    }

    /// [`start_fetch`](Self::start_fetch) on behalf of `waiters`; `None` (and the waiters
    /// told at once) when there is no fetcher.
    fn start_fetch_for(
        &self,
        key: &QueryKey,
        restart: bool,
        page: Option<PageDirection>,
        mut waiters: Vec<oneshot::Sender<()>>,
    ) -> Option<()> {
        let (abort, registration) = AbortHandle::new_pair();
        let started = self.batch(|| {
            let mut guard = self.st();
            let st = &mut *guard;
            let seq = st.queries.seq();
            let online = st.network.online;
            let id = st.next_id();
            let Some(e) = st.queries.entries.get_mut(key) else {
                return Err(waiters);
            };
            let Some(spec) = e.spec.as_ref() else {
                return Err(waiters);
            };
            let (retry, network_mode) = (spec.retry(), spec.network_mode);
            // Only pages of an infinite query can be added to; with no pages yet, the
            // first load is what is asked.
            let page = page.filter(|_| spec.merge_page.is_some() && e.confirmed.is_some());
            let mut replaced = None;
            if let Some(f) = &mut e.in_flight {
                // A fetch sent after the last change already sees everything, and a first
                // load is shared rather than cancelled (its waiters would get nothing).
                if !restart || f.started_seq == seq || e.confirmed.is_none() {
                    f.waiters.append(&mut waiters);
                    return Ok(None);
                }
                replaced = e.in_flight.take();
            }
            if let Some(old) = &mut replaced {
                // The restarted fetch answers whoever waited for the old one.
                waiters.append(&mut old.waiters);
            }
            // Observers see "fetching" (or "paused") in the same notification that
            // started the fetch, not one task later.
            let status = if network_mode.waits_for_network(true) && !online {
                FetchStatus::Paused
            } else {
                FetchStatus::Fetching
            };
            e.fetch_status = status;
            e.in_flight = Some(InFlight {
                id,
                started_seq: seq,
                abort,
                signal: AbortSignal::default(),
                waiters,
                page,
                version: VersionSlot::default(),
                accepted_waiting: false,
            });
            // A new fetch starts counting its failures afresh, as TanStack's.
            e.failure_count = 0;
            let reason = e.failure_reason.take();
            st.notify.bury(reason);
            QueryClient::mark_dirty(st, key);
            Ok(Some((id, retry, network_mode, replaced)))
        });
        let (id, retry, network_mode, replaced) = match started {
            Err(waiters) => {
                drop(waiters);
                return None;
            }
            Ok(None) => return Some(()),
            Ok(Some(s)) => s,
        };
        if let Some(old) = replaced {
            old.abort();
        }
        let attempts = FetchAttempts {
            client: self.downgrade(),
            key: key.clone(),
            id,
            network_mode,
        };
        let weak = self.downgrade();
        let key = key.clone();
        let task = async move {
            let mut attempts = attempts;
            let Some(result) = retryer::run(&mut attempts, retry).await else {
                return;
            };
            if let Some(client) = weak.upgrade() {
                client.land(&key, id, result);
            }
        };
        self.runtime().executor.spawn(Box::pin(async move {
            let _ = Abortable::new(task, registration).await;
        }));
        Some(())
    }

    fn set_fetch_status(&self, key: &QueryKey, id: u64, status: FetchStatus) {
        self.batch(|| {
            let mut st = self.st();
            if let Some(e) = st.queries.entries.get_mut(key) {
                if e.in_flight.as_ref().is_some_and(|f| f.id == id) && e.fetch_status != status {
                    e.fetch_status = status;
                    QueryClient::mark_dirty(&mut st, key);
                }
            }
        })
    }

    /// Marks an attempt as sent now and hands out what to call.
    fn begin_attempt(
        &self,
        key: &QueryKey,
        id: u64,
        attempt: u32,
    ) -> Option<(FetchRequest, ErasedFetcher)> {
        self.batch(|| {
            let now = self.now();
            let mut guard = self.st();
            let st = &mut *guard;
            let seq = st.next_seq();
            let e = st.queries.entries.get_mut(key)?;
            let f = e.in_flight.as_mut().filter(|f| f.id == id)?;
            let fetch = e.spec.as_ref()?.fetch.clone();
            f.started_seq = seq;
            // A fresh slot per attempt: a failed attempt's version says nothing.
            f.version = VersionSlot::default();
            f.accepted_waiting = e.layers.iter().any(|l| l.committed_at.is_some());
            let request = FetchRequest {
                ctx: FetchContext {
                    key: key.clone(),
                    signal: f.signal.clone(),
                    attempt,
                    version: f.version.clone(),
                    meta: e.spec.as_ref().and_then(|s| s.meta.clone()),
                },
                current: e.confirmed.clone(),
                page: f.page,
            };
            e.prune_writes();
            let changed = e.fetch_status != FetchStatus::Fetching;
            e.fetch_status = FetchStatus::Fetching;
            st.queries.fetches_started += 1;
            if changed {
                QueryClient::mark_dirty(st, key);
            }
            QueryClient::emit_in(st, now, CacheEvent::FetchStarted { key: key.clone() });
            Some((request, fetch))
        })
    }

    /// Lands a fetch result, unless the cache knows better than the answer:
    /// - an explicit write (`set_query_data`) after the request was sent is newer;
    /// - a mutation of this key sent before the answer came and not settled before the
    ///   request went out may or may not be in it. Folding a pending layer onto data
    ///   that already holds its change would apply it twice (a push shown twice), and an
    ///   answer that predates a success would erase it. Such an answer is held until
    ///   those writes settle and then judged ([`Entry::judge`](crate::entry::Entry)):
    ///   shown rebased, or dropped and the query fetched again once no write to it is in
    ///   flight.
    ///
    /// An error answer (and a page of an infinite query) overlapping a write is dropped,
    /// not held: a 404 racing the item's create says nothing once the create landed.
    fn land(&self, key: &QueryKey, id: u64, result: Result<AnyRc, ErasedError>) {
        let (result, merged_onto) = self.merge_page_answer(key, id, result);
        let result = self.finish_answer(key, id, result);
        let (flight, refetch) = self.batch(|| {
            let now = self.now();
            let mut guard = self.st();
            let st = &mut *guard;
            let seq = st.next_seq();
            let Some(e) = st.queries.entries.get_mut(key) else {
                return (None, false);
            };
            let Some(flight) = e.in_flight.take_if(|f| f.id == id) else {
                return (None, false);
            };
            e.fetch_status = FetchStatus::Idle;
            // A page merged onto pages that changed meanwhile would drop the change.
            let base_moved = merged_onto
                .as_ref()
                .is_some_and(|base| !same_data(base.as_ref(), e.confirmed.as_ref()));
            let event = match result {
                Ok(data) if e.last_write_seq > flight.started_seq || base_moved => {
                    st.notify.bury(data);
                    CacheEvent::StaleResponseDropped { key: key.clone() }
                }
                Ok(data) if flight.page.is_some() => {
                    // A page asked for while accepted changes waited for the server's
                    // copy may hold them, and their layers stay on top of it or fold
                    // into the pages: merged, such a change could show twice. The pages
                    // are read again instead, which retires them.
                    if e.overlaps_write(flight.started_seq) || flight.accepted_waiting {
                        e.refetch_after_writes = true;
                        st.notify.bury(data);
                        CacheEvent::UncertainResponseDropped { key: key.clone() }
                    } else {
                        let rebased = e.layers.iter().filter(|l| l.committed_at.is_none()).count();
                        // One more page is not the server's copy of the others: succeeded
                        // layers still wait for it.
                        let replaced = e.add_confirmed_page(data, seq, now);
                        st.notify.bury(replaced);
                        CacheEvent::FetchSucceeded {
                            key: key.clone(),
                            rebased_layers: rebased,
                        }
                    }
                }
                Ok(data) => {
                    let held = HeldAnswer {
                        data,
                        started_seq: flight.started_seq,
                        version: flight.version.get(),
                        overlapping: e.overlapping(flight.started_seq),
                    };
                    Self::judge_answer(e, &mut st.notify, held, seq, now)
                }
                // An error is an answer too: one older than the cache's last write, or
                // overlapping a write, says nothing about what the server holds now (a
                // 404 of an item whose create was in flight), so it is dropped like data.
                Err(err) if e.last_write_seq > flight.started_seq => {
                    st.notify.bury(err);
                    CacheEvent::StaleResponseDropped { key: key.clone() }
                }
                // Every overlapping write counts here, idempotent ones too: their layer
                // on top makes a data answer right either way, but an error has no data
                // to put it on (a 404 racing an idempotent create).
                Err(err) if !e.overlapping(flight.started_seq).is_empty() => {
                    e.refetch_after_writes = true;
                    st.notify.bury(err);
                    CacheEvent::UncertainResponseDropped { key: key.clone() }
                }
                Err(err) => {
                    let info = err.info.clone();
                    e.error = Some(err);
                    e.status = QueryStatus::Error;
                    e.error_updated_at = Some(now);
                    CacheEvent::FetchFailed {
                        key: key.clone(),
                        error: info,
                    }
                }
            };
            e.prune_writes();
            let refetch = e.refetch_after_writes
                && !e.has_open_writes()
                && (e.has_enabled_observer() || !flight.waiters.is_empty());
            if refetch {
                e.refetch_after_writes = false;
            }
            QueryClient::mark_dirty(st, key);
            QueryClient::emit_in(st, now, event);
            (Some(flight), refetch)
        });
        let Some(flight) = flight else { return };
        let waiters = flight.waiters;
        if refetch {
            self.start_fetch_for(key, false, None, waiters);
        } else {
            for w in waiters {
                let _ = w.send(());
            }
        }
    }

    /// A full answer made into the data to land (the query's `finish`: its structural
    /// sharing, or a collection built from rows), run with no borrow held. A shared answer
    /// equals the answer, so landing judges it exactly as the answer.
    fn finish_answer(
        &self,
        key: &QueryKey,
        id: u64,
        result: Result<AnyRc, ErasedError>,
    ) -> Result<AnyRc, ErasedError> {
        let Ok(answer) = result else {
            return result;
        };
        let job = {
            let st = self.st();
            st.queries.entries.get(key).and_then(|e| {
                let flight = e.in_flight.as_ref().filter(|f| f.id == id)?;
                if flight.page.is_some() {
                    return None;
                }
                Some((e.confirmed.clone(), e.spec.as_ref()?.finish.clone()?))
            })
        };
        let Some((confirmed, finish)) = job else {
            return Ok(answer);
        };
        let done = finish(confirmed.as_ref(), answer);
        drop(confirmed);
        Ok(done)
    }

    /// An infinite query's page answer, merged into the pages the cache holds now; the
    /// merge clones the app's pages, so it runs with no borrow held. Also returns the
    /// pages it was merged onto, so that landing can tell whether they changed since.
    fn merge_page_answer(
        &self,
        key: &QueryKey,
        id: u64,
        result: Result<AnyRc, ErasedError>,
    ) -> (Result<AnyRc, ErasedError>, Option<Option<AnyRc>>) {
        let Ok(piece) = result else {
            return (result, None);
        };
        let job = {
            let st = self.st();
            st.queries.entries.get(key).and_then(|e| {
                let direction = e.in_flight.as_ref().filter(|f| f.id == id)?.page?;
                let merge = e.spec.as_ref()?.merge_page.clone()?;
                Some((e.confirmed.clone(), merge, direction))
            })
        };
        let Some((base, merge, direction)) = job else {
            return (Ok(piece), None);
        };
        let merged = merge(base.clone(), piece, direction).ok_or_else(|| {
            ErasedError::new(FetchError::<String>::Decode(
                "the cached data is not this infinite query's pages".into(),
            ))
        });
        (merged, Some(base))
    }

    /// Shows, holds or drops an answer that may overlap writes, by
    /// [`Entry::judge`](crate::entry::Entry); returns the event that says which. A newer
    /// answer shown or held replaces the one held before.
    fn judge_answer(
        e: &mut Entry,
        notify: &mut Notifier,
        held: HeldAnswer,
        seq: u64,
        now: Millis,
    ) -> CacheEvent {
        let key = e.key.clone();
        match e.judge(held.version, &held.overlapping) {
            Verdict::Show { includes, exact } => {
                let older = e.held.take();
                notify.bury(older);
                let replaced = e.write_answer(held.data, seq, held.started_seq, &includes, now);
                notify.bury(replaced);
                if !exact {
                    // Shown now (bounded staleness), made exact by a read once no write
                    // to the key is in flight.
                    e.refetch_after_writes = true;
                } else if !e.has_open_writes() && !e.layers.iter().any(|l| l.committed_at.is_some())
                {
                    // Writes still in flight may land in another order than their
                    // layers: that question stays open until they settle. So does it
                    // while succeeded writes the answer does not hold stay on top: they
                    // are in the user's order, not necessarily the server's.
                    e.refetch_after_writes = false;
                }
                let rebased = e.layers.iter().filter(|l| l.committed_at.is_none()).count();
                CacheEvent::FetchSucceeded {
                    key,
                    rebased_layers: rebased,
                }
            }
            Verdict::Wait => {
                let older = e.held.replace(held);
                notify.bury(older);
                CacheEvent::ResponseHeld { key }
            }
            Verdict::Drop => {
                e.refetch_after_writes = true;
                notify.bury(held);
                CacheEvent::UncertainResponseDropped { key }
            }
        }
    }

    /// Judges the held answers of `keys` again (a write they may include settled), then
    /// fetches again the keys whose answers were dropped while a write was in flight,
    /// now that none is (called after a mutation settles).
    pub(crate) fn refetch_after_writes(&self, keys: &[QueryKey]) {
        self.batch(|| {
            let now = self.now();
            let mut guard = self.st();
            let st = &mut *guard;
            for k in keys {
                if st.queries.entries.get(k).is_none_or(|e| e.held.is_none()) {
                    continue;
                }
                let seq = st.next_seq();
                let Some(e) = st.queries.entries.get_mut(k) else {
                    continue;
                };
                let Some(held) = e.held.take() else { continue };
                let event = Self::judge_answer(e, &mut st.notify, held, seq, now);
                if !matches!(event, CacheEvent::ResponseHeld { .. }) {
                    e.prune_writes();
                    QueryClient::mark_dirty(st, k);
                    QueryClient::emit_in(st, now, event);
                }
            }
        });
        let due: Vec<QueryKey> = {
            let mut st = self.st();
            keys.iter()
                .filter(|k| {
                    st.queries.entries.get_mut(*k).is_some_and(|e| {
                        let due = e.refetch_after_writes
                            && !e.has_open_writes()
                            && e.in_flight.is_none()
                            && e.has_enabled_observer();
                        if due {
                            e.refetch_after_writes = false;
                        }
                        due
                    })
                })
                .cloned()
                .collect()
        };
        for k in due {
            self.start_fetch(&k, false);
        }
    }

    /// Cancels the in-flight fetch of `key`; the entry keeps its data and status.
    pub(crate) fn cancel_fetch(&self, key: &QueryKey, _reason: AbortReason) {
        let flight = self.batch(|| {
            let mut st = self.st();
            let e = st.queries.entries.get_mut(key)?;
            let flight = e.in_flight.take()?;
            e.fetch_status = FetchStatus::Idle;
            e.prune_writes();
            QueryClient::mark_dirty(&mut st, key);
            Some(flight)
        });
        if let Some(f) = flight {
            for w in f.abort() {
                let _ = w.send(());
            }
        }
    }

    /// Fetches a query unless its data is fresh, and returns the data, as TanStack's
    /// `fetchQuery`. Joins a fetch already running for the key.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryOptions};
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
        options: &QueryOptions<T, E>,
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
            st.queries
                .entries
                .get(&key)
                .is_some_and(|e| !e.is_stale(now))
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

    /// The query's cached data if there is some, else fetched, as TanStack's
    /// `ensureQueryData`: a route loader's way to have data before rendering without
    /// refetching what is cached. Cached data that is stale is returned as it is, and
    /// refetched in the background when the options say
    /// [`revalidate_if_stale`](QueryOptions::revalidate_if_stale). The cached data is
    /// what observers see (optimistic layers included).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryOptions};
    /// use std::{cell::RefCell, rc::Rc};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let opts = QueryOptions::new(keys!["n"], |_| async { Ok::<_, FetchError>(5_u32) });
    /// let out = Rc::new(RefCell::new(Vec::new()));
    /// for _ in 0..2 {
    ///     let (fut, o) = (client.ensure_query_data(&opts), out.clone());
    ///     rt.spawn(Box::pin(async move { o.borrow_mut().push(*fut.await.unwrap()) }));
    ///     rt.run();
    /// }
    /// assert_eq!(*out.borrow(), vec![5, 5]);
    /// assert_eq!(client.fetch_count(), 1, "the second call used the cache");
    /// ```
    pub fn ensure_query_data<T, E>(
        &self,
        options: &QueryOptions<T, E>,
    ) -> LocalBoxFuture<'static, Result<Rc<T>, FetchError<E>>>
    where
        T: 'static,
        E: Clone + fmt::Display + 'static,
    {
        if let Err(e) = self.register_spec(options) {
            return Box::pin(async move { Err(FetchError::Decode(e.to_string())) });
        }
        let key = options.key.clone();
        let cached = match self.get_query_data::<T>(&key) {
            Ok(Some(data)) => data,
            _ => return self.fetch_query(options),
        };
        let stale = {
            let now = self.now();
            let st = self.st();
            st.queries
                .entries
                .get(&key)
                .is_some_and(|e| e.is_stale(now))
        };
        if stale && options.revalidate_if_stale {
            self.batch(|| self.start_fetch(&key, false));
        }
        Box::pin(async move { Ok(cached) })
    }

    /// Starts a fetch of a query that is not fresh, without waiting (TanStack's
    /// `prefetchQuery`).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// client.prefetch_query(&QueryOptions::new(keys!["n"], |_| async { Ok::<_, FetchError>(1_u8) }));
    /// rt.run();
    /// assert_eq!(*client.get_query_data::<u8>(&keys!["n"]).unwrap().unwrap(), 1);
    /// ```
    pub fn prefetch_query<T, E>(&self, options: &QueryOptions<T, E>)
    where
        T: 'static,
        E: Clone + fmt::Display + 'static,
    {
        // The fetch starts synchronously; nobody needs to await its outcome.
        drop(self.fetch_query(options));
    }

    /// Registers the options' fetcher and timings on the entry; the fetcher it replaces
    /// is dropped after the borrow.
    pub(crate) fn register_spec<T: 'static, E>(
        &self,
        options: &QueryOptions<T, E>,
    ) -> Result<crate::defaults::DefaultFlags, crate::error::CacheError> {
        self.register_erased(
            &options.key,
            options.spec_to_register(),
            TypeTag::of::<T>(),
            (options.stale_time, options.gc_time),
            (options.retry_set, options.network_mode_set),
        )
    }

    /// [`register_spec`](Self::register_spec) once the types are known: one function for
    /// every query type. What the options leave unset comes from the key's defaults,
    /// then the client's config; returns the observer flags' defaults.
    fn register_erased(
        &self,
        key: &QueryKey,
        mut spec: FetchSpec,
        tag: TypeTag,
        times: (Option<Millis>, Option<Millis>),
        (retry_set, network_mode_set): (bool, bool),
    ) -> Result<crate::defaults::DefaultFlags, crate::error::CacheError> {
        if !retry_set {
            spec.retry = self.config().query_retry;
        }
        if !network_mode_set {
            spec.network_mode = self.config().network_mode;
        }
        // The key's defaults over the config (no code of theirs without a table).
        let table = self.st().defaults.clone();
        let ((stale_time, gc_time), flags) = match table {
            Some(t) => t.fill_query(key, &mut spec, (retry_set, network_mode_set), times),
            None => (times, crate::defaults::DefaultFlags::default()),
        };
        self.batch(|| {
            {
                let mut guard = self.st();
                let st = &mut *guard;
                let e = self.entry_mut(st, key);
                QueryClient::check_type(e, tag)?;
                let old = e.spec.replace(spec);
                if let Some(s) = stale_time {
                    e.stale_time = s;
                }
                if let Some(g) = gc_time {
                    e.gc_time = g;
                }
                st.notify.bury(old);
            }
            self.seed_initial_data(key);
            Ok(flags)
        })
    }

    fn read_result<T: 'static, E: Clone + 'static>(
        &self,
        key: &QueryKey,
    ) -> Result<Rc<T>, FetchError<E>> {
        let error = {
            let st = self.st();
            let Some(e) = st.queries.entries.get(key) else {
                return Err(FetchError::Aborted(AbortReason::Removed));
            };
            (e.status == QueryStatus::Error)
                .then(|| e.error.as_ref().map(|err| err.typed()))
                .flatten()
        };
        if let Some(err) = error {
            return Err(err);
        }
        match self.visible_of(key) {
            Some(d) => d
                .downcast::<T>()
                .map_err(|_| FetchError::Decode("cached data has another type".into())),
            None => Err(FetchError::Aborted(AbortReason::Cancelled)),
        }
    }
}

/// Whether two slots hold the same data object.
fn same_data(a: Option<&AnyRc>, b: Option<&AnyRc>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Rc::ptr_eq(a, b),
        (None, None) => true,
        _ => false,
    }
}
