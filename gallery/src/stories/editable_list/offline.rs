//! EditableList · Offline: the demo list with a banner while offline and the queue of
//! changes waiting for the network; its last confirmed items are saved for the next
//! reload, so a reload while offline still has something to paint the queue on.

use yew::prelude::*;
use yew_optimistic::editable_list::{list_mutation_key, list_query_key, Item};
use yew_optimistic::QueryClient;

use super::demo::{self, Groceries, LIST};
use crate::args::Args;
use crate::server::SimServer;
use crate::support::offline_queue::OfflineQueue;
use crate::support::snapshot::{hydrate, use_save_snapshot};

/// Runs on every new client before it mounts: the definition (so the persisted queue can
/// be restored) and the last confirmed data (so there is something to paint it on).
pub fn register(client: &QueryClient, server: &SimServer, args: &Args) {
    demo::register(client, server, args);
    hydrate::<Vec<Item>>(client, &list_query_key(LIST));
}

/// The list, saving its confirmed items for the next reload. With a banner while offline
/// and the queue waiting for the network.
#[component]
fn OfflineGroceries() -> Html {
    use_save_snapshot::<Vec<Item>>(list_query_key(LIST));
    html! {
        <OfflineQueue mutation={list_mutation_key()}>
            <Groceries />
        </OfflineQueue>
    }
}

/// The story.
pub fn render() -> Html {
    html! { <OfflineGroceries /> }
}
