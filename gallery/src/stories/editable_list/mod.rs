//! The EditableList page: its args and its stories, as a table over one demo.

mod demo;
mod offline;

use yew::prelude::*;

use crate::args::{ArgDef, ArgKind, LANG, ROWS, SHORTCUTS, THEME};
use crate::stories::{rows_seed, standard, Demo, PageDef, PageKind, SourceFile, Story};
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
        SourceFile::new("demo.rs", include_str!("demo.rs")),
        SourceFile::new("mutation.rs", include_str!("../../../../components/src/editable_list/mutation.rs")),
    ],
    args: ARGS,
    seed: rows_seed,
    on_reference_server: true,
};

const ARGS: &[ArgDef] = &[
    ArgDef::new("label", "Label", "label", ArgKind::Text, "Groceries"),
    ROWS,
    LANG,
    SHORTCUTS,
    THEME,
];

fn groceries() -> Html {
    html! { <Groceries /> }
}

/// What most of the page's stories run.
const DEMO: Demo = Demo::new(register, groceries);

const STORIES: &[Story] = &[
    standard::default(
        DEMO,
        "the list loads, then every add, rename, tick, delete and move shows at once and is confirmed a moment later.",
        &[
            "Add an item, click a title to rename it, tick, move and delete rows.",
            "Each row shows Saving… until the server confirms it.",
        ],
    ),
    standard::optimistic(
        DEMO,
        "a slow server (2 s): the new item is in the list in the frame of the click, marked pending (data-state=pending), and confirmed when the server answers.",
        &[
            "Add an item: it appears at once with data-state=pending.",
            "Two seconds later it is confirmed.",
        ],
    ),
    standard::error(
        DEMO,
        "the server refuses every write (422): the row shows the refusal with Retry and Dismiss, and the change is rolled back. A 503 or a dropped connection is not a refusal: the row waits for the server and the change is sent again under its key.",
        &[
            "Add an item: it appears, then is rolled back with the server’s message.",
            "Set the failure rate to 0 % and press Retry.",
            "Press “Apply, then fail the next change” and add an item: the server applies it and answers 503; the row shows “Waiting for the server…”, the change is sent again under the same key and saved once.",
        ],
    ),
    standard::rollback(
        DEMO,
        "a failure while other edits are pending: only the failed change is rolled back; the edits still in flight stay on screen and are confirmed.",
        &[
            "Press “Fail the next request”, then add an item: that request is doomed.",
            "Within two seconds, tick two other rows.",
            "The add is rolled back alone; the ticks stay and are confirmed.",
        ],
    ),
    standard::concurrent(
        DEMO,
        "overlapping edits: changes to one row are serialised in its scope, changes to different rows run side by side, and no refetch lands between them.",
        &[
            "Tick the same row several times quickly: every click paints, the requests go one at a time.",
            "Tick different rows: their requests overlap.",
            "The list ends in the state of your last clicks; the server agrees.",
        ],
    ),
    standard::offline(
        Demo::new(offline::register, offline::render),
        "offline changes wait in a persisted queue (their rows stay pending), survive a reload, and are sent once, in order, when the network is back.",
        &[
            "Switch the controls to Offline, then add an item: it stays pending.",
            "Press Reload (a new QueryClient), or refresh the page: the persisted list and the queue come back from local storage; the item is still there, pending.",
            "Switch back Online: the item is confirmed, and the server applied it once.",
        ],
        SourceFile::new("offline.rs", include_str!("offline.rs")),
    ),
];
