//! use_optimistic_mutation · Offline: changes made offline wait in a persisted queue,
//! survive a reload, and are sent once, in order, when the network is back. The list's
//! confirmed data is persisted too (`persist_query`), so a reload while offline has it to
//! paint the queue on.

use yew::prelude::*;
use yew_optimistic::editable_list::{Item, ListChange};
use yew_optimistic::feedback::OfflineBanner;
use yew_optimistic::{use_mutation_state, MutationFilter, MutationStatus, QueryClient};

use super::demo::TodoList;
use super::mutation::{self, change_key, list_key};
use crate::args::Args;
use crate::backend::Backend;

/// Runs on every new client before it mounts: the definition (so the queue can be
/// restored) and the list persisted (so there is something to paint it on).
pub fn register(client: &QueryClient, backend: &Backend, args: &Args) {
    mutation::register(client, backend, args);
    client.persist_query::<Vec<Item>>(list_key());
}

/// The list, the queue waiting for the network, and a banner while offline or while
/// changes are not kept on this device.
#[component]
fn OfflineStory() -> Html {
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
            // Offline, changes not kept on this device, a saved queue set aside unread.
            <OfflineBanner />
            <TodoList />
            <div class="queue" data-testid="queue" data-count={queued.len().to_string()}>
                <h4>{ format!("Waiting for the network ({})", queued.len()) }</h4>
                <ol>{ for queued.iter().map(|q| html! { <li>{ q }</li> }) }</ol>
            </div>
        </>
    }
}

/// The story.
pub fn render() -> Html {
    html! { <OfflineStory /> }
}
