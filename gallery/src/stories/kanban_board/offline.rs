//! KanbanBoard · Offline: moves made offline keep both columns patched, survive a reload, and are sent in order when the network is back.

use yew::prelude::*;
use yew_optimistic::kanban::{
    board_mutation_key, board_mutation_options, cards_query_key, columns_query_key, Card, Column,
    ColumnId, KanbanBoard,
};
use yew_optimistic::{use_mutation_state, use_online, MutationFilter, MutationStatus, QueryClient};

use crate::frame::use_server;
use crate::server::{Settings, SimServer};
use crate::stories::snapshot::{hydrate, use_save_snapshot};
use crate::stories::{SourceFile, Story};

/// The board this story edits.
const BOARD: &str = "roadmap";

/// The story, as the gallery lists it.
pub const STORY: Story = Story {
    slug: "offline",
    title: "Offline",
    summary: "moves made offline keep both columns patched, survive a reload, and are sent in order when the network is back.",
    steps: &[
        "Switch the controls to Offline, then move a card: it stays pending.",
        "Press Reload: the move is restored from local storage.",
        "Switch back Online: it is confirmed; the server applied it once.",
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
        board_mutation_key(),
        board_mutation_options(server.board_source(), BOARD),
    );
    hydrate::<Vec<Column>>(client, &columns_query_key(BOARD));
    for column in ["todo", "doing", "done"] {
        hydrate::<Vec<Card>>(client, &cards_query_key(BOARD, &ColumnId(column.into())));
    }
}

/// The board, fed by the simulated server. With a banner while offline and the queue waiting for the network.
#[function_component]
fn Roadmap() -> Html {
    use_save_snapshot::<Vec<Column>>(columns_query_key(BOARD));
    use_save_snapshot::<Vec<Card>>(cards_query_key(BOARD, &ColumnId("todo".into())));
    use_save_snapshot::<Vec<Card>>(cards_query_key(BOARD, &ColumnId("doing".into())));
    use_save_snapshot::<Vec<Card>>(cards_query_key(BOARD, &ColumnId("done".into())));
    let server = use_server();
    let online = use_online();
    let queued = use_mutation_state(
        MutationFilter::key(board_mutation_key()).status(MutationStatus::Paused),
        |m| m.id,
    );
    html! {
        <>
            if !online {
                <p role="status" class="banner" data-testid="offline-banner">
                    { "Offline: changes are kept and sent when you reconnect." }
                </p>
            }
            <KanbanBoard source={server.board_source()} board={BOARD} title="Roadmap" />
            <p class="queue" data-testid="queue" data-count={queued.len().to_string()}>
                { format!("Waiting for the network: {}", queued.len()) }
            </p>
        </>
    }
}

fn render() -> Html {
    html! { <Roadmap /> }
}
