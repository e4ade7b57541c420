//! A query that has no arguments to fetch with yet: TanStack's `skipToken`.

use crate::entry::ErasedError;
use crate::error::{AbortReason, FetchError};
use crate::fetch::{FetchContext, FetchSpec};
use crate::key::QueryKey;
use crate::network::NetworkMode;
use crate::query_options::QueryOptions;
use crate::retry::RetryPolicy;
use std::fmt;
use std::future::Future;

impl<T: 'static, E: Clone + fmt::Display + 'static> QueryOptions<T, E> {
    /// Options whose fetcher needs `args`, or a *skipped* query when there are none yet,
    /// as TanStack's `skipToken` (`queryFn: id ? () => fetchUser(id) : skipToken`): the
    /// fetcher takes the arguments by value, so it cannot run without them, and no
    /// `unwrap` is needed where `enabled(false)` would leave an `Option` to unwrap.
    ///
    /// A skipped query is disabled for good (a later `enabled(true)` keeps it off), and
    /// unlike a disabled one it never calls the fetcher: a refetch, `fetch_query` or
    /// `prefetch_query` of it ends at once as cancelled ([`AbortReason::Cancelled`]).
    /// Its observer shows the cached data of `key`, if any. Give the skipped query a key
    /// no query that can fetch uses (the key with the argument missing, as TanStack's
    /// `['user', undefined]`): the options last registered for a key decide how it
    /// fetches.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, FetchError, QueryClient, QueryObserver, QueryOptions};
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let user = |id: Option<u32>| {
    ///     QueryOptions::new_or_skip(keys!["user", id.map_or(-1, i64::from)], id, |id: u32, _ctx| async move {
    ///         Ok::<_, FetchError>(format!("user {id}"))
    ///     })
    /// };
    /// // No id picked yet: nothing is fetched.
    /// let skipped = user(None);
    /// assert!(skipped.is_skipped());
    /// let obs = QueryObserver::new(&client, skipped).unwrap();
    /// rt.run();
    /// assert_eq!(client.fetch_count(), 0);
    /// assert!(obs.result().data.is_none());
    /// // Once there is one, the same code fetches it (a new key: a new observer, as
    /// // the hooks make when the key changes).
    /// let obs = QueryObserver::new(&client, user(Some(7))).unwrap();
    /// rt.run();
    /// assert_eq!(obs.result().data.as_deref().map(String::as_str), Some("user 7"));
    /// ```
    pub fn new_or_skip<A, F, Fut>(key: QueryKey, args: Option<A>, fetcher: F) -> Self
    where
        A: Clone + 'static,
        F: Fn(A, FetchContext) -> Fut + 'static,
        Fut: Future<Output = Result<T, FetchError<E>>> + 'static,
    {
        match args {
            Some(args) => Self::new(key, move |ctx| fetcher(args.clone(), ctx)),
            None => {
                let skip = FetchSpec::erased(
                    std::rc::Rc::new(|_| {
                        Box::pin(std::future::ready(Err(ErasedError::engine(
                            FetchError::Aborted(AbortReason::Cancelled),
                        ))))
                    }),
                    RetryPolicy::never(),
                    NetworkMode::Always,
                );
                let mut options = Self::with_spec(key, skip);
                // Its own retry and mode: the client's defaults would only delay the end.
                options.retry_set = true;
                options.network_mode_set = true;
                options.skipped = true;
                options.enabled = false;
                options
            }
        }
    }
}

impl<T, E> QueryOptions<T, E> {
    /// Whether these options were made by
    /// [`new_or_skip`](QueryOptions::new_or_skip) without arguments.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::{keys, FetchError, QueryOptions};
    /// let o = QueryOptions::new_or_skip(keys!["user"], None::<u32>, |id, _| async move { Ok::<u32, FetchError>(id) });
    /// assert!(o.is_skipped());
    /// ```
    pub fn is_skipped(&self) -> bool {
        self.skipped
    }
}
