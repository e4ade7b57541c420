//! KanbanBoard · Concurrent: overlapping moves: moves of one card are serialised in its scope, moves of different cards overlap, and no column flickers.

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
    slug: "concurrent",
    title: "Concurrent",
    summary: "overlapping moves: moves of one card are serialised in its scope, moves of different cards overlap, and no column flickers.",
    steps: &[
        "Move one card right twice quickly: it goes two columns, the requests go one at a time.",
        "Move other cards meanwhile.",
    ],
    settings,
    register,
    reload: false,
    render,
    files: &[SourceFile {
        name: "concurrent.rs",
        text: include_str!("concurrent.rs"),
    }],
};

fn settings() -> Settings {
    Settings::default().latency(800)
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
