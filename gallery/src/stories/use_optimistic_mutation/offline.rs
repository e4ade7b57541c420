//! use_optimistic_mutation · Offline: changes made offline wait in a persisted queue,
//! survive a reload, and are sent once, in order, when the network is back.

use yew::prelude::*;
use yew_optimistic::editable_list::{Item, ListChange};
use yew_optimistic::{use_mutation_state, use_online, MutationFilter, MutationStatus, QueryClient};

use super::todos::{self, change_key, list_key, TodoList};
use crate::server::{Settings, SimServer};
use crate::stories::snapshot::{hydrate, use_save_snapshot};
use crate::stories::{SourceFile, Story};

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "offline",
    title: "Offline",
    summary: "offline changes pause (their layers stay visible), are saved to local storage with their idempotency keys, are rebuilt after a reload from the registered definition, and replay in order when the network returns; the server applies each once.",
    steps: &[
        "Switch the controls to Offline, then add an item: it stays pending, waiting for the network.",
        "Press Reload: a new QueryClient restores the queue from local storage; the item is still there.",
        "Switch back Online: the queue is sent, the item is confirmed, and the server applied it once.",
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
            name: "todos.rs",
            text: include_str!("todos.rs"),
        },
    ],
};

fn settings() -> Settings {
    Settings::default()
}

/// Runs on every new client before it mounts: the definition (so the queue can be
/// restored) and the last confirmed list (so there is something to paint it on).
fn register(client: &QueryClient, server: &SimServer) {
    todos::register(client, server);
    hydrate::<Vec<Item>>(client, &list_key());
}

/// The list, the queue waiting for the network, and a banner while offline.
#[component]
fn OfflineStory() -> Html {
    use_save_snapshot::<Vec<Item>>(list_key());
    let online = use_online();
    let queued = use_mutation_state(
        MutationFilter::key(change_key()).status(MutationStatus::Paused),
        |m| {
            m.variables::<ListChange>()
                .map(ListChange::describe)
                .unwrap_or_default()
        },
    );
    html! {
        <>
            if !online {
                <p role="status" class="banner" data-testid="offline-banner">
                    { "Offline: changes are kept and sent when you reconnect." }
                </p>
            }
            <TodoList />
            <div class="queue" data-testid="queue" data-count={queued.len().to_string()}>
                <h5>{ format!("Waiting for the network ({})", queued.len()) }</h5>
                <ol>{ for queued.iter().map(|q| html! { <li>{ q }</li> }) }</ol>
            </div>
        </>
    }
}

fn render() -> Html {
    html! { <OfflineStory /> }
}
