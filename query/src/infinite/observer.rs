//! Watching an infinite query: its pages, whether there are more, and fetching them.

use super::options::{page_param, PageParamFn};
use super::{InfiniteData, InfiniteQueryOptions, PageDirection};
use crate::client::QueryClient;
use crate::error::CacheError;
use crate::key::QueryKey;
use crate::observer::QueryObserver;
use crate::query_result::QueryResult;
use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

/// What the observer selects: the pages and whether there are more either way (the
/// app's param functions run when the pages change, with no borrow held).
pub(crate) struct Paged<T, P> {
    data: Rc<InfiniteData<T, P>>,
    has_next: bool,
    has_previous: bool,
}

impl<T, P> Clone for Paged<T, P> {
    fn clone(&self) -> Self {
        Paged {
            data: self.data.clone(),
            has_next: self.has_next,
            has_previous: self.has_previous,
        }
    }
}

impl<T: PartialEq, P: PartialEq> PartialEq for Paged<T, P> {
    fn eq(&self, other: &Self) -> bool {
        self.has_next == other.has_next
            && self.has_previous == other.has_previous
            && (Rc::ptr_eq(&self.data, &other.data) || self.data == other.data)
    }
}

type Select<T, P> = Box<dyn Fn(&Rc<InfiniteData<T, P>>) -> Paged<T, P>>;

fn select<T: 'static, P: 'static>(
    next: Option<PageParamFn<T, P>>,
    previous: Option<PageParamFn<T, P>>,
) -> Select<T, P> {
    Box::new(move |data| Paged {
        data: data.clone(),
        has_next: page_param(next.as_ref(), data, PageDirection::Next).is_some(),
        has_previous: page_param(previous.as_ref(), data, PageDirection::Previous).is_some(),
    })
}

/// What an observer of an infinite query reads: the query's result (through `Deref`:
/// `data` is the [`InfiniteData`], `status`, `is_fetching()`, ...) and whether more pages
/// can be fetched.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::InfiniteQueryResult;
/// let r: InfiniteQueryResult<Vec<u8>, u32> = InfiniteQueryResult::default();
/// assert!(r.is_pending() && !r.has_next_page && !r.is_fetching_next_page());
/// ```
#[derive(Debug, PartialEq)]
pub struct InfiniteQueryResult<T, P, E = String> {
    /// The query's result; its data is the pages.
    pub result: QueryResult<Rc<InfiniteData<T, P>>, E>,
    /// Whether `get_next_page_param` gives a param after the last page.
    pub has_next_page: bool,
    /// Whether `get_previous_page_param` gives a param before the first page.
    pub has_previous_page: bool,
}

// By hand: the pages are behind an `Rc`, so cloning asks nothing of `T` and `P`.
impl<T, P, E: Clone> Clone for InfiniteQueryResult<T, P, E> {
    fn clone(&self) -> Self {
        InfiniteQueryResult {
            result: self.result.clone(),
            has_next_page: self.has_next_page,
            has_previous_page: self.has_previous_page,
        }
    }
}

impl<T, P, E> Default for InfiniteQueryResult<T, P, E> {
    fn default() -> Self {
        InfiniteQueryResult {
            result: QueryResult::default(),
            has_next_page: false,
            has_previous_page: false,
        }
    }
}

impl<T, P, E> Deref for InfiniteQueryResult<T, P, E> {
    type Target = QueryResult<Rc<InfiniteData<T, P>>, E>;
    fn deref(&self) -> &Self::Target {
        &self.result
    }
}

impl<T, P, E> InfiniteQueryResult<T, P, E> {
    /// The next page is being fetched (TanStack's `isFetchingNextPage`).
    ///
    /// ```
    /// # use optimistic_query::InfiniteQueryResult;
    /// assert!(!InfiniteQueryResult::<Vec<u8>, u32>::default().is_fetching_next_page());
    /// ```
    pub fn is_fetching_next_page(&self) -> bool {
        self.result.is_fetching() && self.result.fetching_page == Some(PageDirection::Next)
    }

    /// The previous page is being fetched (TanStack's `isFetchingPreviousPage`).
    ///
    /// ```
    /// # use optimistic_query::InfiniteQueryResult;
    /// assert!(!InfiniteQueryResult::<Vec<u8>, u32>::default().is_fetching_previous_page());
    /// ```
    pub fn is_fetching_previous_page(&self) -> bool {
        self.result.is_fetching() && self.result.fetching_page == Some(PageDirection::Previous)
    }

    fn of(result: QueryResult<Paged<T, P>, E>) -> Self {
        let (has_next_page, has_previous_page) = result
            .data
            .as_ref()
            .map_or((false, false), |p| (p.has_next, p.has_previous));
        InfiniteQueryResult {
            result: result.map_data(|p| p.data),
            has_next_page,
            has_previous_page,
        }
    }
}

/// Watches an infinite query (what `use_infinite_query` wraps): fetches the first page
/// when there is none, fetches more on demand, and tells its listener when the pages or
/// the state change. Dropping it unsubscribes.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, FetchError, InfiniteQueryObserver, InfiniteQueryOptions, QueryClient};
/// let rt = TestRuntime::new();
/// let client = QueryClient::new(rt.runtime());
/// let opts = InfiniteQueryOptions::new(keys!["n"], 0_u32, |_, page: u32| async move {
///         Ok::<_, FetchError>(vec![page * 10, page * 10 + 1])
///     })
///     .get_next_page_param(|_, _, page: &u32, _| (*page < 2).then_some(page + 1));
/// let feed = InfiniteQueryObserver::new(&client, opts).unwrap();
/// rt.run();
/// assert!(feed.result().has_next_page);
/// feed.fetch_next_page();
/// assert!(feed.result().is_fetching_next_page());
/// rt.run();
/// let pages = feed.result().data.clone().unwrap();
/// assert_eq!(pages.pages, vec![vec![0, 1], vec![10, 11]]);
/// assert_eq!(pages.page_params, vec![0, 1]);
/// ```
pub struct InfiniteQueryObserver<T, P, E = String> {
    inner: QueryObserver<InfiniteData<T, P>, E, Paged<T, P>>,
}

impl<T, P, E> InfiniteQueryObserver<T, P, E>
where
    T: Clone + PartialEq + 'static,
    P: Clone + PartialEq + 'static,
    E: Clone + PartialEq + fmt::Display + 'static,
{
    /// Observes the infinite query of `options`.
    ///
    /// ```
    /// # use optimistic_query::{keys, testing::TestRuntime, FetchError, InfiniteQueryObserver, InfiniteQueryOptions, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// let o = InfiniteQueryOptions::new(keys!["n"], 0_u32, |_, p: u32| async move { Ok::<_, FetchError>(vec![p]) });
    /// let feed = InfiniteQueryObserver::new(&client, o).unwrap();
    /// assert!(feed.result().is_loading());
    /// ```
    pub fn new(
        client: &QueryClient,
        options: InfiniteQueryOptions<T, P, E>,
    ) -> Result<Self, CacheError> {
        let select = select(options.next.clone(), options.previous.clone());
        Ok(InfiniteQueryObserver {
            inner: QueryObserver::with_select(client, options.to_query_options(), select)?,
        })
    }

    /// An observer of another key taking over from `previous` (see
    /// [`QueryObserver::switch_from`]): a placeholder function set with
    /// `with_query(|q| q.placeholder_data_with(keep_previous_data))` gets its pages.
    ///
    /// ```
    /// # use optimistic_query::{keys, testing::TestRuntime, FetchError, InfiniteQueryObserver, InfiniteQueryOptions, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// let feed = |tag: &'static str| InfiniteQueryOptions::new(keys!["feed", tag], 0_u32, |_, p: u32| async move { Ok::<_, FetchError>(vec![p]) });
    /// let rust = InfiniteQueryObserver::new(&client, feed("rust")).unwrap();
    /// let yew = InfiniteQueryObserver::switch_from(&rust, feed("yew")).unwrap();
    /// # let _ = yew;
    /// ```
    pub fn switch_from(
        previous: &InfiniteQueryObserver<T, P, E>,
        options: InfiniteQueryOptions<T, P, E>,
    ) -> Result<Self, CacheError> {
        let select = select(options.next.clone(), options.previous.clone());
        Ok(InfiniteQueryObserver {
            inner: QueryObserver::switch_from(&previous.inner, options.to_query_options(), select)?,
        })
    }

    /// Applies new options for the same key (a re-render with new closures); see
    /// [`QueryObserver::set_options`].
    ///
    /// ```
    /// # use optimistic_query::{keys, testing::TestRuntime, FetchError, InfiniteQueryObserver, InfiniteQueryOptions, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// let o = InfiniteQueryOptions::new(keys!["n"], 0_u32, |_, p: u32| async move { Ok::<_, FetchError>(vec![p]) });
    /// let feed = InfiniteQueryObserver::new(&client, o.clone()).unwrap();
    /// feed.set_options(o.stale_time(5_000)).unwrap();
    /// ```
    pub fn set_options(&self, options: InfiniteQueryOptions<T, P, E>) -> Result<(), CacheError> {
        let select = select(options.next.clone(), options.previous.clone());
        self.inner.set_options(options.to_query_options(), select)
    }

    /// The current result.
    ///
    /// ```
    /// # use optimistic_query::{keys, testing::TestRuntime, FetchError, InfiniteQueryObserver, InfiniteQueryOptions, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// let o = InfiniteQueryOptions::new(keys!["n"], 0_u32, |_, p: u32| async move { Ok::<_, FetchError>(vec![p]) });
    /// let feed = InfiniteQueryObserver::new(&client, o).unwrap();
    /// assert!(feed.result().data.is_none());
    /// ```
    pub fn result(&self) -> InfiniteQueryResult<T, P, E> {
        InfiniteQueryResult::of(self.inner.result())
    }

    /// Sets the function called when the result changes.
    ///
    /// ```
    /// # use optimistic_query::{keys, testing::TestRuntime, FetchError, InfiniteQueryObserver, InfiniteQueryOptions, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// let o = InfiniteQueryOptions::new(keys!["n"], 0_u32, |_, p: u32| async move { Ok::<_, FetchError>(vec![p]) });
    /// let feed = InfiniteQueryObserver::new(&client, o).unwrap();
    /// feed.subscribe(|| println!("pages changed"));
    /// ```
    pub fn subscribe(&self, listener: impl Fn() + 'static) {
        self.inner.subscribe(listener);
    }

    /// Fetches the page after the last one, when there is one (`has_next_page`) and no
    /// fetch of the query runs (a running one is joined instead, as TanStack's
    /// `cancelRefetch: false`: a refetch brings every page anew). Returns whether a
    /// page fetch runs now.
    ///
    /// ```
    /// # use optimistic_query::{keys, testing::TestRuntime, FetchError, InfiniteQueryObserver, InfiniteQueryOptions, QueryClient};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let o = InfiniteQueryOptions::new(keys!["n"], 0_u32, |_, p: u32| async move { Ok::<_, FetchError>(vec![p]) });
    /// let feed = InfiniteQueryObserver::new(&client, o).unwrap();
    /// rt.run();
    /// assert!(!feed.fetch_next_page(), "no get_next_page_param: no next page");
    /// ```
    pub fn fetch_next_page(&self) -> bool {
        self.fetch_page(PageDirection::Next)
    }

    /// Fetches the page before the first one, when there is one (`has_previous_page`);
    /// as [`fetch_next_page`](Self::fetch_next_page).
    ///
    /// ```
    /// # use optimistic_query::{keys, testing::TestRuntime, FetchError, InfiniteQueryObserver, InfiniteQueryOptions, QueryClient};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let o = InfiniteQueryOptions::new(keys!["n"], 5_u32, |_, p: u32| async move { Ok::<_, FetchError>(vec![p]) })
    ///     .get_previous_page_param(|_, _, p: &u32, _| p.checked_sub(1));
    /// let feed = InfiniteQueryObserver::new(&client, o).unwrap();
    /// rt.run();
    /// assert!(feed.fetch_previous_page());
    /// rt.run();
    /// assert_eq!(feed.result().data.as_ref().unwrap().pages, vec![vec![4], vec![5]]);
    /// ```
    pub fn fetch_previous_page(&self) -> bool {
        self.fetch_page(PageDirection::Previous)
    }

    fn fetch_page(&self, direction: PageDirection) -> bool {
        let r = self.result();
        let more = match direction {
            PageDirection::Next => r.has_next_page,
            PageDirection::Previous => r.has_previous_page,
        };
        if !more || r.is_placeholder {
            return false;
        }
        let client = self.inner.client();
        client.batch(|| client.fetch_page(self.inner.key(), direction));
        self.result().fetching_page == Some(direction)
    }

    /// Refetches every page now, in order, from the first page's param.
    ///
    /// ```
    /// # use optimistic_query::{keys, testing::TestRuntime, FetchError, InfiniteQueryObserver, InfiniteQueryOptions, QueryClient};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let o = InfiniteQueryOptions::new(keys!["n"], 0_u32, |_, p: u32| async move { Ok::<_, FetchError>(vec![p]) });
    /// let feed = InfiniteQueryObserver::new(&client, o).unwrap();
    /// rt.run();
    /// feed.refetch();
    /// rt.run();
    /// assert_eq!(client.fetch_count(), 2);
    /// ```
    pub fn refetch(&self) {
        self.inner.refetch();
    }

    /// The observed key.
    ///
    /// ```
    /// # use optimistic_query::{keys, testing::TestRuntime, FetchError, InfiniteQueryObserver, InfiniteQueryOptions, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// let o = InfiniteQueryOptions::new(keys!["n"], 0_u32, |_, p: u32| async move { Ok::<_, FetchError>(vec![p]) });
    /// assert_eq!(InfiniteQueryObserver::new(&client, o).unwrap().key(), &keys!["n"]);
    /// ```
    pub fn key(&self) -> &QueryKey {
        self.inner.key()
    }
}
