//! Live queries: a filtered, sorted view of a collection kept up to date from the rows
//! that changed, never recomputed from scratch after the first time.

use super::data::Collection;
use super::observer::Delta;
use super::subscription::{listen, CollectionSubscription, Listener, Listeners};
use std::cell::{RefCell, RefMut};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::rc::{Rc, Weak};

type Filter<V> = Box<dyn Fn(&V) -> bool>;
type Sort<V, S> = Box<dyn Fn(&V) -> S>;

/// How the observer reaches a view without knowing its sort type.
pub(crate) trait ViewSink<K, V> {
    fn apply(&self, delta: &Delta<'_, K, V>);
}

struct ViewState<K, S> {
    /// The members in view order: (sort key, key).
    order: BTreeSet<(S, K)>,
    /// Each member's sort key, to find its place when it changes or goes.
    member: BTreeMap<K, S>,
    keys: Option<Rc<[K]>>,
    listeners: Listeners,
}

struct View<K, V, S> {
    filter: Filter<V>,
    sort: Sort<V, S>,
    state: RefCell<ViewState<K, S>>,
}

/// A filtered, sorted view of a collection (e.g. "not done, by title"; "the cards of
/// column 3, by position"), from [`CollectionObserver::live`](super::CollectionObserver::live).
/// A change of k rows costs O(k · log n): the view re-files only those rows, and tells its
/// subscribers only when its keys (their set or order) changed. Rows are read and watched
/// through the collection's observer, so a row's subscriber hears of its row alone.
/// Dropping the view detaches it.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
/// use std::{cell::Cell, rc::Rc};
/// let rt = TestRuntime::new();
/// let client = QueryClient::new(rt.runtime());
/// let cards = CollectionObserver::new(&client, QueryOptions::new(keys!["cards"], |_| async {
///     // (id, column, position)
///     Ok::<_, FetchError>(Collection::from_rows([(1_u32, 0_u8, 2_u32), (2, 0, 1), (3, 1, 1)], |c| c.0))
/// })).unwrap();
/// rt.run();
/// let column0 = cards.live(|c| c.1 == 0, |c| c.2);
/// assert_eq!(&*column0.keys(), [2, 1]);
/// let told = Rc::new(Cell::new(0));
/// let t = told.clone();
/// let _sub = column0.subscribe(move || t.set(t.get() + 1));
/// client.update_query_data(&keys!["cards"], |c: &Collection<u32, (u32, u8, u32)>| {
///     let mut c = c.clone();
///     c.update(&3, |card| card.2 = 5); // another column: this view is not told
///     c
/// }).unwrap();
/// assert_eq!(told.get(), 0);
/// ```
pub struct LiveQuery<K, V, S> {
    view: Rc<View<K, V, S>>,
    _link: Option<CollectionSubscription>,
}

impl<K, V, S> fmt::Debug for LiveQuery<K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "LiveQuery({} rows)",
            self.view.state.borrow().member.len()
        )
    }
}

impl<K, V, S> PartialEq for LiveQuery<K, V, S> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.view, &other.view)
    }
}

impl<K, V, S> LiveQuery<K, V, S>
where
    K: Ord + Clone + 'static,
    V: 'static,
    S: Ord + Clone + 'static,
{
    pub(crate) fn build(
        rows: Option<&Collection<K, V>>,
        filter: Filter<V>,
        sort: Sort<V, S>,
    ) -> Self {
        let view = View {
            filter,
            sort,
            state: RefCell::new(ViewState {
                order: BTreeSet::new(),
                member: BTreeMap::new(),
                keys: None,
                listeners: Listeners::default(),
            }),
        };
        let (order, member) = view.file_all(rows);
        {
            let mut st = view.state.borrow_mut();
            st.order = order;
            st.member = member;
        }
        LiveQuery {
            view: Rc::new(view),
            _link: None,
        }
    }

    pub(crate) fn sink(&self) -> Weak<dyn ViewSink<K, V>> {
        let rc: Rc<dyn ViewSink<K, V>> = self.view.clone();
        Rc::downgrade(&rc)
    }

    pub(crate) fn link(mut self, link: CollectionSubscription) -> Self {
        self._link = Some(link);
        self
    }

    /// The keys in the view, in its order (computed once per change of the view).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let n = CollectionObserver::new(&client, QueryOptions::new(keys!["n"], |_| async {
    ///     Ok::<_, FetchError>(Collection::from_rows(1..=6_u8, |n| *n))
    /// })).unwrap();
    /// rt.run();
    /// let even_desc = n.live(|n| n % 2 == 0, |n| std::cmp::Reverse(*n));
    /// assert_eq!(&*even_desc.keys(), [6, 4, 2]);
    /// ```
    pub fn keys(&self) -> Rc<[K]> {
        let mut st = self.view.state.borrow_mut();
        if let Some(keys) = &st.keys {
            return keys.clone();
        }
        let keys: Rc<[K]> = st.order.iter().map(|(_, k)| k.clone()).collect();
        st.keys = Some(keys.clone());
        keys
    }

    /// The first key in the view's order. O(log n).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let n = CollectionObserver::new(&client, QueryOptions::new(keys!["n"], |_| async {
    ///     Ok::<_, FetchError>(Collection::from_rows(1..=6_u8, |n| *n))
    /// })).unwrap();
    /// rt.run();
    /// let odd = n.live(|n| n % 2 == 1, |n| *n);
    /// assert_eq!((odd.first(), odd.last()), (Some(1), Some(5)));
    /// ```
    pub fn first(&self) -> Option<K> {
        self.view
            .state
            .borrow()
            .order
            .first()
            .map(|(_, k)| k.clone())
    }

    /// The last key in the view's order (where an appended row goes). O(log n).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let n = CollectionObserver::new(&client, QueryOptions::new(keys!["n"], |_| async {
    ///     Ok::<_, FetchError>(Collection::from_rows(1..=6_u8, |n| *n))
    /// })).unwrap();
    /// rt.run();
    /// assert_eq!(n.live(|_| true, |n| std::cmp::Reverse(*n)).last(), Some(1));
    /// ```
    pub fn last(&self) -> Option<K> {
        self.view
            .state
            .borrow()
            .order
            .last()
            .map(|(_, k)| k.clone())
    }

    /// Number of rows in the view.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let n = CollectionObserver::new(&client, QueryOptions::new(keys!["n"], |_| async {
    ///     Ok::<_, FetchError>(Collection::from_rows(1..=6_u8, |n| *n))
    /// })).unwrap();
    /// rt.run();
    /// assert_eq!(n.live(|n| *n > 4, |n| *n).len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.view.state.borrow().member.len()
    }

    /// Whether the view holds no row.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let n = CollectionObserver::new(&client, QueryOptions::new(keys!["n"], |_| async {
    ///     Ok::<_, FetchError>(Collection::from_rows(1..=6_u8, |n| *n))
    /// })).unwrap();
    /// rt.run();
    /// assert!(n.live(|n| *n > 9, |n| *n).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Calls `listener` when the view's keys change: a row comes in, goes out, or moves.
    /// A change of a row that stays in place is not told here (its row subscribers
    /// hear of it).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
    /// use std::{cell::Cell, rc::Rc};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let n = CollectionObserver::new(&client, QueryOptions::new(keys!["n"], |_| async {
    ///     Ok::<_, FetchError>(Collection::from_rows([(1_u8, false), (2, false)], |r| r.0))
    /// })).unwrap();
    /// rt.run();
    /// let done = n.live(|r| r.1, |r| r.0);
    /// let told = Rc::new(Cell::new(0));
    /// let t = told.clone();
    /// let _sub = done.subscribe(move || t.set(t.get() + 1));
    /// client.update_query_data(&keys!["n"], |c: &Collection<u8, (u8, bool)>| {
    ///     let mut c = c.clone();
    ///     c.update(&2, |r| r.1 = true);
    ///     c
    /// }).unwrap();
    /// assert_eq!((told.get(), &*done.keys()), (1, &[2][..]));
    /// ```
    pub fn subscribe(&self, listener: impl Fn() + 'static) -> CollectionSubscription {
        listen(
            &self.view,
            |view| RefMut::map(view.state.borrow_mut(), |st| &mut st.listeners),
            Rc::new(listener),
        )
    }
}

impl<K: Ord + Clone, V, S: Ord + Clone> View<K, V, S> {
    /// Files every row (the first time, and when the data came or went). The filter and
    /// sort are the app's code: they run with no borrow of the view held.
    fn file_all(&self, rows: Option<&Collection<K, V>>) -> (BTreeSet<(S, K)>, BTreeMap<K, S>) {
        let mut order = BTreeSet::new();
        let mut member = BTreeMap::new();
        for (k, v) in rows.into_iter().flat_map(|c| c.iter()) {
            if (self.filter)(v) {
                let s = (self.sort)(v);
                order.insert((s.clone(), k.clone()));
                member.insert(k.clone(), s);
            }
        }
        (order, member)
    }
}

type Neighbours<K> = (Option<K>, Option<K>);

/// The keys just before and just after `(s, k)` in the view's order.
fn neighbours<K: Ord + Clone, S: Ord + Clone>(
    order: &BTreeSet<(S, K)>,
    s: &S,
    k: &K,
) -> Neighbours<K> {
    use std::ops::Bound::{Excluded, Unbounded};
    let at = (s.clone(), k.clone());
    let before = order
        .range((Unbounded, Excluded(&at)))
        .next_back()
        .map(|(_, k)| k.clone());
    let after = order
        .range((Excluded(&at), Unbounded))
        .next()
        .map(|(_, k)| k.clone());
    (before, after)
}

impl<K: Ord + Clone, V, S: Ord + Clone> ViewSink<K, V> for View<K, V, S> {
    fn apply(&self, delta: &Delta<'_, K, V>) {
        let changed = match delta {
            Delta::Reset(rows) => {
                let (order, member) = self.file_all(*rows);
                let mut st = self.state.borrow_mut();
                let changed = st.order != order;
                st.order = order;
                st.member = member;
                changed
            }
            Delta::Rows(rows) => {
                let placed: Vec<(&K, Option<S>)> = rows
                    .iter()
                    .map(|(k, _, after)| {
                        let place = after
                            .as_deref()
                            .filter(|v| (self.filter)(v))
                            .map(|v| (self.sort)(v));
                        (k, place)
                    })
                    .collect();
                let mut st = self.state.borrow_mut();
                let st = &mut *st;
                // A row whose sort key changed may still sit between the same two rows:
                // the view's order is unchanged unless a row came, went, or has another
                // neighbour than before.
                let mut changed = false;
                let mut moved: Vec<(&K, S, Neighbours<K>)> = Vec::new();
                for (k, place) in &placed {
                    let before = st.member.get(*k).cloned();
                    match (&before, place) {
                        (Some(b), Some(p)) if b != p => {
                            moved.push((k, p.clone(), neighbours(&st.order, b, k)));
                        }
                        (Some(_), None) | (None, Some(_)) => changed = true,
                        _ => {}
                    }
                }
                for (k, place) in placed {
                    let before = st.member.get(k).cloned();
                    if before == place {
                        continue;
                    }
                    if let Some(s) = before {
                        st.order.remove(&(s, k.clone()));
                        st.member.remove(k);
                    }
                    if let Some(s) = place {
                        st.order.insert((s.clone(), k.clone()));
                        st.member.insert(k.clone(), s);
                    }
                }
                changed |= moved
                    .into_iter()
                    .any(|(k, s, was)| neighbours(&st.order, &s, k) != was);
                changed
            }
        };
        if !changed {
            return;
        }
        let listeners: Vec<Listener> = {
            let mut st = self.state.borrow_mut();
            st.keys = None;
            let mut listeners = Vec::new();
            st.listeners.snapshot_into(&mut listeners);
            listeners
        };
        for l in &listeners {
            l();
        }
    }
}
