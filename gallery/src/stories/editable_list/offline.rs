//! EditableList · Offline: the demo list with a banner while offline and the queue of
//! changes waiting for the network. The list's confirmed items are persisted
//! (`persist_query`), so a reload while offline, the page's own or the browser's, shows
//! them at once with the restored queue's changes on top.

use yew::prelude::*;
use yew_optimistic::editable_list::{list_mutation_key, list_query_key, ListRows};
use yew_optimistic::QueryClient;

use super::demo::{self, Groceries, LIST};
use crate::args::Args;
use crate::backend::Backend;
use crate::support::offline_queue::OfflineQueue;

/// Runs on every new client before it mounts: the definition (so the persisted queue can
/// be restored) and the list's data persisted (so there is something to paint it on).
pub fn register(client: &QueryClient, backend: &Backend, args: &Args) {
    demo::register(client, backend, args);
    client.persist_query::<ListRows>(list_query_key(LIST));
}

/// The story: the list, with a banner while offline and the queue waiting for the
/// network.
pub fn render() -> Html {
    html! {
        <OfflineQueue mutation={list_mutation_key()}>
            <Groceries />
        </OfflineQueue>
    }
}
