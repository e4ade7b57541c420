//! The KanbanBoard page: its args and its stories, as a table over one demo.

mod demo;
mod offline;

use yew::prelude::*;

use crate::args::{ArgDef, ArgKind, Args, LANG, THEME};
use crate::backend::Settings;
use crate::server::Seed;
use crate::stories::{PageDef, PageKind, SourceFile, Story};
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
        SourceFile {
            name: "demo.rs",
            text: include_str!("demo.rs"),
        },
        SourceFile {
            name: "mutation.rs",
            text: include_str!("../../../../components/src/kanban/mutation.rs"),
        },
    ],
    args: ARGS,
    seed,
};

const ARGS: &[ArgDef] = &[
    ArgDef {
        name: "title",
        label: "Title",
        prop: "title",
        kind: ArgKind::Text,
        default: "Roadmap",
        seeds_data: false,
    },
    ArgDef {
        name: "cards",
        label: "Cards",
        prop: "the simulated server's seed cards",
        kind: ArgKind::Number {
            min: 0,
            max: 12,
            step: 1,
        },
        default: "5",
        seeds_data: true,
    },
    LANG,
    ArgDef {
        name: "shortcuts",
        label: "Show shortcuts",
        prop: "show_shortcuts",
        kind: ArgKind::Toggle,
        default: "true",
        seeds_data: false,
    },
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

/// A story over the demo, differing in text and server settings only.
const fn story(
    slug: &'static str,
    title: &'static str,
    summary: &'static str,
    steps: &'static [&'static str],
    settings: fn() -> Settings,
) -> Story {
    Story {
        slug,
        title,
        summary,
        steps,
        settings,
        register,
        reload: false,
        render: roadmap,
        own_file: None,
    }
}

const STORIES: &[Story] = &[
    story(
        "default",
        "Default",
        "columns and cards load (each column under its own query key); add, rename and move cards, by drag and drop or with the arrow buttons and keyboard.",
        &[
            "Move a card to the next column: it moves at once and is confirmed a moment later.",
            "Add a card to a column.",
        ],
        Settings::default,
    ),
    story(
        "optimistic",
        "Optimistic",
        "a slow server (2 s): a move patches two columns at once (two query keys, one mutation) and stays pending until the server answers.",
        &[
            "Move a card right: both columns update in the same frame, the card is pending.",
            "Two seconds later it is confirmed.",
        ],
        || Settings::default().latency(2_000),
    ),
    story(
        "error",
        "Error",
        "the server refuses every change (422): a moved card goes back to its column (both layers die together) and says why.",
        &[
            "Move a card: it moves, then returns with an error.",
            "Set the failure rate to 0 % and retry.",
        ],
        || Settings::default().latency(600).failure_rate(100),
    ),
    story(
        "rollback",
        "Rollback",
        "a failure while other moves are pending: only the failed move is undone; the others stay and are confirmed.",
        &[
            "Press “Fail the next request”, then move a card: that move is doomed.",
            "Within two seconds, move another card.",
            "The first card returns alone; the second stays and is confirmed.",
        ],
        || Settings::default().latency(2_000),
    ),
    story(
        "concurrent",
        "Concurrent",
        "overlapping moves: moves of one card are serialised in its scope, moves of different cards overlap, and no column flickers.",
        &[
            "Move one card right twice quickly: it goes two columns, the requests go one at a time.",
            "Move other cards meanwhile.",
        ],
        || Settings::default().latency(800),
    ),
    Story {
        slug: "offline",
        title: "Offline",
        summary: "moves made offline keep both columns patched, survive a reload, and are sent in order when the network is back.",
        steps: &[
            "Switch the controls to Offline, then move a card: it stays pending.",
            "Press Reload, or refresh the page: the board and the queued move come back from local storage.",
            "Switch back Online: it is confirmed; the server applied it once.",
        ],
        settings: Settings::default,
        register: offline::register,
        reload: true,
        render: offline::render,
        own_file: Some(SourceFile {
            name: "offline.rs",
            text: include_str!("offline.rs"),
        }),
    },
];
