//! A subscription to the cache's contents for apps: TanStack's `QueryCache.subscribe`
//! and `MutationCache.subscribe`.

use crate::client::{QueryClient, Subscription};
use crate::key::QueryKey;
use crate::mutation::id_set::IdSet;
use crate::mutation::MutationId;
use crate::state::State;
use std::rc::Rc;

/// What changed in the cache, as
/// [`subscribe_cache`](QueryClient::subscribe_cache) reports it (TanStack's
/// `added` / `updated` / `removed` cache events). Read the entry or the call itself
/// ([`QueryClient::inspect`], [`QueryClient::mutation_infos`]) for what it holds now.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{keys, CacheChange};
/// let c = CacheChange::QueryAdded(keys!["todos"]);
/// assert_eq!(c.key(), Some(&keys!["todos"]));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CacheChange {
    /// A query's entry was made (first observer, fetch, or write of the key).
    QueryAdded(QueryKey),
    /// A query's data, status or fetch status changed (once per operation).
    QueryUpdated(QueryKey),
    /// A query's entry was removed (collected, or `remove_queries`).
    QueryRemoved(QueryKey),
    /// A mutation call was submitted (or restored after a reload).
    MutationAdded(MutationId),
    /// A call's state changed (sent, paused, settled...).
    MutationUpdated(MutationId),
    /// A settled call's record was collected or cleared.
    MutationRemoved(MutationId),
}

impl CacheChange {
    /// The query's key, for a query's change.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{CacheChange, MutationId};
    /// assert_eq!(CacheChange::MutationAdded(MutationId(1)).key(), None);
    /// ```
    pub fn key(&self) -> Option<&QueryKey> {
        match self {
            CacheChange::QueryAdded(k)
            | CacheChange::QueryUpdated(k)
            | CacheChange::QueryRemoved(k) => Some(k),
            _ => None,
        }
    }

    /// The call, for a mutation's change.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{CacheChange, MutationId};
    /// assert_eq!(CacheChange::MutationRemoved(MutationId(4)).mutation(), Some(MutationId(4)));
    /// ```
    pub fn mutation(&self) -> Option<MutationId> {
        match self {
            CacheChange::MutationAdded(id)
            | CacheChange::MutationUpdated(id)
            | CacheChange::MutationRemoved(id) => Some(*id),
            _ => None,
        }
    }
}

pub(crate) type CacheListener = Rc<dyn Fn(&CacheChange)>;

/// The changes noted during an operation, behind a `dyn` that only
/// [`subscribe_cache`](QueryClient::subscribe_cache) makes.
pub(crate) trait CacheLog {
    fn note(&mut self, change: CacheChange);
    /// Empties the log into what tells `listeners` the operation's changes (those noted,
    /// then an update of each changed query and call still in the cache), to run once
    /// the borrow is released; `None` when nobody listens.
    fn round(
        &mut self,
        st: &State,
        queries: &[QueryKey],
        calls: &IdSet,
        listeners: Vec<CacheListener>,
    ) -> Option<Box<dyn FnOnce()>>;
}

impl CacheLog for Vec<CacheChange> {
    fn note(&mut self, change: CacheChange) {
        self.push(change);
    }

    fn round(
        &mut self,
        st: &State,
        queries: &[QueryKey],
        calls: &IdSet,
        listeners: Vec<CacheListener>,
    ) -> Option<Box<dyn FnOnce()>> {
        let mut changes = std::mem::take(self);
        if listeners.is_empty() {
            // Noted before the last listener left: nobody to tell.
            return None;
        }
        let (entries, records) = (&st.queries.entries, &st.mutations.records);
        changes.extend(
            queries
                .iter()
                .filter(|k| entries.contains_key(*k))
                .map(|k| CacheChange::QueryUpdated(k.clone())),
        );
        changes.extend(
            calls
                .iter()
                .filter(|id| records.contains_key(id))
                .map(|id| CacheChange::MutationUpdated(*id)),
        );
        if changes.is_empty() {
            return None;
        }
        Some(Box::new(move || {
            for c in &changes {
                for l in &listeners {
                    l(c);
                }
            }
        }))
    }
}

impl QueryClient {
    /// Calls `listener` with every query and mutation added to, updated in or removed
    /// from the cache, after the operation that did it (with no borrow of the client
    /// held: it may read or change the client), until the subscription is dropped.
    /// An entry's many changes within one operation come as one `QueryUpdated`. While
    /// nobody subscribes, nothing is recorded.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, CacheChange, QueryClient, QueryFilter};
    /// use std::{cell::RefCell, rc::Rc};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// let log = Rc::new(RefCell::new(Vec::new()));
    /// let l = log.clone();
    /// let sub = client.subscribe_cache(move |c| l.borrow_mut().push(c.clone()));
    /// client.set_query_data(&keys!["a"], 1_u8).unwrap();
    /// client.remove_queries(&QueryFilter::exact(keys!["a"]));
    /// assert_eq!(
    ///     log.borrow().as_slice(),
    ///     [CacheChange::QueryAdded(keys!["a"]), CacheChange::QueryUpdated(keys!["a"]), CacheChange::QueryRemoved(keys!["a"])]
    /// );
    /// drop(sub); // no longer called
    /// client.set_query_data(&keys!["b"], 2_u8).unwrap();
    /// assert_eq!(log.borrow().len(), 3);
    /// ```
    pub fn subscribe_cache(&self, listener: impl Fn(&CacheChange) + 'static) -> Subscription {
        self.st()
            .notify
            .cache_log
            .get_or_insert_with(|| Box::new(Vec::new()));
        self.listen(
            |st| &mut st.notify.cache_listeners,
            Rc::new(listener) as CacheListener,
        )
    }
}
