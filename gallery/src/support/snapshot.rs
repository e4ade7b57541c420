//! Offline start: keep the last data the server confirmed in local storage, and put it
//! back in a new client before it mounts, as an app that persists its query cache does.
//! Without it a reload while offline shows "Loading…" (the fetch waits for the network)
//! and the restored queue has nothing to paint on.

use serde::{de::DeserializeOwned, Serialize};
use yew::prelude::*;
use yew_optimistic::browser::LocalStorage;
use yew_optimistic::optimistic_query::Storage;
use yew_optimistic::{use_query_client, QueryClient, QueryKey};

/// Prefix of the storage keys snapshots use (the gallery clears them per story).
pub const PREFIX: &str = "gallery/snapshot/";

fn storage_key(key: &QueryKey) -> String {
    format!("{PREFIX}{key}")
}

/// Seeds `client` with the snapshot of `key`, if one was saved. Call it before the
/// client is mounted; the query still refetches once the network is back.
pub fn hydrate<T: DeserializeOwned + 'static>(client: &QueryClient, key: &QueryKey) {
    let saved = LocalStorage
        .get(&storage_key(key))
        .and_then(|text| serde_json::from_str::<T>(&text).ok());
    if let Some(data) = saved {
        // A type mismatch would be a bug in the story; the fetch repairs it anyway.
        let _ = client.set_query_data(key, data);
    }
}

/// Saves the confirmed data of `key` (never the optimistic layers: those are rebuilt
/// from the persisted queue) whenever the cache changes.
#[hook]
pub fn use_save_snapshot<T: Serialize + 'static>(key: QueryKey) {
    let client = use_query_client();
    use_effect_with(key, move |key| {
        let key = key.clone();
        let reader = client.clone();
        let save = move || {
            if let Ok(Some(data)) = reader.get_confirmed_data::<T>(&key) {
                if let Ok(text) = serde_json::to_string(&*data) {
                    let _ = LocalStorage.set(&storage_key(&key), &text);
                }
            }
        };
        save();
        // The listener holds the client; the subscription is dropped on unmount, which
        // breaks that cycle.
        let subscription = client.subscribe_queries(save);
        move || drop(subscription)
    });
}
