//! A collection's query: a list endpoint's rows, kept by key.

use super::data::Collection;
use crate::error::FetchError;
use crate::fetch::{FetchContext, FetchSpec};
use crate::key::TypedKey;
use crate::layer::AnyRc;
use crate::network::NetworkMode;
use crate::query_options::QueryOptions;
use crate::retry::RetryPolicy;
use std::fmt;
use std::future::Future;
use std::rc::Rc;

impl<K, V, E> QueryOptions<Collection<K, V>, E>
where
    K: Ord + Clone + 'static,
    V: Clone + PartialEq + 'static,
    E: Clone + fmt::Display + 'static,
{
    /// The query of a collection filled from a list endpoint: `fetcher` answers the rows
    /// (a `Vec`, as decoded from JSON), each kept under `key_of(row)`. An answer is put
    /// into the cached collection row by row ([`Collection::share_rows`]): rows equal
    /// to the cached ones stay as they were, so a refetch of 10,000 rows of which 10
    /// changed tells 10 row subscribers and builds no second collection.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions, TypedKey};
    /// #[derive(Clone, PartialEq)]
    /// struct Todo { id: u32, title: String }
    /// let todos = TypedKey::<Collection<u32, Todo>>::new(keys!["todos"]);
    /// let options = QueryOptions::collection(&todos, |t: &Todo| t.id, |_ctx| async {
    ///     Ok::<_, FetchError>(vec![Todo { id: 1, title: "write docs".into() }])
    /// });
    /// let rt = TestRuntime::new();
    /// let client = QueryClient::new(rt.runtime());
    /// let rows = CollectionObserver::new(&client, options).unwrap();
    /// rt.run();
    /// assert_eq!(rows.row(&1).unwrap().title, "write docs");
    /// ```
    pub fn collection<F, Fut>(
        key: &TypedKey<Collection<K, V>>,
        key_of: impl Fn(&V) -> K + 'static,
        fetcher: F,
    ) -> Self
    where
        F: Fn(FetchContext) -> Fut + 'static,
        Fut: Future<Output = Result<Vec<V>, FetchError<E>>> + 'static,
    {
        let mut spec = FetchSpec::new(fetcher, RetryPolicy::default(), NetworkMode::default());
        spec.finish = Some(Rc::new(move |cached: Option<&AnyRc>, answer: AnyRc| {
            let rows = match answer.downcast::<Vec<V>>() {
                Ok(rows) => Rc::try_unwrap(rows).unwrap_or_else(|shared| (*shared).clone()),
                Err(other) => return other,
            };
            let built = match cached.and_then(|c| c.downcast_ref::<Collection<K, V>>()) {
                Some(cached) => cached.share_rows(rows, &key_of),
                None => Collection::from_rows(rows, &key_of),
            };
            Rc::new(built) as AnyRc
        }));
        QueryOptions::with_spec(key.key().clone(), spec)
    }
}
