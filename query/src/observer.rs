//! Query options and observers: an observer selects part of an entry and is notified only
//! when what it selected changed.

use crate::client::{Listener, QueryClient};
use crate::entry::{EntryView, FetchStatus, QueryStatus};
use crate::error::{CacheError, FetchError};
use crate::fetch::{FetchContext, FetchSpec};
use crate::key::QueryKey;
use crate::layer::AnyRc;
use crate::network::NetworkMode;
use crate::retry::RetryPolicy;
use crate::runtime::Millis;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::future::Future;
use std::rc::Rc;

/// How to fetch and keep one query, as TanStack's `useQuery` options.
///
/// ```
/// use optimistic_query::{keys, FetchError, QueryOptions};
/// let opts = QueryOptions::new(keys!["todos"], |_ctx| async { Ok::<_, FetchError>(vec![1, 2]) })
///     .stale_time(10_000)
///     .enabled(true);
/// assert_eq!(opts.key(), &keys!["todos"]);
/// ```
pub struct QueryOptions<T, E = String> {
    pub(crate) key: QueryKey,
    pub(crate) spec: FetchSpec,
    /// Whether `retry` / `network_mode` were set here, or come from the client's config.
    pub(crate) retry_set: bool,
    pub(crate) network_mode_set: bool,
    pub(crate) enabled: bool,
    pub(crate) stale_time: Option<Millis>,
    pub(crate) gc_time: Option<Millis>,
    pub(crate) refetch_on_window_focus: bool,
    pub(crate) refetch_on_reconnect: bool,
    pub(crate) refetch_interval: Option<Millis>,
    pub(crate) placeholder: Option<Rc<T>>,
    pub(crate) notify_on: NotifyOn,
    _error: std::marker::PhantomData<E>,
}

impl<T, E> Clone for QueryOptions<T, E> {
    fn clone(&self) -> Self {
        QueryOptions {
            key: self.key.clone(),
            spec: self.spec.clone(),
            retry_set: self.retry_set,
            network_mode_set: self.network_mode_set,
            enabled: self.enabled,
            stale_time: self.stale_time,
            gc_time: self.gc_time,
            refetch_on_window_focus: self.refetch_on_window_focus,
            refetch_on_reconnect: self.refetch_on_reconnect,
            refetch_interval: self.refetch_interval,
            placeholder: self.placeholder.clone(),
            notify_on: self.notify_on,
            _error: std::marker::PhantomData,
        }
    }
}

impl<T: 'static, E: Clone + fmt::Display + 'static> QueryOptions<T, E> {
    /// Options for `key`, fetched by `fetcher`.
    ///
    /// ```
    /// use optimistic_query::{keys, FetchError, QueryOptions};
    /// let _ = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) });
    /// ```
    pub fn new<F, Fut>(key: QueryKey, fetcher: F) -> Self
    where
        F: Fn(FetchContext) -> Fut + 'static,
        Fut: Future<Output = Result<T, FetchError<E>>> + 'static,
    {
        QueryOptions {
            key,
            spec: FetchSpec::new(fetcher, RetryPolicy::default(), NetworkMode::Online),
            retry_set: false,
            network_mode_set: false,
            enabled: true,
            stale_time: None,
            gc_time: None,
            refetch_on_window_focus: true,
            refetch_on_reconnect: true,
            refetch_interval: None,
            placeholder: None,
            notify_on: NotifyOn::All,
            _error: std::marker::PhantomData,
        }
    }
}

impl<T, E> QueryOptions<T, E> {
    /// The key.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) });
    /// assert_eq!(o.key(), &keys!["n"]);
    /// ```
    pub fn key(&self) -> &QueryKey {
        &self.key
    }

    /// Whether the query fetches at all (a dependent query waits with `false`).
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).enabled(false);
    /// ```
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }

    /// How long fetched data counts as fresh.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).stale_time(60_000);
    /// ```
    pub fn stale_time(mut self, ms: Millis) -> Self {
        self.stale_time = Some(ms);
        self
    }

    /// How long the entry is kept once nobody observes it.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).gc_time(0);
    /// ```
    pub fn gc_time(mut self, ms: Millis) -> Self {
        self.gc_time = Some(ms);
        self
    }

    /// Retry policy of the fetch (default: the client's `query_retry`).
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions, RetryPolicy};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).retry(RetryPolicy::never());
    /// ```
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.spec.retry = retry;
        self.retry_set = true;
        self
    }

    /// Network mode of the fetch (default: the client's `network_mode`).
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, NetworkMode, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).network_mode(NetworkMode::Always);
    /// ```
    pub fn network_mode(mut self, mode: NetworkMode) -> Self {
        self.spec.network_mode = mode;
        self.network_mode_set = true;
        self
    }

    /// Refetch stale data when the window regains focus (default `true`).
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).refetch_on_window_focus(false);
    /// ```
    pub fn refetch_on_window_focus(mut self, on: bool) -> Self {
        self.refetch_on_window_focus = on;
        self
    }

    /// Refetch stale data when the network comes back (default `true`).
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).refetch_on_reconnect(false);
    /// ```
    pub fn refetch_on_reconnect(mut self, on: bool) -> Self {
        self.refetch_on_reconnect = on;
        self
    }

    /// Refetch every `ms` while observed.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).refetch_interval(5_000);
    /// ```
    pub fn refetch_interval(mut self, ms: Millis) -> Self {
        self.refetch_interval = Some(ms).filter(|ms| *ms > 0);
        self
    }

    /// Data shown while there is none yet; never written to the cache.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).placeholder_data(0);
    /// ```
    pub fn placeholder_data(mut self, data: T) -> Self {
        self.placeholder = Some(Rc::new(data));
        self
    }

    /// Which changes notify observers; [`NotifyOn::Data`] ignores fetch-status changes, so
    /// a refetch that returns equal data notifies nobody.
    ///
    /// ```
    /// # use optimistic_query::{keys, FetchError, NotifyOn, QueryOptions};
    /// let o = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }).notify_on(NotifyOn::Data);
    /// ```
    pub fn notify_on(mut self, notify_on: NotifyOn) -> Self {
        self.notify_on = notify_on;
        self
    }
}

/// Which changes of a query's result notify an observer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NotifyOn {
    /// Any field of the result.
    #[default]
    All,
    /// Only the selected data, the error and the status; not fetch status or timestamps.
    Data,
}

/// What an observer reads: the selected data and the query's state.
///
/// ```
/// use optimistic_query::{QueryResult, QueryStatus};
/// let r: QueryResult<u8, String> = QueryResult::default();
/// assert_eq!(r.status, QueryStatus::Pending);
/// assert!(r.is_pending() && !r.is_fetching());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct QueryResult<S, E = String> {
    /// The selected data (placeholder data while there is none).
    pub data: Option<S>,
    /// The last error.
    pub error: Option<FetchError<E>>,
    /// Whether there is data.
    pub status: QueryStatus,
    /// Whether a fetch runs.
    pub fetch_status: FetchStatus,
    /// When data last arrived.
    pub data_updated_at: Option<Millis>,
    /// When the last error arrived.
    pub error_updated_at: Option<Millis>,
    /// Consecutive failures of the current or last fetch.
    pub failure_count: u32,
    /// Whether `data` is placeholder data.
    pub is_placeholder: bool,
    /// Whether pending optimistic changes are part of `data`.
    pub is_optimistic: bool,
    /// Whether the query was invalidated and not yet refetched.
    pub is_invalidated: bool,
}

impl<S, E> Default for QueryResult<S, E> {
    fn default() -> Self {
        QueryResult {
            data: None,
            error: None,
            status: QueryStatus::Pending,
            fetch_status: FetchStatus::Idle,
            data_updated_at: None,
            error_updated_at: None,
            failure_count: 0,
            is_placeholder: false,
            is_optimistic: false,
            is_invalidated: false,
        }
    }
}

impl<S, E> QueryResult<S, E> {
    /// No data yet.
    ///
    /// ```
    /// assert!(optimistic_query::QueryResult::<u8>::default().is_pending());
    /// ```
    pub fn is_pending(&self) -> bool {
        self.status == QueryStatus::Pending
    }
    /// No data yet and a first fetch is running (TanStack's `isLoading`).
    ///
    /// ```
    /// assert!(!optimistic_query::QueryResult::<u8>::default().is_loading());
    /// ```
    pub fn is_loading(&self) -> bool {
        self.is_pending() && self.fetch_status == FetchStatus::Fetching
    }
    /// A fetch is running (first load or background refetch).
    ///
    /// ```
    /// assert!(!optimistic_query::QueryResult::<u8>::default().is_fetching());
    /// ```
    pub fn is_fetching(&self) -> bool {
        self.fetch_status == FetchStatus::Fetching
    }
    /// A fetch waits for the network.
    ///
    /// ```
    /// assert!(!optimistic_query::QueryResult::<u8>::default().is_paused());
    /// ```
    pub fn is_paused(&self) -> bool {
        self.fetch_status == FetchStatus::Paused
    }
    /// Data arrived.
    ///
    /// ```
    /// assert!(!optimistic_query::QueryResult::<u8>::default().is_success());
    /// ```
    pub fn is_success(&self) -> bool {
        self.status == QueryStatus::Success
    }
    /// The last fetch failed.
    ///
    /// ```
    /// assert!(!optimistic_query::QueryResult::<u8>::default().is_error());
    /// ```
    pub fn is_error(&self) -> bool {
        self.status == QueryStatus::Error
    }
}

/// The cache's view of an observer, without its types.
pub(crate) trait ErasedObserver {
    /// Recomputes the result from `view`; returns the listener if the result changed.
    /// The data the observer held before goes to `retired`, to be freed after the
    /// listeners ran rather than on the notification path.
    fn update(&self, view: &EntryView, retired: &mut Vec<AnyRc>) -> Option<Listener>;
    fn enabled(&self) -> bool;
    fn refetch_on_focus(&self) -> bool;
    fn refetch_on_reconnect(&self) -> bool;
}

type Select<T, S> = Rc<dyn Fn(&Rc<T>) -> S>;

struct ObserverCell<T, E, S> {
    select: RefCell<Select<T, S>>,
    notify_on: Cell<NotifyOn>,
    enabled: Cell<bool>,
    on_focus: Cell<bool>,
    on_reconnect: Cell<bool>,
    placeholder: RefCell<Option<Rc<T>>>,
    last_input: RefCell<Option<AnyRc>>,
    result: RefCell<QueryResult<S, E>>,
    listener: RefCell<Option<Listener>>,
}

impl<T: 'static, E: Clone + PartialEq + 'static, S: Clone + PartialEq + 'static>
    ObserverCell<T, E, S>
{
    fn compute(&self, view: &EntryView, retired: &mut Vec<AnyRc>) -> QueryResult<S, E> {
        let same_input = match (&*self.last_input.borrow(), &view.data) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        let typed = view.data.clone().and_then(|d| d.downcast::<T>().ok());
        let (data, is_placeholder) = match typed {
            // Selecting is skipped when the entry's data object did not change.
            Some(_)
                if same_input
                    && !self.result.borrow().is_placeholder
                    && self.result.borrow().data.is_some() =>
            {
                (self.result.borrow().data.clone(), false)
            }
            Some(t) => (Some((self.select.borrow())(&t)), false),
            None => match &*self.placeholder.borrow() {
                Some(p) => (Some((self.select.borrow())(p)), true),
                None => (None, false),
            },
        };
        let old = self.last_input.replace(view.data.clone());
        retired.extend(old);
        let error = view.error.as_ref().map(|e| e.typed());
        QueryResult {
            data,
            error,
            status: view.status,
            fetch_status: view.fetch_status,
            data_updated_at: view.data_updated_at,
            error_updated_at: view.error_updated_at,
            failure_count: view.failure_count,
            is_placeholder,
            is_optimistic: view.pending_layers > 0,
            is_invalidated: view.invalidated,
        }
    }
}

impl<T: 'static, E: Clone + PartialEq + 'static, S: Clone + PartialEq + 'static> ErasedObserver
    for ObserverCell<T, E, S>
{
    fn update(&self, view: &EntryView, retired: &mut Vec<AnyRc>) -> Option<Listener> {
        let next = self.compute(view, retired);
        let changed = {
            let prev = self.result.borrow();
            match self.notify_on.get() {
                NotifyOn::All => *prev != next,
                NotifyOn::Data => {
                    prev.data != next.data || prev.error != next.error || prev.status != next.status
                }
            }
        };
        *self.result.borrow_mut() = next;
        if changed {
            self.listener.borrow().clone()
        } else {
            None
        }
    }
    fn enabled(&self) -> bool {
        self.enabled.get()
    }
    fn refetch_on_focus(&self) -> bool {
        self.on_focus.get()
    }
    fn refetch_on_reconnect(&self) -> bool {
        self.on_reconnect.get()
    }
}

/// Watches one query: registers its fetcher, fetches when the data is missing or stale,
/// and tells its listener when the selected result changes. Dropping it unsubscribes.
///
/// ```
/// use optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryObserver, QueryOptions};
/// let rt = TestRuntime::new();
/// let client = QueryClient::new(rt.runtime());
/// let opts = QueryOptions::new(keys!["todos"], |_| async { Ok::<_, FetchError>(vec!["a", "b"]) });
/// let count = QueryObserver::with_select(&client, opts, |v: &std::rc::Rc<Vec<&str>>| v.len()).unwrap();
/// assert!(count.result().is_loading());
/// rt.run();
/// assert_eq!(count.result().data, Some(2));
/// ```
pub struct QueryObserver<T, E = String, S = Rc<T>> {
    client: QueryClient,
    key: QueryKey,
    id: u64,
    cell: Rc<ObserverCell<T, E, S>>,
}

impl<T: PartialEq + 'static, E: Clone + PartialEq + fmt::Display + 'static>
    QueryObserver<T, E, Rc<T>>
{
    /// Observes the whole data.
    ///
    /// ```
    /// use optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryObserver, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let obs = QueryObserver::new(&client, QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(3) })).unwrap();
    /// rt.run();
    /// assert_eq!(obs.result().data.as_deref(), Some(&3));
    /// ```
    pub fn new(client: &QueryClient, options: QueryOptions<T, E>) -> Result<Self, CacheError> {
        Self::with_select(client, options, Rc::clone)
    }
}

impl<T, E, S> QueryObserver<T, E, S>
where
    T: 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
    S: Clone + PartialEq + 'static,
{
    /// Observes what `select` picks from the data; the listener runs only when that
    /// changes (by `PartialEq`).
    ///
    /// ```
    /// use optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryObserver, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let opts = QueryOptions::new(keys!["v"], |_| async { Ok::<_, FetchError>(vec![1, 2, 3]) });
    /// let first = QueryObserver::with_select(&client, opts, |v: &std::rc::Rc<Vec<i32>>| v[0]).unwrap();
    /// rt.run();
    /// assert_eq!(first.result().data, Some(1));
    /// ```
    pub fn with_select(
        client: &QueryClient,
        options: QueryOptions<T, E>,
        select: impl Fn(&Rc<T>) -> S + 'static,
    ) -> Result<Self, CacheError> {
        client.register_spec(&options)?;
        let cell = Rc::new(ObserverCell {
            select: RefCell::new(Rc::new(select)),
            notify_on: Cell::new(options.notify_on),
            enabled: Cell::new(options.enabled),
            on_focus: Cell::new(options.refetch_on_window_focus),
            on_reconnect: Cell::new(options.refetch_on_reconnect),
            placeholder: RefCell::new(options.placeholder.clone()),
            last_input: RefCell::new(None),
            result: RefCell::new(QueryResult::default()),
            listener: RefCell::new(None),
        });
        let (id, should_fetch) = {
            let now = client.now();
            let mut st = client.st();
            let id = st.next_id();
            let e = client.entry_mut(&mut st, &options.key);
            e.gc_generation += 1;
            e.observers.push((id, cell.clone()));
            let view = e.view();
            let fetch = options.enabled && e.is_stale(now) && e.in_flight.is_none();
            drop(st);
            *cell.result.borrow_mut() = cell.compute(&view, &mut Vec::new());
            (id, fetch)
        };
        let observer = QueryObserver {
            client: client.clone(),
            key: options.key.clone(),
            id,
            cell,
        };
        if should_fetch {
            client.batch(|| client.start_fetch(&options.key, false));
            // The fetch status moved to fetching inside the batch; read it now so the first
            // result already says "loading".
            observer.refresh();
        }
        if let Some(every) = options.refetch_interval {
            observer.start_interval(every);
        }
        Ok(observer)
    }

    /// Applies new options for the same key (a re-render with new closures or flags):
    /// the fetcher, flags and select are replaced, and turning `enabled` on fetches stale
    /// data. Returns [`CacheError::KeyChanged`] when the key differs: observe the new key
    /// with a new observer instead.
    ///
    /// ```
    /// use optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryObserver, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let opts = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) });
    /// let obs = QueryObserver::new(&client, opts.clone().enabled(false)).unwrap();
    /// rt.run();
    /// assert!(obs.result().data.is_none());
    /// obs.set_options(opts, std::rc::Rc::clone).unwrap();
    /// rt.run();
    /// assert_eq!(obs.result().data.as_deref(), Some(&1));
    /// ```
    pub fn set_options(
        &self,
        options: QueryOptions<T, E>,
        select: impl Fn(&Rc<T>) -> S + 'static,
    ) -> Result<(), CacheError> {
        if options.key != self.key {
            return Err(CacheError::KeyChanged {
                from: self.key.clone(),
                to: options.key.clone(),
            });
        }
        self.client.register_spec(&options)?;
        *self.cell.select.borrow_mut() = Rc::new(select);
        // The new select may read other values (a prop): run it even on the same data.
        *self.cell.last_input.borrow_mut() = None;
        let was_enabled = self.cell.enabled.replace(options.enabled);
        self.cell.notify_on.set(options.notify_on);
        self.cell.on_focus.set(options.refetch_on_window_focus);
        self.cell.on_reconnect.set(options.refetch_on_reconnect);
        *self.cell.placeholder.borrow_mut() = options.placeholder.clone();
        if options.enabled && !was_enabled {
            let stale = {
                let now = self.client.now();
                let st = self.client.st();
                st.entries
                    .get(&self.key)
                    .is_some_and(|e| e.is_stale(now) && e.in_flight.is_none())
            };
            if stale {
                self.client
                    .batch(|| self.client.start_fetch(&self.key, false));
            }
        }
        self.refresh();
        Ok(())
    }

    fn refresh(&self) {
        let view = {
            let mut st = self.client.st();
            st.entries.get_mut(&self.key).map(|e| e.view())
        };
        if let Some(v) = view {
            let next = self.cell.compute(&v, &mut Vec::new());
            *self.cell.result.borrow_mut() = next;
        }
    }

    fn start_interval(&self, every: Millis) {
        let weak_cell = Rc::downgrade(&self.cell);
        let weak_client = self.client.downgrade();
        let key = self.key.clone();
        self.client.runtime().executor.spawn(Box::pin(async move {
            loop {
                let Some(client) = weak_client.upgrade() else {
                    return;
                };
                let sleep = client.runtime().executor.sleep(every);
                drop(client);
                sleep.await;
                if weak_cell.upgrade().is_none() {
                    return;
                }
                let Some(client) = weak_client.upgrade() else {
                    return;
                };
                client.batch(|| client.start_fetch(&key, false));
            }
        }));
    }

    /// Sets the function called when the result changes (replacing any earlier one).
    ///
    /// ```
    /// # use optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryObserver, QueryOptions};
    /// # let rt = TestRuntime::new();
    /// # let client = QueryClient::new(rt.runtime());
    /// let obs = QueryObserver::new(&client, QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) })).unwrap();
    /// obs.subscribe(|| println!("changed"));
    /// ```
    pub fn subscribe(&self, listener: impl Fn() + 'static) {
        *self.cell.listener.borrow_mut() = Some(Rc::new(listener));
    }

    /// The current result.
    ///
    /// ```
    /// # use optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryObserver, QueryOptions};
    /// # let rt = TestRuntime::new();
    /// # let client = QueryClient::new(rt.runtime());
    /// let obs = QueryObserver::new(&client, QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) })).unwrap();
    /// assert!(obs.result().data.is_none());
    /// ```
    pub fn result(&self) -> QueryResult<S, E> {
        self.cell.result.borrow().clone()
    }

    /// Refetches now, even if the data is fresh (a running fetch is restarted).
    ///
    /// ```
    /// # use optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryObserver, QueryOptions};
    /// # let rt = TestRuntime::new();
    /// # let client = QueryClient::new(rt.runtime());
    /// let obs = QueryObserver::new(&client, QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) })).unwrap();
    /// rt.run();
    /// obs.refetch();
    /// rt.run();
    /// assert_eq!(client.fetch_count(), 2);
    /// ```
    pub fn refetch(&self) {
        self.client
            .batch(|| self.client.start_fetch(&self.key, true));
    }

    /// The observed key.
    ///
    /// ```
    /// # use optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryObserver, QueryOptions};
    /// # let rt = TestRuntime::new();
    /// # let client = QueryClient::new(rt.runtime());
    /// let obs = QueryObserver::new(&client, QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) })).unwrap();
    /// assert_eq!(obs.key(), &keys!["n"]);
    /// ```
    pub fn key(&self) -> &QueryKey {
        &self.key
    }
}

impl<T, E, S> Drop for QueryObserver<T, E, S> {
    fn drop(&mut self) {
        let now_empty = {
            let Ok(mut st) = self.client.inner_state_try() else {
                return;
            };
            match st.entries.get_mut(&self.key) {
                Some(e) => {
                    e.observers.retain(|(id, _)| *id != self.id);
                    e.observers.is_empty()
                }
                None => false,
            }
        };
        if now_empty {
            self.client.schedule_gc(&self.key);
        }
    }
}
