//! The query client a story runs on, and the storage it persists its queue and chosen
//! queries to.

use yew_optimistic::browser::{browser_runtime, tab_id, LocalStorage};
use yew_optimistic::optimistic_query::persist::QueryPersistence;
use yew_optimistic::optimistic_query::Storage;
use yew_optimistic::{ClientConfig, QueryClient, RetryPolicy};

use crate::args::Args;
use crate::backend::{Backend, BackendKind};
use crate::stories::Story;

/// Where a client of the simulated server persists its queue. Not the library's default
/// key: each story's simulated server starts afresh, and must not meet the queue of the
/// real server's stories.
const SIM_QUEUE_KEY: &str = "gallery/sim/mutations";
/// Where a client of the simulated server persists its chosen queries.
const SIM_QUERIES_KEY: &str = "gallery/sim/queries";

/// The storage keys of a backend's queue and queries (the library's defaults for the
/// reference server, as an app would have them).
fn keys(kind: BackendKind) -> (String, String) {
    match kind {
        BackendKind::Sim => (SIM_QUEUE_KEY.into(), SIM_QUERIES_KEY.into()),
        BackendKind::Http => (
            ClientConfig::default().storage_key,
            QueryPersistence::default().storage_key,
        ),
    }
}

/// Forgets the persisted queue and queries of `kind`: a story starts from a clean slate
/// (a new simulated server), or the reference server's data was reset.
pub fn clear_persisted(kind: BackendKind) {
    let (queue, queries) = keys(kind);
    LocalStorage.remove(&queue);
    LocalStorage.remove(&queries);
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
    let kind = backend.kind();
    let (storage_key, queries_key) = keys(kind);
    let seed = backend.settings().seed;
    let config = ClientConfig {
        // The gallery shows failures as they happen unless the controls ask for retries;
        // "Retry" buttons retry by hand.
        mutation_retry: retry_policy(retries),
        query_retry: RetryPolicy::times(1).delays(300, 1_000),
        // Tabs of the reference server share one queue and one server: their keys come
        // from the browser's randomness, never from a seed two tabs could share.
        seed: match kind {
            BackendKind::Sim => {
                Some(seed ^ u64::from(generation).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ now_bits())
            }
            BackendKind::Http => None,
        },
        storage_key,
        query_persistence: QueryPersistence {
            storage_key: queries_key,
            ..QueryPersistence::default()
        },
        // The simulated server lives in this page only: another tab's calls mean
        // nothing to it.
        tab_id: match kind {
            BackendKind::Http => tab_id(),
            BackendKind::Sim => None,
        },
        ..ClientConfig::default()
    };
    let client = QueryClient::with_config(browser_runtime(), config);
    // Before mounting: the provider restores the persisted queries and queue on its
    // first render, and restoring needs the definitions.
    (story.register)(&client, backend, args);
    client
}

/// The clock's bits, so two page loads never share idempotency keys.
fn now_bits() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}
