//! KanbanBoard · Offline: the demo board with a banner while offline and the moves
//! waiting for the network. Its columns and its cards are persisted
//! (`persist_query`), so a reload while offline shows the board at once with the restored
//! moves on top.

use yew::prelude::*;
use yew_optimistic::kanban::{
    all_cards_query_key, board_mutation_key, columns_query_key, BoardCards, Column,
};
use yew_optimistic::{QueryClient, QueryFilter};

use super::demo::{self, Roadmap, BOARD};
use crate::args::Args;
use crate::backend::Backend;
use crate::support::offline_queue::OfflineQueue;

/// Runs on every new client before it mounts: the definition (so the persisted queue can
/// be restored) and the board's data persisted (so there is something to paint it on).
pub fn register(client: &QueryClient, backend: &Backend, args: &Args) {
    demo::register(client, backend, args);
    client.persist_query::<Vec<Column>>(columns_query_key(BOARD));
    client.persist_query::<BoardCards>(QueryFilter::exact(all_cards_query_key(BOARD)));
}

/// The story: the board, with a banner while offline and the moves waiting for the
/// network.
pub fn render() -> Html {
    html! {
        <OfflineQueue mutation={board_mutation_key()}>
            <Roadmap />
        </OfflineQueue>
    }
}
