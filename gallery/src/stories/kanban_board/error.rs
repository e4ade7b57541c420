//! KanbanBoard · Error: every change fails with a 503: a moved card goes back to its column (both layers die together) and says why.

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
    slug: "error",
    title: "Error",
    summary: "every change fails with a 503: a moved card goes back to its column (both layers die together) and says why.",
    steps: &[
        "Move a card: it moves, then returns with an error.",
        "Set the failure rate to 0 % and retry.",
    ],
    settings,
    register,
    reload: false,
    render,
    files: &[SourceFile {
        name: "error.rs",
        text: include_str!("error.rs"),
    }],
};

fn settings() -> Settings {
    Settings::default().latency(600).failure_rate(100)
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
