//! Persistence: the queue of unsettled mutations (shared by the tabs of an origin) and
//! chosen queries' confirmed data, both versioned JSON in the injected
//! [`Storage`](crate::runtime::Storage).
//!
//! An app pays for it only when it uses it. A client starts without a persister: the
//! engine's hooks (a call changed, a query changed, the page is hidden) find none and
//! do nothing, and no code of this module is reachable from them. The first call that
//! asks for persistence ([`QueryClient::enable_persistence`], or
//! [`register_mutation`](QueryClient::register_mutation),
//! [`persist_query`](QueryClient::persist_query), the `restore_*` and `adopt_*`
//! methods) installs one, a trait object: only that call makes the linker keep the
//! serde_json encoding, the storage reads and the queue's rules.

mod queries;
mod queue;
mod scope_text;

pub(crate) use queries::{codec_of, QueryCodec};
pub use queries::{
    QueryCacheDiscarded, QueryPersistence, QueryRestoreReport, QUERY_CACHE_FORMAT,
    QUERY_CACHE_VERSION,
};
pub(crate) use queue::MutationDefinition;
pub use queue::{
    ParseFailure, PersistedMutation, PersistedQueue, RestoreReport, QUEUE_FORMAT, QUEUE_VERSION,
};

use crate::client::QueryClient;
use crate::error::PersistError;
use crate::key::QueryKey;
use std::collections::HashSet;
use std::rc::Rc;

/// What the engine asks of persistence, without naming its code: the one value that
/// implements it is created by [`QueryClient::enable_persistence`] only.
pub(crate) trait Persister {
    fn persist_queue(&self, client: &QueryClient);
    fn note_query_changes(&self, client: &QueryClient, keys: &[QueryKey]);
    fn persist_queries_for(&self, client: &QueryClient, keys: &[QueryKey]);
    fn persist_queries_now(&self, client: &QueryClient);
    fn restore_queries(&self, client: &QueryClient) -> QueryRestoreReport;
    fn adopt_mutations(
        &self,
        client: &QueryClient,
        is_gone: &dyn Fn(&str) -> bool,
    ) -> Result<RestoreReport, PersistError>;
    fn queue_changed_elsewhere(&self, client: &QueryClient, old: Option<&str>, new: Option<&str>);
    fn other_owners(&self, client: &QueryClient) -> Vec<String>;
}

/// The persister: versioned JSON in the runtime's storage.
struct JsonStorage;

impl Persister for JsonStorage {
    fn persist_queue(&self, client: &QueryClient) {
        client.write_queue();
    }
    fn note_query_changes(&self, client: &QueryClient, keys: &[QueryKey]) {
        client.schedule_query_write(keys);
    }
    fn persist_queries_for(&self, client: &QueryClient, keys: &[QueryKey]) {
        client.write_queries_for(keys);
    }
    fn persist_queries_now(&self, client: &QueryClient) {
        client.write_queries();
    }
    fn restore_queries(&self, client: &QueryClient) -> QueryRestoreReport {
        client.read_stored_queries()
    }
    fn adopt_mutations(
        &self,
        client: &QueryClient,
        is_gone: &dyn Fn(&str) -> bool,
    ) -> Result<RestoreReport, PersistError> {
        client.adopt_stored(is_gone)
    }
    fn queue_changed_elsewhere(&self, client: &QueryClient, old: Option<&str>, new: Option<&str>) {
        client.compare_stored_queue(old, new);
    }
    fn other_owners(&self, client: &QueryClient) -> Vec<String> {
        client.stored_owners()
    }
}

/// A client's persistence, once enabled: what the browser glue (the provider) calls at
/// start and when other tabs change the shared queue. Get it from
/// [`QueryClient::persistence`] (`None` when the app never asked for persistence, so
/// the glue skips all of it) or [`QueryClient::enable_persistence`].
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{testing::TestRuntime, QueryClient};
/// let client = QueryClient::new(TestRuntime::new().runtime());
/// assert!(client.persistence().is_none());
/// let persistence = client.enable_persistence();
/// assert!(persistence.restore_queries().restored.is_empty());
/// assert!(persistence.restore_mutations().unwrap().restored.is_empty());
/// assert!(client.persistence().is_some());
/// ```
#[derive(Clone)]
pub struct Persistence {
    client: QueryClient,
    persister: Rc<dyn Persister>,
}

impl Persistence {
    /// Restores the persisted queries ([`QueryClient::restore_queries`]).
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// assert!(client.enable_persistence().restore_queries().discarded.is_none());
    /// ```
    pub fn restore_queries(&self) -> QueryRestoreReport {
        self.persister.restore_queries(&self.client)
    }

    /// Restores the persisted queue ([`QueryClient::restore_mutations`]).
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// assert!(client.enable_persistence().restore_mutations().is_ok());
    /// ```
    pub fn restore_mutations(&self) -> Result<RestoreReport, PersistError> {
        self.adopt_mutations(&|_| true)
    }

    /// Takes over the stored calls of no tab, of this tab, and of the tabs `is_gone`
    /// names ([`QueryClient::adopt_mutations`]).
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// assert!(client.enable_persistence().adopt_mutations(&|_| false).is_ok());
    /// ```
    pub fn adopt_mutations(
        &self,
        is_gone: &dyn Fn(&str) -> bool,
    ) -> Result<RestoreReport, PersistError> {
        self.persister.adopt_mutations(&self.client, is_gone)
    }

    /// The tabs other than this one that own calls in the stored queue, sorted, each
    /// once.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// assert!(client.enable_persistence().other_owners().is_empty());
    /// ```
    pub fn other_owners(&self) -> Vec<String> {
        self.persister.other_owners(&self.client)
    }

    /// The client this persistence belongs to.
    ///
    /// ```
    /// # use optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// assert!(client.enable_persistence().client().persistence().is_some());
    /// ```
    pub fn client(&self) -> &QueryClient {
        &self.client
    }
}

impl QueryClient {
    /// Turns persistence on for this client (once; later calls return the same), and
    /// returns it. From here the queue of registered calls and the persisted queries
    /// are written to the runtime's storage. [`register_mutation`](Self::register_mutation)
    /// and [`persist_query`](Self::persist_query) call it, so an app rarely needs to;
    /// call it yourself when definitions are registered after the restore (a part of
    /// the app loaded later), so that the restore at start keeps their calls waiting.
    /// A client that never calls it links none of the persistence code.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// client.enable_persistence();
    /// assert!(client.persistence().is_some());
    /// ```
    pub fn enable_persistence(&self) -> Persistence {
        let persister = {
            let mut st = self.st();
            st.persist
                .persister
                .get_or_insert_with(|| Rc::new(JsonStorage) as Rc<dyn Persister>)
                .clone()
        };
        Persistence {
            client: self.clone(),
            persister,
        }
    }

    /// This client's persistence, if something enabled it
    /// ([`enable_persistence`](Self::enable_persistence)); `None` otherwise, and then
    /// nothing is read from or written to storage.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, QueryClient};
    /// let client = QueryClient::new(TestRuntime::new().runtime());
    /// assert!(client.persistence().is_none());
    /// client.persist_query::<u32>(keys!["n"]);
    /// assert!(client.persistence().is_some());
    /// ```
    pub fn persistence(&self) -> Option<Persistence> {
        self.persister().map(|persister| Persistence {
            client: self.clone(),
            persister,
        })
    }

    /// The persister, cloned out so that no borrow is held while it runs.
    pub(crate) fn persister(&self) -> Option<Rc<dyn Persister>> {
        self.st().persist.persister.clone()
    }
}

/// What the client remembers of its storage.
#[derive(Default)]
pub(crate) struct PersistState {
    /// Set by [`QueryClient::enable_persistence`]; `None`: nothing is persisted.
    pub persister: Option<Rc<dyn Persister>>,
    /// Idempotency keys of the calls this client wrote or adopted: every other entry in
    /// the stored queue belongs to another tab and is kept as it is.
    pub own_keys: HashSet<String>,
    /// The last write held calls of this client (so the next one must look, even if
    /// none is left: it removes them).
    pub wrote_own: bool,
    /// The other tabs' entries last seen, to tell which of them settled.
    pub others: Vec<PersistedMutation>,
    /// How chosen queries are encoded, in registration order.
    pub codecs: Vec<Rc<dyn QueryCodec>>,
    /// Persisted queries changed since the last write.
    pub queries_dirty: bool,
    /// A throttled write of the queries is scheduled.
    pub queries_timer: bool,
    /// The backup key under which this client kept an unreadable queue aside, so the
    /// page can say so (see `QueryClient::queue_kept_aside`).
    pub kept_aside: Option<String>,
}

impl PersistState {
    /// Takes the other tabs' calls found in storage now, and hands back the ones seen
    /// before that are gone: those were settled (or taken over) elsewhere.
    pub fn see_others(&mut self, now: Vec<PersistedMutation>) -> Vec<PersistedMutation> {
        let before = std::mem::replace(&mut self.others, now);
        before
            .into_iter()
            .filter(|m| {
                !self
                    .others
                    .iter()
                    .any(|o| o.idempotency_key == m.idempotency_key)
            })
            .collect()
    }
}
