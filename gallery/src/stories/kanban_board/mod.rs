//! The KanbanBoard page: its args and its stories, as a table over one demo.

mod demo;
mod offline;

use yew::prelude::*;

use crate::args::{ArgDef, ArgKind, Args, LANG, SHORTCUTS, THEME};
use crate::server::Seed;
use crate::stories::{standard, Demo, PageDef, PageKind, SourceFile, Story};
use demo::{register, Roadmap};

/// The page.
pub const PAGE: PageDef = PageDef {
    slug: "kanban-board",
    title: "KanbanBoard",
    kind: PageKind::Component,
    blurb: "Columns of cards under their own query keys; a move patches two columns, and both layers live and die together.",
    stories: STORIES,
    wide: true,
    files: &[
        SourceFile::new("demo.rs", include_str!("demo.rs")),
        SourceFile::new("mutation.rs", include_str!("../../../../components/src/kanban/mutation.rs")),
    ],
    args: ARGS,
    seed,
    on_reference_server: true,
};

const ARGS: &[ArgDef] = &[
    ArgDef::new("title", "Title", "title", ArgKind::Text, "Roadmap"),
    ArgDef::new(
        "cards",
        "Cards",
        "the simulated server's seed cards",
        ArgKind::number(0, 12, 1),
        "5",
    )
    .seeding(),
    LANG,
    SHORTCUTS,
    THEME,
];

fn seed(args: &Args) -> Seed {
    Seed {
        cards: args.number("cards") as usize,
        ..Seed::default()
    }
}

fn roadmap() -> Html {
    html! { <Roadmap /> }
}

/// What most of the page's stories run.
const DEMO: Demo = Demo::new(register, roadmap);

const STORIES: &[Story] = &[
    standard::default(
        DEMO,
        "columns and cards load (each column under its own query key); add, rename and move cards, by drag and drop or with the arrow buttons and keyboard.",
        &[
            "Move a card to the next column: it moves at once and is confirmed a moment later.",
            "Add a card to a column.",
        ],
    ),
    standard::optimistic(
        DEMO,
        "a slow server (2 s): a move patches two columns at once (two query keys, one mutation) and stays pending until the server answers.",
        &[
            "Move a card right: both columns update in the same frame, the card is pending.",
            "Two seconds later it is confirmed.",
        ],
    ),
    standard::error(
        DEMO,
        "the server refuses every change (422): a moved card goes back to its column (both layers die together) and says why.",
        &[
            "Move a card: it moves, then returns with an error.",
            "Set the failure rate to 0 % and retry.",
        ],
    ),
    standard::rollback(
        DEMO,
        "a failure while other moves are pending: only the failed move is undone; the others stay and are confirmed.",
        &[
            "Press “Fail the next request”, then move a card: that move is doomed.",
            "Within two seconds, move another card.",
            "The first card returns alone; the second stays and is confirmed.",
        ],
    ),
    standard::concurrent(
        DEMO,
        "overlapping moves: moves of one card are serialised in its scope, moves of different cards overlap, and no column flickers.",
        &[
            "Move one card right twice quickly: it goes two columns, the requests go one at a time.",
            "Move other cards meanwhile.",
        ],
    ),
    standard::offline(
        Demo::new(offline::register, offline::render),
        "moves made offline keep both columns patched, survive a reload, and are sent in order when the network is back.",
        &[
            "Switch the controls to Offline, then move a card: it stays pending.",
            "Press Reload, or refresh the page: the board and the queued move come back from local storage.",
            "Switch back Online: it is confirmed; the server applied it once.",
        ],
        SourceFile::new("offline.rs", include_str!("offline.rs")),
    ),
];
