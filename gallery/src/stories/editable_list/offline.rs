//! EditableList · Offline: offline changes wait in a persisted queue (their rows stay pending), survive a reload, and are sent once, in order, when the network is back.

use yew::prelude::*;
use yew_optimistic::editable_list::{list_mutation_key, list_query_key, Item};
use yew_optimistic::QueryClient;

use super::demo::{self, Groceries, LIST};
use crate::server::{Settings, SimServer};
use crate::stories::offline_queue::OfflineQueue;
use crate::stories::snapshot::{hydrate, use_save_snapshot};
use crate::stories::{SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "offline",
    title: "Offline",
    summary: "offline changes wait in a persisted queue (their rows stay pending), survive a reload, and are sent once, in order, when the network is back.",
    steps: &[
        "Switch the controls to Offline, then add an item: it stays pending.",
        "Press Reload: a new QueryClient restores the queue from local storage; the item is still there.",
        "Switch back Online: the item is confirmed, and the server applied it once.",
    ],
    settings,
    register,
    reload: true,
    render,
    files: &[
        SourceFile {
            name: "offline.rs",
            text: include_str!("offline.rs"),
        },
        SourceFile {
            name: "demo.rs",
            text: include_str!("demo.rs"),
        },
        SourceFile {
            name: "offline_queue.rs",
            text: include_str!("../offline_queue.rs"),
        },
    ],
};

fn settings() -> Settings {
    Settings::default()
}

/// Runs on every new client before it mounts: the definition (so the persisted queue can
/// be restored) and the last confirmed data (so there is something to paint it on).
fn register(client: &QueryClient, server: &SimServer) {
    demo::register(client, server);
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

fn render() -> Html {
    html! { <OfflineGroceries /> }
}
