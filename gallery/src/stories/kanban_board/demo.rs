//! The demo of every KanbanBoard story: one roadmap board fed by the simulated server,
//! its props from the page's args, and the component's own mutation definition
//! registered on each new client (so moves made offline survive a reload).

use yew::prelude::*;
use yew_optimistic::kanban::{board_mutation_key, board_mutation_options, KanbanBoard};
use yew_optimistic::QueryClient;

use crate::args::{use_args, Args};
use crate::backend::Backend;
use crate::frame::use_backend;
use crate::stories::words;

/// The board the stories edit.
pub const BOARD: &str = "roadmap";

/// Runs on every new client before it mounts.
pub fn register(client: &QueryClient, backend: &Backend, _args: &Args) {
    client.register_mutation(
        board_mutation_key(),
        board_mutation_options(backend.board_source(), BOARD),
    );
}

/// The board, its props from the args: `title`, `lang` (its strings), `shortcuts`.
#[component]
pub fn Roadmap() -> Html {
    let backend = use_backend();
    let args = use_args();
    let strings = use_memo(args.get("lang"), |lang| words::board(lang));
    let title = Some(args.get("title")).filter(|t| !t.is_empty());
    html! {
        <KanbanBoard
            source={backend.board_source()}
            board={BOARD}
            title={title.map(AttrValue::from)}
            strings={(*strings).clone()}
            show_shortcuts={args.flag("shortcuts")}
            // The gallery's client retries nothing: failures show as they happen.
            retry={None}
        />
    }
}
