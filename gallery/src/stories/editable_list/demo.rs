//! The demo every EditableList story shares: one grocery list fed by the simulated server,
//! and the component's mutation definition registered on every new client.

use yew::prelude::*;
use yew_optimistic::editable_list::{list_mutation_key, list_mutation_options, EditableList};
use yew_optimistic::QueryClient;

use crate::frame::use_server;
use crate::server::SimServer;

/// The list the stories edit.
pub const LIST: &str = "groceries";

/// Runs on every new client before it mounts: the component's own mutation definition,
/// so changes can be persisted and restored.
pub fn register(client: &QueryClient, server: &SimServer) {
    client.register_mutation(
        list_mutation_key(),
        list_mutation_options(server.list_source(), LIST),
    );
}

/// The list, fed by the simulated server.
#[component]
pub fn Groceries() -> Html {
    let server = use_server();
    html! {
        <EditableList source={server.list_source()} list={LIST} label="Groceries" />
    }
}
