//! The query client a story runs on, and the storage it persists its queue and chosen
//! queries to.

use yew_optimistic::browser::{browser_runtime, LocalStorage};
use yew_optimistic::optimistic_query::persist::QueryPersistence;
use yew_optimistic::optimistic_query::Storage;
use yew_optimistic::{ClientConfig, QueryClient, RetryPolicy};

use crate::args::Args;
use crate::backend::Backend;
use crate::stories::Story;

/// Forgets the persisted queue and queries of clients of `backend`: a story starts from
/// a clean slate (a new simulated server), or the server's data was reset.
pub fn clear_persisted(backend: &Backend) {
    let keys = backend.storage_keys();
    LocalStorage.remove(&keys.queue);
    LocalStorage.remove(&keys.queries);
}

/// The retry policy of the controls' "client retries" (0: none, so the gallery shows
/// failures as they happen): quick backoff, as on a demo's loopback server.
pub fn retry_policy(retries: u32) -> RetryPolicy {
    if retries == 0 {
        RetryPolicy::never()
    } else {
        RetryPolicy::times(retries).delays(200, 2_000)
    }
}

/// A new client over the browser runtime (local storage included), with the story's
/// mutation definitions (and persisted queries) registered, ready to be handed to a
/// `QueryClientProvider`. A client of the reference server shares its queue with the
/// other tabs of the origin (this page's tab id).
///
/// `generation` counts reloads: each client gets its own seed, so the idempotency keys
/// of a reloaded client never repeat the keys of the one before.
pub fn make_client(
    story: &Story,
    backend: &Backend,
    generation: u32,
    args: &Args,
    retries: u32,
) -> QueryClient {
    let keys = backend.storage_keys();
    let config = ClientConfig {
        // The gallery shows failures as they happen unless the controls ask for retries;
        // "Retry" buttons retry by hand.
        mutation_retry: retry_policy(retries),
        query_retry: RetryPolicy::times(1).delays(300, 1_000),
        seed: backend.client_seed(generation),
        storage_key: keys.queue,
        query_persistence: QueryPersistence {
            storage_key: keys.queries,
            ..QueryPersistence::default()
        },
        tab_id: backend.tab_id(),
        ..ClientConfig::default()
    };
    let client = QueryClient::with_config(browser_runtime(), config);
    // Before mounting: the provider restores the persisted queries and queue on its
    // first render, and restoring needs the definitions.
    (story.register)(&client, backend, args);
    client
}
