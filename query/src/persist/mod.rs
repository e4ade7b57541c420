//! Persistence: the queue of unsettled mutations (shared by the tabs of an origin) and,
//! opt-in, chosen queries' confirmed data, both versioned JSON in the injected
//! [`Storage`](crate::runtime::Storage).

mod queries;
mod queue;

pub(crate) use queries::QueryCodec;
pub use queries::{
    QueryCacheDiscarded, QueryPersistence, QueryRestoreReport, QUERY_CACHE_FORMAT,
    QUERY_CACHE_VERSION,
};
pub(crate) use queue::MutationDefinition;
pub use queue::{
    ParseFailure, PersistedMutation, PersistedQueue, RestoreReport, QUEUE_FORMAT, QUEUE_VERSION,
};

use std::collections::HashSet;
use std::rc::Rc;

/// What the client remembers of its storage.
#[derive(Default)]
pub(crate) struct PersistState {
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
