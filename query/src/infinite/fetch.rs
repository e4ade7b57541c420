//! Fetching an infinite query without an observer: TanStack's `fetchInfiniteQuery`,
//! `prefetchInfiniteQuery` and `ensureInfiniteQueryData`.

use crate::client::QueryClient;
use crate::error::FetchError;
use crate::infinite::{InfiniteData, InfiniteQueryOptions};
use futures::future::LocalBoxFuture;
use std::fmt;
use std::rc::Rc;

/// What an infinite query's fetch resolves to: the pages, or the error.
type Pages<T, P, E> = LocalBoxFuture<'static, Result<Rc<InfiniteData<T, P>>, FetchError<E>>>;

impl QueryClient {
    /// Fetches an infinite query's pages (the first page when it has none, else every
    /// page again from their params, as a refetch does) unless its data is fresh, as
    /// [`fetch_query`](Self::fetch_query) does for a query: e.g. in a route loader, so
    /// the list is there when the page renders.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, FetchError, InfiniteQueryOptions, QueryClient};
    /// use std::{cell::RefCell, rc::Rc};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let feed = InfiniteQueryOptions::new(keys!["feed"], 0_u32, |_, page: u32| async move {
    ///     Ok::<_, FetchError>(vec![page * 10])
    /// })
    /// .get_next_page_param(|_, _, page, _| Some(page + 1));
    /// let out = Rc::new(RefCell::new(None));
    /// let o = out.clone();
    /// let fut = client.fetch_infinite_query(&feed);
    /// rt.spawn(Box::pin(async move { *o.borrow_mut() = Some(fut.await) }));
    /// rt.run();
    /// let data = out.borrow_mut().take().unwrap().unwrap();
    /// assert_eq!(data.pages, vec![vec![0]]);
    /// ```
    pub fn fetch_infinite_query<T, P, E>(
        &self,
        options: &InfiniteQueryOptions<T, P, E>,
    ) -> Pages<T, P, E>
    where
        T: Clone + 'static,
        P: Clone + 'static,
        E: Clone + fmt::Display + 'static,
    {
        self.fetch_query(&options.to_query_options())
    }

    /// Starts [`fetch_infinite_query`](Self::fetch_infinite_query) and forgets the
    /// outcome (an error stays in the entry), as TanStack's `prefetchInfiniteQuery`: on
    /// hover of a link to the list, say.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, FetchError, InfiniteData, InfiniteQueryOptions, QueryClient};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let feed = InfiniteQueryOptions::new(keys!["feed"], 0_u32, |_, page: u32| async move {
    ///     Ok::<_, FetchError>(vec![page])
    /// });
    /// client.prefetch_infinite_query(&feed);
    /// rt.run();
    /// let cached = client.get_query_data::<InfiniteData<Vec<u32>, u32>>(&keys!["feed"]).unwrap().unwrap();
    /// assert_eq!(cached.pages.len(), 1);
    /// ```
    pub fn prefetch_infinite_query<T, P, E>(&self, options: &InfiniteQueryOptions<T, P, E>)
    where
        T: Clone + 'static,
        P: Clone + 'static,
        E: Clone + fmt::Display + 'static,
    {
        self.prefetch_query(&options.to_query_options());
    }

    /// The cached pages if there are any (stale or not), else
    /// [`fetch_infinite_query`](Self::fetch_infinite_query), as TanStack's
    /// `ensureInfiniteQueryData`; with `revalidate_if_stale(true)` (through
    /// [`with_query`](InfiniteQueryOptions::with_query)) stale pages are also refetched in
    /// the background.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, FetchError, InfiniteQueryOptions, QueryClient};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let feed = InfiniteQueryOptions::new(keys!["feed"], 0_u32, |_, page: u32| async move {
    ///     Ok::<_, FetchError>(vec![page])
    /// });
    /// for _ in 0..2 {
    ///     let fut = client.ensure_infinite_query_data(&feed);
    ///     rt.spawn(Box::pin(async move { assert!(fut.await.is_ok()) }));
    ///     rt.run();
    /// }
    /// assert_eq!(client.fetch_count(), 1, "the second call used the cache");
    /// ```
    pub fn ensure_infinite_query_data<T, P, E>(
        &self,
        options: &InfiniteQueryOptions<T, P, E>,
    ) -> Pages<T, P, E>
    where
        T: Clone + 'static,
        P: Clone + 'static,
        E: Clone + fmt::Display + 'static,
    {
        self.ensure_query_data(&options.to_query_options())
    }
}
