//! The query client a story runs on, and the storage it persists its queue to.

use yew_optimistic::browser::{browser_runtime, LocalStorage};
use yew_optimistic::optimistic_query::Storage;
use yew_optimistic::{ClientConfig, QueryClient, RetryPolicy};

use crate::args::Args;
use crate::server::SimServer;
use crate::stories::Story;

/// Where the engine persists the offline queue (its default key).
pub fn queue_storage_key() -> String {
    ClientConfig::default().storage_key
}

/// Forgets any persisted queue and story snapshots: a story starts from a clean slate,
/// as its simulated server does.
pub fn clear_persisted() {
    LocalStorage.remove(&queue_storage_key());
    if let Ok(Some(storage)) = web_sys::window()
        .map(|w| w.local_storage())
        .transpose()
        .map(Option::flatten)
    {
        let prefix = crate::support::snapshot::PREFIX;
        let keys: Vec<String> = (0..storage.length().unwrap_or(0))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| k.starts_with(prefix))
            .collect();
        for key in keys {
            let _ = storage.remove_item(&key);
        }
    }
}

/// A new client over the browser runtime (local storage included), with the story's
/// mutation definitions registered, ready to be handed to a `QueryClientProvider`.
///
/// `generation` counts reloads: each client gets its own seed, so the idempotency keys
/// of a reloaded client never repeat the keys of the one before.
pub fn make_client(story: &Story, server: &SimServer, generation: u32, args: &Args) -> QueryClient {
    let seed = server.net.settings().seed;
    let config = ClientConfig {
        // The gallery shows failures as they happen; a story that wants retries asks for
        // them, and "Retry" buttons retry by hand.
        mutation_retry: RetryPolicy::never(),
        query_retry: RetryPolicy::times(1).delays(300, 1_000),
        seed: Some(seed ^ u64::from(generation).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ now_bits()),
        ..ClientConfig::default()
    };
    let client = QueryClient::with_config(browser_runtime(), config);
    // Before mounting: the provider restores the persisted queue on its first render,
    // and restoring needs the definitions.
    (story.register)(&client, server, args);
    client
}

/// The clock's bits, so two page loads never share idempotency keys (the simulated
/// server outlives neither, but local storage outlives both).
fn now_bits() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}
