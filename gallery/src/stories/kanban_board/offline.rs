//! KanbanBoard · Offline: moves made offline keep both columns patched, survive a reload, and are sent in order when the network is back.

use yew::prelude::*;
use yew_optimistic::kanban::{
    board_mutation_key, cards_query_key, columns_query_key, Card, Column, ColumnId,
};
use yew_optimistic::QueryClient;

use super::demo::{self, Roadmap, BOARD};
use crate::server::{Settings, SimServer};
use crate::stories::offline_queue::OfflineQueue;
use crate::stories::snapshot::{hydrate, use_save_snapshot};
use crate::stories::{SourceFile, Story};

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
    files: &[
        SourceFile {
            name: "offline.rs",
            text: include_str!("offline.rs"),
        },
        SourceFile {
            name: "demo.rs",
            text: include_str!("demo.rs"),
        },
        SourceFile {
            name: "offline_queue.rs",
            text: include_str!("../offline_queue.rs"),
        },
    ],
};

fn settings() -> Settings {
    Settings::default()
}

/// Runs on every new client before it mounts: the definition (so the persisted queue can
/// be restored) and the last confirmed data (so there is something to paint it on).
fn register(client: &QueryClient, server: &SimServer) {
    demo::register(client, server);
    hydrate::<Vec<Column>>(client, &columns_query_key(BOARD));
    for column in ["todo", "doing", "done"] {
        hydrate::<Vec<Card>>(client, &cards_query_key(BOARD, &ColumnId(column.into())));
    }
}

/// The board, saving its columns and cards for the next reload. With a banner while
/// offline and the queue waiting for the network.
#[component]
fn OfflineRoadmap() -> Html {
    use_save_snapshot::<Vec<Column>>(columns_query_key(BOARD));
    use_save_snapshot::<Vec<Card>>(cards_query_key(BOARD, &ColumnId("todo".into())));
    use_save_snapshot::<Vec<Card>>(cards_query_key(BOARD, &ColumnId("doing".into())));
    use_save_snapshot::<Vec<Card>>(cards_query_key(BOARD, &ColumnId("done".into())));
    html! {
        <OfflineQueue mutation={board_mutation_key()}>
            <Roadmap />
        </OfflineQueue>
    }
}

fn render() -> Html {
    html! { <OfflineRoadmap /> }
}
