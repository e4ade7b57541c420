//! The EditableList page: its args and its stories, as a table over one demo.

mod demo;
mod offline;

use yew::prelude::*;

use crate::args::{ArgDef, ArgKind, Args, LANG, THEME};
use crate::backend::Settings;
use crate::server::Seed;
use crate::stories::{PageDef, PageKind, SourceFile, Story};
use demo::{register, Groceries};

/// The page.
pub const PAGE: PageDef = PageDef {
    slug: "editable-list",
    title: "EditableList",
    kind: PageKind::Component,
    blurb: "Add, rename, tick, delete and reorder items; every change shows at once and is rolled back alone if the server refuses it.",
    stories: STORIES,
    wide: false,
    files: &[
        SourceFile {
            name: "demo.rs",
            text: include_str!("demo.rs"),
        },
        SourceFile {
            name: "mutation.rs",
            text: include_str!("../../../../components/src/editable_list/mutation.rs"),
        },
    ],
    args: ARGS,
    seed,
};

const ARGS: &[ArgDef] = &[
    ArgDef {
        name: "label",
        label: "Label",
        prop: "label",
        kind: ArgKind::Text,
        default: "Groceries",
        seeds_data: false,
    },
    ArgDef {
        name: "rows",
        label: "Rows",
        prop: "the simulated server's seed items",
        kind: ArgKind::Number {
            min: 0,
            max: 12,
            step: 1,
        },
        default: "4",
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
        rows: args.number("rows") as usize,
        ..Seed::default()
    }
}

fn groceries() -> Html {
    html! { <Groceries /> }
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
        render: groceries,
        own_file: None,
    }
}

const STORIES: &[Story] = &[
    story(
        "default",
        "Default",
        "the list loads, then every add, rename, tick, delete and move shows at once and is confirmed a moment later.",
        &[
            "Add an item, click a title to rename it, tick, move and delete rows.",
            "Each row shows Saving… until the server confirms it.",
        ],
        Settings::default,
    ),
    story(
        "optimistic",
        "Optimistic",
        "a slow server (2 s): the new item is in the list in the frame of the click, marked pending (data-state=pending), and confirmed when the server answers.",
        &[
            "Add an item: it appears at once with data-state=pending.",
            "Two seconds later it is confirmed.",
        ],
        || Settings::default().latency(2_000),
    ),
    story(
        "error",
        "Error",
        "the server refuses every write (422): the row shows the refusal with Retry and Dismiss, and the change is rolled back. A 503 or a dropped connection is not a refusal: the row waits for the server and the change is sent again under its key.",
        &[
            "Add an item: it appears, then is rolled back with the server’s message.",
            "Set the failure rate to 0 % and press Retry.",
            "Press “Apply, then fail the next change” and add an item: the server applies it and answers 503; the row shows “Waiting for the server…”, the change is sent again under the same key and saved once.",
        ],
        || Settings::default().latency(600).failure_rate(100),
    ),
    story(
        "rollback",
        "Rollback",
        "a failure while other edits are pending: only the failed change is rolled back; the edits still in flight stay on screen and are confirmed.",
        &[
            "Press “Fail the next request”, then add an item: that request is doomed.",
            "Within two seconds, tick two other rows.",
            "The add is rolled back alone; the ticks stay and are confirmed.",
        ],
        || Settings::default().latency(2_000),
    ),
    story(
        "concurrent",
        "Concurrent",
        "overlapping edits: changes to one row are serialised in its scope, changes to different rows run side by side, and no refetch lands between them.",
        &[
            "Tick the same row several times quickly: every click paints, the requests go one at a time.",
            "Tick different rows: their requests overlap.",
            "The list ends in the state of your last clicks; the server agrees.",
        ],
        || Settings::default().latency(800),
    ),
    Story {
        slug: "offline",
        title: "Offline",
        summary: "offline changes wait in a persisted queue (their rows stay pending), survive a reload, and are sent once, in order, when the network is back.",
        steps: &[
            "Switch the controls to Offline, then add an item: it stays pending.",
            "Press Reload (a new QueryClient), or refresh the page: the persisted list and the queue come back from local storage; the item is still there, pending.",
            "Switch back Online: the item is confirmed, and the server applied it once.",
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
