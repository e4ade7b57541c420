//! KanbanBoard · Offline: the demo board with a banner while offline and the moves
//! waiting for the network; its last confirmed columns and cards are saved for the next
//! reload.

use yew::prelude::*;
use yew_optimistic::kanban::{
    board_mutation_key, cards_query_key, columns_query_key, Card, Column, ColumnId,
};
use yew_optimistic::QueryClient;

use super::demo::{self, Roadmap, BOARD};
use crate::args::Args;
use crate::server::SimServer;
use crate::support::offline_queue::OfflineQueue;
use crate::support::snapshot::{hydrate, use_save_snapshot};

/// Runs on every new client before it mounts: the definition (so the persisted queue can
/// be restored) and the last confirmed data (so there is something to paint it on).
pub fn register(client: &QueryClient, server: &SimServer, args: &Args) {
    demo::register(client, server, args);
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

/// The story.
pub fn render() -> Html {
    html! { <OfflineRoadmap /> }
}
