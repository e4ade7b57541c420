//! The demo every KanbanBoard story shares: one roadmap board fed by the simulated server,
//! and the component's mutation definition registered on every new client.

use yew::prelude::*;
use yew_optimistic::kanban::{board_mutation_key, board_mutation_options, KanbanBoard};
use yew_optimistic::QueryClient;

use crate::frame::use_server;
use crate::server::SimServer;

/// The board the stories edit.
pub const BOARD: &str = "roadmap";

/// Runs on every new client before it mounts: the component's own mutation definition,
/// so changes can be persisted and restored.
pub fn register(client: &QueryClient, server: &SimServer) {
    client.register_mutation(
        board_mutation_key(),
        board_mutation_options(server.board_source(), BOARD),
    );
}

/// The board, fed by the simulated server.
#[component]
pub fn Roadmap() -> Html {
    let server = use_server();
    html! {
        <KanbanBoard source={server.board_source()} board={BOARD} title="Roadmap" />
    }
}
