//! KanbanBoard · Default: columns and cards load (each column under its own query key); add, rename and move cards, by drag and drop or with the arrow buttons and keyboard.

use yew::prelude::*;
use yew_optimistic::kanban::{board_mutation_key, board_mutation_options, KanbanBoard};
use yew_optimistic::QueryClient;

use crate::frame::use_server;
use crate::server::{Settings, SimServer};
use crate::stories::{SourceFile, Story};

/// The board this story edits.
const BOARD: &str = "roadmap";

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "default",
    title: "Default",
    summary: "columns and cards load (each column under its own query key); add, rename and move cards, by drag and drop or with the arrow buttons and keyboard.",
    steps: &[
        "Move a card to the next column: it moves at once and is confirmed a moment later.",
        "Add a card to a column.",
    ],
    settings,
    register,
    reload: false,
    render,
    files: &[SourceFile {
        name: "default.rs",
        text: include_str!("default.rs"),
    }],
};

fn settings() -> Settings {
    Settings::default()
}

/// Runs on every new client before it mounts: the component's own mutation definition,
/// so changes can be persisted and restored.
fn register(client: &QueryClient, server: &SimServer) {
    client.register_mutation(
        board_mutation_key(),
        board_mutation_options(server.board_source(), BOARD),
    );
}

/// The board, fed by the simulated server.
#[function_component]
fn Roadmap() -> Html {
    let server = use_server();
    html! {
        <KanbanBoard source={server.board_source()} board={BOARD} title="Roadmap" />
    }
}

fn render() -> Html {
    html! { <Roadmap /> }
}
