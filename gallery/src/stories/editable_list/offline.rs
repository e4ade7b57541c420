//! EditableList · Offline: offline changes wait in a persisted queue (their rows stay pending), survive a reload, and are sent once, in order, when the network is back.

use yew::prelude::*;
use yew_optimistic::editable_list::{
    list_mutation_key, list_mutation_options, list_query_key, EditableList, Item,
};
use yew_optimistic::{use_mutation_state, use_online, MutationFilter, MutationStatus, QueryClient};

use crate::frame::use_server;
use crate::server::{Settings, SimServer};
use crate::stories::snapshot::{hydrate, use_save_snapshot};
use crate::stories::{SourceFile, Story};

/// The list this story edits.
const LIST: &str = "groceries";

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
    files: &[SourceFile {
        name: "offline.rs",
        text: include_str!("offline.rs"),
    }],
};

fn settings() -> Settings {
    Settings::default()
}

/// Runs on every new client before it mounts: the definition (so the persisted queue can
/// be restored) and the last confirmed data (so there is something to paint it on).
fn register(client: &QueryClient, server: &SimServer) {
    client.register_mutation(
        list_mutation_key(),
        list_mutation_options(server.list_source(), LIST),
    );
    hydrate::<Vec<Item>>(client, &list_query_key(LIST));
}

/// The list, fed by the simulated server. With a banner while offline and the queue waiting for the network.
#[function_component]
fn Groceries() -> Html {
    use_save_snapshot::<Vec<Item>>(list_query_key(LIST));
    let server = use_server();
    let online = use_online();
    let queued = use_mutation_state(
        MutationFilter::key(list_mutation_key()).status(MutationStatus::Paused),
        |m| m.id,
    );
    html! {
        <>
            if !online {
                <p role="status" class="banner" data-testid="offline-banner">
                    { "Offline: changes are kept and sent when you reconnect." }
                </p>
            }
            <EditableList source={server.list_source()} list={LIST} label="Groceries" />
            <p class="queue" data-testid="queue" data-count={queued.len().to_string()}>
                { format!("Waiting for the network: {}", queued.len()) }
            </p>
        </>
    }
}

fn render() -> Html {
    html! { <Groceries /> }
}
