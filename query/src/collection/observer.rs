//! Watching a collection query row by row: who hears about which change.

use super::data::{Collection, RowChange};
use super::live::{LiveQuery, ViewSink};
use super::subscription::{listen, CollectionSubscription, Listener, Listeners};
use crate::client::QueryClient;
use crate::entry::{FetchStatus, QueryStatus};
use crate::error::{CacheError, FetchError};
use crate::observer::QueryObserver;
use crate::query_options::QueryOptions;
use crate::query_result::QueryResult;
use std::cell::{RefCell, RefMut};
use std::collections::BTreeMap;
use std::fmt;
use std::rc::{Rc, Weak};

/// One changed row: `(key, before, after)`.
pub(crate) type RowDelta<K, V> = (K, Option<Rc<V>>, Option<Rc<V>>);
/// Listed keys, with the version they were read from.
type KeysOf<K, V> = (Rc<Collection<K, V>>, Rc<[K]>);

/// What changed between the version a collection's subscribers last saw and the next.
pub(crate) enum Delta<'a, K, V> {
    /// No diff is possible (the data came or went): views rebuild from this version.
    Reset(Option<&'a Collection<K, V>>),
    /// These rows changed: `(key, before, after)`.
    Rows(&'a [RowDelta<K, V>]),
}

struct HubState<K, V, E> {
    shown: Option<Rc<Collection<K, V>>>,
    status: (QueryStatus, Option<FetchError<E>>),
    fetch_status: FetchStatus,
    /// The keys, with the version they were read from.
    keys: Option<KeysOf<K, V>>,
    next_id: u64,
    rows: BTreeMap<K, Listeners>,
    list: Listeners,
    fetching: Listeners,
    views: Vec<(u64, Weak<dyn ViewSink<K, V>>)>,
}

struct Hub<K, V, E> {
    query: QueryObserver<Collection<K, V>, E>,
    state: RefCell<HubState<K, V, E>>,
}

/// Watches a query whose data is a [`Collection`] and tells each subscriber only about
/// what it reads: a row subscriber when its row's value changes, a list subscriber when
/// the set of keys (or the query's status or error) changes, a [`LiveQuery`] when its
/// filtered, sorted keys change. Each new version is compared with the last one seen,
/// skipping the nodes they share: a toggle of one row of 10,000 costs that row's work.
///
/// Clones share one observer (compare them with `==`: same observer); the query is
/// fetched and kept as any query with an observer.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
/// let rt = TestRuntime::new();
/// let client = QueryClient::new(rt.runtime());
/// let rows = CollectionObserver::new(&client, QueryOptions::new(keys!["rows"], |_| async {
///     Ok::<_, FetchError>(Collection::from_rows(["a", "b"], |s| s.to_string()))
/// })).unwrap();
/// rt.run();
/// assert_eq!(&*rows.keys(), ["a".to_string(), "b".to_string()]);
/// ```
pub struct CollectionObserver<K, V, E = String> {
    hub: Rc<Hub<K, V, E>>,
}

impl<K, V, E> Clone for CollectionObserver<K, V, E> {
    fn clone(&self) -> Self {
        CollectionObserver {
            hub: self.hub.clone(),
        }
    }
}

impl<K, V, E> PartialEq for CollectionObserver<K, V, E> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.hub, &other.hub)
    }
}

impl<K, V, E> fmt::Debug for CollectionObserver<K, V, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CollectionObserver")
    }
}

impl<K, V, E> CollectionObserver<K, V, E>
where
    K: Ord + Clone + 'static,
    V: PartialEq + 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
{
    /// Observes the collection query `options` describes (fetching it when missing or
    /// stale, as [`QueryObserver`] does). Its answers keep the rows they share with the
    /// cached collection ([`Collection::share_from`] as the query's
    /// [`structural_sharing`](QueryOptions::structural_sharing)), so a refetch is compared
    /// in O(changed rows · log n).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let rows = CollectionObserver::new(&client, QueryOptions::new(keys!["n"], |_| async {
    ///     Ok::<_, FetchError>(Collection::from_rows(1..=3_u8, |n| *n))
    /// })).unwrap();
    /// assert!(rows.result().is_loading());
    /// rt.run();
    /// assert_eq!(rows.len(), 3);
    /// ```
    pub fn new(
        client: &QueryClient,
        options: QueryOptions<Collection<K, V>, E>,
    ) -> Result<Self, CacheError> {
        let query = QueryObserver::new(client, share_rows(options))?;
        let first = query.result();
        let hub = Rc::new(Hub {
            state: RefCell::new(HubState {
                shown: first.data.clone(),
                status: (first.status, first.error.clone()),
                fetch_status: first.fetch_status,
                keys: None,
                next_id: 0,
                rows: BTreeMap::new(),
                list: Listeners::default(),
                fetching: Listeners::default(),
                views: Vec::new(),
            }),
            query,
        });
        let weak = Rc::downgrade(&hub);
        hub.query.subscribe(move || {
            if let Some(hub) = weak.upgrade() {
                hub.deliver();
            }
        });
        Ok(CollectionObserver { hub })
    }

    /// Applies new options for the same key (new closures or flags on a re-render).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let opts = QueryOptions::new(keys!["n"], |_| async { Ok::<_, FetchError>(Collection::from_rows([1_u8], |n| *n)) });
    /// let rows = CollectionObserver::new(&client, opts.clone().enabled(false)).unwrap();
    /// rt.run();
    /// rows.set_options(opts).unwrap();
    /// rt.run();
    /// assert_eq!(rows.len(), 1);
    /// ```
    pub fn set_options(
        &self,
        options: QueryOptions<Collection<K, V>, E>,
    ) -> Result<(), CacheError> {
        self.hub.query.set_options(share_rows(options), Rc::clone)?;
        // A new observer reading may have seen a change the listener was not told of.
        self.hub.deliver();
        Ok(())
    }

    /// The query's result: status, error, fetch state, and the whole collection.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let rows = CollectionObserver::new(&client, QueryOptions::new(keys!["n"], |_| async {
    ///     Err::<Collection<u8, u8>, FetchError>(FetchError::Http { status: 404, body: String::new() })
    /// })).unwrap();
    /// rt.run();
    /// assert!(rows.result().error.is_some());
    /// ```
    pub fn result(&self) -> QueryResult<Rc<Collection<K, V>>, E> {
        self.hub.query.result()
    }

    /// The collection as subscribers last heard of it.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let rows = CollectionObserver::new(&client, QueryOptions::new(keys!["n"], |_| async {
    ///     Ok::<_, FetchError>(Collection::from_rows([1_u8], |n| *n))
    /// })).unwrap();
    /// assert!(rows.data().is_none());
    /// rt.run();
    /// assert!(rows.data().is_some());
    /// ```
    pub fn data(&self) -> Option<Rc<Collection<K, V>>> {
        // The query's current version, also from another collection's listener that runs
        // before this one's (a transaction changed both).
        self.hub.query.result().data
    }

    /// The row under `key` as subscribers last heard of it. O(log n).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let rows = CollectionObserver::new(&client, QueryOptions::new(keys!["n"], |_| async {
    ///     Ok::<_, FetchError>(Collection::from_rows([(1_u8, "one")], |r| r.0))
    /// })).unwrap();
    /// rt.run();
    /// assert_eq!(rows.row(&1).map(|r| r.1), Some("one"));
    /// ```
    pub fn row(&self, key: &K) -> Option<Rc<V>> {
        self.data().and_then(|c| c.get(key).cloned())
    }

    /// The keys, in order (computed once per change of the set of keys).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let rows = CollectionObserver::new(&client, QueryOptions::new(keys!["n"], |_| async {
    ///     Ok::<_, FetchError>(Collection::from_rows([3_u8, 1], |n| *n))
    /// })).unwrap();
    /// rt.run();
    /// assert_eq!(&*rows.keys(), [1, 3]);
    /// ```
    pub fn keys(&self) -> Rc<[K]> {
        let Some(data) = self.data() else {
            return Rc::from(Vec::new());
        };
        let mut st = self.hub.state.borrow_mut();
        if let Some((from, keys)) = &st.keys {
            if Rc::ptr_eq(from, &data) {
                return keys.clone();
            }
        }
        let keys: Rc<[K]> = data.keys().cloned().collect();
        st.keys = Some((data, keys.clone()));
        keys
    }

    /// Number of rows shown.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let rows = CollectionObserver::new(&client, QueryOptions::new(keys!["n"], |_| async {
    ///     Ok::<_, FetchError>(Collection::from_rows([3_u8, 1], |n| *n))
    /// })).unwrap();
    /// assert_eq!(rows.len(), 0);
    /// rt.run();
    /// assert_eq!(rows.len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.data().map_or(0, |c| c.len())
    }

    /// Whether no row is shown.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let rows = CollectionObserver::new(&client, QueryOptions::new(keys!["n"], |_| async {
    ///     Ok::<_, FetchError>(Collection::<u8, u8>::new())
    /// })).unwrap();
    /// rt.run();
    /// assert!(rows.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Calls `listener` when the row under `key` changes value, appears or goes; never
    /// for another row.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
    /// use std::{cell::Cell, rc::Rc};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let rows = CollectionObserver::new(&client, QueryOptions::new(keys!["n"], |_| async {
    ///     Ok::<_, FetchError>(Collection::from_rows([(1_u8, 0_u32), (2, 0)], |r| r.0))
    /// })).unwrap();
    /// rt.run();
    /// let told = Rc::new(Cell::new(0));
    /// let t = told.clone();
    /// let _sub = rows.subscribe_row(1, move || t.set(t.get() + 1));
    /// client.update_query_data(&keys!["n"], |c: &Collection<u8, (u8, u32)>| {
    ///     let mut c = c.clone();
    ///     c.update(&2, |r| r.1 += 1);
    ///     c
    /// }).unwrap();
    /// assert_eq!(told.get(), 0);
    /// ```
    pub fn subscribe_row(&self, key: K, listener: impl Fn() + 'static) -> CollectionSubscription {
        let id = {
            let mut st = self.hub.state.borrow_mut();
            let rows = st.rows.entry(key.clone()).or_default();
            rows.add(Rc::new(listener))
        };
        let weak = Rc::downgrade(&self.hub);
        CollectionSubscription::new(move || {
            let Some(hub) = weak.upgrade() else { return };
            let removed = {
                let mut st = hub.state.borrow_mut();
                let Some(rows) = st.rows.get_mut(&key) else {
                    return;
                };
                let removed = rows.remove(id);
                if rows.is_empty() {
                    st.rows.remove(&key);
                }
                removed
            };
            drop(removed);
        })
    }

    /// Calls `listener` when the set of keys changes (a row added or removed), or the
    /// query's status or error does: what a list of row components renders from.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
    /// use std::{cell::Cell, rc::Rc};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let rows = CollectionObserver::new(&client, QueryOptions::new(keys!["n"], |_| async {
    ///     Ok::<_, FetchError>(Collection::from_rows([1_u8], |n| *n))
    /// })).unwrap();
    /// let told = Rc::new(Cell::new(0));
    /// let t = told.clone();
    /// let _sub = rows.subscribe_keys(move || t.set(t.get() + 1));
    /// rt.run();
    /// assert_eq!(told.get(), 1, "loaded: status and keys in one notification");
    /// ```
    pub fn subscribe_keys(&self, listener: impl Fn() + 'static) -> CollectionSubscription {
        listen(
            &self.hub,
            |hub| RefMut::map(hub.state.borrow_mut(), |st| &mut st.list),
            Rc::new(listener),
        )
    }

    /// Calls `listener` when the query's fetch status changes (fetching, paused, idle):
    /// for a busy indicator, which then renders without the list.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
    /// use std::{cell::Cell, rc::Rc};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let rows = CollectionObserver::new(&client, QueryOptions::new(keys!["n"], |_| async {
    ///     Ok::<_, FetchError>(Collection::from_rows([1_u8], |n| *n))
    /// })).unwrap();
    /// rt.run();
    /// let told = Rc::new(Cell::new(0));
    /// let t = told.clone();
    /// let _sub = rows.subscribe_fetching(move || t.set(t.get() + 1));
    /// rows.refetch();
    /// rt.run();
    /// assert_eq!(told.get(), 2, "fetching, then idle");
    /// ```
    pub fn subscribe_fetching(&self, listener: impl Fn() + 'static) -> CollectionSubscription {
        listen(
            &self.hub,
            |hub| RefMut::map(hub.state.borrow_mut(), |st| &mut st.fetching),
            Rc::new(listener),
        )
    }

    /// A live view: the keys of the rows `filter` keeps, ordered by `sort` (then by key),
    /// kept up to date from the changed rows only (O(changed · log n) a change).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let todos = CollectionObserver::new(&client, QueryOptions::new(keys!["todos"], |_| async {
    ///     Ok::<_, FetchError>(Collection::from_rows([(1_u8, "b", false), (2, "a", false), (3, "c", true)], |t| t.0))
    /// })).unwrap();
    /// rt.run();
    /// let open_by_title = todos.live(|t| !t.2, |t| t.1);
    /// assert_eq!(&*open_by_title.keys(), [2, 1]);
    /// ```
    pub fn live<S: Ord + Clone + 'static>(
        &self,
        filter: impl Fn(&V) -> bool + 'static,
        sort: impl Fn(&V) -> S + 'static,
    ) -> LiveQuery<K, V, S> {
        let shown = self.data();
        let view = LiveQuery::build(shown.as_deref(), Box::new(filter), Box::new(sort));
        let id = {
            let mut st = self.hub.state.borrow_mut();
            let id = st.next();
            st.views.push((id, view.sink()));
            id
        };
        let weak = Rc::downgrade(&self.hub);
        view.link(CollectionSubscription::new(move || {
            let Some(hub) = weak.upgrade() else { return };
            let removed = {
                let mut st = hub.state.borrow_mut();
                let pos = st.views.iter().position(|(i, _)| *i == id);
                pos.map(|p| st.views.swap_remove(p))
            };
            drop(removed);
        }))
    }

    /// Refetches now, even when fresh.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let rows = CollectionObserver::new(&client, QueryOptions::new(keys!["n"], |_| async {
    ///     Ok::<_, FetchError>(Collection::<u8, u8>::new())
    /// })).unwrap();
    /// rt.run();
    /// rows.refetch();
    /// rt.run();
    /// assert_eq!(client.fetch_count(), 2);
    /// ```
    pub fn refetch(&self) {
        self.hub.query.refetch();
    }
}

/// A collection query whose answers keep the rows they share with the cached version.
fn share_rows<K, V, E>(
    options: QueryOptions<Collection<K, V>, E>,
) -> QueryOptions<Collection<K, V>, E>
where
    K: Ord + Clone + 'static,
    V: PartialEq + 'static,
{
    // A query made with `QueryOptions::collection` already builds its answers into the
    // cached collection.
    if options.spec.finish.is_some() {
        return options;
    }
    options.structural_sharing(|cached: &Collection<K, V>, answer: &Collection<K, V>| {
        cached.share_from(answer)
    })
}

impl<K, V, E> HubState<K, V, E> {
    fn next(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }
}

impl<K, V, E> Hub<K, V, E>
where
    K: Ord + Clone + 'static,
    V: PartialEq + 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
{
    /// Compares the query's new result with what subscribers last heard of and tells
    /// each one whose part changed. Runs with no borrow of the client held (the
    /// observer's listener is called after delivery); rows are compared, and views'
    /// filters run, with no borrow of this hub held either.
    fn deliver(&self) {
        let result = self.query.result();
        let status = (result.status, result.error);
        let (old, status_changed, fetching_changed) = {
            let mut st = self.state.borrow_mut();
            let old = std::mem::replace(&mut st.shown, result.data.clone());
            let changed = st.status != status;
            st.status = status;
            let fetching_changed = st.fetch_status != result.fetch_status;
            st.fetch_status = result.fetch_status;
            (old, changed, fetching_changed)
        };
        let new = result.data;
        let mut rows_changed: Vec<RowDelta<K, V>> = Vec::new();
        let (reset, keys_changed) = match (&old, &new) {
            (Some(a), Some(b)) if Rc::ptr_eq(a, b) || a.ptr_eq(b) => (false, false),
            (Some(a), Some(b)) => {
                let mut keys_changed = false;
                for change in a.diff(b) {
                    keys_changed |= !matches!(change, RowChange::Updated(..));
                    rows_changed.push(match change {
                        RowChange::Added(k, v) => (k.clone(), None, Some(v.clone())),
                        RowChange::Updated(k, o, n) => {
                            (k.clone(), Some(o.clone()), Some(n.clone()))
                        }
                        RowChange::Removed(k, v) => (k.clone(), Some(v.clone()), None),
                    });
                }
                (false, keys_changed)
            }
            (None, None) => (false, false),
            _ => (true, true),
        };
        let (row_listeners, list_listeners, views) = {
            let mut st = self.state.borrow_mut();
            // The same keys in a new version: carry them over rather than list them again.
            let carried = match (&st.keys, &new) {
                (Some((_, keys)), Some(new)) if !keys_changed => Some((new.clone(), keys.clone())),
                _ => None,
            };
            st.keys = carried;
            let mut row_listeners: Vec<Listener> = Vec::new();
            if reset {
                // Few rows subscribe before the data comes (or after it goes): tell each
                // whose row is there now or was there before.
                for (k, ls) in &st.rows {
                    let before = old.as_ref().and_then(|c| c.get(k));
                    let after = new.as_ref().and_then(|c| c.get(k));
                    if before.is_some() || after.is_some() {
                        ls.snapshot_into(&mut row_listeners);
                    }
                }
            } else {
                for (k, _, _) in &rows_changed {
                    if let Some(ls) = st.rows.get(k) {
                        ls.snapshot_into(&mut row_listeners);
                    }
                }
            }
            let mut list_listeners: Vec<Listener> = Vec::new();
            if keys_changed || status_changed {
                st.list.snapshot_into(&mut list_listeners);
            }
            if fetching_changed {
                st.fetching.snapshot_into(&mut list_listeners);
            }
            let views: Vec<Rc<dyn ViewSink<K, V>>> = if reset || !rows_changed.is_empty() {
                st.views.iter().filter_map(|(_, v)| v.upgrade()).collect()
            } else {
                Vec::new()
            };
            (row_listeners, list_listeners, views)
        };
        let delta = if reset {
            Delta::Reset(new.as_deref())
        } else {
            Delta::Rows(&rows_changed)
        };
        for view in &views {
            view.apply(&delta);
        }
        for l in row_listeners.iter().chain(list_listeners.iter()) {
            l();
        }
        drop((views, row_listeners, list_listeners, rows_changed, old));
    }
}
