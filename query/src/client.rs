//! The client: owns the cache, batches notifications, and is what apps and hooks hold.

use crate::entry::{Entry, EntryView};
use crate::entry::{FetchStatus, QueryStatus};
use crate::error::CacheError;
use crate::event::{CacheEvent, TimedEvent};
use crate::filter::{Activity, QueryFilter};
use crate::key::QueryKey;
use crate::layer::{AnyRc, LayerInfo, TypeTag};
use crate::mutation::record::MutationRecord;
use crate::mutation::MutationId;
use crate::network::NetworkMode;
use crate::persist::MutationDefinition;
use crate::retry::{Jitter, RetryPolicy};
use crate::runtime::{Millis, Runtime};
use futures::channel::oneshot;
use std::cell::{Cell, RefCell, RefMut};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::rc::{Rc, Weak};

/// Defaults for every query and mutation of a client.
///
/// ```
/// use optimistic_query::{ClientConfig, RetryPolicy};
/// let config = ClientConfig { stale_time: 30_000, query_retry: RetryPolicy::never(), ..Default::default() };
/// assert_eq!(config.gc_time, 300_000);
/// ```
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// How long fetched data counts as fresh (TanStack's `staleTime`, default 0).
    pub stale_time: Millis,
    /// How long an unobserved query is kept (TanStack's `gcTime`, default 5 minutes).
    pub gc_time: Millis,
    /// Retry of queries (default: 3 retries of retryable errors).
    pub query_retry: RetryPolicy,
    /// Retry of mutations (default: 3 retries of retryable errors; safe because every
    /// mutation carries an idempotency key).
    pub mutation_retry: RetryPolicy,
    /// Default network mode.
    pub network_mode: NetworkMode,
    /// How long a settled mutation stays visible to `mutation_infos` (default 5 minutes).
    pub mutation_gc_time: Millis,
    /// Storage key of the persisted mutation queue.
    pub storage_key: String,
    /// Seed of retry jitter and idempotency keys; `None` seeds from the clock.
    pub seed: Option<u64>,
    /// Events kept for [`QueryClient::recent_events`].
    pub event_history: usize,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            stale_time: 0,
            gc_time: 300_000,
            query_retry: RetryPolicy::default(),
            mutation_retry: RetryPolicy::default(),
            network_mode: NetworkMode::Online,
            mutation_gc_time: 300_000,
            storage_key: "yew-optimistic/mutations".into(),
            seed: None,
            event_history: 200,
        }
    }
}

/// A listener registration; dropping it unsubscribes.
///
/// ```
/// use optimistic_query::{testing::TestRuntime, QueryClient};
/// let client = QueryClient::new(TestRuntime::new().runtime());
/// let sub = client.subscribe_mutations(|| {});
/// drop(sub); // no longer called
/// ```
#[must_use = "dropping a Subscription unsubscribes"]
pub struct Subscription {
    cancel: Option<Box<dyn FnOnce()>>,
}

impl Subscription {
    pub(crate) fn new(cancel: impl FnOnce() + 'static) -> Self {
        Subscription {
            cancel: Some(Box::new(cancel)),
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Some(c) = self.cancel.take() {
            c();
        }
    }
}

/// What a cache entry holds, for devtools: confirmed data, layers, visible data.
#[derive(Clone)]
pub struct EntrySnapshot {
    /// The key.
    pub key: QueryKey,
    /// Name of the stored type.
    pub type_name: Option<&'static str>,
    /// The server's last word (downcast with `downcast_ref`).
    pub confirmed: Option<Rc<dyn std::any::Any>>,
    /// The optimistic layers, bottom first.
    pub layers: Vec<LayerInfo>,
    /// What observers see.
    pub visible: Option<Rc<dyn std::any::Any>>,
    /// Status.
    pub status: QueryStatus,
    /// Fetch status.
    pub fetch_status: FetchStatus,
    /// Number of observers.
    pub observers: usize,
    /// Whether it was invalidated and not yet refetched.
    pub invalidated: bool,
    /// When data last arrived.
    pub data_updated_at: Option<Millis>,
}

pub(crate) type Listener = Rc<dyn Fn()>;
pub(crate) type EventListener = Rc<dyn Fn(&TimedEvent)>;

pub(crate) struct State {
    pub entries: HashMap<QueryKey, Entry>,
    pub mutations: BTreeMap<MutationId, MutationRecord>,
    pub scopes: HashMap<String, VecDeque<MutationId>>,
    pub online: bool,
    pub focused: bool,
    pub online_waiters: Vec<oneshot::Sender<()>>,
    pub paused: BTreeMap<MutationId, oneshot::Sender<()>>,
    pub replaying: Option<MutationId>,
    pub seq: u64,
    pub next_id: u64,
    pub jitter: Jitter,
    pub dirty_keys: BTreeSet<QueryKey>,
    pub dirty_mutations: BTreeSet<MutationId>,
    pub mutation_listeners: Vec<(u64, Listener)>,
    pub query_listeners: Vec<(u64, Listener)>,
    pub event_listeners: Vec<(u64, EventListener)>,
    pub pending_events: Vec<TimedEvent>,
    pub history: VecDeque<TimedEvent>,
    pub deferred: Vec<(MutationId, QueryFilter)>,
    pub registry: HashMap<QueryKey, Rc<dyn MutationDefinition>>,
    pub unrestored: Vec<crate::persist::PersistedMutation>,
    pub storage_read: bool,
    /// The queue text last written to storage (`Some(None)`: removed), when known.
    pub persisted: Option<Option<String>>,
    pub fetches_started: u64,
    pub scope_last_sent: HashMap<String, Millis>,
}

impl State {
    pub fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }
    pub fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }
}

pub(crate) struct Inner {
    pub runtime: Runtime,
    pub config: ClientConfig,
    state: RefCell<State>,
    batch_depth: Cell<u32>,
}

/// The cache and everything that changes it. Cheap to clone; clones share one cache.
///
/// ```
/// use optimistic_query::{keys, testing::TestRuntime, QueryClient};
/// let client = QueryClient::new(TestRuntime::new().runtime());
/// client.set_query_data(&keys!["todos"], vec!["write docs".to_string()]).unwrap();
/// let todos = client.get_query_data::<Vec<String>>(&keys!["todos"]).unwrap().unwrap();
/// assert_eq!(todos.len(), 1);
/// ```
#[derive(Clone)]
pub struct QueryClient {
    pub(crate) inner: Rc<Inner>,
}

impl PartialEq for QueryClient {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

/// A weak handle, for tasks that must not keep a client alive.
#[derive(Clone)]
pub(crate) struct WeakClient(Weak<Inner>);

impl WeakClient {
    pub fn upgrade(&self) -> Option<QueryClient> {
        self.0.upgrade().map(|inner| QueryClient { inner })
    }
}

impl QueryClient {
    /// A client with default settings.
    ///
    /// ```
    /// use optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// assert!(client.is_online());
    /// ```
    pub fn new(runtime: Runtime) -> Self {
        Self::with_config(runtime, ClientConfig::default())
    }

    /// A client with the given defaults.
    ///
    /// ```
    /// use optimistic_query::{testing::TestRuntime, ClientConfig, QueryClient};
    /// let config = ClientConfig { seed: Some(7), ..Default::default() };
    /// let client = QueryClient::with_config(TestRuntime::new().runtime(), config);
    /// assert_eq!(client.config().seed, Some(7));
    /// ```
    pub fn with_config(runtime: Runtime, config: ClientConfig) -> Self {
        let seed = config.seed.unwrap_or_else(|| runtime.clock.entropy());
        let state = State {
            entries: HashMap::new(),
            mutations: BTreeMap::new(),
            scopes: HashMap::new(),
            online: true,
            focused: true,
            online_waiters: Vec::new(),
            paused: BTreeMap::new(),
            replaying: None,
            seq: 0,
            next_id: 0,
            jitter: Jitter::new(seed),
            dirty_keys: BTreeSet::new(),
            dirty_mutations: BTreeSet::new(),
            mutation_listeners: Vec::new(),
            query_listeners: Vec::new(),
            event_listeners: Vec::new(),
            pending_events: Vec::new(),
            history: VecDeque::new(),
            deferred: Vec::new(),
            registry: HashMap::new(),
            unrestored: Vec::new(),
            storage_read: false,
            persisted: None,
            fetches_started: 0,
            scope_last_sent: HashMap::new(),
        };
        QueryClient {
            inner: Rc::new(Inner {
                runtime,
                config,
                state: RefCell::new(state),
                batch_depth: Cell::new(0),
            }),
        }
    }

    /// The client's defaults.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// assert_eq!(client.config().stale_time, 0);
    /// ```
    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// The injected runtime.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// assert_eq!(client.runtime().clock.now(), 0);
    /// ```
    pub fn runtime(&self) -> &Runtime {
        &self.inner.runtime
    }

    pub(crate) fn now(&self) -> Millis {
        self.inner.runtime.clock.now()
    }

    pub(crate) fn downgrade(&self) -> WeakClient {
        WeakClient(Rc::downgrade(&self.inner))
    }

    pub(crate) fn st(&self) -> RefMut<'_, State> {
        self.inner.state.borrow_mut()
    }

    /// Runs `f` as one operation: observers are notified once, after it, however many
    /// entries it changed.
    ///
    /// ```
    /// use optimistic_query::{keys, testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.batch(|| {
    ///     client.set_query_data(&keys!["a"], 1_u8).unwrap();
    ///     client.set_query_data(&keys!["b"], 2_u8).unwrap();
    /// });
    /// ```
    pub fn batch<R>(&self, f: impl FnOnce() -> R) -> R {
        self.inner.batch_depth.set(self.inner.batch_depth.get() + 1);
        let r = f();
        let depth = self.inner.batch_depth.get() - 1;
        self.inner.batch_depth.set(depth);
        if depth == 0 {
            self.flush();
        }
        r
    }

    pub(crate) fn emit(&self, event: CacheEvent) {
        let at = self.now();
        self.st().pending_events.push(TimedEvent { at, event });
    }

    pub(crate) fn emit_in(st: &mut State, at: Millis, event: CacheEvent) {
        st.pending_events.push(TimedEvent { at, event });
    }

    /// Delivers everything the finished operation changed: each dirty entry's observers are
    /// asked (once) whether what they select changed, then listeners run with no borrow
    /// held, so they may call back into the client.
    fn flush(&self) {
        loop {
            let (work, mutation_calls, events, event_listeners) = {
                let mut st = self.st();
                let keys = std::mem::take(&mut st.dirty_keys);
                let query_calls: Vec<Listener> = if keys.is_empty() {
                    Vec::new()
                } else {
                    st.query_listeners.iter().map(|(_, l)| l.clone()).collect()
                };
                let mut work: Vec<(Rc<dyn crate::observer::ErasedObserver>, Rc<EntryView>)> =
                    Vec::new();
                for k in keys {
                    if let Some(e) = st.entries.get_mut(&k) {
                        if e.observers.is_empty() {
                            continue;
                        }
                        let view = Rc::new(e.view());
                        for (_, o) in &e.observers {
                            work.push((o.clone(), view.clone()));
                        }
                    }
                }
                let dirty_m = std::mem::take(&mut st.dirty_mutations);
                let mut mutation_calls: Vec<Listener> = Vec::new();
                for id in &dirty_m {
                    if let Some(r) = st.mutations.get(id) {
                        mutation_calls.extend(r.observers.iter().map(|(_, l)| l.clone()));
                    }
                }
                if !dirty_m.is_empty() {
                    mutation_calls.extend(st.mutation_listeners.iter().map(|(_, l)| l.clone()));
                }
                mutation_calls.extend(query_calls);
                let events = std::mem::take(&mut st.pending_events);
                let cap = self.inner.config.event_history;
                for e in &events {
                    if st.history.len() >= cap {
                        st.history.pop_front();
                    }
                    st.history.push_back(e.clone());
                }
                let event_listeners: Vec<_> = if events.is_empty() {
                    Vec::new()
                } else {
                    st.event_listeners.iter().map(|(_, l)| l.clone()).collect()
                };
                (work, mutation_calls, events, event_listeners)
            };
            if work.is_empty() && mutation_calls.is_empty() && events.is_empty() {
                break;
            }
            let mut calls: Vec<Listener> = Vec::new();
            let mut retired = Vec::new();
            for (o, view) in work {
                if let Some(l) = o.update(&view, &mut retired) {
                    calls.push(l);
                }
            }
            // Freeing a replaced 10,000-row list is as costly as building it; do it after
            // this frame's work, in a task of its own.
            if !retired.is_empty() {
                self.inner
                    .runtime
                    .executor
                    .spawn(Box::pin(async move { drop(retired) }));
            }
            // Hold the batch open while listeners run so that what they change is
            // delivered by this loop, not by a nested flush.
            self.inner.batch_depth.set(self.inner.batch_depth.get() + 1);
            for l in calls.iter().chain(mutation_calls.iter()) {
                l();
            }
            for e in &events {
                for l in &event_listeners {
                    l(e);
                }
            }
            self.inner.batch_depth.set(self.inner.batch_depth.get() - 1);
        }
    }

    pub(crate) fn mark_dirty(st: &mut State, key: &QueryKey) {
        st.dirty_keys.insert(key.clone());
    }

    pub(crate) fn entry_mut<'a>(&self, st: &'a mut State, key: &QueryKey) -> &'a mut Entry {
        let (stale, gc) = (self.inner.config.stale_time, self.inner.config.gc_time);
        st.entries
            .entry(key.clone())
            .or_insert_with(|| Entry::new(key.clone(), stale, gc))
    }

    /// Checks (and on first use records) the type stored under `key`.
    pub(crate) fn check_type(entry: &mut Entry, tag: TypeTag) -> Result<(), CacheError> {
        entry.expect_type(tag)?;
        entry.tag.get_or_insert(tag);
        Ok(())
    }

    /// The data observers of `key` see now (confirmed data with pending optimistic layers
    /// applied), or `None` when there is none.
    ///
    /// ```
    /// use optimistic_query::{keys, testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// assert_eq!(client.get_query_data::<u8>(&keys!["n"]).unwrap(), None);
    /// ```
    pub fn get_query_data<T: 'static>(&self, key: &QueryKey) -> Result<Option<Rc<T>>, CacheError> {
        let mut st = self.st();
        let Some(e) = st.entries.get_mut(key) else {
            return Ok(None);
        };
        e.expect_type(TypeTag::of::<T>())?;
        Ok(e.visible().and_then(|d| d.downcast::<T>().ok()))
    }

    /// The confirmed data of `key` (what the server last said), without optimistic layers.
    ///
    /// ```
    /// use optimistic_query::{keys, testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_query_data(&keys!["n"], 1_u8).unwrap();
    /// assert_eq!(*client.get_confirmed_data::<u8>(&keys!["n"]).unwrap().unwrap(), 1);
    /// ```
    pub fn get_confirmed_data<T: 'static>(
        &self,
        key: &QueryKey,
    ) -> Result<Option<Rc<T>>, CacheError> {
        let st = self.st();
        let Some(e) = st.entries.get(key) else {
            return Ok(None);
        };
        e.expect_type(TypeTag::of::<T>())?;
        Ok(e.confirmed.clone().and_then(|d| d.downcast::<T>().ok()))
    }

    /// Writes confirmed data, as TanStack's `setQueryData`: pending optimistic layers stay
    /// on top of it; succeeded layers waiting for the server's copy retire, because this
    /// write is that copy. Any fetch started earlier will be dropped when it lands.
    ///
    /// ```
    /// use optimistic_query::{keys, testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_query_data(&keys!["n"], 41_u32).unwrap();
    /// assert!(client.set_query_data(&keys!["n"], "text").is_err()); // wrong type
    /// ```
    pub fn set_query_data<T: 'static>(&self, key: &QueryKey, data: T) -> Result<(), CacheError> {
        self.write_data(key, Rc::new(data) as AnyRc, TypeTag::of::<T>())
    }

    /// Updates confirmed data from its current value, as `setQueryData(key, old => new)`;
    /// does nothing when there is no data yet.
    ///
    /// ```
    /// use optimistic_query::{keys, testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_query_data(&keys!["n"], 1_u32).unwrap();
    /// client.update_query_data(&keys!["n"], |n: &u32| n + 1).unwrap();
    /// assert_eq!(*client.get_query_data::<u32>(&keys!["n"]).unwrap().unwrap(), 2);
    /// ```
    pub fn update_query_data<T: 'static>(
        &self,
        key: &QueryKey,
        f: impl FnOnce(&T) -> T,
    ) -> Result<(), CacheError> {
        let Some(cur) = self.get_confirmed_data::<T>(key)? else {
            return Ok(());
        };
        self.set_query_data(key, f(&cur))
    }

    pub(crate) fn write_data(
        &self,
        key: &QueryKey,
        data: AnyRc,
        tag: TypeTag,
    ) -> Result<(), CacheError> {
        self.batch(|| {
            let now = self.now();
            let mut st = self.st();
            let seq = st.next_seq();
            let e = self.entry_mut(&mut st, key);
            Self::check_type(e, tag)?;
            e.write_confirmed(data, seq, seq, now);
            Self::mark_dirty(&mut st, key);
            Self::emit_in(&mut st, now, CacheEvent::DataSet { key: key.clone() });
            Ok(())
        })
    }

    pub(crate) fn matching_keys(&self, st: &State, filter: &QueryFilter) -> Vec<QueryKey> {
        let mut keys: Vec<QueryKey> = st
            .entries
            .values()
            .filter(|e| filter.matches_key(&e.key))
            .filter(|e| match filter.activity_kind() {
                Activity::All => true,
                Activity::Active => !e.observers.is_empty(),
                Activity::Inactive => e.observers.is_empty(),
            })
            .map(|e| e.key.clone())
            .collect();
        keys.sort();
        keys
    }

    /// Keys of the cached queries the filter matches, sorted.
    ///
    /// ```
    /// use optimistic_query::{keys, testing::TestRuntime, QueryClient, QueryFilter};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_query_data(&keys!["todos", 1], 1_u8).unwrap();
    /// client.set_query_data(&keys!["users"], 1_u8).unwrap();
    /// assert_eq!(client.query_keys(&QueryFilter::key(keys!["todos"])), vec![keys!["todos", 1]]);
    /// ```
    pub fn query_keys(&self, filter: &QueryFilter) -> Vec<QueryKey> {
        let st = self.st();
        self.matching_keys(&st, filter)
    }

    /// Marks matching queries stale and refetches the observed ones (an in-flight fetch
    /// is restarted, since it may predate the change that made the data stale).
    ///
    /// ```
    /// use optimistic_query::{keys, testing::TestRuntime, QueryClient, QueryFilter};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_query_data(&keys!["todos"], 1_u8).unwrap();
    /// client.invalidate_queries(&QueryFilter::key(keys!["todos"]));
    /// assert!(client.inspect(&keys!["todos"]).unwrap().invalidated);
    /// ```
    pub fn invalidate_queries(&self, filter: &QueryFilter) {
        self.batch(|| {
            let keys = {
                let now = self.now();
                let mut st = self.st();
                let keys = self.matching_keys(&st, filter);
                for k in &keys {
                    if let Some(e) = st.entries.get_mut(k) {
                        e.invalidated = true;
                    }
                    Self::mark_dirty(&mut st, k);
                    Self::emit_in(&mut st, now, CacheEvent::Invalidated { key: k.clone() });
                }
                keys.into_iter()
                    .filter(|k| st.entries.get(k).is_some_and(|e| e.has_enabled_observer()))
                    .collect::<Vec<_>>()
            };
            for k in keys {
                self.start_fetch(&k, true);
            }
        })
    }

    /// Refetches every matching query that has a fetcher (observed or not).
    ///
    /// ```
    /// use optimistic_query::{keys, testing::TestRuntime, QueryClient, QueryFilter};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.refetch_queries(&QueryFilter::all()); // nothing cached: nothing to do
    /// ```
    pub fn refetch_queries(&self, filter: &QueryFilter) {
        self.each_matching(filter, |k| {
            self.start_fetch(k, true);
        });
    }

    /// Runs `f` on every key the filter matches, as one operation.
    fn each_matching(&self, filter: &QueryFilter, mut f: impl FnMut(&QueryKey)) {
        self.batch(|| {
            let keys = {
                let st = self.st();
                self.matching_keys(&st, filter)
            };
            keys.iter().for_each(&mut f);
        })
    }

    /// Cancels in-flight fetches of matching queries; their data and status return to
    /// what they were before the fetch.
    ///
    /// ```
    /// use optimistic_query::{testing::TestRuntime, QueryClient, QueryFilter};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.cancel_queries(&QueryFilter::all());
    /// ```
    pub fn cancel_queries(&self, filter: &QueryFilter) {
        self.each_matching(filter, |k| {
            self.cancel_fetch(k, crate::error::AbortReason::Cancelled)
        });
    }

    /// Removes matching queries from the cache. An observed entry is emptied rather than
    /// dropped, so its observers see "no data" instead of a dangling entry. Layers of
    /// pending mutations are kept: they still describe the user's intent.
    ///
    /// ```
    /// use optimistic_query::{keys, testing::TestRuntime, QueryClient, QueryFilter};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_query_data(&keys!["a"], 1_u8).unwrap();
    /// client.remove_queries(&QueryFilter::all());
    /// assert!(client.inspect(&keys!["a"]).is_none());
    /// ```
    pub fn remove_queries(&self, filter: &QueryFilter) {
        self.each_matching(filter, |k| {
            self.cancel_fetch(k, crate::error::AbortReason::Removed);
            let mut st = self.st();
            let keep = st
                .entries
                .get(k)
                .is_some_and(|e| !e.observers.is_empty() || !e.layers.is_empty());
            if keep {
                let seq = st.next_seq();
                if let Some(e) = st.entries.get_mut(k) {
                    e.reset_data(seq);
                }
                Self::mark_dirty(&mut st, k);
            } else {
                st.entries.remove(k);
            }
        });
    }

    /// Whether the client believes the browser is online.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_online(false);
    /// assert!(!client.is_online());
    /// ```
    pub fn is_online(&self) -> bool {
        self.st().online
    }

    /// Tells the client the network state changed. Going online wakes paused fetches,
    /// replays paused mutations one at a time in the order they were submitted, and
    /// refetches stale observed queries that ask for `refetch_on_reconnect`.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_online(true);
    /// ```
    pub fn set_online(&self, online: bool) {
        self.batch(|| {
            let waiters = {
                let now = self.now();
                let mut st = self.st();
                if st.online == online {
                    return;
                }
                st.online = online;
                Self::emit_in(&mut st, now, CacheEvent::OnlineChanged { online });
                if online {
                    std::mem::take(&mut st.online_waiters)
                } else {
                    Vec::new()
                }
            };
            if online {
                for w in waiters {
                    let _ = w.send(());
                }
                self.resume_next_paused();
                self.refetch_observed(|o| o.refetch_on_reconnect());
            }
        })
    }

    /// Tells the client whether the window has focus; regaining it refetches stale
    /// observed queries that ask for `refetch_on_window_focus`.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_focused(true);
    /// ```
    pub fn set_focused(&self, focused: bool) {
        let was = std::mem::replace(&mut self.st().focused, focused);
        if focused && !was {
            self.batch(|| self.refetch_observed(|o| o.refetch_on_focus()));
        }
    }

    fn refetch_observed(&self, wants: impl Fn(&dyn crate::observer::ErasedObserver) -> bool) {
        let keys: Vec<QueryKey> = {
            let now = self.now();
            let st = self.st();
            st.entries
                .values()
                .filter(|e| e.is_stale(now) && e.spec.is_some())
                .filter(|e| {
                    e.observers
                        .iter()
                        .any(|(_, o)| o.enabled() && wants(o.as_ref()))
                })
                .map(|e| e.key.clone())
                .collect()
        };
        for k in keys {
            self.start_fetch(&k, false);
        }
    }

    pub(crate) fn wait_online(&self) -> oneshot::Receiver<()> {
        let (tx, rx) = oneshot::channel();
        let mut st = self.st();
        if st.online {
            let _ = tx.send(());
        } else {
            st.online_waiters.push(tx);
        }
        rx
    }

    /// What the entry of `key` holds: confirmed data, layers and visible data.
    ///
    /// ```
    /// use optimistic_query::{keys, testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_query_data(&keys!["n"], 3_i32).unwrap();
    /// let snap = client.inspect(&keys!["n"]).unwrap();
    /// assert!(snap.layers.is_empty());
    /// assert_eq!(snap.visible.unwrap().downcast_ref::<i32>(), Some(&3));
    /// ```
    pub fn inspect(&self, key: &QueryKey) -> Option<EntrySnapshot> {
        let mut st = self.st();
        let e = st.entries.get_mut(key)?;
        Some(EntrySnapshot {
            key: e.key.clone(),
            type_name: e.tag.map(|t| t.name),
            confirmed: e.confirmed.clone(),
            layers: e
                .layers
                .iter()
                .map(|l| LayerInfo {
                    mutation: l.mutation,
                    committed: l.committed_at.is_some(),
                })
                .collect(),
            visible: e.visible(),
            status: e.status,
            fetch_status: e.fetch_status,
            observers: e.observers.len(),
            invalidated: e.invalidated,
            data_updated_at: e.data_updated_at,
        })
    }

    /// Calls `listener` with every cache event, after the operation that caused it.
    ///
    /// ```
    /// use optimistic_query::{keys, testing::TestRuntime, QueryClient};
    /// use std::{cell::RefCell, rc::Rc};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// let log = Rc::new(RefCell::new(Vec::new()));
    /// let l = log.clone();
    /// let _sub = client.subscribe_events(move |e| l.borrow_mut().push(e.event.to_string()));
    /// client.set_query_data(&keys!["a"], 1_u8).unwrap();
    /// assert_eq!(log.borrow().as_slice(), [r#"data set ["a"]"#]);
    /// ```
    pub fn subscribe_events(&self, listener: impl Fn(&TimedEvent) + 'static) -> Subscription {
        self.listen(
            |st| &mut st.event_listeners,
            Rc::new(listener) as EventListener,
        )
    }

    /// Adds `listener` to the list `of` picks in the state; the subscription removes it.
    pub(crate) fn listen<L: 'static>(
        &self,
        of: fn(&mut State) -> &mut Vec<(u64, L)>,
        listener: L,
    ) -> Subscription {
        let id = {
            let mut st = self.st();
            let id = st.next_id();
            of(&mut st).push((id, listener));
            id
        };
        let weak = self.downgrade();
        Subscription::new(move || {
            if let Some(c) = weak.upgrade() {
                of(&mut c.st()).retain(|(i, _)| *i != id);
            }
        })
    }

    /// Calls `listener` after any operation that changed any query (data, status, fetch
    /// status), once per operation; for `use_is_fetching` and devtools.
    ///
    /// ```
    /// use optimistic_query::{keys, testing::TestRuntime, QueryClient};
    /// use std::{cell::Cell, rc::Rc};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// let calls = Rc::new(Cell::new(0));
    /// let c = calls.clone();
    /// let _sub = client.subscribe_queries(move || c.set(c.get() + 1));
    /// client.batch(|| {
    ///     client.set_query_data(&keys!["a"], 1_u8).unwrap();
    ///     client.set_query_data(&keys!["b"], 1_u8).unwrap();
    /// });
    /// assert_eq!(calls.get(), 1);
    /// ```
    pub fn subscribe_queries(&self, listener: impl Fn() + 'static) -> Subscription {
        self.listen(|st| &mut st.query_listeners, Rc::new(listener) as Listener)
    }

    /// The most recent events (up to `config.event_history`), oldest first.
    ///
    /// ```
    /// use optimistic_query::{keys, testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_query_data(&keys!["a"], 1_u8).unwrap();
    /// assert_eq!(client.recent_events().len(), 1);
    /// ```
    pub fn recent_events(&self) -> Vec<TimedEvent> {
        self.st().history.iter().cloned().collect()
    }

    /// How many fetches this client has sent (retries count once each); for tests and
    /// devtools.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, QueryClient};
    /// assert_eq!(QueryClient::new(TestRuntime::new().runtime()).fetch_count(), 0);
    /// ```
    pub fn fetch_count(&self) -> u64 {
        self.st().fetches_started
    }

    /// Number of queries fetching now (TanStack's `useIsFetching`).
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, QueryClient, QueryFilter};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// assert_eq!(client.is_fetching(&QueryFilter::all()), 0);
    /// ```
    pub fn is_fetching(&self, filter: &QueryFilter) -> usize {
        let st = self.st();
        self.matching_keys(&st, filter)
            .iter()
            .filter(|k| {
                st.entries
                    .get(*k)
                    .is_some_and(|e| e.fetch_status == FetchStatus::Fetching)
            })
            .count()
    }

    pub(crate) fn schedule_gc(&self, key: &QueryKey) {
        let (generation, gc_time) = {
            let mut st = self.st();
            let Some(e) = st.entries.get_mut(key) else {
                return;
            };
            e.gc_generation += 1;
            (e.gc_generation, e.gc_time)
        };
        let weak = self.downgrade();
        let key = key.clone();
        let sleep = self.inner.runtime.executor.sleep(gc_time);
        self.inner.runtime.executor.spawn(Box::pin(async move {
            sleep.await;
            let Some(client) = weak.upgrade() else { return };
            let mut st = client.st();
            let collectable = st.entries.get(&key).is_some_and(|e| {
                e.gc_generation == generation
                    && e.observers.is_empty()
                    // Succeeded layers only wait for a refetch nobody will watch.
                    && e.layers.iter().all(|l| l.committed_at.is_some())
                    && e.in_flight.is_none()
            });
            if collectable {
                st.entries.remove(&key);
            }
        }));
    }
}

impl QueryClient {
    /// Borrows the state unless it is already borrowed (a drop during a flush).
    pub(crate) fn inner_state_try(&self) -> Result<RefMut<'_, State>, std::cell::BorrowMutError> {
        self.inner.state.try_borrow_mut()
    }
}
