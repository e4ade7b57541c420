//! KanbanBoard · Rollback: a failure while other moves are pending: only the failed move is undone; the others stay and are confirmed.

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
    slug: "rollback",
    title: "Rollback",
    summary: "a failure while other moves are pending: only the failed move is undone; the others stay and are confirmed.",
    steps: &[
        "Press “Fail the next request”, then move a card: that move is doomed.",
        "Within two seconds, move another card.",
        "The first card returns alone; the second stays and is confirmed.",
    ],
    settings,
    register,
    reload: false,
    render,
    files: &[SourceFile {
        name: "rollback.rs",
        text: include_str!("rollback.rs"),
    }],
};

fn settings() -> Settings {
    Settings::default().latency(2_000)
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
