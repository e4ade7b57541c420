//! A list of queries of different data types, for
//! [`use_combined_queries`](crate::use_combined_queries): each query is kept behind one
//! small erased interface, so the hook is compiled once whatever the list holds (no
//! generic per length of the list, no tuple impls).

use super::query_slot::misuse;
use optimistic_query::{QueryClient, QueryKey, QueryObserver, QueryOptions, QueryResult};
use std::any::Any;
use std::fmt;
use std::marker::PhantomData;
use std::rc::Rc;

/// A result of the list, its types erased (a `QueryResult<Rc<T>, E>`), with what the hooks
/// read of every result whatever its types.
#[derive(Clone)]
pub(crate) struct AnyResult {
    pub(crate) result: Rc<dyn Any>,
    /// No data yet.
    pub(crate) pending: bool,
    /// Final for a suspended render: data, or a failure with no fetch running.
    pub(crate) settled: bool,
}

impl AnyResult {
    /// The result of a query that has none (an index past the list).
    pub(crate) fn none() -> Self {
        AnyResult {
            result: Rc::new(()),
            pending: false,
            settled: true,
        }
    }
}

fn erase<T: 'static, E: 'static>(result: QueryResult<Rc<T>, E>) -> AnyResult {
    AnyResult {
        pending: result.is_pending(),
        settled: super::use_suspense_query::settled(&result),
        result: Rc::new(result),
    }
}

/// A query waiting in the list, its types erased.
pub(crate) trait PendingQuery {
    fn key(&self) -> &QueryKey;
    /// Applies the options to `old` when it is this query's observer (of the same types),
    /// else makes an observer that calls `on_change`; with the observer's result, or the
    /// misuse result when the key holds another type.
    /// `suspense`: the query is read by a suspending hook, so it is always enabled.
    fn observe(
        self: Box<Self>,
        client: &QueryClient,
        old: Option<Rc<dyn ErasedQuery>>,
        on_change: Rc<dyn Fn()>,
        suspense: bool,
    ) -> (Option<Rc<dyn ErasedQuery>>, AnyResult);
}

/// An observer of the list, its types erased.
pub(crate) trait ErasedQuery {
    fn as_any(&self) -> &dyn Any;
    /// The observer's result.
    fn result(&self) -> AnyResult;
}

impl<T, E> ErasedQuery for QueryObserver<T, E>
where
    T: PartialEq + 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
{
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn result(&self) -> AnyResult {
        erase(QueryObserver::result(self))
    }
}

impl<T, E> PendingQuery for QueryOptions<T, E>
where
    T: PartialEq + 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
{
    fn key(&self) -> &QueryKey {
        QueryOptions::key(self)
    }

    fn observe(
        self: Box<Self>,
        client: &QueryClient,
        old: Option<Rc<dyn ErasedQuery>>,
        on_change: Rc<dyn Fn()>,
        suspense: bool,
    ) -> (Option<Rc<dyn ErasedQuery>>, AnyResult) {
        let options = if suspense {
            (*self).enabled(true)
        } else {
            *self
        };
        if let Some(old) = old {
            if let Some(observer) = old.as_any().downcast_ref::<QueryObserver<T, E>>() {
                let result: QueryResult<Rc<T>, E> = match observer.set_options(options, Rc::clone) {
                    Ok(()) => QueryObserver::result(observer),
                    Err(e) => misuse(Some(e)),
                };
                return (Some(old), erase(result));
            }
            // The same key with other types: a new observer (the old one goes with `old`).
        }
        match QueryObserver::new(client, options) {
            Ok(observer) => {
                observer.subscribe(move || on_change());
                let result = observer.result();
                (Some(Rc::new(observer)), erase(result))
            }
            Err(e) => (None, erase(misuse::<Rc<T>, E>(Some(e)))),
        }
    }
}

/// Queries of any data types, read together by
/// [`use_combined_queries`](crate::use_combined_queries) (TanStack's `useQueries` with
/// queries of mixed types). [`add`](Self::add) returns a typed [`QueryIndex`] to read that
/// query's result in the `combine` function.
///
/// ```
/// use yew_optimistic::{keys, FetchError, Queries, QueryOptions};
/// let mut queries = Queries::new();
/// let name = queries.add(QueryOptions::new(keys!["user", 1], |_| async { Ok::<_, FetchError>("Ada".to_string()) }));
/// let posts = queries.add(QueryOptions::new(keys!["posts", 1], |_| async { Ok::<_, FetchError>(vec![1_u32, 2]) }));
/// assert_eq!(queries.len(), 2);
/// # let _ = (name, posts);
/// ```
#[derive(Default)]
pub struct Queries {
    pub(crate) list: Vec<Box<dyn PendingQuery>>,
}

impl fmt::Debug for Queries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.list.iter().map(|q| q.key()))
            .finish()
    }
}

impl Queries {
    /// An empty list.
    ///
    /// ```
    /// assert!(yew_optimistic::Queries::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a query; the index reads its result (a `QueryResult<Rc<T>, E>`) in `combine`.
    ///
    /// ```
    /// use yew_optimistic::{keys, FetchError, Queries, QueryOptions};
    /// let mut queries = Queries::new();
    /// let n = queries.add(QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }));
    /// # let _ = n;
    /// ```
    pub fn add<T, E>(&mut self, options: QueryOptions<T, E>) -> QueryIndex<T, E>
    where
        T: PartialEq + 'static,
        E: Clone + PartialEq + fmt::Display + 'static,
    {
        self.list.push(Box::new(options));
        QueryIndex {
            at: self.list.len() - 1,
            types: PhantomData,
        }
    }

    /// How many queries the list holds.
    ///
    /// ```
    /// assert_eq!(yew_optimistic::Queries::new().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether the list is empty.
    ///
    /// ```
    /// assert!(yew_optimistic::Queries::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// Where a query of data type `T` sits in a [`Queries`] list: reads its result from
/// [`QueryResults`] with its type, no downcast for the app to write.
///
/// ```
/// use yew_optimistic::{keys, FetchError, Queries, QueryIndex, QueryOptions};
/// let mut queries = Queries::new();
/// let n: QueryIndex<u8> = queries.add(QueryOptions::new(keys!["n"], |_| async { Ok::<u8, FetchError>(1) }));
/// assert_eq!(n.position(), 0);
/// ```
pub struct QueryIndex<T, E = String> {
    at: usize,
    types: PhantomData<fn() -> (T, E)>,
}

impl<T, E> Clone for QueryIndex<T, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, E> Copy for QueryIndex<T, E> {}

impl<T, E> fmt::Debug for QueryIndex<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "QueryIndex({})", self.at)
    }
}

impl<T, E> QueryIndex<T, E> {
    /// The query's place in its list (the order of `add`).
    ///
    /// ```
    /// use yew_optimistic::{keys, FetchError, Queries, QueryOptions};
    /// let mut queries = Queries::new();
    /// let a = queries.add(QueryOptions::new(keys!["a"], |_| async { Ok::<u8, FetchError>(1) }));
    /// let b = queries.add(QueryOptions::new(keys!["b"], |_| async { Ok::<u8, FetchError>(2) }));
    /// assert_eq!((a.position(), b.position()), (0, 1));
    /// ```
    pub fn position(&self) -> usize {
        self.at
    }
}

/// The results of a [`Queries`] list, in its order, for the `combine` function of
/// [`use_combined_queries`](crate::use_combined_queries).
///
/// ```
/// use yew_optimistic::{keys, FetchError, Queries, QueryOptions, QueryResults};
/// fn names_loaded(results: &QueryResults) -> usize {
///     results.len() - results.pending()
/// }
/// # let _ = names_loaded;
/// ```
pub struct QueryResults {
    pub(crate) results: Vec<Rc<dyn Any>>,
    pub(crate) pending: usize,
    pub(crate) unsettled: usize,
}

impl QueryResults {
    pub(crate) fn of(all: impl Iterator<Item = AnyResult>) -> Self {
        let (mut pending, mut unsettled) = (0, 0);
        let results = all
            .map(|r| {
                pending += usize::from(r.pending);
                unsettled += usize::from(!r.settled);
                r.result
            })
            .collect();
        QueryResults {
            results,
            pending,
            unsettled,
        }
    }

    /// Whether every query has data or has failed for good (a suspended list resumes).
    pub(crate) fn settled(&self) -> bool {
        self.unsettled == 0
    }
}

impl fmt::Debug for QueryResults {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "QueryResults({} queries, {} pending)",
            self.results.len(),
            self.pending
        )
    }
}

impl QueryResults {
    /// The result of the query at `index`, typed. An index from another list whose query
    /// there has other types reads an idle, empty result.
    ///
    /// ```
    /// use yew_optimistic::{keys, FetchError, Queries, QueryIndex, QueryOptions, QueryResults};
    /// fn title(results: &QueryResults, post: QueryIndex<String>) -> String {
    ///     results.get(post).data.as_deref().cloned().unwrap_or_else(|| "…".to_string())
    /// }
    /// # let _ = title;
    /// ```
    pub fn get<T: 'static, E: Clone + 'static>(
        &self,
        index: QueryIndex<T, E>,
    ) -> QueryResult<Rc<T>, E> {
        self.results
            .get(index.at)
            .and_then(|r| r.downcast_ref::<QueryResult<Rc<T>, E>>())
            .cloned()
            .unwrap_or_default()
    }

    /// How many queries there are.
    ///
    /// ```
    /// # fn f(results: &yew_optimistic::QueryResults) -> bool {
    /// results.len() > 0
    /// # }
    /// ```
    pub fn len(&self) -> usize {
        self.results.len()
    }

    /// Whether there are none.
    ///
    /// ```
    /// # fn f(results: &yew_optimistic::QueryResults) -> bool {
    /// results.is_empty()
    /// # }
    /// ```
    pub fn is_empty(&self) -> bool {
        self.results.is_empty()
    }

    /// How many queries have no data yet (TanStack's `isPending`), whatever their types.
    ///
    /// ```
    /// # fn f(results: &yew_optimistic::QueryResults) -> bool {
    /// results.pending() == 0 // everything loaded
    /// # }
    /// ```
    pub fn pending(&self) -> usize {
        self.pending
    }
}
