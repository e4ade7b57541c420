//! The client: the public front over the query cache, the mutation cache, notification
//! batching and persistence. Cheap to clone; what apps and hooks hold.

use crate::cache_events::CacheChange;
use crate::entry::{FetchStatus, QueryStatus};
use crate::error::CacheError;
use crate::event::{CacheEvent, TimedEvent};
use crate::filter::QueryFilter;
use crate::key::{KeyFor, QueryKey};
use crate::layer::{AnyRc, LayerInfo, TypeTag};
use crate::lifetime::{Lifetime, Timer};
use crate::mutation::record::{MutationFilter, MutationInfo};
use crate::mutation::MutationId;
use crate::network::NetworkMode;
use crate::notify::{EventListener, Listener};
use crate::retry::RetryPolicy;
use crate::runtime::{Millis, Runtime};
use crate::state::State;
use futures::channel::oneshot;
use std::cell::{Cell, RefCell, RefMut};
use std::rc::{Rc, Weak};

/// Defaults for every query and mutation of a client.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::{ClientConfig, RetryPolicy};
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
    /// Retry of mutations (default: none, as in TanStack). A retry of a write is safe
    /// only when the server honours the idempotency key every call carries; a mutation
    /// opts in with [`MutationOptions::retry`](crate::MutationOptions::retry) (the
    /// components do: their sources send the `Idempotency-Key` header).
    pub mutation_retry: RetryPolicy,
    /// How a call whose outcome is unknown (network error, timeout, 5xx) is sent again
    /// under its idempotency key once the retry policy gave up: the delays (default 1 s
    /// doubling to 30 s, half of it jitter) and how many resends (default 8, about two
    /// minutes online; time offline does not count) before the call is
    /// [held](crate::MutationStatus::Held) for the user's Retry now or Discard.
    pub unknown_resend: RetryPolicy,
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
    /// How long calls restored after a reload wait for an earlier persisted call whose
    /// definition is registered late (a lazily loaded part of the app), so that the
    /// server receives them in the user's order (default 3 s).
    pub late_registration_wait: Millis,
    /// This tab's name in the shared persisted queue, when tabs of one origin share
    /// storage: each tab replays its own calls, and adopts those of closed tabs
    /// ([`QueryClient::adopt_mutations`]). `None` (the default): the client is alone.
    pub tab_id: Option<String>,
    /// Where chosen queries are persisted ([`QueryClient::persist_query`]).
    pub query_persistence: crate::persist::QueryPersistence,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            stale_time: 0,
            gc_time: 300_000,
            query_retry: RetryPolicy::default(),
            mutation_retry: RetryPolicy::never(),
            unknown_resend: RetryPolicy::times(8),
            network_mode: NetworkMode::Online,
            mutation_gc_time: 300_000,
            storage_key: "yew-optimistic/mutations".into(),
            seed: None,
            event_history: 200,
            late_registration_wait: 3_000,
            tab_id: None,
            query_persistence: crate::persist::QueryPersistence::default(),
        }
    }
}

/// A listener registration; dropping it unsubscribes.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{testing::TestRuntime, QueryClient};
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
    /// The [`meta`](crate::QueryOptions::meta) of the options last registered for it.
    pub meta: Option<crate::Meta>,
}

pub(crate) struct Inner {
    pub runtime: Runtime,
    pub config: ClientConfig,
    state: RefCell<State>,
    pub batch_depth: Cell<u32>,
    /// Ends the client's timers when the last handle goes.
    lifetime: Lifetime,
}

/// The cache and everything that changes it. Cheap to clone; clones share one cache.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient};
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
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// assert!(client.is_online());
    /// ```
    pub fn new(runtime: Runtime) -> Self {
        Self::with_config(runtime, ClientConfig::default())
    }

    /// A client with the given defaults.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{testing::TestRuntime, ClientConfig, QueryClient};
    /// let config = ClientConfig { seed: Some(7), ..Default::default() };
    /// let client = QueryClient::with_config(TestRuntime::new().runtime(), config);
    /// assert_eq!(client.config().seed, Some(7));
    /// ```
    pub fn with_config(runtime: Runtime, config: ClientConfig) -> Self {
        let seed = config.seed.unwrap_or_else(|| runtime.clock.entropy());
        let state = State::new(seed, config.event_history);
        QueryClient {
            inner: Rc::new(Inner {
                runtime,
                config,
                state: RefCell::new(state),
                batch_depth: Cell::new(0),
                lifetime: Lifetime::default(),
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

    /// A sleep of `ms` for a task that holds the client weakly: it also ends when the
    /// client is dropped, so the task (and its browser timer) goes with the client.
    pub(crate) fn timer(&self, ms: Millis) -> Timer {
        self.inner
            .lifetime
            .timer(self.inner.runtime.executor.sleep(ms))
    }

    /// Runs `job` on the client after `ms` (on a [`timer`](Self::timer), so it ends with
    /// the client and then never runs). Every delayed job of the engine goes through
    /// this one task: an `async` block per job would compile to a state machine each.
    pub(crate) fn after(&self, ms: Millis, job: Box<dyn FnOnce(&QueryClient)>) {
        let weak = self.downgrade();
        let sleep = self.timer(ms);
        self.runtime().executor.spawn(Box::pin(async move {
            sleep.await;
            if let Some(client) = weak.upgrade() {
                job(&client);
            }
        }));
    }

    pub(crate) fn downgrade(&self) -> WeakClient {
        WeakClient(Rc::downgrade(&self.inner))
    }

    /// The state, borrowed. Hold it only for bookkeeping: never call a user closure or
    /// drop a user value while it is held (bury values in the notifier instead).
    pub(crate) fn st(&self) -> RefMut<'_, State> {
        self.inner.state.borrow_mut()
    }

    pub(crate) fn try_st(&self) -> Option<RefMut<'_, State>> {
        self.inner.state.try_borrow_mut().ok()
    }

    pub(crate) fn emit(&self, event: CacheEvent) {
        let at = self.now();
        self.st()
            .notify
            .pending_events
            .push(Rc::new(TimedEvent { at, event }));
    }

    pub(crate) fn emit_in(st: &mut State, at: Millis, event: CacheEvent) {
        st.notify
            .pending_events
            .push(Rc::new(TimedEvent { at, event }));
    }

    /// The data observers of `key` see now (confirmed data with pending optimistic layers
    /// applied), or `None` when there is none. With a [`TypedKey`](crate::TypedKey) the
    /// type is inferred, and asking for another one does not compile.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// assert_eq!(client.get_query_data::<u8>(&keys!["n"]).unwrap(), None);
    /// ```
    pub fn get_query_data<T: 'static>(
        &self,
        key: &impl KeyFor<T>,
    ) -> Result<Option<Rc<T>>, CacheError> {
        let key = key.query_key();
        {
            let st = self.st();
            let Some(e) = st.queries.entries.get(key) else {
                return Ok(None);
            };
            e.expect_type(TypeTag::of::<T>())?;
        }
        Ok(self.visible_of(key).and_then(|d| d.downcast::<T>().ok()))
    }

    /// The confirmed data of `key` (what the server last said, with the changes it
    /// accepted since), without pending optimistic layers. A change that succeeded and
    /// waits for the server's copy (a call with `invalidates`) is included: this is the
    /// data [`update_query_data`](Self::update_query_data) and
    /// [`set_queries_data`](Self::set_queries_data) hand the app, and what they write
    /// back replaces it.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_query_data(&keys!["n"], 1_u8).unwrap();
    /// assert_eq!(*client.get_confirmed_data::<u8>(&keys!["n"]).unwrap().unwrap(), 1);
    /// ```
    pub fn get_confirmed_data<T: 'static>(
        &self,
        key: &impl KeyFor<T>,
    ) -> Result<Option<Rc<T>>, CacheError> {
        let key = key.query_key();
        self.compact(key);
        let (confirmed, accepted) = {
            let st = self.st();
            let Some(e) = st.queries.entries.get(key) else {
                return Ok(None);
            };
            e.expect_type(TypeTag::of::<T>())?;
            (e.confirmed.clone(), e.accepted_layers())
        };
        // Accepted changes above the folded ones are patches (user code): applied with no
        // borrow held, and the clones of them dropped here, outside it too.
        let data = if accepted.is_empty() {
            confirmed
        } else {
            crate::layer::fold(confirmed, &accepted)
        };
        drop(accepted);
        Ok(data.and_then(|d| d.downcast::<T>().ok()))
    }

    /// Writes confirmed data, as TanStack's `setQueryData`: pending optimistic layers stay
    /// on top of it; succeeded layers retire, because this write is the server's copy.
    /// Any fetch started earlier is dropped when it lands.
    ///
    /// The data is taken as the server's state *without* the changes still in flight. A
    /// server push that may already include a pending change would show a non-idempotent
    /// change twice until it settles; for such keys, invalidate instead.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_query_data(&keys!["n"], 41_u32).unwrap();
    /// assert!(client.set_query_data(&keys!["n"], "text").is_err()); // wrong type
    /// ```
    pub fn set_query_data<T: 'static>(
        &self,
        key: &impl KeyFor<T>,
        data: T,
    ) -> Result<(), CacheError> {
        self.write_data(key.query_key(), Rc::new(data) as AnyRc, TypeTag::of::<T>())
    }

    /// Updates confirmed data from its current value, as `setQueryData(key, old => new)`;
    /// does nothing when there is no data yet.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_query_data(&keys!["n"], 1_u32).unwrap();
    /// client.update_query_data(&keys!["n"], |n: &u32| n + 1).unwrap();
    /// assert_eq!(*client.get_query_data::<u32>(&keys!["n"]).unwrap().unwrap(), 2);
    /// ```
    pub fn update_query_data<T: 'static>(
        &self,
        key: &impl KeyFor<T>,
        f: impl FnOnce(&T) -> T,
    ) -> Result<(), CacheError> {
        let key = key.query_key();
        let Some(cur) = self.get_confirmed_data::<T>(key)? else {
            return Ok(());
        };
        self.set_query_data(key, f(&cur))
    }

    /// Updates the confirmed data of every cached query the filter matches that holds a
    /// `T`, as TanStack's `setQueriesData`: `f` gets each one's data (entries without
    /// data, or with data of another type, are left alone) and its result is written as
    /// [`set_query_data`](Self::set_query_data) would, all in one notification. Returns
    /// the keys written, sorted.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient, QueryFilter};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_query_data(&keys!["todos", "open"], vec!["a".to_string()]).unwrap();
    /// client.set_query_data(&keys!["todos", "done"], vec!["b".to_string()]).unwrap();
    /// client.set_query_data(&keys!["todos", "count"], 2_u32).unwrap(); // another type
    /// let written = client.set_queries_data(&QueryFilter::key(keys!["todos"]), |list: &Vec<String>| {
    ///     list.iter().map(|t| t.to_uppercase()).collect()
    /// });
    /// assert_eq!(written, vec![keys!["todos", "done"], keys!["todos", "open"]]);
    /// assert_eq!(*client.get_query_data::<Vec<String>>(&keys!["todos", "open"]).unwrap().unwrap(), vec!["A"]);
    /// ```
    pub fn set_queries_data<T: 'static>(
        &self,
        filter: &QueryFilter,
        f: impl Fn(&T) -> T,
    ) -> Vec<QueryKey> {
        let keys = self.matching_keys(filter);
        self.batch(|| {
            let mut written = Vec::new();
            for key in keys {
                // The updater is the app's code: it runs with no borrow held.
                let Ok(Some(current)) = self.get_confirmed_data::<T>(&key) else {
                    continue;
                };
                let next = f(&current);
                drop(current);
                if self.set_query_data(&key, next).is_ok() {
                    written.push(key);
                }
            }
            written
        })
    }

    pub(crate) fn write_data(
        &self,
        key: &QueryKey,
        data: AnyRc,
        tag: TypeTag,
    ) -> Result<(), CacheError> {
        let written = self.batch(|| {
            let now = self.now();
            let mut guard = self.st();
            let st = &mut *guard;
            let seq = st.next_seq();
            let e = self.entry_mut(st, key);
            Self::check_type(e, tag)?;
            let replaced = e.write_confirmed(data, seq, true, now);
            st.notify.bury(replaced);
            Self::mark_dirty(st, key);
            Self::emit_in(st, now, CacheEvent::DataSet { key: key.clone() });
            Ok(())
        });
        // Apps often drop this error (`let _ =`): say it where a developer looks.
        #[cfg(debug_assertions)]
        if let Err(CacheError::TypeMismatch {
            key,
            stored,
            requested,
        }) = &written
        {
            crate::warn::type_mismatch("set_query_data", key, stored, requested);
        }
        written
    }

    /// Keys of the cached queries the filter matches, sorted.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient, QueryFilter};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_query_data(&keys!["todos", 1], 1_u8).unwrap();
    /// client.set_query_data(&keys!["users"], 1_u8).unwrap();
    /// assert_eq!(client.query_keys(&QueryFilter::key(keys!["todos"])), vec![keys!["todos", 1]]);
    /// ```
    pub fn query_keys(&self, filter: &QueryFilter) -> Vec<QueryKey> {
        self.matching_keys(filter)
    }

    /// Marks matching queries stale and refetches the observed ones (an in-flight fetch
    /// is restarted, since it may predate the change that made the data stale).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient, QueryFilter};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_query_data(&keys!["todos"], 1_u8).unwrap();
    /// client.invalidate_queries(&QueryFilter::key(keys!["todos"]));
    /// assert!(client.inspect(&keys!["todos"]).unwrap().invalidated);
    /// ```
    pub fn invalidate_queries(&self, filter: &QueryFilter) {
        let keys = self.matching_keys(filter);
        self.batch(|| {
            let observed = {
                let now = self.now();
                let mut guard = self.st();
                let st = &mut *guard;
                // The data changed somewhere (a server push, another tab, a settled
                // call): a point on the timeline, so a fetch sent before it is restarted
                // rather than joined, its answer may predate the change.
                if !keys.is_empty() {
                    st.next_seq();
                }
                let mut observed = Vec::new();
                for k in &keys {
                    let Some(e) = st.queries.entries.get_mut(k) else {
                        continue;
                    };
                    e.invalidated = true;
                    if e.has_enabled_observer() {
                        observed.push(k.clone());
                    }
                    Self::mark_dirty(st, k);
                    Self::emit_in(st, now, CacheEvent::Invalidated { key: k.clone() });
                }
                observed
            };
            for k in observed {
                self.start_fetch(&k, true);
            }
        })
    }

    /// Brings matching queries back to their initial state, as TanStack's
    /// `resetQueries`: a running fetch is cancelled, the data and error are dropped (the
    /// entry holds its [`initial_data`](crate::QueryOptions::initial_data) again, if it
    /// has some), and the queries observed by an enabled observer are fetched again.
    /// Layers of pending mutations stay: they still describe the user's intent.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryFilter, QueryObserver, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let opts = QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(5) }).initial_data(0);
    /// let obs = QueryObserver::new(&client, opts).unwrap();
    /// rt.run();
    /// assert_eq!(obs.result().data.as_deref(), Some(&5));
    /// client.reset_queries(&QueryFilter::key(keys!["n"]));
    /// assert_eq!(obs.result().data.as_deref(), Some(&0), "back to the initial data");
    /// assert!(obs.result().is_fetching(), "and fetched again");
    /// rt.run();
    /// assert_eq!(obs.result().data.as_deref(), Some(&5));
    /// ```
    pub fn reset_queries(&self, filter: &QueryFilter) {
        let keys = self.matching_keys(filter);
        self.batch(|| {
            for k in &keys {
                self.cancel_fetch(k, crate::error::AbortReason::Cancelled);
                let now = self.now();
                let mut guard = self.st();
                let st = &mut *guard;
                let seq = st.next_seq();
                if let Some(e) = st.queries.entries.get_mut(k) {
                    let old = e.reset_data(seq);
                    st.notify.bury(old);
                    Self::mark_dirty(st, k);
                    Self::emit_in(st, now, CacheEvent::Reset { key: k.clone() });
                }
            }
            for k in &keys {
                self.seed_initial_data(k);
            }
            let observed: Vec<&QueryKey> = {
                let st = self.st();
                keys.iter()
                    .filter(|k| {
                        st.queries
                            .entries
                            .get(*k)
                            .is_some_and(|e| e.has_enabled_observer())
                    })
                    .collect()
            };
            for k in observed {
                self.start_fetch(k, true);
            }
        })
    }

    /// Refetches every matching query that has a fetcher (observed or not).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient, QueryFilter};
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
        let keys = self.matching_keys(filter);
        self.batch(|| keys.iter().for_each(&mut f))
    }

    /// Cancels in-flight fetches of matching queries; their data and status return to
    /// what they were before the fetch.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{testing::TestRuntime, QueryClient, QueryFilter};
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
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient, QueryFilter};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_query_data(&keys!["a"], 1_u8).unwrap();
    /// client.remove_queries(&QueryFilter::all());
    /// assert!(client.inspect(&keys!["a"]).is_none());
    /// ```
    pub fn remove_queries(&self, filter: &QueryFilter) {
        self.each_matching(filter, |k| {
            self.cancel_fetch(k, crate::error::AbortReason::Removed);
            let mut guard = self.st();
            let st = &mut *guard;
            let keep = st
                .queries
                .entries
                .get(k)
                .is_some_and(|e| !e.observers.is_empty() || !e.layers.is_empty());
            if keep {
                let seq = st.next_seq();
                if let Some(e) = st.queries.entries.get_mut(k) {
                    let old = e.reset_data(seq);
                    st.notify.bury(old);
                }
                Self::mark_dirty(st, k);
            } else if let Some(entry) = st.queries.entries.remove(k) {
                st.notify.note(|| CacheChange::QueryRemoved(k.clone()));
                st.notify.bury(entry);
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
        self.st().network.online
    }

    /// Tells the client the network state changed. Going online wakes paused fetches,
    /// replays paused mutations one at a time in the order they were submitted, and
    /// refetches observed queries as their `refetch_on_reconnect` asks (stale ones by
    /// default, fresh ones too with [`Refetch::Always`](crate::Refetch::Always)).
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
                let mut guard = self.st();
                let st = &mut *guard;
                if st.network.online == online {
                    return;
                }
                st.network.online = online;
                Self::emit_in(st, now, CacheEvent::OnlineChanged { online });
                if online {
                    std::mem::take(&mut st.network.online_waiters)
                } else {
                    Vec::new()
                }
            };
            if !online {
                // Calls waiting out a back-off after an unknown outcome pause now (the
                // failure came in the instant before the page knew it was offline):
                // they show as paused, spend no resend, and go again on reconnect.
                self.pause_waiting_calls();
            }
            if online {
                for w in waiters {
                    let _ = w.send(());
                }
                self.resume_next_paused();
                self.refetch_observed(|o| o.refetch_on_reconnect());
            }
        })
    }

    /// Tells the client whether the window has focus; regaining it refetches observed
    /// queries as their `refetch_on_window_focus` asks (stale ones by default, fresh ones
    /// too with [`Refetch::Always`](crate::Refetch::Always)).
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_focused(true);
    /// ```
    pub fn set_focused(&self, focused: bool) {
        let was = std::mem::replace(&mut self.st().network.focused, focused);
        if focused && !was {
            self.batch(|| self.refetch_observed(|o| o.refetch_on_focus()));
        }
    }

    /// Tells the client whether the page is visible (not a background tab, not a
    /// minimised window). Interval refetches pause while it is hidden, unless a query
    /// asks for `refetch_interval_in_background`; losing focus alone does not pause them.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_visible(false); // the tab went to the background
    /// ```
    pub fn set_visible(&self, visible: bool) {
        self.st().network.visible = visible;
    }

    /// Whether the page is visible (interval refetches pause while it is not).
    pub(crate) fn is_visible(&self) -> bool {
        self.st().network.visible
    }

    /// Refetches the queries one of whose enabled observers wants it (`when` reads the
    /// observer's setting for this event: stale data only, never, or always).
    fn refetch_observed(
        &self,
        when: impl Fn(&dyn crate::observer::ErasedObserver) -> crate::query_options::Refetch,
    ) {
        let keys: Vec<QueryKey> = {
            let now = self.now();
            let st = self.st();
            st.queries
                .entries
                .values()
                .filter(|e| e.spec.is_some())
                .filter(|e| {
                    let stale = e.is_stale(now);
                    e.observers
                        .iter()
                        .any(|(_, o)| o.enabled() && when(o.as_ref()).wants(stale))
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
        if st.network.online {
            let _ = tx.send(());
        } else {
            st.network.online_waiters.push(tx);
        }
        rx
    }

    /// When `key`'s confirmed data was last written (an answer, or `set_query_data`), by
    /// the client's clock: TanStack's `dataUpdatedAt`. `None` for a key with no data. O(1),
    /// so a caller can tell whether anything new is there before it reads the data.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// assert_eq!(client.data_updated_at(&keys!["n"]), None);
    /// client.set_query_data(&keys!["n"], 3_i32).unwrap();
    /// assert_eq!(client.data_updated_at(&keys!["n"]), Some(rt.now()));
    /// ```
    pub fn data_updated_at(&self, key: &QueryKey) -> Option<Millis> {
        self.st().queries.entries.get(key)?.data_updated_at
    }

    /// What the entry of `key` holds: confirmed data, layers and visible data.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_query_data(&keys!["n"], 3_i32).unwrap();
    /// let snap = client.inspect(&keys!["n"]).unwrap();
    /// assert!(snap.layers.is_empty());
    /// assert_eq!(snap.visible.unwrap().downcast_ref::<i32>(), Some(&3));
    /// ```
    pub fn inspect(&self, key: &QueryKey) -> Option<EntrySnapshot> {
        self.compact(key);
        let visible = self.visible_of(key);
        let st = self.st();
        let e = st.queries.entries.get(key)?;
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
            visible,
            status: e.status,
            fetch_status: e.fetch_status,
            observers: e.observers.len(),
            invalidated: e.invalidated,
            data_updated_at: e.data_updated_at,
            meta: e.spec.as_ref().and_then(|s| s.meta.clone()),
        })
    }

    /// Calls `listener` with every cache event, after the operation that caused it.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient};
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
            |st| &mut st.notify.event_listeners,
            Rc::new(listener) as EventListener,
        )
    }

    /// Adds `listener` to the list `of` picks in the state; the subscription removes it.
    /// The removed listener is dropped after the borrow: its closure may own another
    /// subscription or an observer, whose own drop calls back into the client.
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
                c.batch(|| {
                    let mut st = c.st();
                    let list = of(&mut st);
                    if let Some(pos) = list.iter().position(|(i, _)| *i == id) {
                        let removed = list.remove(pos);
                        st.notify.bury(removed);
                    }
                });
            }
        })
    }

    /// Calls `listener` after any operation that changed any query (data, status, fetch
    /// status), once per operation; for `use_is_fetching` and devtools.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient};
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
        self.listen(
            |st| &mut st.notify.query_listeners,
            Rc::new(listener) as Listener,
        )
    }

    /// Calls `listener` after any operation that changed any mutation.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// let _sub = client.subscribe_mutations(|| println!("mutations changed"));
    /// ```
    pub fn subscribe_mutations(&self, listener: impl Fn() + 'static) -> Subscription {
        self.listen(
            |st| &mut st.notify.mutation_listeners,
            Rc::new(listener) as Listener,
        )
    }

    /// The most recent events (up to `config.event_history`), oldest first.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.set_query_data(&keys!["a"], 1_u8).unwrap();
    /// assert_eq!(client.recent_events().len(), 1);
    /// ```
    pub fn recent_events(&self) -> Vec<TimedEvent> {
        self.st()
            .notify
            .history
            .iter()
            .map(|e| TimedEvent::clone(e))
            .collect()
    }

    /// How many fetches this client has sent (retries count once each); for tests and
    /// devtools.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, QueryClient};
    /// assert_eq!(QueryClient::new(TestRuntime::new().runtime()).fetch_count(), 0);
    /// ```
    pub fn fetch_count(&self) -> u64 {
        self.st().queries.fetches_started
    }

    /// Number of queries fetching now (TanStack's `useIsFetching`).
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, QueryClient, QueryFilter};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// assert_eq!(client.is_fetching(&QueryFilter::all()), 0);
    /// ```
    pub fn is_fetching(&self, filter: &QueryFilter) -> usize {
        let keys = self.matching_keys(filter);
        let st = self.st();
        keys.iter()
            .filter(|k| {
                st.queries
                    .entries
                    .get(*k)
                    .is_some_and(|e| e.fetch_status == FetchStatus::Fetching)
            })
            .count()
    }

    /// The mutations a filter matches, oldest first (for `use_mutation_state`).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{testing::TestRuntime, FetchError, MutationFilter, MutationObserver, MutationOptions, MutationStatus, QueryClient};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let m = MutationObserver::new(&client, MutationOptions::new(|n: u8, _| async move { Ok::<u8, FetchError>(n) }));
    /// m.mutate(1);
    /// let pending = client.mutation_infos(&MutationFilter::default().status(MutationStatus::Pending));
    /// assert_eq!(pending.len(), 1);
    /// ```
    pub fn mutation_infos(&self, filter: &MutationFilter) -> Vec<MutationInfo> {
        self.st()
            .mutations
            .records
            .iter()
            .filter(|(_, r)| filter.matches(r))
            .map(|(id, r)| MutationInfo::of(*id, r))
            .collect()
    }

    /// Forgets a settled mutation (a user dismissed its error); `false` when it is still
    /// unsettled (it cannot be dropped while its layers are live) or unknown.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{testing::TestRuntime, FetchError, MutationFilter, MutationObserver, MutationOptions, QueryClient, RetryPolicy};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let m = MutationObserver::new(&client, MutationOptions::new(|_: (), _| async { Err::<(), FetchError>(FetchError::App("no".into())) }).retry(RetryPolicy::never()));
    /// let id = m.mutate(());
    /// assert!(!client.dismiss_mutation(id), "still pending");
    /// rt.run();
    /// assert!(client.dismiss_mutation(id));
    /// assert!(client.mutation_infos(&MutationFilter::default()).is_empty());
    /// ```
    pub fn dismiss_mutation(&self, id: MutationId) -> bool {
        self.batch(|| {
            let mut guard = self.st();
            let st = &mut *guard;
            let settled = st
                .mutations
                .records
                .get(&id)
                .is_some_and(|r| !r.state.status.is_unsettled());
            if settled {
                if let Some(r) = st.mutations.records.remove(&id) {
                    st.notify.note(|| CacheChange::MutationRemoved(id));
                    st.notify.bury(r);
                }
                // Listeners of the mutation cache must hear that it is gone.
                st.notify.dirty_mutations.insert(id);
            }
            settled
        })
    }

    /// How many unsettled mutations the filter matches (TanStack's `useIsMutating`).
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, MutationFilter, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// assert_eq!(client.is_mutating(&MutationFilter::default()), 0);
    /// ```
    pub fn is_mutating(&self, filter: &MutationFilter) -> usize {
        self.st()
            .mutations
            .unsettled_records()
            .filter(|(_, r)| filter.matches(r))
            .count()
    }
}
