//! The handle that ends a collection subscription when dropped.

use std::fmt;

/// Keeps a row, list or live-view subscription alive; dropping it unsubscribes (the
/// listener is dropped after the collection's state is released).
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, QueryClient, QueryOptions};
/// let rt = TestRuntime::new();
/// let client = QueryClient::new(rt.runtime());
/// let rows = CollectionObserver::new(&client, QueryOptions::new(keys!["n"], |_| async {
///     Ok::<_, FetchError>(Collection::from_rows([1_u32, 2], |n| *n))
/// })).unwrap();
/// let sub = rows.subscribe_keys(|| println!("the keys changed"));
/// drop(sub); // no longer told
/// ```
#[must_use = "dropping the subscription unsubscribes at once"]
pub struct CollectionSubscription(Option<Box<dyn FnOnce()>>);

impl CollectionSubscription {
    pub(crate) fn new(end: impl FnOnce() + 'static) -> Self {
        CollectionSubscription(Some(Box::new(end)))
    }
}

impl Drop for CollectionSubscription {
    fn drop(&mut self) {
        if let Some(end) = self.0.take() {
            end();
        }
    }
}

impl fmt::Debug for CollectionSubscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CollectionSubscription")
    }
}
